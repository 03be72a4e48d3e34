// The generated API: printed SDL builds in graphql-js, has API.md's names and shapes.
import { describe, expect, it } from 'vitest';
import * as gql from 'graphql';
import { buildApiSchema, printApiSchema } from '../../src/query/schema.ts';
import { catalogOf, openTestDb, starwarsSdl, swapiSdl } from './fixtures.ts';

describe('generated schema', () => {
  for (const [name, sdl] of [['swapi', swapiSdl], ['starwars', starwarsSdl]] as const) {
    it(`${name}: the printed SDL is a valid schema for graphql-js`, () => {
      const printed = printApiSchema(buildApiSchema(catalogOf(sdl)));
      const schema = gql.buildSchema(printed);
      expect(gql.validateSchema(schema)).toEqual([]);
    });
  }
  it('swapi: names and shapes of API.md §2', () => {
    const schema = gql.buildSchema(printApiSchema(buildApiSchema(catalogOf(swapiSdl))));
    const q = schema.getQueryType()!.getFields();
    expect(String(q['person']!.type)).toBe('Person');
    expect(q['person']!.args.map((a) => `${a.name}: ${a.type}`)).toEqual(['id: ID!']);
    expect(String(q['people']!.type)).toBe('[Person!]!');
    expect(q['people']!.args.map((a) => `${a.name}: ${a.type}`)).toEqual(['where: PersonWhere', 'orderBy: [PersonOrderBy!]', 'first: Int', 'offset: Int']);
    expect(q['peopleConnection']!.args.map((a) => `${a.name}: ${a.type}`)).toEqual(['where: PersonWhere', 'orderBy: [PersonOrderBy!]', 'first: Int', 'after: String', 'last: Int', 'before: String']);
    expect(String(q['peopleAggregate']!.type)).toBe('PersonAggregate!');
    expect(q['speciesList']).toBeDefined();
    expect(q['speciesConnection']).toBeDefined();
    expect(q['speciesAggregate']).toBeDefined();
    expect(q['species']).toBeDefined();
    expect(q['transports']).toBeDefined();
    const m = schema.getMutationType()!.getFields();
    for (const f of ['createPerson', 'createPeople', 'updatePerson', 'updatePeople', 'upsertPerson', 'deletePerson', 'deletePeople',
      'createSpecies', 'createSpeciesList', 'updateSpeciesList', 'deleteSpeciesList']) expect(m[f], f).toBeDefined();
    expect(m['transports' as never]).toBeUndefined();
    expect(String(m['updatePerson']!.type)).toBe('Person');
    expect(String(m['deletePeople']!.type)).toBe('[Person!]!');
    expect(Object.keys(schema.getSubscriptionType()!.getFields())).toEqual(Object.keys(q));
    const person = schema.getType('Person') as gql.GraphQLObjectType;
    expect(String(person.getFields()['films']!.type)).toBe('[Film!]!');
    expect(person.getFields()['films']!.args.map((a) => a.name)).toEqual(['where', 'orderBy', 'first', 'offset']);
    expect(String(person.getFields()['filmsAggregate']!.type)).toBe('FilmAggregate!');
    expect(String(person.getFields()['homeworld']!.type)).toBe('Planet');
    expect(person.getFields()['name']!.description).toBe('The name of this person.');
    const where = (schema.getType('PersonWhere') as gql.GraphQLInputObjectType).getFields();
    expect(String(where['homeworld']!.type)).toBe('PlanetWhere');
    expect(String(where['films']!.type)).toBe('FilmListRelationFilter');
    expect(String(where['height']!.type)).toBe('IntFilter');
    expect(String(where['created']!.type)).toBe('DateTimeFilter');
    const planetWhere = (schema.getType('PlanetWhere') as gql.GraphQLInputObjectType).getFields();
    expect(String(planetWhere['climates']!.type)).toBe('StringListFilter');
    const sf = (schema.getType('StringFilter') as gql.GraphQLInputObjectType).getFields();
    expect(Object.keys(sf)).toEqual(['eq', 'ne', 'in', 'notIn', 'lt', 'lte', 'gt', 'gte', 'contains', 'startsWith', 'endsWith', 'isNull']);
    expect(Object.keys((schema.getType('BooleanFilter') as gql.GraphQLInputObjectType).getFields())).toEqual(['eq', 'ne', 'isNull']);
    const order = (schema.getType('PersonOrderBy') as gql.GraphQLInputObjectType).getFields();
    expect(Object.keys(order)).toEqual(['id', 'name', 'birthYear', 'eyeColor', 'gender', 'hairColor', 'height', 'mass', 'skinColor', 'created', 'edited']);
    const agg = (schema.getType('PersonAggregate') as gql.GraphQLObjectType).getFields();
    expect(Object.keys(agg)).toEqual(['count', 'min', 'max', 'sum', 'avg']);
    expect(Object.keys((schema.getType('PersonSumAvg') as gql.GraphQLObjectType).getFields())).toEqual(['height', 'mass']);
    const create = (schema.getType('PersonCreateInput') as gql.GraphQLInputObjectType).getFields();
    expect(String(create['id']!.type)).toBe('ID');
    expect(String(create['name']!.type)).toBe('String!');
    expect(String(create['films']!.type)).toBe('[ID!]');
    expect(String(create['homeworld']!.type)).toBe('ID');
    const update = (schema.getType('PersonUpdateInput') as gql.GraphQLInputObjectType).getFields();
    expect(update['id']).toBeUndefined();
    expect(String(update['name']!.type)).toBe('String');
    expect(String(update['films']!.type)).toBe('ToManyUpdateInput');
    const conn = (schema.getType('PersonConnection') as gql.GraphQLObjectType).getFields();
    expect(Object.fromEntries(Object.entries(conn).map(([k, f]) => [k, String(f.type)]))).toEqual({
      edges: '[PersonEdge!]!', nodes: '[Person!]!', pageInfo: 'PageInfo!', totalCount: 'Int!' });
    const pi = (schema.getType('PageInfo') as gql.GraphQLObjectType).getFields();
    expect(Object.fromEntries(Object.entries(pi).map(([k, f]) => [k, String(f.type)]))).toEqual({
      hasNextPage: 'Boolean!', hasPreviousPage: 'Boolean!', startCursor: 'String', endCursor: 'String' });
  });
  it('starwars: interface fields, enum filters and descriptions carry over', () => {
    const schema = gql.buildSchema(printApiSchema(buildApiSchema(catalogOf(starwarsSdl))));
    const q = schema.getQueryType()!.getFields();
    expect(String(q['characters']!.type)).toBe('[Character!]!');
    expect(schema.getType('EpisodeFilter')).toBeDefined();
    expect(String((schema.getType('CharacterWhere') as gql.GraphQLInputObjectType).getFields()['appearsIn']!.type)).toBe('EpisodeListFilter');
    expect((schema.getType('Episode') as gql.GraphQLEnumType).getValue('NEWHOPE')!.description).toBe('Released in 1977.');
    expect(schema.getType('Character')!.description).toBe('A character in the Star Wars Trilogy.');
    expect((schema.getType('Human') as gql.GraphQLObjectType).getInterfaces().map(String)).toEqual(['Character']);
  });
});

describe('deprecations', () => {
  it('@deprecated on fields and enum values carries into the generated schema', () => {
    const sdl = `enum Color { RED GREEN @deprecated(reason: "use RED") }
      type Paint { id: ID! "The hue." color: Color old: String @deprecated name: String @deprecated(reason: "Use color.") }`;
    const schema = gql.buildSchema(printApiSchema(buildApiSchema(catalogOf(sdl))));
    const paint = (schema.getType('Paint') as gql.GraphQLObjectType).getFields();
    expect(paint['old']!.deprecationReason).toBe('No longer supported');
    expect(paint['name']!.deprecationReason).toBe('Use color.');
    expect(paint['color']!.description).toBe('The hue.');
    expect((schema.getType('Color') as gql.GraphQLEnumType).getValue('GREEN')!.deprecationReason).toBe('use RED');
    expect((schema.getType('PaintCreateInput') as gql.GraphQLInputObjectType).getFields()['name']!.deprecationReason).toBe('Use color.');
  });
});

it('a deprecated non-null column stays a valid schema (required inputs are not deprecated)', () => {
  const sdl = `type Paint { id: ID! name: String! @deprecated(reason: "gone") }`;
  const schema = gql.buildSchema(printApiSchema(buildApiSchema(catalogOf(sdl))));
  expect(gql.validateSchema(schema)).toEqual([]);
  expect((schema.getType('Paint') as gql.GraphQLObjectType).getFields()['name']!.deprecationReason).toBe('gone');
});

it('an entity with nothing but its key: a valid schema with no update input or update mutations, and it works', async () => {
  const sdl = `type Tag { id: ID! }
    type Code { code: Int! @id }
    type Post { id: ID! title: String tag: Tag tags: [Tag] code: Code }`;
  const schema = gql.buildSchema(printApiSchema(buildApiSchema(catalogOf(sdl))));
  expect(gql.validateSchema(schema)).toEqual([]);
  const mutations = Object.keys(schema.getMutationType()!.getFields());
  for (const t of ['Tag', 'Code']) {
    expect(schema.getType(`${t}UpdateInput`)).toBeUndefined();
    expect(mutations.filter((m) => m.endsWith(t) || m.endsWith(`${t}s`))).toEqual([`create${t}`, `create${t}s`, `upsert${t}`, `delete${t}`, `delete${t}s`]);
  }
  expect(mutations).toContain('updatePost'); // an entity with a field still has them
  const db = await openTestDb(sdl, { Tag: [{ id: 't1' }], Code: [{ code: 7 }], Post: [{ id: 'p', title: 'x', tag: 't1', tags: ['t1'], code: 7 }] });
  const run = (query: string) => db.engine.execute({ query });
  expect(run('mutation { createTag(data: { id: "t2" }) { id } upsertTag(data: { id: "t1" }) { id } }')).toEqual({ data: { createTag: { id: 't2' }, upsertTag: { id: 't1' } } });
  expect(run('{ tags { id } posts { tag { id } tags { id } code { code } } codesAggregate { count max { code } } }')).toEqual(
    { data: { tags: [{ id: 't1' }, { id: 't2' }], posts: [{ tag: { id: 't1' }, tags: [{ id: 't1' }], code: { code: 7 } }], codesAggregate: { count: 1, max: { code: 7 } } } });
  expect(run('mutation { updateTag(id: "t1", data: {}) { id } }').errors?.[0]?.extensions?.['code']).toBe('GRAPHQL_VALIDATION_FAILED');
});
