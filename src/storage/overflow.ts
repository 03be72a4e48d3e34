// Overflow chains: a value too large for its node stored across linked pages
// (`[0]` kind · `[4,8)` next page or 0 · `[8,12)` bytes on this page · data from 12).
// Owns the chain layout; never decides when a value overflows (the B+tree and hash index do).
import { put32, u32 } from './bytes.ts';
import { StorageError } from './errors.ts';
import { PAGE_PAYLOAD, PAGE_SIZE, type Pager } from './pager.ts';

const NEXT = 4;
const LENGTH = 8;
const DATA = 12;
/** Value bytes one overflow page holds. */
export const OVERFLOW_CAPACITY = PAGE_PAYLOAD - DATA;

/** Where chain pages come from (a PageAccount fits). */
export interface ChainAllocator {
  readonly pager: Pager;
  allocate(): number;
}

/** Writes `value` to a new chain of pages of `kind`; returns its first page. */
export function writeChain(acct: ChainAllocator, kind: number, value: Uint8Array): number {
  const pages: number[] = [];
  for (let at = 0; at < value.length; at += OVERFLOW_CAPACITY) pages.push(acct.allocate());
  for (let i = 0; i < pages.length; i++) {
    const page = new Uint8Array(PAGE_SIZE);
    page[0] = kind;
    const chunk = value.subarray(i * OVERFLOW_CAPACITY, (i + 1) * OVERFLOW_CAPACITY);
    put32(page, NEXT, i + 1 < pages.length ? pages[i + 1] : 0);
    put32(page, LENGTH, chunk.length);
    page.set(chunk, DATA);
    acct.pager.write(pages[i], page);
  }
  return pages[0];
}

/** Reads the `length` bytes of the chain of `kind` starting at `first`. */
export function readChain(pager: Pager, kind: number, first: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let at = 0;
  let pageNo = first;
  while (at < length) {
    if (pageNo === 0) throw new StorageError('CORRUPT', `an overflow chain ends after ${at} of ${length} bytes`);
    const page = chainPage(pager, kind, pageNo);
    const n = u32(page, LENGTH);
    if (n > OVERFLOW_CAPACITY || at + n > length) throw new StorageError('CORRUPT', `overflow page ${pageNo} holds a bad length ${n}`);
    out.set(page.subarray(DATA, DATA + n), at);
    at += n;
    pageNo = u32(page, NEXT);
  }
  return out;
}

/** The page numbers of the chain of `kind` starting at `first`. */
export function chainPages(pager: Pager, kind: number, first: number): number[] {
  const pages: number[] = [];
  const seen = new Set<number>();
  for (let p = first; p !== 0; p = u32(chainPage(pager, kind, p), NEXT)) {
    if (seen.has(p)) throw new StorageError('CORRUPT', `the overflow chain from page ${first} loops at page ${p}`);
    seen.add(p);
    pages.push(p);
  }
  return pages;
}

function chainPage(pager: Pager, kind: number, pageNo: number): Uint8Array {
  const page = pager.read(pageNo);
  if (page[0] !== kind) throw new StorageError('CORRUPT', `page ${pageNo} should be an overflow page (kind ${kind}) but is of kind ${page[0]}`);
  return page;
}
