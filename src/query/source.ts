// Row access for the query engine over a storage read view and the catalog's physical layout:
// decode rows, batched multi-gets in key order, index/edge/FK range scans, and the counters
// `explain` reports. Reads only; never writes a tree (mutations go through catalog row primitives).
import type { RangeOptions, TreeReader } from '../storage/store.ts';
import type { Catalog, Entity, Index, Relation } from '../catalog/model.ts';
import { compareBytes, encodeKey, decodeKey, hasPrefix, KeyEncoder, lastKeyPart, prefixEnd, twoKeyParts, type KeyPart } from '../storage/keys.ts';
import type { Row } from './shape.ts';
import { addKey, keyBytes, keyId, newDeps, type Change, type Deps } from './deps.ts';
import { hashLookup } from '../catalog/tables.ts';

/** The read API of a storage view (the Store's `ReadView`, or a write transaction). */
export interface ReadView {
  get(tree: string, key: Uint8Array): unknown | undefined;
  range(tree: string, opts?: RangeOptions): Iterable<[Uint8Array, unknown]>;
  count(tree: string): number;
  /** Path-keeping gets and prefix walks of one tree (the storage view's); without it, gets and range scans. */
  reader?(tree: string): TreeReader;
}
export type { RangeOptions };

/** A reference to a row: entity type and primary key. */
export interface RowRef { readonly type: string; readonly key: string | number }

/**
 * The primary keys of the rows related to one parent, in key order (then type name); never
 * mutated once made. A relationship whose target type varies per row (a polymorphic edge or
 * to-one) also has the keys' types, in parallel (`typesOf`).
 */
export type KeyList = readonly (string | number)[];
/** The target types of a polymorphic KeyList, by the list's identity. */
const typesOfList = new WeakMap<KeyList, readonly string[]>();
/** No related row. */
const NO_KEYS: KeyList = Object.freeze([]);

/** Counters of one execution (explain's "actual" numbers). */
export interface ReadStats { gets: number; scans: number; rowsRead: number; entriesRead: number }


export const TYPENAME = '__typename';

/** The encoder of point-get keys (reused: a get allocates no key). */
const pointKey = new KeyEncoder(64);
/** The encoder of relationship prefixes (each a fresh copy: the sweep keeps them). */
const prefixKey = new KeyEncoder(64);

/** A multi-get of n keys scans the table instead when n * SCAN_RATIO > table size. */
const SCAN_RATIO = 4;

/**
 * Decoded rows shared by read executions, kept across the commits the engine is told about exactly
 * (`moved`: the rows and relationship lists a commit wrote are forgotten, the rest stay), dropped
 * whole when the store's version moves any other way (a write made around the engine). Bounded:
 * at each execution's start the oldest entries go (first in, first out) once the rows, or the
 * lists, outgrow the budget. Rows are never mutated, so sharing them is safe; executions in a
 * write transaction never use it (they see uncommitted writes).
 */
export class SharedRows {
  private version = -1;
  private tables = new Map<string, Map<string | number, Row | null>>();
  private probes = new Map<string, Probe>();
  private relations = new Map<string, Map<ListId, KeyList>>();
  /** The entity stored in each primary tree. */
  private readonly entityOfTree = new Map<string, string>();

  constructor(catalog: Catalog, private readonly versionOf: () => number | undefined, readonly budget: number) {
    for (const e of Object.values(catalog.entities)) this.entityOfTree.set(e.tree, e.name);
  }

  /** The tables for an execution starting now, or null when the store has no version to key by. */
  open(): SharedTables | null {
    const v = this.versionOf();
    if (v === undefined) return null;
    if (v !== this.version) {
      this.clear(); // a change nobody described
      this.version = v;
    }
    evictOldest(this.tables, this.budget);
    evictOldest(this.relations, this.budget);
    if (this.probes.size >= MAX_SHARED_PROBES) this.probes = new Map();
    return { tables: this.tables, budget: this.budget, probes: this.probes, relations: this.relations };
  }

  /**
   * The store moved from version `from` to its current one by exactly `change` (a commit the engine
   * saw whole): the rows and lists it wrote are forgotten, the rest are kept. Anything else in
   * between (`from` is not the version these tables are at) forgets everything.
   */
  moved(change: Change, from: number | undefined): void {
    const to = this.versionOf();
    if (to === undefined) return;
    if (change === 'all' || from !== this.version) {
      this.clear();
      this.version = to;
      return;
    }
    this.probes = new Map(); // entry counts (and keys viewing pages a checkpoint may move): cheap to take again
    for (const [tree, written] of change) {
      const entity = this.entityOfTree.get(tree);
      const rows = entity === undefined ? undefined : this.tables.get(entity);
      const lists = this.relations.get(tree);
      if (written === 'all') {
        if (rows) this.tables.delete(entity!);
        if (lists) this.relations.delete(tree);
        continue;
      }
      if (!rows && !lists) continue;
      for (const id of written) {
        const parts = decodeKey(keyBytes(id));
        if (rows) rows.delete(parts[0] as string | number);
        // The lists holding this entry: those under each of its proper prefixes.
        if (lists) for (let n = 1; n < parts.length; n++) lists.delete(listId(encodeKey(parts.slice(0, n))));
      }
    }
    this.version = to;
  }

  /** How many decoded rows and relationship lists are kept now. */
  sizes(): { sharedRows: number; sharedLists: number } {
    let sharedRows = 0, sharedLists = 0;
    for (const m of this.tables.values()) sharedRows += m.size;
    for (const m of this.relations.values()) sharedLists += m.size;
    return { sharedRows, sharedLists };
  }

  private clear(): void {
    this.tables = new Map();
    this.probes = new Map();
    this.relations = new Map();
  }
}

/** Range probes kept per store version (each a short string key and a count). */
const MAX_SHARED_PROBES = 4096;

/** Drops the oldest entries (insertion order) of every map, in proportion, once they hold more than `budget` in all: down to 7/8 of it. */
function evictOldest<K, V>(maps: Map<string, Map<K, V>>, budget: number): void {
  let total = 0;
  for (const m of maps.values()) total += m.size;
  if (total <= budget) return;
  const excess = total - (budget - (budget >> 3));
  for (const m of maps.values()) {
    let drop = Math.ceil((m.size * excess) / total);
    for (const k of m.keys()) {
      if (drop-- <= 0) break;
      m.delete(k);
    }
  }
}

/**
 * Rows shared across executions, per entity (an execution adds at most `budget` rows to a table),
 * the planner's range probes (entry counts by tree, cap and range), and the lists of related keys.
 */
export interface SharedTables {
  readonly tables: Map<string, Map<string | number, Row | null>>;
  readonly budget: number;
  readonly probes: Map<string, Probe>;
  /** Related keys per FK index or edge tree, by the parent's prefix (see ListId); never mutated. */
  readonly relations: Map<string, Map<ListId, KeyList>>;
}

/**
 * A relationship list's name in its tree: the parent's key when the prefix is that number alone,
 * else the prefix bytes, one char per byte (a number and a string never collide).
 */
type ListId = string | number;

/** The ListId of a key prefix. */
function listId(prefix: Uint8Array): ListId {
  const parts = decodeKey(prefix);
  return parts.length === 1 && typeof parts[0] === 'number' ? parts[0] : keyId(prefix);
}

/**
 * A range probe: its entries counted up to a cap and, when the range held fewer (the count is
 * exact), the entries' keys themselves (views of cached pages, never rewritten in place), so
 * a scan of that range reads nothing again.
 */
export interface Probe { readonly n: number; readonly keys: readonly Uint8Array[] | null }

/**
 * One execution's view of the data: rows decoded once and shared (the same (type, key) is the
 * same object), so batched loads deduplicate and result assembly can key maps by row identity.
 */
export class RowSource {
  private readonly cache = new Map<string, Map<string | number, Row | null>>();
  readonly stats: ReadStats = { gets: 0, scans: 0, rowsRead: 0, entriesRead: 0 };
  /**
   * The planner's range probes (entry counts, by tree, cap and range): this execution's, or
   * shared by all reads at the same store version (statistics cached per store version).
   */
  readonly probes: Map<string, Probe>;
  /** What this execution read: whole trees, or single keys of point gets. */
  readonly reads: Deps = newDeps();

  /**
   * `shared`: rows decoded by earlier executions at the same store version (see SharedRows).
   * This execution's own map still records each first read, so `reads` stays complete.
   */
  constructor(readonly view: ReadView, readonly catalog: Catalog, private readonly shared: SharedTables | null = null) {
    this.probes = shared ? shared.probes : new Map();
  }

  private sharedTable(type: string): Map<string | number, Row | null> | null {
    const sh = this.shared;
    if (!sh) return null;
    let m = sh.tables.get(type);
    if (!m) sh.tables.set(type, (m = new Map()));
    return m;
  }

  entity(name: string): Entity {
    const e = this.catalog.entities[name];
    if (!e) throw new Error(`No entity ${name}`);
    return e;
  }

  private table(type: string): Map<string | number, Row | null> {
    let m = this.cache.get(type);
    if (!m) this.cache.set(type, (m = new Map()));
    return m;
  }

  /** Decodes a stored row array into a row object (stored values; `__typename` set). */
  decode(e: Entity, key: string | number, stored: unknown): Row {
    const m = this.table(e.name);
    const hit = m.get(key);
    if (hit) return hit;
    const sh = this.sharedTable(e.name);
    const known = sh?.get(key);
    if (known) {
      m.set(key, known);
      this.stats.rowsRead++;
      return known;
    }
    return this.decodeNew(e, key, stored, m, sh);
  }

  /** decode for a row neither this execution nor the store version has (`m`, `sh`: their tables). */
  private decodeNew(e: Entity, key: string | number, stored: unknown, m: Map<string | number, Row | null>, sh: Map<string | number, Row | null> | null): Row {
    const row = rowOf(e, key, stored as unknown[]);
    if (sh && sh.size < this.shared!.budget) sh.set(key, row);
    m.set(key, row);
    this.stats.rowsRead++;
    return row;
  }

  /**
   * Forgets every row and range probe this execution read (a write made them stale). Never
   * called on shared tables: executions inside a write transaction have none.
   */
  forgetAll(): void {
    this.cache.clear();
    if (!this.shared) this.probes.clear();
  }

  /** One row by key, or null. */
  get(type: string, key: string | number): Row | null {
    const m = this.table(type);
    const hit = m.get(key);
    if (hit !== undefined) return hit;
    const e = this.entity(type);
    const k = pointKey.reset().add(key).view(); // valid until the next point get; storage keeps no key it is given
    addKey(this.reads, e.tree, k);
    this.stats.gets++;
    const sh = this.sharedTable(type);
    const known = sh?.get(key);
    if (known !== undefined) {
      m.set(key, known);
      if (known) this.stats.rowsRead++;
      return known;
    }
    const stored = this.view.get(e.tree, k);
    if (stored === undefined) {
      m.set(key, null);
      if (sh && sh.size < this.shared!.budget) sh.set(key, null);
      return null;
    }
    return this.decode(e, key, stored);
  }

  /**
   * Many rows by key, in key order: point gets for a few keys, else one range scan between the
   * smallest and largest key (filtered by the set) — one pass either way. Missing keys are skipped.
   * `wholeTree`: depend on the tree as a whole even for a few keys (no per-key tracking).
   */
  getMany(type: string, keys: Iterable<string | number>, ascending = false, wholeTree = false): Row[] {
    const e = this.entity(type);
    const m = this.table(type);
    // `ascending`: the caller's keys are an array already strictly ascending (not checked again).
    const distinct = ascending ? keys as (string | number)[] : ascendingKeys(keys);
    const out: Row[] = [];
    let fresh = distinct.length;
    if (m.size > 0) for (let i = 0; i < distinct.length; i++) if (m.has(distinct[i]!)) fresh--;
    if (fresh <= 16 && !wholeTree) {
      // A few keys: point gets, each tracked by its key.
      for (let i = 0; i < distinct.length; i++) {
        const r = this.get(e.name, distinct[i]!);
        if (r) out.push(r);
      }
      return out;
    }
    // Many keys: depend on the tree as a whole, not on each key. One pass takes the rows already
    // decoded (this execution's, then the store version's); only the rest are read.
    this.reads.trees.add(e.tree);
    const sh = this.sharedTable(type);
    let missing: (string | number)[] | null = null;
    for (let i = 0; i < distinct.length; i++) {
      const k = distinct[i]!;
      let r = m.get(k);
      if (r === undefined && sh) {
        // Not copied into this execution's map: every lookup here falls back to `sh`, which
        // keeps its rows for the whole execution (the tree is already a dependency as a whole).
        r = sh.get(k);
        if (r) this.stats.rowsRead++;
      }
      if (r === undefined) (missing ??= []).push(k);
      else if (r) out.push(r);
    }
    if (!missing) return out;
    this.readMissing(e, missing, null);
    // Back in key order.
    out.length = 0;
    for (let i = 0; i < distinct.length; i++) {
      const k = distinct[i]!;
      const r = m.get(k) ?? sh?.get(k);
      if (r) out.push(r);
    }
    return out;
  }

  /**
   * Reads rows nobody decoded yet (distinct keys; the tree is already a dependency as a whole):
   * one range scan between the smallest and largest key, filtered by the set, when they are many
   * for the table, else point gets (no key to track, no cache to ask again). `set`: the keys as
   * a set, when the caller has it.
   */
  private readMissing(e: Entity, missing: readonly (string | number)[], set: Set<string | number> | null): void {
    const m = this.table(e.name);
    if (missing.length > 16 && missing.length * SCAN_RATIO > this.view.count(e.tree)) {
      set ??= new Set(missing);
      let lo = missing[0]!, hi = lo;
      for (let i = 1; i < missing.length; i++) {
        const k = missing[i]!;
        if (compareKeyValues(k, lo) < 0) lo = k;
        else if (compareKeyValues(k, hi) > 0) hi = k;
      }
      this.stats.scans++;
      for (const [k, v] of this.view.range(e.tree, { gte: encodeKey([lo]), lte: encodeKey([hi]) })) {
        this.stats.entriesRead++;
        const key = decodeKey(k)[0] as string | number;
        if (set.has(key)) this.decode(e, key, v);
      }
      for (const k of missing) if (!m.has(k)) m.set(k, null);
      return;
    }
    const sh = this.sharedTable(e.name);
    this.stats.gets += missing.length;
    // In key order through one path-keeping reader: neighbouring keys skip most of each descent.
    const reader = missing.length > 1 ? (this.view.reader?.(e.tree) ?? null) : null;
    const keys = reader ? ascending(missing) : missing;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      const key = pointKey.reset().add(k).view();
      this.decodeRead(e, k, reader ? reader.get(key) : this.view.get(e.tree, key), m, sh);
    }
  }

  /** Takes in a point read's result: the decoded row, or null when absent. */
  private decodeRead(e: Entity, k: string | number, stored: unknown, m: Map<string | number, Row | null>, sh: Map<string | number, Row | null> | null): void {
    if (stored !== undefined) this.decodeNew(e, k, stored, m, sh);
    else {
      m.set(k, null);
      if (sh && sh.size < this.shared!.budget) sh.set(k, null);
    }
  }

  /**
   * The rows of each list of keys of entity `e` (repeats allowed, across lists too), in the
   * lists' order; missing rows are skipped. One batched multi-get, as getMany: a few keys this
   * execution has not read are point gets tracked per key; more depend on the tree as a whole and
   * read only the rows nobody decoded yet at this store version.
   */
  rowsOf(e: Entity, lists: readonly KeyList[]): Row[][] {
    const m = this.table(e.name);
    const sh = this.sharedTable(e.name);
    // One optimistic pass taking the rows this execution or the store version has, while counting
    // (distinct, up to 17) the keys this execution has not read and collecting those nobody has.
    let few: Set<string | number> | null = null;
    let many = false;
    let missing: Set<string | number> | null = null;
    let incomplete: number[] | null = null; // the lists that met a missing key
    const out = new Array<Row[]>(lists.length);
    for (let i = 0; i < lists.length; i++) {
      const l = lists[i]!;
      const rows: Row[] = [];
      for (let j = 0; j < l.length; j++) {
        const k = l[j]!;
        let r = m.get(k);
        if (r === undefined) {
          if (!many) {
            (few ??= new Set()).add(k);
            many = few.size > 16;
          }
          if (sh) r = sh.get(k);
          if (r === undefined) {
            (missing ??= new Set()).add(k);
            if (incomplete?.[incomplete.length - 1] !== i) (incomplete ??= []).push(i);
            continue;
          }
        }
        if (r) rows.push(r);
      }
      out[i] = rows;
    }
    if (!few) return out;
    // The rows taken from the store version's are the objects the reads below would return.
    if (many) {
      this.reads.trees.add(e.tree);
      if (missing) this.readMissing(e, [...missing], missing);
    } else {
      for (const k of few) this.get(e.name, k); // a few keys: point gets, each tracked by its key
    }
    if (!incomplete) return out;
    // Again, with every row read.
    for (const i of incomplete) {
      const l = lists[i]!;
      const rows = out[i]!;
      rows.length = 0;
      for (let j = 0; j < l.length; j++) {
        const k = l[j]!;
        let r = m.get(k);
        if (r === undefined && sh) r = sh.get(k);
        if (r) rows.push(r);
      }
    }
    return out;
  }

  /** Every row of an entity in primary-key order (optionally a key range, reversed). */
  *scan(type: string, opts: RangeOptions = {}): Iterable<Row> {
    const e = this.entity(type);
    this.reads.trees.add(e.tree);
    this.stats.scans++;
    for (const [k, v] of this.view.range(e.tree, opts)) {
      this.stats.entriesRead++;
      yield this.decode(e, decodeKey(k)[0] as string | number, v);
    }
  }

  count(type: string): number {
    const e = this.entity(type);
    this.reads.trees.add(e.tree);
    return this.view.count(e.tree);
  }

  /** The entries of a range counted up to `cap`, with their keys when there are fewer (see Probe). */
  probeRange(tree: string, opts: RangeOptions, cap: number): Probe {
    this.reads.trees.add(tree);
    this.stats.scans++;
    const keys: Uint8Array[] = [];
    for (const [k] of this.view.range(tree, { ...opts, limit: cap, values: false })) keys.push(k);
    this.stats.entriesRead += keys.length;
    return { n: keys.length, keys: keys.length < cap ? keys : null };
  }

  /** How many entries a range of a tree holds (no row is read). */
  countEntries(tree: string, opts: RangeOptions): number {
    this.reads.trees.add(tree);
    this.stats.scans++;
    let n = 0;
    for (const _ of this.view.range(tree, { ...opts, values: false })) n++;
    this.stats.entriesRead += n;
    return n;
  }

  /** Appends the primary keys of a B-tree index range to `out`, in index order (no tuple per entry). */
  indexPks(index: Index, opts: RangeOptions, out: (string | number)[]): void {
    this.reads.trees.add(index.tree);
    this.stats.scans++;
    let n = 0;
    for (const [k] of this.view.range(index.tree, { ...opts, values: false })) {
      const parts = decodeKey(k);
      out.push(parts[parts.length - 1] as string | number);
      n++;
    }
    this.stats.entriesRead += n;
  }

  /** Primary keys from a B-tree index range (keys are `[...parts, pk]`), in index order. */
  *indexKeys(e: Entity, index: Index, opts: RangeOptions): Iterable<[KeyPart[], string | number]> {
    this.reads.trees.add(index.tree);
    this.stats.scans++;
    for (const [k] of this.view.range(index.tree, { ...opts, values: false })) {
      this.stats.entriesRead++;
      const parts = decodeKey(k);
      const pk = parts.pop() as string | number;
      yield [parts, pk];
    }
  }

  /**
   * The rows of a single-column B-tree index range in index order, handed to `visit` until it
   * returns false (a page stops as soon as it is full: no entry is read past it).
   */
  indexRows(e: Entity, index: Index, opts: RangeOptions, visit: (row: Row) => boolean): boolean {
    this.reads.trees.add(index.tree);
    this.stats.scans++;
    for (const [k] of this.view.range(index.tree, { ...opts, values: false })) {
      this.stats.entriesRead++;
      const parts = decodeKey(k);
      const r = this.get(e.name, parts[parts.length - 1] as string | number);
      if (r && !visit(r)) return false;
    }
    return true;
  }

  /** Primary keys under one hash-index key. */
  hashKeys(index: Index, parts: KeyPart[]): (string | number)[] {
    this.reads.trees.add(index.tree);
    this.stats.gets++;
    if (!index.unique) return hashLookup(this.view, index.tree, parts);
    const v = this.view.get(index.tree, encodeKey(parts));
    return v === undefined || v === null ? [] : [v as string | number];
  }

  /**
   * The rows related to each parent (all of entity `owner`) through `rel`, one list per parent in
   * primary-key order (then type name), from one batched pass: the parents' key lists from the FK
   * index / edge tree (see listsUnder), then one multi-get of their rows. `keys`: how many related
   * keys the lists held (missing rows included).
   */
  relatedRows(owner: Entity, parents: readonly Row[], rel: Relation): { rows: Row[][]; keys: number } {
    let lists: KeyList[];
    let target: string | null; // null: the lists carry their types
    switch (rel.kind) {
      case 'toOne': {
        // A stored to-one is the target's key, or [type, key] when the target varies.
        lists = new Array<KeyList>(parents.length);
        let typed = false;
        for (let i = 0; i < parents.length; i++) {
          const fk = parents[i]![rel.name];
          if (fk === null || fk === undefined) { lists[i] = NO_KEYS; continue; }
          if (Array.isArray(fk)) typed = true;
          lists[i] = [refOf(rel, fk).key];
        }
        if (typed) {
          for (let i = 0; i < parents.length; i++) {
            const fk = parents[i]![rel.name];
            if (fk !== null && fk !== undefined) typesOfList.set(lists[i]!, [refOf(rel, fk).type]);
          }
        }
        target = typed ? null : rel.targetEntities[0] ?? rel.target;
        break;
      }
      case 'inverse': {
        // Children point at us through the to-one's FK index: keys [fk, pk] or [type, id, pk].
        lists = this.parentLists(rel.fkIndex!, owner, parents, rel.polymorphic || this.fkIsPolymorphic(rel), false);
        target = this.inverseOwner(rel);
        break;
      }
      case 'manyToMany':
      case 'directed': {
        // Forward keys: [fromId, toId] / [fromId, toType, toId]. Backward: [toId, fromId] / [toType, toId, fromId].
        const edge = this.catalog.edges[rel.edge!]!;
        const forward = rel.direction === 'forward';
        lists = this.parentLists(forward ? edge.forwardTree : edge.backwardTree, owner, parents, !forward && edge.polymorphic, forward && edge.polymorphic);
        target = forward ? edge.polymorphic ? null : edge.toEntities[0] ?? edge.to : edge.from;
        break;
      }
    }
    let keys = 0;
    for (let i = 0; i < lists.length; i++) keys += lists[i]!.length;
    return { rows: target !== null ? this.rowsOf(this.entity(target), lists) : this.typedRows(lists), keys };
  }

  /** rowsOf for lists whose keys carry their types (one multi-get per type). */
  private typedRows(lists: readonly KeyList[]): Row[][] {
    const byType = new Map<string, (string | number)[]>();
    for (const l of lists) {
      const types = typesOfList.get(l);
      for (let j = 0; j < l.length; j++) {
        const t = types![j]!;
        let ks = byType.get(t);
        if (!ks) byType.set(t, (ks = []));
        ks.push(l[j]!);
      }
    }
    for (const [t, ks] of byType) this.rowsOf(this.entity(t), [ks]);
    return lists.map((l) => {
      const types = typesOfList.get(l);
      const rows: Row[] = [];
      for (let j = 0; j < l.length; j++) {
        const t = types![j]!;
        const r = this.table(t).get(l[j]!) ?? this.sharedTable(t)?.get(l[j]!);
        if (r) rows.push(r);
      }
      return rows;
    });
  }

  /**
   * The key lists of `e`'s rows under each prefix of one of its FK indexes (entries `[fk, pk]`),
   * in key order: the lists relationship loads share at this store version (read once; `seen`:
   * each prefix's entry keys when a probe has read them all already).
   */
  fkKeyLists(tree: string, prefixes: readonly Uint8Array[], seen: readonly (readonly Uint8Array[])[] | null = null): KeyList[] {
    this.reads.trees.add(tree);
    return this.listsUnder(tree, prefixes.map(listId), (i) => prefixes[i]!, false, seen);
  }

  /** The primary keys of the rows of `_e` under one FK prefix (see fkKeyLists), strictly ascending. */
  fkKeys(_e: Entity, tree: string, prefix: Uint8Array, seen: readonly Uint8Array[] | null = null): KeyList {
    return this.fkKeyLists(tree, [prefix], seen ? [seen] : null)[0]!;
  }

  /** The key lists under each parent's prefix of `tree` (`[owner type,] parent key`); see listsUnder. */
  private parentLists(tree: string, owner: Entity, parents: readonly Row[], typePrefix: boolean, typed: boolean): KeyList[] {
    this.reads.trees.add(tree);
    const n = parents.length;
    const keyField = owner.key.field;
    const ids = new Array<ListId>(n);
    const prefixes = new Array<Uint8Array | undefined>(n);
    const prefix = (k: string | number, transient = false) => {
      const enc = (typePrefix ? prefixKey.reset().add(owner.name) : prefixKey.reset()).add(k);
      return transient ? enc.view() : enc.toBytes();
    };
    for (let i = 0; i < n; i++) {
      const k = parents[i]![keyField] as string | number;
      if (!typePrefix && typeof k === 'number') { ids[i] = k; continue; } // no bytes unless the list is read
      ids[i] = keyId((prefixes[i] = prefix(k)));
    }
    return this.listsUnder(tree, ids, (i, transient) => prefixes[i] ?? prefix(parents[i]![keyField] as string | number, transient), typed, null);
  }

  /**
   * The key lists under each prefix of `tree` (one per prefix, in key order; entries end with the
   * related key, after its type when `typed`): lists read by earlier reads at this store version
   * are reused, the rest come from one prefixed sweep. `ids[i]`: prefix i's ListId.
   */
  private listsUnder(tree: string, ids: readonly ListId[], prefixOf: PrefixOf, typed: boolean, seen: readonly (readonly Uint8Array[])[] | null): KeyList[] {
    const n = ids.length;
    const lists = new Array<KeyList>(n);
    const sh = this.shared;
    let known: Map<ListId, KeyList> | undefined;
    if (sh) {
      known = sh.relations.get(tree);
      if (!known) sh.relations.set(tree, (known = new Map()));
    }
    let missing: number[] | null = null;
    for (let i = 0; i < n; i++) {
      const l = known?.get(ids[i]!);
      if (l) { lists[i] = l; continue; }
      const entries = seen?.[i];
      if (entries) {
        // Entries the planner's probe already read (its whole range): not read again.
        const made: (string | number)[] = [];
        for (let j = 0; j < entries.length; j++) addEntry(entries[j]!, 0, made, null);
        lists[i] = made;
        if (known && known.size < sh!.budget) known.set(ids[i]!, made);
      } else (missing ??= []).push(i);
    }
    if (missing) {
      const made = missing.map((): (string | number)[] => []);
      const types = typed ? missing.map((): string[] => []) : null;
      const missingIds = missing.map((i) => ids[i]!);
      this.prefixed(tree, missing.length, (j, transient) => prefixOf(missing[j]!, transient), missingIds, made, types);
      for (let j = 0; j < missing.length; j++) {
        const l = made[j]!;
        if (types) typesOfList.set(l, types[j]!);
        lists[missing[j]!] = l;
        if (known && known.size < sh!.budget) known.set(missingIds[j]!, l);
      }
    }
    return lists;
  }

  /**
   * Appends the related keys (and, when `types`, their types) of the entries under each of `n`
   * key prefixes to `made[i]` (`types[i]`), in key order: one sweep whose reader keeps its path
   * from prefix to prefix for a few parents (for the tree), else one range scan from the first
   * prefix to the end of the last, filtered — one pass either way. `ids`: the prefixes' ListIds
   * (numbers sort as their encodings do, so numeric ids need no prefix bytes to be sorted).
   */
  private prefixed(tree: string, n: number, prefixOf: PrefixOf, ids: readonly ListId[], made: (string | number)[][], types: string[][] | null): void {
    if (n === 0) return;
    let prefixes: Uint8Array[] | null = null;
    const all = (): Uint8Array[] => {
      if (!prefixes) {
        prefixes = new Array<Uint8Array>(n);
        for (let i = 0; i < n; i++) prefixes[i] = prefixOf(i, false);
      }
      return prefixes;
    };
    const order = sortedOrder(all, ids);
    const stats = this.stats;
    const view = this.view;
    const sparse = n <= 8 || n * 8 < view.count(tree);
    if (sparse && view.reader) {
      // One sweep: each prefix sought from where the last one's entries ended.
      stats.scans++;
      const reader = view.reader(tree);
      const ready = prefixes as Uint8Array[] | null;
      for (let j = 0; j < n; j++) {
        const i = order[j]!;
        stats.entriesRead += reader.lastPartsUnder(ready ? ready[i]! : prefixOf(i, true), made[i]!, types ? types[i]! : null);
      }
      return;
    }
    const ps = all();
    const visit = (i: number, k: Uint8Array) => addEntry(k, ps[i]!.length, made[i]!, types ? types[i]! : null);
    if (sparse) {
      // One cursor merged against the sorted prefixes. It runs on while the entries it meets
      // belong to wanted prefixes (neighbouring parents: no new seek) and seeks afresh at the
      // next prefix as soon as it meets an entry of a parent nobody asked for.
      const end = prefixEnd(ps[order[order.length - 1]!]!);
      let j = 0;
      while (j < order.length) {
        stats.scans++;
        const from = ps[order[j]!]!;
        let gap = false;
        for (const [k] of view.range(tree, end ? { gte: from, lt: end, values: false } : { gte: from, values: false })) {
          stats.entriesRead++;
          while (j < order.length && !hasPrefix(k, ps[order[j]!]!) && compareBytes(ps[order[j]!]!, k) < 0) j++;
          if (j >= order.length) break;
          if (!hasPrefix(k, ps[order[j]!]!)) { gap = true; break; } // before the next wanted prefix: seek to it
          visit(order[j]!, k);
        }
        if (!gap) return;
      }
      return;
    }
    stats.scans++;
    const lo = ps[order[0]!]!;
    const hi = prefixEnd(ps[order[order.length - 1]!]!);
    let j = 0;
    for (const [k] of view.range(tree, hi ? { gte: lo, lt: hi, values: false } : { gte: lo, values: false })) {
      stats.entriesRead++;
      while (j < order.length && compareBytes(ps[order[j]!]!, k) < 0 && !hasPrefix(k, ps[order[j]!]!)) j++;
      if (j < order.length && hasPrefix(k, ps[order[j]!]!)) visit(order[j]!, k);
    }
  }

  private inverseOwner(rel: Relation): string {
    // The inverse field's target is the entity holding the to-one.
    return rel.targetEntities[0] ?? rel.target;
  }

  private fkIsPolymorphic(rel: Relation): boolean {
    const owner = this.catalog.entities[this.inverseOwner(rel)];
    const toOne = owner && rel.inverse ? owner.relations[rel.inverse] : undefined;
    return toOne ? toOne.polymorphic : false;
  }
}

/** The row object of a stored row array (stored values; `__typename` and the key set): what every read shares. */
export function rowOf(e: Entity, key: string | number, slots: readonly unknown[]): Row {
  const row: Row = { [TYPENAME]: e.name, [e.key.field]: key };
  const fields = e.slotFields;
  for (let i = 0; i < fields.length; i++) row[fields[i] as string] = slots[i] ?? null;
  return row;
}

/**
 * Fills the shared tables from `view` with the rows and lists of `trees` (null: all; after a load:
 * the trees it filled, whose rows are the ones about to be read), reading in key order only (no
 * point read) and never replacing an entry. Only what fits whole: the tables, smallest first, while
 * the next one fits the room left in the budget; then the key lists of the FK index and edge trees
 * keyed by the parent's key alone (not under a null one: no read asks for it), those with the fewest
 * entries per list first (each list saves one seek), each when its parents fit the lists' room and
 * its entries twice the budget. A table or tree too big to hold is left to the reads: a key-order
 * slice of it would rarely be what they ask for, and would fill the cache for nothing.
 */
export function warmShared(view: ReadView, catalog: Catalog, shared: SharedTables, trees: ReadonlySet<string> | null): void {
  const wanted = (tree: string) => trees === null || trees.has(tree);
  let room = shared.budget;
  for (const m of shared.tables.values()) room -= m.size;
  const entities = Object.values(catalog.entities).filter((e) => wanted(e.tree)).map((e) => ({ e, n: view.count(e.tree) })).sort((a, b) => a.n - b.n);
  for (const { e, n } of entities) {
    if (n > room) break;
    let m = shared.tables.get(e.name);
    if (!m) shared.tables.set(e.name, (m = new Map()));
    const intKey = e.key.kind === 'Int';
    for (const [k, v] of view.range(e.tree)) {
      const key = intKey ? lastKeyPart(k, 0, k.length, null) as number : decodeKey(k)[0] as string | number;
      if (!m.has(key)) m.set(key, rowOf(e, key, v as unknown[]));
    }
    room -= n;
  }
  room = shared.budget;
  for (const lists of shared.relations.values()) room -= lists.size;
  let reads = 2 * shared.budget;
  const lists = listTrees(catalog).filter(({ tree }) => wanted(tree))
    .map(({ tree, parent }) => ({ tree, entries: view.count(tree), parents: view.count(parent) }))
    .sort((a, b) => a.entries / Math.max(1, a.parents) - b.entries / Math.max(1, b.parents));
  const parts: KeyPart[] = [null, null];
  for (const { tree, entries, parents } of lists) {
    if (parents > room || entries > reads) continue;
    let known = shared.relations.get(tree);
    if (!known) shared.relations.set(tree, (known = new Map()));
    let id: ListId | null = null;
    let list: (string | number)[] = [];
    let whole = true; // the list in hand has every entry under its prefix
    for (const [k] of view.range(tree, { values: false })) {
      if (!twoKeyParts(k, parts)) { whole = false; break; } // not [parent, related]: the list in hand is not known whole
      const first = parts[0]!;
      if (first === null) continue; // null sorts first: no list of a parent is begun yet
      const at: ListId = typeof first === 'number' ? first : keyId(encodeKey([first]));
      if (at !== id) {
        if (id !== null && !known.has(id)) { known.set(id, list); room--; }
        id = at;
        list = [];
      }
      list.push(parts[1] as string | number);
    }
    if (whole && id !== null && !known.has(id)) { known.set(id, list); room--; }
    reads -= entries;
  }
}

/** The FK index and edge trees whose relationship lists are keyed by the parent's key alone (no type part), with the parents' tree. */
function listTrees(catalog: Catalog): { tree: string; parent: string }[] {
  const out = new Map<string, string>();
  for (const e of Object.values(catalog.entities)) {
    for (const rel of Object.values(e.relations)) {
      if (rel.kind === 'inverse') {
        const owner = catalog.entities[rel.targetEntities[0] ?? rel.target];
        const toOne = owner && rel.inverse ? owner.relations[rel.inverse] : undefined;
        if (rel.fkIndex && !rel.polymorphic && toOne && !toOne.polymorphic) out.set(rel.fkIndex, e.tree);
      } else if ((rel.kind === 'manyToMany' || rel.kind === 'directed') && rel.edge) {
        const edge = catalog.edges[rel.edge];
        if (edge && !edge.polymorphic) out.set(rel.direction === 'forward' ? edge.forwardTree : edge.backwardTree, e.tree);
      }
    }
  }
  return [...out].map(([tree, parent]) => ({ tree, parent }));
}

export function keyOf(e: Entity, row: Row): string | number {
  return row[e.key.field] as string | number;
}

/** A stored to-one value → ref: an id, or `[type, id]` when polymorphic. */
export function refOf(rel: Relation, fk: unknown): RowRef {
  if (Array.isArray(fk)) return { type: fk[0] as string, key: fk[1] as string | number };
  return { type: rel.targetEntities[0] ?? rel.target, key: fk as string | number };
}

/** lastKeyPart's out-parameter for a typed entry's type. */
const typePart: KeyPart[] = [null];

/**
 * Appends an FK index / edge entry's related key (its last part) and, when `types`, its type (the
 * part before); `at`: where the parts after the entry's prefix start (0: unknown), the only ones read.
 */
function addEntry(k: Uint8Array, at: number, keys: (string | number)[], types: string[] | null): void {
  keys.push(lastKeyPart(k, at, k.length, types ? typePart : null) as string | number);
  if (types) types.push(typePart[0] as string);
}

/** Prefix i's bytes: a fresh copy, or when `transient` a view valid until the next call. */
type PrefixOf = (i: number, transient: boolean) => Uint8Array;

/** The indexes of `prefixes` in byte order (numeric ListIds compared as numbers). */
function sortedOrder(prefixesOf: () => readonly Uint8Array[], ids: readonly ListId[]): number[] {
  const n = ids.length;
  const order = new Array<number>(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let numeric = true;
  let sorted = true;
  for (let i = 0; i < n && numeric; i++) {
    const id = ids[i]!;
    numeric = typeof id === 'number' && Number.isInteger(id) && id >= 0 && id < 2 ** 31;
    if (i > 0 && numeric && (id as number) < (ids[i - 1] as number)) sorted = false;
  }
  if (numeric) {
    if (sorted) return order;
    if (n < 2 ** 21) {
      // Each id with its index in its low bits (exact in a double), sorted natively.
      const packed = new Float64Array(n);
      for (let i = 0; i < n; i++) packed[i] = (ids[i] as number) * 2 ** 21 + i;
      packed.sort();
      for (let i = 0; i < n; i++) order[i] = packed[i]! % 2 ** 21;
      return order;
    }
  }
  const prefixes = prefixesOf();
  return order.sort((a, b) => compareBytes(prefixes[a]!, prefixes[b]!));
}

/** `keys` (distinct) in key order: `keys` itself when already so, else a sorted copy. */
function ascending(keys: readonly (string | number)[]): readonly (string | number)[] {
  const n = keys.length;
  let sorted = true;
  let small = true; // every key a non-negative integer below 2^31
  for (let i = 0; i < n; i++) {
    const k = keys[i]!;
    if (small && !(typeof k === 'number' && Number.isInteger(k) && k >= 0 && k < 2 ** 31)) small = false;
    if (sorted && i > 0 && compareKeyValues(keys[i - 1]!, k) > 0) sorted = false;
    if (!sorted && !small) break;
  }
  if (sorted) return keys;
  if (!small) return keys.slice().sort(compareKeyValues);
  const packed = new Float64Array(n); // sorted natively, no comparator calls
  for (let i = 0; i < n; i++) packed[i] = keys[i] as number;
  packed.sort();
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = packed[i]!;
  return out;
}

/** Key order of primary keys: numbers numerically, strings by code point (UTF-8 byte order). */
export function compareKeyValues(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i), y = b.charCodeAt(i);
    if (x !== y) {
      if (x >= 0xd800 && y >= 0xd800) return (x >= 0xe000 ? x - 0x800 : x + 0x2000) - (y >= 0xe000 ? y - 0x800 : y + 0x2000);
      return x - y;
    }
  }
  return a.length - b.length;
}

/** Distinct keys in key order; an array already strictly ascending (an index range's) is used as it is. */
function ascendingKeys(keys: Iterable<string | number>): (string | number)[] {
  if (Array.isArray(keys)) {
    let i = 1;
    while (i < keys.length && compareKeyValues(keys[i - 1], keys[i]) < 0) i++;
    if (i >= keys.length) return keys as (string | number)[];
  }
  return sortKeys([...new Set(keys)]);
}

function sortKeys<T extends string | number>(keys: T[]): T[] {
  return keys.sort(compareKeyValues);
}

/** The byte range of a B-tree index for a leading-part condition. */
export function indexRange(lower: { value: KeyPart; inclusive: boolean } | null, upper: { value: KeyPart; inclusive: boolean } | null): RangeOptions {
  const opts: RangeOptions = {};
  if (lower) {
    const k = encodeKey([lower.value]);
    // [v, pk] > [v]: inclusive lower bound = gte [v]; exclusive = gte prefixEnd([v]).
    if (lower.inclusive) opts.gte = k;
    else { const e = prefixEnd(k); if (e) opts.gte = e; }
  } else {
    // Null parts sort first: skip them (nulls never satisfy a comparison).
    const e = prefixEnd(encodeKey([null]));
    if (e) opts.gte = e;
  }
  if (upper) {
    const k = encodeKey([upper.value]);
    if (upper.inclusive) { const e = prefixEnd(k); if (e) opts.lt = e; }
    else opts.lt = k;
  }
  return opts;
}
