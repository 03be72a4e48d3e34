// The decoded-row cache (and the relationship lists and range probes kept with it) shared by read
// executions: a commit the engine makes forgets only what it wrote, any other move of the store's
// version forgets everything, so every read sees every committed write — made through this engine,
// or around it (another engine on the same store, which never notifies this one) — while unchanged
// rows are not decoded again; bounded (oldest out first) and warmed after a load.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createQueryEngine, type QueryEngine } from '../../src/query/engine.ts';
import { countingStore, openTestDb, swapiData, swapiSdl } from './fixtures.ts';

const ids = (type: string, n = Infinity) => (swapiData[type] as { id: string }[]).slice(0, n).map((r) => r.id);

describe('shared decoded rows', () => {
  it('reads after random writes (through this engine or another) always see the committed rows', async () => {
    const db = await openTestDb(swapiSdl, swapiData, { resultCacheSize: 0 });
    const other = createQueryEngine({ catalog: db.catalog, store: db.store, options: { resultCacheSize: 0 } });
    const ids = (swapiData['Person'] as { id: string }[]).slice(0, 12).map((p) => p.id);
    const model = new Map<string, number | null>((swapiData['Person'] as { id: string; height?: number | null }[]).slice(0, 12).map((p) => [p.id, p.height ?? null]));
    const step = fc.record({ id: fc.constantFrom(...ids), h: fc.integer({ min: 50, max: 250 }), via: fc.constantFrom('this', 'other', 'read') });
    fc.assert(fc.property(fc.array(step, { minLength: 1, maxLength: 12 }), (steps) => {
      for (const s of steps) {
        if (s.via !== 'read') {
          const e = s.via === 'this' ? db.engine : other;
          const r = e.execute({ query: 'mutation ($id: ID!, $h: Int!) { updatePerson(id: $id, data: { height: $h }) { id } }', variables: { id: s.id, h: s.h } });
          expect(r.errors).toBeUndefined();
          model.set(s.id, s.h);
        }
        const one = db.engine.execute({ query: 'query ($id: ID!) { person(id: $id) { height } }', variables: { id: s.id } });
        expect(one.data).toEqual({ person: { height: model.get(s.id) } });
        const all = db.engine.execute({ query: `{ people(where: { id: { in: ${JSON.stringify(ids)} } }) { id height } }` });
        expect(all.data).toEqual({ people: [...model].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([id, height]) => ({ id, height })) });
      }
    }), { numRuns: 40 });
  });

  it('relationship lists, counts and range probes kept between reads follow every committed write', async () => {
    // A cached engine against one that keeps nothing between reads, over the same store.
    const db = await openTestDb(swapiSdl, swapiData, { resultCacheSize: 0 });
    const fresh = createQueryEngine({ catalog: db.catalog, store: db.store, options: { resultCacheSize: 0, rowCacheSize: 0 } });
    const people = (swapiData['Person'] as { id: string }[]).slice(0, 10).map((p) => p.id);
    const films = (swapiData['Film'] as { id: string }[]).map((f) => f.id);
    const planets = (swapiData['Planet'] as { id: string }[]).slice(0, 4).map((p) => p.id);
    const reads = [
      `{ people(where: { id: { in: ${JSON.stringify(people)} } }) { id films { id } homeworld { id residents { id } } } }`,
      `{ films { id charactersAggregate { count } } }`,
      ...planets.map((p) => `{ peopleAggregate(where: { homeworld: { id: { eq: ${JSON.stringify(p)} } } }) { count avg { height } } }`),
      ...planets.map((p) => `{ people(where: { homeworld: { id: { eq: ${JSON.stringify(p)} } } }) { id } }`),
      `{ peopleAggregate(where: { homeworld: { id: { in: ${JSON.stringify([planets[2], planets[0]])} } } }) { count sum { height } min { name } } }`,
    ];
    const write = fc.oneof(
      fc.record({ id: fc.constantFrom(...people), film: fc.constantFrom(...films), add: fc.boolean() })
        .map(({ id, film, add }) => `mutation { updatePerson(id: ${JSON.stringify(id)}, data: { films: { ${add ? 'add' : 'remove'}: [${JSON.stringify(film)}] } }) { id } }`),
      fc.record({ id: fc.constantFrom(...people), planet: fc.constantFrom(...planets) })
        .map(({ id, planet }) => `mutation { updatePerson(id: ${JSON.stringify(id)}, data: { homeworld: ${JSON.stringify(planet)} }) { id } }`),
    );
    fc.assert(fc.property(fc.array(fc.tuple(write, fc.constantFrom(...reads)), { minLength: 1, maxLength: 8 }), (steps) => {
      for (const [w, q] of steps) {
        expect(db.engine.execute({ query: q })).toEqual(fresh.execute({ query: q })); // before: fills the caches
        expect(db.engine.execute({ query: w }).errors).toBeUndefined();
        for (const r of [q, reads[0]!]) expect(db.engine.execute({ query: r }), `${w} then ${r}`).toEqual(fresh.execute({ query: r }));
      }
    }), { numRuns: 30 });
  });

  it('multi-gets of many keys (some missing, some already read in this execution or earlier) return what an engine keeping nothing returns', async () => {
    const db = await openTestDb(swapiSdl, swapiData, { resultCacheSize: 0 });
    const fresh = createQueryEngine({ catalog: db.catalog, store: db.store, options: { resultCacheSize: 0, rowCacheSize: 0 } });
    const ids = (swapiData['Person'] as { id: string }[]).map((p) => p.id);
    const key = fc.oneof(fc.constantFrom(...ids), fc.constantFrom('nope', '0', 'zz', ''));
    const set = fc.array(key, { maxLength: 60 });
    fc.assert(fc.property(fc.array(fc.tuple(set, set), { minLength: 1, maxLength: 4 }), (steps) => {
      for (const [a, b] of steps) {
        // Two lists in one execution: the second's keys partly read by the first.
        const q = `{ a: people(where: { id: { in: ${JSON.stringify(a)} } }) { id height } b: people(where: { id: { in: ${JSON.stringify(b)} } }) { id name homeworld { id } } }`;
        expect(db.engine.execute({ query: q })).toEqual(fresh.execute({ query: q }));
      }
    }), { numRuns: 40 });
  });

  it('kept across its own commits, warmed or bounded: every read equals an engine keeping nothing, under every kind of write', async () => {
    const db = await openTestDb(swapiSdl, swapiData, { resultCacheSize: 0 });
    db.engine.warm();
    const small = createQueryEngine({ catalog: db.catalog, store: db.store, options: { resultCacheSize: 0, rowCacheSize: 7 } });
    const mid = createQueryEngine({ catalog: db.catalog, store: db.store, options: { resultCacheSize: 0, rowCacheSize: 150 } });
    small.warm(); // partly: the smallest tables, the first lists
    mid.warm();
    const fresh = createQueryEngine({ catalog: db.catalog, store: db.store, options: { resultCacheSize: 0, rowCacheSize: 0 } });
    const people = ids('Person', 12);
    const films = ids('Film');
    const planets = ids('Planet', 5);
    const q = JSON.stringify;
    const reads = [
      `{ people(where: { id: { in: ${q(people)} } }) { id name height films { id title } homeworld { id name residents { id } } } }`,
      `{ films { id characters { id name } charactersAggregate { count avg { height } } } }`,
      `{ planets(where: { id: { in: ${q(planets)} } }) { id residents { id height homeworld { id } } } }`,
      ...planets.slice(0, 2).map((p) => `{ peopleAggregate(where: { homeworld: { id: { eq: ${q(p)} } } }) { count sum { height } } }`),
      ...people.slice(0, 3).map((p) => `{ person(id: ${q(p)}) { id name height mass homeworld { id } films { id } } }`),
      `{ people(where: { name: { startsWith: "L" } }, orderBy: [{ name: ASC }]) { id name } }`,
    ];
    let n = 0;
    const write = fc.oneof(
      fc.record({ id: fc.constantFrom(...people), h: fc.integer({ min: 50, max: 250 }) }).map(({ id, h }) => `mutation { updatePerson(id: ${q(id)}, data: { height: ${h}, name: "L${h}" }) { id } }`),
      fc.record({ id: fc.constantFrom(...people), film: fc.constantFrom(...films), add: fc.boolean() })
        .map(({ id, film, add }) => `mutation { updatePerson(id: ${q(id)}, data: { films: { ${add ? 'add' : 'remove'}: [${q(film)}] } }) { id } }`),
      fc.record({ film: fc.constantFrom(...films), id: fc.constantFrom(...people), add: fc.boolean() })
        .map(({ film, id, add }) => `mutation { updateFilm(id: ${q(film)}, data: { characters: { ${add ? 'add' : 'remove'}: [${q(id)}] } }) { id } }`),
      fc.record({ id: fc.constantFrom(...people), planet: fc.option(fc.constantFrom(...planets)) })
        .map(({ id, planet }) => `mutation { updatePerson(id: ${q(id)}, data: { homeworld: ${q(planet)} }) { id } }`),
      fc.record({ planet: fc.constantFrom(...planets), film: fc.constantFrom(...films) })
        .map(({ planet, film }) => `mutation { createPerson(data: { id: "new${n++}", name: "L new", height: 99, homeworld: ${q(planet)}, films: [${q(film)}] }) { id } }`),
      fc.constantFrom(...people).map((id) => `mutation { deletePerson(id: ${q(id)}) { id } }`),
      fc.constantFrom(...planets).map((id) => `mutation { deletePlanet(id: ${q(id)}) { id } }`),
      fc.constant('checkpoint'),
    );
    const checkpoint = (engines: QueryEngine[]) => {
      const from = db.store.version;
      db.store.checkpoint();
      for (const e of engines) e.notifyCommit([], from); // what Database.checkpoint() says
    };
    const via = { cached: db.engine, small, mid, fresh } as const;
    // Each write through one engine (the others see a change they were not told about), checked
    // after it or only after the next: two commits with no read between.
    fc.assert(fc.property(fc.array(fc.tuple(write, fc.constantFrom('cached', 'small', 'mid', 'fresh'), fc.boolean()), { minLength: 1, maxLength: 10 }), (steps) => {
      for (const r of reads) for (const e of [db.engine, small, mid]) e.execute({ query: r }); // fill the caches
      steps.forEach(([w, by, check], i) => {
        if (w === 'checkpoint') checkpoint([db.engine, small, mid]);
        else via[by].execute({ query: w }); // refused writes (RESTRICT, …) commit nothing
        if (!check && i < steps.length - 1) return;
        for (const r of reads) {
          const want = fresh.execute({ query: r });
          expect(db.engine.execute({ query: r }), `${w} then ${r}`).toEqual(want);
          expect(small.execute({ query: r }), `${w} then ${r} (7 rows kept)`).toEqual(want);
          expect(mid.execute({ query: r }), `${w} then ${r} (150 rows kept)`).toEqual(want);
        }
        expect(small.stats().sharedRows).toBeLessThanOrEqual(7 + 60); // its budget, plus what one read adds before the next trims
      });
    }), { numRuns: 25 });
  });

  it('a commit forgets only the rows and lists it wrote; a checkpoint none; a write around the engine all', async () => {
    const db = await openTestDb(swapiSdl, swapiData, { resultCacheSize: 0 });
    const { store, reads } = countingStore(db.store);
    const engine = createQueryEngine({ catalog: db.catalog, store, options: { resultCacheSize: 0 } });
    engine.warm();
    expect(engine.stats().sharedRows).toBe(Object.values(swapiData).reduce((n, rows) => n + rows.length, 0));
    const [a, b] = ids('Person', 2);
    // Deep: rows and lists in both directions (b's films' characters include a). Shallow: b's own row and films only.
    const read = (id: string, deep = false) => {
      reads.n = 0;
      const r = engine.execute({ query: `{ person(id: ${JSON.stringify(id)}) { height films { title ${deep ? 'characters { name }' : ''} } ${deep ? 'homeworld { name residents { name } }' : ''} } }` });
      expect(r.errors).toBeUndefined();
      return { data: r.data as { person: { height: number } }, storageReads: reads.n };
    };
    expect(read(a!, true).storageReads).toBe(0); // warmed: rows and lists in both directions
    expect(read(b!, true).storageReads).toBe(0);
    expect(engine.execute({ query: `mutation { updatePerson(id: ${JSON.stringify(a)}, data: { height: 211 }) { id } }` }).errors).toBeUndefined();
    expect(read(b!).storageReads).toBe(0); // b's rows and lists were not written
    const after = read(a!);
    expect(after.data.person.height).toBe(211);
    expect(after.storageReads).toBe(1); // a's row was: forgotten and read again (its lists were not)
    expect(read(a!, true).storageReads).toBe(0);
    expect(read(b!, true).storageReads).toBe(0);
    const from = db.store.version;
    db.store.checkpoint();
    engine.notifyCommit([], from);
    expect(read(b!, true).storageReads).toBe(0);
    const other = createQueryEngine({ catalog: db.catalog, store: db.store });
    expect(other.execute({ query: `mutation { updatePerson(id: ${JSON.stringify(b)}, data: { height: 99 }) { id } }` }).errors).toBeUndefined();
    const around = read(a!);
    expect(around.storageReads).toBeGreaterThan(0); // a change it was not told about: everything is read again
    expect(read(b!).data.person.height).toBe(99);
  });

  it('a warm within any budget keeps whole tables and whole lists only, and every read still equals an engine keeping nothing', async () => {
    const db = await openTestDb(swapiSdl, swapiData, { resultCacheSize: 0 });
    const fresh = createQueryEngine({ catalog: db.catalog, store: db.store, options: { resultCacheSize: 0, rowCacheSize: 0 } });
    const everything = [
      '{ people { id name height homeworld { id } films { id } species { id } starships { id } } }',
      '{ films { id characters { id } planets { id } starships { id } vehicles { id } species { id } } }',
      '{ planets { id residents { id } films { id } } }',
      '{ speciesList { id people { id } homeworld { id } } }',
    ];
    const want = everything.map((query) => fresh.execute({ query }));
    const sizes = Object.values(swapiData).map((rows) => rows.length).sort((a, b) => a - b);
    fc.assert(fc.property(fc.integer({ min: 1, max: 1500 }), (budget) => {
      const e = createQueryEngine({ catalog: db.catalog, store: db.store, options: { resultCacheSize: 0, rowCacheSize: budget } });
      e.warm();
      const { sharedRows, sharedLists } = e.stats();
      // Whole tables only, smallest first, while the next fits what is left.
      let fit = 0;
      for (const n of sizes) if (fit + n <= budget) fit += n; else break;
      expect(sharedRows).toBe(fit);
      expect(sharedLists).toBeLessThanOrEqual(budget);
      everything.forEach((query, i) => expect(e.execute({ query }), `budget ${budget}: ${query}`).toEqual(want[i]));
    }), { numRuns: 60 });
  });
});
