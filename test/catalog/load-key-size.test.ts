// Loading references whose stored entries would be too long for a storage key: every position
// (inverse list, to-one, many-to-many, polymorphic to-one and list) is a BAD_USER_INPUT problem at
// the reference's path, in memory and spilled, and nothing is stored — never a raw storage error.
import { describe, expect, test } from 'vitest';
import { dump, loadInto, memoryDb } from './helpers.ts';
import type { LoadOptions, LoadSource } from '../../src/catalog/load.ts';

const SDL = `
type Planet { id: ID!  residents: [Person] }
type Person { id: ID!  homeworld: Planet  films: [Film] }
type Film { id: ID!  characters: [Person] }
interface Thing { id: ID! }
type Box implements Thing { id: ID! }
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
