// Range scans merged over ordered sources (write set, memtable, B+tree cursor): bounds, the k-way
// merge where the top source wins ties, tombstones, limits, keys-only scans and counts, and the
// re-seek after a change. Read side only; never writes and never decides what the sources are.
import type { TreeCursor } from './btree.ts';
import { decodeValue, decodeValueIn } from './codec.ts';
import { compareBytes, hasPrefix, prefixEnd } from './keys.ts';

export interface RangeOptions {
  gt?: Uint8Array;
  gte?: Uint8Array;
  lt?: Uint8Array;
  lte?: Uint8Array;
  prefix?: Uint8Array;
  reverse?: boolean;
  limit?: number;
  /** false: keys only; the value slot of every entry is `undefined` and no value is read or decoded. */
  values?: boolean;
}

/** One ordered input of a scan (a memtable cursor or a B+tree cursor). */
export interface Source {
  valid: boolean;
  seek(key: Uint8Array | undefined, exclusive: boolean): void;
  advance(): void;
  key(): Uint8Array;
  /** Value bytes; null: a tombstone. */
  value(): Uint8Array | null;
}

/** What a scan reads through: the change counter and a way to (re)open its sources. */
export interface ScanHost {
  /** Bumped on every change a cursor could observe. */
  readonly version: number;
  /**
   * Fills `into` with the tree's sources, top layer first; returns the index of the B+tree cursor
   * (whose entries are never tombstones), or -1. `reopen`: the view is checked first.
   */
  openSources(tree: string, forward: boolean, into: Source[], reopen: boolean): number;
}

const DONE: IteratorReturnResult<undefined> = { value: undefined, done: true };

/**
 * One pass over a range: an iterator of `[key, value]`. Keys are views of immutable storage
 * (page cache buffers, memtable keys): never copied, never to be modified by the caller. Also the
 * iterable `range()` returns: its first `[Symbol.iterator]()` is the scan itself (no wrapper, no
 * closure per call); each later one starts a fresh scan of the same range.
 *
 * Bounds: the tightest of gt/gte/prefix is the lower, of lt/lte/the prefix's end the upper. A
 * forward scan whose upper bound is the prefix's end tests `hasPrefix` instead (its end key is
 * never built: a short prefix scan allocates nothing for its bounds).
 */
export class RangeScan implements IterableIterator<[Uint8Array, unknown]> {
  private low: Uint8Array | undefined = undefined;
  private lowEx = false;
  private high: Uint8Array | undefined = undefined;
  private highEx = false;
  /** Forward scans bounded above by the prefix only: in range while keys start with it. */
  private within: Uint8Array | undefined = undefined;
  private iterated = false;
  private readonly forward: boolean;
  private readonly limit: number;
  private readonly decode: boolean;
  private readonly sources: Source[] = [];
  private treeAt = -1;
  private version = -1;
  private last: Uint8Array | undefined = undefined;
  private produced = 0;
  private finished = false;
  /** Counting: tombstones are returned too (value TOMBSTONE). */
  private keepTombstones = false;
  /** The entry `step()` stopped on. */
  key: Uint8Array = EMPTY;
  value: unknown = undefined;

  constructor(
    private readonly host: ScanHost,
    private readonly tree: string,
    private readonly opts: RangeOptions,
    private readonly keysOnly: boolean,
  ) {
    this.forward = !opts.reverse;
    if (opts.gte !== undefined) this.lower(opts.gte, false);
    if (opts.gt !== undefined) this.lower(opts.gt, true);
    if (opts.lte !== undefined) this.upper(opts.lte, false);
    if (opts.lt !== undefined) this.upper(opts.lt, true);
    const prefix = opts.prefix;
    if (prefix !== undefined) {
      this.lower(prefix, false);
      if (this.forward && this.high === undefined) this.within = prefix;
      else {
        // no end (all 0xFF): every key at or past the prefix starts with it
        const end = prefixEnd(prefix);
        if (end !== undefined) this.upper(end, true);
      }
    }
    this.limit = opts.limit ?? Infinity;
    this.decode = !keysOnly && opts.values !== false;
    if (this.limit <= 0) this.finished = true;
    else this.open(false);
  }

  [Symbol.iterator](): RangeScan {
    if (!this.iterated) {
      this.iterated = true;
      return this;
    }
    return new RangeScan(this.host, this.tree, this.opts, this.keysOnly);
  }

  private lower(key: Uint8Array, exclusive: boolean): void {
    const c = this.low === undefined ? 1 : compareBytes(key, this.low);
    if (c > 0 || (c === 0 && exclusive)) {
      this.low = key;
      this.lowEx = exclusive;
    }
  }

  private upper(key: Uint8Array, exclusive: boolean): void {
    const c = this.high === undefined ? -1 : compareBytes(key, this.high);
    if (c < 0 || (c === 0 && exclusive)) {
      this.high = key;
      this.highEx = exclusive;
    }
  }

  next(): IteratorResult<[Uint8Array, unknown]> {
    return this.step() ? { value: [this.key, this.value], done: false } : DONE;
  }

  /**
   * The number of entries left in the range (keys only). Without a limit, the B+tree's part is
   * counted leaf by leaf: only the write set's and memtable's keys are visited one by one (each
   * settles whether it adds to, replaces or deletes a tree entry).
   */
  countRest(): number {
    let n = 0;
    if (this.limit !== Infinity || this.treeAt < 0 || this.finished || this.version !== this.host.version) {
      while (this.step()) n++;
      return n;
    }
    const tree = this.sources.pop() as TreeCursor;
    this.treeAt = -1;
    this.keepTombstones = true;
    while (this.step()) {
      const key = this.key;
      n += tree.countTo(key, true);
      if (tree.valid && compareBytes(tree.key(), key) === 0) tree.advance(); // the layer's entry replaces it
      if (this.value !== TOMBSTONE) n++;
    }
    if (this.forward && this.within !== undefined) {
      // the prefix's end, built only here: counting leaf by leaf needs a key to stop at
      const end = prefixEnd(this.within);
      return n + tree.countTo(end, end !== undefined);
    }
    return n + (this.forward ? tree.countTo(this.high, this.highEx) : tree.countTo(this.low, this.lowEx));
  }

  private open(reopen: boolean): void {
    const sources = this.sources;
    if (sources.length !== 0) sources.length = 0; // (a length write costs a runtime call, even on an empty array)
    this.treeAt = this.host.openSources(this.tree, this.forward, sources, reopen);
    for (let i = 0; i < sources.length; i++) {
      const s = sources[i];
      if (this.last !== undefined) s.seek(this.last, true);
      else if (this.forward) s.seek(this.low, this.lowEx);
      else s.seek(this.high, this.highEx);
    }
    this.version = this.host.version;
  }

  private inRange(key: Uint8Array): boolean {
    if (this.forward) {
      if (this.within !== undefined) return hasPrefix(key, this.within);
      if (this.high !== undefined) {
        const c = compareBytes(key, this.high);
        if (c > 0 || (c === 0 && this.highEx)) return false;
      }
    } else if (this.low !== undefined) {
      const c = compareBytes(key, this.low);
      if (c < 0 || (c === 0 && this.lowEx)) return false;
    }
    return true;
  }

  /** Moves to the next live entry in range; false at the end (or the limit). */
  step(): boolean {
    if (this.finished) return false;
    for (;;) {
      if (this.version !== this.host.version) this.open(true);
      const sources = this.sources;
      // the next key: smallest (forward) / largest (reverse) among the sources; top source wins ties
      let best = -1;
      let bestKey: Uint8Array | undefined;
      for (let i = 0; i < sources.length; i++) {
        const s = sources[i];
        if (!s.valid) continue;
        const k = s.key();
        if (bestKey !== undefined) {
          const c = compareBytes(k, bestKey);
          if (this.forward ? c >= 0 : c <= 0) continue;
        }
        best = i;
        bestKey = k;
      }
      if (bestKey === undefined || !this.inRange(bestKey)) {
        this.finished = true;
        this.key = EMPTY;
        this.value = undefined;
        return false;
      }
      const source = sources[best];
      let value: unknown = undefined;
      if (best === this.treeAt) {
        // a B+tree entry is never a tombstone: keys-only scans do not look at its value at all
        if (this.decode) value = (source as TreeCursor).readValue(decodeValueIn);
      } else {
        const bytes = source.value();
        if (bytes === null) value = TOMBSTONE;
        else if (this.decode) value = decodeValue(bytes);
      }
      if (sources.length === 1) source.advance();
      else for (const s of sources) if (s.valid && (s === source || compareBytes(s.key(), bestKey) === 0)) s.advance();
      this.last = bestKey;
      if (value === TOMBSTONE && !this.keepTombstones) continue;
      this.key = bestKey;
      this.value = value;
      if (++this.produced >= this.limit) this.finished = true;
      return true;
    }
  }
}

const EMPTY = new Uint8Array(0);
const TOMBSTONE = Symbol('tombstone');
