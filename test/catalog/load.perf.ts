// Scratch benchmark (not a test): loads synthetic SWAPI (shared/data/swapi/generate.mjs) into a
// Store on NodeFile and reports rows/s. Run it from a scratch test or the bench runner:
//   import { measureLoad } from './load.perf.ts'; await measureLoad(100_000)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, createReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeFile } from '../../src/storage/file/node.ts';
import { Store } from '../../src/storage/index.ts';
import { openCatalog } from '../../src/catalog/persist.ts';
import { load } from '../../src/catalog/load.ts';

export interface LoadMeasurement {
  people: number;
  rows: number;
  links: number;
  bytes: number;
  ms: number;
  rowsPerSecond: number;
  /** Peak RSS growth observed during the load, in MB (bounded memory check). */
  heapMB: number;
}

/** Generates `people` synthetic SWAPI people (+ related rows), loads them streamed from the file, commits. */
export async function measureLoad(people: number, options: { stream?: boolean; cacheBytes?: number; memtableBytes?: number } = {}): Promise<LoadMeasurement> {
  const dir = mkdtempSync(join(tmpdir(), 'quire-load-'));
  try {
    const dataFile = join(dir, 'data.json');
    execFileSync('sh', ['-c', `node /work/shared/data/swapi/generate.mjs --people ${people} > ${dataFile}`]);
    const sdl = readFileSync('/work/shared/data/swapi/schema.graphql', 'utf8');
    const store = Store.open({ file: new NodeFile(join(dir, 'db.quire')), wal: new NodeFile(join(dir, 'db.wal')), cacheBytes: options.cacheBytes, memtableBytes: options.memtableBytes });
    let tx = store.begin();
    const { catalog } = openCatalog(tx, sdl);
    tx.commit();
    const bytes = statSync(dataFile).size;
    const heapBefore = process.memoryUsage().heapUsed;
    let peak = heapBefore;
    let calls = 0;
    const t0 = performance.now();
    tx = store.begin();
    const source = options.stream === false ? readFileSync(dataFile, 'utf8') : createReadStream(dataFile, { highWaterMark: 1 << 20 });
    const result = await load(tx, catalog, source as never, {
      onProgress: () => {
        if (++calls % 16 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
      },
    });
    tx.commit();
    const ms = performance.now() - t0;
    store.close();
    const rows = Object.values(result.rows).reduce((a, b) => a + b, 0);
    return { people, rows, links: result.links, bytes, ms, rowsPerSecond: Math.round((rows / ms) * 1000), heapMB: Math.round((peak - heapBefore) / 1e6) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
