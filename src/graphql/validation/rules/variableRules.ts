// Rules about variables: UniqueVariableNames, NoUndefinedVariables, NoUnusedVariables,
// VariablesInAllowedPosition (graphql-js 17 wording; usages come from the shared traversal, never a
// traversal of their own). Rules only report errors.

import type { NameNode, OperationDefinitionNode, VariableDefinitionNode } from '../../ast.ts';
import {
  isInputObjectType, isNonNullType, isNullableType, type GraphQLType,
} from '../../type/definition.ts';
import { isTypeSubTypeOf } from '../../type/comparators.ts';
import type { GraphQLSchema } from '../../type/schema.ts';
import { typeFromAST } from '../../type/values.ts';
import type { ValidationContext } from '../context.ts';
import type { RuleVisitor } from '../rule.ts';

export function UniqueVariableNamesRule(context: ValidationContext): RuleVisitor {
  return {
    operation(node) {
      const seen = new Map<string, NameNode[]>();
      for (const def of node.variableDefinitions ?? []) {
        const name = def.variable.name.value;
        const list = seen.get(name);
        if (list) list.push(def.variable.name);
        else seen.set(name, [def.variable.name]);
      }
      for (const [name, nodes] of seen) {
        if (nodes.length > 1) context.reportError(`There can be only one variable named "$${name}".`, nodes);
      }
    },
  };
}

/** Runs `check` for each operation once every fragment's usages are known (end of document). */
function perOperation(check: (op: OperationDefinitionNode) => void): RuleVisitor {
  return {
    leaveDocument(doc) {
      for (const def of doc.definitions) if (def.kind === 'OperationDefinition') check(def);
    },
  };
}

export function NoUndefinedVariablesRule(context: ValidationContext): RuleVisitor {
  return perOperation((op) => {
    const defined = new Set((op.variableDefinitions ?? []).map((d) => d.variable.name.value));
    for (const { node } of context.getRecursiveVariableUsages(op)) {
      const name = node.name.value;
      if (!defined.has(name)) {
        context.reportError(op.name ? `Variable "$${name}" is not defined by operation "${op.name.value}".` : `Variable "$${name}" is not defined.`, [node, op]);
      }
    }
  });
}

export function NoUnusedVariablesRule(context: ValidationContext): RuleVisitor {
  return perOperation((op) => {
    const used = new Set(context.getRecursiveVariableUsages(op).map((u) => u.node.name.value));
    for (const def of op.variableDefinitions ?? []) {
      const name = def.variable.name.value;
      if (!used.has(name)) {
        context.reportError(op.name ? `Variable "$${name}" is never used in operation "${op.name.value}".` : `Variable "$${name}" is never used.`, def);
      }
    }
  });
}

export function VariablesInAllowedPositionRule(context: ValidationContext): RuleVisitor {
  const schema = context.schema;
  return perOperation((op) => {
    const defs = new Map<string, VariableDefinitionNode>();
    for (const def of op.variableDefinitions ?? []) defs.set(def.variable.name.value, def);
    for (const { node, type, parentType, defaultValue } of context.getRecursiveVariableUsages(op)) {
      const name = node.name.value;
      const varDef = defs.get(name);
      if (!varDef || !type) continue;
      const varType = typeFromAST(schema, varDef.type);
      if (!varType) continue;
      if (!allowedVariableUsage(schema, varType, varDef.defaultValue, type, defaultValue !== undefined)) {
        context.reportError(`Variable "$${name}" of type "${String(varType)}" used in position expecting type "${String(type)}".`, [varDef, node]);
      }
      if (isInputObjectType(parentType) && parentType.isOneOf && isNullableType(varType)) {
        context.reportError(`Variable "$${name}" is of type "${String(varType)}" but must be non-nullable to be used for OneOf Input Object "${parentType.name}".`, [varDef, node]);
      }
    }
  });
}

function allowedVariableUsage(
  schema: GraphQLSchema, varType: GraphQLType, varDefault: { kind: string } | undefined, locationType: GraphQLType, hasLocationDefault: boolean,
): boolean {
  if (isNonNullType(locationType) && !isNonNullType(varType)) {
    const hasNonNullVariableDefault = varDefault != null && varDefault.kind !== 'NullValue';
    if (!hasNonNullVariableDefault && !hasLocationDefault) return false;
    return isTypeSubTypeOf(schema, varType, locationType.ofType);
  }
  return isTypeSubTypeOf(schema, varType, locationType);
}
