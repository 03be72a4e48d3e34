// The fault-injecting PageFile does exactly the faults it is told to and nothing else, so crash
// and error tests of the engine can trust what "the disk" did.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FaultClock, FaultyFile, SimulatedCrash } from '../../src/storage/file/faulty.ts';
import { MemoryFile } from '../../src/storage/file/memory.ts';
import { FileError, type PageFile } from '../../src/storage/file/page-file.ts';

function contents(file: PageFile): Uint8Array {
  const out = new Uint8Array(file.size());
  file.read(0, out);
  return out;
}

/** expect(a).toEqual(b) for byte arrays, fast when they are equal (vitest's deep equality is slow on large arrays). */
function expectBytes(a: Uint8Array, b: Uint8Array): void {
  if (a.length === b.length && a.every((x, i) => x === b[i])) return;
  expect(a).toEqual(b);
}

function bytes(n: number, fill: number): Uint8Array {
  return new Uint8Array(n).fill(fill);
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof FileError ? e.code : String(e);
  }
  return undefined;
}

/** A byte-array model of a file. */
class Model {
  b = new Uint8Array(0);
  write(at: number, data: Uint8Array): void {
    const next = new Uint8Array(Math.max(this.b.length, at + data.length));
    next.set(this.b);
    next.set(data, at);
    this.b = next;
  }
  truncate(size: number): void {
    const next = new Uint8Array(size);
    next.set(this.b.subarray(0, Math.min(size, this.b.length)));
    this.b = next;
  }
  clone(): Model {
    const m = new Model();
    m.b = this.b.slice();
    return m;
  }
}

type Op = { kind: 'write'; at: number; data: Uint8Array } | { kind: 'truncate'; size: number } | { kind: 'flush' };
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('write' as const), at: fc.nat(6000), data: fc.uint8Array({ minLength: 1, maxLength: 1500 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), size: fc.nat(7000) }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'flush' as const }) },
);

describe('FaultyFile without faults', () => {
  it('behaves like the file it wraps and counts its writes and flushes', () => {
    fc.assert(fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
      const f = new FaultyFile(new MemoryFile());
      const model = new Model();
      let writes = 0;
      let flushes = 0;
      for (const o of ops) {
        if (o.kind === 'write') (f.write(o.at, o.data), model.write(o.at, o.data), writes++);
        else if (o.kind === 'truncate') (f.truncate(o.size), model.truncate(o.size));
        else (f.flush(), flushes++);
        expect(f.size()).toBe(model.b.length);
      }
      expectBytes(contents(f), model.b);
      expect([f.writes, f.flushes, f.clock.points]).toEqual([writes, flushes, ops.length]);
    }), { numRuns: 300 });
  });

  it('starts its durable image from what the wrapped file already holds', () => {
    const inner = new MemoryFile();
    inner.write(0, bytes(100, 7));
    const f = new FaultyFile(inner);
    f.write(0, bytes(10, 1));
    expectBytes(contents(f.crash('drop')), bytes(100, 7));
  });
});

describe('crash images', () => {
  it("'drop' keeps exactly what was flushed, 'keep' everything written", () => {
    fc.assert(fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
      const f = new FaultyFile(new MemoryFile());
      const now = new Model();
      let flushed = new Model();
      for (const o of ops) {
        if (o.kind === 'write') (f.write(o.at, o.data), now.write(o.at, o.data));
        else if (o.kind === 'truncate') (f.truncate(o.size), now.truncate(o.size));
        else (f.flush(), (flushed = now.clone()));
      }
      expectBytes(contents(f.crash('drop')), flushed.b);
      expectBytes(contents(f.crash('keep')), now.b);
    }), { numRuns: 300 });
  });

  it("'sectors' keeps or loses whole 512-byte sectors of unflushed writes, reproducibly by seed", () => {
    fc.assert(fc.property(fc.nat(3000), fc.integer({ min: 1, max: 5000 }), fc.nat(1000), (at, len, seed) => {
      const f = new FaultyFile(new MemoryFile());
      f.write(0, bytes(9000, 1));
      f.flush();
      f.write(at, bytes(len, 2));
      const image = contents(f.crash('sectors', seed));
      expectBytes(image, contents(f.crash('sectors', seed)));
      expect(image.length).toBe(9000);
      // Every sector touched by the write is all old or all new within the write's range.
      for (let s = Math.floor(at / 512) * 512; s < at + len; s += 512) {
        const lo = Math.max(s, at);
        const hi = Math.min(s + 512, at + len);
        const seen = new Set(image.subarray(lo, hi));
        expect(seen.size).toBe(1);
      }
      const outside = image.filter((_, i) => i < at || i >= at + len);
      expect(outside.every((b) => b === 1)).toBe(true);
    }), { numRuns: 200 });
    // Over many sectors both outcomes happen.
    const f = new FaultyFile(new MemoryFile());
    f.write(0, bytes(512 * 64, 9));
    const image = contents(f.crash('sectors', 42));
    const kept = Array.from({ length: 64 }, (_, i) => image[i * 512] === 9).filter(Boolean).length;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(64);
  });

  it('a crash point stops the machine: that operation and every later one on any file of the clock throws', () => {
    // A scripted workload over two files; crash at every point in turn.
    const script = (db: FaultyFile, wal: FaultyFile): void => {
      for (let i = 0; i < 4; i++) {
        wal.write(i * 100, bytes(100, 10 + i));
        wal.flush();
        db.write(i * 4096, bytes(4096, 20 + i));
      }
      db.flush();
      db.truncate(8192);
      db.flush();
    };
    const probe = new FaultClock();
    script(new FaultyFile(new MemoryFile(), { clock: probe }), new FaultyFile(new MemoryFile(), { clock: probe }));
    expect(probe.points).toBe(4 * 3 + 3);
    for (let point = 1; point <= probe.points; point++) {
      const clock = new FaultClock({ crashAt: point });
      const db = new FaultyFile(new MemoryFile(), { clock });
      const wal = new FaultyFile(new MemoryFile(), { clock });
      // The same script on plain models, stopping before the crash point.
      const models = { db: new Model(), wal: new Model() };
      const durable = { db: new Model(), wal: new Model() };
      const shadowClock = { n: 0 };
      const step = (fn: () => void): void => {
        if (++shadowClock.n < point) fn();
      };
      const err = (() => {
        try {
          script(db, wal);
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(SimulatedCrash);
      expect((err as FileError).code).toBe('IO_ERROR');
      expect(clock.crashed).toBe(true);
      expect(() => db.read(0, new Uint8Array(1))).toThrow(SimulatedCrash);
      expect(() => wal.flush()).toThrow(SimulatedCrash);
      for (let i = 0; i < 4; i++) {
        step(() => models.wal.write(i * 100, bytes(100, 10 + i)));
        step(() => (durable.wal = models.wal.clone()));
        step(() => models.db.write(i * 4096, bytes(4096, 20 + i)));
      }
      step(() => (durable.db = models.db.clone()));
      step(() => models.db.truncate(8192));
      step(() => (durable.db = models.db.clone()));
      expectBytes(contents(db.crash('drop')), durable.db.b);
      expectBytes(contents(wal.crash('drop')), durable.wal.b);
      expectBytes(contents(db.crash('keep')), models.db.b);
      expectBytes(contents(wal.crash('keep')), models.wal.b);
    }
  });

  it('a write at the crash point may land its first tearBytes bytes (seen in a keep image)', () => {
    const clock = new FaultClock({ crashAt: 2, tearBytes: 100 });
    const f = new FaultyFile(new MemoryFile(), { clock });
    f.write(0, bytes(4096, 1));
    expect(() => f.write(0, bytes(4096, 2))).toThrow(SimulatedCrash);
    const image = contents(f.crash('keep'));
    expectBytes(image.subarray(0, 100), bytes(100, 2));
    expectBytes(image.subarray(100), bytes(3996, 1));
    expect(contents(f.crash('drop')).length).toBe(0);
  });
});

describe('injected errors', () => {
  it('fails the Nth write with IO_ERROR and nothing of it lands', () => {
    const f = new FaultyFile(new MemoryFile(), { failWrite: 2 });
    f.write(0, bytes(10, 1));
    expect(codeOf(() => f.write(0, bytes(20, 2)))).toBe('IO_ERROR');
    expectBytes(contents(f), bytes(10, 1));
    f.write(10, bytes(5, 3)); // only the Nth fails
    expect(f.size()).toBe(15);
    expect(f.writes).toBe(3);
  });

  it('fails the Nth read with IO_ERROR and only that one', () => {
    const f = new FaultyFile(new MemoryFile(), { failRead: 2 });
    f.write(0, bytes(10, 1));
    const into = new Uint8Array(10);
    expect(f.read(0, into)).toBe(10);
    expect(codeOf(() => f.read(0, into))).toBe('IO_ERROR');
    expect(f.read(0, into)).toBe(10);
    expectBytes(into, bytes(10, 1));
    expect([f.reads, f.clock.points]).toEqual([3, 1]); // reads are not crash points
  });

  it('fails the Nth flush with IO_ERROR and makes nothing durable; a later flush does', () => {
    const f = new FaultyFile(new MemoryFile(), { failFlush: 1 });
    f.write(0, bytes(10, 1));
    expect(codeOf(() => f.flush())).toBe('IO_ERROR');
    expect(contents(f.crash('drop')).length).toBe(0);
    f.flush();
    expectBytes(contents(f.crash('drop')), bytes(10, 1));
  });

  it('throws QUOTA_EXCEEDED at the Nth write, leaving the file unchanged', () => {
    const f = new FaultyFile(new MemoryFile(), { quotaAtWrite: 3 });
    f.write(0, bytes(8, 1));
    f.write(8, bytes(8, 2));
    expect(codeOf(() => f.write(16, bytes(8, 3)))).toBe('QUOTA_EXCEEDED');
    expect(f.size()).toBe(16);
  });

  it('throws QUOTA_EXCEEDED for any write or truncate that would grow the file past the quota', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 10_000 }), fc.array(fc.tuple(fc.nat(12_000), fc.integer({ min: 1, max: 3000 })), { maxLength: 20 }), (quota, writes) => {
      const f = new FaultyFile(new MemoryFile(), { quotaBytes: quota });
      const model = new Model();
      for (const [at, len] of writes) {
        const code = codeOf(() => f.write(at, bytes(len, 5)));
        if (at + len > Math.max(quota, model.b.length)) expect(code).toBe('QUOTA_EXCEEDED');
        else (expect(code).toBeUndefined(), model.write(at, bytes(len, 5)));
        expectBytes(contents(f), model.b);
      }
      expect(codeOf(() => f.truncate(Math.max(quota, model.b.length) + 1))).toBe('QUOTA_EXCEEDED');
    }), { numRuns: 200 });
  });

  it('tears the Nth write: the first K bytes land, then IO_ERROR', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 4096 }), fc.nat(4096), (len, k) => {
      const f = new FaultyFile(new MemoryFile(), { tearWrite: 2, tearBytes: k });
      f.write(0, bytes(4096, 1));
      expect(codeOf(() => f.write(0, bytes(len, 2)))).toBe('IO_ERROR');
      const landed = Math.min(k, len);
      const image = contents(f);
      expectBytes(image.subarray(0, landed), bytes(landed, 2));
      expectBytes(image.subarray(landed), bytes(4096 - landed, 1));
    }), { numRuns: 200 });
  });

  it('faults can be scheduled between operations', () => {
    const f = new FaultyFile(new MemoryFile());
    f.write(0, bytes(4, 1));
    f.faults.failWrite = f.writes + 1;
    expect(codeOf(() => f.write(0, bytes(4, 2)))).toBe('IO_ERROR');
    f.write(0, bytes(4, 3));
    expectBytes(contents(f), bytes(4, 3));
  });
});
