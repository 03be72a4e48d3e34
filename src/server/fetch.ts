// The `fetch` adapter: runs an HttpHandler as `Request → Response` (db.fetch in a page, quire/node,
// edge runtimes). Owns the conversion and bounded body reading; never looks at GraphQL.
import type { HttpHandler, HttpRequest } from './http.ts';

/** `handler` as a fetch-style function. */
export function toFetchHandler(handler: HttpHandler): (request: Request) => Promise<Response> {
  return async (request) => {
    const response = await handler(fromRequest(request));
    return new Response(response.body, { status: response.status, headers: response.headers });
  };
}

function fromRequest(request: Request): HttpRequest {
  const url = new URL(request.url);
  return {
    method: request.method,
    target: url.pathname + url.search,
    header: (name) => request.headers.get(name),
    text: (limit) => readBody(request, limit),
    signal: request.signal,
  };
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
  if (chunks.length === 1) return new TextDecoder().decode(chunks[0]);
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return new TextDecoder().decode(bytes);
}
