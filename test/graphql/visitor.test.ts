// visit / visitInParallel against graphql-js's on generated documents: the same enter/leave event
// sequence (kind, key, path, parent and ancestor counts), the same results for skipping, BREAK,
// deletion and replacement, and no recursion limit on depth. Imports via the public entry.

import fc from 'fast-check';
import * as graphqlJs from 'graphql';
import { describe, expect, test } from 'vitest';
import { BREAK, Kind, parse, print, visit, visitInParallel, type ASTNode, type ASTVisitor } from '../../src/graphql/index.ts';
import { documentArb } from './arbitraries.ts';
import { EXECUTABLE_KITCHEN_SINK, SDL_KITCHEN_SINK } from './corpus.ts';
import { plain, UNLIMITED } from './helpers.ts';

type Event = [string, string, unknown, string, number];

/** A visitor that records events and applies `decide` on enter, with graphql-js's BREAK/false. */
function recorder(events: Event[], decide: (node: ASTNode, index: number) => unknown, breakToken: unknown): ASTVisitor {
  let count = 0;
  return {
    enter(node, key, _parent, path, ancestors) {
      events.push(['enter', node.kind, key, path.join('.'), ancestors.length]);
      const decision = decide(node, count++);
      return decision === 'BREAK' ? breakToken : decision;
    },
    leave(node, key, _parent, path, ancestors) {
      events.push(['leave', node.kind, key, path.join('.'), ancestors.length]);
      return undefined;
    },
  };
}

const asReference = (node: ASTNode) => node as unknown as graphqlJs.ASTNode;

function compare(ast: ASTNode, decide: (node: ASTNode, index: number) => unknown): void {
  const ours: Event[] = [];
  const theirs: Event[] = [];
  const a = visit(ast, recorder(ours, decide, BREAK));
  const b = graphqlJs.visit(asReference(ast), recorder(theirs, decide, graphqlJs.BREAK) as graphqlJs.ASTVisitor);
  expect(ours).toEqual(theirs);
  expect(plain(a)).toEqual(plain(b));
}

const validDocument = documentArb
  .map((source) => {
    try {
      return parse(source, { ...UNLIMITED, noLocation: true });
    } catch {
      return undefined;
    }
  })
  .filter((ast): ast is NonNullable<typeof ast> => ast !== undefined);

describe('visit vs graphql-js', () => {
  test('plain traversal: same event sequence, root returned unchanged', () => {
    fc.assert(
      fc.property(validDocument, (ast) => {
        compare(ast, () => undefined);
        expect(visit(ast, {})).toBe(ast);
      }),
      { numRuns: 150 },
    );
  });

  test('skipping (false), BREAK, deletion (null) and replacement agree', () => {
    const rename = (node: ASTNode) => (node.kind === Kind.NAME ? { ...node, value: node.value + '_x' } : undefined);
    const decisions = fc.array(fc.constantFrom<unknown>(undefined, false, null, 'BREAK', 'rename'), { minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(validDocument, decisions, (ast, plan) => {
        compare(ast, (node, i) => {
          const decision = plan[i % plan.length];
          if (decision === 'rename') return rename(node);
          if (decision === null && node.kind === Kind.DOCUMENT) return undefined;
          return decision;
        });
      }),
      { numRuns: 300 },
    );
  });

  test('per-kind visitors and leave edits: same result as graphql-js, input untouched', () => {
    const source = EXECUTABLE_KITCHEN_SINK + SDL_KITCHEN_SINK;
    const ast = parse(source, { noLocation: true });
    const before = JSON.stringify(ast);
    const visitor = {
      Name: { leave: (node: { value: string }) => ({ kind: 'Name', value: node.value.toUpperCase() }) },
      Directive: () => null,
      Argument: () => false,
      StringValue: { enter: () => ({ kind: 'StringValue', value: 'replaced', block: false }) },
    };
    const ours = visit(ast, visitor as ASTVisitor);
    const theirs = graphqlJs.visit(asReference(ast), visitor as unknown as graphqlJs.ASTVisitor);
    expect(print(ours)).toBe(graphqlJs.print(theirs));
    expect(print(ours)).toContain('STARSHIPSANDFRIENDS');
    expect(JSON.stringify(ast)).toBe(before);
  });

  test('visitInParallel agrees with graphql-js', () => {
    fc.assert(
      fc.property(validDocument, fc.nat(30), fc.nat(30), (ast, skipAt, breakAt) => {
        const run = (breakToken: unknown, parallel: (v: ASTVisitor[]) => ASTVisitor, go: (v: ASTVisitor) => unknown) => {
          const log: string[] = [];
          let i = 0;
          let j = 0;
          const skipper: ASTVisitor = { enter: (node) => (log.push('s:' + node.kind), i++ === skipAt ? false : undefined) };
          const breaker: ASTVisitor = { leave: (node) => (log.push('b:' + node.kind), j++ === breakAt ? breakToken : undefined) };
          go(parallel([skipper, breaker]));
          return log;
        };
        const ours = run(BREAK, visitInParallel, (v) => visit(ast, v));
        const theirs = run(
          graphqlJs.BREAK,
          (v) => graphqlJs.visitInParallel(v as graphqlJs.ASTVisitor[]) as ASTVisitor,
          (v) => graphqlJs.visit(asReference(ast), v as graphqlJs.ASTVisitor),
        );
        expect(ours).toEqual(theirs);
      }),
      { numRuns: 200 },
    );
  });

  test('deep trees are visited without recursion', () => {
    const depth = 50_000;
    // built directly: the parser (rightly) refuses documents this deep
    let selectionSet: unknown = undefined;
    for (let i = 0; i < depth; i++) {
      const field = { kind: Kind.FIELD, name: { kind: Kind.NAME, value: 'a' }, selectionSet };
      selectionSet = { kind: Kind.SELECTION_SET, selections: [field] };
    }
    const ast = {
      kind: Kind.DOCUMENT,
      definitions: [{ kind: Kind.OPERATION_DEFINITION, operation: 'query', selectionSet }],
    } as unknown as ASTNode;
    let fields = 0;
    visit(ast, { Field: () => void fields++ });
    expect(fields).toBe(depth);
  });
});
