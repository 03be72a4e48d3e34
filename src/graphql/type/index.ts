// Public API of Quire's GraphQL type system (`quire/graphql` re-exports it): the schema model,
// built-in scalars and directives, SDL → schema, schema printing, introspection, input values.
// Exports only; no logic here.

export {
  GraphQLScalarType, GraphQLObjectType, GraphQLInterfaceType, GraphQLUnionType, GraphQLEnumType, GraphQLInputObjectType,
  GraphQLList, GraphQLNonNull, GraphQLField, GraphQLArgument,
  isScalarType, isObjectType, isInterfaceType, isUnionType, isEnumType, isInputObjectType, isListType, isNonNullType,
  isWrappingType, isNamedType, isType, isLeafType, isCompositeType, isAbstractType, isInputType, isOutputType,
  isNullableType, isRequiredArgument, isRequiredInputField, getNamedType, getNullableType, valueFromASTUntyped,
  type Thunk, type Extensions, type DefaultValue, type ScalarConfig, type ArgumentConfig, type InputFieldConfig,
  type FieldConfig, type ObjectConfig, type UnionConfig, type EnumConfig, type EnumValueConfig, type InputObjectConfig,
  type GraphQLEnumValue, type GraphQLInputField, type FieldMap, type InputFieldMap, type GraphQLNamedType, type GraphQLType,
  type GraphQLNullableType, type GraphQLInputType, type GraphQLOutputType, type GraphQLLeafType, type GraphQLCompositeType,
  type GraphQLAbstractType, type GraphQLWrappingType,
} from './definition.ts';
export {
  GraphQLInt, GraphQLFloat, GraphQLString, GraphQLBoolean, GraphQLID, GRAPHQL_MAX_INT, GRAPHQL_MIN_INT,
  specifiedScalarTypes, isSpecifiedScalarType,
} from './scalars.ts';
export {
  GraphQLDirective, GraphQLIncludeDirective, GraphQLSkipDirective, GraphQLDeprecatedDirective, GraphQLSpecifiedByDirective,
  GraphQLOneOfDirective, GraphQLDeferDirective, GraphQLStreamDirective, DEFAULT_DEPRECATION_REASON, specifiedDirectives,
  isDirective, isSpecifiedDirective, type DirectiveConfig,
} from './directives.ts';
export { GraphQLSchema, type SchemaConfig, type Implementations } from './schema.ts';
export { validateSchema, assertValidSchema } from './validateSchema.ts';
export {
  __Schema, __Type, __Field, __InputValue, __EnumValue, __Directive, __TypeKind, __DirectiveLocation, TypeKind,
  SchemaMetaFieldDef, TypeMetaFieldDef, TypeNameMetaFieldDef, introspectionTypes, isIntrospectionType,
  resolveIntrospectionField, type IntrospectionContext,
} from './introspection.ts';
export { buildASTSchema, buildSchema, type BuildSchemaOptions } from './buildASTSchema.ts';
export { printSchema, printIntrospectionSchema, printType, printDirective } from './printSchema.ts';
export {
  coerceInputValue, coerceDefaultValue, getDefaultValueAST, getVariableValues, valueFromAST, validateInputLiteral,
  getArgumentValues, getDirectiveValues, shouldIncludeNode, astFromValue, typeFromAST, printPathArray,
  type Path, type InputErrorHandler, type VariableValuesResult,
} from './values.ts';
export { collectFields, type CollectContext } from './collectFields.ts';
export { isEqualType, isTypeSubTypeOf, doTypesOverlap } from './comparators.ts';
export { inspect, didYouMean, suggestionList } from './util.ts';
