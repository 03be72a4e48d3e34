// validate(schema, document, rules?, options?): one shared traversal of an executable document that
// tracks type information (TypeInfo-style) and calls every rule's hooks at each node (a parallel
// visitor). Returns the errors; never executes, never mutates the document.

import type {
  ArgumentNode, DirectiveNode, DocumentNode, FragmentDefinitionNode, OperationDefinitionNode, SelectionSetNode,
  ValueNode, VariableDefinitionNode,
} from '../ast.ts';
import { DirectiveLocation } from '../directiveLocation.ts';
import type { GraphQLError } from '../error.ts';
import {
  getNamedType, getNullableType, isCompositeType, isInputObjectType, isInputType, isListType, isObjectType, isOutputType,
  type GraphQLInputType, type GraphQLOutputType, type GraphQLType,
} from '../type/definition.ts';
import type { GraphQLSchema } from '../type/schema.ts';
import { assertValidSchema } from '../type/validateSchema.ts';
import { typeFromAST } from '../type/values.ts';
import { ValidationAbort, ValidationContext, type ValidationOptions } from './context.ts';
import type { RuleVisitor, ValidationRule } from './rule.ts';
import { specifiedRules } from './specifiedRules.ts';

type HookName = keyof RuleVisitor;
type Hooks = { [K in HookName]: Array<NonNullable<RuleVisitor[K]>> };

const hookNames: readonly HookName[] = [
  'document', 'leaveDocument', 'operation', 'leaveOperation', 'fragmentDefinition', 'variableDefinition', 'selectionSet',
  'field', 'leaveField', 'inlineFragment', 'fragmentSpread', 'directives', 'directive', 'leaveDirective', 'argument', 'value',
  'objectValue', 'variable', 'namedType',
];

function combine(visitors: readonly RuleVisitor[]): Hooks {
  const hooks = {} as Record<HookName, unknown[]>;
  for (const name of hookNames) {
    const list: unknown[] = [];
    for (const v of visitors) {
      const fn = v[name];
      if (fn) list.push(fn.bind(v));
    }
    hooks[name] = list;
  }
  return hooks as Hooks;
}

/**
 * Validates an executable document against a schema: every error of every rule (default: the
 * spec's rules as graphql-js 17's `specifiedRules`), each with locations and
 * `extensions.code: "GRAPHQL_VALIDATION_FAILED"`. Throws first when the schema itself is invalid.
 */
export function validate(
  schema: GraphQLSchema, document: DocumentNode, rules: readonly ValidationRule[] = specifiedRules, options?: ValidationOptions,
): GraphQLError[] {
  assertValidSchema(schema);
  return validateDocument(schema, document, rules, options);
}

/**
 * `validate` for a schema known to be valid (checked once elsewhere, or valid by construction): the
 * same errors, without the schema check, so that a bundle calling only this leaves the schema
 * validator (type/validateSchema.ts) out.
 */
export function validateDocument(
  schema: GraphQLSchema, document: DocumentNode, rules: readonly ValidationRule[] = specifiedRules, options?: ValidationOptions,
): GraphQLError[] {
  const context = new ValidationContext(schema, document, options);
  const walker = new Walker(context, combine(rules.map((rule) => rule(context))));
  try {
    walker.document(document);
  } catch (e) {
    if (e instanceof ValidationAbort) context.errors.push(e.error);
    else throw e;
  }
  return context.errors;
}

const operationLocation = {
  query: DirectiveLocation.QUERY, mutation: DirectiveLocation.MUTATION, subscription: DirectiveLocation.SUBSCRIPTION,
} as const;

class Walker {
  readonly #schema: GraphQLSchema;
  #usages: ReturnType<ValidationContext['variableUsages']['get']> = undefined;

  constructor(private readonly ctx: ValidationContext, private readonly h: Hooks) {
    this.#schema = ctx.schema;
  }

  document(doc: DocumentNode): void {
    for (const fn of this.h.document) fn(doc);
    for (const def of doc.definitions) {
      if (def.kind === 'OperationDefinition') this.#operation(def);
      else if (def.kind === 'FragmentDefinition') this.#fragment(def);
    }
    for (const fn of this.h.leaveDocument) fn(doc);
  }

  /** Resets the position to the top of an operation or fragment and starts its variable usages. */
  #beginDefinition(def: OperationDefinitionNode | FragmentDefinitionNode, type: GraphQLOutputType | undefined): ValidationContext {
    const ctx = this.ctx;
    ctx.type = type;
    ctx.parentType = undefined;
    ctx.fieldDef = undefined;
    this.#usages = [];
    ctx.variableUsages.set(def, this.#usages);
    return ctx;
  }

  #operation(op: OperationDefinitionNode): void {
    const root = this.#schema.getRootType(op.operation);
    const ctx = this.#beginDefinition(op, isObjectType(root) ? root : undefined);
    for (const fn of this.h.operation) fn(op);
    if (op.variableDefinitions) for (const v of op.variableDefinitions) this.#variableDefinition(v);
    this.#directives(op.directives, operationLocation[op.operation]);
    this.#selectionSet(op.selectionSet, ctx.type, 'OperationDefinition');
    for (const fn of this.h.leaveOperation) fn(op);
  }

  #fragment(frag: FragmentDefinitionNode): void {
    const type = typeFromAST(this.#schema, frag.typeCondition);
    const ctx = this.#beginDefinition(frag, isOutputType(type) ? type : undefined);
    for (const fn of this.h.fragmentDefinition) fn(frag);
    for (const fn of this.h.namedType) fn(frag.typeCondition);
    this.#directives(frag.directives, DirectiveLocation.FRAGMENT_DEFINITION);
    this.#selectionSet(frag.selectionSet, ctx.type, 'FragmentDefinition');
  }

  #variableDefinition(node: VariableDefinitionNode): void {
    const saved = this.#usages;
    this.#usages = undefined; // graphql-js does not count variables inside variable definitions as usages
    for (const fn of this.h.variableDefinition) fn(node);
    let named = node.type;
    while (named.kind !== 'NamedType') named = named.type;
    for (const fn of this.h.namedType) fn(named);
    const type = typeFromAST(this.#schema, node.type);
    if (node.defaultValue) this.#topValue(node.defaultValue, isInputType(type) ? type : undefined, undefined, undefined);
    this.#directives(node.directives, DirectiveLocation.VARIABLE_DEFINITION);
    this.#usages = saved;
  }

  #selectionSet(node: SelectionSetNode, type: GraphQLType | undefined, parentKind: string): void {
    const ctx = this.ctx;
    const named = getNamedType(type);
    const parentType = isCompositeType(named) ? named : undefined;
    const savedParent = ctx.parentType;
    ctx.parentType = parentType;
    for (const fn of this.h.selectionSet) fn(node, parentKind);
    for (const sel of node.selections) {
      if (sel.kind === 'Field') {
        const savedField = ctx.fieldDef;
        const savedType = ctx.type;
        const fieldDef = parentType ? this.#schema.getField(parentType, sel.name.value) : undefined;
        const fieldType = fieldDef?.type;
        ctx.fieldDef = fieldDef;
        ctx.type = isOutputType(fieldType) ? fieldType : undefined;
        for (const fn of this.h.field) fn(sel);
        if (sel.arguments) for (const arg of sel.arguments) this.#argument(arg);
        this.#directives(sel.directives, DirectiveLocation.FIELD);
        if (sel.selectionSet) this.#selectionSet(sel.selectionSet, ctx.type, 'Field');
        ctx.parentType = parentType;
        for (const fn of this.h.leaveField) fn(sel);
        ctx.fieldDef = savedField;
        ctx.type = savedType;
      } else if (sel.kind === 'InlineFragment') {
        const savedType = ctx.type;
        const fragType: GraphQLOutputType | undefined = sel.typeCondition ? typeFromAST(this.#schema, sel.typeCondition) : getNamedType(ctx.type);
        ctx.type = isOutputType(fragType) ? fragType : undefined;
        for (const fn of this.h.inlineFragment) fn(sel);
        if (sel.typeCondition) for (const fn of this.h.namedType) fn(sel.typeCondition);
        this.#directives(sel.directives, DirectiveLocation.INLINE_FRAGMENT);
        this.#selectionSet(sel.selectionSet, ctx.type, 'InlineFragment');
        ctx.parentType = parentType;
        ctx.type = savedType;
      } else {
        for (const fn of this.h.fragmentSpread) fn(sel);
        this.#directives(sel.directives, DirectiveLocation.FRAGMENT_SPREAD);
      }
    }
    ctx.parentType = savedParent;
  }

  #directives(nodes: ReadonlyArray<DirectiveNode> | undefined, location: DirectiveLocation): void {
    if (!nodes || nodes.length === 0) return;
    const ctx = this.ctx;
    for (const fn of this.h.directives) fn(nodes, location);
    for (const node of nodes) {
      ctx.directive = this.#schema.getDirective(node.name.value);
      for (const fn of this.h.directive) fn(node, location);
      if (node.arguments) for (const arg of node.arguments) this.#argument(arg);
      for (const fn of this.h.leaveDirective) fn(node);
      ctx.directive = undefined;
    }
  }

  #argument(node: ArgumentNode): void {
    const ctx = this.ctx;
    // As graphql-js's TypeInfo: an unknown directive's arguments are looked up on the field.
    const owner = ctx.directive ?? ctx.fieldDef;
    let argDef;
    if (owner) for (const a of owner.args) if (a.name === node.name.value) { argDef = a; break; }
    ctx.argument = argDef;
    for (const fn of this.h.argument) fn(node);
    this.#topValue(node.value, isInputType(argDef?.type) ? argDef!.type : undefined, undefined, argDef?.default);
    ctx.argument = undefined;
  }

  #topValue(node: ValueNode, type: GraphQLInputType | undefined, parent: GraphQLInputType | undefined, defaultValue: typeof this.ctx.defaultValue): void {
    const ctx = this.ctx;
    ctx.inputType = type;
    ctx.parentInputType = parent;
    ctx.defaultValue = defaultValue;
    if (node.kind !== 'Variable') for (const fn of this.h.value) fn(node);
    this.#value(node, type, parent, defaultValue);
    ctx.inputType = undefined;
    ctx.parentInputType = undefined;
    ctx.defaultValue = undefined;
  }

  #value(node: ValueNode, type: GraphQLInputType | undefined, parent: GraphQLInputType | undefined, defaultValue: typeof this.ctx.defaultValue): void {
    switch (node.kind) {
      case 'Variable': {
        const ctx = this.ctx;
        ctx.inputType = type;
        ctx.parentInputType = parent;
        ctx.defaultValue = defaultValue;
        this.#usages?.push({ node, type, parentType: parent, defaultValue });
        for (const fn of this.h.variable) fn(node);
        return;
      }
      case 'ListValue': {
        const nullable = type && getNullableType(type);
        const itemType = nullable && isListType(nullable) ? nullable.ofType : undefined;
        for (const item of node.values) this.#value(item, itemType, type, undefined);
        return;
      }
      case 'ObjectValue': {
        for (const fn of this.h.objectValue) fn(node);
        const named = getNamedType(type);
        for (const field of node.fields) {
          const fieldDef = isInputObjectType(named) ? named.getFields()[field.name.value] : undefined;
          const fieldType = fieldDef?.type;
          this.#value(field.value, isInputType(fieldType) ? fieldType : undefined, type, fieldDef?.default);
        }
        return;
      }
      default:
        return;
    }
  }
}
