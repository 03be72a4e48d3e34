// What the compiled plans (fastget.ts, fastaggregate.ts) share: recognising a plain root field of
// a given role on an entity, coercing its literal arguments, and memoizing a plan per operation.
// It compiles nothing itself and never reads storage.
import type { FieldNode, OperationDefinitionNode, SelectionSetNode } from '../graphql/ast.ts';
import { getArgumentValues } from '../graphql/type/values.ts';
import type { GraphQLField } from '../graphql/type/definition.ts';
import type { Entity } from '../catalog/model.ts';
import type { Api } from './api.ts';
import type { FieldDef } from './schema.ts';

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
export function plainRootField(api: Api, op: OperationDefinitionNode, role: 'get' | 'aggregate'):
  { root: FieldNode & { selectionSet: SelectionSetNode }; def: FieldDef; entity: Entity } | null {
  if (op.operation !== 'query' || op.directives?.length || op.selectionSet.selections.length !== 1) return null;
  const root = op.selectionSet.selections[0]!;
  if (root.kind !== 'Field' || root.directives?.length || !root.selectionSet) return null;
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
