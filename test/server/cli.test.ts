// The Node build and the `quire` CLI, as plain Node runs them (no TypeScript loader): `npm run
// build:node` emits dist/node; a plain script imports the built quire/node; the CLI serves SWAPI
// on a file, answers over HTTP, shuts down cleanly on SIGTERM/SIGINT and finds its data on restart.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { swapi, swapiDir } from './helpers.ts';

const root = join(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { bin: { quire: string }; exports: Record<string, { default: string }> };
const cli = join(root, pkg.bin.quire);
const dir = mkdtempSync(join(tmpdir(), 'quire-cli-'));
const run = promisify(execFile);

beforeAll(async () => {
  await run('npm', ['run', 'build:node'], { cwd: root });
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts `quire …` and resolves with the process and the URL it printed. */
function startCli(args: string[]): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolve, reject) => {
    const check = (): void => {
      const match = /Quire is serving (http:\/\/\S+)/.exec(out);
      if (match) resolve({ child, url: match[1]!, output: () => out });
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => reject(new Error(`quire exited with ${code}: ${out}`)));
  });
}

const exited = (child: ChildProcess): Promise<number | null> => new Promise((resolve) => child.once('exit', (code) => resolve(code)));

async function graphql(url: string, query: string): Promise<any> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  return response.json();
}

describe('the Node build', () => {
  it('exports ./node and bin point at emitted JavaScript that plain Node runs', async () => {
    expect(readFileSync(cli, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    const entry = join(root, pkg.exports['./node']!.default);
    const script = join(dir, 'plain.mjs');
    writeFileSync(script, `
      import { openDatabase } from ${JSON.stringify(entry)};
      const db = await openDatabase({ path: process.argv[2], schema: 'type Note { id: ID! text: String! }' });
      await db.load({ Note: [{ id: 'a', text: 'from plain node' }] });
      const response = await db.fetch(new Request('http://x/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ notes { id text } }' }) }));
      console.log(JSON.stringify({ status: response.status, body: await response.json() }));
      await db.close();
    `);
    const { stdout } = await run(process.execPath, [script, join(dir, 'plain.quire')]);
    expect(JSON.parse(stdout)).toEqual({ status: 200, body: { data: { notes: [{ id: 'a', text: 'from plain node' }] } } });
  });
});

describe('quire serve', () => {
  it('serves SWAPI from a file, shuts down on SIGTERM with exit 0, and keeps every write across a restart', async () => {
    const db = join(dir, 'swapi.quire');
    const args = ['serve', '--schema', join(swapiDir, 'schema.graphql'), '--db', db, '--port', '0', '--admin-token', 'secret'];
    const first = await startCli([...args, '--data', join(swapiDir, 'data.json')]);
    expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
    expect(first.output()).toMatch(/Loaded \d+ records/);
    const counts = await graphql(first.url, '{ peopleAggregate { count } filmsAggregate { count } }');
    expect(counts).toEqual({ data: { peopleAggregate: { count: swapi.Person!.length }, filmsAggregate: { count: swapi.Film!.length } } });
    const created = await graphql(first.url, 'mutation { createFilm(data: { title: "The CLI Strikes Back", episodeId: 99 }) { id } }');
    const id = created.data.createFilm.id as string;
    const tables = (await (await fetch(first.url.replace('/graphql', '/schema/tables'))).json()) as { tables: { name: string; rows: number }[] };
    expect(tables.tables.find((t) => t.name === 'Film')!.rows).toBe(swapi.Film!.length + 1);
    // A live query stays open over SSE; shutdown must end it rather than wait for it.
    const stream = await fetch(first.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: 'subscription { filmsAggregate { count } }' }),
    });
    expect(stream.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const reader = stream.body!.getReader();
    let events = '';
    while (!events.includes('event: next')) events += new TextDecoder().decode((await reader.read()).value);
    expect(events).toContain(`"count":${swapi.Film!.length + 1}`);
    first.child.kill('SIGTERM');
    expect(await exited(first.child)).toBe(0);
    await reader.read().then(
      (r) => expect(r.done).toBe(true),
      (e: unknown) => expect(e).toBeInstanceOf(Error), // the connection was closed under it
    );
    expect(first.output()).toContain('SIGTERM: closing');

    const second = await startCli([...args, '--data', join(swapiDir, 'data.json')]);
    expect(second.output()).toContain('was not loaded again');
    expect(await graphql(second.url, `{ film(id: "${id}") { title } filmsAggregate { count } }`)).toEqual({
      data: { film: { title: 'The CLI Strikes Back' }, filmsAggregate: { count: swapi.Film!.length + 1 } },
    });
    second.child.kill('SIGINT');
    expect(await exited(second.child)).toBe(0);
  }, 60_000);

  it('exits 2 with the usage on bad arguments, and 1 with the reason on an invalid schema', async () => {
    const usage = await run(process.execPath, [cli, 'serve']).then(() => null, (e: { code: number; stderr: string }) => e);
    expect(usage!.code).toBe(2);
    expect(usage!.stderr).toContain('Usage: quire serve --schema');
    const badSchema = join(dir, 'bad.graphql');
    writeFileSync(badSchema, 'type Broken { id: ID! other: Nowhere }');
    const failed = await run(process.execPath, [cli, 'serve', '--schema', badSchema, '--port', '0']).then(() => null, (e: { code: number; stderr: string }) => e);
    expect(failed!.code).toBe(1);
    expect(failed!.stderr).toMatch(/cannot open the database: .*Nowhere/);
    expect(failed!.stderr).not.toMatch(/\n\s+at /);
  });
});
