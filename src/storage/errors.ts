// The storage layer's one error type: a StorageError with a stable code and a clear message.
// Owns the codes and the mapping from PageFile failures; never swallows or retries an error.
import { FileError } from './file/page-file.ts';

/** Stable codes every storage failure carries; upper layers branch on these, never on messages. */
export type StorageErrorCode =
  | 'QUOTA_EXCEEDED'
  | 'IO_ERROR'
  | 'CORRUPT'
  | 'TX_CONFLICT'
  | 'TX_DONE'
  | 'CLOSED'
  | 'NO_SUCH_TREE'
  | 'TREE_EXISTS'
  | 'BAD_KIND'
  | 'KEY_TOO_LARGE'
  | 'BAD_VALUE'
  | 'TREE_NOT_EMPTY'
  | 'NOT_SORTED';

export class StorageError extends Error {
  readonly code: StorageErrorCode;
  constructor(code: StorageErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageError';
    this.code = code;
  }
}

/** Wraps a PageFile failure (or anything thrown below us) as a StorageError, keeping its code. */
export function asStorageError(cause: unknown, what: string): StorageError {
  if (cause instanceof StorageError) return cause;
  if (cause instanceof FileError) {
    const code = cause.code === 'FILE_CLOSED' ? 'CLOSED' : cause.code;
    return new StorageError(code, `${what}: ${cause.message}`, { cause });
  }
  return new StorageError('IO_ERROR', `${what}: ${(cause as Error)?.message ?? String(cause)}`, { cause });
}
