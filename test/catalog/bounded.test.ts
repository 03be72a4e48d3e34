// Loads in bounded memory (catalog README, "Loading"): a streamed NDJSON load of tens of thousands
// of generated records (about 260,000 sorted entries at the larger size) keeps its working memory's high-water marks (the loader's own counters, not
// time or GC samples) under a bound fixed by the schema and the budget — the same bound at four
// times the records — while the result equals an unspilled load's; a problem in the very last
// record stores nothing.
import { describe, expect, test } from 'vitest';
import { dump, loadInto, memoryDb } from './helpers.ts';
import { FAN_IN } from '../../src/catalog/runs.ts';
import type { LoadResult } from '../../src/catalog/load.ts';

const SDL = `
type Planet { id: ID!  name: String! @unique  residents: [Person] }
type Person { id: ID!  name: String! @index  height: Int  eyes: String @index(type: HASH)  homeworld: Planet  films: [Film] }
type Film { id: ID!  title: String!  characters: [Person] }
`;
const FILMS = 12;
const BUDGET = 64 << 10;

/**
 * NDJSON lines for `people` people (keys in a scrambled order, so every stream needs sorting),
 * their planets and films, made while the load reads them: the whole text never exists at once.
 * Every tenth planet names its residents (the to-one from the inverse side); `lastHomeworld`
 * overrides the very last record's homeworld.
 */
async function* ndjson(people: number, lastHomeworld?: string): AsyncGenerator<string> {
  const planets = Math.max(1, Math.floor(people / 100));
  const personId = (i: number): string => `p${(i * 7919) % people}`;
  const lines: string[] = [];
  const flush = function* (): Generator<string> {
    if (lines.length) yield `${lines.join('\n')}\n`;
    lines.length = 0;
  };
  for (let f = 0; f < FILMS; f++) lines.push(JSON.stringify({ type: 'Film', record: { id: `f${f}`, title: `Film ${f}` } }));
  for (let p = 0; p < planets; p++) {
    const residents = p % 10 === 0 ? Array.from({ length: 5 }, (_, k) => `p${p + k * planets}`) : undefined;
    lines.push(JSON.stringify({ type: 'Planet', record: { id: `w${(p * 31) % planets}`, name: `Planet ${p}`, ...(residents ? { residents } : {}) } }));
  }
  for (let i = 0; i < people; i++) {
    const id = personId(i);
    const n = Number(id.slice(1));
    const homeworld = i === people - 1 && lastHomeworld !== undefined ? lastHomeworld : `w${(n % planets * 31) % planets}`;
    lines.push(JSON.stringify({ type: 'Person', record: { id, name: `Person ${n}`, height: n % 250, eyes: ['blue', 'brown', 'green'][n % 3], homeworld, films: [`f${n % FILMS}`, `f${(n * 7) % FILMS}`] } }));
    if (lines.length >= 500) yield* flush();
  }
  yield* flush();
}

/** The bound the README promises: the budget plus one entry, FAN_IN runs per stream, FAN_IN runs and the buffer per merged stream. */
function expectBounded(r: LoadResult): void {
  const s = r.stats;
  expect(s.budgetBytes).toBe(BUDGET);
  expect(s.peakBufferedBytes).toBeLessThanOrEqual(BUDGET + 1024);
  expect(s.peakRuns).toBeLessThanOrEqual(s.streams * (FAN_IN + 1));
  expect(s.peakFanIn).toBeLessThanOrEqual(3 * (FAN_IN + 1));
}

describe('bounded memory', () => {
  test('high-water marks stay under the same bound at 8,000 and 32,000 people; the spilled load equals an unspilled one', async () => {
    const small = memoryDb(SDL);
    const a = await loadInto(small.store, small.catalog, ndjson(8_000) as never, { bufferBytes: BUDGET });
    const large = memoryDb(SDL);
    const b = await loadInto(large.store, large.catalog, ndjson(32_000) as never, { bufferBytes: BUDGET });
    expect(b.rows).toEqual({ Film: FILMS, Planet: 320, Person: 32_000 });
    expect(b.links).toBe(32_000 * 2 - [...Array(32_000).keys()].filter((n) => n % FILMS === (n * 7) % FILMS).length);
    for (const r of [a, b]) expectBounded(r);
    // both loads spilled (runs merged in several levels at the larger size), and the marks did not grow with the records
    expect(a.stats.runsWritten).toBeGreaterThan(FAN_IN);
    expect(b.stats.runsWritten).toBeGreaterThan(3 * a.stats.runsWritten);
    expect(b.stats.peakBufferedEntries).toBeLessThanOrEqual(BUDGET / 48);
    // no scratch tree is left behind, and the database is the one an in-memory (unspilled) load makes
    const reference = memoryDb(SDL);
    const unspilled = await loadInto(reference.store, reference.catalog, ndjson(8_000) as never, { bufferBytes: 1 << 30 });
    expect(unspilled.stats.runsWritten).toBe(0);
    expect(dump(small.store)).toBe(dump(reference.store));
    expect(small.store.trees().filter((t) => t.startsWith('quire:load:'))).toEqual([]);
  }, 60_000);

  test('a dangling reference in the last of 8,000 people: BAD_USER_INPUT at its path, nothing stored', async () => {
    const d = memoryDb(SDL);
    const before = dump(d.store);
    const error = await loadInto(d.store, d.catalog, ndjson(8_000, 'nowhere') as never, { bufferBytes: BUDGET }).catch((e: unknown) => e);
    const err = error as { extensions?: { code?: string; problems?: { path: string; message: string }[] } };
    expect(err.extensions?.code).toBe('BAD_USER_INPUT');
    expect(err.extensions?.problems).toEqual([{ path: 'Person[7999].homeworld', message: 'no Planet with key "nowhere" (a dangling reference)' }]);
    expect(dump(d.store)).toBe(before);
  }, 60_000);
});
