// The introspection types (__Schema, __Type, __Field, __InputValue, __EnumValue, __Directive,
// __TypeKind, __DirectiveLocation), the meta fields (__schema, __type, __typename), and a pure
// resolver that answers an introspection selection against a Schema. Never touches storage.

import type { FieldNode, FragmentDefinitionNode, SelectionSetNode } from '../ast.ts';
import { DirectiveLocation } from '../directiveLocation.ts';
import { print } from '../printer.ts';
import {
  GraphQLEnumType, GraphQLField, GraphQLList, GraphQLNonNull, GraphQLObjectType, isAbstractType, isEnumType,
  isInputObjectType, isInterfaceType, isListType, isNonNullType, isObjectType, isScalarType,
  type FieldConfig, type GraphQLArgument, type GraphQLNamedType, type GraphQLType,
} from './definition.ts';
import type { GraphQLDirective } from './directives.ts';
import { GraphQLBoolean, GraphQLString } from './scalars.ts';
import type { GraphQLSchema } from './schema.ts';
import { collectFields } from './collectFields.ts';
import { getArgumentValues, getDefaultValueAST } from './values.ts';

const nn = <T extends GraphQLType>(t: T) => new GraphQLNonNull(t as never);
const list = <T extends GraphQLType>(t: T) => new GraphQLList(t);
const includeDeprecated = { includeDeprecated: { type: nn(GraphQLBoolean), default: { value: false } } };

export const TypeKind = {
  SCALAR: 'SCALAR', OBJECT: 'OBJECT', INTERFACE: 'INTERFACE', UNION: 'UNION', ENUM: 'ENUM',
  INPUT_OBJECT: 'INPUT_OBJECT', LIST: 'LIST', NON_NULL: 'NON_NULL',
} as const;

export const __Schema: GraphQLObjectType = new GraphQLObjectType({
  name: '__Schema',
  description: 'A GraphQL Schema defines the capabilities of a GraphQL server. It exposes all available types and directives on the server, as well as the entry points for query, mutation, and subscription operations.',
  fields: () => ({
    description: { type: GraphQLString },
    types: { description: 'A list of all types supported by this server.', type: nn(list(nn(__Type))) },
    queryType: { description: 'The type that query operations will be rooted at.', type: nn(__Type) },
    mutationType: { description: 'If this server supports mutation, the type that mutation operations will be rooted at.', type: __Type },
    subscriptionType: { description: 'If this server support subscription, the type that subscription operations will be rooted at.', type: __Type },
    directives: { description: 'A list of all directives supported by this server.', type: nn(list(nn(__Directive))), args: includeDeprecated },
  }),
});

export const __Directive: GraphQLObjectType = new GraphQLObjectType({
  name: '__Directive',
  description: "A Directive provides a way to describe alternate runtime execution and type validation behavior in a GraphQL document.\n\nIn some cases, you need to provide options to alter GraphQL's execution behavior in ways field arguments will not suffice, such as conditionally including or skipping a field. Directives provide this by describing additional information to the executor.",
  fields: () => ({
    name: { type: nn(GraphQLString) },
    description: { type: GraphQLString },
    isRepeatable: { type: nn(GraphQLBoolean) },
    locations: { type: nn(list(nn(__DirectiveLocation))) },
    args: { type: nn(list(nn(__InputValue))), args: includeDeprecated },
    isDeprecated: { type: nn(GraphQLBoolean) },
    deprecationReason: { type: GraphQLString },
  }),
});

const locationDescriptions: Record<DirectiveLocation, string> = {
  QUERY: 'Location adjacent to a query operation.',
  MUTATION: 'Location adjacent to a mutation operation.',
  SUBSCRIPTION: 'Location adjacent to a subscription operation.',
  FIELD: 'Location adjacent to a field.',
  FRAGMENT_DEFINITION: 'Location adjacent to a fragment definition.',
  FRAGMENT_SPREAD: 'Location adjacent to a fragment spread.',
  INLINE_FRAGMENT: 'Location adjacent to an inline fragment.',
  VARIABLE_DEFINITION: 'Location adjacent to an operation variable definition.',
  FRAGMENT_VARIABLE_DEFINITION: 'Location adjacent to a fragment variable definition.',
  SCHEMA: 'Location adjacent to a schema definition.',
  SCALAR: 'Location adjacent to a scalar definition.',
  OBJECT: 'Location adjacent to an object type definition.',
  FIELD_DEFINITION: 'Location adjacent to a field definition.',
  ARGUMENT_DEFINITION: 'Location adjacent to an argument definition.',
  INTERFACE: 'Location adjacent to an interface definition.',
  UNION: 'Location adjacent to a union definition.',
  ENUM: 'Location adjacent to an enum definition.',
  ENUM_VALUE: 'Location adjacent to an enum value definition.',
  INPUT_OBJECT: 'Location adjacent to an input object type definition.',
  INPUT_FIELD_DEFINITION: 'Location adjacent to an input object field definition.',
  DIRECTIVE_DEFINITION: 'Location adjacent to a directive definition.',
};

export const __DirectiveLocation: GraphQLEnumType = new GraphQLEnumType({
  name: '__DirectiveLocation',
  description: 'A Directive can be adjacent to many parts of the GraphQL language, a __DirectiveLocation describes one such possible adjacencies.',
  values: Object.fromEntries(Object.values(DirectiveLocation).map((l) => [l, { value: l, description: locationDescriptions[l] }])),
});

export const __Type: GraphQLObjectType = new GraphQLObjectType({
  name: '__Type',
  description: 'The fundamental unit of any GraphQL Schema is the type. There are many kinds of types in GraphQL as represented by the `__TypeKind` enum.\n\nDepending on the kind of a type, certain fields describe information about that type. Scalar types provide no information beyond a name, description and optional `specifiedByURL`, while Enum types provide their values. Object and Interface types provide the fields they describe. Abstract types, Union and Interface, provide the Object types possible at runtime. List and NonNull types compose other types.',
  fields: () => ({
    kind: { type: nn(__TypeKind) },
    name: { type: GraphQLString },
    description: { type: GraphQLString },
    specifiedByURL: { type: GraphQLString },
    fields: { type: list(nn(__Field)), args: includeDeprecated },
    interfaces: { type: list(nn(__Type)) },
    possibleTypes: { type: list(nn(__Type)) },
    enumValues: { type: list(nn(__EnumValue)), args: includeDeprecated },
    inputFields: { type: list(nn(__InputValue)), args: includeDeprecated },
    ofType: { type: __Type },
    isOneOf: { type: GraphQLBoolean },
  }),
});

export const __Field: GraphQLObjectType = new GraphQLObjectType({
  name: '__Field',
  description: 'Object and Interface types are described by a list of Fields, each of which has a name, potentially a list of arguments, and a return type.',
  fields: () => ({
    name: { type: nn(GraphQLString) },
    description: { type: GraphQLString },
    args: { type: nn(list(nn(__InputValue))), args: includeDeprecated },
    type: { type: nn(__Type) },
    isDeprecated: { type: nn(GraphQLBoolean) },
    deprecationReason: { type: GraphQLString },
  }),
});

export const __InputValue: GraphQLObjectType = new GraphQLObjectType({
  name: '__InputValue',
  description: 'Arguments provided to Fields or Directives and the input fields of an InputObject are represented as Input Values which describe their type and optionally a default value.',
  fields: () => ({
    name: { type: nn(GraphQLString) },
    description: { type: GraphQLString },
    type: { type: nn(__Type) },
    defaultValue: { type: GraphQLString, description: 'A GraphQL-formatted string representing the default value for this input value.' },
    isDeprecated: { type: nn(GraphQLBoolean) },
    deprecationReason: { type: GraphQLString },
  }),
});

export const __EnumValue: GraphQLObjectType = new GraphQLObjectType({
  name: '__EnumValue',
  description: 'One possible value for a given Enum. Enum values are unique values, not a placeholder for a string or numeric value. However an Enum value is returned in a JSON response as a string.',
  fields: () => ({
    name: { type: nn(GraphQLString) },
    description: { type: GraphQLString },
    isDeprecated: { type: nn(GraphQLBoolean) },
    deprecationReason: { type: GraphQLString },
  }),
});

export const __TypeKind: GraphQLEnumType = new GraphQLEnumType({
  name: '__TypeKind',
  description: 'An enum describing what kind of type a given `__Type` is.',
  values: {
    SCALAR: { value: 'SCALAR', description: 'Indicates this type is a scalar.' },
    OBJECT: { value: 'OBJECT', description: 'Indicates this type is an object. `fields` and `interfaces` are valid fields.' },
    INTERFACE: { value: 'INTERFACE', description: 'Indicates this type is an interface. `fields`, `interfaces`, and `possibleTypes` are valid fields.' },
    UNION: { value: 'UNION', description: 'Indicates this type is a union. `possibleTypes` is a valid field.' },
    ENUM: { value: 'ENUM', description: 'Indicates this type is an enum. `enumValues` is a valid field.' },
    INPUT_OBJECT: { value: 'INPUT_OBJECT', description: 'Indicates this type is an input object. `inputFields` is a valid field.' },
    LIST: { value: 'LIST', description: 'Indicates this type is a list. `ofType` is a valid field.' },
    NON_NULL: { value: 'NON_NULL', description: 'Indicates this type is a non-null. `ofType` is a valid field.' },
  },
});

const metaField = (name: string, config: FieldConfig): GraphQLField => new GraphQLField('<meta>', name, config);
export const SchemaMetaFieldDef = metaField('__schema', { type: nn(__Schema), description: 'Access the current type schema of this server.' });
export const TypeMetaFieldDef = metaField('__type', {
  type: __Type, description: 'Request the type information of a single type.', args: { name: { type: nn(GraphQLString) } },
});
export const TypeNameMetaFieldDef = metaField('__typename', { type: nn(GraphQLString), description: 'The name of the current Object type at runtime.' });

export const introspectionTypes: readonly GraphQLNamedType[] = [
  __Schema, __Directive, __DirectiveLocation, __Type, __Field, __InputValue, __EnumValue, __TypeKind,
];

export function isIntrospectionType(type: GraphQLNamedType): boolean {
  return introspectionTypes.some(({ name }) => type.name === name);
}

// ---------------------------------------------------------------- the pure resolver

type Args = Record<string, unknown>;
const withDeprecated = <T extends { deprecationReason: string | undefined }>(items: readonly T[], args: Args): readonly T[] =>
  args['includeDeprecated'] === true ? items : items.filter((i) => i.deprecationReason == null);

/**
 * The value of one introspection field on its source object (the introspection types' resolvers).
 * Field names mean the same on every introspection type that has them, so one switch serves all:
 * computed fields first, then the source's own property of that name (null when it has none).
 */
function resolveMeta(schema: GraphQLSchema, field: string, source: unknown, args: Args): unknown {
  const s = source as Record<string, unknown>;
  const t = source as GraphQLType;
  switch (field) {
    case 'types': return Object.values(schema.getTypeMap());
    case 'queryType': return schema.getQueryType();
    case 'mutationType': return schema.getMutationType();
    case 'subscriptionType': return schema.getSubscriptionType();
    case 'directives': return withDeprecated(schema.getDirectives(), args);
    case 'args': return withDeprecated((source as GraphQLField).args, args);
    case 'isDeprecated': return s['deprecationReason'] != null;
    case 'fields': return isObjectType(t) || isInterfaceType(t) ? withDeprecated(Object.values(t.getFields()), args) : null;
    case 'interfaces': return isObjectType(t) || isInterfaceType(t) ? t.getInterfaces() : null;
    case 'possibleTypes': return isAbstractType(t) ? schema.getPossibleTypes(t) : null;
    case 'enumValues': return isEnumType(t) ? withDeprecated(t.getValues(), args) : null;
    case 'inputFields': return isInputObjectType(t) ? withDeprecated(Object.values(t.getFields()), args) : null;
    case 'defaultValue': {
      const ast = getDefaultValueAST(source as GraphQLArgument);
      return ast ? print(ast) : null;
    }
  }
  return s[field] ?? null;
}

/** Where the introspection resolver reads fragments and variables from. */
export interface IntrospectionContext {
  readonly schema: GraphQLSchema;
  readonly fragments: Readonly<Record<string, FragmentDefinitionNode>>;
  readonly variableValues: Readonly<Record<string, unknown>>;
}

/**
 * Resolves a `__schema` or `__type(name:)` field node (already validated) against the schema:
 * the JSON value of that field, aliases, fragments, `@skip`/`@include` and `__typename` applied.
 */
export function resolveIntrospectionField(ctx: IntrospectionContext, fieldNode: FieldNode): unknown {
  if (fieldNode.name.value === '__schema') return completeValue(ctx, SchemaMetaFieldDef.type, ctx.schema, [fieldNode]);
  if (fieldNode.name.value === '__type') {
    const args = getArgumentValues(TypeMetaFieldDef, fieldNode, ctx.variableValues);
    return completeValue(ctx, __Type, ctx.schema.getType(args['name'] as string) ?? null, [fieldNode]);
  }
  throw new Error(`Not an introspection field: ${fieldNode.name.value}`);
}

function completeValue(ctx: IntrospectionContext, type: GraphQLType, value: unknown, fieldNodes: readonly FieldNode[]): unknown {
  if (isNonNullType(type)) return completeValue(ctx, type.ofType, value, fieldNodes);
  if (value == null) return null;
  if (isListType(type)) return (value as readonly unknown[]).map((item) => completeValue(ctx, type.ofType, item, fieldNodes));
  if (isScalarType(type) || isEnumType(type)) return type.serialize(value);
  const objectType = type as GraphQLObjectType;
  const grouped = new Map<string, FieldNode[]>();
  const collect = { fragments: ctx.fragments, variableValues: ctx.variableValues, applies: (condition: string) => condition === objectType.name };
  for (const node of fieldNodes) if (node.selectionSet) collectFields(collect, node.selectionSet, grouped, new Set());
  const result: Record<string, unknown> = {};
  for (const [responseName, nodes] of grouped) {
    const name = nodes[0]!.name.value;
    if (name === '__typename') { result[responseName] = objectType.name; continue; }
    const fieldDef = objectType.getFields()[name];
    if (fieldDef === undefined) continue;
    const args = getArgumentValues(fieldDef, nodes[0]!, ctx.variableValues);
    result[responseName] = completeValue(ctx, fieldDef.type, resolveMeta(ctx.schema, name, value, args), nodes);
  }
  return result;
}


