// The memtable's SortedMap alone, against a plain Map model: random interleavings of sets
// (new keys and overwrites, in bursts big and small, so chunks split again and again), point
// reads, full ordered walks and cursor seeks both ways, and clear.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SortedMap } from '../../src/storage/memtable.ts';
import { hex, unhex } from './support.ts';

const key = (n: number): Uint8Array => (n % 3 === 0 ? Uint8Array.of(n >> 8, n & 0xff) : Uint8Array.of(n >> 8, n & 0xff, n % 7));

describe('memtable SortedMap', () => {
  it('agrees with a sorted model under interleaved bursts of sets, reads, walks and seeks', () => {
    const burst = fc.record({
      sets: fc.array(fc.record({ k: fc.integer({ min: 0, max: 2000 }), v: fc.integer() }), { maxLength: 300 }),
      probes: fc.array(fc.record({ k: fc.integer({ min: 0, max: 2001 }), forward: fc.boolean(), exclusive: fc.boolean(), from: fc.boolean() }), { maxLength: 4 }),
      walk: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(burst, { minLength: 1, maxLength: 12 }), (bursts) => {
        const map = new SortedMap<number>();
        const model = new Map<string, number>();
        for (const b of bursts) {
          for (const { k, v } of b.sets) {
            const h = hex(key(k));
            expect(map.set(key(k), v)).toBe(model.get(h));
            model.set(h, v);
            expect(map.get(key(k))).toBe(v);
          }
          expect(map.size).toBe(model.size);
          const sorted = [...model.keys()].sort();
          for (const p of b.probes) {
            const at = hex(key(p.k));
            const c = map.cursor(p.forward);
            const got: string[] = [];
            for (c.seek(p.from ? key(p.k) : undefined, p.exclusive); c.valid && got.length < 50; c.advance()) {
              got.push(hex(c.key()));
              expect(c.value()).toBe(model.get(hex(c.key())));
            }
            const want = !p.from
              ? (p.forward ? sorted : [...sorted].reverse())
              : p.forward
                ? sorted.filter((x) => (p.exclusive ? x > at : x >= at))
                : sorted.filter((x) => (p.exclusive ? x < at : x <= at)).reverse();
            expect(got).toEqual(want.slice(0, 50));
            expect(map.has(key(p.k))).toBe(model.has(at));
          }
          if (b.walk) {
            const walked: string[] = [];
            map.forEach((k, v) => {
              walked.push(hex(k));
              expect(v).toBe(model.get(hex(k)));
            });
            expect(walked).toEqual(sorted);
          }
        }
        expect(sortedKeys(map)).toEqual([...model.keys()].sort());
        map.clear();
        expect(map.size).toBe(0);
        expect(map.get(unhex(hex(key(1))))).toBeUndefined();
        expect(sortedKeys(map)).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  it('orders keys of any length that share long prefixes, also when a later key shares less, and seeks keys outside them', () => {
    // keys = a common stem + a short tail over a tiny alphabet: equal 6-byte heads, prefixes of
    // each other, and stems that shrink as keys arrive; probes also come from other stems
    const stem = fc.constantFrom(Uint8Array.of(), Uint8Array.of(0x20, 0x70, 0x65, 0x72, 0x73, 0x6f, 0x6e), Uint8Array.of(0x20, 0x70, 0x65, 0x72), Uint8Array.of(0x20, 0x71));
    const keyArb = fc.tuple(stem, fc.uint8Array({ maxLength: 9 }).map((t) => t.map((b) => [0, 1, 0x2d, 0xff][b & 3]))).map(([s, t]) => Uint8Array.from([...s, ...t]));
    fc.assert(
      fc.property(fc.array(keyArb, { minLength: 1, maxLength: 300 }), fc.array(fc.record({ k: keyArb, forward: fc.boolean(), exclusive: fc.boolean() }), { maxLength: 10 }), fc.boolean(), (unsorted, probes, ascending) => {
        // ascending: every key lands past the last one (the append path that opens new chunks)
        const keys = ascending ? [...unsorted].sort((a, b) => (hex(a) < hex(b) ? -1 : hex(a) > hex(b) ? 1 : 0)) : unsorted;
        const map = new SortedMap<number>();
        const model = new Map<string, number>();
        keys.forEach((k, i) => {
          expect(map.set(k, i)).toBe(model.get(hex(k)));
          model.set(hex(k), i);
        });
        const sorted = [...model.keys()].sort();
        expect(sortedKeys(map)).toEqual(sorted);
        for (const p of probes) {
          const at = hex(p.k);
          expect(map.get(p.k)).toBe(model.get(at));
          const c = map.cursor(p.forward);
          const got: string[] = [];
          for (c.seek(p.k, p.exclusive); c.valid; c.advance()) got.push(hex(c.key()));
          const want = p.forward ? sorted.filter((x) => (p.exclusive ? x > at : x >= at)) : sorted.filter((x) => (p.exclusive ? x < at : x <= at)).reverse();
          expect(got).toEqual(want);
        }
      }),
      { numRuns: 200 },
    );
  });
});

function sortedKeys(map: SortedMap<number>): string[] {
  const out: string[] = [];
  map.forEach((k) => out.push(hex(k)));
  return out;
}
