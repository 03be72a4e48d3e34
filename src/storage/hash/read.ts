// Reading a hash index: its directory (decoded once per meta page and cached), point lookups,
// the exact entry count and unordered iteration. Owns no state but that cache; never writes pages.
import { StorageError } from '../errors.ts';
import type { Pager } from '../pager.ts';
import {
  B_COUNT, B_DEPTH, B_ENTRIES, B_NEXT, D_SLOTS, DIR_PER_PAGE, ENTRY_HEADER, entryValue, FLAG_INLINE, hashKey, HashPageKind,
  type HashEntry, M_COUNT_HI, M_COUNT_LO, M_DEPTH, M_DIR_LIST, M_DIR_PAGES, MAX_DEPTH, readBucketEntries, readKind, u16, u32,
} from './pages.ts';

/** A hash index's directory: 2^depth slots, each the first page of a bucket chain. */
export interface HashDirectory {
  readonly depth: number;
  readonly count: number;
  readonly slots: Uint32Array;
  readonly dirPages: readonly number[];
}

/**
 * Decoded directories keyed by the meta page's buffer. The pager never modifies a page buffer it
 * handed out or cached, and a rewritten page is a new buffer, so an entry can never be stale.
 */
const directories = new WeakMap<Uint8Array, HashDirectory>();

/** Records the directory of a meta page just written (its buffer as passed to pager.write). */
export function rememberDirectory(meta: Uint8Array, dir: HashDirectory): void {
  directories.set(meta, dir);
}

/** The directory of the index whose meta page is `root` (non-zero). */
export function loadDirectory(pager: Pager, root: number): HashDirectory {
  const meta = readKind(pager, root, HashPageKind.meta);
  const cached = directories.get(meta);
  if (cached !== undefined) return cached;
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
  const dir: HashDirectory = { depth, count: u32(meta, M_COUNT_LO) + u32(meta, M_COUNT_HI) * 2 ** 32, slots, dirPages };
  directories.set(meta, dir);
  return dir;
}

/** The value bytes stored under `key` in the index at `root` (0: empty), or undefined. */
export function hashGet(pager: Pager, root: number, key: Uint8Array): Uint8Array | undefined {
  if (root === 0) return undefined;
  const dir = loadDirectory(pager, root);
  const h = hashKey(key);
  const klen = key.length;
  for (let pageNo = dir.slots[h & (dir.slots.length - 1)]; pageNo !== 0; ) {
    const page = readKind(pager, pageNo, HashPageKind.bucket);
    const n = u16(page, B_COUNT);
    let off = B_ENTRIES;
    for (let i = 0; i < n; i++) {
      const keyLen = u16(page, off + 4);
      const inline = page[off + 6] === FLAG_INLINE;
      const length = u32(page, off + 7);
      const k = off + ENTRY_HEADER;
      if (keyLen === klen && u32(page, off) === h && sameBytes(page, k, key)) {
        if (inline) return page.subarray(k + keyLen, k + keyLen + length);
        return entryValue(pager, { hash: h, key, inline: null, overflow: u32(page, k + keyLen), length });
      }
      off = k + keyLen + (inline ? length : 4);
    }
    pageNo = u32(page, B_NEXT);
  }
  return undefined;
}

function sameBytes(page: Uint8Array, at: number, key: Uint8Array): boolean {
  for (let i = 0; i < key.length; i++) if (page[at + i] !== key[i]) return false;
  return true;
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
