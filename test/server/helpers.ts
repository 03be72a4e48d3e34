// A real Quire server on 127.0.0.1 (a free port) over an in-memory SWAPI database, for the server
// tests: the handler served by the Node HTTP adapter, exactly as the CLI serves it (and `db.fetch`,
// the same handler behind the fetch adapter, configured alike).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase, type NodeDatabase, type QueryLimits } from '../../src/node/index.ts';
import { createHttpHandler, type FetchHandlerOptions } from '../../src/server/handler.ts';
import { serveHttp, type RunningServer } from '../../src/server/node-http.ts';

export const swapiDir = join(import.meta.dirname, '../../public/swapi');
export const swapiSdl = readFileSync(join(swapiDir, 'schema.graphql'), 'utf8');
export const swapi = JSON.parse(readFileSync(join(swapiDir, 'data.json'), 'utf8')) as Record<string, Record<string, unknown>[]>;

export interface TestServer {
  db: NodeDatabase;
  server: RunningServer;
  /** The GraphQL endpoint, http://127.0.0.1:<port>/graphql. */
  url: string;
  origin: string;
  stop(): Promise<void>;
}

export async function startServer(http: FetchHandlerOptions = {}, limits?: QueryLimits & { maxComplexity?: number }): Promise<TestServer> {
  const options = { graphqlPath: '/graphql', ...http };
  const db = await openDatabase({ memory: true, schema: swapiSdl, ...(limits ? { limits } : {}), http: options });
  await db.load(swapi);
  const server = await serveHttp(createHttpHandler(db, options), { port: 0 });
  return {
    db,
    server,
    url: `${server.origin}/graphql`,
    origin: server.origin,
    async stop() {
      await server.close();
      await db.close();
    },
  };
}

/** POSTs a GraphQL request as JSON; returns status, headers and the parsed body. */
export async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; json: any }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, json: await response.json() };
}
