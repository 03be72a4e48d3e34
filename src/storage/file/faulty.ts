// A fault-injecting PageFile for tests: wraps any PageFile, fails or tears chosen writes and
// flushes, raises quota errors, and simulates a crash by tracking which writes were flushed.
// Owns only the fault schedule and the durable-image bookkeeping; never used in production.
import { MemoryFile } from './memory.ts';
import { FileError, type PageFile } from './page-file.ts';

/** The error every operation throws once a simulated crash happened (the process is "dead"). */
export class SimulatedCrash extends FileError {
  readonly crashed = true;
  constructor(message: string) {
    super('IO_ERROR', message);
    this.name = 'SimulatedCrash';
  }
}

/**
 * Counts write, flush and truncate points across every FaultyFile that shares it, and crashes
 * them all at one chosen point: run a workload once to learn `points`, then once per point with
 * `crashAt` set to it.
 */
export class FaultClock {
  /** Points (writes, flushes, truncates) reached so far, on every file of this clock. */
  points = 0;
  /** The 1-based point at which the crash happens; that operation does not complete. */
  crashAt: number | undefined;
  /** When the crash point is a write, this many of its first bytes land before the crash. */
  tearBytes: number;
  /** Whether the crash has happened. */
  crashed = false;

  constructor(options: { crashAt?: number; tearBytes?: number } = {}) {
    this.crashAt = options.crashAt;
    this.tearBytes = options.tearBytes ?? 0;
  }

  /** Counts one point; true when this one is the crash point. */
  tick(): boolean {
    if (this.crashed) throw new SimulatedCrash('the simulated machine has crashed');
    this.points++;
    if (this.points === this.crashAt) {
      this.crashed = true;
      return true;
    }
    return false;
  }
}

export interface FaultyOptions {
  /** A clock shared with other files (e.g. the database and its WAL); a private one by default. */
  clock?: FaultClock;
  /** The Nth write (1-based) of this file throws IO_ERROR; nothing of it lands. */
  failWrite?: number;
  /** The Nth flush of this file throws IO_ERROR; nothing becomes durable. */
  failFlush?: number;
  /** The Nth read of this file throws IO_ERROR (reads are not crash points). */
  failRead?: number;
  /** The Nth write of this file throws QUOTA_EXCEEDED; nothing of it lands. */
  quotaAtWrite?: number;
  /** A write or truncate that would make the file larger than this many bytes throws QUOTA_EXCEEDED. */
  quotaBytes?: number;
  /** The Nth write of this file lands only its first `tearBytes` bytes, then throws IO_ERROR. */
  tearWrite?: number;
  /** How many bytes of the torn write land (default: half of it). */
  tearBytes?: number;
}

/** What survives a simulated crash of the writes that were not yet followed by a flush. */
export type CrashMode =
  /** Power loss, pessimistic: every unflushed write is lost. */
  | 'drop'
  /** A killed process: the OS still holds every completed write. */
  | 'keep'
  /** Power loss as a disk may do it: each 512-byte sector of each unflushed write is kept or lost at random. */
  | 'sectors';

type Pending = { kind: 'write'; at: number; bytes: Uint8Array } | { kind: 'truncate'; size: number };

const SECTOR = 512;

/** A PageFile wrapper that injects faults on a schedule and can produce its after-crash image. */
export class FaultyFile implements PageFile {
  readonly clock: FaultClock;
  /** The fault schedule; tests may change it between operations. */
  readonly faults: Omit<FaultyOptions, 'clock'>;
  /** Reads attempted on this file so far (including failed ones). */
  reads = 0;
  /** Writes attempted on this file so far (including failed ones). */
  writes = 0;
  /** Flushes attempted on this file so far (including failed ones). */
  flushes = 0;
  private readonly durable: MemoryFile;
  private pending: Pending[] = [];

  constructor(readonly inner: PageFile, options: FaultyOptions = {}) {
    const { clock, ...faults } = options;
    this.clock = clock ?? new FaultClock();
    this.faults = faults;
    this.durable = copyOf(inner);
  }

  read(at: number, into: Uint8Array): number {
    this.alive();
    const n = ++this.reads;
    if (n === this.faults.failRead) throw new FileError('IO_ERROR', `injected failure of read ${n} at ${at}`);
    return this.inner.read(at, into);
  }

  write(at: number, bytes: Uint8Array): number {
    this.alive();
    const n = ++this.writes;
    const f = this.faults;
    if (this.clock.tick()) {
      this.land(at, bytes.subarray(0, Math.min(this.clock.tearBytes, bytes.length)));
      throw new SimulatedCrash(`simulated crash at point ${this.clock.points} (write ${n} at ${at})`);
    }
    if (n === f.failWrite) throw new FileError('IO_ERROR', `injected failure of write ${n} at ${at}`);
    if (n === f.quotaAtWrite) throw new FileError('QUOTA_EXCEEDED', `injected quota error at write ${n}`);
    if (f.quotaBytes !== undefined && at + bytes.length > Math.max(f.quotaBytes, this.inner.size())) {
      throw new FileError('QUOTA_EXCEEDED', `write at ${at} of ${bytes.length} bytes would exceed the ${f.quotaBytes}-byte quota`);
    }
    if (n === f.tearWrite) {
      const keep = Math.min(f.tearBytes ?? bytes.length >> 1, bytes.length);
      this.land(at, bytes.subarray(0, keep));
      throw new FileError('IO_ERROR', `injected torn write ${n} at ${at}: ${keep} of ${bytes.length} bytes written`);
    }
    this.land(at, bytes);
    return bytes.length;
  }

  size(): number {
    this.alive();
    return this.inner.size();
  }

  truncate(size: number): void {
    this.alive();
    if (this.clock.tick()) throw new SimulatedCrash(`simulated crash at point ${this.clock.points} (truncate to ${size})`);
    const quota = this.faults.quotaBytes;
    if (quota !== undefined && size > Math.max(quota, this.inner.size())) {
      throw new FileError('QUOTA_EXCEEDED', `truncate to ${size} bytes would exceed the ${quota}-byte quota`);
    }
    this.inner.truncate(size);
    this.pending.push({ kind: 'truncate', size });
  }

  flush(): void {
    this.alive();
    const n = ++this.flushes;
    if (this.clock.tick()) throw new SimulatedCrash(`simulated crash at point ${this.clock.points} (flush ${n})`);
    if (n === this.faults.failFlush) throw new FileError('IO_ERROR', `injected failure of flush ${n}`);
    this.inner.flush();
    for (const p of this.pending) apply(this.durable, p);
    this.pending = [];
  }

  close(): void {
    this.inner.close();
  }

  /** Writes and truncates done but not yet made durable by a flush. */
  get unflushedWrites(): number {
    return this.pending.length;
  }

  /**
   * The file as it would be found after a crash now: everything flushed, plus the unflushed
   * writes that `mode` lets survive (sector choices drawn from `seed`). A new MemoryFile; the
   * wrapper itself is unchanged, so a test may take several images.
   */
  crash(mode: CrashMode = 'drop', seed = 1): MemoryFile {
    const image = copyOf(this.durable);
    const random = mulberry32(seed);
    for (const p of this.pending) {
      if (mode === 'keep') apply(image, p);
      else if (mode === 'sectors') {
        if (p.kind === 'truncate') {
          if (random() < 0.5) apply(image, p);
          continue;
        }
        for (let off = 0; off < p.bytes.length; ) {
          const end = Math.min(p.bytes.length, (Math.floor((p.at + off) / SECTOR) + 1) * SECTOR - p.at);
          if (random() < 0.5) image.write(p.at + off, p.bytes.subarray(off, end));
          off = end;
        }
      }
    }
    return image;
  }

  private land(at: number, bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.inner.write(at, bytes);
    this.pending.push({ kind: 'write', at, bytes: bytes.slice() });
  }

  private alive(): void {
    if (this.clock.crashed) throw new SimulatedCrash('the simulated machine has crashed');
  }
}

function apply(file: PageFile, p: Pending): void {
  if (p.kind === 'write') file.write(p.at, p.bytes);
  else file.truncate(p.size);
}

function copyOf(file: PageFile): MemoryFile {
  const copy = new MemoryFile();
  const size = file.size();
  if (size > 0) {
    const bytes = new Uint8Array(size);
    file.read(0, bytes);
    copy.write(0, bytes);
  }
  return copy;
}

/** A small seeded PRNG, so a sector-mode crash image is reproducible. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
