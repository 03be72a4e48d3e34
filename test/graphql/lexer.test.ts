// The lexer against graphql-js's Lexer: token streams (kind, start, end, value) or the first error
// (message, location) agree for random text dense in lexical edge cases, numbers, strings and block
// strings; plus the block-string and string printing helpers against graphql-js's.

import fc from 'fast-check';
import * as graphqlJs from 'graphql';
import * as referenceBlockString from 'graphql/language/blockString';
import { describe, expect, test } from 'vitest';
import {
  blockStringValue,
  dedentBlockStringLines,
  isPrintableAsBlockString,
  printBlockString,
} from '../../src/graphql/blockString.ts';
import { Lexer, TOKEN_EOF, tokenKindDesc } from '../../src/graphql/lexer.ts';
import { printString } from '../../src/graphql/printString.ts';
import { Source } from '../../src/graphql/source.ts';
import { blockStringArb, floatArb, intArb, lexicalSoupArb, stringArb } from './arbitraries.ts';

interface TokenView {
  kind: string;
  start: number;
  end: number;
  value: string | undefined;
}
type LexOutcome = { tokens: TokenView[]; error?: { message: string; locations: unknown } };

function kindName(kind: number): string {
  const desc = tokenKindDesc(kind);
  return desc.startsWith('"') ? desc.slice(1, -1) : desc; // graphql-js TokenKind values
}

function lexQuire(text: string): LexOutcome {
  const tokens: TokenView[] = [];
  const lexer = new Lexer(new Source(text));
  try {
    do {
      lexer.advance();
      tokens.push({ kind: kindName(lexer.kind), start: lexer.start, end: lexer.end, value: lexer.value() });
    } while (lexer.kind !== TOKEN_EOF);
  } catch (error) {
    const e = error as { message: string; locations: unknown };
    return { tokens, error: { message: e.message, locations: e.locations } };
  }
  return { tokens };
}

function lexReference(text: string): LexOutcome {
  const tokens: TokenView[] = [];
  const lexer = new graphqlJs.Lexer(new graphqlJs.Source(text));
  try {
    let token;
    do {
      token = lexer.advance();
      tokens.push({ kind: token.kind, start: token.start, end: token.end, value: token.value });
    } while (token.kind !== '<EOF>');
  } catch (error) {
    const e = error as { message: string; locations: unknown };
    return { tokens, error: { message: e.message, locations: JSON.parse(JSON.stringify(e.locations)) } };
  }
  return { tokens };
}

const same = (text: string): void => {
  expect(lexQuire(text)).toEqual(lexReference(text));
};

describe('lexer vs graphql-js', () => {
  test('random text dense in lexical edge cases', () => {
    fc.assert(fc.property(lexicalSoupArb, same), { numRuns: 3000 });
  });

  test('ints and floats, alone and followed by anything', () => {
    const numberish = fc.oneof(intArb, floatArb, fc.stringMatching(/^-?[0-9]{0,3}(\.[0-9]{0,3})?([eE][+-]?[0-9]{0,3})?[.a-z_0-9]?$/));
    fc.assert(fc.property(numberish, fc.constantFrom('', ' ', 'a', '.', '_', '0', 'e', '-', ')'), (n, next) => same(n + next)), {
      numRuns: 1500,
    });
  });

  test('strings and block strings (escapes, surrogates, indentation, line terminators)', () => {
    fc.assert(fc.property(stringArb, blockStringArb, (s, b) => same(`${s} ${b} ${s}${b}`)), { numRuns: 1500 });
  });

  test('strings with arbitrary UTF-16 content, including lone surrogates and controls', () => {
    const units = fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 12 }).map((a) => String.fromCharCode(...a));
    fc.assert(
      fc.property(units, (content) => {
        same(`"${content}"`);
        same(`"""${content}"""`);
        same(`# ${content}\nname`);
      }),
      { numRuns: 1500 },
    );
  });

  test.each([
    ['-0', '1e10', '0x1', '01', '1.', '.5', '1e', '1.5e+', '12a', '1.2.3', '-', '--1', '0.0e0', '00'],
    ['"\\u{1F600}"', '"\\uD83D\\uDE00"', '"\\uD800"', '"\\u{D800}"', '"\\u{110000}"', '"\\u{}"', '"\\u{12345678}"'],
    ['"""\n    a\n      b\n\n    c\n  """', '"""\r\n  x\r\n  y\r\n"""', '"""\\""" \\"""x"""', '""""""', '"""a""""'],
    ['\uFEFF{a}', '{a}\r\n', '# c\r\n{a}', '...', '..', '.', '&|!$@=:', "'x'", '?', '\u0000'],
  ])('edge cases %#', (...cases) => {
    for (const text of cases) same(text);
  });
});

describe('block strings and string printing vs graphql-js', () => {
  const lines = fc.array(
    fc.oneof(
      fc.constantFrom('', ' ', '  ', '\t', '    x', '  y z', 'a', '\t\tb'),
      fc.string({ maxLength: 8 }).map((s) => s.replace(/[\n\r]/g, '')),
    ),
    { maxLength: 8 },
  );

  test('dedentBlockStringLines and blockStringValue = graphql-js dedentBlockStringLines', () => {
    fc.assert(
      fc.property(lines, (ls) => {
        const expected = referenceBlockString.dedentBlockStringLines(ls);
        expect(dedentBlockStringLines(ls)).toEqual(expected);
        if (ls.every((l) => !l.includes('\n'))) expect(blockStringValue(ls.join('\n'))).toBe(expected.join('\n'));
      }),
      { numRuns: 2000 },
    );
  });

  const anyText = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 20 }),
    lines.map((ls) => ls.join('\n')),
    fc.constantFrom('"', '""', '"""', 'a"""b', '\\', 'x\\', ' lead', '\n', 'a\r\nb', 'z'.repeat(71)),
  );

  test('printString and printBlockString = graphql-js', () => {
    fc.assert(
      fc.property(anyText, fc.boolean(), (text, minimize) => {
        expect(printString(text)).toBe(graphqlJs.print({ kind: graphqlJs.Kind.STRING, value: text }));
        expect(printBlockString(text, { minimize })).toBe(referenceBlockString.printBlockString(text, { minimize }));
        expect(isPrintableAsBlockString(text)).toBe(referenceBlockString.isPrintableAsBlockString(text));
      }),
      { numRuns: 2000 },
    );
  });

  test('printed strings lex back to the same value', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const lexer = new Lexer(new Source(printString(text)));
        lexer.advance();
        expect(lexer.value()).toBe(text);
        if (isPrintableAsBlockString(text)) {
          const block = new Lexer(new Source(printBlockString(text)));
          block.advance();
          expect(block.value()).toBe(text);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
