// A compiled plan for the most common read: one root get by key selecting stored scalars
// (`{ person(id: $id) { id name height } }`). Compiled once per operation; a run is one point
// read and one output object built from the stored slots. Anything else (fragments, directives,
// relationships, interfaces, lists) returns no plan and takes the general executor. It never
// writes, and never answers anything the general path would answer differently.
import type { OperationDefinitionNode } from '../graphql/ast.ts';
import type { Entity } from '../catalog/model.ts';
import { KeyEncoder } from '../storage/keys.ts';
import type { Api } from './api.ts';
import { literalArguments, outputObject, plainRootField, planCache, scalarSelection, type OutField } from './compiled.ts';
import type { ReadView, SharedTables } from './source.ts';

/** The encoder of the point read's key (reused: a run allocates no key). */
const getKey = new KeyEncoder(64);

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
  const fields = scalarSelection(api, entity, root.selectionSet);
  if (!fields) return null;
  return { responseKey: (root.alias ?? root.name).value, entity, variable, literal, fields };
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
  const out = outputObject(plan.fields, e, key, slots, slots ? null : known!);
  if (!out) return null;
  data[plan.responseKey] = out;
  return data;
}
