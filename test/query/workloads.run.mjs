// Runs test/query/workloads.perf.ts in plain Node (bundled by rolldown to one file under the OS
// node_modules/.cache, so `node --cpu-prof` profiles show the engine's own functions). Not a test.
//   node [--cpu-prof] test/query/workloads.run.mjs [people=100000] [scale=1] [workload|all]   (QUIRE_CLONE=1: copy shared responses like Database; QUIRE_CLONE=all: copy every response, as Database did before; QUIRE_RESULT_CACHE=n: the engine's result cache size, default 0; QUIRE_ROW_CACHE=n: its shared row cache size (rowCacheSize; 0: every row cold), default the engine's; QUIRE_KEEP_BUNDLE=1: keep the bundle, to map profile line numbers; W7_PLANET=n: the planet of the aggregate-one workload; W4_FROM=n: W4 always on planets n to n + 19, warm)
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'rolldown';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const people = Number(process.argv[2] ?? 100_000);
const scale = Number(process.argv[3] ?? 1);
const only = process.argv[4] ?? null;
// Inside node_modules/.cache so that the bundle resolves msgpackr like the sources do.
const out = path.join(root, 'node_modules/.cache/quire-workloads', `workloads-${process.pid}.mjs`);
await build({ input: path.join(here, 'workloads.perf.ts'), platform: 'node', tsconfig: false, external: [/^node:/, 'msgpackr'], output: { file: out, format: 'esm' }, logLevel: 'silent' });
const m = await import(pathToFileURL(out).href);
if (!process.env.QUIRE_KEEP_BUNDLE) rmSync(out);
const dataset = path.join(root, 'node_modules/.cache/quire-bench', `people-${people}.json`);
const db = await m.openWorkloadDb(dataset, path.join(os.tmpdir(), `quire-workloads-db-${people}`), Number(process.env.QUIRE_RESULT_CACHE ?? 0), process.env.QUIRE_ROW_CACHE === undefined ? undefined : Number(process.env.QUIRE_ROW_CACHE));
const clone = process.env.QUIRE_CLONE === '1' ? 'shared' : process.env.QUIRE_CLONE === 'all' ? 'all' : 'none';
try {
  for (const t of m.measureWorkloads(db, scale, only === 'all' ? null : only, clone)) console.log(`${t.name.padEnd(36)} median ${String(t.medianUs).padStart(8)} µs  min ${String(t.minUs).padStart(8)} µs  cpu median ${String(t.cpuMedianUs).padStart(8)} min ${String(t.cpuMinUs).padStart(8)} µs  (${t.ops} ops)`);
} finally {
  db.close();
}
