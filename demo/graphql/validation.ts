// Quire's validate() with the spec's rules against the engine's generated schema (its SDL built
// with Quire's buildSchema). The largest part of the language layer, so the page loads it on
// demand once the database is open. Validates only; never parses text or runs anything.

import type { DocumentNode } from '../../src/graphql/ast.ts';
import type { GraphQLError } from '../../src/graphql/error.ts';
import { buildSchema } from '../../src/graphql/type/buildASTSchema.ts';
import { validate } from '../../src/graphql/validation/validate.ts';

/** The validation errors of a parsed document. */
export type Validator = (document: DocumentNode) => readonly GraphQLError[];

/** A validator for the schema `sdl` (`db.schema()`); throws if the SDL does not build. */
export function validatorFor(sdl: string): Validator {
  const schema = buildSchema(sdl);
  return (document) => validate(schema, document);
}
