// The physical limit: one OPFS sync access handle doing bare 4 KB page I/O (TOOLCHAIN.md §4),
// and the bare Comlink ping the client's round trip is compared with. No format, no caching.
import { expose } from 'comlink';
import type { RawOpfsApi, Timing } from '../shared/protocol.ts';
import { removeOpfsEntry } from '../shared/runner.ts';

const PAGE = 4096;
const FOLDER = 'bench-raw';

let handle: FileSystemSyncAccessHandle | null = null;
let pagesWritten = 0;

async function fresh(): Promise<FileSystemSyncAccessHandle> {
  handle?.close();
  await removeOpfsEntry(FOLDER);
  const root = await navigator.storage.getDirectory();
  const dir = await root.getDirectoryHandle(FOLDER, { create: true });
  const file = await dir.getFileHandle('pages.bin', { create: true });
  handle = await file.createSyncAccessHandle();
  return handle;
}

/** A page whose bytes differ per page number (so nothing can be deduplicated). */
function pageFor(n: number, page: Uint8Array): Uint8Array {
  new DataView(page.buffer).setUint32(0, n, true);
  page.fill(n & 0xff, 4, 64);
  return page;
}

/** xorshift32: the same pseudo-random page order in every run. */
function random(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

const api: RawOpfsApi = {
  async sequentialWrite(pages, batches) {
    const h = await fresh();
    const page = new Uint8Array(PAGE);
    const size = Math.ceil(pages / batches);
    const samples: number[] = [];
    const start = performance.now();
    for (let b = 0; b < pages; b += size) {
      const end = Math.min(pages, b + size);
      const t0 = performance.now();
      for (let n = b; n < end; n++) h.write(pageFor(n, page), { at: n * PAGE });
      samples.push(((performance.now() - t0) * 1000) / (end - b));
    }
    const f0 = performance.now();
    h.flush();
    const end = performance.now();
    pagesWritten = pages;
    return { writeUs: { samples, ops: pages }, mbPerS: (pages * PAGE) / 1e6 / ((end - start) / 1000), flushMs: end - f0 };
  },
  async randomRead(reads, batches): Promise<Timing> {
    if (!handle || pagesWritten === 0) throw new Error('raw-opfs: write pages first');
    const page = new Uint8Array(PAGE);
    const next = random(7);
    const size = Math.ceil(reads / batches);
    const samples: number[] = [];
    for (let b = 0; b < reads; b += size) {
      const end = Math.min(reads, b + size);
      const t0 = performance.now();
      for (let i = b; i < end; i++) handle.read(page, { at: Math.floor(next() * pagesWritten) * PAGE });
      samples.push(((performance.now() - t0) * 1000) / (end - b));
    }
    return { samples, ops: reads };
  },
  async writeFlush(n): Promise<Timing> {
    const h = await fresh();
    const page = new Uint8Array(PAGE);
    const samples: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      h.write(pageFor(i, page), { at: (i % 64) * PAGE });
      h.flush();
      samples.push((performance.now() - t0) * 1000);
    }
    return { samples, ops: n };
  },
  ping: (x) => x,
  async close() {
    handle?.close();
    handle = null;
    await removeOpfsEntry(FOLDER);
  },
};

expose(api);
