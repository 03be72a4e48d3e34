// Runs reads: lists (filter, order, offset/first), Relay connections with keyset cursors,
// aggregates and batched relationship loads, over a RowSource, following the planner's access
// choice and recording plan nodes for `explain`. It never writes and never formats results.
import type { Catalog, Entity, Relation } from '../catalog/model.ts';
import { aggregate, type AggregateResult } from './aggregate.ts';
import { encodeCursor } from './cursor.ts';
import { walkIndexOrder } from './indexorder.ts';
import { readKeysetPage } from './keyset.ts';
import { bindFilter, type FilterNode, type RelationEnv, type RowPredicate } from './filter.ts';
import { rowComparator, topN, type Ordering, type RowComparator } from './order.ts';
import { chooseAccess, countRange, describeFilter, shapeOf, type AccessChoice, type PlanNode } from './plan.ts';
import type { EntityShape, RelationShape, Row } from './shape.ts';
import { compareStrings } from './values.ts';
import { compareKeyValues, refOf, TYPENAME, type RangeOptions, type RowSource } from './source.ts';
import { decodeKey, encodeKey, prefixEnd } from '../storage/keys.ts';

export interface Page { offset: number; first: number | null }

export interface ConnectionArgs { first: number | null; last: number | null; after: string | null; before: string | null }

export interface ConnectionResult {
  readonly edges: readonly { cursor: string; node: Row }[];
  readonly nodes: readonly Row[];
  readonly pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  readonly totalCount: number;
}

const refKey = (type: string, key: string | number) => `${type}\u0000${key}`;

export class Reader implements RelationEnv {
  /** Plan nodes of the current execution, for explain. */
  readonly plan: PlanNode[] = [];

  constructor(readonly src: RowSource, readonly catalog: Catalog) {}

  shape(name: string): EntityShape {
    return shapeOf(this.catalog, name);
  }

  private entitiesOf(typeName: string): Entity[] {
    const e = this.catalog.entities[typeName];
    if (e) return [e];
    const names = this.catalog.interfaces[typeName]?.implementations ?? this.catalog.unions[typeName]?.members ?? [];
    return names.map((n) => this.catalog.entities[n]!);
  }

  // ---- lists --------------------------------------------------------------------------------

  /** Rows of `typeName` (entity or interface) matching `filter`, in `ordering`, paged. */
  list(typeName: string, filter: FilterNode, ordering: Ordering | null, page: Page, extra: RowPredicate | null = null, operation = 'list'): Row[] {
    const shape = this.shape(typeName);
    if (!ordering) return this.unordered(typeName, shape, filter, operation);
    const pred = this.predicate(shape, filter, extra);
    const cmp = rowComparator(ordering);
    const budget = page.first === null ? null : page.offset + page.first;
    const node = this.node(operation, typeName, filter, ordering, budget);
    const entities = this.entitiesOf(typeName);
    let out: Row[];
    if (entities.length === 1) {
      const choice = chooseAccess(this.src, entities[0]!, filter, ordering, budget);
      annotate(node, choice);
      out = this.collect(entities[0]!, choice, pred, cmp, budget, node);
    } else {
      node.access = 'union of implementations';
      const parts: Row[] = [];
      for (const e of entities) {
        const choice = chooseAccess(this.src, e, filter, ordering, budget);
        const child = this.node('scan', e.name, filter, ordering, budget, false);
        annotate(child, choice);
        const rows = this.collect(e, choice, pred, cmp, budget, child);
        child.actualRows = rows.length;
        node.children.push(child);
        for (const r of rows) parts.push(r);
      }
      node.sort = budget !== null ? 'top-n' : 'full';
      out = budget !== null ? topN(parts, cmp, budget) : parts.sort(cmp);
    }
    const paged = page.offset > 0 || page.first !== null ? out.slice(page.offset, budget ?? undefined) : out;
    node.actualRows = paged.length;
    return paged;
  }

  /** Every matching row in no particular order (aggregates, counts, semi-joins): no sort at all. */
  private unordered(typeName: string, shape: EntityShape, filter: FilterNode, operation: string): Row[] {
    let p: RowPredicate | null = null; // compiled on first use: an exact access needs none
    const pred = (r: Row): boolean => (p ??= this.predicate(shape, filter, null))(r);
    const ordering: Ordering = { terms: [], key: shape.key, keyType: shape.keyType, abstract: false };
    const node = this.node(operation, typeName, filter, ordering, null);
    const out: Row[] = [];
    const entities = this.entitiesOf(typeName);
    for (const e of entities) {
      const choice = this.unorderedChoice(e, filter);
      annotate(node, choice);
      // An exact access yields only matching rows: no filter to apply (nor semi-join to run).
      const exact = choice.exact === true;
      const rows = this.keyed(e, choice);
      // One entity's exact keyed rows are the answer as they are (a fresh array: no copy).
      if (rows && exact && out.length === 0 && entities.length === 1) { node.actualRows = rows.length; return rows; }
      if (rows) { for (let i = 0; i < rows.length; i++) if (exact || pred(rows[i]!)) out.push(rows[i]!); }
      else for (const r of this.stream(e, choice)) if (exact || pred(r)) out.push(r);
    }
    node.actualRows = out.length;
    return out;
  }

  private readonly choices = new WeakMap<FilterNode, Map<string, AccessChoice>>();

  /** The access for every row of `e` matching `filter`, in no order (chosen once per execution). */
  private unorderedChoice(e: Entity, filter: FilterNode): AccessChoice {
    let byEntity = this.choices.get(filter);
    if (!byEntity) this.choices.set(filter, (byEntity = new Map()));
    let c = byEntity.get(e.name);
    if (!c) byEntity.set(e.name, (c = chooseAccess(this.src, e, filter, null, null)));
    return c;
  }

  private node(operation: string, entity: string, filter: FilterNode, ordering: Ordering, limit: number | null, root = true): PlanNode {
    const n: PlanNode = {
      operation, entity, access: '', index: null, filter: describeFilter(filter),
      order: ordering.terms.length ? ordering.terms.map((t) => `${t.field} ${t.desc ? 'DESC' : 'ASC'}`).join(', ') : null,
      limit, estimatedRows: 0, actualRows: 0, ordered: false, sort: 'none', children: [],
    };
    if (root) this.plan.push(n);
    return n;
  }

  /** Reads one entity's matching rows by the chosen access; sorted by `cmp`, at most `budget`. */
  private collect(e: Entity, choice: AccessChoice, pred: RowPredicate, cmp: RowComparator, budget: number | null, node: PlanNode): Row[] {
    const a = choice.access;
    if (a.kind === 'indexOrder' && a.order.simple) {
      // One column ascending: entries [value, pk] come in (value, pk) order, i.e. the requested
      // order with its key tie-break — rows go straight from the index walk into the page.
      node.sort = 'none';
      const out: Row[] = [];
      if (budget === 0) return out;
      const take = (r: Row): boolean => !pred(r) || out.push(r) !== budget;
      const nullPrefix = encodeKey([null]);
      if (a.range) this.src.indexRows(e, a.index, a.range, take);
      else if (this.src.indexRows(e, a.index, { gte: prefixEnd(nullPrefix)! }, take)) this.src.indexRows(e, a.index, { prefix: nullPrefix }, take);
      return out;
    }
    const stream = this.stream(e, choice);
    if (choice.ordered) {
      node.sort = 'none';
      const out: Row[] = [];
      if (budget === 0) return out;
      for (const r of stream) {
        if (!pred(r)) continue;
        out.push(r);
        if (budget !== null && out.length >= budget) break;
      }
      return out;
    }
    const matches: Row[] = [];
    for (const r of stream) if (pred(r)) matches.push(r);
    if (budget !== null && budget < matches.length) {
      node.sort = 'top-n';
      return topN(matches, cmp, budget);
    }
    node.sort = matches.length > 1 ? 'full' : 'none';
    return matches.sort(cmp);
  }

  private *stream(e: Entity, choice: AccessChoice): Iterable<Row> {
    const src = this.src;
    const a = choice.access;
    const keyed = this.keyed(e, choice);
    if (keyed) {
      yield* keyed;
      return;
    }
    switch (a.kind) {
      case 'keyRange':
        yield* src.scan(e.name, a.range);
        return;
      case 'scan':
        yield* src.scan(e.name, { reverse: a.reverse });
        return;
      case 'skipScan':
        yield* this.merged(e, a.index, a.ranges, a.merge!.desc); // unmerged skip scans are keyed
        return;
      case 'indexOrder':
        // Composite and reversed orders too, nulls in API.md's places (indexorder.ts).
        yield* walkIndexOrder(src, e, a.order, false, null);
        return;
    }
  }

  /**
   * The rows of an access that yields primary keys (key gets, hash and index scans, an unmerged
   * skip scan) as one sorted multi-get; null for the streaming accesses.
   */
  private keyed(e: Entity, choice: AccessChoice): Row[] | null {
    const src = this.src;
    const a = choice.access;
    const keys: (string | number)[] = [];
    switch (a.kind) {
      case 'keys':
        return src.getMany(e.name, a.keys);
      case 'hashGet':
        for (const k of a.keys) for (const pk of src.hashKeys(a.index, k)) keys.push(pk);
        return src.getMany(e.name, keys);
      case 'skipScan':
      case 'indexScan':
        if (a.kind === 'skipScan' && a.merge) return null;
        if (a.kind === 'indexScan' && a.index.origin === 'fk' && a.ranges.every(isPrefixOnly)) {
          // Equality on a to-one (FK): the index lists relationship loads share, read once per store version.
          if (a.ranges.length === 1) return src.getMany(e.name, src.fkKeys(e, a.index.tree, a.ranges[0]!.prefix!, a.known?.[0] ?? null), true);
          const lists = src.fkKeyLists(a.index.tree, a.ranges.map((r) => r.prefix!), a.known);
          for (const l of lists) for (let i = 0; i < l.length; i++) keys.push(l[i]!);
        } else if (a.kind === 'indexScan' && a.known) {
          // The planner's probes saw every entry: their keys' last part is the primary key.
          for (const ks of a.known) for (const k of ks) { const parts = decodeKey(k); keys.push(parts[parts.length - 1] as string | number); }
        } else {
          for (const r of a.ranges) src.indexPks(a.index, r, keys);
        }
        return src.getMany(e.name, keys);
      default:
        return null;
    }
  }

  /**
   * Several ranges of one index, merged in the order of their second key part (then key): a
   * k-way merge that reads only as far as the consumer does (top-N over a skip scan).
   */
  private merged(e: Entity, index: Entity['indexes'][number], ranges: readonly RangeOptions[], desc: boolean): Iterable<Row> {
    const src = this.src;
    const cmpPart = (x: unknown, y: unknown) => (typeof x === 'number' && typeof y === 'number' ? x - y : compareStrings(String(x), String(y)));
    function* entries(): Iterable<[unknown, string | number]> {
      const its = ranges.map((r) => src.indexKeys(e, index, { ...r, reverse: desc })[Symbol.iterator]());
      const heads = its.map((it) => it.next());
      for (;;) {
        let best = -1;
        for (let i = 0; i < heads.length; i++) {
          const h = heads[i]!;
          if (h.done) continue;
          if (best < 0) { best = i; continue; }
          const d = cmpPart(h.value[0][1], heads[best]!.value![0][1]);
          if (desc ? d > 0 : d < 0) best = i;
        }
        if (best < 0) return;
        const [parts, pk] = heads[best]!.value!;
        heads[best] = its[best]!.next();
        yield [parts[1], pk];
      }
    }
    return this.byRuns(e, entries());
  }

  /** Rows of (value, key) entries that come in value order: ties re-sorted by key (the tie-break). */
  private *byRuns(e: Entity, entries: Iterable<[unknown, string | number]>): Iterable<Row> {
    let run: (string | number)[] = [];
    let lead: unknown = undefined;
    const src = this.src;
    const flush = function* (): Iterable<Row> {
      if (run.length > 1) run.sort(compareKeyValues);
      for (const pk of run) { const r = src.get(e.name, pk); if (r) yield r; }
      run = [];
    };
    for (const [v, pk] of entries) {
      if (run.length && v !== lead) yield* flush();
      lead = v;
      run.push(pk);
    }
    yield* flush();
  }

  predicate(shape: EntityShape, filter: FilterNode, extra: RowPredicate | null): RowPredicate {
    const p = bindFilter(shape, filter, this);
    return extra ? (r) => p(r) && extra(r) : p;
  }

  // ---- relationship filters (semi-joins, one batched pass each) --------------------------------

  related(_shape: EntityShape, relShape: RelationShape, sub: FilterNode): RowPredicate {
    let byEntity: Map<string, RowPredicate> | null = null;
    return (row) => {
      byEntity ??= new Map();
      const type = row[TYPENAME] as string;
      let p = byEntity.get(type);
      if (!p) {
        const rel = this.catalog.entities[type]!.relations[relShape.name]!;
        p = this.semiJoin(type, rel, sub);
        byEntity.set(type, p);
      }
      return p(row);
    };
  }

  private matching(target: string, sub: FilterNode): Row[] {
    return this.list(target, sub, null, { offset: 0, first: null }, null, 'semi-join');
  }

  private semiJoin(ownerType: string, rel: Relation, sub: FilterNode): RowPredicate {
    const src = this.src;
    if (rel.kind === 'toOne' || rel.kind === 'inverse' && !rel.list) {
      if (rel.kind === 'toOne') {
        if (sub.op === 'true') {
          return (r) => {
            const fk = r[rel.name];
            if (fk === null || fk === undefined) return false;
            const ref = refOf(rel, fk);
            return src.get(ref.type, ref.key) !== null;
          };
        }
        const set = new Set(this.matching(rel.target, sub).map((t) => refKey(t[TYPENAME] as string, keyValue(this.catalog, t))));
        return (r) => {
          const fk = r[rel.name];
          if (fk === null || fk === undefined) return false;
          const ref = refOf(rel, fk);
          return set.has(refKey(ref.type, ref.key));
        };
      }
    }
    // To-many (and one-to-one inverse): owners having at least one related row matching `sub`.
    const owners = new Set<string | number>();
    const targets = this.matching(rel.target, sub);
    if (rel.kind === 'inverse') {
      for (const t of targets) {
        const fk = t[rel.inverse!];
        if (fk === null || fk === undefined) continue;
        owners.add(Array.isArray(fk) ? fk[1] as string | number : fk as string | number);
      }
    } else {
      const edge = this.catalog.edges[rel.edge!]!;
      const forward = rel.direction === 'forward';
      // Walk the opposite direction from each matching target: [(type,) toId, fromId] or [fromId...]
      const tree = forward ? edge.backwardTree : edge.forwardTree;
      src.reads.trees.add(tree);
      for (const t of targets) {
        const tk = keyValue(this.catalog, t);
        const prefix = forward && edge.polymorphic ? encodeKey([t[TYPENAME] as string, tk]) : encodeKey([tk]);
        src.stats.scans++;
        for (const [k] of src.view.range(tree, { prefix, values: false })) {
          src.stats.entriesRead++;
          const parts = decodeKey(k);
          owners.add(parts[parts.length - 1] as string | number);
        }
      }
    }
    const keyField = this.catalog.entities[ownerType]!.key.field;
    return (r) => owners.has(r[keyField] as string | number);
  }

  // ---- connections ------------------------------------------------------------------------

  connection(typeName: string, filter: FilterNode, ordering: Ordering, args: ConnectionArgs): ConnectionResult {
    // Keyset seeks in both directions (keyset.ts): a page costs O(page + log n) on an ordered access.
    const { rows, hasNextPage, hasPreviousPage } = readKeysetPage(this, typeName, filter, ordering, args);
    const edges = rows.map((node) => ({ cursor: encodeCursor(ordering, node), node }));
    const reader = this;
    return {
      edges, nodes: rows,
      pageInfo: { hasNextPage, hasPreviousPage, startCursor: edges[0]?.cursor ?? null, endCursor: edges[edges.length - 1]?.cursor ?? null },
      get totalCount() { return reader.count(typeName, filter); },
    };
  }

  private readonly countCache = new Map<string, number>();

  count(typeName: string, filter: FilterNode): number {
    const k = countKey(typeName, filter);
    const hit = this.countCache.get(k);
    if (hit !== undefined) return hit;
    let n = 0;
    const exact = filter.op === 'true' ? null : this.indexOnlyCount(typeName, filter);
    if (filter.op === 'true') {
      for (const e of this.entitiesOf(typeName)) n += this.src.count(e.name);
    } else if (exact !== null) {
      n = exact;
    } else {
      n = this.list(typeName, filter, null, { offset: 0, first: null }, null, 'count').length;
    }
    this.countCache.set(k, n);
    return n;
  }

  /**
   * A count read from index entries alone, when one index access yields exactly the rows of the
   * whole filter (e.g. `homeworld: { id: { eq: 7 } }` on the FK index); null otherwise.
   */
  private indexOnlyCount(typeName: string, filter: FilterNode): number | null {
    const entities = this.entitiesOf(typeName);
    if (entities.length !== 1) return null;
    const e = entities[0]!;
    const choice = this.unorderedChoice(e, filter);
    if (!choice.exact || choice.access.kind !== 'indexScan') return null;
    const node = this.node('count', typeName, filter, { terms: [], key: e.key.field, keyType: { kind: 'ID', list: false }, abstract: false }, null);
    annotate(node, choice);
    node.access += ', index-only count';
    let n = 0;
    for (const r of choice.access.ranges) n += countRange(this.src, choice.access.index.tree, r, this.src.count(e.name));
    node.actualRows = n;
    return n;
  }

  // ---- aggregates ---------------------------------------------------------------------------

  /**
   * `rowsWanted`: the selection asks for a part beyond `count`, so the rows are read anyway and
   * the count is their number (no separate index count).
   */
  aggregate(typeName: string, filter: FilterNode, rowsWanted = true): AggregateResult {
    const shape = this.shape(typeName);
    const reader = this;
    let rows: Row[] | null = null;
    let full: AggregateResult | null = null;
    // The rows are read once, for the first part that needs them; a count alone may not need them.
    const compute = (): AggregateResult => {
      full ??= aggregate(shape, (rows = reader.list(typeName, filter, null, { offset: 0, first: null }, null, 'aggregate')));
      return full;
    };
    return {
      // The table sizes, or index entries when an index answers the filter exactly; else the one
      // pass over the rows that the other parts share.
      get count() {
        if (rows) return rows.length;
        if (rowsWanted && filter.op !== 'true') return compute().count;
        return filter.op === 'true' ? reader.count(typeName, filter) : reader.indexOnlyCount(typeName, filter) ?? compute().count;
      },
      get min() { return compute().min; },
      get max() { return compute().max; },
      get sum() { return compute().sum; },
      get avg() { return compute().avg; },
    };
  }

  /** Aggregate over already-loaded rows (to-many `…Aggregate` fields). */
  aggregateRows(typeName: string, rows: readonly Row[]): AggregateResult {
    return aggregate(this.shape(typeName), rows);
  }

  // ---- relationship loading, one batched pass per field and level ------------------------------

  /**
   * For every parent, its related rows through `field` (a relation of each parent's entity), in
   * the parents' order: key lists from one sorted pass over the FK index / edge tree, rows from
   * one multi-get per parent entity type.
   */
  loadRelated(parents: readonly Row[], field: string): Row[][] {
    const first = parents[0];
    if (!first) return [];
    const firstType = first[TYPENAME] as string;
    let uniform = true;
    for (let i = 1; i < parents.length && uniform; i++) uniform = parents[i]![TYPENAME] === firstType;
    let out: Row[][];
    let keys = 0;
    if (uniform) {
      const e = this.catalog.entities[firstType]!;
      const loaded = this.src.relatedRows(e, parents, e.relations[field]!);
      out = loaded.rows;
      keys = loaded.keys;
    } else {
      // Parents of several entity types (an interface or union list): one load per type.
      out = new Array<Row[]>(parents.length);
      const byType = new Map<string, number[]>();
      for (let i = 0; i < parents.length; i++) {
        const t = parents[i]![TYPENAME] as string;
        let l = byType.get(t);
        if (!l) byType.set(t, (l = []));
        l.push(i);
      }
      for (const [t, at] of byType) {
        const e = this.catalog.entities[t]!;
        const loaded = this.src.relatedRows(e, at.map((i) => parents[i]!), e.relations[field]!);
        for (let j = 0; j < at.length; j++) out[at[j]!] = loaded.rows[j]!;
        keys += loaded.keys;
      }
    }
    const rel = this.catalog.entities[firstType]!.relations[field]!;
    this.plan.push({
      operation: `load ${field}`, entity: rel.target, index: rel.fkIndex ?? rel.edge,
      access: rel.kind === 'toOne' ? 'batched primary key gets' : rel.kind === 'inverse' ? 'batched FK index prefix scans, then batched gets' : 'batched edge prefix scans, then batched gets',
      filter: null, order: null, limit: null, estimatedRows: keys, actualRows: keys, ordered: false, sort: 'none',
      children: [], parents: parents.length,
    });
    return out;
  }
}

function annotate(node: PlanNode, choice: AccessChoice): void {
  node.access = choice.describe;
  node.index = 'index' in choice.access ? choice.access.index.name : null;
  node.estimatedRows = choice.estimatedRows;
  node.ordered = choice.ordered;
}

function countKey(typeName: string, filter: FilterNode): string {
  return `${typeName}:${describeFilter(filter) ?? ''}`;
}

function keyValue(catalog: Catalog, row: Row): string | number {
  const e = catalog.entities[row[TYPENAME] as string]!;
  return row[e.key.field] as string | number;
}

/** A range given by a key prefix alone (an FK equality's). */
function isPrefixOnly(r: RangeOptions): boolean {
  return r.prefix !== undefined && r.limit === undefined && r.gt === undefined && r.gte === undefined && r.lt === undefined && r.lte === undefined;
}
