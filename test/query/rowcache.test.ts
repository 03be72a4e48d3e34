// The decoded-row cache shared by read executions: keyed by the store's version, so every read
// sees every committed write — made through this engine, or around it (another engine on the same
// store, which never notifies this one) — while unchanged rows are not decoded again.
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

});
