// What a request's document is, read by parsing only: whether it runs a mutation (which must wait
// for the database's writer and is never retried elsewhere) and its shape for GraphQL over HTTP.
// It never validates or executes; a document that does not parse has no operation (running it reports the error).
import type { DocumentNode, SelectionSetNode } from '../graphql/ast.ts';
import { getOperationAST } from '../graphql/operation.ts';
import { parse } from '../graphql/parser.ts';
import type { ExecutionRequest, RequestShape } from './api.ts';

export function isMutation(request: ExecutionRequest): boolean {
  try {
    const document = typeof request.query === 'string' ? parse(request.query, { noLocation: true }) : request.query;
    return getOperationAST(document, request.operationName)?.operation === 'mutation';
  } catch {
    return false;
  }
}

/** The request's operation type and whether it selects introspection (see RequestShape). */
export function inspectRequest(query: string, operationName: string | null): RequestShape {
  let document: DocumentNode;
  try {
    document = parse(query, { noLocation: true });
  } catch {
    return { operation: null, selectsIntrospection: false };
  }
  return { operation: getOperationAST(document, operationName)?.operation ?? null, selectsIntrospection: selectsIntrospection(document) };
}

/** Whether any selection of the document (operations and fragments) is `__schema` or `__type`. */
function selectsIntrospection(document: DocumentNode): boolean {
  const visit = (set: SelectionSetNode | undefined): boolean => {
    if (!set) return false;
    for (const selection of set.selections) {
      if (selection.kind === 'Field' && (selection.name.value === '__schema' || selection.name.value === '__type')) return true;
      if (selection.kind !== 'FragmentSpread' && visit(selection.selectionSet)) return true;
    }
    return false;
  };
  return document.definitions.some((d) => (d.kind === 'OperationDefinition' || d.kind === 'FragmentDefinition') && visit(d.selectionSet));
}
