// Reads over both datasets and small purpose-built schemas: page edges, order rules (nulls,
// key tie-break, code points, enums, DateTime instants), connections in both directions with
// keyset cursors, aggregates on empty sets, interfaces spanning implementations.
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { openTestDb, starwarsData, starwarsSdl, swapiData, swapiSdl, type TestDb } from './fixtures.ts';
import { cpCompare } from './oracle.ts';

const run = (db: TestDb, query: string, variables?: Record<string, unknown>) => db.engine.execute({ query, variables });
const codes = (r: { errors?: { extensions?: { code?: unknown } }[] }) => (r.errors ?? []).map((e) => e.extensions?.code);

describe('pages', () => {
  let db: TestDb;
  beforeAll(async () => { db = await openTestDb(swapiSdl, swapiData); });

  it('first: 0 is empty, offset past the end is empty, first/offset slice the ordered list', () => {
    expect(run(db, '{ people(first: 0) { id } }').data).toEqual({ people: [] });
    expect(run(db, '{ people(offset: 1000) { id } }').data).toEqual({ people: [] });
    const all = (run(db, '{ people { id } }').data!['people'] as { id: string }[]).map((p) => p.id);
    expect(all.length).toBe(82);
    expect(all).toEqual([...all].sort(cpCompare)); // no orderBy: primary key, code point order ("10" < "2")
    fc.assert(fc.property(fc.nat(90), fc.option(fc.nat(90), { nil: null }), (offset, first) => {
      const got = run(db, `{ people(offset: ${offset}${first === null ? '' : `, first: ${first}`}) { id } }`).data!['people'] as { id: string }[];
      expect(got.map((p) => p.id)).toEqual(all.slice(offset, first === null ? undefined : offset + first));
    }), { numRuns: 40 });
  });

  it('negative first/offset are BAD_USER_INPUT with the field path; sibling fields still resolve', () => {
    for (const q of ['{ people(first: -1) { id } }', '{ people(offset: -3) { id } }', '{ peopleConnection(last: -1) { totalCount } }']) {
      const r = run(db, q);
      expect(codes(r)).toEqual(['BAD_USER_INPUT']);
      expect(r.data).toBeNull(); // the list fields are non-null: the error propagates to data
    }
    const r = run(db, '{ person(id: "1") { name films(first: -2) { title } } planet(id: "1") { name } }');
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    expect(r.errors![0]!.path).toEqual(['person', 'films']);
    expect(r.data).toEqual({ person: null, planet: { name: 'Tatooine' } }); // partial result
  });
});

describe('order rules', () => {
  let db: TestDb;
  beforeAll(async () => { db = await openTestDb(swapiSdl, swapiData); });

  it('nulls last in ASC and first in DESC, ties by primary key ascending', () => {
    const asc = run(db, '{ people(orderBy: [{mass: ASC}]) { id mass } }').data!['people'] as { id: string; mass: number | null }[];
    const desc = run(db, '{ people(orderBy: [{mass: DESC}]) { id mass } }').data!['people'] as { id: string; mass: number | null }[];
    const nonNull = swapiData['Person']!.filter((p) => p['mass'] !== null).length;
    expect(asc.slice(nonNull).every((p) => p.mass === null)).toBe(true);
    expect(desc.slice(0, 82 - nonNull).every((p) => p.mass === null)).toBe(true);
    for (const list of [asc, desc]) {
      const nulls = list.filter((p) => p.mass === null).map((p) => p.id);
      expect(nulls).toEqual([...nulls].sort(cpCompare)); // ties broken by key ascending, also in DESC
    }
    for (let i = 1; i < nonNull; i++) expect(asc[i - 1]!.mass! <= asc[i]!.mass!).toBe(true);
  });

  it('a bad orderBy element (zero or two fields) is BAD_USER_INPUT', () => {
    expect(codes(run(db, '{ people(orderBy: [{}]) { id } }'))).toEqual(['BAD_USER_INPUT']);
    expect(codes(run(db, '{ people(orderBy: [{name: ASC, height: DESC}]) { id } }'))).toEqual(['BAD_USER_INPUT']);
  });

  it('strings order by code point (astral characters after U+FFFF), enums by declaration, DateTime by instant', async () => {
    const sdl = `enum Mood { SAD OK HAPPY }  type Item { id: ID! name: String @index mood: Mood at: DateTime }`;
    const names = ['\u{1F600}', '\uFFFF', 'a', 'B', '\u00e9', '10', '2'];
    const t = await openTestDb(sdl, { Item: names.map((name, i) => ({ id: String(i), name, mood: ['HAPPY', 'SAD', 'OK'][i % 3], at: new Date(Date.UTC(2000, 0, 1) - i * 3600e3).toISOString() })) });
    const byName = (run(t, '{ items(orderBy: [{name: ASC}]) { name } }').data!['items'] as { name: string }[]).map((x) => x.name);
    expect(byName).toEqual([...names].sort(cpCompare));
    expect(byName.indexOf('\u{1F600}')).toBe(names.length - 1);
    const byMood = (run(t, '{ items(orderBy: [{mood: DESC}]) { mood } }').data!['items'] as { mood: string }[]).map((x) => x.mood);
    expect(byMood).toEqual(['HAPPY', 'HAPPY', 'HAPPY', 'OK', 'OK', 'SAD', 'SAD']);
    const gt = run(t, '{ items(where: {name: {gt: "\uFFFF"}}) { name } }').data!['items'] as { name: string }[];
    expect(gt.map((x) => x.name)).toEqual(['\u{1F600}']);
    const byAt = (run(t, '{ items(orderBy: [{at: ASC}]) { id } }').data!['items'] as { id: string }[]).map((x) => x.id);
    expect(byAt).toEqual(['6', '5', '4', '3', '2', '1', '0']);
    const offset = run(t, '{ items(where: {at: {eq: "2000-01-01T01:00:00+02:00"}}) { id at } }').data!['items'];
    expect(offset).toEqual([{ id: '1', at: '1999-12-31T23:00:00.000Z' }]); // compared by instant, output in UTC
  });
});

describe('connections', () => {
  let db: TestDb;
  beforeAll(async () => { db = await openTestDb(swapiSdl, swapiData); });
  type Conn = { edges: { cursor: string; node: { id: string } }[]; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null }; totalCount: number };
  const page = (args: string): Conn => {
    const r = run(db, `{ peopleConnection(where: {height: {gt: 150}}, orderBy: [{height: DESC}], ${args}) { edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } totalCount } }`);
    expect(r.errors).toBeUndefined();
    return r.data!['peopleConnection'] as Conn;
  };
  const all = () => (run(db, '{ people(where: {height: {gt: 150}}, orderBy: [{height: DESC}]) { id } }').data!['people'] as { id: string }[]).map((p) => p.id);

  it('paging forward with first/after and backward with last/before visits every row once, in order', () => {
    const expected = all();
    for (const size of [1, 3, 7, 100]) {
      const seen: string[] = [];
      let c = page(`first: ${size}`);
      expect(c.pageInfo.hasPreviousPage).toBe(false);
      for (;;) {
        seen.push(...c.edges.map((e) => e.node.id));
        expect(c.totalCount).toBe(expected.length);
        if (!c.pageInfo.hasNextPage) break;
        c = page(`first: ${size}, after: ${JSON.stringify(c.pageInfo.endCursor)}`);
        expect(c.pageInfo.hasPreviousPage).toBe(true);
      }
      expect(seen).toEqual(expected);
      const back: string[] = [];
      c = page(`last: ${size}`);
      expect(c.pageInfo.hasNextPage).toBe(false);
      for (;;) {
        back.unshift(...c.edges.map((e) => e.node.id));
        if (!c.pageInfo.hasPreviousPage) break;
        c = page(`last: ${size}, before: ${JSON.stringify(c.pageInfo.startCursor)}`);
        expect(c.pageInfo.hasNextPage).toBe(true);
      }
      expect(back).toEqual(expected);
    }
  });

  it('after + before bound a window; first: 0 is an empty page that still knows its neighbours', () => {
    const expected = all();
    const c5 = page('first: 10');
    const a = c5.edges[2]!.cursor, b = c5.edges[8]!.cursor;
    expect(page(`after: ${JSON.stringify(a)}, before: ${JSON.stringify(b)}`).edges.map((e) => e.node.id)).toEqual(expected.slice(3, 8));
    expect(page(`after: ${JSON.stringify(a)}, before: ${JSON.stringify(b)}, last: 2`).edges.map((e) => e.node.id)).toEqual(expected.slice(6, 8));
    const empty = page(`first: 0, after: ${JSON.stringify(a)}`);
    expect(empty.edges).toEqual([]);
    expect(empty.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: true, startCursor: null, endCursor: null });
  });

  it('cursors are stable under inserts and when the cursor row is deleted', async () => {
    const t = await openTestDb(swapiSdl, swapiData);
    const q = (args: string) => (run(t, `{ peopleConnection(orderBy: [{name: ASC}], ${args}) { edges { cursor node { name } } pageInfo { endCursor } } }`).data!['peopleConnection']) as { edges: { cursor: string; node: { name: string } }[]; pageInfo: { endCursor: string | null } };
    const first = q('first: 5');
    const cursor = first.pageInfo.endCursor!;
    const next = q(`first: 3, after: ${JSON.stringify(cursor)}`).edges.map((e) => e.node.name);
    expect(run(t, 'mutation { createPerson(data: {name: "Aaaa first"}) { id } }').errors).toBeUndefined();
    expect(q(`first: 3, after: ${JSON.stringify(cursor)}`).edges.map((e) => e.node.name)).toEqual(next);
    const lastId = (run(t, `{ people(orderBy: [{name: ASC}], offset: 5, first: 1) { id } }`).data!['people'] as { id: string }[])[0]!.id;
    expect(run(t, `{ people(orderBy: [{name: ASC}], offset: 4, first: 1) { name } }`).data!['people']).toEqual([{ name: first.edges[3]!.node.name }]);
    // delete the cursor row itself (now at offset 5 after the insert)
    expect(run(t, `mutation { deletePerson(id: "${lastId}") { id } }`).errors).toBeUndefined();
    expect(q(`first: 3, after: ${JSON.stringify(cursor)}`).edges.map((e) => e.node.name)).toEqual(next);
  });

  it('malformed cursors and cursors of another ordering are BAD_USER_INPUT', () => {
    const c = page('first: 1').pageInfo.endCursor!;
    for (const bad of ['nope', '', 'cTE6W10', c.slice(0, -2)]) {
      const r = run(db, `{ peopleConnection(first: 2, after: ${JSON.stringify(bad)}) { totalCount } }`);
      expect(codes(r), bad).toEqual(['BAD_USER_INPUT']);
    }
    const other = run(db, `{ peopleConnection(orderBy: [{name: ASC}, {mass: ASC}], first: 2, after: ${JSON.stringify(c)}) { totalCount } }`);
    expect(codes(other)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('aggregates and interfaces', () => {
  let db: TestDb;
  let sw: TestDb;
  beforeAll(async () => { db = await openTestDb(swapiSdl, swapiData); sw = await openTestDb(starwarsSdl, starwarsData); });

  it('an aggregate over an empty set is count 0 and nulls; to-many aggregates count related rows', () => {
    expect(run(db, '{ peopleAggregate(where: {height: {gt: 10000}}) { count min { height name } max { mass } sum { height } avg { mass } } }').data)
      .toEqual({ peopleAggregate: { count: 0, min: null, max: null, sum: null, avg: null } });
    expect(run(db, '{ planet(id: "1") { residentsAggregate { count } residentsAggregate2: residentsAggregate(where: {height: {gt: 180}}) { count } } }').data)
      .toEqual({ planet: { residentsAggregate: { count: 10 }, residentsAggregate2: { count: swapiData['Person']!.filter((p) => p['homeworld'] === '1' && (p['height'] as number) > 180).length } } });
    expect(run(db, '{ peopleAggregate { count } filmsAggregate { count max { releaseDate } } }').data)
      .toEqual({ peopleAggregate: { count: 82 }, filmsAggregate: { count: 6, max: { releaseDate: '2005-05-19T00:00:00.000Z' } } });
  });

  it('an interface list spans implementations, ties broken by primary key then type name', async () => {
    const chars = run(sw, '{ characters(orderBy: [{name: DESC}], first: 3) { __typename id name } }').data!['characters'];
    expect(chars).toEqual([
      { __typename: 'Human', id: '1004', name: 'Wilhuff Tarkin' }, { __typename: 'Droid', id: '2001', name: 'R2-D2' }, { __typename: 'Human', id: '1000', name: 'Luke Skywalker' }]);
    const t = await openTestDb(`interface Thing { id: ID! n: Int } type A implements Thing { id: ID! n: Int } type B implements Thing { id: ID! n: Int }`,
      { A: [{ id: '1', n: 1 }, { id: '2', n: 1 }], B: [{ id: '1', n: 1 }, { id: '0', n: 2 }] });
    expect(run(t, '{ things(orderBy: [{n: ASC}]) { __typename id } }').data!['things'])
      .toEqual([{ __typename: 'A', id: '1' }, { __typename: 'B', id: '1' }, { __typename: 'A', id: '2' }, { __typename: 'B', id: '0' }]);
    expect(run(t, '{ thingsAggregate(where: {n: {eq: 1}}) { count sum { n } } thingsConnection(first: 1, orderBy: [{n: DESC}]) { totalCount nodes { __typename id } } }').data)
      .toEqual({ thingsAggregate: { count: 3, sum: { n: 3 } }, thingsConnection: { totalCount: 4, nodes: [{ __typename: 'B', id: '0' }] } });
  });

  it('relationship filters: to-one (has one / has none), to-many some / every / none, directed friends', () => {
    const ids = (q: string) => ((run(db, q).data!['people']) as { id: string }[]).map((p) => p.id);
    const hasHome = ids('{ people(where: {homeworld: {}}) { id } }');
    const noHome = ids('{ people(where: {not: {homeworld: {}}}) { id } }');
    expect(hasHome.length + noHome.length).toBe(82);
    expect(noHome).toEqual(swapiData['Person']!.filter((p) => !p['homeworld']).map((p) => p['id'] as string).sort(cpCompare));
    const noFilms = ids('{ people(where: {films: {none: {}}}) { id } }');
    const everyOld = ids('{ people(where: {films: {every: {episodeId: {gt: 3}}}}) { id } }');
    for (const id of noFilms) expect(everyOld).toContain(id); // every of nothing is true
    const friendsOfR2 = (run(sw, '{ characters(where: {friends: {some: {name: {eq: "R2-D2"}}}}) { name } }').data!['characters'] as { name: string }[]).map((c) => c.name);
    expect(friendsOfR2).toEqual(['Luke Skywalker', 'Han Solo', 'Leia Organa', 'C-3PO']);
  });
});
