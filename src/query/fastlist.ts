// A compiled plan for a plain root list (`people(where: { height: { gte: $lo, lte: $hi } },
// orderBy: [{ height: ASC }], first: 50) { id name height }`): comparisons on one single-column
// B-tree-indexed column or the primary key, ordered by it (or by the key), paged, selecting stored
// scalars. A run is one ordered range walk stopping after offset+first entries, then point reads
// of the page's rows. Anything else returns no plan (the general executor answers). Never writes.
import type { ObjectValueNode, OperationDefinitionNode, ValueNode } from '../graphql/ast.ts';
import type { Entity, Index } from '../catalog/model.ts';
import { decodeKey, encodeKey, KeyEncoder } from '../storage/keys.ts';
import type { Api } from './api.ts';
import { literalArguments, outputObject, plainRootField, planCache, scalarSelection, type OutField } from './compiled.ts';
import type { Row } from './shape.ts';
import { compareKeyValues, indexRange, rowOf, type RangeOptions, type ReadView, type SharedTables } from './source.ts';

type Op = 'eq' | 'gt' | 'gte' | 'lt' | 'lte' | 'in';
/** A value the run takes from a variable (by name) or from the operation's literal. */
interface Operand { readonly variable: string | null; readonly literal: unknown }
interface Cond extends Operand { readonly op: Op }

export interface ListPlan {
  readonly responseKey: string;
  readonly entity: Entity;
  /** The walked index (entries `[value, pk]`); null: the table itself, by primary key. */
  readonly index: Index | null;
  readonly desc: boolean;
  /** No order on the indexed column: the matching keys are collected whole and sorted (key order). */
  readonly keyOrder: boolean;
  /** Comparisons on the column, ANDed (each excludes nulls). */
  readonly conds: readonly Cond[];
  readonly first: Operand | null;
  readonly offset: Operand | null;
  readonly fields: readonly OutField[];
  /** What a run depends on as a whole: the walked tree and the table (the result cache's trees). */
  readonly trees: ReadonlySet<string>;
}

const OPS: ReadonlySet<string> = new Set<Op>(['eq', 'gt', 'gte', 'lt', 'lte', 'in']);
const ORDERABLE: ReadonlySet<string> = new Set(['Int', 'Float', 'String', 'ID']);

/** The compiled plan of `op`, or null when it is not a plain root list this module answers. */
export const listPlanOf = planCache(compile);

function hasVariable(v: ValueNode): boolean {
  if (v.kind === 'Variable') return true;
  if (v.kind === 'ListValue') return v.values.some(hasVariable);
  if (v.kind === 'ObjectValue') return v.fields.some((f) => hasVariable(f.value));
  return false;
}

function compile(api: Api, op: OperationDefinitionNode): ListPlan | null {
  const plain = plainRootField(api, op, 'list');
  if (!plain) return null;
  const { root, entity } = plain;
  const pk = entity.key.field;
  let whereNode: ObjectValueNode | null = null;
  let orderNode: ValueNode | null = null;
  let first: Operand | null = null;
  let offset: Operand | null = null;
  let literals: Record<string, unknown> | null = null;
  const lits = () => (literals ??= literalArguments(api, root));
  for (const a of root.arguments ?? []) {
    const name = a.name.value;
    if (name === 'where') {
      if (a.value.kind !== 'ObjectValue') return null;
      whereNode = a.value;
    } else if (name === 'orderBy') {
      if (hasVariable(a.value)) return null;
      orderNode = a.value;
    } else if (name === 'first' || name === 'offset') {
      const o: Operand = a.value.kind === 'Variable' ? { variable: a.value.name.value, literal: null } : { variable: null, literal: lits()[name] ?? null };
      if (name === 'first') first = o;
      else offset = o;
    } else return null;
  }
  // The column: the one field of `where`, or the one term of `orderBy` (then a trailing key ASC).
  let column: string | null = null;
  const conds: Cond[] = [];
  if (whereNode && whereNode.fields.length > 0) {
    if (whereNode.fields.length !== 1) return null;
    const f = whereNode.fields[0]!;
    column = f.name.value;
    if (f.value.kind !== 'ObjectValue') return null;
    for (const c of f.value.fields) {
      const o = c.name.value;
      if (!OPS.has(o)) return null;
      if (c.value.kind === 'Variable') conds.push({ op: o as Op, variable: c.value.name.value, literal: null });
      else {
        if (c.value.kind === 'ObjectValue' || (c.value.kind === 'ListValue' && (o !== 'in' || hasVariable(c.value)))) return null;
        const w = (lits()['where'] as Record<string, Record<string, unknown>>)[column]!;
        conds.push({ op: o as Op, variable: null, literal: w[o] ?? null });
      }
    }
  }
  let desc = false;
  let ordered = false;
  if (orderNode) {
    const terms = lits()['orderBy'] as unknown;
    if (!Array.isArray(terms) || terms.length > 2) return null;
    const parsed: { field: string; desc: boolean }[] = [];
    for (const t of terms) {
      if (t === null || typeof t !== 'object') return null;
      const entries = Object.entries(t as Record<string, unknown>).filter(([, v]) => v !== null && v !== undefined);
      if (entries.length !== 1 || (entries[0]![1] !== 'ASC' && entries[0]![1] !== 'DESC')) return null;
      parsed.push({ field: entries[0]![0], desc: entries[0]![1] === 'DESC' });
    }
    if (parsed.length === 2 && (parsed[0]!.field === pk || parsed[1]!.field !== pk || parsed[1]!.desc)) return null;
    if (parsed.length > 0) {
      const t = parsed[0]!;
      if (column !== null && t.field !== column) return null;
      column = t.field;
      desc = t.desc;
      ordered = true;
    }
  }
  let index: Index | null = null;
  if (column !== null && column !== pk) {
    const def = api.schema.field(entity.name, column);
    if (!def || def.role.role !== 'column') return null;
    const c = def.role.column;
    if (c.list) return null;
    if (ordered || conds.length > 0) {
      if (!ORDERABLE.has(c.kind)) return null;
      index = entity.indexes.find((i) => i.type === 'BTREE' && i.origin !== 'fk' && i.fields.length === 1 && i.fields[0] === column) ?? null;
      if (!index) return null;
    } // else `column: {}`, no condition: the table walk in key order
  }
  const fields = scalarSelection(api, entity, root.selectionSet);
  if (!fields) return null;
  const trees = new Set([entity.tree]);
  if (index) trees.add(index.tree);
  return { responseKey: (root.alias ?? root.name).value, entity, index, desc, keyOrder: !ordered && index !== null, conds, first, offset, fields, trees };
}

/**
 * A string operand with a lone surrogate is left to the general path: stored strings are
 * well-formed (catalog `wellFormed`), and the general path compares it as a string where the
 * index would compare its code units' bytes.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** An operand's value: undefined when its variable was not given (then the general path answers). */
function valueOf(o: Operand, variables: Readonly<Record<string, unknown>>): unknown {
  return o.variable === null ? o.literal : variables[o.variable];
}

/** A bound of the walked column (`value` a stored column value or key). */
interface Bound { value: string | number; inclusive: boolean }

/** The encoder of point reads' keys (reused: a run allocates no key for them). */
const rowKey = new KeyEncoder(64);
/** The index's null entries: keys `[null, pk]`. */
const NULLS: RangeOptions = { prefix: encodeKey([null]), values: false };

/** What a run produced, or null when the general path must answer. */
export interface ListRun { readonly data: Record<string, unknown>; readonly trees: ReadonlySet<string> }

/**
 * One run of `plan` in `view` (rows decoded at this store version come from `shared`, and the
 * rows it decodes are added there). `maxNodes`: the result-size limit (objects and list items).
 */
export function runListPlan(plan: ListPlan, variables: Readonly<Record<string, unknown>>, view: ReadView, shared: SharedTables | null, maxNodes: number): ListRun | null {
  let lower: Bound | null = null;
  let upper: Bound | null = null;
  let empty = false;
  let points: (string | number)[] | null = null; // `in`: the values, else a range
  for (let i = 0; i < plan.conds.length; i++) {
    const c = plan.conds[i]!;
    const v = valueOf(c, variables);
    if (v === undefined) return null; // an absent variable drops its operator: left to the general path
    if (v === null) { empty = true; continue; } // a null operand matches nothing
    if (c.op === 'in') {
      if (!Array.isArray(v) || !v.every((x) => typeof x === 'number' || (typeof x === 'string' && !LONE_SURROGATE.test(x)))) return null;
      points = v as (string | number)[];
      continue;
    }
    if (typeof v !== 'number' && (typeof v !== 'string' || LONE_SURROGATE.test(v))) return null;
    if (c.op !== 'lt' && c.op !== 'lte') lower = tighter(lower, v, c.op !== 'gt', 1);
    if (c.op !== 'gt' && c.op !== 'gte') upper = tighter(upper, v, c.op !== 'lt', -1);
  }
  const first = plan.first ? valueOf(plan.first, variables) : null;
  const offset = plan.offset ? valueOf(plan.offset, variables) : null;
  if (first === undefined || offset === undefined) return null;
  if (first !== null && (typeof first !== 'number' || first < 0)) return null; // BAD_USER_INPUT: the general path's
  if (offset !== null && (typeof offset !== 'number' || offset < 0)) return null;
  const skip = offset ?? 0;
  const limit = first === null ? Infinity : skip + first;
  if (lower && upper) {
    const d = compareKeyValues(lower.value, upper.value);
    if (d > 0 || (d === 0 && !(lower.inclusive && upper.inclusive))) empty = true;
  }
  const out: Record<string, unknown>[] = [];
  const data: Record<string, unknown> = {};
  data[plan.responseKey] = out;
  if (empty || limit === 0 || skip >= limit) return { data, trees: plan.trees };
  const e = plan.entity;
  let sh: Map<string | number, Row | null> | null = null;
  if (shared) {
    sh = shared.tables.get(e.name) ?? null;
    if (!sh) shared.tables.set(e.name, (sh = new Map()));
  }
  const budget = shared ? shared.budget : 0;
  if (points) {
    // `in`: its distinct values within the bounds, in the walk's order.
    points = points.filter((v) => within(v, lower, upper)).sort(compareKeyValues).filter((v, i, a) => i === 0 || compareKeyValues(a[i - 1]!, v) !== 0);
    if (plan.desc) points.reverse();
  }
  if (points && !plan.index) {
    // Key equalities: point reads in order (a key names one row or none).
    let n = 0;
    for (let i = 0; i < points.length && out.length + skip < limit; i++) {
      const key = points[i]!;
      const r = rowAt(e, key, sh, view);
      if (r === undefined || n++ < skip) continue;
      if (!emit(plan, out, key, r, sh, budget, maxNodes)) return null;
    }
    return { data, trees: plan.trees };
  }
  const range = indexRange(lower, upper);
  if (!plan.index) {
    // The table itself in key order: the entries carry the stored rows.
    range.reverse = plan.desc;
    if (limit !== Infinity) range.limit = limit;
    let n = 0;
    const intKey = e.key.kind === 'Int';
    for (const [k, stored] of view.range(e.tree, range)) {
      if (n++ < skip) continue;
      const key = keyAt(k, 0, intKey);
      if (!emit(plan, out, key, sh?.get(key) ?? stored as unknown[], sh, budget, maxNodes)) return null;
    }
    return { data, trees: plan.trees };
  }
  // In key order, every matching entry is read, then the keys sorted.
  const walked = plan.keyOrder ? Infinity : limit;
  const keys = points ? pointKeys(plan.index, points, e.key.kind === 'Int', view, walked) : indexKeys(plan, e, plan.index, range, plan.conds.length === 0, view, walked);
  if (plan.keyOrder) keys.sort(compareKeyValues);
  for (let i = skip; i < keys.length && i < limit; i++) {
    const key = keys[i]!;
    const r = rowAt(e, key, sh, view);
    if (r === undefined) continue; // never at one store version: an index entry names a row
    if (!emit(plan, out, key, r, sh, budget, maxNodes)) return null;
  }
  return { data, trees: plan.trees };
}

/** The row under `key`: decoded at this store version already (a Row), else its stored slots; undefined: none. */
function rowAt(e: Entity, key: string | number, sh: Map<string | number, Row | null> | null, view: ReadView): Row | unknown[] | undefined {
  return sh?.get(key) ?? view.get(e.tree, rowKey.reset().add(key).view()) as unknown[] | undefined;
}

/**
 * Appends the output object of row `r` (a shared Row, or stored slots: then shared as a Row too);
 * false when the general path must answer.
 */
function emit(plan: ListPlan, out: Record<string, unknown>[], key: string | number, r: Row | unknown[],
  sh: Map<string | number, Row | null> | null, budget: number, maxNodes: number): boolean {
  const e = plan.entity;
  const stored = Array.isArray(r) ? r : null;
  if (stored && sh && sh.size < budget) sh.set(key, rowOf(e, key, stored)); // the same row object a RowSource decodes
  const o = outputObject(plan.fields, e, key, stored, stored ? null : r as Row);
  if (!o || 2 * (out.length + 1) > maxNodes) return false;
  out.push(o);
  return true;
}

/** Whether `v` lies within both bounds. */
function within(v: string | number, lower: Bound | null, upper: Bound | null): boolean {
  if (lower) {
    const d = compareKeyValues(v, lower.value);
    if (d < 0 || (d === 0 && !lower.inclusive)) return false;
  }
  if (upper) {
    const d = compareKeyValues(v, upper.value);
    if (d > 0 || (d === 0 && !upper.inclusive)) return false;
  }
  return true;
}

/** The primary keys under each of `values` (in that order; each value's entries key-ascending), the first `limit`. */
function pointKeys(index: Index, values: readonly (string | number)[], intKey: boolean, view: ReadView, limit: number): (string | number)[] {
  const keys: (string | number)[] = [];
  for (let i = 0; i < values.length && keys.length < limit; i++) {
    for (const [k] of view.range(index.tree, { prefix: encodeKey([values[i]!]), values: false })) {
      keys.push(keyAt(k, valueEnd(k), intKey));
      if (keys.length >= limit) break;
    }
  }
  return keys;
}

/** `b` tightened by `v` (sign 1: a lower bound, the larger wins; -1: an upper bound, the smaller). */
function tighter(b: Bound | null, v: string | number, inclusive: boolean, sign: number): Bound {
  if (!b) return { value: v, inclusive };
  const d = compareKeyValues(v, b.value) * sign;
  if (d > 0) return { value: v, inclusive };
  if (d === 0 && !inclusive) b.inclusive = false;
  return b;
}

/**
 * The primary keys of the first `limit` rows in the plan's order from a one-column index: ties by
 * key ascending (a reverse walk reverses each run of equal values), nulls last ASC and first DESC
 * when `withNulls` (no comparison excluded them). Allocates no tuple per entry.
 */
function indexKeys(plan: ListPlan, e: Entity, index: Index, range: RangeOptions, withNulls: boolean, view: ReadView, limit: number): (string | number)[] {
  const keys: (string | number)[] = [];
  const intKey = e.key.kind === 'Int';
  // `range` starts past the null entries (indexRange): they are walked apart, when wanted.
  range.values = false;
  if (!plan.desc) {
    if (limit !== Infinity) range.limit = limit;
    for (const [k] of view.range(index.tree, range)) keys.push(keyAt(k, valueEnd(k), intKey));
    if (withNulls && keys.length < limit) for (const [k] of view.range(index.tree, NULLS)) {
      keys.push(keyAt(k, 1, intKey));
      if (keys.length >= limit) break;
    }
    return keys;
  }
  if (withNulls) {
    for (const [k] of view.range(index.tree, NULLS)) {
      if (keys.length >= limit) return keys;
      keys.push(keyAt(k, 1, intKey));
    }
  }
  range.reverse = true;
  let run = keys.length; // where the current run of equal values starts
  let prev: Uint8Array | null = null;
  let prevEnd = 0;
  for (const [k] of view.range(index.tree, range)) {
    const end = valueEnd(k);
    const same = prev !== null && end === prevEnd && sameBytes(prev, k, end);
    if (!same) {
      if (keys.length >= limit) break;
      reverseRun(keys, run);
      run = keys.length;
      prev = k;
      prevEnd = end;
    }
    keys.push(keyAt(k, end, intKey));
  }
  reverseRun(keys, run);
  return keys;
}

function reverseRun(keys: (string | number)[], from: number): void {
  for (let i = from, j = keys.length - 1; i < j; i++, j--) {
    const t = keys[i]!;
    keys[i] = keys[j]!;
    keys[j] = t;
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array, n: number): boolean {
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Where the first part of an index entry's key ends (the primary key follows): read from the tag
 * and length bytes of the key format (storage/keys.ts) instead of decoding the value.
 */
function valueEnd(k: Uint8Array): number {
  const tag = k[0]!;
  if (tag === 0x20) { // a string: escaped bytes up to the 0x00 terminator
    let i = 1;
    while (k[i] !== 0) i += k[i] === 1 ? 2 : 1;
    return i + 1;
  }
  if (tag === 0x11 || tag === 0x12 || tag === 0x13) { // a number: magnitude, kind, fraction
    const i = tag === 0x12 ? 1 : 2 + (tag === 0x11 ? 255 - k[1]! : k[1]!);
    const kind = k[i]!;
    return i + 1 + (kind === 0x00 || kind === 0x03 ? 8 : 0);
  }
  return 1; // null, a boolean, an infinity, NaN
}

/** The primary key encoded at `at` (the rest of `k`): small integers and ASCII strings read in place. */
function keyAt(k: Uint8Array, at: number, intKey: boolean): string | number {
  const tag = k[at]!;
  if (intKey) {
    if (tag === 0x12 && k[at + 1] === 0x01) return 0;
    if (tag === 0x13 || tag === 0x11) {
      const neg = tag === 0x11;
      const len = neg ? 255 - k[at + 1]! : k[at + 1]!;
      if (len <= 6 && k[at + 2 + len] === 0x01 && at + 3 + len === k.length) {
        let m = 0;
        for (let i = at + 2; i < at + 2 + len; i++) m = m * 256 + (neg ? 255 - k[i]! : k[i]!);
        return neg ? -m : m;
      }
    }
  } else if (tag === 0x20 && k[k.length - 1] === 0) {
    let plain = true;
    for (let i = at + 1; i < k.length - 1; i++) if (k[i]! < 2 || k[i]! > 0x7f) { plain = false; break; }
    if (plain) return String.fromCharCode.apply(null, k.subarray(at + 1, k.length - 1) as unknown as number[]);
  }
  return decodeKey(k.subarray(at))[0] as string | number;
}
