// The WAL alone: records round-trip; a tail torn at ANY byte, or a flipped byte in any record, ends
// the log exactly at the last valid record, which recovery cuts the file back to; stale records
// (at or below the checkpoint LSN, or out of sequence) are never replayed.
import { describe, expect, it } from 'vitest';
import { MemoryFile } from '../../src/storage/file/memory.ts';
import { Wal, WAL_RECORD_HEADER } from '../../src/storage/wal.ts';

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

function bytesOf(file: MemoryFile): Uint8Array {
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
    const bytes = bytesOf(file);
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
    for (let at = 0; at < bytes.length; at++) {
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
});
