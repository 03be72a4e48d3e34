// Filters of the generated API: a `<Type>Where` input value compiles into a FilterNode tree (the
// plan's predicate IR, inspected by the planner for index use) and binds into a closure over rows.
// Implements API.md's null rules and two-valued logic. Never evaluates code from strings (CSP).
import { BAD_USER_INPUT, CodedError } from './errors.ts';
import type { EntityShape, RelationShape, Row } from './shape.ts';
import { compareStrings, comparatorFor, equalValues, instantOf, type ColumnType } from './values.ts';
import { parseDateTime } from '../catalog/values.ts';

export type CmpOp = 'eq' | 'ne' | 'lt' | 'lte' | 'gt' | 'gte';
export type StrOp = 'contains' | 'startsWith' | 'endsWith';

export type FilterNode =
  | { readonly op: 'true' }
  | { readonly op: 'false' }
  | { readonly op: 'and'; readonly items: readonly FilterNode[] }
  | { readonly op: 'or'; readonly items: readonly FilterNode[] }
  | { readonly op: 'not'; readonly item: FilterNode }
  | { readonly op: 'cmp'; readonly field: string; readonly type: ColumnType; readonly cmp: CmpOp; readonly value: unknown }
  | { readonly op: 'in'; readonly field: string; readonly type: ColumnType; readonly values: readonly unknown[]; readonly negate: boolean }
  | { readonly op: 'str'; readonly field: string; readonly str: StrOp; readonly value: string }
  | { readonly op: 'isNull'; readonly field: string; readonly value: boolean }
  | { readonly op: 'has'; readonly field: string; readonly type: ColumnType; readonly values: readonly unknown[]; readonly all: boolean }
  | { readonly op: 'isEmpty'; readonly field: string; readonly value: boolean }
  | { readonly op: 'rel'; readonly rel: RelationShape; readonly mode: 'one' | 'some' | 'every' | 'none'; readonly sub: FilterNode };

export const TRUE: FilterNode = { op: 'true' };
export const FALSE: FilterNode = { op: 'false' };

/** Looks up the shape of a relationship target (entity or interface/union). */
export type ShapeLookup = (typeName: string) => EntityShape;

/** Thrown for a where value the schema would not allow (defence in depth: validation runs first). */
/** BAD_USER_INPUT (API.md §2). */
export class FilterError extends CodedError {
  constructor(message: string) { super(message, BAD_USER_INPUT); }
}

/** Compiles a coerced `<Type>Where` value (null/undefined = match all). */
export function compileWhere(shape: EntityShape, where: unknown, lookup: ShapeLookup): FilterNode {
  if (where === null || where === undefined) return TRUE;
  if (typeof where !== 'object' || Array.isArray(where)) throw new FilterError(`Expected a ${shape.name}Where object.`);
  const parts: FilterNode[] = [];
  for (const [k, v] of Object.entries(where as Record<string, unknown>)) {
    if (v === null || v === undefined) continue; // `field: null` and `and/or/not: null` are ignored
    if (k === 'and') {
      parts.push(and(asArray(v).map((w) => compileWhere(shape, w, lookup))));
    } else if (k === 'or') {
      parts.push(or(asArray(v).map((w) => compileWhere(shape, w, lookup))));
    } else if (k === 'not') {
      parts.push(not(compileWhere(shape, v, lookup)));
    } else {
      const col = shape.columns.get(k);
      if (col) {
        parts.push(compileColumnFilter(k, col, v));
        continue;
      }
      const rel = shape.relations.get(k);
      if (!rel) throw new FilterError(`${shape.name}Where has no field "${k}".`);
      parts.push(compileRelationFilter(rel, v, lookup));
    }
  }
  return and(parts);
}

function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [v]; // input coercion: a single value stands for a list of one
}

export function and(items: FilterNode[]): FilterNode {
  const flat: FilterNode[] = [];
  for (const it of items) {
    if (it.op === 'true') continue;
    if (it.op === 'false') return FALSE;
    if (it.op === 'and') flat.push(...it.items);
    else flat.push(it);
  }
  if (flat.length === 0) return TRUE;
  if (flat.length === 1) return flat[0] as FilterNode;
  return { op: 'and', items: flat };
}

export function or(items: FilterNode[]): FilterNode {
  const flat: FilterNode[] = [];
  for (const it of items) {
    if (it.op === 'false') continue;
    if (it.op === 'true') return TRUE;
    if (it.op === 'or') flat.push(...it.items);
    else flat.push(it);
  }
  if (flat.length === 0) return FALSE;
  if (flat.length === 1) return flat[0] as FilterNode;
  return { op: 'or', items: flat };
}

export function not(item: FilterNode): FilterNode {
  if (item.op === 'true') return FALSE;
  if (item.op === 'false') return TRUE;
  if (item.op === 'not') return item.item;
  return { op: 'not', item };
}

function compileColumnFilter(field: string, type: ColumnType, filter: unknown): FilterNode {
  if (typeof filter !== 'object' || filter === null) throw new FilterError(`Expected a filter object for "${field}".`);
  const parts: FilterNode[] = [];
  for (const [op, given] of Object.entries(filter as Record<string, unknown>)) {
    if (given === undefined) continue;
    // DateTime operands compare as instants (epoch ms, the stored form).
    const operand = type.kind === 'DateTime' && op !== 'isNull' && op !== 'isEmpty' ? toInstants(given) : given;
    if (operand === null) {
      parts.push(FALSE); // an operator given a null operand matches nothing
      continue;
    }
    switch (op) {
      case 'isNull':
        parts.push({ op: 'isNull', field, value: operand === true });
        break;
      case 'eq': case 'ne': case 'lt': case 'lte': case 'gt': case 'gte':
        if (type.list) throw new FilterError(`Operator ${op} does not apply to a list.`);
        parts.push({ op: 'cmp', field, type, cmp: op, value: operand });
        break;
      case 'in': case 'notIn':
        parts.push({ op: 'in', field, type, values: asArray(operand).filter((x) => x !== null), negate: op === 'notIn' });
        break;
      case 'contains': case 'startsWith': case 'endsWith':
        parts.push({ op: 'str', field, str: op, value: String(operand) });
        break;
      case 'has':
        parts.push({ op: 'has', field, type, values: [operand], all: true });
        break;
      case 'hasSome': case 'hasEvery':
        parts.push({ op: 'has', field, type, values: asArray(operand), all: op === 'hasEvery' });
        break;
      case 'isEmpty':
        parts.push({ op: 'isEmpty', field, value: operand === true });
        break;
      default:
        throw new FilterError(`Unknown filter operator "${op}" on "${field}".`);
    }
  }
  return and(parts);
}

function toInstants(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(toInstants);
  if (typeof v !== 'string') return v;
  const ms = parseDateTime(v);
  if (ms === undefined) throw new FilterError(`DateTime cannot represent ${JSON.stringify(v)}.`);
  return ms;
}

function compileRelationFilter(rel: RelationShape, filter: unknown, lookup: ShapeLookup): FilterNode {
  const target = lookup(rel.target);
  if (!rel.toMany) return { op: 'rel', rel, mode: 'one', sub: compileWhere(target, filter, lookup) };
  if (typeof filter !== 'object' || filter === null) throw new FilterError(`Expected a ${rel.target}ListRelationFilter.`);
  const parts: FilterNode[] = [];
  for (const [mode, sub] of Object.entries(filter as Record<string, unknown>)) {
    if (sub === null || sub === undefined) continue;
    if (mode !== 'some' && mode !== 'every' && mode !== 'none') throw new FilterError(`Unknown relation filter "${mode}".`);
    const node = compileWhere(target, sub, lookup);
    // every W ≡ none (not W); none W ≡ not (some W): one semi-join kind serves all three.
    if (mode === 'some') parts.push({ op: 'rel', rel, mode: 'some', sub: node });
    else if (mode === 'none') parts.push(not({ op: 'rel', rel, mode: 'some', sub: node }));
    else parts.push(not({ op: 'rel', rel, mode: 'some', sub: not(node) }));
  }
  return and(parts);
}

// ---------------------------------------------------------------------------------------------
// Binding: FilterNode → closure.

export type RowPredicate = (row: Row) => boolean;

/** Resolves relationship filters, batched: each call happens once per node and execution. */
export interface RelationEnv {
  /** A test for rows whose relationship `rel` has a related row (some: at least one) satisfying `sub`. */
  related(shape: EntityShape, rel: RelationShape, sub: FilterNode): RowPredicate;
}

const yes: RowPredicate = () => true;
const no: RowPredicate = () => false;

export function bindFilter(shape: EntityShape, node: FilterNode, env: RelationEnv | null): RowPredicate {
  switch (node.op) {
    case 'true': return yes;
    case 'false': return no;
    case 'and': {
      const ps = node.items.map((n) => bindFilter(shape, n, env));
      if (ps.length === 2) { const [a, b] = ps as [RowPredicate, RowPredicate]; return (r) => a(r) && b(r); }
      return (r) => { for (let i = 0; i < ps.length; i++) if (!(ps[i] as RowPredicate)(r)) return false; return true; };
    }
    case 'or': {
      const ps = node.items.map((n) => bindFilter(shape, n, env));
      return (r) => { for (let i = 0; i < ps.length; i++) if ((ps[i] as RowPredicate)(r)) return true; return false; };
    }
    case 'not': {
      const p = bindFilter(shape, node.item, env);
      return (r) => !p(r);
    }
    case 'isNull': {
      const f = node.field;
      return node.value ? (r) => r[f] === null || r[f] === undefined : (r) => r[f] !== null && r[f] !== undefined;
    }
    case 'cmp': return bindCmp(node.field, node.type, node.cmp, node.value);
    case 'in': {
      const f = node.field;
      const type = node.type;
      const neg = node.negate;
      if (type.kind === 'DateTime') {
        const set = new Set(node.values.map(instantOf));
        return (r) => { const v = r[f]; return v !== null && v !== undefined && set.has(instantOf(v)) !== neg; };
      }
      const set = new Set(node.values);
      return (r) => { const v = r[f]; return v !== null && v !== undefined && set.has(v) !== neg; };
    }
    case 'str': {
      const f = node.field;
      const s = node.value;
      const test = node.str === 'contains' ? (v: string) => v.includes(s)
        : node.str === 'startsWith' ? (v: string) => v.startsWith(s) : (v: string) => v.endsWith(s);
      return (r) => { const v = r[f]; return typeof v === 'string' && test(v); };
    }
    case 'has': {
      const f = node.field;
      const type = node.type;
      const values = node.values;
      const all = node.all;
      const eq = (a: unknown, b: unknown) => a !== null && b !== null && equalValues(type, a, b);
      return (r) => {
        const v = r[f];
        if (!Array.isArray(v)) return false;
        if (all) return values.every((x) => v.some((y) => eq(x, y)));
        return values.some((x) => v.some((y) => eq(x, y)));
      };
    }
    case 'isEmpty': {
      const f = node.field;
      const want = node.value;
      return (r) => { const v = r[f]; return Array.isArray(v) && (v.length === 0) === want; };
    }
    case 'rel': {
      if (!env) throw new FilterError('Relationship filters need a relation environment.');
      return env.related(shape, node.rel, node.sub);
    }
  }
}

function bindCmp(f: string, type: ColumnType, cmp: CmpOp, operand: unknown): RowPredicate {
  const isNull = (v: unknown) => v === null || v === undefined;
  if (cmp === 'eq' || cmp === 'ne') {
    const want = cmp === 'eq';
    if (type.kind === 'DateTime') {
      const t = instantOf(operand);
      return (r) => { const v = r[f]; return !isNull(v) && (instantOf(v) === t) === want; };
    }
    return (r) => { const v = r[f]; return !isNull(v) && (v === operand) === want; };
  }
  const c = comparatorFor(type);
  const accept = cmp === 'lt' ? (d: number) => d < 0 : cmp === 'lte' ? (d: number) => d <= 0
    : cmp === 'gt' ? (d: number) => d > 0 : (d: number) => d >= 0;
  if (type.kind === 'String' || type.kind === 'ID') {
    const s = String(operand);
    return (r) => { const v = r[f]; return typeof v === 'string' && accept(compareStrings(v, s)); };
  }
  return (r) => { const v = r[f]; return !isNull(v) && accept(c(v, operand)); };
}

/** Evaluates a filter over plain rows with a simple relation environment (tests, small sets). */
export function matches(shape: EntityShape, node: FilterNode, row: Row, env: RelationEnv | null): boolean {
  return bindFilter(shape, node, env)(row);
}
