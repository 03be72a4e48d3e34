// The per-layer benchmarks the other layers export from their test folders (issues 3, 4, 5),
// run in Node through Vite's SSR loader as each lands; absent ones are reported as not yet
// available. It only calls their exported functions and flattens what they return.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Known layer benchmarks: the module, the export that marks it landed, and how to run it for this plan. */
export const LAYER_BENCHES = [
  { id: 'parse', title: 'GraphQL parse, Quire vs graphql-js (Node, CPU time)', file: 'test/graphql/parse.perf.ts', fn: 'benchParse', run: (m) => m.benchParse() },
  { id: 'validate', title: 'GraphQL validate, Quire vs graphql-js (Node)', file: 'test/graphql/validate.perf.ts', fn: 'benchValidate', run: (m, plan) => m.benchValidate(plan.validate) },
  {
    // runAll's sequence, with this plan's counts (runAll itself fixes 2,000 durable commits).
    id: 'storage', title: 'Storage engine key-value work on a Node file', file: 'test/storage/storage.perf.ts', fn: 'runAll',
    run: (m, plan, ctx) => {
      const n = plan.storageRecords;
      const files = ctx.files();
      return [
        m.bulkInsert(files, n), m.bulkLoad(files, n),
        m.pointReads(files, 'bulk', n, plan.storageReads, false),
        m.pointReads(files, 'bulk', n, plan.storageReads, true, { cacheBytes: 64 * 4096 }),
        m.rangeScan(files, 'bulk'), m.durableCommits(files, plan.storageCommits), m.rawWriteFlush(ctx.rawFile(), plan.storageCommits),
      ];
    },
  },
  {
    id: 'hash', title: 'Hash index vs B+tree point lookups (in memory)', file: 'test/storage/hash.perf.ts', fn: 'measurePointLookups',
    run: (m, plan) => m.measurePointLookups(plan.hashKeys, plan.hashLookups, 3),
  },
  {
    // Issue 10: the built `quire serve` under autocannon on loopback (bounded in time and count),
    // then kill -9 during a write load and a restart: acknowledged writes lost must be 0.
    id: 'server-load', title: 'HTTP server under load (autocannon, 50 connections, loopback) and kill -9 under writes', file: 'test/server/load.perf.mjs', fn: 'runServerLoad',
    run: (m, plan) => m.runServerLoad({ quick: plan.serverQuick }),
  },
  {
    id: 'catalog-load', title: 'Catalog load of synthetic SWAPI into a Store on a Node file', file: 'test/catalog/load.perf.ts', fn: 'measureLoad',
    run: (m, plan) => m.measureLoad(plan.loadPeople),
  },
];

/** Temp NodeFile pairs for the storage benchmark (PageFile backends of src/storage/file). */
async function nodeFiles(server) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'quire-bench-store-'));
  const { NodeFile } = await server.ssrLoadModule('/src/storage/file/node.ts');
  const opened = [];
  const track = (f) => (opened.push(f), f);
  return {
    files: () => ({ open: () => ({ file: track(new NodeFile(path.join(dir, 'db.quire'))), wal: track(new NodeFile(path.join(dir, 'db.quire-wal'))) }) }),
    rawFile: () => track(new NodeFile(path.join(dir, 'raw.bin'))),
    dispose() {
      for (const f of opened) {
        try {
          f.close();
        } catch {
          // already closed by its store
        }
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs every available layer benchmark; { id: { title, result } | { title, missing } }. */
export async function runLayerBenches(server, repoRoot, plan, log) {
  const out = {};
  for (const bench of LAYER_BENCHES) {
    const where = `${bench.file} ${bench.fn}()`;
    if (!existsSync(path.join(repoRoot, bench.file))) {
      out[bench.id] = { title: bench.title, missing: `${bench.file} does not exist yet` };
      continue;
    }
    let ctx = null;
    try {
      const mod = await server.ssrLoadModule(`/${bench.file}`);
      if (typeof mod[bench.fn] !== 'function') {
        out[bench.id] = { title: bench.title, missing: `${bench.file} exports no ${bench.fn}() yet` };
        continue;
      }
      ctx = bench.id === 'storage' ? await nodeFiles(server) : null;
      log(`  ${where}`);
      const t0 = performance.now();
      const result = await bench.run(mod, plan, ctx);
      out[bench.id] = { title: bench.title, source: bench.file, result, seconds: (performance.now() - t0) / 1000 };
    } catch (e) {
      out[bench.id] = { title: bench.title, missing: `${where} failed: ${String(e?.message ?? e).split('\n')[0]}` };
    } finally {
      ctx?.dispose();
    }
  }
  return out;
}
