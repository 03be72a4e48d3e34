// The memtable and transaction write sets: sorted in-memory maps of byte keys (chunked sorted
// arrays) grouped per tree, with tombstones, tree drops/creates, entry counts and byte accounting.
// Owns the in-memory write buffer; never touches pages or the WAL.

export type TreeKind = 'btree' | 'hash';

const CHUNK = 128;
/** Bytes charged per entry on top of its key and value, for arrays, objects and headers. */
export const ENTRY_OVERHEAD = 48;

/**
 * A key's bytes as a string of code units 0–255: JS compares such strings natively in exactly the
 * bytewise order, about twice as fast as a byte loop over scattered Uint8Arrays (keys are <= 1 KB).
 */
function orderKey(key: Uint8Array): string {
  return String.fromCharCode.apply(null, key as unknown as number[]);
}

/**
 * A sorted map of byte keys: a list of sorted chunks of at most CHUNK entries, ordered by each
 * key's `orderKey` string (the bytes are kept for callers). Inserts and lookups are
 * O(log n + CHUNK); in-order iteration by (chunk, index). `version` changes on every structural
 * change so cursors can tell when to re-seek.
 */
export class SortedMap<V> {
  private readonly order: string[][] = [];
  private readonly keys: Uint8Array[][] = [];
  private readonly values: V[][] = [];
  size = 0;
  version = 0;

  get(key: Uint8Array): V | undefined {
    const s = orderKey(key);
    const c = this.chunkFor(s);
    if (c < 0) return undefined;
    const os = this.order[c];
    const i = lowerBound(os, s, false);
    return i < os.length && os[i] === s ? this.values[c][i] : undefined;
  }

  has(key: Uint8Array): boolean {
    const s = orderKey(key);
    const c = this.chunkFor(s);
    if (c < 0) return false;
    const os = this.order[c];
    const i = lowerBound(os, s, false);
    return i < os.length && os[i] === s;
  }

  /** Sets `key`; returns the previous value, or undefined when the key is new. */
  set(key: Uint8Array, value: V): V | undefined {
    const s = orderKey(key);
    if (this.order.length === 0) {
      this.order.push([s]);
      this.keys.push([key]);
      this.values.push([value]);
      this.size++;
      this.version++;
      return undefined;
    }
    const c = Math.max(0, this.chunkFor(s));
    const os = this.order[c];
    const ks = this.keys[c];
    const vs = this.values[c];
    const i = lowerBound(os, s, false);
    if (i < os.length && os[i] === s) {
      const old = vs[i];
      vs[i] = value;
      return old;
    }
    if (i === os.length) {
      os.push(s);
      ks.push(key);
      vs.push(value);
    } else {
      os.splice(i, 0, s);
      ks.splice(i, 0, key);
      vs.splice(i, 0, value);
    }
    this.size++;
    this.version++;
    if (os.length > CHUNK) {
      const half = os.length >>> 1;
      this.order.splice(c + 1, 0, os.splice(half));
      this.keys.splice(c + 1, 0, ks.splice(half));
      this.values.splice(c + 1, 0, vs.splice(half));
    }
    return undefined;
  }

  clear(): void {
    this.order.length = 0;
    this.keys.length = 0;
    this.values.length = 0;
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
    return new MapCursor(this, this.order, this.keys, this.values, forward);
  }

  /** Index of the last chunk whose first key is <= s; -1 when s precedes every chunk. */
  private chunkFor(s: string): number {
    return lastChunkAtOrBefore(this.order, s);
  }
}

function lastChunkAtOrBefore(order: string[][], s: string): number {
  let lo = 0;
  let hi = order.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (order[mid][0] <= s) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** First index whose key is >= s (or > s when `after`). */
function lowerBound(order: string[], s: string, after: boolean): number {
  let lo = 0;
  let hi = order.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const k = order[mid];
    if (k < s || (after && k === s)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A cursor over a SortedMap; valid until the map's `version` changes (then seek again). */
export class MapCursor<V> {
  valid = false;
  private c = 0;
  private i = 0;

  constructor(
    private readonly map: SortedMap<V>,
    private readonly order: string[][],
    private readonly keys: Uint8Array[][],
    private readonly values: V[][],
    private readonly forward: boolean,
  ) {}

  seek(key: Uint8Array | undefined, exclusive: boolean): void {
    const chunks = this.order;
    if (chunks.length === 0) {
      this.valid = false;
      return;
    }
    if (key === undefined) {
      this.c = this.forward ? 0 : chunks.length - 1;
      this.i = this.forward ? 0 : chunks[this.c].length - 1;
      this.valid = true;
      return;
    }
    // chunk holding the first key >= key (forward) / last key <= key (reverse)
    const s = orderKey(key);
    const c = Math.max(0, lastChunkAtOrBefore(chunks, s));
    this.c = c;
    if (this.forward) this.i = lowerBound(chunks[c], s, exclusive);
    else this.i = lowerBound(chunks[c], s, !exclusive) - 1;
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
