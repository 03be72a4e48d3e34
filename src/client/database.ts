// The main-thread handle of one open database: every call goes to the engine's dedicated worker
// through Comlink on a MessagePort, but `execute` (the hot path) on the worker's own channel. It restarts a worker
// that died (pending calls fail clearly, live queries resume) and never leaves a call, an open or a close
// waiting on a dead worker; it never opens a file or runs a query.
import { proxy, releaseProxy, wrap, type Remote } from 'comlink';
import type { DocumentNode } from '../graphql/ast.ts';
import type {
  DatabaseApi,
  DatabaseOptions,
  DatabaseStats,
  ExecutionRequest,
  ExecutionResult,
  ExplainNode,
  LoadInput,
  LoadOptions,
  LoadSummary,
  RequestInspector,
  RequestShape,
  Unsubscribe,
  Variables,
} from '../db/api.ts';
import { fromWireError, QuireError } from '../db/errors.ts';
import { loadPart } from '../db/lazy.ts';
import type { Envelope, ExecuteMessage, ExecuteReply, OpenInfo, Role, StartMessage, WorkerApi } from '../worker/api.ts';
import { aliveLock } from '../worker/names.ts';

/** `openDatabase`'s options in a page. */
export interface BrowserDatabaseOptions extends DatabaseOptions {
  /** The database's name: its OPFS folder is `quire/<name>/`. */
  name: string;
  /** Ask the browser to keep this origin's storage under pressure (`navigator.storage.persist()`). */
  persist?: boolean;
}

interface Subscription {
  request: ExecutionRequest;
  onResult: (result: ExecutionResult) => void;
  /** The last payload delivered, as JSON: a restarted worker's first payload is often the same. */
  last: string | null;
  /** The worker's id for it, once subscribed there. */
  remoteId: Promise<number | null>;
}

interface PendingExecute {
  resolve: (result: ExecutionResult) => void;
  reject: (error: unknown) => void;
}

interface Connection {
  worker: Worker;
  remote: Remote<WorkerApi>;
  /** Set once the worker opened the database: from then on its death restarts it. */
  opened: boolean;
  /** Set once this worker died or was closed: every call still waiting failed with it, later ones fail at once. */
  failed: QuireError | null;
  /** The Comlink calls waiting for this worker, by their reject (no per-call race against a death promise). */
  calls: Set<(error: unknown) => void>;
  /** The port Comlink serves on; `execute` uses the worker's own channel (`ExecuteMessage` out, `ExecuteReply` back). */
  port: MessagePort;
  /** The executes this worker has not answered yet, by message id. */
  pending: Map<number, PendingExecute>;
  nextId: number;
}

/** How long the engine worked on a result, in the worker that owns the database (milliseconds). */
export interface Timing {
  workerMs: number;
}

const timings = new WeakMap<object, Timing>();

/** The worker-side time of a result `execute`/`query` returned (the round trip is the caller's to measure). */
export function timingOf(result: object): Timing | undefined {
  return timings.get(result);
}

/** Diagnostics only: `db[WORKER]()` is the current engine worker (tests terminate it to prove recovery). */
export const WORKER: unique symbol = Symbol.for('quire.worker');

/**
 * How long a new worker may take to hold its alive lock (its script loaded and its first message
 * handled) before its open fails with DATABASE_UNAVAILABLE: until then the page cannot see a silent
 * death. Generous, as a cold start compiles the whole engine. Diagnostics may lower it (tests).
 */
export const startupLimit = { ms: 60_000 };

export class BrowserDatabase implements DatabaseApi, RequestInspector {
  private connection: Promise<Connection>;
  /** The connection once it is open and until its worker dies: `execute` posts to it without awaiting. */
  private ready: Connection | null = null;
  private closed = false;
  /** The automatic reopen after a worker died failed (its calls failed with it): the next call starts a fresh worker. */
  private reopenFailed = false;
  private readonly subscriptions = new Set<Subscription>();
  private persisted: boolean | null = null;

  private constructor(private readonly options: BrowserDatabaseOptions) {
    this.connection = this.connect();
  }

  /** Starts the worker and opens the database; rejects with the engine's coded error (SCHEMA_ERROR…). */
  static async open(options: BrowserDatabaseOptions): Promise<BrowserDatabase> {
    const db = new BrowserDatabase(options);
    if (options.persist && navigator.storage?.persist) db.persisted = await navigator.storage.persist();
    await db.connection;
    return db;
  }

  async [WORKER](): Promise<Worker> {
    return (await this.connected()).worker;
  }

  /** Which role this tab's worker has: `owner` holds the files, a `follower` forwards to the owner's tab. */
  async role(): Promise<Role | null> {
    const connection = await this.connected();
    return track(connection, () => connection.remote.role());
  }

  query<TData = Record<string, unknown>>(query: string | DocumentNode, variables?: Variables | null): Promise<ExecutionResult<TData>> {
    return this.send(query, variables ?? null, null) as Promise<ExecutionResult<TData>>;
  }

  execute<TData = Record<string, unknown>>(request: ExecutionRequest): Promise<ExecutionResult<TData>> {
    return this.send(request.query, request.variables ?? null, request.operationName ?? null) as Promise<ExecutionResult<TData>>;
  }

  /** `execute` without a request object: posted at once when the worker is ready, else once it is. */
  private send(query: ExecutionRequest['query'], variables: Variables | null, operationName: string | null): Promise<ExecutionResult> {
    if (this.closed) return Promise.reject(new QuireError('DATABASE_CLOSED', 'the database is closed'));
    let text: string | DocumentNode;
    try {
      text = wireQuery(query);
    } catch (error) {
      return Promise.reject(error);
    }
    const ready = this.ready;
    if (ready) return sendExecute(ready, text, variables, operationName);
    return this.connected().then((connection) => sendExecute(connection, text, variables, operationName));
  }

  subscribe<TData = Record<string, unknown>>(request: ExecutionRequest, onResult: (result: ExecutionResult<TData>) => void): Unsubscribe {
    const subscription: Subscription = {
      request: toWireRequest(request),
      onResult: onResult as (result: ExecutionResult) => void,
      last: null,
      remoteId: Promise.resolve(null),
    };
    this.subscriptions.add(subscription);
    void this.connection.then((connection) => this.startSubscription(connection, subscription)).catch(() => undefined);
    return () => {
      if (!this.subscriptions.delete(subscription)) return;
      void Promise.all([this.connection, subscription.remoteId])
        .then(([{ remote }, id]) => {
          if (id !== null) void remote.unsubscribe(id);
        })
        .catch(() => undefined);
    };
  }

  load(data: LoadInput, options: LoadOptions = {}): Promise<LoadSummary> {
    const progress = options.onProgress ? proxy(options.onProgress) : undefined;
    return this.call((remote) => remote.load(data, progress));
  }

  explain(request: ExecutionRequest): Promise<ExplainNode> {
    const wire = toWireRequest(request);
    return this.call((remote) => remote.explain(wire));
  }

  async stats(): Promise<DatabaseStats> {
    const stats = await this.call((remote) => remote.stats());
    const estimate = navigator.storage?.estimate ? await navigator.storage.estimate() : null;
    const persisted = navigator.storage?.persisted ? await navigator.storage.persisted() : this.persisted;
    return { ...stats, storage: { usage: estimate?.usage ?? null, quota: estimate?.quota ?? null, persisted } };
  }

  schema(): Promise<string> {
    return this.call((remote) => remote.schema());
  }

  /** What `db.fetch` must know of a request, answered by the worker (the page carries no parser). */
  inspectRequest(query: string, operationName: string | null): Promise<RequestShape> {
    return this.call((remote) => remote.inspectRequest(query, operationName));
  }

  /** A consistent snapshot of the whole database as one file, for backups (`importDatabase` restores it). */
  async export(): Promise<Blob> {
    const bytes = await this.call((remote) => remote.exportSnapshot());
    return new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/vnd.quire' });
  }

  /** A GraphQL-over-HTTP endpoint in the page: `fetch`-shaped, for Apollo Client, urql and friends. */
  async fetch(request: Request): Promise<Response> {
    const { createFetchHandler } = await loadPart('the GraphQL-over-HTTP handler', () => import('../server/handler.ts'));
    return createFetchHandler(this)(request);
  }

  /**
   * Checkpoints, releases the files (another tab may take them over) and stops the worker. A worker
   * that is dead already, or dies while closing, resolves it too: its files went with it, and every
   * commit it acknowledged is in its WAL (the next open recovers it).
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.subscriptions.clear();
    const connection = await this.connection.catch(() => null);
    if (!connection) return;
    try {
      unwrap(await track<Envelope<void>>(connection, () => connection.remote.close()));
    } catch (error) {
      if (error !== connection.failed) throw error; // the worker's own error (not its death) stays the caller's
    } finally {
      this.ready = null;
      end(connection, new QuireError('DATABASE_CLOSED', 'the database was closed before answering'));
    }
  }

  // ── the worker ───────────────────────────────────────────────────────────────────────────

  /** The connection calls wait for; after an automatic reopen failed, a fresh worker is started for them. */
  private connected(): Promise<Connection> {
    if (this.reopenFailed && !this.closed) this.restart();
    return this.connection;
  }

  /** A new worker reopens the database and resumes the live queries; if it fails, the next call tries again. */
  private restart(): void {
    this.reopenFailed = false;
    // Live queries subscribed from now on start on `next` themselves (`subscribe` waits for the connection).
    const resume = [...this.subscriptions];
    const next = this.connect();
    this.connection = next;
    next.then(
      (connection) => {
        for (const subscription of resume) {
          if (this.subscriptions.has(subscription)) void this.startSubscription(connection, subscription).catch(() => undefined);
        }
      },
      () => {
        if (this.connection === next) this.reopenFailed = true;
      },
    );
  }

  private async connect(): Promise<Connection> {
    const worker = new Worker(new URL('../worker/worker.ts', import.meta.url), { type: 'module', name: `quire:${this.options.name}` });
    // Comlink gets a port of its own, so the worker's channel carries executes and nothing else.
    const { port1: port, port2: workerPort } = new MessageChannel();
    // The page names the worker (and so its alive lock); the worker takes that lock as its first act.
    const id = crypto.randomUUID();
    worker.postMessage([workerPort, id] satisfies StartMessage, [workerPort]);
    const remote = wrap<WorkerApi>(port);
    const pending = new Map<number, PendingExecute>();
    const connection: Connection = { worker, remote, opened: false, port, pending, nextId: 1, failed: null, calls: new Set() };
    // From the moment the worker holds its alive lock, being granted it means the worker is gone,
    // however it died: the open (or any call) waiting on it fails instead of hanging.
    let watching = false;
    const watch = (): void => {
      if (watching) return;
      watching = true;
      clearTimeout(startup);
      void navigator.locks.request(aliveLock(id), () => this.lost(connection));
    };
    // The worker's first post is its alive signal; every later one is an execute's reply.
    worker.onmessage = () => {
      worker.onmessage = (event: MessageEvent<ExecuteReply>) => receiveExecute(pending, event.data);
      watch();
    };
    // Before the signal, its death shows only as an error event (its script failed to load or threw)
    // or as a terminate() on it (the page's own); a silent one, as no signal within `startupLimit`.
    const diedOpening = (): void => {
      if (!watching) this.lost(connection);
    };
    worker.addEventListener('error', diedOpening);
    worker.addEventListener('messageerror', diedOpening);
    const terminate = worker.terminate;
    worker.terminate = () => {
      terminate.call(worker);
      diedOpening();
    };
    const startup = setTimeout(
      () => end(connection, new QuireError('DATABASE_UNAVAILABLE', `The database worker did not start within ${startupLimit.ms} ms.`)),
      startupLimit.ms,
    );
    const { name, persist: _persist, ...options } = this.options;
    try {
      unwrap(await track<Envelope<OpenInfo>>(connection, () => remote.open(name, options)));
    } catch (error) {
      clearTimeout(startup);
      end(connection, error instanceof QuireError ? error : new QuireError('DATABASE_UNAVAILABLE', String(error)));
      throw error;
    }
    // The worker held its lock before it answered (its signal may still be on its way: other channel).
    watch();
    connection.opened = true;
    if (!this.closed) this.ready = connection;
    return connection;
  }

  /**
   * `connection`'s worker died: every call waiting for it fails with DATABASE_UNAVAILABLE (a close
   * waiting for it resolves) and, if it was open and the database is not closing, a new worker reopens it.
   */
  private lost(connection: Connection): void {
    if (connection.failed) return; // closed or reported already
    if (this.ready === connection) this.ready = null;
    const restart = connection.opened && !this.closed;
    const why = !connection.opened ? 'while opening the database' : restart ? 'before answering; it has been restarted. Retry the call' : 'before answering, while the database was closing';
    end(connection, new QuireError('DATABASE_UNAVAILABLE', `The database worker stopped ${why}.`));
    if (restart) this.restart();
  }

  private async startSubscription(connection: Connection, subscription: Subscription): Promise<void> {
    subscription.remoteId = connection.remote
      .subscribe(subscription.request, proxy((result: ExecutionResult) => this.deliver(subscription, result)))
      .then((envelope) => {
        if (envelope.ok) return envelope.value;
        subscription.onResult({ errors: [{ message: envelope.error.message, extensions: { code: envelope.error.code } }] });
        return null;
      });
    await subscription.remoteId;
  }

  private deliver(subscription: Subscription, result: ExecutionResult): void {
    if (!this.subscriptions.has(subscription)) return;
    const json = JSON.stringify(result);
    if (json === subscription.last) return;
    subscription.last = json;
    subscription.onResult(result);
  }

  /** One call to the worker: its coded error is thrown here; a worker that dies rejects it instead of hanging. */
  private async call<T>(fn: (remote: Remote<WorkerApi>) => Promise<Envelope<T>>): Promise<T> {
    if (this.closed) throw new QuireError('DATABASE_CLOSED', 'the database is closed');
    const connection = this.ready ?? (await this.connected());
    return unwrap(await track(connection, () => fn(connection.remote)));
  }
}

/** A Comlink call to `connection`'s worker, made unless it failed already, and rejected by `end` if it dies. */
function track<T>(connection: Connection, fn: () => Promise<T>): Promise<T> {
  if (connection.failed) return Promise.reject(connection.failed);
  const reply = fn();
  return new Promise<T>((resolve, reject) => {
    connection.calls.add(reject);
    reply.then(
      (value) => {
        connection.calls.delete(reject);
        resolve(value);
      },
      (error: unknown) => {
        connection.calls.delete(reject);
        reject(error);
      },
    );
  });
}


function unwrap<T>(envelope: Envelope<T>): T {
  if (envelope.ok) return envelope.value;
  throw fromWireError(envelope.error);
}

/**
 * Documents travel as text, or parsed without their `loc` (plain data, always clonable) for the
 * worker to print: the printer is there already, so the page carries none. Never as the source a
 * document came from: tools transform documents after parsing (Apollo adds `__typename`) and keep the old `loc`.
 */
function wireQuery(query: ExecutionRequest['query']): string | DocumentNode {
  return typeof query === 'string' ? query : (JSON.parse(JSON.stringify(query, withoutLoc)) as DocumentNode);
}

const withoutLoc = (key: string, value: unknown): unknown => (key === 'loc' ? undefined : value);

function toWireRequest(request: ExecutionRequest): ExecutionRequest {
  return { query: wireQuery(request.query), variables: request.variables ?? null, operationName: request.operationName ?? null };
}

/** One `ExecuteMessage` on the worker's channel; `receiveExecute` settles it. */
function sendExecute(connection: Connection, query: string | DocumentNode, variables: Variables | null, operationName: string | null): Promise<ExecutionResult> {
  if (connection.failed) return Promise.reject(connection.failed);
  return new Promise((resolve, reject) => {
    const id = connection.nextId++;
    connection.pending.set(id, { resolve, reject });
    connection.worker.postMessage([id, query, variables, operationName] satisfies ExecuteMessage);
  });
}

function receiveExecute(pending: Map<number, PendingExecute>, reply: ExecuteReply): void {
  const call = pending.get(reply[0]);
  if (!call) return;
  pending.delete(reply[0]);
  if (reply[1]) {
    timings.set(reply[2], { workerMs: reply[3] });
    call.resolve(reply[2]);
  } else {
    call.reject(fromWireError(reply[2]));
  }
}

/**
 * A worker that died or closed answers nothing more: its pending executes and calls fail with `error`
 * (the first reason wins; later ones change nothing), and the worker and its ports are stopped for good.
 */
function end(connection: Connection, error: QuireError): void {
  if (connection.failed) return;
  connection.failed = error;
  connection.remote[releaseProxy]();
  connection.port.close();
  Worker.prototype.terminate.call(connection.worker);
  for (const call of connection.pending.values()) call.reject(error);
  connection.pending.clear();
  for (const reject of connection.calls) reject(error);
  connection.calls.clear();
}
