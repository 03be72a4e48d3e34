// Order-delivering B-tree indexes: whether an index (composite, with equality-fixed columns)
// delivers an ordering — all directions with the index or all against it, the key tie-break from
// the entry's trailing primary key — and the walk that reads it in that order, in either direction,
// from any cursor position, with API.md's null places. Reads index entries and rows; never filters.
import type { Entity, Index } from '../catalog/model.ts';
import { keyPartOf } from '../catalog/values.ts';
import { compareBytes, encodeKey, prefixEnd, type KeyPart } from '../storage/keys.ts';
import type { Ordering } from './order.ts';
import type { Row } from './shape.ts';
import { compareKeyValues, type RangeOptions, type RowSource } from './source.ts';

/** One index column as the walk sees it: fixed by an equality, or an order term. */
export interface OrderLevel {
  readonly field: string;
  /** An equality fixes the column: the walk descends into this one value (its key part). */
  readonly fixed: boolean;
  readonly value: KeyPart;
  readonly desc: boolean;
  readonly nullable: boolean;
  /** A range on the column as bytes following the levels before it (never matches null). */
  readonly range: RangeOptions | null;
}

/** How an index delivers an ordering. */
export interface IndexOrder {
  readonly index: Index;
  /** The index's leading columns, each fixed or the next order term. */
  readonly levels: readonly OrderLevel[];
  /** Index columns follow the levels: each run of equal level values is re-sorted by key. */
  readonly resort: boolean;
  /** Direction of the primary-key tie-break (DESC only when the ordering says so). */
  readonly keyDesc: boolean;
  /** Order terms whose column an equality fixes (left out of the walk): field → key part. */
  readonly constants: ReadonlyMap<string, KeyPart>;
  /** A one-column index read ascending with the key ascending: entries [value, pk] come in order (nulls aside). */
  readonly simple: boolean;
}

/**
 * Whether `index` delivers `ordering` for rows matching equalities `fixed` (field → key part):
 * after dropping order terms on fixed columns (and every term after one on the key), the index's
 * columns, skipping fixed ones, are the terms in order; the rest of the index is free (re-sorted
 * runs). `rangeOf`: a range conjunct on a column as level bytes, or null.
 */
export function matchIndexOrder(entity: Entity, index: Index, ordering: Ordering, fixed: ReadonlyMap<string, KeyPart>,
  rangeOf: (field: string) => RangeOptions | null): IndexOrder | null {
  if (index.type !== 'BTREE' || index.origin === 'fk' || ordering.terms.length === 0) return null;
  const terms: { field: string; desc: boolean }[] = [];
  const constants = new Map<string, KeyPart>();
  let keyDesc = false;
  for (const t of ordering.terms) {
    if (t.field === ordering.key) { keyDesc = t.desc; break; }
    const v = fixed.get(t.field);
    if (v !== undefined) constants.set(t.field, v);
    else terms.push(t);
  }
  const levels: OrderLevel[] = [];
  let next = 0;
  for (const f of index.fields) {
    const v = fixed.get(f);
    if (v !== undefined) { levels.push({ field: f, fixed: true, value: v, desc: false, nullable: false, range: null }); continue; }
    const t = terms[next];
    if (t === undefined || t.field !== f) break;
    next++;
    levels.push({ field: f, fixed: false, value: null, desc: t.desc, nullable: entity.columns[f]?.nullable !== false, range: rangeOf(f) });
  }
  if (next < terms.length || levels.length === 0) return null;
  const resort = levels.length < index.fields.length;
  const simple = index.fields.length === 1 && !levels[0]!.fixed && !levels[0]!.desc && !keyDesc;
  return { index, levels, resort, keyDesc, constants, simple };
}

/** The range of the index the walk reads at most: fixed leading levels, then the first ordered level's range. */
export function leadingRange(io: IndexOrder): RangeOptions | null {
  const parts: KeyPart[] = [];
  for (const l of io.levels) {
    if (!l.fixed) return l.range ? under(encodeKey(parts), l.range) : parts.length ? span(encodeKey(parts)) : null;
    parts.push(l.value);
  }
  return span(encodeKey(parts));
}

/** `explain`'s words for the walk. */
export function describeIndexOrder(io: IndexOrder): string {
  const eq = io.levels.filter((l) => l.fixed).map((l) => l.field);
  const first = io.levels.find((l) => !l.fixed);
  const ranged = io.levels.filter((l) => l.range).map((l) => l.field);
  return `index order ${io.index.name}${eq.length ? ` after equality on ${eq.join(', ')}` : ''}${ranged.length ? ` within a range on ${ranged.join(', ')}` : ''}${first?.desc ? ' (reverse)' : ''}`;
}

const NULL = encodeKey([null]);
/** Entries of one value's run buffered before the run is read by its own seek instead. */
const RUN_BUFFER = 4;
const NON_NULL = prefixEnd(NULL)!;

/** The entries under `head` (all of them). */
function span(head: Uint8Array): RangeOptions {
  if (head.length === 0) return {};
  const end = prefixEnd(head);
  return end ? { gte: head, lt: end } : { gte: head };
}

/** A level range (bytes after `head`) under `head`. */
function under(head: Uint8Array, r: RangeOptions): RangeOptions {
  const out: RangeOptions = {};
  if (r.gte) out.gte = cat(head, r.gte);
  if (r.gt) out.gt = cat(head, r.gt);
  if (r.lte) out.lte = cat(head, r.lte);
  if (r.lt) out.lt = cat(head, r.lt);
  else if (!r.lte && head.length) { const e = prefixEnd(head); if (e) out.lt = e; }
  return out;
}

function cat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/**
 * The rows of the index in the ordering (`backward`: reversed), starting at or before the
 * position of `from` (a row or cursor pseudo-row; the caller skips rows before it). Each ordered
 * level puts its null run last when ascending, first when descending (the index holds nulls
 * first): a level whose deeper levels stream in its direction reads its values in one range, one
 * whose deeper levels stream the other way reverses each run as it streams by (a long run by a
 * seek); else it visits its distinct values by one-entry seeks. Reads a whole run only for `resort`.
 */
export function* walkIndexOrder(src: RowSource, e: Entity, io: IndexOrder, backward: boolean, from: Row | null): Iterable<Row> {
  for (const pk of walkKeys(src, e, io, backward, from)) {
    const r = src.get(e.name, pk);
    if (r) yield r;
  }
}

function walkKeys(src: RowSource, e: Entity, io: IndexOrder, backward: boolean, from: Row | null): Iterable<string | number> {
  const { index, levels } = io;
  const n = levels.length;
  const keyDesc = io.keyDesc !== backward;
  const part = (field: string, v: unknown): KeyPart => {
    const col = e.columns[field];
    return col ? keyPartOf(col, col.kind === 'Enum' ? src.catalog.enums[col.typeName] : undefined, v) : v as KeyPart;
  };
  // The cursor's parts per level; a cursor whose constant terms differ from the fixed values is
  // not inside the walk's range: walk from the start (the caller skips what lies before it).
  let at: KeyPart[] | null = null;
  let atKey: string | number = 0;
  if (from) {
    let inside = true;
    for (const [f, v] of io.constants) if (compareBytes(encodeKey([part(f, from[f])]), encodeKey([v])) !== 0) inside = false;
    if (inside) {
      at = levels.map((l) => l.fixed ? l.value : part(l.field, from[l.field]));
      atKey = from[e.key.field] as string | number;
    }
  }
  // flat[i]: the subtree from level i on, read as one range in the key's direction, is in order.
  const flat: boolean[] = new Array<boolean>(n + 1);
  flat[n] = !io.resort;
  for (let i = n - 1; i >= 0; i--) {
    const l = levels[i]!;
    flat[i] = flat[i + 1]! && !l.fixed && (l.desc !== backward) === keyDesc && !l.nullable && !l.range;
  }
  const entries = (r: RangeOptions, reverse: boolean) => src.indexKeys(e, index, { ...r, reverse });

  function* leaf(head: Uint8Array, inside: boolean): Iterable<string | number> {
    let r = span(head);
    if (!io.resort) {
      if (inside) r = intersect(r, bound(cat(head, encodeKey([atKey])), keyDesc, true));
      for (const [, pk] of entries(r, keyDesc)) yield pk;
      return;
    }
    const run: (string | number)[] = [];
    for (const [, pk] of entries(r, false)) run.push(pk);
    const byKey = keyDesc ? (a: string | number, b: string | number) => compareKeyValues(b, a) : compareKeyValues;
    run.sort(byKey);
    for (const pk of run) if (!inside || byKey(pk, atKey) >= 0) yield pk;
  }

  function* level(i: number, head: Uint8Array, inside: boolean): Iterable<string | number> {
    if (i === n) { yield* leaf(head, inside); return; }
    const l = levels[i]!;
    if (l.fixed) { yield* level(i + 1, cat(head, encodeKey([l.value])), inside); return; }
    const desc = l.desc !== backward;
    const v = inside ? at![i]! : undefined;
    const inNulls = inside && v === null;
    const inValues = inside && v !== null;
    const nulls = l.range || !l.nullable ? null : cat(head, NULL); // a range never matches null; a non-null column has none
    if (desc) {
      if (nulls && !inValues) yield* level(i + 1, nulls, inNulls);
      yield* values(i, head, desc, inValues);
    } else {
      if (!inNulls) yield* values(i, head, desc, inValues);
      if (nulls) yield* level(i + 1, nulls, inNulls);
    }
  }

  /** The non-null values of level i under `head` in direction `desc`, each with its subtree. */
  function* values(i: number, head: Uint8Array, desc: boolean, inside: boolean): Iterable<string | number> {
    const l = levels[i]!;
    let r = under(head, l.range ?? { gte: NON_NULL });
    const v = inside ? encodeKey([at![i]!]) : null;
    if (v) {
      const h = cat(head, v);
      const end = prefixEnd(h);
      r = intersect(r, desc ? (end ? { lt: end } : {}) : { gte: h });
    }
    if (flat[i + 1] && desc === keyDesc) {
      // One range: the deeper levels and the key run in this direction, without nulls.
      if (v && at!.slice(i + 1).every((p) => p !== null)) r = intersect(r, bound(cat(head, encodeKey([...at!.slice(i), atKey])), desc, true));
      for (const [, pk] of entries(r, desc)) yield pk;
      return;
    }
    if (flat[i + 1]) {
      // The deeper levels and the key run the other way as one straight range: each value's run,
      // read in this level's direction, comes exactly reversed.
      yield* reversedRuns(i, head, r, desc, v);
      return;
    }
    let first = v !== null;
    for (;;) {
      let value: KeyPart | undefined;
      for (const [parts] of src.indexKeys(e, index, { ...r, reverse: desc, limit: 1 })) value = parts[i];
      if (value === undefined) return;
      const enc = encodeKey([value]);
      const h = cat(head, enc);
      yield* level(i + 1, h, first && compareBytes(enc, v!) === 0);
      first = false;
      if (desc) r = intersect(r, { lt: h });
      else { const end = prefixEnd(h); if (!end) return; r = intersect(r, { gte: end }); }
    }
  }

  /**
   * Level i's values in direction `desc`, each run (read the same way) yielded reversed. Entries
   * stream by once: a run is buffered as it comes; past RUN_BUFFER entries, the rest of the run
   * (what the order puts before the buffered ones) is read by its own seek, then the buffer —
   * no entry is read twice, and a page reads at most RUN_BUFFER + 1 entries it does not return.
   * `v`: the cursor's value, whose run is sought from the cursor first.
   */
  function* reversedRuns(i: number, head: Uint8Array, r: RangeOptions, desc: boolean, v: Uint8Array | null): Iterable<string | number> {
    const past = (h: Uint8Array): RangeOptions | null => {
      if (desc) return intersect(r, { lt: h });
      const end = prefixEnd(h);
      return end ? intersect(r, { gte: end }) : null;
    };
    if (v) {
      const h = cat(head, v);
      yield* level(i + 1, h, true);
      const rest = past(h);
      if (!rest) return;
      r = rest;
    }
    const run: (string | number)[] = [];
    for (;;) {
      let value: KeyPart = null;
      let last: Uint8Array | null = null;
      for (const [parts, pk] of entries(r, desc)) {
        const p = parts[i]!;
        if (run.length && p !== value) {
          for (let j = run.length - 1; j >= 0; j--) yield run[j]!;
          run.length = 0;
        }
        value = p;
        run.push(pk);
        if (run.length > RUN_BUFFER) { last = encodeKey([...parts, pk]); break; }
      }
      if (!last) {
        for (let j = run.length - 1; j >= 0; j--) yield run[j]!;
        return;
      }
      // A long run: the entries the order puts before the buffered ones, then the buffer.
      const h = cat(head, encodeKey([value]));
      for (const [, pk] of entries(intersect(span(h), desc ? { lt: last } : { gt: last }), keyDesc)) yield pk;
      for (let j = run.length - 1; j >= 0; j--) yield run[j]!;
      run.length = 0;
      const rest = past(h);
      if (!rest) return;
      r = rest;
    }
  }

  return level(0, new Uint8Array(0), at !== null);
}

/** From `k` on in walking order (inclusive), reading forward or (`reverse`) backward. */
function bound(k: Uint8Array, reverse: boolean, inclusive: boolean): RangeOptions {
  return reverse ? (inclusive ? { lte: k } : { lt: k }) : (inclusive ? { gte: k } : { gt: k });
}

/** The intersection of two byte ranges (bounds only; a `prefix` is taken as its bounds). */
export function intersect(a: RangeOptions, b: RangeOptions): RangeOptions {
  const lo = (r: RangeOptions): [Uint8Array, boolean] | null => r.gt ? [r.gt, true] : r.gte ? [r.gte, false] : r.prefix ? [r.prefix, false] : null;
  const hi = (r: RangeOptions): [Uint8Array, boolean] | null => {
    if (r.lt) return [r.lt, true];
    if (r.lte) return [r.lte, false];
    const end = r.prefix ? prefixEnd(r.prefix) : undefined;
    return end ? [end, true] : null;
  };
  const pick = (x: [Uint8Array, boolean] | null, y: [Uint8Array, boolean] | null, lower: boolean): [Uint8Array, boolean] | null => {
    if (!x) return y;
    if (!y) return x;
    const d = compareBytes(x[0], y[0]);
    if (d === 0) return x[1] ? x : y;
    return (d > 0) === lower ? x : y;
  };
  const out: RangeOptions = {};
  const l = pick(lo(a), lo(b), true);
  const h = pick(hi(a), hi(b), false);
  if (l) { if (l[1]) out.gt = l[0]; else out.gte = l[0]; }
  if (h) { if (h[1]) out.lt = h[0]; else out.lte = h[0]; }
  return out;
}
