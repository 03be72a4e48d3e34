// The main-thread handle of one open database: every call goes to the engine's dedicated worker
// through Comlink. It restarts a worker that died (pending calls fail clearly, live queries resume);
// it never opens a file or runs a query itself.
import { proxy, releaseProxy, wrap, type Remote } from 'comlink';
import type { DocumentNode } from '../graphql/ast.ts';
import { print } from '../graphql/printer.ts';
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
  Unsubscribe,
  Variables,
} from '../db/api.ts';
import { fromWireError, QuireError } from '../db/errors.ts';
import type { Envelope, OpenInfo, Role, WorkerApi } from '../worker/api.ts';

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

interface Connection {
  worker: Worker;
  remote: Remote<WorkerApi>;
  info: OpenInfo;
  /** Rejects when this worker dies. */
  died: Promise<never>;
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

export class BrowserDatabase implements DatabaseApi {
  private connection: Promise<Connection>;
  private closed = false;
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
    return (await this.connection).worker;
  }

  /** Which role this tab's worker has: `owner` holds the files, a `follower` forwards to the owner's tab. */
  async role(): Promise<Role | null> {
    const { remote } = await this.connection;
    return remote.role();
  }

  query<TData = Record<string, unknown>>(query: string | DocumentNode, variables?: Variables | null): Promise<ExecutionResult<TData>> {
    return this.execute<TData>({ query, variables: variables ?? null });
  }

  async execute<TData = Record<string, unknown>>(request: ExecutionRequest): Promise<ExecutionResult<TData>> {
    const wire = toWireRequest(request);
    let ms: number | undefined;
    const result = await this.call(async (remote) => {
      const envelope = await remote.execute(wire);
      if (envelope.ok) ms = envelope.ms;
      return envelope;
    });
    if (ms !== undefined) timings.set(result, { workerMs: ms });
    return result as ExecutionResult<TData>;
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

  /** A consistent snapshot of the whole database as one file, for backups (`importDatabase` restores it). */
  async export(): Promise<Blob> {
    const bytes = await this.call((remote) => remote.exportSnapshot());
    return new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/vnd.quire' });
  }

  /** A GraphQL-over-HTTP endpoint in the page: `fetch`-shaped, for Apollo Client, urql and friends. */
  async fetch(request: Request): Promise<Response> {
    const { createFetchHandler } = await import('../server/handler.ts');
    return createFetchHandler(this)(request);
  }

  /** Checkpoints, releases the files (another tab may take them over) and stops the worker. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.subscriptions.clear();
    const connection = await this.connection.catch(() => null);
    if (!connection) return;
    try {
      unwrap(await connection.remote.close());
    } finally {
      connection.remote[releaseProxy]();
      connection.worker.terminate();
    }
  }

  // ── the worker ───────────────────────────────────────────────────────────────────────────

  private async connect(): Promise<Connection> {
    const worker = new Worker(new URL('../worker/worker.ts', import.meta.url), { type: 'module', name: `quire:${this.options.name}` });
    const remote = wrap<WorkerApi>(worker);
    const { name, persist: _persist, ...options } = this.options;
    let info: OpenInfo;
    try {
      info = unwrap(await remote.open(name, options));
    } catch (error) {
      worker.terminate();
      throw error;
    }
    const died = new Promise<never>((_, reject) => {
      // The worker holds this lock for its whole life: being granted it means the worker is gone.
      void navigator.locks.request(info.aliveLock, () => {
        if (this.closed) return;
        reject(new QuireError('DATABASE_UNAVAILABLE', 'The database worker stopped before answering; it has been restarted. Retry the call.'));
        worker.terminate();
        this.connection = this.connect();
        void this.connection.then((connection) => {
          for (const subscription of this.subscriptions) void this.startSubscription(connection, subscription);
        });
      });
    });
    died.catch(() => undefined);
    return { worker, remote, info, died };
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
    const connection = await this.connection;
    return unwrap(await Promise.race([fn(connection.remote), connection.died]));
  }
}

function unwrap<T>(envelope: Envelope<T>): T {
  if (envelope.ok) return envelope.value;
  throw fromWireError(envelope.error);
}

/**
 * Documents travel as text. A parsed document is printed, never sent as the source it came from:
 * tools transform documents after parsing (Apollo adds `__typename`) and keep the old `loc`.
 */
function toWireRequest(request: ExecutionRequest): ExecutionRequest {
  const { query } = request;
  const text = typeof query === 'string' ? query : print(query);
  return { query: text, variables: request.variables ?? null, operationName: request.operationName ?? null };
}
