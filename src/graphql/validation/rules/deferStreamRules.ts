// The incremental-delivery rules graphql-js 17 runs by default (they only fire when the schema
// declares @defer/@stream): DeferStreamDirectiveOnRootField, DeferStreamDirectiveOnValidOperations,
// DeferStreamDirectiveLabel, StreamDirectiveOnListField. Report only.

import type { ASTNode, DirectiveNode, SelectionSetNode } from '../../ast.ts';
import { isListType, isWrappingType, type GraphQLObjectType } from '../../type/definition.ts';
import type { ValidationContext } from '../context.ts';
import type { RuleVisitor } from '../rule.ts';

const find = (node: { directives?: ReadonlyArray<DirectiveNode> | undefined }, name: string): DirectiveNode | undefined =>
  node.directives?.find((d) => d.name.value === name);
const ifArgument = (node: DirectiveNode) => node.arguments?.find((a) => a.name.value === 'if');

export function DeferStreamDirectiveLabelRule(context: ValidationContext): RuleVisitor {
  const known = new Map<string, DirectiveNode>();
  return {
    directive(node) {
      if (node.name.value !== 'defer' && node.name.value !== 'stream') return;
      const label = node.arguments?.find((a) => a.name.value === 'label')?.value;
      if (!label || label.kind === 'NullValue') return;
      if (label.kind !== 'StringValue') {
        context.reportError(`Argument "@${node.name.value}(label:)" must be a static string.`, node);
        return;
      }
      const previous = known.get(label.value);
      if (previous) context.reportError('Value for arguments "defer(label:)" and "stream(label:)" must be unique across all Defer/Stream directive usages.', [previous, node]);
      else known.set(label.value, node);
    },
  };
}

export function DeferStreamDirectiveOnRootFieldRule(context: ValidationContext): RuleVisitor {
  const checked = new Set<string>();
  const forbid = (op: string, root: GraphQLObjectType, selectionSet: SelectionSetNode, visited: Set<string>): boolean => {
    let valid = true;
    for (const sel of selectionSet.selections) {
      if (sel.kind === 'Field') {
        const stream = find(sel, 'stream');
        if (stream) { valid = false; context.reportError(`Stream directive cannot be used on root ${op} type "${root.name}".`, stream); }
      } else if (sel.kind === 'FragmentSpread') {
        const name = sel.name.value;
        if (visited.has(name)) continue;
        visited.add(name);
        const fragment = context.getFragment(name);
        if (!fragment) continue;
        const defer = find(sel, 'defer');
        if (defer) { valid = false; context.reportError(`Defer directive cannot be used on root ${op} type "${root.name}".`, defer); }
        if (!checked.has(name)) valid = forbid(op, root, fragment.selectionSet, visited) && valid;
      } else {
        const defer = find(sel, 'defer');
        if (defer) { valid = false; context.reportError(`Defer directive cannot be used on root ${op} type "${root.name}".`, defer); }
        valid = forbid(op, root, sel.selectionSet, visited) && valid;
      }
    }
    return valid;
  };
  return {
    operation(node) {
      if (node.operation !== 'subscription' && node.operation !== 'mutation') return;
      const root = context.schema.getRootType(node.operation);
      if (!root) return;
      const visited = new Set<string>();
      if (forbid(node.operation, root, node.selectionSet, visited)) for (const n of visited) checked.add(n);
    },
  };
}

export function DeferStreamDirectiveOnValidOperationsRule(context: ValidationContext): RuleVisitor {
  const checked = new Set<string>();
  const canBeFalse = (d: DirectiveNode): boolean => {
    const arg = ifArgument(d);
    if (!arg) return false;
    if (arg.value.kind === 'BooleanValue') return !arg.value.value;
    return arg.value.kind === 'Variable';
  };
  const skippable = (sel: { directives?: ReadonlyArray<DirectiveNode> | undefined }): boolean => {
    const skip = find(sel, 'skip');
    if (skip) {
      const arg = ifArgument(skip);
      if (!arg || arg.value.kind !== 'BooleanValue' || arg.value.value) return true;
    }
    const include = find(sel, 'include');
    if (include) {
      const arg = ifArgument(include);
      if (arg && (arg.value.kind !== 'BooleanValue' || !arg.value.value)) return true;
    }
    return false;
  };
  const forbid = (selectionSet: SelectionSetNode, parents: ASTNode[], visited: Set<string>): boolean => {
    let valid = true;
    for (const sel of selectionSet.selections) {
      if (skippable(sel)) continue;
      for (const d of sel.directives ?? []) {
        const name = d.name.value;
        if ((name === 'defer' || name === 'stream') && !canBeFalse(d)) {
          valid = false;
          const which = name === 'defer' ? 'Defer' : 'Stream';
          context.reportError(`${which} directive not supported on subscription operations. Disable \`@${name}\` by setting the \`if\` argument to \`false\`.`, [d, ...parents.slice().reverse()]);
        }
      }
      if (sel.kind === 'FragmentSpread') {
        const name = sel.name.value;
        if (visited.has(name) || checked.has(name)) continue;
        visited.add(name);
        const fragment = context.getFragment(name);
        if (fragment) {
          parents.push(sel);
          valid = forbid(fragment.selectionSet, parents, visited) && valid;
          parents.pop();
        }
      } else if (sel.selectionSet) {
        valid = forbid(sel.selectionSet, parents, visited) && valid;
      }
    }
    return valid;
  };
  return {
    operation(node) {
      if (node.operation !== 'subscription') return;
      const visited = new Set<string>();
      if (forbid(node.selectionSet, [], visited)) for (const n of visited) checked.add(n);
    },
  };
}

export function StreamDirectiveOnListFieldRule(context: ValidationContext): RuleVisitor {
  return {
    directive(node) {
      const fieldDef = context.fieldDef;
      const parentType = context.parentType;
      if (fieldDef && parentType && node.name.value === 'stream'
        && !(isListType(fieldDef.type) || (isWrappingType(fieldDef.type) && isListType(fieldDef.type.ofType)))) {
        context.reportError(`Directive "@stream" cannot be used on non-list field "${parentType.name}.${fieldDef.name}".`, node);
      }
    },
  };
}
