// The shared decoded-row cache kept across commits, beyond test/query/rowcache.test.ts: cached
// engines (default budget, and budgets of 1–40 rows and lists, warmed or not) against one keeping
// nothing, over the same store, under writes made through them, through another engine and around
// them, with checkpoints — over polymorphic edges and to-ones, union to-manys, self relations
// (SET_NULL, CASCADE chains, a self-paired many-to-many), hash and unique indexes, Int keys (negative,
// extreme) and odd string keys as parents of FK and edge lists, bulk mutations and upserts, spilling
// transactions and checkpointing commits; the Database paths (a streaming load with reads during it,
// checkpoint, exportSnapshot, migrate); and a read after a warm that filled the budget evicting nothing.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createQueryEngine, type QueryEngine } from '../../src/query/engine.ts';
import { MemoryFile, Store } from '../../src/storage/index.ts';
import { openDatabase } from '../../src/node/index.ts';
import { countingStore, installTestData, swapiData, swapiSdl } from './fixtures.ts';

describe('the warm and the budget', () => {
  // The warm fills the shared tables up to exactly `budget` rows (and lists); eviction starts only
  // past it, so the first read after a load keeps everything the warm decoded (it once evicted at
  // the budget itself: the oldest eighth of every warmed table, read again).
  it('a read after a warm that filled the budget keeps what the warm decoded (no storage read for warmed rows)', async () => {
    const store = Store.open({ file: new MemoryFile(), wal: new MemoryFile() });
    const catalog = await installTestData(store, swapiSdl, swapiData);
    // A budget the warm fills exactly: every table but the largest (whole tables only, smallest first).
    const sizes = Object.values(swapiData).map((rows) => rows.length).sort((a, b) => a - b);
    const budget = sizes.slice(0, -1).reduce((n, k) => n + k, 0);
    const { store: counted, reads } = countingStore(store);
    const engine = createQueryEngine({ catalog, store: counted, options: { resultCacheSize: 0, rowCacheSize: budget } });
    engine.warm();
    const warmed = engine.stats();
    expect(warmed.sharedRows).toBe(budget);
    const films = (swapiData['Film'] as { id: string }[]).map((f) => f.id);
    reads.n = 0;
    const r = engine.execute({ query: `{ films(where: { id: { in: ${JSON.stringify(films)} } }) { id title } }` });
    expect(r.errors).toBeUndefined();
    expect(reads.n, 'storage reads for films the warm decoded').toBe(0);
    const after = engine.stats();
    expect({ rows: after.sharedRows, lists: after.sharedLists }).toEqual({ rows: warmed.sharedRows, lists: warmed.sharedLists });
  });
});

const sdl = `
interface Named { id: ID! name: String }
type Cat implements Named { id: ID! name: String lives: Int @index owner: Person @relation(inverse: "cats", onDelete: SET_NULL) friends: [Named] }
type Dog implements Named { id: ID! name: String good: Boolean owner: Person @relation(inverse: "dogs", onDelete: CASCADE) toys: [Toy] }
union Pet = Cat | Dog
type Toy { id: ID! label: String holder: Named }
type Club { id: ID! title: String members: [Person] @relation(inverse: "clubs") }
type Person { id: ID! name: String @index(type: HASH) age: Int cats: [Cat] dogs: [Dog] pets: [Pet] parent: Person @relation(inverse: "kids", onDelete: SET_NULL) kids: [Person]
  follows: [Person] box: Box clubs: [Club] friends: [Person] @relation(inverse: "friendOf") friendOf: [Person] }
type Box { n: Int! @id label: String @unique people: [Person] }
`;
const P = ['p1', 'p2', 'p3', 'p4'];
const C = ['c1', 'c2', 'c3'];
const D = ['d1', 'd2'];
const T = ['t1', 't2'];
const K = ['k1', 'k2'];
const B = [1, 2, 3];
const q = JSON.stringify;
const data = {
  Box: [{ n: 1, label: 'one' }, { n: 2, label: 'two' }],
  Person: [{ id: 'p1', name: 'a', age: 1, box: 1 }, { id: 'p2', name: 'b', age: 2, parent: 'p1', box: 1, follows: ['p1', 'p2'], friends: ['p1'] }, { id: 'p3', name: 'a', age: 3, parent: 'p1' }],
  Cat: [{ id: 'c1', name: 'tom', lives: 9, owner: 'p1', friends: [{ type: 'Dog', id: 'd1' }] }, { id: 'c2', name: 'kit', lives: 3, owner: 'p2' }],
  Dog: [{ id: 'd1', name: 'rex', good: true, owner: 'p1', toys: ['t1'] }],
  Toy: [{ id: 't1', label: 'ball', holder: { type: 'Cat', id: 'c1' } }],
  Club: [{ id: 'k1', title: 'x', members: ['p1', 'p2'] }],
};

const reads = [
  `{ people { id name age parent { id name } kids { id } cats { id lives } dogs { id } pets { __typename ... on Named { id } } follows { id } box { n label } clubs { id } friends { id } friendOf { id } } }`,
  `{ cats { id lives owner { id cats { id } } friends { __typename ... on Named { id name } } } }`,
  `{ dogs { id owner { id dogs { id } } toys { id label } } }`,
  `{ toys { id holder { __typename ... on Named { id name } } } }`,
  `{ boxes { n label people { id box { n } } } }`,
  `{ clubs { id members { id clubs { id } } } }`,
  `{ nameds { id name } }`,
  ...P.map((p) => `{ person(id: ${q(p)}) { id name age } }`),
  ...P.map((p) => `{ x: person(id: ${q(p)}) { id parent { id } kids { id } follows { id } friendOf { id } } }`),
  ...B.map((b) => `{ box(n: ${b}) { n label } }`),
  ...B.map((b) => `{ peopleAggregate(where: { box: { n: { eq: ${b} } } }) { count sum { age } } }`),
  ...B.map((b) => `{ people(where: { box: { n: { eq: ${b} } } }) { id } }`),
  ...P.map((p) => `{ catsAggregate(where: { owner: { id: { eq: ${q(p)} } } }) { count sum { lives } } }`),
  ...P.map((p) => `{ cats(where: { owner: { id: { eq: ${q(p)} } } }) { id } }`),
  ...C.map((c) => `{ named(id: ${q(c)}) { id name } }`),
  ...D.map((c) => `{ named(id: ${q(c)}) { __typename id name } }`),
  `{ cats(where: { lives: { gte: 3 } }) { id lives } }`,
  `{ people(where: { name: { eq: "a" } }) { id } }`,
  `{ people(where: { id: { in: ${q(P)} } }) { id name } }`,
  `{ catsConnection(orderBy: [{ lives: DESC }], first: 2) { edges { cursor node { id lives } } pageInfo { hasNextPage } totalCount } }`,
  `{ people(orderBy: [{ age: DESC }], first: 3, offset: 1) { id age } }`,
  `{ peopleConnection(where: { box: { n: { eq: 1 } } }, first: 2) { nodes { id } totalCount } }`,
  `{ people(where: { cats: { some: { lives: { gt: 3 } } } }) { id } }`,
  `{ people(where: { parent: { name: { eq: "a" } } }) { id } }`,
  `{ people(where: { kids: { none: {} }, box: {} }) { id kids { id } } }`,
  `{ boxes(where: { people: { every: { age: { gt: 2 } } } }) { n peopleAggregate { count max { age } } } }`,
  `{ catsAggregate { count min { lives } max { name } } dogsAggregate { count } }`,
];

let n = 0;
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });
const write: fc.Arbitrary<string> = fc.oneof(
  fc.record({ id: fc.constantFrom(...P), parent: opt(fc.constantFrom(...P)), box: opt(fc.constantFrom(...B)), f: fc.subarray(P), fr: fc.subarray(P), cl: fc.subarray(K) })
    .map(({ id, parent, box, f, fr, cl }) => `mutation { createPerson(data: { id: ${q(id)}, name: "a", age: ${n++}, parent: ${q(parent)}, box: ${box}, follows: ${q(f)}, friends: ${q(fr)}, clubs: ${q(cl)} }) { id } }`),
  fc.record({ id: fc.constantFrom(...P), parent: opt(fc.constantFrom(...P)), box: opt(fc.constantFrom(...B)) })
    .map(({ id, parent, box }) => `mutation { updatePerson(id: ${q(id)}, data: { parent: ${q(parent)}, box: ${box}, age: ${n++} }) { id } }`),
  fc.record({ id: fc.constantFrom(...P), rel: fc.constantFrom('follows', 'friends', 'friendOf', 'clubs', 'kids', 'cats', 'dogs'), op: fc.constantFrom('add', 'remove', 'set'), to: fc.subarray([...P, ...C, ...D, ...K]) })
    .map(({ id, rel, op, to }) => `mutation { updatePerson(id: ${q(id)}, data: { ${rel}: { ${op}: ${q(to)} } }) { id } }`),
  fc.record({ id: fc.constantFrom(...P), name: fc.constantFrom('a', 'b') }).map(({ id, name }) => `mutation { upsertPerson(data: { id: ${q(id)}, name: ${q(name)}, age: ${n++} }) { id } }`),
  fc.constantFrom(...P).map((id) => `mutation { deletePerson(id: ${q(id)}) { id } }`),
  fc.array(fc.record({ id: fc.constantFrom(...P), parent: opt(fc.constantFrom(...P)), box: opt(fc.constantFrom(...B)) }), { maxLength: 3 })
    .map((ps) => `mutation { createPeople(data: [${ps.map(({ id, parent, box }) => `{ id: ${q(id)}, name: "b", parent: ${q(parent)}, box: ${box} }`).join(', ')}]) { id } }`),
  fc.constantFrom(...B).map((b) => `mutation { deleteBoxes(where: { n: { lte: ${b} } }) { n } }`),
  fc.constantFrom(...B).map((b) => `mutation { createBox(data: { n: ${b}, label: "L${b}", people: ${q(P)} }) { n } }`),
  fc.constantFrom(...P).map((id) => `mutation { deletePeople(where: { parent: { id: { eq: ${q(id)} } } }) { id } }`),
  fc.constantFrom('a', 'b').map((nm) => `mutation { updatePeople(where: { name: { eq: ${q(nm)} } }, data: { box: 2, age: ${n++} }) { id } }`),
  fc.record({ id: fc.constantFrom(...C), owner: opt(fc.constantFrom(...P)), lives: fc.integer({ min: 0, max: 9 }) })
    .map(({ id, owner, lives }) => `mutation { upsertCat(data: { id: ${q(id)}, name: "c", lives: ${lives}, owner: ${q(owner)} }) { id } }`),
  fc.record({ id: fc.constantFrom(...C), op: fc.constantFrom('add', 'remove', 'set'), to: fc.subarray([...C, ...D]) })
    .map(({ id, op, to }) => `mutation { updateCat(id: ${q(id)}, data: { friends: { ${op}: ${q(to)} } }) { id } }`),
  fc.record({ id: fc.constantFrom(...P), op: fc.constantFrom('add', 'remove', 'set'), to: fc.subarray([...C, ...D]) })
    .map(({ id, op, to }) => `mutation { updatePerson(id: ${q(id)}, data: { pets: { ${op}: ${q(to)} } }) { id } }`),
  fc.constantFrom(...C).map((id) => `mutation { deleteCat(id: ${q(id)}) { id } }`),
  fc.record({ id: fc.constantFrom(...D), owner: opt(fc.constantFrom(...P)), toys: fc.subarray(T) })
    .map(({ id, owner, toys }) => `mutation { createDog(data: { id: ${q(id)}, name: "d", owner: ${q(owner)}, toys: ${q(toys)} }) { id } }`),
  fc.constantFrom(...D).map((id) => `mutation { deleteDog(id: ${q(id)}) { id } }`),
  fc.record({ id: fc.constantFrom(...T), h: opt(fc.constantFrom(...C.map((c) => ['Cat', c]), ...D.map((d) => ['Dog', d]))) })
    .map(({ id, h }) => `mutation { upsertToy(data: { id: ${q(id)}, label: "t", holder: ${h ? q(h[1]) : 'null'} }) { id } }`),
  fc.constantFrom(...T).map((id) => `mutation { deleteToy(id: ${q(id)}) { id } }`),
  fc.record({ id: fc.constantFrom(...K), m: fc.subarray(P) }).map(({ id, m }) => `mutation { upsertClub(data: { id: ${q(id)}, title: "k", members: ${q(m)} }) { id } }`),
  fc.constantFrom(...K).map((id) => `mutation { deleteClub(id: ${q(id)}) { id } }`),
  fc.record({ b: fc.constantFrom(...B), l: fc.constantFrom('one', 'two', 'three', 'x') }).map(({ b, l }) => `mutation { upsertBox(data: { n: ${b}, label: ${q(l)} }) { n } }`),
  fc.constantFrom(...B).map((b) => `mutation { deleteBox(n: ${b}) { n } }`),
  fc.record({ b: fc.constantFrom(...B), p: fc.subarray(P) }).map(({ b, p }) => `mutation { updateBox(n: ${b}, data: { people: { set: ${q(p)} } }) { n } }`),
  fc.constant('checkpoint'),
);

const sdl2 = `
type A { id: Int! @id v: Int @index b: B @relation(inverse: "as") cs: [C] @relation(inverse: "as") up: A @relation(inverse: "downs", onDelete: CASCADE) downs: [A] }
type B { id: String! @id w: Int as: [A] }
type C { id: ID! x: Int as: [A] }
`;
const AK = [-3, -1, 0, 1, 2, 5, 17, 2 ** 31 - 1, -(2 ** 31), 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55];
const BK = ['', '\u0000', 'a', 'é', '\u{1F600}', '\uFFFF', '5', 'zz'];
const CK = ['1', '2', '10', 'x', '\u0001'];

describe('every read equals an engine keeping nothing', () => {
  it('polymorphic, union and self relations, hash and unique indexes, Int-keyed parents, bulk writes, spills and auto-checkpoints; through this engine, others and checkpoints', async () => {
    await fc.assert(fc.asyncProperty(fc.array(fc.tuple(write, fc.nat(5), fc.boolean()), { minLength: 1, maxLength: 12 }), fc.boolean(), fc.constantFrom(1, 200, 4000, undefined), async (steps, warm, mem) => {
      const store = Store.open({ file: new MemoryFile(), wal: new MemoryFile(), ...(mem ? { memtableBytes: mem } : {}) });
      const catalog = await installTestData(store, sdl, data);
      const db = { store, catalog, engine: createQueryEngine({ catalog, store, options: { resultCacheSize: 0 } }) };
      const fresh = createQueryEngine({ catalog: db.catalog, store: db.store, options: { resultCacheSize: 0, rowCacheSize: 0 } });
      const engines: QueryEngine[] = [db.engine, ...[1, 2, 3, 7, 40].map((b) => createQueryEngine({ catalog: db.catalog, store: db.store, options: { resultCacheSize: 0, rowCacheSize: b } }))];
      if (warm) for (const e of engines) e.warm();
      for (const r of reads) for (const e of engines) e.execute({ query: r });
      const log: string[] = [];
      for (const [w, by, check] of steps) {
        if (w === 'checkpoint') {
          const from = db.store.version;
          db.store.checkpoint();
          for (const e of engines) e.notifyCommit([], from);
        } else {
          const r = engines[by]!.execute({ query: w });
          log.push(`${w} via ${by}: ${r.errors ? r.errors[0]!.message : 'ok'}`);
        }
        if (!check) continue;
        for (const r of reads) {
          const want = fresh.execute({ query: r });
          engines.forEach((e, i) => expect(e.execute({ query: r }), `${log.join('\n')}\nengine ${i}: ${r}`).toEqual(want));
        }
      }
      for (const r of reads) {
        const want = fresh.execute({ query: r });
        engines.forEach((e, i) => expect(e.execute({ query: r }), `${log.join('\n')}\nengine ${i}: ${r}`).toEqual(want));
      }
    }), { numRuns: 15 });
  });

  it('Int keys (negative, 2^31 - 1, -2^31) and odd string keys ("", NUL, emoji, U+FFFF, "5") as parents of FK and edge lists; CASCADE chains', async () => {
    const data2 = {
      B: BK.map((id, i) => ({ id, w: i })),
      C: CK.map((id, i) => ({ id, x: i })),
      A: AK.map((id, i) => ({ id, v: i % 4, b: BK[i % BK.length], cs: [CK[i % CK.length], CK[(i * 3) % CK.length]] })),
    };
    const reads2 = [
      `{ as { id v b { id as { id } } cs { id as { id } } up { id } downs { id } } }`,
      `{ bs { id w as { id v } asAggregate { count } } }`,
      `{ cs { id as { id } } }`,
      ...BK.map((b) => `{ asAggregate(where: { b: { id: { eq: ${q(b)} } } }) { count sum { v } } }`),
      ...BK.map((b) => `{ as(where: { b: { id: { eq: ${q(b)} } } }) { id } }`),
      ...AK.slice(0, 8).map((a) => `{ a(id: ${a}) { id v } }`),
      ...AK.slice(0, 8).map((a) => `{ x: a(id: ${a}) { id b { id } downs { id } } }`),
      ...AK.slice(0, 8).map((a) => `{ as(where: { up: { id: { eq: ${a} } } }) { id } }`),
      ...BK.map((b) => `{ b(id: ${q(b)}) { id w } }`),
      `{ as(where: { v: { gte: 1 } }) { id v } }`,
      `{ as(where: { id: { in: ${q(AK)} } }) { id b { id } } }`,
    ];
    const w2: fc.Arbitrary<string> = fc.oneof(
      fc.record({ id: fc.constantFrom(...AK), b: opt(fc.constantFrom(...BK)), up: opt(fc.constantFrom(...AK)), v: fc.nat(5) })
        .map(({ id, b, up, v }) => `mutation { upsertA(data: { id: ${id}, v: ${v}, b: ${q(b)}, up: ${up === null ? 'null' : up} }) { id } }`),
      fc.record({ id: fc.constantFrom(...AK), cs: fc.subarray(CK), op: fc.constantFrom('add', 'remove', 'set') })
        .map(({ id, cs, op }) => `mutation { updateA(id: ${id}, data: { cs: { ${op}: ${q(cs)} } }) { id } }`),
      fc.record({ id: fc.constantFrom(...BK), as: fc.subarray(AK), op: fc.constantFrom('add', 'remove', 'set') })
        .map(({ id, as, op }) => `mutation { updateB(id: ${q(id)}, data: { as: { ${op}: ${q(as.map(String))} } }) { id } }`),
      fc.record({ id: fc.constantFrom(...BK), w: fc.nat(9) }).map(({ id, w }) => `mutation { upsertB(data: { id: ${q(id)}, w: ${w} }) { id } }`),
      fc.constantFrom(...BK).map((id) => `mutation { deleteB(id: ${q(id)}) { id } }`),
      fc.constantFrom(...AK).map((id) => `mutation { deleteA(id: ${id}) { id } }`),
      fc.constantFrom(...CK).map((id) => `mutation { deleteC(id: ${q(id)}) { id } }`),
      fc.record({ id: fc.constantFrom(...CK), as: fc.subarray(AK) }).map(({ id, as }) => `mutation { upsertC(data: { id: ${q(id)}, x: 1, as: ${q(as.map(String))} }) { id } }`),
      fc.nat(3).map((v) => `mutation { updateAs(where: { v: { eq: ${v} } }, data: { v: ${v + 1}, b: null }) { id } }`),
      fc.nat(3).map((v) => `mutation { deleteAs(where: { v: { eq: ${v} } }) { id } }`),
      fc.constant('checkpoint'),
    );
    await fc.assert(fc.asyncProperty(fc.array(fc.tuple(w2, fc.nat(5), fc.boolean()), { minLength: 1, maxLength: 10 }), fc.boolean(), async (steps, warm) => {
      const store = Store.open({ file: new MemoryFile(), wal: new MemoryFile() });
      const catalog = await installTestData(store, sdl2, data2);
      const fresh = createQueryEngine({ catalog, store, options: { resultCacheSize: 0, rowCacheSize: 0 } });
      const engines: QueryEngine[] = [undefined, 1, 2, 5, 13, 40].map((b) => createQueryEngine({ catalog, store, options: { resultCacheSize: 0, ...(b ? { rowCacheSize: b } : {}) } }));
      if (warm) for (const e of engines) e.warm();
      for (const r of reads2) for (const e of engines) e.execute({ query: r });
      const log: string[] = [];
      const check = () => {
        for (const r of reads2) {
          const want = fresh.execute({ query: r });
          expect(want.errors, r).toBeUndefined();
          engines.forEach((e, i) => expect(e.execute({ query: r }), `${log.join('\n')}\nengine ${i}: ${r}`).toEqual(want));
        }
      };
      for (const [w, by, c] of steps) {
        if (w === 'checkpoint') {
          const from = store.version;
          store.checkpoint();
          for (const e of engines) e.notifyCommit([], from);
        } else {
          const r = engines[by]!.execute({ query: w });
          log.push(`${w} via ${by}: ${r.errors ? r.errors[0]!.message : 'ok'}`);
        }
        if (c) check();
      }
      check();
    }), { numRuns: 12 });
  });
});

describe('the Database paths', () => {
  it('a streaming load with reads during it, then writes, checkpoints, snapshots and a migration: equal to a database keeping nothing', async () => {
    const db = await openDatabase({ memory: true, schema: swapiSdl, memtableBytes: 20000 });
    const none = await openDatabase({ memory: true, schema: swapiSdl, cache: { results: 0, rows: 0 } });
    const people = swapiData['Person'] as { id: string }[];
    const late = new Set(people.slice(50).map((p) => p.id));
    const first = Object.fromEntries(Object.entries(swapiData).map(([t, rows]) => [t, t === 'Person' ? rows.slice(0, 50)
      : rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Array.isArray(v) && t !== 'Person' ? v.filter((x) => !late.has(x as string)) : v])))]));
    for (const d of [db, none]) await d.load(first as never);
    const planets = (swapiData['Planet'] as { id: string }[]).map((p) => p.id);
    const reads = [
      '{ people { id name height homeworld { id name residents { id } } films { id characters { id } } } }',
      '{ planets { id residents { id name } residentsAggregate { count } } }',
      ...planets.slice(0, 5).map((p) => `{ peopleAggregate(where: { homeworld: { id: { eq: "${p}" } } }) { count sum { height } } }`),
      ...people.slice(40, 60).map((p) => `{ person(id: "${p.id}") { id name height } }`),
      '{ films { id charactersAggregate { count } characters { id } } }',
    ];
    const same = async (what: string) => {
      for (const r of reads) for (let i = 0; i < 2; i++) expect(await db.query(r), `${what}: ${r}`).toEqual(await none.query(r));
    };
    await same('after the first load');
    const stream = (gate: () => Promise<void>) => (async function* () {
      for (const p of people.slice(50)) {
        await gate();
        yield JSON.stringify({ type: 'Person', record: p }) + '\n';
      }
    })();
    let ticks = 0;
    const gate = () => new Promise<void>((r) => setTimeout(() => { ticks++; r(); }, 0));
    const a = db.load(stream(gate) as never);
    const b = none.load(stream(gate) as never);
    for (let i = 0; i < 6; i++) { await same(`during the load ${i}`); await gate(); }
    await Promise.all([a, b]);
    await same('after the streaming load');
    for (const m of [
      'mutation { updatePerson(id: "1", data: { homeworld: "2", height: 7 }) { id } }',
      'mutation { createPerson(data: { id: "zz", name: "Z", homeworld: "1", films: ["1"] }) { id } }',
      'mutation { deletePlanet(id: "2") { id } }',
    ]) {
      for (const d of [db, none]) expect((await d.query(m)).errors, m).toBeUndefined();
      await same(m);
      await db.checkpoint();
      await same(`${m}, checkpoint`);
      await db.exportSnapshot();
      await same(`${m}, snapshot`);
    }
    for (const d of [db, none]) await d.migrate(swapiSdl.replace('type Planet {', 'type Planet {\n  extra: Int'));
    await same('after a migration');
    for (const d of [db, none]) expect((await d.query('mutation { updatePerson(id: "1", data: { homeworld: "3" }) { id } }')).errors).toBeUndefined();
    await same('after a migration and a write');
    await db.close();
    await none.close();
  });
});

