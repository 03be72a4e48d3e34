// Type system against graphql-js 17: printSchema of the SWAPI, Star Wars and kitchen-sink SDL; the
// standard introspection query answered by Quire's resolver equals graphql-js's result and builds
// with buildClientSchema; built-in scalar coercion, input-value coercion errors (with paths),
// getVariableValues, literal coercion and validation agree on property-generated values.

import fc from 'fast-check';
import * as G from 'graphql';
import { describe, expect, test } from 'vitest';
import type { FieldNode, FragmentDefinitionNode, OperationDefinitionNode } from '../../src/graphql/ast.ts';
import { parse, parseValue } from '../../src/graphql/parser.ts';
import {
  astFromValue, buildSchema, coerceInputValue, getVariableValues, GraphQLBoolean, GraphQLFloat, GraphQLID, GraphQLInt,
  GraphQLObjectType, GraphQLSchema, GraphQLString, isInputType, printIntrospectionSchema, printSchema, resolveIntrospectionField,
  typeFromAST, validateInputLiteral, validateSchema, valueFromAST, getArgumentValues, type GraphQLInputType,
} from '../../src/graphql/type/index.ts';
import { validate } from '../../src/graphql/validation/index.ts';
import { KITCHEN_SINK_SDL, STARWARS_SDL, SWAPI_SDL } from './fixtures-validation/schemas.ts';

const SCHEMAS = { swapi: SWAPI_SDL, starwars: STARWARS_SDL, kitchenSink: KITCHEN_SINK_SDL };
const INTROSPECTION_OPTIONS = {
  descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true, oneOf: true,
  experimentalDirectiveDeprecation: true,
};

/** Answers an operation made only of introspection fields with Quire's pure resolver. */
function introspect(schema: GraphQLSchema, query: string, variableValues: Record<string, unknown> = {}): Record<string, unknown> {
  const document = parse(query);
  const fragments: Record<string, FragmentDefinitionNode> = {};
  let operation: OperationDefinitionNode | undefined;
  for (const def of document.definitions) {
    if (def.kind === 'FragmentDefinition') fragments[def.name.value] = def;
    else if (def.kind === 'OperationDefinition') operation = def;
  }
  const data: Record<string, unknown> = {};
  for (const sel of operation!.selectionSet.selections) {
    const field = sel as FieldNode;
    data[field.alias?.value ?? field.name.value] = resolveIntrospectionField({ schema, fragments, variableValues }, field);
  }
  return data;
}

describe('printSchema', () => {
  test.each(Object.entries(SCHEMAS))('%s prints exactly as graphql-js prints it', (_, sdl) => {
    expect(printSchema(buildSchema(sdl))).toBe(G.printSchema(G.buildSchema(sdl)));
  });

  test('the introspection types print as graphql-js prints them', () => {
    expect(printIntrospectionSchema(buildSchema(SWAPI_SDL))).toBe(G.printIntrospectionSchema(G.buildSchema(SWAPI_SDL)));
  });

  test('print → build → print is a fixed point', () => {
    for (const sdl of Object.values(SCHEMAS)) {
      const printed = printSchema(buildSchema(sdl));
      expect(printSchema(buildSchema(printed))).toBe(printed);
    }
  });
});

describe('introspection', () => {
  test.each(Object.entries(SCHEMAS))('%s: the standard introspection query answers exactly as graphql-js does', (_, sdl) => {
    const result = introspect(buildSchema(sdl), G.getIntrospectionQuery(INTROSPECTION_OPTIONS));
    expect(JSON.parse(JSON.stringify(result))).toEqual(JSON.parse(JSON.stringify(G.introspectionFromSchema(G.buildSchema(sdl), INTROSPECTION_OPTIONS))));
  });

  test.each(Object.entries(SCHEMAS))('%s: the result builds with buildClientSchema and prints like the SDL', (_, sdl) => {
    const result = introspect(buildSchema(sdl), G.getIntrospectionQuery(INTROSPECTION_OPTIONS));
    const client = G.buildClientSchema(result as unknown as G.IntrospectionQuery);
    expect(G.printSchema(client)).toBe(G.printSchema(G.buildSchema(sdl)));
  });

  test('__type with a variable, aliases, @skip/@include, inline fragments and __typename', () => {
    const query = `query Q($name: String!, $no: Boolean!) {
      t: __type(name: $name) {
        __typename kind name
        fs: fields(includeDeprecated: true) { name type { ...Ref } }
        ... on __Type { enumValues @skip(if: true) { name } }
        interfaces @include(if: $no) { name }
        possibleTypes { name }
      }
      missing: __type(name: "Nope") { name }
    }
    fragment Ref on __Type { kind name ofType { kind name ofType { kind name } } }`;
    const variables = { name: 'Human', no: false };
    const gs = G.buildSchema(STARWARS_SDL);
    const expected = G.graphqlSync({ schema: gs, source: query, variableValues: variables });
    expect(expected.errors).toBeUndefined();
    expect(JSON.parse(JSON.stringify(introspect(buildSchema(STARWARS_SDL), query, variables)))).toEqual(JSON.parse(JSON.stringify(expected.data)));
  });
});

describe('built-in scalars', () => {
  type Outcome = { value: unknown } | { error: string };
  const run = (f: () => unknown): Outcome => {
    try {
      return { value: f() };
    } catch (e) {
      return { error: (e as Error).message };
    }
  };
  const values = fc.oneof(
    fc.integer(), fc.double(), fc.integer({ min: -(2 ** 33), max: 2 ** 33 }), fc.string(), fc.constantFrom('', '12', '-3', '1.5', '1e3', '0x1', ' 7 '),
    fc.boolean(), fc.constant(null), fc.constant(undefined), fc.bigInt({ min: -(2n ** 60n), max: 2n ** 60n }),
    fc.array(fc.integer(), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { maxKeys: 2 }),
    fc.constant({ valueOf: () => 42 }), fc.constant(new Date(0)), fc.constantFrom(NaN, Infinity, -0),
  );
  const pairs = [
    [GraphQLInt, G.GraphQLInt], [GraphQLFloat, G.GraphQLFloat], [GraphQLString, G.GraphQLString],
    [GraphQLBoolean, G.GraphQLBoolean], [GraphQLID, G.GraphQLID],
  ] as const;

  test.each(pairs.map(([q, g]) => [q.name, q, g] as const))('%s serializes and parses values exactly like graphql-js', (_, quire, reference) => {
    fc.assert(fc.property(values, (value) => {
      expect(run(() => quire.serialize(value))).toEqual(run(() => reference.coerceOutputValue(value)));
      expect(run(() => quire.parseValue(value))).toEqual(run(() => reference.coerceInputValue(value)));
    }), { numRuns: 400 });
  });

  const literals = fc.oneof(
    fc.integer().map(String), fc.constantFrom('2147483648', '-2147483649', '1.5', '1e5', '"x"', '"""b"""', 'true', 'null', 'ENUM', '[1]', '{a: 1}', '$v'),
  );
  test.each(pairs.map(([q, g]) => [q.name, q, g] as const))('%s parses literals exactly like graphql-js', (_, quire, reference) => {
    fc.assert(fc.property(literals, (text) => {
      expect(run(() => quire.parseLiteral(parseValue(text)))).toEqual(run(() => reference.coerceInputLiteral!(G.parseValue(text) as G.ConstValueNode)));
    }), { numRuns: 200 });
  });
});

/** GraphQL literal text for a generated value, ignoring any type (so invalid literals are common). */
function toLiteralText(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return '[' + v.map(toLiteralText).join(', ') + ']';
  if (typeof v === 'object') return '{' + Object.entries(v).map(([k, x]) => `${k}: ${toLiteralText(x)}`).join(', ') + '}';
  if (typeof v === 'string') return /^[A-Z]+$/.test(v) ? v : JSON.stringify(v);
  return String(v);
}

describe('input values against graphql-js', () => {
  const schema = buildSchema(SWAPI_SDL);
  const gSchema = G.buildSchema(SWAPI_SDL);
  const TYPES = ['PersonFilter', '[PersonFilter!]', 'PersonOrder!', 'FilmKey!', 'CreatePersonInput!', '[[Int!]]', 'IndexType', 'ID!', '[String!]!', 'Float'];
  const typePair = fc.constantFrom(...TYPES).map((text) => {
    const node = G.parseType(text);
    return { text, quire: typeFromAST(schema, node as never) as GraphQLInputType, reference: G.typeFromAST(gSchema, node) as G.GraphQLInputType };
  });
  const keys = ['name', 'height', 'mass', 'field', 'direction', 'id', 'episodeId', 'and', 'homeworld', 'eyeColors', 'heightGreaterThan', 'populationAtLeast', 'bogus', 'nme'];
  const leaf = fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom('ASC', 'DESC', 'BTREE', 'x', '7', ''), fc.boolean(), fc.constant(null), fc.constant(2 ** 40));
  const { value } = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, fc.array(tie('value'), { maxLength: 3 }),
      fc.dictionary(fc.constantFrom(...keys), tie('value'), { maxKeys: 4 })),
  }));

  test('coerceInputValue: same result, or the same errors at the same paths, as graphql-js', () => {
    fc.assert(fc.property(typePair, value, ({ quire, reference }, input) => {
      const ours: Array<[string, unknown]> = [];
      const coerced = coerceInputValue(input, quire, (e, path) => ours.push([e.message, path]));
      const theirs: Array<[string, unknown]> = [];
      G.validateInputValue(input, reference, (e, path) => theirs.push([e.message, path]));
      expect(ours).toEqual(theirs);
      const expected = G.coerceInputValue(input, reference);
      expect(coerced === undefined ? undefined : JSON.parse(JSON.stringify(coerced))).toEqual(expected === undefined ? undefined : JSON.parse(JSON.stringify(expected)));
    }), { numRuns: 1500 });
  });

  test('literals: valueFromAST and validateInputLiteral agree with coerceInputLiteral/validateInputLiteral', () => {
    fc.assert(fc.property(typePair, value, ({ quire, reference }, input) => {
      const text = toLiteralText(input);
      const ours: string[] = [];
      validateInputLiteral(parseValue(text), quire, (e, path) => ours.push(e.message + ' @' + JSON.stringify(path)));
      const theirs: string[] = [];
      G.validateInputLiteral(G.parseValue(text), reference, (e, path) => theirs.push(e.message + ' @' + JSON.stringify(path)));
      expect(ours).toEqual(theirs);
      const expected = G.coerceInputLiteral(G.parseValue(text), reference);
      const actual = valueFromAST(parseValue(text), quire);
      expect(actual === undefined ? undefined : JSON.parse(JSON.stringify(actual))).toEqual(expected === undefined ? undefined : JSON.parse(JSON.stringify(expected)));
    }), { numRuns: 800 });
  });

  test('astFromValue prints the literal graphql-js valueToLiteral gives', () => {
    fc.assert(fc.property(typePair, value, ({ quire, reference }, input) => {
      const ours = astFromValue(input, quire);
      const theirs = G.valueToLiteral(input, reference);
      expect(ours && G.print(ours as G.ASTNode)).toEqual(theirs && G.print(theirs));
    }), { numRuns: 500 });
  });

  test('getVariableValues reports what graphql-js reports', () => {
    const operation = `query Q($f: PersonFilter, $o: [PersonOrder!], $k: FilmKey!, $n: Int = 3, $d: Int = "bad", $c: CreatePersonInput!, $b: Person) { __typename }`;
    const quireDefs = (parse(operation).definitions[0] as OperationDefinitionNode).variableDefinitions!;
    const gDefs = (G.parse(operation).definitions[0] as G.OperationDefinitionNode).variableDefinitions!;
    fc.assert(fc.property(fc.dictionary(fc.constantFrom('f', 'o', 'k', 'n', 'c', 'b', 'z'), value, { maxKeys: 5 }), (inputs) => {
      const ours = getVariableValues(schema, quireDefs, inputs);
      const theirs = G.getVariableValues(gSchema, gDefs, inputs);
      if ('errors' in theirs && theirs.errors) {
        expect(ours.errors?.map((e) => [e.message, e.locations])).toEqual(theirs.errors.map((e) => [e.message, e.locations]));
      } else {
        expect(ours.errors).toBeUndefined();
        expect(JSON.parse(JSON.stringify(ours.coerced))).toEqual(JSON.parse(JSON.stringify(theirs.variableValues.coerced)));
      }
    }), { numRuns: 400 });
  });
});

describe('schema validation', () => {
  const INVALID = [
    'type Query { a: String } type Q2 implements Query { a: String }',
    'interface I { a(x: Int): String! } type Query implements I { a: String }',
    'interface I { a(x: Int): String } type Query implements I { a(x: String, y: Int!): String }',
    'interface A implements B { a: Int } interface B implements A { a: Int } type Query { a: A }',
    'input In @oneOf { a: Int!, b: String = "x" } type Query { f(i: In): Int }',
    'input A { b: B! } input B { a: A! } type Query { f(a: A): Int }',
    'type Query { f(x: Int! @deprecated): Int }',
    'type Query { f(x: Int = "no"): Int }',
    'type Query { __bad: Int }',
    'union U = Query type Query { u: U } extend union U = Query',
    'schema { query: Query mutation: Query } type Query { a: Int }',
    'interface I { a: Int } type Query implements I { a: Int @deprecated }',
  ];
  test.each(INVALID.map((s) => [s]))('%s: the same errors as graphql-js', (sdl) => {
    const expected = G.validateSchema(G.buildSchema(sdl, { assumeValidSDL: true })).map((e) => e.message);
    expect(expected.length).toBeGreaterThan(0);
    const ours = validateSchema(buildSchema(sdl, { assumeValidSDL: true })).map((e) => e.message);
    expect(ours).toEqual(expected);
  });

  test('SDL errors: buildSchema rejects with graphql-js\'s message', () => {
    const BAD = [
      'type Query { a: Unknown }', 'type Query { a: Int } type Query { b: Int }', 'extend type Nope { a: Int }',
      'scalar S extend type S { a: Int } type Query { a: S }', 'type Query { a(x: Int, x: Int): Int }',
      'type Query { a: Int @nope }', 'type Query { a: Int @deprecated @deprecated }', 'enum E { A A } type Query { e: E }',
      'directive @d(r: Int!) on FIELD_DEFINITION type Query { a: Int @d }', 'schema { query: Query } schema { query: Query } type Query { a: Int }',
      'type Query { a(x: In = {a: 1, a: 2}): Int } input In { a: Int }', 'directive @d on QUERY directive @d on QUERY type Query { a: Int }',
      'type Query { a: Int @specifiedBy(url: "x") }', 'type Query { a: Int @deprecated(resson: "x") }',
    ];
    for (const sdl of BAD) {
      let expected = '';
      try { G.buildSchema(sdl); } catch (e) { expected = (e as Error).message; }
      expect(expected).not.toBe('');
      expect(() => buildSchema(sdl)).toThrow(expected);
    }
  });

  test('lazy field thunks let a program build mutually recursive types', () => {
    const A: GraphQLObjectType = new GraphQLObjectType({ name: 'A', fields: () => ({ b: { type: B }, n: { type: GraphQLInt } }) });
    const B: GraphQLObjectType = new GraphQLObjectType({ name: 'B', fields: () => ({ a: { type: A } }) });
    const schema = new GraphQLSchema({ query: new GraphQLObjectType({ name: 'Query', fields: { a: { type: A } } }) });
    expect(validateSchema(schema)).toEqual([]);
    expect(printSchema(schema)).toBe('type Query {\n  a: A\n}\n\ntype A {\n  b: B\n  n: Int\n}\n\ntype B {\n  a: A\n}');
    expect(isInputType(A)).toBe(false);
  });
});

describe('custom scalars and arguments', () => {
  const sdl = `scalar Odd type Query { f(n: Odd, list: [Odd!] = [1, 3], req: Int!): Int }`;
  const oddValue = (v: unknown): unknown => {
    if (typeof v !== 'number' || v % 2 !== 1) throw new Error(`not odd: ${String(v)}`);
    return v;
  };
  const quireSchema = buildSchema(sdl);
  const referenceSchema = G.buildSchema(sdl);
  Object.assign(quireSchema.getType('Odd')!, {
    parseValue: oddValue,
    parseLiteral: (node: { kind: string; value?: string }) => oddValue(node.kind === 'IntValue' ? Number(node.value) : node.value),
  });
  Object.assign(referenceSchema.getType('Odd')!, {
    coerceInputValue: oddValue,
    coerceInputLiteral: (node: { kind: string; value?: string }) => oddValue(node.kind === 'IntValue' ? Number(node.value) : node.value),
  });

  test('a custom scalar\'s coercion errors surface as graphql-js words them (variables and literals)', () => {
    fc.assert(fc.property(fc.oneof(fc.integer({ min: -5, max: 5 }), fc.string({ maxLength: 2 }), fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 3 })), (value) => {
      const ours: string[] = [];
      coerceInputValue(value, typeFromAST(quireSchema, G.parseType('[Odd!]') as never) as GraphQLInputType, (e, p) => ours.push(e.message + JSON.stringify(p)));
      const theirs: string[] = [];
      G.validateInputValue(value, G.typeFromAST(referenceSchema, G.parseType('[Odd!]')) as G.GraphQLInputType, (e, p) => theirs.push(e.message + JSON.stringify(p)));
      expect(ours).toEqual(theirs);
      const text = `{ f(n: ${toLiteralText(value)}, req: 1) }`;
      const quireErrors = validateDoc(quireSchema, text);
      expect(quireErrors).toEqual(G.validate(referenceSchema, G.parse(text)).map((e) => e.message));
    }), { numRuns: 200 });
  });

  test('getArgumentValues: defaults, variables and errors as graphql-js', () => {
    const field = quireSchema.getQueryType()!.getFields()['f']!;
    const referenceField = referenceSchema.getQueryType()!.getFields()['f']!;
    const cases: Array<[string, Record<string, unknown>]> = [
      ['f(req: 2)', {}], ['f(req: $r)', { r: 5 }], ['f(n: $n, req: 1)', {}], ['f(n: $n, req: 1)', { n: 3 }],
      ['f(n: 2, req: 1)', {}], ['f(list: [1, 2], req: 1)', {}], ['f(list: $l, req: 1)', {}], ['f(n: 1)', {}], ['f(req: $r)', {}],
    ];
    for (const [call, variables] of cases) {
      const node = (parse(`query($n: Odd, $r: Int!, $l: [Odd!]) { ${call} }`).definitions[0] as OperationDefinitionNode).selectionSet.selections[0] as FieldNode;
      const referenceOperation = G.parse(`query($n: Odd, $r: Int!, $l: [Odd!]) { ${call} }`).definitions[0] as G.OperationDefinitionNode;
      const referenceNode = referenceOperation.selectionSet.selections[0] as G.FieldNode;
      const coerced = G.getVariableValues(referenceSchema, referenceOperation.variableDefinitions!, variables);
      const referenceVariables = 'variableValues' in coerced && coerced.variableValues ? coerced.variableValues : { sources: {}, coerced: {} };
      const run = (f: () => unknown): unknown => {
        try { return JSON.parse(JSON.stringify(f())); } catch (e) { return (e as Error).message; }
      };
      expect(run(() => getArgumentValues(field, node, referenceVariables.coerced))).toEqual(run(() => G.getArgumentValues(referenceField, referenceNode, referenceVariables as never)));
    }
  });
});

function validateDoc(schema: GraphQLSchema, text: string): string[] {
  return validate(schema, parse(text)).map((e) => e.message);
}

describe('buildSchema options', () => {
  test('custom scalar coercion can be given by name', () => {
    const schema = buildSchema('scalar Even type Query { f(e: Even): Int }', {
      scalars: {
        Even: {
          parseValue: (v) => (typeof v === 'number' && v % 2 === 0 ? v / 2 : undefined),
          serialize: (v) => (v as number) * 2,
        },
      },
    });
    const even = schema.getType('Even') as unknown as { serialize(v: unknown): unknown };
    expect(coerceInputValue(4, even as never)).toBe(2);
    const errors: string[] = [];
    expect(coerceInputValue(3, even as never, (e) => errors.push(e.message))).toBeUndefined();
    expect(errors).toEqual(['Expected value of type "Even", found: 3.']);
    expect(even.serialize(21)).toBe(42);
    expect(valueFromAST(parseValue('6'), even as never)).toBe(3);
  });
});
