// A damaged file is reported, never read as data: flipped bytes in any data page make every read
// that reaches it throw StorageError('CORRUPT') naming the page; a torn newest header falls back to
// the previous one; a file that is no database is refused. Checksums: CRC-32C known answers.
import { describe, expect, it } from 'vitest';
import { xxh32 } from '../../src/storage/checksum.ts';
import { MemoryFile } from '../../src/storage/file/memory.ts';
import { encodeKey } from '../../src/storage/keys.ts';
import { FORMAT_VERSION, PAGE_PAYLOAD, PAGE_SIZE } from '../../src/storage/pager.ts';
import { Store } from '../../src/storage/store.ts';
import { crc32c, Volume } from './support.ts';

function build(): { file: Volume; wal: Volume } {
  const file = new Volume();
  const wal = new Volume();
  const store = Store.open({ file: file.open(), wal: wal.open() });
  const tx = store.begin();
  tx.createTree('t', 'btree');
  for (let i = 0; i < 3000; i++) tx.put('t', encodeKey([i]), { i, text: `row ${i}`, big: i % 500 === 0 ? 'B'.repeat(9000) : null });
  tx.commit();
  store.close();
  return { file, wal };
}

function readAll(file: Volume, wal: Volume): void {
  const store = Store.open({ file: file.open(), wal: wal.open() });
  store.read((v) => {
    for (let i = 0; i < 3000; i++) v.get('t', encodeKey([i]));
    [...v.range('t')];
    [...v.range('t', { reverse: true })];
  });
}

describe('corruption is detected, never read as data', () => {
  it('the CRC-32C that forges version-1 files matches the standard check value', () => {
    expect(crc32c(new TextEncoder().encode('123456789'))).toBe(0xe3069283);
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa);
    expect(crc32c(new Uint8Array(32).fill(0xff))).toBe(0x62a8ab43);
    // any split of the input gives the same CRC
    const data = Uint8Array.from({ length: 301 }, (_, i) => (i * 131 + 7) & 0xff);
    const whole = crc32c(data);
    for (let cut = 0; cut <= data.length; cut += 7) expect(crc32c(data, cut, data.length, crc32c(data, 0, cut))).toBe(whole);
  });

  it('xxHash32 matches the reference implementation', () => {
    const text = (s: string): Uint8Array => new TextEncoder().encode(s);
    expect(xxh32(new Uint8Array(0))).toBe(0x02cc5d05);
    expect(xxh32(text('abc'))).toBe(0x32d153ff);
    expect(xxh32(text('Nobody inspects the spammish repetition'))).toBe(0xe2293b2f);
    expect(xxh32(new Uint8Array(0), 0, 0, 1)).toBe(0x0b2cb792);
    // a range of a larger, unaligned buffer hashes as the same bytes on their own
    const data = Uint8Array.from({ length: 301 }, (_, i) => (i * 131 + 7) & 0xff);
    for (let start = 0; start < 40; start += 3) expect(xxh32(data, start, data.length - 5, 9)).toBe(xxh32(data.slice(start, data.length - 5), 0, data.length - 5 - start, 9));
  });

  it('a file of the previous format version (CRC-32C page checksums) is refused, naming both versions', () => {
    const { file } = build();
    const bytes = new Uint8Array(file.bytes.size());
    file.bytes.read(0, bytes);
    for (const slot of [0, 1]) {
      const page = bytes.subarray(slot * PAGE_SIZE, (slot + 1) * PAGE_SIZE);
      const view = new DataView(page.buffer, page.byteOffset, PAGE_SIZE);
      view.setUint32(8, 1, true); // version 1 ...
      const seed = new Uint8Array(4);
      new DataView(seed.buffer).setUint32(0, slot, true);
      view.setUint32(PAGE_PAYLOAD, crc32c(page, 0, PAGE_PAYLOAD, crc32c(seed)), true); // ... and its checksum
    }
    const old = new MemoryFile();
    old.write(0, bytes);
    expect(() => Store.open({ file: new Volume(old).open(), wal: new Volume().open() })).toThrow(
      expect.objectContaining({ code: 'CORRUPT', message: expect.stringMatching(new RegExp(`version 1.*reads version ${FORMAT_VERSION}`)) }),
    );
  });

  it('a flipped byte in any data page makes reads that reach it throw CORRUPT naming the page', () => {
    const { file, wal } = build();
    const pages = file.bytes.size() / PAGE_SIZE;
    expect(pages).toBeGreaterThan(20);
    let detected = 0;
    for (let p = 2; p < pages; p++) {
      const copy = new MemoryFile();
      const bytes = new Uint8Array(file.bytes.size());
      file.bytes.read(0, bytes);
      bytes[p * PAGE_SIZE + ((p * 977) % (PAGE_SIZE - 8)) + 4] ^= 0x5a;
      copy.write(0, bytes);
      const walCopy = new MemoryFile();
      let error: unknown = null;
      try {
        readAll(new Volume(copy), new Volume(walCopy));
      } catch (e) {
        error = e;
      }
      if (error === null) continue; // a free page: no read reaches it
      expect(error).toMatchObject({ code: 'CORRUPT' });
      expect((error as Error).message).toContain(`page ${p}`);
      detected++;
    }
    expect(detected).toBeGreaterThan(pages / 2);
  });

  it('a torn newest header falls back to the previous one and the WAL replays the rest; garbage is refused', () => {
    const { file, wal } = build();
    const store = Store.open({ file: file.open(), wal: wal.open() });
    const tx = store.begin();
    tx.put('t', encodeKey([3000]), 'late');
    tx.commit();
    const walBefore = new Uint8Array(wal.bytes.size()); // the log as a crash mid-switch leaves it
    wal.bytes.read(0, walBefore);
    store.checkpoint();
    const seq = (store as unknown as { pager: { header: { sequence: number } } }).pager.header.sequence;
    store.close();
    const bytes = new Uint8Array(file.bytes.size());
    file.bytes.read(0, bytes);
    bytes.fill(0xee, (seq & 1) * PAGE_SIZE + 100, (seq & 1) * PAGE_SIZE + 600); // tear the newest header
    const damaged = new MemoryFile();
    damaged.write(0, bytes);
    const walCopy = new MemoryFile();
    walCopy.write(0, walBefore);
    const older = Store.open({ file: new Volume(damaged).open(), wal: new Volume(walCopy).open() });
    expect(older.read((v) => [v.count('t'), v.get('t', encodeKey([3000]))])).toEqual([3001, 'late']);
    const junk = new MemoryFile();
    junk.write(0, new Uint8Array(5 * PAGE_SIZE).fill(7));
    expect(() => Store.open({ file: new Volume(junk).open(), wal: new Volume().open() })).toThrow(expect.objectContaining({ code: 'CORRUPT' }));
  });
});
