// The dedicated module worker that owns a database's OPFS files and exposes it with Comlink.
// It is the only code that opens sync access handles; it never touches the DOM.
import { expose } from 'comlink';
import { OpfsFile } from '../storage/file/opfs.ts';
import type { StorageProbe, WorkerApi } from './api.ts';

const PAGE_SIZE = 4096;

async function databaseFolder(name: string): Promise<FileSystemDirectoryHandle> {
  const root = await navigator.storage.getDirectory();
  const quire = await root.getDirectoryHandle('quire', { create: true });
  return quire.getDirectoryHandle(name, { create: true });
}

const api: WorkerApi = {
  async probe(name: string): Promise<StorageProbe> {
    const file = await OpfsFile.open(await databaseFolder(name), 'probe.page');
    try {
      const page = new Uint8Array(PAGE_SIZE);
      file.read(0, page);
      const view = new DataView(page.buffer);
      const opens = view.getUint32(0, true) + 1;
      view.setUint32(0, opens, true);
      file.write(0, page);
      file.flush();
      return { folder: `quire/${name}`, opens, fileSize: file.size(), syncAccessHandle: true };
    } finally {
      file.close();
    }
  },
};

expose(api);
