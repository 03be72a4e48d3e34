// The decoded-row cache (and the relationship lists and range probes kept with it) shared by read
// executions: keyed by the store's version, so every read sees every committed write — made through
// this engine, or around it (another engine on the same store, which never notifies this one) —
// while unchanged rows are not decoded again.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createQueryEngine } from '../../src/query/engine.ts';
import { openTestDb, swapiData, swapiSdl } from './fixtures.ts';

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
});
