// The benchmark page's main thread: starts each system in a fresh dedicated worker, forwards
// run.mjs's calls to it, and measures what only the main thread sees (the round trip across
// the worker boundary, reopen in a new worker). It never runs a workload itself.
import { wrap, type Remote } from 'comlink';
import type { KvApi, RawOpfsApi, SystemApi } from '../shared/protocol.ts';
import { timeBatches } from '../shared/runner.ts';
import { clientGet } from './client.ts';

export type SystemName = 'quire' | 'sqlite' | 'dexie' | 'graphql-js';

const WORKERS: Record<SystemName, () => Worker> = {
  quire: () => new Worker(new URL('../workers/quire.worker.ts', import.meta.url), { type: 'module', name: 'quire' }),
  sqlite: () => new Worker(new URL('../workers/sqlite.worker.ts', import.meta.url), { type: 'module', name: 'sqlite' }),
  dexie: () => new Worker(new URL('../workers/dexie.worker.ts', import.meta.url), { type: 'module', name: 'dexie' }),
  'graphql-js': () => new Worker(new URL('../workers/graphqljs.worker.ts', import.meta.url), { type: 'module', name: 'graphql-js' }),
};

let current: { name: SystemName; api: Remote<SystemApi>; worker: Worker } | null = null;
let raw: { api: Remote<RawOpfsApi>; worker: Worker } | null = null;

/** A system in a new dedicated worker. */
function launch(name: SystemName): { api: Remote<SystemApi>; worker: Worker } {
  const worker = WORKERS[name]();
  return { api: wrap<SystemApi>(worker), worker };
}

function system(): Remote<SystemApi> {
  if (!current) throw new Error('no system started');
  return current.api;
}

const bench = {
  crossOriginIsolated: () => self.crossOriginIsolated,

  /** Starts `name` in a fresh worker on fresh (fresh: true) or existing storage. */
  async start(name: SystemName, fresh: boolean): Promise<void> {
    await bench.stop();
    const started = launch(name);
    current = { name, ...started };
    await current.api.open(fresh);
  },
  async stop(): Promise<void> {
    if (!current) return;
    await current.api.close();
    current.worker.terminate();
    current = null;
  },
  load: (url: string) => system().load(url),
  time: (w: Parameters<SystemApi['time']>[0], params: number[], batches: number, budgetMs: number) =>
    system().time(w, params, batches, budgetMs),
  answers: (w: Parameters<SystemApi['answers']>[0], params: number[], budgetMs: number) => system().answers(w, params, budgetMs),
  /** W2x: one get by id per round trip from the main thread. */
  crossBoundary: (ids: number[], batches: number, budgetMs: number) => timeBatches((id) => system().getPerson(id), ids, batches, budgetMs),

  /** W6: after a close, ms from "start a new worker" to the first get by id answered, on existing storage. */
  async reopen(id: number): Promise<number> {
    const name = current?.name;
    if (!name) throw new Error('no system started');
    await bench.stop(); // an orderly close, as when the app shuts down; a crash is the storage bench's case
    const t0 = performance.now();
    const started = launch(name);
    await started.api.open(false);
    const person = await started.api.getPerson(id);
    const ms = performance.now() - t0;
    current = { name, ...started };
    if (!person) throw new Error(`${name}: person ${id} missing after reopen`);
    return ms;
  },


  /** Issue 7: a cached get by id through Quire's own client, from this thread. */
  clientGet,

  /** Issue 4's storage benchmark: each engine in its own fresh worker, one after the other. */
  async kv(engine: 'quire' | 'sqlite', records: number, reads: number, commits: number) {
    const worker = new Worker(new URL('../workers/kv.worker.ts', import.meta.url), { type: 'module', name: `kv-${engine}` });
    try {
      return await wrap<KvApi>(worker)[engine](records, reads, commits);
    } finally {
      worker.terminate();
    }
  },

  /** Reopen after a crash: fill in one worker, kill it, time open + first read in a new one. */
  async crashReopen() {
    const kv = () => {
      const worker = new Worker(new URL('../workers/kv.worker.ts', import.meta.url), { type: 'module', name: 'kv-crash' });
      return { worker, api: wrap<KvApi>(worker) };
    };
    let w = kv();
    const filled = await w.api.quireFill();
    w.worker.terminate();
    w = kv();
    const quireMs = await w.api.quireReopen(filled.records);
    w.worker.terminate();
    w = kv();
    await w.api.sqliteFill(filled.records);
    w.worker.terminate();
    w = kv();
    const sqliteMs = await w.api.sqliteReopen(filled.records);
    w.worker.terminate();
    return { ...filled, quireMs, sqliteMs };
  },

  raw: {
    async start(): Promise<void> {
      const worker = new Worker(new URL('../workers/raw-opfs.worker.ts', import.meta.url), { type: 'module', name: 'raw-opfs' });
      raw = { api: wrap<RawOpfsApi>(worker), worker };
    },
    sequentialWrite: (pages: number, batches: number) => raw!.api.sequentialWrite(pages, batches),
    randomRead: (reads: number, batches: number) => raw!.api.randomRead(reads, batches),
    writeFlush: (n: number) => raw!.api.writeFlush(n),
    /** The bare Comlink round trip: a number there and back. */
    ping: (n: number, batches: number) => timeBatches((i) => raw!.api.ping(i), Array.from({ length: n }, (_, i) => i), batches),
    async stop(): Promise<void> {
      if (!raw) return;
      await raw.api.close();
      raw.worker.terminate();
      raw = null;
    },
  },
};

export type Bench = typeof bench;
(self as unknown as { bench: Bench }).bench = bench;
