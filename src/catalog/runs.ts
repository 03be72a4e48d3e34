// External sort for bulk loads: entries (an encoded key, a value, an origin) collected into
// streams sharing one bounded in-memory budget, spilled as sorted runs into scratch trees of the
// caller's transaction, and merged back in key order. It never commits and never keeps more
// than the budget plus one cursor per merged run (at most FAN_IN) in memory.

import type { Tx } from './store-api.ts';

/** One collected entry: `origin` says where it came from (a record ordinal; meaning is the stream's). */
export interface RunEntry {
  key: Uint8Array;
  value: unknown;
  origin: number;
  /** The key's first 6 bytes as a number (zero-padded), compared before the bytes. */
  p: number;
  /** The index of the stream it came from, in a merge. */
  stream: number;
}

/** A merged entry. */
export type MergedEntry = RunEntry;

/** The first 6 bytes of a key as a number: a < b bytewise implies prefixOf(a) <= prefixOf(b). */
function prefixOf(k: Uint8Array): number {
  const n = k.length;
  if (n >= 6) return k[0] * 0x10000000000 + k[1] * 0x100000000 + k[2] * 0x1000000 + k[3] * 0x10000 + k[4] * 0x100 + k[5];
  let p = 0;
  for (let i = 0; i < 6; i++) p = p * 256 + (i < n ? k[i] : 0);
  return p;
}

/** Buffers at most this long are sorted by prefix (the arrival index takes 20 bits of the packed sort key). */
const PREFIX_SORT_MAX = 1 << 20;
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Set when `byKey` finds two equal keys (a sort compares every pair that ends up adjacent). */
let sawEqual = false;

/** Orders entries by key bytes (the numeric prefix first). */
function byKey(a: RunEntry, b: RunEntry): number {
  if (a.p !== b.p) return a.p < b.p ? -1 : 1;
  const x = a.key;
  const y = b.key;
  const n = x.length < y.length ? x.length : y.length;
  for (let i = 6; i < n; i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  sawEqual = true;
  return 0;
}

/** High-water marks of a load's working memory, for tests and tuning (counted work, not time). */
export interface SpillStats {
  /** The budget in accounted bytes (key + estimated value + per-entry overhead). */
  budgetBytes: number;
  /** The most accounted bytes held in the streams' buffers at once. */
  peakBufferedBytes: number;
  /** The most entries held in the streams' buffers at once. */
  peakBufferedEntries: number;
  /** Sorted runs written to scratch trees (including the runs written by intermediate merges). */
  runsWritten: number;
  /** The most runs (scratch trees) that existed at once. */
  peakRuns: number;
  /** The most sources one merge read at once (runs + the buffer). */
  peakFanIn: number;
  /** Entries merged back out of the streams (the end of the load). */
  merged: number;
  /** Streams (fixed by the catalog: one per tree and source of entries). */
  streams: number;
}

/** Runs merged at once; more runs of one stream are first merged into one bigger run. */
export const FAN_IN = 64;
/** Per-entry overhead counted on top of key and value bytes (object, array slot). */
export const ENTRY_OVERHEAD = 48;
const SCRATCH_PREFIX = 'quire:load:';

/** A stream of entries destined for one tree, sorted on the way out. */
export class RunStream {
  buffer: RunEntry[] = [];
  bytes = 0;
  /** Whether the buffer is already in ascending key order (then sorting is skipped). */
  private ordered = true;
  /** Whether two entries of the buffer have equal keys (known once sorted). */
  private equalKeys = false;
  readonly runs: string[] = [];

  constructor(private readonly owner: RunStore) {}

  /** Adds an entry; `bytes` is the accounted size of its value. May spill a stream's buffer. */
  add(key: Uint8Array, value: unknown, origin: number, valueBytes = 0): void {
    const buf = this.buffer;
    const e: RunEntry = { key, value, origin, p: prefixOf(key), stream: 0 };
    if (this.ordered && buf.length > 0) {
      const c = byKey(buf[buf.length - 1], e);
      if (c > 0) this.ordered = false;
      else if (c === 0) this.equalKeys = true;
    }
    buf.push(e);
    const bytes = key.length + valueBytes + ENTRY_OVERHEAD;
    this.bytes += bytes;
    this.owner.grew(bytes);
  }

  get size(): number {
    return this.buffer.length;
  }

  /** The buffer in ascending key order (stable: equal keys keep their arrival order). */
  sorted(): RunEntry[] {
    if (!this.ordered) {
      if (this.buffer.length < PREFIX_SORT_MAX) {
        sawEqual = false;
        this.buffer = prefixSort(this.buffer, 0);
        this.equalKeys = sawEqual;
      } else {
        sawEqual = false;
        this.buffer.sort(byKey);
        this.equalKeys = sawEqual;
      }
      this.ordered = true;
    }
    return this.buffer;
  }



  /** Whether the sorted buffer has no two equal keys. */
  get distinct(): boolean {
    this.sorted();
    return !this.equalKeys;
  }

  /** Empties the buffer (after it has been written as a run). */
  clear(): void {
    this.owner.shrank(this.bytes, this.buffer.length);
    this.buffer = [];
    this.bytes = 0;
    this.ordered = true;
    this.equalKeys = false;
  }
}

/** The streams of one load and the transaction their runs spill into. */
export class RunStore {
  private readonly streams: RunStream[] = [];
  private buffered = 0;
  private entries = 0;
  private scratchSeq = 0;
  private liveRuns = 0;
  /** Per run: whether its keys carry a sequence suffix. */
  private readonly suffixed = new Map<string, boolean>();
  /** Runs whose merge has been consumed, dropped by `release()`. */
  private readonly consumed: string[] = [];
  readonly stats: SpillStats;

  constructor(private readonly tx: Tx, budgetBytes: number) {
    this.stats = { budgetBytes, peakBufferedBytes: 0, peakBufferedEntries: 0, runsWritten: 0, peakRuns: 0, peakFanIn: 0, merged: 0, streams: 0 };
  }

  stream(): RunStream {
    const s = new RunStream(this);
    this.streams.push(s);
    this.stats.streams++;
    return s;
  }

  /** @internal A stream grew: spill the largest buffers while over budget. */
  grew(bytes: number): void {
    this.buffered += bytes;
    this.entries++;
    if (this.buffered > this.stats.peakBufferedBytes) this.stats.peakBufferedBytes = this.buffered;
    if (this.entries > this.stats.peakBufferedEntries) this.stats.peakBufferedEntries = this.entries;
    while (this.buffered > this.stats.budgetBytes) {
      let largest = this.streams[0];
      for (const s of this.streams) if (s.bytes > largest.bytes) largest = s;
      if (largest.size === 0) break;
      this.spill(largest);
    }
  }

  /** @internal */
  shrank(bytes: number, entries: number): void {
    this.buffered -= bytes;
    this.entries -= entries;
  }

  /** Writes a stream's buffer as one sorted run; merges its runs into one when there are FAN_IN. */
  private spill(s: RunStream): void {
    s.runs.push(this.writeRun(s.sorted(), s.distinct));
    s.clear();
    if (s.runs.length >= FAN_IN) {
      const runs = s.runs.splice(0, s.runs.length);
      s.runs.push(this.writeRun(this.mergeSources(runs.map((r) => this.readRun(r, 0))), false));
      for (const r of runs) this.dropRun(r);
    }
  }

  /**
   * Writes sorted entries into a new scratch tree, as `[value, origin]`. Unless the keys are
   * known to be distinct, each gets a 4-byte sequence suffix so equal keys stay apart and in order.
   */
  private writeRun(entries: Iterable<RunEntry>, distinctKeys: boolean): string {
    const name = `${SCRATCH_PREFIX}${this.scratchSeq++}`;
    this.tx.createTree(name, 'btree');
    this.suffixed.set(name, !distinctKeys);
    let seq = 0;
    this.tx.bulkLoad(name, (function* (): Generator<readonly [Uint8Array, unknown]> {
      for (const e of entries) {
        if (distinctKeys) {
          yield [e.key, [e.value, e.origin]];
          continue;
        }
        const k = new Uint8Array(e.key.length + 4);
        k.set(e.key);
        const n = seq++;
        k[e.key.length] = n >>> 24;
        k[e.key.length + 1] = (n >>> 16) & 0xff;
        k[e.key.length + 2] = (n >>> 8) & 0xff;
        k[e.key.length + 3] = n & 0xff;
        yield [k, [e.value, e.origin]];
      }
    })());
    this.stats.runsWritten++;
    if (++this.liveRuns > this.stats.peakRuns) this.stats.peakRuns = this.liveRuns;
    return name;
  }

  private *readRun(name: string, stream: number): Iterator<MergedEntry> {
    const cut = this.suffixed.get(name) ? 4 : 0;
    for (const [k, v] of this.tx.range(name)) {
      const [value, origin] = v as [unknown, number];
      const key = k.slice(0, k.length - cut);
      yield { key, value, origin, p: prefixOf(key), stream };
    }
  }

  private dropRun(name: string): void {
    this.tx.dropTree(name);
    this.suffixed.delete(name);
    this.liveRuns--;
  }

  /**
   * Every entry of `streams` in ascending key order; equal keys in stream order, then arrival
   * order. The streams are consumed: their runs are dropped once read.
   */
  *merge(streams: RunStream[]): Generator<MergedEntry> {
    const sources: Iterator<MergedEntry>[] = [];
    const runs: string[] = [];
    streams.forEach((s, i) => {
      for (const r of s.runs) {
        sources.push(this.readRun(r, i));
        runs.push(r);
      }
      sources.push(bufferSource(s.sorted(), i));
    });
    try {
      for (const e of this.mergeSources(sources)) {
        this.stats.merged++;
        yield e;
      }
    } finally {
      for (const s of streams) {
        s.runs.length = 0;
        s.clear();
      }
      this.consumed.push(...runs);
    }
  }

  /** Drops the runs of finished merges (call once the merged output is written, outside any bulk load). */
  release(): void {
    for (const r of this.consumed.splice(0, this.consumed.length)) this.dropRun(r);
  }

  /** K-way merge by key (a binary heap; ties go to the earlier source). */
  private *mergeSources(sources: Iterator<MergedEntry>[]): Generator<MergedEntry> {
    if (sources.length > this.stats.peakFanIn) this.stats.peakFanIn = sources.length;
    const heads: MergedEntry[] = [];
    const from: number[] = [];
    const less = (a: number, b: number): boolean => {
      const c = byKey(heads[a], heads[b]);
      return c < 0 || (c === 0 && from[a] < from[b]);
    };
    const swap = (a: number, b: number): void => {
      const h = heads[a]; heads[a] = heads[b]; heads[b] = h;
      const f = from[a]; from[a] = from[b]; from[b] = f;
    };
    const down = (i: number): void => {
      for (;;) {
        const l = 2 * i + 1;
        if (l >= heads.length) return;
        const m = l + 1 < heads.length && less(l + 1, l) ? l + 1 : l;
        if (!less(m, i)) return;
        swap(m, i);
        i = m;
      }
    };
    sources.forEach((src, i) => {
      const r = src.next();
      if (r.done) return;
      heads.push(r.value);
      from.push(i);
      for (let j = heads.length - 1; j > 0;) {
        const p = (j - 1) >> 1;
        if (!less(j, p)) break;
        swap(j, p);
        j = p;
      }
    });
    while (heads.length > 0) {
      const top = heads[0];
      const r = sources[from[0]].next();
      if (r.done) {
        const last = heads.length - 1;
        swap(0, last);
        heads.pop();
        from.pop();
      } else heads[0] = r.value;
      down(0);
      yield top;
    }
  }
}

/** Six key bytes from `offset` as a number (zero-padded); at offset 0 the entry's cached `p`. */
function prefixAt(e: RunEntry, offset: number): number {
  if (offset === 0) return e.p;
  const k = e.key;
  let p = 0;
  for (let i = offset; i < offset + 6; i++) p = p * 256 + (i < k.length ? k[i] : 0);
  return p;
}

/**
 * Sorts entries whose keys agree on their first `offset` bytes: a native numeric sort of (the
 * next 44 bits, arrival index) packed in 64 bits, then one in-order pass comparing neighbours;
 * a group with equal 44 bits that is out of order is sorted the same way from 5 bytes further on
 * (or by the comparator when small or past its longest key). Stable: equal keys keep their arrival order.
 * Sets `sawEqual` when two keys are equal.
 */
function prefixSort(entries: RunEntry[], offset: number): RunEntry[] {
  const n = entries.length;
  const packed = new BigUint64Array(n);
  const words = new Uint32Array(packed.buffer);
  const lo = LITTLE_ENDIAN ? 0 : 1;
  const hi = 1 - lo;
  const p44 = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = Math.floor(prefixAt(entries[i], offset) / 16);
    p44[i] = p;
    words[2 * i + hi] = Math.floor(p / 4096);
    words[2 * i + lo] = (p % 4096) * 1048576 + i;
  }
  packed.sort();
  const out = new Array<RunEntry>(n);
  const group = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const i = words[2 * k + lo] % 1048576;
    out[k] = entries[i];
    group[k] = p44[i];
  }
  for (let k = 1; k < n; k++) {
    const c = byKey(out[k - 1], out[k]);
    if (c <= 0) continue;
    // Out of order, so within one group of equal 44 bits: sort the whole group further on.
    let start = k - 1;
    while (start > 0 && group[start - 1] === group[k]) start--;
    let end = k + 1;
    while (end < n && group[end] === group[k]) end++;
    const members = out.slice(start, end);
    let longest = 0;
    for (const e of members) if (e.key.length > longest) longest = e.key.length;
    const sorted = members.length > 32 && offset + 5 < longest ? prefixSort(members, offset + 5) : members.sort(byKey);
    for (let x = start; x < end; x++) out[x] = sorted[x - start];
    k = end - 1;
  }
  return out;
}

function* bufferSource(entries: RunEntry[], stream: number): Iterator<MergedEntry> {
  for (const e of entries) {
    e.stream = stream;
    yield e;
  }
}

/** A rough accounted size of a stored value (a row): enough to bound memory, not exact. */
export function valueBytes(v: unknown): number {
  if (v === null || v === undefined || typeof v === 'boolean') return 1;
  if (typeof v === 'number') return 9;
  if (typeof v === 'string') return v.length + 5;
  if (Array.isArray(v)) {
    let n = 5;
    for (let i = 0; i < v.length; i++) n += valueBytes(v[i]);
    return n;
  }
  if (typeof v === 'object') {
    let n = 5;
    for (const k in v as Record<string, unknown>) n += k.length + 5 + valueBytes((v as Record<string, unknown>)[k]);
    return n;
  }
  return 16;
}
