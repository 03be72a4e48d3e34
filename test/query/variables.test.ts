// Variable coercion: the engine's fast path for built-in scalar variables must coerce exactly as
// the specification's full coercion (src/graphql getVariableValues) — same values, same failures.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildApi } from '../../src/query/api.ts';
import { coerceVariables } from '../../src/query/execute.ts';
import { parse } from '../../src/graphql/parser.ts';
import type { OperationDefinitionNode } from '../../src/graphql/ast.ts';
import { getVariableValues } from '../../src/graphql/type/values.ts';
import { catalogOf, swapiSdl } from './fixtures.ts';

const api = buildApi(catalogOf(swapiSdl));
// Built-in scalars take the fast path; an input object, a list or a default value make the whole
// operation take the full coercion.
const KINDS = ['Int', 'Float', 'String', 'ID', 'Boolean', 'PersonWhere', '[Int!]', 'Int = 3'];
const anyValue = fc.oneof(
  fc.integer(), fc.integer({ min: -(2 ** 33), max: 2 ** 33 }), fc.double(), fc.constantFrom(-0, NaN, Infinity, 2 ** 31, -(2 ** 31), 2 ** 31 - 1),
  fc.string({ maxLength: 4 }), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.constant([1]), fc.constant({ a: 1 }),
  fc.constant({ name: { eq: 'Luke' } }), fc.constant({ height: { gt: '1' } }),
);

describe('variable coercion', () => {
  it('the built-in scalar fast path agrees with the full coercion on every value', () => {
    const defs = fc.array(fc.record({ kind: fc.constantFrom(...KINDS), nonNull: fc.boolean(), value: anyValue, present: fc.boolean() }), { minLength: 1, maxLength: 4 });
    fc.assert(fc.property(defs, (ds) => {
      const text = `query (${ds.map((d, i) => d.kind.includes('=') ? `$v${i}: ${d.kind}` : `$v${i}: ${d.kind}${d.nonNull ? '!' : ''}`).join(', ')}) { __typename }`;
      const op = parse(text).definitions[0] as OperationDefinitionNode;
      const inputs: Record<string, unknown> = {};
      ds.forEach((d, i) => { if (d.present) inputs[`v${i}`] = d.value; });
      const mine = coerceVariables(api, op, inputs);
      const full = getVariableValues(api.graphqlSchema, op.variableDefinitions ?? [], inputs, { maxErrors: 50 });
      if (full.errors) {
        expect('errors' in mine).toBe(true);
        expect(('errors' in mine ? mine.errors : []).map((e) => e.message)).toEqual(full.errors.map((e) => e.message));
      } else {
        expect(mine).toEqual({ coerced: { ...full.coerced } });
        if ('coerced' in mine) for (const k of Object.keys(mine.coerced)) if (typeof mine.coerced[k] !== 'object') expect(Object.is(mine.coerced[k], (full.coerced as Record<string, unknown>)[k])).toBe(true);
      }
    }), { numRuns: 2000 });
  });
});
