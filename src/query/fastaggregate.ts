// A compiled plan for a plain root aggregate (`{ peopleAggregate(where: { homeworld: { id: { eq: $p } } })
// { count avg { height } } }`): a `where` that is empty or one to-one FK equality, parts over plain
// Int/Float/String/ID columns. A run reads the shared FK list and shared rows and sums exactly
// (aggregate.ts); anything else returns no plan and takes the general executor. It never writes.
import type { ObjectValueNode, OperationDefinitionNode, ValueNode } from '../graphql/ast.ts';
import { encodeKey } from '../storage/keys.ts';
import type { Entity } from '../catalog/model.ts';
import type { Api } from './api.ts';
import { literalArguments, plainRootField, planCache } from './compiled.ts';
import { extremeOf, minMaxFields, sumAvgFields, totalOf } from './aggregate.ts';
import { shapeOf } from './plan.ts';
import type { EntityShape, Row } from './shape.ts';
import type { RowSource } from './source.ts';

type Part = 'min' | 'max' | 'sum' | 'avg';
/** One selected part: `count`, or a part with its (response key, column) pairs. */
interface OutPart {
  readonly key: string;
  readonly part: Part | 'count';
  readonly fields: readonly { readonly key: string; readonly column: string }[];
}

export interface AggregatePlan {
  readonly responseKey: string;
  readonly entity: Entity;
  readonly shape: EntityShape;
  /** The FK equality (null: no filter): its index tree and operand (a variable's name, or a literal). */
  readonly fk: { readonly tree: string; readonly variable: string | null; readonly literal: unknown } | null;
  readonly parts: readonly OutPart[];
  readonly countOnly: boolean;
}


/** The single field of an object literal, or null. */
function only(v: ValueNode | undefined, name?: string): ObjectValueNode['fields'][number] | null {
  if (!v || v.kind !== 'ObjectValue' || v.fields.length !== 1) return null;
  const f = v.fields[0]!;
  return name === undefined || f.name.value === name ? f : null;
}

function compile(api: Api, op: OperationDefinitionNode): AggregatePlan | null {
  const plain = plainRootField(api, op, 'aggregate');
  if (!plain) return null;
  const { root, entity } = plain;
  const shape = shapeOf(api.catalog, entity.name);
  let fk: AggregatePlan['fk'] = null;
  const args = root.arguments ?? [];
  if (args.length > 1) return null;
  if (args.length === 1) {
    const where = args[0]!;
    if (where.name.value !== 'where' || where.value.kind !== 'ObjectValue') return null;
    if (where.value.fields.length > 0) {
      const relField = only(where.value);
      const rel = relField ? entity.relations[relField.name.value] : undefined;
      if (!relField || !rel || rel.kind !== 'toOne' || rel.polymorphic || !rel.fkIndex) return null;
      if (!entity.indexes.some((i) => i.tree === rel.fkIndex)) return null;
      const target = api.catalog.entities[rel.target];
      if (!target) return null;
      const eq = only(only(relField.value, target.key.field)?.value, 'eq');
      if (!eq) return null;
      if (eq.value.kind === 'Variable') fk = { tree: rel.fkIndex, variable: eq.value.name.value, literal: null };
      else {
        if (eq.value.kind === 'ObjectValue' || eq.value.kind === 'ListValue') return null;
        const w = literalArguments(api, root)['where'] as Record<string, Record<string, Record<string, unknown>>>;
        fk = { tree: rel.fkIndex, variable: null, literal: w[relField.name.value]![target.key.field]!['eq'] };
      }
    }
  }
  const mm = minMaxFields(shape);
  const sa = sumAvgFields(shape);
  const parts: OutPart[] = [];
  const seen = new Set<string>();
  for (const s of root.selectionSet.selections) {
    if (s.kind !== 'Field' || s.directives?.length || s.arguments?.length) return null;
    const key = (s.alias ?? s.name).value;
    if (key === '__proto__') return null; // the general path makes it an own key
    if (seen.has(key)) return null; // merged duplicates: the general collection handles them
    seen.add(key);
    const name = s.name.value;
    if (name === 'count') {
      if (s.selectionSet) return null;
      parts.push({ key, part: 'count', fields: [] });
      continue;
    }
    if (name !== 'min' && name !== 'max' && name !== 'sum' && name !== 'avg' || !s.selectionSet) return null;
    const allowed = name === 'min' || name === 'max' ? mm : sa;
    const fields: { key: string; column: string }[] = [];
    const inner = new Set<string>();
    for (const f of s.selectionSet.selections) {
      if (f.kind !== 'Field' || f.directives?.length || f.arguments?.length || f.selectionSet) return null;
      const fkey = (f.alias ?? f.name).value;
      if (fkey === '__proto__') return null;
      if (inner.has(fkey) || !allowed.includes(f.name.value)) return null;
      // min/max of a DateTime or enum is serialized by the general path.
      const t = shape.columns.get(f.name.value)!;
      if (t.kind !== 'Int' && t.kind !== 'Float' && t.kind !== 'String' && t.kind !== 'ID') return null;
      inner.add(fkey);
      fields.push({ key: fkey, column: f.name.value });
    }
    parts.push({ key, part: name, fields });
  }
  return { responseKey: (root.alias ?? root.name).value, entity, shape, fk, parts, countOnly: parts.every((p) => p.part === 'count') };
}

/** The compiled plan of `op`, or null when it is not a plain root aggregate this module answers. */
export const aggregatePlanOf = planCache(compile);

const NO_ROWS: readonly Row[] = [];

/**
 * One run over `src` (its `reads` are the run's dependencies): the data, or null when the
 * general path must answer (a sum that is not finite).
 */
export function runAggregatePlan(plan: AggregatePlan, variables: Readonly<Record<string, unknown>>, src: RowSource): Record<string, unknown> | null {
  const e = plan.entity;
  let rows: readonly Row[] = NO_ROWS;
  let count = 0;
  if (plan.fk) {
    const v = plan.fk.variable === null ? plan.fk.literal : variables[plan.fk.variable];
    if (v !== null && v !== undefined) { // a null operand matches nothing
      const keys = src.fkKeys(e, plan.fk.tree, encodeKey([v as string | number]));
      // The table as one dependency: no key to encode and track per row.
      if (plan.countOnly) count = keys.length;
      else count = (rows = src.getMany(e.name, keys, true, true)).length;
    }
  } else if (plan.countOnly) count = src.count(e.name);
  else count = (rows = [...src.scan(e.name)]).length;
  const out: Record<string, unknown> = {};
  const parts = plan.parts;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if (p.part === 'count') { out[p.key] = count; continue; }
    if (count === 0) { out[p.key] = null; continue; }
    const o: Record<string, unknown> = {};
    for (let j = 0; j < p.fields.length; j++) {
      const f = p.fields[j]!;
      let x: unknown;
      if (p.part === 'min' || p.part === 'max') x = extremeOf(plan.shape.columns.get(f.column)!, rows, f.column, p.part === 'min' ? 1 : -1);
      else {
        const t = totalOf(rows, f.column);
        x = t.n === 0 ? null : p.part === 'sum' ? t.sum : t.sum / t.n;
        if (x !== null && !Number.isFinite(x)) return null;
      }
      o[f.key] = x;
    }
    out[p.key] = o;
  }
  const data: Record<string, unknown> = {};
  data[plan.responseKey] = out;
  return data;
}
