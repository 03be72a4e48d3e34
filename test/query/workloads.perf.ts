// The browser suite's W2/W3/W4/W7 (test/bench/browser/shared/protocol.ts: same SDL, same query
// texts, same dataset projection) on a Node file, through `engine.execute` with cached plans and
// no result cache, so the read path can be profiled with `node --cpu-prof` (not a test).
//   node test/query/workloads.run.mjs [people] [rounds]   (bundles this file, then runs it)
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NodeFile } from '../../src/storage/file/node.ts';
import { Store } from '../../src/storage/index.ts';
import { openCatalog } from '../../src/catalog/persist.ts';
import type { Catalog } from '../../src/catalog/model.ts';
import { load } from '../../src/catalog/load.ts';
import { createQueryEngine, isShared, type QueryEngine } from '../../src/query/engine.ts';
import type { ReadView } from '../../src/query/source.ts';
import { BENCH_SDL, QUERIES, RANGE_WIDTH, type Dataset } from '../bench/browser/shared/protocol.ts';

export interface WorkloadDb { engine: QueryEngine; store: Store; catalog: Catalog; planets: number; people: number; heights: number[]; close(): void }

/**
 * Opens (loading once, then reusing) the bench dataset `datasetFile` (test/bench/lib/data.mjs's
 * projection) in `dir`. `rowCacheSize` 0: every row a read touches is decoded afresh (cold rows).
 */
export async function openWorkloadDb(datasetFile: string, dir: string, resultCacheSize = 0, rowCacheSize?: number): Promise<WorkloadDb> {
  mkdirSync(dir, { recursive: true });
  const meta = JSON.parse(readFileSync(`${datasetFile}.meta`, 'utf8')) as { people: number; planets: number; heightSample: number[] };
  const ready = join(dir, 'loaded');
  let fresh = !existsSync(ready);
  const open = () => {
    if (fresh) for (const f of ['db.quire', 'db.wal', 'loaded']) rmSync(join(dir, f), { force: true });
    return Store.open({ file: new NodeFile(join(dir, 'db.quire')), wal: new NodeFile(join(dir, 'db.wal')), durability: 'full' });
  };
  let store: Store;
  try {
    store = open();
  } catch (e) {
    if (fresh) throw e;
    fresh = true; // written by another build's storage format: load again
    store = open();
  }
  let tx = store.begin();
  const { catalog, status } = openCatalog(tx, BENCH_SDL);
  if (status === 'unchanged') tx.rollback(); else tx.commit();
  if (fresh) {
    const data = JSON.parse(readFileSync(datasetFile, 'utf8')) as Dataset;
    for (const [type, rows] of [['Planet', data.planets], ['Film', data.films], ['Person', data.people]] as const) {
      tx = store.begin();
      await load(tx, catalog, { [type]: rows as unknown as Record<string, unknown>[] });
      tx.commit();
    }
    store.checkpoint();
    writeFileSync(ready, 'yes');
  }
  const engine = createQueryEngine({ catalog, store, options: rowCacheSize === undefined ? { resultCacheSize } : { resultCacheSize, rowCacheSize } });
  return { engine, store, catalog, planets: meta.planets, people: meta.people, heights: meta.heightSample, close: () => store.close() };
}

export interface Timing { name: string; ops: number; medianUs: number; minUs: number; cpuMedianUs: number; cpuMinUs: number }

let seed = 12345;
const rand = (n: number) => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };

/**
 * Mean µs per op over batches of `batch` ops (like the browser runner): the median and min batch,
 * in wall time and in this process's CPU time (steadier on a shared machine).
 */
function time(name: string, batches: number, batch: number, op: () => void): Timing {
  for (let i = 0; i < batch; i++) op(); // warm: plans cached, JIT warm
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let b = 0; b < batches; b++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < batch; i++) op();
    wall.push(((performance.now() - t0) * 1000) / batch);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / batch);
  }
  const r = (x: number) => Math.round(x * 10) / 10;
  const median = (xs: number[]) => r(xs.sort((a, b) => a - b)[xs.length >> 1]!);
  return { name, ops: batches * batch, medianUs: median(wall), minUs: r(Math.min(...wall)), cpuMedianUs: median(cpu), cpuMinUs: r(Math.min(...cpu)) };
}

/**
 * How responses are copied: 'none'; 'shared' as Database does (copyResults: a structuredClone of a
 * response the engine shares with a cache, `isShared`); 'all' as Database did before (every response).
 */
export type CloneMode = 'none' | 'shared' | 'all';
let cloneMode: CloneMode = 'none';

function run(engine: QueryEngine, query: string, variables: Record<string, unknown>): unknown {
  const res = engine.execute({ query, variables });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return cloneMode === 'all' || (cloneMode === 'shared' && isShared(res)) ? structuredClone(res).data : res.data;
}

/** The four read workloads; `scale` multiplies the op counts; `clone` copies responses (see CloneMode). */
export function measureWorkloads(db: WorkloadDb, scale = 1, only: string | null = null, clone: CloneMode = 'none'): Timing[] {
  const { engine } = db;
  cloneMode = clone;
  const out: Timing[] = [];
  const want = (w: string) => only === null || only === w;
  if (want('get')) out.push(time('W2 get by id', 20, 500 * scale, () => run(engine, QUERIES.get, { id: 1 + rand(db.people) })));
  if (want('range')) {
    out.push(time('W3 height range, order, first 50', 20, 25 * scale, () => {
      const lo = db.heights[rand(db.heights.length)]!;
      run(engine, QUERIES.range, { lo, hi: lo + RANGE_WIDTH });
    }));
  }
  if (want('nested')) {
    out.push(time('W4 20 planets → residents → films', 20, 5 * scale, () => {
      // W4_FROM=n: always the window from planet n (every row warm after the first run).
      const from = process.env.W4_FROM ? Number(process.env.W4_FROM) : 1 + rand(Math.max(1, db.planets - 19));
      run(engine, QUERIES.nested, { from, to: from + 19 });
    }));
  }
  // The general executor's fixed cost: a read that touches no row (one table count).
  if (want('floor')) out.push(time('floor: planetsAggregate { count }', 20, 250 * scale, () => run(engine, '{ planetsAggregate { count } }', {})));
  // W7 on one fixed planet (W7_PLANET, default 1), repeated: its steady state, without the
  // spread of random planets' sizes (their people counts are skewed).
  if (want('aggregate-one')) out.push(time('W7 aggregate of planet ' + (process.env.W7_PLANET ?? '1'), 20, 25 * scale, () => run(engine, QUERIES.aggregate, { p: Number(process.env.W7_PLANET ?? 1) })));
  // W7's work rather than its time, over random planets from a cold row cache (a fresh engine):
  // storage point gets and range entries per op — steadier than wall time on a shared machine.
  if (want('aggregate-work')) {
    const work = { gets: 0, entries: 0 };
    const counted = (v: ReadView): ReadView => ({
      get: (t, k) => { work.gets++; return v.get(t, k); },
      *range(t, o) { for (const e of v.range(t, o)) { work.entries++; yield e; } },
      count: (t) => v.count(t),
    });
    const store = db.store;
    const wrapped = { read: <T>(fn: (view: ReadView) => T): T => store.read((v) => fn(counted(v))), get version() { return store.version; }, begin: () => store.begin() };
    const fresh = createQueryEngine({ catalog: db.catalog, store: wrapped, options: { resultCacheSize: 0 } });
    const n = 25 * scale * 20;
    for (let i = 0; i < n; i++) run(fresh, QUERIES.aggregate, { p: 1 + rand(db.planets) });
    console.log(`W7 work over ${n} random ops from cold: ${(work.gets / n).toFixed(1)} point gets/op, ${(work.entries / n).toFixed(1)} range entries/op`);
  }
  // W4's work over random windows from a cold row cache (a fresh engine, no shared rows): per op,
  // storage point gets (alone / through path-keeping readers), range scans and their entries,
  // prefix walks (through readers) and their entries.
  if (want('nested-work')) {
    const w = { gets: 0, readers: 0, readerGets: 0, scans: 0, entries: 0, walks: 0, walked: 0 };
    const counted = (v: ReadView): ReadView => {
      const c: ReadView = {
        get: (t, k) => { w.gets++; return v.get(t, k); },
        *range(t, o) { w.scans++; for (const e of v.range(t, o)) { w.entries++; yield e; } },
        count: (t) => v.count(t),
      };
      if (v.reader) {
        c.reader = (t) => {
          w.readers++;
          const r = v.reader!(t);
          return {
            get: (k) => { w.readerGets++; return r.get(k); },
            lastPartsUnder: (p, lasts, befores) => { w.walks++; const n = r.lastPartsUnder(p, lasts, befores); w.walked += n; return n; },
          };
        };
      }
      return c;
    };
    const store = db.store;
    const wrapped = { read: <T>(fn: (view: ReadView) => T): T => store.read((v) => fn(counted(v))), get version() { return store.version; }, begin: () => store.begin() };
    const fresh = createQueryEngine({ catalog: db.catalog, store: wrapped, options: { resultCacheSize: 0, rowCacheSize: 0 } });
    const n = 5 * scale * 20;
    for (let i = 0; i < n; i++) { const from = 1 + rand(Math.max(1, db.planets - 19)); run(fresh, QUERIES.nested, { from, to: from + 19 }); }
    const per = (x: number) => (x / n).toFixed(1);
    console.log(`W4 work over ${n} random ops, rows cold: ${per(w.gets)} point gets, ${per(w.readerGets)} reader gets, ${per(w.scans)} range scans reading ${per(w.entries)} entries, ${per(w.walks)} prefix walks reading ${per(w.walked)} entries, ${per(w.readers)} readers (per op)`);
  }
  if (want('aggregate')) out.push(time('W7 aggregate of one planet', 20, 25 * scale, () => run(engine, QUERIES.aggregate, { p: 1 + rand(db.planets) })));
  return out;
}
