// validateSDL(document, schemaToExtend?): every rule of graphql-js 17's `specifiedSDLRules` (listed in
// validation/README.md) over a type-system document. It only reports errors — never builds a schema;
// the catalog turns them into SCHEMA_ERRORs.

import {
  namedTypeLocation, type ASTNode, type ConstDirectiveNode, type ConstValueNode, type DefinitionNode, type DirectiveNode,
  type DocumentNode, type InputValueDefinitionNode, type NameNode, type NamedTypeNode, type OperationTypeDefinitionNode,
  type TypeNode, type ValueNode,
} from '../ast.ts';
import type { GraphQLError } from '../error.ts';
import { isEnumType, isInputObjectType, isInterfaceType, isObjectType } from '../type/definition.ts';
import { introspectionTypes } from '../type/introspection.ts';
import { specifiedScalarTypes } from '../type/scalars.ts';
import type { GraphQLSchema } from '../type/schema.ts';
import { didYouMean, suggestionList } from '../type/util.ts';
import { validationError } from './context.ts';
import { checkUniqueArguments, checkUniqueInputFields } from './rules/argumentRules.ts';
import {
  checkDirectiveArgumentNames, checkDirectiveRequiredArguments, checkKnownDirective, checkUniqueDirectives, directiveSignatures,
} from './rules/directiveRules.ts';

const standardTypeNames = [...specifiedScalarTypes, ...introspectionTypes].map((t) => t.name);

type AnyDef = DefinitionNode & {
  name?: NameNode; directives?: ReadonlyArray<ConstDirectiveNode>; fields?: ReadonlyArray<{ name: NameNode; arguments?: ReadonlyArray<InputValueDefinitionNode>; type: TypeNode; directives?: ReadonlyArray<ConstDirectiveNode>; defaultValue?: ConstValueNode }>;
  values?: ReadonlyArray<{ name: NameNode; directives?: ReadonlyArray<ConstDirectiveNode> }>; interfaces?: ReadonlyArray<NamedTypeNode>;
  types?: ReadonlyArray<NamedTypeNode>; operationTypes?: ReadonlyArray<OperationTypeDefinitionNode>; arguments?: ReadonlyArray<InputValueDefinitionNode>;
};

/** Every SDL error of a type-system document (optionally extending an existing schema). */
export function validateSDL(document: DocumentNode, schemaToExtend?: GraphQLSchema): GraphQLError[] {
  const errors: GraphQLError[] = [];
  const report = (message: string, nodes: ASTNode | ReadonlyArray<ASTNode>): void => { errors.push(validationError(message, nodes)); };
  const schema = schemaToExtend;
  const typeMap = schema?.getTypeMap() ?? {};
  const defs = document.definitions as ReadonlyArray<AnyDef>;

  const definedTypes = new Map<string, AnyDef>();
  for (const def of defs) if (def.kind.endsWith('Definition') && namedTypeLocation(def.kind)) definedTypes.set(def.name!.value, def);
  const signatures = directiveSignatures(schema, document);

  // LoneSchemaDefinition, UniqueOperationTypes
  const alreadyDefined = schema?.astNode ?? schema?.getQueryType() ?? schema?.getMutationType() ?? schema?.getSubscriptionType();
  let schemaDefinitions = 0;
  const definedOperationTypes = new Map<string, OperationTypeDefinitionNode>();
  // UniqueTypeNames, UniqueEnumValueNames, UniqueFieldDefinitionNames, UniqueDirectiveNames
  const knownTypeNames = new Map<string, NameNode>();
  const knownValueNames = new Map<string, Map<string, NameNode>>();
  const knownFieldNames = new Map<string, Map<string, NameNode>>();
  const knownDirectiveNames = new Map<string, NameNode>();
  // UniqueDirectivesPerLocation
  const schemaDirectives = new Map<string, DirectiveNode>();
  const typeDirectives = new Map<string, Map<string, DirectiveNode>>();
  const directiveDirectives = new Map<string, Map<string, DirectiveNode>>();
  let typeNameList: string[] | undefined;

  const checkNamedType = (node: NamedTypeNode): void => {
    const name = node.name.value;
    if (typeMap[name] !== undefined || definedTypes.has(name) || standardTypeNames.includes(name)) return;
    typeNameList ??= [...new Set([...Object.keys(typeMap), ...definedTypes.keys()])];
    report(`Unknown type "${name}".` + didYouMean(suggestionList(name, [...standardTypeNames, ...typeNameList])), node);
  };
  const checkTypeRef = (node: TypeNode): void => {
    let t = node;
    while (t.kind !== 'NamedType') t = t.type;
    checkNamedType(t);
  };
  const checkValue = (node: ValueNode): void => {
    if (node.kind === 'ObjectValue') {
      checkUniqueInputFields(node, report);
      for (const f of node.fields) checkValue(f.value);
    } else if (node.kind === 'ListValue') for (const v of node.values) checkValue(v);
  };
  const checkDirectives = (nodes: ReadonlyArray<ConstDirectiveNode> | undefined, location: string, seen: Map<string, DirectiveNode>): void => {
    if (!nodes || nodes.length === 0) return;
    for (const d of nodes) checkKnownDirective(signatures, d, location, report);
    checkUniqueDirectives(signatures, nodes, seen, report);
    for (const d of nodes) {
      checkDirectiveArgumentNames(signatures, d, false, report);
      checkUniqueArguments(d.arguments, report);
      for (const a of d.arguments ?? []) checkValue(a.value);
      checkDirectiveRequiredArguments(signatures, d, report);
    }
  };
  const checkInputValues = (owner: string, args: ReadonlyArray<InputValueDefinitionNode> | undefined, location: string): void => {
    if (!args) return;
    const seen = new Map<string, NameNode[]>();
    for (const arg of args) {
      const list = seen.get(arg.name.value);
      if (list) list.push(arg.name);
      else seen.set(arg.name.value, [arg.name]);
    }
    if (location === 'ARGUMENT_DEFINITION') {
      for (const [name, nodes] of seen) if (nodes.length > 1) report(`Argument "${owner}(${name}:)" can only be defined once.`, nodes);
    }
    for (const arg of args) {
      checkTypeRef(arg.type);
      if (arg.defaultValue) checkValue(arg.defaultValue);
      checkDirectives(arg.directives, location, new Map());
    }
  };
  const typeSeen = (name: string): Map<string, DirectiveNode> => {
    let m = typeDirectives.get(name);
    if (!m) typeDirectives.set(name, (m = new Map()));
    return m;
  };

  for (const def of defs) {
    switch (def.kind) {
      case 'SchemaDefinition':
      case 'SchemaExtension': {
        if (def.kind === 'SchemaDefinition') {
          if (alreadyDefined) report('Cannot define a new schema within a schema extension.', def);
          else {
            if (schemaDefinitions > 0) report('Must provide only one schema definition.', def);
            ++schemaDefinitions;
          }
        }
        for (const op of def.operationTypes ?? []) {
          const previous = definedOperationTypes.get(op.operation);
          if (schema?.getRootType(op.operation)) report(`Type for ${op.operation} already defined in the schema. It cannot be redefined.`, op);
          else if (previous) report(`There can be only one ${op.operation} type in schema.`, [previous, op]);
          else definedOperationTypes.set(op.operation, op);
          checkNamedType(op.type);
        }
        checkDirectives(def.directives, 'SCHEMA', schemaDirectives);
        break;
      }
      case 'DirectiveDefinition': {
        const name = def.name.value;
        if (schema?.getDirective(name)) {
          report(`Directive "@${name}" already exists in the schema. It cannot be redefined.`, def.name);
        } else {
          const previous = knownDirectiveNames.get(name);
          if (previous) report(`There can be only one directive named "@${name}".`, [previous, def.name]);
          else knownDirectiveNames.set(name, def.name);
        }
        checkInputValues(`@${name}`, def.arguments, 'ARGUMENT_DEFINITION');
        let seen = directiveDirectives.get(name);
        if (!seen) directiveDirectives.set(name, (seen = new Map()));
        checkDirectives(def.directives, 'DIRECTIVE_DEFINITION', seen);
        break;
      }
      case 'DirectiveExtension': {
        let seen = directiveDirectives.get(def.name.value);
        if (!seen) directiveDirectives.set(def.name.value, (seen = new Map()));
        checkDirectives(def.directives, 'DIRECTIVE_DEFINITION', seen);
        break;
      }
      case 'OperationDefinition':
      case 'FragmentDefinition':
        break;
      default: {
        const name = def.name!.value;
        const isExtension = def.kind.endsWith('Extension');
        if (!isExtension) {
          // UniqueTypeNames
          if (schema?.getType(name)) report(`Type "${name}" already exists in the schema. It cannot also be defined in this type definition.`, def.name!);
          else {
            const previous = knownTypeNames.get(name);
            if (previous) report(`There can be only one type named "${name}".`, [previous, def.name!]);
            else knownTypeNames.set(name, def.name!);
          }
        } else {
          // PossibleTypeExtensions
          const defNode = definedTypes.get(name);
          const existing = schema?.getType(name);
          const expected = defNode ? namedTypeLocation(defNode.kind) : existing?.kind;
          if (expected !== undefined) {
            const location = namedTypeLocation(def.kind)!;
            if (expected !== location) report(`Cannot extend non-${location.toLowerCase().replace('_', ' ')} type "${name}".`, defNode ? [defNode, def] : def);
          } else {
            const all = [...definedTypes.keys(), ...Object.keys(typeMap)];
            report(`Cannot extend type "${name}" because it is not defined.` + didYouMean(suggestionList(name, all)), def.name!);
          }
        }
        checkDirectives(def.directives, namedTypeLocation(def.kind)!, typeSeen(name));
        const existingType = typeMap[name];
        if (def.kind === 'EnumTypeDefinition' || def.kind === 'EnumTypeExtension') {
          let names = knownValueNames.get(name);
          if (!names) knownValueNames.set(name, (names = new Map()));
          for (const value of def.values ?? []) {
            const valueName = value.name.value;
            if (isEnumType(existingType) && existingType.getValue(valueName)) {
              report(`Enum value "${name}.${valueName}" already exists in the schema. It cannot also be defined in this type extension.`, value.name);
            } else {
              const previous = names.get(valueName);
              if (previous) report(`Enum value "${name}.${valueName}" can only be defined once.`, [previous, value.name]);
              else names.set(valueName, value.name);
            }
            checkDirectives(value.directives, 'ENUM_VALUE', new Map());
          }
        }
        if (def.fields) {
          let names = knownFieldNames.get(name);
          if (!names) knownFieldNames.set(name, (names = new Map()));
          const existingFields = isObjectType(existingType) || isInterfaceType(existingType) || isInputObjectType(existingType) ? existingType.getFields() : undefined;
          const isInput = def.kind === 'InputObjectTypeDefinition' || def.kind === 'InputObjectTypeExtension';
          for (const field of def.fields) {
            const fieldName = field.name.value;
            if (existingFields?.[fieldName] != null) {
              report(`Field "${name}.${fieldName}" already exists in the schema. It cannot also be defined in this type extension.`, field.name);
            } else {
              const previous = names.get(fieldName);
              if (previous) report(`Field "${name}.${fieldName}" can only be defined once.`, [previous, field.name]);
              else names.set(fieldName, field.name);
            }
            checkTypeRef(field.type);
            if (isInput) {
              if (field.defaultValue) checkValue(field.defaultValue);
              checkDirectives(field.directives, 'INPUT_FIELD_DEFINITION', new Map());
            } else {
              checkInputValues(`${name}.${fieldName}`, field.arguments, 'ARGUMENT_DEFINITION');
              checkDirectives(field.directives, 'FIELD_DEFINITION', new Map());
            }
          }
        }
        for (const i of def.interfaces ?? []) checkNamedType(i);
        for (const t of def.types ?? []) checkNamedType(t);
        break;
      }
    }
  }
  return errors;
}
