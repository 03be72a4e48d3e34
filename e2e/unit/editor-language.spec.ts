// The editor's GraphQL mode (demo/graphql/*), built on Quire's lexer, parser and validate, against
// the real generated SWAPI API (introspected from the engine in memory). graphql-js is the oracle:
// the lint agrees with its validate() on generated documents, and completion offers what its schema holds.

import fc from 'fast-check';
import { buildClientSchema, getNamedType, isCompositeType, parse as gqlParse, validate, type GraphQLSchema, type IntrospectionQuery } from 'graphql';
import { expect, test } from 'playwright/test';
import { EXAMPLES } from '../../demo/app/examples.ts';
import { completionsAt } from '../../demo/graphql/complete.ts';
import { checkDocument } from '../../demo/graphql/lint.ts';
import { validatorFor, type Validator } from '../../demo/graphql/validation.ts';
import { INTROSPECTION_QUERY, namedTypeOf, SchemaModel, type Field } from '../../demo/graphql/schema.ts';
import { walkDocument } from '../../demo/graphql/walk.ts';
import { swapiDatabase } from '../support/engine.ts';

let schema: SchemaModel;
let validation: Validator;
let oracle: GraphQLSchema;
test.beforeAll(async () => {
  const db = await swapiDatabase();
  const result = await db.query(INTROSPECTION_QUERY);
  validation = validatorFor(await db.schema());
  await db.close();
  expect(result.errors).toBeUndefined();
  schema = SchemaModel.fromResult(result)!;
  oracle = buildClientSchema(result.data as unknown as IntrospectionQuery);
});

const labels = (text: string, cursor = text.length) => completionsAt(text, cursor, schema)?.options.map((o) => o.label) ?? [];
const oracleErrors = (text: string) => validate(oracle, gqlParse(text)).map((e) => e.message);

test('the model holds the generated API: roots, plurals, the interface, inputs and enums', () => {
  expect(schema.queryType).toBe('Query');
  expect(schema.mutationType).toBe('Mutation');
  const roots = schema.fieldsOf('Query').map((f) => f.name);
  for (const name of ['people', 'peopleConnection', 'peopleAggregate', 'person', 'speciesList', 'transports', 'starshipsConnection']) {
    expect(roots).toContain(name);
  }
  expect(schema.type('SortOrder')?.enumValues?.map((v) => v.name)).toEqual(['ASC', 'DESC']);
  expect(schema.possibleTypes('Transport').sort()).toEqual(['Starship', 'Vehicle']);
  // Every field type the model names resolves to a type the oracle knows.
  for (const type of schema.types.values()) {
    for (const field of type.fields ?? []) expect(oracle.getType(namedTypeOf(field.type)!)).toBeTruthy();
  }
});

test('completion offers the fields of the type at the cursor, at every depth', () => {
  expect(labels('{ ')).toEqual(expect.arrayContaining(['people', 'film', 'transports', '__typename']));
  expect(labels('{ film(id: "1") { ')).toEqual(schema.fieldsOf('Film').map((f) => f.name));
  expect(labels('{ film(id: "1") { characters { homeworld { ')).toEqual(schema.fieldsOf('Planet').map((f) => f.name));
  expect(labels('mutation { ')).toEqual(schema.fieldsOf('Mutation').map((f) => f.name));
  // The word being typed is replaced from its start.
  const typing = completionsAt('{ peo', 5, schema)!;
  expect(typing.from).toBe(2);
  expect(typing.options.map((o) => o.label)).toContain('people');
});

test('completion offers arguments (not yet given), input fields, enum values and type conditions', () => {
  const peopleArgs = schema.field('Query', 'people')!.args.map((a) => a.name);
  expect(labels('{ people(')).toEqual(peopleArgs);
  expect(labels('{ people(first: 2, ')).toEqual(peopleArgs.filter((a) => a !== 'first'));
  expect(labels('{ people(where: { ')).toEqual(schema.type('PersonWhere')!.inputFields!.map((f) => f.name));
  expect(labels('{ people(where: { height: { ')).toEqual(schema.type('IntFilter')!.inputFields!.map((f) => f.name));
  expect(labels('{ people(orderBy: [{ height: ')).toEqual(['ASC', 'DESC']);
  expect(labels('{ transports { ... on ')).toEqual(['Starship', 'Vehicle']);
  expect(labels('query Q($n: ')).toContain('PersonWhere');
  expect(labels('{ people(first: 2) { name } } # { ')).toEqual([]);
});

test('completion at every selection of a generated document lists exactly the oracle type\'s fields', () => {
  fc.assert(
    fc.property(documentArbitrary(), ({ text, selections }) => {
      for (const { offset, type } of selections) {
        const offered = labels(text, offset).filter((l) => l !== '__typename').sort();
        const fields = Object.keys((oracle.getType(type) as { getFields(): object }).getFields()).sort();
        expect(offered).toEqual(fields);
      }
    }),
    { numRuns: 60 },
  );
});

test('lint: generated documents are clean for both Quire\'s lint and graphql-js', () => {
  fc.assert(
    fc.property(documentArbitrary(), ({ text }) => {
      expect(oracleErrors(text)).toEqual([]);
      expect(checkDocument(text, validation)).toEqual([]);
    }),
    { numRuns: 80 },
  );
});

test('lint: a misspelt field, argument or enum value gets graphql-js\'s errors, at the misspelt token', () => {
  fc.assert(
    fc.property(documentArbitrary(), fc.nat(), fc.constantFrom('field', 'argument'), ({ text, fieldTokens, argumentTokens }, pick, what) => {
      const targets = what === 'field' ? fieldTokens : argumentTokens;
      if (!targets.length) return;
      const target = targets[pick % targets.length]!;
      const broken = `${text.slice(0, target.from)}zz${text.slice(target.from)}`;
      const ours = checkDocument(broken, validation);
      expect(oracleErrors(broken).length).toBeGreaterThan(0);
      expect(ours.map((d) => d.message)).toEqual(oracleErrors(broken));
      expect(ours.every((d) => d.code === 'GRAPHQL_VALIDATION_FAILED')).toBe(true);
      expect(ours.some((d) => d.from === target.from)).toBe(true);
    }),
    { numRuns: 80 },
  );
  const enumCase = '{ people(orderBy: [{ name: UP }]) { name } }';
  expect(oracleErrors(enumCase).length).toBe(1);
  expect(checkDocument(enumCase, validation)).toEqual([
    { from: enumCase.indexOf('UP'), to: enumCase.indexOf('UP') + 2, message: oracleErrors(enumCase)[0], code: 'GRAPHQL_VALIDATION_FAILED' },
  ]);
});

test('lint: missing sub-selections, selections on leaves and missing required arguments', () => {
  for (const text of ['{ film(id: "1") }', '{ people { name { x } } }', '{ film { title } }', '{ transports { ... on Planet { name } } }']) {
    expect(oracleErrors(text).length, text).toBeGreaterThan(0);
    expect(checkDocument(text, validation).map((d) => d.message), text).toEqual(oracleErrors(text));
  }
  // Aliases are not fields: `hero: film(…)` is fine.
  const aliased = '{ hero: film(id: "1") { t: title } }';
  expect(oracleErrors(aliased)).toEqual([]);
  expect(checkDocument(aliased, validation)).toEqual([]);
});

test('lint: syntax errors come from Quire\'s parser with graphql-js\'s location and the parse code', () => {
  fc.assert(
    fc.property(documentArbitrary(), fc.nat(), fc.constantFrom('{', '}', ')', ':', '!', '$'), ({ text }, at, junk) => {
      const position = at % (text.length + 1);
      const broken = text.slice(0, position) + junk + text.slice(position);
      let oracleError = null as { locations?: readonly { line: number; column: number }[] } | null;
      try {
        gqlParse(broken);
      } catch (error) {
        oracleError = error as typeof oracleError;
      }
      const ours = checkDocument(broken, validation);
      if (!oracleError) return;
      expect(ours).toHaveLength(1);
      expect(ours[0]!.code).toBe('GRAPHQL_PARSE_FAILED');
      const { line, column } = oracleError.locations![0]!;
      const lines = broken.split('\n');
      const offset = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + column - 1;
      expect(ours[0]!.from).toBe(Math.min(offset, broken.length));
    }),
    { numRuns: 120 },
  );
});

test('every example but the failing one lints clean; the failing one is flagged at its bad field', () => {
  for (const example of EXAMPLES) {
    const diagnostics = checkDocument(example.query, validation);
    if (example.id === 'error') {
      expect(diagnostics).toHaveLength(1);
      expect(example.query.slice(diagnostics[0]!.from, diagnostics[0]!.to)).toBe('lightsaber');
    } else {
      expect(diagnostics, example.id).toEqual([]);
      expect(oracleErrors(example.query), example.id).toEqual([]);
    }
  }
});

test('highlighting roles: keywords, definitions, fields, aliases, arguments, variables, types, values, comments', () => {
  const text = 'query Q($id: ID!) { # hi\n  f: film(id: $id) { title ...on Film { director } } people(orderBy: [{ name: ASC }], first: 2) { name } x: __typename s: person(id: "1") { name @include(if: true) } }';
  const roles = new Map(walkDocument(text, null).tokens.map((t) => [text.slice(t.from, t.to), t.role]));
  expect(roles.get('query')).toBe('keyword');
  expect(roles.get('Q')).toBe('definition');
  expect(roles.get('ID')).toBe('type');
  expect(roles.get('# hi')).toBe('comment');
  expect(roles.get('f')).toBe('alias');
  expect(roles.get('film')).toBe('field');
  expect(roles.get('title')).toBe('field');
  expect(roles.get('orderBy')).toBe('argument');
  expect(roles.get('ASC')).toBe('enum');
  expect(roles.get('2')).toBe('number');
  expect(roles.get('"1"')).toBe('string');
  expect(roles.get('on')).toBe('keyword');
  expect(roles.get('Film')).toBe('type');
  expect(roles.get('include')).toBe('directive');
  expect(roles.get('true')).toBe('atom');
  // Every character outside tokens is whitespace, commas or punctuation: nothing is lost.
  const covered = new Set<number>();
  for (const t of walkDocument(text, null).tokens) for (let i = t.from; i < t.to; i++) covered.add(i);
  for (let i = 0; i < text.length; i++) if (!covered.has(i)) expect(text[i]).toMatch(/[\s,{}()[\]:!$@.]/);
});

test('the walk never throws on arbitrary text and keeps its tokens in order inside the text', () => {
  fc.assert(
    fc.property(fc.string({ unit: fc.constantFrom(...'{}()[]:$@!.,#"\n abcxyz01ΩQuery'.split('')), maxLength: 80 }), fc.nat(), (text, at) => {
      const walk = walkDocument(text, schema, at % (text.length + 1));
      let last = 0;
      for (const t of walk.tokens) {
        expect(t.from).toBeGreaterThanOrEqual(last);
        expect(t.to).toBeLessThanOrEqual(text.length);
        last = t.to;
      }
      expect(() => checkDocument(text, validation)).not.toThrow();
    }),
    { numRuns: 200 },
  );
});

// ── a generator of valid documents over the generated API ─────────────────────────────────────

interface Generated {
  text: string;
  /** Where a cursor right after `{` sits, and the (oracle) type of that selection set. */
  selections: { offset: number; type: string }[];
  fieldTokens: { from: number }[];
  argumentTokens: { from: number }[];
}

/** Random selections: fields picked by index, composite ones expanded up to depth 3, required args filled. */
function documentArbitrary(): fc.Arbitrary<Generated> {
  return fc.array(fc.nat(), { minLength: 12, maxLength: 40 }).map((picks) => {
    let i = 0;
    const next = () => picks[i++ % picks.length]!;
    const out: Generated = { text: '', selections: [], fieldTokens: [], argumentTokens: [] };
    const emit = (s: string) => (out.text += s);
    const selection = (typeName: string, depth: number) => {
      emit('{');
      out.selections.push({ offset: out.text.length, type: typeName });
      emit(' ');
      const fields = schema.fieldsOf(typeName).filter((f) => f.name !== '__typename');
      const count = 1 + (next() % 3);
      const used = new Set<string>();
      for (let k = 0; k < count; k++) {
        const field = fields[next() % fields.length]!;
        if (used.has(field.name)) continue;
        const target = oracle.getType(namedTypeOf(field.type)!)!;
        if (isCompositeType(getNamedType(target)) && depth >= 3) continue;
        used.add(field.name);
        emitField(field, depth);
        emit(' ');
      }
      if (!used.size) emit('__typename ');
      emit('}');
    };
    const emitField = (field: Field, depth: number) => {
      out.fieldTokens.push({ from: out.text.length });
      emit(field.name);
      const required = field.args.filter((a) => a.type.kind === 'NON_NULL');
      const optional = field.args.find((a) => a.name === 'first');
      const args = [...required, ...(optional && next() % 2 ? [optional] : [])];
      if (args.length) {
        emit('(');
        args.forEach((arg, k) => {
          if (k) emit(', ');
          out.argumentTokens.push({ from: out.text.length });
          emit(`${arg.name}: ${sampleValue(namedTypeOf(arg.type)!)}`);
        });
        emit(')');
      }
      const target = schema.type(namedTypeOf(field.type));
      if (target && (target.kind === 'OBJECT' || target.kind === 'INTERFACE' || target.kind === 'UNION')) {
        emit(' ');
        selection(target.name, depth + 1);
      }
    };
    selection('Query', 0);
    return out;
  });
}

function sampleValue(type: string): string {
  if (type === 'Int') return '3';
  if (type === 'Float') return '1.5';
  if (type === 'Boolean') return 'true';
  return '"1"';
}
