// Aggregates of the generated API: count, min/max over orderable columns, sum/avg over Int and
// Float (as Float). One pass over the rows; empty input gives count 0 and null everywhere else.
import type { EntityShape, Row } from './shape.ts';
import { comparatorFor, isOrderable, isSummable } from './values.ts';

export interface AggregateResult {
  count: number;
  min: Record<string, unknown> | null;
  max: Record<string, unknown> | null;
  sum: Record<string, number | null> | null;
  avg: Record<string, number | null> | null;
}

/** Fields eligible for min/max and for sum/avg (empty list: the part is omitted from the schema). */
export function minMaxFields(shape: EntityShape): string[] {
  return [...shape.columns].filter(([, t]) => isOrderable(t)).map(([f]) => f);
}
export function sumAvgFields(shape: EntityShape): string[] {
  return [...shape.columns].filter(([, t]) => isSummable(t)).map(([f]) => f);
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
    return hi;
  }
}

export function aggregate(shape: EntityShape, rows: Iterable<Row>): AggregateResult {
  const mm = minMaxFields(shape);
  const sa = sumAvgFields(shape);
  const cmps = mm.map((f) => comparatorFor(shape.columns.get(f)!));
  const min: unknown[] = mm.map(() => null);
  const max: unknown[] = mm.map(() => null);
  const sum: ExactSum[] = sa.map(() => new ExactSum());
  const n: number[] = sa.map(() => 0);
  let count = 0;
  for (const r of rows) {
    count++;
    for (let i = 0; i < mm.length; i++) {
      const v = r[mm[i] as string];
      if (v === null || v === undefined) continue;
      const c = cmps[i]!;
      if (min[i] === null || c(v, min[i]) < 0) min[i] = v;
      if (max[i] === null || c(v, max[i]) > 0) max[i] = v;
    }
    for (let i = 0; i < sa.length; i++) {
      const v = r[sa[i] as string];
      if (typeof v !== 'number') continue;
      sum[i]!.add(v);
      n[i]!++;
    }
  }
  if (count === 0) return { count: 0, min: null, max: null, sum: null, avg: null };
  const obj = <T>(fields: string[], vals: (i: number) => T) => Object.fromEntries(fields.map((f, i) => [f, vals(i)]));
  return {
    count,
    min: mm.length ? obj(mm, (i) => min[i]) : null,
    max: mm.length ? obj(mm, (i) => max[i]) : null,
    sum: sa.length ? obj(sa, (i) => (n[i] ? sum[i]!.value() : null)) : null,
    avg: sa.length ? obj(sa, (i) => (n[i] ? sum[i]!.value() / n[i]! : null)) : null,
  };
}
