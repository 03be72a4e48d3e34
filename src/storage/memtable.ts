// The memtable and transaction write sets: sorted in-memory maps of byte keys (chunked sorted
// arrays) grouped per tree, with tombstones, tree drops/creates, entry counts and byte accounting.
// Owns the in-memory write buffer; never touches pages or the WAL.

export type TreeKind = 'btree' | 'hash';

const CHUNK = 128;
/** Bytes charged per entry on top of its key and value, for arrays, objects and headers. */
export const ENTRY_OVERHEAD = 48;

/**
 * A sorted map of byte keys: a list of sorted chunks of at most CHUNK entries, each keeping its
 * keys, values and heads in parallel arrays. A key's *head* is the number formed by the 6 bytes
 * that follow the prefix all keys of the map share (missing bytes count as 0): comparing heads
 * orders most keys without touching their bytes (a number compare is far cheaper than a string or
 * byte-loop compare, and arrays of heads hold unboxed doubles, no objects); equal heads fall back
 * to the bytes after them. A key that shares less of the prefix recomputes every head (at most
 * once per byte the shared prefix shrinks). Inserts and lookups are O(log n + CHUNK); in-order
 * iteration by (chunk, index). `version` changes on every structural change so cursors re-seek.
 */
export class SortedMap<V> {
  /** @internal */ readonly heads: number[][] = [];
  /** @internal */ readonly keys: Uint8Array[][] = [];
  /** @internal */ readonly values: V[][] = [];
  /** Bytes every key shares: `shared[0, skip)` (skip -1 while the map is empty). */
  /** @internal */ skip = -1;
  /** @internal */ shared: Uint8Array = EMPTY_KEY;
  size = 0;
  version = 0;

  get(key: Uint8Array): V | undefined {
    const at = this.find(key);
    return at < 0 ? undefined : this.values[at >>> 8][at & 0xff];
  }

  has(key: Uint8Array): boolean {
    return this.find(key) >= 0;
  }

  /** Sets `key`; returns the previous value, or undefined when the key is new. */
  set(key: Uint8Array, value: V): V | undefined {
    if (this.heads.length === 0) {
      this.skip = key.length;
      this.shared = key;
      this.heads.push([0]);
      this.keys.push([key]);
      this.values.push([value]);
      this.size++;
      this.version++;
      return undefined;
    }
    const m = sharedLength(key, this.shared, this.skip);
    if (m < this.skip) this.reshare(m);
    const skip = this.skip;
    const h = headOf(key, skip);
    // ascending keys (sequential ids, WAL replay) append after the last key without a search
    let c = this.heads.length - 1;
    const lastHeads = this.heads[c];
    const lastHead = lastHeads[lastHeads.length - 1];
    let i: number;
    if (lastHead < h || (lastHead === h && compareTails(this.keys[c][lastHeads.length - 1], key, skip) < 0)) i = lastHeads.length;
    else {
      c = Math.max(0, lastChunkAtOrBefore(this.heads, this.keys, h, key, skip));
      i = lowerBound(this.heads[c], this.keys[c], h, key, skip, false);
    }
    const hs = this.heads[c];
    const ks = this.keys[c];
    const vs = this.values[c];
    if (i < hs.length && hs[i] === h && compareTails(ks[i], key, skip) === 0) {
      const old = vs[i];
      vs[i] = value;
      return old;
    }
    if (i === hs.length && hs.length >= CHUNK && c === this.heads.length - 1) {
      // past the last key with the last chunk full: start a new chunk (appends leave full chunks, not halves)
      this.heads.push([h]);
      this.keys.push([key]);
      this.values.push([value]);
      this.size++;
      this.version++;
      return undefined;
    }
    if (i === hs.length) {
      hs.push(h);
      ks.push(key);
      vs.push(value);
    } else {
      hs.splice(i, 0, h);
      ks.splice(i, 0, key);
      vs.splice(i, 0, value);
    }
    this.size++;
    this.version++;
    if (hs.length > CHUNK) {
      const half = hs.length >>> 1;
      this.heads.splice(c + 1, 0, hs.splice(half));
      this.keys.splice(c + 1, 0, ks.splice(half));
      this.values.splice(c + 1, 0, vs.splice(half));
    }
    return undefined;
  }

  clear(): void {
    this.heads.length = 0;
    this.keys.length = 0;
    this.values.length = 0;
    this.skip = -1;
    this.shared = EMPTY_KEY;
    this.size = 0;
    this.version++;
  }

  /** Calls `fn` for every entry in ascending key order. */
  forEach(fn: (key: Uint8Array, value: V) => void): void {
    for (let c = 0; c < this.keys.length; c++) {
      const ks = this.keys[c];
      const vs = this.values[c];
      for (let i = 0; i < ks.length; i++) fn(ks[i], vs[i]);
    }
  }

  cursor(forward: boolean): MapCursor<V> {
    return new MapCursor(this, forward);
  }

  /** (chunk << 8 | index) of `key`, or -1 when absent. */
  private find(key: Uint8Array): number {
    if (this.heads.length === 0 || sharedLength(key, this.shared, this.skip) < this.skip) return -1;
    const skip = this.skip;
    const h = headOf(key, skip);
    const c = lastChunkAtOrBefore(this.heads, this.keys, h, key, skip);
    if (c < 0) return -1;
    const hs = this.heads[c];
    const i = lowerBound(hs, this.keys[c], h, key, skip, false);
    return i < hs.length && hs[i] === h && compareTails(this.keys[c][i], key, skip) === 0 ? (c << 8) | i : -1;
  }

  /** The shared prefix shrank to `skip` bytes: every head is recomputed. */
  private reshare(skip: number): void {
    this.skip = skip;
    for (let c = 0; c < this.keys.length; c++) {
      const ks = this.keys[c];
      const hs = this.heads[c];
      for (let i = 0; i < ks.length; i++) hs[i] = headOf(ks[i], skip);
    }
  }
}

const EMPTY_KEY = new Uint8Array(0);

/** How many of the first `skip` bytes of `shared` start `key` too. */
function sharedLength(key: Uint8Array, shared: Uint8Array, skip: number): number {
  const n = key.length < skip ? key.length : skip;
  let i = 0;
  while (i < n && key[i] === shared[i]) i++;
  return i;
}

/** The 6 bytes of `key` from `skip` as a number (missing bytes count as 0). */
function headOf(key: Uint8Array, skip: number): number {
  const n = key.length;
  if (n >= skip + 6) return key[skip] * 1099511627776 + key[skip + 1] * 4294967296 + key[skip + 2] * 16777216 + key[skip + 3] * 65536 + key[skip + 4] * 256 + key[skip + 5];
  let h = 0;
  for (let i = skip; i < skip + 6; i++) h = h * 256 + (i < n ? key[i] : 0);
  return h;
}

/** Bytewise order of two keys of a map whose heads are equal (their first `skip` bytes are too). */
function compareTails(a: Uint8Array, b: Uint8Array, skip: number): number {
  const n = a.length < b.length ? a.length : b.length;
  for (let i = n >= skip + 6 ? skip + 6 : skip; i < n; i++) {
    const d = a[i] - b[i];
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/** Index of the last chunk whose first key is <= key; -1 when key precedes every chunk. */
function lastChunkAtOrBefore(heads: number[][], keys: Uint8Array[][], h: number, key: Uint8Array, skip: number): number {
  let lo = 0;
  let hi = heads.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const first = heads[mid][0];
    if (first < h || (first === h && compareTails(keys[mid][0], key, skip) <= 0)) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** First index of a chunk whose key is >= key (or > key when `after`). */
function lowerBound(hs: number[], ks: Uint8Array[], h: number, key: Uint8Array, skip: number, after: boolean): number {
  let lo = 0;
  let hi = hs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const m = hs[mid];
    let below = m < h;
    if (m === h) {
      const d = compareTails(ks[mid], key, skip);
      below = d < 0 || (after && d === 0);
    }
    if (below) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A cursor over a SortedMap; valid until the map's `version` changes (then seek again). */
export class MapCursor<V> {
  valid = false;
  private c = 0;
  private i = 0;
  private readonly keys: Uint8Array[][];
  private readonly values: V[][];

  constructor(
    private readonly map: SortedMap<V>,
    private readonly forward: boolean,
  ) {
    this.keys = map.keys;
    this.values = map.values;
  }

  seek(key: Uint8Array | undefined, exclusive: boolean): void {
    const map = this.map;
    const chunks = map.heads;
    if (chunks.length === 0) {
      this.valid = false;
      return;
    }
    let before = key === undefined ? this.forward : false; // the target lies before every key
    let after = key === undefined ? !this.forward : false; // ... after every key
    if (key !== undefined) {
      const m = sharedLength(key, map.shared, map.skip);
      if (m < map.skip) {
        if (m === key.length || key[m] < map.shared[m]) before = true;
        else after = true;
      }
    }
    if (before || after) {
      // forward from before all / reverse from after all: the first entry in the cursor's direction
      if (before === this.forward) {
        this.c = this.forward ? 0 : chunks.length - 1;
        this.i = this.forward ? 0 : chunks[this.c].length - 1;
        this.valid = true;
      } else this.valid = false;
      return;
    }
    // chunk holding the first key >= key (forward) / last key <= key (reverse)
    const k = key as Uint8Array;
    const h = headOf(k, map.skip);
    const c = Math.max(0, lastChunkAtOrBefore(chunks, this.keys, h, k, map.skip));
    this.c = c;
    if (this.forward) this.i = lowerBound(chunks[c], this.keys[c], h, k, map.skip, exclusive);
    else this.i = lowerBound(chunks[c], this.keys[c], h, k, map.skip, !exclusive) - 1;
    this.settle();
  }

  key(): Uint8Array {
    return this.keys[this.c][this.i];
  }

  value(): V {
    return this.values[this.c][this.i];
  }

  advance(): void {
    this.i += this.forward ? 1 : -1;
    this.settle();
  }

  get version(): number {
    return this.map.version;
  }

  private settle(): void {
    const chunks = this.keys;
    for (;;) {
      if (this.c < 0 || this.c >= chunks.length) {
        this.valid = false;
        return;
      }
      if (this.i >= 0 && this.i < chunks[this.c].length) {
        this.valid = true;
        return;
      }
      if (this.forward) {
        this.c++;
        this.i = 0;
      } else {
        this.c--;
        if (this.c >= 0) this.i = chunks[this.c].length - 1;
      }
    }
  }
}

/** What one layer (a write set or the memtable) changes about one tree. */
export class TreeChange {
  /** The tree was dropped (and maybe re-created) here: layers below do not show through. */
  reset = false;
  /** After a reset: the tree's kind, or null when it ends dropped. */
  kind: TreeKind | null = null;
  /** Written entries: value bytes, or null for a delete (tombstone). */
  readonly entries = new SortedMap<Uint8Array | null>();
  /** Entries gained minus lost relative to the layer below; absolute after a reset. */
  count = 0;
  /** Bytes charged for `entries`. */
  bytes = 0;
  /**
   * Keys first written here by a put that did not look below (so `count` does not include them
   * yet), with whether the put left them present; `resolve` settles them. Puts stay blind this
   * way, and a spill settles them for free while it merges into the tree.
   */
  unresolved: Uint8Array[] = [];
}

/** A set of tree changes: a transaction's write set, or the memtable (committed, not checkpointed). */
export class Layer {
  readonly trees = new Map<string, TreeChange>();
  bytes = 0;

  change(tree: string): TreeChange {
    let c = this.trees.get(tree);
    if (c === undefined) {
      c = new TreeChange();
      this.trees.set(tree, c);
    }
    return c;
  }

  /**
   * Records a put (value bytes) or delete (null); `countDelta` is the caller's visible-count change.
   * Returns what the key held in this layer before (undefined: it was not in this layer).
   */
  write(tree: string, key: Uint8Array, value: Uint8Array | null, countDelta: number): Uint8Array | null | undefined {
    const c = this.change(tree);
    const old = c.entries.set(key, value);
    const d = (value === null ? 0 : value.length) - (old ? old.length : 0) + (old === undefined ? key.length + ENTRY_OVERHEAD : 0);
    c.bytes += d;
    this.bytes += d;
    c.count += countDelta;
    return old;
  }

  /** Drops `tree` here (and re-creates it empty of `kind` when given). */
  reset(tree: string, kind: TreeKind | null): void {
    const c = this.change(tree);
    this.bytes -= c.bytes;
    c.bytes = 0;
    c.unresolved = [];
    c.entries.clear();
    c.reset = true;
    c.kind = kind;
    c.count = 0;
  }

  get empty(): boolean {
    return this.trees.size === 0;
  }

  /** Merges this layer into `lower` (this layer is discarded afterwards). */
  applyTo(lower: Layer): void {
    for (const [name, up] of this.trees) {
      if (!lower.trees.has(name)) {
        // nothing below to merge with: hand the change set over as it is
        lower.trees.set(name, up);
        lower.bytes += up.bytes;
        continue;
      }
      if (up.reset) {
        lower.reset(name, up.kind);
        const c = lower.change(name);
        c.reset = true;
        c.kind = up.kind;
      }
      const down = lower.change(name);
      up.entries.forEach((k, v) => {
        const old = down.entries.set(k, v);
        const d = (v === null ? 0 : v.length) - (old ? old.length : 0) + (old === undefined ? k.length + ENTRY_OVERHEAD : 0);
        down.bytes += d;
        lower.bytes += d;
      });
      down.count += up.count;
    }
  }

  clear(): void {
    this.trees.clear();
    this.bytes = 0;
  }
}
