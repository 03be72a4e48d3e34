// The loader's external sort (runs.ts) against a model: whatever the keys (long shared prefixes,
// equal keys, empty keys), the budget (down to a run per entry, many merge levels) and the number
// of streams, a merge yields every entry once, in byte order of the keys, equal keys in stream
// order and then arrival order, with its value (null ones too) and origin; nothing is left in
// scratch trees. Long keys (1,000 bytes: two fill a 2 KB key chunk) cross the buffers' chunk boundaries.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { compareBytes } from '../../src/storage/keys.ts';
import { RunStore } from '../../src/catalog/runs.ts';
import { memoryStore } from './helpers.ts';

const byte = fc.oneof(fc.constantFrom(0, 1, 2, 0x13, 0xff), fc.integer({ min: 0, max: 255 }));
const bytes = (max: number) => fc.array(byte, { maxLength: max });
// short keys, keys of few distinct bytes, and keys sharing a long prefix (sorted past the first bytes)
const key = fc.oneof(
  { arbitrary: fc.uint8Array({ maxLength: 3 }), weight: 4 },
  { arbitrary: bytes(12).map((a) => Uint8Array.from(a)), weight: 4 },
  { arbitrary: bytes(14).map((a) => Uint8Array.from([0x20, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, ...a])), weight: 4 },
  // long keys, equal up to a last byte or two, so they sort by their tails
  { arbitrary: bytes(2).map((a) => Uint8Array.from([...new Uint8Array(1000).fill(0x20), ...a])), weight: 1 },
);
/** Every third entry has a null value (spilled as its origin alone), the others an object. */
const valueOf = (i: number): unknown => (i % 3 === 0 ? null : { at: i });

describe('sorted runs', () => {
  test('merge = a stable sort of the entries by key bytes, at any budget', () => {
    fc.assert(fc.property(fc.array(fc.array(key, { maxLength: 150 }), { minLength: 1, maxLength: 3 }), fc.constantFrom(1, 200, 2000, 1 << 20), (streams, budget) => {
      const store = memoryStore();
      const tx = store.begin();
      const runs = new RunStore(tx, budget);
      const handles = streams.map(() => runs.stream());
      // interleave the streams' additions (spills happen in the middle of any stream)
      const expected: { key: string; stream: number; origin: number }[] = [];
      for (let i = 0; i < Math.max(...streams.map((s) => s.length)); i++)
        streams.forEach((s, j) => {
          if (i >= s.length) return;
          handles[j].add(s[i], valueOf(i), i, 10);
          expected.push({ key: Buffer.from(s[i]).toString('hex'), stream: j, origin: i });
        });
      expected.sort((a, b) => compareBytes(Buffer.from(a.key, 'hex'), Buffer.from(b.key, 'hex')) || a.stream - b.stream || a.origin - b.origin);
      const got = [...runs.merge(handles)].map((e) => ({ key: Buffer.from(e.key).toString('hex'), stream: e.stream, origin: e.origin, value: e.value }));
      runs.release();
      expect(got).toEqual(expected.map((e) => ({ ...e, value: valueOf(e.origin) })));
      expect(runs.stats.peakBufferedBytes).toBeLessThanOrEqual(budget + 10 + 1002 + 48); // one entry (key of at most 1002 bytes) past the budget
      tx.commit();
      expect(store.trees().filter((t) => t.startsWith('quire:load:'))).toEqual([]);
    }), { numRuns: 200 });
  });

  test('a key that is another followed by zero bytes, both repeated and spilled: in order, and every scratch tree a valid B-tree', () => {
    // A sequence suffix on the key ([a] + seq vs [a, 0] + seq) would put such keys out of byte order
    // in a scratch tree, which its bulk build refuses (NOT_SORTED).
    const a = Uint8Array.from([7, 7]);
    const keys = [Uint8Array.from([5]), Uint8Array.from([7, 7, 0, 0]), a, Uint8Array.from([7, 7, 0]), Uint8Array.from([5]), a, Uint8Array.from([7, 7, 0, 0, 0, 1]), Uint8Array.from([7, 7, 0])];
    for (let budget = 1; budget <= 800; budget += 13) {
      const store = memoryStore();
      const tx = store.begin();
      const runs = new RunStore(tx, budget);
      const s = runs.stream();
      keys.forEach((k, i) => s.add(k, valueOf(i), i, 10));
      const got = [...runs.merge([s])].map((e) => [Array.from(e.key), e.origin]);
      runs.release();
      const want = keys.map((k, i) => [Array.from(k), i] as const).sort((x, y) => compareBytes(Uint8Array.from(x[0]), Uint8Array.from(y[0])) || x[1] - y[1]);
      expect(got, `budget ${budget}`).toEqual(want);
      tx.commit();
    }
  });
});
