// The GraphQL-over-HTTP handler (`Request → Response`), shared by `db.fetch` in a page, the Node
// server and edge runtimes. Owns the protocol — media types, methods, status codes, body limits, CORS —
// and never executes anything itself: it hands well-formed requests to the database.
import type { DatabaseApi, ExecutionResult } from '../db/api.ts';
import type { OperationDefinitionNode } from '../graphql/ast.ts';
import { parse } from '../graphql/parser.ts';

const GRAPHQL_RESPONSE = 'application/graphql-response+json';
const JSON_TYPE = 'application/json';

export interface CorsOptions {
  /** Allowed origins: `*`, one origin, or a list (the request's origin is echoed when listed). */
  origin: string | string[];
  credentials?: boolean;
  maxAgeSeconds?: number;
}

export interface FetchHandlerOptions {
  /** Largest request body accepted, in bytes (default 1 MiB); larger is 413. */
  maxBodyBytes?: number;
  /** CORS headers; off when absent. */
  cors?: CorsOptions;
}

type MediaType = typeof GRAPHQL_RESPONSE | typeof JSON_TYPE;

/** What the handler needs of a database. */
export type Executor = Pick<DatabaseApi, 'execute'>;

interface Params {
  query: string;
  operationName: string | null;
  variables: Record<string, unknown> | null;
}

/** Builds the handler for one database. Batched requests (a JSON array) are refused with 400 by design. */
export function createFetchHandler(db: Executor, options: FetchHandlerOptions = {}): (request: Request) => Promise<Response> {
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  return async (request) => {
    const cors = corsHeaders(request, options.cors);
    if (request.method === 'OPTIONS') return new Response(null, { status: 204, headers: cors });

    const mediaType = negotiate(request.headers.get('accept'));
    if (!mediaType) {
      return errorResponse(406, JSON_TYPE, `Not Acceptable: this endpoint answers ${GRAPHQL_RESPONSE} or ${JSON_TYPE}`, cors);
    }
    let params: Params;
    if (request.method === 'GET') {
      const read = paramsFromSearch(new URL(request.url).searchParams);
      if (typeof read === 'string') return errorResponse(400, mediaType, read, cors);
      params = read;
    } else if (request.method === 'POST') {
      const contentType = request.headers.get('content-type');
      const problem = checkContentType(contentType);
      if (problem) return errorResponse(problem.status, mediaType, problem.message, cors);
      const body = await readBody(request, maxBodyBytes);
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

    if (request.method === 'GET' && isMutation(params)) {
      return errorResponse(405, mediaType, 'Mutations cannot be sent with GET: use POST', { ...cors, allow: 'POST' });
    }
    const result = await db.execute(params);
    return respond(result, mediaType, cors);
  };
}

function respond(result: ExecutionResult, mediaType: MediaType, headers: Record<string, string>): Response {
  let status = 200;
  if (mediaType === GRAPHQL_RESPONSE && !('data' in result && result.data !== undefined)) {
    const code = result.errors?.[0]?.extensions?.code;
    status = code === 'INTERNAL_SERVER_ERROR' || code === 'DATABASE_CLOSED' || code === 'DATABASE_UNAVAILABLE' ? 500 : code === 'QUOTA_EXCEEDED' ? 507 : 400;
  }
  return new Response(JSON.stringify(result), { status, headers: { ...headers, 'content-type': `${mediaType}; charset=utf-8` } });
}

function errorResponse(status: number, mediaType: MediaType, message: string, headers: Record<string, string>): Response {
  const result: ExecutionResult = { errors: [{ message, extensions: { code: 'BAD_USER_INPUT' } }] };
  return new Response(JSON.stringify(result), { status, headers: { ...headers, 'content-type': `${mediaType}; charset=utf-8` } });
}

/** The highest-priority supported media type in `Accept`; no header means graphql-response+json. */
function negotiate(accept: string | null): MediaType | null {
  if (accept === null || accept.trim() === '') return GRAPHQL_RESPONSE;
  let best: { type: MediaType; q: number } | null = null;
  for (const part of accept.split(',')) {
    const [range = '', ...parameters] = part.split(';').map((s) => s.trim().toLowerCase());
    let q = 1;
    let charsetOk = true;
    for (const p of parameters) {
      const [key, value = ''] = p.split('=').map((s) => s.trim());
      if (key === 'q') q = Number(value);
      if (key === 'charset' && value.replace(/"/g, '') !== 'utf-8') charsetOk = false;
    }
    if (!(q > 0) || !charsetOk) continue;
    const type: MediaType | null =
      range === GRAPHQL_RESPONSE || range === '*/*' || range === 'application/*' ? GRAPHQL_RESPONSE : range === JSON_TYPE ? JSON_TYPE : null;
    if (type && (!best || q > best.q)) best = { type, q };
  }
  return best?.type ?? null;
}

function checkContentType(contentType: string | null): { status: number; message: string } | null {
  if (!contentType) return { status: 415, message: `A POST body needs Content-Type: ${JSON_TYPE}` };
  const [type = '', ...parameters] = contentType.split(';').map((s) => s.trim().toLowerCase());
  if (type !== JSON_TYPE) return { status: 415, message: `Unsupported Content-Type ${type}: send ${JSON_TYPE}` };
  for (const p of parameters) {
    const [key, value = ''] = p.split('=').map((s) => s.trim());
    if (key === 'charset' && value.replace(/"/g, '') !== 'utf-8') return { status: 415, message: `Unsupported charset ${value}: send utf-8` };
  }
  return null;
}

/** The body as text, or null when it exceeds the limit (read incrementally, never buffered past it). */
async function readBody(request: Request, limit: number): Promise<string | null> {
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
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return new TextDecoder().decode(bytes);
}

function paramsFromSearch(search: URLSearchParams): Params | string {
  const query = search.get('query');
  let variables: unknown = null;
  const rawVariables = search.get('variables');
  if (rawVariables !== null && rawVariables !== '') {
    try {
      variables = JSON.parse(rawVariables);
    } catch {
      return 'The variables parameter is not valid JSON';
    }
  }
  return paramsFromJson({ query, operationName: search.get('operationName'), variables });
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

/** Whether the operation the request selects is a mutation (a document that does not parse is not). */
function isMutation(params: Params): boolean {
  let operations: OperationDefinitionNode[];
  try {
    operations = parse(params.query, { noLocation: true }).definitions.filter((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
  } catch {
    return false;
  }
  const selected = params.operationName === null ? (operations.length === 1 ? operations[0] : undefined) : operations.find((o) => o.name?.value === params.operationName);
  return selected?.operation === 'mutation';
}

function corsHeaders(request: Request, cors: CorsOptions | undefined): Record<string, string> {
  if (!cors) return {};
  const origin = request.headers.get('origin');
  const allowed = cors.origin === '*' ? '*' : (Array.isArray(cors.origin) ? cors.origin : [cors.origin]).find((o) => o === origin);
  if (!allowed) return {};
  return {
    'access-control-allow-origin': allowed,
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    'access-control-allow-headers': 'content-type, accept, authorization',
    ...(allowed !== '*' ? { vary: 'origin' } : {}),
    ...(cors.credentials ? { 'access-control-allow-credentials': 'true' } : {}),
    ...(cors.maxAgeSeconds !== undefined ? { 'access-control-max-age': String(cors.maxAgeSeconds) } : {}),
  };
}
