// The Schema: root operation types, the type map (every named type reachable from the roots,
// the given types, directive arguments and introspection), directives, and the possible-type /
// sub-type relations. Holds the model only; validation of it lives in validateSchema.ts.

import type { OperationTypeNode, SchemaDefinitionNode, SchemaExtensionNode } from '../ast.ts';
import {
  getNamedType, isInputObjectType, isInterfaceType, isObjectType, isUnionType,
  type Extensions, type GraphQLAbstractType, type GraphQLCompositeType, type GraphQLField, type GraphQLInterfaceType,
  type GraphQLNamedType, type GraphQLObjectType, type GraphQLType,
} from './definition.ts';
import { specifiedDirectives, type GraphQLDirective } from './directives.ts';
import { __Schema, SchemaMetaFieldDef, TypeMetaFieldDef, TypeNameMetaFieldDef } from './introspection.ts';

export interface SchemaConfig {
  description?: string | undefined;
  query?: GraphQLObjectType | undefined | null;
  mutation?: GraphQLObjectType | undefined | null;
  subscription?: GraphQLObjectType | undefined | null;
  types?: readonly GraphQLNamedType[] | undefined;
  directives?: readonly GraphQLDirective[] | undefined;
  extensions?: Extensions | undefined;
  astNode?: SchemaDefinitionNode | undefined;
  extensionASTNodes?: readonly SchemaExtensionNode[] | undefined;
  /** Skip `assertValidSchema` (for schemas known to be valid, e.g. generated ones). */
  assumeValid?: boolean | undefined;
}

export interface Implementations {
  readonly objects: readonly GraphQLObjectType[];
  readonly interfaces: readonly GraphQLInterfaceType[];
}

const noImplementations: Implementations = { objects: [], interfaces: [] };

export class GraphQLSchema {
  readonly description: string | undefined;
  readonly extensions: Extensions;
  readonly astNode: SchemaDefinitionNode | undefined;
  readonly extensionASTNodes: readonly SchemaExtensionNode[];
  readonly assumeValid: boolean;
  /** Set by validateSchema: the schema's validation errors, once computed. */
  validationErrors: readonly Error[] | undefined;
  readonly #queryType: GraphQLObjectType | undefined;
  readonly #mutationType: GraphQLObjectType | undefined;
  readonly #subscriptionType: GraphQLObjectType | undefined;
  readonly #directives: readonly GraphQLDirective[];
  readonly #directiveMap: Map<string, GraphQLDirective>;
  readonly #typeMap: Record<string, GraphQLNamedType>;
  readonly #implementations: Map<string, { objects: GraphQLObjectType[]; interfaces: GraphQLInterfaceType[] }>;
  readonly #subTypes = new Map<GraphQLAbstractType, Set<GraphQLNamedType>>();

  constructor(config: SchemaConfig) {
    this.description = config.description;
    this.extensions = config.extensions ?? {};
    this.astNode = config.astNode;
    this.extensionASTNodes = config.extensionASTNodes ?? [];
    this.assumeValid = config.assumeValid ?? false;
    this.validationErrors = this.assumeValid ? [] : undefined;
    this.#queryType = config.query ?? undefined;
    this.#mutationType = config.mutation ?? undefined;
    this.#subscriptionType = config.subscription ?? undefined;
    this.#directives = config.directives ?? specifiedDirectives;
    this.#directiveMap = new Map(this.#directives.map((d) => [d.name, d]));

    // Same collection order as graphql-js, so printSchema and introspection list types alike.
    const all = new Set<GraphQLNamedType>(config.types);
    for (const type of config.types ?? []) {
      all.delete(type);
      collectReferencedTypes(type, all);
    }
    if (this.#queryType) collectReferencedTypes(this.#queryType, all);
    if (this.#mutationType) collectReferencedTypes(this.#mutationType, all);
    if (this.#subscriptionType) collectReferencedTypes(this.#subscriptionType, all);
    for (const directive of this.#directives) for (const arg of directive.args) collectReferencedTypes(arg.type, all);
    collectReferencedTypes(__Schema, all);

    this.#typeMap = Object.create(null) as Record<string, GraphQLNamedType>;
    this.#implementations = new Map();
    for (const namedType of all) {
      if (namedType == null) continue;
      const name = namedType.name;
      if (this.#typeMap[name] !== undefined) {
        throw new Error(`Schema must contain uniquely named types but contains multiple types named "${name}".`);
      }
      this.#typeMap[name] = namedType;
      if (isInterfaceType(namedType) || isObjectType(namedType)) {
        for (const iface of namedType.getInterfaces()) {
          if (!isInterfaceType(iface)) continue;
          let impl = this.#implementations.get(iface.name);
          if (!impl) this.#implementations.set(iface.name, (impl = { objects: [], interfaces: [] }));
          if (isInterfaceType(namedType)) impl.interfaces.push(namedType);
          else impl.objects.push(namedType);
        }
      }
    }
  }

  getQueryType(): GraphQLObjectType | undefined { return this.#queryType; }
  getMutationType(): GraphQLObjectType | undefined { return this.#mutationType; }
  getSubscriptionType(): GraphQLObjectType | undefined { return this.#subscriptionType; }
  getRootType(operation: OperationTypeNode): GraphQLObjectType | undefined {
    return operation === 'query' ? this.#queryType : operation === 'mutation' ? this.#mutationType : this.#subscriptionType;
  }
  /** Named types by name (null-prototype record, in collection order). */
  getTypeMap(): Readonly<Record<string, GraphQLNamedType>> { return this.#typeMap; }
  getType(name: string): GraphQLNamedType | undefined { return this.#typeMap[name]; }
  getDirectives(): readonly GraphQLDirective[] { return this.#directives; }
  getDirective(name: string): GraphQLDirective | undefined { return this.#directiveMap.get(name); }

  getPossibleTypes(abstractType: GraphQLAbstractType): readonly GraphQLObjectType[] {
    return isUnionType(abstractType) ? abstractType.getTypes() : this.getImplementations(abstractType).objects;
  }
  getImplementations(interfaceType: GraphQLInterfaceType): Implementations {
    return this.#implementations.get(interfaceType.name) ?? noImplementations;
  }
  /** Whether `maybeSubType` is a member of the union or an implementation of the interface. */
  isSubType(abstractType: GraphQLAbstractType, maybeSubType: GraphQLNamedType): boolean {
    let set = this.#subTypes.get(abstractType);
    if (set === undefined) {
      if (isUnionType(abstractType)) set = new Set(abstractType.getTypes());
      else {
        const impl = this.getImplementations(abstractType);
        set = new Set<GraphQLNamedType>([...impl.objects, ...impl.interfaces]);
      }
      this.#subTypes.set(abstractType, set);
    }
    return set.has(maybeSubType);
  }

  /** A field of a composite type, including the meta fields __typename, and __schema/__type on the query root. */
  getField(parentType: GraphQLCompositeType, fieldName: string): GraphQLField | undefined {
    switch (fieldName) {
      case '__schema': return this.#queryType === parentType ? SchemaMetaFieldDef : undefined;
      case '__type': return this.#queryType === parentType ? TypeMetaFieldDef : undefined;
      case '__typename': return TypeNameMetaFieldDef;
    }
    return isUnionType(parentType) ? undefined : parentType.getFields()[fieldName];
  }
}

function collectReferencedTypes(type: GraphQLType, typeSet: Set<GraphQLNamedType>): void {
  const namedType = getNamedType(type);
  if (typeSet.has(namedType)) return;
  typeSet.add(namedType);
  if (isUnionType(namedType)) {
    for (const member of namedType.getTypes()) collectReferencedTypes(member, typeSet);
  } else if (isObjectType(namedType) || isInterfaceType(namedType)) {
    for (const iface of namedType.getInterfaces()) collectReferencedTypes(iface, typeSet);
    for (const field of Object.values(namedType.getFields())) {
      collectReferencedTypes(field.type, typeSet);
      for (const arg of field.args) collectReferencedTypes(arg.type, typeSet);
    }
  } else if (isInputObjectType(namedType)) {
    for (const field of Object.values(namedType.getFields())) collectReferencedTypes(field.type, typeSet);
  }
}
