// The one door from the demo to Quire's browser runtime (`src/client/index.ts`): the slice of its
// API the demo uses, typed here so the page builds while the runtime is being written. Owns no UI;
// never reaches past the client into the worker or the engine.

import * as client from '../../src/client/index.ts';

export type Variables = Record<string, unknown>;

export interface ResponseError {
  message: string;
  locations?: { line: number; column: number }[];
  path?: (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
}

export interface ExecutionResult {
  data?: Record<string, unknown> | null;
  errors?: ResponseError[];
  extensions?: Record<string, unknown>;
}

export interface ExecutionRequest {
  query: string;
  variables?: Variables | null;
  operationName?: string | null;
}

export interface LoadProgress {
  phase: string;
  done: number;
  total?: number;
}

export interface LoadSummary {
  rows: Record<string, number>;
  edges: number;
  ms: number;
}

export interface ExplainNode {
  operation: string;
  children?: ExplainNode[];
  [detail: string]: unknown;
}

export interface Database {
  query(text: string, variables?: Variables | null): Promise<ExecutionResult>;
  execute(request: ExecutionRequest): Promise<ExecutionResult>;
  subscribe(request: ExecutionRequest, onResult: (result: ExecutionResult) => void): () => void;
  load(json: unknown, options?: { onProgress?: (progress: LoadProgress) => void }): Promise<LoadSummary>;
  explain(request: ExecutionRequest): Promise<ExplainNode>;
  stats(): Promise<Record<string, unknown>>;
  schema(): Promise<string>;
  export(): Promise<Blob>;
  close(): Promise<void>;
}

export interface QuireClient {
  openDatabase(options: { name: string; schema: string; persist?: boolean }): Promise<Database>;
  listDatabases(): Promise<string[]>;
  deleteDatabase(name: string): Promise<void>;
  importDatabase(name: string, backup: Blob): Promise<void>;
}

/** The runtime, or a clear error when this build has none yet. */
export function quire(): QuireClient {
  const api = client as unknown as Partial<QuireClient>;
  if (typeof api.openDatabase !== 'function') {
    throw new Error('This build of Quire has no browser runtime yet (src/client/index.ts exports no openDatabase).');
  }
  return api as QuireClient;
}

/** The `extensions.code` of a thrown error or a response error, if it has one. */
export function errorCode(error: unknown): string | undefined {
  const e = error as { extensions?: { code?: unknown }; code?: unknown } | null;
  const code = e?.extensions?.code ?? e?.code;
  return typeof code === 'string' ? code : undefined;
}
