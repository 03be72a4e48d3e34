// A compiled plan for the most common read: one root get by key selecting stored scalars
// (`{ person(id: $id) { id name height } }`). Compiled once per operation; a run is one point
// read and one output object built from the stored slots. Anything else (fragments, directives,
// relationships, interfaces, lists) returns no plan and takes the general executor. It never
// writes, and never answers anything the general path would answer differently.
import type { FieldNode, OperationDefinitionNode } from '../graphql/ast.ts';
import { formatDateTime } from '../catalog/values.ts';
import type { Entity } from '../catalog/model.ts';
import { KeyEncoder } from '../storage/keys.ts';
import type { Api } from './api.ts';
import { literalArguments, plainRootField, planCache } from './compiled.ts';
import { copyJsonValue } from './shared.ts';
import type { ReadView, SharedTables } from './source.ts';

/** One output field: a stored slot, the key, or `__typename`. */
interface OutField {
  readonly key: string;
  /** Slot in the stored row; KEY_SLOT for the primary key, TYPENAME_SLOT for `__typename`. */
  readonly slot: number;
  /** The row property (for a row decoded by an earlier read). */
  readonly column: string;
  readonly dateTime: boolean;
  readonly nonNull: boolean;
}
/** The encoder of the point read's key (reused: a run allocates no key). */
const getKey = new KeyEncoder(64);
const KEY_SLOT = -1;
const TYPENAME_SLOT = -2;

export interface GetPlan {
  readonly responseKey: string;
  readonly entity: Entity;
  /** The key argument: a variable's name, or the literal's coerced value. */
  readonly variable: string | null;
  readonly literal: unknown;
  readonly fields: readonly OutField[];
}

/** The compiled plan of `op`, or null when it is not a plain root get of stored scalars. */
export const getPlanOf = planCache(compile);

function compile(api: Api, op: OperationDefinitionNode): GetPlan | null {
  const plain = plainRootField(api, op, 'get');
  if (!plain) return null;
  const { root, def, entity } = plain;
  if (root.arguments?.length !== 1 || def.type.kind !== 'NAMED') return null;
  const arg = root.arguments[0]!;
  if (arg.name.value !== entity.key.field) return null;
  let variable: string | null = null;
  let literal: unknown = null;
  if (arg.value.kind === 'Variable') variable = arg.value.name.value;
  else {
    literal = literalArguments(api, root)[entity.key.field];
  }
  const fields: OutField[] = [];
  const seen = new Set<string>();
  for (const s of root.selectionSet.selections) {
    if (s.kind !== 'Field' || s.directives?.length || s.selectionSet || s.arguments?.length) return null;
    const key = (s.alias ?? s.name).value;
    if (seen.has(key)) return null; // merged duplicates: the general collection handles them
    seen.add(key);
    const out = outField(api, entity, s, key);
    if (!out) return null;
    fields.push(out);
  }
  return { responseKey: (root.alias ?? root.name).value, entity, variable, literal, fields };
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

/** The stored key value for a coerced argument, or undefined when no row can have it. */
function storedKey(entity: Entity, value: unknown): string | number | undefined {
  if (value === null || value === undefined) return undefined;
  if (entity.key.kind !== 'Int') return String(value);
  const k = typeof value === 'number' ? value : Number(value);
  return Number.isInteger(k) ? k : undefined;
}

/** What one run produced: the data, or null when the general path must answer (a null in a non-null field). */
export function runGetPlan(plan: GetPlan, variables: Readonly<Record<string, unknown>>, view: ReadView, shared: SharedTables | null): Record<string, unknown> | null {
  const e = plan.entity;
  const key = storedKey(e, plan.variable === null ? plan.literal : variables[plan.variable]);
  const data: Record<string, unknown> = {};
  if (key === undefined) {
    data[plan.responseKey] = null;
    return data;
  }
  // A row decoded by an earlier read at this store version, else the stored slots.
  const known = shared?.tables.get(e.name)?.get(key);
  let slots: readonly unknown[] | null = null;
  if (known === undefined) {
    const stored = view.get(e.tree, getKey.reset().add(key).view());
    if (stored === undefined) {
      data[plan.responseKey] = null;
      return data;
    }
    slots = stored as unknown[];
  } else if (known === null) {
    data[plan.responseKey] = null;
    return data;
  }
  const out: Record<string, unknown> = {};
  const fields = plan.fields;
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    let v: unknown;
    if (f.slot === TYPENAME_SLOT) v = e.name;
    else if (f.slot === KEY_SLOT) v = key;
    else v = slots ? slots[f.slot] ?? null : (known as Record<string, unknown>)[f.column];
    if (v === null || v === undefined) {
      if (f.nonNull) return null;
      v = null;
    } else if (typeof v === 'object') v = copyJsonValue(v); // a JSON value: the store and row cache keep the original
    else if (f.dateTime && typeof v === 'number') v = formatDateTime(v);
    out[f.key] = v;
  }
  data[plan.responseKey] = out;
  return data;
}
