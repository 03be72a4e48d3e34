// The HTTP vocabulary the server's routes share: the runtime-neutral request/response shapes, media
// types and their negotiation, content types, CORS headers and GraphQL-shaped error bodies. No Node
// API, no database, no routing.
import type { ExecutionResult } from '../db/api.ts';
import type { GraphiqlAssets } from './page.ts';

export const GRAPHQL_RESPONSE = 'application/graphql-response+json';
export const JSON_TYPE = 'application/json';
export const EVENT_STREAM = 'text/event-stream';

export type MediaType = typeof GRAPHQL_RESPONSE | typeof JSON_TYPE;

export interface CorsOptions {
  /** Allowed origins: `*`, one origin, or a list (the request's origin is echoed when listed). */
  origin: string | string[];
  credentials?: boolean;
  maxAgeSeconds?: number;
}

export type HeaderMap = Record<string, string>;

/**
 * A request as the handler reads it: what both a `fetch` Request and Node's IncomingMessage give
 * cheaply (the Node server skips building Request/Response objects, a large share of a fast query).
 */
export interface HttpRequest {
  readonly method: string;
  /** The path with its query string, e.g. `/graphql?query=…`. */
  readonly target: string;
  /** A header by lower-case name, or null. */
  header(name: string): string | null;
  /** The body as UTF-8 text; null when it is larger than `limit` bytes (reading stops there). */
  text(limit: number): Promise<string | null>;
  /** Aborts when the client goes away (used by event streams); null when the runtime cannot tell. */
  readonly signal: AbortSignal | null;
  /** GraphiQL's files, when the runtime serves them (the Node adapter does; `fetch` runtimes do not). */
  readonly graphiql?: GraphiqlAssets | null;
}

/** A response before it becomes a `fetch` Response or a Node ServerResponse. */
export interface HttpResponse {
  status: number;
  headers: HeaderMap;
  body: string | Uint8Array<ArrayBuffer> | ReadableStream<Uint8Array> | null;
}

export type HttpHandler = (request: HttpRequest) => Promise<HttpResponse>;

/** A JSON response; `mediaType` names the body's type (charset always utf-8). */
export function jsonResponse(status: number, body: unknown, headers: HeaderMap, mediaType: string = JSON_TYPE): HttpResponse {
  return { status, body: JSON.stringify(body), headers: { ...headers, 'content-type': `${mediaType}; charset=utf-8` } };
}

/** A request-level failure as a GraphQL response: `{ errors: [{ message, extensions: { code } }] }`. */
export function errorResponse(status: number, mediaType: string, message: string, headers: HeaderMap, code = 'BAD_USER_INPUT'): HttpResponse {
  const result: ExecutionResult = { errors: [{ message, extensions: { code } }] };
  return jsonResponse(status, result, headers, mediaType);
}

/** The path of a request target, without its query string. */
export function pathOf(target: string): string {
  const q = target.indexOf('?');
  return q < 0 ? target : target.slice(0, q);
}

/** The query string parameters of a request target. */
export function searchOf(target: string): URLSearchParams {
  const q = target.indexOf('?');
  return new URLSearchParams(q < 0 ? '' : target.slice(q + 1));
}

/** The `extensions.code` of a thrown error (QuireError, GraphQLError), or null. */
export function codeOf(error: unknown): string | null {
  const code = (error as { extensions?: { code?: unknown } } | null)?.extensions?.code ?? (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : null;
}

/** The type and the lower-cased parameters of one media range / content type. */
function splitMediaType(text: string): { type: string; params: Map<string, string> } {
  const [type = '', ...parameters] = text.split(';');
  const params = new Map<string, string>();
  for (const p of parameters) {
    const eq = p.indexOf('=');
    if (eq > 0) params.set(p.slice(0, eq).trim().toLowerCase(), p.slice(eq + 1).trim().replace(/"/g, '').toLowerCase());
  }
  return { type: type.trim().toLowerCase(), params };
}

/**
 * The highest-priority supported media type in `Accept`. No header and wildcards mean
 * application/graphql-response+json: a deliberate choice the spec allows after its 2025 watershed
 * (its SHOULD, kept for legacy clients, is application/json; they ask for it by name).
 */
export function negotiate(accept: string | null): MediaType | null {
  if (accept === null || accept.trim() === '') return GRAPHQL_RESPONSE;
  let best: { type: MediaType; q: number } | null = null;
  for (const part of accept.split(',')) {
    const { type: range, params } = splitMediaType(part);
    const q = params.has('q') ? Number(params.get('q')) : 1;
    const charset = params.get('charset');
    if (!(q > 0) || (charset !== undefined && charset !== 'utf-8')) continue;
    const type: MediaType | null =
      range === GRAPHQL_RESPONSE || range === '*/*' || range === 'application/*' ? GRAPHQL_RESPONSE : range === JSON_TYPE ? JSON_TYPE : null;
    // An explicit graphql-response+json wins a tie with application/json or a wildcard.
    if (type && (!best || q > best.q || (q === best.q && type === GRAPHQL_RESPONSE))) best = { type, q };
  }
  return best?.type ?? null;
}

/** Whether `Accept` names `type` itself (not through a wildcard) with a positive q. */
export function accepts(accept: string | null, type: string): boolean {
  if (!accept) return false;
  for (const part of accept.split(',')) {
    const { type: range, params } = splitMediaType(part);
    if (range === type && !(params.has('q') && !(Number(params.get('q')) > 0))) return true;
  }
  return false;
}

/** Null when the POST body is JSON in utf-8; otherwise the 415 message. */
export function checkJsonContentType(contentType: string | null): string | null {
  if (!contentType) return `A POST body needs Content-Type: ${JSON_TYPE}`;
  const { type, params } = splitMediaType(contentType);
  if (type !== JSON_TYPE) return `Unsupported Content-Type ${type}: send ${JSON_TYPE}`;
  const charset = params.get('charset');
  if (charset !== undefined && charset !== 'utf-8') return `Unsupported charset ${charset}: send utf-8`;
  return null;
}

/** The media type of a body without its parameters, lower-cased ('' when absent). */
export function contentTypeOf(contentType: string | null): string {
  return splitMediaType(contentType ?? '').type;
}

export function corsHeaders(origin: string | null, cors: CorsOptions | undefined): HeaderMap {
  if (!cors) return {};
  const allowed = cors.origin === '*' ? '*' : (Array.isArray(cors.origin) ? cors.origin : [cors.origin]).find((o) => o === origin);
  if (!allowed) return {};
  return {
    'access-control-allow-origin': allowed,
    'access-control-allow-methods': 'GET, POST, PUT, OPTIONS',
    'access-control-allow-headers': 'content-type, accept, authorization',
    ...(allowed !== '*' ? { vary: 'origin' } : {}),
    ...(cors.credentials ? { 'access-control-allow-credentials': 'true' } : {}),
    ...(cors.maxAgeSeconds !== undefined ? { 'access-control-max-age': String(cors.maxAgeSeconds) } : {}),
  };
}
