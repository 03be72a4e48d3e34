// The Database contract of API.md §4: the one API that the worker, the Node runtime and the
// HTTP handler expose. Plain types only (no engine code), so every runtime can import it.
import type { DocumentNode } from '../graphql/ast.ts';

/** A parsed document that carries its result and variables types (graphql-typed-document-node). */
export interface TypedDocumentNode<TResult = Record<string, unknown>, TVariables = Record<string, unknown>> extends DocumentNode {
  /** Phantom field: never present at run time, only carries the types. */
  readonly __apiType?: (variables: TVariables) => TResult;
}

export type Variables = Record<string, unknown>;

/** The general form of a GraphQL request. */
export interface ExecutionRequest<TVariables = Variables> {
  query: string | DocumentNode;
  variables?: TVariables | null;
  operationName?: string | null;
}

/** A response error as the GraphQL spec formats it; `extensions.code` is one of `ErrorCode`. */
export interface ResponseError {
  readonly message: string;
  readonly locations?: ReadonlyArray<{ readonly line: number; readonly column: number }>;
  readonly path?: ReadonlyArray<string | number>;
  readonly extensions?: { code?: string; [key: string]: unknown };
}

/** A GraphQL response: `data` and/or `errors`, per the spec. */
export interface ExecutionResult<TData = Record<string, unknown>> {
  data?: TData | null;
  errors?: ResponseError[];
  extensions?: Record<string, unknown>;
}

/** The error codes of API.md §2, plus the runtime's own. */
export type ErrorCode =
  | 'GRAPHQL_PARSE_FAILED'
  | 'GRAPHQL_VALIDATION_FAILED'
  | 'BAD_USER_INPUT'
  | 'CONSTRAINT_VIOLATION'
  | 'QUERY_TOO_COMPLEX'
  | 'QUOTA_EXCEEDED'
  | 'SCHEMA_ERROR'
  | 'INTERNAL_SERVER_ERROR'
  | 'DATABASE_CLOSED'
  | 'DATABASE_UNAVAILABLE';

/** Limits against hostile requests (API.md §2 defaults). */
export interface QueryLimits {
  maxTokens?: number;
  maxDepth?: number;
  maxInputDepth?: number;
  maxFields?: number;
}

/** Options every runtime's `openDatabase` accepts. */
export interface DatabaseOptions {
  /** The user's schema (SDL). A changed schema is migrated on open. */
  schema: string;
  /** Allow a migration that drops data (a dropped type or column, say). */
  allowDataLoss?: boolean;
  /** `full`: each commit is flushed before it resolves. `relaxed`: group commit (see the storage docs). */
  durability?: 'full' | 'relaxed';
  /** Page cache bound in bytes. */
  cacheBytes?: number;
  /** Write buffer size in bytes; a checkpoint runs when it is full. */
  memtableBytes?: number;
  limits?: QueryLimits;
  /**
   * Decoded rows kept in memory between reads, and as many relationship key lists (default
   * 200,000; 0 keeps none); `results`: repeated identical reads answered from memory (default 200).
   */
  cache?: { rows?: number; results?: number };
}

/** Progress of a long load, for a progress bar. */
export interface LoadProgress {
  /** `records` while reading and writing rows, `references` while checking links, then `done`. */
  phase: 'records' | 'references' | 'done';
  done: number;
  /** Records (or bytes of a stream) in all, when known. */
  total: number | null;
}

export interface LoadOptions {
  onProgress?: (progress: LoadProgress) => void;
}

/** What a finished load stored. */
export interface LoadSummary {
  rows: Record<string, number>;
  edges: number;
  ms: number;
}

/** Stops a live query; calling it twice is harmless. */
export type Unsubscribe = () => void;

/** Load input: the JSON object of API.md §3, its text, or NDJSON text (one `{"type", "record"}` per line). */
export type LoadInput = Record<string, unknown[]> | string;

/** What `db.explain` returns: the plan tree with chosen access paths and row counts. */
export interface ExplainNode {
  operation: string;
  [detail: string]: unknown;
  children?: ExplainNode[];
}

/** What `db.stats()` reports (tables, indexes, cache, WAL, file) — shape documented in the storage and query READMEs. */
export type DatabaseStats = Record<string, unknown>;

/**
 * What GraphQL over HTTP must know of a request before running it (a GET may not mutate, an event
 * stream stays open for a subscription, introspection may be switched off). The runtimes answer it
 * where the parser already is (in-process, or the browser's worker), so the HTTP handler carries none.
 */
export interface RequestShape {
  /** The operation the request selects; null when the document does not parse or selects none. */
  operation: 'query' | 'mutation' | 'subscription' | null;
  /** Whether any selection of the document (operations and fragments) is `__schema` or `__type`. */
  selectsIntrospection: boolean;
}

/** A runtime's Database that can tell the HTTP handler a request's shape (never runs anything). */
export interface RequestInspector {
  inspectRequest(query: string, operationName: string | null): Promise<RequestShape>;
}

/** The Database every runtime exposes (API.md §4). */
export interface DatabaseApi {
  execute<TData = Record<string, unknown>>(request: ExecutionRequest): Promise<ExecutionResult<TData>>;
  query<TData = Record<string, unknown>>(query: string | DocumentNode, variables?: Variables | null): Promise<ExecutionResult<TData>>;
  subscribe<TData = Record<string, unknown>>(request: ExecutionRequest, onResult: (result: ExecutionResult<TData>) => void): Unsubscribe;
  load(data: LoadInput, options?: LoadOptions): Promise<LoadSummary>;
  explain(request: ExecutionRequest): Promise<ExplainNode>;
  stats(): Promise<DatabaseStats>;
  schema(): Promise<string>;
  close(): Promise<void>;
}
