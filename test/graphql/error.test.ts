// GraphQLError and getLocation against graphql-js: the response shape (toJSON), locations from
// positions or from nodes, non-enumerable internals, extensions; getLocation over all line endings.

import fc from 'fast-check';
import * as graphqlJs from 'graphql';
import { describe, expect, test } from 'vitest';
import { GraphQLError, GRAPHQL_PARSE_FAILED, parse, QUERY_TOO_COMPLEX, Source, getLocation, syntaxError } from '../../src/graphql/index.ts';
import { EXECUTABLE_KITCHEN_SINK } from './corpus.ts';

describe('GraphQLError', () => {
  test('toJSON is the spec response error, like graphql-js', () => {
    const source = new Source('{\n  a\n  b(x: 1)\n}');
    const ours = new GraphQLError('boom', { source, positions: [4, 8], path: ['a', 0, 'b'], extensions: { code: 'X', n: 1 } });
    const theirs = new graphqlJs.GraphQLError('boom', {
      source: new graphqlJs.Source(source.body),
      positions: [4, 8],
      path: ['a', 0, 'b'],
      extensions: { code: 'X', n: 1 },
    });
    expect(ours.toJSON()).toEqual(theirs.toJSON());
    expect(JSON.parse(JSON.stringify(ours))).toEqual(JSON.parse(JSON.stringify(theirs)));
    expect(Object.keys(ours).sort()).toEqual(Object.keys(theirs).filter((k) => k !== 'originalError').sort());
    expect(ours).toBeInstanceOf(Error);
    expect(ours.name).toBe('GraphQLError');
  });

  test('without locations, path or extensions only the message is serialized', () => {
    expect(new GraphQLError('plain').toJSON()).toEqual({ message: 'plain' });
    expect(new GraphQLError('plain').toJSON()).toEqual(new graphqlJs.GraphQLError('plain').toJSON());
  });

  test('locations come from the nodes when no positions are given, like graphql-js', () => {
    const ours = parse(EXECUTABLE_KITCHEN_SINK);
    const theirs = graphqlJs.parse(EXECUTABLE_KITCHEN_SINK);
    const pick = (doc: { definitions: ReadonlyArray<unknown> }) => [doc.definitions[0], doc.definitions[3]];
    const a = new GraphQLError('x', { nodes: pick(ours) as never });
    const b = new graphqlJs.GraphQLError('x', { nodes: pick(theirs) as graphqlJs.ASTNode[] });
    expect(a.locations).toEqual(b.locations);
    expect(a.positions).toEqual(b.positions);
    expect(a.source?.body).toBe(EXECUTABLE_KITCHEN_SINK);
    expect(a.nodes).toHaveLength(2);
    // a single node works too
    expect(new GraphQLError('x', { nodes: pick(ours)[1] as never }).locations).toEqual(b.locations!.slice(1));
  });

  test('syntax and limit errors carry their codes', () => {
    expect(syntaxError(new Source('x'), 0, 'Nope.').extensions.code).toBe(GRAPHQL_PARSE_FAILED);
    try {
      parse('{ a }', { maxTokens: 1 });
      expect.unreachable();
    } catch (error) {
      expect((error as GraphQLError).toJSON()).toEqual({
        message: 'Document contains more than 1 tokens. Parsing aborted.',
        locations: [{ line: 1, column: 3 }],
        extensions: { code: QUERY_TOO_COMPLEX },
      });
    }
  });
});

describe('getLocation', () => {
  test('matches graphql-js for every offset over \\n, \\r\\n and \\r line endings', () => {
    const text = fc.array(fc.constantFrom('a', 'bc', ' ', '\n', '\r\n', '\r', '\r\r', '\n\r', '😀'), { maxLength: 30 }).map((p) => p.join(''));
    fc.assert(
      fc.property(text, (body) => {
        const ours = new Source(body);
        const theirs = new graphqlJs.Source(body);
        for (let i = 0; i <= body.length + 1; i++) expect(getLocation(ours, i)).toEqual(graphqlJs.getLocation(theirs, i));
      }),
      { numRuns: 500 },
    );
  });

  test('Source validates its location offset like graphql-js', () => {
    expect(() => new Source('x', 'n', { line: 0, column: 1 })).toThrow(/line in locationOffset is 1-indexed/);
    expect(() => new Source('x', 'n', { line: 1, column: 0 })).toThrow(/column in locationOffset is 1-indexed/);
    expect(new Source('x').name).toBe(new graphqlJs.Source('x').name);
  });
});
