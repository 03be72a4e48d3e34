// The state one validation pass shares with its rules: schema, document, fragments, TypeInfo-style
// position (parent type, field, input type, directive, argument) maintained by the walker, variable
// usages, error reporting. Holds state only; the traversal lives in validate.ts, the rules in rules/.

import type {
  ASTNode, DocumentNode, FragmentDefinitionNode, FragmentSpreadNode, OperationDefinitionNode, SelectionSetNode, VariableNode,
} from '../ast.ts';
import { GraphQLError } from '../error.ts';
import type {
  DefaultValue, GraphQLArgument, GraphQLCompositeType, GraphQLField, GraphQLInputType, GraphQLOutputType,
} from '../type/definition.ts';
import type { GraphQLDirective } from '../type/directives.ts';
import type { GraphQLSchema } from '../type/schema.ts';

export const GRAPHQL_VALIDATION_FAILED = 'GRAPHQL_VALIDATION_FAILED';

/** A variable used in a value, with the input type expected where it appears. */
export interface VariableUsage {
  readonly node: VariableNode;
  readonly type: GraphQLInputType | undefined;
  readonly parentType: GraphQLInputType | undefined;
  readonly defaultValue: DefaultValue | undefined;
}

export interface ValidationOptions {
  /** Stop after this many errors (graphql-js default 100). */
  maxErrors?: number | undefined;
  /** Leave out "Did you mean" suggestions (do not leak schema names). */
  hideSuggestions?: boolean | undefined;
  /** Accept `{}` as a selection set (graphql-js default true). */
  allowEmptySelectionSets?: boolean | undefined;
}

/** Thrown to stop a pass (too many errors, or the work budget of a hostile document spent). */
export class ValidationAbort {
  constructor(readonly error: GraphQLError) {}
}

export class ValidationContext {
  readonly schema: GraphQLSchema;
  readonly document: DocumentNode;
  readonly hideSuggestions: boolean;
  readonly allowEmptySelectionSets: boolean;
  readonly errors: GraphQLError[] = [];
  readonly #maxErrors: number;
  #fragmentMap: Map<string, FragmentDefinitionNode> | undefined;
  readonly #spreadsBySelectionSet = new Map<SelectionSetNode, FragmentSpreadNode[]>();
  readonly #recursiveFragments = new Map<OperationDefinitionNode, FragmentDefinitionNode[]>();
  /** Variable usages of each executable definition, filled in by the walker. */
  readonly variableUsages = new Map<OperationDefinitionNode | FragmentDefinitionNode, VariableUsage[]>();
  #remainingWork = 1_000_000;

  // TypeInfo-style position, maintained by the walker.
  parentType: GraphQLCompositeType | undefined;
  type: GraphQLOutputType | undefined;
  fieldDef: GraphQLField | undefined;
  directive: GraphQLDirective | undefined;
  argument: GraphQLArgument | undefined;
  inputType: GraphQLInputType | undefined;
  parentInputType: GraphQLInputType | undefined;
  defaultValue: DefaultValue | undefined;

  constructor(schema: GraphQLSchema, document: DocumentNode, options?: ValidationOptions) {
    this.schema = schema;
    this.document = document;
    this.hideSuggestions = options?.hideSuggestions ?? false;
    this.allowEmptySelectionSets = options?.allowEmptySelectionSets ?? true;
    this.#maxErrors = options?.maxErrors ?? 100;
  }

  /** Records a validation error (code GRAPHQL_VALIDATION_FAILED); aborts the pass past maxErrors. */
  reportError(message: string, nodes: GraphQLErrorNodes): void {
    if (this.errors.length >= this.#maxErrors) {
      throw new ValidationAbort(validationError('Too many validation errors, error limit reached. Validation aborted.', undefined));
    }
    this.errors.push(validationError(message, nodes));
  }

  /** Spends part of the pass's work budget; a hostile document that exhausts it aborts validation. */
  spendWork(cost: number): void {
    this.#remainingWork -= cost;
    if (this.#remainingWork < 0) throw new ValidationAbort(validationError('Validation aborted.', undefined));
  }

  getFragment(name: string): FragmentDefinitionNode | undefined {
    if (this.#fragmentMap === undefined) {
      this.#fragmentMap = new Map();
      for (const def of this.document.definitions) {
        if (def.kind === 'FragmentDefinition') this.#fragmentMap.set(def.name.value, def); // the last one wins, as in graphql-js
      }
    }
    return this.#fragmentMap.get(name);
  }

  /** Every fragment spread in a selection set, at any depth (not through fragments), memoised. */
  getFragmentSpreads(selectionSet: SelectionSetNode): readonly FragmentSpreadNode[] {
    let spreads = this.#spreadsBySelectionSet.get(selectionSet);
    if (!spreads) {
      spreads = [];
      const toVisit = [selectionSet];
      let set: SelectionSetNode | undefined;
      while ((set = toVisit.pop())) {
        for (const s of set.selections) {
          if (s.kind === 'FragmentSpread') spreads.push(s);
          else if (s.selectionSet) toVisit.push(s.selectionSet);
        }
      }
      this.#spreadsBySelectionSet.set(selectionSet, spreads);
    }
    return spreads;
  }

  /** The fragments an operation reaches through spreads, transitively (memoised). */
  getRecursivelyReferencedFragments(operation: OperationDefinitionNode): readonly FragmentDefinitionNode[] {
    let fragments = this.#recursiveFragments.get(operation);
    if (!fragments) {
      fragments = [];
      const names = new Set(this.getFragmentSpreads(operation.selectionSet).map((s) => s.name.value));
      for (const name of names) {
        const fragment = this.getFragment(name);
        if (!fragment) continue;
        fragments.push(fragment);
        const spreads = this.getFragmentSpreads(fragment.selectionSet);
        this.spendWork(spreads.length);
        for (const s of spreads) names.add(s.name.value);
      }
      this.#recursiveFragments.set(operation, fragments);
    }
    return fragments;
  }

  /** Variable usages of an operation and of every fragment it reaches. */
  getRecursiveVariableUsages(operation: OperationDefinitionNode): VariableUsage[] {
    const usages = [...(this.variableUsages.get(operation) ?? [])];
    for (const fragment of this.getRecursivelyReferencedFragments(operation)) {
      const local = this.variableUsages.get(fragment);
      if (local) {
        this.spendWork(local.length);
        for (const u of local) usages.push(u);
      }
    }
    return usages;
  }
}

type GraphQLErrorNodes = ReadonlyArray<ASTNode> | ASTNode | null | undefined;

export function validationError(message: string, nodes: GraphQLErrorNodes): GraphQLError {
  return new GraphQLError(message, { nodes, extensions: { code: GRAPHQL_VALIDATION_FAILED } });
}
