// External sort for bulk loads: entries (an encoded key, a value, an origin) collected into
// streams sharing one bounded in-memory budget, spilled as sorted runs into scratch trees of the
// caller's transaction, and merged back in key order. It never commits and never keeps more
// than the budget, one partly filled key chunk per stream and one cursor per merged run (at
// most FAN_IN) in memory.

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

/** Set when a comparison finds two equal keys (a sort compares every pair that ends up adjacent). */
let sawEqual = false;

/** Orders key bytes `xa..xa+xn` of `x` and `ya..ya+yn` of `y` whose first 6 bytes (the prefixes) are equal. */
function compareTail(x: Uint8Array, xa: number, xn: number, y: Uint8Array, ya: number, yn: number): number {
  const n = xn < yn ? xn : yn;
  for (let i = 6; i < n; i++) {
    const c = x[xa + i];
    const d = y[ya + i];
    if (c !== d) return c < d ? -1 : 1;
  }
  if (xn !== yn) return xn < yn ? -1 : 1;
  sawEqual = true;
  return 0;
}

/** Orders entries by key bytes (the numeric prefix first). */
function byKey(a: RunEntry, b: RunEntry): number {
  if (a.p !== b.p) return a.p < b.p ? -1 : 1;
  return compareTail(a.key, 0, a.key.length, b.key, 0, b.key.length);
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
/** Bounds of a stream's key chunk (a key longer than the chunk gets a chunk of its own). */
const MIN_CHUNK = 2048;
const MAX_CHUNK = 65536;
const EMPTY_KEY = new Uint8Array(0);

/**
 * A stream of entries destined for one tree, sorted on the way out. Its buffer keeps no object per
 * entry: key bytes are copied into shared chunks, the rest goes into parallel arrays (so the
 * garbage collector has little to trace or copy while millions of entries wait for a spill).
 */
export class RunStream {
  /** Per buffered entry, in arrival order: its key is bytes `at..at+len` of `chunk`; its 6-byte prefix, value and origin. */
  private chunk: Uint8Array[] = [];
  private at: number[] = [];
  private len: number[] = [];
  private prefix: number[] = [];
  private values: unknown[] = [];
  private origins: number[] = [];
  /** The chunk keys are copied into, and its first free byte. */
  private current = EMPTY_KEY;
  private fill = 0;
  /** Once sorted out of arrival order: the entries' indexes in ascending key order. */
  private order: number[] | null = null;
  bytes = 0;
  /** Whether the buffer is in ascending key order (by arrival, or `order`). */
  private ordered = true;
  /** Whether two entries of the buffer have equal keys (known once sorted). */
  private equalKeys = false;
  readonly runs: string[] = [];

  constructor(private readonly owner: RunStore, private readonly chunkBytes: number) {}

  /** Adds an entry; `bytes` is the accounted size of its value. May spill a stream's buffer. */
  add(key: Uint8Array, value: unknown, origin: number, valueBytes = 0): void {
    const n = key.length;
    if (this.fill + n > this.current.length) {
      this.current = new Uint8Array(n > this.chunkBytes ? n : this.chunkBytes);
      this.fill = 0;
    }
    const chunk = this.current;
    const at = this.fill;
    for (let i = 0; i < n; i++) chunk[at + i] = key[i];
    this.fill = at + n;
    const x = this.values.length;
    this.chunk.push(chunk);
    this.at.push(at);
    this.len.push(n);
    this.prefix.push(prefixOf(key));
    this.values.push(value);
    this.origins.push(origin);
    if (this.ordered && x > 0) {
      const c = this.compare(x - 1, x);
      if (c > 0) this.ordered = false;
      else if (c === 0) this.equalKeys = true;
    }
    const bytes = n + valueBytes + ENTRY_OVERHEAD;
    this.bytes += bytes;
    this.owner.grew(bytes);
  }

  get size(): number {
    return this.values.length;
  }

  /** Orders buffered entries `x` and `y` by key bytes. */
  private compare(x: number, y: number): number {
    const p = this.prefix[x];
    const q = this.prefix[y];
    if (p !== q) return p < q ? -1 : 1;
    return compareTail(this.chunk[x], this.at[x], this.len[x], this.chunk[y], this.at[y], this.len[y]);
  }

  /** Sorts the buffer (stable: equal keys keep their arrival order) unless it is in order already. */
  private sort(): void {
    if (this.ordered) return;
    const n = this.values.length;
    const arrival = new Array<number>(n);
    for (let i = 0; i < n; i++) arrival[i] = i;
    sawEqual = false;
    this.order = n < PREFIX_SORT_MAX ? this.prefixSort(arrival, 0) : arrival.sort((x, y) => this.compare(x, y));
    this.equalKeys = sawEqual;
    this.ordered = true;
  }

  /** The buffer's entries in ascending key order, tagged with `stream`. */
  sorted(stream: number): Source {
    this.sort();
    return new BufferSource(this, this.order, stream);
  }

  /** @internal Buffered entry `x` as a merged entry. */
  entry(x: number, stream: number): RunEntry {
    const at = this.at[x];
    return { key: this.chunk[x].subarray(at, at + this.len[x]), value: this.values[x], origin: this.origins[x], p: this.prefix[x], stream };
  }

  /** Whether the sorted buffer has no two equal keys. */
  get distinct(): boolean {
    this.sort();
    return !this.equalKeys;
  }

  /** Empties the buffer (after it has been written as a run). */
  clear(): void {
    this.owner.shrank(this.bytes, this.values.length);
    this.chunk = [];
    this.at = [];
    this.len = [];
    this.prefix = [];
    this.values = [];
    this.origins = [];
    this.current = EMPTY_KEY;
    this.fill = 0;
    this.order = null;
    this.bytes = 0;
    this.ordered = true;
    this.equalKeys = false;
  }

  /** Six key bytes of entry `x` from `offset` as a number (zero-padded); at offset 0 its prefix. */
  private prefixAt(x: number, offset: number): number {
    if (offset === 0) return this.prefix[x];
    const k = this.chunk[x];
    const at = this.at[x];
    const n = this.len[x];
    let p = 0;
    for (let i = offset; i < offset + 6; i++) p = p * 256 + (i < n ? k[at + i] : 0);
    return p;
  }

  /**
   * Sorts entries (indexes, in arrival order) whose keys agree on their first `offset` bytes: a
   * native numeric sort of (the next 44 bits, position) packed in 64 bits, then one in-order pass
   * comparing neighbours; a group with equal 44 bits that is out of order is sorted the same way
   * from 5 bytes further on (or by the comparator when small or past its longest key). Stable:
   * equal keys keep their arrival order. Sets `sawEqual` when two keys are equal.
   */
  private prefixSort(entries: number[], offset: number): number[] {
    const n = entries.length;
    const packed = new BigUint64Array(n);
    const words = new Uint32Array(packed.buffer);
    const lo = LITTLE_ENDIAN ? 0 : 1;
    const hi = 1 - lo;
    const p44 = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const p = Math.floor(this.prefixAt(entries[i], offset) / 16);
      p44[i] = p;
      words[2 * i + hi] = Math.floor(p / 4096);
      words[2 * i + lo] = (p % 4096) * 1048576 + i;
    }
    packed.sort();
    const out = new Array<number>(n);
    const group = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const i = words[2 * k + lo] % 1048576;
      out[k] = entries[i];
      group[k] = p44[i];
    }
    for (let k = 1; k < n; k++) {
      const c = this.compare(out[k - 1], out[k]);
      if (c <= 0) continue;
      // Out of order, so within one group of equal 44 bits: sort the whole group further on.
      let start = k - 1;
      while (start > 0 && group[start - 1] === group[k]) start--;
      let end = k + 1;
      while (end < n && group[end] === group[k]) end++;
      const members = out.slice(start, end);
      let longest = 0;
      for (const x of members) if (this.len[x] > longest) longest = this.len[x];
      const sorted = members.length > 32 && offset + 5 < longest ? this.prefixSort(members, offset + 5) : members.sort((x, y) => this.compare(x, y));
      for (let x = start; x < end; x++) out[x] = sorted[x - start];
      k = end - 1;
    }
    return out;
  }
}

/** The streams of one load and the transaction their runs spill into. */
export class RunStore {
  private readonly streams: RunStream[] = [];
  private buffered = 0;
  private entries = 0;
  private scratchSeq = 0;
  private liveRuns = 0;
  /** Per run: whether it is keyed by position (its entries' keys are in their values). */
  private readonly positional = new Map<string, boolean>();
  /** Runs whose merge has been consumed, dropped by `release()`. */
  private readonly consumed: string[] = [];
  readonly stats: SpillStats;
  /** The size of the chunks buffered keys are copied into: small beside the budget (one partly filled chunk per stream is not accounted). */
  private readonly chunkBytes: number;

  constructor(private readonly tx: Tx, budgetBytes: number) {
    this.chunkBytes = Math.max(MIN_CHUNK, Math.min(MAX_CHUNK, 2 ** Math.floor(Math.log2(Math.max(1, budgetBytes / 512)))));
    this.stats = { budgetBytes, peakBufferedBytes: 0, peakBufferedEntries: 0, runsWritten: 0, peakRuns: 0, peakFanIn: 0, merged: 0, streams: 0 };
  }

  stream(): RunStream {
    const s = new RunStream(this, this.chunkBytes);
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
    s.runs.push(this.writeRun(s.sorted(0), s.distinct));
    s.clear();
    if (s.runs.length >= FAN_IN) {
      const runs = s.runs.splice(0, s.runs.length);
      s.runs.push(this.writeRun(new Merge(runs.map((r) => this.readRun(r, 0)), this.stats, null), false));
      for (const r of runs) this.dropRun(r);
    }
  }

  /**
   * Writes sorted entries into a new scratch tree, as `[value, origin]` (just `origin` when the
   * value is null, as index entries' are: nothing to pack or unpack but a number). Unless the keys are
   * known to be distinct, the tree is keyed by the entries' positions (4 bytes, big-endian) and holds
   * `[key, value, origin]`: equal keys stay apart and in order, and the tree's keys ascend as
   * its builder requires (a key with a sequence suffix would not: [a]+seq sorts after [a, 0]+seq).
   */
  private writeRun(entries: Source, distinctKeys: boolean): string {
    const name = `${SCRATCH_PREFIX}${this.scratchSeq++}`;
    this.tx.createTree(name, 'btree');
    this.positional.set(name, !distinctKeys);
    this.tx.bulkLoad(name, new RunInput(entries, distinctKeys));
    this.stats.runsWritten++;
    if (++this.liveRuns > this.stats.peakRuns) this.stats.peakRuns = this.liveRuns;
    return name;
  }

  private readRun(name: string, stream: number): Source {
    return new RunReader(this.tx.range(name), this.positional.get(name) === true, stream);
  }

  private dropRun(name: string): void {
    this.tx.dropTree(name);
    this.positional.delete(name);
    this.liveRuns--;
  }

  /**
   * Every entry of `streams` in ascending key order; equal keys in stream order, then arrival
   * order. The streams are consumed: their runs are dropped once read (by `release()`). Each
   * entry is read once: the iterator's result object is reused from one `next()` to the next.
   */
  merge(streams: RunStream[]): IterableIterator<MergedEntry> {
    const sources: Source[] = [];
    const runs: string[] = [];
    streams.forEach((s, i) => {
      for (const r of s.runs) {
        sources.push(this.readRun(r, i));
        runs.push(r);
      }
      sources.push(s.sorted(i));
    });
    return new Merge(sources, this.stats, () => {
      for (const s of streams) {
        s.runs.length = 0;
        s.clear();
      }
      this.consumed.push(...runs);
    });
  }

  /** Drops the runs of finished merges (call once the merged output is written, outside any bulk load). */
  release(): void {
    for (const r of this.consumed.splice(0, this.consumed.length)) this.dropRun(r);
  }
}

/** A sorted source of entries: `read()` gives the next one, or null at the end. */
interface Source {
  read(): RunEntry | null;
}

/** A sorted buffer's entries (`order`, or arrival order when null), tagged with their stream. */
class BufferSource implements Source {
  private at = 0;
  private readonly n: number;

  constructor(private readonly buffer: RunStream, private readonly order: number[] | null, private readonly stream: number) {
    this.n = buffer.size;
  }

  read(): RunEntry | null {
    const k = this.at;
    if (k >= this.n) return null;
    this.at = k + 1;
    return this.buffer.entry(this.order === null ? k : this.order[k], this.stream);
  }
}

/** A scratch tree's entries (`[value, origin]` or `origin` values; `[key, value, origin]` when `positional`). */
class RunReader implements Source {
  private readonly it: Iterator<[Uint8Array, unknown]>;

  constructor(range: Iterable<[Uint8Array, unknown]>, private readonly positional: boolean, private readonly stream: number) {
    this.it = range[Symbol.iterator]();
  }

  read(): RunEntry | null {
    const r = this.it.next();
    if (r.done) return null;
    if (this.positional) {
      const v = r.value[1] as [Uint8Array, unknown, number];
      const key = v[0].slice(); // a copy: a decoded binary may view a cached page
      return { key, value: v[1], origin: v[2], p: prefixOf(key), stream: this.stream };
    }
    const key = r.value[0].slice();
    const v = r.value[1] as [unknown, number] | number;
    if (typeof v === 'number') return { key, value: null, origin: v, p: prefixOf(key), stream: this.stream };
    return { key, value: v[0], origin: v[1], p: prefixOf(key), stream: this.stream };
  }
}

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/** Sorted entries as a bulk load's input: `[key, [value, origin] or origin]`, one reused pair (the store consumes each at once). */
class RunInput implements IterableIterator<readonly [Uint8Array, unknown]> {
  private readonly inner: [unknown, number] = [null, 0];
  private readonly keyed: [Uint8Array, unknown, number] = [EMPTY_KEY, null, 0];
  private readonly pair: [Uint8Array, unknown] = [EMPTY_KEY, this.inner];
  private readonly result: IteratorYieldResult<readonly [Uint8Array, unknown]> = { done: false, value: this.pair };
  private position = 0;

  constructor(private readonly entries: Source, private readonly distinctKeys: boolean) {}

  [Symbol.iterator](): this {
    return this;
  }

  next(): IteratorResult<readonly [Uint8Array, unknown]> {
    const e = this.entries.read();
    if (e === null) return DONE;
    if (this.distinctKeys) {
      this.pair[0] = e.key;
      if (e.value === null) this.pair[1] = e.origin;
      else {
        this.inner[0] = e.value;
        this.inner[1] = e.origin;
        this.pair[1] = this.inner;
      }
      return this.result;
    }
    const k = new Uint8Array(4);
    const s = this.position++;
    k[0] = s >>> 24;
    k[1] = (s >>> 16) & 0xff;
    k[2] = (s >>> 8) & 0xff;
    k[3] = s & 0xff;
    this.pair[0] = k;
    this.keyed[0] = e.key;
    this.keyed[1] = e.value;
    this.keyed[2] = e.origin;
    this.pair[1] = this.keyed;
    return this.result;
  }
}

/**
 * A k-way merge by key (a binary heap; ties go to the earlier source). As an iterator its result
 * object is reused; `onEnd` runs once, at the end or on `return()`.
 */
class Merge implements Source, IterableIterator<RunEntry> {
  private readonly heads: RunEntry[] = [];
  private readonly from: number[] = [];
  private started = false;
  private readonly result: IteratorYieldResult<RunEntry> = { done: false, value: undefined as unknown as RunEntry };

  constructor(private readonly sources: Source[], private readonly stats: SpillStats, private onEnd: (() => void) | null) {
    if (sources.length > stats.peakFanIn) stats.peakFanIn = sources.length;
  }

  [Symbol.iterator](): this {
    return this;
  }

  next(): IteratorResult<RunEntry> {
    const e = this.read();
    if (e === null) return this.return();
    this.stats.merged++;
    this.result.value = e;
    return this.result;
  }

  return(): IteratorResult<RunEntry> {
    const end = this.onEnd;
    this.onEnd = null;
    end?.();
    return DONE;
  }

  read(): RunEntry | null {
    const sources = this.sources;
    if (sources.length === 1) return sources[0].read();
    const heads = this.heads;
    if (!this.started) this.start();
    if (heads.length === 0) return null;
    const top = heads[0];
    const r = sources[this.from[0]].read();
    if (r === null) {
      const last = heads.length - 1;
      this.swap(0, last);
      heads.pop();
      this.from.pop();
    } else heads[0] = r;
    this.down(0);
    return top;
  }

  private start(): void {
    this.started = true;
    const heads = this.heads;
    for (let i = 0; i < this.sources.length; i++) {
      const r = this.sources[i].read();
      if (r === null) continue;
      heads.push(r);
      this.from.push(i);
      for (let j = heads.length - 1; j > 0;) {
        const p = (j - 1) >> 1;
        if (!this.less(j, p)) break;
        this.swap(j, p);
        j = p;
      }
    }
  }

  private less(a: number, b: number): boolean {
    const c = byKey(this.heads[a], this.heads[b]);
    return c < 0 || (c === 0 && this.from[a] < this.from[b]);
  }

  private swap(a: number, b: number): void {
    const heads = this.heads;
    const from = this.from;
    const h = heads[a]; heads[a] = heads[b]; heads[b] = h;
    const f = from[a]; from[a] = from[b]; from[b] = f;
  }

  private down(i: number): void {
    const n = this.heads.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) return;
      const m = l + 1 < n && this.less(l + 1, l) ? l + 1 : l;
      if (!this.less(m, i)) return;
      this.swap(m, i);
      i = m;
    }
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
