// Loading references whose stored entries would be too long for a storage key: every position
// (inverse list, to-one, many-to-many, polymorphic to-one and list) is a BAD_USER_INPUT problem at
// the reference's path, in memory and spilled, and nothing is stored — never a raw storage error.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { dump, loadInto, memoryDb } from './helpers.ts';
import type { LoadOptions, LoadSource } from '../../src/catalog/load.ts';

const SDL = `
type Planet { id: ID!  name: String @unique  residents: [Person] }
type Person { id: ID!  tag: String @index  homeworld: Planet  films: [Film] }
type Film { id: ID!  characters: [Person] }
interface Thing { id: ID! }
type Box implements Thing { id: ID!  label: String @index(type: HASH) }
type Item { id: ID!  owner: Thing  contents: [Thing] }
`;

/** The load's error (it must fail): code, problems, and whether the store is as before. */
async function failure(seed: LoadSource | null, data: LoadSource, options: LoadOptions) {
  const d = memoryDb(SDL);
  if (seed) await loadInto(d.store, d.catalog, seed);
  const before = dump(d.store);
  try {
    await loadInto(d.store, d.catalog, data, options);
  } catch (e) {
    const err = e as { name?: string; message: string; extensions?: { code?: string; problems?: { path: string; message: string }[] } };
    return { code: err.extensions?.code ?? `${err.name}: ${err.message}`, problems: err.extensions?.problems, unchanged: dump(d.store) === before };
  }
  throw new Error('expected the load to fail');
}

const long = (c: string, n: number): string => c.repeat(n);
const tooLong = (field: string) => expect.stringContaining(`A reference of ${field} is too long to store as a key or index entry`);

const cases: [string, LoadSource, { path: string; message: unknown }][] = [
  ['an inverse-side reference too long alone (the reviewer\'s repro)', { Planet: [{ id: 'p1', residents: [long('x', 3000)] }] },
    { path: 'Planet[0].residents[0]', message: tooLong('residents') }],
  ['an inverse-side giver key and reference that fit alone but not together', { Planet: [{ id: long('p', 600), residents: [long('y', 600)] }], Person: [{ id: long('y', 600) }] },
    { path: 'Planet[0].residents[0]', message: tooLong('residents') }],
  ['a to-one whose FK entry is too long', { Planet: [{ id: long('p', 600) }], Person: [{ id: long('y', 600), homeworld: long('p', 600) }] },
    { path: 'Person[0]', message: expect.stringContaining('The value of Person.homeworld is too long') }],
  ['a many-to-many reference too long together with the key', { Film: [{ id: long('f', 600), characters: [long('y', 600)] }], Person: [{ id: long('y', 600) }] },
    { path: 'Film[0].characters[0]', message: tooLong('characters') }],
  ['a polymorphic to-one too long alone', { Item: [{ id: 'i', owner: long('b', 3000) }] },
    { path: 'Item[0].owner', message: `no Thing with key "${long('b', 3000)}" (a dangling reference)` }],
  ['a polymorphic to-one whose FK entry is too long', { Box: [{ id: long('b', 600) }], Item: [{ id: long('i', 600), owner: long('b', 600) }] },
    { path: 'Item[0].owner', message: expect.stringContaining('is too long to store') }],
  ['a polymorphic list reference too long together with the key', { Box: [{ id: long('b', 600) }], Item: [{ id: long('i', 600), contents: ['b0', long('b', 600)] }] },
    { path: 'Item[0].contents[1]', message: tooLong('contents') }],
];

describe('references too long to store are problems, not storage errors', () => {
  for (const [what, data, problem] of cases) {
    for (const bufferBytes of [undefined, 1]) {
      test(`${what}${bufferBytes ? ' (spilled)' : ''}`, async () => {
        for (const seed of [null, { Box: [{ id: 'b0' }], Planet: [{ id: 'seed' }] }]) {
          const r = await failure(seed, data, bufferBytes ? { bufferBytes } : {});
          expect(r.code).toBe('BAD_USER_INPUT');
          expect(r.problems).toContainEqual(problem);
          expect(r.unchanged).toBe(true);
        }
      });
    }
  }
});

describe('polymorphic references wait in a stream that may spill', () => {
  test('fields of a reference object beyond { type, id } never reach storage: in memory and spilled give the same database', async () => {
    const junk = { id: 'b0', note: Symbol('s'), f: () => 1, n: 1n };
    const typed = { __typename: 'Box', id: 'b0', extra: Symbol('t') };
    const dumps: string[] = [];
    for (const bufferBytes of [undefined, 1]) {
      const d = memoryDb(SDL);
      await loadInto(d.store, d.catalog, { Box: [{ id: 'b0' }], Item: [{ id: 'i', owner: junk, contents: [typed] }] }, bufferBytes ? { bufferBytes } : {});
      dumps.push(dump(d.store));
    }
    expect(dumps[1]).toBe(dumps[0]);
    const problems = await failure(null, { Item: [{ id: 'i', owner: { id: 'nope', x: Symbol('x') } }] }, { bufferBytes: 1 });
    expect(problems).toEqual({ code: 'BAD_USER_INPUT', problems: [{ path: 'Item[0].owner', message: 'no Thing with key {"id":"nope"} (a dangling reference)' }], unchanged: true });
  });
});

describe('generated data with keys, references and indexed values of every length', () => {
  // 600 bytes fit alone but not next to another such key; 1,100 bytes never fit.
  const key = fc.constantFrom('a', 'b', long('m', 600), long('n', 600), long('o', 1100));
  const value = fc.constantFrom('v', long('m', 600), long('o', 1100), null);
  const refs = fc.array(key, { maxLength: 2 });
  const data = fc.record({
    Planet: fc.array(fc.record({ id: key, name: value, residents: refs }, { requiredKeys: ['id'] }), { maxLength: 2 }),
    Person: fc.array(fc.record({ id: key, tag: value, homeworld: key, films: refs }, { requiredKeys: ['id'] }), { maxLength: 3 }),
    Film: fc.array(fc.record({ id: key, characters: refs }, { requiredKeys: ['id'] }), { maxLength: 2 }),
    Box: fc.array(fc.record({ id: key, label: value }, { requiredKeys: ['id'] }), { maxLength: 2 }),
    Item: fc.array(fc.record({ id: key, owner: key, contents: refs }, { requiredKeys: ['id'] }), { maxLength: 2 }),
  }, { requiredKeys: [] });

  /** Loads `file` (after `seed`): the rows it stored, or its problems with the store unchanged. */
  async function outcome(seed: LoadSource | null, file: Record<string, unknown[]>, bufferBytes?: number): Promise<string> {
    const d = memoryDb(SDL);
    if (seed) await loadInto(d.store, d.catalog, seed);
    const before = dump(d.store);
    try {
      const r = await loadInto(d.store, d.catalog, file, bufferBytes === undefined ? {} : { bufferBytes });
      for (const [type, records] of Object.entries(file)) expect(d.store.read((v) => v.count(`r:${type}`))).toBe(records.length + (seed && type === 'Box' ? 1 : 0));
      return `loaded ${JSON.stringify(r.rows)}\n${dump(d.store)}`;
    } catch (e) {
      const err = e as { extensions?: { code?: string; problems?: unknown[] } };
      expect(err.extensions?.code, String(e)).toBe('BAD_USER_INPUT');
      expect(err.extensions?.problems?.length, String(e)).toBeGreaterThan(0);
      expect(dump(d.store)).toBe(before);
      return JSON.stringify(err.extensions!.problems);
    }
  }

  test('every load stores all its rows or fails with coded problems and stores nothing; spilling changes nothing', async () => {
    await fc.assert(fc.asyncProperty(data, fc.boolean(), async (file, seeded) => {
      const seed = seeded ? { Box: [{ id: long('m', 600) }] } : null;
      expect(await outcome(seed, file, 1)).toBe(await outcome(seed, file));
    }), { numRuns: 150 });
  });
});
