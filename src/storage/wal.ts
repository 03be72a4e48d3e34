// The write-ahead log: one checksummed record per committed transaction, appended and flushed
// (or group-flushed in relaxed mode); recovery scans it and stops exactly at the last valid record.
// Owns the WAL file and record framing; never interprets a record's payload (the Store does).
import { xxh32 } from './checksum.ts';
import { asStorageError, StorageError } from './errors.ts';
import type { PageFile } from './file/page-file.ts';

/** Record header: checksum u32 · length u32 · lsn u64 (little-endian); the checksum (xxHash32, seed 0) covers bytes 4.. to the payload's end. */
export const WAL_RECORD_HEADER = 16;

/**
 * The log grows in zero-filled steps of this many bytes, written with the record that needs the
 * room: a commit then overwrites bytes the file already has (no growth, so OPFS needs no capacity
 * request and the flush no size change). Zeros are never a valid record, so the scan stops there.
 */
export const WAL_GROW_BYTES = 64 * 1024;

export interface WalRecord {
  lsn: number;
  payload: Uint8Array;
}

export interface WalOptions {
  /** 'full': flush per append. 'relaxed': flush at most `flushIntervalMs` after an append. */
  durability: 'full' | 'relaxed';
  flushIntervalMs: number;
}

export class Wal {
  /** Byte offset where the next record goes. */
  private end: number;
  /** The file's length (tracked here, never asked of the file on the commit path): `end` plus zero fill. */
  private capacity: number;
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private broken: StorageError | null = null;
  records = 0;
  flushes = 0;

  private constructor(
    private readonly file: PageFile,
    private readonly options: WalOptions,
    end: number,
  ) {
    this.end = end;
    this.capacity = end;
  }

  /**
   * Opens the log and returns the records to replay: those with LSN > `checkpointLsn`, consecutive.
   * Records at or below it (left by a crash between a header switch and the log reset) are skipped;
   * the first torn, corrupt, or out-of-sequence record ends the log and is cut off.
   */
  static open(file: PageFile, options: WalOptions, checkpointLsn: number): { wal: Wal; records: WalRecord[]; lastLsn: number } {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(file.size());
      if (bytes.length > 0) file.read(0, bytes);
    } catch (cause) {
      throw asStorageError(cause, 'cannot read the write-ahead log');
    }
    const view = new DataView(bytes.buffer);
    const records: WalRecord[] = [];
    let at = 0;
    let prevLsn = -1;
    while (at + WAL_RECORD_HEADER <= bytes.length) {
      const crc = view.getUint32(at, true);
      const length = view.getUint32(at + 4, true);
      const lsn = Number(view.getBigUint64(at + 8, true));
      const stop = at + WAL_RECORD_HEADER + length;
      if (stop > bytes.length) break;
      if (xxh32(bytes, at + 4, stop) !== crc) break;
      if (prevLsn >= 0 ? lsn !== prevLsn + 1 : lsn > checkpointLsn + 1) break;
      if (lsn > checkpointLsn) records.push({ lsn, payload: bytes.subarray(at + WAL_RECORD_HEADER, stop) });
      prevLsn = lsn;
      at = stop;
    }
    // A valid run that ends below the checkpoint is all stale: start the log afresh.
    if (records.length === 0) at = 0;
    const wal = new Wal(file, options, at);
    if (at < bytes.length && isZero(bytes, at)) {
      // only the zero-filled growth follows: nothing to cut (zeros never read as a record), and
      // the next commits write into it as before the crash (no truncate + flush on reopen)
      wal.capacity = bytes.length;
    } else if (at < bytes.length) {
      try {
        file.truncate(at);
        file.flush();
      } catch (cause) {
        throw asStorageError(cause, 'cannot cut the torn tail of the write-ahead log');
      }
    }
    wal.records = records.length;
    return { wal, records, lastLsn: records.length > 0 ? records[records.length - 1].lsn : checkpointLsn };
  }

  /** Bytes in the log, including records not yet flushed. */
  get bytes(): number {
    return this.end + this.pendingBytes;
  }

  /**
   * Appends one record. In 'full' mode it is written and flushed before this returns; if that
   * fails the record is cut off again and the error thrown (the caller must not apply the commit).
   */
  append(lsn: number, payload: Uint8Array): void {
    this.check();
    const record = new Uint8Array(WAL_RECORD_HEADER + payload.length);
    const view = new DataView(record.buffer);
    view.setUint32(4, payload.length, true);
    view.setBigUint64(8, BigInt(lsn), true);
    record.set(payload, WAL_RECORD_HEADER);
    view.setUint32(0, xxh32(record, 4), true);
    if (this.options.durability === 'full') {
      this.writeOut([record], record.length);
      this.records++;
      return;
    }
    this.pending.push(record);
    this.pendingBytes += record.length;
    this.records++;
    if (this.timer === null) {
      this.timer = setTimeout(() => {
        this.timer = null;
        try {
          this.flush();
        } catch {
          // recorded in `broken`; the next call reports it
        }
      }, this.options.flushIntervalMs);
    }
  }

  /** Writes and flushes every pending record (relaxed mode); a no-op when nothing is pending. */
  flush(): void {
    this.check();
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.pending.length === 0) return;
    const records = this.pending;
    const n = this.pendingBytes;
    this.pending = [];
    this.pendingBytes = 0;
    try {
      this.writeOut(records, n);
    } catch (cause) {
      // Acknowledged relaxed commits are lost: the store must be reopened to agree with the log.
      this.broken = asStorageError(cause, 'the write-ahead log could not be flushed; reopen the database');
      throw this.broken;
    }
  }

  /** Empties the log after a checkpoint made every record in it redundant. */
  reset(): void {
    this.check();
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    // Pending relaxed-mode records are contained in the checkpoint that triggered this reset.
    this.pending = [];
    this.pendingBytes = 0;
    try {
      this.file.truncate(0);
      this.capacity = 0;
    } catch (cause) {
      // Harmless: stale records are at or below the checkpoint LSN and are skipped on replay.
      void cause;
    }
    this.end = 0;
  }

  close(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    try {
      this.file.close();
    } catch (cause) {
      throw asStorageError(cause, 'cannot close the write-ahead log');
    }
  }

  /**
   * One write and one flush: the records, plus zeros up to the next `WAL_GROW_BYTES` boundary
   * when they would pass the file's end (so the next appends land inside the file). Should the
   * zero fill not fit in the storage quota, the records alone are tried once more.
   */
  private writeOut(records: Uint8Array[], n: number): void {
    const start = this.end;
    const grown = start + n > this.capacity ? Math.ceil((start + n) / WAL_GROW_BYTES) * WAL_GROW_BYTES : 0;
    try {
      this.writeFlushed(start, joined(records, n, grown === 0 ? n : grown - start));
      if (grown !== 0) this.capacity = grown;
    } catch (cause) {
      this.cutBack(start);
      if (grown === 0 || this.broken || (cause as { code?: string } | null)?.code !== 'QUOTA_EXCEEDED') throw failedAppend(cause);
      try {
        this.writeFlushed(start, joined(records, n, n));
        this.capacity = start + n;
      } catch (again) {
        this.cutBack(start);
        throw failedAppend(again);
      }
    }
    this.end = start + n;
  }

  private writeFlushed(at: number, bytes: Uint8Array): void {
    this.file.write(at, bytes);
    this.file.flush();
    this.flushes++;
  }

  /** Cuts off what a failed append may have left past `at`; if even that fails the log is broken. */
  private cutBack(at: number): void {
    try {
      this.file.truncate(at);
      this.file.flush();
      this.capacity = at;
    } catch (again) {
      this.broken = asStorageError(again, 'the write-ahead log could not be repaired after a failed append; reopen the database');
    }
  }

  private check(): void {
    if (this.broken) throw this.broken;
  }
}

function isZero(bytes: Uint8Array, from: number): boolean {
  for (let i = from; i < bytes.length; i++) if (bytes[i] !== 0) return false;
  return true;
}

const failedAppend = (cause: unknown): StorageError => asStorageError(cause, 'commit failed: cannot append to the write-ahead log');

/** The records in one buffer of `size` bytes (zero past their `n` bytes); a lone exact record as is. */
function joined(records: Uint8Array[], n: number, size: number): Uint8Array {
  if (records.length === 1 && size === n) return records[0];
  const buffer = new Uint8Array(size);
  let at = 0;
  for (const r of records) {
    buffer.set(r, at);
    at += r.length;
  }
  return buffer;
}
