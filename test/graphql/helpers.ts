// Test helpers: run Quire's and graphql-js's parsers side by side and normalise their results
// (AST as plain JSON, or the error's message/locations) so they can be compared for equality.

import * as graphqlJs from 'graphql';
import { parse, type ParseOptions } from '../../src/graphql/parser.ts';

export type Outcome = { ok: true; ast: unknown } | { ok: false; message: string; locations: unknown };

/** Round-trip through JSON: drops `undefined` keys and turns Locations into `{start, end}`. */
export function plain(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

/** Run a parse: its AST as plain JSON, or the GraphQLError's message and locations. */
export function attempt(run: () => unknown): Outcome {
  try {
    return { ok: true, ast: plain(run()) };
  } catch (error) {
    const e = error as { message: string; locations?: unknown };
    if (!('locations' in e)) throw error; // not a GraphQLError: a crash, let the test see it
    return { ok: false, message: e.message, locations: plain(e.locations) };
  }
}

/** No limits, so only the grammar decides (graphql-js has none by default). */
export const UNLIMITED: ParseOptions = {
  maxTokens: Infinity,
  maxDepth: Infinity,
  maxInputDepth: Infinity,
  maxFields: Infinity,
  maxAliases: Infinity,
};

export function quireParse(source: string, noLocation = true): Outcome {
  return attempt(() => parse(source, { ...UNLIMITED, noLocation }));
}

export function referenceParse(source: string, noLocation = true): Outcome {
  return attempt(() => graphqlJs.parse(source, { noLocation }));
}
