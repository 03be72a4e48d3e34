// Unit and property tests of the query engine's pure core: value order, filters, order, top-N,
// keyset cursors and aggregates, on plain rows against simple models.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compareStrings, deepEqual } from '../../src/query/values.ts';
import { compileOrderBy, rowComparator, topN } from '../../src/query/order.ts';
import { decodeCursor, encodeCursor, CursorError } from '../../src/query/cursor.ts';
import { bindFilter, compileWhere } from '../../src/query/filter.ts';
import { aggregate } from '../../src/query/aggregate.ts';
import type { EntityShape, Row } from '../../src/query/shape.ts';

const codePoints = (s: string) => [...s].map((c) => c.codePointAt(0)!);
function cpCompare(a: string, b: string): number {
  const x = codePoints(a), y = codePoints(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

const shape: EntityShape = {
  name: 'Person', key: 'id', keyType: { kind: 'ID', list: false },
  columns: new Map([
    ['id', { kind: 'ID', list: false }],
    ['name', { kind: 'String', list: false }],
    ['height', { kind: 'Int', list: false }],
    ['mass', { kind: 'Float', list: false }],
    ['born', { kind: 'DateTime', list: false }],
    ['mood', { kind: 'Enum', list: false, enumValues: ['SAD', 'OK', 'HAPPY'] }],
    ['tags', { kind: 'String', list: true }],
    ['alive', { kind: 'Boolean', list: false }],
  ]),
  relations: new Map(),
};

const rowArb = fc.record({
  id: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 4 }),
  name: fc.option(fc.string({ unit: 'binary', maxLength: 4 }), { nil: null }),
  height: fc.option(fc.integer({ min: -3, max: 3 }), { nil: null }),
  mass: fc.option(fc.double({ noNaN: true, noDefaultInfinity: true, min: -2, max: 2 }), { nil: null }),
  born: fc.option(fc.integer({ min: 0, max: 5 }), { nil: null }),
  mood: fc.option(fc.constantFrom('SAD', 'OK', 'HAPPY'), { nil: null }),
  tags: fc.option(fc.array(fc.constantFrom('a', 'b', 'c'), { maxLength: 3 }), { nil: null }),
  alive: fc.option(fc.boolean(), { nil: null }),
});
const rowsArb = fc.uniqueArray(rowArb, { selector: (r) => r.id, maxLength: 25 });

describe('string order', () => {
  it('compares by code point, not UTF-16 code unit', () => {
    expect(compareStrings('\u{1F600}', '\uFFFF')).toBeGreaterThan(0); // '<' says the opposite
    expect('\u{1F600}' < '\uFFFF').toBe(true);
    expect(compareStrings('10', '2')).toBeLessThan(0);
    fc.assert(fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (a, b) =>
      Math.sign(compareStrings(a, b)) === Math.sign(cpCompare(a, b))), { numRuns: 500 });
  });
});

describe('order and top-N', () => {
  const fields = ['name', 'height', 'mass', 'born', 'mood'] as const;
  const orderArb = fc.array(fc.record({ f: fc.constantFrom(...fields), d: fc.constantFrom('ASC', 'DESC') }), { maxLength: 3 });
  // Model: nulls last ASC / first DESC, enums by declaration rank, ties by id (code point).
  function model(o: { f: string; d: string }[]) {
    const rank = (f: string, v: unknown) => (f === 'mood' ? ['SAD', 'OK', 'HAPPY'].indexOf(v as string) : v);
    return (a: Row, b: Row) => {
      for (const { f, d } of o) {
        const x = a[f], y = b[f];
        let c = 0;
        if (x === null && y === null) c = 0;
        else if (x === null) c = 1;
        else if (y === null) c = -1;
        else if (typeof x === 'string' && f !== 'mood') c = cpCompare(x, y as string);
        else c = (rank(f, x) as number) - (rank(f, y) as number);
        if (d === 'DESC') c = -c;
        if (c !== 0) return c;
      }
      return cpCompare(a['id'] as string, b['id'] as string);
    };
  }
  it('sorts like the model, and topN equals a full sort prefix', () => {
    fc.assert(fc.property(rowsArb, orderArb, fc.nat(30), (rows, o, n) => {
      const ordering = compileOrderBy(shape, o.map(({ f, d }) => ({ [f]: d })));
      const cmp = rowComparator(ordering);
      const expected = [...rows].sort(model(o));
      expect([...rows].sort(cmp)).toEqual(expected);
      expect(topN(rows, cmp, n)).toEqual(expected.slice(0, n));
    }), { numRuns: 300 });
  });
  it('rejects elements naming zero or two fields, and unorderable fields', () => {
    expect(() => compileOrderBy(shape, [{}])).toThrow(/exactly one/);
    expect(() => compileOrderBy(shape, [{ name: 'ASC', height: 'DESC' }])).toThrow(/exactly one/);
    expect(() => compileOrderBy(shape, [{ tags: 'ASC' }])).toThrow(/not orderable/);
    expect(() => compileOrderBy(shape, [{ alive: 'ASC' }])).toThrow(/not orderable/);
  });
});

describe('keyset cursors', () => {
  it('round-trip the sort key and compare like the row', () => {
    fc.assert(fc.property(rowsArb, (rows) => {
      const o = compileOrderBy(shape, [{ height: 'DESC' }, { name: 'ASC' }]);
      const cmp = rowComparator(o);
      for (const r of rows) {
        const c = decodeCursor(o, encodeCursor(o, r));
        for (const s of rows) expect(Math.sign(cmp(c, s))).toBe(Math.sign(cmp(r, s)));
      }
    }), { numRuns: 100 });
  });
  it('reject malformed cursors and cursors of another ordering', () => {
    const o = compileOrderBy(shape, [{ height: 'ASC' }]);
    for (const bad of ['', 'x', '!!!!', 'abc', encodeCursor(compileOrderBy(shape, []), { id: '1' })]) {
      expect(() => decodeCursor(o, bad)).toThrow(CursorError);
    }
    fc.assert(fc.property(fc.string(), (s) => {
      try { decodeCursor(o, s); } catch (e) { expect(e).toBeInstanceOf(CursorError); }
    }), { numRuns: 300 });
  });
});

describe('filters', () => {
  const ops = fc.oneof(
    fc.record({ name: fc.record({ contains: fc.constantFrom('a', '', 'ab') }) }),
    fc.record({ height: fc.record({ gt: fc.integer({ min: -3, max: 3 }) }) }),
    fc.record({ height: fc.record({ ne: fc.integer({ min: -3, max: 3 }) }) }),
    fc.record({ height: fc.record({ in: fc.array(fc.integer({ min: -3, max: 3 })) }) }),
    fc.record({ height: fc.record({ notIn: fc.array(fc.integer({ min: -3, max: 3 })) }) }),
    fc.record({ height: fc.record({ isNull: fc.boolean() }) }),
    fc.record({ mood: fc.record({ eq: fc.constantFrom('SAD', 'OK', 'HAPPY') }) }),
    fc.record({ tags: fc.record({ hasSome: fc.array(fc.constantFrom('a', 'b')) }) }),
    fc.record({ tags: fc.record({ hasEvery: fc.array(fc.constantFrom('a', 'b')) }) }),
    fc.record({ tags: fc.record({ isEmpty: fc.boolean() }) }),
    fc.record({ born: fc.record({ lte: fc.constantFrom('1970-01-01T00:00:00.003Z') }) }),
  );
  const model = (w: Record<string, Record<string, unknown>>, r: Row): boolean => {
    const [[f, flt]] = Object.entries(w) as [[string, Record<string, unknown>]];
    const [[op, x]] = Object.entries(flt) as [[string, unknown]];
    const v = r[f];
    if (op === 'isNull') return (v === null) === x;
    if (v === null) return false;
    switch (op) {
      case 'contains': return (v as string).includes(x as string);
      case 'gt': return (v as number) > (x as number);
      case 'ne': return v !== x;
      case 'in': return (x as unknown[]).includes(v);
      case 'notIn': return !(x as unknown[]).includes(v);
      case 'eq': return v === x;
      case 'hasSome': return (x as string[]).some((e) => (v as string[]).includes(e));
      case 'hasEvery': return (x as string[]).every((e) => (v as string[]).includes(e));
      case 'isEmpty': return ((v as string[]).length === 0) === x;
      case 'lte': return (v as number) <= Date.parse(x as string);
    }
    throw new Error(op);
  };
  it('match the model, with two-valued not and null-failing comparisons', () => {
    fc.assert(fc.property(rowsArb, ops, ops, (rows, a, b) => {
      const check = (where: unknown, m: (r: Row) => boolean) => {
        const p = bindFilter(shape, compileWhere(shape, where, () => shape), null);
        for (const r of rows) expect(p(r)).toBe(m(r));
      };
      check(a, (r) => model(a, r));
      check({ not: a }, (r) => !model(a, r));
      check({ and: [a, b] }, (r) => model(a, r) && model(b, r));
      check({ or: [a, b] }, (r) => model(a, r) || model(b, r));
      check({ ...a, not: b }, (r) => model(a, r) && !model(b, r));
    }), { numRuns: 300 });
  });
  it('treat a null operand as matching nothing and a null field filter as absent', () => {
    const rows: Row[] = [{ id: '1', height: null }, { id: '2', height: 5 }];
    const run = (w: unknown) => rows.filter(bindFilter(shape, compileWhere(shape, w, () => shape), null)).map((r) => r['id']);
    expect(run({ height: { eq: null } })).toEqual([]);
    expect(run({ height: { ne: null } })).toEqual([]);
    expect(run({ height: null })).toEqual(['1', '2']);
    expect(run({ not: null, and: null })).toEqual(['1', '2']);
    expect(run({ height: { ne: 5 } })).toEqual([]);
    expect(run({ not: { height: { gt: 4 } } })).toEqual(['1']);
    expect(run({ or: [] })).toEqual([]);
  });
});

describe('aggregates', () => {
  it('count/min/max/sum/avg match the model; empty input is count 0 and nulls', () => {
    expect(aggregate(shape, [])).toEqual({ count: 0, min: null, max: null, sum: null, avg: null });
    fc.assert(fc.property(rowsArb, (rows) => {
      const a = aggregate(shape, rows);
      expect(a.count).toBe(rows.length);
      if (rows.length === 0) return;
      const hs = rows.map((r) => r.height).filter((h): h is number => h !== null);
      expect(a.max!['height']).toBe(hs.length ? Math.max(...hs) : null);
      expect(a.sum!['height']).toBe(hs.length ? hs.reduce((x, y) => x + y, 0) : null);
      expect(a.avg!['height']).toBe(hs.length ? hs.reduce((x, y) => x + y, 0) / hs.length : null);
      const moods = rows.map((r) => r.mood).filter((m) => m !== null).map((m) => ['SAD', 'OK', 'HAPPY'].indexOf(m!));
      expect(a.min!['mood']).toBe(moods.length ? ['SAD', 'OK', 'HAPPY'][Math.min(...moods)] : null);
    }), { numRuns: 200 });
  });
  it('deepEqual agrees with structural equality', () => {
    fc.assert(fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
      expect(deepEqual(a, structuredClone(a))).toBe(true);
      expect(deepEqual(a, b)).toBe(JSON.stringify(a) === JSON.stringify(b));
    }), { numRuns: 200 });
  });
});

import { ExactSum } from '../../src/query/aggregate.ts';
import { exactSum } from './oracle.ts';
describe('exact sums', () => {
  it('are correctly rounded and independent of order', () => {
    fc.assert(fc.property(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }), { maxLength: 40 }), (xs) => {
      const a = new ExactSum();
      for (const x of xs) a.add(x);
      const b = new ExactSum();
      for (const x of [...xs].reverse()) b.add(x);
      expect(a.value()).toBe(exactSum(xs));
      expect(b.value()).toBe(a.value());
    }), { numRuns: 500 });
    const s = new ExactSum();
    for (const x of [1e16, 1, -1e16]) s.add(x);
    expect(s.value()).toBe(1);
    // Negative zeros sum to 0, never -0 (toBe is Object.is): fast-check finds [-0] now and then.
    for (const zeros of [[-0], [-0, -0], [-0, 0]]) {
      const z = new ExactSum();
      for (const x of zeros) z.add(x);
      expect(z.value()).toBe(0);
    }
  });
});

describe('aggregate sums', () => {
  // Integer columns take a plain-addition path while the running sum stays a safe integer; the
  // result must still be the exactly rounded sum of the values, as floats and overflows are.
  const shape: EntityShape = { name: 'T', key: 'id', keyType: { kind: 'ID', list: false }, relations: new Map(),
    columns: new Map([['n', { kind: 'Float', list: false }]]) };
  const value = fc.oneof(
    fc.integer({ min: -1000, max: 1000 }),
    fc.constantFrom(Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 2 ** 53 - 2, 2 ** 60, -0, null),
    fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e17, max: 1e17 }),
  );
  it('sum and avg are the exactly rounded sum (and its mean) of the non-null values, in any order', () => {
    fc.assert(fc.property(fc.array(value, { maxLength: 30 }), (vs) => {
      const rows = vs.map((n, i) => ({ id: i, n }));
      const nums = vs.filter((v): v is number => typeof v === 'number');
      const a = aggregate(shape, rows);
      const b = aggregate(shape, [...rows].reverse());
      const want = nums.length ? exactSum(nums) : null;
      expect(a.sum?.['n'] ?? null).toBe(want);
      expect(b.sum?.['n'] ?? null).toBe(want);
      expect(a.avg?.['n'] ?? null).toBe(want === null ? null : want / nums.length);
    }), { numRuns: 400 });
  });
});
