// The /schema routes: GET the generated SDL, GET /source (the user's SDL and its versions), GET
// /tables (entities, row counts, indexes from stats), PUT (migrate, admin token required). Owns the
// admin-token check; never migrates or reads anything itself — the database does.
import type { DatabaseStats } from '../db/api.ts';
import { codeOf, contentTypeOf, errorResponse, JSON_TYPE, jsonResponse, pathOf, searchOf, type HeaderMap, type HttpRequest, type HttpResponse } from './http.ts';

/** What the schema routes need of a database; a route whose method is missing answers 404. */
export interface SchemaDatabase {
  schema?(): Promise<string>;
  schemaSource?(): unknown;
  stats?(): Promise<DatabaseStats>;
  migrate?(sdl: string, options: { allowDataLoss?: boolean }): Promise<{ status: string; version: number }>;
}

export interface SchemaRouteOptions {
  /** The token `PUT /schema` requires as `Authorization: Bearer <token>`; without one, schema writes are refused (403). */
  adminToken?: string;
  maxBodyBytes: number;
}

/** Answers `sub` ('' for /schema, '/source', '/tables') of the schema routes. */
export async function schemaRoute(db: SchemaDatabase, sub: string, request: HttpRequest, options: SchemaRouteOptions, headers: HeaderMap): Promise<HttpResponse> {
  const route = sub === '' ? 'schema' : sub === '/source' ? 'source' : sub === '/tables' ? 'tables' : null;
  if (route === null) return errorResponse(404, JSON_TYPE, `No route ${pathOf(request.target)}`, headers, 'NOT_FOUND');
  const allow = route === 'schema' ? 'GET, PUT' : 'GET';
  if (request.method !== 'GET' && !(route === 'schema' && request.method === 'PUT')) {
    return errorResponse(405, JSON_TYPE, `Method ${request.method} is not allowed here: use ${allow}`, { ...headers, allow }, 'METHOD_NOT_ALLOWED');
  }
  if (request.method === 'PUT') return putSchema(db, request, options, headers);
  try {
    if (route === 'schema' && db.schema) {
      return { status: 200, body: await db.schema(), headers: { ...headers, 'content-type': 'application/graphql; charset=utf-8' } };
    }
    if (route === 'source' && db.schemaSource) return jsonResponse(200, await db.schemaSource(), headers);
    if (route === 'tables' && db.stats) return jsonResponse(200, tablesOf(await db.stats()), headers);
  } catch (error) {
    return failure(error, headers);
  }
  return errorResponse(404, JSON_TYPE, `This database does not serve ${pathOf(request.target)}`, headers, 'NOT_FOUND');
}

/** Entities with their row counts, and indexes with their statistics. */
function tablesOf(stats: DatabaseStats): unknown {
  return { tables: stats['tables'] ?? [], indexes: stats['indexes'] ?? [], schema: stats['schema'] ?? null };
}

async function putSchema(db: SchemaDatabase, request: HttpRequest, options: SchemaRouteOptions, headers: HeaderMap): Promise<HttpResponse> {
  const denied = checkAdmin(request, options.adminToken, headers);
  if (denied) return denied;
  if (!db.migrate) return errorResponse(404, JSON_TYPE, 'This database cannot be migrated over HTTP', headers, 'NOT_FOUND');
  const body = await request.text(options.maxBodyBytes);
  if (body === null) return errorResponse(413, JSON_TYPE, `The request body is larger than ${options.maxBodyBytes} bytes`, headers);
  let sdl: unknown;
  let allowDataLoss: unknown = searchOf(request.target).get('allowDataLoss') === 'true';
  const type = contentTypeOf(request.header('content-type'));
  if (type === JSON_TYPE) {
    try {
      ({ schema: sdl, allowDataLoss = false } = JSON.parse(body) as { schema?: unknown; allowDataLoss?: unknown });
    } catch {
      return errorResponse(400, JSON_TYPE, 'The request body is not valid JSON', headers);
    }
  } else if (type === 'application/graphql' || type === 'text/plain') {
    sdl = body;
  } else {
    return errorResponse(415, JSON_TYPE, `Send the new schema as application/json ({ "schema": SDL, "allowDataLoss": false }) or as application/graphql`, headers);
  }
  if (typeof sdl !== 'string' || typeof allowDataLoss !== 'boolean') {
    return errorResponse(400, JSON_TYPE, 'The body must be { "schema": string, "allowDataLoss"?: boolean }', headers);
  }
  try {
    const { status, version } = await db.migrate(sdl, { allowDataLoss });
    return jsonResponse(200, { status, version }, headers);
  } catch (error) {
    return failure(error, headers);
  }
}

/** 401 without a bearer token, 403 with a wrong one or when no admin token is configured. */
function checkAdmin(request: HttpRequest, adminToken: string | undefined, headers: HeaderMap): HttpResponse | null {
  if (!adminToken) return errorResponse(403, JSON_TYPE, 'Schema changes over HTTP are disabled: the server has no admin token', headers, 'FORBIDDEN');
  const match = /^Bearer\s+(.+)$/i.exec(request.header('authorization') ?? '');
  if (!match) {
    return errorResponse(401, JSON_TYPE, 'Schema changes need Authorization: Bearer <admin token>', { ...headers, 'www-authenticate': 'Bearer realm="quire"' }, 'UNAUTHENTICATED');
  }
  if (!sameSecret(match[1]!.trim(), adminToken)) return errorResponse(403, JSON_TYPE, 'The admin token is wrong', headers, 'FORBIDDEN');
  return null;
}

/** Compares in time independent of where the strings differ. */
function sameSecret(given: string, expected: string): boolean {
  let diff = given.length ^ expected.length;
  for (let i = 0; i < expected.length; i++) diff |= (given.charCodeAt(i % (given.length || 1)) || 0) ^ expected.charCodeAt(i);
  return diff === 0;
}

/** A thrown error as its coded GraphQL body: SCHEMA_ERROR and BAD_USER_INPUT are 400, the rest 500 without details. */
function failure(error: unknown, headers: HeaderMap): HttpResponse {
  const code = codeOf(error);
  if (code === 'SCHEMA_ERROR' || code === 'BAD_USER_INPUT') {
    const extensions = (error as { extensions?: Record<string, unknown> }).extensions ?? {};
    return jsonResponse(400, { errors: [{ message: (error as Error).message, extensions: { ...extensions, code } }] }, headers);
  }
  if (code === 'DATABASE_CLOSED' || code === 'DATABASE_UNAVAILABLE') return errorResponse(503, JSON_TYPE, (error as Error).message, headers, code);
  return errorResponse(500, JSON_TYPE, 'Internal server error', headers, 'INTERNAL_SERVER_ERROR');
}
