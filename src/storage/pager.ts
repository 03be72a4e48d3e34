// The pager: 4 KB checksummed pages of the database file, two alternating header pages, a byte-bounded
// LRU page cache and the freelist. Owns page I/O, allocation and the durable header switch; never
// interprets page contents beyond its own header and freelist pages, and never overwrites a live page.
import { PageCache } from './cache.ts';
import { xxh32 } from './checksum.ts';
import { asStorageError, StorageError } from './errors.ts';
import type { PageFile } from './file/page-file.ts';

/** Bytes per page. */
export const PAGE_SIZE = 4096;
/** Bytes of a page its owner may use: `[0, PAGE_PAYLOAD)`. The last 4 bytes hold the checksum. */
export const PAGE_PAYLOAD = PAGE_SIZE - 4;
/**
 * The on-disk format version in the header. 2: page checksums are xxHash32 seeded with the page
 * number (version 1 used CRC-32C; such files are refused with a clear error, not read).
 */
export const FORMAT_VERSION = 2;

/** Byte 0 of every page names its kind (the hash index uses kinds 0x10–0x1f). */
export const PageKind = {
  header: 0x01,
  leaf: 0x02,
  branch: 0x03,
  overflow: 0x04,
  freelist: 0x05,
} as const;

const MAGIC = [0x51, 0x55, 0x49, 0x52, 0x45, 0x44, 0x42, 0x00]; // "QUIREDB\0"
const H_MAGIC = 0; // 8 bytes
const H_VERSION = 8; // u32
const H_PAGE_SIZE = 12; // u32
const H_SEQUENCE = 16; // u64
const H_LSN = 24; // u64
const H_DIRECTORY = 32; // u32
const H_FREELIST = 36; // u32
const H_PAGE_COUNT = 40; // u32
const H_FREE_COUNT = 44; // u32
const HEADER_PAGES = 2;

const FL_NEXT = 4; // u32
const FL_COUNT = 8; // u32
const FL_ENTRIES = 12;
/** Page numbers one freelist page lists. */
export const FREELIST_PER_PAGE = (PAGE_PAYLOAD - FL_ENTRIES) >>> 2;

/** The durable state a header page records. */
export interface Header {
  /** Increases by one per header switch; the valid header with the highest sequence wins. */
  readonly sequence: number;
  /** Every WAL record with an LSN up to this one is contained in the pages this header reaches. */
  readonly checkpointLsn: number;
  /** Root page of the root directory tree (0: no trees). */
  readonly directoryRoot: number;
  /** First freelist page (0: no free pages listed). */
  readonly freelistHead: number;
  /** The file's length in pages; pages at or past it are free. */
  readonly pageCount: number;
  /** How many page numbers the freelist lists. */
  readonly freeCount: number;
}

export interface PagerOptions {
  /** LRU page cache bound in bytes (default 32 MB, at least 16 pages). */
  cacheBytes?: number;
  /**
   * Format a file that holds no valid header and nothing but (torn) header pages: a creation that
   * crashed before its first header was durable. Only safe when the WAL is empty too.
   */
  formatTornCreation?: boolean;
}

export interface PagerStats {
  cacheHits: number;
  cacheMisses: number;
  cacheEvictions: number;
  cacheBytes: number;
  cacheCapacityBytes: number;
  pagesRead: number;
  pagesWritten: number;
  pageCount: number;
  freePages: number;
  headerSwitches: number;
}

/**
 * Page-level access to one database file.
 *
 * Copy-on-write discipline: between two `commit()` calls the owner builds a new state by writing
 * only to pages from `allocate()` and by `release()`-ing pages the new state no longer uses. A page
 * live in the durable header is never handed out by `allocate()` until a header that no longer
 * reaches it is durable, so a crash at any point leaves the last committed header intact.
 */
export class Pager {
  private durable: Header;
  private pageCount: number;
  /** Min-heap of pages free in the durable state and not allocated since. */
  private readonly free: number[] = [];
  /** Pages allocated since the last commit (not reachable from the durable header). */
  private readonly fresh = new Set<number>();
  /** Pages live in the durable header that the state being built no longer uses. */
  private pending: number[] = [];
  /** The durable freelist's own pages. */
  private freelistPages: number[] = [];
  private readonly cache: PageCache;
  private broken: StorageError | null = null;
  private closed = false;
  private readonly counters = { pagesRead: 0, pagesWritten: 0, headerSwitches: 0 };

  private constructor(
    private readonly file: PageFile,
    options: PagerOptions,
    header: Header,
  ) {
    this.cache = new PageCache(Math.max(16, Math.floor((options.cacheBytes ?? 32 * 1024 * 1024) / PAGE_SIZE)));
    this.durable = header;
    this.pageCount = header.pageCount;
  }

  /** Opens `file`: picks the valid header with the highest sequence, or formats an empty file. */
  static open(file: PageFile, options: PagerOptions = {}): Pager {
    let size: number;
    try {
      size = file.size();
    } catch (cause) {
      throw asStorageError(cause, 'cannot read the database file size');
    }
    const candidates = size === 0 ? [] : [readHeader(file, 0), readHeader(file, 1)].filter((h): h is Header => h !== null);
    if (size === 0 || (candidates.length === 0 && size <= HEADER_PAGES * PAGE_SIZE && options.formatTornCreation)) {
      const header: Header = { sequence: 0, checkpointLsn: 0, directoryRoot: 0, freelistHead: 0, pageCount: HEADER_PAGES, freeCount: 0 };
      const pager = new Pager(file, options, header);
      pager.commit(0, 0);
      return pager;
    }
    if (candidates.length === 0) {
      throw new StorageError('CORRUPT', 'the database file has no valid header page (both header checksums fail): not a Quire database or corrupt');
    }
    const header = candidates.reduce((a, b) => (b.sequence > a.sequence ? b : a));
    const pager = new Pager(file, options, header);
    pager.loadFreelist();
    // A checkpoint that crashed before its header switch may have grown the file: cut that off.
    if (size > header.pageCount * PAGE_SIZE) pager.tryTruncate(header.pageCount);
    return pager;
  }

  /** The durable header. */
  get header(): Header {
    return this.durable;
  }

  /** The page `pageNo`, checksum-verified; the returned buffer must never be modified. */
  read(pageNo: number): Uint8Array {
    const cached = this.cache.get(pageNo);
    if (cached !== undefined) return cached;
    this.check();
    if (pageNo < HEADER_PAGES || pageNo >= this.pageCount) {
      throw new StorageError('CORRUPT', `page ${pageNo} is referenced but lies outside the data pages [2, ${this.pageCount})`);
    }
    const page = new Uint8Array(PAGE_SIZE);
    let n: number;
    try {
      n = this.file.read(pageNo * PAGE_SIZE, page);
    } catch (cause) {
      throw asStorageError(cause, `cannot read page ${pageNo}`);
    }
    this.counters.pagesRead++;
    if (n !== PAGE_SIZE || !checksumOk(page, pageNo)) {
      throw new StorageError('CORRUPT', `page ${pageNo} is corrupt (${n !== PAGE_SIZE ? `short read: ${n} bytes` : 'checksum mismatch'})`);
    }
    this.remember(pageNo, page);
    return page;
  }

  /** A page number free to write in the state being built (lowest first, else the file grows). */
  allocate(): number {
    this.check();
    const pageNo = this.free.length > 0 ? heapPop(this.free) : this.pageCount++;
    this.fresh.add(pageNo);
    return pageNo;
  }

  /** Writes `page` (PAGE_SIZE bytes, owned by the pager from now on) to an allocated page. */
  write(pageNo: number, page: Uint8Array): void {
    this.check();
    if (!this.fresh.has(pageNo)) throw new Error(`pager: page ${pageNo} was not allocated in this state (copy-on-write violated)`);
    sealPage(page, pageNo);
    try {
      this.file.write(pageNo * PAGE_SIZE, page);
    } catch (cause) {
      throw asStorageError(cause, `cannot write page ${pageNo}`);
    }
    this.counters.pagesWritten++;
    this.remember(pageNo, page);
  }

  /** The state being built no longer uses `pageNo`: free now if fresh, else after the next commit. */
  release(pageNo: number): void {
    if (this.fresh.delete(pageNo)) heapPush(this.free, pageNo);
    else this.pending.push(pageNo);
  }

  /** Forgets every allocation and release since the last commit (the built state is abandoned). */
  discard(): void {
    for (const p of this.fresh) heapPush(this.free, p);
    this.fresh.clear();
    this.pending = [];
  }

  /**
   * Makes the built state durable: flushes the written pages, writes the new freelist, then the
   * other header page (sequence + 1) and flushes again. Pages released since the last commit
   * become allocatable only now. Trailing free pages are cut off the file.
   */
  commit(directoryRoot: number, checkpointLsn: number): void {
    this.check();
    const durableFree = this.free.slice().sort((a, b) => a - b);
    const listed = new Set<number>(durableFree);
    for (const p of this.pending) listed.add(p);
    for (const p of this.freelistPages) listed.add(p); // the old freelist is live until this switch
    // Freelist pages come from durable-free pages (lowest first), else from the end of the file.
    let pageCount = this.pageCount;
    const taken: number[] = [];
    let next = 0;
    for (;;) {
      const need = Math.ceil((listed.size) / FREELIST_PER_PAGE);
      if (need <= taken.length) break;
      while (taken.length < need) {
        if (next < durableFree.length) {
          const p = durableFree[next++];
          taken.push(p);
          listed.delete(p);
        } else taken.push(pageCount++);
      }
    }
    const entries = [...listed].sort((a, b) => a - b);
    while (entries.length > 0 && entries[entries.length - 1] === pageCount - 1) {
      entries.pop();
      pageCount--;
    }
    try {
      for (let i = 0; i < taken.length; i++) {
        const page = new Uint8Array(PAGE_SIZE);
        const view = new DataView(page.buffer);
        page[0] = PageKind.freelist;
        view.setUint32(FL_NEXT, i + 1 < taken.length ? taken[i + 1] : 0, true);
        const slice = entries.slice(i * FREELIST_PER_PAGE, (i + 1) * FREELIST_PER_PAGE);
        view.setUint32(FL_COUNT, slice.length, true);
        for (let j = 0; j < slice.length; j++) view.setUint32(FL_ENTRIES + 4 * j, slice[j], true);
        sealPage(page, taken[i]);
        this.file.write(taken[i] * PAGE_SIZE, page);
        this.counters.pagesWritten++;
      }
      this.file.flush();
    } catch (cause) {
      throw asStorageError(cause, 'checkpoint: cannot write the freelist');
    }
    const header: Header = {
      sequence: this.durable.sequence + 1,
      checkpointLsn,
      directoryRoot,
      freelistHead: taken.length > 0 ? taken[0] : 0,
      pageCount,
      freeCount: entries.length,
    };
    try {
      const page = encodeHeader(header);
      this.file.write((header.sequence & 1) * PAGE_SIZE, page);
      this.file.flush();
    } catch (cause) {
      // The header may or may not have reached the disk: continuing could overwrite pages it
      // reaches, so every further call fails until the store is reopened (recovery decides).
      this.broken = asStorageError(cause, 'checkpoint: the header switch failed; reopen the database');
      throw this.broken;
    }
    this.counters.headerSwitches++;
    this.durable = header;
    this.freelistPages = taken;
    this.free.length = 0;
    for (const p of entries) this.free.push(p); // sorted ascending: already a min-heap
    this.fresh.clear();
    this.pending = [];
    for (const p of [...this.cache.keys()]) if (p >= pageCount) this.cache.delete(p);
    if (this.pageCount > pageCount) {
      this.pageCount = pageCount;
      this.tryTruncate(pageCount);
    }
    this.pageCount = pageCount;
  }

  /** Pages listed free in the current (in-memory) state: for the structural checker. */
  freePages(): number[] {
    return this.free.slice();
  }

  /** The durable freelist's own pages: for the structural checker. */
  freelistPageNumbers(): number[] {
    return this.freelistPages.slice();
  }

  /** Pages the durable state reaches that the built state released (free after the next commit). */
  pendingPages(): number[] {
    return this.pending.slice();
  }

  /** Pages allocated since the last commit. */
  freshPages(): number[] {
    return [...this.fresh];
  }

  /** Current length of the file in pages (including not yet committed growth). */
  get totalPages(): number {
    return this.pageCount;
  }

  stats(): PagerStats {
    return {
      ...this.counters,
      cacheHits: this.cache.hits,
      cacheMisses: this.cache.misses,
      cacheEvictions: this.cache.evictions,
      cacheBytes: this.cache.size * PAGE_SIZE,
      cacheCapacityBytes: this.cache.capacity * PAGE_SIZE,
      pageCount: this.pageCount,
      freePages: this.free.length,
    };
  }

  /** Drops every cached page (e.g. to measure cold reads). */
  dropCache(): void {
    this.cache.clear();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.cache.clear();
    try {
      this.file.close();
    } catch (cause) {
      throw asStorageError(cause, 'cannot close the database file');
    }
  }

  private check(): void {
    if (this.closed) throw new StorageError('CLOSED', 'the database file is closed');
    if (this.broken) throw this.broken;
  }

  private remember(pageNo: number, page: Uint8Array): void {
    this.cache.set(pageNo, page, isInterior(page[0]));
  }

  private loadFreelist(): void {
    const seen = new Set<number>();
    let pageNo = this.durable.freelistHead;
    while (pageNo !== 0) {
      if (seen.has(pageNo)) throw new StorageError('CORRUPT', `the freelist loops at page ${pageNo}`);
      seen.add(pageNo);
      const page = this.read(pageNo);
      if (page[0] !== PageKind.freelist) throw new StorageError('CORRUPT', `page ${pageNo} should be a freelist page (kind ${page[0]})`);
      const view = new DataView(page.buffer, page.byteOffset, PAGE_SIZE);
      const count = view.getUint32(FL_COUNT, true);
      if (count > FREELIST_PER_PAGE) throw new StorageError('CORRUPT', `freelist page ${pageNo} lists ${count} entries`);
      for (let i = 0; i < count; i++) {
        const p = view.getUint32(FL_ENTRIES + 4 * i, true);
        if (p < HEADER_PAGES || p >= this.durable.pageCount) throw new StorageError('CORRUPT', `freelist page ${pageNo} lists page ${p} outside the file`);
        this.free.push(p);
      }
      this.freelistPages.push(pageNo);
      pageNo = view.getUint32(FL_NEXT, true);
    }
    if (this.free.length !== this.durable.freeCount) {
      throw new StorageError('CORRUPT', `the freelist lists ${this.free.length} pages, the header says ${this.durable.freeCount}`);
    }
    this.free.sort((a, b) => a - b);
  }

  private tryTruncate(pages: number): void {
    try {
      this.file.truncate(pages * PAGE_SIZE);
    } catch {
      // Only space is lost: pages past the header's page count are never read and are cut next time.
    }
  }
}

/**
 * Whether a page of this kind is an interior page, cached in preference to others: a B+tree
 * branch, or the hash index's meta (0x10) and directory (0x11) pages.
 */
function isInterior(kind: number): boolean {
  return kind === PageKind.branch || kind === 0x10 || kind === 0x11;
}

function checksumOk(page: Uint8Array, pageNo: number): boolean {
  const stored = (page[PAGE_PAYLOAD] | (page[PAGE_PAYLOAD + 1] << 8) | (page[PAGE_PAYLOAD + 2] << 16) | (page[PAGE_PAYLOAD + 3] << 24)) >>> 0;
  return stored === xxh32(page, 0, PAGE_PAYLOAD, pageNo);
}

/** Stamps the checksum of `page` (xxHash32 of its payload seeded with its page number) into its last 4 bytes. */
function sealPage(page: Uint8Array, pageNo: number): void {
  const c = xxh32(page, 0, PAGE_PAYLOAD, pageNo);
  page[PAGE_PAYLOAD] = c & 0xff;
  page[PAGE_PAYLOAD + 1] = (c >>> 8) & 0xff;
  page[PAGE_PAYLOAD + 2] = (c >>> 16) & 0xff;
  page[PAGE_PAYLOAD + 3] = c >>> 24;
}

function encodeHeader(h: Header): Uint8Array {
  const page = new Uint8Array(PAGE_SIZE);
  const view = new DataView(page.buffer);
  page.set(MAGIC, H_MAGIC);
  page[0] = MAGIC[0];
  view.setUint32(H_VERSION, FORMAT_VERSION, true);
  view.setUint32(H_PAGE_SIZE, PAGE_SIZE, true);
  view.setBigUint64(H_SEQUENCE, BigInt(h.sequence), true);
  view.setBigUint64(H_LSN, BigInt(h.checkpointLsn), true);
  view.setUint32(H_DIRECTORY, h.directoryRoot, true);
  view.setUint32(H_FREELIST, h.freelistHead, true);
  view.setUint32(H_PAGE_COUNT, h.pageCount, true);
  view.setUint32(H_FREE_COUNT, h.freeCount, true);
  sealPage(page, h.sequence & 1);
  return page;
}

/** The header in slot `slot`, or null when it is missing, torn or not a Quire header. */
function readHeader(file: PageFile, slot: number): Header | null {
  const page = new Uint8Array(PAGE_SIZE);
  let n: number;
  try {
    n = file.read(slot * PAGE_SIZE, page);
  } catch (cause) {
    throw asStorageError(cause, `cannot read header page ${slot}`);
  }
  if (n !== PAGE_SIZE) return null;
  for (let i = 0; i < MAGIC.length; i++) if (page[H_MAGIC + i] !== MAGIC[i]) return null;
  const view = new DataView(page.buffer);
  const version = view.getUint32(H_VERSION, true);
  const pageSize = view.getUint32(H_PAGE_SIZE, true);
  if (!checksumOk(page, slot)) {
    // An older format checksums differently: name it rather than call the file corrupt.
    if (version >= 1 && version < FORMAT_VERSION) throw unsupported(version, pageSize);
    return null;
  }
  if (version !== FORMAT_VERSION || pageSize !== PAGE_SIZE) throw unsupported(version, pageSize);
  const sequence = Number(view.getBigUint64(H_SEQUENCE, true));
  if ((sequence & 1) !== slot) return null;
  return {
    sequence,
    checkpointLsn: Number(view.getBigUint64(H_LSN, true)),
    directoryRoot: view.getUint32(H_DIRECTORY, true),
    freelistHead: view.getUint32(H_FREELIST, true),
    pageCount: view.getUint32(H_PAGE_COUNT, true),
    freeCount: view.getUint32(H_FREE_COUNT, true),
  };
}

function unsupported(version: number, pageSize: number): StorageError {
  return new StorageError(
    'CORRUPT',
    `unsupported database format (version ${version}, page size ${pageSize}; this build reads version ${FORMAT_VERSION}, ${PAGE_SIZE}); it was written by another build of Quire and is not upgraded in place`,
  );
}

function heapPush(heap: number[], value: number): void {
  let i = heap.push(value) - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (heap[parent] <= value) break;
    heap[i] = heap[parent];
    i = parent;
  }
  heap[i] = value;
}

function heapPop(heap: number[]): number {
  const top = heap[0];
  const last = heap.pop() as number;
  if (heap.length > 0) {
    let i = 0;
    const n = heap.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && heap[r] < heap[l] ? r : l;
      if (heap[c] >= last) break;
      heap[i] = heap[c];
      i = c;
    }
    heap[i] = last;
  }
  return top;
}
