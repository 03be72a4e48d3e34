// A PageFile on the Origin Private File System through a sync access handle; runs only in a
// dedicated worker. Owns one exclusive handle per file; never falls back to async OPFS calls.
import { FileError, type PageFile } from './page-file.ts';

export class OpfsFile implements PageFile {
  private closed = false;

  private constructor(
    readonly name: string,
    private readonly handle: FileSystemSyncAccessHandle,
  ) {}

  /** Opens (creating when missing) `name` in `dir` with an exclusive sync access handle. */
  static async open(dir: FileSystemDirectoryHandle, name: string): Promise<OpfsFile> {
    const file = await dir.getFileHandle(name, { create: true });
    try {
      return new OpfsFile(name, await file.createSyncAccessHandle());
    } catch (cause) {
      throw opfsError(cause, `cannot open ${name}`);
    }
  }

  read(at: number, into: Uint8Array): number {
    this.check();
    try {
      return this.handle.read(into, { at });
    } catch (cause) {
      throw opfsError(cause, `read at ${at} of ${this.name} failed`);
    }
  }

  write(at: number, bytes: Uint8Array): number {
    this.check();
    let written: number;
    try {
      written = this.handle.write(bytes, { at });
    } catch (cause) {
      throw opfsError(cause, `write at ${at} of ${this.name} failed`);
    }
    // Chromium reports a full quota as a short write on some paths rather than a throw.
    if (written !== bytes.length) {
      throw new FileError('QUOTA_EXCEEDED', `write at ${at} of ${this.name} was short (${written} of ${bytes.length} bytes): storage full`);
    }
    return written;
  }

  size(): number {
    this.check();
    return this.handle.getSize();
  }

  truncate(size: number): void {
    this.check();
    try {
      this.handle.truncate(size);
    } catch (cause) {
      throw opfsError(cause, `truncate of ${this.name} to ${size} failed`);
    }
  }

  flush(): void {
    this.check();
    try {
      this.handle.flush();
    } catch (cause) {
      throw opfsError(cause, `flush of ${this.name} failed`);
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.handle.close();
  }

  private check(): void {
    if (this.closed) throw new FileError('FILE_CLOSED', `${this.name} is closed`);
  }
}

function opfsError(cause: unknown, message: string): FileError {
  const name = (cause as { name?: string } | null)?.name;
  if (name === 'QuotaExceededError') return new FileError('QUOTA_EXCEEDED', `${message}: storage quota exceeded`, { cause });
  return new FileError('IO_ERROR', `${message}: ${(cause as Error)?.message ?? cause}`, { cause });
}
