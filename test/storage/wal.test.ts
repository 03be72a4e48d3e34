// The WAL alone: records round-trip; a tail torn at ANY byte, or a flipped byte in any record, ends
// the log exactly at the last valid record, which recovery cuts the file back to; stale records
// (at or below the checkpoint LSN, or out of sequence) are never replayed. The log grows in
// zero-filled steps: a commit is one write inside the file and one flush, and the zeros are no record.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FaultyFile } from '../../src/storage/file/faulty.ts';
import { MemoryFile } from '../../src/storage/file/memory.ts';
import type { PageFile } from '../../src/storage/file/page-file.ts';
import { Wal, WAL_GROW_BYTES, WAL_RECORD_HEADER } from '../../src/storage/wal.ts';

const FULL = { durability: 'full' as const, flushIntervalMs: 0 };
const payload = (lsn: number): Uint8Array => Uint8Array.from({ length: 10 + ((lsn * 37) % 90) }, (_, i) => (lsn * 31 + i) & 0xff);

function logOf(lsns: number[]): { file: MemoryFile; ends: number[] } {
  const file = new MemoryFile();
  const { wal } = Wal.open(file, FULL, 0);
  const ends: number[] = [];
  for (const lsn of lsns) {
    wal.append(lsn, payload(lsn));
    ends.push(wal.bytes);
  }
  return { file, ends };
}

function bytesOf(file: PageFile): Uint8Array {
  const out = new Uint8Array(file.size());
  file.read(0, out);
  return out;
}

function fileOf(bytes: Uint8Array): MemoryFile {
  const f = new MemoryFile();
  f.write(0, bytes);
  return f;
}

describe('WAL', () => {
  it('round-trips records and replays only those past the checkpoint LSN', () => {
    const { file } = logOf([1, 2, 3, 4, 5]);
    const all = Wal.open(fileOf(bytesOf(file)), FULL, 0);
    expect(all.records.map((r) => r.lsn)).toEqual([1, 2, 3, 4, 5]);
    for (const r of all.records) expect(r.payload).toEqual(payload(r.lsn));
    const past = Wal.open(fileOf(bytesOf(file)), FULL, 3);
    expect(past.records.map((r) => r.lsn)).toEqual([4, 5]);
    expect(past.lastLsn).toBe(5);
    const none = Wal.open(fileOf(bytesOf(file)), FULL, 5);
    expect(none.records).toEqual([]);
  });

  it('a tail torn at every byte ends the log at the last whole record, and the file is cut there', () => {
    const { file, ends } = logOf([1, 2, 3, 4]);
    const bytes = bytesOf(file).subarray(0, ends[ends.length - 1]); // the zero fill after it: next test
    for (let cut = 0; cut < bytes.length; cut++) {
      const torn = fileOf(bytes.subarray(0, cut));
      const { records } = Wal.open(torn, FULL, 0);
      const whole = ends.filter((e) => e <= cut).length;
      expect(records.map((r) => r.lsn)).toEqual([1, 2, 3, 4].slice(0, whole));
      expect(torn.size()).toBe(whole === 0 ? 0 : ends[whole - 1]);
    }
  });

  it('a flipped byte in any record ends the log just before that record', () => {
    const { file, ends } = logOf([1, 2, 3, 4]);
    const bytes = bytesOf(file);
    for (let at = 0; at < ends[ends.length - 1]; at++) {
      const damaged = bytes.slice();
      damaged[at] ^= 0x01;
      const { records } = Wal.open(fileOf(damaged), FULL, 0);
      const hit = ends.findIndex((e) => at < e);
      expect(records.map((r) => r.lsn)).toEqual([1, 2, 3, 4].slice(0, hit));
    }
  });

  it('stale records are skipped and never follow new ones: the LSN sequence must be unbroken', () => {
    // a log reset after checkpoint 3, then records 4 and 5 written over the start of the old log
    const old = bytesOf(logOf([1, 2, 3]).file);
    const fresh = bytesOf(logOf([4, 5]).file);
    const merged = new Uint8Array(Math.max(old.length, fresh.length));
    merged.set(old);
    merged.set(fresh);
    const { records } = Wal.open(fileOf(merged), FULL, 3);
    expect(records.map((r) => r.lsn)).toEqual([4, 5]);
    // a gap in the sequence ends the log
    const gap = bytesOf(logOf([4, 6]).file);
    expect(Wal.open(fileOf(gap), FULL, 3).records.map((r) => r.lsn)).toEqual([4]);
    // records all at or below the checkpoint: nothing to replay, the log starts afresh
    const stale = fileOf(old);
    expect(Wal.open(stale, FULL, 3).records).toEqual([]);
    expect(stale.size()).toBe(0);
    expect(WAL_RECORD_HEADER).toBe(16);
  });

  it('the zero fill after the last record (or garbage in it) is never a record: recovery keeps every record and cuts the file there', () => {
    const { file, ends } = logOf([1, 2, 3, 4]);
    const end = ends[ends.length - 1];
    const bytes = bytesOf(file);
    expect(bytes.length).toBe(WAL_GROW_BYTES);
    expect(bytes.subarray(end).every((b) => b === 0)).toBe(true);
    for (const at of [end, end + 1, end + 4, end + 8, end + 15, end + 16, bytes.length - 1]) {
      const damaged = bytes.slice();
      damaged[at] ^= 0x5a;
      const reopened = fileOf(damaged);
      expect(Wal.open(reopened, FULL, 0).records.map((r) => r.lsn)).toEqual([1, 2, 3, 4]);
      expect(reopened.size()).toBe(end);
    }
  });

  it('records of any size across grow steps: each append is one write and one flush, the file grows only in zero-filled steps, and every record replays', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: 1, maxLength: 12 }), fc.boolean(), (sizes, reopenMidway) => {
        const file = new CountingFile(new MemoryFile());
        let { wal } = Wal.open(file, FULL, 0);
        const payloads = sizes.map((n, i) => new Uint8Array(n).fill(i + 1));
        let lastSize = 0;
        for (let i = 0; i < payloads.length; i++) {
          if (reopenMidway && i === payloads.length >> 1) {
            const again = Wal.open(file, FULL, 0);
            expect(again.records.length).toBe(i);
            wal = again.wal;
            lastSize = file.size();
          }
          const before = { ...file.calls };
          wal.append(i + 1, payloads[i]);
          expect(file.calls.write - before.write).toBe(1);
          expect(file.calls.flush - before.flush).toBe(1);
          expect(file.calls.size + file.calls.truncate).toBe(before.size + before.truncate);
          const size = file.size();
          expect(size >= wal.bytes).toBe(true);
          if (size !== lastSize) expect(size % WAL_GROW_BYTES).toBe(0); // grown by a whole step, never by a record
          lastSize = size;
        }
        const end = wal.bytes;
        const { records } = Wal.open(file, FULL, 0);
        expect(records.map((r) => r.lsn)).toEqual(payloads.map((_, i) => i + 1));
        records.forEach((r, i) => expect(r.payload.length === payloads[i].length && r.payload.every((b) => b === i + 1)).toBe(true));
        // reopening keeps only the zero-filled growth past the last record (nothing else is left)
        const tail = new Uint8Array(file.size() - end);
        file.read(end, tail);
        expect(tail.every((b) => b === 0)).toBe(true);
        expect(file.size() - end).toBeLessThan(WAL_GROW_BYTES);
      }),
      { numRuns: 30 },
    );
  });

  it('when the zero fill does not fit in the storage quota, the record alone is written and the commit succeeds', () => {
    const first = WAL_RECORD_HEADER + payload(1).length;
    const file = new FaultyFile(new MemoryFile(), { quotaBytes: first + 10 });
    const { wal } = Wal.open(file, FULL, 0);
    wal.append(1, payload(1));
    expect(file.size()).toBe(first);
    expect(() => wal.append(2, payload(2))).toThrow(expect.objectContaining({ code: 'QUOTA_EXCEEDED' }));
    expect(file.size()).toBe(first); // the failed append left nothing behind
    file.faults.quotaBytes = undefined;
    wal.append(2, payload(2));
    const { records } = Wal.open(fileOf(bytesOf(file)), FULL, 0);
    expect(records.map((r) => r.lsn)).toEqual([1, 2]);
  });
});

/** Counts the calls made on a file. */
class CountingFile implements PageFile {
  readonly calls = { read: 0, write: 0, size: 0, truncate: 0, flush: 0 };
  constructor(private readonly inner: PageFile) {}
  read(at: number, into: Uint8Array): number {
    this.calls.read++;
    return this.inner.read(at, into);
  }
  write(at: number, bytes: Uint8Array): number {
    this.calls.write++;
    return this.inner.write(at, bytes);
  }
  size(): number {
    this.calls.size++;
    return this.inner.size();
  }
  truncate(size: number): void {
    this.calls.truncate++;
    this.inner.truncate(size);
  }
  flush(): void {
    this.calls.flush++;
    this.inner.flush();
  }
  close(): void {
    this.inner.close();
  }
}
