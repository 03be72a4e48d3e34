// The planner: for one read of an entity (a filter, an ordering, a row budget) it chooses the
// access path — primary-key gets, an index equality/range/prefix scan, an order-satisfying index
// scan, or a full scan — from per-index statistics probed on the live data, and records the
// plan node `explain` shows. It decides; it never assembles results or writes.
import type { Catalog, Entity, Index, InterfaceType } from '../catalog/model.ts';
import { keyPartOf } from '../catalog/values.ts';
import { decodeKey, encodeKey, prefixEnd, type KeyPart } from '../storage/keys.ts';
import type { FilterNode } from './filter.ts';
import { describeIndexOrder, leadingRange, matchIndexOrder, type IndexOrder } from './indexorder.ts';
import type { Ordering } from './order.ts';
import type { EntityShape, RelationShape } from './shape.ts';
import { indexRange, type Probe, type RangeOptions, type RowSource } from './source.ts';
import type { ColumnType } from './values.ts';

// ---- shapes from the catalog -------------------------------------------------------------------

const shapeCache = new WeakMap<Catalog, Map<string, EntityShape>>();

/** The engine's view of an entity or interface (cached per catalog). */
export function shapeOf(catalog: Catalog, name: string): EntityShape {
  let m = shapeCache.get(catalog);
  if (!m) shapeCache.set(catalog, (m = new Map()));
  let s = m.get(name);
  if (s) return s;
  const t: Entity | InterfaceType | undefined = catalog.entities[name] ?? catalog.interfaces[name];
  if (!t) {
    // A union: no columns; rows are whatever member they are.
    s = { name, key: 'id', keyType: { kind: 'ID', list: false }, columns: new Map(), relations: new Map(), abstract: true };
    m.set(name, s);
    return s;
  }
  const columns = new Map<string, ColumnType>();
  for (const [f, c] of Object.entries(t.columns)) {
    const kind = c.kind === 'Custom' ? 'Opaque' : c.kind;
    columns.set(f, c.kind === 'Enum'
      ? { kind, list: c.list, enumValues: catalog.enums[c.typeName]?.values.map((v) => v.name) ?? [] }
      : { kind, list: c.list });
  }
  const relations = new Map<string, RelationShape>();
  for (const [f, r] of Object.entries(t.relations)) relations.set(f, { name: f, toMany: r.list, target: r.target });
  s = { name, key: t.key.field, keyType: columns.get(t.key.field)!, columns, relations, abstract: !catalog.entities[name] };
  m.set(name, s);
  return s;
}

// ---- access paths ------------------------------------------------------------------------------

export type Access =
  | { readonly kind: 'keys'; readonly keys: readonly (string | number)[] }
  | { readonly kind: 'keyRange'; readonly range: RangeOptions }
  | { readonly kind: 'indexScan'; readonly index: Index; readonly ranges: readonly RangeOptions[]; readonly what: string;
      /** Each range's entry keys, when the planner's probes saw them all (nothing to read again). */
      readonly known: readonly (readonly Uint8Array[])[] | null }
  | { readonly kind: 'skipScan'; readonly index: Index; readonly ranges: readonly RangeOptions[]; readonly what: string;
      /** Merge the per-value ranges in the order of the second column (it is the single order term). */
      readonly merge: { readonly desc: boolean } | null }
  | { readonly kind: 'hashGet'; readonly index: Index; readonly keys: readonly KeyPart[][] }
  | { readonly kind: 'indexOrder'; readonly index: Index; readonly desc: boolean; readonly range: RangeOptions | null;
      /** How the index delivers the order (indexorder.ts walks it). */
      readonly order: IndexOrder }
  | { readonly kind: 'scan'; readonly reverse: boolean };

/** A plan node as `explain` shows it. */
export interface PlanNode {
  operation: string;
  entity: string;
  access: string;
  index: string | null;
  filter: string | null;
  order: string | null;
  limit: number | null;
  estimatedRows: number;
  actualRows: number;
  /** Rows of this node come in the requested order (no sort step). */
  ordered: boolean;
  sort: 'none' | 'top-n' | 'full';
  children: PlanNode[];
  /** Relationship loads: how many parent rows the one batched pass served. */
  parents?: number;
}

export interface AccessChoice {
  readonly access: Access;
  /** The stream comes in the ordering's order. */
  readonly ordered: boolean;
  readonly estimatedRows: number;
  readonly describe: string;
  /** The access yields exactly the rows matching the whole filter: a count is its entry count. */
  readonly exact?: boolean;
}

const PROBE_CAP = 128;

/**
 * Chooses how to read `entity` rows for `filter`, wanting `ordering` (null: any order), at most
 * `budget` of them.
 */
export function chooseAccess(src: RowSource, entity: Entity, filter: FilterNode, wanted: Ordering | null, budget: number | null): AccessChoice {
  const ordering: Ordering = wanted ?? { terms: [], key: entity.key.field, keyType: { kind: 'ID', list: false }, abstract: false };
  const total = src.count(entity.name);
  const conjuncts = filter.op === 'and' ? filter.items : [filter];
  const candidates: { choice: AccessChoice; cost: number }[] = [];
  const keyField = entity.key.field;
  const residualSelectivity = filter.op === 'true' ? 1 : 0.3;

  // Full scan in key order.
  const keyOrdered = ordering.terms.length === 0 || (ordering.terms.length === 1 && ordering.terms[0]!.field === keyField && !ordering.terms[0]!.desc);
  candidates.push({ choice: { access: { kind: 'scan', reverse: false }, ordered: keyOrdered, estimatedRows: total, describe: 'full scan' },
    cost: keyOrdered && budget !== null ? Math.min(total, budget / residualSelectivity) : total });

  const pk = rangeOn(conjuncts, keyField, (v) => v as KeyPart);
  const bounded = pk !== null && pk.lower !== null && pk.upper !== null;
  for (const c of conjuncts) {
    // Primary key equality / membership.
    if ((c.op === 'cmp' && c.cmp === 'eq' || c.op === 'in' && !c.negate) && c.field === keyField) {
      const keys = c.op === 'cmp' ? [c.value as string | number] : (c.values as (string | number)[]);
      candidates.push({ choice: { access: { kind: 'keys', keys }, ordered: false, estimatedRows: keys.length, describe: 'primary key get' }, cost: keys.length });
    }
    // Primary key range (half-open; a two-sided one is planned below instead).
    if (c.op === 'cmp' && c.field === keyField && c.cmp !== 'eq' && c.cmp !== 'ne' && !bounded) {
      const range = keyRange(c.cmp, c.value as KeyPart);
      const est = probe(src, entity.tree, range, total);
      candidates.push({ choice: { access: { kind: 'keyRange', range }, ordered: keyOrdered, estimatedRows: est, describe: 'primary key range' }, cost: est });
    }
  }

  // Both bounds of a primary key range at once (`id: { gte: a, lte: b }`).
  if (pk && pk.lower && pk.upper) {
    const range: RangeOptions = {};
    const lo = encodeKey([pk.lower.value]);
    const hi = encodeKey([pk.upper.value]);
    if (pk.lower.inclusive) range.gte = lo; else range.gt = lo;
    if (pk.upper.inclusive) range.lte = hi; else range.lt = hi;
    const est = probe(src, entity.tree, range, total);
    candidates.push({ choice: { access: { kind: 'keyRange', range }, ordered: keyOrdered, estimatedRows: est, describe: 'primary key range' }, cost: est });
  }

  // A to-one filter on the target's key (`homeworld: { id: { eq: 7 } }`): equality on the FK index.
  for (const c of conjuncts) {
    const fk = fkCandidate(src, entity, c, total, conjuncts.length === 1);
    if (fk) candidates.push({ choice: fk, cost: fk.estimatedRows * 1.5 + 1 });
  }

  // Secondary indexes.
  for (const index of entity.indexes) {
    const cand = indexCandidate(src, entity, index, conjuncts, total, wanted);
    if (cand) {
      // An ordered skip scan stops after the page: it reads about budget / selectivity rows.
      const n = cand.ordered && budget !== null ? Math.min(cand.estimatedRows, budget / residualSelectivity) : cand.estimatedRows;
      candidates.push({ choice: cand, cost: n * 1.5 + 1 });
    }
    // Order delivered by a B-tree index (composite, after equalities on its columns).
    const order = wanted ? orderIndexCandidate(src, entity, index, conjuncts, wanted, total, budget, residualSelectivity) : null;
    if (order) candidates.push(order);
  }
  // Unordered paths need a sort: add its cost when an order is wanted.
  let best = candidates[0]!;
  let bestCost = Infinity;
  for (const cand of candidates) {
    const n = cand.choice.estimatedRows;
    const sortCost = cand.choice.ordered || !wanted ? 0 : n > 1 ? n * Math.log2(n) * 0.05 : 0;
    const cost = cand.cost + sortCost;
    if (cost < bestCost) { best = cand; bestCost = cost; }
  }
  return best.choice;
}

/**
 * For a conjunct `rel: { <targetKey>: { eq | in } }` on a plain (not polymorphic) to-one with an
 * FK index: a prefix scan of that index per key value (`exact` when it is the whole filter and
 * holds nothing else).
 */
function fkCandidate(src: RowSource, entity: Entity, c: FilterNode, total: number, whole: boolean): AccessChoice | null {
  if (c.op !== 'rel' || c.mode !== 'one') return null;
  const rel = entity.relations[c.rel.name];
  if (!rel || rel.kind !== 'toOne' || rel.polymorphic || !rel.fkIndex) return null;
  const target = src.catalog.entities[rel.target];
  if (!target) return null;
  const keyField = target.key.field;
  const subs = c.sub.op === 'and' ? c.sub.items : [c.sub];
  const eq = subs.find((s) => (s.op === 'cmp' && s.cmp === 'eq' || s.op === 'in' && !s.negate && s.values.length <= 256) && s.field === keyField);
  if (!eq || eq.op !== 'cmp' && eq.op !== 'in') return null;
  // A null operand matches nothing: no range for it.
  const values = [...new Set((eq.op === 'cmp' ? [eq.value] : eq.values).filter((v) => v !== null && v !== undefined))];
  const index = entity.indexes.find((i) => i.tree === rel.fkIndex);
  if (!index) return null;
  const ranges = values.map((v): RangeOptions => ({ prefix: encodeKey([indexPart(src, target, keyField, v)]) }));
  const { est, known } = probeRanges(src, index.tree, ranges, total);
  const what = `equality on ${rel.name} (FK)`;
  return { access: { kind: 'indexScan', index, ranges, what, known }, ordered: false, estimatedRows: est, describe: `index ${index.name} (${what})`,
    exact: whole && subs.length === 1 };
}

/**
 * An index that delivers `wanted` (indexorder.ts decides: its columns, skipping ones fixed by an
 * equality, are the order terms in order, in any directions): a walk that stops after the page,
 * no sort; a free trailing column (runs re-sorted by key) costs its whole range of entries.
 */
function orderIndexCandidate(src: RowSource, entity: Entity, index: Index, conjuncts: readonly FilterNode[], wanted: Ordering, total: number,
  budget: number | null, residualSelectivity: number): { choice: AccessChoice; cost: number } | null {
  if (index.type !== 'BTREE' || index.origin === 'fk' || wanted.terms.length === 0) return null;
  const fixed = new Map<string, KeyPart>();
  for (const c of conjuncts) {
    const v = c.op === 'cmp' && c.cmp === 'eq' ? c.value : c.op === 'in' && !c.negate && c.values.length === 1 ? c.values[0] : undefined;
    if (v === undefined || v === null || !('field' in c) || entity.columns[c.field]?.list !== false) continue;
    fixed.set(c.field, indexPart(src, entity, c.field, v));
  }
  const order = matchIndexOrder(entity, index, wanted, fixed, (f) => {
    const rng = rangeOn(conjuncts, f, (v) => indexPart(src, entity, f, v));
    return rng ? withPrefix([], rng) : null;
  });
  if (!order) return null;
  const range = leadingRange(order);
  const within = range ? probe(src, index.tree, range, total) : total;
  const est = budget !== null ? Math.min(within, budget / residualSelectivity) : within;
  const first = order.levels.find((l) => !l.fixed);
  return { choice: { access: { kind: 'indexOrder', index, desc: first ? first.desc : order.keyDesc, range, order }, ordered: true, estimatedRows: est,
    describe: describeIndexOrder(order) }, cost: est * 1.5 + (budget === null || order.resort ? within : 0) };
}

function keyRange(cmp: string, v: KeyPart): RangeOptions {
  const k = encodeKey([v]);
  switch (cmp) {
    case 'gt': return { gt: k };
    case 'gte': return { gte: k };
    case 'lt': return { lt: k };
    default: return { lte: k };
  }
}

/** Counts entries of a range up to a cap: exact for selective conditions, a bound otherwise. */
function probe(src: RowSource, tree: string, range: RangeOptions, total: number, limit = PROBE_CAP): number {
  return estimate(probed(src, tree, range, probeCap(total, limit)).n, probeCap(total, limit), total);
}

/** A probe's row estimate: its count, or when capped "at least cap" — a few times more, at most half the table. */
function estimate(n: number, cap: number, total: number): number {
  return n >= cap ? Math.max(cap, Math.min(total >> 1, cap * 8)) : n;
}

/**
 * The estimate of an index scan over `ranges`, and their entries' keys when every probe saw
 * its whole range (the scan then reads the index no more).
 */
function probeRanges(src: RowSource, tree: string, ranges: readonly RangeOptions[], total: number): { est: number; known: (readonly Uint8Array[])[] | null } {
  const cap = probeCap(total, PROBE_CAP);
  let est = 0;
  let known: (readonly Uint8Array[])[] | null = [];
  for (const r of ranges) {
    const p = probed(src, tree, r, cap);
    est += estimate(p.n, cap, total);
    if (known && p.keys) known.push(p.keys);
    else known = null;
  }
  return { est, known };
}

/**
 * Entries of a range, counted up to `cap` — memoized per store version (candidates probe the
 * same ranges, and repeated reads the same values); a memoized count still makes the execution
 * depend on the tree.
 */
function probed(src: RowSource, tree: string, range: RangeOptions, cap: number): Probe {
  const memoKey = `${tree}\u0000${cap}\u0000${bytes(range.gt)}\u0000${bytes(range.gte)}\u0000${bytes(range.lt)}\u0000${bytes(range.lte)}\u0000${bytes(range.prefix)}`;
  let p = src.probes.get(memoKey);
  if (p === undefined) {
    p = src.probeRange(tree, range, cap);
    src.probes.set(memoKey, p);
  } else {
    src.reads.trees.add(tree);
  }
  return p;
}

/** The exact number of entries of a range: the planner's probe when it was not capped, else counted. */
export function countRange(src: RowSource, tree: string, range: RangeOptions, total: number): number {
  const cap = probeCap(total, PROBE_CAP);
  const n = probed(src, tree, range, cap).n;
  return n < cap ? n : src.countEntries(tree, range);
}

const probeCap = (total: number, limit: number): number => Math.min(limit, Math.max(16, total >> 3));

/** A range bound as a short string (one char per byte; '-' when absent: a bound is never empty-and-absent alike). */
function bytes(b: Uint8Array | undefined): string {
  if (b === undefined) return '-';
  return `=${String.fromCharCode.apply(null, b as unknown as number[])}`; // keys are at most 1024 bytes
}

/** The index key part of a filter operand (enums by ordinal). */
function indexPart(src: RowSource, entity: Entity, field: string, v: unknown): KeyPart {
  const col = entity.columns[field]!;
  return keyPartOf(col, col.kind === 'Enum' ? src.catalog.enums[col.typeName] : undefined, v);
}

function indexCandidate(src: RowSource, entity: Entity, index: Index, conjuncts: readonly FilterNode[], total: number, wanted: Ordering | null): AccessChoice | null {
  if (index.origin === 'fk') return null; // FK indexes serve relationship loads
  const part = (field: string, v: unknown): KeyPart => indexPart(src, entity, field, v);
  // Equalities on leading fields (eq, or in with few values).
  const prefixes: KeyPart[][] = [[]];
  let i = 0;
  for (; i < index.fields.length; i++) {
    const f = index.fields[i]!;
    const eq = conjuncts.find((c) => (c.op === 'cmp' && c.cmp === 'eq' || c.op === 'in' && !c.negate && c.values.length <= 64) && 'field' in c && c.field === f);
    if (!eq) break;
    const values = eq.op === 'cmp' ? [eq.value] : eq.op === 'in' ? eq.values : [];
    const next: KeyPart[][] = [];
    for (const p of prefixes) for (const v of values) next.push([...p, part(f, v)]);
    prefixes.splice(0, prefixes.length, ...next);
    if (prefixes.length > 256) return null;
  }
  if (index.type === 'HASH') {
    if (i < index.fields.length || prefixes.length === 0) return null;
    return { access: { kind: 'hashGet', index, keys: prefixes }, ordered: false,
      estimatedRows: prefixes.reduce((n, p) => n + src.hashKeys(index, p).length, 0), describe: `hash index ${index.name}` };
  }
  let ranges: RangeOptions[];
  let what: string;
  if (i > 0) {
    // Then maybe a range / prefix on the next field.
    const f = index.fields[i];
    const rng = f !== undefined ? rangeOn(conjuncts, f, (v) => part(f, v)) : null;
    ranges = prefixes.map((p) => rng ? withPrefix(p, rng) : { prefix: encodeKey(p) });
    what = `equality on ${index.fields.slice(0, i).join(', ')}${rng ? ` and ${rng.what} on ${f}` : ''}`;
  } else {
    const f = index.fields[0]!;
    const rng = rangeOn(conjuncts, f, (v) => part(f, v));
    if (!rng) return index.fields.length > 1 ? skipScan(src, entity, index, conjuncts, total, wanted) : null;
    ranges = [withPrefix([], rng)];
    what = `${rng.what} on ${f}`;
  }
  const { est, known } = probeRanges(src, index.tree, ranges, total);
  return { access: { kind: 'indexScan', index, ranges, what, known }, ordered: false, estimatedRows: est, describe: `index ${index.name} (${what})`,
    exact: coversExactly(entity, index.fields.slice(0, i), index.fields[i] ?? null, conjuncts) };
}

/** Column kinds whose key parts order and compare exactly as the filter's operators do. */
const EXACT_KINDS = new Set(['Int', 'String', 'ID', 'Boolean', 'Enum']);

/**
 * The conjuncts are exactly one non-null `eq` per field of `eqFields` and at most one lower and
 * one upper bound on `rangeField` (scalar columns of exact kinds): the index ranges built from
 * them hold exactly the matching rows, so their entries can be counted instead of read.
 */
function coversExactly(entity: Entity, eqFields: readonly string[], rangeField: string | null, conjuncts: readonly FilterNode[]): boolean {
  const eqSeen = new Set<string>();
  let lower = 0;
  let upper = 0;
  for (const c of conjuncts) {
    if (c.op !== 'cmp' || c.value === null || c.value === undefined) return false;
    const col = entity.columns[c.field];
    if (!col || col.list || !EXACT_KINDS.has(col.kind)) return false;
    if (c.cmp === 'eq' && eqFields.includes(c.field) && !eqSeen.has(c.field)) eqSeen.add(c.field);
    else if (c.field === rangeField && (c.cmp === 'gt' || c.cmp === 'gte') && lower++ === 0) continue;
    else if (c.field === rangeField && (c.cmp === 'lt' || c.cmp === 'lte') && upper++ === 0) continue;
    else return false;
  }
  return eqSeen.size === eqFields.length;
}

/**
 * A skip scan of a composite B-tree index with no condition on its leading column but a range
 * on the second: one range per distinct leading value (when there are few of them).
 */
function skipScan(src: RowSource, entity: Entity, index: Index, conjuncts: readonly FilterNode[], total: number, wanted: Ordering | null): AccessChoice | null {
  const f = index.fields[1]!;
  const rng = rangeOn(conjuncts, f, (v) => indexPart(src, entity, f, v));
  if (!rng) return null;
  const ranges: RangeOptions[] = [];
  let from: Uint8Array | undefined;
  src.reads.trees.add(index.tree);
  for (;;) {
    let lead: KeyPart | undefined;
    for (const [k] of src.view.range(index.tree, from ? { gte: from, limit: 1, values: false } : { limit: 1, values: false })) lead = decodeKey(k)[0];
    if (lead === undefined) break;
    ranges.push(withPrefix([lead], rng)); // a null leading value too: only the second column is constrained
    if (ranges.length > 256) return null; // too many distinct leading values: a full scan is as good
    const end = prefixEnd(encodeKey([lead]));
    if (!end) break;
    from = end;
  }
  let est = 0;
  const each = Math.max(16, PROBE_CAP / ranges.length);
  for (const r of ranges) est += probe(src, index.tree, r, total, each);
  const what = `skip scan: ${rng.what} on ${f} per distinct ${index.fields[0]}`;
  const term = wanted?.terms.length === 1 ? wanted.terms[0]! : null;
  const merge = term && term.field === f ? { desc: term.desc } : null;
  return { access: { kind: 'skipScan', index, ranges, what, merge }, ordered: merge !== null, estimatedRows: est,
    describe: `index ${index.name} (${what}${merge ? ', merged in order' : ''})` };
}

interface PartRange { lower: { value: KeyPart; inclusive: boolean } | null; upper: { value: KeyPart; inclusive: boolean } | null; startsWith: string | null; what: string }

function rangeOn(conjuncts: readonly FilterNode[], field: string, part: (v: unknown) => KeyPart): PartRange | null {
  let lower: PartRange['lower'] = null;
  let upper: PartRange['upper'] = null;
  let startsWith: string | null = null;
  for (const c of conjuncts) {
    if (c.op === 'str' && c.field === field && c.str === 'startsWith') startsWith = c.value;
    if (c.op !== 'cmp' || c.field !== field) continue;
    const v = part(c.value);
    if (c.cmp === 'gt' || c.cmp === 'gte') lower = { value: v, inclusive: c.cmp === 'gte' };
    if (c.cmp === 'lt' || c.cmp === 'lte') upper = { value: v, inclusive: c.cmp === 'lte' };
  }
  if (!lower && !upper && startsWith === null) return null;
  return { lower, upper, startsWith, what: startsWith !== null && !lower && !upper ? 'prefix' : 'range' };
}

function withPrefix(prefix: KeyPart[], r: PartRange): RangeOptions {
  const head = encodeKey(prefix);
  const join = (b: Uint8Array | undefined) => {
    if (!b) return undefined;
    const out = new Uint8Array(head.length + b.length);
    out.set(head, 0);
    out.set(b, head.length);
    return out;
  };
  if (r.startsWith !== null && !r.lower && !r.upper) {
    const full = encodeKey([r.startsWith]);
    const p = join(full.subarray(0, full.length - 1))!; // the string's bytes without its terminator
    const end = prefixEnd(p);
    return end ? { gte: p, lt: end } : { gte: p };
  }
  const base = indexRange(r.lower, r.upper);
  const out: RangeOptions = {};
  if (base.gte) out.gte = join(base.gte)!;
  if (base.lt) out.lt = join(base.lt)!;
  else if (prefix.length) { const e = prefixEnd(head); if (e) out.lt = e; }
  return out;
}

/** Descriptions by filter (filters are immutable, and repeated reads reuse theirs). */
const described = new WeakMap<FilterNode, string>();

export function describeFilter(f: FilterNode): string | null {
  if (f.op === 'true') return null;
  let text = described.get(f);
  if (text === undefined) described.set(f, (text = describeNew(f)));
  return text;
}

function describeNew(f: FilterNode): string {
  const d = (n: FilterNode): string => {
    switch (n.op) {
      case 'true': return 'true';
      case 'false': return 'false';
      case 'and': return n.items.map(d).join(' AND ');
      case 'or': return `(${n.items.map(d).join(' OR ')})`;
      case 'not': return `NOT (${d(n.item)})`;
      case 'cmp': return `${n.field} ${n.cmp} ${JSON.stringify(n.value)}`;
      case 'in': return `${n.field} ${n.negate ? 'notIn' : 'in'} ${JSON.stringify(n.values)}`;
      case 'str': return `${n.field} ${n.str} ${JSON.stringify(n.value)}`;
      case 'isNull': return `${n.field} isNull ${n.value}`;
      case 'has': return `${n.field} ${n.all ? 'hasEvery' : 'hasSome'} ${JSON.stringify(n.values)}`;
      case 'isEmpty': return `${n.field} isEmpty ${n.value}`;
      case 'rel': return `${n.rel.name} ${n.mode} {${d(n.sub)}}`;
    }
  };
  return d(f);
}
