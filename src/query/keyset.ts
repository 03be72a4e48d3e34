// Keyset pages of Relay connections: `first`/`after` read forward and `last`/`before` read
// backward from the cursor's key tuple, seeking the primary key or an order-delivering index so a
// page costs O(page + log n); without one, a bounded heap over the matches (never a full sort).
// Decides page bounds and page-info flags only; never encodes cursors nor builds edges.
import type { Catalog, Entity } from '../catalog/model.ts';
import { encodeKey, type KeyPart } from '../storage/keys.ts';
import { decodeCursor } from './cursor.ts';
import { intersect, walkIndexOrder, type IndexOrder } from './indexorder.ts';
import type { FilterNode, RowPredicate } from './filter.ts';
import { rowComparator, topN, type Ordering, type RowComparator } from './order.ts';
import { chooseAccess, describeFilter, type AccessChoice, type PlanNode } from './plan.ts';
import type { EntityShape, Row } from './shape.ts';
import type { RangeOptions, RowSource } from './source.ts';

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
    if (a.kind === 'indexOrder') return indexSide(src, e, choice, a.order);
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

/**
 * A B-tree index that delivers the order (composite, after equalities; indexorder.ts): the walk
 * seeks the cursor's full tuple and reads in either direction with API.md's null places.
 */
function indexSide(src: RowSource, entity: Entity, choice: AccessChoice, order: IndexOrder): Side {
  return {
    entity, choice, seekable: true,
    describe: (backward, from) => `${choice.describe}${seekWords(backward, from)}`,
    rows: (backward, from) => walkIndexOrder(src, entity, order, backward, from),
  };
}
