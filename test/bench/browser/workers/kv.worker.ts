// Issue 4's storage benchmark in the browser: Quire's storage engine on OPFS (the functions of
// test/storage/storage.perf.ts, imported at run time) beside SQLite WASM doing the same
// key-value work on OPFS, and reopen after a crash (a worker killed with a full memtable).
// Quire's KV side is "not yet available" until that module exists.
import { expose } from 'comlink';
import { OpfsFile } from '../../../../src/storage/file/opfs.ts';
import type { PageFile } from '../../../../src/storage/file/page-file.ts';
import { encodeKey, Store } from '../../../../src/storage/index.ts';
import type { KvApi, KvResult, KvStep } from '../shared/protocol.ts';
import { removeOpfsEntry } from '../shared/runner.ts';
import { dropSqlite, openSqlite } from './sqlite-open.ts';

/** The slice of test/storage/storage.perf.ts used here. */
interface StoragePerf {
  bulkInsert(files: Files, n: number): PerfResult;
  pointReads(files: Files, tree: string, size: number, n: number, cold?: boolean, options?: { cacheBytes?: number }): PerfResult;
  rangeScan(files: Files, tree: string): PerfResult;
  durableCommits(files: Files, n: number): PerfResult;
}
interface PerfResult { ops: number; ms: number }
interface Files { open(): { file: PageFile; wal: PageFile } }

const PERF = '/test/storage/storage.perf.ts';
const QUIRE_FOLDER = 'bench-kv-quire';
const SQLITE_FOLDER = 'bench-kv-sqlite';
const CRASH_FOLDER = 'bench-crash';
const CRASH_BATCH = 500; // records per transaction while filling before the crash

/** An OPFS file whose close() waits for dispose(): storage.perf reopens its Store per step,
 * and a sync access handle cannot be reopened synchronously. */
class KeptOpen implements PageFile {
  constructor(private readonly inner: OpfsFile) {}
  read(at: number, into: Uint8Array): number { return this.inner.read(at, into); }
  write(at: number, bytes: Uint8Array): number { return this.inner.write(at, bytes); }
  size(): number { return this.inner.size(); }
  truncate(size: number): void { this.inner.truncate(size); }
  flush(): void { this.inner.flush(); }
  close(): void {}
  dispose(): void { this.inner.close(); }
}

async function crashFolder(): Promise<FileSystemDirectoryHandle> {
  const root = await navigator.storage.getDirectory();
  return root.getDirectoryHandle(CRASH_FOLDER, { create: true });
}

/** Opens again while the killed worker's sync access handles are still being released (up to 5 s). */
async function retryOpen<T>(open: () => Promise<T>): Promise<T> {
  const deadline = performance.now() + 5000;
  for (;;) {
    try {
      return await open();
    } catch (e) {
      if (performance.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 1));
    }
  }
}

const step = (op: KvStep, r: PerfResult): KvResult => ({ op, ops: r.ops, ms: r.ms, usPerOp: (r.ms * 1000) / r.ops });

/** The same record storage.perf writes: { id, name, score, active }. */
const record = (i: number) => ({ id: i, name: `user-${i}`, score: (i * 7919) % 1000, active: i % 2 === 0 });

function timed(op: KvStep, ops: number, fn: () => void): KvResult {
  const t0 = performance.now();
  fn();
  return step(op, { ops, ms: performance.now() - t0 });
}

const api: KvApi = {
  async quire(n, reads, commits) {
    let perf: StoragePerf;
    try {
      perf = (await import(/* @vite-ignore */ PERF)) as StoragePerf;
    } catch (e) {
      return `${PERF} did not load: ${String(e).split('\n')[0]}`;
    }
    await removeOpfsEntry(QUIRE_FOLDER);
    const root = await navigator.storage.getDirectory();
    const dir = await root.getDirectoryHandle(QUIRE_FOLDER, { create: true });
    const pair = { file: new KeptOpen(await OpfsFile.open(dir, 'db.quire')), wal: new KeptOpen(await OpfsFile.open(dir, 'db.quire-wal')) };
    const files: Files = { open: () => pair };
    try {
      return [
        step('bulk insert (one transaction, random key order)', perf.bulkInsert(files, n)),
        step('random point reads, cache warm', perf.pointReads(files, 'bulk', n, reads, false)),
        step('random point reads, cache cold', perf.pointReads(files, 'bulk', n, reads, true, { cacheBytes: 64 * 4096 })),
        step('range scan forward + reverse (per record)', perf.rangeScan(files, 'bulk')),
        step('durable single-record commits', perf.durableCommits(files, commits)),
      ];
    } finally {
      pair.file.dispose();
      pair.wal.dispose();
      await removeOpfsEntry(QUIRE_FOLDER);
    }
  },

  async quireFill() {
    await removeOpfsEntry(CRASH_FOLDER);
    const dir = await crashFolder();
    const store = Store.open({ file: await OpfsFile.open(dir, 'db.quire'), wal: await OpfsFile.open(dir, 'db.quire-wal') });
    let tx = store.begin();
    tx.createTree('kv', 'btree');
    tx.commit();
    let records = 0;
    // Fill the memtable to 90 % of its budget (a checkpoint would empty it), one durable commit per batch.
    while (store.stats().memtable.bytes < 0.9 * store.stats().memtable.capacityBytes) {
      tx = store.begin();
      for (let i = 0; i < CRASH_BATCH; i++, records++) tx.put('kv', encodeKey([records]), record(records));
      tx.commit();
    }
    const st = store.stats();
    return { records, memtableBytes: st.memtable.bytes, walBytes: st.wal.bytes };
    // no close(): the page now terminates this worker, as a crash would
  },
  async quireReopen(records) {
    const dir = await crashFolder();
    const t0 = performance.now();
    const file = await retryOpen(() => OpfsFile.open(dir, 'db.quire'));
    const wal = await retryOpen(() => OpfsFile.open(dir, 'db.quire-wal'));
    const store = Store.open({ file, wal }); // recovery: replays the WAL into the memtable
    const last = store.read((v) => v.get('kv', encodeKey([records - 1])));
    const ms = performance.now() - t0;
    store.close();
    await removeOpfsEntry(CRASH_FOLDER);
    if (last === undefined) throw new Error('quire: the last acknowledged record is missing after the crash');
    return ms;
  },
  async sqliteFill(records) {
    const db = await openSqlite(CRASH_FOLDER, true);
    db.exec('CREATE TABLE kv(id INTEGER PRIMARY KEY, name TEXT, score INTEGER, active INTEGER)');
    const insert = db.prepare('INSERT INTO kv VALUES (?, ?, ?, ?)');
    for (let done = 0; done < records; ) {
      db.exec('BEGIN');
      for (let i = 0; i < CRASH_BATCH && done < records; i++, done++) {
        const r = record(done);
        insert.bind([r.id, r.name, r.score, r.active ? 1 : 0]).stepReset();
      }
      db.exec('COMMIT');
    }
    // no close(): the page now terminates this worker
  },
  async sqliteReopen(records) {
    const t0 = performance.now();
    const db = await retryOpen(() => openSqlite(CRASH_FOLDER, false));
    const s = db.prepare('SELECT name FROM kv WHERE id = ?');
    const found = s.bind([records - 1]).step();
    s.finalize();
    const ms = performance.now() - t0;
    db.close();
    await dropSqlite(CRASH_FOLDER);
    if (!found) throw new Error('sqlite: the last acknowledged record is missing after the crash');
    return ms;
  },

  async sqlite(n, reads, commits) {
    let db = await openSqlite(SQLITE_FOLDER, true);
    db.exec('CREATE TABLE bulk(id INTEGER PRIMARY KEY, name TEXT, score INTEGER, active INTEGER); CREATE TABLE commits(id INTEGER PRIMARY KEY, name TEXT, score INTEGER, active INTEGER);');
    const out: KvResult[] = [];
    const insert = db.prepare('INSERT INTO bulk VALUES (?, ?, ?, ?)');
    out.push(timed('bulk insert (one transaction, random key order)', n, () => {
      db.exec('BEGIN');
      for (let j = 0; j < n; j++) {
        const r = record((j * 2654435761) % n);
        insert.bind([r.id, r.name, r.score, r.active ? 1 : 0]).stepReset();
      }
      db.exec('COMMIT');
    }));
    insert.finalize();
    const pointReads = (op: KvStep) => {
      const get = db.prepare('SELECT id, name, score, active FROM bulk WHERE id = ?');
      let x = 12345;
      const r = timed(op, reads, () => {
        for (let j = 0; j < reads; j++) {
          x = (x * 1103515245 + 12345) >>> 0;
          if (!get.bind([x % n]).step()) throw new Error('missing key');
          get.get(1);
          get.reset();
        }
      });
      get.finalize();
      return r;
    };
    const warm = db.prepare('SELECT id, name, score, active FROM bulk'); // warm the cache, as storage.perf does
    while (warm.step()) warm.get(1);
    warm.finalize();
    out.push(pointReads('random point reads, cache warm'));
    db.close(); // cold: a new connection starts with an empty page cache
    db = await openSqlite(SQLITE_FOLDER, false);
    db.exec('PRAGMA cache_size=64');
    out.push(pointReads('random point reads, cache cold'));
    db.exec('PRAGMA cache_size=-32768');
    out.push(timed('range scan forward + reverse (per record)', 2 * n, () => {
      for (const sql of ['SELECT id, name, score, active FROM bulk ORDER BY id', 'SELECT id, name, score, active FROM bulk ORDER BY id DESC']) {
        const s = db.prepare(sql);
        while (s.step()) s.get(1);
        s.finalize();
      }
    }));
    const commit = db.prepare('INSERT INTO commits VALUES (?, ?, ?, ?)');
    out.push(timed('durable single-record commits', commits, () => {
      for (let i = 0; i < commits; i++) {
        const r = record(i);
        commit.bind([r.id, r.name, r.score, r.active ? 1 : 0]).stepReset(); // autocommit: one durable transaction each
      }
    }));
    commit.finalize();
    db.close();
    await dropSqlite(SQLITE_FOLDER);
    return out;
  },
};

expose(api);
