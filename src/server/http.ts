// The HTTP vocabulary the server's routes share: media types and their negotiation, content types,
// bounded body reading, CORS headers and GraphQL-shaped error bodies. Pure `fetch` types
// (Request/Response/Headers): no Node API, no database, no routing.
import type { ExecutionResult } from '../db/api.ts';

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

/** A JSON response; `mediaType` names the body's type (charset always utf-8). */
export function jsonResponse(status: number, body: unknown, headers: HeaderMap, mediaType: string = JSON_TYPE): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...headers, 'content-type': `${mediaType}; charset=utf-8` } });
}

/** A request-level failure as a GraphQL response: `{ errors: [{ message, extensions: { code } }] }`. */
export function errorResponse(status: number, mediaType: string, message: string, headers: HeaderMap, code = 'BAD_USER_INPUT'): Response {
  const result: ExecutionResult = { errors: [{ message, extensions: { code } }] };
  return jsonResponse(status, result, headers, mediaType);
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
export function contentTypeOf(request: Request): string {
  return splitMediaType(request.headers.get('content-type') ?? '').type;
}

/** The body as text, or null when it exceeds the limit (read incrementally, never buffered past it). */
export async function readBody(request: Request, limit: number): Promise<string | null> {
  const declared = Number(request.headers.get('content-length'));
  if (declared > limit) return null;
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return new TextDecoder().decode(chunks[0]);
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return new TextDecoder().decode(bytes);
}

export function corsHeaders(request: Request, cors: CorsOptions | undefined): HeaderMap {
  if (!cors) return {};
  const origin = request.headers.get('origin');
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
