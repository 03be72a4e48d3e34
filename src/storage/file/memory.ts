// A PageFile held in memory: for `memory: true` databases and for tests.
// Owns a growable byte buffer; never touches a real file.
import { FileError, type PageFile } from './page-file.ts';

export class MemoryFile implements PageFile {
  private bytes = new Uint8Array(0);
  private length = 0;
  private closed = false;

  read(at: number, into: Uint8Array): number {
    this.check();
    if (at >= this.length) return 0;
    const n = Math.min(into.length, this.length - at);
    into.set(this.bytes.subarray(at, at + n));
    return n;
  }

  write(at: number, bytes: Uint8Array): number {
    this.check();
    const end = at + bytes.length;
    this.reserve(end);
    this.bytes.set(bytes, at);
    if (end > this.length) this.length = end;
    return bytes.length;
  }

  size(): number {
    this.check();
    return this.length;
  }

  truncate(size: number): void {
    this.check();
    if (size > this.length) this.reserve(size);
    else this.bytes.fill(0, size, this.length);
    this.length = size;
  }

  flush(): void {
    this.check();
  }

  close(): void {
    this.closed = true;
  }

  private reserve(capacity: number): void {
    if (capacity <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(capacity, this.bytes.length * 2, 4096));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  private check(): void {
    if (this.closed) throw new FileError('FILE_CLOSED', 'the memory file is closed');
  }
}
