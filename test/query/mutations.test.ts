// Mutations: every mutation of API.md §2, relationship writes from either side, constraint
// violations (unique, not-null, foreign key, restrict), the whole operation as one transaction.
import { describe, expect, it } from 'vitest';
import { openTestDb, swapiData, swapiSdl, type TestDb } from './fixtures.ts';

const run = (db: TestDb, query: string, variables?: Record<string, unknown>) => db.engine.execute({ query, variables });
const codes = (r: { errors?: { extensions?: { code?: unknown } }[] }) => (r.errors ?? []).map((e) => e.extensions?.code);
const ok = (db: TestDb, query: string, variables?: Record<string, unknown>) => {
  const r = run(db, query, variables);
  expect(r.errors, query).toBeUndefined();
  return r.data!;
};

describe('mutations', () => {
  it('create, createMany, update, updateMany, upsert, delete, deleteMany', async () => {
    const db = await openTestDb(swapiSdl, swapiData);
    const c = ok(db, 'mutation { createPerson(data: {name: "Rey", height: 170, homeworld: "1", films: ["1", "2"], created: "2020-01-02T03:04:05Z"}) { id name height created homeworld { name } films { title } } }');
    const rey = c['createPerson'] as { id: string; created: string; homeworld: unknown; films: unknown[] };
    expect(rey.id).toMatch(/^[0-9A-Z]{16}$/); // a generated time-sortable key
    expect(rey.created).toBe('2020-01-02T03:04:05.000Z');
    expect(rey.homeworld).toEqual({ name: 'Tatooine' });
    expect(rey.films).toEqual([{ title: 'A New Hope' }, { title: 'The Empire Strikes Back' }]);
    expect(ok(db, `{ film(id: "1") { charactersAggregate(where: {name: {eq: "Rey"}}) { count } } }`)).toEqual({ film: { charactersAggregate: { count: 1 } } });

    const many = ok(db, 'mutation { createPeople(data: [{id: "p1", name: "A"}, {id: "p2", name: "B", mass: 5.5}]) { id name mass } }');
    expect(many).toEqual({ createPeople: [{ id: 'p1', name: 'A', mass: null }, { id: 'p2', name: 'B', mass: 5.5 }] });
    expect(ok(db, 'mutation { updatePerson(id: "p1", data: {height: 99}) { id height name } }')).toEqual({ updatePerson: { id: 'p1', height: 99, name: 'A' } });
    expect(ok(db, 'mutation { updatePerson(id: "nope", data: {height: 99}) { id } }')).toEqual({ updatePerson: null });
    expect(ok(db, 'mutation { updatePeople(where: {id: {in: ["p1", "p2"]}}, data: {skinColor: "green"}) { id skinColor } }'))
      .toEqual({ updatePeople: [{ id: 'p1', skinColor: 'green' }, { id: 'p2', skinColor: 'green' }] });
    expect(ok(db, 'mutation { upsertPerson(data: {id: "p1", name: "A2"}) { id name height skinColor } }'))
      .toEqual({ upsertPerson: { id: 'p1', name: 'A2', height: 99, skinColor: 'green' } }); // only the given fields change
    expect(ok(db, 'mutation { upsertPerson(data: {id: "p3", name: "C"}) { id name } }')).toEqual({ upsertPerson: { id: 'p3', name: 'C' } });
    expect(ok(db, 'mutation { deletePeople(where: {id: {in: ["p1", "p2", "p3"]}}) { id } }')).toEqual({ deletePeople: [{ id: 'p1' }, { id: 'p2' }, { id: 'p3' }] });
    expect(ok(db, '{ people(where: {id: {in: ["p1", "p2", "p3"]}}) { id } }')).toEqual({ people: [] });
    expect(ok(db, 'mutation { deletePerson(id: "nope") { id } }')).toEqual({ deletePerson: null });
  });

  it('deleteX returns the row as it was, with its relationships as before the delete', async () => {
    const db = await openTestDb(swapiSdl, swapiData);
    const before = ok(db, '{ person(id: "1") { name homeworld { name } films { title } starships { name } } }')['person'];
    const del = ok(db, 'mutation { deletePerson(id: "1") { name homeworld { name } films { title } starships { name } } }')['deletePerson'];
    expect(del).toEqual(before);
    expect(ok(db, '{ person(id: "1") { name } planet(id: "1") { residentsAggregate { count } } }')).toEqual({ person: null, planet: { residentsAggregate: { count: 9 } } });
    expect(ok(db, '{ film(id: "1") { characters(where: {id: {eq: "1"}}) { id } } }')).toEqual({ film: { characters: [] } });
  });

  it('relationships are writable from either side', async () => {
    const db = await openTestDb(swapiSdl, swapiData);
    ok(db, 'mutation { updatePlanet(id: "2", data: {residents: {add: ["1"]}}) { name } }');
    expect(ok(db, '{ person(id: "1") { homeworld { name } } }')).toEqual({ person: { homeworld: { name: 'Alderaan' } } });
    ok(db, 'mutation { updatePerson(id: "1", data: {homeworld: null}) { id } }');
    expect(ok(db, '{ person(id: "1") { homeworld { name } } planet(id: "2") { residents(where: {id: {eq: "1"}}) { id } } }'))
      .toEqual({ person: { homeworld: null }, planet: { residents: [] } });
    ok(db, 'mutation { updateFilm(id: "1", data: {characters: {set: ["2", "3"]}}) { id } }');
    expect(ok(db, '{ film(id: "1") { characters { id } } person(id: "1") { films { id } } }'))
      .toEqual({ film: { characters: [{ id: '2' }, { id: '3' }] }, person: { films: [{ id: '2' }, { id: '3' }, { id: '6' }] } });
    ok(db, 'mutation { updatePerson(id: "1", data: {films: {add: ["1"], remove: ["6"]}}) { id } }');
    expect(ok(db, '{ person(id: "1") { films { id } } }')).toEqual({ person: { films: [{ id: '1' }, { id: '2' }, { id: '3' }] } });
  });

  it('constraint violations: unique, not-null, foreign key, restrict — CONSTRAINT_VIOLATION, nothing committed', async () => {
    const db = await openTestDb(swapiSdl, swapiData);
    const count = () => (ok(db, '{ planetsAggregate { count } peopleAggregate { count } }'));
    const before = count();
    const unique = run(db, 'mutation { createPlanet(data: {name: "Tatooine"}) { id } }');
    expect(codes(unique)).toEqual(['CONSTRAINT_VIOLATION']);
    expect(unique.data).toBeNull();
    expect(unique.errors![0]!.path).toEqual(['createPlanet']);
    expect(codes(run(db, 'mutation { updatePerson(id: "1", data: {name: null}) { id } }'))).toEqual(['CONSTRAINT_VIOLATION']);
    expect(codes(run(db, 'mutation { createPerson(data: {name: "X", homeworld: "9999"}) { id } }'))).toEqual(['CONSTRAINT_VIOLATION']);
    expect(codes(run(db, 'mutation { createPerson(data: {name: "X", films: ["9999"]}) { id } }'))).toEqual(['CONSTRAINT_VIOLATION']);
    expect(count()).toEqual(before);
    // Missing required input fields are caught by validation; a null variable for one is BAD_USER_INPUT.
    expect(codes(run(db, 'mutation { createPerson(data: {height: 3}) { id } }'))).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(codes(run(db, 'mutation ($d: PersonCreateInput!) { createPerson(data: $d) { id } }', { d: { name: null } }))).toEqual(['BAD_USER_INPUT']);

    const r = await openTestDb(`type Owner { id: ID! name: String pets: [Pet] } type Pet { id: ID! owner: Owner! @relation(inverse: "pets") }`,
      { Owner: [{ id: 'o', name: 'O' }], Pet: [{ id: 'p', owner: 'o' }] });
    const restrict = run(r, 'mutation { deleteOwner(id: "o") { id } }');
    expect(codes(restrict)).toEqual(['CONSTRAINT_VIOLATION']);
    expect(ok(r, '{ owner(id: "o") { pets { id } } }')).toEqual({ owner: { pets: [{ id: 'p' }] } });
  });

  it('the first failing root field stops the operation: nothing committed, data null, its path in errors', async () => {
    const db = await openTestDb(swapiSdl, swapiData);
    const r = run(db, `mutation {
      a: createPerson(data: {id: "new1", name: "First"}) { id }
      b: updatePerson(id: "1", data: {height: 1}) { id }
      c: createPlanet(data: {name: "Tatooine"}) { id }
      d: createPerson(data: {id: "new2", name: "Never"}) { id }
    }`);
    expect(r.data).toBeNull();
    expect(r.errors!.length).toBe(1);
    expect(r.errors![0]!.path).toEqual(['c']);
    expect(r.errors![0]!.extensions!['code']).toBe('CONSTRAINT_VIOLATION');
    expect(ok(db, '{ a: person(id: "new1") { id } b: person(id: "1") { height } }')).toEqual({ a: null, b: { height: 172 } });
    // A failure inside a mutation's selection also rolls back.
    const sel = run(db, 'mutation { createPerson(data: {id: "new3", name: "Sel"}) { id films(first: -1) { id } } }');
    expect(sel.data).toBeNull();
    expect(sel.errors![0]!.path).toEqual(['createPerson', 'films']);
    expect(ok(db, '{ person(id: "new3") { id } }')).toEqual({ person: null });
    // Later root fields see earlier ones' writes (serial execution).
    expect(ok(db, 'mutation { a: createPerson(data: {id: "s1", name: "S"}) { id } b: updatePerson(id: "s1", data: {height: 5}) { height } }'))
      .toEqual({ a: { id: 's1' }, b: { height: 5 } });
  });
});

import fc from 'fast-check';
import { createQueryEngine, type EngineStore } from '../../src/query/engine.ts';

describe('fault injection', () => {
  it('a storage failure at any write of a mutation rolls the whole operation back with its code', async () => {
    const db = await openTestDb(swapiSdl, swapiData);
    // explain bypasses the result cache: every snapshot reads the store.
    const snapshot = () => JSON.stringify(db.engine.explain({ query: '{ people { id name height homeworld { id } films { id } } planets { id residents { id } } filmsAggregate { count } }' }).response.data);
    const before = snapshot();
    const query = `mutation {
        a: createPerson(data: {id: "f1", name: "F", homeworld: "1", films: ["1", "2"]}) { id }
        b: updatePlanet(id: "2", data: {residents: {add: ["f1", "3"]}}) { id }
        c: deletePerson(id: "4") { id films { id } }
        d: updateFilm(id: "1", data: {characters: {remove: ["1"]}}) { id }
      }`;
    let writes = 0;
    // A dry run (explain rolls back) counts the writes the mutation makes.
    const counting = faulty(-1, 'IO_ERROR');
    expect(createQueryEngine({ catalog: db.catalog, store: counting }).explain({ query }).response.errors).toBeUndefined();
    const total = writes;
    expect(total).toBeGreaterThan(10);
    expect(snapshot()).toBe(before);
    function faulty(failAt: number, code: string): EngineStore {
      writes = 0;
      return {
        read: (fn) => db.store.read(fn),
        begin: () => {
          const tx = db.store.begin();
          const fail = () => { if (writes++ === failAt) throw Object.assign(new Error(`injected ${code}`), { code }); };
          return Object.assign(Object.create(tx), {
            put: (t: string, k: Uint8Array, v: unknown) => { fail(); tx.put(t, k, v); },
            delete: (t: string, k: Uint8Array) => { fail(); return tx.delete(t, k); },
            commit: () => tx.commit(), rollback: () => tx.rollback(),
            get: (t: string, k: Uint8Array) => tx.get(t, k), range: (t: string, o?: object) => tx.range(t, o), count: (t: string) => tx.count(t),
          });
        },
      };
    }
    fc.assert(fc.property(fc.nat(total - 1), fc.constantFrom('QUOTA_EXCEEDED', 'IO_ERROR'), (failAt, code) => {
      const r = createQueryEngine({ catalog: db.catalog, store: faulty(failAt, code) }).execute({ query });
      expect(r.data).toBeNull();
      expect(r.errors!.length).toBe(1);
      expect(r.errors![0]!.extensions!['code']).toBe(code === 'QUOTA_EXCEEDED' ? 'QUOTA_EXCEEDED' : 'INTERNAL_SERVER_ERROR');
      expect(snapshot()).toBe(before);
    }), { numRuns: 40 });
  });
});
