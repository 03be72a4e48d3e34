// The Quire engine in memory, in Node, with SWAPI loaded: the specs of the demo's pure parts run
// its examples and its editor against the real generated API without a browser. Test-only glue
// over the engine's public entry points (storage Store, catalog, query engine).

import { readFileSync } from 'node:fs';
import { load } from '../../src/catalog/load.ts';
import { openCatalog } from '../../src/catalog/persist.ts';
import { createQueryEngine, type GraphQLResponse, type QueryEngine } from '../../src/query/engine.ts';
import { MemoryFile, Store } from '../../src/storage/index.ts';
import { DATA_URL } from './swapi.ts';

export const SCHEMA_SDL = readFileSync(new URL('../../public/swapi/schema.graphql', import.meta.url), 'utf8');

export async function swapiEngine(): Promise<QueryEngine> {
  const store = Store.open({ file: new MemoryFile(), wal: new MemoryFile() });
  let tx = store.begin();
  const { catalog } = openCatalog(tx, SCHEMA_SDL);
  tx.commit();
  tx = store.begin();
  await load(tx, catalog, JSON.parse(readFileSync(DATA_URL, 'utf8')) as Record<string, unknown>);
  tx.commit();
  return createQueryEngine({ catalog, store });
}

export type { GraphQLResponse, QueryEngine };
