// The streaming bulk builder writes exactly the pages the entry-object builder it replaced wrote:
// a reference copy of that builder (one copied LeafEntry per entry, leaves laid out at flush) and
// the real one build from the same random ascending entries, and their files must match byte for
// byte. The real builder is fed from one reused, scribbled-over buffer (it must keep no caller bytes);
// refused adds (unsorted, key too large) must leave no trace.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkTree, MAX_INLINE_ENTRY, MAX_KEY_BYTES, PageAccount, TreeBuilder, TreeCursor, type TreeRoot } from '../../src/storage/btree.ts';
import { put16, put32 } from '../../src/storage/bytes.ts';
import { MemoryFile } from '../../src/storage/file/memory.ts';
import { compareBytes } from '../../src/storage/keys.ts';
import { writeChain } from '../../src/storage/overflow.ts';
import { PAGE_PAYLOAD, PAGE_SIZE, PageKind, Pager } from '../../src/storage/pager.ts';

// ---- the reference: the builder as it was, one copied entry object per entry ----------------

const CAPACITY = PAGE_PAYLOAD - 4; // node header: kind u8, flags u8, count u16
interface Entry {
  key: Uint8Array;
  inline: Uint8Array | null;
  overflow: number;
  length: number;
}
interface Ref {
  key: Uint8Array;
  page: number;
}

/** Writes a node of `kind`: header, slot array, then each item as `put` lays it out (returns its end). */
function writeNode<T extends { key: Uint8Array }>(acct: PageAccount, kind: number, items: T[], put: (page: Uint8Array, off: number, item: T, i: number) => number): Ref {
  const page = new Uint8Array(PAGE_SIZE);
  page[0] = kind;
  put16(page, 2, items.length);
  let off = 4 + 2 * items.length;
  items.forEach((item, i) => {
    put16(page, 4 + 2 * i, off);
    off = put(page, off, item, i);
  });
  const pageNo = acct.allocate();
  acct.pager.write(pageNo, page);
  return { key: items[0].key, page: pageNo };
}

const writeLeaf = (acct: PageAccount, entries: Entry[]): Ref =>
  writeNode(acct, PageKind.leaf, entries, (page, off, e) => {
    put16(page, off, e.key.length);
    page[off + 2] = e.inline ? 0 : 1;
    put32(page, off + 3, e.length);
    page.set(e.key, off + 7);
    off += 7 + e.key.length;
    if (e.inline === null) {
      put32(page, off, e.overflow);
      return off + 4;
    }
    page.set(e.inline, off);
    return off + e.inline.length;
  });

const writeBranch = (acct: PageAccount, refs: Ref[]): Ref =>
  writeNode(acct, PageKind.branch, refs, (page, off, r, i) => {
    const key = i === 0 ? new Uint8Array(0) : r.key;
    put32(page, off, r.page);
    put16(page, off + 4, key.length);
    page.set(key, off + 6);
    return off + 6 + key.length;
  });

class ReferenceBuilder {
  private leaf: Entry[] = [];
  private leafFill = 0;
  private readonly levels: Ref[][] = [];
  private readonly levelFill: number[] = [];
  constructor(private readonly acct: PageAccount) {}

  add(key: Uint8Array, value: Uint8Array): void {
    key = key.slice();
    value = value.slice();
    const e: Entry = key.length + value.length <= MAX_INLINE_ENTRY
      ? { key, inline: value, overflow: 0, length: value.length }
      : { key, inline: null, overflow: writeChain(this.acct, PageKind.overflow, value), length: value.length };
    const s = 9 + key.length + (e.inline ? value.length : 4);
    if (this.leafFill + s > CAPACITY) this.flushLeaf();
    this.leaf.push(e);
    this.leafFill += s;
  }

  finish(): TreeRoot {
    if (this.leaf.length > 0) this.flushLeaf();
    let height = 1;
    for (let level = 0; level < this.levels.length; level++) {
      const refs = this.levels[level];
      if (level === this.levels.length - 1 && refs.length === 1) return { root: refs[0].page, height };
      if (refs.length > 0) this.push(level + 1, writeBranch(this.acct, refs));
      height++;
    }
    return { root: 0, height: 0 };
  }

  private flushLeaf(): void {
    this.push(0, writeLeaf(this.acct, this.leaf));
    this.leaf = [];
    this.leafFill = 0;
  }

  private push(level: number, ref: Ref): void {
    while (this.levels.length <= level) {
      this.levels.push([]);
      this.levelFill.push(0);
    }
    const s = 8 + ref.key.length;
    if (this.levelFill[level] + s > CAPACITY && this.levels[level].length > 1) {
      this.push(level + 1, writeBranch(this.acct, this.levels[level]));
      this.levels[level] = [];
      this.levelFill[level] = 0;
    }
    this.levels[level].push(ref);
    this.levelFill[level] += s;
  }
}

// ---- the property ----------------------------------------------------------------------------

/** The first byte offset at which the two files differ, or -1 when they are identical. */
function firstDifference(a: MemoryFile, b: MemoryFile): number {
  const x = new Uint8Array(a.size());
  const y = new Uint8Array(b.size());
  a.read(0, x);
  b.read(0, y);
  if (x.length !== y.length) return Math.min(x.length, y.length);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return i;
  return -1;
}

/** `size` bytes derived from `seed` (values are big; drawing each byte from fast-check is slow). */
const valueOf = (seed: number, size: number): Uint8Array => {
  const v = new Uint8Array(size);
  for (let i = 0; i < size; i++) v[i] = (seed * 31 + i * 7 + (i >> 8)) & 0xff;
  return v;
};

// keys mostly behind one long shared head per run (long keys: few per page, so deep trees from few
// entries), some without it; the head's fill byte puts those below or above the rest
const headArb = fc.constantFrom(0, 40, 600, 1000);
const keyOf = (head: number, [headed, tail]: [boolean, Uint8Array]): Uint8Array => {
  const h = headed ? head : 0;
  const k = new Uint8Array(Math.min(h + tail.length, MAX_KEY_BYTES)).fill(h & 0xff, 0, h);
  k.set(tail.subarray(0, k.length - h), h);
  return k;
};
const tailArb = fc.tuple(fc.boolean(), fc.uint8Array({ maxLength: 24 }));
const sizeArb = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 40 }) },
  { weight: 2, arbitrary: fc.integer({ min: 41, max: MAX_INLINE_ENTRY }) },
  { weight: 1, arbitrary: fc.integer({ min: MAX_INLINE_ENTRY - 30, max: 9000 }) }, // either side of the overflow bound
);
const hexOf = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('streaming bulk build', () => {
  it('writes byte-for-byte the pages of the entry-object builder, from a reused caller buffer, and ignores refused adds', () => {
    let deepest = 0;
    let overflowed = 0;
    fc.assert(
      fc.property(
        headArb,
        fc.array(fc.tuple(tailArb, sizeArb), { minLength: 1, maxLength: 400, size: 'max' }),
        fc.array(fc.tuple(fc.nat(), fc.constantFrom('same', 'earlier', 'huge')), { maxLength: 4 }),
        (head, drawn, refusals) => {
          const byKey = new Map(drawn.map(([tail, size]) => [hexOf(keyOf(head, tail)), size]));
          const entries = [...byKey.keys()].sort().map((k, i) => [Buffer.from(k, 'hex'), valueOf(i, byKey.get(k)!)] as const);
          const refFile = new MemoryFile();
          const refPager = Pager.open(refFile);
          const reference = new ReferenceBuilder(new PageAccount(refPager));
          const file = new MemoryFile();
          const pager = Pager.open(file);
          const builder = new TreeBuilder(new PageAccount(pager));
          const scratch = new Uint8Array(MAX_KEY_BYTES + 1 + 9000); // the caller's one reused buffer
          const refuseAt = new Map(refusals.map(([at, kind]) => [at % entries.length, kind]));
          entries.forEach(([k, v], i) => {
            reference.add(k, v);
            scratch.set(k, 0);
            scratch.set(v, k.length);
            builder.add(scratch.subarray(0, k.length), scratch.subarray(k.length, k.length + v.length));
            scratch.fill(0xa5); // the caller reuses its buffer: nothing kept from it may change
            const kind = refuseAt.get(i);
            if (kind === undefined) return;
            const bad = kind === 'same' ? k : kind === 'earlier' ? entries[i >> 1][0] : new Uint8Array(MAX_KEY_BYTES + 1).fill(255);
            expect(() => builder.add(bad, v)).toThrow(expect.objectContaining({ code: kind === 'huge' ? 'KEY_TOO_LARGE' : 'NOT_SORTED' }));
          });
          const want = reference.finish();
          const got = builder.finish();
          expect(got).toEqual(want);
          expect(builder.entries).toBe(entries.length);
          expect(firstDifference(file, refFile)).toBe(-1);
          // and the tree both built stores exactly what was given
          expect(checkTree(pager, got).entries).toBe(entries.length);
          const cursor = new TreeCursor(pager, got, true);
          cursor.seek(undefined, false);
          for (const [k, v] of entries) {
            if (!cursor.valid || compareBytes(cursor.key(), k) !== 0 || compareBytes(cursor.value(), v) !== 0) expect.fail(`entry ${hexOf(k)} is not stored as given`);
            cursor.advance();
          }
          expect(cursor.valid).toBe(false);
          deepest = Math.max(deepest, got.height);
          overflowed += entries.filter(([k, v]) => k.length + v.length > MAX_INLINE_ENTRY).length;
        },
      ),
      { numRuns: 80 },
    );
    expect(deepest).toBeGreaterThanOrEqual(3); // the runs built several branch levels
    expect(overflowed).toBeGreaterThan(0);
  });
});
