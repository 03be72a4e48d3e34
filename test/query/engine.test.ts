// The engine around execution: error codes and limits, introspection (graphql-js buildClientSchema),
// explain (index use, batched relationship passes), the result cache and live queries.
import { beforeAll, describe, expect, it } from 'vitest';
import * as gql from 'graphql';
import { cpCompare } from './oracle.ts';
import { openTestDb, swapiData, swapiSdl, type TestDb } from './fixtures.ts';
import type { PlanNode } from '../../src/query/plan.ts';
import type { GraphQLResponse } from '../../src/query/engine.ts';

const run = (db: TestDb, query: string, variables?: Record<string, unknown>) => db.engine.execute({ query, variables });
const codes = (r: { errors?: { extensions?: { code?: unknown } }[] }) => (r.errors ?? []).map((e) => e.extensions?.code);

describe('errors and limits', () => {
  let db: TestDb;
  beforeAll(async () => { db = await openTestDb(swapiSdl, swapiData); });

  it('parse, validation, literal and variable errors carry their codes and locations; no data', () => {
    const parseErr = run(db, '{ people { ');
    expect(codes(parseErr)).toEqual(['GRAPHQL_PARSE_FAILED']);
    expect(parseErr).not.toHaveProperty('data');
    const v = run(db, '{ people { nope } }');
    expect(codes(v)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(v.errors![0]!.locations).toEqual([{ line: 1, column: 12 }]);
    expect(codes(run(db, '{ films(where: {releaseDate: {gt: "not a date"}}) { id } }'))).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    const bad = run(db, 'query ($d: DateTime) { films(where: {releaseDate: {gt: $d}}) { id } }', { d: 'not a date' });
    expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
    expect(bad.errors![0]!.message).toMatch(/^Variable "\$d" has invalid value: DateTime cannot represent/);
    // Variable coercion messages are graphql-js's own (same schema, same request).
    const oracle = gql.buildSchema(db.engine.schema());
    for (const [q, vars] of [['query ($n: Int!) { people(first: $n) { id } }', {}], ['query ($n: Int) { people(first: $n) { id } }', { n: 'x' }],
      ['query ($w: PersonWhere) { people(where: $w) { id } }', { w: { height: { gt: 1.5 } } }], ['query ($w: PersonWhere) { people(where: $w) { id } }', { w: { nope: 1 } }]] as const) {
      const mine = run(db, q, vars);
      const theirs = gql.graphqlSync({ schema: oracle, source: q, variableValues: vars });
      expect(codes(mine)).toEqual(['BAD_USER_INPUT']);
      expect(mine.errors!.map((e) => e.message)).toEqual(theirs.errors!.map((e) => e.message));
    }
    expect(codes(run(db, 'query A { people { id } } query B { people { id } }'))).toEqual(['BAD_USER_INPUT']);
    expect(run(db, 'query A { a: peopleAggregate { count } } query B { b: peopleAggregate { count } }', undefined)).toHaveProperty('errors');
    expect(db.engine.execute({ query: 'query A { a: peopleAggregate { count } } query B { b: peopleAggregate { count } }', operationName: 'B' }).data).toEqual({ b: { count: 82 } });
  });

  it('QUERY_TOO_COMPLEX before any work: depth, tokens, fields, input nesting, complexity (all options)', async () => {
    const small = await openTestDb(swapiSdl, null, { maxDepth: 3, maxTokens: 40, maxFields: 5, maxInputDepth: 3, maxComplexity: 1000 });
    expect(codes(run(small, '{ people { films { characters { films { id } } } } }'))).toEqual(['QUERY_TOO_COMPLEX']);
    expect(codes(run(small, `{ ${Array.from({ length: 30 }, (_, i) => `a${i}: peopleAggregate { count }`).join(' ')} }`))).toEqual(['QUERY_TOO_COMPLEX']);
    expect(codes(run(small, '{ a: person(id: "1") { id } b: person(id: "1") { id } c: person(id: "2") { id } }'))).toEqual(['QUERY_TOO_COMPLEX']);
    expect(codes(run(small, '{ people(where: {and: [{and: [{and: [{id: {eq: "1"}}]}]}]}) { id } }'))).toEqual(['QUERY_TOO_COMPLEX']);
    expect(codes(run(small, '{ people(first: 100) { films(first: 100) { id } } }'))).toEqual(['QUERY_TOO_COMPLEX']);
    expect(run(small, '{ people(first: 2) { id } }').errors).toBeUndefined();
    const d = run(db, `{ people ${'{ films { characters '.repeat(33)}{ id }${' } }'.repeat(33)} }`);
    expect(codes(d)).toEqual(['QUERY_TOO_COMPLEX']); // default depth 64
  });
});

describe('introspection', () => {
  it('the standard introspection query builds with graphql-js buildClientSchema, equal to the printed SDL', async () => {
    const db = await openTestDb(swapiSdl, null);
    const r = run(db, gql.getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, inputValueDeprecation: true }));
    expect(r.errors).toBeUndefined();
    const client = gql.buildClientSchema(r.data as unknown as gql.IntrospectionQuery);
    expect(gql.printSchema(client)).toBe(gql.printSchema(gql.buildSchema(db.engine.schema())));
    expect(run(db, '{ __type(name: "Person") { name fields { name } } }').data!['__type']).toMatchObject({ name: 'Person' });
    expect(run(db, '{ __typename p: person(id: "1") { __typename } }').data).toEqual({ __typename: 'Query', p: null });
  });
});

const flat = (nodes: PlanNode[]): PlanNode[] => nodes.flatMap((n) => [n, ...flat(n.children)]);

describe('explain', () => {
  let db: TestDb;
  beforeAll(async () => { db = await openTestDb(swapiSdl, swapiData); });

  it('an indexed equality, an indexed range and a prefix use the index; estimates are exact for small results', () => {
    const eq = flat(db.engine.explain({ query: '{ people(where: {name: {eq: "Luke Skywalker"}}) { id } }' }).plan)[0]!;
    expect(eq).toMatchObject({ entity: 'Person', index: 'idx_name', estimatedRows: 1, actualRows: 1 });
    const range = flat(db.engine.explain({ query: '{ people(where: {name: {gte: "L", lt: "M"}}) { id } }' }).plan)[0]!;
    const expected = swapiData['Person']!.filter((p) => (p['name'] as string) >= 'L' && (p['name'] as string) < 'M').length;
    expect(range).toMatchObject({ index: 'idx_name', estimatedRows: expected, actualRows: expected });
    expect(flat(db.engine.explain({ query: '{ people(where: {name: {startsWith: "Lu"}}) { id } }' }).plan)[0]).toMatchObject({ index: 'idx_name', actualRows: 2 });
    const hash = flat(db.engine.explain({ query: '{ people(where: {eyeColor: {eq: "blue"}}) { id } }' }).plan)[0]!;
    expect(hash.index).toBe('hash_eyeColor');
    const composite = flat(db.engine.explain({ query: '{ people(where: {gender: {eq: "female"}, height: {gt: 170}}) { id } }' }).plan)[0]!;
    expect(composite.index).toBe('idx_gender_height');
    const skip = db.engine.explain({ query: '{ people(where: {height: {gt: 200}}) { id } }' });
    const expectedTall = swapiData['Person']!.filter((p) => (p['height'] as number) > 200).length;
    expect(flat(skip.plan)[0]).toMatchObject({ index: 'idx_gender_height', estimatedRows: expectedTall, actualRows: expectedTall });
    expect(flat(skip.plan)[0]!.access).toMatch(/skip scan/);
    // Ordered by the second column with a limit: the per-gender ranges are merged in order and
    // reading stops after the page.
    for (const dir of ['ASC', 'DESC']) {
      const q = `{ people(where: {height: {gt: 150}}, orderBy: [{height: ${dir}}], first: 5) { id height } }`;
      const merged = db.engine.explain({ query: q });
      expect(flat(merged.plan)[0]).toMatchObject({ index: 'idx_gender_height', ordered: true, sort: 'none', actualRows: 5 });
      const all = (run(db, `{ people(where: {height: {gt: 150}}) { id height } }`).data!['people'] as { id: string; height: number }[])
        .sort((a, b) => (dir === 'ASC' ? a.height - b.height : b.height - a.height) || cpCompare(a.id, b.id));
      expect(merged.response.data).toEqual({ people: all.slice(0, 5) });
    }
    const byKey = flat(db.engine.explain({ query: '{ people(where: {id: {in: ["1", "2"]}}) { id } }' }).plan)[0]!;
    expect(byKey.access).toBe('primary key get');
  });

  it('an order satisfied by an index needs no sort, and stops after the page (top-N without a full sort)', () => {
    const { plan, response } = db.engine.explain({ query: '{ people(orderBy: [{name: DESC}], first: 3) { name } }' });
    expect(flat(plan)[0]).toMatchObject({ index: 'idx_name', ordered: true, sort: 'none', actualRows: 3 });
    expect(response.data).toEqual(run(db, '{ people(orderBy: [{name: DESC}]) { name } }').data!['people'] && { people: (run(db, '{ people(orderBy: [{name: DESC}]) { name } }').data!['people'] as unknown[]).slice(0, 3) });
    const unindexed = flat(db.engine.explain({ query: '{ people(orderBy: [{mass: ASC}], first: 3) { name } }' }).plan)[0]!;
    expect(unindexed).toMatchObject({ index: null, sort: 'top-n' });
  });

  it('a 3-level nested query does one batched pass per level', () => {
    const { plan } = db.engine.explain({ query: '{ planets(first: 20) { name residents { name films { title } } } }' });
    const loads = plan.filter((n) => n.operation.startsWith('load'));
    expect(loads.map((n) => n.operation)).toEqual(['load residents', 'load films']);
    expect(loads[0]!.parents).toBe(20);
    const first20 = new Set(swapiData['Planet']!.map((p) => p['id'] as string).sort(cpCompare).slice(0, 20));
    const residents = swapiData['Person']!.filter((p) => first20.has(p['homeworld'] as string));
    expect(loads[1]!.parents).toBe(residents.length);
  });
});

describe('caching and live queries', () => {
  it('repeated identical reads hit the result cache until a commit touches a table they read', async () => {
    const db = await openTestDb(swapiSdl, swapiData);
    const q = '{ planet(id: "1") { name residentsAggregate { count } } }';
    const a = run(db, q);
    expect(run(db, q)).toEqual(a); // a result is kept from its second request on
    const h0 = db.engine.stats().resultHits;
    expect(run(db, q)).toEqual(a);
    expect(db.engine.stats().resultHits).toBe(h0 + 1);
    run(db, 'mutation { updateFilm(id: "1", data: {director: "X"}) { id } }'); // unrelated table
    run(db, q);
    expect(db.engine.stats().resultHits).toBe(h0 + 2);
    run(db, 'mutation { createPerson(data: {name: "New", homeworld: "1"}) { id } }');
    expect(run(db, q).data).toEqual({ planet: { name: 'Tatooine', residentsAggregate: { count: 11 } } });
    expect(db.engine.stats().resultHits).toBe(h0 + 2);
  });

  const next = (got: GraphQLResponse[], n: number) => new Promise<void>((resolve, reject) => {
    const t0 = Date.now();
    const tick = () => (got.length >= n ? resolve() : Date.now() - t0 > 5000 ? reject(new Error(`only ${got.length} payloads`)) : setTimeout(tick, 5));
    tick();
  });
  const settle = () => new Promise((r) => setTimeout(r, 30));

  it('a live query: the current result first, a new one after a commit that changes it, none for unrelated or equal ones', async () => {
    const db = await openTestDb(swapiSdl, swapiData);
    const got: GraphQLResponse[] = [];
    const stop = db.engine.subscribe({ query: 'subscription { peopleAggregate(where: {name: {startsWith: "Z"}}) { count } }' }, (r) => got.push(r));
    expect(got.length).toBe(0); // asynchronous
    await next(got, 1);
    expect(got[0]).toEqual({ data: { peopleAggregate: { count: 1 } } });
    run(db, 'mutation { createPerson(data: {name: "Zed"}) { id } }');
    await next(got, 2);
    expect(got[1]).toEqual({ data: { peopleAggregate: { count: 2 } } });
    run(db, 'mutation { createPerson(data: {name: "Anna"}) { id } }'); // same table, same result: no payload
    run(db, 'mutation { updateFilm(id: "1", data: {director: "Y"}) { id } }'); // another table
    await settle();
    expect(got.length).toBe(2);
    // a burst of commits: the latest state is delivered, never two equal payloads in a row
    for (let i = 0; i < 5; i++) run(db, `mutation { createPerson(data: {name: "Z${i}"}) { id } }`);
    await next(got, 3);
    await settle();
    expect(got[got.length - 1]).toEqual({ data: { peopleAggregate: { count: 7 } } });
    for (let i = 1; i < got.length; i++) expect(got[i]).not.toEqual(got[i - 1]);
    stop();
    const n = got.length;
    run(db, 'mutation { createPerson(data: {name: "Zz"}) { id } }');
    await settle();
    expect(got.length).toBe(n);
  });

  it('a live query that read rows by key re-runs only when one of those keys is written', async () => {
    const db = await openTestDb(swapiSdl, swapiData);
    const got: GraphQLResponse[] = [];
    db.engine.subscribe({ query: '{ person(id: "1") { name height } }' }, (r) => got.push(r));
    await next(got, 1);
    const runs = db.engine.stats().liveRuns;
    run(db, 'mutation { updatePerson(id: "2", data: {height: 1}) { id } }');
    run(db, 'mutation { createPerson(data: {name: "Other"}) { id } }');
    await settle();
    expect(db.engine.stats().liveRuns).toBe(runs); // other keys of the same table: no re-run
    run(db, 'mutation { updatePerson(id: "1", data: {height: 180}) { id } }');
    await next(got, 2);
    expect(got[1]).toEqual({ data: { person: { name: 'Luke Skywalker', height: 180 } } });
  });

  it('a query operation is kept live too; an invalid document yields one error payload and ends', async () => {
    const db = await openTestDb(swapiSdl, swapiData);
    const got: GraphQLResponse[] = [];
    db.engine.subscribe({ query: '{ planet(id: "1") { residents(first: 1) { name } } }' }, (r) => got.push(r));
    await next(got, 1);
    run(db, 'mutation { deletePerson(id: "1") { id } }'); // Luke is not the first resident by key... check change propagation
    run(db, 'mutation { updatePlanet(id: "1", data: {residents: {set: ["3"]}}) { id } }');
    await next(got, 2);
    expect(got[got.length - 1]).toEqual({ data: { planet: { residents: [{ name: 'R2-D2' }] } } });
    const bad: GraphQLResponse[] = [];
    db.engine.subscribe({ query: '{ nope }' }, (r) => bad.push(r));
    await next(bad, 1);
    run(db, 'mutation { createPerson(data: {name: "Q"}) { id } }');
    await settle();
    expect(bad.length).toBe(1);
    expect(codes(bad[0]!)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    const two: GraphQLResponse[] = [];
    db.engine.subscribe({ query: 'subscription { a: peopleAggregate { count } b: planetsAggregate { count } }' }, (r) => two.push(r));
    await next(two, 1);
    expect(codes(two[0]!)).toEqual(['GRAPHQL_VALIDATION_FAILED']); // one root field per subscription
  });
});

describe('selections', () => {
  it('@skip/@include with variables, aliases, fragments on interfaces and unions, __typename', async () => {
    const db = await openTestDb(`
      interface Named { id: ID! name: String }
      type Cat implements Named { id: ID! name: String lives: Int }
      type Dog implements Named { id: ID! name: String good: Boolean }
      union Pet = Cat | Dog
      type Home { id: ID! pets: [Pet] best: Pet }`,
    { Cat: [{ id: 'c', name: 'Tom', lives: 9 }], Dog: [{ id: 'd', name: 'Rex', good: true }], Home: [{ id: 'h', pets: ['c', 'd'], best: 'd' }] });
    const q = `query ($more: Boolean!) {
      home(id: "h") {
        pets { __typename ...N ... on Cat { lives @include(if: $more) } ... on Dog { good @skip(if: $more) } }
        top: best { ... on Named { name } }
        petsCount: pets(first: 1) { __typename }
      }
      nameds(orderBy: [{name: ASC}]) { id ... on Dog { good } }
    }
    fragment N on Named { name }`;
    expect(db.engine.execute({ query: q, variables: { more: true } }).data).toEqual({
      home: { pets: [{ __typename: 'Cat', name: 'Tom', lives: 9 }, { __typename: 'Dog', name: 'Rex' }], top: { name: 'Rex' }, petsCount: [{ __typename: 'Cat' }] },
      nameds: [{ id: 'd', good: true }, { id: 'c' }],
    });
    expect(db.engine.execute({ query: q, variables: { more: false } }).data!['home']).toMatchObject({
      pets: [{ __typename: 'Cat', name: 'Tom' }, { __typename: 'Dog', name: 'Rex', good: true }] });
  });

  it('explaining a mutation measures it and rolls it back', async () => {
    const db = await openTestDb(swapiSdl, swapiData);
    const r = db.engine.explain({ query: 'mutation { createPerson(data: {id: "zz", name: "Z"}) { id } }' });
    expect(r.response.data).toEqual({ createPerson: { id: 'zz' } });
    expect(run(db, '{ person(id: "zz") { id } }').data).toEqual({ person: null });
  });
});
