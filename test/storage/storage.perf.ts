// Storage micro-benchmarks, as plain functions so the benchmark harness (and a scratch runner) can
// reuse them on any PageFile pair: bulk insert, warm/cold point reads, range scans, durable commits,
// and the raw one-page write+flush they should be compared with. Not a test; asserts nothing.
import type { PageFile } from '../../src/storage/file/page-file.ts';
import { encodeKey } from '../../src/storage/keys.ts';
import { Store, type StoreOptions } from '../../src/storage/store.ts';

export interface PerfResult {
  name: string;
  ops: number;
  ms: number;
  opsPerSec: number;
  /** Microseconds per operation. */
  usPerOp: number;
}

export interface Files {
  /** Opens (creating if missing) the database file and the WAL, fresh handles each call. */
  open(): { file: PageFile; wal: PageFile };
}

function result(name: string, ops: number, ms: number): PerfResult {
  return { name, ops, ms: Math.round(ms * 10) / 10, opsPerSec: Math.round((ops / ms) * 1000), usPerOp: Math.round((ms * 1000 * 100) / ops) / 100 };
}

/** A small record, like a row of a typical table. */
export const record = (i: number): { id: number; name: string; score: number; active: boolean } => ({ id: i, name: `user-${i}`, score: (i * 7919) % 1000, active: i % 2 === 0 });

const openStore = (files: Files, options: Partial<StoreOptions>): Store => Store.open({ ...files.open(), ...options });

/** `n` puts of small records in random key order, in ONE transaction (spills as it grows), then commit. */
export function bulkInsert(files: Files, n: number, options: Partial<StoreOptions> = {}): PerfResult {
  const store = openStore(files, options);
  const started = performance.now();
  const tx = store.begin();
  tx.createTree('bulk', 'btree');
  for (let j = 0; j < n; j++) {
    const i = (j * 2654435761) % n; // a permutation of 0..n-1 when n is not a multiple of the odd factor's divisors
    tx.put('bulk', encodeKey([i]), record(i));
  }
  tx.commit();
  store.checkpoint();
  const ms = performance.now() - started;
  store.close();
  return result(`bulk insert ${n} small records, one transaction (random key order)`, n, ms);
}

/** `n` small records via `bulkLoad` (sorted input → packed leaves), the loader's fast path. */
export function bulkLoad(files: Files, n: number, options: Partial<StoreOptions> = {}): PerfResult {
  const store = openStore(files, options);
  const started = performance.now();
  const tx = store.begin();
  tx.createTree('loaded', 'btree');
  tx.bulkLoad('loaded', (function* () {
    for (let i = 0; i < n; i++) yield [encodeKey([i]), record(i)] as const;
  })());
  tx.commit();
  const ms = performance.now() - started;
  store.close();
  return result(`bulkLoad ${n} small records (sorted)`, n, ms);
}

/** `n` random point reads of tree `tree` holding keys 0..size-1; `cold` drops the page cache first. */
export function pointReads(files: Files, tree: string, size: number, n: number, cold = false, options: Partial<StoreOptions> = {}): PerfResult {
  const store = openStore(files, options);
  if (!cold) store.read((v) => { for (let i = 0; i < size; i += 1) v.get(tree, encodeKey([i])); }); // warm the cache
  else store.pager.dropCache();
  let x = 12345;
  const started = performance.now();
  store.read((v) => {
    for (let j = 0; j < n; j++) {
      x = (x * 1103515245 + 12345) >>> 0;
      if (v.get(tree, encodeKey([x % size])) === undefined) throw new Error('missing key');
    }
  });
  const ms = performance.now() - started;
  store.close();
  return result(`${n} random point reads, cache ${cold ? 'cold' : 'warm'} (${size} records)`, n, ms);
}

/** A full forward scan and a reverse scan of `tree`. */
export function rangeScan(files: Files, tree: string, options: Partial<StoreOptions> = {}): PerfResult {
  const store = openStore(files, options);
  const started = performance.now();
  let n = 0;
  store.read((v) => {
    for (const _ of v.range(tree)) n++;
    for (const _ of v.range(tree, { reverse: true })) n++;
  });
  const ms = performance.now() - started;
  store.close();
  return result(`range scan, forward + reverse (${n / 2} records each)`, n, ms);
}

/** `n` single-record transactions with durability 'full' (each: one WAL append + flush). */
export function durableCommits(files: Files, n: number, options: Partial<StoreOptions> = {}): PerfResult {
  const store = openStore(files, { ...options, durability: 'full' });
  const tx0 = store.begin();
  if (tx0.kind('commits') === undefined) tx0.createTree('commits', 'btree');
  tx0.commit();
  const started = performance.now();
  for (let i = 0; i < n; i++) {
    const tx = store.begin();
    tx.put('commits', encodeKey([i]), record(i));
    tx.commit();
  }
  const ms = performance.now() - started;
  store.close();
  return result(`durable single-record commits`, n, ms);
}

/**
 * Reopen time after a crash with a full memtable: commits ~`bytes` of small records (in
 * transactions of 1000), abandons the store without closing it, and times `Store.open` (WAL replay).
 */
export function reopenAfterCrash(files: Files, bytes = 15 * 1024 * 1024, options: Partial<StoreOptions> = {}): PerfResult {
  const crashed = openStore(files, options);
  let tx = crashed.begin();
  if (tx.kind('replay') === undefined) tx.createTree('replay', 'btree');
  tx.commit();
  let i = 0;
  while (crashed.stats().memtable.bytes < bytes && crashed.stats().checkpoints.count === 0) {
    tx = crashed.begin();
    for (let j = 0; j < 1000; j++, i++) tx.put('replay', encodeKey([i]), record(i));
    tx.commit();
  }
  const started = performance.now();
  const reopened = openStore(files, options); // the first store is never closed: as after a crash
  const ms = performance.now() - started;
  const records = reopened.read((v) => v.count('replay'));
  reopened.close();
  return result(`reopen after a crash with a full memtable (${records} records replayed from the WAL)`, 1, ms);
}

/** The raw limit: `n` times one 4 KB write at the end of a file followed by a flush. */
export function rawWriteFlush(file: PageFile, n: number): PerfResult {
  const page = new Uint8Array(4096).fill(7);
  const started = performance.now();
  for (let i = 0; i < n; i++) {
    file.write(i * 4096, page);
    file.flush();
  }
  const ms = performance.now() - started;
  return result('raw 4 KB write + flush', n, ms);
}

/** The whole suite on `files` (a fresh pair) and a scratch file for the raw baseline. */
export function runAll(files: Files, raw: PageFile, n = 1_000_000): PerfResult[] {
  const out: PerfResult[] = [];
  out.push(bulkInsert(files, n));
  out.push(bulkLoad(files, n));
  out.push(pointReads(files, 'bulk', n, 100_000, false));
  out.push(pointReads(files, 'bulk', n, 100_000, true, { cacheBytes: 64 * 4096 }));
  out.push(rangeScan(files, 'bulk'));
  out.push(durableCommits(files, 2000));
  out.push(reopenAfterCrash(files));
  out.push(rawWriteFlush(raw, 2000));
  return out;
}
