// The Node HTTP adapter: serves an HttpHandler on `node:http` — IncomingMessage read in place (no
// fetch Request/Response objects on the hot path), event streams written as they come and stopped
// when the client leaves. Owns sockets and listening; never looks inside a request (the handler does).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadGraphiqlAssets } from './graphiql-assets.ts';
import type { HttpHandler, HttpRequest } from './http.ts';
import type { GraphiqlAssets } from './page.ts';

export interface ServeOptions {
  /** Port to listen on; 0 picks a free one (default 4000). */
  port?: number;
  /** Interface to listen on (default 127.0.0.1: loopback only). */
  host?: string;
  /** Serve GraphiQL's files (read once from node_modules) so that browsers get GraphiQL at the GraphQL path; off by default (they get the Quire query page). */
  graphiql?: boolean;
}

export interface RunningServer {
  readonly server: Server;
  /** The origin, e.g. `http://127.0.0.1:4000`. */
  readonly origin: string;
  readonly port: number;
  /** Stops accepting connections, ends open ones (event streams included) and resolves when closed. */
  close(): Promise<void>;
}

const INTERNAL_ERROR = '{"errors":[{"message":"Internal server error","extensions":{"code":"INTERNAL_SERVER_ERROR"}}]}';

/** Listens and serves `handler`; resolves once listening. */
export function serveHttp(handler: HttpHandler, options: ServeOptions = {}): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const graphiql = options.graphiql ? loadGraphiqlAssets() : null;
  const server = createServer((req, res) => {
    handle(handler, req, res, graphiql).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
      res.end(INTERNAL_ERROR);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4000, host, () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
      resolve({
        server,
        origin,
        port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

async function handle(handler: HttpHandler, req: IncomingMessage, res: ServerResponse, graphiql: GraphiqlAssets | null): Promise<void> {
  const response = await handler(toHttpRequest(req, res, graphiql));
  const { status, headers, body } = response;
  if (body === null) {
    res.writeHead(status, headers).end();
  } else if (typeof body === 'string') {
    res.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(body) }).end(body);
  } else if (body instanceof Uint8Array) {
    res.writeHead(status, { ...headers, 'content-length': body.byteLength }).end(body);
  } else {
    res.writeHead(status, headers);
    res.flushHeaders();
    await pipeStream(body, res);
  }
  // A body the handler did not read (415, 413, …) is drained so that the client sees the answer.
  if (!req.complete) req.resume();
}

function toHttpRequest(req: IncomingMessage, res: ServerResponse, graphiql: GraphiqlAssets | null): HttpRequest {
  let aborter: AbortController | null = null;
  return {
    method: req.method ?? 'GET',
    target: req.url ?? '/',
    graphiql,
    header(name) {
      const value = req.headers[name];
      return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
    },
    text: (limit) => readText(req, limit),
    get signal() {
      if (!aborter) {
        const controller = (aborter = new AbortController());
        res.once('close', () => controller.abort());
      }
      return aborter.signal;
    },
  };
}

/** The body as UTF-8, or null past `limit` bytes (then the rest is discarded unread). */
function readText(req: IncomingMessage, limit: number): Promise<string | null> {
  if (Number(req.headers['content-length']) > limit) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const onData = (chunk: Buffer): void => {
      total += chunk.length;
      if (total > limit) {
        cleanup();
        req.resume();
        resolve(null);
      } else chunks.push(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks, total).toString('utf8'));
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(error);
    };
    const cleanup = (): void => {
      req.off('data', onData).off('end', onEnd).off('error', onError);
    };
    req.on('data', onData).on('end', onEnd).on('error', onError);
  });
}

/** Writes a stream's chunks as they arrive (respecting back-pressure); cancels it when the client leaves. */
async function pipeStream(body: ReadableStream<Uint8Array>, res: ServerResponse): Promise<void> {
  const reader = body.getReader();
  const stop = (): void => void reader.cancel().catch(() => undefined);
  res.on('close', stop);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value)) await new Promise<void>((resolve) => res.once('drain', resolve).once('close', resolve));
      if (res.destroyed) break;
    }
  } catch {
    // the stream was cancelled because the client left
  } finally {
    res.off('close', stop);
    res.end();
  }
}
