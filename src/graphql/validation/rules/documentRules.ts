// Rules about the document's definitions: ExecutableDefinitions, KnownOperationTypes,
// UniqueOperationNames, LoneAnonymousOperation, SingleFieldSubscriptions, UniqueFragmentNames,
// KnownFragmentNames, NoUnusedFragments, NoFragmentCycles, MaxIntrospectionDepth (graphql-js 17 wording);
// they only report errors and never recurse without bound on hostile documents.

import type {
  FieldNode, FragmentDefinitionNode, FragmentSpreadNode, NameNode, OperationDefinitionNode, SelectionSetNode,
  DirectiveNode, ASTNode,
} from '../../ast.ts';
import { isAbstractType, type GraphQLObjectType } from '../../type/definition.ts';
import type { ValidationContext } from '../context.ts';
import type { RuleVisitor } from '../rule.ts';

export function ExecutableDefinitionsRule(context: ValidationContext): RuleVisitor {
  return {
    document(node) {
      for (const def of node.definitions) {
        if (def.kind === 'OperationDefinition' || def.kind === 'FragmentDefinition') continue;
        const name = def.kind === 'SchemaDefinition' || def.kind === 'SchemaExtension' ? 'schema' : `"${def.name.value}"`;
        context.reportError(`The ${name} definition is not executable.`, def);
      }
    },
  };
}

export function KnownOperationTypesRule(context: ValidationContext): RuleVisitor {
  return {
    operation(node) {
      if (!context.schema.getRootType(node.operation)) {
        context.reportError(`The ${node.operation} operation is not supported by the schema.`, node);
      }
    },
  };
}

export function UniqueOperationNamesRule(context: ValidationContext): RuleVisitor {
  const known = new Map<string, NameNode>();
  return {
    operation(node) {
      const name = node.name;
      if (!name) return;
      const previous = known.get(name.value);
      if (previous) context.reportError(`There can be only one operation named "${name.value}".`, [previous, name]);
      else known.set(name.value, name);
    },
  };
}

export function LoneAnonymousOperationRule(context: ValidationContext): RuleVisitor {
  let count = 0;
  return {
    document(node) {
      count = 0;
      for (const d of node.definitions) if (d.kind === 'OperationDefinition') count++;
    },
    operation(node) {
      if (!node.name && count > 1) context.reportError('This anonymous operation must be the only defined operation.', node);
    },
  };
}

export function SingleFieldSubscriptionsRule(context: ValidationContext): RuleVisitor {
  return {
    operation(node) {
      if (node.operation !== 'subscription') return;
      const subscriptionType = context.schema.getSubscriptionType();
      if (!subscriptionType) return;
      const name = node.name ? node.name.value : null;
      const prefix = name != null ? `Subscription "${name}"` : 'Anonymous Subscription';
      const grouped = new Map<string, FieldNode[]>();
      const forbidden: DirectiveNode[] = [];
      collectSubscriptionFields(context, subscriptionType, node.selectionSet, grouped, forbidden, new Set());
      if (forbidden.length > 0) {
        context.reportError(`${prefix} must not use \`@skip\` or \`@include\` directives in the top level selection.`, forbidden);
        return;
      }
      if (grouped.size === 0) context.reportError(`${prefix} must select one top level field.`, node.selectionSet);
      else if (grouped.size > 1) context.reportError(`${prefix} must select only one top level field.`, [...grouped.values()].slice(1).flat());
      for (const fields of grouped.values()) {
        if (fields[0]!.name.value.startsWith('__')) context.reportError(`${prefix} must not select an introspection top level field.`, fields);
      }
    },
  };
}

// The execution algorithm's CollectFields with @skip/@include forbidden (recorded instead of evaluated).
function collectSubscriptionFields(
  context: ValidationContext, type: GraphQLObjectType, selectionSet: SelectionSetNode, grouped: Map<string, FieldNode[]>,
  forbidden: DirectiveNode[], visited: Set<string>,
): void {
  context.spendWork(selectionSet.selections.length);
  const excluded = (node: { directives?: ReadonlyArray<DirectiveNode> | undefined }): boolean => {
    const skip = node.directives?.find((d) => d.name.value === 'skip');
    if (skip) { forbidden.push(skip); return true; }
    const include = node.directives?.find((d) => d.name.value === 'include');
    if (include) { forbidden.push(include); return true; }
    return false;
  };
  const matches = (condition: { name: { value: string } } | undefined): boolean => {
    if (!condition) return true;
    const t = context.schema.getType(condition.name.value);
    if (t === type) return true;
    return isAbstractType(t) && context.schema.isSubType(t, type);
  };
  for (const sel of selectionSet.selections) {
    if (sel.kind === 'Field') {
      if (excluded(sel)) continue;
      const key = sel.alias?.value ?? sel.name.value;
      const list = grouped.get(key);
      if (list) list.push(sel);
      else grouped.set(key, [sel]);
    } else if (sel.kind === 'InlineFragment') {
      if (excluded(sel) || !matches(sel.typeCondition)) continue;
      collectSubscriptionFields(context, type, sel.selectionSet, grouped, forbidden, visited);
    } else {
      if (excluded(sel)) continue;
      const fragment = context.getFragment(sel.name.value);
      if (!fragment || !matches(fragment.typeCondition)) continue;
      if (visited.has(sel.name.value)) continue;
      visited.add(sel.name.value);
      collectSubscriptionFields(context, type, fragment.selectionSet, grouped, forbidden, visited);
    }
  }
}

export function UniqueFragmentNamesRule(context: ValidationContext): RuleVisitor {
  const known = new Map<string, NameNode>();
  return {
    fragmentDefinition(node) {
      const previous = known.get(node.name.value);
      if (previous) context.reportError(`There can be only one fragment named "${node.name.value}".`, [previous, node.name]);
      else known.set(node.name.value, node.name);
    },
  };
}

export function KnownFragmentNamesRule(context: ValidationContext): RuleVisitor {
  return {
    fragmentSpread(node) {
      if (!context.getFragment(node.name.value)) context.reportError(`Unknown fragment "${node.name.value}".`, node.name);
    },
  };
}

export function NoUnusedFragmentsRule(context: ValidationContext): RuleVisitor {
  return {
    leaveDocument(doc) {
      const used = new Set<string>();
      for (const def of doc.definitions) {
        if (def.kind !== 'OperationDefinition') continue;
        for (const fragment of context.getRecursivelyReferencedFragments(def)) used.add(fragment.name.value);
      }
      for (const def of doc.definitions) {
        if (def.kind === 'FragmentDefinition' && !used.has(def.name.value)) context.reportError(`Fragment "${def.name.value}" is never used.`, def);
      }
    },
  };
}

export function NoFragmentCyclesRule(context: ValidationContext): RuleVisitor {
  const visited = new Set<string>();
  const spreadPath: FragmentSpreadNode[] = [];
  const indexByName = new Map<string, number>();
  const detect = (fragment: FragmentDefinitionNode): void => {
    const name = fragment.name.value;
    if (visited.has(name)) return;
    visited.add(name);
    const spreads = context.getFragmentSpreads(fragment.selectionSet);
    if (spreads.length === 0) return;
    indexByName.set(name, spreadPath.length);
    for (const spread of spreads) {
      const spreadName = spread.name.value;
      const cycleIndex = indexByName.get(spreadName);
      spreadPath.push(spread);
      if (cycleIndex === undefined) {
        const target = context.getFragment(spreadName);
        if (target) detect(target);
      } else {
        const cyclePath = spreadPath.slice(cycleIndex);
        const via = cyclePath.slice(0, -1).map((s) => `"${s.name.value}"`).join(', ');
        context.reportError(`Cannot spread fragment "${spreadName}" within itself` + (via !== '' ? ` via ${via}.` : '.'), cyclePath);
      }
      spreadPath.pop();
    }
    indexByName.delete(name);
  };
  return {
    fragmentDefinition(node) {
      detect(node);
    },
  };
}

const MAX_LISTS_DEPTH = 3;

export function MaxIntrospectionDepthRule(context: ValidationContext): RuleVisitor {
  const checked = new Map<string, number>();
  const exceeded = new Map<string, number>();
  const checkDepth = (node: FieldNode | FragmentSpreadNode | FragmentDefinitionNode | OperationDefinitionNode | ASTNode, visited: Map<string, number>, depth: number): boolean => {
    if (node.kind === 'FragmentSpread') {
      const name = node.name.value;
      const exceededDepth = exceeded.get(name);
      if (exceededDepth !== undefined && exceededDepth <= depth) return true;
      const visitedDepth = visited.get(name);
      const checkedDepth = checked.get(name);
      if ((visitedDepth !== undefined && visitedDepth >= depth) || (checkedDepth !== undefined && checkedDepth >= depth)) return false;
      const fragment = context.getFragment(name);
      if (!fragment) return false;
      visited.set(name, depth);
      if (checkDepth(fragment, visited, depth)) { exceeded.set(name, depth); return true; }
      checked.set(name, depth);
      return false;
    }
    if (node.kind === 'Field') {
      const n = node.name.value;
      if (n === 'fields' || n === 'interfaces' || n === 'possibleTypes' || n === 'inputFields') {
        depth++;
        if (depth >= MAX_LISTS_DEPTH) return true;
      }
    }
    const selectionSet = (node as { selectionSet?: SelectionSetNode }).selectionSet;
    if (selectionSet) for (const child of selectionSet.selections) if (checkDepth(child, visited, depth)) return true;
    return false;
  };
  return {
    field(node) {
      if ((node.name.value === '__schema' || node.name.value === '__type') && checkDepth(node, new Map(), 0)) {
        context.reportError('Maximum introspection depth exceeded', [node]);
      }
    },
  };
}

