// Input values: variables (getVariableValues, coerceInputValue with graphql-js 17's messages and
// paths), literals (valueFromAST, validateInputLiteral), arguments (getArgumentValues), defaults,
// @skip/@include, typeFromAST and astFromValue. Pure functions over the type system; no execution.

import type {
  ConstValueNode, DirectiveNode, FieldNode, FragmentSpreadNode, InlineFragmentNode, TypeNode, ValueNode,
  VariableDefinitionNode,
} from '../ast.ts';
import { GraphQLError } from '../error.ts';
import { print } from '../printer.ts';
import {
  GraphQLList, GraphQLNonNull, isEnumType, isInputObjectType, isInputType, isLeafType, isListType, isNonNullType,
  isRequiredInputField, type GraphQLArgument, type GraphQLInputType, type GraphQLLeafType, type GraphQLNamedType,
  type GraphQLType,
} from './definition.ts';
import type { GraphQLDirective } from './directives.ts';
import { GraphQLIncludeDirective, GraphQLSkipDirective } from './directives.ts';
import { defaultScalarValueToLiteral } from './scalars.ts';
import { didYouMean, inspect, suggestionList } from './util.ts';

export type Path = ReadonlyArray<string | number>;
export type InputErrorHandler = (error: GraphQLError, path: Path) => void;
type Vars = Readonly<Record<string, unknown>> | null | undefined;

/** " at .a[0].b" as graphql-js prints a value path in messages. */
export function printPathArray(path: Path): string {
  if (path.length === 0) return '';
  return ' at ' + path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${key}`)).join('');
}

/** The schema type a type reference names, or undefined when a named type is unknown. */
export function typeFromAST(schema: { getType(name: string): GraphQLNamedType | undefined }, typeNode: TypeNode): GraphQLType | undefined {
  switch (typeNode.kind) {
    case 'ListType': {
      const inner = typeFromAST(schema, typeNode.type);
      return inner && new GraphQLList(inner);
    }
    case 'NonNullType': {
      const inner = typeFromAST(schema, typeNode.type);
      return inner && new GraphQLNonNull(inner as never);
    }
    case 'NamedType': return schema.getType(typeNode.name.value);
  }
}

const isIterable = (v: unknown): v is Iterable<unknown> =>
  typeof v === 'object' && v !== null && typeof (v as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function';
const isObjectLike = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const oneOfMessage = (type: GraphQLNamedType): string =>
  `Within OneOf Input Object type "${type.name}", exactly one field must be specified, and the value for that field must be non-null.`;
const caughtMessage = (e: unknown): string => {
  const m = isObjectLike(e) ? (e as { message?: unknown }).message : undefined;
  return typeof m === 'string' && m !== '' ? m : String(e);
};
const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

// ---------------------------------------------------------------- external values (variables)

/**
 * Coerces an external input value (e.g. a variable from JSON) to `type`'s internal value. Returns
 * undefined when invalid; every problem is then reported to `onError` with its path inside the
 * value, in graphql-js 17's words (what `validateInputValue` reports).
 */
export function coerceInputValue(value: unknown, type: GraphQLInputType, onError?: InputErrorHandler, hideSuggestions = false): unknown {
  const errors: Array<[GraphQLError, Path]> | undefined = onError ? [] : undefined;
  const result = coerceValue(value, type, [], errors, hideSuggestions);
  if (errors !== undefined && errors.length > 0) {
    for (const [e, p] of errors) onError!(e, p);
    return undefined;
  }
  return result;
}

const INVALID: unique symbol = Symbol('invalid');

// One walk that both coerces and (when `errors` is given) collects every error, in validateInputValue's order.
function coerceValue(value: unknown, type: GraphQLType, path: (string | number)[], errors: Array<[GraphQLError, Path]> | undefined, hide: boolean): unknown {
  const report = (message: string, original?: Error): typeof INVALID => {
    errors?.push([new GraphQLError(message, original ? { originalError: original } : {}), path.slice()]);
    return INVALID;
  };
  if (isNonNullType(type)) {
    if (value === undefined) return report(`Expected a value of non-null type "${String(type)}" to be provided.`);
    if (value === null) return report(`Expected value of non-null type "${String(type)}" not to be null.`);
    return coerceValue(value, type.ofType, path, errors, hide);
  }
  if (value == null) return null;
  if (isListType(type)) {
    if (!isIterable(value) || typeof value === 'string') {
      const item = coerceValue(value, type.ofType, path, errors, hide);
      return item === INVALID ? INVALID : [item];
    }
    const out: unknown[] = [];
    let index = 0;
    let invalid = false;
    for (const item of value) {
      path.push(index++);
      const c = coerceValue(item, type.ofType, path, errors, hide);
      path.pop();
      if (c === INVALID) { invalid = true; if (!errors) return INVALID; } else out.push(c);
    }
    return invalid ? INVALID : out;
  }
  if (isInputObjectType(type)) {
    if (!isObjectLike(value) || Array.isArray(value)) return report(`Expected value of type "${type.name}" to be an object, found: ${inspect(value)}.`);
    const fieldDefs = type.getFields();
    const out: Record<string, unknown> = Object.create(null);
    let invalid = false;
    for (const field of Object.values(fieldDefs)) {
      const fieldValue = value[field.name];
      if (fieldValue === undefined) {
        if (isRequiredInputField(field)) {
          invalid = true;
          report(`Expected value of type "${type.name}" to include required field "${field.name}", found: ${inspect(value)}.`);
          if (!errors) return INVALID;
          continue;
        }
        const d = coerceDefaultValue(field);
        if (d !== undefined) out[field.name] = d;
      } else {
        path.push(field.name);
        const c = coerceValue(fieldValue, field.type, path, errors, hide);
        path.pop();
        if (c === INVALID) { invalid = true; if (!errors) return INVALID; } else out[field.name] = c;
      }
    }
    const provided: string[] = [];
    for (const name of Object.keys(value)) {
      if (value[name] === undefined) continue;
      if (!hasOwn(fieldDefs, name)) {
        invalid = true;
        const suggestion = hide ? '' : didYouMean(suggestionList(name, Object.keys(fieldDefs)));
        report(`Expected value of type "${type.name}" not to include unknown field "${name}"${suggestion ? `.${suggestion} Found` : ', found'}: ${inspect(value)}.`);
        if (!errors) return INVALID;
        continue;
      }
      provided.push(name);
    }
    if (type.isOneOf) {
      if (provided.length !== 1) { invalid = true; report(oneOfMessage(type)); }
      const only = provided[0];
      if (only !== undefined && value[only] === null) {
        invalid = true;
        path.push(only);
        report(oneOfMessage(type));
        path.pop();
      }
    }
    return invalid ? INVALID : out;
  }
  const leaf = type as GraphQLLeafType;
  let result: unknown;
  let caught: unknown;
  try {
    result = leaf.parseValue(value, hide);
  } catch (error) {
    if (error instanceof GraphQLError) {
      errors?.push([error, path.slice()]);
      return INVALID;
    }
    caught = error;
  }
  if (result === undefined) {
    return report(
      `Expected value of type "${leaf.name}"${caught != null ? `, but encountered error "${caughtMessage(caught)}"; found` : ', found'}: ${inspect(value)}.`,
      caught instanceof Error ? caught : undefined,
    );
  }
  return result;
}

/** The coerced default of an argument or input field (memoised), or undefined when it has none. */
const coercedDefaults = new WeakMap<GraphQLArgument, unknown>();
export function coerceDefaultValue(arg: GraphQLArgument): unknown {
  if (arg.default === undefined) return undefined;
  if (coercedDefaults.has(arg)) return coercedDefaults.get(arg);
  const d = arg.default;
  const value = 'literal' in d ? valueFromAST(d.literal, arg.type) : coerceInputValue(d.value, arg.type);
  if (value === undefined) throw new Error(`Expected value of type "${String(arg.type)}" to be valid, found: ${'literal' in d ? print(d.literal) : inspect(d.value)}.`);
  coercedDefaults.set(arg, value);
  return value;
}

/** The literal a default prints as (introspection's `defaultValue`, printSchema). */
export function getDefaultValueAST(arg: GraphQLArgument): ConstValueNode | undefined {
  const d = arg.default;
  if (d === undefined) return undefined;
  if ('literal' in d) return d.literal;
  const literal = astFromValue(d.value, arg.type);
  if (literal === undefined) throw new Error('Invalid default value');
  return literal;
}

export type VariableValuesResult =
  | { readonly coerced: Readonly<Record<string, unknown>>; readonly errors?: undefined }
  | { readonly errors: readonly GraphQLError[]; readonly coerced?: undefined };

/**
 * Coerces an operation's variables (`inputs` from the request) per its definitions: the coerced
 * values, or every error in graphql-js 17's words ("Variable "$x" has invalid value at .a: ...").
 */
export function getVariableValues(
  schema: { getType(name: string): GraphQLNamedType | undefined },
  varDefNodes: readonly VariableDefinitionNode[],
  inputs: Readonly<Record<string, unknown>>,
  options?: { maxErrors?: number; hideSuggestions?: boolean },
): VariableValuesResult {
  const errors: GraphQLError[] = [];
  const maxErrors = options?.maxErrors;
  const hide = options?.hideSuggestions ?? false;
  const coerced: Record<string, unknown> = Object.create(null);
  const push = (e: GraphQLError): void => {
    if (maxErrors != null && errors.length >= maxErrors) {
      throw new GraphQLError('Too many errors processing variables, error limit reached. Execution aborted.');
    }
    errors.push(e);
  };
  try {
    for (const varDefNode of varDefNodes) {
      const varName = varDefNode.variable.name.value;
      const varType = typeFromAST(schema, varDefNode.type);
      if (!isInputType(varType)) {
        push(new GraphQLError(`Variable "$${varName}" expected value of type "${print(varDefNode.type)}" which cannot be used as an input type.`, { nodes: varDefNode.type }));
        continue;
      }
      const value = hasOwn(inputs, varName) ? inputs[varName] : undefined;
      if (value === undefined) {
        if (varDefNode.defaultValue) {
          const d = valueFromAST(varDefNode.defaultValue, varType);
          if (d !== undefined) coerced[varName] = d;
          else {
            validateInputLiteral(varDefNode.defaultValue, varType, (error, path) => {
              push(new GraphQLError(`Variable "$${varName}" has invalid default value${printPathArray(path)}: ${error.message}`, { nodes: varDefNode }));
            }, undefined, hide);
          }
          continue;
        }
        if (!isNonNullType(varType)) continue;
      }
      const c = coerceInputValue(value, varType, (error, path) => {
        push(new GraphQLError(`Variable "$${varName}" has invalid value${printPathArray(path)}: ${error.message}`, { nodes: varDefNode, originalError: error }));
      }, hide);
      if (c !== undefined) coerced[varName] = c;
    }
  } catch (error) {
    errors.push(error instanceof GraphQLError ? error : new GraphQLError(String(error)));
  }
  return errors.length === 0 ? { coerced } : { errors };
}

// ---------------------------------------------------------------- literals

/**
 * The internal value of a literal of `type`, variables substituted from `variables` (already
 * coerced); undefined when the literal is invalid (validation reports why).
 */
export function valueFromAST(valueNode: ValueNode, type: GraphQLInputType, variables?: Vars): unknown {
  if (valueNode.kind === 'Variable') {
    const v = variables?.[valueNode.name.value];
    if (v == null && isNonNullType(type)) return undefined;
    return v;
  }
  if (isNonNullType(type)) {
    if (valueNode.kind === 'NullValue') return undefined;
    return valueFromAST(valueNode, type.ofType, variables);
  }
  if (valueNode.kind === 'NullValue') return null;
  if (isListType(type)) {
    if (valueNode.kind !== 'ListValue') {
      const item = valueFromAST(valueNode, type.ofType, variables);
      return item === undefined ? undefined : [item];
    }
    const out: unknown[] = [];
    for (const itemNode of valueNode.values) {
      let item = valueFromAST(itemNode, type.ofType, variables);
      if (item === undefined) {
        if (itemNode.kind === 'Variable' && variables?.[itemNode.name.value] == null && !isNonNullType(type.ofType)) item = null;
        else return undefined;
      }
      out.push(item);
    }
    return out;
  }
  if (isInputObjectType(type)) {
    if (valueNode.kind !== 'ObjectValue') return undefined;
    const fieldDefs = type.getFields();
    const fieldNodes = new Map<string, ValueNode>();
    for (const f of valueNode.fields) {
      if (!hasOwn(fieldDefs, f.name.value)) return undefined;
      fieldNodes.set(f.name.value, f.value);
    }
    const out: Record<string, unknown> = Object.create(null);
    for (const field of Object.values(fieldDefs)) {
      const fieldNode = fieldNodes.get(field.name);
      if (!fieldNode || (fieldNode.kind === 'Variable' && variables?.[fieldNode.name.value] === undefined)) {
        if (isRequiredInputField(field)) return undefined;
        const d = coerceDefaultValue(field);
        if (d !== undefined) out[field.name] = d;
      } else {
        const v = valueFromAST(fieldNode, field.type, variables);
        if (v === undefined) return undefined;
        out[field.name] = v;
      }
    }
    if (type.isOneOf) {
      const keys = Object.keys(out);
      if (fieldNodes.size !== 1 || keys.length !== 1) return undefined;
      for (const [name, node] of fieldNodes) if (node.kind === 'NullValue' || out[name] === null) return undefined;
    }
    return out;
  }
  try {
    return (type as GraphQLLeafType).parseLiteral(replaceVariables(valueNode, variables), variables ?? undefined);
  } catch {
    return undefined;
  }
}

function replaceVariables(node: ValueNode, variables: Vars): ValueNode {
  switch (node.kind) {
    case 'Variable': {
      const v = variables?.[node.name.value];
      return v === undefined ? { kind: 'NullValue' } : defaultScalarValueToLiteral(v);
    }
    case 'ListValue': return { ...node, values: node.values.map((v) => replaceVariables(v, variables)) };
    case 'ObjectValue': {
      return { ...node, fields: node.fields.map((f) => ({ ...f, value: replaceVariables(f.value, variables) })) };
    }
    default: return node;
  }
}

/**
 * Reports every reason a literal is not a valid `type` (graphql-js 17's validateInputLiteral):
 * `variables` undefined means static (validation: variables are checked elsewhere).
 */
export function validateInputLiteral(valueNode: ValueNode, type: GraphQLInputType, onError: InputErrorHandler, variables?: Vars, hideSuggestions = false): void {
  validateLiteral(valueNode, type, onError, variables, hideSuggestions, []);
}

function validateLiteral(node: ValueNode, type: GraphQLType, onError: InputErrorHandler, variables: Vars, hide: boolean, path: (string | number)[]): void {
  const report = (message: string, at: ValueNode | { kind: 'ObjectField' } = node, original?: Error): void => {
    onError(new GraphQLError(message, { nodes: at as ValueNode, ...(original ? { originalError: original } : {}) }), path.slice());
  };
  if (node.kind === 'Variable') {
    if (variables == null) return;
    const value = variables[node.name.value];
    if (isNonNullType(type)) {
      if (value === undefined) report(`Expected variable "$${node.name.value}" provided to type "${String(type)}" to provide a runtime value.`);
      else if (value === null) report(`Expected variable "$${node.name.value}" provided to non-null type "${String(type)}" not to be null.`);
    }
    return;
  }
  if (isNonNullType(type)) {
    if (node.kind === 'NullValue') { report(`Expected value of non-null type "${String(type)}" not to be null.`); return; }
    validateLiteral(node, type.ofType, onError, variables, hide, path);
    return;
  }
  if (node.kind === 'NullValue') return;
  if (isListType(type)) {
    if (node.kind !== 'ListValue') { validateLiteral(node, type.ofType, onError, variables, hide, path); return; }
    let index = 0;
    for (const item of node.values) {
      path.push(index++);
      validateLiteral(item, type.ofType, onError, variables, hide, path);
      path.pop();
    }
    return;
  }
  if (isInputObjectType(type)) {
    if (node.kind !== 'ObjectValue') { report(`Expected value of type "${type.name}" to be an object, found: ${print(node)}.`); return; }
    const fieldDefs = type.getFields();
    const fieldNodes: Record<string, ValueNode> = Object.create(null);
    for (const f of node.fields) fieldNodes[f.name.value] ??= f.value;
    for (const field of Object.values(fieldDefs)) {
      const fieldValue = fieldNodes[field.name];
      if (fieldValue === undefined) {
        if (isRequiredInputField(field)) report(`Expected value of type "${type.name}" to include required field "${field.name}", found: ${print(node)}.`);
        continue;
      }
      if (fieldValue.kind === 'Variable' && variables != null) {
        const name = fieldValue.name.value;
        const value = variables[name];
        if (type.isOneOf) {
          if (value === undefined) report(`Expected variable "$${name}" provided to field "${field.name}" for OneOf Input Object type "${type.name}" to provide a runtime value.`);
          else if (value === null) report(`Expected variable "$${name}" provided to field "${field.name}" for OneOf Input Object type "${type.name}" not to be null.`);
        } else if (value === undefined && !isRequiredInputField(field)) continue;
      }
      path.push(field.name);
      validateLiteral(fieldValue, field.type, onError, variables, hide, path);
      path.pop();
    }
    let known = 0;
    let first: ValueNode | undefined;
    let firstName = '';
    for (const f of node.fields) {
      const name = f.name.value;
      if (!hasOwn(fieldDefs, name)) {
        const suggestion = hide ? '' : didYouMean(suggestionList(name, Object.keys(fieldDefs)));
        report(`Expected value of type "${type.name}" not to include unknown field "${name}"${suggestion ? `.${suggestion} Found` : ', found'}: ${print(node)}.`, f);
      } else {
        if (known++ === 0) { first = f.value; firstName = name; }
      }
    }
    if (type.isOneOf) {
      if (known !== 1) { report(oneOfMessage(type)); return; }
      if (first!.kind === 'NullValue') {
        path.push(firstName);
        report(oneOfMessage(type));
        path.pop();
      }
    }
    return;
  }
  const leaf = type as GraphQLLeafType;
  let result: unknown;
  let caught: unknown;
  try {
    result = isEnumType(leaf) ? leaf.parseLiteral(node, undefined, hide) : leaf.parseLiteral(replaceVariables(node, variables), variables ?? undefined);
  } catch (error) {
    if (error instanceof GraphQLError) { onError(error, path.slice()); return; }
    caught = error;
  }
  if (result === undefined) {
    report(
      `Expected value of type "${leaf.name}"${caught != null ? `, but encountered error "${caughtMessage(caught)}"; found` : ', found'}: ${print(node)}.`,
      node, caught instanceof Error ? caught : undefined,
    );
  }
}

// ---------------------------------------------------------------- arguments and directives

interface HasArgs { readonly args: readonly GraphQLArgument[] }
interface HasArgNodes { readonly arguments?: ReadonlyArray<{ readonly name: { readonly value: string }; readonly value: ValueNode }> | undefined }

/**
 * The coerced argument values of a field or directive node. Throws a GraphQLError (graphql-js 17's
 * words) when a required argument is missing or a value is invalid.
 */
export function getArgumentValues(def: HasArgs, node: HasArgNodes & { kind: string }, variableValues?: Vars, hideSuggestions = false): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null);
  if (def.args.length === 0) return out;
  const argNodes = node.arguments ?? [];
  for (const argDef of def.args) {
    const name = argDef.name;
    let valueNode: ValueNode | undefined;
    for (const a of argNodes) if (a.name.value === name) { valueNode = a.value; break; }
    const required = isNonNullType(argDef.type) && argDef.default === undefined;
    if (valueNode === undefined) {
      if (required) {
        throw new GraphQLError(`Argument "${argDef.coordinate}" of required type "${String(argDef.type)}" was not provided.`, { nodes: node as FieldNode });
      }
      useDefaultArgument(out, argDef, node);
      continue;
    }
    if (valueNode.kind === 'Variable' && !required && (variableValues == null || !hasOwn(variableValues, valueNode.name.value))) {
      useDefaultArgument(out, argDef, node);
      continue;
    }
    const value = valueFromAST(valueNode, argDef.type, variableValues);
    if (value === undefined) {
      validateInputLiteral(valueNode, argDef.type, (error, path) => {
        error.message = `Argument "${argDef.coordinate}" has invalid value${printPathArray(path)}: ${error.message}`;
        throw error;
      }, variableValues ?? {}, hideSuggestions);
      throw new GraphQLError(`Argument "${argDef.coordinate}" has invalid value.`, { nodes: valueNode });
    }
    out[name] = value;
  }
  return out;
}

function useDefaultArgument(out: Record<string, unknown>, argDef: GraphQLArgument, node: { kind: string }): void {
  let value: unknown;
  try {
    value = coerceDefaultValue(argDef);
  } catch (e) {
    throw new GraphQLError(`Argument "${argDef.coordinate}" has invalid default value: ${caughtMessage(e)}`, { nodes: node as FieldNode });
  }
  if (value !== undefined) out[argDef.name] = value;
}

/** The argument values of `directive` on `node`, or undefined when the directive is absent. */
export function getDirectiveValues(directive: GraphQLDirective, node: { readonly directives?: ReadonlyArray<DirectiveNode> | undefined }, variableValues?: Vars): Record<string, unknown> | undefined {
  const directiveNode = node.directives?.find((d) => d.name.value === directive.name);
  return directiveNode ? getArgumentValues(directive, directiveNode, variableValues) : undefined;
}

/** Whether @skip/@include let a selection through, given the coerced variables. */
export function shouldIncludeNode(node: FieldNode | FragmentSpreadNode | InlineFragmentNode, variableValues?: Vars): boolean {
  if (!node.directives || node.directives.length === 0) return true;
  if (getDirectiveValues(GraphQLSkipDirective, node, variableValues)?.['if'] === true) return false;
  const include = getDirectiveValues(GraphQLIncludeDirective, node, variableValues);
  return include === undefined || include['if'] !== false;
}

// ---------------------------------------------------------------- value → literal

/**
 * The literal for an external input value of `type` (graphql-js 17's valueToLiteral; enum values
 * may be given by name or by internal value). Undefined when the value cannot be one of `type`.
 */
export function astFromValue(value: unknown, type: GraphQLInputType): ConstValueNode | undefined {
  if (isNonNullType(type)) return value == null ? undefined : astFromValue(value, type.ofType);
  if (value == null) return { kind: 'NullValue' };
  if (isListType(type)) {
    if (!isIterable(value) || typeof value === 'string') return astFromValue(value, type.ofType);
    const values: ConstValueNode[] = [];
    for (const item of value) {
      const n = astFromValue(item, type.ofType);
      if (!n) return undefined;
      values.push(n);
    }
    return { kind: 'ListValue', values };
  }
  if (isInputObjectType(type)) {
    if (!isObjectLike(value)) return undefined;
    const fieldDefs = type.getFields();
    if (Object.keys(value).some((n) => value[n] !== undefined && !hasOwn(fieldDefs, n))) return undefined;
    const fields = [];
    for (const field of Object.values(fieldDefs)) {
      const v = value[field.name];
      if (v === undefined) {
        if (isRequiredInputField(field)) return undefined;
        continue;
      }
      const n = astFromValue(v, field.type);
      if (!n) return undefined;
      fields.push({ kind: 'ObjectField' as const, name: { kind: 'Name' as const, value: field.name }, value: n });
    }
    return { kind: 'ObjectValue', fields };
  }
  if (isEnumType(type)) {
    if (typeof value === 'string' && type.getValue(value)) return { kind: 'EnumValue', value };
    try { return { kind: 'EnumValue', value: type.serialize(value) }; } catch { return undefined; }
  }
  if (!isLeafType(type)) return undefined;
  if (type.valueToLiteral) {
    try { return type.valueToLiteral(value); } catch { return undefined; }
  }
  return defaultScalarValueToLiteral(value);
}
