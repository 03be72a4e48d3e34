// The five built-in scalars (Int, Float, String, Boolean, ID) with the spec's result and input
// coercion and graphql-js 17's error messages. Owns nothing else; never touches storage.

import type { ConstValueNode, ValueNode } from '../ast.ts';
import { GraphQLError } from '../error.ts';
import { print } from '../printer.ts';
import { GraphQLScalarType, type GraphQLNamedType } from './definition.ts';
import { inspect } from './util.ts';

export const GRAPHQL_MAX_INT = 2147483647;
export const GRAPHQL_MIN_INT = -2147483648;

const INTEGER = /^-?(?:0|[1-9][0-9]*)$/;

function outputObject(value: unknown): unknown {
  if (value !== null && typeof value === 'object') {
    const valueOf = (value as { valueOf?: unknown }).valueOf;
    if (typeof valueOf === 'function') {
      const v: unknown = valueOf.call(value);
      if (v === null || typeof v !== 'object') return v;
    }
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') return toJSON.call(value);
  }
  return value;
}

const fail = (message: string, node?: ValueNode): never => {
  throw new GraphQLError(message, node ? { nodes: node } : {});
};

function intFromNumber(value: number): number {
  if (!Number.isInteger(value)) fail(`Int cannot represent non-integer value: ${inspect(value)}`);
  if (value > GRAPHQL_MAX_INT || value < GRAPHQL_MIN_INT) fail(`Int cannot represent non 32-bit signed integer value: ${inspect(value)}`);
  return value;
}
function intFromBigInt(value: bigint): number {
  if (value > GRAPHQL_MAX_INT || value < GRAPHQL_MIN_INT) fail(`Int cannot represent non 32-bit signed integer value: ${String(value)}`);
  return Number(value);
}
function floatFromNumber(value: number): number {
  if (!Number.isFinite(value)) fail(`Float cannot represent non numeric value: ${inspect(value)}`);
  return value;
}
function floatFromBigInt(value: bigint): number {
  const num = Number(value);
  if (!Number.isFinite(num)) fail(`Float cannot represent non numeric value: ${inspect(value)} (value is too large)`);
  if (BigInt(num) !== value) fail(`Float cannot represent non numeric value: ${inspect(value)} (value would lose precision)`);
  return num;
}
function idFromNumber(value: number): string {
  if (!Number.isInteger(value)) fail(`ID cannot represent value: ${inspect(value)}`);
  return String(value);
}

/** The literal graphql-js's defaultScalarValueToLiteral gives a plain JS value. */
export function defaultScalarValueToLiteral(value: unknown): ConstValueNode {
  if (value == null) return { kind: 'NullValue' };
  switch (typeof value) {
    case 'boolean': return { kind: 'BooleanValue', value };
    case 'string': return { kind: 'StringValue', value, block: false };
    case 'bigint': return { kind: 'IntValue', value: value.toString() };
    case 'number': {
      if (!Number.isFinite(value)) return { kind: 'NullValue' };
      const s = String(value);
      return INTEGER.test(s) ? { kind: 'IntValue', value: s } : { kind: 'FloatValue', value: s };
    }
    case 'object': {
      if (Symbol.iterator in value) return { kind: 'ListValue', values: Array.from(value as Iterable<unknown>, defaultScalarValueToLiteral) };
      const fields = [];
      for (const [name, v] of Object.entries(value)) {
        if (v !== undefined) fields.push({ kind: 'ObjectField' as const, name: { kind: 'Name' as const, value: name }, value: defaultScalarValueToLiteral(v) });
      }
      return { kind: 'ObjectValue', fields };
    }
  }
  throw new TypeError(`Cannot convert value to AST: ${inspect(value)}.`);
}

export const GraphQLInt = new GraphQLScalarType({
  name: 'Int',
  description: 'The `Int` scalar type represents non-fractional signed whole numeric values. Int can represent values between -(2^31) and 2^31 - 1.',
  serialize(outputValue) {
    const v = outputObject(outputValue);
    if (typeof v === 'number') return intFromNumber(v);
    if (typeof v === 'boolean') return v ? 1 : 0;
    if (typeof v === 'string') {
      const num = v === '' ? NaN : Number(v);
      if (!Number.isInteger(num)) fail(`Int cannot represent non-integer value: ${inspect(v)}`);
      if (num > GRAPHQL_MAX_INT || num < GRAPHQL_MIN_INT) fail(`Int cannot represent non 32-bit signed integer value: ${inspect(v)}`);
      return num;
    }
    if (typeof v === 'bigint') return intFromBigInt(v);
    return fail(`Int cannot represent non-integer value: ${inspect(v)}`);
  },
  parseValue(inputValue) {
    if (typeof inputValue === 'number') return intFromNumber(inputValue);
    if (typeof inputValue === 'bigint') return intFromBigInt(inputValue);
    return fail(`Int cannot represent non-integer value: ${inspect(inputValue)}`);
  },
  parseLiteral(node) {
    if (node.kind !== 'IntValue') return fail(`Int cannot represent non-integer value: ${print(node)}`, node);
    const num = parseInt(node.value, 10);
    if (num > GRAPHQL_MAX_INT || num < GRAPHQL_MIN_INT) fail(`Int cannot represent non 32-bit signed integer value: ${node.value}`, node);
    return num;
  },
  valueToLiteral(value) {
    if (((typeof value === 'number' && Number.isInteger(value)) || typeof value === 'bigint') && value <= GRAPHQL_MAX_INT && value >= GRAPHQL_MIN_INT) {
      return { kind: 'IntValue', value: String(value) };
    }
    return undefined;
  },
});

export const GraphQLFloat = new GraphQLScalarType({
  name: 'Float',
  description: 'The `Float` scalar type represents signed double-precision fractional values as specified by [IEEE 754](https://en.wikipedia.org/wiki/IEEE_floating_point).',
  serialize(outputValue) {
    const v = outputObject(outputValue);
    if (typeof v === 'number') return floatFromNumber(v);
    if (typeof v === 'boolean') return v ? 1 : 0;
    if (typeof v === 'string') {
      const num = v === '' ? NaN : Number(v);
      if (!Number.isFinite(num)) fail(`Float cannot represent non numeric value: ${inspect(v)}`);
      return num;
    }
    if (typeof v === 'bigint') return floatFromBigInt(v);
    return fail(`Float cannot represent non numeric value: ${inspect(v)}`);
  },
  parseValue(inputValue) {
    if (typeof inputValue === 'number') return floatFromNumber(inputValue);
    if (typeof inputValue === 'bigint') return floatFromBigInt(inputValue);
    return fail(`Float cannot represent non numeric value: ${inspect(inputValue)}`);
  },
  parseLiteral(node) {
    if (node.kind !== 'FloatValue' && node.kind !== 'IntValue') return fail(`Float cannot represent non numeric value: ${print(node)}`, node);
    return parseFloat(node.value);
  },
  valueToLiteral(value) {
    const literal = defaultScalarValueToLiteral(value);
    return literal.kind === 'FloatValue' || literal.kind === 'IntValue' ? literal : undefined;
  },
});

export const GraphQLString = new GraphQLScalarType({
  name: 'String',
  description: 'The `String` scalar type represents textual data, represented as UTF-8 character sequences. The String type is most often used by GraphQL to represent free-form human-readable text.',
  serialize(outputValue) {
    const v = outputObject(outputValue);
    if (typeof v === 'string') return v;
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) fail(`String cannot represent value: ${inspect(v)}`);
      return String(v);
    }
    if (typeof v === 'bigint') return String(v);
    return fail(`String cannot represent value: ${inspect(outputValue)}`);
  },
  parseValue(inputValue) {
    if (typeof inputValue !== 'string') fail(`String cannot represent a non string value: ${inspect(inputValue)}`);
    return inputValue;
  },
  parseLiteral(node) {
    if (node.kind !== 'StringValue') return fail(`String cannot represent a non string value: ${print(node)}`, node);
    return node.value;
  },
  valueToLiteral(value) {
    const literal = defaultScalarValueToLiteral(value);
    return literal.kind === 'StringValue' ? literal : undefined;
  },
});

export const GraphQLBoolean = new GraphQLScalarType({
  name: 'Boolean',
  description: 'The `Boolean` scalar type represents `true` or `false`.',
  serialize(outputValue) {
    const v = outputObject(outputValue);
    if (typeof v === 'boolean') return v;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) fail(`Boolean cannot represent a non boolean value: ${inspect(v)}`);
      return v !== 0;
    }
    if (typeof v === 'bigint') return v !== 0n;
    return fail(`Boolean cannot represent a non boolean value: ${inspect(v)}`);
  },
  parseValue(inputValue) {
    if (typeof inputValue !== 'boolean') fail(`Boolean cannot represent a non boolean value: ${inspect(inputValue)}`);
    return inputValue;
  },
  parseLiteral(node) {
    if (node.kind !== 'BooleanValue') return fail(`Boolean cannot represent a non boolean value: ${print(node)}`, node);
    return node.value;
  },
  valueToLiteral(value) {
    const literal = defaultScalarValueToLiteral(value);
    return literal.kind === 'BooleanValue' ? literal : undefined;
  },
});

export const GraphQLID = new GraphQLScalarType({
  name: 'ID',
  description: 'The `ID` scalar type represents a unique identifier, often used to refetch an object or as key for a cache. The ID type appears in a JSON response as a String; however, it is not intended to be human-readable. When expected as an input type, any string (such as `"4"`) or integer (such as `4`) input value will be accepted as an ID.',
  serialize(outputValue) {
    const v = outputObject(outputValue);
    if (typeof v === 'string') return v;
    if (typeof v === 'number') return idFromNumber(v);
    if (typeof v === 'bigint') return String(v);
    return fail(`ID cannot represent value: ${inspect(outputValue)}`);
  },
  parseValue(inputValue) {
    if (typeof inputValue === 'string') return inputValue;
    if (typeof inputValue === 'number') return idFromNumber(inputValue);
    if (typeof inputValue === 'bigint') return String(inputValue);
    return fail(`ID cannot represent value: ${inspect(inputValue)}`);
  },
  parseLiteral(node) {
    if (node.kind !== 'StringValue' && node.kind !== 'IntValue') {
      return fail('ID cannot represent a non-string and non-integer value: ' + print(node), node);
    }
    return node.value;
  },
  valueToLiteral(value) {
    if (typeof value === 'string') return INTEGER.test(value) ? { kind: 'IntValue', value } : { kind: 'StringValue', value, block: false };
    if (typeof value === 'number') return { kind: 'IntValue', value: idFromNumber(value) };
    if (typeof value === 'bigint') return { kind: 'IntValue', value: String(value) };
    return undefined;
  },
});

export const specifiedScalarTypes: readonly GraphQLScalarType[] = [GraphQLString, GraphQLInt, GraphQLFloat, GraphQLBoolean, GraphQLID];

export function isSpecifiedScalarType(type: GraphQLNamedType): boolean {
  return specifiedScalarTypes.some(({ name }) => type.name === name);
}
