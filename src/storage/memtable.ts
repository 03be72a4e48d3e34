// The memtable and transaction write sets: in-memory maps of byte keys (hashed, ordered on demand
// in chunked sorted arrays) grouped per tree, with tombstones, tree drops/creates, entry counts and byte accounting.
// Owns the in-memory write buffer; never touches pages or the WAL.

export type TreeKind = 'btree' | 'hash';

const CHUNK = 128;
/** Fill of the chunks a bulk merge of pending keys builds (room for single inserts after it). */
const MERGE_FILL = 96;
/** Bytes charged per entry on top of its key and value, for arrays, objects and headers. */
export const ENTRY_OVERHEAD = 48;

/**
 * A key's bytes as a string of code units 0–255: JS compares such strings natively in exactly the
 * bytewise order, about twice as fast as a byte loop over scattered Uint8Arrays (keys are <= 1 KB),
 * and it is the hash key of the map's index.
 */
function orderKey(key: Uint8Array): string {
  return String.fromCharCode.apply(null, key as unknown as number[]);
}

/** One entry of a SortedMap: its order string, key bytes and (mutable) value. */
interface Entry<V> {
  readonly s: string;
  readonly key: Uint8Array;
  value: V;
}

/**
 * A sorted map of byte keys with deferred ordering. Point reads and writes go through a hash index
 * (O(1)); a key new to the map is only queued (`pending`). The order — a list of sorted chunks of at
 * most CHUNK entries — is brought up to date when something needs it (a cursor, an ordered walk):
 * a few pending keys are inserted one by one (O(log n + CHUNK) each), many are sorted natively and
 * merged in one pass. So a write set that is only written (a load, a big transaction) never pays
 * for ordering per put, and one that is scanned between writes pays what a sorted structure would.
 * `version` changes on every structural change so cursors can tell when to re-seek.
 */
export class SortedMap<V> {
  private readonly index = new Map<string, Entry<V>>();
  private chunks: Entry<V>[][] = [];
  private pending: Entry<V>[] = [];
  size = 0;
  version = 0;

  get(key: Uint8Array): V | undefined {
    return this.index.get(orderKey(key))?.value;
  }

  has(key: Uint8Array): boolean {
    return this.index.has(orderKey(key));
  }

  /** Sets `key` (kept, not copied); returns the previous value, or undefined when the key is new. */
  set(key: Uint8Array, value: V): V | undefined {
    const s = orderKey(key);
    const e = this.index.get(s);
    if (e !== undefined) {
      const old = e.value;
      e.value = value;
      return old;
    }
    const entry: Entry<V> = { s, key, value };
    this.index.set(s, entry);
    this.pending.push(entry);
    this.size++;
    this.version++;
    return undefined;
  }

  clear(): void {
    this.index.clear();
    this.chunks = [];
    this.pending = [];
    this.size = 0;
    this.version++;
  }

  /** Calls `fn` for every entry in ascending key order. */
  forEach(fn: (key: Uint8Array, value: V) => void): void {
    const chunks = this.ordered();
    for (let c = 0; c < chunks.length; c++) {
      const es = chunks[c];
      for (let i = 0; i < es.length; i++) fn(es[i].key, es[i].value);
    }
  }

  /** Calls `fn` for every entry in no particular order (no ordering work). */
  forEachUnordered(fn: (key: Uint8Array, value: V) => void): void {
    for (const e of this.index.values()) fn(e.key, e.value);
  }

  cursor(forward: boolean): MapCursor<V> {
    return new MapCursor(this, forward);
  }

  /** @internal The sorted chunks, with every pending key placed. */
  ordered(): Entry<V>[][] {
    const pending = this.pending;
    if (pending.length === 0) return this.chunks;
    this.pending = [];
    this.version++;
    if (pending.length * 32 < this.size) for (const e of pending) this.place(e);
    else this.merge(pending);
    return this.chunks;
  }

  /** Inserts one entry into its chunk, splitting a chunk that outgrows CHUNK. */
  private place(entry: Entry<V>): void {
    const chunks = this.chunks;
    if (chunks.length === 0) {
      chunks.push([entry]);
      return;
    }
    const c = Math.max(0, lastChunkAtOrBefore(chunks, entry.s));
    const es = chunks[c];
    const i = lowerBound(es, entry.s, false);
    if (i === es.length) es.push(entry);
    else es.splice(i, 0, entry);
    if (es.length > CHUNK) chunks.splice(c + 1, 0, es.splice(es.length >>> 1));
  }

  /** Sorts `pending` (native string order) and merges it with the chunks into fresh chunks. */
  private merge(pending: Entry<V>[]): void {
    const order = new Array<string>(pending.length);
    for (let i = 0; i < pending.length; i++) order[i] = pending[i].s;
    order.sort();
    const out: Entry<V>[][] = [];
    let chunk: Entry<V>[] = [];
    const emit = (e: Entry<V>): void => {
      if (chunk.length === MERGE_FILL) {
        out.push(chunk);
        chunk = [];
      }
      chunk.push(e);
    };
    const old = this.chunks;
    let c = 0;
    let i = 0;
    for (const s of order) {
      while (c < old.length && old[c][i].s < s) {
        emit(old[c][i]);
        if (++i === old[c].length) {
          c++;
          i = 0;
        }
      }
      emit(this.index.get(s) as Entry<V>);
    }
    for (; c < old.length; c++, i = 0) for (; i < old[c].length; i++) emit(old[c][i]);
    if (chunk.length > 0) out.push(chunk);
    this.chunks = out;
  }
}

function lastChunkAtOrBefore<V>(chunks: Entry<V>[][], s: string): number {
  let lo = 0;
  let hi = chunks.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (chunks[mid][0].s <= s) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** First index whose key is >= s (or > s when `after`). */
function lowerBound<V>(es: Entry<V>[], s: string, after: boolean): number {
  let lo = 0;
  let hi = es.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const k = es[mid].s;
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
  private chunks: Entry<V>[][] = [];

  constructor(
    private readonly map: SortedMap<V>,
    private readonly forward: boolean,
  ) {}

  seek(key: Uint8Array | undefined, exclusive: boolean): void {
    const chunks = (this.chunks = this.map.ordered());
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
    return this.chunks[this.c][this.i].key;
  }

  value(): V {
    return this.chunks[this.c][this.i].value;
  }

  advance(): void {
    this.i += this.forward ? 1 : -1;
    this.settle();
  }

  get version(): number {
    return this.map.version;
  }

  private settle(): void {
    const chunks = this.chunks;
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
      up.entries.forEachUnordered((k, v) => {
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
