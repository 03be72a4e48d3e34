// The GraphQL type system's named and wrapping types (scalar, object, interface, union, enum,
// input object, list, non-null), their fields, arguments and enum values, and type predicates.
// Knows nothing of storage or execution; never resolves data, never imports graphql-js.

import type {
  EnumTypeDefinitionNode, FieldDefinitionNode, InputObjectTypeDefinitionNode, InputValueDefinitionNode,
  InterfaceTypeDefinitionNode, ObjectTypeDefinitionNode, ScalarTypeDefinitionNode, TypeExtensionNode,
  UnionTypeDefinitionNode, EnumValueDefinitionNode, ValueNode, ConstValueNode,
} from '../ast.ts';
import { GraphQLError } from '../error.ts';
import { inspect, didYouMean, suggestionList } from './util.ts';
import { print } from '../printer.ts';

export type Thunk<T> = T | (() => T);
export type Extensions = Readonly<Record<string, unknown>>;

const resolveThunk = <T>(thunk: Thunk<T>): T => (typeof thunk === 'function' ? (thunk as () => T)() : thunk);

function assertName(name: string): string {
  if (!/^[_A-Za-z][_0-9A-Za-z]*$/.test(name)) throw new Error(`Names must only contain [_a-zA-Z0-9] but "${name}" does not.`);
  return name;
}

/** A default value: either an already-coerced internal value or a literal to be coerced on use. */
export type DefaultValue = { readonly value: unknown } | { readonly literal: ConstValueNode };

/** What every named type has: name, description, extensions, AST nodes, printing as its name. */
abstract class NamedTypeBase<A> {
  readonly name: string;
  readonly description: string | undefined;
  readonly extensions: Extensions;
  readonly astNode: A | undefined;
  readonly extensionASTNodes: readonly TypeExtensionNode[];
  constructor(config: { name: string; description?: string | undefined; extensions?: Extensions | undefined; astNode?: unknown; extensionASTNodes?: readonly TypeExtensionNode[] | undefined }) {
    this.name = assertName(config.name);
    this.description = config.description;
    this.extensions = config.extensions ?? {};
    this.astNode = config.astNode as A | undefined;
    this.extensionASTNodes = config.extensionASTNodes ?? [];
  }
  toString(): string { return this.name; }
  toJSON(): string { return this.name; }
}

// ---------------------------------------------------------------- scalar

export interface ScalarConfig {
  name: string;
  description?: string | undefined;
  specifiedByURL?: string | undefined;
  /** Output coercion: internal value → result value; throws GraphQLError when it cannot. */
  serialize?: (value: unknown) => unknown;
  /** Input coercion from a variable value; throws GraphQLError or returns undefined when invalid. */
  parseValue?: (value: unknown, hideSuggestions?: boolean) => unknown;
  /** Input coercion from a literal (variables already substituted); throws or returns undefined. */
  parseLiteral?: (node: ValueNode, variables?: Readonly<Record<string, unknown>>) => unknown;
  /** Internal value → literal, for printing defaults and astFromValue. */
  valueToLiteral?: (value: unknown) => ConstValueNode | undefined;
  extensions?: Extensions | undefined;
  astNode?: ScalarTypeDefinitionNode | undefined;
  extensionASTNodes?: readonly TypeExtensionNode[] | undefined;
}

const identity = (value: unknown): unknown => value;

export class GraphQLScalarType extends NamedTypeBase<ScalarTypeDefinitionNode> {
  readonly kind = 'SCALAR' as const;
  readonly specifiedByURL: string | undefined;
  readonly serialize: (value: unknown) => unknown;
  readonly parseValue: (value: unknown, hideSuggestions?: boolean) => unknown;
  readonly parseLiteral: (node: ValueNode, variables?: Readonly<Record<string, unknown>>) => unknown;
  readonly valueToLiteral: ((value: unknown) => ConstValueNode | undefined) | undefined;

  constructor(config: ScalarConfig) {
    super(config);
    this.specifiedByURL = config.specifiedByURL;
    this.serialize = config.serialize ?? identity;
    const parseValue = config.parseValue ?? identity;
    this.parseValue = parseValue;
    this.parseLiteral = config.parseLiteral ?? ((node, variables) => parseValue(valueFromASTUntyped(node, variables)));
    this.valueToLiteral = config.valueToLiteral;
  }
}

/** The JavaScript value of a literal with no type to guide it (custom scalars' default parseLiteral). */
export function valueFromASTUntyped(node: ValueNode, variables?: Readonly<Record<string, unknown>> | null): unknown {
  switch (node.kind) {
    case 'NullValue': return null;
    case 'IntValue': return parseInt(node.value, 10);
    case 'FloatValue': return parseFloat(node.value);
    case 'StringValue': case 'EnumValue': case 'BooleanValue': return node.value;
    case 'ListValue': return node.values.map((v) => valueFromASTUntyped(v, variables));
    case 'ObjectValue': {
      const out: Record<string, unknown> = {};
      for (const f of node.fields) out[f.name.value] = valueFromASTUntyped(f.value, variables);
      return out;
    }
    case 'Variable': return variables?.[node.name.value];
  }
}

// ---------------------------------------------------------------- fields and arguments

export interface ArgumentConfig {
  type: GraphQLInputType;
  description?: string | undefined;
  /** Internal default value (already coerced). */
  defaultValue?: unknown;
  /** Default as a literal (from SDL); coerced on use. */
  default?: DefaultValue | undefined;
  deprecationReason?: string | undefined;
  extensions?: Extensions | undefined;
  astNode?: InputValueDefinitionNode | undefined;
}
export type InputFieldConfig = ArgumentConfig;

export interface FieldConfig {
  type: GraphQLOutputType;
  args?: Record<string, ArgumentConfig> | undefined;
  description?: string | undefined;
  deprecationReason?: string | undefined;
  extensions?: Extensions | undefined;
  astNode?: FieldDefinitionNode | undefined;
}

/** An argument of a field or directive, or a field of an input object. */
export class GraphQLArgument {
  readonly name: string;
  readonly type: GraphQLInputType;
  readonly description: string | undefined;
  readonly default: DefaultValue | undefined;
  readonly deprecationReason: string | undefined;
  readonly extensions: Extensions;
  readonly astNode: InputValueDefinitionNode | undefined;
  /** "Type.field(arg:)", "@dir(arg:)" or "Input.field", as graphql-js prints it in messages. */
  readonly coordinate: string;

  constructor(coordinate: string, name: string, config: ArgumentConfig) {
    this.coordinate = coordinate;
    this.name = assertName(name);
    this.type = config.type;
    this.description = config.description;
    this.default = config.default ?? (config.defaultValue !== undefined ? { value: config.defaultValue } : undefined);
    this.deprecationReason = config.deprecationReason;
    this.extensions = config.extensions ?? {};
    this.astNode = config.astNode;
  }
  toString(): string { return this.coordinate; }
  toJSON(): string { return this.coordinate; }
}
export type GraphQLInputField = GraphQLArgument;

export class GraphQLField {
  readonly name: string;
  readonly type: GraphQLOutputType;
  readonly args: readonly GraphQLArgument[];
  readonly description: string | undefined;
  readonly deprecationReason: string | undefined;
  readonly extensions: Extensions;
  readonly astNode: FieldDefinitionNode | undefined;
  readonly coordinate: string;

  constructor(parentName: string, name: string, config: FieldConfig) {
    this.name = assertName(name);
    this.coordinate = `${parentName}.${name}`;
    this.type = config.type;
    this.description = config.description;
    this.deprecationReason = config.deprecationReason;
    this.extensions = config.extensions ?? {};
    this.astNode = config.astNode;
    const args: GraphQLArgument[] = [];
    for (const [argName, argConfig] of Object.entries(config.args ?? {})) {
      args.push(new GraphQLArgument(`${this.coordinate}(${argName}:)`, argName, argConfig));
    }
    this.args = args;
  }
  toString(): string { return this.coordinate; }
  toJSON(): string { return this.coordinate; }
}

export type FieldMap = Readonly<Record<string, GraphQLField>>;
export type InputFieldMap = Readonly<Record<string, GraphQLArgument>>;

function defineFields(parentName: string, thunk: Thunk<Record<string, FieldConfig>>): FieldMap {
  const out: Record<string, GraphQLField> = Object.create(null);
  for (const [name, config] of Object.entries(resolveThunk(thunk))) out[name] = new GraphQLField(parentName, name, config);
  return out;
}

// ---------------------------------------------------------------- object / interface

export interface ObjectConfig {
  name: string;
  description?: string | undefined;
  fields: Thunk<Record<string, FieldConfig>>;
  interfaces?: Thunk<readonly GraphQLInterfaceType[]> | undefined;
  extensions?: Extensions | undefined;
  astNode?: ObjectTypeDefinitionNode | InterfaceTypeDefinitionNode | undefined;
  extensionASTNodes?: readonly TypeExtensionNode[] | undefined;
}

abstract class FieldsType<A> extends NamedTypeBase<A> {
  #fieldsThunk: Thunk<Record<string, FieldConfig>> | undefined;
  #fieldMap: FieldMap | undefined;
  #interfacesThunk: Thunk<readonly GraphQLInterfaceType[]> | undefined;
  #interfaceList: readonly GraphQLInterfaceType[] | undefined;

  constructor(config: ObjectConfig) {
    super(config);
    this.#fieldsThunk = config.fields;
    this.#interfacesThunk = config.interfaces;
  }
  /** Fields by name (null-prototype record, in definition order). Resolves the thunk once. */
  getFields(): FieldMap {
    if (this.#fieldMap === undefined) {
      this.#fieldMap = defineFields(this.name, this.#fieldsThunk ?? {});
      this.#fieldsThunk = undefined;
    }
    return this.#fieldMap;
  }
  getInterfaces(): readonly GraphQLInterfaceType[] {
    if (this.#interfaceList === undefined) {
      this.#interfaceList = this.#interfacesThunk === undefined ? [] : resolveThunk(this.#interfacesThunk);
      this.#interfacesThunk = undefined;
    }
    return this.#interfaceList;
  }
}

export class GraphQLObjectType extends FieldsType<ObjectTypeDefinitionNode> {
  readonly kind = 'OBJECT' as const;
}

export class GraphQLInterfaceType extends FieldsType<InterfaceTypeDefinitionNode> {
  readonly kind = 'INTERFACE' as const;
}

// ---------------------------------------------------------------- union

export interface UnionConfig {
  name: string;
  description?: string | undefined;
  types: Thunk<readonly GraphQLObjectType[]>;
  extensions?: Extensions | undefined;
  astNode?: UnionTypeDefinitionNode | undefined;
  extensionASTNodes?: readonly TypeExtensionNode[] | undefined;
}

export class GraphQLUnionType extends NamedTypeBase<UnionTypeDefinitionNode> {
  readonly kind = 'UNION' as const;
  #typesThunk: Thunk<readonly GraphQLObjectType[]> | undefined;
  #typeList: readonly GraphQLObjectType[] | undefined;
  constructor(config: UnionConfig) {
    super(config);
    this.#typesThunk = config.types;
  }
  getTypes(): readonly GraphQLObjectType[] {
    if (this.#typeList === undefined) {
      this.#typeList = resolveThunk(this.#typesThunk ?? []);
      this.#typesThunk = undefined;
    }
    return this.#typeList;
  }
}

// ---------------------------------------------------------------- enum

export interface EnumValueConfig {
  value?: unknown;
  description?: string | undefined;
  deprecationReason?: string | undefined;
  extensions?: Extensions | undefined;
  astNode?: EnumValueDefinitionNode | undefined;
}

export interface EnumConfig {
  name: string;
  description?: string | undefined;
  values: Thunk<Record<string, EnumValueConfig>>;
  extensions?: Extensions | undefined;
  astNode?: EnumTypeDefinitionNode | undefined;
  extensionASTNodes?: readonly TypeExtensionNode[] | undefined;
}

export interface GraphQLEnumValue {
  readonly name: string;
  readonly value: unknown;
  readonly description: string | undefined;
  readonly deprecationReason: string | undefined;
  readonly extensions: Extensions;
  readonly astNode: EnumValueDefinitionNode | undefined;
}

export class GraphQLEnumType extends NamedTypeBase<EnumTypeDefinitionNode> {
  readonly kind = 'ENUM' as const;
  #valuesThunk: Thunk<Record<string, EnumValueConfig>> | undefined;
  #valueList: readonly GraphQLEnumValue[] | undefined;
  #byName: Map<string, GraphQLEnumValue> | undefined;
  #byValue: Map<unknown, GraphQLEnumValue> | undefined;

  constructor(config: EnumConfig) {
    super(config);
    this.#valuesThunk = config.values;
  }
  getValues(): readonly GraphQLEnumValue[] {
    if (this.#valueList === undefined) {
      const list: GraphQLEnumValue[] = [];
      for (const [name, c] of Object.entries(resolveThunk(this.#valuesThunk ?? {}))) {
        if (name === 'true' || name === 'false' || name === 'null') throw new Error(`Enum values cannot be named: ${name}`);
        list.push({
          name: assertName(name), value: c.value !== undefined ? c.value : name, description: c.description,
          deprecationReason: c.deprecationReason, extensions: c.extensions ?? {}, astNode: c.astNode,
        });
      }
      this.#valueList = list;
      this.#valuesThunk = undefined;
    }
    return this.#valueList;
  }
  getValue(name: string): GraphQLEnumValue | undefined {
    this.#byName ??= new Map(this.getValues().map((v) => [v.name, v]));
    return this.#byName.get(name);
  }
  serialize(outputValue: unknown): string {
    this.#byValue ??= new Map(this.getValues().map((v) => [v.value, v]));
    const enumValue = this.#byValue.get(outputValue);
    if (enumValue === undefined) throw new GraphQLError(`Enum "${this.name}" cannot represent value: ${inspect(outputValue)}`);
    return enumValue.name;
  }
  parseValue(inputValue: unknown, hideSuggestions = false): unknown {
    if (typeof inputValue !== 'string') {
      const valueStr = inspect(inputValue);
      throw new GraphQLError(`Enum "${this.name}" cannot represent non-string value: ${valueStr}.` + this.#suggest(valueStr, hideSuggestions));
    }
    const enumValue = this.getValue(inputValue);
    if (enumValue === undefined) {
      throw new GraphQLError(`Value "${inputValue}" does not exist in "${this.name}" enum.` + this.#suggest(inputValue, hideSuggestions));
    }
    return enumValue.value;
  }
  parseLiteral(node: ValueNode, _variables?: unknown, hideSuggestions = false): unknown {
    const valueStr = print(node);
    if (node.kind !== 'EnumValue') {
      throw new GraphQLError(`Enum "${this.name}" cannot represent non-enum value: ${valueStr}.` + this.#suggest(valueStr, hideSuggestions), { nodes: node });
    }
    const enumValue = this.getValue(node.value);
    if (enumValue === undefined) {
      throw new GraphQLError(`Value "${valueStr}" does not exist in "${this.name}" enum.` + this.#suggest(valueStr, hideSuggestions), { nodes: node });
    }
    return enumValue.value;
  }
  valueToLiteral(value: unknown): ConstValueNode | undefined {
    if (typeof value === 'string' && this.getValue(value)) return { kind: 'EnumValue', value } as ConstValueNode;
    return undefined;
  }
  #suggest(input: string, hide: boolean): string {
    return hide ? '' : didYouMean('the enum value', suggestionList(input, this.getValues().map((v) => v.name)));
  }
}

// ---------------------------------------------------------------- input object

export interface InputObjectConfig {
  name: string;
  description?: string | undefined;
  fields: Thunk<Record<string, InputFieldConfig>>;
  isOneOf?: boolean | undefined;
  extensions?: Extensions | undefined;
  astNode?: InputObjectTypeDefinitionNode | undefined;
  extensionASTNodes?: readonly TypeExtensionNode[] | undefined;
}

export class GraphQLInputObjectType extends NamedTypeBase<InputObjectTypeDefinitionNode> {
  readonly kind = 'INPUT_OBJECT' as const;
  readonly isOneOf: boolean;
  #fieldsThunk: Thunk<Record<string, InputFieldConfig>> | undefined;
  #fieldMap: InputFieldMap | undefined;
  constructor(config: InputObjectConfig) {
    super(config);
    this.isOneOf = config.isOneOf ?? false;
    this.#fieldsThunk = config.fields;
  }
  getFields(): InputFieldMap {
    if (this.#fieldMap === undefined) {
      const out: Record<string, GraphQLArgument> = Object.create(null);
      for (const [name, c] of Object.entries(resolveThunk(this.#fieldsThunk ?? {}))) {
        out[name] = new GraphQLArgument(`${this.name}.${name}`, name, c);
      }
      this.#fieldMap = out;
      this.#fieldsThunk = undefined;
    }
    return this.#fieldMap;
  }
}

// ---------------------------------------------------------------- wrappers

export class GraphQLList<T extends GraphQLType = GraphQLType> {
  readonly kind = 'LIST' as const;
  readonly ofType: T;
  constructor(ofType: T) { this.ofType = ofType; }
  toString(): string { return `[${String(this.ofType)}]`; }
  toJSON(): string { return this.toString(); }
}

export class GraphQLNonNull<T extends GraphQLNullableType = GraphQLNullableType> {
  readonly kind = 'NON_NULL' as const;
  readonly ofType: T;
  constructor(ofType: T) {
    if (ofType instanceof GraphQLNonNull) throw new Error(`Expected ${inspect(ofType)} to be a GraphQL nullable type.`);
    this.ofType = ofType;
  }
  toString(): string { return `${String(this.ofType)}!`; }
  toJSON(): string { return this.toString(); }
}

// ---------------------------------------------------------------- unions of types and predicates

export type GraphQLNamedType =
  | GraphQLScalarType | GraphQLObjectType | GraphQLInterfaceType | GraphQLUnionType | GraphQLEnumType | GraphQLInputObjectType;
export type GraphQLType = GraphQLNamedType | GraphQLList<GraphQLType> | GraphQLNonNull<GraphQLNullableType>;
export type GraphQLNullableType = GraphQLNamedType | GraphQLList<GraphQLType>;
export type GraphQLInputType = GraphQLType;
export type GraphQLOutputType = GraphQLType;
export type GraphQLLeafType = GraphQLScalarType | GraphQLEnumType;
export type GraphQLCompositeType = GraphQLObjectType | GraphQLInterfaceType | GraphQLUnionType;
export type GraphQLAbstractType = GraphQLInterfaceType | GraphQLUnionType;
export type GraphQLWrappingType = GraphQLList<GraphQLType> | GraphQLNonNull<GraphQLNullableType>;

type Maybe = GraphQLType | null | undefined;
export const isScalarType = (t: unknown): t is GraphQLScalarType => t instanceof GraphQLScalarType;
export const isObjectType = (t: unknown): t is GraphQLObjectType => t instanceof GraphQLObjectType;
export const isInterfaceType = (t: unknown): t is GraphQLInterfaceType => t instanceof GraphQLInterfaceType;
export const isUnionType = (t: unknown): t is GraphQLUnionType => t instanceof GraphQLUnionType;
export const isEnumType = (t: unknown): t is GraphQLEnumType => t instanceof GraphQLEnumType;
export const isInputObjectType = (t: unknown): t is GraphQLInputObjectType => t instanceof GraphQLInputObjectType;
export const isListType = (t: unknown): t is GraphQLList<GraphQLType> => t instanceof GraphQLList;
export const isNonNullType = (t: unknown): t is GraphQLNonNull<GraphQLNullableType> => t instanceof GraphQLNonNull;
export const isWrappingType = (t: unknown): t is GraphQLWrappingType => isListType(t) || isNonNullType(t);
export const isNamedType = (t: unknown): t is GraphQLNamedType =>
  isScalarType(t) || isObjectType(t) || isInterfaceType(t) || isUnionType(t) || isEnumType(t) || isInputObjectType(t);
export const isType = (t: unknown): t is GraphQLType => isNamedType(t) || isWrappingType(t);
export const isLeafType = (t: unknown): t is GraphQLLeafType => isScalarType(t) || isEnumType(t);
export const isCompositeType = (t: unknown): t is GraphQLCompositeType => isObjectType(t) || isInterfaceType(t) || isUnionType(t);
export const isAbstractType = (t: unknown): t is GraphQLAbstractType => isInterfaceType(t) || isUnionType(t);

export function getNamedType(type: GraphQLType): GraphQLNamedType;
export function getNamedType(type: Maybe): GraphQLNamedType | undefined;
export function getNamedType(type: Maybe): GraphQLNamedType | undefined {
  let t = type ?? undefined;
  while (t instanceof GraphQLList || t instanceof GraphQLNonNull) t = t.ofType;
  return t;
}
export function getNullableType(type: GraphQLType): GraphQLNullableType;
export function getNullableType(type: Maybe): GraphQLNullableType | undefined;
export function getNullableType(type: Maybe): GraphQLNullableType | undefined {
  if (type == null) return undefined;
  return type instanceof GraphQLNonNull ? type.ofType : type;
}
export function isInputType(type: Maybe): type is GraphQLInputType {
  const named = getNamedType(type);
  return isScalarType(named) || isEnumType(named) || isInputObjectType(named);
}
export function isOutputType(type: Maybe): type is GraphQLOutputType {
  const named = getNamedType(type);
  return named !== undefined && !isInputObjectType(named);
}
export function isNullableType(type: Maybe): boolean {
  return type != null && !isNonNullType(type);
}
export function isRequiredArgument(arg: GraphQLArgument): boolean {
  return isNonNullType(arg.type) && arg.default === undefined;
}
export const isRequiredInputField = isRequiredArgument;
