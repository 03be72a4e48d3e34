// The demo's read-only model of a GraphQL schema, built from the engine's introspection result:
// named types, fields, arguments, input fields, enum values. Pure data and lookups; it never
// queries the database, validates documents or touches the DOM.

/** The standard introspection query (descriptions, deprecations, args, input fields, enum values). */
export const INTROSPECTION_QUERY = `query IntrospectionQuery {
  __schema {
    queryType { name }
    mutationType { name }
    subscriptionType { name }
    types { ...FullType }
    directives { name description locations args { ...InputValue } }
  }
}
fragment FullType on __Type {
  kind name description
  fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
  inputFields { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef }
}
fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
fragment TypeRef on __Type {
  kind name
  ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } }
}`;

export interface TypeRef {
  kind: string;
  name: string | null;
  ofType: TypeRef | null;
}

export interface InputValue {
  name: string;
  description: string | null;
  type: TypeRef;
  defaultValue: string | null;
}

export interface Field {
  name: string;
  description: string | null;
  args: InputValue[];
  type: TypeRef;
  isDeprecated: boolean;
  deprecationReason: string | null;
}

export interface EnumValue {
  name: string;
  description: string | null;
  isDeprecated: boolean;
  deprecationReason: string | null;
}

export interface NamedType {
  kind: 'SCALAR' | 'OBJECT' | 'INTERFACE' | 'UNION' | 'ENUM' | 'INPUT_OBJECT';
  name: string;
  description: string | null;
  fields: Field[] | null;
  inputFields: InputValue[] | null;
  interfaces: TypeRef[] | null;
  enumValues: EnumValue[] | null;
  possibleTypes: TypeRef[] | null;
}

export interface Directive {
  name: string;
  description: string | null;
  locations: string[];
  args: InputValue[];
}

export interface IntrospectionSchema {
  queryType: { name: string } | null;
  mutationType: { name: string } | null;
  subscriptionType: { name: string } | null;
  types: NamedType[];
  directives: Directive[];
}

/** The meta field every composite type has (not listed by introspection). */
export const TYPENAME_FIELD: Field = {
  name: '__typename',
  description: 'The name of the current object type at runtime.',
  args: [],
  type: { kind: 'NON_NULL', name: null, ofType: { kind: 'SCALAR', name: 'String', ofType: null } },
  isDeprecated: false,
  deprecationReason: null,
};

export class SchemaModel {
  readonly types = new Map<string, NamedType>();
  readonly directives = new Map<string, Directive>();
  readonly queryType: string | null;
  readonly mutationType: string | null;
  readonly subscriptionType: string | null;

  constructor(schema: IntrospectionSchema) {
    for (const type of schema.types) this.types.set(type.name, type);
    for (const directive of schema.directives ?? []) this.directives.set(directive.name, directive);
    this.queryType = schema.queryType?.name ?? null;
    this.mutationType = schema.mutationType?.name ?? null;
    this.subscriptionType = schema.subscriptionType?.name ?? null;
  }

  /** From `{ data: { __schema } }` as the engine answers INTROSPECTION_QUERY; null when it is missing. */
  static fromResult(result: { data?: unknown } | null | undefined): SchemaModel | null {
    const schema = (result?.data as { __schema?: IntrospectionSchema } | null | undefined)?.__schema;
    return schema ? new SchemaModel(schema) : null;
  }

  type(name: string | null | undefined): NamedType | undefined {
    return name ? this.types.get(name) : undefined;
  }

  /** The root type of an operation keyword (`query`, `mutation`, `subscription`). */
  rootType(operation: string): string | null {
    if (operation === 'mutation') return this.mutationType;
    if (operation === 'subscription') return this.subscriptionType;
    return this.queryType;
  }

  /** A field of an object or interface type (`__typename` on every composite type). */
  field(typeName: string | null | undefined, fieldName: string): Field | undefined {
    const type = this.type(typeName);
    if (!type || !isComposite(type)) return undefined;
    if (fieldName === '__typename') return TYPENAME_FIELD;
    return type.fields?.find((f) => f.name === fieldName);
  }

  /** The fields a selection on this type may pick, in schema order. */
  fieldsOf(typeName: string | null | undefined): Field[] {
    const type = this.type(typeName);
    if (!type || !isComposite(type)) return [];
    return [...(type.fields ?? []), TYPENAME_FIELD];
  }

  /** The object types a fragment on this type may be about (itself, or its implementations/members). */
  possibleTypes(typeName: string | null | undefined): string[] {
    const type = this.type(typeName);
    if (!type) return [];
    if (type.kind === 'OBJECT') return [type.name];
    return (type.possibleTypes ?? []).map((t) => t.name ?? '').filter(Boolean);
  }

  /** Every type of the given kinds, sorted by name, introspection types last. */
  typesOfKind(...kinds: NamedType['kind'][]): NamedType[] {
    return [...this.types.values()]
      .filter((t) => kinds.includes(t.kind))
      .sort((a, b) => Number(a.name.startsWith('__')) - Number(b.name.startsWith('__')) || a.name.localeCompare(b.name));
  }
}

export function isComposite(type: NamedType): boolean {
  return type.kind === 'OBJECT' || type.kind === 'INTERFACE' || type.kind === 'UNION';
}

/** The named type at the bottom of a wrapped type reference. */
export function namedTypeOf(ref: TypeRef | null | undefined): string | null {
  let current = ref;
  while (current && !current.name) current = current.ofType;
  return current?.name ?? null;
}

/** A type reference as GraphQL writes it: `[Person!]!`. */
export function typeToString(ref: TypeRef): string {
  if (ref.kind === 'NON_NULL') return `${ref.ofType ? typeToString(ref.ofType) : '?'}!`;
  if (ref.kind === 'LIST') return `[${ref.ofType ? typeToString(ref.ofType) : '?'}]`;
  return ref.name ?? '?';
}

/** The item type of a list type (input coercion accepts a single item where a list is expected). */
export function listItemOf(ref: TypeRef | null): TypeRef | null {
  let current = ref;
  if (current?.kind === 'NON_NULL') current = current.ofType;
  return current?.kind === 'LIST' ? current.ofType : current;
}
