// What the compiled plans (fastget.ts, fastlist.ts, fastaggregate.ts) share: recognising a plain
// root field of a given role on an entity, coercing its literal arguments, memoizing a plan per
// operation, and a selection of stored scalars built into an output object. Never reads storage.
import type { FieldNode, OperationDefinitionNode, SelectionSetNode } from '../graphql/ast.ts';
import { getArgumentValues } from '../graphql/type/values.ts';
import type { GraphQLField } from '../graphql/type/definition.ts';
import { formatDateTime } from '../catalog/values.ts';
import type { Entity } from '../catalog/model.ts';
import type { Api } from './api.ts';
import type { FieldDef } from './schema.ts';
import type { Row } from './shape.ts';
import { copyJsonValue } from './shared.ts';

/** A per-(API, operation) memo of a compiled plan (null: the operation has none). */
export function planCache<P>(compile: (api: Api, op: OperationDefinitionNode) => P | null): (api: Api, op: OperationDefinitionNode) => P | null {
  const plans = new WeakMap<Api, WeakMap<OperationDefinitionNode, P | null>>();
  return (api, op) => {
    let byOp = plans.get(api);
    if (!byOp) plans.set(api, (byOp = new WeakMap()));
    let plan = byOp.get(op);
    if (plan === undefined) byOp.set(op, (plan = compile(api, op)));
    return plan;
  };
}

/**
 * The operation's one root field when it is a plain query field of `role` on an entity: a query
 * with a single field, no directives anywhere on the way, and a sub-selection. Otherwise null.
 */
export function plainRootField(api: Api, op: OperationDefinitionNode, role: 'get' | 'list' | 'aggregate'):
  { root: FieldNode & { selectionSet: SelectionSetNode }; def: FieldDef; entity: Entity } | null {
  if (op.operation !== 'query' || op.directives?.length || op.selectionSet.selections.length !== 1) return null;
  const root = op.selectionSet.selections[0]!;
  if (root.kind !== 'Field' || root.directives?.length || !root.selectionSet || root.alias?.value === '__proto__') return null;
  const def = api.schema.field('Query', root.name.value);
  if (!def || def.role.role !== role) return null;
  const entity = api.catalog.entities[def.role.type];
  return entity ? { root: root as FieldNode & { selectionSet: SelectionSetNode }, def, entity } : null;
}

/** The root field's arguments as written (literals only: no variables), coerced as the spec says. */
export function literalArguments(api: Api, root: FieldNode): Record<string, unknown> {
  const field = (api.graphqlSchema.getType('Query') as { getFields(): Record<string, GraphQLField> }).getFields()[root.name.value]!;
  return getArgumentValues(field, root, {});
}

/** One output field: a stored slot, the key, or `__typename`. */
export interface OutField {
  readonly key: string;
  /** Slot in the stored row; KEY_SLOT for the primary key, TYPENAME_SLOT for `__typename`. */
  readonly slot: number;
  /** The row property (for a row decoded by an earlier read). */
  readonly column: string;
  readonly dateTime: boolean;
  readonly nonNull: boolean;
}
const KEY_SLOT = -1;
const TYPENAME_SLOT = -2;

/**
 * The output fields of a selection of `entity`'s stored scalars and `__typename` (aliases allowed),
 * or null for anything else: fragments, directives, arguments, relationships, lists, merged
 * duplicates — the general collection answers those.
 */
export function scalarSelection(api: Api, entity: Entity, set: SelectionSetNode): OutField[] | null {
  const fields: OutField[] = [];
  const seen = new Set<string>();
  for (const s of set.selections) {
    if (s.kind !== 'Field' || s.directives?.length || s.selectionSet || s.arguments?.length) return null;
    const key = (s.alias ?? s.name).value;
    if (key === '__proto__') return null; // the general path makes it an own key
    if (seen.has(key)) return null;
    seen.add(key);
    const out = outField(api, entity, s, key);
    if (!out) return null;
    fields.push(out);
  }
  return fields;
}

function outField(api: Api, entity: Entity, s: FieldNode, key: string): OutField | null {
  const name = s.name.value;
  if (name === '__typename') return { key, slot: TYPENAME_SLOT, column: name, dateTime: false, nonNull: true };
  const f = api.schema.field(entity.name, name);
  if (!f || f.role.role !== 'column') return null;
  const inner = f.type.kind === 'NON_NULL' ? f.type.of : f.type;
  if (inner.kind !== 'NAMED') return null; // lists complete item by item: the general path
  const t = api.schema.types.get(inner.name);
  if (t && t.kind !== 'SCALAR' && t.kind !== 'ENUM') return null;
  const slot = name === entity.key.field ? KEY_SLOT : entity.slotFields.indexOf(name);
  if (slot === -1 && name !== entity.key.field) return null;
  return { key, slot, column: name, dateTime: t?.name === 'DateTime', nonNull: f.type.kind === 'NON_NULL' };
}

/**
 * The output object of one row of `e` (key `key`): from its stored `slots`, else from `row` (a row
 * decoded by an earlier read). Null when a non-null field holds null: the general path answers.
 */
export function outputObject(fields: readonly OutField[], e: Entity, key: string | number, slots: readonly unknown[] | null, row: Row | null): Record<string, unknown> | null {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    let v: unknown;
    if (f.slot === TYPENAME_SLOT) v = e.name;
    else if (f.slot === KEY_SLOT) v = key;
    else v = slots ? slots[f.slot] ?? null : row![f.column];
    if (v === null || v === undefined) {
      if (f.nonNull) return null;
      v = null;
    } else if (typeof v === 'object') v = copyJsonValue(v); // a JSON value: the store and row cache keep the original
    else if (f.dateTime && typeof v === 'number') v = formatDateTime(v);
    out[f.key] = v;
  }
  return out;
}
