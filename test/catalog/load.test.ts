// Loading (API.md §3): every load error with its path and message and nothing stored; the same
// data as an object, JSON text, NDJSON and chunked streams gives the same database; progress;
// generated data files (valid and broken) never crash the loader nor leave a partial load.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { dataset, dump, loadInto, loadProblems, memoryDb, validishSchemaArbitrary } from './helpers.ts';
import { detectFormat } from '../../src/catalog/records.ts';
import { catalogFromSDL } from '../../src/catalog/build.ts';
import type { Catalog, Column } from '../../src/catalog/model.ts';

const SDL = `
enum Side { LIGHT DARK }
type Planet { id: ID!  name: String! @unique  residents: [Person] }
type Person { id: ID!  name: String! @index  height: Int  side: Side  born: DateTime  homeworld: Planet  films: [Film] }
type Film { id: ID!  title: String! @index(type: HASH)  characters: [Person]  about: Named  mentions: [Named] }
interface Named { name: String }
type Ship implements Named { id: ID!  name: String  pilot: Person! }
`;

const good = {
  Planet: [{ id: 'p1', name: 'Tatooine' }, { id: 'p2', name: 'Alderaan', residents: ['leia'] }],
  Person: [
    { id: 'luke', name: 'Luke', height: 172, side: 'LIGHT', born: '1951-09-25T00:00:00Z', homeworld: 'p1', films: ['f1'] },
    { id: 'leia', name: 'Leia', homeworld: 'p2' },
  ],
  Film: [{ id: 'f1', title: 'A New Hope', characters: ['luke', 'leia'] }],
  Ship: [{ id: 's1', name: 'X-wing', pilot: 'luke' }],
};

function ndjson(data: Record<string, unknown[]>): string {
  return Object.entries(data).flatMap(([type, records]) => records.map((record) => JSON.stringify({ type, record }))).join('\n') + '\n';
}

function stream(text: string, cuts: number[]): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  let at = 0;
  const parts: Uint8Array[] = [];
  for (const p of [...points, bytes.length]) {
    parts.push(bytes.slice(at, p));
    at = p;
  }
  return new ReadableStream({
    pull(controller) {
      const next = parts.shift();
      if (next === undefined) controller.close();
      else controller.enqueue(next);
    },
  });
}

describe('valid data', () => {
  test('object, JSON text, NDJSON, chunked streams and async iterables give the same database', async () => {
    const reference = memoryDb(SDL);
    const result = await loadInto(reference.store, reference.catalog, good);
    expect(result.rows).toEqual({ Planet: 2, Person: 2, Film: 1, Ship: 1 });
    const expected = dump(reference.store);
    const text = JSON.stringify(good, null, 2);
    expect(detectFormat(text)).toBe('json');
    expect(detectFormat(ndjson(good))).toBe('ndjson');
    const variants: [string, () => unknown][] = [
      ['json text', () => text],
      ['ndjson', () => ndjson(good)],
      ['bytes', () => new TextEncoder().encode(text)],
      ['stream', () => stream(text, [1, 7, 50, 51, 200])],
      ['ndjson stream', () => stream(ndjson(good), [3, 90, 91])],
      ['async iterable', () => (async function* () { for (const ch of text.match(/[\s\S]{1,13}/g)!) yield ch; })()],
    ];
    for (const [what, source] of variants) {
      const d = memoryDb(SDL);
      await loadInto(d.store, d.catalog, source() as never);
      expect(dump(d.store), what).toBe(expected);
    }
  });

  test('any chunking of a stream loads the same rows', async () => {
    const { json } = dataset('starwars');
    const text = JSON.stringify(json);
    const ref = memoryDb(dataset('starwars').sdl);
    await loadInto(ref.store, ref.catalog, json);
    const expected = dump(ref.store);
    await fc.assert(fc.asyncProperty(fc.array(fc.nat(text.length), { maxLength: 30 }), async (cuts) => {
      const d = memoryDb(dataset('starwars').sdl);
      await loadInto(d.store, d.catalog, stream(text, cuts));
      expect(dump(d.store)).toBe(expected);
    }), { numRuns: 40 });
  });

  test('progress is reported for a progress bar', async () => {
    const { sdl, json } = dataset('swapi');
    const d = memoryDb(sdl);
    const seen: { phase: string; done: number; total: number | null }[] = [];
    await loadInto(d.store, d.catalog, json, { onProgress: (p) => seen.push({ ...p }) });
    const rows = Object.values(json).reduce((n, r) => n + r.length, 0);
    expect(seen.at(-1)).toEqual({ phase: 'done', done: rows, total: rows });
    const during = seen.filter((s) => s.phase === 'records');
    expect(during.length).toBeGreaterThan(0);
    for (const s of during) expect(s.total).toBe(rows);
    for (let i = 1; i < during.length; i++) expect(during[i].done).toBeGreaterThan(during[i - 1].done);
    // a stream reports records and bytes read
    const streamed: { done: number; bytes?: number; totalBytes?: number | null }[] = [];
    const text = JSON.stringify(json);
    const e = memoryDb(sdl);
    await loadInto(e.store, e.catalog, stream(text, [1000, 20000, 60000]), { totalBytes: new TextEncoder().encode(text).length, onProgress: (p) => p.phase === 'records' && streamed.push({ ...p }) });
    const withBytes = streamed.filter((p) => p.bytes !== undefined);
    expect(withBytes.at(-1)).toMatchObject({ bytes: new TextEncoder().encode(text).length, totalBytes: new TextEncoder().encode(text).length });
  });

  test('keys already in the database are duplicates; a second load of new rows may refer to old ones', async () => {
    const d = memoryDb(SDL);
    await loadInto(d.store, d.catalog, good);
    const problems = await loadProblems(d.store, d.catalog, { Planet: [{ id: 'p1', name: 'Other' }, { id: 'p3', name: 'Tatooine' }] });
    expect(problems).toEqual([
      { path: 'Planet[0].id', message: 'duplicate key "p1": a Planet with this key is already in the data or the database' },
      { path: 'Planet[1].name', message: expect.stringContaining('Unique constraint on field Planet.name violated: "Tatooine" is already used by "p1"') },
    ]);
    await loadInto(d.store, d.catalog, { Person: [{ id: 'han', name: 'Han', homeworld: 'p1' }] });
    expect(d.store.read((v) => v.count('r:Person'))).toBe(3);
  });
});

describe('every load error: code, path, message, nothing stored', () => {
  const cases: [string, unknown, { path: string; message: string }][] = [
    ['unknown type', { Droid: [{ id: '1' }] }, { path: 'Droid', message: 'unknown type "Droid"' }],
    ['interface as a type', { Named: [{ name: 'x' }] }, { path: 'Named', message: expect.stringContaining('"Named" is an interface') }],
    ['not a list', { Planet: { id: 'p' } }, { path: 'Planet', message: 'expected a list of Planet records' }],
    ['unknown field', { Planet: [{ id: 'p', name: 'P', size: 3 }] }, { path: 'Planet[0].size', message: 'Planet has no field "size"' }],
    ['wrong scalar', { Person: [{ id: 'a', name: 'A', height: '172' }] }, { path: 'Person[0].height', message: 'Int cannot represent "172"' }],
    ['Int out of range', { Person: [{ id: 'a', name: 'A', height: 2 ** 40 }] }, { path: 'Person[0].height', message: expect.stringContaining('outside the 32-bit range') }],
    ['bad enum', { Person: [{ id: 'a', name: 'A', side: 'GREY' }] }, { path: 'Person[0].side', message: 'Side has no value "GREY"' }],
    ['bad DateTime', { Person: [{ id: 'a', name: 'A', born: '25/09/1951' }] }, { path: 'Person[0].born', message: expect.stringContaining('DateTime cannot represent "25/09/1951"') }],
    ['missing non-null', { Planet: [{ id: 'p' }] }, { path: 'Planet[0].name', message: 'is required (String!) and has no @default' }],
    ['null non-null', { Planet: [{ id: 'p', name: null }] }, { path: 'Planet[0].name', message: 'must not be null (String!)' }],
    ['missing non-null to-one', { Ship: [{ id: 's', name: 'S' }] }, { path: 'Ship[0].pilot', message: expect.stringContaining('is required (Person!)') }],
    ['duplicate key in the file', { Planet: [{ id: 'p', name: 'A' }, { id: 'p', name: 'B' }] }, { path: 'Planet[1].id', message: expect.stringContaining('duplicate key "p"') }],
    ['duplicate unique value in the file', { Planet: [{ id: 'a', name: 'A' }, { id: 'b', name: 'A' }] }, { path: 'Planet[1].name', message: expect.stringContaining('"A" is already used by "a"') }],
    ['dangling to-one', { Person: [{ id: 'a', name: 'A', homeworld: 'nowhere' }] }, { path: 'Person[0].homeworld', message: 'no Planet with key "nowhere" (a dangling reference)' }],
    ['dangling to-many', { Film: [{ id: 'f', title: 'F', characters: ['a', 'ghost'] }], Person: [{ id: 'a', name: 'A' }] }, { path: 'Film[0].characters[1]', message: 'no Person with key "ghost" (a dangling reference)' }],
    ['dangling inverse', { Planet: [{ id: 'p', name: 'P', residents: ['ghost'] }] }, { path: 'Planet[0].residents[0]', message: 'no Person with key "ghost" (a dangling reference)' }],
    ['contradictory pair sides', { Planet: [{ id: 'p1', name: 'A', residents: ['a'] }, { id: 'p2', name: 'B' }], Person: [{ id: 'a', name: 'A', homeworld: 'p2' }] }, { path: 'Planet[0].residents[0]', message: 'contradicts Person "a", whose "homeworld" is "p2"' }],
    ['a record that is not an object', { Planet: [5] }, { path: 'Planet[0]', message: 'expected an object with the fields of Planet' }],
    ['a key too long to store', { Planet: [{ id: 'k'.repeat(2000), name: 'P' }] }, { path: 'Planet[0]', message: expect.stringContaining('The Planet key is too long to store') }],
    ['an indexed value too long to store', { Planet: [{ id: 'p', name: 'n'.repeat(2000) }] }, { path: 'Planet[0]', message: expect.stringContaining('The value of Planet.name is too long') }],
    ['a reference too long to store', { Person: [{ id: 'a', name: 'A', films: ['f'.repeat(2000)] }] }, { path: 'Person[0].films[0]', message: expect.stringContaining('A reference of films is too long') }],
    ['a bad reference value', { Person: [{ id: 'a', name: 'A', films: [true] }] }, { path: 'Person[0].films', message: 'expected a list of Film keys (IDs)' }],
  ];
  for (const [what, data, problem] of cases) {
    test(what, async () => {
      const d = memoryDb(SDL);
      await loadInto(d.store, d.catalog, { Planet: [{ id: 'seed', name: 'Seed' }] });
      const problems = await loadProblems(d.store, d.catalog, data as never);
      expect(problems).toContainEqual(problem);
    });
  }

  test('the error: BAD_USER_INPUT, the message names the first problems, at most 100 listed', async () => {
    const d = memoryDb(SDL);
    const data = { Person: Array.from({ length: 150 }, (_, i) => ({ id: `p${i}`, name: 'X', height: 'tall' })) };
    try {
      await loadInto(d.store, d.catalog, data);
      throw new Error('loaded');
    } catch (e) {
      const err = e as { message: string; extensions: { code: string; problems: { path: string }[] } };
      expect(err.extensions.code).toBe('BAD_USER_INPUT');
      expect(err.extensions.problems).toHaveLength(100);
      expect(err.extensions.problems[99].path).toBe('Person[99].height');
      expect(err.message).toBe('Invalid load data (100+ problems): Person[0].height: Int cannot represent "tall"; Person[1].height: Int cannot represent "tall"; Person[2].height: Int cannot represent "tall"; and 97 more');
    }
    expect(d.store.read((v) => v.count('r:Person'))).toBe(0);
  });

  test('malformed JSON text and bad NDJSON lines', async () => {
    const d = memoryDb(SDL);
    expect(await loadProblems(d.store, d.catalog, null as never)).toEqual([{ path: '(file)', message: expect.stringContaining('got null') }]);
    expect(await loadProblems(d.store, d.catalog, [1, 2] as never)).toEqual([{ path: '(file)', message: 'a stream of load data must yield strings or bytes' }]);
    expect(await loadProblems(d.store, d.catalog, '')).toEqual([{ path: '(file)', message: 'the JSON ends before the top-level object is closed' }]);
    expect(await loadProblems(d.store, d.catalog, '{"Planet": [{"id": "p", "name": }]}')).toEqual([{ path: '(file)', message: expect.stringContaining('malformed JSON in Planet') }]);
    expect(await loadProblems(d.store, d.catalog, '[1, 2]')).toEqual([{ path: '(file)', message: expect.stringContaining('expected a JSON object keyed by type name') }]);
    expect(await loadProblems(d.store, d.catalog, '{"Planet": []')).toEqual([{ path: '(file)', message: 'the JSON ends before the top-level object is closed' }]);
    const lines = '{"type":"Planet","record":{"id":"p","name":"P"}}\nnot json\n{"kind":"Planet"}\n';
    expect(await loadProblems(d.store, d.catalog, lines)).toEqual([
      { path: 'line 2', message: expect.stringContaining('not valid JSON') },
      { path: 'line 3', message: 'expected {"type": "<TypeName>", "record": {...}}' },
    ]);
  });
});

describe('generated data files never crash the loader nor leave a partial load', () => {
  // Keys, references and (unique, B-tree and hash indexed) values include ones too long to store
  // alone (1,100 bytes) and ones that fit alone but not next to another such key (600 bytes) —
  // every place a load writes a key: rows, to-ones, inverse lists, many-to-many, polymorphic ones.
  const long = fc.constantFrom('a'.repeat(600), 'a'.repeat(600), 'c'.repeat(1100));
  const id = fc.oneof({ weight: 2, arbitrary: fc.constantFrom('a', 'b', 'c', 'p1', 'p2', 'f1', 1, null) }, { weight: 1, arbitrary: long });
  const value = fc.oneof(fc.string({ maxLength: 4 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constantFrom('LIGHT', 'DARK', '2000-01-01T00:00:00Z'), long);
  const person = fc.record({ id, name: fc.oneof(fc.constantFrom('A', 'B'), value), height: fc.oneof(fc.integer({ min: 0, max: 300 }), value), side: value, homeworld: id, films: fc.array(id, { maxLength: 3 }), extra: value }, { requiredKeys: ['id'] });
  const planet = fc.record({ id, name: fc.oneof(fc.constantFrom('T', 'U'), value), residents: fc.array(id, { maxLength: 3 }) }, { requiredKeys: ['id'] });
  const film = fc.record({ id, title: fc.oneof({ weight: 3, arbitrary: fc.constant('F') }, { weight: 1, arbitrary: value }), characters: fc.array(id, { maxLength: 3 }), about: id, mentions: fc.array(id, { maxLength: 2 }) });
  const ship = fc.record({ id, name: fc.oneof({ weight: 3, arbitrary: fc.constant('S') }, { weight: 1, arbitrary: value }), pilot: id });
  const data = fc.record({ Person: fc.array(person, { maxLength: 5 }), Planet: fc.array(planet, { maxLength: 3 }), Film: fc.array(film, { maxLength: 2 }), Ship: fc.array(ship, { maxLength: 2 }), Bogus: fc.array(fc.anything(), { maxLength: 1 }) }, { requiredKeys: [] });
  /** The outcome of loads one after the other: each one's problems (or none), and the database they leave. */
  async function outcome(files: unknown[], bufferBytes?: number): Promise<string> {
    const d = memoryDb(SDL);
    const out: string[] = [];
    for (const file of files) {
      try {
        await loadInto(d.store, d.catalog, file as never, bufferBytes === undefined ? {} : { bufferBytes });
        out.push('loaded');
      } catch (e) {
        out.push(JSON.stringify((e as { extensions?: { problems?: unknown } }).extensions?.problems ?? String(e)));
      }
    }
    return [...out, dump(d.store)].join('\n');
  }

  test('spilling the sorted streams at any budget (down to one entry per run) changes neither the database nor the problems, into an empty or a loaded database', async () => {
    // records without a key get a generated (time-based) one: give them fixed keys so two loads compare
    const keyed = (file: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(Object.entries(file).map(([type, records]) => [type, Array.isArray(records)
      ? records.map((r, i) => (r !== null && typeof r === 'object' && (r as { id?: unknown }).id == null ? { ...r, id: `k${i}` } : r)) : records]));
    await fc.assert(fc.asyncProperty(fc.array(data.map(keyed), { minLength: 1, maxLength: 2 }), fc.constantFrom(1, 100, 400), async (files, bufferBytes) => {
      expect(await outcome(files, bufferBytes)).toBe(await outcome(files));
    }), { numRuns: 100 });
  });

  test('each file loads completely or stores nothing, with only BAD_USER_INPUT errors', async () => {
    await fc.assert(fc.asyncProperty(data, fc.boolean(), async (file, asText) => {
      const d = memoryDb(SDL);
      const before = dump(d.store);
      try {
        const r = await loadInto(d.store, d.catalog, asText ? JSON.stringify(file) : file);
        for (const [type, records] of Object.entries(file)) if (type !== 'Bogus') expect(d.store.read((v) => v.count(`r:${type}`))).toBe((records as unknown[]).length);
        expect('Bogus' in file).toBe(false);
        expect(r.rows).toEqual(Object.fromEntries(Object.entries(file).filter(([, r]) => (r as unknown[]).length).map(([t, r]) => [t, (r as unknown[]).length])));
      } catch (e) {
        const err = e as { extensions?: { code?: string; problems?: unknown[] } };
        expect(err.extensions?.code, String(e)).toBe('BAD_USER_INPUT');
        expect(err.extensions!.problems!.length).toBeGreaterThan(0);
        expect(dump(d.store)).toBe(before);
      }
    }), { numRuns: 150 });
  });
});

describe('generated schemas with generated data', () => {
  /** Too long to store alone, or only next to another such key (indexed values, keys and references). */
  const longKey = fc.constantFrom('x'.repeat(600), 'y'.repeat(600), 'z'.repeat(1100));
  function valueFor(c: Column, catalog: Catalog): fc.Arbitrary<unknown> {
    const scalar: Record<string, fc.Arbitrary<unknown>> = {
      Int: fc.integer({ min: -1000, max: 1000 }), Float: fc.double({ noNaN: true, noDefaultInfinity: true }), String: fc.oneof({ weight: 6, arbitrary: fc.string({ maxLength: 5 }) }, { weight: 1, arbitrary: longKey }),
      Boolean: fc.boolean(), ID: fc.oneof({ weight: 6, arbitrary: fc.string({ maxLength: 3 }) }, { weight: 1, arbitrary: longKey }), JSON: fc.jsonValue({ maxDepth: 2 }), Custom: fc.jsonValue({ maxDepth: 2 }),
      DateTime: fc.date({ min: new Date(-1e12), max: new Date(4e12), noInvalidDate: true }).map((d) => d.toISOString()),
      Enum: fc.constantFrom(...(catalog.enums[c.typeName]?.values.map((v) => v.name) ?? ['X'])),
    };
    const one = scalar[c.kind];
    const valid = c.list ? fc.array(one, { maxLength: 3 }) : one;
    return fc.oneof({ weight: 8, arbitrary: valid }, { weight: 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom('junk', 2 ** 40, { no: 1 }, [[1]]) });
  }

  test('load completely or store nothing, never crash', async () => {
    let loaded = 0;
    await fc.assert(fc.asyncProperty(validishSchemaArbitrary, fc.gen(), async (sdl, g) => {
      let catalog: Catalog;
      try {
        catalog = catalogFromSDL(sdl);
      } catch {
        return; // invalid schemas are build.test.ts's business
      }
      const d = memoryDb(sdl);
      const keys: Record<string, (string | number)[]> = {};
      for (const e of Object.values(catalog.entities))
        keys[e.name] = (e.key.kind === 'Int' ? g(fc.uniqueArray, fc.integer({ min: 1, max: 5 }), { maxLength: 3 }) : g(fc.uniqueArray, fc.oneof({ weight: 4, arbitrary: fc.constantFrom('1', '2', '3', '4') }, { weight: 1, arbitrary: longKey }), { maxLength: 3 })) as (string | number)[];
      const data: Record<string, Record<string, unknown>[]> = {};
      for (const e of Object.values(catalog.entities)) {
        data[e.name] = keys[e.name].map((k) => {
          const r: Record<string, unknown> = { [e.key.field]: k };
          for (const c of Object.values(e.columns)) if (c.slot !== -1 && g(fc.boolean)) r[c.name] = g(() => valueFor(c, catalog));
          for (const rel of Object.values(e.relations)) {
            if (!g(fc.boolean)) continue;
            const pool = rel.targetEntities.flatMap((t) => keys[t] ?? []);
            const ref = fc.oneof({ weight: 5, arbitrary: pool.length ? fc.constantFrom(...pool) : fc.constant('none') }, { weight: 1, arbitrary: fc.constant('dangling') });
            r[rel.name] = rel.list ? g(fc.uniqueArray, ref, { maxLength: 3 }) : g(() => ref);
          }
          return r;
        });
      }
      const before = dump(d.store);
      try {
        await loadInto(d.store, catalog, data);
        loaded++;
        for (const [type, records] of Object.entries(data)) expect(d.store.read((v) => v.count(`r:${type}`))).toBe(records.length);
      } catch (e) {
        const err = e as { extensions?: { code?: string; problems?: unknown[] } };
        expect(err.extensions?.code, String(e)).toBe('BAD_USER_INPUT');
        expect(err.extensions!.problems?.length, String(e)).toBeGreaterThan(0);
        expect(dump(d.store)).toBe(before);
      }
    }), { numRuns: 200 });
    expect(loaded).toBeGreaterThan(0);
  });
});

describe('one-to-one pairs', () => {
  const ONE = 'type User { id: ID!  profile: Profile }\ntype Profile { id: ID!  user: User }';
  test('both sides merge; a side that contradicts the other is a problem at its path', async () => {
    const ok = memoryDb(ONE);
    await loadInto(ok.store, ok.catalog, { User: [{ id: 'u1', profile: 'p1' }, { id: 'u2' }], Profile: [{ id: 'p1', user: 'u1' }, { id: 'p2' }] });
    const bad1 = memoryDb(ONE);
    expect(await loadProblems(bad1.store, bad1.catalog, { User: [{ id: 'u1' }, { id: 'u2', profile: 'p1' }], Profile: [{ id: 'p1', user: 'u1' }] }))
      .toEqual([{ path: 'User[1].profile', message: 'contradicts Profile "p1", whose "user" is "u1"' }]);
    const bad2 = memoryDb(ONE);
    const problems = await loadProblems(bad2.store, bad2.catalog, { User: [{ id: 'u1', profile: 'p2' }], Profile: [{ id: 'p1', user: 'u1' }, { id: 'p2' }] });
    expect(problems).toEqual([{ path: 'User[0].profile', message: expect.stringContaining('contradicts the other side of the relationship: Unique constraint on field Profile.user (one-to-one) violated') }]);
  });
});
