// Copy-on-write updates of a hash index: applies a batch of puts and deletes by rewriting every
// touched bucket, directory page and the meta page to newly allocated pages (splitting full
// buckets, merging near-empty buddies, chaining when hashes cannot be told apart), releasing the
// old ones. Owns the extendible-hashing algorithm; never writes a page it did not allocate.
import type { Batch } from '../btree.ts';
import { put32 } from '../bytes.ts';
import { StorageError } from '../errors.ts';
import { writeChain } from '../overflow.ts';
import { PAGE_SIZE, type Pager } from '../pager.ts';
import {
  B_DEPTH, BUCKET_CAPACITY, D_SLOTS, DIR_PER_PAGE, encodeBucket, ENTRY_HEADER, entrySize, hashKey, HashPageKind, type HashEntry, M_COUNT_HI,
  M_COUNT_LO, M_DEPTH, M_DIR_LIST, M_DIR_PAGES, MAX_DEPTH, MAX_INLINE_ENTRY, MAX_KEY_BYTES, overflowChain,
} from './pages.ts';
import { forgetDirectory, hashPages, loadDirectory, readChain, rememberDirectory, type HashDirectory } from './read.ts';

/** Where pages come from and go to (the B+tree's PageAccount fits). */
export interface PageAllocator {
  readonly pager: Pager;
  allocate(): number;
  release(pageNo: number): void;
}

/** A bucket being rebuilt in memory. */
interface Dirty {
  depth: number;
  /** The low `depth` bits every hash in this bucket shares. */
  pattern: number;
  entries: HashEntry[];
  /** entries[i].hash, kept contiguous so a lookup scans numbers rather than objects. */
  hashes: number[];
  bytes: number;
  /** False once merged into its buddy. */
  live: boolean;
}

/** A bucket this small (bytes) is merged with its buddy when both fit in half a page. */
const MERGE_BELOW = BUCKET_CAPACITY >>> 2;

/**
 * Applies `batch` (`values[i]` null deletes `keys[i]`; any key order; a later duplicate wins) to
 * the index whose meta page is `root` (0: empty). Returns the new root (0 when it ends empty).
 */
export function applyHashBatch(acct: PageAllocator, root: number, batch: Batch): number {
  if (batch.keys.length === 0) return root;
  return new HashUpdate(acct, root).run(batch);
}

/** Releases every page of the index at `root`. */
export function freeHash(acct: PageAllocator, root: number): void {
  for (const p of hashPages(acct.pager, root)) acct.release(p);
  forgetDirectory(acct.pager, root);
}

class HashUpdate {
  private depth = 0;
  private count = 0;
  /** Directory slots: a page number (> 0, a bucket left as it is) or -(1 + index into `dirty`). */
  private slots: Float64Array;
  private readonly dirty: Dirty[] = [];
  private readonly old: HashDirectory | null;

  constructor(
    private readonly acct: PageAllocator,
    private readonly root: number,
  ) {
    if (root === 0) {
      this.old = null;
      this.slots = Float64Array.of(-1);
      this.dirty.push({ depth: 0, pattern: 0, entries: [], hashes: [], bytes: 0, live: true });
    } else {
      this.old = loadDirectory(acct.pager, root);
      this.depth = this.old.depth;
      this.count = this.old.count;
      this.slots = Float64Array.from(this.old.slots);
    }
  }

  run(batch: Batch): number {
    const { keys, values } = batch;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      if (key.length > MAX_KEY_BYTES) throw new StorageError('KEY_TOO_LARGE', `a hash index key may have at most ${MAX_KEY_BYTES} bytes, this one has ${key.length}`);
      const value = values[i];
      const h = hashKey(key);
      const id = this.bucketFor(h);
      const b = this.dirty[id];
      const at = find(b, h, key);
      if (at >= 0) {
        const e = b.entries[at];
        this.releaseValue(e);
        b.bytes -= entrySize(e);
        if (value === null) {
          const last = b.entries.length - 1;
          b.entries[at] = b.entries[last];
          b.hashes[at] = b.hashes[last];
          b.entries.pop();
          b.hashes.pop();
          this.count--;
          continue;
        }
        const next = this.newEntry(h, key, value);
        b.entries[at] = next;
        b.bytes += entrySize(next);
      } else {
        if (value === null) continue;
        const next = this.newEntry(h, key, value);
        b.entries.push(next);
        b.hashes.push(h);
        b.bytes += entrySize(next);
        this.count++;
      }
      if (b.bytes > BUCKET_CAPACITY) this.split(id);
    }
    if (this.count === 0) return this.freeAll();
    for (let id = 0; id < this.dirty.length; id++) this.merge(id);
    return this.write();
  }

  /** The dirty bucket holding hash `h`, loading it from its pages the first time. */
  private bucketFor(h: number): number {
    const slot = h & (this.slots.length - 1);
    const v = this.slots[slot];
    if (v < 0) return -v - 1;
    return this.load(v, slot);
  }

  /** Reads the clean bucket chain at `pageNo` into a new dirty bucket; its pages are released. */
  private load(pageNo: number, slot: number): number {
    const pager = this.acct.pager;
    const { pages, entries } = readChain(pager, pageNo);
    const depth = pager.read(pageNo)[B_DEPTH];
    if (depth > this.depth) throw new StorageError('CORRUPT', `hash bucket ${pageNo} is deeper (${depth}) than its directory (${this.depth})`);
    let bytes = 0;
    for (const e of entries) bytes += entrySize(e);
    const pattern = slot & (2 ** depth - 1);
    const id = this.dirty.push({ depth, pattern, entries, hashes: entries.map((e) => e.hash), bytes, live: true }) - 1;
    this.point(pattern, depth, id);
    for (const p of pages) this.acct.release(p);
    return id;
  }

  /** Points every slot whose low `depth` bits are `pattern` at dirty bucket `id`. */
  private point(pattern: number, depth: number, id: number): void {
    const step = 2 ** depth;
    for (let i = pattern; i < this.slots.length; i += step) this.slots[i] = -1 - id;
  }

  /** Splits an overfull bucket on the next hash bit until each half fits, or chains it. */
  private split(id: number): void {
    const b = this.dirty[id];
    if (b.bytes <= BUCKET_CAPACITY || b.depth >= MAX_DEPTH || !distinguishable(b.entries, b.depth)) return;
    if (b.depth === this.depth) {
      const grown = new Float64Array(this.slots.length * 2);
      grown.set(this.slots);
      grown.set(this.slots, this.slots.length);
      this.slots = grown;
      this.depth++;
    }
    const bit = 2 ** b.depth;
    const stay: HashEntry[] = [];
    const stayHashes: number[] = [];
    const move: HashEntry[] = [];
    const moveHashes: number[] = [];
    let moved = 0;
    for (let i = 0; i < b.entries.length; i++) {
      const e = b.entries[i];
      if (b.hashes[i] & bit) {
        move.push(e);
        moveHashes.push(b.hashes[i]);
        moved += entrySize(e);
      } else {
        stay.push(e);
        stayHashes.push(b.hashes[i]);
      }
    }
    b.depth++;
    b.entries = stay;
    b.hashes = stayHashes;
    b.bytes -= moved;
    const other = this.dirty.push({ depth: b.depth, pattern: b.pattern | bit, entries: move, hashes: moveHashes, bytes: moved, live: true }) - 1;
    this.point(b.pattern | bit, b.depth, other);
    this.split(id);
    this.split(other);
  }

  /** Merges a near-empty bucket with its buddy (same depth, differing in the top bit) while both fit. */
  private merge(id: number): void {
    const b = this.dirty[id];
    while (b.live && b.depth > 0 && b.bytes < MERGE_BELOW) {
      const top = 2 ** (b.depth - 1);
      const buddySlot = b.pattern ^ top;
      const v = this.slots[buddySlot];
      if (v > 0 && this.acct.pager.read(v)[B_DEPTH] !== b.depth) return;
      const buddyId = v < 0 ? -v - 1 : this.load(v, buddySlot);
      const buddy = this.dirty[buddyId];
      if (buddy.depth !== b.depth || b.bytes + buddy.bytes > BUCKET_CAPACITY >>> 1) return;
      for (const e of buddy.entries) b.entries.push(e);
      for (const x of buddy.hashes) b.hashes.push(x);
      b.bytes += buddy.bytes;
      buddy.live = false;
      b.depth--;
      b.pattern &= top - 1;
      this.point(b.pattern, b.depth, id);
    }
  }

  /** An entry for a new value; a large value goes to a fresh overflow chain. */
  private newEntry(hash: number, key: Uint8Array, value: Uint8Array): HashEntry {
    if (ENTRY_HEADER + key.length + value.length <= MAX_INLINE_ENTRY) return { hash, key, inline: value, overflow: 0, length: value.length };
    const first = writeChain(this.acct, HashPageKind.overflow, value);
    return { hash, key, inline: null, overflow: first, length: value.length };
  }

  private releaseValue(e: HashEntry): void {
    if (e.inline === null) for (const p of overflowChain(this.acct.pager, e.overflow)) this.acct.release(p);
  }

  /** The index ended empty: release every page it still has. */
  private freeAll(): number {
    if (this.root !== 0) {
      const seen = new Set<number>();
      for (let slot = 0; slot < this.slots.length; slot++) {
        const v = this.slots[slot];
        if (v < 0 || seen.has(v)) continue;
        seen.add(v);
        const { pages, entries } = readChain(this.acct.pager, v);
        for (const p of pages) this.acct.release(p);
        for (const e of entries) this.releaseValue(e);
      }
      for (const p of this.old!.dirPages) this.acct.release(p);
      this.acct.release(this.root);
      forgetDirectory(this.acct.pager, this.root);
    }
    return 0;
  }

  /** Writes the dirty buckets, the changed directory pages and a new meta page; returns its number. */
  private write(): number {
    const pager = this.acct.pager;
    const firstPage: number[] = new Array(this.dirty.length).fill(0);
    for (let id = 0; id < this.dirty.length; id++) {
      const b = this.dirty[id];
      if (b.live) firstPage[id] = this.writeBucket(b);
    }
    const slots = new Uint32Array(this.slots.length);
    for (let i = 0; i < slots.length; i++) {
      const v = this.slots[i];
      slots[i] = v < 0 ? firstPage[-v - 1] : v;
    }
    const old = this.old;
    const nPages = Math.ceil(slots.length / DIR_PER_PAGE);
    const dirPages: number[] = [];
    for (let j = 0; j < nPages; j++) {
      const from = j * DIR_PER_PAGE;
      const to = Math.min(slots.length, from + DIR_PER_PAGE);
      if (old !== null && j < old.dirPages.length && to <= old.slots.length && sameRange(slots, old.slots, from, to)) {
        dirPages.push(old.dirPages[j]);
        continue;
      }
      const page = new Uint8Array(PAGE_SIZE);
      page[0] = HashPageKind.directory;
      for (let i = from; i < to; i++) put32(page, D_SLOTS + 4 * (i - from), slots[i]);
      const pageNo = this.acct.allocate();
      pager.write(pageNo, page);
      dirPages.push(pageNo);
    }
    if (old !== null) {
      const kept = new Set(dirPages);
      for (const p of old.dirPages) if (!kept.has(p)) this.acct.release(p);
      this.acct.release(this.root);
      forgetDirectory(pager, this.root);
    }
    const meta = new Uint8Array(PAGE_SIZE);
    meta[0] = HashPageKind.meta;
    meta[M_DEPTH] = this.depth;
    put32(meta, M_COUNT_LO, this.count >>> 0);
    put32(meta, M_COUNT_HI, Math.floor(this.count / 2 ** 32));
    put32(meta, M_DIR_PAGES, nPages);
    for (let j = 0; j < nPages; j++) put32(meta, M_DIR_LIST + 4 * j, dirPages[j]);
    const root = this.acct.allocate();
    pager.write(root, meta);
    rememberDirectory(pager, root, { depth: this.depth, count: this.count, slots, dirPages });
    return root;
  }

  /** Writes a bucket as a chain of pages (one unless it could not be split); returns the first. */
  private writeBucket(b: Dirty): number {
    const cuts: number[] = [0];
    let fill = 0;
    for (let i = 0; i < b.entries.length; i++) {
      const s = entrySize(b.entries[i]);
      if (fill + s > BUCKET_CAPACITY) {
        cuts.push(i);
        fill = 0;
      }
      fill += s;
    }
    cuts.push(b.entries.length);
    const pages = cuts.slice(1).map(() => this.acct.allocate());
    for (let c = 0; c < pages.length; c++) {
      const page = encodeBucket(b.depth, b.entries, cuts[c], cuts[c + 1], c + 1 < pages.length ? pages[c + 1] : 0);
      this.acct.pager.write(pages[c], page);
    }
    return pages[0];
  }
}

function find(b: Dirty, h: number, key: Uint8Array): number {
  const hashes = b.hashes;
  for (let i = 0; i < hashes.length; i++) {
    if (hashes[i] !== h) continue;
    const e = b.entries[i];
    if (e.key.length !== key.length) continue;
    let j = 0;
    while (j < key.length && e.key[j] === key[j]) j++;
    if (j === key.length) return i;
  }
  return -1;
}

/** Whether splitting at `depth` or deeper (up to MAX_DEPTH) can ever separate these entries. */
function distinguishable(entries: HashEntry[], depth: number): boolean {
  const mask = (2 ** MAX_DEPTH - 1) & ~(2 ** depth - 1);
  const first = entries[0].hash & mask;
  for (let i = 1; i < entries.length; i++) if ((entries[i].hash & mask) !== first) return true;
  return false;
}

function sameRange(a: Uint32Array, b: Uint32Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (a[i] !== b[i]) return false;
  return true;
}
