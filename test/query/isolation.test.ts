// What one execution must not take from another or from before its own writes: a parsed document
// run on two databases (each answers with its own catalog), a mutation's selection after writes that
// changed rows its `where` had read, and response keys that are Object.prototype's names.
import { describe, expect, it } from 'vitest';
import * as gql from 'graphql';
import { parse } from '../../src/graphql/parser.ts';
import { openTestDb } from './fixtures.ts';

describe('isolation', () => {
  it('a parsed document run on two databases answers with each one\'s own catalog (orderings, cursors)', async () => {
    const db1 = await openTestDb('type Item { id: Int! @id n: Int }', { Item: [{ id: 2, n: 1 }, { id: 10, n: 2 }] }, { resultCacheSize: 0 });
    const db2 = await openTestDb('type Item { code: String! @id n: Int }', { Item: [{ code: '10', n: 1 }, { code: '9', n: 2 }] }, { resultCacheSize: 0 });
    for (const text of ['{ itemsConnection { edges { cursor node { n } } } }', '{ itemsConnection(first: 5) { edges { cursor node { n } } } items { n } }']) {
      const alone = db2.engine.execute({ query: parse(text) });
      const doc = parse(text);
      db1.engine.execute({ query: doc });
      const shared = db2.engine.execute({ query: doc });
      expect(shared, text).toEqual(alone);
      const c = (shared.data as { itemsConnection: { edges: { cursor: string }[] } }).itemsConnection.edges[0]!.cursor;
      expect(db2.engine.execute({ query: 'query ($c: String) { itemsConnection(after: $c) { nodes { n } } }', variables: { c } }))
        .toEqual({ data: { itemsConnection: { nodes: [{ n: 2 }] } } });
    }
  });

  it('a mutation\'s selection sees what its own write changed in rows its where had read', async () => {
    const sdl = `type Planet { id: ID! name: String! residents: [Person] }
      type Person @plural(name: "people") { id: ID! name: String! homeworld: Planet @relation(inverse: "residents") }`;
    const db = await openTestDb(sdl, {
      Planet: [{ id: '1', name: 'A' }, { id: '2', name: 'B' }],
      Person: [{ id: '1', name: 'n1', homeworld: '1' }, { id: '2', name: 'n2', homeworld: '1' }, { id: '3', name: 'n3', homeworld: '2' }],
    }, { resultCacheSize: 0 });
    const r = db.engine.execute({ query: `mutation { updatePlanets(where: { residents: { some: { name: { startsWith: "n" } } }, name: { eq: "A" } }, data: { residents: { set: ["3"] } }) {
      id residents { id homeworld { id } } } }` });
    const after = db.engine.execute({ query: '{ planets { id residents { id homeworld { id } } } }' });
    expect(after.data).toEqual({ planets: [{ id: '1', residents: [{ id: '3', homeworld: { id: '1' } }] }, { id: '2', residents: [] }] });
    expect(r.data).toEqual({ updatePlanets: [(after.data as { planets: unknown[] }).planets[0]] }); // as committed
  });

  it('response keys named like Object.prototype\'s members (__proto__, constructor) are plain keys, as graphql-js makes them', async () => {
    const sdl = 'type Person @plural(name: "people") { id: ID! name: String! friends: [Person] }';
    const data = { Person: [{ id: '1', name: 'a', friends: ['1'] }] };
    const db = await openTestDb(sdl, data, { resultCacheSize: 0 });
    const schema = gql.buildSchema(db.engine.schema());
    const rows = new Map(data.Person.map((p) => [p.id, p]));
    const rootValue = { people: () => data.Person.map((p) => ({ ...p, friends: () => p.friends.map((f) => rows.get(f)) })), person: ({ id }: { id: string }) => rows.get(id) ?? null };
    for (const query of ['{ people { __proto__: name friends { id } } }', '{ people { id __proto__: friends { id } } }', '{ __proto__: people { id } }',
      '{ __proto__: person(id: "1") { id name } }', '{ people { friends { constructor: name toString: id } } }', '{ peopleAggregate { __proto__: count } }']) {
      const mine = db.engine.execute({ query });
      const theirs = gql.graphqlSync({ schema, source: query, rootValue: { ...rootValue, peopleAggregate: () => ({ count: 1 }) } });
      expect(theirs.errors, query).toBeUndefined();
      expect(JSON.stringify(mine), query).toBe(JSON.stringify(theirs));
    }
  });
});
