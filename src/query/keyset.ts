// Keyset pages of Relay connections: `first`/`after` read forward and `last`/`before` read
// backward from the cursor's key tuple, seeking the primary key or an order-delivering index so a
// page costs O(page + log n); without one, a bounded heap over the matches (never a full sort).
// Decides page bounds and page-info flags only; never encodes cursors nor builds edges.
import type { Catalog, Entity, Index } from '../catalog/model.ts';
import { keyPartOf } from '../catalog/values.ts';
import { compareBytes, encodeKey, prefixEnd, type KeyPart } from '../storage/keys.ts';
import { decodeCursor } from './cursor.ts';
import type { FilterNode, RowPredicate } from './filter.ts';
import { rowComparator, topN, type Ordering, type RowComparator } from './order.ts';
import { chooseAccess, describeFilter, type AccessChoice, type PlanNode } from './plan.ts';
import type { EntityShape, Row } from './shape.ts';
import { compareKeyValues, type RangeOptions, type RowSource } from './source.ts';

/** What a page read needs of the reader (structural: no import of run.ts). */
export interface PageReader {
  readonly src: RowSource;
  readonly catalog: Catalog;
  readonly plan: PlanNode[];
  shape(name: string): EntityShape;
  predicate(shape: EntityShape, filter: FilterNode, extra: RowPredicate | null): RowPredicate;
  list(typeName: string, filter: FilterNode, ordering: Ordering | null, page: { offset: number; first: number | null }, extra: RowPredicate | null, operation?: string): Row[];
}

export interface PageArgs { first: number | null; last: number | null; after: string | null; before: string | null }

export interface KeysetPage { rows: Row[]; hasNextPage: boolean; hasPreviousPage: boolean }

/**
 * The page of a connection (API.md §2): the window is the rows after `after` and before
 * `before`; `first` takes its start, then `last` its end. `hasPreviousPage` / `hasNextPage`:
 * matching rows exist before / after the page (an empty page sits where it would start).
 */
export function readKeysetPage(reader: PageReader, typeName: string, filter: FilterNode, ordering: Ordering, args: PageArgs): KeysetPage {
  const after = args.after !== null ? decodeCursor(ordering, args.after) : null;
  const before = args.before !== null ? decodeCursor(ordering, args.before) : null;
  const conn = new Connection(reader, typeName, filter, ordering, args.first ?? args.last);
  if (after && before && conn.cmp(after, before) >= 0) {
    // An empty window: the page sits just after `after`.
    return { rows: [], hasPreviousPage: conn.exists(true, after), hasNextPage: conn.exists(false, after, false) };
  }
  if (args.last === null || args.first !== null) {
    const w = conn.walk(false, after, args.first, before, 'connection');
    let rows = w.rows;
    let hasPreviousPage: boolean;
    if (args.last !== null && rows.length > args.last) {
      rows = rows.slice(rows.length - args.last);
      hasPreviousPage = true;
    } else {
      hasPreviousPage = after !== null && conn.exists(true, after);
    }
    return { rows, hasNextPage: w.more, hasPreviousPage };
  }
  const w = conn.walk(true, before, args.last, after, 'connection');
  return { rows: w.rows.reverse(), hasPreviousPage: w.more, hasNextPage: before !== null && conn.exists(false, before) };
}

/** Rows of one entity in walking order, from somewhere at or before a start position. */
interface Side {
  readonly entity: Entity;
  readonly choice: AccessChoice;
  /** The access delivers the order: the walk seeks it; else a bounded heap over the matches. */
  readonly seekable: boolean;
  describe(backward: boolean, from: Row | null): string;
  /** Rows in walking order; rows at or before `from` may come first (the caller skips them). */
  rows(backward: boolean, from: Row | null): Iterable<Row>;
}

interface Walk { rows: Row[]; more: boolean }

class Connection {
  readonly cmp: RowComparator;
  private readonly pred: RowPredicate;
  private readonly sides: Side[];

  constructor(private readonly reader: PageReader, private readonly typeName: string, private readonly filter: FilterNode,
    private readonly ordering: Ordering, limit: number | null) {
    this.cmp = rowComparator(ordering);
    this.pred = reader.predicate(reader.shape(typeName), filter, null);
    const budget = limit === null ? null : limit + 1;
    this.sides = entitiesOf(reader.catalog, typeName).map((e) => this.side(e, budget));
  }

  /**
   * Up to `limit` matching rows strictly after `from` in walking order and before `stop`
   * (`backward`: the ordering reversed); `more`: a matching row follows them (in the window or
   * past `stop`). Reads at most limit + 1 rows past the seek point per entity.
   */
  walk(backward: boolean, from: Row | null, limit: number | null, stop: Row | null, operation: string, inclusive = false): Walk {
    const dcmp: RowComparator = backward ? (a, b) => this.cmp(b, a) : this.cmp;
    const node = this.node(operation, limit);
    const all: Row[] = [];
    for (const side of this.sides) {
      const child = this.sides.length > 1 ? this.child(node, side.entity.name, limit) : node;
      child.access = side.describe(backward, from);
      child.index = 'index' in side.choice.access ? side.choice.access.index.name : null;
      child.estimatedRows = side.seekable && limit !== null ? Math.min(side.choice.estimatedRows, limit + 1) : side.choice.estimatedRows;
      const got = side.seekable ? this.seek(side, backward, dcmp, from, inclusive, limit, stop, child) : this.heap(side, dcmp, from, inclusive, limit, stop, child);
      for (const r of got) all.push(r);
    }
    if (this.sides.length > 1) {
      all.sort(dcmp);
      node.access = 'union of implementations';
      node.actualRows = node.children.reduce((n, c) => n + c.actualRows, 0);
    }
    const rows: Row[] = [];
    for (const r of all) {
      if (stop && dcmp(r, stop) >= 0) break;
      if (limit !== null && rows.length >= limit) break;
      rows.push(r);
    }
    return { rows, more: all.length > rows.length };
  }

  /** Whether a matching row lies before (`backward`) or after `at`, the position itself included unless `inclusive` is false. */
  exists(backward: boolean, at: Row, inclusive = true): boolean {
    return this.walk(backward, at, 0, null, backward ? 'connection (previous)' : 'connection (next)', inclusive).more;
  }

  /** An ordered read from the seek point: stops after limit + 1 rows or the first one at `stop`. */
  private seek(side: Side, backward: boolean, dcmp: RowComparator, from: Row | null, inclusive: boolean, limit: number | null, stop: Row | null, node: PlanNode): Row[] {
    node.ordered = true;
    node.sort = 'none';
    const out: Row[] = [];
    for (const r of side.rows(backward, from)) {
      node.actualRows++;
      if (from) { const d = dcmp(r, from); if (d < 0 || d === 0 && !inclusive) continue; }
      if (!this.pred(r)) continue;
      out.push(r);
      if (stop && dcmp(r, stop) >= 0) break;
      if (limit !== null && out.length > limit) break;
    }
    return out;
  }

  private readonly matches = new Map<string, Row[]>();

  /** No order-delivering access: the entity's matches (read once), then a bounded heap of limit + 1. */
  private heap(side: Side, dcmp: RowComparator, from: Row | null, inclusive: boolean, limit: number | null, stop: Row | null, node: PlanNode): Row[] {
    const name = side.entity.name;
    let all = this.matches.get(name);
    if (!all) this.matches.set(name, (all = this.reader.list(name, this.filter, null, { offset: 0, first: null }, null, 'connection (matches)')));
    const candidates = from ? all.filter((r) => { const d = dcmp(r, from); return d > 0 || d === 0 && inclusive; }) : all;
    node.actualRows = all.length;
    if (limit !== null) {
      node.sort = 'top-n';
      const top = topN(candidates, dcmp, limit + 1);
      const cut = stop ? top.findIndex((r) => dcmp(r, stop) >= 0) : -1;
      return cut < 0 ? top : top.slice(0, cut + 1);
    }
    // Unbounded: the whole window, plus the first row past `stop` when there is one.
    const inWindow = stop ? candidates.filter((r) => dcmp(r, stop) < 0) : candidates.slice();
    node.sort = inWindow.length > 1 ? 'full' : 'none';
    inWindow.sort(dcmp);
    if (inWindow.length < candidates.length) inWindow.push(topN(candidates.filter((r) => dcmp(r, stop!) >= 0), dcmp, 1)[0]!);
    return inWindow;
  }

  private side(e: Entity, budget: number | null): Side {
    const src = this.reader.src;
    const o = this.ordering;
    const keyTerm = o.terms.length === 1 && o.terms[0]!.field === o.key ? o.terms[0]! : null;
    if (o.terms.length === 0 || keyTerm) {
      // Primary-key order (either direction): the planner is asked for key order.
      const keyOrder: Ordering = { terms: [], key: o.key, keyType: o.keyType, abstract: false };
      const choice = chooseAccess(src, e, this.filter, keyOrder, budget);
      const a = choice.access;
      if (choice.ordered && (a.kind === 'scan' || a.kind === 'keyRange')) return keySide(src, e, choice, a.kind === 'keyRange' ? a.range : null, keyTerm?.desc ?? false);
      return heapSide(e, choice);
    }
    const choice = chooseAccess(src, e, this.filter, o, budget);
    const a = choice.access;
    if (o.terms.length === 1 && a.kind === 'indexOrder') return indexSide(src, e, choice, a.index, a.range, o.terms[0]!.desc);
    return heapSide(e, choice);
  }

  private node(operation: string, limit: number | null): PlanNode {
    const n = this.child(null, this.typeName, limit);
    n.operation = operation;
    this.reader.plan.push(n);
    return n;
  }

  private child(parent: PlanNode | null, entity: string, limit: number | null): PlanNode {
    const o = this.ordering;
    const n: PlanNode = {
      operation: 'scan', entity, access: '', index: null, filter: describeFilter(this.filter),
      order: o.terms.length ? o.terms.map((t) => `${t.field} ${t.desc ? 'DESC' : 'ASC'}`).join(', ') : null,
      limit: limit === null ? null : limit + 1, estimatedRows: 0, actualRows: 0, ordered: false, sort: 'none', children: [],
    };
    parent?.children.push(n);
    return n;
  }
}

function entitiesOf(catalog: Catalog, typeName: string): Entity[] {
  const e = catalog.entities[typeName];
  if (e) return [e];
  return (catalog.interfaces[typeName]?.implementations ?? []).map((n) => catalog.entities[n]!);
}

function seekWords(backward: boolean, from: Row | null): string {
  return backward ? (from ? ', read backward from the cursor' : ', read backward from the end') : (from ? ', seek past the cursor' : '');
}

function heapSide(entity: Entity, choice: AccessChoice): Side {
  return {
    entity, choice, seekable: false,
    describe: () => `${choice.describe}, then a bounded heap (no order-delivering index)`,
    rows: () => [],
  };
}

/** Primary-key order: a key-range scan seeked to the cursor's key, forward or reversed. */
function keySide(src: RowSource, entity: Entity, choice: AccessChoice, where: RangeOptions | null, keyDesc: boolean): Side {
  return {
    entity, choice, seekable: true,
    describe: (backward, from) => `${choice.describe}${seekWords(backward, from)}`,
    rows(backward, from) {
      const reverse = keyDesc !== backward;
      let range: RangeOptions = where ?? {};
      if (from) {
        const k = encodeKey([from[entity.key.field] as KeyPart]);
        range = intersect(range, reverse ? { lte: k } : { gte: k });
      }
      return src.scan(entity.name, { ...range, reverse });
    },
  };
}

const NULL_PREFIX = encodeKey([null]);
const NULLS: RangeOptions = { gte: NULL_PREFIX, lt: prefixEnd(NULL_PREFIX)! };
const VALUES: RangeOptions = { gte: prefixEnd(NULL_PREFIX)! };

/**
 * A B-tree index whose leading column is the single order term: entries `[value, ...rest, pk]`,
 * nulls first. The ordering puts nulls last ASC / first DESC and breaks ties by key ascending,
 * so the walk reads the value segment and the null segment in the right sequence and direction;
 * a one-column index read with values and keys in the same direction streams straight through
 * (seeking `[value, pk]` exactly), otherwise each run of equal values is re-sorted by key.
 */
function indexSide(src: RowSource, entity: Entity, choice: AccessChoice, index: Index, where: RangeOptions | null, termDesc: boolean): Side {
  const field = index.fields[0]!;
  const col = entity.columns[field];
  const part = (v: unknown): KeyPart => col ? keyPartOf(col, col.kind === 'Enum' ? src.catalog.enums[col.typeName] : undefined, v) : v as KeyPart;
  const single = index.fields.length === 1;
  return {
    entity, choice, seekable: true,
    describe: (backward, from) => `${choice.describe}${seekWords(backward, from)}`,
    *rows(backward, from) {
      const valueDesc = termDesc !== backward; // and the null segment comes first exactly then
      const keyDesc = backward;
      const direct = single && valueDesc === keyDesc;
      const k = from ? from[entity.key.field] as KeyPart : null;
      const v = from ? part(from[field]) : undefined;
      const inNulls = from !== null && v === null;
      const inValues = from !== null && v !== null;
      const nulls = (): Iterable<Row> => {
        if (where) return []; // a range on the column never matches null
        if (!single) return byRuns(src, entity, index, NULLS, false, keyDesc, inNulls ? { v: null, k: k! } : null);
        const seekTo = inNulls ? (keyDesc ? { lte: encodeKey([null, k]) } : { gte: encodeKey([null, k]) }) : null;
        return straight(src, entity, index, seekTo ? intersect(NULLS, seekTo) : NULLS, keyDesc);
      };
      const values = (): Iterable<Row> => {
        const base = where ?? VALUES;
        const at = inValues ? encodeKey([v!, k]) : null;
        if (direct) return straight(src, entity, index, at ? intersect(base, valueDesc ? { lte: at } : { gte: at }) : base, keyDesc);
        if (single) return valueRuns(src, entity, index, base, valueDesc, keyDesc, inValues ? v! : undefined, at);
        let range = base;
        if (inValues) {
          const head = encodeKey([v!]);
          const end = prefixEnd(head);
          range = intersect(range, valueDesc ? (end ? { lt: end } : {}) : { gte: head });
        }
        return byRuns(src, entity, index, range, valueDesc, keyDesc, inValues ? { v: v!, k: k! } : null);
      };
      if (valueDesc) {
        if (!inValues) yield* nulls();
        yield* values();
      } else {
        if (!inNulls) yield* values();
        yield* nulls();
      }
    },
  };
}

/** Index entries whose order is the walking order: each entry's row, as it comes. */
function* straight(src: RowSource, e: Entity, index: Index, range: RangeOptions, reverse: boolean): Iterable<Row> {
  for (const [, pk] of src.indexKeys(e, index, { ...range, reverse })) {
    const r = src.get(e.name, pk);
    if (r) yield r;
  }
}

/**
 * A one-column index whose values and keys run in opposite directions: each run of equal values
 * is a prefix scan in key order, found by a one-entry seek — exact, no run is buffered. `at`: the
 * cursor's entry `[v, pk]`, where the cursor's own run starts.
 */
function* valueRuns(src: RowSource, e: Entity, index: Index, range: RangeOptions, valueDesc: boolean, keyDesc: boolean, v: KeyPart | undefined, at: Uint8Array | null): Iterable<Row> {
  let bound = range;
  let value: KeyPart | undefined = v;
  for (;;) {
    if (value === undefined) {
      for (const [parts] of src.indexKeys(e, index, { ...bound, reverse: valueDesc, limit: 1 })) value = parts[0];
      if (value === undefined) return;
    }
    const head = encodeKey([value]);
    const end = prefixEnd(head);
    let run = intersect(bound, end ? { gte: head, lt: end } : { gte: head });
    if (at && value === v) run = intersect(run, keyDesc ? { lte: at } : { gte: at });
    yield* straight(src, e, index, run, keyDesc);
    if (!valueDesc && !end) return;
    bound = intersect(bound, valueDesc ? { lt: head } : { gte: end! });
    value = undefined;
  }
}

/**
 * Index entries in value order (`valueDesc`), each run of equal leading values re-sorted by key
 * (a composite index: entries of a run are in the order of the other columns). In the cursor's
 * run only keys from the cursor's on are read as rows.
 */
function* byRuns(src: RowSource, e: Entity, index: Index, range: RangeOptions, valueDesc: boolean, keyDesc: boolean, cursor: { v: KeyPart; k: KeyPart } | null): Iterable<Row> {
  let run: (string | number)[] = [];
  let lead: KeyPart | undefined;
  const byKey = keyDesc ? (a: string | number, b: string | number) => compareKeyValues(b, a) : compareKeyValues;
  const flush = function* (): Iterable<Row> {
    if (run.length > 1) run.sort(byKey);
    const from = cursor && lead === cursor.v ? cursor.k as string | number : null;
    for (const pk of run) {
      if (from !== null && byKey(pk, from) < 0) continue;
      const r = src.get(e.name, pk);
      if (r) yield r;
    }
    run = [];
  };
  for (const [parts, pk] of src.indexKeys(e, index, { ...range, reverse: valueDesc })) {
    if (run.length && parts[0] !== lead) yield* flush();
    lead = parts[0];
    run.push(pk);
  }
  yield* flush();
}

/** The intersection of two byte ranges (bounds only; a `prefix` is taken as its bounds). */
function intersect(a: RangeOptions, b: RangeOptions): RangeOptions {
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
