// Whether a request runs a mutation — what decides if it must wait for the database's writer or may
// be retried elsewhere. Parses only; it never validates or executes (a document that does not parse
// is not a mutation: running it fails harmlessly).
import { getOperationAST } from '../graphql/operation.ts';
import { parse } from '../graphql/parser.ts';
import type { ExecutionRequest } from './api.ts';

export function isMutation(request: ExecutionRequest): boolean {
  try {
    const document = typeof request.query === 'string' ? parse(request.query, { noLocation: true }) : request.query;
    return getOperationAST(document, request.operationName)?.operation === 'mutation';
  } catch {
    return false;
  }
}
