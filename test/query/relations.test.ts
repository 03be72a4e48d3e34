// Batched relationship loads over Int keys (the numeric list names and the numeric prefix order of
// source.ts): nested to-many and to-one fields, with parents arriving in any key order (a list
// ordered by another column, negative keys too), few parents (one seek each) or many (one sweep),
// against a plain model of the same data; read twice (the second read reuses the shared lists and
// rows) and again after writes that move residents and films.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Tables } from '../../src/catalog/tables.ts';
import { createQueryEngine } from '../../src/query/engine.ts';
import { openTestDb } from './fixtures.ts';

const SDL = /* GraphQL */ `
  type Planet { id: Int! @id name: String! residents: [Person] }
  type Person @plural(name: "people") { id: Int! @id name: String! homeworld: Planet @relation(inverse: "residents") films: [Film] }
  type Film { id: Int! @id title: String! characters: [Person] }
`;

interface Model {
  planets: { id: number; name: string }[];
  people: { id: number; name: string; homeworld: number | null; films: number[] }[];
  films: { id: number; title: string }[];
}

const ids = (min: number, max: number, n: number) => fc.uniqueArray(fc.integer({ min, max }), { minLength: 1, maxLength: n });

const model: fc.Arbitrary<Model> = fc.record({ p: ids(-40, 2000, 30), q: ids(-100, 100_000, 80), f: ids(-5, 500, 12) }).chain(({ p, q, f }) =>
  fc.record({
    names: fc.array(fc.string({ maxLength: 3 }), { minLength: p.length + q.length, maxLength: p.length + q.length }),
    homes: fc.array(fc.option(fc.constantFrom(...p), { nil: null }), { minLength: q.length, maxLength: q.length }),
    links: fc.array(fc.uniqueArray(fc.constantFrom(...f), { maxLength: 4 }), { minLength: q.length, maxLength: q.length }),
  }).map(({ names, homes, links }) => ({
    planets: p.map((id, i) => ({ id, name: names[i]! })),
    people: q.map((id, i) => ({ id, name: names[p.length + i]!, homeworld: homes[i]!, films: links[i]! })),
    films: f.map((id) => ({ id, title: `f${id}` })),
  })));

const byKey = (a: { id: number }, b: { id: number }) => a.id - b.id;
const byName = (a: { id: number; name: string }, b: { id: number; name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id);

/** What the queries below must return for `m`. */
function expected(m: Model, first: number) {
  const residents = (planet: number) => m.people.filter((q) => q.homeworld === planet).sort(byKey);
  const filmsOf = (q: Model['people'][number]) => m.films.filter((f) => q.films.includes(f.id)).sort(byKey).map((f) => ({ id: f.id }));
  const characters = (film: number) => m.people.filter((q) => q.films.includes(film)).sort(byKey).map((q) => ({ id: q.id }));
  return {
    planets: [...m.planets].sort(byName).slice(0, first).map((p) => ({
      id: p.id, residents: residents(p.id).map((q) => ({ id: q.id, films: filmsOf(q).map((f) => ({ id: f.id, characters: characters(f.id) })) })),
    })),
    people: [...m.people].sort(byName).map((q) => ({ id: q.id, homeworld: q.homeworld === null ? null : { id: q.homeworld, name: m.planets.find((p) => p.id === q.homeworld)!.name } })),
  };
}

const QUERY = `query ($first: Int) {
  planets(orderBy: [{ name: ASC }], first: $first) { id residents { id films { id characters { id } } } }
  people(orderBy: [{ name: ASC }]) { id homeworld { id name } }
}`;

describe('relationship loads over Int keys', () => {
  it('return every parent its related rows in key order, parents in any order, before and after writes', async () => {
    await fc.assert(fc.asyncProperty(model, fc.integer({ min: 1, max: 30 }), fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat()), { maxLength: 4 }), async (m, first, writes) => {
      const db = await openTestDb(SDL, { Planet: m.planets, Film: m.films, Person: m.people }, { resultCacheSize: 0 });
      const tables = new Tables(db.catalog);
      const fresh = createQueryEngine({ catalog: db.catalog, store: db.store, options: { resultCacheSize: 0, rowCacheSize: 0 } });
      const check = () => {
        const want = expected(m, first);
        for (const e of [db.engine, db.engine, fresh]) { // the engine twice: the second read reuses its shared lists
          const r = e.execute({ query: QUERY, variables: { first } });
          expect(r.errors).toBeUndefined();
          expect(r.data).toEqual(want);
        }
      };
      check();
      for (const [a, b, c] of writes) {
        // Move a person to another planet (or none) and give them another film list.
        const q = m.people[a % m.people.length]!;
        const home = b % (m.planets.length + 1) === m.planets.length ? null : m.planets[b % (m.planets.length + 1)]!.id;
        const films = m.films.filter((_, i) => ((c >> i) & 1) === 1).map((f) => f.id);
        // Through the catalog's row primitives: the generated update input takes an ID, which an Int key rejects.
        const tx = db.store.begin();
        expect(tables.update(tx, 'Person', q.id, { homeworld: home, films: { set: films } })).toBe(true);
        tx.commit();
        q.homeworld = home;
        q.films = films;
        check();
      }
      db.store.close();
    }), { numRuns: 25 });
  });

  it('an error below a relationship level carries the full path of the object it happened on', async () => {
    await fc.assert(fc.asyncProperty(model, async (m) => {
      const db = await openTestDb(SDL, { Planet: m.planets, Film: m.films, Person: m.people }, { resultCacheSize: 0 });
      // `first: -1` fails every person's films; the null bubbles through the non-null types to the root.
      const r = db.engine.execute({ query: '{ planets(orderBy: [{ name: ASC }]) { id residents { id films(first: -1) { id } } } }' });
      const planets = [...m.planets].sort(byName);
      const at = planets.findIndex((p) => m.people.some((q) => q.homeworld === p.id));
      if (at < 0) expect(r).toEqual({ data: { planets: planets.map((p) => ({ id: p.id, residents: [] })) } });
      else {
        expect(r.data).toBeNull();
        expect(r.errors!.map((e) => [e.path, e.extensions?.['code']])).toEqual([[['planets', at, 'residents', 0, 'films'], 'BAD_USER_INPUT']]);
      }
      db.store.close();
    }), { numRuns: 20 });
  });
});
