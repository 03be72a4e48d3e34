// The compiled root aggregate (src/query/fastaggregate.ts) against the general executor (explain
// never takes the compiled path) and graphql-js with the naive oracle, on random data (empty
// sets, nulls, negative and fractional values, a missing or deleted planet) before and after writes, with
// and without the result cache.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Oracle, expectAgreement } from './oracle.ts';
import { openTestDb } from './fixtures.ts';
import { parse } from '../../src/graphql/parser.ts';
import type { OperationDefinitionNode } from '../../src/graphql/ast.ts';
import { buildApi } from '../../src/query/api.ts';
import { aggregatePlanOf, runAggregatePlan } from '../../src/query/fastaggregate.ts';
import { RowSource } from '../../src/query/source.ts';

const sdl = `type Planet { id: ID! name: String }
type Person @plural(name: "people") { id: ID! name: String height: Float mass: Int homeworld: Planet }`;

type Row = Record<string, unknown>;
const PLANETS = ['p1', 'p2', 'p3'];
const height = fc.oneof(fc.constant(null), fc.integer({ min: -300, max: 300 }),
  fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }).map((x) => (x === 0 ? 0 : x)));
const mass = fc.oneof(fc.constant(null), fc.integer({ min: -1000, max: 1000 }));
const person = fc.record({ name: fc.option(fc.constantFrom('a', 'B', 'zz', ''), { nil: null }), height, mass, homeworld: fc.option(fc.constantFrom(...PLANETS), { nil: null }) });
const write = fc.oneof(
  fc.record({ kind: fc.constant('create' as const), person }),
  fc.record({ kind: fc.constant('update' as const), at: fc.nat(), height, mass, homeworld: fc.option(fc.constantFrom(...PLANETS), { nil: null }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('deletePlanet' as const), planet: fc.constantFrom(...PLANETS) }),
);

const SELECTIONS = [
  'count avg { height }',
  'count',
  'n: count sum { mass height } avg { mass h: height } min { height name mass } max { name mass id }',
  'max { height } min { id }',
];
/** The queries of one check: a variable planet (existing, missing, null), a literal one, no filter. */
function queries(planet: string | null): { query: string; variables?: Record<string, unknown> }[] {
  const out: { query: string; variables?: Record<string, unknown> }[] = [];
  for (const sel of SELECTIONS) {
    out.push({ query: `query($p: ID) { peopleAggregate(where: { homeworld: { id: { eq: $p } } }) { ${sel} } }`, variables: { p: planet } });
    if (planet !== null) out.push({ query: `{ peopleAggregate(where: { homeworld: { id: { eq: ${JSON.stringify(planet)} } } }) { ${sel} } }` });
    out.push({ query: `{ all: peopleAggregate { ${sel} } }` });
    out.push({ query: `{ peopleAggregate(where: {}) { ${sel} } }` });
  }
  return out;
}

async function check(people: Row[], writes: readonly (typeof write extends fc.Arbitrary<infer W> ? W : never)[], planet: string | null, cacheSize: number) {
  const model: Row[] = people.map((p, i) => ({ id: `q${i}`, ...p }));
  const planets = new Set(PLANETS);
  // A deleted planet's id may stay in the model's rows: the oracle links only to rows that exist.
  const data = () => ({ Planet: [...planets].map((id) => ({ id, name: id })), Person: model.map((r) => ({ ...r })) });
  const db = await openTestDb(sdl, data(), { resultCacheSize: cacheSize });
  const verify = () => {
    const oracle = new Oracle(db.catalog, data(), db.engine.schema());
    for (const q of queries(planet)) {
      expectAgreement(db.engine, oracle, q);
    }
  };
  verify();
  let next = model.length;
  for (const w of writes) {
    const ok = (query: string) => expect(db.engine.execute({ query }).errors, query).toBeUndefined();
    if (w.kind === 'deletePlanet') {
      ok(`mutation { deletePlanet(id: "${w.planet}") { id } }`);
      planets.delete(w.planet);
    } else if (w.kind === 'create') {
      const r: Row = { id: `q${next++}`, ...w.person };
      if (r['homeworld'] !== null && !planets.has(r['homeworld'] as string)) r['homeworld'] = null; // no link to a deleted planet
      ok(`mutation { createPerson(data: { id: "${r['id']}", name: ${JSON.stringify(r['name'])}, height: ${r['height']}, mass: ${r['mass']}, homeworld: ${JSON.stringify(r['homeworld'])} }) { id } }`);
      model.push(r);
    } else if (model.length) {
      const r = model[w.at % model.length]!;
      if (w.kind === 'update') {
        if (w.homeworld !== null && !planets.has(w.homeworld)) continue;
        ok(`mutation { updatePerson(id: "${r['id']}", data: { height: ${w.height}, mass: ${w.mass}, homeworld: ${JSON.stringify(w.homeworld)} }) { id } }`);
        Object.assign(r, { height: w.height, mass: w.mass, homeworld: w.homeworld });
      } else {
        ok(`mutation { deletePerson(id: "${r['id']}") { id } }`);
        model.splice(model.indexOf(r), 1);
      }
    }
    verify();
  }
}

describe('compiled root aggregate', () => {
  const planet = fc.oneof(fc.constantFrom(...PLANETS), fc.constant('nowhere'), fc.constant(null));
  it('matches the general executor and the graphql-js oracle on random data, before and after writes', async () => {
    await fc.assert(fc.asyncProperty(fc.array(person, { maxLength: 12 }), fc.array(write, { maxLength: 4 }), planet, fc.constantFrom(0, 8),
      (people, writes, p, cache) => check(people, writes, p, cache)), { numRuns: 40 });
  });

  // The plan falls back to the general executor only for a sum that is not finite; a part over
  // rows whose values are all null (avg of no heights: null) is its own answer, not a fallback.
  it('answers every finite case itself, including parts whose values are all null', async () => {
    await fc.assert(fc.asyncProperty(fc.array(person, { maxLength: 8 }), fc.constantFrom(...PLANETS), async (people, p) => {
      const db = await openTestDb(sdl, { Planet: PLANETS.map((id) => ({ id })), Person: people.map((r, i) => ({ id: `q${i}`, ...r })) });
      const api = buildApi(db.catalog);
      for (const sel of SELECTIONS) {
        const op = parse(`query($p: ID) { peopleAggregate(where: { homeworld: { id: { eq: $p } } }) { ${sel} } }`).definitions[0] as OperationDefinitionNode;
        const plan = aggregatePlanOf(api, op);
        expect(plan, sel).not.toBeNull();
        const data = db.store.read((view) => runAggregatePlan(plan!, { p }, new RowSource(view, db.catalog)));
        expect(data, sel).toEqual(db.engine.explain({ query: op.loc?.source.body ?? '', variables: { p } }).response.data);
      }
    }), { numRuns: 30 });
  });
});
