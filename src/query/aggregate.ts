// Aggregates of the generated API: count, min/max over orderable columns, sum/avg over Int and
// Float (as Float). One pass over the rows; empty input gives count 0 and null everywhere else.
import type { EntityShape, Row } from './shape.ts';
import { comparatorFor, isOrderable, isSummable, type ColumnType } from './values.ts';

export interface AggregateResult {
  count: number;
  min: Record<string, unknown> | null;
  max: Record<string, unknown> | null;
  sum: Record<string, number | null> | null;
  avg: Record<string, number | null> | null;
}

/** Fields eligible for min/max and for sum/avg (empty list: the part is omitted from the schema). */
export function minMaxFields(shape: EntityShape): string[] {
  return fieldsOf(shape).minMax;
}
export function sumAvgFields(shape: EntityShape): string[] {
  return fieldsOf(shape).sumAvg;
}

/** Per shape (shapes are built once per catalog). */
const eligible = new WeakMap<EntityShape, { minMax: string[]; sumAvg: string[] }>();

function fieldsOf(shape: EntityShape): { minMax: string[]; sumAvg: string[] } {
  let f = eligible.get(shape);
  if (!f) {
    f = { minMax: [...shape.columns].filter(([, t]) => isOrderable(t)).map(([n]) => n), sumAvg: [...shape.columns].filter(([, t]) => isSummable(t)).map(([n]) => n) };
    eligible.set(shape, f);
  }
  return f;
}

/**
 * An exactly rounded sum (Shewchuk's algorithm, as Python's math.fsum): independent of the order
 * the rows arrive in, so the same data gives the same sum whatever plan read it.
 */
export class ExactSum {
  private partials: number[] = [];
  add(x: number): void {
    const p = this.partials;
    let i = 0;
    for (let j = 0; j < p.length; j++) {
      let y = p[j]!;
      if (Math.abs(x) < Math.abs(y)) { const t = x; x = y; y = t; }
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) p[i++] = lo;
      x = hi;
    }
    p.length = i;
    p.push(x);
  }
  value(): number {
    const p = this.partials;
    let n = p.length;
    if (n === 0) return 0;
    let hi = p[--n]!;
    let lo = 0;
    while (n > 0) {
      const x = hi;
      const y = p[--n]!;
      hi = x + y;
      const yr = hi - x;
      lo = y - yr;
      if (lo !== 0) break;
    }
    // Round half-even correction when the remaining partials push past the halfway point.
    if (n > 0 && ((lo < 0 && p[n - 1]! < 0) || (lo > 0 && p[n - 1]! > 0))) {
      const y = lo * 2;
      const x = hi + y;
      if (y === x - hi) hi = x;
    }
    return hi === 0 ? 0 : hi; // a sum of negative zeros is 0, as in exactSum and SQL, not -0
  }
}

/**
 * The aggregate of `rows`. Each part's field is computed on first read, in one pass over the
 * rows, so a query asking `count avg { height }` compares and sums nothing else.
 */
export function aggregate(shape: EntityShape, rows: readonly Row[]): AggregateResult {
  if (rows.length === 0) return { count: 0, min: null, max: null, sum: null, avg: null };
  const mm = minMaxFields(shape);
  const sa = sumAvgFields(shape);
  const extreme = (f: string, sign: number): unknown => extremeOf(shape.columns.get(f)!, rows, f, sign);
  const sums = new Map<string, { sum: number; n: number }>();
  const total = (f: string) => {
    let t = sums.get(f);
    if (!t) sums.set(f, (t = totalOf(rows, f)));
    return t;
  };
  const part = <T>(fields: string[], value: (f: string) => T): Record<string, T> | null => {
    if (!fields.length) return null;
    const o: Record<string, T> = {};
    for (const f of fields) Object.defineProperty(o, f, { enumerable: true, configurable: true, get: () => { const v = value(f); Object.defineProperty(o, f, { value: v, enumerable: true }); return v; } });
    return o;
  };
  let min: Record<string, unknown> | null | undefined, max: Record<string, unknown> | null | undefined;
  let sum: Record<string, number | null> | null | undefined, avg: Record<string, number | null> | null | undefined;
  return {
    count: rows.length,
    get min() { return min === undefined ? (min = part(mm, (f) => extreme(f, 1))) : min; },
    get max() { return max === undefined ? (max = part(mm, (f) => extreme(f, -1))) : max; },
    get sum() { return sum === undefined ? (sum = part(sa, (f) => { const t = total(f); return t.n ? t.sum : null; })) : sum; },
    get avg() { return avg === undefined ? (avg = part(sa, (f) => { const t = total(f); return t.n ? t.sum / t.n : null; })) : avg; },
  };
}

/** The least (`sign` 1) or greatest (-1) non-null value of column `f` (of type `type`) in `rows`, or null. */
export function extremeOf(type: ColumnType, rows: readonly Row[], f: string, sign: number): unknown {
  const c = comparatorFor(type);
  let best: unknown = null;
  for (let i = 0; i < rows.length; i++) {
    const v = rows[i]![f];
    if (v === null || v === undefined) continue;
    if (best === null || c(v, best) * sign < 0) best = v;
  }
  return best;
}

/** The exact sum of column `f`'s numbers in `rows`, and how many there were. */
export function totalOf(rows: readonly Row[], f: string): { sum: number; n: number } {
  // Integers whose running sum stays a safe integer add exactly as plain numbers (every
  // partial sum is representable); anything else takes the exactly rounded sum.
  let plain = 0;
  let n = 0;
  let exact = true;
  for (let i = 0; i < rows.length; i++) {
    const v = rows[i]![f];
    if (typeof v !== 'number') continue;
    n++;
    plain += v;
    if (!Number.isInteger(v) || plain > Number.MAX_SAFE_INTEGER || plain < -Number.MAX_SAFE_INTEGER) { exact = false; break; }
  }
  if (!exact) {
    const s = new ExactSum();
    n = 0;
    for (let i = 0; i < rows.length; i++) {
      const v = rows[i]![f];
      if (typeof v !== 'number') continue;
      s.add(v);
      n++;
    }
    plain = s.value();
  }
  return { sum: plain, n };
}
