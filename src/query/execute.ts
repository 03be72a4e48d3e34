// Execution with the GraphQL specification's semantics over the generated API: operation
// selection, variable and argument coercion, field collection (fragments, type conditions,
// @skip/@include, aliases, __typename), null propagation, located errors and partial results.
// Fields are resolved in batches — one call per field for every object of a level — so the
// storage work is one pass per relationship level. Reads go through run.ts, writes through mutate.ts.
import type { DocumentNode, FieldNode, FragmentDefinitionNode, OperationDefinitionNode, SelectionSetNode, ValueNode } from '../graphql/ast.ts';
import { GraphQLError } from '../graphql/error.ts';
import { formatDateTime } from '../catalog/values.ts';
import { copyJsonValue } from './shared.ts';
import type { GraphQLField } from '../graphql/type/definition.ts';
import { resolveIntrospectionField } from '../graphql/type/introspection.ts';
import { collectFields } from '../graphql/type/collectFields.ts';
import { getArgumentValues, getVariableValues } from '../graphql/type/values.ts';
import type { Api } from './api.ts';
import { CursorError } from './cursor.ts';
import { badInput, BAD_USER_INPUT, CodedError, codeOf, tooComplex } from './errors.ts';
import { bindFilter, compileWhere, FilterError, type FilterNode } from './filter.ts';
import { Mutator } from './mutate.ts';
import { compileOrderBy, OrderError, rowComparator, type Ordering } from './order.ts';
import { shapeOf, type PlanNode } from './plan.ts';
import { Reader } from './run.ts';
import { namedOf, type FieldDef, type TypeDef, type TypeRef } from './schema.ts';
import type { Row } from './shape.ts';
import { RowSource, TYPENAME, type ReadView, type SharedTables } from './source.ts';
import type { Tx } from '../catalog/store-api.ts';
import { merge, newDeps, type Deps } from './deps.ts';

export interface ExecutionResult {
  data?: Record<string, unknown> | null;
  errors?: GraphQLError[];
}

/** A parsed and validated document, cached by its text. */
export interface Prepared {
  readonly document: DocumentNode;
  readonly fragments: Readonly<Record<string, FragmentDefinitionNode>>;
  /** @skip/@include with variables somewhere: field collection depends on variables. */
  readonly dynamic: boolean;
  /** Field collections (stable arrays, so nested collections can be cached by identity). */
  readonly collected: WeakMap<object, Map<string, Map<string, FieldNode[]>>>;
}

/** Thrown through non-null fields after the error was recorded (null propagation). */
class Bubble {}
const BUBBLE = new Bubble();

/**
 * A response path, innermost key last. The executor passes a value's path as its parent's path
 * and its own key, so the link is made only where it is needed (an error, or a field below it).
 */
type Path = { readonly prev: Path | undefined; readonly key: string | number } | undefined;
const pathArray = (p: Path): (string | number)[] => {
  const out: (string | number)[] = [];
  for (let q = p; q; q = q.prev) out.push(q.key);
  return out.reverse();
};

interface Group {
  readonly members: readonly unknown[];
  /** Each member's position in `members` (null: not built yet, see memberAt). */
  index: Map<unknown, number> | null;
  /**
   * For a group of a disjoint batch: where the objects of each of its values start in `members`
   * (an object's position is then its value's start plus its list index: no lookup).
   */
  readonly starts: readonly number[] | null;
  /** Batches by runtime type name, then response key. */
  readonly fields: Map<string, Map<string, Batch>>;
}
interface Batch {
  /** The field's value for each member of the group, by position. */
  readonly values: readonly unknown[] | null;
  readonly error: unknown;
  /**
   * No object occurs twice among the values, and every list item is an object (an inverse
   * relationship's: a child row has one parent), so the child group is the values' objects in order.
   */
  readonly disjoint: boolean;
  child: Group | null;
}

/** How one response key of an object is completed (see Execution.objectSlots). */
interface Slot {
  readonly key: string;
  readonly nodes: FieldNode[];
  /** The row property a leaf reads. */
  readonly column: string;
  readonly leaf: number;
  /** A leaf of a non-null type (a null there takes the full path, which reports the error). */
  readonly nonNull: boolean;
  readonly typename: boolean;
  /** The field's definition (undefined for `__typename`). */
  readonly def: FieldDef | undefined;
}
const LEAF_NONE = 0;
const LEAF_VALUE = 1;
const LEAF_DATETIME = 2;
/** How the objects of one type are completed for one set of field nodes (see Execution.slotsOf). */
interface ObjectShape {
  readonly type: string;
  readonly slots: readonly Slot[];
  /** Every response key, in order, set to null. */
  readonly blank: Readonly<Record<string, unknown>>;
}
/** Slots per stable field collection (collections are per prepared document, so this dies with it). */
const slotsByFields = new WeakMap<Map<string, FieldNode[]>, { type: string; slots: readonly Slot[] }>();

/** A variable's place in an argument template (see Execution.argTemplate). */
class VarSlot {
  constructor(readonly index: number) {}
}
interface ArgTemplate {
  /** The API it was read for: a parsed document may run on several databases (other schemas). */
  readonly api: Api;
  readonly type: string;
  /** The variables the arguments use, in order of first use. */
  readonly vars: readonly string[];
  readonly template: Record<string, unknown> | null;
  /** Coerced arguments by the values of `vars` (a repeated read coerces and compiles nothing). */
  readonly byValues: Map<string, Record<string, unknown>>;
}
/** Read arguments per field node (see argumentsOf). */
const argCache = new WeakMap<FieldNode, ArgTemplate>();
/** Compiled filter and ordering per (cached) arguments object and type. */
const compiledArgs = new WeakMap<object, Map<string, { filter: FilterNode; ordering: Ordering }>>();

/**
 * Sets a response key; `__proto__` (a legal alias) becomes an own property instead of the
 * object's prototype. Once a key is own, a plain assignment to it stores the value.
 */
function putKey(o: Record<string, unknown>, key: string, v: unknown): void {
  if (key === '__proto__') Object.defineProperty(o, key, { value: v, enumerable: true, writable: true, configurable: true });
  else o[key] = v;
}

/** A plain object (coerced input objects have a null prototype). */
const isPlain = (v: unknown): v is Record<string, unknown> => {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === null || proto === Object.prototype;
};

/** A copy of a template's arrays and plain objects with each placeholder replaced by its value. */
function fill(t: unknown, values: readonly unknown[]): unknown {
  if (t instanceof VarSlot) return values[t.index];
  if (Array.isArray(t)) return t.map((x) => fill(x, values));
  if (!isPlain(t)) return t;
  const out = Object.create(Object.getPrototypeOf(t) as object | null) as Record<string, unknown>;
  for (const k of Object.keys(t)) out[k] = fill(t[k], values);
  return out;
}

/** Placeholders reachable through arrays and plain objects. */
function slotsIn(t: unknown): number {
  if (t instanceof VarSlot) return 1;
  let n = 0;
  if (Array.isArray(t)) for (const x of t) n += slotsIn(x);
  else if (isPlain(t)) for (const k of Object.keys(t)) n += slotsIn(t[k]);
  return n;
}

function visitVariables(node: FieldNode, visit: (name: string) => void): void {
  const walk = (v: ValueNode): void => {
    if (v.kind === 'Variable') visit(v.name.value);
    else if (v.kind === 'ListValue') v.values.forEach(walk);
    else if (v.kind === 'ObjectValue') for (const f of v.fields) walk(f.value);
  };
  for (const a of node.arguments ?? []) walk(a.value);
}

/** The variables a field's arguments use, in order of first use. */
function variablesIn(node: FieldNode): string[] {
  const out: string[] = [];
  visitVariables(node, (name) => { if (!out.includes(name)) out.push(name); });
  return out;
}

/** How many times variables occur in a field's arguments. */
function variableUses(node: FieldNode): number {
  let n = 0;
  visitVariables(node, () => { n++; });
  return n;
}

const ROOT = Object.freeze({ root: true });
/** Per field definition (stable for an API): whether it is a leaf value (see isLeafValue). */
const leafValues = new WeakMap<FieldDef, boolean>();

export function selectOperation(doc: DocumentNode, operationName: string | null | undefined): OperationDefinitionNode | GraphQLError {
  const only = doc.definitions.length === 1 ? doc.definitions[0]! : null;
  if (only?.kind === 'OperationDefinition' && (!operationName || only.name?.value === operationName)) return only;
  const ops = doc.definitions.filter((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
  if (operationName) {
    const op = ops.find((o) => o.name?.value === operationName);
    return op ?? new GraphQLError(`Unknown operation named "${operationName}".`, { extensions: { code: BAD_USER_INPUT } });
  }
  if (ops.length === 1) return ops[0]!;
  return new GraphQLError(ops.length === 0 ? 'Must provide an operation.' : 'Must provide operation name if query contains multiple operations.',
    { extensions: { code: BAD_USER_INPUT } });
}

export interface RunOptions {
  /** The most objects and list items one result may hold (QUERY_TOO_COMPLEX beyond). */
  maxResultNodes: number;
  /** Decoded rows shared with other reads at the same store version (read executions only). */
  sharedRows?: SharedTables | null;
}

/** Executes one operation on a read view (queries, subscriptions) or a transaction (mutations). */
export class Execution {
  readonly errors: GraphQLError[] = [];
  readonly plan: PlanNode[] = [];
  /** What was read (live queries and the result cache depend on it). */
  readonly deps: Deps = newDeps();
  private reader: Reader;
  private nodes = 0;

  constructor(
    private readonly api: Api,
    private readonly prepared: Prepared,
    private readonly op: OperationDefinitionNode,
    private readonly variables: Readonly<Record<string, unknown>>,
    private readonly view: ReadView,
    private readonly tx: Tx | null,
    private readonly options: RunOptions,
  ) {
    this.reader = this.newReader();
  }

  private newReader(): Reader {
    if (this.reader) this.collectReads(this.reader);
    return new Reader(new RowSource(this.view, this.api.catalog, this.tx ? null : this.options.sharedRows ?? null), this.api.catalog);
  }

  private collectReads(r: Reader): void {
    merge(this.deps, r.src.reads);
    for (const n of r.plan) this.plan.push(n);
  }

  private finished = false;

  finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.collectReads(this.reader);
  }

  /** Runs the operation: the response data (null when a non-null root failed or a mutation failed). */
  run(): Record<string, unknown> | null {
    const rootType = this.op.operation === 'query' ? 'Query' : this.op.operation === 'mutation' ? 'Mutation' : 'Subscription';
    if (rootType === 'Mutation' && !this.api.schema.mutation) {
      this.errors.push(new GraphQLError('Schema is not configured to execute mutation operation.', { nodes: this.op, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }));
      return null;
    }
    const fields = this.collect(rootType, [this.op.selectionSet], this.op);
    const group: Group = { members: [ROOT], index: null, starts: null, fields: new Map() };
    const data: Record<string, unknown> = {};
    try {
      for (const [key, nodes] of fields) {
        const before = this.errors.length;
        putKey(data, key, this.executeField(group, rootType, ROOT, 0, key, nodes, undefined));
        if (rootType === 'Mutation') {
          if (this.errors.length > before) return null; // the first failing mutation field stops everything
          this.reader = this.newReader(); // later fields see this one's writes, through a fresh row cache
          group.fields.clear();
        }
      }
    } catch (e) {
      if (e instanceof Bubble) return null;
      throw e;
    }
    return data;
  }

  // ---- field collection ---------------------------------------------------------------------

  /** The fields of the selections `sets` (an operation's, or the sub-selections of field nodes) on `typeName`. */
  private collect(typeName: string, sets: readonly SelectionSetNode[] | readonly FieldNode[], owner: object): Map<string, FieldNode[]> {
    const dynamic = this.prepared.dynamic;
    if (!dynamic) {
      const byType = this.prepared.collected.get(owner);
      const hit = byType?.get(typeName);
      if (hit) return hit;
    }
    const out = new Map<string, FieldNode[]>();
    const visited = new Set<string>();
    const ctx = { fragments: this.prepared.fragments, variableValues: this.variables, applies: (condition: string) => this.applies(condition, typeName) };
    for (const s of sets) {
      if (s.kind === 'SelectionSet') collectFields(ctx, s, out, visited);
      else if (s.selectionSet) collectFields(ctx, s.selectionSet, out, visited);
    }
    if (!dynamic) {
      let byType = this.prepared.collected.get(owner);
      if (!byType) this.prepared.collected.set(owner, (byType = new Map()));
      byType.set(typeName, out);
    }
    return out;
  }

  /**
   * How each collected field of an object of `typeName` is completed: stored scalars and enums
   * straight off the row, `__typename` by name, the rest through executeField. Cached by the
   * (stable) collection, so an object's fields cost no lookups per row.
   */
  private objectSlots(typeName: string, fields: Map<string, FieldNode[]>): readonly Slot[] {
    const cached = slotsByFields.get(fields);
    if (cached && cached.type === typeName) return cached.slots;
    const slots: Slot[] = [];
    for (const [key, nodes] of fields) {
      const name = nodes[0]!.name.value;
      const def = name === '__typename' ? undefined : this.api.schema.field(typeName, name);
      let leaf = LEAF_NONE;
      let nonNull = false;
      if (def && this.isLeafValue(def)) {
        const inner = def.type.kind === 'NON_NULL' ? def.type.of : def.type;
        if (inner.kind === 'NAMED') {
          const t = this.api.schema.types.get(inner.name);
          leaf = t?.kind === 'SCALAR' && t.name === 'DateTime' ? LEAF_DATETIME : LEAF_VALUE;
          nonNull = def.type.kind === 'NON_NULL';
        }
      }
      slots.push({ key, nodes, column: def?.name ?? name, leaf, nonNull, typename: name === '__typename', def });
    }
    if (!this.prepared.dynamic) slotsByFields.set(fields, { type: typeName, slots });
    return slots;
  }

  /**
   * The slots of the objects of `typeName` completed for `nodes`, with a blank response object
   * (per execution, so dynamic collections too).
   */
  private slotsOf(typeName: string, nodes: readonly FieldNode[]): ObjectShape {
    let shapes = this.slotMemo.get(nodes);
    if (shapes) {
      for (let i = 0; i < shapes.length; i++) if (shapes[i]!.type === typeName) return shapes[i]!;
    } else this.slotMemo.set(nodes, (shapes = []));
    const slots = this.objectSlots(typeName, this.collect(typeName, nodes, nodes));
    const blank: Record<string, unknown> = {};
    for (const f of slots) putKey(blank, f.key, null); // spread copies keep `__proto__` as an own key
    const shape = { type: typeName, slots, blank };
    shapes.push(shape); // one per runtime type of an abstract level
    return shape;
  }

  private readonly slotMemo = new Map<readonly FieldNode[], ObjectShape[]>();

  private applies(condition: string, typeName: string): boolean {
    return condition === typeName || this.api.schema.possibleTypes(condition).includes(typeName);
  }

  // ---- fields -------------------------------------------------------------------------------

  /**
   * The value of response key `key` of `member` (an object of `typeName`, or ROOT; at position
   * `at` of `group`) at path `prev` + `key`. `known`: the field's definition, when the caller has it.
   */
  private executeField(group: Group, typeName: string, member: unknown, at: number, key: string, nodes: FieldNode[], prev: Path, known?: FieldDef): unknown {
    const node = nodes[0]!;
    const name = node.name.value;
    if (name === '__typename') return typeName;
    if (member === ROOT && (name === '__schema' || name === '__type')) {
      return resolveIntrospectionField({ schema: this.api.graphqlSchema, fragments: this.prepared.fragments, variableValues: this.variables }, node);
    }
    const def = known ?? this.api.schema.field(typeName, name);
    if (!def) throw new Error(`Cannot query field "${name}" on type "${typeName}".`);
    if (member !== ROOT && this.isLeafValue(def)) {
      // A stored value of a scalar or enum: read straight off the row (no batch, no child group).
      try {
        return this.complete(def.type, typeName, nodes, prev, key, (member as Record<string, unknown>)[def.name], null, -1);
      } catch (e) {
        return this.fieldError(e, def.type, nodes, { prev, key });
      }
    }
    try {
      if (member === ROOT && (def.role.role === 'delete' || def.role.role === 'deleteMany')) return this.deleteField(def, typeName, node, nodes, prev, key);
      const batch = this.batch(group, typeName, key, nodes, def);
      if (batch.values === null) throw batch.error;
      return this.complete(def.type, typeName, nodes, prev, key, batch.values[at], batch, at);
    } catch (e) {
      return this.fieldError(e, def.type, nodes, { prev, key });
    }
  }

  /** A column (or plain value) field of a scalar or enum type: its value is the member's property. */
  private isLeafValue(def: FieldDef): boolean {
    let leaf = leafValues.get(def);
    if (leaf === undefined) {
      const t = this.api.schema.types.get(namedOf(def.type));
      leaf = (def.role.role === 'column' || def.role.role === 'value') && (!t || t.kind === 'SCALAR' || t.kind === 'ENUM');
      leafValues.set(def, leaf);
    }
    return leaf;
  }

  private fieldError(e: unknown, type: TypeRef, nodes: readonly FieldNode[], path: Path): null {
    if (!(e instanceof Bubble)) this.errors.push(this.locate(e, nodes, path));
    if (type.kind === 'NON_NULL') throw BUBBLE;
    return null;
  }

  private locate(e: unknown, nodes: readonly FieldNode[], path: Path): GraphQLError {
    const code = e instanceof FilterError || e instanceof OrderError || e instanceof CursorError ? BAD_USER_INPUT : codeOf(e);
    const message = e instanceof Error ? e.message : String(e);
    const extensions: Record<string, unknown> = { ...(e instanceof GraphQLError ? e.extensions : {}), ...(e instanceof CodedError ? e.extra : {}), code };
    return new GraphQLError(message, { nodes, path: pathArray(path), extensions, originalError: e instanceof Error ? e : undefined });
  }

  private childGroup(batch: Batch): Group {
    if (batch.child) return batch.child;
    const values = batch.values!;
    if (batch.disjoint) {
      const members: unknown[] = [];
      const starts = new Array<number>(values.length);
      for (let i = 0; i < values.length; i++) {
        const v = values[i];
        starts[i] = members.length;
        if (v === null || v === undefined) continue;
        if (Array.isArray(v)) for (let j = 0; j < v.length; j++) members.push(v[j]);
        else members.push(v);
      }
      return (batch.child = { members, index: null, starts, fields: new Map() });
    }
    const members: unknown[] = [];
    const index = new Map<unknown, number>();
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v === null || v === undefined) continue;
      if (Array.isArray(v)) {
        for (let j = 0; j < v.length; j++) {
          const x: unknown = v[j];
          if (x !== null && typeof x === 'object' && index.get(x) === undefined) { index.set(x, members.length); members.push(x); }
        }
      } else if (typeof v === 'object' && index.get(v) === undefined) { index.set(v, members.length); members.push(v); }
    }
    return (batch.child = { members, index, starts: null, fields: new Map() });
  }

  /** The position of `member` in group `g` (an index of the members made on first need). */
  private memberAt(g: Group, member: unknown): number {
    if (!g.index) {
      const index = new Map<unknown, number>();
      for (let i = 0; i < g.members.length; i++) index.set(g.members[i], i);
      g.index = index;
    }
    return g.index.get(member)!;
  }

  /**
   * Completes `value` of `type` at path `prev` + `key` (the spec's CompleteValue). `batch`: the
   * batch the value came from, whose child group resolves the fields of its objects (null for a
   * leaf value); `origin`: the position in the batch of the value it is (or is an item of), -1
   * when unknown.
   */
  private complete(type: TypeRef, parentType: string, nodes: readonly FieldNode[], prev: Path, key: string | number, value: unknown, batch: Batch | null, origin: number): unknown {
    if (type.kind === 'NON_NULL') {
      const v = this.complete(type.of, parentType, nodes, prev, key, value, batch, origin);
      if (v === null) throw new Error(`Cannot return null for non-nullable field ${parentType}.${nodes[0]!.name.value}.`);
      return v;
    }
    if (value === null || value === undefined) return null;
    if (type.kind === 'LIST') {
      const items = value as unknown[];
      const out = new Array<unknown>(items.length);
      this.count(items.length);
      const path: Path = { prev, key };
      const from = typeof key === 'number' ? -1 : origin; // the items of a list in a list: no origin
      const item = type.of;
      const named = item.kind === 'NON_NULL' ? item.of : item;
      const t = named.kind === 'NAMED' ? this.api.schema.types.get(named.name) : undefined;
      const objects = t !== undefined && t.kind !== 'SCALAR' && t.kind !== 'ENUM';
      for (let i = 0; i < items.length; i++) {
        const x = items[i];
        try {
          // Objects straight to their completion (the item type looked up once per list).
          out[i] = objects && x !== null && x !== undefined ? this.completeObject(t, nodes, path, i, x, batch, from) : this.complete(item, parentType, nodes, path, i, x, batch, from);
        } catch (e) {
          out[i] = this.fieldError(e, item, nodes, { prev: path, key: i });
        }
      }
      return out;
    }
    const t = this.api.schema.types.get(type.name);
    // A built-in scalar: stored values are already in output form (a JSON object or array is
    // copied: the row cache and the store keep the original, and the response is the caller's).
    if (!t) return typeof value === 'object' ? copyJsonValue(value) : value;
    switch (t.kind) {
      case 'SCALAR':
        if (typeof value === 'object') return copyJsonValue(value);
        return t.name === 'DateTime' && typeof value === 'number' ? formatDateTime(value) : value;
      case 'ENUM':
        return value;
      default:
        return this.completeObject(t, nodes, prev, key, value, batch, origin);
    }
  }

  /** Completes an object `value` of the object, interface or union type `t` (see complete). */
  private completeObject(t: TypeDef, nodes: readonly FieldNode[], prev: Path, key: string | number, value: unknown, batch: Batch | null, origin: number): Record<string, unknown> {
    this.count(1);
    const runtime = ((value as Row)[TYPENAME] as string | undefined) ?? t.name;
    const shape = this.slotsOf(runtime, nodes);
    const slots = shape.slots;
    const row = value as Record<string, unknown>;
    let g: Group | null = null;
    let at = 0;
    let path: Path | null = null;
    // A copy of the blank response object: its keys in order already, so each store below
    // overwrites a property instead of adding one.
    const out: Record<string, unknown> = { ...shape.blank };
    for (let i = 0; i < slots.length; i++) {
      const f = slots[i]!;
      if (f.leaf !== LEAF_NONE) {
        // A stored scalar or enum: copied off the row (the full path only for a null in a non-null field;
        // a JSON object or array deeply: the row cache keeps the original).
        const v = row[f.column];
        if (v !== null && v !== undefined) {
          out[f.key] = typeof v === 'object' ? copyJsonValue(v) : f.leaf === LEAF_DATETIME && typeof v === 'number' ? formatDateTime(v) : v;
          continue;
        }
        if (!f.nonNull) continue; // null already
      } else if (f.typename) {
        out[f.key] = runtime;
        continue;
      }
      if (g === null) {
        g = this.childGroup(batch!);
        // A disjoint batch's object sits at its value's start plus its list index.
        at = g.starts && origin >= 0 ? g.starts[origin]! + (typeof key === 'number' ? key : 0) : this.memberAt(g, value);
      }
      out[f.key] = this.executeField(g, runtime, value, at, f.key, f.nodes, path ??= { prev, key }, f.def);
    }
    return out;
  }

  private count(n: number): void {
    this.nodes += n;
    if (this.nodes > this.options.maxResultNodes) {
      throw tooComplex(`The result is larger than the limit of ${this.options.maxResultNodes} objects and list items.`);
    }
  }

  // ---- batched resolution --------------------------------------------------------------------

  private batch(group: Group, typeName: string, key: string, nodes: readonly FieldNode[], def: FieldDef): Batch {
    let byKey = group.fields.get(typeName);
    if (!byKey) group.fields.set(typeName, (byKey = new Map()));
    const hit = byKey.get(key);
    if (hit) return hit;
    let batch: Batch;
    try {
      const args = this.argumentsOf(typeName, def, nodes[0]!);
      const all = group.members;
      let one = true;
      for (let i = 0; i < all.length && one; i++) one = ((all[i] as Row)[TYPENAME] ?? typeName) === typeName;
      let values: unknown[];
      if (one) values = this.resolve(def, typeName, all, args, nodes);
      else {
        // Members of several types (an abstract level): this type's, back in their positions.
        const at: number[] = [];
        for (let i = 0; i < all.length; i++) if (((all[i] as Row)[TYPENAME] ?? typeName) === typeName) at.push(i);
        const some = this.resolve(def, typeName, at.map((i) => all[i]), args, nodes);
        values = new Array<unknown>(all.length);
        for (let j = 0; j < at.length; j++) values[at[j]!] = some[j];
      }
      batch = { values, error: null, disjoint: def.role.role === 'relation' && def.role.relation.kind === 'inverse', child: null };
    } catch (e) {
      batch = { values: null, error: e, disjoint: false, child: null };
    }
    byKey.set(key, batch);
    return batch;
  }

  /**
   * A field's coerced arguments. In a read they are kept per field node and values of the
   * variables they use (nothing mutates them), so a prepared operation run again with the same
   * values coerces nothing; a mutation coerces afresh.
   */
  private argumentsOf(typeName: string, def: FieldDef, node: FieldNode): Record<string, unknown> {
    if (this.tx) return getArgumentValues(this.gqlField(typeName, def.name), node, this.variables);
    let c = argCache.get(node);
    if (!c || c.type !== typeName || c.api !== this.api) argCache.set(node, (c = this.argTemplate(typeName, def, node)));
    let key = '';
    for (const v of c.vars) key += `${JSON.stringify(this.variables[v]) ?? '-'}\u0000`;
    let args = c.byValues.get(key);
    if (!args) {
      args = c.template && c.vars.every((v) => this.variables[v] != null)
        ? fill(c.template, c.vars.map((v) => this.variables[v])) as Record<string, unknown>
        : getArgumentValues(this.gqlField(typeName, def.name), node, this.variables);
      if (c.byValues.size >= 64) c.byValues.clear();
      c.byValues.set(key, args);
    }
    return args;
  }

  /**
   * The arguments coerced once with a placeholder for each variable: when every variable used is
   * given a non-null value, coercion returns that value unchanged where the variable stands, so
   * a run only copies the template with the values filled in. No template when a placeholder
   * does not come out exactly where the variables stand (e.g. inside a custom scalar's literal).
   */
  private argTemplate(typeName: string, def: FieldDef, node: FieldNode): ArgTemplate {
    const vars = variablesIn(node);
    const placeholders: Record<string, VarSlot> = {};
    vars.forEach((v, i) => { placeholders[v] = new VarSlot(i); });
    let template: Record<string, unknown> | null = null;
    try {
      const t = getArgumentValues(this.gqlField(typeName, def.name), node, placeholders);
      if (slotsIn(t) === variableUses(node)) template = t;
    } catch {
      // the general coercion reports it on use
    }
    return { api: this.api, type: typeName, vars, template, byValues: new Map() };
  }

  private gqlField(typeName: string, fieldName: string): GraphQLField {
    const t = this.api.graphqlSchema.getType(typeName) as { getFields(): Record<string, GraphQLField> };
    return t.getFields()[fieldName]!;
  }

  /** The field's value for each of `members` (all of `typeName`), by position. */
  private resolve(def: FieldDef, typeName: string, members: readonly unknown[], args: Record<string, unknown>, nodes: readonly FieldNode[]): unknown[] {
    const out = new Array<unknown>(members.length);
    const role = def.role;
    const reader = this.reader;
    switch (role.role) {
      case 'value':
      case 'column':
        for (let i = 0; i < members.length; i++) out[i] = (members[i] as Record<string, unknown>)[def.name];
        return out;
      case 'get': {
        const keyField = shapeOf(this.api.catalog, role.type).key;
        out[0] = this.getByKey(role.type, args[keyField]);
        return out;
      }
      case 'list': {
        const { filter, ordering } = this.readArgs(role.type, args);
        out[0] = reader.list(role.type, filter, ordering, { offset: nonNegative(args, 'offset') ?? 0, first: nonNegative(args, 'first') });
        return out;
      }
      case 'connection': {
        const { filter, ordering } = this.readArgs(role.type, args);
        const first = nonNegative(args, 'first');
        const last = nonNegative(args, 'last');
        out[0] = reader.connection(role.type, filter, ordering, {
          first, last, after: (args['after'] as string | null | undefined) ?? null, before: (args['before'] as string | null | undefined) ?? null });
        return out;
      }
      case 'aggregate': {
        const { filter } = this.readArgs(role.type, args, false);
        out[0] = reader.aggregate(role.type, filter, !countOnly(nodes));
        return out;
      }
      case 'relation': {
        const rel = role.relation;
        const loaded = reader.loadRelated(members as Row[], def.name);
        if (!rel.list) {
          for (let i = 0; i < members.length; i++) out[i] = loaded[i]![0] ?? null;
          return out;
        }
        const target = rel.target;
        const shape = shapeOf(this.api.catalog, target);
        const filter = shape.columns.size ? compileWhere(shape, args['where'], (n) => shapeOf(this.api.catalog, n)) : { op: 'true' as const };
        const ordering = shape.columns.size ? compileOrderBy(shape, args['orderBy']) : null;
        const offset = nonNegative(args, 'offset') ?? 0;
        const first = nonNegative(args, 'first');
        const pred = filter.op === 'true' ? null : bindFilter(shape, filter, reader);
        const cmp = ordering ? rowComparator(ordering) : null;
        for (let i = 0; i < members.length; i++) {
          let rows = loaded[i]!;
          if (pred) rows = rows.filter(pred);
          if (cmp && (ordering!.terms.length || ordering!.abstract)) rows = rows.slice().sort(cmp);
          if (offset || first !== null) rows = rows.slice(offset, first === null ? undefined : offset + first);
          out[i] = rows;
        }
        return out;
      }
      case 'relationAggregate': {
        const rel = role.relation;
        const relField = def.name.slice(0, -'Aggregate'.length);
        const loaded = reader.loadRelated(members as Row[], relField);
        const shape = shapeOf(this.api.catalog, rel.target);
        const filter = compileWhere(shape, args['where'], (n) => shapeOf(this.api.catalog, n));
        const pred = filter.op === 'true' ? null : bindFilter(shape, filter, reader);
        for (let i = 0; i < members.length; i++) {
          const rows = loaded[i]!;
          out[i] = reader.aggregateRows(rel.target, pred ? rows.filter(pred) : rows);
        }
        return out;
      }
      default: {
        if (!this.tx) throw new Error('Mutations need a transaction.');
        const mut = new Mutator(this.api, this.tx, reader);
        out[0] = mut.run(role.role, role.type, args);
        return out;
      }
    }
  }

  /** The filter and ordering of list arguments (compiled once per arguments object: both are immutable). */
  private readArgs(type: string, args: Record<string, unknown>, withOrder = true): { filter: FilterNode; ordering: Ordering } {
    let byType = compiledArgs.get(args);
    const key = withOrder ? type : `${type}\u0000unordered`;
    const hit = byType?.get(key);
    if (hit) return hit;
    const shape = shapeOf(this.api.catalog, type);
    const filter = compileWhere(shape, args['where'], (n) => shapeOf(this.api.catalog, n));
    const ordering = compileOrderBy(shape, withOrder ? args['orderBy'] : null);
    if (!byType) compiledArgs.set(args, (byType = new Map()));
    byType.set(key, { filter, ordering });
    return { filter, ordering };
  }

  private getByKey(type: string, key: unknown): Row | null {
    if (key === null || key === undefined) return null;
    const src = this.reader.src;
    const entities = this.api.catalog.entities[type] ? [type] : this.api.schema.possibleTypes(type);
    for (const e of entities) {
      const kind = this.api.catalog.entities[e]!.key.kind;
      const k = kind === 'Int' ? (typeof key === 'number' ? key : Number(key)) : String(key);
      if (kind === 'Int' && !Number.isInteger(k)) continue;
      const r = src.get(e, k);
      if (r) return r;
    }
    return null;
  }

  /** deleteX / deleteXs: the selection is completed on the rows as they were, then they are deleted. */
  private deleteField(def: FieldDef, typeName: string, node: FieldNode, nodes: FieldNode[], prev: Path, key: string): unknown {
    const role = def.role as { role: 'delete' | 'deleteMany'; type: string };
    const args = getArgumentValues(this.gqlField(typeName, def.name), node, this.variables);
    let rows: Row[];
    if (role.role === 'delete') {
      const keyField = shapeOf(this.api.catalog, role.type).key;
      const r = this.getByKey(role.type, args[keyField]);
      rows = r ? [r] : [];
    } else {
      const { filter, ordering } = this.readArgs(role.type, args, false);
      rows = this.reader.list(role.type, filter, ordering, { offset: 0, first: null });
    }
    const value = role.role === 'delete' ? rows[0] ?? null : rows;
    const batch: Batch = { values: [value], error: null, disjoint: false, child: null };
    const completed = this.complete(def.type, typeName, nodes, prev, key, value, batch, 0);
    new Mutator(this.api, this.tx!, this.reader).deleteRows(role.type, rows);
    return completed;
  }
}

/** An aggregate selection asking for `count` (and `__typename`) only: no other part needs the rows. */
function countOnly(nodes: readonly FieldNode[]): boolean {
  for (const n of nodes) {
    for (const s of n.selectionSet?.selections ?? []) {
      if (s.kind !== 'Field' || (s.name.value !== 'count' && s.name.value !== '__typename')) return false;
    }
  }
  return true;
}

function nonNegative(args: Record<string, unknown>, name: string): number | null {
  const v = args[name];
  if (v === null || v === undefined) return null;
  if (typeof v !== 'number' || v < 0) throw badInput(`"${name}" must be a non-negative integer; got ${String(v)}.`);
  return v;
}

type SimpleVariable = { readonly name: string; readonly kind: string; readonly nonNull: boolean };
/** Per operation: its variables when all are built-in scalars without defaults (else null). */
const simpleVariables = new WeakMap<OperationDefinitionNode, readonly SimpleVariable[] | null>();
const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

function simpleVariablesOf(op: OperationDefinitionNode): readonly SimpleVariable[] | null {
  let spec = simpleVariables.get(op);
  if (spec !== undefined) return spec;
  let out: SimpleVariable[] | null = [];
  for (const d of op.variableDefinitions ?? []) {
    const nonNull = d.type.kind === 'NonNullType';
    const t = d.type.kind === 'NonNullType' ? d.type.type : d.type;
    if (t.kind !== 'NamedType' || d.defaultValue || !['Int', 'Float', 'String', 'ID', 'Boolean'].includes(t.name.value)) { out = null; break; }
    out.push({ name: d.variable.name.value, kind: t.name.value, nonNull });
  }
  simpleVariables.set(op, (spec = out));
  return spec;
}

/** A value a built-in scalar variable accepts unchanged (anything else takes the full coercion). */
function acceptsAsIs(kind: string, v: unknown): boolean {
  switch (kind) {
    case 'Int': return typeof v === 'number' && Number.isInteger(v) && v >= INT_MIN && v <= INT_MAX && !Object.is(v, -0);
    case 'Float': return typeof v === 'number' && Number.isFinite(v);
    case 'Boolean': return typeof v === 'boolean';
    default: return typeof v === 'string';
  }
}

/** Coerces the request's variables (BAD_USER_INPUT with the spec's messages). */
export function coerceVariables(api: Api, op: OperationDefinitionNode, inputs: Record<string, unknown> | null | undefined):
  { coerced: Record<string, unknown> } | { errors: GraphQLError[] } {
  // The common case — built-in scalars given values they accept as they are — needs no coercion.
  const simple = simpleVariablesOf(op);
  if (simple) {
    const values = inputs ?? {};
    const coerced: Record<string, unknown> = {};
    let ok = true;
    for (const v of simple) {
      const x = values[v.name];
      if (x === undefined && !v.nonNull) continue;
      if (x === null && !v.nonNull) { coerced[v.name] = null; continue; }
      if (!acceptsAsIs(v.kind, x)) { ok = false; break; }
      coerced[v.name] = x;
    }
    if (ok) return { coerced };
  }
  const r = getVariableValues(api.graphqlSchema, op.variableDefinitions ?? [], inputs ?? {}, { maxErrors: 50 });
  if (r.errors) {
    return { errors: r.errors.map((e) => new GraphQLError(e.message, { nodes: e.nodes, source: e.source, positions: e.positions, extensions: { ...e.extensions, code: BAD_USER_INPUT } })) };
  }
  return { coerced: r.coerced as Record<string, unknown> };
}
