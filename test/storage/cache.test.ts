// The page cache against a model of its policy: two LRU lists (interior pages protected, up to a
// limit), eviction from the ordinary list first; random get/set/delete sequences must leave exactly
// the model's pages cached, never more than the capacity, and hand back the page last set.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PageCache } from '../../src/storage/cache.ts';

type Op = { k: 'get'; p: number } | { k: 'set'; p: number; interior: boolean } | { k: 'delete'; p: number };

/** Most recently used first. */
class Model {
  plain: number[] = [];
  prot: number[] = [];
  constructor(readonly capacity: number, readonly limit: number) {}
  private remove(p: number): void {
    this.plain = this.plain.filter((x) => x !== p);
    this.prot = this.prot.filter((x) => x !== p);
  }
  has(p: number): boolean {
    return this.plain.includes(p) || this.prot.includes(p);
  }
  get(p: number): void {
    if (this.prot.includes(p)) this.prot = [p, ...this.prot.filter((x) => x !== p)];
    else if (this.plain.includes(p)) this.plain = [p, ...this.plain.filter((x) => x !== p)];
  }
  set(p: number, interior: boolean): void {
    const present = this.has(p);
    this.remove(p);
    if (!present && this.plain.length + this.prot.length >= this.capacity) {
      if (this.plain.length === 0 || (interior && this.prot.length >= this.limit)) this.prot.pop();
      else this.plain.pop();
    }
    if (interior) this.prot.unshift(p);
    else this.plain.unshift(p);
    while (this.prot.length > this.limit) this.plain.unshift(this.prot.pop() as number);
  }
  delete(p: number): void {
    this.remove(p);
  }
}

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ k: fc.constant('get' as const), p: fc.nat(40) }) },
  { weight: 4, arbitrary: fc.record({ k: fc.constant('set' as const), p: fc.nat(40), interior: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('delete' as const), p: fc.nat(40) }) },
);

describe('PageCache', () => {
  it('keeps exactly the pages its two-list LRU policy says, within capacity', () => {
    // spread: page numbers far apart too, so that many share a place in the slot table (collisions,
    // deletions in the middle of a probe run)
    fc.assert(
      fc.property(fc.integer({ min: 16, max: 24 }), fc.array(opArb, { maxLength: 300 }), fc.constantFrom(1, 64, 4099, 1 << 20, 1 << 24), (capacity, unspread, spread) => {
        const ops = unspread.map((o) => ({ ...o, p: o.p * spread }));
        const cache = new PageCache(capacity);
        const model = new Model(capacity, cache.protectedLimit);
        const last = new Map<number, Uint8Array>();
        for (const op of ops) {
          if (op.k === 'get') {
            const got = cache.get(op.p);
            expect(got).toBe(model.has(op.p) ? last.get(op.p) : undefined);
            model.get(op.p);
          } else if (op.k === 'set') {
            const page = new Uint8Array(1);
            last.set(op.p, page);
            cache.set(op.p, page, op.interior);
            model.set(op.p, op.interior);
          } else {
            cache.delete(op.p);
            model.delete(op.p);
          }
          expect(cache.size).toBeLessThanOrEqual(capacity);
          expect(cache.size).toBe(model.plain.length + model.prot.length);
          expect([...cache.keys()].sort((a, b) => a - b)).toEqual([...model.plain, ...model.prot].sort((a, b) => a - b));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('a scan of many leaves does not evict the interior pages a lookup needs', () => {
    const cache = new PageCache(64);
    for (let p = 0; p < 50; p++) cache.set(p, new Uint8Array(1), true);
    for (let p = 1000; p < 5000; p++) cache.set(p, new Uint8Array(1), false);
    for (let p = 0; p < 50; p++) expect(cache.get(p)).toBeDefined();
    expect(cache.size).toBe(64);
  });
});
