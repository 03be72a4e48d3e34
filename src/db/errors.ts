// QuireError: how a runtime call (openDatabase, load, close, …) fails — a message and `extensions.code`
// as API.md names them — and the wire form errors take between threads and tabs. Never invents a code:
// anything unknown is INTERNAL_SERVER_ERROR.
import type { ErrorCode, ResponseError } from './api.ts';

export interface QuireErrorExtensions {
  code: ErrorCode;
  [key: string]: unknown;
}

export class QuireError extends Error {
  readonly extensions: QuireErrorExtensions;
  readonly locations: ResponseError['locations'];

  constructor(
    code: ErrorCode,
    message: string,
    extra: { extensions?: Record<string, unknown>; locations?: ResponseError['locations'] | undefined; cause?: unknown } = {},
  ) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = 'QuireError';
    this.extensions = { ...extra.extensions, code };
    this.locations = extra.locations;
  }

  get code(): ErrorCode {
    return this.extensions.code;
  }
}

/** An error as it crosses a structured-clone boundary (postMessage, BroadcastChannel). */
export interface WireError {
  message: string;
  code: ErrorCode;
  extensions?: Record<string, unknown>;
  locations?: ResponseError['locations'];
}

const KNOWN_CODES = new Set<string>([
  'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'CONSTRAINT_VIOLATION',
  'QUERY_TOO_COMPLEX', 'QUOTA_EXCEEDED', 'SCHEMA_ERROR', 'INTERNAL_SERVER_ERROR', 'DATABASE_CLOSED',
  'DATABASE_UNAVAILABLE',
]);

/** Any thrown value → its wire form; an unknown failure becomes INTERNAL_SERVER_ERROR. */
export function toWireError(error: unknown): WireError {
  const e = error as { message?: unknown; code?: unknown; extensions?: Record<string, unknown>; locations?: ResponseError['locations'] } | null;
  const raw = (e?.extensions?.code ?? e?.code) as string | undefined;
  const code = (raw && KNOWN_CODES.has(raw) ? raw : raw === 'FILE_CLOSED' || raw === 'CLOSED' ? 'DATABASE_CLOSED' : 'INTERNAL_SERVER_ERROR') as ErrorCode;
  const { code: _dropped, ...extensions } = e?.extensions ?? {};
  return {
    message: typeof e?.message === 'string' ? e.message : String(error),
    code,
    ...(Object.keys(extensions).length ? { extensions } : {}),
    ...(e?.locations ? { locations: e.locations } : {}),
  };
}

/** The wire form → a QuireError to throw on this side. */
export function fromWireError(wire: WireError): QuireError {
  return new QuireError(wire.code, wire.message, { extensions: wire.extensions, locations: wire.locations });
}
