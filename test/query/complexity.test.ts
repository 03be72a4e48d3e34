// Hostile documents against the complexity limit: fragments that fan out exponentially are costed in
// linear time and refused with QUERY_TOO_COMPLEX, never a hang; honest documents stay within it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type NodeDatabase } from '../../src/node/index.ts';

const sdl = readFileSync(join(import.meta.dirname, '../../../shared/data/swapi/schema.graphql'), 'utf8');
let db: NodeDatabase;
beforeAll(async () => {
  db = await openDatabase({ memory: true, schema: sdl });
});
afterAll(() => db.close());

/** `fragment F0 on Person { name }`, each Fi spreading F(i-1) twice through a list: 2^n paths. */
function fanOut(levels: number, throughList: boolean): string {
  const parts = ['fragment F0 on Person { name }'];
  for (let i = 1; i <= levels; i++) {
    parts.push(throughList ? `fragment F${i} on Person { films { characters { ...F${i - 1} } } a${i}: name ...F${i - 1} }` : `fragment F${i} on Person { ...F${i - 1} b${i}: name ...F${i - 1} }`);
  }
  return `{ people(first: 1) { ...F${levels} } } ${parts.join(' ')}`;
}

describe('the complexity limit', () => {
  it('estimates a 60-level fragment fan-out without hanging and refuses it with QUERY_TOO_COMPLEX', async () => {
    const result = await db.query(fanOut(60, true));
    expect(result.data ?? null).toBeNull();
    expect(result.errors![0]!.extensions!.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('a 40-level fan-out of plain fields (2^40 paths, no lists) is estimated at once and refused', async () => {
    const result = await db.query(fanOut(40, false));
    expect(result.errors![0]!.extensions!.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('a small fan-out of plain fields is within the limit and runs', async () => {
    const result = await db.query(fanOut(8, false));
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ people: [] });
  });
});
