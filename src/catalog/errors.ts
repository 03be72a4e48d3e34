// The catalog's errors: GraphQL-shaped errors with the API's codes (SCHEMA_ERROR for schemas,
// BAD_USER_INPUT for load data, CONSTRAINT_VIOLATION for writes). It must never format
// responses or know about transports; db/ turns these into response errors.

import { GraphQLError } from '../graphql/error.ts';
import type { SourceLocation } from '../graphql/source.ts';

export const SCHEMA_ERROR = 'SCHEMA_ERROR';
export const BAD_USER_INPUT = 'BAD_USER_INPUT';
export const CONSTRAINT_VIOLATION = 'CONSTRAINT_VIOLATION';

/** One mistake in a schema: its message and where in the SDL it is. */
export interface SchemaProblem {
  message: string;
  locations: SourceLocation[];
}

/** One invalid thing in load data: `Person[3].homeworld` and what is wrong. */
export interface LoadProblem {
  path: string;
  message: string;
}

/** How many problems a message names before "and N more". */
const NAMED_IN_MESSAGE = 3;

function summarise(head: string, messages: string[]): string {
  const shown = messages.slice(0, NAMED_IN_MESSAGE).join('; ');
  const more = messages.length > NAMED_IN_MESSAGE ? `; and ${messages.length - NAMED_IN_MESSAGE} more` : '';
  return `${head}: ${shown}${more}`;
}

/** The SCHEMA_ERROR thrown for a schema: every problem in `extensions.errors`, all locations on the error. */
export function schemaError(problems: SchemaProblem[]): GraphQLError {
  const message =
    problems.length === 1 ? `Invalid schema: ${problems[0].message}` : summarise(`Invalid schema (${problems.length} errors)`, problems.map((p) => p.message));
  const error = new GraphQLError(message, { extensions: { code: SCHEMA_ERROR, errors: problems } });
  Object.defineProperty(error, 'locations', { value: problems.flatMap((p) => p.locations), enumerable: true });
  return error;
}

/** A SCHEMA_ERROR without a location (migrations: what would be lost, data that violates a new rule). */
export function migrationError(messages: string[]): GraphQLError {
  const message = messages.length === 1 ? `Cannot migrate: ${messages[0]}` : summarise(`Cannot migrate (${messages.length} problems)`, messages);
  return new GraphQLError(message, { extensions: { code: SCHEMA_ERROR, problems: messages } });
}

/** The BAD_USER_INPUT a load rejects with (API.md §3). */
export function loadError(problems: LoadProblem[], truncated: boolean): GraphQLError {
  const head = `Invalid load data (${problems.length}${truncated ? '+' : ''} problem${problems.length === 1 ? '' : 's'})`;
  const message = summarise(head, problems.map((p) => `${p.path}: ${p.message}`));
  return new GraphQLError(message, { extensions: { code: BAD_USER_INPUT, problems } });
}

export function badInput(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: BAD_USER_INPUT } });
}

/** A CONSTRAINT_VIOLATION; `field` (in `extensions.field`) names the offending field when there is one. */
export function constraintViolation(message: string, field?: string): GraphQLError {
  return new GraphQLError(message, { extensions: field === undefined ? { code: CONSTRAINT_VIOLATION } : { code: CONSTRAINT_VIOLATION, field } });
}

/** A value that does not fit its column; the caller turns it into the right coded error with a path. */
export class ValueError extends Error {
  override readonly name = 'ValueError';
  /** True when the value broke a `!` (a null where the type is non-null): a CONSTRAINT_VIOLATION. */
  constructor(message: string, readonly nonNull = false) {
    super(message);
  }
}
