// Hostile-input limits: deep nesting, huge documents, token/field/alias floods. Each must fail fast
// with QUERY_TOO_COMPLEX (never a stack overflow or a hang), and custom limits must be honoured.

import { describe, expect, test } from 'vitest';
import { GraphQLError, QUERY_TOO_COMPLEX } from '../../src/graphql/error.ts';
import {
  DEFAULT_MAX_DEPTH,
  DEFAULT_MAX_INPUT_DEPTH,
  DEFAULT_MAX_TOKENS,
  parse,
  parseType,
  parseValue,
  type ParseOptions,
} from '../../src/graphql/parser.ts';

function failure(run: () => unknown): GraphQLError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(GraphQLError);
    return error as GraphQLError;
  }
  throw new Error('expected the parse to fail');
}

function expectTooComplex(run: () => unknown): GraphQLError {
  const error = failure(run);
  expect(error.extensions.code).toBe(QUERY_TOO_COMPLEX);
  expect(error.locations).toHaveLength(1);
  return error;
}

const NESTING = 100_000;
/** Everything but the limit under test is lifted, so that limit alone must stop the parse. */
const ONLY = (options: ParseOptions): ParseOptions => ({
  maxTokens: Infinity,
  maxDepth: Infinity,
  maxInputDepth: Infinity,
  maxFields: Infinity,
  maxAliases: Infinity,
  ...options,
});

describe('deep nesting fails fast, never overflows the stack', () => {
  const selections = '{a'.repeat(NESTING) + '}'.repeat(NESTING);
  const lists = `{ f(a: ${'['.repeat(NESTING)}${']'.repeat(NESTING)}) }`;
  const objects = `{ f(a: ${'{a:'.repeat(NESTING)}1${'}'.repeat(NESTING)}) }`;
  const listTypes = `query ($v: ${'['.repeat(NESTING)}Int${']'.repeat(NESTING)}) { a }`;
  const inlineFragments = '{' + '... on T {'.repeat(NESTING) + 'a' + '}'.repeat(NESTING + 1);

  test.each([
    ['selection sets', selections, { maxDepth: DEFAULT_MAX_DEPTH }],
    ['inline fragments', inlineFragments, { maxDepth: DEFAULT_MAX_DEPTH }],
    ['list values', lists, { maxInputDepth: DEFAULT_MAX_INPUT_DEPTH }],
    ['object values', objects, { maxInputDepth: DEFAULT_MAX_INPUT_DEPTH }],
    ['list types', listTypes, { maxInputDepth: DEFAULT_MAX_INPUT_DEPTH }],
  ])('%s, 100,000 deep', (_, source, limit) => {
    const error = expectTooComplex(() => parse(source, ONLY(limit)));
    expect(error.message).toMatch(/nested deeper than/);
    // and with the defaults (the token limit or the depth limit, whichever trips first)
    expectTooComplex(() => parse(source));
  });

  test('parseValue and parseType are bounded too', () => {
    expectTooComplex(() => parseValue('['.repeat(NESTING) + ']'.repeat(NESTING)));
    expectTooComplex(() => parseValue('{a:'.repeat(NESTING) + '1' + '}'.repeat(NESTING)));
    expectTooComplex(() => parseType('['.repeat(NESTING) + 'T' + ']'.repeat(NESTING)));
  });

  test('the depth error points at the first selection set that is too deep', () => {
    const error = expectTooComplex(() => parse(selections, ONLY({ maxDepth: 3 })));
    expect(error.positions).toEqual([6]); // `{a{a{a{` — the 4th brace
    expect(error.locations).toEqual([{ line: 1, column: 7 }]);
  });

  test('with every limit lifted, a deep document still fails cleanly instead of crashing', () => {
    const deep = '{a'.repeat(NESTING * 3) + '}'.repeat(NESTING * 3);
    const error = failure(() => parse(deep, ONLY({})));
    expect(error.extensions.code).toBe(QUERY_TOO_COMPLEX);
  });
});

describe('custom depth limits are honoured exactly', () => {
  test.each([1, 2, 5, 64, 200])('maxDepth %i', (maxDepth) => {
    const nested = (n: number) => '{a'.repeat(n) + '}'.repeat(n);
    expect(() => parse(nested(maxDepth), { maxDepth })).not.toThrow();
    expectTooComplex(() => parse(nested(maxDepth + 1), { maxDepth }));
  });

  test.each([1, 3, 128, 300])('maxInputDepth %i (values and types)', (maxInputDepth) => {
    const list = (n: number) => `{ f(a: ${'['.repeat(n)}${']'.repeat(n)}) }`;
    const object = (n: number) => `{ f(a: ${'{a:'.repeat(n)}1${'}'.repeat(n)}) }`;
    const type = (n: number) => `query ($v: ${'['.repeat(n)}Int${']'.repeat(n)}) { a }`;
    for (const build of [list, object, type]) {
      expect(() => parse(build(maxInputDepth), { maxInputDepth })).not.toThrow();
      expectTooComplex(() => parse(build(maxInputDepth + 1), { maxInputDepth }));
    }
  });

  test('sibling nesting does not accumulate depth', () => {
    const siblings = '{' + 'a { b { c } } '.repeat(1000) + '}';
    expect(() => parse(siblings, { maxDepth: 3 })).not.toThrow();
    const values = `{ f(a: [${'[[1]], '.repeat(500)}]) }`;
    expect(() => parse(values, { maxInputDepth: 3 })).not.toThrow();
  });
});

describe('token limit', () => {
  test('the default is 50,000 tokens', () => {
    const fields = (n: number) => '{' + ' a'.repeat(n - 2) + '}'; // n tokens
    const ok = parse(fields(DEFAULT_MAX_TOKENS), { maxFields: Infinity });
    expect(ok.tokenCount).toBe(DEFAULT_MAX_TOKENS);
    const error = expectTooComplex(() => parse(fields(DEFAULT_MAX_TOKENS + 1), { maxFields: Infinity }));
    expect(error.message).toBe(`Document contains more than ${DEFAULT_MAX_TOKENS} tokens. Parsing aborted.`);
  });

  test.each([1, 2, 10, 1000])('maxTokens %i is exact', (maxTokens) => {
    const source = '{' + ' a'.repeat(Math.max(0, maxTokens - 2)) + '}';
    const tokens = maxTokens === 1 ? 2 : maxTokens;
    if (tokens === maxTokens) expect(parse(source, { maxTokens }).tokenCount).toBe(maxTokens);
    expectTooComplex(() => parse(source + ' { b }', { maxTokens }));
  });

  test('comments, commas and whitespace are not tokens', () => {
    const source = '{ a,,,, # comment\n b }\n'.repeat(1);
    expect(parse(source, { maxTokens: 4 }).tokenCount).toBe(4);
  });

  test('a 10 MB document is rejected by the token limit promptly', () => {
    const source = '{ ' + 'field(arg: "value") '.repeat(10_000_000 / 20) + '}';
    expect(source.length).toBeGreaterThanOrEqual(10_000_000);
    const error = expectTooComplex(() => parse(source));
    expect(error.message).toMatch(/more than 50000 tokens/);
    expect(error.positions![0]).toBeLessThan(500_000); // it stopped early, long before the end
  });

  test('a 10 MB document within the default limits parses completely', () => {
    const arg = 'v'.repeat(2000);
    const source = '{ ' + `field(arg: "${arg}", other: """${arg}""") `.repeat(2500) + '}';
    expect(source.length).toBeGreaterThanOrEqual(10_000_000);
    const document = parse(source);
    const operation = document.definitions[0] as unknown as { selectionSet: { selections: unknown[] } };
    expect(operation.selectionSet.selections).toHaveLength(2500);
    expect(document.loc?.end).toBe(source.length);
  });

  test('a 10 MB string, block string or comment is lexed in one pass', () => {
    const big = 'x'.repeat(10_000_000);
    const string = parseValue(`"${big}"`) as { value: string };
    expect(string.value.length).toBe(big.length);
    const block = parseValue(`"""\n  ${big}\n"""`) as { value: string };
    expect(block.value.length).toBe(big.length);
    expect(parse(`#${big}\n{ a }`).definitions).toHaveLength(1);
  });
});

describe('field and alias limits', () => {
  test('the default field limit is 20,000 per definition', () => {
    const fields = (n: number) => '{' + ' a'.repeat(n) + ' }';
    expect(() => parse(fields(20_000))).not.toThrow();
    const error = expectTooComplex(() => parse(fields(20_001)));
    expect(error.message).toMatch(/more than 20000 fields/);
  });

  test('field counts reset per definition and count nested fields', () => {
    const op = (n: number) => '{' + ' a { b }'.repeat(n / 2) + ' }';
    expect(() => parse(op(10) + op(10), { maxFields: 10 })).not.toThrow();
    expectTooComplex(() => parse(op(12), { maxFields: 10 }));
    const fragment = 'fragment F on T {' + ' a'.repeat(11) + ' }';
    expectTooComplex(() => parse(fragment, { maxFields: 10 }));
  });

  test.each([0, 1, 7, 100])('maxAliases %i', (maxAliases) => {
    const aliases = (n: number) => '{' + ' x: a'.repeat(n) + ' b }';
    expect(() => parse(aliases(maxAliases), { maxAliases })).not.toThrow();
    const error = expectTooComplex(() => parse(aliases(maxAliases + 1), { maxAliases }));
    expect(error.message).toMatch(/aliases/);
  });

  test('an alias flood within the token limit is stopped by the alias limit', () => {
    const source = '{' + ' x: a'.repeat(15_000) + ' }';
    expectTooComplex(() => parse(source, { maxAliases: 10_000 }));
  });
});
