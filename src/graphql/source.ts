// The GraphQL source text (body, name, location offset) and position → line/column mapping.
// Owns nothing else: it never lexes, parses or throws GraphQL errors.

/** A 1-based line/column pair, as in the spec's response `locations`. */
export interface SourceLocation {
  readonly line: number;
  readonly column: number;
}

/** A GraphQL document's text plus a name and a 1-based offset for embedded sources. */
export class Source {
  readonly body: string;
  readonly name: string;
  readonly locationOffset: SourceLocation;

  constructor(body: string, name = 'GraphQL request', locationOffset: SourceLocation = { line: 1, column: 1 }) {
    if (!(locationOffset.line > 0)) throw new Error('line in locationOffset is 1-indexed and must be positive.');
    if (!(locationOffset.column > 0)) throw new Error('column in locationOffset is 1-indexed and must be positive.');
    this.body = body;
    this.name = name;
    this.locationOffset = locationOffset;
  }

  get [Symbol.toStringTag](): string {
    return 'Source';
  }
}

export function isSource(value: unknown): value is Source {
  return value instanceof Source;
}

/**
 * The 1-based line and column of a UTF-16 offset in `source`. Line terminators are
 * `\r\n`, `\n` and `\r` (spec LineTerminator); columns count UTF-16 code units.
 */
export function getLocation(source: Source, position: number): SourceLocation {
  const body = source.body;
  let line = 1;
  let lineStart = 0;
  // Same rule as graphql-js: every terminator that *starts* before `position` counts.
  const end = position < body.length ? position : body.length;
  for (let i = 0; i < end; i++) {
    const c = body.charCodeAt(i);
    if (c === 10) {
      line++;
      lineStart = i + 1;
    } else if (c === 13) {
      if (body.charCodeAt(i + 1) === 10) i++; // `\r\n` is one terminator
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: position + 1 - lineStart };
}
