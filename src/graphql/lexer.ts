// The GraphQL lexical grammar: turns a Source into a stream of tokens, one at a time, with no object
// per token — the current token lives in the Lexer's fields (kind, start, end, decoded string value).
// Never builds AST nodes, never looks at more than one token ahead (except `lookahead()`).

import { blockStringValue, dedentBlockStringLines } from './blockString.ts';
import { syntaxError, tooComplexError } from './error.ts';
import type { Source } from './source.ts';

// Token kinds. A punctuator's kind is its own character code, so lexing one costs no table lookup.
export const TOKEN_BANG = 0x21; // !
export const TOKEN_DOLLAR = 0x24; // $
export const TOKEN_AMP = 0x26; // &
export const TOKEN_PAREN_L = 0x28; // (
export const TOKEN_PAREN_R = 0x29; // )
export const TOKEN_SPREAD = 0x2e; // ...
export const TOKEN_COLON = 0x3a; // :
export const TOKEN_EQUALS = 0x3d; // =
export const TOKEN_AT = 0x40; // @
export const TOKEN_BRACKET_L = 0x5b; // [
export const TOKEN_BRACKET_R = 0x5d; // ]
export const TOKEN_BRACE_L = 0x7b; // {
export const TOKEN_PIPE = 0x7c; // |
export const TOKEN_BRACE_R = 0x7d; // }
export const TOKEN_NAME = 0x100;
export const TOKEN_INT = 0x101;
export const TOKEN_FLOAT = 0x102;
export const TOKEN_STRING = 0x103;
export const TOKEN_BLOCK_STRING = 0x104;
export const TOKEN_SOF = 0x105;
export const TOKEN_EOF = 0x106;

/** How graphql-js names a token kind in error messages (`"{"`, `Name`, `<EOF>` …). */
export function tokenKindDesc(kind: number): string {
  switch (kind) {
    case TOKEN_NAME:
      return 'Name';
    case TOKEN_INT:
      return 'Int';
    case TOKEN_FLOAT:
      return 'Float';
    case TOKEN_STRING:
      return 'String';
    case TOKEN_BLOCK_STRING:
      return 'BlockString';
    case TOKEN_SOF:
      return '<SOF>';
    case TOKEN_EOF:
      return '<EOF>';
    case TOKEN_SPREAD:
      return '"..."';
    default:
      return `"${String.fromCharCode(kind)}"`;
  }
}

function isUnicodeScalarValue(code: number): boolean {
  return (code >= 0 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0x10ffff);
}

function isLeadingSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isTrailingSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

function isSupplementaryCodePoint(body: string, position: number): boolean {
  return isLeadingSurrogate(body.charCodeAt(position)) && isTrailingSurrogate(body.charCodeAt(position + 1));
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

function isNameStart(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || code === 0x5f;
}

function printCodePointAt(body: string, position: number): string {
  const code = body.codePointAt(position);
  if (code === undefined) return '<EOF>';
  if (code >= 0x20 && code <= 0x7e) {
    const char = String.fromCodePoint(code);
    return char === '"' ? `'"'` : `"${char}"`;
  }
  return 'U+' + code.toString(16).toUpperCase().padStart(4, '0');
}

function readHexDigit(code: number): number {
  return code >= 0x30 && code <= 0x39
    ? code - 0x30
    : code >= 0x41 && code <= 0x46
      ? code - 0x37
      : code >= 0x61 && code <= 0x66
        ? code - 0x57
        : -1;
}

function read16BitHexCode(body: string, position: number): number {
  return (
    (readHexDigit(body.charCodeAt(position)) << 12) |
    (readHexDigit(body.charCodeAt(position + 1)) << 8) |
    (readHexDigit(body.charCodeAt(position + 2)) << 4) |
    readHexDigit(body.charCodeAt(position + 3))
  );
}

/** A token's identity captured by `lookahead()`. */
export interface PeekedToken {
  readonly kind: number;
  readonly start: number;
  /** The token's text for names, numbers and strings (decoded); undefined for punctuators. */
  readonly value: string | undefined;
}

export class Lexer {
  readonly source: Source;
  readonly body: string;
  /** Kind of the current token (TOKEN_*). */
  kind = TOKEN_SOF;
  /** UTF-16 offset of the current token's first character. */
  start = 0;
  /** UTF-16 offset just past the current token. */
  end = 0;
  /** End of the token before the current one (where a node that ended there stops). */
  prevEnd = 0;
  /** Decoded value of the current STRING / BLOCK_STRING token. */
  stringValue = '';
  /** Lexical tokens consumed so far (comments and other ignored tokens excluded). */
  tokenCount = 0;
  /** Limit on `tokenCount` (QUERY_TOO_COMPLEX past it). */
  maxTokens = Infinity;
  /** The text an escape decoded to (set by the readUnicode* helpers, which return the escape's size). */
  private escaped = '';

  constructor(source: Source) {
    this.source = source;
    this.body = source.body;
  }

  /** The current token's value as graphql-js's Token.value has it (undefined for punctuators/EOF). */
  value(): string | undefined {
    const kind = this.kind;
    if (kind === TOKEN_NAME || kind === TOKEN_INT || kind === TOKEN_FLOAT) return this.body.slice(this.start, this.end);
    if (kind === TOKEN_STRING || kind === TOKEN_BLOCK_STRING) return this.stringValue;
    return undefined;
  }

  /** The token after the current one, without consuming anything. */
  lookahead(): PeekedToken {
    const { kind, start, end, prevEnd, stringValue, tokenCount } = this;
    if (kind === TOKEN_EOF) return { kind, start, value: undefined };
    this.advance();
    this.tokenCount = tokenCount;
    const peeked: PeekedToken = { kind: this.kind, start: this.start, value: this.value() };
    this.kind = kind;
    this.start = start;
    this.end = end;
    this.prevEnd = prevEnd;
    this.stringValue = stringValue;
    return peeked;
  }

  /**
   * Move to the next significant token (skipping ignored tokens: whitespace, commas, comments,
   * BOM). Counts the token being left, so the count is exact once EOF is reached; the limit error
   * points at the first token past the limit.
   */
  advance(): void {
    if (this.kind < TOKEN_SOF && ++this.tokenCount > this.maxTokens) {
      throw tooComplexError(this.source, this.start, `Document contains more than ${this.maxTokens} tokens. Parsing aborted.`);
    }
    const body = this.body;
    const length = body.length;
    let position = this.end;
    this.prevEnd = position;
    while (position < length) {
      const code = body.charCodeAt(position);
      // Fast paths first, in order of frequency: ignored whitespace, then names.
      if (code <= 0x20 ? code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09 : code === 0x2c || code === 0xfeff) {
        ++position;
        continue;
      }
      if (code >= 0x61 ? code <= 0x7a : (code >= 0x41 && code <= 0x5a) || code === 0x5f) {
        let p = position + 1;
        while (p < length) {
          const c = body.charCodeAt(p);
          if (c >= 0x61 ? c <= 0x7a : (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f) ++p;
          else break;
        }
        this.kind = TOKEN_NAME;
        this.start = position;
        this.end = p;
        return;
      }
      switch (code) {
        case 0x23: // # comment: to end of line (or to an invalid code unit, reported next)
          ++position;
          while (position < length) {
            const c = body.charCodeAt(position);
            if (c === 0x0a || c === 0x0d) break;
            if (c < 0xd800 || c > 0xdfff) ++position;
            else if (isSupplementaryCodePoint(body, position)) position += 2;
            else break;
          }
          continue;
        case 0x21:
        case 0x24:
        case 0x26:
        case 0x28:
        case 0x29:
        case 0x3a:
        case 0x3d:
        case 0x40:
        case 0x5b:
        case 0x5d:
        case 0x7b:
        case 0x7c:
        case 0x7d:
          this.kind = code;
          this.start = position;
          this.end = position + 1;
          return;
        case 0x2e: {
          // .
          const next = body.charCodeAt(position + 1);
          if (next === 0x2e && body.charCodeAt(position + 2) === 0x2e) {
            this.kind = TOKEN_SPREAD;
            this.start = position;
            this.end = position + 3;
            return;
          }
          if (next === 0x2e) throw syntaxError(this.source, position, 'Unexpected "..", did you mean "..."?');
          if (isDigit(next)) {
            const digits = body.slice(position + 1, this.#readDigits(position + 1, next));
            throw syntaxError(
              this.source,
              position,
              `Invalid number, expected digit before ".", did you mean "0.${digits}"?`,
            );
          }
          break;
        }
        case 0x22: // "
          if (body.charCodeAt(position + 1) === 0x22 && body.charCodeAt(position + 2) === 0x22) {
            this.#readBlockString(position);
          } else {
            this.#readString(position);
          }
          return;
      }
      if ((code >= 0x30 && code <= 0x39) || code === 0x2d) {
        this.#readNumber(position, code);
        return;
      }
      throw syntaxError(
        this.source,
        position,
        code === 0x27
          ? 'Unexpected single quote character (\'), did you mean to use a double quote (")?'
          : isUnicodeScalarValue(code) || isSupplementaryCodePoint(body, position)
            ? `Unexpected character: ${printCodePointAt(body, position)}.`
            : `Invalid character: ${printCodePointAt(body, position)}.`,
      );
    }
    this.kind = TOKEN_EOF;
    this.start = length;
    this.end = length;
  }

  #readNumber(start: number, firstCode: number): void {
    const body = this.body;
    let position = start;
    let code = firstCode;
    let isFloat = false;
    if (code === 0x2d) code = body.charCodeAt(++position); // -
    if (code === 0x30) {
      code = body.charCodeAt(++position);
      if (isDigit(code)) {
        throw syntaxError(
          this.source,
          position,
          `Invalid number, unexpected digit after 0: ${printCodePointAt(body, position)}.`,
        );
      }
    } else {
      position = this.#readDigits(position, code);
      code = body.charCodeAt(position);
    }
    if (code === 0x2e) {
      isFloat = true;
      code = body.charCodeAt(++position);
      position = this.#readDigits(position, code);
      code = body.charCodeAt(position);
    }
    if (code === 0x45 || code === 0x65) {
      // E e
      isFloat = true;
      code = body.charCodeAt(++position);
      if (code === 0x2b || code === 0x2d) code = body.charCodeAt(++position);
      position = this.#readDigits(position, code);
      code = body.charCodeAt(position);
    }
    if (code === 0x2e || isNameStart(code)) {
      throw syntaxError(
        this.source,
        position,
        `Invalid number, expected digit but got: ${printCodePointAt(body, position)}.`,
      );
    }
    this.kind = isFloat ? TOKEN_FLOAT : TOKEN_INT;
    this.start = start;
    this.end = position;
  }

  #readDigits(start: number, firstCode: number): number {
    if (!isDigit(firstCode)) {
      throw syntaxError(
        this.source,
        start,
        `Invalid number, expected digit but got: ${printCodePointAt(this.body, start)}.`,
      );
    }
    const body = this.body;
    let position = start + 1;
    while (isDigit(body.charCodeAt(position))) ++position;
    return position;
  }

  #readString(start: number): void {
    const body = this.body;
    const length = body.length;
    let position = start + 1;
    // Fast path: a string with no escapes on one line is everything up to the next `"` (found
    // natively), provided nothing before it needs attention: `\\`, a line terminator (or another
    // control character below U+000E, rare and handled by the full loop) or a surrogate.
    const close = body.indexOf('"', position);
    if (close !== -1) {
      let i = position;
      for (; i < close; i++) {
        const c = body.charCodeAt(i);
        if (c < 0x0e || c === 0x5c || (c & 0xf800) === 0xd800) break;
      }
      if (i === close) {
        this.stringValue = body.slice(position, close);
        this.kind = TOKEN_STRING;
        this.start = start;
        this.end = close + 1;
        return;
      }
    }
    let chunkStart = position;
    let value = '';
    while (position < length) {
      const code = body.charCodeAt(position);
      // Fast path: anything but `"`, `\`, line terminators, control characters and surrogates.
      if (code >= 0x23 ? code !== 0x5c && code < 0xd800 : code === 0x20 || code === 0x21) {
        ++position;
        continue;
      }
      if (code >= 0xd800) {
        if (code > 0xdfff) ++position;
        else if (isSupplementaryCodePoint(body, position)) position += 2;
        else throw syntaxError(this.source, position, `Invalid character within String: ${printCodePointAt(body, position)}.`);
        continue;
      }
      if (code === 0x22) {
        this.stringValue = chunkStart === start + 1 ? body.slice(chunkStart, position) : value + body.slice(chunkStart, position);
        this.kind = TOKEN_STRING;
        this.start = start;
        this.end = position + 1;
        return;
      }
      if (code === 0x5c) {
        // backslash escape
        value += body.slice(chunkStart, position);
        const next = body.charCodeAt(position + 1);
        if (next === 0x75) {
          // \u
          position += body.charCodeAt(position + 2) === 0x7b ? this.#readUnicodeVariable(position) : this.#readUnicodeFixed(position);
          value += this.escaped;
        } else {
          value += this.#readEscapedCharacter(position, next);
          position += 2;
        }
        chunkStart = position;
        continue;
      }
      if (code === 0x0a || code === 0x0d) break;
      ++position; // space, `!` and other characters below `"`
    }
    throw syntaxError(this.source, position, 'Unterminated string.');
  }

  #readUnicodeVariable(position: number): number {
    const body = this.body;
    let point = 0;
    let size = 3;
    while (size < 12) {
      const code = body.charCodeAt(position + size++);
      if (code === 0x7d) {
        if (size < 5 || !isUnicodeScalarValue(point)) break;
        this.escaped = String.fromCodePoint(point);
        return size;
      }
      point = (point << 4) | readHexDigit(code);
      if (point < 0) break;
    }
    throw syntaxError(this.source, position, `Invalid Unicode escape sequence: "${body.slice(position, position + size)}".`);
  }

  #readUnicodeFixed(position: number): number {
    const body = this.body;
    const code = read16BitHexCode(body, position + 2);
    if (isUnicodeScalarValue(code)) {
      this.escaped = String.fromCharCode(code);
      return 6;
    }
    if (isLeadingSurrogate(code) && body.charCodeAt(position + 6) === 0x5c && body.charCodeAt(position + 7) === 0x75) {
      const trailing = read16BitHexCode(body, position + 8);
      if (isTrailingSurrogate(trailing)) {
        this.escaped = String.fromCharCode(code, trailing);
        return 12;
      }
    }
    throw syntaxError(this.source, position, `Invalid Unicode escape sequence: "${body.slice(position, position + 6)}".`);
  }

  #readEscapedCharacter(position: number, code: number): string {
    switch (code) {
      case 0x22:
        return '"';
      case 0x5c:
        return '\\';
      case 0x2f:
        return '/';
      case 0x62:
        return '\b';
      case 0x66:
        return '\f';
      case 0x6e:
        return '\n';
      case 0x72:
        return '\r';
      case 0x74:
        return '\t';
    }
    throw syntaxError(
      this.source,
      position,
      `Invalid character escape sequence: "${this.body.slice(position, position + 2)}".`,
    );
  }

  #readBlockString(start: number): void {
    const body = this.body;
    const length = body.length;
    let position = start + 3;
    // Fast path: no `\\` (which might escape a triple quote), `\r` or surrogate before the closing
    // `"""`: the raw text is dedented without the per-character loop below.
    const close = body.indexOf('"""', position);
    if (close !== -1) {
      let i = position;
      for (; i < close; i++) {
        const c = body.charCodeAt(i);
        if (c === 0x0d || c === 0x5c || (c & 0xf800) === 0xd800) break;
      }
      if (i === close) {
        this.stringValue = blockStringValue(body.slice(position, close));
        this.kind = TOKEN_BLOCK_STRING;
        this.start = start;
        this.end = close + 3;
        return;
      }
    }
    let chunkStart = position;
    let currentLine = '';
    const blockLines: string[] = [];
    while (position < length) {
      const code = body.charCodeAt(position);
      if (code >= 0x23 ? code !== 0x5c && code < 0xd800 : code === 0x20 || code === 0x21) {
        ++position; // fast path: nothing special
        continue;
      }
      if (code === 0x22 && body.charCodeAt(position + 1) === 0x22 && body.charCodeAt(position + 2) === 0x22) {
        currentLine += body.slice(chunkStart, position);
        blockLines.push(currentLine);
        this.stringValue = dedentBlockStringLines(blockLines).join('\n');
        this.kind = TOKEN_BLOCK_STRING;
        this.start = start;
        this.end = position + 3;
        return;
      }
      if (
        code === 0x5c &&
        body.charCodeAt(position + 1) === 0x22 &&
        body.charCodeAt(position + 2) === 0x22 &&
        body.charCodeAt(position + 3) === 0x22
      ) {
        // \""" is an escaped triple quote
        currentLine += body.slice(chunkStart, position);
        chunkStart = position + 1;
        position += 4;
        continue;
      }
      if (code === 0x0a || code === 0x0d) {
        currentLine += body.slice(chunkStart, position);
        blockLines.push(currentLine);
        position += code === 0x0d && body.charCodeAt(position + 1) === 0x0a ? 2 : 1;
        currentLine = '';
        chunkStart = position;
        continue;
      }
      if (code < 0xd800 || code > 0xdfff) ++position;
      else if (isSupplementaryCodePoint(body, position)) position += 2;
      else throw syntaxError(this.source, position, `Invalid character within String: ${printCodePointAt(body, position)}.`);
    }
    throw syntaxError(this.source, position, 'Unterminated string.');
  }
}
