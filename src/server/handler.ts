// The GraphQL-over-HTTP handler (`Request → Response`), shared by `db.fetch` in a page, the Node
// server and edge runtimes. Owns the protocol — routes, media types, methods, status codes, body
// limits, CORS, introspection switch, SSE subscriptions — and never executes anything itself: it
// hands well-formed requests to the database. It carries no GraphQL parser: what the protocol needs
// to know of a document (its operation type, whether it selects introspection) the database tells it.
import type { DatabaseApi, ExecutionResult, RequestInspector, RequestShape } from '../db/api.ts';
import { toFetchHandler } from './fetch.ts';
import {
  accepts, checkJsonContentType, codeOf, corsHeaders, errorResponse, EVENT_STREAM, GRAPHQL_RESPONSE, JSON_TYPE, jsonResponse, negotiate, pathOf, searchOf,
  type CorsOptions, type HeaderMap, type HttpHandler, type HttpRequest, type HttpResponse, type MediaType,
} from './http.ts';
import { ASSETS, graphiqlPage, queryPage, type GraphiqlAssets } from './page.ts';
import { schemaRoute, type SchemaDatabase } from './schema-routes.ts';
import { eventStreamResponse } from './sse.ts';

export type { CorsOptions, HttpHandler, HttpRequest, HttpResponse } from './http.ts';

export interface FetchHandlerOptions {
  /** Largest request body accepted, in bytes (default 1 MiB); larger is 413. */
  maxBodyBytes?: number;
  /** CORS headers; off when absent. */
  cors?: CorsOptions;
  /**
   * The one path GraphQL is served at (e.g. `/graphql`); other paths are 404. When absent (as in
   * `db.fetch`), every path but the schema routes is the GraphQL endpoint.
   */
  graphqlPath?: string;
  /** Where the schema routes live (default `/schema`: `/schema`, `/schema/source`, `/schema/tables`); null turns them off. */
  schemaPath?: string | null;
  /** The bearer token `PUT /schema` requires; without one, schema writes over HTTP are refused (403). */
  adminToken?: string;
  /** Answer `__schema` and `__type` (default true); when false they fail validation (`GRAPHQL_VALIDATION_FAILED`). */
  introspection?: boolean;
  /**
   * Serve a page to browsers asking for HTML at the GraphQL path (default true): GraphiQL where the
   * runtime serves its files (the Node server) and introspection is on, else the Quire query page.
   */
  queryPage?: boolean;
  /** Keep-alive comment interval of event streams (default 15 s). */
  keepAliveMs?: number;
}

/** What the handler needs of a database: `execute` and `inspectRequest`, plus what the optional routes use. */
export type Executor = Pick<DatabaseApi, 'execute'> & RequestInspector & Partial<Pick<DatabaseApi, 'subscribe'>> & SchemaDatabase;

interface Params {
  query: string;
  operationName: string | null;
  variables: Record<string, unknown> | null;
}

/** The handler for one database as `Request → Response` (db.fetch, edge runtimes). */
export function createFetchHandler(db: Executor, options: FetchHandlerOptions = {}): (request: Request) => Promise<Response> {
  return toFetchHandler(createHttpHandler(db, options));
}

/**
 * The handler for one database on the runtime-neutral request shape (the Node server uses it
 * directly). Batched requests (a JSON array) are refused with 400 by design: one request is one
 * operation in one transaction.
 */
export function createHttpHandler(db: Executor, options: FetchHandlerOptions = {}): HttpHandler {
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const schemaPath = options.schemaPath === undefined ? '/schema' : options.schemaPath;
  const introspection = options.introspection ?? true;
  const page = options.queryPage ?? true;
  const schemaOptions = { maxBodyBytes, ...(options.adminToken !== undefined ? { adminToken: options.adminToken } : {}) };

  return async (request) => {
    const cors = corsHeaders(request.header('origin'), options.cors);
    if (request.method === 'OPTIONS') return { status: 204, headers: cors, body: null };
    const path = pathOf(request.target);
    if (schemaPath !== null && (path === schemaPath || path.startsWith(`${schemaPath}/`))) {
      return schemaRoute(db, path.slice(schemaPath.length), request, schemaOptions, cors);
    }
    if (page && request.graphiql && (request.method === 'GET' || request.method === 'HEAD')) {
      const at = path.lastIndexOf(ASSETS);
      if (at >= 0 && (options.graphqlPath === undefined || path.slice(0, at) === options.graphqlPath)) {
        return assetResponse(request.graphiql, path.slice(at + ASSETS.length), request.method === 'HEAD', cors);
      }
    }
    if (options.graphqlPath !== undefined && path !== options.graphqlPath) {
      return errorResponse(404, JSON_TYPE, `No route ${path}: GraphQL is served at ${options.graphqlPath}`, cors, 'NOT_FOUND');
    }

    const accept = request.header('accept');
    if (page && request.method === 'GET' && accepts(accept, 'text/html') && !searchOf(request.target).has('query')) {
      const html = !request.graphiql ? queryPage(path)
        : introspection ? graphiqlPage(path, request.graphiql)
        : queryPage(path, 'GraphiQL needs introspection, which is off on this server.');
      return { status: 200, body: html, headers: { ...cors, 'content-type': 'text/html; charset=utf-8' } };
    }
    const stream = db.subscribe !== undefined && accepts(accept, EVENT_STREAM);
    const mediaType: MediaType | null = stream ? JSON_TYPE : negotiate(accept);
    if (!mediaType) {
      return errorResponse(406, JSON_TYPE, `Not Acceptable: this endpoint answers ${GRAPHQL_RESPONSE}, ${JSON_TYPE} or ${EVENT_STREAM}`, cors);
    }
    let params: Params;
    if (request.method === 'GET') {
      const read = paramsFromSearch(searchOf(request.target));
      if (typeof read === 'string') return errorResponse(400, mediaType, read, cors);
      params = read;
    } else if (request.method === 'POST') {
      const problem = checkJsonContentType(request.header('content-type'));
      if (problem) return errorResponse(415, mediaType, problem, cors);
      const body = await request.text(maxBodyBytes);
      if (body === null) return errorResponse(413, mediaType, `The request body is larger than ${maxBodyBytes} bytes`, cors);
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        return errorResponse(400, mediaType, 'The request body is not valid JSON', cors);
      }
      const read = paramsFromJson(json);
      if (typeof read === 'string') return errorResponse(400, mediaType, read, cors);
      params = read;
    } else {
      return errorResponse(405, mediaType, `Method ${request.method} is not allowed: use GET or POST`, { ...cors, allow: 'GET, POST' });
    }

    // The document is inspected only when the protocol depends on it: GET, SSE, introspection off.
    // When the database cannot tell (closed, its worker gone), the request is answered with that
    // error: going on would run a GET mutation or an introspection the server refuses.
    let shape: RequestShape | null = null;
    if (request.method === 'GET' || stream || (!introspection && mentionsIntrospection(params.query))) {
      try {
        shape = await db.inspectRequest(params.query, params.operationName);
      } catch (error) {
        const failed = thrown(error);
        return stream ? jsonResponse(errorStatus(failed), failed, cors) : respond(failed, mediaType, cors);
      }
    }
    const operation = shape?.operation ?? null;
    if (request.method === 'GET' && operation === 'mutation') {
      return errorResponse(405, mediaType, 'Mutations cannot be sent with GET: use POST', { ...cors, allow: 'POST' });
    }
    if (!introspection && shape?.selectsIntrospection) {
      const denied: ExecutionResult = { errors: [{ message: 'Introspection is disabled on this server: __schema and __type cannot be queried.', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] };
      return stream ? jsonResponse(400, denied, cors) : respond(denied, mediaType, cors); // graphql-sse: a refused operation is a 400 JSON answer
    }
    if (stream) return subscribeResponse(db as Required<Pick<Executor, 'subscribe'>> & Executor, params, operation, request.signal, cors, options.keepAliveMs);

    let result: ExecutionResult;
    try {
      result = await db.execute(params);
    } catch (error) {
      result = thrown(error);
    }
    return respond(result, mediaType, cors);
  };
}

/**
 * An operation over SSE: a subscription stays live (a new `next` after each commit that changes its
 * result) until the client disconnects; a query or mutation sends its one result and completes.
 */
function subscribeResponse(
  db: Executor & Required<Pick<Executor, 'subscribe'>>, params: Params, operation: RequestShape['operation'],
  signal: AbortSignal | null, cors: HeaderMap, keepAliveMs: number | undefined,
): HttpResponse {
  return eventStreamResponse((sink) => {
    if (operation !== 'subscription') {
      let cancelled = false;
      db.execute(params).catch(thrown).then((result) => {
        if (cancelled) return;
        sink.next(result);
        sink.complete();
      });
      return () => {
        cancelled = true;
      };
    }
    try {
      return db.subscribe(params, (result) => {
        sink.next(result);
        if (result.data === undefined) sink.complete(); // a request error ends the subscription
      });
    } catch (error) {
      sink.next(thrown(error));
      sink.complete();
      return () => undefined;
    }
  }, signal, cors, keepAliveMs);
}

/** Status codes of application/graphql-response+json: 200 with data, else 400 (request errors) or 5xx. */
function respond(result: ExecutionResult, mediaType: MediaType, headers: HeaderMap): HttpResponse {
  const status = mediaType === GRAPHQL_RESPONSE && result.data === undefined ? errorStatus(result) : 200;
  return { status, body: JSON.stringify(result), headers: { ...headers, 'content-type': `${mediaType}; charset=utf-8` } };
}

/** The status of a result without data, by its first error's code. */
function errorStatus(result: ExecutionResult): number {
  const code = result.errors?.[0]?.extensions?.code;
  return code === 'INTERNAL_SERVER_ERROR' ? 500 : code === 'DATABASE_CLOSED' || code === 'DATABASE_UNAVAILABLE' ? 503 : code === 'QUOTA_EXCEEDED' ? 507 : 400;
}

/** A rejected `execute` (closed database and the like) as a response; unknown errors say nothing more. */
function thrown(error: unknown): ExecutionResult {
  const code = codeOf(error);
  if (code === null || code === 'INTERNAL_SERVER_ERROR') return { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] };
  return { errors: [{ message: (error as Error).message, extensions: { code } }] };
}

function paramsFromSearch(search: URLSearchParams): Params | string {
  const json: Record<string, unknown> = { query: search.get('query'), operationName: search.get('operationName') };
  for (const name of ['variables', 'extensions']) {
    const raw = search.get(name);
    if (raw === null || raw === '') continue;
    try {
      json[name] = JSON.parse(raw);
    } catch {
      return `The ${name} parameter is not valid JSON`;
    }
  }
  return paramsFromJson(json);
}

function paramsFromJson(json: unknown): Params | string {
  if (Array.isArray(json)) return 'Batched requests are not supported: send one operation per request';
  if (typeof json !== 'object' || json === null) return 'The request must be a JSON object with a query';
  const { query, operationName, variables, extensions } = json as Record<string, unknown>;
  if (typeof query !== 'string') return 'The query parameter must be a string';
  if (operationName != null && typeof operationName !== 'string') return 'The operationName parameter must be a string';
  if (variables != null && (typeof variables !== 'object' || Array.isArray(variables))) return 'The variables parameter must be an object';
  if (extensions != null && (typeof extensions !== 'object' || Array.isArray(extensions))) return 'The extensions parameter must be an object';
  return { query, operationName: (operationName as string | null | undefined) ?? null, variables: (variables as Record<string, unknown> | null | undefined) ?? null };
}

/** A cheap pre-check: could the text select `__schema` or `__type` (not `__typename`)? */
function mentionsIntrospection(query: string): boolean {
  return /__(?:schema|type)(?![_0-9A-Za-z])/.test(query);
}

/** One of GraphiQL's files: versioned names, so cached for a year and immutable; 404 for any other name. */
function assetResponse(assets: GraphiqlAssets, name: string, head: boolean, cors: HeaderMap): HttpResponse {
  const file = assets.get(name);
  if (!file) return errorResponse(404, JSON_TYPE, `No asset ${name}`, cors, 'NOT_FOUND');
  const headers = { ...cors, 'content-type': file.type, 'cache-control': 'public, max-age=31536000, immutable' };
  return head ? { status: 200, headers: { ...headers, 'content-length': String(file.body.byteLength) }, body: null } : { status: 200, headers, body: file.body };
}
