// Rules about types at each position: KnownTypeNames, FragmentsOnCompositeTypes,
// VariablesAreInputTypes, ScalarLeafs, FieldsOnCorrectType, PossibleFragmentSpreads (graphql-js 17
// wording and suggestions). Rules only report errors; they never change the document or the schema.

import { print } from '../../printer.ts';
import {
  getNamedType, isAbstractType, isCompositeType, isInputType, isInterfaceType, isLeafType, isObjectType,
  type GraphQLCompositeType, type GraphQLInterfaceType, type GraphQLObjectType,
} from '../../type/definition.ts';
import { doTypesOverlap } from '../../type/comparators.ts';
import type { GraphQLSchema } from '../../type/schema.ts';
import { didYouMean, naturalCompare, suggestionList } from '../../type/util.ts';
import { typeFromAST } from '../../type/values.ts';
import type { ValidationContext } from '../context.ts';
import type { RuleVisitor } from '../rule.ts';

export function KnownTypeNamesRule(context: ValidationContext): RuleVisitor {
  const typeMap = context.schema.getTypeMap();
  // Types defined in the document itself count as known (graphql-js does the same).
  let defined: Set<string> | undefined;
  let typeNames: string[] | undefined;
  return {
    namedType(node) {
      const name = node.name.value;
      if (typeMap[name] !== undefined) return;
      defined ??= new Set(context.document.definitions.flatMap((d) => (d.kind.endsWith('TypeDefinition') ? [(d as { name: { value: string } }).name.value] : [])));
      if (defined.has(name)) return;
      typeNames ??= [...new Set([...Object.keys(typeMap), ...defined])];
      const suggestions = context.hideSuggestions ? [] : suggestionList(name, typeNames);
      context.reportError(`Unknown type "${name}".` + didYouMean(suggestions), node);
    },
  };
}

export function FragmentsOnCompositeTypesRule(context: ValidationContext): RuleVisitor {
  return {
    inlineFragment(node) {
      if (!node.typeCondition) return;
      const type = typeFromAST(context.schema, node.typeCondition);
      if (type && !isCompositeType(type)) {
        context.reportError(`Fragment cannot condition on non composite type "${print(node.typeCondition)}".`, node.typeCondition);
      }
    },
    fragmentDefinition(node) {
      const type = typeFromAST(context.schema, node.typeCondition);
      if (type && !isCompositeType(type)) {
        context.reportError(`Fragment "${node.name.value}" cannot condition on non composite type "${print(node.typeCondition)}".`, node.typeCondition);
      }
    },
  };
}

export function VariablesAreInputTypesRule(context: ValidationContext): RuleVisitor {
  return {
    variableDefinition(node) {
      const type = typeFromAST(context.schema, node.type);
      if (type !== undefined && !isInputType(type)) {
        context.reportError(`Variable "$${node.variable.name.value}" cannot be non-input type "${print(node.type)}".`, node.type);
      }
    },
  };
}

export function ScalarLeafsRule(context: ValidationContext): RuleVisitor {
  return {
    field(node) {
      const type = context.type;
      if (!type) return;
      const name = node.name.value;
      const selectionSet = node.selectionSet;
      if (isLeafType(getNamedType(type))) {
        if (selectionSet) context.reportError(`Field "${name}" must not have a selection since type "${String(type)}" has no subfields.`, selectionSet);
      } else if (!selectionSet) {
        context.reportError(`Field "${name}" of type "${String(type)}" must have a selection of subfields. Did you mean "${name} { ... }"?`, node);
      } else if (selectionSet.selections.length === 0 && !context.allowEmptySelectionSets) {
        context.reportError(`Field "${name}" of type "${String(type)}" must have at least one field selected.`, node);
      }
    },
  };
}

export function FieldsOnCorrectTypeRule(context: ValidationContext): RuleVisitor {
  return {
    field(node) {
      const type = context.parentType;
      if (!type || context.fieldDef) return;
      const name = node.name.value;
      let suggestion = didYouMean('to use an inline fragment on', context.hideSuggestions ? [] : suggestedTypeNames(context.schema, type, name));
      if (suggestion === '') suggestion = didYouMean(context.hideSuggestions ? [] : suggestedFieldNames(type, name));
      context.reportError(`Cannot query field "${name}" on type "${type.name}".` + suggestion, node);
    },
  };
}

function suggestedTypeNames(schema: GraphQLSchema, type: GraphQLCompositeType, fieldName: string): string[] {
  if (!isAbstractType(type)) return [];
  const suggested = new Set<GraphQLObjectType | GraphQLInterfaceType>();
  const usage = new Map<string, number>();
  for (const possible of schema.getPossibleTypes(type)) {
    if (possible.getFields()[fieldName] == null) continue;
    suggested.add(possible);
    usage.set(possible.name, 1);
    for (const iface of possible.getInterfaces()) {
      if (iface.getFields()[fieldName] == null) continue;
      suggested.add(iface);
      usage.set(iface.name, (usage.get(iface.name) ?? 0) + 1);
    }
  }
  return [...suggested].sort((a, b) => {
    const diff = usage.get(b.name)! - usage.get(a.name)!;
    if (diff !== 0) return diff;
    if (isInterfaceType(a) && schema.isSubType(a, b)) return -1;
    if (isInterfaceType(b) && schema.isSubType(b, a)) return 1;
    return naturalCompare(a.name, b.name);
  }).map((t) => t.name);
}

function suggestedFieldNames(type: GraphQLCompositeType, fieldName: string): string[] {
  return isObjectType(type) || isInterfaceType(type) ? suggestionList(fieldName, Object.keys(type.getFields())) : [];
}

export function PossibleFragmentSpreadsRule(context: ValidationContext): RuleVisitor {
  return {
    inlineFragment(node) {
      const fragType = context.type;
      const parentType = context.parentType;
      if (isCompositeType(fragType) && isCompositeType(parentType) && !doTypesOverlap(context.schema, fragType, parentType)) {
        context.reportError(`Fragment cannot be spread here as objects of type "${parentType.name}" can never be of type "${fragType.name}".`, node);
      }
    },
    fragmentSpread(node) {
      const name = node.name.value;
      const fragment = context.getFragment(name);
      if (!fragment) return;
      const fragType = typeFromAST(context.schema, fragment.typeCondition);
      const parentType = context.parentType;
      if (isCompositeType(fragType) && parentType && !doTypesOverlap(context.schema, fragType, parentType)) {
        context.reportError(`Fragment "${name}" cannot be spread here as objects of type "${parentType.name}" can never be of type "${fragType.name}".`, node);
      }
    },
  };
}
