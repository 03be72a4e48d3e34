// The remote interface of page-file.worker.ts, in plain types so DOM-side tests can import it.
export interface PageFileWorker {
  open(dirName: string, fileName: string): Promise<void>;
  writePage(pageNo: number, bytes: Uint8Array): number;
  readPage(pageNo: number): Uint8Array;
  size(): number;
  flush(): void;
  truncate(n: number): void;
  close(): void;
  /** Whether a second sync handle on the same file is refused while the first is open. */
  secondHandleRefused(fileName: string): Promise<boolean>;
  /** The code a call on the closed file throws. */
  closedFileError(): string;
}
