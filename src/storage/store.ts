// The Store: transactions (one writer, read-your-own-writes), commit through the WAL into the
// memtable, reads merged over write set, memtable and trees, checkpoints, recovery, spilling of
// large transactions, statistics. Owns the database's consistency; never reaches below the pager.
import { applyBatch, freeTree, PageAccount, TreeBuilder, TreeCursor, TreeFinger, treeHeight, type Batch, type TreeRoot } from './btree.ts';
import { applyLayerRecord, decodeValue, decodeValueIn, encodeLayer, encodeValue } from './codec.ts';
import { StorageError, asStorageError } from './errors.ts';
import type { PageFile } from './file/page-file.ts';
import { compareBytes, lastKeyPart, type KeyPart } from './keys.ts';
import { Layer, type TreeKind } from './memtable.ts';
import { RangeScan, type RangeOptions, type ScanHost, type Source } from './scan.ts';
import { Pager, type PagerStats } from './pager.ts';
import { infoApply, infoFree, infoGet, infoRead, infoRebuild, type TreeInfo } from './trees.ts';
import { Wal } from './wal.ts';

export type { TreeKind } from './memtable.ts';
export type { TreeInfo } from './trees.ts';

export interface StoreOptions {
  /** The database file (4 KB pages). */
  file: PageFile;
  /** The write-ahead log file. */
  wal: PageFile;
  /** LRU page cache bound, default 32 MB. */
  cacheBytes?: number;
  /** Write buffer, default 16 MB; a checkpoint runs when it is full. Also the write-set budget. */
  memtableBytes?: number;
  /** full: flush the WAL per commit; relaxed: group commit. Default 'full'. */
  durability?: 'full' | 'relaxed';
  /** Relaxed mode: max delay before the WAL is flushed, default 10 ms. */
  flushIntervalMs?: number;
}

export type { RangeOptions } from './scan.ts';

/** A consistent view of the database. Returned values must be treated as immutable. */
export interface ReadView {
  get(tree: string, key: Uint8Array): unknown | undefined;
  range(tree: string, opts?: RangeOptions): Iterable<[Uint8Array, unknown]>;
  /**
   * Point reads and prefix walks of one tree that keep their B+tree path from call to call, so
   * ascending keys or prefixes (a sorted multi-get, the parents of one relationship load) skip
   * most of each descent; with pending writes to the tree, plain gets and prefix scans. Valid
   * until this view next writes. A missing tree is `NO_SUCH_TREE` here; a walk of a hash index is
   * `BAD_KIND`.
   */
  reader(tree: string): TreeReader;
  /**
   * Entries in the tree; with `opts`, entries in that range (bounds, prefix, limit as `range`), counted
   * over keys only: no value is read or decoded. A range count on a hash index is `BAD_KIND`.
   */
  count(tree: string, opts?: RangeOptions): number;
  /** Whether the tree exists, and its kind. */
  kind(tree: string): TreeKind | undefined;
}

/** See ReadView.reader. Keys and prefixes passed in may be transient views (read during the call only). */
export interface TreeReader {
  /** As the view's `get` of this tree. */
  get(key: Uint8Array): unknown | undefined;
  /**
   * For every key starting with `prefix`, ascending: appends the key's last part to `lasts` and,
   * when `befores`, the part before it (undefined when that part is not past the prefix) to
   * `befores`, decoding only the parts past the prefix (no key view made); returns how many keys.
   */
  lastPartsUnder(prefix: Uint8Array, lasts: KeyPart[], befores: KeyPart[] | null): number;
}

export interface Transaction extends ReadView {
  createTree(name: string, kind: TreeKind): void;
  dropTree(name: string): void;
  put(tree: string, key: Uint8Array, value: unknown): void;
  delete(tree: string, key: Uint8Array): boolean;
  /** Appends one checksummed WAL record and flushes it (durability 'full') before returning. */
  commit(): void;
  /** Leaves no trace. */
  rollback(): void;
  /**
   * Loads an empty tree from entries in strictly ascending key order, straight into packed pages
   * (bounded memory; the transaction spills). Returns the number of entries loaded.
   */
  bulkLoad(tree: string, entries: Iterable<readonly [Uint8Array, unknown]>): number;
}

export interface TreeStats {
  name: string;
  kind: TreeKind;
  entries: number;
  /** Height of the checkpointed tree (0: empty, 1: one leaf). */
  height: number;
  /** Pages the checkpointed tree uses (nodes and overflow pages). */
  pages: number;
}

export interface StorageStats {
  trees: TreeStats[];
  cache: { hits: number; misses: number; evictions: number; bytes: number; capacityBytes: number };
  pages: { read: number; written: number; total: number; free: number };
  wal: { bytes: number; records: number; flushes: number };
  memtable: { bytes: number; capacityBytes: number; trees: number };
  checkpoints: { count: number; totalMs: number; lastMs: number };
  /** Commits, rollbacks, and write-set spills of large transactions. */
  transactions: { commits: number; rollbacks: number; spills: number };
  lsn: number;
}


const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

/** A source of the merged read: a memtable/write-set cursor, or a tree cursor. */
export class Store {
  private readonly memtable = new Layer();
  private directory: Map<string, TreeInfo>;
  private directoryTree: TreeRoot;
  private lsn: number;
  private txn: Txn | null = null;
  private closed = false;
  /** Bumped on every change any cursor could observe; range iterators re-seek when it moves. */
  version = 0;
  /** The memtable budget, also the most a write set holds in memory before it spills. */
  readonly memtableBytes: number;
  private readonly checkpointStats = { count: 0, totalMs: 0, lastMs: 0 };
  /** @internal */
  readonly txStats = { commits: 0, rollbacks: 0, spills: 0 };

  private constructor(
    readonly pager: Pager,
    private readonly wal: Wal,
    options: StoreOptions,
    lsn: number,
  ) {
    this.memtableBytes = options.memtableBytes ?? 16 * 1024 * 1024;
    this.lsn = lsn;
    this.directoryTree = { root: pager.header.directoryRoot, height: treeHeight(pager, pager.header.directoryRoot) };
    this.directory = readDirectory(pager, this.directoryTree);
  }

  /** Opens (or creates) a database; recovery (header choice, WAL replay) runs here. */
  static open(options: StoreOptions): Store {
    let walEmpty: boolean;
    try {
      walEmpty = options.wal.size() === 0;
    } catch (cause) {
      throw asStorageError(cause, 'cannot read the write-ahead log size');
    }
    const pager = Pager.open(options.file, { cacheBytes: options.cacheBytes, formatTornCreation: walEmpty });
    let store: Store;
    try {
      const { wal, records, lastLsn } = Wal.open(
        options.wal,
        { durability: options.durability ?? 'full', flushIntervalMs: options.flushIntervalMs ?? 10 },
        pager.header.checkpointLsn,
      );
      store = new Store(pager, wal, options, lastLsn);
      for (const record of records) applyLayerRecord(record.payload, record.lsn, store.memtable);
    } catch (error) {
      try {
        pager.close();
        options.wal.close();
      } catch {
        // already failing
      }
      throw error;
    }
    if (store.memtable.bytes > store.memtableBytes) store.checkpoint();
    return store;
  }

  /** Starts the (single) write transaction; a second one while it is open throws TX_CONFLICT. */
  begin(): Transaction {
    this.check();
    if (this.txn !== null) throw new StorageError('TX_CONFLICT', 'another write transaction is open on this database (one writer at a time)');
    this.txn = new Txn(this, this.memtable);
    return this.txn;
  }

  /** Runs `fn` on a consistent view of the committed state. */
  read<T>(fn: (view: ReadView) => T): T {
    this.check();
    return fn(new View(this, null));
  }

  /** Names of the existing trees, sorted. */
  trees(): string[] {
    this.check();
    const names = new Set(this.directory.keys());
    for (const [name, change] of this.memtable.trees) {
      if (change.reset) {
        if (change.kind === null) names.delete(name);
        else names.add(name);
      }
    }
    return [...names].sort();
  }

  /** Writes the memtable into the trees and switches the header; then empties the WAL. */
  checkpoint(): void {
    this.check();
    if (this.txn?.shadow) return; // a spilled transaction owns the uncommitted page state
    if (this.memtable.empty) return;
    const started = performance.now();
    const next = this.writeLayer(this.memtable, this.directory, new Set(this.memtable.trees.keys()));
    this.switchHeader(next, this.lsn);
    this.memtable.clear();
    this.version++;
    const ms = performance.now() - started;
    this.checkpointStats.count++;
    this.checkpointStats.totalMs += ms;
    this.checkpointStats.lastMs = ms;
  }

  /**
   * Shrinks the file: checkpoints, then rewrites every tree into the lowest free pages (twice, so
   * pages freed by the first pass are reused by the second) and cuts the free tail off the file.
   */
  compact(): void {
    this.check();
    if (this.txn !== null) throw new StorageError('TX_CONFLICT', 'compact() needs no open write transaction');
    this.checkpoint();
    for (let pass = 0; pass < 2; pass++) {
      const next = new Map<string, TreeInfo>();
      try {
        for (const [name, info] of this.directory) next.set(name, infoRebuild(this.pager, info));
      } catch (error) {
        this.pager.discard();
        throw error;
      }
      this.switchHeader({ directory: next, changed: new Set(next.keys()), rebuildDirectory: true }, this.lsn);
    }
    this.version++;
  }

  stats(): StorageStats {
    this.check();
    const p: PagerStats = this.pager.stats();
    const view = new View(this, null);
    return {
      trees: this.trees().map((name) => {
        const info = this.directory.get(name);
        const reset = this.memtable.trees.get(name)?.reset;
        return {
          name,
          kind: view.kind(name) as TreeKind,
          entries: view.count(name),
          height: info && !reset ? info.height : 0,
          pages: info && !reset ? info.pages : 0,
        };
      }),
      cache: { hits: p.cacheHits, misses: p.cacheMisses, evictions: p.cacheEvictions, bytes: p.cacheBytes, capacityBytes: p.cacheCapacityBytes },
      pages: { read: p.pagesRead, written: p.pagesWritten, total: p.pageCount, free: p.freePages },
      wal: { bytes: this.wal.bytes, records: this.wal.records, flushes: this.wal.flushes },
      memtable: { bytes: this.memtable.bytes, capacityBytes: this.memtableBytes, trees: this.memtable.trees.size },
      checkpoints: { ...this.checkpointStats },
      transactions: { ...this.txStats },
      lsn: this.lsn,
    };
  }

  /** Rolls back an open transaction, flushes the WAL, checkpoints, and closes both files. */
  close(): void {
    if (this.closed) return;
    if (this.txn !== null) this.txn.rollback();
    try {
      this.wal.flush(); // relaxed mode: acknowledged commits are durable even if the checkpoint fails
      this.checkpoint();
    } finally {
      this.closed = true;
      try {
        this.wal.close();
      } finally {
        this.pager.close();
      }
    }
  }

  /** @internal The checkpointed structure, for the structural checker. */
  structure(): { directory: ReadonlyMap<string, TreeInfo>; directoryTree: TreeRoot; openTransaction: boolean } {
    return { directory: this.directory, directoryTree: this.directoryTree, openTransaction: this.txn !== null };
  }

  // ---- internals used by View and Txn ---------------------------------------------------------

  /** @internal */
  check(): void {
    if (this.closed) throw new StorageError('CLOSED', 'the database is closed');
  }

  /** @internal The layers a reader sees, top first, and the directory under them (no allocation). */
  layersFor(tx: Txn | null): { layers: Layer[]; base: Map<string, TreeInfo> } {
    const v = tx === null ? this.committedView : tx.shadow ? tx.spilledView : tx.openView;
    v.base = tx?.shadow ?? this.directory;
    return v;
  }

  private readonly committedView = { layers: [this.memtable], base: new Map<string, TreeInfo>() };

  /** @internal */
  endTxn(tx: Txn, committed: boolean): void {
    if (this.txn !== tx) return;
    this.txn = null;
    if (committed) this.txStats.commits++;
    else this.txStats.rollbacks++;
  }

  /** @internal Commits `tx`: one WAL record, then the memtable (or a header switch if it spilled). */
  commitTxn(tx: Txn): void {
    this.check();
    const lsn = this.lsn + 1;
    if (tx.shadow) {
      let next: DirectoryUpdate;
      try {
        for (const name of tx.layer.trees.keys()) tx.touched.add(name);
        next = this.writeLayer(tx.layer, tx.shadow, tx.touched);
        this.switchHeader(next, lsn, this.directory);
      } catch (error) {
        this.pager.discard();
        throw error;
      }
      this.lsn = lsn;
      this.version++;
      return;
    }
    if (tx.layer.empty) return;
    tx.resolveAll();
    this.wal.append(lsn, encodeLayer(tx.layer));
    this.lsn = lsn;
    tx.layer.applyTo(this.memtable);
    this.version++;
    if (this.memtable.bytes > this.memtableBytes) {
      try {
        this.checkpoint();
      } catch {
        // The commit is durable in the WAL; the checkpoint is retried after the next commit.
      }
    }
  }

  /** @internal Moves a write set that outgrew the memtable budget into shadow tree pages. */
  spill(tx: Txn): void {
    if (!tx.shadow) {
      this.checkpoint();
      tx.shadow = new Map(this.directory);
    }
    for (const name of tx.layer.trees.keys()) tx.touched.add(name);
    const next = this.writeLayer(tx.layer, tx.shadow, new Set(tx.layer.trees.keys()));
    tx.shadow = next.directory;
    tx.layer.clear();
    this.txStats.spills++;
    this.version++;
  }

  /** @internal Streams sorted entries into a new tree of the spilled transaction `tx`. */
  bulkLoad(tx: Txn, tree: string, entries: Iterable<readonly [Uint8Array, unknown]>): number {
    this.spill(tx);
    const shadow = tx.shadow as Map<string, TreeInfo>;
    const info = shadow.get(tree) as TreeInfo;
    const acct = new PageAccount(this.pager);
    infoFree(acct, info);
    let loaded: TreeInfo;
    if (info.kind === 'hash') {
      loaded = { ...info, root: 0, height: 0, count: 0, pages: 0 };
      let batch: Batch = { keys: [], values: [] };
      let last: Uint8Array | null = null;
      const flush = (): void => {
        loaded = infoApply(new PageAccount(this.pager), loaded, batch);
        batch = { keys: [], values: [] };
      };
      for (const [key, value] of entries) {
        if (last !== null && compareBytes(last, key) >= 0) throw new StorageError('NOT_SORTED', 'a bulk load needs strictly ascending keys');
        last = key.slice();
        batch.keys.push(last);
        batch.values.push(encodeValue(value));
        if (batch.keys.length >= 4096) flush();
      }
      flush();
    } else {
      const built = new PageAccount(this.pager);
      const builder = new TreeBuilder(built);
      for (const [key, value] of entries) builder.add(key, encodeValue(value));
      const root = builder.finish();
      loaded = { kind: info.kind, root: root.root, height: root.height, count: builder.entries, pages: built.delta };
    }
    shadow.set(tree, loaded);
    tx.touched.add(tree);
    this.version++;
    return loaded.count;
  }

  /** @internal Abandons a spilled transaction's pages. */
  discardShadow(): void {
    this.pager.discard();
    this.version++;
  }

  /** Applies `layer` copy-on-write onto the trees of `base`; returns the new directory. */
  private writeLayer(layer: Layer, base: Map<string, TreeInfo>, changed: Set<string>): DirectoryUpdate {
    const directory = new Map(base);
    try {
      for (const [name, change] of layer.trees) {
        const acct = new PageAccount(this.pager);
        let info = directory.get(name);
        if (change.reset) {
          if (info) infoFree(acct, info);
          if (change.kind === null) {
            directory.delete(name);
            continue;
          }
          info = { kind: change.kind, root: 0, height: 0, count: 0, pages: 0 };
        }
        if (info === undefined) throw new StorageError('CORRUPT', `the write set changes tree "${name}", which does not exist`);
        const batch: Batch = { keys: [], values: [] };
        change.entries.forEach((k, v) => {
          batch.keys.push(k);
          batch.values.push(v);
        });
        directory.set(name, infoApply(new PageAccount(this.pager), info, batch));
      }
    } catch (error) {
      this.pager.discard();
      throw asStorageError(error, 'checkpoint failed');
    }
    return { directory, changed, rebuildDirectory: false };
  }

  /** Writes the directory tree for `next`, then switches the header (the commit point). */
  private switchHeader(next: DirectoryUpdate, lsn: number, previous: Map<string, TreeInfo> = this.directory): void {
    let dirRoot: TreeRoot;
    try {
      const acct = new PageAccount(this.pager);
      if (next.rebuildDirectory) {
        freeTree(acct, this.directoryTree);
        const builder = new TreeBuilder(acct);
        for (const name of [...next.directory.keys()].sort()) builder.add(utf8.encode(name), encodeValue(next.directory.get(name)));
        dirRoot = builder.finish();
      } else {
        const names = [...next.changed].sort();
        const batch: Batch = { keys: [], values: [] };
        for (const name of names) {
          const info = next.directory.get(name);
          if (info === undefined && !previous.has(name)) continue;
          batch.keys.push(utf8.encode(name));
          batch.values.push(info === undefined ? null : encodeValue(info));
        }
        sortBatch(batch);
        dirRoot = applyBatch(acct, this.directoryTree, batch);
      }
      this.pager.commit(dirRoot.root, lsn);
    } catch (error) {
      this.pager.discard();
      throw asStorageError(error, 'checkpoint failed');
    }
    this.directory = next.directory;
    this.directoryTree = dirRoot;
    this.wal.reset();
  }
}

interface DirectoryUpdate {
  directory: Map<string, TreeInfo>;
  changed: Set<string>;
  rebuildDirectory: boolean;
}

function sortBatch(batch: Batch): void {
  const order = batch.keys.map((_, i) => i).sort((a, b) => compareBytes(batch.keys[a], batch.keys[b]));
  batch.keys = order.map((i) => batch.keys[i]);
  batch.values = order.map((i) => batch.values[i]);
}

function readDirectory(pager: Pager, tree: TreeRoot): Map<string, TreeInfo> {
  const out = new Map<string, TreeInfo>();
  const cursor = new TreeCursor(pager, tree, true);
  for (cursor.seek(undefined, false); cursor.valid; cursor.advance()) {
    const info = decodeValue(cursor.value()) as TreeInfo;
    if (info === null || typeof info !== 'object' || typeof info.root !== 'number') throw new StorageError('CORRUPT', 'a root directory entry does not decode');
    out.set(fromUtf8.decode(cursor.key()), info);
  }
  return out;
}

const NO_OPTIONS: RangeOptions = {};

/** Reads merged over the write set (if any), the memtable and the checkpointed trees. */
/** lastKeyPart's out-parameter for the part before the last. */
const beforePart: KeyPart[] = [null];

/** A TreeReader of a checkpointed B+tree without pending writes: a finger for gets, a cursor for walks. */
class PathReader implements TreeReader {
  private finger: TreeFinger | null = null;
  private cursor: TreeCursor | null = null;

  constructor(
    private readonly pager: Pager,
    private readonly tree: TreeRoot,
  ) {}

  get(key: Uint8Array): unknown | undefined {
    return (this.finger ??= new TreeFinger(this.pager, this.tree)).read(key, decodeValueIn);
  }

  lastPartsUnder(prefix: Uint8Array, lasts: KeyPart[], befores: KeyPart[] | null): number {
    const cursor = (this.cursor ??= new TreeCursor(this.pager, this.tree, true));
    cursor.seekNear(prefix);
    let n = 0;
    while (cursor.valid && cursor.keyHasPrefix(prefix)) {
      n++;
      lasts.push(cursor.lastKeyPart(prefix.length, befores ? beforePart : null));
      if (befores) befores.push(beforePart[0]);
      cursor.advance();
    }
    return n;
  }
}

class View implements ReadView, ScanHost {
  constructor(
    protected readonly store: Store,
    protected tx: Txn | null,
  ) {}

  /** Throws when this view may no longer be read (closed store; finished transaction). */
  protected guard(): void {
    this.store.check();
  }

  kind(tree: string): TreeKind | undefined {
    this.guard();
    const { layers, base } = this.store.layersFor(this.tx);
    for (const layer of layers) {
      const change = layer.trees.get(tree);
      if (change?.reset) return change.kind ?? undefined;
    }
    return base.get(tree)?.kind;
  }

  /** The value bytes under `key` (null/undefined: absent). */
  protected lookup(tree: string, key: Uint8Array): Uint8Array | undefined {
    return this.lookupFrom(tree, key, 0);
  }

  /** The value bytes under `key` below this view's write set. */
  protected lookupBelow(tree: string, key: Uint8Array): Uint8Array | undefined {
    return this.lookupFrom(tree, key, this.tx === null ? 0 : 1);
  }

  private lookupFrom(tree: string, key: Uint8Array, skip: number): Uint8Array | undefined {
    const { layers, base } = this.store.layersFor(this.tx);
    for (let i = skip; i < layers.length; i++) {
      const layer = layers[i];
      const change = layer.trees.get(tree);
      if (change === undefined) continue;
      const v = change.entries.get(key);
      if (v !== undefined) return v ?? undefined;
      if (change.reset) return undefined;
    }
    const info = base.get(tree);
    return info ? infoGet(this.store.pager, info, key) : undefined;
  }

  protected requireTree(tree: string): TreeKind {
    const kind = this.kind(tree);
    if (kind === undefined) throw noTree(tree);
    return kind;
  }

  get(tree: string, key: Uint8Array): unknown | undefined {
    this.guard();
    // one pass: the tree's existence and the key's value come from the same layer walk
    const { layers, base } = this.store.layersFor(this.tx);
    for (let i = 0; i < layers.length; i++) {
      const change = layers[i].trees.get(tree);
      if (change === undefined) continue;
      if (change.reset && change.kind === null) throw new StorageError('NO_SUCH_TREE', `no tree named "${tree}"`);
      const v = change.entries.get(key);
      if (v !== undefined) return v === null ? undefined : decodeValue(v);
      if (change.reset) return undefined;
    }
    const info = base.get(tree);
    if (info === undefined) throw new StorageError('NO_SUCH_TREE', `no tree named "${tree}"`);
    return infoRead(this.store.pager, info, key, decodeValueIn);
  }

  reader(tree: string): TreeReader {
    this.requireTree(tree);
    const { layers, base } = this.store.layersFor(this.tx);
    const info = base.get(tree);
    let layered = false;
    for (const layer of layers) if (layer.trees.has(tree)) layered = true;
    if (!layered && info !== undefined && info.kind === 'btree') return new PathReader(this.store.pager, info);
    // pending writes to merge, or a hash index: gets and prefix scans through the view
    return {
      get: (key) => this.get(tree, key),
      lastPartsUnder: (prefix, lasts, befores) => {
        const scan = this.openRange(tree, { prefix, values: false }, true);
        let n = 0;
        while (scan.step()) {
          n++;
          const key = scan.key;
          lasts.push(lastKeyPart(key, prefix.length, key.length, befores ? beforePart : null));
          if (befores) befores.push(beforePart[0]);
        }
        return n;
      },
    };
  }

  count(tree: string, opts?: RangeOptions): number {
    if (opts !== undefined) return this.openRange(tree, opts, true).countRest();
    this.requireTree(tree);
    this.tx?.resolve(tree);
    const { layers, base } = this.store.layersFor(this.tx);
    let n = 0;
    for (const layer of layers) {
      const change = layer.trees.get(tree);
      if (change === undefined) continue;
      n += change.count;
      if (change.reset) return n;
    }
    return n + (base.get(tree)?.count ?? 0);
  }

  range(tree: string, opts: RangeOptions = NO_OPTIONS): Iterable<[Uint8Array, unknown]> {
    return this.openRange(tree, opts, false);
  }

  private requireRange(tree: string): void {
    if (this.requireTree(tree) === 'hash') throw noOrder(tree);
  }

  /** A scan of `tree`; the tree's existence and kind are checked as its sources open (one layer walk). */
  private openRange(tree: string, opts: RangeOptions, keysOnly: boolean): RangeScan {
    this.guard();
    if (opts.limit !== undefined && opts.limit <= 0) this.requireRange(tree); // opens nothing
    return new RangeScan(this, tree, opts, keysOnly);
  }

  /** @internal (ScanHost) The store's change counter. */
  get version(): number {
    return this.store.version;
  }

  /**
   * @internal (ScanHost) The sources of `tree`, top layer first, the B+tree cursor last. The first
   * open throws NO_SUCH_TREE or BAD_KIND as `range()` must; a reopen finds a dropped tree empty.
   */
  openSources(tree: string, forward: boolean, into: Source[], reopen: boolean): number {
    if (reopen) this.guard();
    const { layers, base } = this.store.layersFor(this.tx);
    for (const layer of layers) {
      const change = layer.trees.get(tree);
      if (change === undefined) continue;
      if (change.reset && !reopen && change.kind !== 'btree') throw change.kind === null ? noTree(tree) : noOrder(tree);
      into.push(change.entries.cursor(forward));
      if (change.reset) return -1;
    }
    const info = base.get(tree);
    if (!reopen && info?.kind !== 'btree') throw info === undefined ? noTree(tree) : noOrder(tree);
    if (info === undefined || info.root === 0) return -1;
    into.push(new TreeCursor(this.store.pager, info, forward));
    return into.length - 1;
  }
}

const noTree = (tree: string): StorageError => new StorageError('NO_SUCH_TREE', `no tree named "${tree}"`);
const noOrder = (tree: string): StorageError => new StorageError('BAD_KIND', `tree "${tree}" is a hash index: it has no order to range over`);

/** The one write transaction: a write set (Layer) over the committed state. */
class Txn extends View implements Transaction {
  readonly layer = new Layer();
  /** Once the write set spilled: the directory of its shadow trees. */
  shadow: Map<string, TreeInfo> | null = null;
  /** Trees changed by spilled parts of the write set. */
  readonly touched = new Set<string>();
  /** @internal What this transaction reads through, before and after it spilled. */
  readonly openView: { layers: Layer[]; base: Map<string, TreeInfo> };
  /** @internal */
  readonly spilledView: { layers: Layer[]; base: Map<string, TreeInfo> };
  private done = false;

  constructor(store: Store, memtable: Layer) {
    super(store, null);
    this.tx = this;
    this.openView = { layers: [this.layer, memtable], base: new Map() };
    this.spilledView = { layers: [this.layer], base: new Map() };
  }

  private open(): void {
    this.store.check();
    if (this.done) throw new StorageError('TX_DONE', 'the transaction has already committed or rolled back');
  }

  protected override guard(): void {
    this.open();
  }

  createTree(name: string, kind: TreeKind): void {
    this.open();
    if (kind !== 'btree' && kind !== 'hash') throw new StorageError('BAD_KIND', `unknown tree kind "${String(kind)}" (btree or hash)`);
    if (this.kind(name) !== undefined) throw new StorageError('TREE_EXISTS', `a tree named "${name}" already exists`);
    this.layer.reset(name, kind);
    this.store.version++;
  }

  dropTree(name: string): void {
    this.open();
    this.requireTree(name);
    this.layer.reset(name, null);
    this.store.version++;
  }

  put(tree: string, key: Uint8Array, value: unknown): void {
    this.open();
    this.requireTree(tree);
    if (key.length > 1024) throw new StorageError('KEY_TOO_LARGE', `a key of ${key.length} bytes exceeds the 1024-byte limit`);
    const bytes = encodeValue(value);
    const copy = key.slice();
    const change = this.layer.change(tree);
    const before = this.layer.write(tree, copy, bytes, 0); // one search: the old value comes back
    if (before === null || (before === undefined && change.reset)) change.count++; // known absent before
    else if (before === undefined) change.unresolved.push(copy); // blind put: settled later (count, commit, spill)
    this.store.version++;
    this.maybeSpill();
  }

  delete(tree: string, key: Uint8Array): boolean {
    this.open();
    this.requireTree(tree);
    if (this.lookup(tree, key) === undefined) return false;
    this.layer.write(tree, key.slice(), null, -1);
    this.store.version++;
    this.maybeSpill();
    return true;
  }

  commit(): void {
    this.open();
    this.done = true;
    let committed = false;
    try {
      this.store.commitTxn(this);
      committed = true;
    } finally {
      if (!committed && this.shadow) this.store.discardShadow();
      this.store.endTxn(this, committed);
    }
  }

  rollback(): void {
    if (this.done) return;
    this.done = true;
    if (this.shadow) this.store.discardShadow();
    this.store.version++;
    this.store.endTxn(this, false);
  }

  bulkLoad(tree: string, entries: Iterable<readonly [Uint8Array, unknown]>): number {
    this.open();
    this.requireTree(tree);
    if (this.count(tree) !== 0) throw new StorageError('TREE_NOT_EMPTY', `bulkLoad needs an empty tree; "${tree}" has ${this.count(tree)} entries`);
    try {
      return this.store.bulkLoad(this, tree, entries);
    } catch (error) {
      this.rollback();
      throw error;
    }
  }

  /** Settles the blind puts of `tree`: looks each key up below the write set and fixes the count. */
  resolve(tree: string): void {
    const change = this.layer.trees.get(tree);
    if (change === undefined || change.unresolved.length === 0) return;
    const keys = change.unresolved;
    change.unresolved = [];
    // the first put made the key present; later writes in this layer were counted relative to that
    for (const key of keys) change.count += 1 - (this.lookupBelow(tree, key) === undefined ? 0 : 1);
  }

  /** Settles every tree's blind puts (before the write set goes to the WAL). */
  resolveAll(): void {
    for (const tree of this.layer.trees.keys()) this.resolve(tree);
  }

  private maybeSpill(): void {
    if (this.layer.bytes <= this.store.memtableBytes) return;
    try {
      this.store.spill(this);
    } catch (error) {
      this.rollback();
      throw error;
    }
  }
}
