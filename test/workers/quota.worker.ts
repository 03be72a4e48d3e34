// A test worker running the real Database on real OPFS files, with a quota imposed by the
// fault-injecting PageFile (Chromium's test contexts cannot shrink a real quota). Test-only.
import { expose } from 'comlink';
import { Database } from '../../src/db/database.ts';
import { FaultyFile } from '../../src/storage/file/faulty.ts';
import { OpfsFile } from '../../src/storage/file/opfs.ts';
import type { QuotaWorker } from './quota.api.ts';

let folder: FileSystemDirectoryHandle;
let schema = '';
let files: { file: FaultyFile; wal: FaultyFile } | null = null;
let db: Database | null = null;

async function openFiles(): Promise<{ file: OpfsFile; wal: OpfsFile }> {
  return { file: await OpfsFile.open(folder, 'main.quire'), wal: await OpfsFile.open(folder, 'main.wal') };
}

const api: QuotaWorker = {
  async open(dir, sdl) {
    const root = await navigator.storage.getDirectory();
    folder = await root.getDirectoryHandle(dir, { create: true });
    schema = sdl;
    const raw = await openFiles();
    files = { file: new FaultyFile(raw.file), wal: new FaultyFile(raw.wal) };
    db = await Database.open(files, { schema });
  },
  setQuota(extraBytes) {
    for (const f of [files!.file, files!.wal]) f.faults.quotaBytes = extraBytes === null ? undefined : f.inner.size() + extraBytes;
  },
  execute: (query, variables) => db!.execute({ query, variables: variables ?? null }),
  async reopen() {
    await db!.close();
    files = null;
    db = await Database.open(await openFiles(), { schema });
  },
  async close() {
    await db?.close();
  },
};

expose(api);
