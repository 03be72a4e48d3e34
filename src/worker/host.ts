// The worker's side of one open database: either the owner (this tab's worker holds the Web Lock
// and the OPFS files) or a follower (it forwards every call to the owner over a BroadcastChannel and
// takes over when the owner goes). Owns roles and routing; never interprets GraphQL or touches pages.
import { transfer } from 'comlink';
import { Database } from '../db/database.ts';
import type { DatabaseStats, ExecutionRequest, ExecutionResult, ExplainNode, LoadInput, LoadProgress, LoadSummary, RequestShape, Unsubscribe } from '../db/api.ts';
import { QuireError, toWireError } from '../db/errors.ts';
import { inspectRequest, isMutation } from '../db/operation.ts';
import { print } from '../graphql/printer.ts';
import type { ChannelMessage, Envelope, ExecuteMessage, ExecuteReply, OpenInfo, RemoteMethod, Role, WorkerApi, WorkerOpenOptions } from './api.ts';
import { databaseFolder, MAIN_FILE, openExclusive, WAL_FILE } from './files.ts';
import { aliveLock, databaseLock } from './names.ts';

interface PendingCall {
  method: RemoteMethod;
  args: unknown[];
  settle: (envelope: Envelope<unknown>) => void;
  onProgress?: (progress: LoadProgress) => void;
  /** The owner it was sent to, or null while it waits for one. */
  sentTo: string | null;
  /** The owner acknowledged it before running it: from then on it may have taken effect. */
  acked: boolean;
}

/** The worker's own channel with its page (the worker scope): executes in, replies out. */
export interface PageChannel {
  onmessage: ((event: MessageEvent<ExecuteMessage>) => void) | null;
  postMessage(reply: ExecuteReply): void;
}

interface LocalSubscription {
  request: ExecutionRequest;
  sink: (result: ExecutionResult) => void;
  /** The last payload delivered, as JSON, so a re-subscription after a takeover never repeats it. */
  last: string | null;
  /** Set while this worker owns the database and runs the live query itself. */
  stop: Unsubscribe | null;
}


export class Host implements WorkerApi {
  private name = '';
  private options: WorkerOpenOptions | null = null;
  private current: Role | null = null;
  private db: Database | null = null;
  private channel: BroadcastChannel | null = null;
  private releaseOwnerLock: (() => void) | null = null;
  private readonly stopWaiting = new AbortController();
  private owner: string | null = null;
  private nextCall = 1;
  private readonly pending = new Map<number, PendingCall>();
  private nextSub = 1;
  private readonly subscriptions = new Map<number, LocalSubscription>();
  /** Live queries this owner runs for other tabs, by `from:sub`. */
  private readonly remoteSubscriptions = new Map<string, Unsubscribe>();
  private readonly watchedTabs = new Set<string>();

  /**
   * `page` carries this tab's executes from now on; they fail with DATABASE_CLOSED until `open`.
   * `id` is this worker's, chosen by its page; `alive` resolves once the worker holds `aliveLock(id)`.
   */
  constructor(
    private readonly page: PageChannel,
    private readonly id: string,
    private readonly alive: Promise<void>,
  ) {
    page.onmessage = (event) => this.execute(event.data);
  }

  role(): Role | null {
    return this.current;
  }

  async open(name: string, options: WorkerOpenOptions): Promise<Envelope<OpenInfo>> {
    return settle(async () => {
      if (this.current) throw new QuireError('BAD_USER_INPUT', 'this worker already has a database open');
      this.name = name;
      this.options = options;
      await this.alive; // open never replies before the page can see this worker's death
      this.channel = new BroadcastChannel(`quire:${name}`);
      this.channel.onmessage = (event: MessageEvent<ChannelMessage>) => this.onMessage(event.data);

      const won = await new Promise<boolean>((resolve) => {
        void navigator.locks.request(databaseLock(name), { ifAvailable: true }, (lock) => {
          resolve(lock !== null);
          if (!lock) return undefined;
          return new Promise<void>((release) => (this.releaseOwnerLock = release));
        });
      });
      if (won) {
        try {
          await this.becomeOwner();
        } catch (error) {
          this.releaseOwnerLock?.();
          this.channel.close();
          throw error;
        }
      } else {
        await Database.checkSchema(options.schema);
        this.current = 'follower';
        this.post({ type: 'hello', from: this.id });
        this.waitForOwnership();
      }
      return { role: this.current! };
    });
  }

  /**
   * One `execute` from this tab. The owner answers from the engine's own promise (one hop, no
   * envelope); a follower forwards it to the owner's tab.
   */
  private execute([id, query, variables, operationName]: ExecuteMessage): void {
    let request: ExecutionRequest;
    try {
      request = { query: typeof query === 'string' ? query : print(query), variables, operationName };
    } catch (error) {
      this.page.postMessage([id, false, toWireError(error)]);
      return;
    }
    const db = this.current === 'owner' ? this.db : null;
    if (db) {
      const started = performance.now();
      db.execute(request).then(
        (result) => this.reply(id, result, performance.now() - started),
        (error: unknown) => this.page.postMessage([id, false, toWireError(error)]),
      );
      return;
    }
    void this.route('execute', [request]).then((envelope) =>
      envelope.ok ? this.reply(id, envelope.value as ExecutionResult, envelope.ms ?? 0) : this.page.postMessage([id, false, envelope.error]),
    );
  }

  /** A result that cannot be cloned to the page fails its call instead of leaving it unanswered. */
  private reply(id: number, result: ExecutionResult, ms: number): void {
    try {
      this.page.postMessage([id, true, result, ms]);
    } catch (error) {
      this.page.postMessage([id, false, toWireError(error)]);
    }
  }

  load(data: LoadInput, onProgress?: (progress: LoadProgress) => void): Promise<Envelope<LoadSummary>> {
    return this.route('load', [data], onProgress) as Promise<Envelope<LoadSummary>>;
  }

  async explain(request: ExecutionRequest): Promise<Envelope<ExplainNode>> {
    const text = await settle(() => asText(request));
    return text.ok ? (this.route('explain', [text.value]) as Promise<Envelope<ExplainNode>>) : text;
  }

  stats(): Promise<Envelope<DatabaseStats>> {
    return this.route('stats', []) as Promise<Envelope<DatabaseStats>>;
  }

  schema(): Promise<Envelope<string>> {
    return this.route('schema', []) as Promise<Envelope<string>>;
  }

  inspectRequest(query: string, operationName: string | null): Promise<Envelope<RequestShape>> {
    return settle(() => {
      this.assertOpen();
      return inspectRequest(query, operationName);
    });
  }

  async exportSnapshot(): Promise<Envelope<Uint8Array>> {
    const envelope = (await this.route('exportSnapshot', [])) as Envelope<Uint8Array>;
    return envelope.ok ? transfer(envelope, [envelope.value.buffer]) : envelope;
  }

  async subscribe(request: ExecutionRequest, sink: (result: ExecutionResult) => void): Promise<Envelope<number>> {
    return settle(async () => {
      this.assertOpen();
      const sub = this.nextSub++;
      const entry: LocalSubscription = { request: asText(request), sink, last: null, stop: null };
      this.subscriptions.set(sub, entry);
      this.startSubscription(sub, entry);
      return sub;
    });
  }

  unsubscribe(sub: number): void {
    const entry = this.subscriptions.get(sub);
    if (!entry) return;
    this.subscriptions.delete(sub);
    if (entry.stop) entry.stop();
    else if (this.owner) this.post({ type: 'unsubscribe', from: this.id, sub });
  }

  async close(): Promise<Envelope<void>> {
    return settle(async () => {
      for (const sub of [...this.subscriptions.keys()]) this.unsubscribe(sub);
      for (const stop of this.remoteSubscriptions.values()) stop();
      this.remoteSubscriptions.clear();
      this.stopWaiting.abort();
      const db = this.db;
      this.db = null;
      this.current = null;
      try {
        await db?.close();
      } finally {
        this.releaseOwnerLock?.();
        this.channel?.close();
        this.channel = null;
        for (const call of this.pending.values()) call.settle(failure('DATABASE_CLOSED', 'the database was closed'));
        this.pending.clear();
      }
    });
  }

  // ── owner ────────────────────────────────────────────────────────────────────────────────

  private async becomeOwner(): Promise<void> {
    const dir = await databaseFolder(this.name, true);
    const file = await openExclusive(dir, MAIN_FILE);
    let wal;
    try {
      wal = await openExclusive(dir, WAL_FILE);
    } catch (error) {
      file.close();
      throw error;
    }
    try {
      // postMessage copies every result on its way to a page: no second copy here.
      this.db = await Database.open({ file, wal }, this.options!, { copyResults: false });
    } catch (error) {
      file.close();
      wal.close();
      throw error;
    }
    this.current = 'owner';
    this.owner = this.id;
    this.post({ type: 'owner', from: this.id });
  }

  /** Followers queue a lock request; it is granted when the owner's tab closes or its worker dies. */
  private waitForOwnership(): void {
    navigator.locks
      .request(databaseLock(this.name), { signal: this.stopWaiting.signal }, async () => {
        if (!this.channel) return;
        const held = new Promise<void>((release) => (this.releaseOwnerLock = release));
        try {
          await this.becomeOwner();
        } catch (error) {
          // The files could not be opened: every call fails clearly instead of hanging.
          const wire = toWireError(error);
          for (const call of this.pending.values()) call.settle({ ok: false, error: wire });
          this.pending.clear();
          this.current = null;
          this.releaseOwnerLock?.();
          return;
        }
        this.redirectPending();
        for (const [sub, entry] of this.subscriptions) this.startSubscription(sub, entry);
        await held;
      })
      .catch(() => undefined); // aborted by close()
  }

  /**
   * Calls the old owner never answered go to the new one (this worker, or another tab's) — unless
   * the old owner had acknowledged a write, which may have committed before it went: that one fails
   * with DATABASE_UNAVAILABLE rather than risk running twice.
   */
  private redirectPending(): void {
    for (const [id, call] of this.pending) {
      if (call.sentTo !== null && call.sentTo === this.owner && this.current === 'follower') continue;
      if (call.acked && !isRetryable(call)) {
        this.pending.delete(id);
        call.settle(
          failure('DATABASE_UNAVAILABLE', 'The tab that owned the database closed before answering; the write may or may not have been committed. Query the data to find out.'),
        );
      } else if (this.current === 'owner') {
        this.pending.delete(id);
        void this.runLocal(call.method, call.args, call.onProgress).then(call.settle);
      } else {
        call.acked = false;
        this.send(id, call);
      }
    }
  }

  /** Runs a call on this owner's database: one promise from the engine's to the timed envelope. */
  private runLocal(method: RemoteMethod, args: unknown[], onProgress?: (progress: LoadProgress) => void): Promise<Envelope<unknown>> {
    const started = performance.now();
    let running: Promise<unknown>;
    try {
      running = Promise.resolve(this.invoke(method, args, onProgress));
    } catch (error) {
      return Promise.resolve(failed(error));
    }
    return running.then((value) => ({ ok: true, value, ms: performance.now() - started }), failed);
  }

  private invoke(method: RemoteMethod, args: unknown[], onProgress?: (progress: LoadProgress) => void): unknown {
    const db = this.db;
    if (!db) throw new QuireError('DATABASE_CLOSED', 'the database is closed');
    switch (method) {
      case 'execute':
        return db.execute(args[0] as ExecutionRequest);
      case 'load':
        return db.load(args[0] as LoadInput, onProgress ? { onProgress } : {});
      case 'explain':
        return db.explain(args[0] as ExecutionRequest);
      case 'stats':
        return db.stats();
      case 'schema':
        return db.schema();
      case 'exportSnapshot':
        return db.exportSnapshot();
    }
  }

  private watchTab(tab: string): void {
    if (this.watchedTabs.has(tab)) return;
    this.watchedTabs.add(tab);
    // Granted once that tab's worker is gone: end the live queries it had here.
    void navigator.locks.request(aliveLock(tab), async () => {
      this.watchedTabs.delete(tab);
      for (const [key, stop] of this.remoteSubscriptions) {
        if (key.startsWith(`${tab}:`)) {
          stop();
          this.remoteSubscriptions.delete(key);
        }
      }
    });
  }

  // ── follower ─────────────────────────────────────────────────────────────────────────────

  private route(method: RemoteMethod, args: unknown[], onProgress?: (progress: LoadProgress) => void): Promise<Envelope<unknown>> {
    if (this.current === 'owner') return this.runLocal(method, args, onProgress);
    if (this.current !== 'follower') return Promise.resolve(failure('DATABASE_CLOSED', 'the database is not open'));
    return new Promise((resolve) => {
      const id = this.nextCall++;
      const call: PendingCall = { method, args, settle: resolve, sentTo: null, acked: false, ...(onProgress ? { onProgress } : {}) };
      this.pending.set(id, call);
      if (this.owner) this.send(id, call);
    });
  }

  private send(id: number, call: PendingCall): void {
    call.sentTo = this.owner;
    this.post({ type: 'call', from: this.id, id, method: call.method, args: call.args });
  }

  private startSubscription(sub: number, entry: LocalSubscription): void {
    if (this.current === 'owner') {
      entry.stop = this.db!.subscribe(entry.request, (result) => this.deliver(entry, result));
    } else if (this.owner) {
      this.post({ type: 'subscribe', from: this.id, sub, request: entry.request });
    }
  }

  private deliver(entry: LocalSubscription, result: ExecutionResult): void {
    const json = JSON.stringify(result);
    if (json === entry.last) return;
    entry.last = json;
    entry.sink(result);
  }

  // ── the channel ──────────────────────────────────────────────────────────────────────────

  private onMessage(message: ChannelMessage): void {
    switch (message.type) {
      case 'hello':
        if (this.current === 'owner') this.post({ type: 'owner', from: this.id });
        return;
      case 'owner':
        if (this.current !== 'follower' || message.from === this.owner) return;
        this.owner = message.from;
        this.redirectPending();
        for (const [sub, entry] of this.subscriptions) this.startSubscription(sub, entry);
        return;
      case 'call':
        if (this.current !== 'owner') return;
        this.watchTab(message.from);
        this.post({ type: 'ack', to: message.from, id: message.id });
        void this.runLocal(message.method, message.args, (progress) =>
          this.post({ type: 'progress', to: message.from, id: message.id, progress }),
        ).then((envelope) => this.post({ type: 'reply', to: message.from, id: message.id, envelope }));
        return;
      case 'ack': {
        const call = message.to === this.id ? this.pending.get(message.id) : undefined;
        if (call) call.acked = true;
        return;
      }
      case 'reply': {
        if (message.to !== this.id) return;
        const call = this.pending.get(message.id);
        if (!call) return;
        this.pending.delete(message.id);
        call.settle(message.envelope);
        return;
      }
      case 'progress':
        if (message.to === this.id) this.pending.get(message.id)?.onProgress?.(message.progress);
        return;
      case 'subscribe': {
        if (this.current !== 'owner' || !this.db) return;
        this.watchTab(message.from);
        const key = `${message.from}:${message.sub}`;
        this.remoteSubscriptions.get(key)?.();
        this.remoteSubscriptions.set(
          key,
          this.db.subscribe(message.request, (result) => this.post({ type: 'payload', to: message.from, sub: message.sub, result })),
        );
        return;
      }
      case 'unsubscribe': {
        const key = `${message.from}:${message.sub}`;
        this.remoteSubscriptions.get(key)?.();
        this.remoteSubscriptions.delete(key);
        return;
      }
      case 'payload': {
        if (message.to !== this.id) return;
        const entry = this.subscriptions.get(message.sub);
        if (entry && !entry.stop) this.deliver(entry, message.result);
        return;
      }
    }
  }

  private post(message: ChannelMessage): void {
    this.channel?.postMessage(message);
  }

  private assertOpen(): void {
    if (!this.current) throw new QuireError('DATABASE_CLOSED', 'the database is not open');
  }
}

/** The request with its document as text: a page sends parsed documents (without `loc`) for the worker to print. */
function asText(request: ExecutionRequest): ExecutionRequest {
  return typeof request.query === 'string' ? request : { ...request, query: print(request.query) };
}

/** A read can safely run again on the new owner; a write cannot (it may have committed). */
function isRetryable(call: PendingCall): boolean {
  if (call.method !== 'execute') return call.method !== 'load';
  return !isMutation(call.args[0] as ExecutionRequest);
}

function failure(code: 'DATABASE_CLOSED' | 'DATABASE_UNAVAILABLE', message: string): Envelope<never> {
  return { ok: false, error: { code, message } };
}

async function settle<T>(fn: () => Promise<T> | T): Promise<Envelope<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (error) {
    return failed(error);
  }
}

function failed(error: unknown): Envelope<never> {
  return { ok: false, error: toWireError(error) };
}
