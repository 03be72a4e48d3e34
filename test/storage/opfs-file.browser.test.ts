// OpfsFile in a real dedicated worker on real OPFS (Chromium): 4 KB pages written through a
// sync access handle read back byte for byte, survive close and reopen, and the handle is exclusive.
import { wrap, type Remote } from 'comlink';
import { afterAll, describe, expect, it } from 'vitest';
import type { PageFileWorker } from '../workers/page-file.api.ts';

const PAGE = 4096;
const dirName = `quire-test-${crypto.randomUUID()}`;
const workers: Worker[] = [];

function start(): Remote<PageFileWorker> {
  const worker = new Worker(new URL('../workers/page-file.worker.ts', import.meta.url), { type: 'module' });
  workers.push(worker);
  return wrap<PageFileWorker>(worker);
}

function pageOf(seed: number): Uint8Array {
  const page = new Uint8Array(PAGE);
  let x = seed * 2654435761 + 1;
  for (let i = 0; i < PAGE; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    page[i] = x >>> 24;
  }
  return page;
}

afterAll(async () => {
  for (const w of workers) w.terminate();
  const root = await navigator.storage.getDirectory();
  await root.removeEntry(dirName, { recursive: true });
});

describe('OpfsFile on real OPFS in a dedicated worker', () => {
  const pages = [0, 1, 2, 7, 100, 5, 64];

  it('writes 4 KB pages, flushes, and reads them back exactly; holes read as zeros', async () => {
    const file = start();
    await file.open(dirName, 'pages.db');
    for (const p of pages) expect(await file.writePage(p, pageOf(p))).toBe(PAGE);
    await file.flush();
    for (const p of pages) expect(await file.readPage(p)).toEqual(pageOf(p));
    expect(await file.size()).toBe(101 * PAGE);
    expect(await file.readPage(50)).toEqual(new Uint8Array(PAGE));
    expect(await file.secondHandleRefused('pages.db')).toBe(true);
    await file.close();
    expect(await file.closedFileError()).toBe('FILE_CLOSED');
  });

  it('a new worker reopens the file and finds every page; truncate shrinks it', async () => {
    const file = start();
    await file.open(dirName, 'pages.db');
    for (const p of pages) expect(await file.readPage(p)).toEqual(pageOf(p));
    await file.truncate(8 * PAGE);
    expect(await file.size()).toBe(8 * PAGE);
    expect(await file.readPage(7)).toEqual(pageOf(7));
    await file.close();
  });
});
