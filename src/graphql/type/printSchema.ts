// SDL printing of a Schema, byte-for-byte as graphql-js 17's printSchema / printType /
// printDirective / printIntrospectionSchema. Reads the model only; never builds or validates.

import { isPrintableAsBlockString } from '../blockString.ts';
import { print } from '../printer.ts';
import {
  isEnumType, isInputObjectType, isInterfaceType, isObjectType, isScalarType, isUnionType,
  type GraphQLArgument, type GraphQLEnumType, type GraphQLInputObjectType, type GraphQLInterfaceType,
  type GraphQLNamedType, type GraphQLObjectType, type GraphQLScalarType, type GraphQLUnionType,
} from './definition.ts';
import { DEFAULT_DEPRECATION_REASON, isSpecifiedDirective, type GraphQLDirective } from './directives.ts';
import { isIntrospectionType } from './introspection.ts';
import { isSpecifiedScalarType } from './scalars.ts';
import type { GraphQLSchema } from './schema.ts';
import { getDefaultValueAST } from './values.ts';

export function printSchema(schema: GraphQLSchema): string {
  return printFilteredSchema(schema, (d) => !isSpecifiedDirective(d), (t) => !isSpecifiedScalarType(t) && !isIntrospectionType(t));
}

export function printIntrospectionSchema(schema: GraphQLSchema): string {
  return printFilteredSchema(schema, isSpecifiedDirective, isIntrospectionType);
}

function printFilteredSchema(
  schema: GraphQLSchema, directiveFilter: (d: GraphQLDirective) => boolean, typeFilter: (t: GraphQLNamedType) => boolean,
): string {
  const parts: string[] = [];
  const def = printSchemaDefinition(schema);
  if (def) parts.push(def);
  for (const d of schema.getDirectives()) if (directiveFilter(d)) parts.push(printDirective(d));
  for (const t of Object.values(schema.getTypeMap())) if (typeFilter(t)) parts.push(printType(t));
  return parts.join('\n\n');
}

function printSchemaDefinition(schema: GraphQLSchema): string | undefined {
  const query = schema.getQueryType();
  const mutation = schema.getMutationType();
  const subscription = schema.getSubscriptionType();
  if (!query && !mutation && !subscription) return undefined;
  const isDefault = query == schema.getType('Query') && mutation == schema.getType('Mutation') && subscription == schema.getType('Subscription');
  if (schema.description != null || !isDefault) {
    return printDescription(schema.description) + 'schema {\n'
      + (query ? `  query: ${query.name}\n` : '')
      + (mutation ? `  mutation: ${mutation.name}\n` : '')
      + (subscription ? `  subscription: ${subscription.name}\n` : '') + '}';
  }
  return undefined;
}

export function printType(type: GraphQLNamedType): string {
  if (isScalarType(type)) return printScalar(type);
  if (isObjectType(type)) return printFieldsType('type', type);
  if (isInterfaceType(type)) return printFieldsType('interface', type);
  if (isUnionType(type)) return printUnion(type);
  if (isEnumType(type)) return printEnum(type);
  return printInputObject(type as GraphQLInputObjectType);
}

function printScalar(type: GraphQLScalarType): string {
  const specifiedBy = type.specifiedByURL == null ? '' : ` @specifiedBy(url: ${printString(type.specifiedByURL)})`;
  return printDescription(type.description) + `scalar ${type.name}` + specifiedBy;
}

function printFieldsType(keyword: string, type: GraphQLObjectType | GraphQLInterfaceType): string {
  const interfaces = type.getInterfaces();
  const implementsPart = interfaces.length ? ' implements ' + interfaces.map((i) => i.name).join(' & ') : '';
  const fields = Object.values(type.getFields()).map((f, i) =>
    printDescription(f.description, '  ', !i) + '  ' + f.name + printArgs(f.args, '  ') + ': ' + String(f.type) + printDeprecated(f.deprecationReason));
  return printDescription(type.description) + `${keyword} ${type.name}` + implementsPart + printBlock(fields);
}

function printUnion(type: GraphQLUnionType): string {
  const types = type.getTypes();
  return printDescription(type.description) + `union ${type.name}` + (types.length ? ' = ' + types.map((t) => t.name).join(' | ') : '');
}

function printEnum(type: GraphQLEnumType): string {
  const values = type.getValues().map((v, i) => printDescription(v.description, '  ', !i) + '  ' + v.name + printDeprecated(v.deprecationReason));
  return printDescription(type.description) + `enum ${type.name}` + printBlock(values);
}

function printInputObject(type: GraphQLInputObjectType): string {
  const fields = Object.values(type.getFields()).map((f, i) => printDescription(f.description, '  ', !i) + '  ' + printInputValue(f));
  return printDescription(type.description) + `input ${type.name}` + (type.isOneOf ? ' @oneOf' : '') + printBlock(fields);
}

function printBlock(items: readonly string[]): string {
  return items.length !== 0 ? ' {\n' + items.join('\n') + '\n}' : '';
}

function printArgs(args: readonly GraphQLArgument[], indentation = ''): string {
  if (args.length === 0) return '';
  if (args.every((a) => a.description == null)) return '(' + args.map(printInputValue).join(', ') + ')';
  return '(\n' + args.map((a, i) => printDescription(a.description, '  ' + indentation, !i) + '  ' + indentation + printInputValue(a)).join('\n')
    + '\n' + indentation + ')';
}

function printInputValue(arg: GraphQLArgument): string {
  let decl = arg.name + ': ' + String(arg.type);
  const defaultAST = getDefaultValueAST(arg);
  if (defaultAST) decl += ` = ${print(defaultAST)}`;
  return decl + printDeprecated(arg.deprecationReason);
}

export function printDirective(directive: GraphQLDirective): string {
  return printDescription(directive.description) + `directive @${directive.name}` + printArgs(directive.args)
    + printDeprecated(directive.deprecationReason) + (directive.isRepeatable ? ' repeatable' : '') + ' on ' + directive.locations.join(' | ');
}

function printDeprecated(reason: string | undefined): string {
  if (reason == null) return '';
  return reason !== DEFAULT_DEPRECATION_REASON ? ` @deprecated(reason: ${printString(reason)})` : ' @deprecated';
}

const printString = (value: string): string => print({ kind: 'StringValue', value });

function printDescription(description: string | undefined, indentation = '', firstInBlock = true): string {
  if (description == null) return '';
  const block = print({ kind: 'StringValue', value: description, block: isPrintableAsBlockString(description) });
  const prefix = indentation && !firstInBlock ? '\n' + indentation : indentation;
  return prefix + block.replaceAll('\n', '\n' + indentation) + '\n';
}
