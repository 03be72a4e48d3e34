// One catalog's generated API, built once: the type model with field roles, its SDL, the
// graphql/ layer's Schema of that SDL (validation, coercion, introspection) with the DateTime
// scalar's coercion installed, and the catalog's row primitives. Never executes anything.
import type { Catalog } from '../catalog/model.ts';
import { Tables } from '../catalog/tables.ts';
import { parseDateTime } from '../catalog/values.ts';
import { GraphQLError } from '../graphql/error.ts';
import { buildSchema } from '../graphql/type/buildASTSchema.ts';
import type { GraphQLScalarType } from '../graphql/type/definition.ts';
import type { GraphQLSchema } from '../graphql/type/schema.ts';
import type { ValueNode } from '../graphql/ast.ts';
import { buildApiSchema, printApiSchema, type ApiSchema } from './schema.ts';

export interface Api {
  readonly catalog: Catalog;
  readonly schema: ApiSchema;
  readonly graphqlSchema: GraphQLSchema;
  readonly sdl: string;
  readonly tables: Tables;
}

export function buildApi(catalog: Catalog): Api {
  const schema = buildApiSchema(catalog);
  const sdl = printApiSchema(schema);
  const graphqlSchema = buildSchema(sdl, { assumeValidSDL: true });
  installDateTime(graphqlSchema.getType('DateTime') as GraphQLScalarType);
  return { catalog, schema, graphqlSchema, sdl, tables: new Tables(catalog) };
}

const describe = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : v === null ? 'null' : typeof v === 'object' ? (Array.isArray(v) ? 'a list' : 'an object') : String(v));

/**
 * DateTime: an ISO-8601 string in (validated here, so a bad literal fails validation and a bad
 * variable is BAD_USER_INPUT); the coerced value stays the string (the catalog stores it).
 */
function installDateTime(t: GraphQLScalarType): void {
  const parseValue = (v: unknown): unknown => {
    if (typeof v !== 'string' || parseDateTime(v) === undefined) {
      throw new GraphQLError(`DateTime cannot represent ${describe(v)}: expected an ISO-8601 date-time such as "2014-12-10T14:23:31.880Z".`);
    }
    return v;
  };
  const parseLiteral = (node: ValueNode): unknown => {
    if (node.kind !== 'StringValue') throw new GraphQLError(`DateTime cannot represent a non-string literal.`, { nodes: node });
    return parseValue(node.value);
  };
  // The built schema's custom scalar has identity coercion; give it DateTime's.
  Object.assign(t as object, { parseValue, parseLiteral });
}
