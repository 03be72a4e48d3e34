// The WAL payload of a write set: random write sets (puts, deletes, dropped and re-created trees,
// count deltas, empty and large values) round-trip through encodeLayer / applyLayerRecord exactly as
// merging the write set itself would; a payload cut at a tree boundary decodes the trees before it,
// cut anywhere else it fails as CORRUPT (the WAL checksum passed, so it is damage, not a torn write).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyLayerRecord, encodeLayer } from '../../src/storage/codec.ts';
import { Layer, type TreeKind } from '../../src/storage/memtable.ts';
import { hex } from './support.ts';

const treeArb: fc.Arbitrary<TreeWrites> = fc.record({
  name: fc.constantFrom('a', 'people', 'idx:name', 'Ünïcode ✓', ''),
  reset: fc.option(fc.constantFrom<TreeKind | null>('btree', 'hash', null), { nil: undefined }),
  count: fc.integer({ min: -1000, max: 1000 }),
  writes: fc.array(fc.tuple(fc.uint8Array({ minLength: 0, maxLength: 20 }), fc.option(fc.uint8Array({ maxLength: 300 }), { nil: null })), { maxLength: 30 }),
});

type TreeWrites = { name: string; reset: TreeKind | null | undefined; count: number; writes: [Uint8Array, Uint8Array | null][] };

function build(trees: TreeWrites[]): Layer {
  const layer = new Layer();
  for (const t of trees) {
    if (t.reset !== undefined) layer.reset(t.name, t.reset);
    for (const [k, v] of t.writes) layer.write(t.name, k, v, 0);
    layer.change(t.name).count += t.count;
  }
  return layer;
}

function shape(layer: Layer): unknown {
  return [...layer.trees].map(([name, c]) => {
    const entries: [string, string | null][] = [];
    c.entries.forEach((k, v) => entries.push([hex(k), v === null ? null : hex(v)]));
    return { name, reset: c.reset, kind: c.kind, count: c.count, entries };
  });
}

describe('WAL payload codec', () => {
  it('a write set round-trips, onto an empty layer and onto one with earlier changes', () => {
    fc.assert(
      fc.property(fc.array(treeArb, { maxLength: 4 }), fc.array(treeArb, { maxLength: 3 }), (trees, earlier) => {
        const payload = encodeLayer(build(trees));
        const decoded = new Layer();
        applyLayerRecord(payload, 1, decoded);
        expect(shape(decoded)).toEqual(shape(build(trees)));
        // replay onto earlier changes = merging the write set into them
        const merged = build(earlier);
        build(trees).applyTo(merged);
        const replayed = build(earlier);
        applyLayerRecord(payload, 2, replayed);
        expect(shape(replayed)).toEqual(shape(merged));
        expect(replayed.bytes).toBe(merged.bytes);
      }),
      { numRuns: 150 },
    );
  });

  it('a payload cut at a tree boundary decodes the trees before it; cut anywhere else it throws CORRUPT', () => {
    fc.assert(
      fc.property(fc.array(treeArb, { minLength: 1, maxLength: 3 }), fc.nat(), (trees, at) => {
        const layer = build(trees);
        const payload = encodeLayer(layer);
        // each tree's section on its own gives the boundaries
        const bounds = new Map<number, Layer>([[0, new Layer()]]);
        let end = 0;
        const prefix = new Layer();
        for (const [name, change] of layer.trees) {
          const one = new Layer();
          one.trees.set(name, change);
          end += encodeLayer(one).length;
          prefix.trees.set(name, change);
          const copy = new Layer();
          for (const [n, c] of prefix.trees) copy.trees.set(n, c);
          bounds.set(end, copy);
        }
        expect(end).toBe(payload.length);
        const length = at % (payload.length + 1);
        const decoded = new Layer();
        const expected = bounds.get(length);
        if (expected !== undefined) {
          applyLayerRecord(payload.subarray(0, length), 7, decoded);
          expect(shape(decoded)).toEqual(shape(expected));
        } else {
          expect(() => applyLayerRecord(payload.subarray(0, length), 7, decoded)).toThrow(expect.objectContaining({ code: 'CORRUPT', message: expect.stringContaining('WAL record 7') }));
        }
      }),
      { numRuns: 200 },
    );
  });
});
