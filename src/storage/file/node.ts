// A PageFile on a real file through Node's synchronous fs calls (Node, servers, tests).
// Owns one file descriptor; never used in a browser.
import { closeSync, fstatSync, fsyncSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';
import { FileError, type PageFile } from './page-file.ts';

export class NodeFile implements PageFile {
  private fd: number | null;

  /** Opens `path` for reading and writing, creating it when missing. */
  constructor(readonly path: string) {
    try {
      this.fd = openSync(path, 'a+');
      closeSync(this.fd);
      this.fd = openSync(path, 'r+');
    } catch (cause) {
      throw ioError(cause, `cannot open ${path}`);
    }
  }

  read(at: number, into: Uint8Array): number {
    const fd = this.handle();
    let done = 0;
    try {
      while (done < into.length) {
        const n = readSync(fd, into, done, into.length - done, at + done);
        if (n === 0) break;
        done += n;
      }
    } catch (cause) {
      throw ioError(cause, `read at ${at} failed`);
    }
    return done;
  }

  write(at: number, bytes: Uint8Array): number {
    const fd = this.handle();
    let done = 0;
    try {
      while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done, at + done);
    } catch (cause) {
      throw ioError(cause, `write at ${at} failed`);
    }
    return done;
  }

  size(): number {
    return fstatSync(this.handle()).size;
  }

  truncate(size: number): void {
    const fd = this.handle();
    try {
      ftruncateSync(fd, size);
    } catch (cause) {
      throw ioError(cause, `truncate to ${size} failed`);
    }
  }

  flush(): void {
    const fd = this.handle();
    try {
      fsyncSync(fd);
    } catch (cause) {
      throw ioError(cause, 'flush failed');
    }
  }

  close(): void {
    if (this.fd === null) return;
    closeSync(this.fd);
    this.fd = null;
  }

  private handle(): number {
    if (this.fd === null) throw new FileError('FILE_CLOSED', `${this.path} is closed`);
    return this.fd;
  }
}

function ioError(cause: unknown, message: string): FileError {
  const code = (cause as { code?: string } | null)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return new FileError('QUOTA_EXCEEDED', `${message}: disk full`, { cause });
  return new FileError('IO_ERROR', `${message}: ${(cause as Error)?.message ?? cause}`, { cause });
}
