// The copy-on-write B+tree of byte keys on pager pages: point reads, range cursors both ways,
// batched copy-on-write updates (checkpoints, spills), streaming bulk build, overflow values.
// Owns the leaf/branch/overflow page layouts; never writes a page it did not allocate, never decodes values.
import { compareBytes, lastKeyPart, type KeyPart } from './keys.ts';
import { StorageError } from './errors.ts';
import { put16, put32, u16, u32 } from './bytes.ts';
import { chainPages, readChain, writeChain } from './overflow.ts';
import { PAGE_PAYLOAD, PAGE_SIZE, PageKind, type Pager } from './pager.ts';

/** Longest key a tree accepts, so a branch page always holds at least three separators. */
export const MAX_KEY_BYTES = 1024;
/** An entry whose key + value exceed this stores its value in a chain of overflow pages. */
export const MAX_INLINE_ENTRY = 1900;

const NODE_HEADER = 4; // kind u8, flags u8, count u16
const CAPACITY = PAGE_PAYLOAD - NODE_HEADER;
const LEAF_ENTRY_HEADER = 7; // keyLen u16, flag u8, valueLen u32
const BRANCH_ENTRY_HEADER = 6; // child u32, keyLen u16
const FLAG_INLINE = 0;
const FLAG_OVERFLOW = 1;
/** A node filled below this many bytes is merged with a sibling. */
const UNDERFULL = CAPACITY >>> 2;

/** Where a tree lives: its root page (0: empty) and height (0: empty, 1: a single leaf). */
export interface TreeRoot {
  readonly root: number;
  readonly height: number;
}

export const EMPTY_TREE: TreeRoot = { root: 0, height: 0 };

/** Counts the pages (and entries) a tree gains and loses while it is rewritten. */
export class PageAccount {
  delta = 0;
  /** Entries inserted minus entries deleted by the B+tree batches applied through this account. */
  entries = 0;
  constructor(readonly pager: Pager) {}
  allocate(): number {
    this.delta++;
    return this.pager.allocate();
  }
  release(pageNo: number): void {
    this.delta--;
    this.pager.release(pageNo);
  }
}

// ---- page accessors -------------------------------------------------------------------------

const count = (page: Uint8Array): number => u16(page, 2);
const slot = (page: Uint8Array, i: number): number => u16(page, NODE_HEADER + 2 * i);

/**
 * Compares the key stored at `page[off, off+len)` with `key`, from byte `from` on (the bytes before
 * it are known to be equal): 0 when equal, else ±(1 + the length of their common prefix), negative
 * when the stored key sorts first. The common prefix lets a binary search skip the bytes every key
 * left between its bounds shares with `key`.
 */
function compareFrom(page: Uint8Array, off: number, len: number, key: Uint8Array, from: number): number {
  const n = len < key.length ? len : key.length;
  for (let i = from; i < n; i++) {
    const d = page[off + i] - key[i];
    if (d !== 0) return d < 0 ? -1 - i : 1 + i;
  }
  return len === key.length ? 0 : len < key.length ? -1 - n : 1 + n;
}

function leafKeyCompare(page: Uint8Array, i: number, key: Uint8Array): number {
  const off = slot(page, i);
  return compareFrom(page, off + LEAF_ENTRY_HEADER, u16(page, off), key, 0);
}

function leafKey(page: Uint8Array, i: number): Uint8Array {
  const off = slot(page, i);
  return page.subarray(off + LEAF_ENTRY_HEADER, off + LEAF_ENTRY_HEADER + u16(page, off));
}

function branchChild(page: Uint8Array, i: number): number {
  return u32(page, slot(page, i));
}

function branchKey(page: Uint8Array, i: number): Uint8Array {
  const off = slot(page, i);
  return page.subarray(off + BRANCH_ENTRY_HEADER, off + BRANCH_ENTRY_HEADER + u16(page, off + 4));
}

/**
 * Index of the child of branch `page` whose range holds `key`. `low`/`high`: how many bytes `key`
 * shares with the separators bounding the part still searched (sorted keys between two bounds
 * share at least the smaller of the two with it), so each comparison starts past them.
 */
function childFor(page: Uint8Array, key: Uint8Array): number {
  let lo = 1;
  let hi = count(page) - 1;
  let found = 0;
  let low = 0;
  let high = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const off = slot(page, mid);
    const c = compareFrom(page, off + BRANCH_ENTRY_HEADER, u16(page, off + 4), key, low < high ? low : high);
    if (c <= 0) {
      found = mid;
      lo = mid + 1;
      low = c === 0 ? key.length : -1 - c;
    } else {
      hi = mid - 1;
      high = c - 1;
    }
  }
  return found;
}

/** First index in leaf `page` whose key is >= key (or > key when `after`); prefixes skipped as in childFor. */
function leafLowerBound(page: Uint8Array, key: Uint8Array, after: boolean): number {
  let lo = 0;
  let hi = count(page);
  let low = 0;
  let high = 0;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const off = slot(page, mid);
    const c = compareFrom(page, off + LEAF_ENTRY_HEADER, u16(page, off), key, low < high ? low : high);
    if (c < 0 || (after && c === 0)) {
      lo = mid + 1;
      low = c === 0 ? key.length : -1 - c;
    } else {
      hi = mid;
      high = c === 0 ? key.length : c - 1;
    }
  }
  return lo;
}

/** The value bytes of entry `i` of leaf `page` (a view for inline values, a copy for overflow). */
function leafValue(pager: Pager, page: Uint8Array, i: number): Uint8Array {
  return leafRead(pager, page, i, viewOf);
}

/** Passes the value bytes of entry `i` of leaf `page` to `read` as a range (no view for inline values). */
function leafRead<T>(pager: Pager, page: Uint8Array, i: number, read: ValueReader<T>): T {
  const off = slot(page, i);
  const keyLen = u16(page, off);
  const length = u32(page, off + 3);
  const at = off + LEAF_ENTRY_HEADER + keyLen;
  if (page[off + 2] === FLAG_INLINE) return read(page, at, at + length);
  return read(readChain(pager, PageKind.overflow, u32(page, at), length), 0, length);
}

/** Reads a value given as `bytes[start, end)` of an immutable buffer (a cached page or an overflow copy). */
export type ValueReader<T> = (bytes: Uint8Array, start: number, end: number) => T;

function expectKind(page: Uint8Array, pageNo: number, kind: number): void {
  if (page[0] !== kind) {
    throw new StorageError('CORRUPT', `page ${pageNo} should be a ${kindName(kind)} page but is of kind ${page[0]}`);
  }
}

function kindName(kind: number): string {
  return kind === PageKind.leaf ? 'leaf' : kind === PageKind.branch ? 'branch' : kind === PageKind.overflow ? 'overflow' : `kind-${kind}`;
}

function nodePage(pager: Pager, pageNo: number, level: number): Uint8Array {
  const page = pager.read(pageNo);
  expectKind(page, pageNo, level === 1 ? PageKind.leaf : PageKind.branch);
  return page;
}

// ---- reads ----------------------------------------------------------------------------------

/** The value bytes stored under `key`, or undefined. */
export function treeGet(pager: Pager, tree: TreeRoot, key: Uint8Array): Uint8Array | undefined {
  return treeRead(pager, tree, key, viewOf);
}

/** The value stored under `key` through `read` (inline values read in place: no view), or undefined. */
export function treeRead<T>(pager: Pager, tree: TreeRoot, key: Uint8Array, read: ValueReader<T>): T | undefined {
  if (tree.root === 0) return undefined;
  let pageNo = tree.root;
  for (let level = tree.height; level > 1; level--) {
    const page = nodePage(pager, pageNo, level);
    pageNo = branchChild(page, childFor(page, key));
  }
  const leaf = nodePage(pager, pageNo, 1);
  const i = leafLowerBound(leaf, key, false);
  if (i < count(leaf) && leafKeyCompare(leaf, i, key) === 0) return leafRead(pager, leaf, i, read);
  return undefined;
}

const viewOf: ValueReader<Uint8Array> = (bytes, start, end) => (start === 0 && end === bytes.length ? bytes : bytes.subarray(start, end));

/** Whether child `c` of branch `page` holds `key` (the branch holds it): both separators compared in place. */
function branchHolds(page: Uint8Array, c: number, key: Uint8Array): boolean {
  if (c > 0) {
    const off = slot(page, c);
    if (compareFrom(page, off + BRANCH_ENTRY_HEADER, u16(page, off + 4), key, 0) > 0) return false;
  }
  if (c + 1 < count(page)) {
    const off = slot(page, c + 1);
    if (compareFrom(page, off + BRANCH_ENTRY_HEADER, u16(page, off + 4), key, 0) <= 0) return false;
  }
  return true;
}

/**
 * Brings a kept root-to-leaf path (`pages[d]`, `child[d]` the child chosen at depth d) to the leaf
 * for `key`: it re-descends only from the deepest level whose chosen child still holds `key`, or
 * from the root when nothing is kept yet (`fresh`). The leaf's own position is the caller's.
 */
function descendKept(pager: Pager, tree: TreeRoot, pages: Uint8Array[], child: number[], key: Uint8Array, fresh: boolean): void {
  const leafAt = tree.height - 1;
  let d = 0;
  if (fresh) pages[0] = nodePage(pager, tree.root, tree.height);
  else while (d < leafAt && branchHolds(pages[d]!, child[d]!, key)) d++;
  for (; d < leafAt; d++) {
    const page = pages[d]!;
    const c = childFor(page, key);
    child[d] = c;
    pages[d + 1] = nodePage(pager, branchChild(page, c), tree.height - d - 1);
  }
}

/**
 * Point reads of one tree that keep their path: each read descends only from the deepest level
 * whose chosen child still holds the key (its two separators compared in place), so reads of nearby
 * keys — a sorted multi-get — skip the upper levels' searches and page lookups. Correct in any key
 * order. Valid while the tree is not rewritten (use one per read view / batch of reads).
 */
export class TreeFinger {
  /** pages[d]: the node at depth d on the current path (0: the root); child[d]: the child chosen there. */
  private readonly pages: Uint8Array[] = [];
  private readonly child: number[] = [];
  /** How many levels of the path are set (0 before the first read). */
  private filled = 0;

  constructor(
    private readonly pager: Pager,
    private readonly tree: TreeRoot,
  ) {
    for (let d = 0; d < tree.height; d++) {
      this.pages.push(EMPTY);
      this.child.push(0);
    }
  }

  /** The value under `key` through `read`, or undefined (as treeRead). */
  read<T>(key: Uint8Array, read: ValueReader<T>): T | undefined {
    const tree = this.tree;
    if (tree.root === 0) return undefined;
    const leafAt = tree.height - 1;
    descendKept(this.pager, tree, this.pages, this.child, key, this.filled === 0);
    this.filled = tree.height;
    const leaf = this.pages[leafAt];
    const i = leafLowerBound(leaf, key, false);
    if (i < count(leaf) && leafKeyCompare(leaf, i, key) === 0) return leafRead(this.pager, leaf, i, read);
    return undefined;
  }
}

/**
 * A cursor over one tree, moving forward or backward. `seek` positions it; `valid` says whether it
 * stands on an entry. Reading the tree while it is rewritten is not supported: re-seek after.
 */
export class TreeCursor {
  valid = false;
  /** The path from the root (0) to the leaf (`leafAt`): each level's page and entry index. */
  private readonly pages: Uint8Array[];
  private readonly index: number[];
  private readonly leafAt: number;

  constructor(
    private readonly pager: Pager,
    private readonly tree: TreeRoot,
    private readonly forward: boolean,
  ) {
    // one slot per level, filled once (packed arrays; the height is fixed for the cursor's life)
    this.pages = [];
    this.index = [];
    for (let d = 0; d < tree.height; d++) {
      this.pages.push(EMPTY);
      this.index.push(0);
    }
    this.leafAt = tree.height - 1;
  }

  /**
   * Positions at the first entry (in the cursor's direction) at or past `key`; past it only when
   * `exclusive`. Without a key: at the first entry of the tree in the cursor's direction.
   */
  seek(key: Uint8Array | undefined, exclusive: boolean): void {
    if (this.tree.root === 0) {
      this.valid = false;
      return;
    }
    let pageNo = this.tree.root;
    for (let d = 0; d < this.leafAt; d++) {
      const page = nodePage(this.pager, pageNo, this.tree.height - d);
      const i = key === undefined ? (this.forward ? 0 : count(page) - 1) : childFor(page, key);
      this.pages[d] = page;
      this.index[d] = i;
      pageNo = branchChild(page, i);
    }
    const leaf = nodePage(this.pager, pageNo, 1);
    this.pages[this.leafAt] = leaf;
    let i: number;
    if (key === undefined) i = this.forward ? 0 : count(leaf) - 1;
    else if (this.forward) i = leafLowerBound(leaf, key, exclusive);
    else i = leafLowerBound(leaf, key, !exclusive) - 1;
    this.index[this.leafAt] = i;
    this.settle();
  }

  /**
   * As `seek(key, false)` on a forward cursor, but from the path it stands on: it re-descends only
   * from the deepest level whose chosen child still holds `key` (both separators compared in
   * place), so seeks to nearby ascending keys skip most upper-level searches and page lookups.
   * Correct in any key order; the first seek descends fully.
   */
  seekNear(key: Uint8Array): void {
    const tree = this.tree;
    if (tree.root === 0) {
      this.valid = false;
      return;
    }
    const leafAt = this.leafAt;
    descendKept(this.pager, tree, this.pages, this.index, key, this.pages[0] === EMPTY);
    this.index[leafAt] = leafLowerBound(this.pages[leafAt], key, false);
    this.settle();
  }

  /** Whether the current entry's key starts with `prefix` (compared in place: no key view). */
  keyHasPrefix(prefix: Uint8Array): boolean {
    const d = this.leafAt;
    const page = this.pages[d];
    const off = slot(page, this.index[d]);
    const len = u16(page, off);
    if (len < prefix.length) return false;
    const at = off + LEAF_ENTRY_HEADER;
    for (let i = 0; i < prefix.length; i++) if (page[at + i] !== prefix[i]) return false;
    return true;
  }

  /** The current key's last part, decoded in place from byte `at` of the key on (see lastKeyPart). */
  lastKeyPart(at: number, into: KeyPart[] | null): KeyPart {
    const d = this.leafAt;
    const page = this.pages[d];
    const off = slot(page, this.index[d]) + LEAF_ENTRY_HEADER;
    return lastKeyPart(page, off + at, off + u16(page, off - LEAF_ENTRY_HEADER), into);
  }

  key(): Uint8Array {
    const d = this.leafAt;
    return leafKey(this.pages[d], this.index[d]);
  }

  value(): Uint8Array {
    const d = this.leafAt;
    return leafValue(this.pager, this.pages[d], this.index[d]);
  }

  /** The current entry's value through `read`, without a view of inline bytes. */
  readValue<T>(read: ValueReader<T>): T {
    const d = this.leafAt;
    return leafRead(this.pager, this.pages[d], this.index[d], read);
  }

  advance(): void {
    this.index[this.leafAt] += this.forward ? 1 : -1;
    this.settle();
  }

  /**
   * Counts the entries from the current one on, in the cursor's direction, up to `stop` (inclusive
   * unless `exclusive`; undefined: the tree's end), and moves the cursor onto the first entry past
   * them (invalid at the end). A binary search per leaf: no entry is visited one by one.
   */
  countTo(stop: Uint8Array | undefined, exclusive: boolean): number {
    let n = 0;
    while (this.valid) {
      const d = this.leafAt;
      const leaf = this.pages[d];
      const i = this.index[d];
      const entries = count(leaf);
      if (this.forward) {
        const end = stop === undefined ? entries : leafLowerBound(leaf, stop, !exclusive); // first index past the range
        if (end < entries) {
          if (end > i) {
            n += end - i;
            this.index[d] = end;
          }
          return n;
        }
        n += entries - i;
        this.index[d] = entries - 1;
      } else {
        const start = stop === undefined ? 0 : leafLowerBound(leaf, stop, exclusive); // first index in the range
        if (start > 0) {
          if (start <= i) {
            n += i - start + 1;
            this.index[d] = start - 1;
          }
          return n;
        }
        n += i + 1;
        this.index[d] = 0;
      }
      this.advance();
    }
    return n;
  }

  /** Moves off the end of a leaf onto the next non-empty leaf in the cursor's direction. */
  private settle(): void {
    const leafDepth = this.leafAt;
    for (;;) {
      const i = this.index[leafDepth];
      if (i >= 0 && i < count(this.pages[leafDepth])) {
        this.valid = true;
        return;
      }
      // climb to a branch that has a sibling in our direction
      let d = leafDepth - 1;
      while (d >= 0) {
        const next = this.index[d] + (this.forward ? 1 : -1);
        if (next >= 0 && next < count(this.pages[d])) {
          this.index[d] = next;
          break;
        }
        d--;
      }
      if (d < 0) {
        this.valid = false;
        return;
      }
      for (let level = leafDepth - d; d < leafDepth; d++, level--) {
        const child = branchChild(this.pages[d], this.index[d]);
        const page = nodePage(this.pager, child, level);
        this.pages[d + 1] = page;
        this.index[d + 1] = this.forward ? 0 : count(page) - 1;
      }
    }
  }
}

// ---- node building --------------------------------------------------------------------------

/** A leaf entry while a leaf is rebuilt: an inline value, or a reference to an overflow chain. */
interface LeafEntry {
  key: Uint8Array;
  inline: Uint8Array | null;
  overflow: number;
  length: number;
}

/** A node produced by a rewrite: its lower-bound key (empty for the leftmost), page and fill. */
interface NodeRef {
  key: Uint8Array;
  page: number;
  fill: number;
}

/** A leaf entry's bytes in its page, slot included: the value inline, or (`inline` null) an overflow page number. */
const leafEntryBytes = (key: Uint8Array, inline: Uint8Array | null): number => 2 + LEAF_ENTRY_HEADER + key.length + (inline ? inline.length : 4);
const leafEntrySize = (e: LeafEntry): number => leafEntryBytes(e.key, e.inline);
const branchEntrySize = (r: NodeRef): number => 2 + BRANCH_ENTRY_HEADER + r.key.length;

function writeLeaf(acct: PageAccount, entries: LeafEntry[], from: number, to: number): NodeRef {
  const page = new Uint8Array(PAGE_SIZE);
  page[0] = PageKind.leaf;
  put16(page, 2, to - from);
  let off = NODE_HEADER + 2 * (to - from);
  for (let i = from; i < to; i++) {
    const e = entries[i];
    put16(page, NODE_HEADER + 2 * (i - from), off);
    off = putLeafEntry(page, off, e.key, e.inline, e.overflow, e.length);
  }
  const pageNo = acct.allocate();
  acct.pager.write(pageNo, page);
  return { key: entries[from].key, page: pageNo, fill: off - NODE_HEADER };
}

/**
 * Writes one leaf entry at `buf[at]` — its header, key, then the inline value or (`inline` null)
 * the first page of its overflow chain — and returns the offset past it.
 */
function putLeafEntry(buf: Uint8Array, at: number, key: Uint8Array, inline: Uint8Array | null, overflow: number, length: number): number {
  put16(buf, at, key.length);
  buf[at + 2] = inline ? FLAG_INLINE : FLAG_OVERFLOW;
  put32(buf, at + 3, length);
  at += LEAF_ENTRY_HEADER;
  buf.set(key, at);
  at += key.length;
  if (inline) {
    buf.set(inline, at);
    return at + inline.length;
  }
  put32(buf, at, overflow);
  return at + 4;
}

function writeBranch(acct: PageAccount, refs: NodeRef[], from: number, to: number): NodeRef {
  const page = new Uint8Array(PAGE_SIZE);
  page[0] = PageKind.branch;
  put16(page, 2, to - from);
  let off = NODE_HEADER + 2 * (to - from);
  for (let i = from; i < to; i++) {
    const r = refs[i];
    const key = i === from ? EMPTY : r.key;
    put16(page, NODE_HEADER + 2 * (i - from), off);
    put32(page, off, r.page);
    put16(page, off + 4, key.length);
    page.set(key, off + BRANCH_ENTRY_HEADER);
    off += BRANCH_ENTRY_HEADER + key.length;
  }
  const pageNo = acct.allocate();
  acct.pager.write(pageNo, page);
  return { key: refs[from].key, page: pageNo, fill: off - NODE_HEADER };
}

const EMPTY = new Uint8Array(0);

/** Packs items into as few nodes as fit, filled evenly; returns the written nodes. */
function pack<T>(acct: PageAccount, items: T[], size: (t: T) => number, write: (acct: PageAccount, items: T[], from: number, to: number) => NodeRef): NodeRef[] {
  if (items.length === 0) return [];
  let total = 0;
  for (const it of items) total += size(it);
  const nodes = Math.max(1, Math.ceil(total / CAPACITY));
  const target = total / nodes;
  const out: NodeRef[] = [];
  let from = 0;
  let fill = 0;
  for (let i = 0; i < items.length; i++) {
    const s = size(items[i]);
    if (i > from && (fill + s > CAPACITY || fill >= target)) {
      out.push(write(acct, items, from, i));
      from = i;
      fill = 0;
    }
    fill += s;
  }
  out.push(write(acct, items, from, items.length));
  return out;
}

function readLeafEntries(page: Uint8Array): LeafEntry[] {
  const n = count(page);
  const out: LeafEntry[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const off = slot(page, i);
    const keyLen = u16(page, off);
    const length = u32(page, off + 3);
    const at = off + LEAF_ENTRY_HEADER + keyLen;
    const key = page.subarray(off + LEAF_ENTRY_HEADER, at);
    out[i] = page[off + 2] === FLAG_INLINE
      ? { key, inline: page.subarray(at, at + length), overflow: 0, length }
      : { key, inline: null, overflow: u32(page, at), length };
  }
  return out;
}

function readBranchRefs(page: Uint8Array, lowerBound: Uint8Array): NodeRef[] {
  const n = count(page);
  const out: NodeRef[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = { key: i === 0 ? lowerBound : branchKey(page, i), page: branchChild(page, i), fill: CAPACITY };
  return out;
}

/** Throws KEY_TOO_LARGE for a key no tree accepts. */
function checkKeySize(key: Uint8Array): void {
  if (key.length > MAX_KEY_BYTES) throw new StorageError('KEY_TOO_LARGE', `a key of ${key.length} bytes exceeds the ${MAX_KEY_BYTES}-byte limit`);
}

/** Whether the entry stores its value in the leaf (else in an overflow chain). */
const fitsInline = (key: Uint8Array, value: Uint8Array): boolean => key.length + value.length <= MAX_INLINE_ENTRY;

function newLeafEntry(acct: PageAccount, key: Uint8Array, value: Uint8Array): LeafEntry {
  checkKeySize(key);
  if (fitsInline(key, value)) return { key, inline: value, overflow: 0, length: value.length };
  return { key, inline: null, overflow: writeChain(acct, PageKind.overflow, value), length: value.length };
}

function releaseEntry(acct: PageAccount, e: LeafEntry): void {
  if (e.inline === null) for (const p of chainPages(acct.pager, PageKind.overflow, e.overflow)) acct.release(p);
}

// ---- batched copy-on-write update ------------------------------------------------------------

/** A sorted run of changes to apply: `values[i]` null deletes `keys[i]`. Keys strictly ascending. */
export interface Batch {
  keys: Uint8Array[];
  values: (Uint8Array | null)[];
}

/**
 * Applies `batch` to `tree` copy-on-write: every touched node is rewritten to a newly allocated
 * page and its old page released; untouched subtrees are shared. Returns the new root.
 */
export function applyBatch(acct: PageAccount, tree: TreeRoot, batch: Batch): TreeRoot {
  if (batch.keys.length === 0) return tree;
  let refs: NodeRef[];
  let height = tree.height;
  if (tree.root === 0) {
    const entries: LeafEntry[] = [];
    for (let i = 0; i < batch.keys.length; i++) {
      const v = batch.values[i];
      if (v !== null) entries.push(newLeafEntry(acct, batch.keys[i], v));
    }
    acct.entries += entries.length;
    refs = pack(acct, entries, leafEntrySize, writeLeaf);
    height = refs.length > 0 ? 1 : 0;
  } else {
    const content = expandNode(acct, tree.root, tree.height, EMPTY, batch, 0, batch.keys.length);
    if (content === null) return tree;
    refs = tree.height === 1 ? pack(acct, content as LeafEntry[], leafEntrySize, writeLeaf) : pack(acct, content as NodeRef[], branchEntrySize, writeBranch);
    if (refs.length > 0) refs[0].key = EMPTY;
  }
  return finishRoot(acct, refs, height);
}

/** Builds branch levels over `refs` until one root remains; collapses single-child roots. */
function finishRoot(acct: PageAccount, refs: NodeRef[], height: number): TreeRoot {
  if (refs.length === 0) return EMPTY_TREE;
  while (refs.length > 1) {
    refs = pack(acct, refs, branchEntrySize, writeBranch);
    height++;
  }
  let root = refs[0].page;
  while (height > 1) {
    const page = acct.pager.read(root);
    if (count(page) !== 1) break;
    acct.release(root);
    root = branchChild(page, 0);
    height--;
  }
  return { root, height };
}

/** The most adjacent changed children whose contents are packed together. */
const RUN_CHILDREN = 16;

/**
 * Rewrites node `pageNo` (at `level`) with `batch[from, to)` applied. Returns null when nothing
 * changed; else the node's new content, not yet packed into pages: its leaf entries (level 1) or
 * its child refs (branch). The parent packs the contents of adjacent changed children together,
 * so a batch that touches every leaf of a range refills those leaves instead of splitting each.
 */
function expandNode(acct: PageAccount, pageNo: number, level: number, lowerBound: Uint8Array, batch: Batch, from: number, to: number): LeafEntry[] | NodeRef[] | null {
  const page = nodePage(acct.pager, pageNo, level);
  if (level === 1) return mergeLeaf(acct, pageNo, page, batch, from, to);
  const refs = readBranchRefs(page, lowerBound);
  const out: NodeRef[] = [];
  let run: (LeafEntry | NodeRef)[] = []; // the contents of consecutive changed children
  let runKey: Uint8Array = EMPTY;
  let runStarted = false;
  let runChildren = 0;
  const endRun = (): void => {
    if (!runStarted) return;
    const packed = level === 2 ? pack(acct, run as LeafEntry[], leafEntrySize, writeLeaf) : pack(acct, run as NodeRef[], branchEntrySize, writeBranch);
    if (packed.length > 0) packed[0].key = runKey;
    for (const r of packed) out.push(r);
    run = [];
    runStarted = false;
    runChildren = 0;
  };
  let changed = false;
  let i = from;
  for (let c = 0; c < refs.length; c++) {
    let j = i;
    if (c + 1 < refs.length) {
      const upper = refs[c + 1].key;
      while (j < to && compareBytes(batch.keys[j], upper) < 0) j++;
    } else j = to;
    const content = j > i ? expandNode(acct, refs[c].page, level - 1, refs[c].key, batch, i, j) : null;
    if (content === null) {
      endRun();
      out.push(refs[c]);
    } else {
      changed = true;
      if (runChildren >= RUN_CHILDREN) endRun(); // bounded: entries die young, pages fill all the same
      runChildren++;
      if (!runStarted) {
        runStarted = true;
        runKey = refs[c].key;
      }
      for (const e of content) run.push(e);
    }
    i = j;
  }
  endRun();
  if (!changed) return null;
  acct.release(pageNo);
  mergeUnderfull(acct, out, level - 1);
  return out;
}

/** Leaf `pageNo` with `batch[from, to)` merged in: its new entries, or null when nothing changed. */
function mergeLeaf(acct: PageAccount, pageNo: number, page: Uint8Array, batch: Batch, from: number, to: number): LeafEntry[] | null {
  const old = readLeafEntries(page);
  const merged: LeafEntry[] = [];
  let changed = false;
  let a = 0;
  for (let b = from; b < to; b++) {
    const key = batch.keys[b];
    while (a < old.length && compareBytes(old[a].key, key) < 0) merged.push(old[a++]);
    const same = a < old.length && compareBytes(old[a].key, key) === 0;
    const v = batch.values[b];
    if (same) {
      releaseEntry(acct, old[a++]);
      acct.entries--;
      changed = true;
    }
    if (v !== null) {
      merged.push(newLeafEntry(acct, key, v));
      acct.entries++;
      changed = true;
    }
  }
  if (!changed) return null;
  while (a < old.length) merged.push(old[a++]);
  acct.release(pageNo);
  return merged;
}

/** Merges each underfull child in `refs` (children at `level`) with a neighbour, in place. */
function mergeUnderfull(acct: PageAccount, refs: NodeRef[], level: number): void {
  for (let i = 0; i < refs.length && refs.length > 1; i++) {
    if (refs[i].fill >= UNDERFULL) continue;
    const l = i > 0 ? i - 1 : i;
    const left = refs[l];
    const right = refs[l + 1];
    const leftPage = nodePage(acct.pager, left.page, level);
    const rightPage = nodePage(acct.pager, right.page, level);
    acct.release(left.page);
    acct.release(right.page);
    let merged: NodeRef[];
    if (level === 1) {
      merged = pack(acct, readLeafEntries(leftPage).concat(readLeafEntries(rightPage)), leafEntrySize, writeLeaf);
    } else {
      merged = pack(acct, readBranchRefs(leftPage, left.key).concat(readBranchRefs(rightPage, right.key)), branchEntrySize, writeBranch);
    }
    merged[0].key = left.key;
    refs.splice(l, 2, ...merged);
    i = l + merged.length - 1;
  }
}

// ---- streaming bulk build --------------------------------------------------------------------

/** The most entries a leaf holds: each takes at least its slot and its entry header. */
const LEAF_MAX_ENTRIES = Math.floor(CAPACITY / (2 + LEAF_ENTRY_HEADER));

/**
 * Builds a new tree from entries added in strictly ascending key order, packing leaves full. Memory
 * stays bounded by one page per level. Used by checkpoints of large batches, index builds and loads.
 * Each entry's bytes go straight into the leaf being filled (its entries as they will lie after the
 * slot array, `writeLeaf`'s layout), so no caller buffer is kept: callers may reuse theirs.
 */
export class TreeBuilder {
  /** The entries of the leaf being filled, laid out as in its page after the slot array. */
  private readonly content = new Uint8Array(CAPACITY);
  private contentLength = 0;
  /** starts[i]: where entry i of the leaf being filled begins in `content`. */
  private readonly starts = new Uint16Array(LEAF_MAX_ENTRIES);
  private leafEntries = 0;
  /** Where the last added entry begins in `content` (-1: none yet); its bytes stay there until the next add writes. */
  private lastAt = -1;
  private readonly levels: NodeRef[][] = [];
  private readonly levelFill: number[] = [];
  entries = 0;

  constructor(private readonly acct: PageAccount) {}

  add(key: Uint8Array, value: Uint8Array): void {
    const content = this.content;
    const lastAt = this.lastAt;
    if (lastAt >= 0 && compareFrom(content, lastAt + LEAF_ENTRY_HEADER, u16(content, lastAt), key, 0) >= 0) {
      throw new StorageError('NOT_SORTED', 'a bulk build needs strictly ascending keys');
    }
    checkKeySize(key);
    const inline = fitsInline(key, value);
    const overflow = inline ? 0 : writeChain(this.acct, PageKind.overflow, value);
    const s = leafEntryBytes(key, inline ? value : null);
    if (2 * this.leafEntries + this.contentLength + s > CAPACITY) this.flushLeaf();
    const at = this.contentLength;
    this.starts[this.leafEntries++] = at;
    this.contentLength = putLeafEntry(content, at, key, inline ? value : null, overflow, value.length);
    this.lastAt = at;
    this.entries++;
  }

  finish(): TreeRoot {
    if (this.leafEntries > 0) this.flushLeaf();
    let height = 1;
    for (let level = 0; level < this.levels.length; level++) {
      const refs = this.levels[level];
      if (level === this.levels.length - 1 && refs.length === 1) return { root: refs[0].page, height };
      if (refs.length > 0) this.push(level + 1, writeBranch(this.acct, refs, 0, refs.length));
      height++;
    }
    return EMPTY_TREE;
  }

  /** Writes the leaf being filled (its slots, then its content in one copy) and starts an empty one. */
  private flushLeaf(): void {
    const n = this.leafEntries;
    const content = this.content;
    const page = new Uint8Array(PAGE_SIZE);
    page[0] = PageKind.leaf;
    put16(page, 2, n);
    const base = NODE_HEADER + 2 * n;
    for (let i = 0; i < n; i++) put16(page, NODE_HEADER + 2 * i, base + this.starts[i]);
    page.set(content.subarray(0, this.contentLength), base);
    const pageNo = this.acct.allocate();
    this.acct.pager.write(pageNo, page);
    const firstKey = content.slice(LEAF_ENTRY_HEADER, LEAF_ENTRY_HEADER + u16(content, 0));
    this.push(0, { key: firstKey, page: pageNo, fill: base + this.contentLength - NODE_HEADER });
    this.leafEntries = 0;
    this.contentLength = 0;
  }

  private push(level: number, ref: NodeRef): void {
    while (this.levels.length <= level) {
      this.levels.push([]);
      this.levelFill.push(0);
    }
    const s = branchEntrySize(ref);
    if (this.levelFill[level] + s > CAPACITY && this.levels[level].length > 1) {
      const refs = this.levels[level];
      this.push(level + 1, writeBranch(this.acct, refs, 0, refs.length));
      this.levels[level] = [];
      this.levelFill[level] = 0;
    }
    this.levels[level].push(ref);
    this.levelFill[level] += s;
  }
}

// ---- whole-tree walks ------------------------------------------------------------------------

/** Calls `visit` for every page of the tree (nodes and overflow chains) with its kind and level. */
export function walkTree(pager: Pager, tree: TreeRoot, visit: (pageNo: number, kind: number, level: number, page: Uint8Array | null) => void): void {
  if (tree.root === 0) return;
  const walk = (pageNo: number, level: number): void => {
    const page = nodePage(pager, pageNo, level);
    visit(pageNo, page[0], level, page);
    if (level === 1) {
      for (const e of readLeafEntries(page)) if (e.inline === null) for (const p of chainPages(pager, PageKind.overflow, e.overflow)) visit(p, PageKind.overflow, 0, null);
    } else for (let i = 0; i < count(page); i++) walk(branchChild(page, i), level - 1);
  };
  walk(tree.root, tree.height);
}

/** Releases every page of the tree. */
export function freeTree(acct: PageAccount, tree: TreeRoot): void {
  const pages: number[] = [];
  walkTree(acct.pager, tree, (p) => pages.push(p));
  for (const p of pages) acct.release(p);
}

/** Checks a tree's structure: key order within and across nodes, separators, uniform depth. */
export function checkTree(pager: Pager, tree: TreeRoot): { entries: number; pages: number } {
  let entries = 0;
  let pages = 0;
  let prev: Uint8Array | null = null;
  if (tree.root === 0) return { entries, pages };
  const walk = (pageNo: number, level: number, low: Uint8Array | null, high: Uint8Array | null): void => {
    const page = nodePage(pager, pageNo, level);
    pages++;
    const n = count(page);
    if (n === 0) throw new StorageError('CORRUPT', `tree node ${pageNo} is empty`);
    if (level === 1) {
      for (let i = 0; i < n; i++) {
        const key = leafKey(page, i);
        if (prev !== null && compareBytes(prev, key) >= 0) throw new StorageError('CORRUPT', `leaf ${pageNo}: keys out of order`);
        if ((low !== null && compareBytes(key, low) < 0) || (high !== null && compareBytes(key, high) >= 0)) {
          throw new StorageError('CORRUPT', `leaf ${pageNo}: a key lies outside its parent's separators`);
        }
        prev = key.slice();
        entries++;
      }
      for (const e of readLeafEntries(page)) if (e.inline === null) pages += chainPages(pager, PageKind.overflow, e.overflow).length;
      return;
    }
    for (let i = 0; i < n; i++) {
      const lo = i === 0 ? low : branchKey(page, i);
      const hi = i + 1 < n ? branchKey(page, i + 1) : high;
      if (lo !== null && hi !== null && compareBytes(lo, hi) >= 0) throw new StorageError('CORRUPT', `branch ${pageNo}: separators out of order`);
      walk(branchChild(page, i), level - 1, lo, hi);
    }
  };
  walk(tree.root, tree.height, null, null);
  return { entries, pages };
}

/** The height of the tree rooted at `root` (0 for an empty tree), found by descending its left edge. */
export function treeHeight(pager: Pager, root: number): number {
  if (root === 0) return 0;
  let height = 1;
  let page = pager.read(root);
  while (page[0] === PageKind.branch) {
    page = pager.read(branchChild(page, 0));
    height++;
  }
  if (page[0] !== PageKind.leaf) throw new StorageError('CORRUPT', `tree root ${root} does not lead to a leaf page`);
  return height;
}
