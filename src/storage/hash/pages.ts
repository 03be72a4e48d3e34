// The hash index's page layouts (meta, directory, bucket, value overflow) and its key hash.
// Owns the byte formats described in README.md; never allocates, releases or caches pages.
import { put16, put32, u16, u32 } from '../bytes.ts';
import { StorageError } from '../errors.ts';
import { chainPages, readChain } from '../overflow.ts';
import { PAGE_PAYLOAD, PAGE_SIZE, type Pager } from '../pager.ts';

/** Page kinds of the hash index (the pager reserves 0x10–0x1f for it). */
export const HashPageKind = {
  meta: 0x10,
  directory: 0x11,
  bucket: 0x12,
  overflow: 0x13,
} as const;

// meta page
export const M_DEPTH = 1; // u8: global depth
export const M_COUNT_LO = 4; // u32
export const M_COUNT_HI = 8; // u32
export const M_DIR_PAGES = 12; // u32: number of directory pages
export const M_DIR_LIST = 16; // u32 each
/** Directory pages one meta page can list. */
export const MAX_DIR_PAGES = (PAGE_PAYLOAD - M_DIR_LIST) >>> 2;

// directory page
export const D_SLOTS = 4;
/** Bucket pointers one directory page holds. */
export const DIR_PER_PAGE = (PAGE_PAYLOAD - D_SLOTS) >>> 2;
/** The deepest directory (2^MAX_DEPTH slots) whose pages one meta page can list. */
export const MAX_DEPTH = Math.floor(Math.log2(MAX_DIR_PAGES * DIR_PER_PAGE));

// bucket page
export const B_DEPTH = 1; // u8: local depth
export const B_COUNT = 2; // u16: entries on this page
export const B_NEXT = 4; // u32: next page of this bucket's chain (0: none)
/**
 * From B_SLOTS: one 6-byte slot per entry, ascending by hash: the entry's hash u32 and its body's
 * offset u16 (hashes are uniform, so a lookup interpolates its position and touches one or two
 * cache lines). Then the bodies: keyLen u16, flag u8, valueLen u32, the key, then the value
 * (inline) or its first overflow page (u32).
 */
export const B_SLOTS = 8;
export const SLOT_SIZE = 6;
export const BUCKET_CAPACITY = PAGE_PAYLOAD - B_SLOTS;
/** Bytes of an entry besides its key and value: hash 4 + offset 2 + keyLen 2 + flag 1 + valueLen 4. */
export const ENTRY_HEADER = 13;
/** Bytes of an entry body before its key. */
export const BODY_HEADER = 7;
export const FLAG_INLINE = 0;
export const FLAG_OVERFLOW = 1;
/** An entry larger than this (header + key + value) keeps its value in an overflow chain. */
export const MAX_INLINE_ENTRY = 1024;
/** Longest key the index accepts (so a bucket page always holds at least three entries). */
export const MAX_KEY_BYTES = 1024;

// value overflow pages: the shared chain layout of ../overflow.ts, with kind HashPageKind.overflow

/** MurmurHash3 (x86, 32-bit, seed 0) of `key`: the low bits pick the directory slot. */
export function hashKey(key: Uint8Array): number {
  let h = 0;
  const n = key.length;
  const blocks = n & ~3;
  for (let i = 0; i < blocks; i += 4) {
    let k = key[i] | (key[i + 1] << 8) | (key[i + 2] << 16) | (key[i + 3] << 24);
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const rest = n & 3;
  if (rest > 0) {
    let k = key[blocks];
    if (rest > 1) k |= key[blocks + 1] << 8;
    if (rest > 2) k |= key[blocks + 2] << 16;
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
  }
  h ^= n;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A bucket entry in memory: an inline value, or a reference to an overflow chain. */
export interface HashEntry {
  hash: number;
  key: Uint8Array;
  inline: Uint8Array | null;
  overflow: number;
  length: number;
}

export const entrySize = (e: HashEntry): number => ENTRY_HEADER + e.key.length + (e.inline ? e.inline.length : 4);

/** A page of kind `kind`, or a CORRUPT error naming what was expected. */
export function readKind(pager: Pager, pageNo: number, kind: number): Uint8Array {
  const page = pager.read(pageNo);
  if (page[0] !== kind) {
    throw new StorageError('CORRUPT', `page ${pageNo} should be a hash ${kindName(kind)} page but is of kind ${page[0]}`);
  }
  return page;
}

function kindName(kind: number): string {
  for (const [name, k] of Object.entries(HashPageKind)) if (k === kind) return name;
  return `kind-${kind}`;
}

/** Appends the entries stored on one bucket page (views into the page) to `into`. */
export function readBucketEntries(page: Uint8Array, pageNo: number, into: HashEntry[]): void {
  const n = u16(page, B_COUNT);
  const bodies = B_SLOTS + SLOT_SIZE * n;
  if (bodies > PAGE_PAYLOAD) throw corruptBucket(pageNo);
  for (let i = 0; i < n; i++) {
    const at = B_SLOTS + SLOT_SIZE * i;
    const hash = u32(page, at);
    if (i > 0 && hash < u32(page, at - SLOT_SIZE)) throw new StorageError('CORRUPT', `hash bucket page ${pageNo}: hashes out of order`);
    const off = u16(page, at + 4);
    if (off < bodies || off + BODY_HEADER > PAGE_PAYLOAD) throw corruptBucket(pageNo);
    const keyLen = u16(page, off);
    const flag = page[off + 2];
    const length = u32(page, off + 3);
    const k = off + BODY_HEADER;
    const end = k + keyLen + (flag === FLAG_INLINE ? length : 4);
    if (end > PAGE_PAYLOAD || (flag !== FLAG_INLINE && flag !== FLAG_OVERFLOW)) throw corruptBucket(pageNo);
    const key = page.subarray(k, k + keyLen);
    if (flag === FLAG_INLINE) into.push({ hash, key, inline: page.subarray(k + keyLen, end), overflow: 0, length });
    else into.push({ hash, key, inline: null, overflow: u32(page, k + keyLen), length });
  }
}

function corruptBucket(pageNo: number): StorageError {
  return new StorageError('CORRUPT', `hash bucket page ${pageNo} has an entry outside the page`);
}

/** A bucket page holding `entries[from, to)` (their sizes must fit BUCKET_CAPACITY). */
export function encodeBucket(localDepth: number, entries: HashEntry[], from: number, to: number, next: number): Uint8Array {
  const page = new Uint8Array(PAGE_SIZE);
  const n = to - from;
  page[0] = HashPageKind.bucket;
  page[B_DEPTH] = localDepth;
  put16(page, B_COUNT, n);
  put32(page, B_NEXT, next);
  // Slot order: by hash. Sort (hash · 4096 + index) as plain numbers (exact below 2^53): a native
  // numeric sort, with no comparator calls and no object reads.
  const order = new Float64Array(n);
  for (let i = 0; i < n; i++) order[i] = entries[from + i].hash * 4096 + i;
  order.sort();
  let off = B_SLOTS + SLOT_SIZE * n;
  for (let i = 0; i < n; i++) {
    const e = entries[from + (order[i] % 4096)];
    const slot = B_SLOTS + SLOT_SIZE * i;
    put32(page, slot, e.hash);
    put16(page, slot + 4, off);
    put16(page, off, e.key.length);
    page[off + 2] = e.inline ? FLAG_INLINE : FLAG_OVERFLOW;
    put32(page, off + 3, e.length);
    off = copyInto(page, off + BODY_HEADER, e.key);
    if (e.inline) off = copyInto(page, off, e.inline);
    else {
      put32(page, off, e.overflow);
      off += 4;
    }
  }
  return page;
}

/** Copies `bytes` into `page` at `at`; returns the offset after them (a loop beats `set` when short). */
function copyInto(page: Uint8Array, at: number, bytes: Uint8Array): number {
  const n = bytes.length;
  if (n > 32) page.set(bytes, at);
  else for (let i = 0; i < n; i++) page[at + i] = bytes[i];
  return at + n;
}

/** The pages of the value chain starting at `first`. */
export function overflowChain(pager: Pager, first: number): number[] {
  return chainPages(pager, HashPageKind.overflow, first);
}

/** The value bytes of an entry (a view for inline values, a copy for overflow values). */
export function entryValue(pager: Pager, e: HashEntry): Uint8Array {
  return e.inline ?? readChain(pager, HashPageKind.overflow, e.overflow, e.length);
}
