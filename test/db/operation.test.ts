// What the HTTP handler learns of a request without carrying a parser (`inspectRequest`), and what
// decides that a request waits for the writer (`isMutation`): differential against graphql-js's
// parse + getOperationAST on generated documents — several operations, names, fragments, nesting,
// introspection fields at any depth, and broken text.
import fc from 'fast-check';
import { getOperationAST, parse, type DocumentNode, type SelectionSetNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { inspectRequest, isMutation } from '../../src/db/operation.ts';

const names = ['A', 'B', 'q'];
const field = fc.constantFrom('id', 'name', '__typename', '__schema', '__type', '__schemas', 'type');
const selection: fc.Arbitrary<string> = fc.letrec<{ set: string }>((tie) => ({
  set: fc
    .array(fc.oneof({ depthSize: 'small' }, field.map((f) => (f === '__type' ? '__type(name: "X") { name }' : f === '__schema' ? '__schema { types { name } }' : f)),
      fc.tuple(field, tie('set')).map(([f, s]) => `${f} ${s}`), tie('set').map((s) => `... on T ${s}`), fc.constantFrom(...names).map((n) => `...F${n}`)), { minLength: 1, maxLength: 3 })
    .map((parts) => `{ ${parts.join(' ')} }`),
})).set;
const operation = fc.tuple(fc.constantFrom('', 'query', 'mutation', 'subscription'), fc.option(fc.constantFrom(...names)), selection).map(([type, name, set]) =>
  type === '' ? set : `${type}${name ? ` ${name}` : ''} ${set}`,
);
const fragment = fc.tuple(fc.constantFrom(...names), selection).map(([n, set]) => `fragment F${n} on T ${set}`);
const documents = fc
  .tuple(fc.array(fc.oneof(operation, fragment), { maxLength: 4 }), fc.constantFrom('', '', '', '{', '}', 'query {', '"', '# c\n'))
  .map(([definitions, noise]) => definitions.join('\n') + noise);

function oracleSelectsIntrospection(document: DocumentNode): boolean {
  const visit = (set: SelectionSetNode | undefined): boolean =>
    !!set && set.selections.some((s) => (s.kind === 'Field' && (s.name.value === '__schema' || s.name.value === '__type')) || (s.kind !== 'FragmentSpread' && visit(s.selectionSet)));
  return document.definitions.some((d) => (d.kind === 'OperationDefinition' || d.kind === 'FragmentDefinition') && visit(d.selectionSet));
}

describe('inspectRequest and isMutation', () => {
  it('agree with graphql-js on the selected operation and on introspection, for any document and operation name', () => {
    fc.assert(
      fc.property(documents, fc.option(fc.constantFrom(...names, 'Missing')), (query, operationName) => {
        let document: DocumentNode | null = null;
        try {
          document = parse(query, { noLocation: true });
        } catch {
          // not a document: no operation, nothing selected
        }
        const expected = document
          ? { operation: getOperationAST(document, operationName)?.operation ?? null, selectsIntrospection: oracleSelectsIntrospection(document) }
          : { operation: null, selectsIntrospection: false };
        expect(inspectRequest(query, operationName)).toEqual(expected);
        expect(isMutation({ query, operationName })).toBe(expected.operation === 'mutation');
      }),
      { numRuns: 400 },
    );
  });
});
