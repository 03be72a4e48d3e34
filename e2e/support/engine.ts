// Quire in memory, in Node, with SWAPI loaded, through its public Node API (`quire/node`): the specs
// of the demo's pure parts run its examples and its editor against the real generated API without
// a browser. Test-only.

import { readFileSync } from 'node:fs';
import { openDatabase, type NodeDatabase } from '../../src/node/index.ts';
import { DATA_URL } from './swapi.ts';

export const SCHEMA_SDL = readFileSync(new URL('../../public/swapi/schema.graphql', import.meta.url), 'utf8');

export async function swapiDatabase(): Promise<NodeDatabase> {
  const db = await openDatabase({ memory: true, schema: SCHEMA_SDL });
  await db.load(readFileSync(DATA_URL, 'utf8'));
  return db;
}

export type { NodeDatabase };
