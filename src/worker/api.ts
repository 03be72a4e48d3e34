// The worker's remote interface as the main thread sees it through Comlink, and the messages the
// tabs' workers exchange over a BroadcastChannel. Plain data only: the DOM program imports these types.
import type { WireError } from '../db/errors.ts';
import type { DocumentNode } from '../graphql/ast.ts';
import type { DatabaseOptions, DatabaseStats, ExecutionRequest, ExecutionResult, ExplainNode, LoadInput, LoadProgress, LoadSummary, RequestShape, Variables } from '../db/api.ts';

/** A call's outcome: errors travel as data so their codes survive the thread boundary. */
export type Envelope<T> = { ok: true; value: T; /** Milliseconds the owner's engine spent on the call. */ ms?: number } | { ok: false; error: WireError };

/** Which tab's worker holds the files. */
export type Role = 'owner' | 'follower';

export interface OpenInfo {
  role: Role;
}

/**
 * The page's first message to its worker: the MessagePort Comlink serves on, and the worker's id,
 * chosen by the page. The worker's first act is to take the Web Lock `aliveLock(id)` (names.ts) for
 * its whole life; once it holds it, it posts `AliveSignal` on its own channel, and the page queues
 * for the same lock: being granted it means the worker died, at any moment after the signal.
 */
export type StartMessage = [port: MessagePort, workerId: string];
/** The worker's first post on its own channel: it holds its alive lock. Nothing else comes before it. */
export type AliveSignal = 'alive';

/** The options that reach the worker (everything but the callbacks). */
export type WorkerOpenOptions = Omit<DatabaseOptions, never>;

/**
 * `execute` travels on the worker's own channel (`worker.postMessage` / `self.onmessage`), the
 * fastest one a page has to its worker, while Comlink serves the other calls on a MessagePort the
 * worker receives as its first message. The page posts `[id, query, variables, operationName]`, the
 * query as text or as a parsed document without `loc`, which the worker prints (the page has no printer)…
 */
export type ExecuteMessage = [id: number, query: string | DocumentNode, variables: Variables | null, operationName: string | null];
/** …and the worker answers `[id, true, result, ms]` (ms: the owner's engine time) or `[id, false, error]`. */
export type ExecuteReply = [id: number, ok: true, result: ExecutionResult, ms: number] | [id: number, ok: false, error: WireError];

/** What the worker exposes to its own tab (Comlink). Sinks are Comlink proxies of main-thread callbacks. */
export interface WorkerApi {
  /** Opens the database; from then on this tab's `execute` calls arrive on the worker's own channel. */
  open(name: string, options: WorkerOpenOptions): Promise<Envelope<OpenInfo>>;
  role(): Role | null;
  subscribe(request: ExecutionRequest, sink: (result: ExecutionResult) => void): Promise<Envelope<number>>;
  unsubscribe(id: number): void;
  load(data: LoadInput, onProgress?: (progress: LoadProgress) => void): Promise<Envelope<LoadSummary>>;
  explain(request: ExecutionRequest): Promise<Envelope<ExplainNode>>;
  stats(): Promise<Envelope<DatabaseStats>>;
  schema(): Promise<Envelope<string>>;
  /** What `db.fetch` must know of a request (parsed here, where the parser is; nothing runs, no owner needed). */
  inspectRequest(query: string, operationName: string | null): Promise<Envelope<RequestShape>>;
  /** A consistent snapshot of the database file (checkpointed first). */
  exportSnapshot(): Promise<Envelope<Uint8Array>>;
  close(): Promise<Envelope<void>>;
}

/** The calls one tab's worker forwards to the owner's. */
export type RemoteMethod = 'execute' | 'load' | 'explain' | 'stats' | 'schema' | 'exportSnapshot';

/** Messages on the BroadcastChannel `quire:<name>`. `from`/`to` are worker ids. */
export type ChannelMessage =
  | { type: 'hello'; from: string }
  | { type: 'owner'; from: string }
  | { type: 'call'; from: string; id: number; method: RemoteMethod; args: unknown[] }
  | { type: 'ack'; to: string; id: number }
  | { type: 'reply'; to: string; id: number; envelope: Envelope<unknown> }
  | { type: 'progress'; to: string; id: number; progress: LoadProgress }
  | { type: 'subscribe'; from: string; sub: number; request: ExecutionRequest }
  | { type: 'unsubscribe'; from: string; sub: number }
  | { type: 'payload'; to: string; sub: number; result: ExecutionResult };
