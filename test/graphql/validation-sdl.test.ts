// SDL validation against graphql-js 17's validateSDL: a corpus of type-system documents making
// every rule of specifiedSDLRules fire (alone and as extensions of an existing schema) reports the
// same errors, messages and locations, each with GRAPHQL_VALIDATION_FAILED.

import * as G from 'graphql';
import { specifiedSDLRules } from 'graphql/validation/specifiedRules';
import { validateSDL as referenceValidateSDL } from 'graphql/validation/validate';
import { describe, expect, test } from 'vitest';
import { parse } from '../../src/graphql/parser.ts';
import { buildSchema } from '../../src/graphql/type/index.ts';
import { validateSDL } from '../../src/graphql/validation/index.ts';
import { STARWARS_SDL } from './fixtures-validation/schemas.ts';

const normalise = (errors: ReadonlyArray<{ message: string; locations?: unknown }>): string[] =>
  errors.map((e) => JSON.stringify([e.message, e.locations ?? null])).sort();

const VALID = [
  STARWARS_SDL,
  `schema { query: Q } type Q { a(x: In = {a: [1, 2]}): Int @deprecated(reason: "r") } input In { a: [Int] }`,
  `directive @d(a: Int!) repeatable on FIELD_DEFINITION | OBJECT type Query @d(a: 1) @d(a: 2) { f: Int @d(a: 3) @d(a: 4) }`,
  `type Query { a: Int } extend type Query { b: Int } extend schema @dir directive @dir on SCHEMA`,
  `scalar Url @specifiedBy(url: "https://x") input P @oneOf { a: Int, b: String } type Query { u: Url p(p: P): Int }`,
  `interface I { id: ID } interface J implements I { id: ID } type Query implements J & I { id: ID }`,
];

const INVALID = [
  // LoneSchemaDefinition, UniqueOperationTypes
  `schema { query: Query } schema { query: Query } type Query { a: Int }`,
  `schema { query: Query query: Query mutation: M } extend schema { mutation: M } type Query { a: Int } type M { b: Int }`,
  // UniqueTypeNames, UniqueEnumValueNames, UniqueFieldDefinitionNames, UniqueArgumentDefinitionNames
  `type Query { a: Int } type Query { b: Int } scalar Query`,
  `enum E { A B A } extend enum E { B C } type Query { e: E }`,
  `type Query { a: Int a: String } extend type Query { a: Int } input In { x: Int x: Int } interface I { y: Int y: Int }`,
  `type Query { f(a: Int, a: Int, b: Int, b: String): Int } directive @d(x: Int, x: Int) on FIELD interface I { g(q: Int, q: Int): Int }`,
  // UniqueDirectiveNames
  `directive @d on FIELD directive @d on QUERY directive @skip on FIELD type Query { a: Int }`,
  // KnownTypeNames
  `type Query { a: Unknown b: [Strin!] c(x: Inpt): Int } union U = Nope | Query interface I implements Missing { a: Int } schema { query: Qury }`,
  // KnownDirectives
  `type Query @nope { a: Int @skip(if: true) @deprecated } enum E @specifiedBy(url: "x") { A @oneOf }`,
  `directive @onlyQuery on QUERY input In @onlyQuery { a: Int @onlyQuery } type Query { f(a: In @onlyQuery): Int }`,
  // UniqueDirectivesPerLocation
  `type Query @deprecated @deprecated { a: Int @deprecated @deprecated } directive @deprecated on OBJECT | FIELD_DEFINITION`,
  `directive @u on OBJECT type Query @u { a: Int } extend type Query @u`,
  // PossibleTypeExtensions
  `type Query { a: Int } extend scalar Query @specifiedBy(url: "u") extend type Nope { a: Int } extend input Query { b: Int } extend union Qury = Query`,
  // KnownArgumentNamesOnDirectives, UniqueArgumentNames, ProvidedRequiredArgumentsOnDirectives
  `directive @d(a: Int!, b: String) on FIELD_DEFINITION type Query { f: Int @d(c: 1) g: Int @d(a: 1, a: 2) h: Int @deprecated(reson: "x") }`,
  `type Query { f: Int @d } directive @d(req: [Int!]!) on FIELD_DEFINITION scalar S @specifiedBy`,
  // UniqueInputFieldNames
  `type Query { f(a: In = {x: 1, x: 2, n: {y: 1, y: 2}}): Int } input In { x: Int n: N } input N { y: Int }`,
  `directive @d(v: In) on OBJECT type Query @d(v: {x: 1, x: 2}) { a: Int } input In { x: Int }`,
];

const RULE_NAMES = specifiedSDLRules.map((r) => r.name);

describe('validateSDL', () => {
  test.each([...VALID, ...INVALID].map((s) => [s.slice(0, 70), s]))('%j: same errors as graphql-js', (_, sdl) => {
    const expected = normalise(referenceValidateSDL(G.parse(sdl)));
    expect(expected.length === 0).toBe(VALID.includes(sdl));
    expect(normalise(validateSDL(parse(sdl)))).toEqual(expected);
  });

  test('every SDL rule fires somewhere in the corpus', () => {
    const fired = RULE_NAMES.filter((name) => {
      const rule = specifiedSDLRules.find((r) => r.name === name)!;
      return INVALID.some((sdl) => referenceValidateSDL(G.parse(sdl), undefined, [rule]).length > 0);
    });
    expect(fired).toEqual(RULE_NAMES);
  });

  test('errors carry code GRAPHQL_VALIDATION_FAILED and locations', () => {
    for (const sdl of INVALID) {
      for (const e of validateSDL(parse(sdl))) {
        expect(e.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
        expect(e.locations?.length).toBeGreaterThan(0);
      }
    }
  });

  const EXTENSIONS = [
    `type Human { x: Int } extend type Human { name: String extra: Int }`,
    `extend enum Episode { JEDI NEW } extend type Droid { id: ID } extend input Nope { a: Int }`,
    `schema { query: Query } extend schema { query: Query } directive @skip on FIELD`,
    `extend type Character { name: String } extend scalar Episode @specifiedBy(url: "u") extend type Query { more: Int }`,
  ];
  test.each(EXTENSIONS.map((s) => [s]))('%j extending the Star Wars schema: same errors as graphql-js', (sdl) => {
    const expected = normalise(referenceValidateSDL(G.parse(sdl), G.buildSchema(STARWARS_SDL)));
    expect(expected.length).toBeGreaterThan(0);
    expect(normalise(validateSDL(parse(sdl), buildSchema(STARWARS_SDL)))).toEqual(expected);
  });
});
