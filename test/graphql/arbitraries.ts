// fast-check arbitraries producing GraphQL source text straight from the grammar (executable and
// type-system documents, values, types), with random ignored tokens between tokens, plus garbling
// mutations. The generated text is what both parsers are fed; nothing here parses.

import fc from 'fast-check';

type Tokens = fc.Arbitrary<string[]>;

const cat = (...parts: Tokens[]): Tokens => fc.tuple(...parts).map((p) => p.flat());
const opt = (arb: Tokens): Tokens => fc.oneof(fc.constant([] as string[]), arb);
const lit = (...tokens: string[]): Tokens => fc.constant(tokens);
const list = (arb: Tokens, minLength: number, maxLength: number): Tokens =>
  fc.array(arb, { minLength, maxLength }).map((a) => a.flat());
const wrapped = (open: string, arb: Tokens, close: string, min = 1, max = 3): Tokens =>
  list(arb, min, max).map((a) => [open, ...a, close]);

const KEYWORDS = ['on', 'query', 'mutation', 'subscription', 'fragment', 'true', 'false', 'null', 'type', 'schema',
  'extend', 'input', 'enum', 'union', 'interface', 'scalar', 'directive', 'implements', 'repeatable'];

export const nameArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('a', 'b', 'id', 'name', 'Film', 'Person', '_x', '__typename', 'A1', 'ASC') },
  { weight: 1, arbitrary: fc.constantFrom(...KEYWORDS) },
  { weight: 2, arbitrary: fc.stringMatching(/^[_A-Za-z][_0-9A-Za-z]{0,7}$/) },
);
const name: Tokens = nameArb.map((n) => [n]);
/** Names graphql-js accepts where a fragment name or enum value is required. */
const plainName: Tokens = nameArb.filter((n) => !['on', 'true', 'false', 'null'].includes(n)).map((n) => [n]);

export const intArb: fc.Arbitrary<string> = fc.oneof(
  fc.integer().map(String),
  fc.constantFrom('0', '-0', '9007199254740993', '-2147483649'),
);

export const floatArb: fc.Arbitrary<string> = fc
  .tuple(
    fc.integer({ min: -99999, max: 99999 }),
    fc.option(fc.stringMatching(/^[0-9]{1,5}$/), { nil: undefined }),
    fc.option(fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '+', '-'), fc.nat(400)), { nil: undefined }),
  )
  .filter(([, frac, exp]) => frac !== undefined || exp !== undefined)
  .map(([int, frac, exp]) => `${int}${frac === undefined ? '' : '.' + frac}${exp === undefined ? '' : exp.join('')}`);

const STRING_PIECES = ['a', ' ', 'é', '☃', '😀', '\u0007', '\t', '\\n', '\\"', '\\\\', '\\/', '\\b', '\\f', '\\r', '\\t',
  '\\u0041', '\\u00E9', '\\uFFFF', '\\u{1F600}', '\\u{41}', '\\u{0}', '\\uD83D\\uDE00', '"""', "'", '#', '{'];

/** The source text of a valid single-quoted string literal. */
export const stringArb: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      fc.constantFrom(...STRING_PIECES),
      fc.string({ maxLength: 6 }).map((s) => s.replace(/["\\\n\r]/g, '_')),
    ),
    { maxLength: 6 },
  )
  .map((pieces) => '"' + pieces.join('').replaceAll('"""', '\\"\\"\\"') + '"');

const BLOCK_PIECES = ['a', 'b c', ' ', '  ', '\t', '\n', '\r\n', '\r', '"', '""', '\\"""', '\\', '\\n', '😀', 'é', '#'];

/** The source text of a valid block string literal, with arbitrary indentation and blank lines. */
export const blockStringArb: fc.Arbitrary<string> = fc
  .array(fc.oneof(fc.constantFrom(...BLOCK_PIECES), fc.string({ maxLength: 5 }).map((s) => s.replace(/["\\]/g, '_'))), {
    maxLength: 12,
  })
  .map((pieces) => {
    let text = pieces.join('').replaceAll('"""', '\\"""');
    // a `"` right before the closing `"""` would end the string early
    while (text.endsWith('"') || text.endsWith('\\')) text = text.slice(0, -1);
    return '"""' + text + '"""';
  });

const description: Tokens = opt(fc.oneof(stringArb, blockStringArb).map((s) => [s]));

function valueArb(depth: number, isConst: boolean): Tokens {
  const leaves: Tokens[] = [
    intArb.map((s) => [s]),
    floatArb.map((s) => [s]),
    stringArb.map((s) => [s]),
    blockStringArb.map((s) => [s]),
    fc.constantFrom(['true'], ['false'], ['null']),
    plainName,
  ];
  if (!isConst) leaves.push(cat(lit('$'), name));
  if (depth <= 0) return fc.oneof(...leaves);
  const inner = valueArb(depth - 1, isConst);
  return fc.oneof(
    ...leaves,
    wrapped('[', inner, ']', 0, 3),
    wrapped('{', cat(name, lit(':'), inner), '}', 0, 3),
  );
}

export function typeArb(depth: number): Tokens {
  const named = name;
  if (depth <= 0) return fc.oneof(named, cat(named, lit('!')));
  const inner = typeArb(depth - 1);
  return fc.oneof(named, cat(named, lit('!')), cat(lit('['), inner, lit(']')), cat(lit('['), inner, lit(']', '!')));
}

const args = (isConst: boolean): Tokens => opt(wrapped('(', cat(name, lit(':'), valueArb(2, isConst)), ')'));
const directives = (isConst: boolean): Tokens => list(cat(lit('@'), name, args(isConst)), 0, 2);

function selectionSetArb(depth: number): Tokens {
  const leafField = cat(opt(cat(name, lit(':'))), name, args(false), directives(false));
  if (depth <= 0) return wrapped('{', leafField, '}', 1, 3);
  const inner = selectionSetArb(depth - 1);
  const field = cat(opt(cat(name, lit(':'))), name, args(false), directives(false), opt(inner));
  const spread = cat(lit('...'), plainName, directives(false));
  const inline = cat(lit('...'), opt(cat(lit('on'), name)), directives(false), inner);
  return fc.oneof(
    { weight: 6, arbitrary: wrapped('{', fc.oneof({ weight: 4, arbitrary: field }, spread, inline), '}', 1, 3) },
    { weight: 1, arbitrary: lit('{', '}') },
  );
}

const variableDefinition: Tokens = cat(
  description,
  lit('$'),
  name,
  lit(':'),
  typeArb(2),
  opt(cat(lit('='), valueArb(2, true))),
  directives(true),
);

const operation: Tokens = fc.oneof(
  selectionSetArb(2),
  cat(
    description,
    fc.constantFrom(['query'], ['mutation'], ['subscription']),
    opt(name),
    opt(wrapped('(', variableDefinition, ')')),
    directives(false),
    selectionSetArb(2),
  ),
);

const fragmentDefinition: Tokens = cat(description, lit('fragment'), plainName, lit('on'), name, directives(false), selectionSetArb(2));

const inputValueDefinition: Tokens = cat(description, name, lit(':'), typeArb(2), opt(cat(lit('='), valueArb(2, true))), directives(true));
const argumentDefinitions: Tokens = opt(wrapped('(', inputValueDefinition, ')'));
const fieldDefinition: Tokens = cat(description, name, argumentDefinitions, lit(':'), typeArb(2), directives(true));
const implementsInterfaces: Tokens = opt(
  cat(lit('implements'), opt(lit('&')), name, list(cat(lit('&'), name), 0, 2)),
);
const fields: Tokens = opt(wrapped('{', fieldDefinition, '}', 1, 3));
const inputFields: Tokens = opt(wrapped('{', inputValueDefinition, '}', 1, 3));
const enumValues: Tokens = opt(wrapped('{', cat(description, plainName, directives(true)), '}', 1, 3));
const unionMembers: Tokens = opt(cat(lit('='), opt(lit('|')), name, list(cat(lit('|'), name), 0, 2)));
const operationTypes: Tokens = wrapped('{', cat(fc.constantFrom(['query'], ['mutation'], ['subscription']), lit(':'), name), '}', 1, 3);
const directiveLocations: Tokens = cat(
  opt(lit('|')),
  fc.constantFrom(['FIELD'], ['QUERY'], ['OBJECT'], ['ENUM_VALUE'], ['FRAGMENT_VARIABLE_DEFINITION'], ['SCHEMA']),
  list(cat(lit('|'), fc.constantFrom(['MUTATION'], ['INPUT_OBJECT'], ['ARGUMENT_DEFINITION'])), 0, 2),
);

const typeSystemDefinition: Tokens = fc.oneof(
  cat(description, lit('schema'), directives(true), operationTypes),
  cat(description, lit('scalar'), name, directives(true)),
  cat(description, lit('type'), name, implementsInterfaces, directives(true), fields),
  cat(description, lit('interface'), name, implementsInterfaces, directives(true), fields),
  cat(description, lit('union'), name, directives(true), unionMembers),
  cat(description, lit('enum'), name, directives(true), enumValues),
  cat(description, lit('input'), name, directives(true), inputFields),
  cat(description, lit('directive', '@'), name, argumentDefinitions, directives(true), opt(lit('repeatable')), lit('on'), directiveLocations),
);

const nonEmptyDirectives = list(cat(lit('@'), name, args(true)), 1, 2);
const typeSystemExtension: Tokens = fc.oneof(
  cat(lit('extend', 'schema'), nonEmptyDirectives, opt(operationTypes)),
  cat(lit('extend', 'scalar'), name, nonEmptyDirectives),
  cat(lit('extend', 'type'), name, implementsInterfaces, directives(true), wrapped('{', fieldDefinition, '}')),
  cat(lit('extend', 'interface'), name, nonEmptyDirectives, fields),
  cat(lit('extend', 'union'), name, nonEmptyDirectives, unionMembers),
  cat(lit('extend', 'enum'), name, directives(true), wrapped('{', cat(plainName, directives(true)), '}')),
  cat(lit('extend', 'input'), name, nonEmptyDirectives, inputFields),
  cat(lit('extend', 'directive', '@'), name, nonEmptyDirectives),
);

const IGNORED = [' ', ' ', ' ', '\n', '\t', ',', '\r\n', '\r', ' # comment 😀\n', '\uFEFF', ',  ,'];

/** Join tokens with at least one ignored token between each pair, chosen by `picks`. */
function join(tokens: string[], picks: number[]): string {
  let out = '';
  for (let i = 0; i < tokens.length; i++) {
    out += (i === 0 ? '' : IGNORED[picks[i % picks.length]! % IGNORED.length]!) + tokens[i];
  }
  return out;
}

function sourceOf(definitions: Tokens, maxDefinitions: number): fc.Arbitrary<string> {
  return fc
    .tuple(list(definitions, 1, maxDefinitions), fc.array(fc.nat(100), { minLength: 1, maxLength: 64 }))
    .map(([tokens, picks]) => join(tokens, picks));
}

/** Executable documents: operations and fragments. */
export const executableDocumentArb = sourceOf(fc.oneof(operation, fragmentDefinition), 3);
/** Type-system documents: definitions and extensions. */
export const typeSystemDocumentArb = sourceOf(fc.oneof(typeSystemDefinition, typeSystemExtension), 4);
/** Any document. */
export const documentArb = fc.oneof(executableDocumentArb, typeSystemDocumentArb);
/** A value literal's source (variables allowed). */
export const valueSourceArb = sourceOf(valueArb(3, false), 1);
/** A type reference's source. */
export const typeSourceArb = sourceOf(typeArb(4), 1);

const GARBAGE = ['{', '}', '(', ')', '[', ']', ':', '$', '@', '!', '=', '|', '&', '...', '..', '.', '"', '"""', '\\',
  '#', '\n', '-', '0', '01', '1.', '.5', '1e', 'e', 'x', 'on', 'query', '\uD800', '\uDC00', '😀', '?', "'", '\u0000'];

/** A document garbled by deletions, insertions and duplications at random places. */
export const garbledDocumentArb: fc.Arbitrary<string> = fc
  .tuple(
    documentArb,
    fc.array(
      fc.tuple(fc.nat(), fc.constantFrom('delete', 'insert', 'duplicate'), fc.nat(6), fc.constantFrom(...GARBAGE)),
      { minLength: 1, maxLength: 3 },
    ),
  )
  .map(([source, edits]) => {
    let text = source;
    for (const [at, op, length, garbage] of edits) {
      const i = at % (text.length + 1);
      if (op === 'delete') text = text.slice(0, i) + text.slice(i + length + 1);
      else if (op === 'insert') text = text.slice(0, i) + garbage + text.slice(i);
      else text = text.slice(0, i) + text.slice(i, i + length + 1) + text.slice(i);
    }
    return text;
  });

/** Random text over an alphabet dense in lexically significant characters. */
export const lexicalSoupArb: fc.Arbitrary<string> = fc
  .array(
    fc.constantFrom('"', '"""', '\\', 'u', '{', '}', '0', '1', '9', '.', 'e', 'E', '-', '+', 'a', 'Z', '_', ' ', '\t', '\n',
      '\r', ',', '#', '\uD83D', '\uDE00', '\uD800', '\uDC00', '😀', 'é', '\u0000', '\u0007', '\uFEFF', '$', '&', '!',
      '@', '|', '=', ':', '[', ']', '(', ')', "'", '?', 'D', 'F', '\\u', '\\u{', '\\"""'),
    { maxLength: 24 },
  )
  .map((parts) => parts.join(''));
