// The editor's diagnostics for a GraphQL document: Quire's own parser (src/graphql/parser.ts) for
// syntax and limits, then the schema walk (walk.ts) for unknown fields, arguments, types and values.
// Pure: text and schema in, coded problems out; never runs the document.

import { GraphQLError } from '../../src/graphql/error.ts';
import { parse } from '../../src/graphql/parser.ts';
import type { SchemaModel } from './schema.ts';
import { walkDocument } from './walk.ts';

export interface Diagnostic {
  from: number;
  to: number;
  message: string;
  /** The `extensions.code` the engine would answer with. */
  code: string;
}

/** Every problem of `text`: a syntax error alone (nothing else is reliable then), else schema problems. */
export function checkDocument(text: string, schema: SchemaModel | null): Diagnostic[] {
  if (!text.trim()) return [];
  try {
    parse(text);
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    const at = Math.min(error.positions?.[0] ?? 0, text.length);
    const to = wordEnd(text, at);
    return [{ from: at, to, message: error.message, code: String(error.extensions.code ?? 'GRAPHQL_PARSE_FAILED') }];
  }
  return walkDocument(text, schema).problems.map((p) => ({ ...p, code: 'GRAPHQL_VALIDATION_FAILED' }));
}

/** The end of the word at `at` (at least one character, unless at the end of the text). */
function wordEnd(text: string, at: number): number {
  let end = at;
  while (end < text.length && /[_A-Za-z0-9]/.test(text[end]!)) end++;
  return Math.min(text.length, Math.max(end, at + 1));
}
