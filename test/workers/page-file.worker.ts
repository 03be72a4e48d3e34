// A test worker that drives OpfsFile on real OPFS through a sync access handle, so browser
// tests can check the backend where it really runs. Test-only; exposes raw page operations.
import { expose } from 'comlink';
import { OpfsFile } from '../../src/storage/file/opfs.ts';
import type { PageFileWorker } from './page-file.api.ts';

const PAGE = 4096;
let file: OpfsFile | null = null;
let folder: FileSystemDirectoryHandle | null = null;

const api: PageFileWorker = {
  async open(dirName: string, fileName: string): Promise<void> {
    const root = await navigator.storage.getDirectory();
    folder = await root.getDirectoryHandle(dirName, { create: true });
    file = await OpfsFile.open(folder, fileName);
  },
  writePage(pageNo: number, bytes: Uint8Array): number {
    if (bytes.length !== PAGE) throw new Error('not a page');
    return file!.write(pageNo * PAGE, bytes);
  },
  readPage(pageNo: number): Uint8Array {
    const page = new Uint8Array(PAGE);
    file!.read(pageNo * PAGE, page);
    return page;
  },
  size: (): number => file!.size(),
  flush: (): void => file!.flush(),
  truncate: (n: number): void => file!.truncate(n),
  close(): void {
    file!.close();
  },
  async secondHandleRefused(fileName: string): Promise<boolean> {
    try {
      const again = await OpfsFile.open(folder!, fileName);
      again.close();
      return false;
    } catch {
      return true;
    }
  },
  closedFileError(): string {
    try {
      file!.size();
      return 'no error';
    } catch (error) {
      return (error as { code?: string }).code ?? String(error);
    }
  },
};

expose(api);
