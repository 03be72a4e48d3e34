// `quire`: the main-thread API. `openDatabase` starts the engine in a dedicated worker on OPFS;
// the other functions manage databases as OPFS folders. Nothing here opens a sync access handle.
import { QuireError } from '../db/errors.ts';
import { BrowserDatabase, type BrowserDatabaseOptions } from './database.ts';
import { databaseLock, MAIN_FILE, ROOT_FOLDER, WAL_FILE } from '../worker/names.ts';

export type { BrowserDatabase, BrowserDatabaseOptions, Timing } from './database.ts';
export { timingOf } from './database.ts';
export type * from '../db/api.ts';
export { QuireError } from '../db/errors.ts';

/** The first bytes of every Quire database file: its header page's magic (see src/storage/README.md). */
const MAGIC = new TextEncoder().encode('QUIRE');

/** Creates or opens the database `name`; a changed schema is migrated. Rejects with SCHEMA_ERROR and the like. */
export function openDatabase(options: BrowserDatabaseOptions): Promise<BrowserDatabase> {
  return BrowserDatabase.open(options);
}

/** The names of the databases this origin has in OPFS. */
export async function listDatabases(): Promise<string[]> {
  const root = await quireFolder();
  const names: string[] = [];
  for await (const [name, handle] of root.entries()) if (handle.kind === 'directory') names.push(name);
  return names.sort();
}

/** Deletes the database `name` and its files. It must not be open in any tab. */
export async function deleteDatabase(name: string): Promise<void> {
  await whileClosed(name, async () => {
    const root = await quireFolder();
    await root.removeEntry(name, { recursive: true }).catch((error: DOMException) => {
      if (error.name !== 'NotFoundError') throw error;
    });
  });
}

/** Restores a backup made by `db.export()` as the database `name` (which must not be open). */
export async function importDatabase(name: string, backup: Blob): Promise<void> {
  const bytes = new Uint8Array(await backup.arrayBuffer());
  if (bytes.length < MAGIC.length || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new QuireError('BAD_USER_INPUT', 'this file is not a Quire database backup');
  }
  await whileClosed(name, async () => {
    const root = await quireFolder();
    const folder = await root.getDirectoryHandle(name, { create: true });
    await folder.removeEntry(WAL_FILE).catch(() => undefined);
    const writable = await (await folder.getFileHandle(MAIN_FILE, { create: true })).createWritable();
    await writable.write(bytes);
    await writable.close();
  });
}

async function quireFolder(): Promise<FileSystemDirectoryHandle> {
  const root = await navigator.storage.getDirectory();
  return root.getDirectoryHandle(ROOT_FOLDER, { create: true });
}

/** Runs `fn` holding the database's lock, so no tab can open it meanwhile. */
async function whileClosed(name: string, fn: () => Promise<void>): Promise<void> {
  await navigator.locks.request(databaseLock(name), { ifAvailable: true }, async (lock) => {
    if (!lock) throw new QuireError('DATABASE_UNAVAILABLE', `the database "${name}" is open; close it in every tab first`);
    await fn();
  });
}
