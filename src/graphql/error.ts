// GraphQLError: an error shaped like the spec's response error (message, locations, path, extensions),
// plus the syntax/limit error constructors the lexer and parser throw. Never parses or formats source.

import type { ASTNode } from './ast.ts';
import { getLocation, type Source, type SourceLocation } from './source.ts';

/** `extensions.code` for documents that are not syntactically valid GraphQL. */
export const GRAPHQL_PARSE_FAILED = 'GRAPHQL_PARSE_FAILED';
/** `extensions.code` for documents that exceed a parser limit (tokens, depth, fields). */
export const QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX';

export interface GraphQLErrorExtensions {
  code?: string;
  [key: string]: unknown;
}

export interface GraphQLErrorOptions {
  nodes?: ReadonlyArray<ASTNode> | ASTNode | null | undefined;
  source?: Source | undefined;
  positions?: ReadonlyArray<number> | undefined;
  path?: ReadonlyArray<string | number> | undefined;
  originalError?: Error | undefined;
  extensions?: GraphQLErrorExtensions | undefined;
}

/** The spec's serialized error (what `toJSON` returns and a response's `errors` entry holds). */
export interface GraphQLFormattedError {
  readonly message: string;
  readonly locations?: ReadonlyArray<SourceLocation>;
  readonly path?: ReadonlyArray<string | number>;
  readonly extensions?: GraphQLErrorExtensions;
}

export class GraphQLError extends Error {
  /** 1-based line/column of each position or node, in order. */
  readonly locations: ReadonlyArray<SourceLocation> | undefined;
  /** Response path of the field that failed (execution errors only). */
  readonly path: ReadonlyArray<string | number> | undefined;
  readonly extensions: GraphQLErrorExtensions;
  /** The AST nodes the error is about (non-enumerable). */
  declare readonly nodes: ReadonlyArray<ASTNode> | undefined;
  /** The source the positions refer to (non-enumerable). */
  declare readonly source: Source | undefined;
  /** UTF-16 offsets into `source.body` (non-enumerable). */
  declare readonly positions: ReadonlyArray<number> | undefined;
  declare readonly originalError: Error | undefined;

  constructor(message: string, options: GraphQLErrorOptions = {}) {
    super(message);
    const { nodes, source, positions, path, originalError, extensions } = options;
    const nodeList: ReadonlyArray<ASTNode> | undefined =
      nodes == null ? undefined : Array.isArray(nodes) ? (nodes.length ? nodes : undefined) : [nodes as ASTNode];
    let src = source;
    let pos = positions;
    if (nodeList !== undefined && (src === undefined || pos === undefined)) {
      const fromNodes: number[] = [];
      for (const node of nodeList) {
        if (node.loc != null) {
          src ??= node.loc.source;
          fromNodes.push(node.loc.start);
        }
      }
      if (pos === undefined && fromNodes.length) pos = fromNodes;
    }
    let locations: SourceLocation[] | undefined;
    if (src !== undefined && pos !== undefined) {
      locations = [];
      for (const p of pos) locations.push(getLocation(src, p));
    }
    this.locations = locations;
    this.path = path ?? undefined;
    this.extensions = extensions ?? { ...(originalError as { extensions?: GraphQLErrorExtensions } | undefined)?.extensions };
    Object.defineProperties(this, {
      name: { value: 'GraphQLError', enumerable: false, writable: true, configurable: true },
      message: { value: message, enumerable: true, writable: true, configurable: true },
      nodes: { value: nodeList, enumerable: false },
      source: { value: src, enumerable: false },
      positions: { value: pos, enumerable: false },
      originalError: { value: originalError, enumerable: false },
    });
  }

  get [Symbol.toStringTag](): string {
    return 'GraphQLError';
  }

  /** The response shape: `{ message, locations?, path?, extensions? }`. */
  toJSON(): GraphQLFormattedError {
    const formatted: {
      message: string;
      locations?: ReadonlyArray<SourceLocation>;
      path?: ReadonlyArray<string | number>;
      extensions?: GraphQLErrorExtensions;
    } = { message: this.message };
    if (this.locations != null) formatted.locations = this.locations;
    if (this.path != null) formatted.path = this.path;
    if (Object.keys(this.extensions).length > 0) formatted.extensions = this.extensions;
    return formatted;
  }
}

/** `Syntax Error: <description>` at `position`, code GRAPHQL_PARSE_FAILED (graphql-js wording). */
export function syntaxError(source: Source, position: number, description: string): GraphQLError {
  return new GraphQLError(`Syntax Error: ${description}`, {
    source,
    positions: [position],
    extensions: { code: GRAPHQL_PARSE_FAILED },
  });
}

/** A parser limit was exceeded at `position`: code QUERY_TOO_COMPLEX. */
export function tooComplexError(source: Source, position: number, description: string): GraphQLError {
  return new GraphQLError(description, {
    source,
    positions: [position],
    extensions: { code: QUERY_TOO_COMPLEX },
  });
}
