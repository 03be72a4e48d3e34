// Test support for the storage tests: reopenable in-memory files, a sorted-map model, key helpers.
// Test-only; never imported from src/.
import { MemoryFile } from '../../src/storage/file/memory.ts';
import { FileError, type PageFile } from '../../src/storage/file/page-file.ts';

/** A file that outlives its handles, so a store can be closed and reopened on the same bytes. */
export class Volume {
  constructor(readonly bytes: PageFile = new MemoryFile()) {}
  open(): PageFile {
    return new Handle(this.bytes);
  }
}

class Handle implements PageFile {
  private closed = false;
  constructor(private readonly inner: PageFile) {}
  read(at: number, into: Uint8Array): number {
    this.check();
    return this.inner.read(at, into);
  }
  write(at: number, bytes: Uint8Array): number {
    this.check();
    return this.inner.write(at, bytes);
  }
  size(): number {
    this.check();
    return this.inner.size();
  }
  truncate(size: number): void {
    this.check();
    this.inner.truncate(size);
  }
  flush(): void {
    this.check();
    this.inner.flush();
  }
  close(): void {
    this.closed = true;
  }
  private check(): void {
    if (this.closed) throw new FileError('FILE_CLOSED', 'handle closed');
  }
}

/** Bytewise order of keys, as hex strings sort (lowercase, fixed width per byte). */
export const hex = (k: Uint8Array): string => Array.from(k, (b) => b.toString(16).padStart(2, '0')).join('');
export const unhex = (s: string): Uint8Array => Uint8Array.from(s.match(/../g) ?? [], (h) => parseInt(h, 16));

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32C (Castagnoli) continued from `crc`: the page checksum of format version 1, to forge such files. */
export function crc32c(bytes: Uint8Array, start = 0, end = bytes.length, crc = 0): number {
  let c = ~crc >>> 0;
  for (let i = start; i < end; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}
