// A tolerant token scan of a GraphQL document with Quire's own lexer (src/graphql/lexer.ts), for the
// editor: it also reports the comments the lexer skips and keeps going past characters it rejects.
// Never parses, never looks at a schema.

import { GraphQLError } from '../../src/graphql/error.ts';
import {
  Lexer,
  TOKEN_BLOCK_STRING,
  TOKEN_EOF,
  TOKEN_FLOAT,
  TOKEN_INT,
  TOKEN_NAME,
  TOKEN_STRING,
} from '../../src/graphql/lexer.ts';
import { Source } from '../../src/graphql/source.ts';

/** A lexer token kind (TOKEN_*, a punctuator's char code), or one of the two below. */
export const TOKEN_COMMENT = -1;
export const TOKEN_INVALID = -2;

export interface ScannedToken {
  kind: number;
  start: number;
  end: number;
  /** The token's text (for names and numbers) — punctuators and strings keep it empty. */
  text: string;
}

export function isValueToken(kind: number): boolean {
  return kind === TOKEN_STRING || kind === TOKEN_BLOCK_STRING || kind === TOKEN_INT || kind === TOKEN_FLOAT;
}

export { TOKEN_NAME };

/** Every token of `text` in order, comments and rejected characters included. */
export function scanTokens(text: string): ScannedToken[] {
  const tokens: ScannedToken[] = [];
  const lexer = new Lexer(new Source(text));
  let gapStart = 0;
  for (;;) {
    let failedAt = -1;
    try {
      lexer.advance();
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      failedAt = Math.max(error.positions?.[0] ?? lexer.end, lexer.end);
    }
    if (failedAt >= 0) {
      // An unterminated string fails at the end of its line: colour it as a string up to there.
      const quote = text.indexOf('"', gapStart);
      const isString = quote >= 0 && quote < failedAt && !text.slice(gapStart, quote).includes('#');
      const start = isString ? quote : failedAt;
      pushComments(text, gapStart, start, tokens);
      const end = Math.min(text.length, Math.max(failedAt, start) + 1);
      tokens.push({ kind: isString ? TOKEN_STRING : TOKEN_INVALID, start, end, text: '' });
      if (end >= text.length) break;
      lexer.end = end; // keep scanning after the rejected character
      gapStart = end;
      continue;
    }
    pushComments(text, gapStart, lexer.start, tokens);
    if (lexer.kind === TOKEN_EOF) break;
    const named = lexer.kind === TOKEN_NAME || lexer.kind === TOKEN_INT || lexer.kind === TOKEN_FLOAT;
    tokens.push({ kind: lexer.kind, start: lexer.start, end: lexer.end, text: named ? text.slice(lexer.start, lexer.end) : '' });
    gapStart = lexer.end;
  }
  return tokens;
}

/** `#` comments in a stretch the lexer skipped (only whitespace, commas and comments live there). */
function pushComments(text: string, from: number, to: number, out: ScannedToken[]): void {
  let position = text.indexOf('#', from);
  while (position >= 0 && position < to) {
    let end = position;
    while (end < to && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++;
    out.push({ kind: TOKEN_COMMENT, start: position, end, text: '' });
    position = text.indexOf('#', end);
  }
}
