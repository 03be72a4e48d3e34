// Reading a hash index: its directory (decoded once per meta page and cached), point lookups,
// the exact entry count, unordered iteration and the list of its pages. Owns no state but that
// cache; never writes pages.
import { u32 } from '../bytes.ts';
import { StorageError } from '../errors.ts';
import { PAGE_PAYLOAD, type Pager } from '../pager.ts';
import {
  B_COUNT, B_DEPTH, B_NEXT, B_SLOTS, BODY_HEADER, D_SLOTS, DIR_PER_PAGE, entryValue, FLAG_INLINE, hashKey, HashPageKind,
  type HashEntry, M_COUNT_HI, M_COUNT_LO, M_DEPTH, M_DIR_LIST, M_DIR_PAGES, MAX_DEPTH, overflowChain, readBucketEntries, readKind, SLOT_SIZE,
} from './pages.ts';

/** A hash index's directory: 2^depth slots, each the first page of a bucket chain. */
export interface HashDirectory {
  readonly depth: number;
  readonly count: number;
  readonly slots: Uint32Array;
  readonly dirPages: readonly number[];
}

/**
 * Decoded directories per pager, by meta page number, so a lookup reads one bucket page and not
 * the meta and directory pages. Sound because only this module's writers create or release hash
 * meta pages: a new meta page is remembered when written, a released one is forgotten (a meta
 * page written and then abandoned by `pager.discard()` is never a root again unless rewritten).
 */
const directories = new WeakMap<Pager, Map<number, HashDirectory>>();
/**
 * Directories remembered per pager: more than the hash indexes a database uses at once (one per
 * HASH index of the schema), each 4 bytes per slot (4 KB for 1,000 buckets).
 */
const REMEMBERED = 256;

/** Records the directory of a meta page just written. */
export function rememberDirectory(pager: Pager, root: number, dir: HashDirectory): void {
  let byRoot = directories.get(pager);
  if (byRoot === undefined) directories.set(pager, (byRoot = new Map()));
  byRoot.delete(root);
  byRoot.set(root, dir);
  if (byRoot.size > REMEMBERED) byRoot.delete(byRoot.keys().next().value as number);
}

/** Forgets a meta page that is being released. */
export function forgetDirectory(pager: Pager, root: number): void {
  directories.get(pager)?.delete(root);
}

/** The directory of the index whose meta page is `root` (non-zero). */
export function loadDirectory(pager: Pager, root: number): HashDirectory {
  const cached = directories.get(pager)?.get(root);
  if (cached !== undefined) return cached;
  const dir = readDirectory(pager, root);
  rememberDirectory(pager, root, dir);
  return dir;
}

/** Decodes the directory from the meta and directory pages (no cache). */
export function readDirectory(pager: Pager, root: number): HashDirectory {
  const meta = readKind(pager, root, HashPageKind.meta);
  const depth = meta[M_DEPTH];
  const size = 2 ** depth;
  const nPages = u32(meta, M_DIR_PAGES);
  if (depth > MAX_DEPTH || nPages !== Math.ceil(size / DIR_PER_PAGE)) {
    throw new StorageError('CORRUPT', `hash meta page ${root}: depth ${depth} with ${nPages} directory pages`);
  }
  const slots = new Uint32Array(size);
  const dirPages: number[] = [];
  for (let j = 0; j < nPages; j++) {
    const pageNo = u32(meta, M_DIR_LIST + 4 * j);
    const page = readKind(pager, pageNo, HashPageKind.directory);
    dirPages.push(pageNo);
    const from = j * DIR_PER_PAGE;
    const to = Math.min(size, from + DIR_PER_PAGE);
    for (let i = from; i < to; i++) slots[i] = u32(page, D_SLOTS + 4 * (i - from));
  }
  return { depth, count: u32(meta, M_COUNT_LO) + u32(meta, M_COUNT_HI) * 2 ** 32, slots, dirPages };
}

// Module-local copies of the layout constants the lookup uses: a local binding is as cheap as a
// literal in every module system (test runners may turn imported bindings into getters).
const L_BUCKET = HashPageKind.bucket;
const L_COUNT = B_COUNT;
const L_SLOTS = B_SLOTS;
const L_SLOT = SLOT_SIZE;
const L_NEXT = B_NEXT;
const L_BODY = BODY_HEADER;
const L_INLINE = FLAG_INLINE;
const L_PAYLOAD = PAGE_PAYLOAD;

const slotHash = (page: Uint8Array, i: number): number => {
  const at = L_SLOTS + L_SLOT * i;
  return (page[at] | (page[at + 1] << 8) | (page[at + 2] << 16) | (page[at + 3] << 24)) >>> 0;
};

/** The value bytes stored under `key` in the index at `root` (0: empty), or undefined. */
export function hashGet(pager: Pager, root: number, key: Uint8Array): Uint8Array | undefined {
  if (root === 0) return undefined;
  const dir = loadDirectory(pager, root);
  const h = hashKey(key);
  const klen = key.length;
  // The hot path of every lookup: reads page bytes directly, no helper calls across modules.
  for (let pageNo = dir.slots[h & (dir.slots.length - 1)]; pageNo !== 0; ) {
    const page = pager.read(pageNo);
    if (page[0] !== L_BUCKET) readKind(pager, pageNo, L_BUCKET); // throws CORRUPT
    const n = page[L_COUNT] | (page[L_COUNT + 1] << 8);
    if (L_SLOTS + L_SLOT * n > L_PAYLOAD) readBucketEntries(page, pageNo, []); // throws CORRUPT
    // The hashes are uniform and sorted: start where h would sit, then walk to its first slot.
    let i = Math.floor((h / 4294967296) * n);
    while (i > 0 && slotHash(page, i - 1) >= h) i--;
    while (i < n && slotHash(page, i) < h) i++;
    for (; i < n && slotHash(page, i) === h; i++) {
      const s = L_SLOTS + L_SLOT * i + 4;
      const off = page[s] | (page[s + 1] << 8);
      if (off + L_BODY > L_PAYLOAD) readBucketEntries(page, pageNo, []); // throws CORRUPT
      const keyLen = page[off] | (page[off + 1] << 8);
      if (keyLen !== klen) continue;
      const k = off + L_BODY;
      let j = 0;
      while (j < klen && page[k + j] === key[j]) j++;
      if (j < klen) continue;
      const length = (page[off + 3] | (page[off + 4] << 8) | (page[off + 5] << 16) | (page[off + 6] << 24)) >>> 0;
      if (page[off + 2] === L_INLINE) {
        if (k + klen + length > L_PAYLOAD) readBucketEntries(page, pageNo, []); // throws CORRUPT
        return page.subarray(k + klen, k + klen + length);
      }
      return entryValue(pager, { hash: h, key, inline: null, overflow: u32(page, k + klen), length });
    }
    pageNo = (page[L_NEXT] | (page[L_NEXT + 1] << 8) | (page[L_NEXT + 2] << 16) | (page[L_NEXT + 3] << 24)) >>> 0;
  }
  return undefined;
}

/** The exact number of entries in the index at `root`. */
export function hashCount(pager: Pager, root: number): number {
  return root === 0 ? 0 : loadDirectory(pager, root).count;
}

/**
 * Every bucket of the index once, as (first page, its chain's entries). Unordered. The index must
 * not be rewritten while this runs.
 */
export function* hashBuckets(pager: Pager, root: number): Generator<{ slot: number; localDepth: number; pages: number[]; entries: HashEntry[] }> {
  if (root === 0) return;
  const dir = loadDirectory(pager, root);
  for (let slot = 0; slot < dir.slots.length; slot++) {
    const first = readKind(pager, dir.slots[slot], HashPageKind.bucket);
    const localDepth = first[B_DEPTH];
    // A bucket of local depth d is pointed at by every slot with its low d bits; visit it at the lowest.
    if (slot >= 2 ** localDepth) continue;
    yield { slot, localDepth, ...readChain(pager, dir.slots[slot]) };
  }
}

/** The pages and entries of the bucket chain starting at `first`. */
export function readChain(pager: Pager, first: number): { pages: number[]; entries: HashEntry[] } {
  const pages: number[] = [];
  const entries: HashEntry[] = [];
  for (let pageNo = first; pageNo !== 0; ) {
    if (pages.includes(pageNo)) throw new StorageError('CORRUPT', `hash bucket chain loops at page ${pageNo}`);
    const page = readKind(pager, pageNo, HashPageKind.bucket);
    pages.push(pageNo);
    readBucketEntries(page, pageNo, entries);
    pageNo = u32(page, B_NEXT);
  }
  return { pages, entries };
}

/** Every (key, value) of the index, unordered (for rebuilds and checks). */
export function* hashEntries(pager: Pager, root: number): Generator<[Uint8Array, Uint8Array]> {
  for (const bucket of hashBuckets(pager, root)) for (const e of bucket.entries) yield [e.key, entryValue(pager, e)];
}

/** Every page of the index at `root`: meta, directory, bucket chains and value chains. */
export function hashPages(pager: Pager, root: number): number[] {
  if (root === 0) return [];
  const dir = loadDirectory(pager, root);
  const pages = [root, ...dir.dirPages];
  for (const b of hashBuckets(pager, root)) {
    pages.push(...b.pages);
    for (const e of b.entries) if (e.inline === null) pages.push(...overflowChain(pager, e.overflow));
  }
  return pages;
}
