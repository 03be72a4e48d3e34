// SDL → catalog: the model built for the datasets, every SCHEMA_ERROR a user can cause (code,
// message, SDL location), all errors reported at once, and generated schemas that never crash.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { catalogOf, dataset, schemaArbitrary as schema, schemaProblems } from './helpers.ts';
import { catalogFromSDL } from '../../src/catalog/build.ts';
import { apiNames, pluralize } from '../../src/catalog/naming.ts';

/** 1-based line/column of the `nth` occurrence of `needle` in `sdl`, plus `offset` characters. */
function locOf(sdl: string, needle: string, offset = 0, nth = 0): { line: number; column: number } {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = sdl.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" not in the SDL`);
  }
  at += offset;
  const before = sdl.slice(0, at).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

describe('catalog of the datasets', () => {
  test('swapi: keys, names, relationship kinds, onDelete defaults, indexes', () => {
    const c = catalogOf(dataset('swapi').sdl);
    expect(Object.keys(c.entities)).toEqual(['Film', 'Person', 'Planet', 'Species', 'Starship', 'Vehicle']);
    expect(c.entities.Person.names).toEqual({ singular: 'person', plural: 'people', list: 'people' });
    expect(c.entities.Species.names).toEqual({ singular: 'species', plural: 'species', list: 'speciesList' });
    expect(c.interfaces.Transport.names.plural).toBe('transports');
    expect(c.interfaces.Transport.implementations).toEqual(['Starship', 'Vehicle']);
    const p = c.entities.Person;
    expect(p.key).toEqual({ field: 'id', kind: 'ID', origin: 'idField' });
    expect(p.relations.homeworld).toMatchObject({ kind: 'toOne', inverse: 'residents', onDelete: 'SET_NULL', fkIndex: 'i:Person.fk_homeworld' });
    expect(c.entities.Planet.relations.residents).toMatchObject({ kind: 'inverse', list: true, inverse: 'homeworld', fkIndex: 'i:Person.fk_homeworld' });
    expect(p.relations.films).toMatchObject({ kind: 'manyToMany', inverse: 'characters', edge: 'Film.characters', direction: 'backward' });
    expect(c.entities.Film.relations.characters).toMatchObject({ kind: 'manyToMany', edge: 'Film.characters', direction: 'forward' });
    expect(c.entities.Species.relations.homeworld).toMatchObject({ kind: 'toOne', inverse: null });
    expect(p.indexes.map((i) => [i.name, i.type, i.unique, i.fields])).toEqual([
      ['idx_name', 'BTREE', false, ['name']], ['hash_eyeColor', 'HASH', false, ['eyeColor']],
      ['idx_gender_height', 'BTREE', false, ['gender', 'height']], ['fk_homeworld', 'BTREE', false, ['homeworld']],
    ]);
    expect(c.entities.Film.columns.episodeId.unique).toBe(true);
    expect(c.entities.Film.columns.releaseDate).toMatchObject({ kind: 'DateTime', orderable: true });
    expect(c.entities.Film.columns.producers).toMatchObject({ list: true, itemNullable: false, orderable: false });
    expect(p.columns.name.description).toBe('The name of this person.');
    // slots: every non-key column and to-one, in declaration order
    expect(p.slotFields).toEqual(['name', 'birthYear', 'eyeColor', 'gender', 'hairColor', 'height', 'mass', 'skinColor', 'homeworld', 'created', 'edited']);
    // deterministic and serialisable
    expect(JSON.parse(JSON.stringify(c))).toEqual(c);
    expect(JSON.stringify(catalogOf(dataset('swapi').sdl))).toBe(JSON.stringify(c));
  });

  test('starwars: interface, enum in declaration order, polymorphic directed edges', () => {
    const c = catalogOf(dataset('starwars').sdl);
    expect(c.enums.Episode.values.map((v) => v.name)).toEqual(['NEWHOPE', 'EMPIRE', 'JEDI']);
    expect(c.enums.Episode.values[0].description).toBe('Released in 1977.');
    expect(c.entities.Human.relations.friends).toMatchObject({ kind: 'directed', polymorphic: true, targetEntities: ['Droid', 'Human'], edge: 'Human.friends' });
    expect(c.entities.Human.interfaces).toEqual(['Character']);
    expect(c.interfaces.Character.key).toMatchObject({ field: 'id', kind: 'ID' });
  });

  test('the parser of src/graphql gives the same catalog as graphql-js', () => {
    for (const name of ['swapi', 'starwars'] as const) {
      const { sdl } = dataset(name);
      expect(catalogFromSDL(sdl)).toEqual(catalogOf(sdl));
    }
  });
});

describe('keys, columns, relationships', () => {
  test('@id on a String field; an added id; generated names; @default stored', () => {
    const c = catalogOf(`
      enum Color { RED GREEN }
      type Tag @plural(name: "tagz") { slug: String! @id  color: Color! @default(value: GREEN)  at: DateTime @default(value: "2020-01-01T00:00:00Z") }
      type Note { body: String }`);
    expect(c.entities.Tag.key).toEqual({ field: 'slug', kind: 'String', origin: 'directive' });
    expect(c.entities.Tag.names.plural).toBe('tagz');
    expect(c.entities.Tag.columns.color.default).toBe('GREEN');
    expect(c.entities.Tag.columns.at.default).toBe(Date.UTC(2020, 0, 1));
    expect(c.entities.Note.key).toEqual({ field: 'id', kind: 'ID', origin: 'added' });
    expect(c.entities.Note.fields[0]).toEqual({ name: 'id', is: 'column' });
  });

  test('pairing: one-to-one, self parent/children, directed self lists, union targets, onDelete', () => {
    const c = catalogOf(`
      type User { id: ID!  profile: Profile  manager: User  reports: [User]  likes: [Post]  pinned: Item }
      type Fan { friends: [Fan]  foes: [Fan] }
      type Profile { id: ID!  user: User! @relation(onDelete: CASCADE) }
      type Post { id: ID!  author: User! }
      union Item = Post | Profile`);
    const u = c.entities.User.relations;
    expect(u.profile).toMatchObject({ kind: 'inverse', list: false, inverse: 'user' });
    expect(c.entities.Profile.relations.user).toMatchObject({ kind: 'toOne', onDelete: 'CASCADE' });
    expect(c.entities.Profile.indexes.find((i) => i.name === 'fk_user')?.unique).toBe(true);
    expect(u.manager).toMatchObject({ kind: 'toOne', inverse: 'reports' });
    expect(u.reports).toMatchObject({ kind: 'inverse', list: true });
    // two self lists never pair implicitly: both are directed
    expect(c.entities.Fan.relations.friends).toMatchObject({ kind: 'directed', inverse: null });
    expect(c.entities.Fan.relations.foes).toMatchObject({ kind: 'directed', inverse: null });
    // exactly one field on each side points back: paired automatically
    expect(u.likes).toMatchObject({ kind: 'inverse', inverse: 'author' });
    expect(c.entities.Post.relations.author).toMatchObject({ kind: 'toOne', onDelete: 'RESTRICT', inverse: 'likes' });
    expect(u.pinned).toMatchObject({ kind: 'toOne', polymorphic: true, targetEntities: ['Post', 'Profile'] });
  });

  test('English plurals and the List suffix', () => {
    expect(['Person', 'Category', 'Box', 'Status', 'Child', 'Species', 'Leaf', 'Day', 'SpacePerson', 'Analysis', 'MGLT'].map((n) => pluralize(n[0].toLowerCase() + n.slice(1))))
      .toEqual(['people', 'categories', 'boxes', 'statuses', 'children', 'species', 'leaves', 'days', 'spacePeople', 'analyses', 'mGLTs']);
    expect(apiNames('Sheep', null)).toEqual({ singular: 'sheep', plural: 'sheep', list: 'sheepList' });
    expect(apiNames('URLRecord', null).singular).toBe('urlRecord');
  });
});

/** [what, sdl, message substring, [needle, offset, nth] of the expected location] */
const ERRORS: [string, string, string, [string, number?, number?]][] = [
  ['unknown field type', 'type A { b: Bee }', 'Unknown type "Bee" for field "A.b"', ['Bee']],
  ['user-declared Query', 'type Query { a: Int }\ntype A { x: Int }', 'Type "Query" must not be declared', ['Query']],
  ['user-declared Mutation', 'type A { x: Int }\ntype Mutation { a: Int }', 'Type "Mutation" must not be declared', ['Mutation']],
  ['user-declared Subscription', 'type Subscription { a: Int }', 'Type "Subscription" must not be declared', ['Subscription']],
  ['schema block', 'schema { query: A }\ntype A { x: Int }', 'Do not declare a `schema` block', ['schema']],
  ['input type', 'input AInput { x: Int }', 'Input type "AInput" is not allowed', ['AInput']],
  ['operation in SDL', 'type A { x: Int }\nquery { a }', 'type definitions only', ['query']],
  ['duplicate type', 'type A { x: Int }\ntype A { y: Int }', 'only one type named "A"', ['A', 0, 0]],
  ['reserved built-in name', 'type String { x: Int }', 'Type name "String" is reserved', ['String']],
  ['generated name taken', 'type Person { x: Int }\ntype PersonWhere { y: Int }', 'clashes with the type Quire generates for "Person"', ['PersonWhere']],
  ['enum generated filter clash', 'enum Color { A }\nenum ColorList { B }\ntype T { c: Color }', 'Generated type "ColorListFilter"', ['ColorList']],
  ['root field clash', 'type Person { x: Int }\ntype People @plural(name: "persons") { x: Int }', 'Generated Query field "people" of "Person" clashes with the one of "People"', ['Person', 0, 0]],
  ['aggregate sibling clash', 'type A { bs: [B]  bsAggregate: Int }\ntype B { x: Int }', 'Field "A.bsAggregate" clashes', ['bsAggregate']],
  ['two @id', 'type A { a: ID! @id  b: ID! @id }', 'more than one @id field', ['@id', 0, 1]],
  ['@id nullable', 'type A { a: ID @id }', 'must be a non-null ID!, String! or Int!', ['@id']],
  ['@id on Float', 'type A { a: Float! @id }', 'must be a non-null ID!, String! or Int!', ['@id']],
  ['@id on a list', 'type A { a: [ID!]! @id }', 'must be a non-null ID!, String! or Int!', ['@id']],
  ['id of another type', 'type A { id: String! }', 'Field "A.id" must have type ID!', ['String!']],
  ['nullable id', 'type A { id: ID }', 'Field "A.id" must have type ID!', ['ID }']],
  ['unknown directive', 'type A { x: Int @indexx }', 'Unknown directive "@indexx"', ['@indexx']],
  ['@plural on a field', 'type A { x: Int @plural(name: "xs") }', 'Directive "@plural" may not be used on field "A.x"', ['@plural']],
  ['@id on a type', 'type A @id { x: Int }', 'Directive "@id" may not be used on type "A"', ['@id']],
  ['@unique twice', 'type A { x: Int @unique @unique }', 'may be used only once', ['@unique', 0, 0]],
  ['bad argument name', 'type A { x: Int @index(kind: HASH) }', 'has no argument "kind"', ['kind']],
  ['bad index type', 'type A { x: Int @index(type: BITMAP) }', 'must be one of BTREE, HASH', ['BITMAP']],
  ['index on a list', 'type A { x: [Int] @index }', '@index cannot be used on field "A.x": it is a list', ['@index']],
  ['index on JSON', 'type A { x: JSON @index }', 'it is JSON', ['@index']],
  ['unique on JSON', 'type A { x: JSON @unique }', '@unique cannot be used on field "A.x": it is JSON', ['@unique']],
  ['B-tree index on Boolean', 'type A { x: Boolean @index }', 'not orderable', ['@index']],
  ['index on a custom scalar', 'scalar Money\ntype A { x: Money @index }', 'custom scalar Money', ['@index']],
  ['index on a relationship', 'type A { b: B @index }\ntype B { x: Int }', 'cannot be used on relationship field "A.b"', ['@index']],
  ['unique on a relationship list', 'type A { b: [B] @unique }\ntype B { x: Int }', 'cannot be used on relationship field "A.b"', ['@unique']],
  ['composite index with unknown field', 'type A @index(fields: ["x", "nope"]) { x: Int }', 'names unknown field "nope"', ['"nope"']],
  ['composite index on a list', 'type A @index(fields: ["x", "ys"]) { x: Int  ys: [Int] }', 'cannot include "ys": it is a list', ['"ys"']],
  ['composite index with relationship', 'type A @index(fields: ["b"]) { b: B }\ntype B { x: Int }', 'cannot include relationship field "b"', ['"b"']],
  ['composite index without fields', 'type A @index { x: Int }', 'needs "fields"', ['@index']],
  ['fields on a field index', 'type A { x: Int @index(fields: ["x"]) }', 'belongs on a type', ['["x"]']],
  ['bad @default type', 'type A { x: Int @default(value: "ten") }', '@default value on field "A.x" is invalid: Int cannot represent "ten"', ['"ten"']],
  ['@default outside Int range', 'type A { x: Int @default(value: 3000000000) }', 'outside the 32-bit range', ['3000000000']],
  ['@default unknown enum value', 'enum E { A }\ntype T { e: E @default(value: B) }', 'E has no value "B"', ['B)']],
  ['@default bad DateTime', 'type T { at: DateTime @default(value: "yesterday") }', 'DateTime cannot represent "yesterday"', ['"yesterday"']],
  ['@default without value', 'type T { x: Int @default }', 'needs a "value" argument', ['@default']],
  ['@default on the key', 'type T { id: ID! @default(value: "x") }', 'it is the primary key', ['@default']],
  ['@relation on a column', 'type T { x: Int @relation(inverse: "y") }', '"@relation" may only be used on relationship fields', ['@relation']],
  ['unknown inverse field', 'type A { b: B @relation(inverse: "as") }\ntype B { x: Int }', 'type "B" has no field "as"', ['"as"']],
  ['inverse is a column', 'type A { b: B @relation(inverse: "x") }\ntype B { x: Int }', '"B.x" is a column', ['"x"']],
  ['inverse points elsewhere', 'type A { b: B @relation(inverse: "cs") }\ntype B { cs: [C] }\ntype C { x: Int }', 'points at "C", not back at "A"', ['"cs"']],
  ['contradictory inverses', 'type A { b: B @relation(inverse: "a1")  b2: B }\ntype B { a1: A @relation(inverse: "b2")  a2: A }', 'Contradictory pairing', ['"a1"']],
  ['ambiguous pairing', 'type Person { home: Planet  birth: Planet }\ntype Planet { residents: [Person] }', 'Ambiguous pairing', ['residents']],
  ['self inverse', 'type A { next: A @relation(inverse: "next") }', 'never pairs with itself', ['"next"']],
  ['inverse on an interface target', 'interface I { id: ID! }\ntype A implements I { id: ID!  b: [I] @relation(inverse: "x") }', 'needs an entity target', ['"x"']],
  ['SET_NULL on non-null', 'type A { b: B! @relation(onDelete: SET_NULL) }\ntype B { x: Int }', 'SET_NULL is impossible', ['SET_NULL']],
  ['contradictory onDelete', 'type A { b: B @relation(onDelete: CASCADE) }\ntype B { as: [A] @relation(onDelete: RESTRICT) }', 'Contradictory onDelete', ['CASCADE']],
  ['onDelete on many-to-many', 'type A { bs: [B] @relation(onDelete: CASCADE) }\ntype B { x: Int }', 'has no effect', ['CASCADE']],
  ['bad onDelete value', 'type A { b: B @relation(onDelete: DROP) }\ntype B { x: Int }', 'must be one of CASCADE, SET_NULL, RESTRICT', ['DROP']],
  ['empty @relation', 'type A { b: B @relation }\ntype B { x: Int }', 'needs "inverse" or "onDelete"', ['@relation']],
  ['non-null one-to-one inverse', 'type A { b: B }\ntype B { a: A! }', 'inverse side of a one-to-one', ['A!']],
  ['bad @plural name', 'type A @plural(name: "a-s") { x: Int }', 'not a valid GraphQL name', ['"a-s"']],
  ['@plural without name', 'type A @plural { x: Int }', 'needs a "name" argument', ['@plural']],
  ['field arguments', 'type A { x(y: Int): Int }', 'may not take arguments', ['y: Int']],
  ['reserved where operator', 'type A { and: Int }', 'Field name "A.and" is reserved', ['and']],
  ['list of lists', 'type A { m: [[Int]] }', 'lists of lists are not supported', ['[[Int]]']],
  ['implements a non-interface', 'type B { x: Int }\ntype A implements B { x: Int }', 'cannot implement "B": it is not an interface', ['B {', 0, 1]],
  ['missing interface field', 'interface I { name: String }\ntype A implements I { x: Int }', 'has no field "name"', ['A implements', 0]],
  ['incompatible interface field', 'interface I { name: String! }\ntype A implements I { name: Int }', 'compatible with "I.name"', ['Int }']],
  ['interface field with storage directive', 'interface I { name: String @unique }\ntype A implements I { name: String }', '"@unique" may not be used on interface field', ['@unique']],
  ['implementations with different keys', 'interface I { x: Int }\ntype A implements I { x: Int  k: String! @id }\ntype B implements I { x: Int }', 'must share one primary key', ['I {']],
  ['union of non-entities', 'enum E { A }\nunion U = E\ntype T { u: U }', 'can only include entity', ['E\n', 0, 0]],
  ['type extension', 'type A { x: Int }\nextend type A { y: Int }', 'Type extensions', ['extend']],
  ['duplicate field', 'type A { x: Int  x: String }', 'Field "A.x" is declared twice', ['x', 0, 0]],
  ['duplicate enum value', 'enum E { A A }\ntype T { e: E }', 'Enum value "E.A" is declared twice', ['A', 0, 1]],
  ['unique on the key', 'type A { id: ID! @unique }', '@unique is redundant', ['@unique']],
  ['syntax error', 'type A { x: }', 'Syntax Error', ['}']],
];

describe('SCHEMA_ERROR for every mistake, with message and location', () => {
  for (const [what, sdl, message, [needle, offset, nth]] of ERRORS) {
    test(what, () => {
      let problems;
      try {
        catalogFromSDL(sdl);
        throw new Error('built');
      } catch (e) {
        const err = e as { extensions?: { code?: string; errors?: { message: string; locations: { line: number; column: number }[] }[] }; locations?: unknown[]; message: string };
        expect(err.extensions?.code, err.message).toBe('SCHEMA_ERROR');
        problems = err.extensions!.errors!;
        expect(err.message).toContain(problems[0].message);
        expect(err.locations).toEqual(problems.flatMap((p) => p.locations));
      }
      const hit = problems.find((p) => p.message.includes(message));
      expect(hit, `${JSON.stringify(problems)}`).toBeDefined();
      expect(hit!.locations[0]).toEqual(locOf(sdl, needle, offset ?? 0, nth ?? 0));
    });
  }

  test('every error of a schema is reported, not just the first', () => {
    const sdl = 'type Query { a: Int }\ntype A { b: Nope  c: Int @index(type: X)  id: Int }\ntype A { z: Int }';
    const problems = schemaProblems(sdl);
    expect(problems.map((p) => p.message)).toEqual(expect.arrayContaining([
      expect.stringContaining('"Query" must not be declared'), expect.stringContaining('Unknown type "Nope"'),
      expect.stringContaining('must be one of BTREE, HASH'), expect.stringContaining('Field "A.id" must have type ID!'),
      expect.stringContaining('only one type named "A"'),
    ]));
  });
});

describe('generated schemas never crash the builder', () => {
  test('a catalog or a SCHEMA_ERROR with locations, and the same answer twice', () => {
    fc.assert(fc.property(schema, (sdl) => {
      let first: string;
      try {
        first = JSON.stringify(catalogFromSDL(sdl));
      } catch (e) {
        const err = e as { extensions?: { code?: string; errors?: { locations: unknown[] }[] } };
        expect(err.extensions?.code).toBe('SCHEMA_ERROR');
        expect(err.extensions!.errors!.length).toBeGreaterThan(0);
        first = 'error';
      }
      let second: string;
      try {
        second = JSON.stringify(catalogFromSDL(sdl));
      } catch {
        second = 'error';
      }
      expect(second).toBe(first);
    }), { numRuns: 300 });
  });
});
