// Load test of the HTTP server (issue 10), in plain Node on loopback: the built `quire serve`
// (dist/node, `npm run build:node`) on a SWAPI database file, driven by autocannon bounded in time
// and count — requests/s and p99 latency for a get by id and a nested query with 50 connections,
// every answer checked — then a kill -9 of the server under a write load, a restart, and a check
// that no acknowledged write was lost. Run: `node test/server/load.perf.mjs [--quick]`.
import autocannon from 'autocannon';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '../..');
const swapiDir = join(root, 'public/swapi');
const cli = join(root, JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).bin.quire);

/** Starts the CLI; resolves with the child and the GraphQL URL it printed. */
function startServer(args) {
  const child = spawn(process.execPath, [cli, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk) => {
      out += chunk;
      const match = /Quire is serving (http:\/\/\S+)/.exec(out);
      if (match) resolve({ child, url: match[1] });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${out}`)));
  });
}

const exited = (child) => new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', resolve)));

/** One autocannon run: `bodies()` gives each request's body; every response must be 200 with data and no errors. */
async function measure(name, url, bodies, { connections, seconds, amount }) {
  let bad = 0;
  const instance = autocannon({
    url,
    connections,
    amount,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
        setupRequest: (request) => ({ ...request, body: bodies() }),
        onResponse: (status, body) => {
          if (status !== 200 || !body.startsWith('{"data":') || body.includes('"errors"')) bad++;
        },
      },
    ],
  });
  const stop = setTimeout(() => instance.stop(), seconds * 1000 + 2000); // the time bound, even with `amount`
  const result = await instance;
  clearTimeout(stop);
  return {
    name,
    connections,
    requests: result.requests.total,
    requestsPerSecond: Math.round(result.requests.average),
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    failed: result.errors + result.timeouts + result.non2xx + bad,
  };
}

/** Writers create people as fast as the server acknowledges; kill -9 mid-load; restart; every acknowledged write is there. */
async function killNineUnderWrites(args, { writers, killAfterMs }) {
  const server = await startServer(args);
  const acked = new Map(); // id → name
  let sent = 0;
  let stopped = false;
  const writer = async (w) => {
    for (let i = 0; !stopped; i++) {
      const name = `load-${w}-${i}`;
      sent++;
      try {
        const response = await fetch(server.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: 'mutation ($name: String!) { createPerson(data: { name: $name }) { id name } }', variables: { name } }),
        });
        const json = await response.json();
        if (response.status === 200 && json.data?.createPerson?.name === name) acked.set(json.data.createPerson.id, name);
      } catch {
        return; // the connection died with the server: this write was never acknowledged
      }
    }
  };
  const running = Array.from({ length: writers }, (_, w) => writer(w));
  await new Promise((resolve) => setTimeout(resolve, killAfterMs));
  server.child.kill('SIGKILL');
  await exited(server.child);
  stopped = true;
  await Promise.all(running);

  const restarted = await startServer(args);
  const response = await fetch(restarted.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ people(where: { name: { startsWith: "load-" } }) { id name } }' }),
  });
  const found = new Map((await response.json()).data.people.map((p) => [p.id, p.name]));
  const lost = [...acked].filter(([id, name]) => found.get(id) !== name);
  restarted.child.kill('SIGTERM');
  await exited(restarted.child);
  return { writers, sent, acknowledged: acked.size, foundAfterRestart: found.size, lostAcknowledged: lost.length };
}

/** The whole load test; returns its numbers (also what `npm run bench` would record). */
export async function runServerLoad({ quick = false } = {}) {
  execFileSync('npm', ['run', 'build:node'], { cwd: root, stdio: 'ignore' }); // never measure a stale build
  const dir = mkdtempSync(join(tmpdir(), 'quire-load-'));
  const limits = quick ? { connections: 50, seconds: 3, amount: 20_000 } : { connections: 50, seconds: 10, amount: 200_000 };
  try {
    const db = join(dir, 'swapi.quire');
    const args = ['--schema', join(swapiDir, 'schema.graphql'), '--db', db, '--port', '0'];
    const server = await startServer([...args, '--data', join(swapiDir, 'data.json')]);
    const people = JSON.parse(readFileSync(join(swapiDir, 'data.json'), 'utf8')).Person.map((p) => p.id);
    const films = JSON.parse(readFileSync(join(swapiDir, 'data.json'), 'utf8')).Film.map((f) => f.id);
    let n = 0;
    const getById = () => JSON.stringify({ query: 'query ($id: ID!) { person(id: $id) { id name height homeworld { name } } }', variables: { id: people[n++ % people.length] } });
    const nested = () =>
      JSON.stringify({
        query: 'query ($id: ID!) { film(id: $id) { title characters(first: 10) { name homeworld { name residents(first: 5) { name } } species { name } starships { name } } } }',
        variables: { id: films[n++ % films.length] },
      });
    // The server's JIT warms up over several seconds under load: without this the first phase measured
    // reads up to 3x slower than the same phase run later.
    for (const bodies of [getById, nested, getById]) await measure('warm-up', server.url, bodies, { ...limits, seconds: 3, amount: 20_000 });
    const results = [await measure('get by id', server.url, getById, limits), await measure('nested query', server.url, nested, limits)];
    server.child.kill('SIGTERM');
    await exited(server.child);
    const crash = await killNineUnderWrites(args, { writers: 16, killAfterMs: quick ? 1500 : 3000 });
    return { results, crash };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { results, crash } = await runServerLoad({ quick: process.argv.includes('--quick') });
  for (const r of results) {
    console.log(`${r.name.padEnd(13)} ${r.connections} connections: ${r.requestsPerSecond} req/s, p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms, max ${r.latencyMs.max} ms, ${r.requests} requests, ${r.failed} failed`);
  }
  console.log(`kill -9 under ${crash.writers} writers: ${crash.acknowledged} acknowledged of ${crash.sent} sent, ${crash.foundAfterRestart} found after restart, ${crash.lostAcknowledged} acknowledged writes lost`);
  const ok = results.every((r) => r.failed === 0 && r.requests > 0) && crash.lostAcknowledged === 0 && crash.acknowledged > 0;
  process.exitCode = ok ? 0 : 1;
}
