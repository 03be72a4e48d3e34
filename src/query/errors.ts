// Error codes of the generated API (API.md §2) and the helpers that shape engine failures as
// GraphQLErrors with `extensions.code`: `codeOf` is the one mapping from anything a query or
// mutation can throw to its code. Owns no execution logic.
import { GraphQLError } from '../graphql/error.ts';

export const BAD_USER_INPUT = 'BAD_USER_INPUT';
export const CONSTRAINT_VIOLATION = 'CONSTRAINT_VIOLATION';
export const QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX';
export const GRAPHQL_VALIDATION_FAILED = 'GRAPHQL_VALIDATION_FAILED';
export const INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR';
export const QUOTA_EXCEEDED = 'QUOTA_EXCEEDED';

/** A failure with a code, raised inside the engine and located by the executor. */
export class CodedError extends Error {
  constructor(message: string, readonly code: string, readonly extra: Record<string, unknown> = {}) {
    super(message);
  }
}

export const badInput = (message: string): CodedError => new CodedError(message, BAD_USER_INPUT);
export const tooComplex = (message: string): CodedError => new CodedError(message, QUERY_TOO_COMPLEX);

/**
 * The code of any thrown value: a CodedError's own (incl. the engine's filter, order and cursor
 * errors: BAD_USER_INPUT); a GraphQLError's `extensions.code` (the parser's GRAPHQL_PARSE_FAILED
 * and QUERY_TOO_COMPLEX, the catalog's CONSTRAINT_VIOLATION and BAD_USER_INPUT); a storage or
 * file failure's QUOTA_EXCEEDED (the same code at every layer); anything else — a corrupt page,
 * an I/O error, a bug — INTERNAL_SERVER_ERROR.
 */
export function codeOf(e: unknown): string {
  if (e instanceof CodedError) return e.code;
  if (e instanceof GraphQLError && typeof e.extensions.code === 'string') return e.extensions.code;
  const code = (e as { code?: unknown } | null)?.code;
  if (code === QUOTA_EXCEEDED) return QUOTA_EXCEEDED;
  return INTERNAL_SERVER_ERROR;
}
