// Differential tests of the parser against graphql-js over a corpus covering every production:
// equal ASTs (with and without locations) for valid documents, equal errors for invalid ones.

import { readFileSync } from 'node:fs';
import * as graphqlJs from 'graphql';
import { describe, expect, test } from 'vitest';
import { Kind as QuireKind, QueryDocumentKeys } from '../../src/graphql/ast.ts';
import { GRAPHQL_PARSE_FAILED, GraphQLError } from '../../src/graphql/error.ts';
import { parse, parseConstValue, parseType, parseValue } from '../../src/graphql/parser.ts';
import { getLocation, Source } from '../../src/graphql/source.ts';
import { EXECUTABLE_KITCHEN_SINK, INVALID_SNIPPETS, SDL_KITCHEN_SINK, VALID_SNIPPETS } from './corpus.ts';
import { attempt, plain, quireParse, referenceParse } from './helpers.ts';
import { swapiQueryDocument } from './swapi-queries.ts';

const SWAPI_SDL = readFileSync(new URL('../../../shared/data/swapi/schema.graphql', import.meta.url), 'utf8');
const VALID = [
  EXECUTABLE_KITCHEN_SINK,
  SDL_KITCHEN_SINK,
  EXECUTABLE_KITCHEN_SINK + SDL_KITCHEN_SINK,
  swapiQueryDocument(2),
  SWAPI_SDL,
  ...VALID_SNIPPETS,
];

describe('valid documents', () => {
  test.each(VALID.map((s) => [s.slice(0, 40), s]))('%j parses exactly like graphql-js', (_, source) => {
    const expected = referenceParse(source);
    expect(expected.ok).toBe(true);
    expect(quireParse(source)).toEqual(expected);
    // the raw trees too, key for key (undefined-valued keys included)
    expect(parse(source, { noLocation: true, maxTokens: 1e6 })).toEqual(graphqlJs.parse(source, { noLocation: true }));
  });

  test.each(VALID.map((s) => [s.slice(0, 40), s]))('%j has the same node locations as graphql-js', (_, source) => {
    expect(quireParse(source, false)).toEqual(referenceParse(source, false));
  });

  test('the kitchen sinks reach every node kind of the grammar', () => {
    const seen = new Set<string>();
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(walk);
      else if (value !== null && typeof value === 'object') {
        const kind = (value as { kind?: unknown }).kind;
        if (typeof kind === 'string') seen.add(kind);
        Object.values(value).forEach(walk);
      }
    };
    walk(parse(EXECUTABLE_KITCHEN_SINK + SDL_KITCHEN_SINK));
    const coordinates = ['TypeCoordinate', 'MemberCoordinate', 'ArgumentCoordinate', 'DirectiveCoordinate',
      'DirectiveArgumentCoordinate', 'FragmentArgument'];
    const expected = Object.keys(QueryDocumentKeys).filter((k) => !coordinates.includes(k));
    expect([...seen].sort()).toEqual(expected.sort());
  });

  test('Kind has graphql-js names and values', () => {
    expect({ ...QuireKind }).toEqual({ ...graphqlJs.Kind });
  });

  test('the document records its token count, like graphql-js', () => {
    for (const source of VALID) {
      expect(parse(source, { maxTokens: 1e6 }).tokenCount).toBe(graphqlJs.parse(source).tokenCount);
    }
  });
});

describe('invalid documents', () => {
  test.each(INVALID_SNIPPETS.map((s) => [s, s]))('%j fails with graphql-js\'s message and location', (_, source) => {
    const expected = referenceParse(source);
    expect(expected.ok).toBe(false);
    expect(quireParse(source)).toEqual(expected);
  });

  test('syntax errors are GraphQLErrors coded GRAPHQL_PARSE_FAILED with a response shape', () => {
    for (const source of INVALID_SNIPPETS) {
      let caught: unknown;
      try {
        parse(source);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(GraphQLError);
      const error = caught as GraphQLError;
      expect(error.extensions.code).toBe(GRAPHQL_PARSE_FAILED);
      expect(error.message).toMatch(/^Syntax Error: /);
      expect(error.source?.body).toBe(source);
      expect(error.positions).toHaveLength(1);
      expect(error.locations).toEqual([getLocation(error.source!, error.positions![0]!)]);
      expect(plain(error)).toEqual({ message: error.message, locations: error.locations, extensions: { code: GRAPHQL_PARSE_FAILED } });
    }
  });

  test('errors in a named Source keep the source', () => {
    const source = new Source('{ a(b: 01) }', 'my.graphql');
    try {
      parse(source);
      expect.unreachable();
    } catch (error) {
      expect((error as GraphQLError).source).toBe(source);
      expect((error as GraphQLError).locations).toEqual([{ line: 1, column: 9 }]);
    }
  });
});

describe('options', () => {
  test('allowEmptySelectionSets: false rejects `{}` exactly like graphql-js', () => {
    for (const source of ['{}', '{ a {} }', 'query { ... on T {} }', '{ a }']) {
      expect(attempt(() => parse(source, { allowEmptySelectionSets: false, noLocation: true }))).toEqual(
        attempt(() => graphqlJs.parse(source, { allowEmptySelectionSets: false, noLocation: true })),
      );
    }
  });

  test('locations refer to the Source object and serialize as {start, end}', () => {
    const source = new Source('{ a }', 'named.graphql');
    const document = parse(source);
    expect(document.loc?.source).toBe(source);
    expect(JSON.parse(JSON.stringify(document.loc))).toEqual({ start: 0, end: 5 });
    expect(parse(source, { noLocation: true }).loc).toBeUndefined();
  });
});

describe('parseValue, parseConstValue, parseType', () => {
  const values = ['1', '-1.5e3', '"s"', '"""b"""', 'true', 'null', 'E', '$v', '[1, $v, [2]]', '{a: {b: $v}, c: []}', '[]', '{}'];
  const badValues = ['', '1 2', '$', '{a}', '[1', '@', '{a: 1', ')'];
  const types = ['Int', 'Int!', '[Int]', '[Int!]!', '[[Int]!]', 'a'];
  const badTypes = ['', '!', '[Int', 'Int!!', '[]', '1', 'Int Int'];

  test.each(values)('parseValue(%j) equals graphql-js', (source) => {
    expect(plain(parseValue(source))).toEqual(plain(graphqlJs.parseValue(source)));
    expect(plain(parseValue(source, { noLocation: true }))).toEqual(plain(graphqlJs.parseValue(source, { noLocation: true })));
  });

  test.each([...badValues, ...values.filter((v) => v.includes('$'))])('parseConstValue(%j) agrees with graphql-js', (source) => {
    expect(attempt(() => parseConstValue(source))).toEqual(attempt(() => graphqlJs.parseConstValue(source)));
    expect(attempt(() => parseValue(source))).toEqual(attempt(() => graphqlJs.parseValue(source)));
  });

  test.each([...types, ...badTypes])('parseType(%j) agrees with graphql-js', (source) => {
    expect(attempt(() => parseType(source))).toEqual(attempt(() => graphqlJs.parseType(source)));
  });
});

describe('locations', () => {
  test('every node location maps to the same line/column as graphql-js', () => {
    const source = EXECUTABLE_KITCHEN_SINK.replaceAll('\n', '\r\n') + '\r' + SDL_KITCHEN_SINK;
    const ours = parse(source);
    const theirs = graphqlJs.parse(source);
    const collect = (value: unknown, out: Array<[string, unknown]>): Array<[string, unknown]> => {
      if (Array.isArray(value)) value.forEach((v) => collect(v, out));
      else if (value !== null && typeof value === 'object') {
        const node = value as { kind?: string; loc?: { start: number; end: number; source: { body: string } } };
        if (node.kind && node.loc) {
          out.push([node.kind, [node.loc.start, node.loc.end, graphqlJs.getLocation(node.loc.source as graphqlJs.Source, node.loc.start)]]);
        }
        for (const [k, v] of Object.entries(value)) if (k !== 'loc') collect(v, out);
      }
      return out;
    };
    const a = collect(ours, []);
    const b = collect(theirs, []);
    expect(a.length).toBeGreaterThan(500);
    expect(a).toEqual(b);
    // and our own getLocation agrees with graphql-js's at every offset
    const src = new Source(source);
    const ref = new graphqlJs.Source(source);
    for (let i = 0; i <= source.length; i += 7) expect(getLocation(src, i)).toEqual(graphqlJs.getLocation(ref, i));
  });
});
