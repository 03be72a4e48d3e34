// Scratch measurement: point lookups in the hash index vs the B+tree over the same keys and
// values, warm (everything cached) and from a cold page cache. Not a test: run it by hand, e.g.
// through test/storage/hash-perf.test.ts with HASH_PERF=1 (see there); BENCHMARKS.md quotes it.
import { PageAccount, TreeBuilder, treeGet, type TreeRoot } from '../../src/storage/btree.ts';
import { MemoryFile } from '../../src/storage/file/memory.ts';
import { applyHashBatch, checkHash, hashGet } from '../../src/storage/hash/index.ts';
import { encodeKey } from '../../src/storage/keys.ts';
import { Pager } from '../../src/storage/pager.ts';
import { Store } from '../../src/storage/store.ts';

export interface LookupTimes {
  /** Median over rounds, nanoseconds of CPU time per lookup, every page cached. */
  warmNs: number;
  /** Median over rounds, nanoseconds of CPU time per lookup, each round from an empty page cache. */
  coldNs: number;
  /** Pages the structure occupies. */
  pages: number;
  /** Milliseconds of CPU time to build it from the keys. */
  buildMs: number;
}

export interface LookupMeasurement {
  keys: number;
  lookups: number;
  rounds: number;
  hash: LookupTimes & { depth: number; buckets: number };
  btree: LookupTimes & { height: number };
  /** btree time / hash time: above 1 means the hash index is faster. */
  warmSpeedup: number;
  coldSpeedup: number;
  /** Every lookup in both structures returned the same value bytes. */
  agree: boolean;
}

/** Deterministic pseudo-random sequence (xorshift32). */
function* randoms(seed: number): Generator<number> {
  let s = seed >>> 0 || 1;
  for (;;) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    yield (s >>> 0) / 4294967296;
  }
}

/** A small record-like value for key i (about 24 bytes, like an encoded row id + a few fields). */
function valueFor(i: number): Uint8Array {
  const v = new Uint8Array(24);
  for (let j = 0; j < v.length; j++) v[j] = (i * 31 + j * 7) & 0xff;
  return v;
}

/**
 * Milliseconds of CPU time this process used (user + system): the machine this runs on is shared,
 * and wall-clock time would mostly measure the other processes.
 */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[s.length >> 1];
}

/**
 * Builds a hash index and a B+tree of `keys` entries (keys encodeKey([i]), 24-byte values), then
 * times `lookups` random point lookups of existing keys in each, alternating, over `rounds` rounds.
 */
export function measurePointLookups(keys: number, lookups = 100_000, rounds = 5): LookupMeasurement {
  const cacheBytes = 2 * 1024 * 1024 * 1024; // large enough that "warm" means every page cached
  const keyBytes: Uint8Array[] = [];
  for (let i = 0; i < keys; i++) keyBytes.push(encodeKey([i]));

  const bPager = Pager.open(new MemoryFile(), { cacheBytes });
  let t = cpuMs();
  const builder = new TreeBuilder(new PageAccount(bPager));
  for (let i = 0; i < keys; i++) builder.add(keyBytes[i], valueFor(i));
  const tree: TreeRoot = builder.finish();
  bPager.commit(tree.root, 0);
  const bBuild = cpuMs() - t;

  const hPager = Pager.open(new MemoryFile(), { cacheBytes });
  t = cpuMs();
  const values: Uint8Array[] = [];
  for (let i = 0; i < keys; i++) values.push(valueFor(i));
  const root = applyHashBatch(new PageAccount(hPager), 0, { keys: keyBytes, values });
  hPager.commit(root, 0);
  const hBuild = cpuMs() - t;
  const hCheck = checkHash(hPager, root);

  const rnd = randoms(12345);
  const sample: Uint8Array[] = [];
  for (let i = 0; i < lookups; i++) sample.push(keyBytes[Math.floor(rnd.next().value! * keys)]);

  let agree = true;
  for (let i = 0; i < Math.min(lookups, 10_000); i++) {
    const a = hashGet(hPager, root, sample[i]);
    const b = treeGet(bPager, tree, sample[i]);
    if (a === undefined || b === undefined || a.length !== b.length || a.some((x, j) => x !== b[j])) agree = false;
  }

  const time = (fn: (k: Uint8Array) => Uint8Array | undefined): number => {
    let sink = 0;
    const start = cpuMs();
    for (let i = 0; i < sample.length; i++) sink += fn(sample[i])!.length;
    const ns = ((cpuMs() - start) * 1e6) / sample.length;
    if (sink !== sample.length * 24) agree = false;
    return ns;
  };
  const hashLookup = (k: Uint8Array): Uint8Array | undefined => hashGet(hPager, root, k);
  const treeLookup = (k: Uint8Array): Uint8Array | undefined => treeGet(bPager, tree, k);
  const warm = { hash: [] as number[], btree: [] as number[] };
  const cold = { hash: [] as number[], btree: [] as number[] };
  time(hashLookup); // warm-up: fills caches, JIT
  time(treeLookup);
  for (let r = 0; r < rounds; r++) {
    warm.hash.push(time(hashLookup));
    warm.btree.push(time(treeLookup));
  }
  for (let r = 0; r < rounds; r++) {
    hPager.dropCache();
    cold.hash.push(time(hashLookup));
    bPager.dropCache();
    cold.btree.push(time(treeLookup));
  }
  const hash = { warmNs: median(warm.hash), coldNs: median(cold.hash), pages: hCheck.pages.length, buildMs: hBuild, depth: hCheck.depth, buckets: hCheck.buckets };
  const btree = { warmNs: median(warm.btree), coldNs: median(cold.btree), pages: bPager.totalPages - 2 - bPager.freePages().length, buildMs: bBuild, height: tree.height };
  return {
    keys, lookups, rounds, hash, btree,
    warmSpeedup: btree.warmNs / hash.warmNs,
    coldSpeedup: btree.coldNs / hash.coldNs,
    agree,
  };
}

export interface StoreLookupMeasurement {
  keys: number;
  lookups: number;
  /** Median CPU nanoseconds per `view.get` on a hash tree and on a B+tree (memtable empty). */
  hashNs: number;
  btreeNs: number;
  speedup: number;
  agree: boolean;
}

/**
 * The same comparison through the public Store API: two trees ('hash' and 'btree') filled with
 * `keys` records `{ id, name }` in transactions, checkpointed (so reads go to the pages), then
 * `lookups` random `view.get`s each — what a point query of the upper layers pays.
 */
export function measureStoreLookups(keys: number, lookups = 100_000, rounds = 5): StoreLookupMeasurement {
  const store = Store.open({ file: new MemoryFile(), wal: new MemoryFile(), cacheBytes: 2 * 1024 * 1024 * 1024, durability: 'relaxed' });
  let tx = store.begin();
  tx.createTree('h', 'hash');
  tx.createTree('b', 'btree');
  tx.commit();
  const keyBytes: Uint8Array[] = [];
  for (let i = 0; i < keys; i += 10_000) {
    tx = store.begin();
    for (let j = i; j < Math.min(keys, i + 10_000); j++) {
      const k = encodeKey([j]);
      keyBytes.push(k);
      const record = { id: j, name: `name ${j}` };
      tx.put('h', k, record);
      tx.put('b', k, record);
    }
    tx.commit();
  }
  store.checkpoint();
  const rnd = randoms(777);
  const sample: Uint8Array[] = [];
  for (let i = 0; i < lookups; i++) sample.push(keyBytes[Math.floor(rnd.next().value! * keys)]);
  let agree = true;
  const time = (tree: string): number =>
    store.read((view) => {
      let sink = 0;
      const start = cpuMs();
      for (let i = 0; i < sample.length; i++) sink += (view.get(tree, sample[i]) as { id: number }).id;
      const ns = ((cpuMs() - start) * 1e6) / sample.length;
      if (!Number.isFinite(sink)) agree = false;
      return ns;
    });
  store.read((view) => {
    for (let i = 0; i < Math.min(lookups, 10_000); i++) {
      const a = view.get('h', sample[i]) as { id: number; name: string };
      const b = view.get('b', sample[i]) as { id: number; name: string };
      if (a.id !== b.id || a.name !== b.name) agree = false;
    }
  });
  time('h');
  time('b');
  const h: number[] = [];
  const b: number[] = [];
  for (let r = 0; r < rounds; r++) {
    h.push(time('h'));
    b.push(time('b'));
  }
  store.close();
  const hashNs = median(h);
  const btreeNs = median(b);
  return { keys, lookups, hashNs, btreeNs, speedup: btreeNs / hashNs, agree };
}
