// Public entry of `quire/graphql`: the GraphQL language layer (parse, print, visit, AST, errors).
// Re-exports only; owns no logic. Also re-exports the type system (./type) and validation (./validation).

export * from './ast.ts';
export { DirectiveLocation } from './directiveLocation.ts';
export {
  GraphQLError,
  GRAPHQL_PARSE_FAILED,
  QUERY_TOO_COMPLEX,
  syntaxError,
  type GraphQLErrorExtensions,
  type GraphQLErrorOptions,
  type GraphQLFormattedError,
} from './error.ts';
export { Source, getLocation, isSource, type SourceLocation } from './source.ts';
export {
  parse,
  parseValue,
  parseConstValue,
  parseType,
  DEFAULT_MAX_TOKENS,
  DEFAULT_MAX_DEPTH,
  DEFAULT_MAX_INPUT_DEPTH,
  DEFAULT_MAX_FIELDS,
  DEFAULT_MAX_ALIASES,
  type ParseOptions,
} from './parser.ts';
export { print, printString, printBlockString } from './printer.ts';
export { getOperationAST } from './operation.ts';
export { dedentBlockStringLines, isPrintableAsBlockString } from './blockString.ts';
export {
  visit,
  visitInParallel,
  getEnterLeaveForKind,
  BREAK,
  type ASTVisitor,
  type ASTVisitFn,
  type ASTVisitorKeyMap,
  type EnterLeaveVisitor,
  type KindVisitor,
} from './visitor.ts';

// The type system and validation (their own folders and owners).
export * from './type/index.ts';
export * from './validation/index.ts';
