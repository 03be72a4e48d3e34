// The editor's diagnostics for a GraphQL document, all from Quire's own language layer: its parser
// (syntax, limits), then its validate() against the generated schema (validation.ts) — the checks
// the engine itself runs, with their codes. Pure: text in, coded problems out.

import type { ASTNode } from '../../src/graphql/ast.ts';
import { GraphQLError } from '../../src/graphql/error.ts';
import { parse } from '../../src/graphql/parser.ts';
import type { Validator } from './validation.ts';

export interface Diagnostic {
  from: number;
  to: number;
  message: string;
  /** The `extensions.code` the engine would answer with. */
  code: string;
}

export type { Validator };

/** Every problem of `text`: a syntax error alone (nothing else is reliable then), else validation's. */
export function checkDocument(text: string, validator: Validator | null): Diagnostic[] {
  if (!text.trim()) return [];
  let document;
  try {
    document = parse(text);
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    return [diagnostic(text, error)];
  }
  return validator ? validator(document).map((error) => diagnostic(text, error)) : [];
}

function diagnostic(text: string, error: GraphQLError): Diagnostic {
  // A node's name is where the mistake reads (`lightsaber`, not the field with its selection).
  const node = error.nodes?.[0] as (ASTNode & { name?: ASTNode }) | undefined;
  const loc = node?.name?.loc ?? node?.loc;
  const from = Math.min(loc?.start ?? error.positions?.[0] ?? 0, text.length);
  const to = loc ? Math.min(loc.end, text.length) : wordEnd(text, from);
  return { from, to: Math.max(to, Math.min(from + 1, text.length)), message: error.message, code: String(error.extensions.code ?? 'GRAPHQL_VALIDATION_FAILED') };
}

/** The end of the word at `at` (at least one character, unless at the end of the text). */
function wordEnd(text: string, at: number): number {
  let end = at;
  while (end < text.length && /[_A-Za-z0-9]/.test(text[end]!)) end++;
  return Math.min(text.length, Math.max(end, at + 1));
}
