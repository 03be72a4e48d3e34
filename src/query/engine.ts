// The query engine's single entry for the db layer: `createQueryEngine({ catalog, store })` →
// execute, subscribe, explain, schema. Owns the request pipeline (prepare with limits → validate
// → complexity → variables → run in a read view or one write transaction → response) and the
// caches and live queries around it. Never opens files or parses the user's SDL.
import type { DocumentNode, FieldNode, OperationDefinitionNode, SelectionSetNode } from '../graphql/ast.ts';
import { GraphQLError, type GraphQLFormattedError } from '../graphql/error.ts';
import { parse } from '../graphql/parser.ts';
import { validateDocument } from '../graphql/validation/validate.ts';
import type { Catalog } from '../catalog/model.ts';
import type { Tx } from '../catalog/store-api.ts';
import { buildApi, type Api } from './api.ts';
import { Lru, ResultCache } from './cache.ts';
import { coerceVariables, Execution, selectOperation, type Prepared } from './execute.ts';
import { INTERNAL_SERVER_ERROR, QUERY_TOO_COMPLEX, codeOf } from './errors.ts';
import { LiveQueries } from './live.ts';
import { getPlanOf, runGetPlan } from './fastget.ts';
import { aggregatePlanOf, runAggregatePlan } from './fastaggregate.ts';
import { listPlanOf, runListPlan, type ListRun } from './fastlist.ts';
import { RowSource } from './source.ts';
import type { PlanNode } from './plan.ts';
import { keyId, treesOf, type Change, type Deps } from './deps.ts';
import { namedOf, type TypeRef } from './schema.ts';
import { SharedRows, warmShared, type RangeOptions, type ReadView } from './source.ts';
import { markShared } from './shared.ts';

export { isShared } from './shared.ts';

/** The storage the engine needs: consistent read views and one write transaction at a time. */
export interface EngineStore {
  read<T>(fn: (view: ReadView) => T): T;
  /**
   * Bumped on every change a reader could observe (the Store's `version`). Without it no
   * decoded row is kept between executions.
   */
  readonly version?: number;
  begin(): Tx & { commit(): void; rollback(): void };
}

export interface QueryEngineOptions {
  /** Lexical tokens in one document (default 50,000). */
  maxTokens?: number;
  /** Selection-set nesting (default 64). */
  maxDepth?: number;
  /** Input-value nesting (default 128). */
  maxInputDepth?: number;
  /** Fields in one operation (default 20,000). */
  maxFields?: number;
  /** Static cost estimate: fields weighted by the list sizes above them (default 5,000,000). */
  maxComplexity?: number;
  /** Objects and list items in one result (default 5,000,000). */
  maxResultNodes?: number;
  /** Prepared operations kept (default 500). */
  preparedCacheSize?: number;
  /** Results of identical reads kept (default 200; 0 disables the result cache). */
  resultCacheSize?: number;
  /**
   * Decoded rows kept between reads (and as many relationship key lists): the oldest go first past
   * it; a commit forgets only what it wrote (default 200,000; 0 disables).
   */
  rowCacheSize?: number;
}

export interface GraphQLRequest {
  query: string | DocumentNode;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
}

export interface GraphQLResponse {
  data?: Record<string, unknown> | null;
  errors?: GraphQLFormattedError[];
}

export interface ExplainResult {
  plan: PlanNode[];
  response: GraphQLResponse;
}

export interface QueryEngine {
  /**
   * Runs a query or a mutation (one transaction); resolves to the response, errors included. The
   * response is the caller's to mutate unless `isShared(response)` (a result-cache entry).
   */
  execute(request: GraphQLRequest): GraphQLResponse;
  /** A live query: the current result, then a new one after each commit that changes it (every payload `isShared`). */
  subscribe(request: GraphQLRequest, callback: (response: GraphQLResponse) => void): () => void;
  /** Runs a read and returns its plan (chosen indexes, estimated and actual rows) with the response. */
  explain(request: GraphQLRequest): ExplainResult;
  /** The generated API as SDL. */
  schema(): string;
  /**
   * Tells the engine a commit made elsewhere (a load, a checkpoint) touched these trees; with `from`,
   * the store's version before it, the decoded rows it did not touch stay shared.
   */
  notifyCommit(trees: Iterable<string> | 'all', from?: number): void;
  /** Decodes the rows and relationship lists of `trees` (default: all) into the shared row cache, within its budget (after a load). */
  warm(trees?: ReadonlySet<string>): void;
  /** Counters: cache hits and misses, live subscriptions. */
  stats(): { preparedCached: number; resultHits: number; resultMisses: number; subscriptions: number; liveRuns: number; sharedRows: number; sharedLists: number };
}

export function createQueryEngine(config: { catalog: Catalog; store: EngineStore; options?: QueryEngineOptions }): QueryEngine {
  return new Engine(buildApi(config.catalog), config.store, config.options ?? {});
}

type PrepareResult = { prepared: Prepared } | { errors: GraphQLError[] };

class Engine implements QueryEngine {
  private readonly preparedCache: Lru<string, PrepareResult>;
  private readonly preparedByDoc = new WeakMap<DocumentNode, PrepareResult>();
  private readonly results: ResultCache<GraphQLResponse> | null;
  private readonly live = new LiveQueries<GraphQLResponse>();
  private readonly limits: Required<QueryEngineOptions>;
  private readonly sharedRows: SharedRows;

  constructor(private readonly api: Api, private readonly store: EngineStore, options: QueryEngineOptions) {
    this.limits = {
      maxTokens: options.maxTokens ?? 50_000, maxDepth: options.maxDepth ?? 64, maxInputDepth: options.maxInputDepth ?? 128,
      maxFields: options.maxFields ?? 20_000, maxComplexity: options.maxComplexity ?? 5_000_000,
      maxResultNodes: options.maxResultNodes ?? 5_000_000, preparedCacheSize: options.preparedCacheSize ?? 500,
      resultCacheSize: options.resultCacheSize ?? 200, rowCacheSize: options.rowCacheSize ?? 200_000,
    };
    const rowCache = this.limits.rowCacheSize;
    this.sharedRows = new SharedRows(api.catalog, () => (rowCache > 0 && typeof store.version === 'number' ? store.version : undefined), rowCache);
    this.preparedCache = new Lru(this.limits.preparedCacheSize);
    this.results = this.limits.resultCacheSize > 0 ? new ResultCache(this.limits.resultCacheSize) : null;
  }

  schema(): string {
    return this.api.sdl;
  }

  stats() {
    return { preparedCached: this.preparedCache.size, resultHits: this.results?.hits ?? 0, resultMisses: this.results?.misses ?? 0, subscriptions: this.live.size, liveRuns: this.live.runs, ...this.sharedRows.sizes() };
  }

  notifyCommit(trees: Iterable<string> | 'all', from?: number): void {
    this.changed(trees === 'all' ? 'all' : new Map([...trees].map((t) => [t, 'all' as const])), from);
  }

  warm(trees?: ReadonlySet<string>): void {
    const shared = this.sharedRows.open();
    if (shared) this.store.read((view) => warmShared(view, this.api.catalog, shared, trees ?? null));
  }

  /** After a commit: `from` is the store's version before it (the shared rows keep what it did not write). */
  private changed(change: Change, from?: number): void {
    this.sharedRows.moved(change, from); // before any live query re-runs
    this.results?.invalidate(change === 'all' ? 'all' : change.keys());
    this.live.notify(change);
  }

  // ---- the pipeline --------------------------------------------------------------------------

  private prepare(query: string | DocumentNode): PrepareResult {
    if (typeof query !== 'string') {
      let hit = this.preparedByDoc.get(query);
      if (!hit) this.preparedByDoc.set(query, (hit = this.check(query)));
      return hit;
    }
    let hit = this.preparedCache.get(query);
    if (hit) return hit;
    try {
      const document = parse(query, { maxTokens: this.limits.maxTokens, maxDepth: this.limits.maxDepth, maxInputDepth: this.limits.maxInputDepth, maxFields: this.limits.maxFields });
      hit = this.check(document);
    } catch (e) {
      hit = { errors: [e instanceof GraphQLError ? e : new GraphQLError(String(e), { extensions: { code: 'GRAPHQL_PARSE_FAILED' } })] };
    }
    this.preparedCache.set(query, hit);
    return hit;
  }

  private check(document: DocumentNode): PrepareResult {
    const errors = validateDocument(this.api.graphqlSchema, document); // the generated schema is valid by construction (test/query/schema.test.ts checks it)
    if (errors.length) return { errors };
    const fragments: Record<string, import('../graphql/ast.ts').FragmentDefinitionNode> = {};
    for (const d of document.definitions) if (d.kind === 'FragmentDefinition') fragments[d.name.value] = d;
    const prepared: Prepared = { document, fragments, dynamic: hasVariableDirectives(document), collected: new WeakMap() };
    return { prepared };
  }

  /** Static costs per operation, by the values of the variables that size lists (most have none). */
  private readonly costs = new WeakMap<OperationDefinitionNode, { vars: string[]; byKey: Map<string, number> }>();

  private cost(op: OperationDefinitionNode, prepared: Prepared, variables: Record<string, unknown>): number {
    let c = this.costs.get(op);
    if (!c) this.costs.set(op, (c = { vars: pagingVariables(prepared.document), byKey: new Map() }));
    let key = '';
    for (const v of c.vars) { const x = variables[v]; key += typeof x === 'number' && x >= 0 ? `${x},` : '-,'; }
    let n = c.byKey.get(key);
    if (n === undefined) {
      n = complexity(this.api, op, op.operation === 'query' ? 'Query' : op.operation === 'mutation' ? 'Mutation' : 'Subscription', prepared, variables);
      if (c.byKey.size >= 64) c.byKey.clear();
      c.byKey.set(key, n);
    }
    return n;
  }

  execute(request: GraphQLRequest): GraphQLResponse {
    return this.executeWith(request, null).response;
  }

  explain(request: GraphQLRequest): ExplainResult {
    const plan: PlanNode[] = [];
    const { response } = this.executeWith(request, plan);
    return { plan, response };
  }

  subscribe(request: GraphQLRequest, callback: (response: GraphQLResponse) => void): () => void {
    return this.live.subscribe(() => {
      const out = this.executeWith(request, null, true);
      // The live query keeps its last payload to compare the next one with: shared.
      return { result: markShared(out.response), deps: out.deps, final: out.final };
    }, callback);
  }

  private executeWith(request: GraphQLRequest, plan: PlanNode[] | null, live = false):
    { response: GraphQLResponse; deps: Deps | null; final: boolean } {
    const p = this.prepare(request.query);
    if ('errors' in p) return requestError(p.errors);
    const prepared = p.prepared;
    const op = selectOperation(prepared.document, request.operationName);
    if (op instanceof GraphQLError) return requestError([op]);
    if (live && op.operation === 'mutation') {
      return requestError([new GraphQLError('A live query must be a query or subscription operation, not a mutation.', { nodes: op, extensions: { code: 'BAD_USER_INPUT' } })]);
    }
    const cost = this.cost(op, prepared, request.variables ?? {});
    if (cost > this.limits.maxComplexity) {
      return requestError([new GraphQLError(`The operation is too complex: estimated cost ${cost} exceeds the limit of ${this.limits.maxComplexity}.`, { nodes: op, extensions: { code: QUERY_TOO_COMPLEX } })]);
    }
    const vars = coerceVariables(this.api, op, request.variables);
    if ('errors' in vars) return requestError(vars.errors);
    const runOptions = { maxResultNodes: this.limits.maxResultNodes };

    if (op.operation !== 'mutation') {
      // A plain root get by key: its compiled plan (one point read, one object), unless explained
      // or live. It bypasses the result cache: a miss there (key, lookup, insert, eviction) costs
      // more than the read, and get traffic would evict the costly results the cache is for.
      // Compiled plans serve plain reads only; explain and live queries take the general executor.
      const compiled = !plan && !live && this.limits.maxResultNodes >= 1;
      const fast = compiled ? getPlanOf(this.api, op) : null;
      if (fast) {
        let data: Record<string, unknown> | null;
        try {
          data = this.store.read((view) => runGetPlan(fast, vars.coerced, view, this.sharedRows.open()));
        } catch (e) {
          return failure(e);
        }
        if (data) return { response: { data }, deps: null, final: false };
      }
      const cacheKey = this.results && !plan && typeof request.query === 'string' ? ResultCache.key(request.query, request.variables, request.operationName) : null;
      if (cacheKey) {
        const hit = this.results!.get(cacheKey);
        if (hit && !live) return { response: hit, deps: null, final: false }; // shared (marked when stored)
      }
      // A plain root aggregate (count, parts over stored columns; no filter or one FK equality):
      // its compiled plan. Its reads are the cached result's dependencies.
      const agg = compiled ? aggregatePlanOf(this.api, op) : null;
      if (agg) {
        let got: { data: Record<string, unknown> | null; src: RowSource };
        try {
          got = this.store.read((view) => {
            const src = new RowSource(view, this.api.catalog, this.sharedRows.open());
            return { data: runAggregatePlan(agg, vars.coerced, src), src };
          });
        } catch (e) {
          return failure(e);
        }
        if (got.data) {
          const response: GraphQLResponse = { data: got.data };
          if (cacheKey && this.results!.admit(cacheKey)) this.results!.set(cacheKey, markShared(response), treesOf(got.src.reads));
          return { response, deps: null, final: false };
        }
      }
      // A plain root list (comparisons on one B-tree-indexed column or the key, ordered by it,
      // paged, stored scalars): its compiled plan, one ordered range walk. It depends on the
      // walked index and the table as wholes.
      const list = compiled ? listPlanOf(this.api, op) : null;
      if (list) {
        let got: ListRun | null;
        try {
          got = this.store.read((view) => runListPlan(list, vars.coerced, view, this.sharedRows.open(), this.limits.maxResultNodes));
        } catch (e) {
          return failure(e);
        }
        if (got) {
          const response: GraphQLResponse = { data: got.data };
          if (cacheKey && this.results!.admit(cacheKey)) this.results!.set(cacheKey, markShared(response), got.trees);
          return { response, deps: null, final: false };
        }
      }
      let exec: Execution;
      let data: Record<string, unknown> | null;
      try {
        ({ exec, data } = this.store.read((view) => {
          const e = new Execution(this.api, prepared, op, vars.coerced, view, null, { ...runOptions, sharedRows: this.sharedRows.open() });
          const d = e.run();
          e.finish();
          return { exec: e, data: d };
        }));
      } catch (e) {
        return failure(e);
      }
      if (plan) plan.push(...exec.plan);
      const response: GraphQLResponse = exec.errors.length ? { data, errors: exec.errors.map(format) } : { data };
      // Kept only when this read was asked for before (a one-off read stays the caller's own,
      // unshared, and never evicts a repeated one); a kept response is shared from now on.
      if (cacheKey && this.results!.admit(cacheKey)) this.results!.set(cacheKey, markShared(response), treesOf(exec.deps));
      return { response, deps: exec.deps, final: false };
    }

    // A mutation: one transaction; any failure rolls everything back.
    let tx: ReturnType<EngineStore['begin']>;
    const from = this.store.version;
    try {
      tx = this.store.begin();
    } catch (e) {
      return failure(e);
    }
    const rec = new RecordingTx(tx);
    let exec: Execution | null = null;
    try {
      exec = new Execution(this.api, prepared, op, vars.coerced, rec, rec, runOptions);
      const data = exec.run();
      exec.finish();
      if (plan) plan.push(...exec.plan);
      if (exec.errors.length || data === null || plan) {
        tx.rollback(); // failed — or explained: an explained mutation is run, measured and rolled back
        if (plan && !exec.errors.length && data !== null) return { response: { data }, deps: null, final: false };
        return { response: { data: null, errors: (exec.errors.length ? exec.errors.slice(0, 1) : []).map(format) }, deps: null, final: false };
      }
      tx.commit();
      this.changed(rec.written, from);
      return { response: { data }, deps: null, final: false };
    } catch (e) {
      try { tx.rollback(); } catch { /* already failed */ }
      return failure(e);
    }
  }
}

/** A read or write that threw: `data: null` and the error with its code (nothing was committed). */
function failure(e: unknown): { response: GraphQLResponse; deps: null; final: false } {
  return { response: { data: null, errors: [internal(e)] }, deps: null, final: false };
}

/** A request error's response: shared, as its errors' locations and extensions are those of the prepared-operation cache. */
function requestError(errors: GraphQLError[]): { response: GraphQLResponse; deps: null; final: true } {
  return { response: markShared({ errors: errors.map(format) }), deps: null, final: true };
}

function format(e: GraphQLError): GraphQLFormattedError {
  return e.toJSON();
}

function internal(e: unknown): GraphQLFormattedError {
  const code = codeOf(e);
  if (e instanceof GraphQLError) return { ...e.toJSON(), extensions: { ...e.extensions, code } };
  return { message: e instanceof Error ? e.message : String(e), extensions: { code: code === INTERNAL_SERVER_ERROR ? INTERNAL_SERVER_ERROR : code } };
}

/** Forwards a transaction and records which trees were written (live queries, result cache). */
class RecordingTx implements Tx {
  readonly written = new Map<string, Set<string> | 'all'>();
  constructor(private readonly tx: Tx) {}
  private note(tree: string, key: Uint8Array | null): void {
    const w = this.written.get(tree);
    if (w === 'all') return;
    if (key === null) { this.written.set(tree, 'all'); return; }
    if (w) w.add(keyId(key));
    else this.written.set(tree, new Set([keyId(key)]));
  }
  get(tree: string, key: Uint8Array): unknown { return this.tx.get(tree, key); }
  range(tree: string, opts?: RangeOptions): Iterable<[Uint8Array, unknown]> { return this.tx.range(tree, opts); }
  count(tree: string): number { return this.tx.count(tree); }
  createTree(name: string, kind: 'btree' | 'hash'): void { this.note(name, null); this.tx.createTree(name, kind); }
  dropTree(name: string): void { this.note(name, null); this.tx.dropTree(name); }
  put(tree: string, key: Uint8Array, value: unknown): void { this.note(tree, key); this.tx.put(tree, key, value); }
  delete(tree: string, key: Uint8Array): boolean { this.note(tree, key); return this.tx.delete(tree, key); }
  bulkLoad(tree: string, entries: Iterable<readonly [Uint8Array, unknown]>): number {
    this.note(tree, null);
    return this.tx.bulkLoad(tree, entries);
  }
}

function hasVariableDirectives(doc: DocumentNode): boolean {
  let found = false;
  const visit = (set: SelectionSetNode | undefined): void => {
    if (!set || found) return;
    for (const s of set.selections) {
      if (s.directives?.some((d) => d.arguments?.some((a) => a.value.kind === 'Variable'))) { found = true; return; }
      if (s.kind !== 'FragmentSpread') visit(s.selectionSet);
    }
  };
  for (const d of doc.definitions) if (d.kind === 'OperationDefinition' || d.kind === 'FragmentDefinition') visit(d.selectionSet);
  return found;
}

/** The variables given as `first`/`last` anywhere in the document: the only ones the static cost depends on. */
function pagingVariables(doc: DocumentNode): string[] {
  const out = new Set<string>();
  const visit = (set: SelectionSetNode | undefined): void => {
    if (!set) return;
    for (const s of set.selections) {
      if (s.kind === 'Field') {
        for (const a of s.arguments ?? []) if ((a.name.value === 'first' || a.name.value === 'last') && a.value.kind === 'Variable') out.add(a.value.name.value);
      }
      if (s.kind !== 'FragmentSpread') visit(s.selectionSet);
    }
  };
  for (const d of doc.definitions) if (d.kind === 'OperationDefinition' || d.kind === 'FragmentDefinition') visit(d.selectionSet);
  return [...out];
}

/**
 * A static cost: every field counts once per object it is evaluated on, where a field returning
 * a list of objects multiplies by its `first`/`last` (100 at the root, 10 nested when unbounded).
 */
function complexity(api: Api, op: OperationDefinitionNode, rootType: string, prepared: Prepared, variables: Record<string, unknown>): number {
  const sizeOf = (f: FieldNode, nested: boolean): number => {
    for (const a of f.arguments ?? []) {
      if (a.name.value !== 'first' && a.name.value !== 'last') continue;
      const v = a.value.kind === 'IntValue' ? Number(a.value.value) : a.value.kind === 'Variable' ? variables[a.value.name.value] : undefined;
      if (typeof v === 'number' && v >= 0) return Math.max(1, v);
    }
    return nested ? 10 : 100;
  };
  const isList = (t: TypeRef): boolean => (t.kind === 'LIST' ? true : t.kind === 'NON_NULL' ? isList(t.of) : false);
  // The cost is linear in the multiplier above a selection set, so each (set, type, depth kind) is
  // costed once at multiplier 1 and reused: fragments spread many times (even fanning out
  // exponentially, `fragment F2 { ...F1 ...F1 }`) cost linear work to estimate, never a hang.
  const memo = new Map<SelectionSetNode, Map<string, number>>();
  const visiting = new Set<string>();
  const unit = (type: string, set: SelectionSetNode, nested: boolean): number => {
    const key = `${type}|${nested}`;
    let bySet = memo.get(set);
    const known = bySet?.get(key);
    if (known !== undefined) return known;
    let total = 0;
    for (const s of set.selections) {
      if (s.kind === 'Field') {
        total += 1;
        if (!s.selectionSet) continue;
        const def = api.schema.field(type, s.name.value);
        const target = def ? namedOf(def.type) : type;
        // Connections page their edges/nodes: the page size applies below them.
        const m = def && (isList(def.type) || def.role.role === 'connection') ? sizeOf(s, nested) : 1;
        total += m * unit(target, s.selectionSet, true);
      } else if (s.kind === 'InlineFragment') {
        total += unit(s.typeCondition?.name.value ?? type, s.selectionSet, nested);
      } else {
        const f = prepared.fragments[s.name.value];
        if (f && !visiting.has(f.name.value)) {
          visiting.add(f.name.value);
          total += unit(f.typeCondition.name.value, f.selectionSet, nested);
          visiting.delete(f.name.value);
        }
      }
    }
    if (!bySet) memo.set(set, (bySet = new Map()));
    bySet.set(key, total);
    return total;
  };
  return unit(rootType, op.selectionSet, false);
}
