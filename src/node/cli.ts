#!/usr/bin/env node
// The `quire` command: `quire serve --schema schema.graphql [--data data.json] [--db path] [--port 4000]
// [--host 127.0.0.1] [--admin-token …]` — opens a database with quire/node and serves it over HTTP,
// printing the URL; SIGINT/SIGTERM checkpoint and close. Owns arguments and process life only.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openDatabase, type NodeDatabase } from './index.ts';
import { createHttpHandler } from '../server/handler.ts';
import { serveHttp, type RunningServer } from '../server/node-http.ts';

const USAGE = `Usage: quire serve --schema schema.graphql [options]

Options:
  --schema <file>        the SDL of the database (required)
  --data <file>          JSON or NDJSON data (API.md §3) loaded into a new, empty database
  --db <path>            the database file (default: in memory, nothing kept)
  --port <n>             port to listen on (default 4000; 0 picks a free one)
  --host <address>       interface to listen on (default 127.0.0.1)
  --admin-token <token>  token that PUT /schema requires (or env QUIRE_ADMIN_TOKEN)
  --allow-data-loss      allow a migration at startup that drops data
  --no-introspection     refuse __schema and __type queries
  --max-body-bytes <n>   largest request body (default 1048576)
`;

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        schema: { type: 'string' },
        data: { type: 'string' },
        db: { type: 'string' },
        port: { type: 'string', default: '4000' },
        host: { type: 'string', default: '127.0.0.1' },
        'admin-token': { type: 'string' },
        'allow-data-loss': { type: 'boolean', default: false },
        'no-introspection': { type: 'boolean', default: false },
        'max-body-bytes': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (positionals[0] !== 'serve' || positionals.length !== 1 || !values.schema) {
    process.stderr.write(USAGE);
    return 2;
  }
  const port = Number(values.port);
  const maxBodyBytes = values['max-body-bytes'] === undefined ? undefined : Number(values['max-body-bytes']);
  if (!Number.isInteger(port) || port < 0 || port > 65535 || (maxBodyBytes !== undefined && !(maxBodyBytes > 0))) {
    process.stderr.write(`--port must be 0–65535 and --max-body-bytes positive\n\n${USAGE}`);
    return 2;
  }
  const adminToken = values['admin-token'] ?? process.env['QUIRE_ADMIN_TOKEN'];

  let db: NodeDatabase;
  try {
    db = await openDatabase({
      ...(values.db !== undefined ? { path: values.db } : { memory: true }),
      schema: readFileSync(values.schema, 'utf8'),
      allowDataLoss: values['allow-data-loss'],
    });
  } catch (error) {
    process.stderr.write(`quire: cannot open the database: ${(error as Error).message}\n`);
    return 1;
  }
  if (values.data !== undefined) {
    if (db.schemaStatus === 'created') {
      const summary = await db.load(readFileSync(values.data, 'utf8'));
      const rows = Object.values(summary.rows).reduce((a, b) => a + b, 0);
      process.stdout.write(`Loaded ${rows} records and ${summary.edges} links from ${values.data}\n`);
    } else {
      process.stdout.write(`The database already exists: ${values.data} was not loaded again\n`);
    }
  }

  let server: RunningServer;
  try {
    const handler = createHttpHandler(db, {
      graphqlPath: '/graphql',
      introspection: !values['no-introspection'],
      ...(adminToken ? { adminToken } : {}),
      ...(maxBodyBytes !== undefined ? { maxBodyBytes } : {}),
    });
    server = await serveHttp(handler, { graphiql: true, port, host: values.host });
  } catch (error) {
    await db.close();
    process.stderr.write(`quire: cannot listen on ${values.host}:${port}: ${(error as Error).message}\n`);
    return 1;
  }
  process.stdout.write(`Quire is serving ${server.origin}/graphql\n`);

  return new Promise<number>((resolve) => {
    let stopping = false;
    const shutdown = async (signal: string): Promise<void> => {
      if (stopping) return;
      stopping = true;
      process.stdout.write(`${signal}: closing\n`);
      await server.close();
      await db.close();
      resolve(0);
    };
    process.once('SIGINT', () => void shutdown('SIGINT'));
    process.once('SIGTERM', () => void shutdown('SIGTERM'));
  });
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`quire: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
