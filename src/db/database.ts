// Database: ties storage, catalog and query engine into the one API (API.md §4) that the worker, the
// Node runtime and the HTTP handler expose. Owns open (recovery, schema install or migration), load,
// stats, export and close; it never opens files (runtimes hand it PageFiles) and never plans queries.
// The schema builder and migrator (only for a new or changed schema) and the loader are loaded on first use.
import { rowsTree, TREE_PREFIX, type Catalog } from '../catalog/model.ts';
import { readCatalog, schemaVersions, type SchemaVersion } from '../catalog/installed.ts';
import type { LoadSource } from '../catalog/load.ts';
import { createQueryEngine, isShared, type QueryEngine } from '../query/engine.ts';
import type { PageFile } from '../storage/file/page-file.ts';
import { PAGE_SIZE } from '../storage/pager.ts';
import { Store } from '../storage/store.ts';
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
} from './api.ts';
import type { DocumentNode } from '../graphql/ast.ts';
import { QuireError } from './errors.ts';
import { loadPart } from './lazy.ts';
import { inspectRequest, isMutation } from './operation.ts';

/** The two files of a database: pages and write-ahead log. */
export interface DatabaseFiles {
  file: PageFile;
  wal: PageFile;
}

/** How a runtime hosts the Database (not user options). */
export interface HostingOptions {
  /**
   * Hand every result and live payload to the caller as its own, free to mutate (default). The
   * engine builds each response fresh (stored JSON values copied) except the ones it shares with a
   * cache (`isShared`: result-cache entries, live payloads), which are copied; a runtime whose
   * transport copies anyway (the worker: postMessage) turns this off and copies nothing.
   */
  copyResults?: boolean;
}

/** How `open` found the schema. */
export type SchemaStatus = 'created' | 'unchanged' | 'migrated';

/** A live query as the Database holds it, so that a migration can move it to the new engine. */
interface LiveQuery {
  request: ExecutionRequest;
  onResult: (result: ExecutionResult) => void;
  stop: Unsubscribe;
  /** The last payload delivered, as JSON: never deliver an equal one twice in a row (even across a migration). */
  last: string | null;
}

/** The schema `open` or `migrate` installed. */
interface Installed {
  catalog: Catalog;
  version: number;
  status: SchemaStatus;
}

/** The schema builder and migrator (catalog/persist.ts), a lazy chunk: needed only for a new or changed schema. */
const schemaBuilder = () => loadPart('the schema builder', () => import('../catalog/persist.ts'));

/**
 * Installs `sdl` as the schema (creates, keeps or migrates the catalog). An unchanged schema is read
 * and nothing more; otherwise the schema builder is loaded and the change made in one transaction,
 * committed, or rolled back on error (which is rethrown).
 */
async function installCatalog(store: Store, sdl: string, allowDataLoss: boolean | undefined): Promise<Installed> {
  const installed = store.read((view) => readCatalog(view));
  if (installed && installed.catalog.sdl === sdl) return { ...installed, status: 'unchanged' };
  const { openCatalog } = await schemaBuilder();
  const tx = store.begin();
  let opened;
  try {
    opened = openCatalog(tx, sdl, { allowDataLoss: allowDataLoss ?? false });
  } catch (error) {
    tx.rollback();
    throw error;
  }
  if (opened.status === 'unchanged') tx.rollback();
  else tx.commit();
  return opened;
}

function engineFor(catalog: Catalog, store: Store, options: DatabaseOptions): QueryEngine {
  const { rows, results } = options.cache ?? {};
  return createQueryEngine({ catalog, store, options: { ...options.limits, ...(rows !== undefined ? { rowCacheSize: rows } : {}), ...(results !== undefined ? { resultCacheSize: results } : {}) } });
}

export class Database implements DatabaseApi, RequestInspector {
  private closed = false;
  private readonly live = new Set<LiveQuery>();
  /** The tail of the writers' queue: a load, migration, snapshot or close waits for the one before. */
  private writeQueue: Promise<unknown> = Promise.resolve();
  /** How many queued writers have not finished; while any has, mutations queue too. */
  private writers = 0;

  private readonly copyResults: boolean;

  private constructor(
    hosting: HostingOptions,
    private readonly store: Store,
    private readonly files: DatabaseFiles,
    private catalog: Catalog,
    private engine: QueryEngine,
    private readonly options: DatabaseOptions,
    /** What opening did to the schema. */
    schemaStatus: SchemaStatus,
    schemaVersion: number,
  ) {
    this.copyResults = hosting.copyResults ?? true;
    this.schemaStatus = schemaStatus;
    this.schemaVersion = schemaVersion;
  }

  /** What opening (or the last `migrate`) did to the schema. */
  schemaStatus: SchemaStatus;
  /** The installed schema version. */
  schemaVersion: number;

  /**
   * Opens the database in `files` (creating it when empty): recovers from the WAL, then installs
   * the schema, leaves it as it is, or migrates to it in one transaction. Rejects with SCHEMA_ERROR
   * for an invalid schema or a refused migration, leaving the files as they were.
   */
  static async open(files: DatabaseFiles, options: DatabaseOptions, hosting: HostingOptions = {}): Promise<Database> {
    const store = Store.open({
      file: files.file,
      wal: files.wal,
      ...(options.cacheBytes !== undefined ? { cacheBytes: options.cacheBytes } : {}),
      ...(options.memtableBytes !== undefined ? { memtableBytes: options.memtableBytes } : {}),
      ...(options.durability !== undefined ? { durability: options.durability } : {}),
    });
    try {
      const opened = await installCatalog(store, options.schema, options.allowDataLoss);
      const engine = engineFor(opened.catalog, store, options);
      return new Database(hosting, store, files, opened.catalog, engine, options, opened.status, opened.version);
    } catch (error) {
      store.close();
      throw error;
    }
  }

  /** Rejects with the SCHEMA_ERROR an SDL would get at open, without touching any database. */
  static async checkSchema(sdl: string): Promise<void> {
    const { catalogFromSDL } = await schemaBuilder();
    catalogFromSDL(sdl);
  }

  async execute<TData = Record<string, unknown>>(request: ExecutionRequest): Promise<ExecutionResult<TData>> {
    this.check();
    // A mutation runs synchronously to its commit, so it only has to wait while an asynchronous
    // writer (a streaming load) holds the transaction; reads never wait.
    if (this.writers > 0 && isMutation(request)) return this.exclusive(() => this.own(this.engine.execute(request)) as ExecutionResult<TData>);
    return this.own(this.engine.execute(request)) as ExecutionResult<TData>;
  }

  query<TData = Record<string, unknown>>(query: string | DocumentNode, variables?: Variables | null): Promise<ExecutionResult<TData>> {
    return this.execute<TData>({ query, variables: variables ?? null });
  }

  subscribe<TData = Record<string, unknown>>(request: ExecutionRequest, onResult: (result: ExecutionResult<TData>) => void): Unsubscribe {
    this.check();
    const live: LiveQuery = { request, onResult: onResult as (result: ExecutionResult) => void, stop: () => undefined, last: null };
    live.stop = this.engine.subscribe(request, (result) => this.deliver(live, result));
    this.live.add(live);
    return () => {
      if (this.live.delete(live)) live.stop();
    };
  }

  /**
   * Migrates a running database to `sdl` in one transaction (what `open` does with a changed schema).
   * Rejects with SCHEMA_ERROR for an invalid schema or a refused migration, leaving everything as it
   * was. Live queries move to the new schema and deliver their result under it.
   */
  migrate(sdl: string, options: { allowDataLoss?: boolean } = {}): Promise<{ status: SchemaStatus; version: number }> {
    return this.exclusive(() => this.migrateNow(sdl, options));
  }

  private async migrateNow(sdl: string, options: { allowDataLoss?: boolean }): Promise<{ status: SchemaStatus; version: number }> {
    const opened = await installCatalog(this.store, sdl, options.allowDataLoss);
    if (opened.status === 'unchanged') return { status: 'unchanged', version: this.schemaVersion };
    this.catalog = opened.catalog;
    this.engine = engineFor(opened.catalog, this.store, this.options);
    this.schemaStatus = opened.status;
    this.schemaVersion = opened.version;
    for (const live of this.live) {
      live.stop();
      live.stop = this.engine.subscribe(live.request, (result) => this.deliver(live, result));
    }
    return { status: opened.status, version: opened.version };
  }

  /** Loads API.md §3 data (an object, JSON or NDJSON text, or a stream of chunks) in one transaction. */
  load(data: LoadInput | LoadSource, options: LoadOptions = {}): Promise<LoadSummary> {
    return this.exclusive(() => this.loadNow(data, options));
  }

  private async loadNow(data: LoadInput | LoadSource, options: LoadOptions): Promise<LoadSummary> {
    const { load } = await loadPart('the loader', () => import('../catalog/load.ts'));
    const started = performance.now();
    const empty = new Set(this.store.stats().trees.filter((t) => t.entries === 0).map((t) => t.name));
    const tx = this.store.begin();
    let result;
    try {
      result = await load(tx, this.catalog, data as LoadSource, options.onProgress ? { onProgress: options.onProgress } : {});
      tx.commit();
    } catch (error) {
      tx.rollback();
      throw error;
    }
    this.engine.notifyCommit('all');
    this.engine.warm(empty); // the tables it filled: the rows just loaded are the ones about to be read
    return { rows: result.rows, edges: result.links, ms: performance.now() - started };
  }

  async explain(request: ExecutionRequest): Promise<ExplainNode> {
    this.check();
    const { plan, response } = this.engine.explain(request);
    return { operation: 'request', children: plan as unknown as ExplainNode[], ...(response.errors ? { errors: this.own(response).errors } : {}) };
  }

  /** The request's shape for GraphQL over HTTP (parses only; runs nothing). */
  async inspectRequest(query: string, operationName: string | null): Promise<RequestShape> {
    return inspectRequest(query, operationName);
  }

  async schema(): Promise<string> {
    this.check();
    return this.engine.schema();
  }

  /** The user's SDL as installed, and every version with its time. */
  schemaSource(): { sdl: string; version: number; versions: SchemaVersion[] } {
    this.check();
    return { sdl: this.catalog.sdl, version: this.schemaVersion, versions: this.store.read((view) => schemaVersions(view)) };
  }

  async stats(): Promise<DatabaseStats> {
    this.check();
    const storage = this.store.stats();
    const tables = Object.keys(this.catalog.entities)
      .sort()
      .map((name) => ({ name, rows: this.store.read((view) => view.count(rowsTree(name))) }));
    const secondary = [TREE_PREFIX.index, TREE_PREFIX.edgeForward, TREE_PREFIX.edgeBackward];
    const indexes = storage.trees
      .filter((t) => secondary.some((prefix) => t.name.startsWith(prefix)))
      .map((t) => ({ name: t.name, kind: t.kind, entries: t.entries, pages: t.pages, bytes: t.pages * PAGE_SIZE, height: t.height }));
    const { hits, misses } = storage.cache;
    return {
      tables,
      indexes,
      cache: { ...storage.cache, hitRate: hits + misses === 0 ? null : hits / (hits + misses) },
      wal: { ...storage.wal, fileBytes: this.files.wal.size() },
      file: { bytes: this.files.file.size(), pages: storage.pages },
      memtable: storage.memtable,
      checkpoints: storage.checkpoints,
      transactions: storage.transactions,
      queries: this.engine.stats(),
      schema: { version: this.schemaVersion },
      trees: storage.trees.length,
    };
  }

  /** A consistent copy of the whole database as one file: checkpointed, so the WAL adds nothing. */
  exportSnapshot(): Promise<Uint8Array> {
    return this.exclusive(() => {
      this.checkpointNow();
      const bytes = new Uint8Array(this.files.file.size());
      this.files.file.read(0, bytes);
      return bytes;
    });
  }

  /** Writes everything buffered into the file, so reopening replays nothing. */
  checkpoint(): Promise<void> {
    return this.exclusive(() => this.checkpointNow());
  }

  private checkpointNow(): void {
    const from = this.store.version;
    this.store.checkpoint();
    this.engine.notifyCommit([], from); // moves pages, changes no row: the decoded rows stay
  }

  /**
   * Waits for the writer in progress (a load, a migration), stops every live query, checkpoints and
   * releases the files; later calls fail with DATABASE_CLOSED.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.exclusive(() => {
      this.closed = true;
      for (const live of this.live) live.stop();
      this.live.clear();
      this.store.close();
    }).catch((error: unknown) => {
      if (!this.closed) throw error;
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private check(): void {
    if (this.closed) throw new QuireError('DATABASE_CLOSED', 'the database is closed');
  }

  /** Runs `fn` as the only writer: after every queued writer before it, before every one after it. */
  private exclusive<T>(fn: () => Promise<T> | T): Promise<T> {
    this.check();
    this.writers++;
    const run = this.writeQueue.then(() => {
      this.check();
      return fn();
    });
    this.writeQueue = run.then(
      () => this.writers--,
      () => this.writers--,
    );
    return run;
  }

  private deliver(live: LiveQuery, result: ExecutionResult): void {
    if (this.closed || !this.live.has(live)) return;
    const json = JSON.stringify(result);
    if (json === live.last) return;
    live.last = json;
    live.onResult(this.own(result));
  }

  /**
   * The caller's own result (see HostingOptions): a copy only of one the engine shares with a cache
   * (a result-cache entry, a live payload, a request error); a fresh response is already theirs.
   */
  private own(result: ExecutionResult): ExecutionResult {
    return this.copyResults && isShared(result) ? structuredClone(result) : result;
  }
}
