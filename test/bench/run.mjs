#!/usr/bin/env node
// `npm run bench` (full: 10k / 100k / 1M people) and `npm run bench -- --quick` (10k, fewer
// iterations, under 2 minutes): runs every workload on Quire and its peers in headless
// Chromium, the layer benchmarks in Node, and rewrites BENCHMARKS.md. It orchestrates only;
// each job lives in ./lib (server, browser, data, workloads, memory, bundles, layers, report).
// Options: --quick, --sizes 10000,100000 (override), --only quire,sqlite, --no-layers, --no-bundles,
// --report-only (rewrite BENCHMARKS.md from the saved results of that mode), --merge <results.json>
// (take the sections this run skipped, e.g. with --no-layers, from an earlier run; the report says so).
// Results: BENCHMARKS.md (top level) and test/bench/results/<mode>.json (every sample).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, TASKSET } from './lib/browser.mjs';
import { measureBundles } from './lib/bundles.mjs';
import { ensureDataset } from './lib/data.mjs';
import { buildEngine } from './lib/engine.mjs';
import { runLayerBenches } from './lib/layers.mjs';
import { describeMachine } from './lib/machine.mjs';
import { writeReport } from './lib/report.mjs';
import { PAGE_PATH, startServer } from './lib/server.mjs';
import { runClient, runKv, runRawLimit, runSize } from './lib/workloads.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cacheDir = path.join(repoRoot, 'node_modules/.cache/quire-bench');
const argv = process.argv.slice(2);
const flag = (name) => argv.includes(`--${name}`);
const option = (name) => (argv.includes(`--${name}`) ? argv[argv.indexOf(`--${name}`) + 1] : undefined);

/** Iteration counts; `budgetMs` caps each timed workload so a slow system cannot stall the run. */
const PLANS = {
  quick: {
    sizes: [10_000], get: 5000, getX: 1000, range: 300, nested: 60, aggregate: 200, update: 60, reopen: 3,
    batches: 10, check: 20, budgetMs: 3000,
    rawPages: 6400, rawReads: 20_000, rawFlushes: 100, pings: 1000,
    storageRecords: 50_000, storageReads: 20_000, storageCommits: 200, hashKeys: 50_000, hashLookups: 20_000, loadPeople: 10_000,
    validate: { batches: 5, minBatchMs: 30 },
    serverQuick: true,
  },
  full: {
    sizes: [10_000, 100_000, 1_000_000], get: 10_000, getX: 5000, range: 1000, nested: 200, aggregate: 500, update: 300, reopen: 5,
    batches: 20, check: 20, budgetMs: 20_000,
    rawPages: 25_600, rawReads: 20_000, rawFlushes: 200, pings: 5000,
    storageRecords: 1_000_000, storageReads: 100_000, storageCommits: 2000, hashKeys: 1_000_000, hashLookups: 100_000, loadPeople: 100_000,
    serverQuick: false,
  },
};

const mode = flag('quick') ? 'quick' : 'full';

// --report-only: rewrite BENCHMARKS.md from results/<mode>.json without measuring anything.
if (flag('report-only')) {
  const saved = path.join(repoRoot, `test/bench/results/${mode}.json`);
  writeReport(path.join(repoRoot, 'BENCHMARKS.md'), JSON.parse(readFileSync(saved, 'utf8')));
  console.log(`rewrote BENCHMARKS.md from ${path.relative(repoRoot, saved)}`);
  process.exit(0);
}
const plan = { ...PLANS[mode], ...(option('sizes') ? { sizes: option('sizes').split(',').map(Number) } : {}) };
const only = option('only');
const started = performance.now();
const log = (line) => console.log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);

const run = { mode, plan, machine: describeMachine(repoRoot), sizes: [] };
const quireEngine = path.join(repoRoot, 'src/db/database.ts');
const quire = existsSync(quireEngine);
if (!quire) run.quireMissing = 'src/db/database.ts does not exist yet';

let browser = null;

/** --merge <results.json>: sections this run skipped are taken from that earlier run (the report says which). */
function merge() {
  const from = option('merge');
  if (!from) return;
  const earlier = JSON.parse(readFileSync(path.resolve(from), 'utf8'));
  const skipped = [...(flag('no-bundles') ? ['bundles'] : []), ...(flag('no-layers') ? ['layers', 'kv'] : [])];
  const taken = skipped.filter((k) => run[k] === undefined && earlier[k] !== undefined);
  for (const k of taken) run[k] = earlier[k];
  if (taken.length) run.merged = { from: path.relative(repoRoot, path.resolve(from)), date: earlier.machine.date, loadAverage: earlier.machine.loadAverage, sections: taken };
}

/** Writes what has been measured so far: after every size, at the end, and when interrupted. */
function save() {
  merge();
  run.seconds = (performance.now() - started) / 1000;
  mkdirSync(path.join(repoRoot, 'test/bench/results'), { recursive: true });
  writeFileSync(path.join(repoRoot, `test/bench/results/${mode}.json`), JSON.stringify(run, null, 1));
  writeReport(path.join(repoRoot, 'BENCHMARKS.md'), run);
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    run.failure = `interrupted (${signal}) after ${((performance.now() - started) / 1000).toFixed(0)} s; the sections below hold what was measured until then`;
    save();
    setTimeout(() => process.exit(130), 5000).unref();
    Promise.resolve(browser?.close()).finally(() => process.exit(130)); // also removes the temp profile
  });
}

log(`quire bench (${mode}): sizes ${plan.sizes.join(', ')}; load average ${run.machine.loadAverage.join(' ')}`);
const { server, baseUrl } = await startServer(repoRoot, cacheDir);
let exitCode = 0;
try {
  // Node-side parts first, so an interrupted run (the 1M size is long) still reports them.
  if (!flag('no-bundles')) {
    log('download sizes (vite build)');
    run.bundles = await measureBundles(repoRoot);
  }
  if (!flag('no-layers')) {
    log('layer benchmarks (Node)');
    run.layers = await runLayerBenches(server, repoRoot, plan, log);
  }
  if (quire) {
    log('Quire engine production build (what the quire worker loads)');
    run.engine = await buildEngine(repoRoot, cacheDir);
  }
  const { chromiumLaunchOptions } = await server.ssrLoadModule('/test/chromium.ts');
  browser = await launchBrowser(chromiumLaunchOptions(), `${baseUrl}${PAGE_PATH}`);
  run.browserVersion = browser.browserVersion;
  if (!(await browser.call('crossOriginIsolated'))) throw new Error('the bench page is not cross-origin isolated (COOP/COEP)');

  log('raw OPFS limit');
  run.raw = await runRawLimit(browser, plan);
  if (!flag('no-layers')) {
    log('storage engine vs SQLite, key-value work on OPFS');
    run.kv = await runKv(browser, plan);
  }
  for (const people of plan.sizes) {
    log(`dataset: ${people} people`);
    const dataset = await ensureDataset(repoRoot, cacheDir, people);
    run.sizes.push(await runSize(browser, dataset, plan, quire, log, only));
    save();
  }
  // Last: in full runs the page stalled after the client's database was closed (cause not found).
  log('Quire client round trip (issue 7)');
  run.client = await runClient(browser, await ensureDataset(repoRoot, cacheDir, plan.sizes[0]), plan);
  await browser.close();
  browser = null;
  // The same step in a browser pinned to one CPU: on this VM, messages between threads on different
  // CPUs pay a cross-CPU wake-up (~35 µs a leg) that comes and goes with the host, for ping and get alike.
  if (TASKSET && chromiumLaunchOptions().executablePath) {
    log('Quire client round trip, browser pinned to one CPU');
    browser = await launchBrowser(chromiumLaunchOptions(), `${baseUrl}${PAGE_PATH}`, { cpu: 1 });
    run.clientPinned = await runClient(browser, await ensureDataset(repoRoot, cacheDir, plan.sizes[0]), plan);
    await browser.close();
    browser = null;
  }
} catch (error) {
  run.failure = String(error?.stack ?? error).split('\n').slice(0, 6).join(' ');
  console.error(`\nBENCH FAILED: ${error?.stack ?? error}`);
  exitCode = 1;
} finally {
  await browser?.close();
  await server.close();
}

save();
log(`done in ${run.seconds.toFixed(0)} s; wrote BENCHMARKS.md and test/bench/results/${mode}.json`);
process.exit(exitCode);
