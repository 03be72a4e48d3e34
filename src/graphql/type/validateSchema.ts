// Schema validity (the spec's type-system rules, graphql-js's validateSchema / assertValidSchema):
// root types, names, fields and arguments, interface implementation, unions, enums, input objects,
// @oneOf, default values, non-null input cycles. Reports only; never repairs a schema.

import type { ASTNode } from '../ast.ts';
import { GraphQLError } from '../error.ts';
import {
  isEnumType, isInputObjectType, isInputType, isInterfaceType, isNamedType, isNonNullType, isObjectType, isOutputType,
  isRequiredArgument, isUnionType,
  type GraphQLArgument, type GraphQLInputObjectType, type GraphQLInterfaceType, type GraphQLObjectType,
} from './definition.ts';
import { isEqualType, isTypeSubTypeOf } from './comparators.ts';
import { isIntrospectionType } from './introspection.ts';
import type { GraphQLSchema } from './schema.ts';
import { inspect } from './util.ts';
import { printPathArray, validateInputLiteral, coerceInputValue } from './values.ts';

/** Every reason the schema is invalid (memoised on the schema). */
export function validateSchema(schema: GraphQLSchema): readonly GraphQLError[] {
  if (schema.validationErrors) return schema.validationErrors as readonly GraphQLError[];
  const errors: GraphQLError[] = [];
  const report = (message: string, nodes?: ReadonlyArray<ASTNode | null | undefined> | ASTNode | null | undefined): void => {
    const list = (Array.isArray(nodes) ? nodes : [nodes]).filter((n): n is ASTNode => n != null);
    errors.push(new GraphQLError(message, { nodes: list }));
  };
  const opTypeNode = (op: string): ASTNode | undefined =>
    [schema.astNode, ...schema.extensionASTNodes].flatMap((s) => s?.operationTypes ?? []).find((o) => o.operation === op)?.type;

  // Root types.
  const query = schema.getQueryType();
  if (!query) report('Query root type must be provided.', schema.astNode);
  const roots = new Map<GraphQLObjectType, string[]>();
  for (const op of ['query', 'mutation', 'subscription'] as const) {
    const root = schema.getRootType(op);
    if (root == null) continue;
    if (!isObjectType(root)) {
      const opStr = op[0]!.toUpperCase() + op.slice(1);
      report(op === 'query'
        ? `${opStr} root type must be Object type, it cannot be ${inspect(root)}.`
        : `${opStr} root type must be Object type if provided, it cannot be ${inspect(root)}.`, opTypeNode(op) ?? (root as { astNode?: ASTNode }).astNode);
      continue;
    }
    const list = roots.get(root);
    if (list) list.push(op);
    else roots.set(root, [op]);
  }
  for (const [root, ops] of roots) {
    if (ops.length > 1) {
      const opList = ops.length === 2 ? `${ops[0]} and ${ops[1]}` : `${ops.slice(0, -1).join(', ')}, and ${ops[ops.length - 1]}`;
      report(`All root types must be different, "${root.name}" type is used as ${opList} root types.`, ops.map(opTypeNode));
    }
  }

  const validateName = (name: string, node: ASTNode | undefined): void => {
    if (name.startsWith('__')) report(`Name "${name}" must not begin with "__", which is reserved by GraphQL introspection.`, node);
  };
  const deprecatedNode = (node: { directives?: ReadonlyArray<ASTNode & { name: { value: string } }> | undefined } | undefined): ASTNode | undefined =>
    node?.directives?.find((d) => d.name.value === 'deprecated');
  const validateDefault = (arg: GraphQLArgument): void => {
    const d = arg.default;
    if (!d) return;
    const onError = (error: GraphQLError, path: ReadonlyArray<string | number>): void => {
      report(`${arg.coordinate} has invalid default value${printPathArray(path)}: ${error.message}`, arg.astNode?.defaultValue);
    };
    if ('literal' in d) validateInputLiteral(d.literal, arg.type, onError);
    else coerceInputValue(d.value, arg.type, onError);
  };
  const validateArg = (arg: GraphQLArgument, typeNode: 'arg' | 'directive'): void => {
    validateName(arg.name, arg.astNode);
    if (!isInputType(arg.type)) {
      report(`The type of ${arg.coordinate} must be Input Type but got: ${inspect(arg.type)}.`, typeNode === 'arg' ? arg.astNode?.type : arg.astNode);
    }
    if (isRequiredArgument(arg) && arg.deprecationReason != null) {
      report(`Required argument ${arg.coordinate} cannot be deprecated.`, [deprecatedNode(arg.astNode), arg.astNode?.type]);
    }
    validateDefault(arg);
  };

  // Directives.
  for (const directive of schema.getDirectives()) {
    validateName(directive.name, directive.astNode);
    if (directive.locations.length === 0) report(`Directive @${directive.name} must include 1 or more locations.`, directive.astNode);
    for (const arg of directive.args) validateArg(arg, 'directive');
  }

  // Types.
  const inputObjects: GraphQLInputObjectType[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isNamedType(type)) {
      report(`Expected GraphQL named type but got: ${inspect(type)}.`, (type as { astNode?: ASTNode }).astNode);
      continue;
    }
    if (!isIntrospectionType(type)) validateName(type.name, type.astNode);
    if (isObjectType(type) || isInterfaceType(type)) {
      const fields = Object.values(type.getFields());
      if (fields.length === 0) report(`Type ${type.name} must define one or more fields.`, [type.astNode, ...type.extensionASTNodes]);
      for (const field of fields) {
        validateName(field.name, field.astNode);
        if (!isOutputType(field.type)) report(`The type of ${field.coordinate} must be Output Type but got: ${inspect(field.type)}.`, field.astNode?.type);
        for (const arg of field.args) validateArg(arg, 'arg');
      }
      validateInterfaces(type);
    } else if (isUnionType(type)) {
      const members = type.getTypes();
      if (members.length === 0) report(`Union type ${type.name} must define one or more member types.`, [type.astNode, ...type.extensionASTNodes]);
      const seen = new Set<string>();
      const memberNodes = (name: string): ASTNode[] =>
        [type.astNode, ...type.extensionASTNodes].flatMap((n) => ((n as { types?: ReadonlyArray<ASTNode & { name: { value: string } }> } | undefined)?.types ?? []).filter((t) => t.name.value === name));
      for (const member of members) {
        if (seen.has(member.name)) { report(`Union type ${type.name} can only include type ${member.name} once.`, memberNodes(member.name)); continue; }
        seen.add(member.name);
        if (!isObjectType(member)) report(`Union type ${type.name} can only include Object types, it cannot include ${inspect(member)}.`, memberNodes(String(member)));
      }
    } else if (isEnumType(type)) {
      const values = type.getValues();
      if (values.length === 0) report(`Enum type ${type.name} must define one or more values.`, [type.astNode, ...type.extensionASTNodes]);
      for (const v of values) validateName(v.name, v.astNode);
    } else if (isInputObjectType(type)) {
      const fields = Object.values(type.getFields());
      if (fields.length === 0) report(`Input Object type ${type.name} must define one or more fields.`, [type.astNode, ...type.extensionASTNodes]);
      for (const field of fields) {
        validateName(field.name, field.astNode);
        if (!isInputType(field.type)) report(`The type of ${field.coordinate} must be Input Type but got: ${inspect(field.type)}.`, field.astNode?.type);
        if (isRequiredArgument(field) && field.deprecationReason != null) {
          report(`Required input field ${field.coordinate} cannot be deprecated.`, [deprecatedNode(field.astNode), field.astNode?.type]);
        }
        validateDefault(field);
        if (type.isOneOf) {
          if (isNonNullType(field.type)) report(`OneOf input field ${type.name}.${field.name} must be nullable.`, field.astNode?.type);
          if (field.default !== undefined) report(`OneOf input field ${type.name}.${field.name} cannot have a default value.`, field.astNode);
        }
      }
      inputObjects.push(type);
    }
  }

  function implementsNodes(type: GraphQLObjectType | GraphQLInterfaceType, iface: GraphQLInterfaceType): ASTNode[] {
    return [type.astNode, ...type.extensionASTNodes].flatMap((n) =>
      ((n as { interfaces?: ReadonlyArray<ASTNode & { name: { value: string } }> } | undefined)?.interfaces ?? []).filter((i) => i.name.value === iface.name));
  }

  function validateInterfaces(type: GraphQLObjectType | GraphQLInterfaceType): void {
    const seen = new Set<string>();
    for (const iface of type.getInterfaces()) {
      if (!isInterfaceType(iface)) {
        report(`Type ${type.name} must only implement Interface types, it cannot implement ${inspect(iface)}.`, implementsNodes(type, iface));
        continue;
      }
      if ((type as unknown) === iface) {
        report(`Type ${type.name} cannot implement itself because it would create a circular reference.`, implementsNodes(type, iface));
        continue;
      }
      if (seen.has(iface.name)) { report(`Type ${type.name} can only implement ${iface.name} once.`, implementsNodes(type, iface)); continue; }
      seen.add(iface.name);
      for (const transitive of iface.getInterfaces()) {
        if (!type.getInterfaces().includes(transitive)) {
          report((transitive as unknown) === type
            ? `Type ${type.name} cannot implement ${iface.name} because it would create a circular reference.`
            : `Type ${type.name} must implement ${transitive.name} because it is implemented by ${iface.name}.`,
          [...implementsNodes(iface, transitive), ...implementsNodes(type, iface)]);
        }
      }
      const typeFields = type.getFields();
      for (const ifaceField of Object.values(iface.getFields())) {
        const typeField = typeFields[ifaceField.name];
        if (typeField == null) {
          report(`Interface field ${ifaceField.coordinate} expected but ${type.name} does not provide it.`, [ifaceField.astNode, type.astNode, ...type.extensionASTNodes]);
          continue;
        }
        if (!isTypeSubTypeOf(schema, typeField.type, ifaceField.type)) {
          report(`Interface field ${ifaceField.coordinate} expects type ${String(ifaceField.type)} but ${typeField.coordinate} is type ${String(typeField.type)}.`, [ifaceField.astNode?.type, typeField.astNode?.type]);
        }
        for (const ifaceArg of ifaceField.args) {
          const typeArg = typeField.args.find((a) => a.name === ifaceArg.name);
          if (!typeArg) {
            report(`Interface field argument ${ifaceArg.coordinate} expected but ${typeField.coordinate} does not provide it.`, [ifaceArg.astNode, typeField.astNode]);
            continue;
          }
          if (!isEqualType(ifaceArg.type, typeArg.type)) {
            report(`Interface field argument ${ifaceArg.coordinate} expects type ${String(ifaceArg.type)} but ${typeArg.coordinate} is type ${String(typeArg.type)}.`, [ifaceArg.astNode?.type, typeArg.astNode?.type]);
          }
        }
        for (const typeArg of typeField.args) {
          if (isRequiredArgument(typeArg) && !ifaceField.args.some((a) => a.name === typeArg.name)) {
            report(`Argument "${typeArg.coordinate}" must not be required type "${String(typeArg.type)}" if not provided by the Interface field "${ifaceField.coordinate}".`, [typeArg.astNode, ifaceField.astNode]);
          }
        }
        if (typeField.deprecationReason != null && ifaceField.deprecationReason == null) {
          report(`Interface field ${iface.name}.${ifaceField.name} is not deprecated, so implementation field ${type.name}.${typeField.name} must not be deprecated.`, [deprecatedNode(typeField.astNode), typeField.astNode?.type]);
        }
      }
    }
  }

  // Input objects that no finite value can satisfy (graphql-js 17's finite-value analysis).
  interface FiniteState { readonly type: GraphQLInputObjectType; readonly targets: Array<{ field: GraphQLArgument; target: GraphQLInputObjectType }>; readonly dependents: FiniteState[]; unresolved: number; finite: boolean }
  const states = new Map<GraphQLInputObjectType, FiniteState>();
  for (const type of inputObjects) states.set(type, { type, targets: [], dependents: [], unresolved: 0, finite: false });
  const finiteQueue: FiniteState[] = [];
  const markFinite = (state: FiniteState): void => {
    if (!state.finite) { state.finite = true; finiteQueue.push(state); }
  };
  for (const state of states.values()) {
    const fields = Object.values(state.type.getFields());
    for (const field of fields) {
      const t = field.type;
      const target = state.type.isOneOf ? (isInputObjectType(t) ? t : undefined) : isNonNullType(t) && isInputObjectType(t.ofType) ? t.ofType : undefined;
      if (target === undefined) continue;
      state.targets.push({ field, target });
      states.get(target)?.dependents.push(state);
    }
    if (state.type.isOneOf) {
      if (fields.length === 0 || state.targets.length < fields.length) markFinite(state);
    } else {
      state.unresolved = state.targets.length;
      if (state.targets.length === 0) markFinite(state);
    }
  }
  let next: FiniteState | undefined;
  while ((next = finiteQueue.pop()) !== undefined) {
    for (const dependent of next.dependents) {
      if (dependent.finite) continue;
      if (dependent.type.isOneOf) { markFinite(dependent); continue; }
      if (--dependent.unresolved === 0) markFinite(dependent);
    }
  }
  const visitedTypes = new Set<GraphQLInputObjectType>();
  const fieldPath: Array<{ text: string; node: ASTNode | undefined }> = [];
  const pathIndexByType = new Map<GraphQLInputObjectType, number>();
  const reportCycles = (state: FiniteState): void => {
    if (visitedTypes.has(state.type)) return;
    visitedTypes.add(state.type);
    pathIndexByType.set(state.type, fieldPath.length);
    for (const { field, target } of state.targets) {
      const targetState = states.get(target);
      if (targetState?.finite !== false) continue;
      const cycleIndex = pathIndexByType.get(target);
      fieldPath.push({ text: `${state.type.name}.${field.name}`, node: field.astNode });
      if (cycleIndex === undefined) reportCycles(targetState);
      else {
        const cycle = fieldPath.slice(cycleIndex);
        report(`Input Object ${target.name} cannot be provided a finite value because it references itself through fields: ${cycle.map((p) => p.text).join(', ')}.`, cycle.map((p) => p.node));
      }
      fieldPath.pop();
    }
    pathIndexByType.delete(state.type);
  };
  for (const state of states.values()) if (!state.finite) reportCycles(state);

  schema.validationErrors = errors;
  return errors;
}

/** Throws an Error listing every schema error, unless the schema is valid. */
export function assertValidSchema(schema: GraphQLSchema): void {
  const errors = validateSchema(schema);
  if (errors.length !== 0) throw new Error(errors.map((e) => e.message).join('\n\n'));
}
