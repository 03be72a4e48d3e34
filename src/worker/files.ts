// Where a database lives in OPFS (the folder `quire/<name>/` with `main.quire` and `main.wal`)
// and how the worker opens it. Owns the OPFS layout; never reads or writes a page itself.
import { FileError } from '../storage/file/page-file.ts';
import { OpfsFile } from '../storage/file/opfs.ts';
import { ROOT_FOLDER } from './names.ts';

export { MAIN_FILE, WAL_FILE } from './names.ts';

export async function databaseFolder(name: string, create: boolean): Promise<FileSystemDirectoryHandle> {
  const root = await navigator.storage.getDirectory();
  const quire = await root.getDirectoryHandle(ROOT_FOLDER, { create: true });
  return quire.getDirectoryHandle(name, { create });
}

/**
 * Opens a file's sync access handle, waiting while a worker that just died or closed still holds
 * it (Chromium releases handles asynchronously), so a tab taking over never reports "file is locked".
 */
export async function openExclusive(dir: FileSystemDirectoryHandle, name: string, waitMs = 10_000): Promise<OpfsFile> {
  const deadline = performance.now() + waitMs;
  for (let delay = 10; ; delay = Math.min(delay * 2, 250)) {
    try {
      return await OpfsFile.open(dir, name);
    } catch (error) {
      const cause = (error as FileError).cause as { name?: string } | undefined;
      const busy = cause?.name === 'NoModificationAllowedError' || cause?.name === 'InvalidStateError';
      if (!busy || performance.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
