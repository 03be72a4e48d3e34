// The hash index agrees with a Map model under random puts, deletes, checkpoints, abandoned
// checkpoints and reopen; it stays structurally sound (checker) and leaks no page; it survives a
// crash at every write and flush point of a checkpoint with either the old or the new state.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { FaultClock, FaultyFile, SimulatedCrash } from '../../src/storage/file/faulty.ts';
import { MemoryFile } from '../../src/storage/file/memory.ts';
import { NodeFile } from '../../src/storage/file/node.ts';
import type { PageFile } from '../../src/storage/file/page-file.ts';
import { applyHashBatch, checkHash, hashCount, hashEntries, hashGet, hashKey, MAX_HASH_KEY_BYTES } from '../../src/storage/hash/index.ts';
import { encodeKey } from '../../src/storage/keys.ts';
import { Pager } from '../../src/storage/pager.ts';
import { StorageError } from '../../src/storage/errors.ts';

const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const unhex = (s: string): Uint8Array => Uint8Array.from(s.match(/../g) ?? [], (x) => parseInt(x, 16));

function sameBytes(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** A value of `length` bytes derived from a seed, so models can keep just (seed, length). */
function value(seed: number, length: number): Uint8Array {
  const v = new Uint8Array(length);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    v[i] = s & 0xff;
  }
  return v;
}

/** A hash index on a pager with a Map model of its committed state and its pending changes. */
class Harness {
  pager: Pager;
  root = 0;
  committed = new Map<string, Uint8Array>();
  pending = new Map<string, Uint8Array | null>();
  constructor(readonly file: PageFile) {
    this.pager = Pager.open(file);
    this.root = this.pager.header.directoryRoot;
  }
  put(key: Uint8Array, v: Uint8Array): void {
    this.pending.set(hex(key), v);
  }
  del(key: Uint8Array): void {
    this.pending.set(hex(key), null);
  }
  batch(): { keys: Uint8Array[]; values: (Uint8Array | null)[] } {
    return { keys: [...this.pending.keys()].map(unhex), values: [...this.pending.values()] };
  }
  /** Applies the pending changes and makes them durable with a header switch. */
  checkpoint(): void {
    this.root = applyHashBatch(this.acct(), this.root, this.batch());
    this.pager.commit(this.root, 0);
    for (const [k, v] of this.pending) {
      if (v === null) this.committed.delete(k);
      else this.committed.set(k, v);
    }
    this.pending.clear();
  }
  /** Builds the new state, then abandons it: the durable state must be untouched. */
  abandon(): void {
    applyHashBatch(this.acct(), this.root, this.batch());
    this.pager.discard();
    this.pending.clear();
  }
  reopen(): void {
    this.pager = Pager.open(this.file);
    this.root = this.pager.header.directoryRoot;
  }
  acct(): { pager: Pager; allocate(): number; release(p: number): void } {
    const pager = this.pager;
    return { pager, allocate: () => pager.allocate(), release: (p) => pager.release(p) };
  }
  /** The committed state equals the model, the checker passes, and every page is owned or free. */
  verify(): void {
    const check = checkHash(this.pager, this.root);
    expect(check.entries).toBe(this.committed.size);
    expect(hashCount(this.pager, this.root)).toBe(this.committed.size);
    for (const [k, v] of this.committed) if (!sameBytes(hashGet(this.pager, this.root, unhex(k)), v)) expect(hashGet(this.pager, this.root, unhex(k))).toEqual(v);
    for (const k of this.pending.keys()) if (!this.committed.has(k)) expect(hashGet(this.pager, this.root, unhex(k))).toBeUndefined();
    const seen = new Map<string, Uint8Array>();
    for (const [k, v] of hashEntries(this.pager, this.root)) seen.set(hex(k), v.slice());
    expect(seen.size).toBe(this.committed.size);
    for (const [k, v] of seen) expect(sameBytes(v, this.committed.get(k))).toBe(true);
    // no leaks: headers + index pages + free pages + freelist pages = the whole file, each once
    const all = [0, 1, ...check.pages, ...this.pager.freePages(), ...this.pager.freelistPageNumbers()].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: this.pager.totalPages }, (_, i) => i));
  }
}

type Op =
  | { kind: 'put'; key: Uint8Array; seed: number; length: number }
  | { kind: 'del'; key: Uint8Array }
  | { kind: 'putMany'; from: number; n: number; length: number }
  | { kind: 'delMany'; from: number; n: number }
  | { kind: 'checkpoint' }
  | { kind: 'abandon' }
  | { kind: 'reopen' };

const key = fc.oneof(
  fc.integer({ min: 0, max: 400 }).map((i) => encodeKey([i])),
  fc.uint8Array({ maxLength: 40 }),
  fc.tuple(fc.string({ maxLength: 10 }), fc.integer()).map((t) => encodeKey(t)),
);
const length = fc.oneof({ weight: 8, arbitrary: fc.nat(60) }, { weight: 1, arbitrary: fc.integer({ min: 900, max: 10_000 }) });
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 10, arbitrary: fc.record({ kind: fc.constant('put' as const), key, seed: fc.nat(), length }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('del' as const), key }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('putMany' as const), from: fc.nat(3000), n: fc.integer({ min: 1, max: 1500 }), length: fc.nat(40) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delMany' as const), from: fc.nat(3000), n: fc.integer({ min: 1, max: 3000 }) }) },
  { weight: 3, arbitrary: fc.constant({ kind: 'checkpoint' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'abandon' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'reopen' as const }) },
);

function run(h: Harness, o: Op): void {
  switch (o.kind) {
    case 'put': return h.put(o.key, value(o.seed, o.length));
    case 'del': return h.del(o.key);
    case 'putMany':
      for (let i = o.from; i < o.from + o.n; i++) h.put(encodeKey(['k', i]), value(i, o.length));
      return;
    case 'delMany':
      for (let i = o.from; i < o.from + o.n; i++) h.del(encodeKey(['k', i]));
      return;
    case 'checkpoint':
      h.checkpoint();
      return h.verify();
    case 'abandon':
      h.abandon();
      return h.verify();
    case 'reopen':
      h.pending.clear();
      h.reopen();
      return h.verify();
  }
}

describe('hash index against a Map model', () => {
  it('random puts, deletes, checkpoints, abandoned checkpoints and reopen', () => {
    fc.assert(fc.property(fc.array(op, { minLength: 1, maxLength: 40 }), (ops) => {
      const h = new Harness(new MemoryFile());
      for (const o of ops) run(h, o);
      h.checkpoint();
      h.verify();
    }), { numRuns: 60 });
  });

  it('one batch with repeated keys: the later change wins', () => {
    const change = fc.tuple(fc.integer({ min: 0, max: 30 }), fc.option(fc.tuple(fc.nat(), fc.oneof(fc.nat(40), fc.constant(5000))), { nil: null }));
    fc.assert(fc.property(fc.array(change, { maxLength: 300 }), fc.array(change, { maxLength: 300 }), (first, second) => {
      const h = new Harness(new MemoryFile());
      for (const changes of [first, second]) {
        const batch = { keys: [] as Uint8Array[], values: [] as (Uint8Array | null)[] };
        for (const [k, v] of changes) {
          const key = encodeKey([k]);
          const val = v === null ? null : value(v[0], v[1]);
          batch.keys.push(key);
          batch.values.push(val);
          if (val === null) h.committed.delete(hex(key));
          else h.committed.set(hex(key), val);
        }
        h.root = applyHashBatch(h.acct(), h.root, batch);
        h.pager.commit(h.root, 0);
        h.verify();
      }
    }), { numRuns: 100 });
  });

  it('the same on a real file (NodeFile), reopened from disk', () => {
    const dir = mkdtempSync(join(tmpdir(), 'quire-hash-'));
    let n = 0;
    try {
      fc.assert(fc.property(fc.array(op, { minLength: 1, maxLength: 25 }), (ops) => {
        const path = join(dir, `db${n++}`);
        const h = new Harness(new NodeFile(path));
        for (const o of ops) run(h, o);
        h.checkpoint();
        h.file.close();
        const reopened = new Harness(new NodeFile(path));
        reopened.committed = h.committed;
        reopened.verify();
        reopened.file.close();
      }), { numRuns: 10 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('grows through many splits and shrinks back to no pages when emptied', () => {
    const h = new Harness(new MemoryFile());
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 8000; i++) h.put(encodeKey([round, i]), value(i, 20));
      h.checkpoint();
    }
    h.verify();
    const grown = checkHash(h.pager, h.root);
    expect(grown.depth).toBeGreaterThan(6);
    expect(grown.buckets).toBeGreaterThan(150);
    // delete most: near-empty buckets merge with their buddies
    for (let round = 0; round < 3; round++) for (let i = 0; i < 8000; i++) if (i % 50 !== 0) h.del(encodeKey([round, i]));
    h.checkpoint();
    h.verify();
    expect(checkHash(h.pager, h.root).buckets).toBeLessThan(grown.buckets / 4);
    for (let round = 0; round < 3; round++) for (let i = 0; i < 8000; i += 50) h.del(encodeKey([round, i]));
    h.checkpoint();
    expect(h.root).toBe(0);
    h.verify();
    expect(h.pager.totalPages).toBeLessThanOrEqual(3); // headers (+ at most a freelist page)
  });
});

describe('equal-hash runs', () => {
  let group: Uint8Array[] = [];
  beforeAll(() => {
    // Keys whose hashes agree on every bit the directory can use: no split can separate them.
    const mask = 2 ** 19 - 1;
    const n = 700_000;
    const keyOf = (i: number): Uint8Array => Uint8Array.of(i & 0xff, (i >>> 8) & 0xff, i >>> 16);
    const counts = new Uint8Array(mask + 1);
    for (let i = 0; i < n; i++) counts[hashKey(keyOf(i)) & mask]++;
    let best = 0;
    for (let p = 0; p <= mask; p++) if (counts[p] > counts[best]) best = p;
    for (let i = 0; i < n; i++) if ((hashKey(keyOf(i)) & mask) === best) group.push(keyOf(i));
  }, 60_000);

  it('go to an overflow chain of bucket pages, readable, updatable and checked', () => {
    expect(group.length).toBeGreaterThanOrEqual(6);
    const h = new Harness(new MemoryFile());
    for (const [i, k] of group.entries()) h.put(k, value(i, 1000)); // about 4 entries per page
    for (let i = 0; i < 3000; i++) h.put(encodeKey(['other', i]), value(i, 30));
    h.checkpoint();
    h.verify();
    expect(checkHash(h.pager, h.root).chains).toBe(1);
    h.del(group[0]);
    h.put(group[1], value(99, 5));
    h.checkpoint();
    h.verify();
    for (const k of group) h.del(k);
    h.checkpoint();
    h.verify();
    expect(checkHash(h.pager, h.root).chains).toBe(0);
  });
});

describe('hash index errors and details', () => {
  it('uses MurmurHash3 (x86, 32-bit): known test vectors', () => {
    const te = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
    expect(hashKey(new Uint8Array(0))).toBe(0);
    expect(hashKey(te('hello'))).toBe(0x248bfa47);
    expect(hashKey(te('The quick brown fox jumps over the lazy dog'))).toBe(0x2e4ff723);
  });

  it('rejects a key over the limit with KEY_TOO_LARGE and changes nothing', () => {
    const h = new Harness(new MemoryFile());
    h.put(encodeKey([1]), value(1, 10));
    h.checkpoint();
    h.put(new Uint8Array(MAX_HASH_KEY_BYTES + 1), value(2, 10));
    let err: unknown;
    try {
      h.checkpoint();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageError).code).toBe('KEY_TOO_LARGE');
    h.pager.discard();
    h.pending.clear();
    h.verify();
  });

  it('reports a corrupted bucket page as CORRUPT, never as data', () => {
    const file = new MemoryFile();
    const h = new Harness(file);
    for (let i = 0; i < 500; i++) h.put(encodeKey([i]), value(i, 20));
    h.checkpoint();
    const victim = checkHash(h.pager, h.root).pages.at(-1)!;
    file.write(victim * 4096 + 100, Uint8Array.of(0xde, 0xad));
    h.reopen();
    let codes = new Set<string>();
    for (let i = 0; i < 500; i++) {
      try {
        expect(sameBytes(hashGet(h.pager, h.root, encodeKey([i])), value(i, 20))).toBe(true);
      } catch (e) {
        codes.add((e as StorageError).code);
      }
    }
    expect([...codes]).toEqual(['CORRUPT']);
    expect(() => checkHash(h.pager, h.root)).toThrow(/corrupt/);
  });
});

describe('crash safety of a hash checkpoint', () => {
  it('a crash at every write and flush point (unflushed writes lost, kept, or kept per sector; the last write torn) leaves the old or the new state, checker clean', () => {
    const build = (file: PageFile, withSecond: boolean): Harness => {
      const h = new Harness(file);
      for (let i = 0; i < 400; i++) h.put(encodeKey([i]), value(i, i % 7 === 0 ? 2000 : 20));
      h.checkpoint();
      if (withSecond) {
        for (let i = 0; i < 400; i += 3) h.del(encodeKey([i]));
        for (let i = 400; i < 700; i++) h.put(encodeKey([i]), value(i, 30));
        h.checkpoint();
      }
      return h;
    };
    const before = build(new MemoryFile(), false).committed;
    const after = build(new MemoryFile(), true).committed;
    const probe = new FaultClock();
    build(new FaultyFile(new MemoryFile(), { clock: probe }), true);
    const points = probe.points;
    let sawOld = 0;
    let sawNew = 0;
    for (let point = 1; point <= points; point++) {
      // The write at the crash point lands its first 1000 bytes (a torn page) in 'keep' images.
      const clock = new FaultClock({ crashAt: point, tearBytes: 1000 });
      const file = new FaultyFile(new MemoryFile(), { clock });
      try {
        build(file, true);
      } catch (e) {
        expect(e).toBeInstanceOf(StorageError); // the pager wraps the simulated crash
        expect((e as StorageError).cause).toBeInstanceOf(SimulatedCrash);
      }
      for (const mode of ['drop', 'keep', 'sectors'] as const) {
        const image = file.crash(mode, point);
        if (image.size() === 0) continue; // crashed before the file was formatted
        let h: Harness;
        try {
          h = new Harness(image);
        } catch (e) {
          // Only a crash before the very first header is durable may leave no valid header.
          expect((e as StorageError).code).toBe('CORRUPT');
          continue;
        }
        if (h.root === 0) continue; // crashed before the first checkpoint
        const found = new Map<string, Uint8Array>();
        for (const [k, v] of hashEntries(h.pager, h.root)) found.set(hex(k), v.slice());
        const matches = (m: Map<string, Uint8Array>): boolean => m.size === found.size && [...m].every(([k, v]) => sameBytes(found.get(k), v));
        const state = matches(after) ? after : before;
        expect(matches(state)).toBe(true);
        h.committed = new Map(state);
        h.verify();
        if (state === after) sawNew++;
        else sawOld++;
      }
    }
    expect(sawOld).toBeGreaterThan(0);
    expect(sawNew).toBeGreaterThan(0);
  });
});
