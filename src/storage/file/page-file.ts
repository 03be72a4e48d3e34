// The PageFile contract: the only I/O the storage engine performs, shaped like OPFS's
// FileSystemSyncAccessHandle. Owns the interface and its error type; never buffers or caches.

/** A synchronous random-access file. Every backend (OPFS, Node, memory, faulty) implements it. */
export interface PageFile {
  /** Reads up to `into.length` bytes at byte offset `at`; returns how many were read (short at EOF). */
  read(at: number, into: Uint8Array): number;
  /** Writes all of `bytes` at byte offset `at`, growing the file as needed; returns bytes written. */
  write(at: number, bytes: Uint8Array): number;
  /** The file's length in bytes. */
  size(): number;
  /** Sets the file's length, cutting or zero-extending it. */
  truncate(size: number): void;
  /** Makes every completed write durable. */
  flush(): void;
  /** Releases the file; any further call throws. */
  close(): void;
}

/** Error codes the I/O layer raises; `QUOTA_EXCEEDED` is the API code of the same name. */
export type FileErrorCode = 'QUOTA_EXCEEDED' | 'IO_ERROR' | 'FILE_CLOSED';

/** An I/O failure with a stable code, raised by every backend for the same kind of failure. */
export class FileError extends Error {
  readonly code: FileErrorCode;
  constructor(code: FileErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FileError';
    this.code = code;
  }
}
