// The shape of a validation rule: a function of the pass's context returning typed hooks that the
// single shared traversal (validate.ts) calls at each node, in document order. Declarations only.

import type {
  ArgumentNode, DirectiveNode, DocumentNode, FieldNode, FragmentDefinitionNode, FragmentSpreadNode,
  InlineFragmentNode, NamedTypeNode, ObjectValueNode, OperationDefinitionNode, SelectionSetNode, ValueNode,
  VariableDefinitionNode, VariableNode,
} from '../ast.ts';
import type { DirectiveLocation } from '../directiveLocation.ts';
import type { ValidationContext } from './context.ts';

export interface RuleVisitor {
  document?(node: DocumentNode): void;
  leaveDocument?(node: DocumentNode): void;
  operation?(node: OperationDefinitionNode): void;
  leaveOperation?(node: OperationDefinitionNode): void;
  fragmentDefinition?(node: FragmentDefinitionNode): void;
  variableDefinition?(node: VariableDefinitionNode): void;
  /** Every selection set; `parentKind` is the kind of the node that owns it. */
  selectionSet?(node: SelectionSetNode, parentKind: string): void;
  field?(node: FieldNode): void;
  leaveField?(node: FieldNode): void;
  inlineFragment?(node: InlineFragmentNode): void;
  fragmentSpread?(node: FragmentSpreadNode): void;
  /** The directives of one node (called once per node that has any), with their location. */
  directives?(nodes: ReadonlyArray<DirectiveNode>, location: DirectiveLocation): void;
  /** A directive, with the location it is applied at. */
  directive?(node: DirectiveNode, location: DirectiveLocation): void;
  leaveDirective?(node: DirectiveNode): void;
  /** A field or directive argument (context.directive tells which). */
  argument?(node: ArgumentNode): void;
  /** The whole literal of an argument or variable default (never a bare variable). */
  value?(node: ValueNode): void;
  /** Every object literal, nested ones included. */
  objectValue?(node: ObjectValueNode): void;
  /** Every variable used in a value (not in variable definitions). */
  variable?(node: VariableNode): void;
  /** Every named type reference (variable types, type conditions). */
  namedType?(node: NamedTypeNode): void;
}

/** A validation rule (graphql-js's `ValidationRule`, with typed hooks instead of an AST visitor). */
export type ValidationRule = (context: ValidationContext) => RuleVisitor;
