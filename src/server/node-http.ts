// The Node HTTP adapter: serves a `fetch`-style handler on `node:http` — IncomingMessage → Request,
// Response → ServerResponse, event streams written as they come and stopped when the client leaves.
// Owns sockets and listening; never looks inside a request (the handler does).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';

export type FetchHandler = (request: Request) => Promise<Response>;

export interface ServeOptions {
  /** Port to listen on; 0 picks a free one (default 4000). */
  port?: number;
  /** Interface to listen on (default 127.0.0.1: loopback only). */
  host?: string;
}

export interface RunningServer {
  readonly server: Server;
  /** The origin, e.g. `http://127.0.0.1:4000`. */
  readonly origin: string;
  readonly port: number;
  /** Stops accepting connections, ends open ones (event streams included) and resolves when closed. */
  close(): Promise<void>;
}

/** Listens and serves `handler`; resolves once listening. */
export function serveFetch(handler: FetchHandler, options: ServeOptions = {}): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer((req, res) => {
    handle(handler, req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
      res.end('{"errors":[{"message":"Internal server error","extensions":{"code":"INTERNAL_SERVER_ERROR"}}]}');
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

async function handle(handler: FetchHandler, req: IncomingMessage, res: ServerResponse): Promise<void> {
  // Only event streams outlive their request, so only they need to hear that the client left.
  const streaming = (req.headers.accept ?? '').includes('text/event-stream');
  const aborter = streaming ? new AbortController() : null;
  if (aborter) res.on('close', () => aborter.abort());
  const response = await handler(toRequest(req, aborter?.signal));
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => {
    headers[key] = value;
  });
  if (!response.body) {
    res.writeHead(response.status, headers).end();
  } else if ((headers['content-type'] ?? '').startsWith('text/event-stream')) {
    res.writeHead(response.status, headers);
    res.flushHeaders();
    await pipeStream(response.body, res);
  } else {
    const body = Buffer.from(await response.arrayBuffer());
    headers['content-length'] = String(body.length);
    res.writeHead(response.status, headers).end(body);
  }
  // A body the handler did not read (413, 415, …) is drained so that the client sees the answer.
  if (!req.complete) req.resume();
}

function toRequest(req: IncomingMessage, signal: AbortSignal | undefined): Request {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
  const url = `http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`;
  const method = req.method ?? 'GET';
  const init: RequestInit & { duplex?: 'half' } = { method, headers };
  if (signal) init.signal = signal;
  if (method !== 'GET' && method !== 'HEAD') {
    init.body = Readable.toWeb(req) as unknown as ReadableStream<Uint8Array>;
    init.duplex = 'half';
  }
  return new Request(url, init);
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
