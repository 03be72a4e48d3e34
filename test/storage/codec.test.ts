// The WAL payload of a write set: random write sets (puts, deletes, dropped and re-created trees,
// count deltas, empty and large values) round-trip through encodeLayer / applyLayerRecord exactly as
// merging the write set itself would; a payload cut at a tree boundary decodes the trees before it,
// cut anywhere else it fails as CORRUPT (the WAL checksum passed, so it is damage, not a torn write).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Packr } from 'msgpackr';
import { applyLayerRecord, decodeValue, decodeValueIn, encodeLayer, encodeValue } from '../../src/storage/codec.ts';
import { StorageError } from '../../src/storage/errors.ts';
import { unpackValue } from '../../src/storage/unpack.ts';
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

// ---- values: unpack.ts reads what msgpackr writes, exactly as msgpackr reads it ---------------

const valueArb = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null), fc.constant(undefined), fc.boolean(), fc.integer(), fc.integer({ min: -70000, max: 70000 }), fc.double(), fc.maxSafeInteger(),
    fc.float(), fc.bigInt({ min: -(1n << 63n), max: (1n << 64n) - 1n }), fc.bigInt({ min: -(1n << 200n), max: 1n << 200n }),
    fc.string(), fc.string({ unit: 'grapheme', maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 100 }), fc.string({ minLength: 60, maxLength: 70 }),
    fc.string({ maxLength: 80 }).map((s) => '\uFEFF' + s), // a leading byte-order mark is text, kept
    fc.uint8Array({ maxLength: 300 }), fc.date({ noInvalidDate: true }),
    fc.array(tie('v'), { maxLength: 20 }), fc.dictionary(fc.string({ maxLength: 40 }), tie('v'), { maxKeys: 20 }),
    fc.dictionary(fc.constantFrom('id', 'name', 'height', '__proto__', 'ünï', 'a'.repeat(33)), tie('v'), { maxKeys: 6 }),
  ),
})).v;

describe('value decoding', () => {
  const packr = new Packr({ useRecords: false, useBigIntExtension: true, int64AsType: 'bigint' });
  const msgpackr = (bytes: Uint8Array, start: number, end: number): unknown => packr.unpack(bytes, { start, end });

  it('decodeValueIn equals msgpackr on every value the store can hold, at any offset of a larger buffer', () => {
    fc.assert(
      fc.property(valueArb, fc.nat({ max: 40 }), fc.nat({ max: 40 }), (v, before, after) => {
        const bytes = encodeValue(v);
        const page = new Uint8Array(before + bytes.length + after).fill(0xc1);
        page.set(bytes, before);
        const expected = msgpackr(page, before, before + bytes.length);
        expect(decodeValueIn(page, before, before + bytes.length)).toStrictEqual(expected);
        expect(decodeValue(bytes)).toStrictEqual(msgpackr(bytes, 0, bytes.length));
      }),
      { numRuns: 1500 },
    );
  });

  it('plain rows (no extension types, well-formed text) are read by unpack.ts itself, never declined', () => {
    const plain = fc.letrec((tie) => ({
      v: fc.oneof(
        { depthSize: 'small' },
        fc.constant(null), fc.boolean(), fc.integer(), fc.double(), fc.bigInt({ min: -(1n << 63n), max: (1n << 64n) - 1n }),
        fc.string(), fc.string({ unit: 'grapheme', maxLength: 100 }), fc.uint8Array({ maxLength: 50 }),
        fc.array(tie('v'), { maxLength: 10 }), fc.dictionary(fc.string({ maxLength: 20 }).filter((k) => k !== '__proto__'), tie('v'), { maxKeys: 10 }),
      ),
    })).v;
    fc.assert(
      fc.property(plain, (v) => {
        const bytes = encodeValue(v);
        expect(unpackValue(bytes, 0, bytes.length)).toStrictEqual(msgpackr(bytes, 0, bytes.length));
      }),
      { numRuns: 500 },
    );
  });

  it('binary values are views of the buffer they were read from (no copy)', () => {
    const bytes = encodeValue([new Uint8Array([1, 2, 3])]);
    const v = decodeValueIn(bytes, 0, bytes.length) as Uint8Array[];
    expect(v[0].buffer).toBe(bytes.buffer);
  });

  it('strings at the length boundaries and lone surrogates decode as msgpackr decodes them', () => {
    for (const n of [...Array.from({ length: 70 }, (_, i) => i), 255, 256, 65535, 65536]) {
      const varied = Array.from({ length: n }, (_, i) => String.fromCharCode(33 + ((i * 7) % 94))).join('');
      for (const s of [varied, 'x'.repeat(n), 'é'.repeat(n), '☃'.repeat(n), '😀'.repeat(n >> 1), '\ud800'.repeat(n >> 3), '\uFEFF'.repeat(n >> 2)]) {
        const bytes = encodeValue({ [s.slice(0, 40)]: s, list: [s, s] });
        expect(decodeValue(bytes)).toStrictEqual(msgpackr(bytes, 0, bytes.length));
      }
    }
  });

  it('damaged values (cut short, trailing bytes, a reserved type byte) fail or decode as with msgpackr, failures as CORRUPT', () => {
    fc.assert(
      fc.property(valueArb, fc.nat(), (v, cut) => {
        const bytes = encodeValue([v, 'x']);
        const short = bytes.subarray(0, cut % bytes.length);
        let ours: unknown;
        try { ours = decodeValue(short); } catch (e) { ours = (e as StorageError).code; }
        let theirs: unknown;
        try { theirs = msgpackr(short, 0, short.length); } catch { theirs = 'CORRUPT'; }
        expect(ours).toStrictEqual(theirs);
      }),
      { numRuns: 300 },
    );
    for (const damaged of [[0x92, 1, 2, 3], [0xc1], [0x91, 0xc1], [0xa5, 0x61], [0xdc, 0xff, 0xff, 1]]) {
      const bytes = new Uint8Array(damaged);
      let theirs: unknown;
      try { theirs = msgpackr(bytes, 0, bytes.length); } catch { theirs = 'CORRUPT'; }
      let ours: unknown;
      try { ours = decodeValue(bytes); } catch (e) { ours = (e as StorageError).code; }
      expect(ours).toStrictEqual(theirs);
    }
  });
});
