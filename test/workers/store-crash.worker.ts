// A test worker that runs the Store on real OPFS files: commits in a loop (posting each commit
// number once commit() returned) until the page terminates it, or reopens and verifies a store.
// Test-only; uses plain postMessage so acknowledgements stream out of a busy loop.
import { checkStore } from '../../src/storage/check.ts';
import { OpfsFile } from '../../src/storage/file/opfs.ts';
import { encodeKey } from '../../src/storage/keys.ts';
import { Store } from '../../src/storage/store.ts';
import type { StoreCrashReply, StoreCrashRequest } from './store-crash.api.ts';

const reply = (m: StoreCrashReply): void => postMessage(m);

/** Opens both files, retrying while a terminated worker's exclusive handles are still being released. */
async function openFiles(dir: string): Promise<{ file: OpfsFile; wal: OpfsFile }> {
  const root = await navigator.storage.getDirectory();
  const folder = await root.getDirectoryHandle(dir, { create: true });
  for (let attempt = 0; ; attempt++) {
    try {
      const file = await OpfsFile.open(folder, 'db');
      try {
        return { file, wal: await OpfsFile.open(folder, 'wal') };
      } catch (e) {
        file.close();
        throw e;
      }
    } catch (e) {
      if (attempt > 100) throw e;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

onmessage = async (event: MessageEvent<StoreCrashRequest>) => {
  const req = event.data;
  try {
    const files = await openFiles(req.dir);
    if (req.cmd === 'commit-forever') {
      const store = Store.open({ ...files, memtableBytes: req.memtableBytes, cacheBytes: 64 * 4096 });
      const tx = store.begin();
      if (tx.kind('commits') === undefined) tx.createTree('commits', 'btree');
      const first = tx.count('commits') + 1;
      tx.commit();
      for (let i = first; ; i++) {
        const t = store.begin();
        t.put('commits', encodeKey([i]), { i, pad: 'x'.repeat(i % 10 === 0 ? 3000 : 40) });
        t.commit();
        reply({ ack: i });
      }
    } else {
      const store = Store.open({ ...files, cacheBytes: 64 * 4096 });
      const result = store.read((v) => {
        if (v.kind('commits') === undefined) return { maxCommit: 0, count: 0, contiguous: true };
        let expected = 1;
        let contiguous = true;
        for (const [, value] of v.range('commits')) {
          if ((value as { i: number }).i !== expected) contiguous = false;
          expected++;
        }
        return { maxCommit: expected - 1, count: v.count('commits'), contiguous };
      });
      const report = checkStore(store);
      const checkpoints = store.stats().checkpoints.count;
      store.close();
      reply({ verified: { ...result, checkedPages: report.pages, checkpoints } });
    }
  } catch (e) {
    reply({ error: `${(e as Error).name}: ${(e as Error).message}` });
  }
};
