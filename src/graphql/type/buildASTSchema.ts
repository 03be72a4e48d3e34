// SDL → Schema: buildASTSchema(document) and buildSchema(sdl), with type extensions merged,
// descriptions, @deprecated, @specifiedBy, @oneOf and literal defaults, as graphql-js 17 builds them.
// Builds the model only; SDL errors come from validation/validateSDL, schema errors from validateSchema.

import {
  namedTypeLocation, type ConstDirectiveNode, type DirectiveDefinitionNode, type DocumentNode, type EnumValueDefinitionNode,
  type FieldDefinitionNode, type InputValueDefinitionNode, type NamedTypeNode, type SchemaDefinitionNode,
  type SchemaExtensionNode, type TypeDefinitionNode, type TypeExtensionNode, type TypeNode,
} from '../ast.ts';
import type { DirectiveLocation } from '../directiveLocation.ts';
import { parse } from '../parser.ts';
import { validateSDL } from '../validation/validateSDL.ts';
import {
  GraphQLEnumType, GraphQLInputObjectType, GraphQLInterfaceType, GraphQLList, GraphQLNonNull, GraphQLObjectType,
  GraphQLScalarType, GraphQLUnionType,
  type ArgumentConfig, type EnumValueConfig, type FieldConfig, type GraphQLNamedType, type GraphQLType, type ScalarConfig,
} from './definition.ts';
import {
  GraphQLDeprecatedDirective, GraphQLDirective, GraphQLOneOfDirective, GraphQLSpecifiedByDirective, specifiedDirectives,
} from './directives.ts';
import { introspectionTypes } from './introspection.ts';
import { specifiedScalarTypes } from './scalars.ts';
import { GraphQLSchema } from './schema.ts';
import { getDirectiveValues } from './values.ts';

export interface BuildSchemaOptions {
  /** Skip SDL validation (the document is known to be valid). */
  assumeValidSDL?: boolean | undefined;
  /** Skip SDL validation and mark the schema valid (no assertValidSchema later). */
  assumeValid?: boolean | undefined;
  /** Coercion functions of the SDL's custom scalars, by name (default: identity coercion). */
  scalars?: Readonly<Record<string, Pick<ScalarConfig, 'serialize' | 'parseValue' | 'parseLiteral' | 'valueToLiteral'>>> | undefined;
}

const standardTypes = new Map<string, GraphQLNamedType>([...specifiedScalarTypes, ...introspectionTypes].map((t) => [t.name, t]));

type FieldsNode = { readonly fields?: ReadonlyArray<FieldDefinitionNode> | undefined; readonly interfaces?: ReadonlyArray<NamedTypeNode> | undefined };

/** Builds a Schema from a type-system document (throws the SDL errors joined when it is invalid). */
export function buildASTSchema(documentAST: DocumentNode, options?: BuildSchemaOptions): GraphQLSchema {
  if (options?.assumeValid !== true && options?.assumeValidSDL !== true) {
    const errors = validateSDL(documentAST);
    if (errors.length !== 0) throw new Error(errors.map((e) => e.message).join('\n\n'));
  }
  const typeDefs: TypeDefinitionNode[] = [];
  const extensions = new Map<string, TypeExtensionNode[]>();
  const directiveDefs: DirectiveDefinitionNode[] = [];
  let schemaDef: SchemaDefinitionNode | undefined;
  const schemaExtensions: SchemaExtensionNode[] = [];
  for (const def of documentAST.definitions) {
    switch (def.kind) {
      case 'SchemaDefinition': schemaDef = def; break;
      case 'SchemaExtension': schemaExtensions.push(def); break;
      case 'DirectiveDefinition': directiveDefs.push(def); break;
      default:
        if (!namedTypeLocation(def.kind)) break;
        if (def.kind.endsWith('Definition')) typeDefs.push(def as TypeDefinitionNode);
        else {
          const ext = def as TypeExtensionNode;
          const list = extensions.get(ext.name.value);
          if (list) list.push(ext);
          else extensions.set(ext.name.value, [ext]);
        }
    }
  }

  const typeMap = new Map<string, GraphQLNamedType>();
  const getNamed = (node: NamedTypeNode): GraphQLNamedType => {
    const name = node.name.value;
    const type = standardTypes.get(name) ?? typeMap.get(name);
    if (type === undefined) throw new Error(`Unknown type: "${name}".`);
    return type;
  };
  const getWrapped = (node: TypeNode): GraphQLType => {
    if (node.kind === 'ListType') return new GraphQLList(getWrapped(node.type));
    if (node.kind === 'NonNullType') return new GraphQLNonNull(getWrapped(node.type) as never);
    return getNamed(node);
  };
  const buildArgs = (nodes: ReadonlyArray<InputValueDefinitionNode> | undefined): Record<string, ArgumentConfig> => {
    const out: Record<string, ArgumentConfig> = Object.create(null);
    for (const arg of nodes ?? []) {
      out[arg.name.value] = {
        type: getWrapped(arg.type),
        description: arg.description?.value,
        default: arg.defaultValue && { literal: arg.defaultValue },
        deprecationReason: deprecationReason(arg),
        astNode: arg,
      };
    }
    return out;
  };
  const buildFields = (nodes: readonly FieldsNode[]): Record<string, FieldConfig> => {
    const out: Record<string, FieldConfig> = Object.create(null);
    for (const node of nodes) {
      for (const field of node.fields ?? []) {
        out[field.name.value] = {
          type: getWrapped(field.type), description: field.description?.value, args: buildArgs(field.arguments),
          deprecationReason: deprecationReason(field), astNode: field,
        };
      }
    }
    return out;
  };
  const buildInterfaces = (nodes: readonly FieldsNode[]): GraphQLInterfaceType[] =>
    nodes.flatMap((n) => (n.interfaces ?? []).map((i) => getNamed(i) as GraphQLInterfaceType));

  for (const def of typeDefs) {
    const name = def.name.value;
    const standard = standardTypes.get(name);
    if (standard) { typeMap.set(name, standard); continue; }
    const exts = extensions.get(name) ?? [];
    const all = [def, ...exts];
    const description = def.description?.value;
    let type: GraphQLNamedType;
    switch (def.kind) {
      case 'ScalarTypeDefinition':
        type = new GraphQLScalarType({
          ...options?.scalars?.[name],
          name, description, astNode: def, extensionASTNodes: exts,
          specifiedByURL: all.map((n) => getDirectiveValues(GraphQLSpecifiedByDirective, n)?.['url'] as string | undefined).find((u) => u != null),
        });
        break;
      case 'ObjectTypeDefinition':
      case 'InterfaceTypeDefinition':
        type = new (def.kind === 'ObjectTypeDefinition' ? GraphQLObjectType : GraphQLInterfaceType)({
          name, description, astNode: def, extensionASTNodes: exts,
          fields: () => buildFields(all as FieldsNode[]), interfaces: () => buildInterfaces(all as FieldsNode[]),
        });
        break;
      case 'UnionTypeDefinition':
        type = new GraphQLUnionType({
          name, description, astNode: def, extensionASTNodes: exts,
          types: () => all.flatMap((n) => ((n as { types?: readonly NamedTypeNode[] }).types ?? []).map((t) => getNamed(t) as GraphQLObjectType)),
        });
        break;
      case 'EnumTypeDefinition':
        type = new GraphQLEnumType({
          name, description, astNode: def, extensionASTNodes: exts,
          values: () => {
            const values: Record<string, EnumValueConfig> = Object.create(null);
            for (const n of all) {
              for (const v of ((n as { values?: readonly EnumValueDefinitionNode[] }).values ?? [])) {
                values[v.name.value] = { description: v.description?.value, deprecationReason: deprecationReason(v), astNode: v };
              }
            }
            return values;
          },
        });
        break;
      case 'InputObjectTypeDefinition':
        type = new GraphQLInputObjectType({
          name, description, astNode: def, extensionASTNodes: exts,
          isOneOf: all.some((n) => hasDirective(n.directives, GraphQLOneOfDirective.name)),
          fields: () => {
            const out: Record<string, ArgumentConfig> = Object.create(null);
            for (const n of all) Object.assign(out, buildArgs((n as { fields?: readonly InputValueDefinitionNode[] }).fields));
            return out;
          },
        });
        break;
    }
    typeMap.set(name, type);
  }

  const operationTypes: { query?: GraphQLObjectType; mutation?: GraphQLObjectType; subscription?: GraphQLObjectType } = {};
  for (const node of [...(schemaDef ? [schemaDef] : []), ...schemaExtensions]) {
    for (const op of node.operationTypes ?? []) operationTypes[op.operation] = getNamed(op.type) as GraphQLObjectType;
  }
  if (!schemaDef) {
    const pick = (name: string): GraphQLObjectType | undefined => {
      const t = typeMap.get(name);
      return t instanceof GraphQLObjectType ? t : undefined;
    };
    operationTypes.query ??= pick('Query');
    operationTypes.mutation ??= pick('Mutation');
    operationTypes.subscription ??= pick('Subscription');
  }

  const directives = directiveDefs.map((d) => new GraphQLDirective({
    name: d.name.value, description: d.description?.value, locations: d.locations.map((l) => l.value as DirectiveLocation),
    isRepeatable: d.repeatable, args: buildArgs(d.arguments), deprecationReason: deprecationReason(d), astNode: d,
  }));
  for (const std of specifiedDirectives) if (directives.every((d) => d.name !== std.name)) directives.push(std);

  return new GraphQLSchema({
    description: schemaDef?.description?.value,
    ...operationTypes,
    types: [...typeMap.values()],
    directives,
    astNode: schemaDef,
    extensionASTNodes: schemaExtensions,
    assumeValid: options?.assumeValid ?? false,
  });
}

/** Parses and builds SDL text. */
export function buildSchema(source: string, options?: BuildSchemaOptions): GraphQLSchema {
  return buildASTSchema(parse(source, { maxTokens: Infinity }), options);
}

const hasDirective = (directives: ReadonlyArray<ConstDirectiveNode> | undefined, name: string): boolean =>
  directives?.some((d) => d.name.value === name) ?? false;

function deprecationReason(node: { readonly directives?: ReadonlyArray<ConstDirectiveNode> | undefined }): string | undefined {
  return getDirectiveValues(GraphQLDeprecatedDirective, node)?.['reason'] as string | undefined;
}
