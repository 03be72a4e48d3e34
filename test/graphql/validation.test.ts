// Validation against graphql-js 17: over a corpus hitting every rule and over fast-check-generated
// documents against the SWAPI test schema, Quire's validate() reports exactly graphql-js's errors
// (messages and locations), for all rules together and for each rule alone; every error carries
// GRAPHQL_VALIDATION_FAILED; hostile documents (thousands of same-named fields) stay linear.

import fc from 'fast-check';
import * as G from 'graphql';
import { describe, expect, test } from 'vitest';
import { parse } from '../../src/graphql/parser.ts';
import { buildSchema } from '../../src/graphql/type/index.ts';
import * as V from '../../src/graphql/validation/index.ts';
import { document } from './fixtures-validation/generate.ts';
import { INVALID_STARWARS, INVALID_SWAPI, VALID_STARWARS, VALID_SWAPI } from './fixtures-validation/corpus.ts';
import { STARWARS_SDL, SWAPI_SDL } from './fixtures-validation/schemas.ts';

const UNLIMITED = { maxTokens: Infinity, maxDepth: Infinity, maxFields: Infinity, maxAliases: Infinity };
const swapi = { quire: buildSchema(SWAPI_SDL), reference: G.buildSchema(SWAPI_SDL) };
const starwars = { quire: buildSchema(STARWARS_SDL), reference: G.buildSchema(STARWARS_SDL) };
type Schemas = typeof swapi;

/** Errors as comparable, order-independent data. */
const normalise = (errors: ReadonlyArray<{ message: string; locations?: unknown }>): string[] =>
  errors.map((e) => JSON.stringify([e.message, e.locations ?? null])).sort();

const RULE_NAMES = G.specifiedRules.map((r) => r.name);
const quireRule = (name: string): V.ValidationRule => (V as unknown as Record<string, V.ValidationRule>)[name]!;

function ours(schemas: Schemas, source: string, rules?: readonly V.ValidationRule[], options?: V.ValidationOptions): string[] {
  return normalise(V.validate(schemas.quire, parse(source, UNLIMITED), rules, options));
}
function theirs(schemas: Schemas, source: string, rules?: ReadonlyArray<G.ValidationRule>, options?: { hideSuggestions?: boolean; maxErrors?: number }): string[] {
  return normalise(G.validate(schemas.reference, G.parse(source), rules, options));
}

const CASES: Array<[string, Schemas, string]> = [
  ...VALID_SWAPI.map((s): [string, Schemas, string] => ['swapi valid', swapi, s]),
  ...INVALID_SWAPI.map((s): [string, Schemas, string] => ['swapi invalid', swapi, s]),
  ...VALID_STARWARS.map((s): [string, Schemas, string] => ['starwars valid', starwars, s]),
  ...INVALID_STARWARS.map((s): [string, Schemas, string] => ['starwars invalid', starwars, s]),
];

describe('corpus', () => {
  test.each(CASES.map(([kind, schemas, source]) => [kind, source.slice(0, 60), schemas, source] as const))(
    '%s %j: same errors as graphql-js', (kind, _, schemas, source) => {
      const expected = theirs(schemas, source);
      expect(expected.length === 0).toBe(kind.endsWith('valid') && !kind.endsWith('invalid'));
      expect(ours(schemas, source)).toEqual(expected);
    },
  );

  test('each rule alone reports what graphql-js\'s rule reports, and every rule fires somewhere in the corpus', () => {
    const fired = new Set<string>();
    for (const [, schemas, source] of CASES) {
      for (const name of RULE_NAMES) {
        const reference = (G as unknown as Record<string, G.ValidationRule>)[name]!;
        const expected = theirs(schemas, source, [reference]);
        expect({ name, source, errors: ours(schemas, source, [quireRule(name)]) }).toEqual({ name, source, errors: expected });
        if (expected.length > 0) fired.add(name);
      }
    }
    expect(RULE_NAMES.filter((n) => !fired.has(n))).toEqual([]);
  });

  test('errors carry locations and code GRAPHQL_VALIDATION_FAILED', () => {
    for (const source of INVALID_SWAPI) {
      for (const error of V.validate(swapi.quire, parse(source))) {
        expect(error.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
        if (error.message !== 'Validation aborted.') expect(error.locations?.length).toBeGreaterThan(0);
      }
    }
  });

  test('hideSuggestions leaves out the schema\'s names, as graphql-js does', () => {
    for (const source of INVALID_SWAPI) {
      expect(ours(swapi, source, undefined, { hideSuggestions: true })).toEqual(theirs(swapi, source, undefined, { hideSuggestions: true }));
    }
  });

  test('maxErrors stops the pass with graphql-js\'s message', () => {
    const source = `{ ${Array.from({ length: 30 }, (_, i) => `f${i}`).join(' ')} }`;
    const errors = V.validate(swapi.quire, parse(source), undefined, { maxErrors: 10 });
    expect(errors.map((e) => e.message)).toEqual(G.validate(swapi.reference, G.parse(source), undefined, { maxErrors: 10 }).map((e) => e.message));
  });
});

// ---------------------------------------------------------------- generated documents

describe('validateDocument (a schema known to be valid)', () => {
  test('reports exactly graphql-js\'s errors over the whole corpus', () => {
    for (const [, schemas, source] of CASES) {
      expect(normalise(V.validateDocument(schemas.quire, parse(source, UNLIMITED)))).toEqual(theirs(schemas, source));
    }
  });

  test('does not check the schema: where validate throws for an invalid schema, it validates the document', () => {
    const sdl = 'type Query { a: Int } interface I { x: Int } type T implements I { y: Int }';
    const invalid = buildSchema(sdl);
    expect(() => V.validate(invalid, parse('{ a }'))).toThrow(/Interface field I\.x expected but T does not provide it/);
    expect(() => G.validate(G.buildSchema(sdl), G.parse('{ a }'))).toThrow(/Interface field I\.x expected but T does not provide it/);
    expect(V.validateDocument(invalid, parse('{ a }'))).toEqual([]);
    expect(normalise(V.validateDocument(invalid, parse('{ b }')))).toEqual(normalise(G.validate(G.buildSchema(sdl, { assumeValid: true }), G.parse('{ b }'))));
  });
});

describe('generated documents', () => {
  test('validate agrees with graphql-js on every generated document (errors, messages, locations)', () => {
    let invalid = 0;
    fc.assert(fc.property(document, (source) => {
      const expected = theirs(swapi, source, undefined, { maxErrors: 10_000 });
      if (expected.length) invalid++;
      expect(ours(swapi, source, undefined, { maxErrors: 10_000 })).toEqual(expected);
    }), { numRuns: 1000 });
    expect(invalid).toBeGreaterThan(100);
  });

  test('leaf selections with and without conflicting aliases agree with graphql-js', () => {
    const validOnly = fc.tuple(fc.constantFrom('title', 'director', 'id', 'episodeId'), fc.array(fc.constantFrom('title', 'director', 'id', 'episodeId', 'a: title', 'b: id', 'a: director'), { maxLength: 6 }))
      .map(([first, rest]) => `{ films { ${first} ${rest.join(' ')} } }`);
    fc.assert(fc.property(validOnly, (source) => {
      expect(ours(swapi, source)).toEqual(theirs(swapi, source));
    }), { numRuns: 300 });
  });
});

describe('large groups of same-named fields (the overlap fast path)', () => {
  const VARIANTS = [
    'a: film(id: 1) { title }', 'a: film(id: 1) { title }', 'a: film(id: 2) { title }', 'a: film(id: 1) { t: title }',
    'a: film(id: 1) { title t: director }', 'a: film(id: 1) { t: director }', 'a: film(id: 1) { ...FT }', 'a: planet(id: 1) { name }',
    'a: film(id: $v) { title }', 'a: film(id: 1) @skip(if: false) { title }', '... on Query { a: film(id: 1) { title } }',
  ];
  test('groups of 4 to 14 fields drawn from a few shapes: the same errors as graphql-js', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...VARIANTS), { minLength: 4, maxLength: 14 }), (fields) => {
      const source = `query ($v: ID!) { ${fields.join(' ')} } fragment FT on Film { t: title }`;
      const body = fields.some((f) => f.includes('...FT')) ? source : source.replace(' fragment FT on Film { t: title }', '');
      expect(ours(swapi, body)).toEqual(theirs(swapi, body));
    }), { numRuns: 400 });
  });

  test('two sub-selections compared field group against field group: the same errors as graphql-js', () => {
    const leaf = fc.constantFrom('t: title', 't: title', 't: director', 't: id', 't: title @include(if: true)', 'title');
    const group = fc.array(leaf, { minLength: 4, maxLength: 8 }).map((xs) => xs.join(' '));
    fc.assert(fc.property(group, group, (g1, g2) => {
      const source = `{ b: films { ${g1} } b: films { ${g2} } }`;
      expect(ours(swapi, source)).toEqual(theirs(swapi, source));
    }), { numRuns: 300 });
  });
});

describe('hostile documents', () => {
  test('20,000 same-named fields validate, and are valid', () => {
    const source = `{ person(id: 1) { ${'name '.repeat(20_000)} } }`;
    expect(V.validate(swapi.quire, parse(source, UNLIMITED))).toEqual([]);
  });

  test('20,000 identical aliased fields with sub-selections validate, and are valid', () => {
    const source = `{ ${'f: film(id: 1) { title t: director } '.repeat(20_000)} }`;
    expect(V.validate(swapi.quire, parse(source, UNLIMITED))).toEqual([]);
  });

  test('thousands of identical fields plus one conflicting one are rejected, not hung', () => {
    const source = `{ ${'f: film(id: 1) { title } '.repeat(5_000)} f: film(id: 2) { title } }`;
    const messages = V.validate(swapi.quire, parse(source, UNLIMITED)).map((e) => e.message);
    expect(messages.length).toBeGreaterThan(0);
    expect(messages.every((m) => m.includes('conflict because they have differing arguments') || m.includes('aborted'))).toBe(true);
  });

  test('a fragment spread chain 300 deep with overlapping fields: the same answer as graphql-js', () => {
    const fragments = Array.from({ length: 300 }, (_, i) => `fragment F${i} on Film { title id ${i + 1 < 300 ? `...F${i + 1}` : ''} }`).join('\n');
    const source = `{ films { title ...F0 } }\n${fragments}`;
    expect(ours(swapi, source)).toEqual(theirs(swapi, source));
  });
});
