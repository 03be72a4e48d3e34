// Property tests against graphql-js: generated documents (valid by construction) parse to equal
// ASTs with equal locations; garbled documents are rejected by both with the same error, or
// accepted by both with equal ASTs. Also parse(print(x)) = x and print agrees with graphql-js.

import fc from 'fast-check';
import * as graphqlJs from 'graphql';
import { describe, expect, test } from 'vitest';
import type { ASTNode } from '../../src/graphql/ast.ts';
import { parse, parseType, parseValue } from '../../src/graphql/parser.ts';
import { print } from '../../src/graphql/printer.ts';
import {
  documentArb,
  executableDocumentArb,
  garbledDocumentArb,
  typeSourceArb,
  typeSystemDocumentArb,
  valueSourceArb,
} from './arbitraries.ts';
import { attempt, plain, quireParse, referenceParse, UNLIMITED } from './helpers.ts';

// ~3,000 generated documents per run in all, within a few seconds.
const RUNS = 500;

describe('generated documents', () => {
  test('valid executable documents: same AST and node locations as graphql-js', () => {
    fc.assert(
      fc.property(executableDocumentArb, (source) => {
        expect(quireParse(source, false)).toEqual(referenceParse(source, false));
      }),
      { numRuns: RUNS },
    );
  });

  test('valid type-system documents: same AST and node locations as graphql-js', () => {
    fc.assert(
      fc.property(typeSystemDocumentArb, (source) => {
        expect(quireParse(source, false)).toEqual(referenceParse(source, false));
      }),
      { numRuns: RUNS },
    );
  });

  test('most generated documents are valid (the generator follows the grammar)', () => {
    const samples = fc.sample(documentArb, { numRuns: 300, seed: 42 });
    const valid = samples.filter((s) => referenceParse(s).ok).length;
    expect(valid / samples.length).toBeGreaterThan(0.9);
  });

  test('garbled documents: both reject with the same error, or both accept the same AST', () => {
    fc.assert(
      fc.property(garbledDocumentArb, (source) => {
        expect(quireParse(source)).toEqual(referenceParse(source));
      }),
      { numRuns: RUNS * 2 },
    );
  });

  test('values and types: parseValue / parseType agree with graphql-js', () => {
    fc.assert(
      fc.property(valueSourceArb, typeSourceArb, (value, type) => {
        expect(attempt(() => parseValue(value, UNLIMITED))).toEqual(attempt(() => graphqlJs.parseValue(value)));
        expect(attempt(() => parseType(type, UNLIMITED))).toEqual(attempt(() => graphqlJs.parseType(type)));
      }),
      { numRuns: RUNS },
    );
  });
});

describe('printing', () => {
  test('print(ast) is character-for-character graphql-js print, and parse(print(ast)) = ast', () => {
    fc.assert(
      fc.property(documentArb, (source) => {
        let ast;
        try {
          ast = parse(source, { ...UNLIMITED, noLocation: true });
        } catch {
          return; // invalid by construction (rare); covered by the parser properties
        }
        const printed = print(ast);
        expect(printed).toBe(graphqlJs.print(ast as unknown as graphqlJs.ASTNode));
        expect(plain(parse(printed, { ...UNLIMITED, noLocation: true }))).toEqual(plain(ast));
      }),
      { numRuns: RUNS },
    );
  });

  test('printing is idempotent: print(parse(print(x))) = print(x)', () => {
    fc.assert(
      fc.property(documentArb, (source) => {
        let printed: string;
        try {
          printed = print(parse(source, UNLIMITED));
        } catch {
          return;
        }
        expect(print(parse(printed, UNLIMITED))).toBe(printed);
      }),
      { numRuns: 300 },
    );
  });

  test('print does not recurse: a hand-built 100,000-deep list type prints', () => {
    // (list *values* that deep would wrap onto indented lines: output quadratic in depth, as in graphql-js)
    let type: unknown = { kind: 'NamedType', name: { kind: 'Name', value: 'Int' } };
    const depth = 100_000;
    for (let i = 0; i < depth; i++) type = { kind: i % 2 ? 'NonNullType' : 'ListType', type };
    const text = print(type as ASTNode);
    expect(text).toBe(graphqlJs.print(type as graphqlJs.ASTNode));
    expect(text.length).toBe(3 + depth * 1.5);
  });

  test('graphql-js can print and visit Quire ASTs (interop)', () => {
    fc.assert(
      fc.property(documentArb, (source) => {
        let ast: ASTNode;
        try {
          ast = parse(source, UNLIMITED);
        } catch {
          return;
        }
        const kinds: string[] = [];
        graphqlJs.visit(ast as unknown as graphqlJs.ASTNode, { enter: (node) => void kinds.push(node.kind) });
        expect(kinds.length).toBeGreaterThan(0);
        expect(graphqlJs.print(ast as unknown as graphqlJs.ASTNode)).toBe(print(ast));
      }),
      { numRuns: 200 },
    );
  });
});
