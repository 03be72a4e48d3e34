// CollectFields (GraphQL spec, Execution): group a selection set's fields by response name, honouring
// @skip/@include and fragments whose type condition applies. Pure AST walk; it never resolves a field.
import type { FieldNode, FragmentDefinitionNode, SelectionSetNode } from '../ast.ts';
import { shouldIncludeNode } from './values.ts';

export interface CollectContext {
  fragments: Readonly<Record<string, FragmentDefinitionNode>>;
  variableValues: Readonly<Record<string, unknown>> | undefined;
  /** Whether a fragment with this type condition applies to the object type being collected. */
  applies(typeCondition: string): boolean;
}

/** Adds the fields of `selectionSet` to `out` (response name → field nodes); `visited` names fragments already spread. */
export function collectFields(ctx: CollectContext, selectionSet: SelectionSetNode, out: Map<string, FieldNode[]>, visited: Set<string>): void {
  for (const selection of selectionSet.selections) {
    if (!shouldIncludeNode(selection, ctx.variableValues)) continue;
    if (selection.kind === 'Field') {
      const key = selection.alias?.value ?? selection.name.value;
      const existing = out.get(key);
      if (existing) existing.push(selection);
      else out.set(key, [selection]);
    } else if (selection.kind === 'InlineFragment') {
      if (!selection.typeCondition || ctx.applies(selection.typeCondition.name.value)) collectFields(ctx, selection.selectionSet, out, visited);
    } else {
      const name = selection.name.value;
      if (visited.has(name)) continue;
      visited.add(name);
      const fragment = ctx.fragments[name];
      if (fragment && ctx.applies(fragment.typeCondition.name.value)) collectFields(ctx, fragment.selectionSet, out, visited);
    }
  }
}
