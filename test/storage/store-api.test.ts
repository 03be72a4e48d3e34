// Store behaviours upper layers rely on beyond the model test: scanning while writing, relaxed
// durability loses only a suffix, the file stops growing under churn (freelist reuse), statistics
// move as documented, error codes, one writer.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkStore } from '../../src/storage/check.ts';
import { FaultyFile } from '../../src/storage/file/faulty.ts';
import { MemoryFile } from '../../src/storage/file/memory.ts';
import { decodeKey, encodeKey, KeyEncoder, type KeyPart } from '../../src/storage/keys.ts';
import { Store, type RangeOptions, type ReadView } from '../../src/storage/store.ts';
import { modelRange } from './store.model.ts';
import { hex, Volume } from './support.ts';

const open = (options: Partial<Parameters<typeof Store.open>[0]> = {}) => {
  const file = new Volume();
  const wal = new Volume();
  return { file, wal, store: Store.open({ file: file.open(), wal: wal.open(), ...options }), reopen: () => Store.open({ file: file.open(), wal: wal.open(), ...options }) };
};

describe('Store behaviours', () => {
  for (const reverse of [false, true]) {
    it(`a range scan ${reverse ? 'backwards' : 'forwards'} stays correct while the transaction deletes and inserts as it goes`, () => {
      const { store, reopen } = open({ memtableBytes: 4096, cacheBytes: 16 * 4096 });
      let tx = store.begin();
      tx.createTree('t', 'btree');
      for (let i = 0; i < 500; i++) tx.put('t', encodeKey([i]), i);
      tx.commit();
      tx = store.begin();
      const seen: number[] = [];
      for (const [key, value] of tx.range('t', { reverse })) {
        seen.push(value as number);
        tx.delete('t', key);
        // inserts behind the cursor must not be visited; ahead of it they are
        tx.put('t', encodeKey([reverse ? 1000 + (value as number) : -1 - (value as number)]), 'behind');
      }
      expect(seen).toEqual(reverse ? Array.from({ length: 500 }, (_, i) => 499 - i) : Array.from({ length: 500 }, (_, i) => i));
      expect(tx.count('t')).toBe(500);
      tx.commit();
      expect(store.read((v) => [...v.range('t')].every(([, x]) => x === 'behind'))).toBe(true);
      store.close();
      const again = reopen();
      expect(again.read((v) => v.count('t'))).toBe(500);
      checkStore(again);
    });
  }

  it('relaxed durability: commits are flushed within the interval; a crash loses only a suffix of acknowledged commits', async () => {
    const wal = new FaultyFile(new MemoryFile());
    const db = new FaultyFile(new MemoryFile());
    const store = Store.open({ file: new Volume(db).open(), wal: new Volume(wal).open(), durability: 'relaxed', flushIntervalMs: 5 });
    let tx = store.begin();
    tx.createTree('t', 'btree');
    tx.commit();
    for (let i = 0; i < 20; i++) {
      tx = store.begin();
      tx.put('t', encodeKey([i]), i);
      tx.commit();
    }
    expect(wal.flushes).toBe(0); // group commit: nothing flushed yet
    await new Promise((r) => setTimeout(r, 40));
    expect(wal.flushes).toBe(1); // one flush for the whole group
    for (let i = 20; i < 40; i++) {
      tx = store.begin();
      tx.put('t', encodeKey([i]), i);
      tx.commit();
    }
    const after = Store.open({ file: new Volume(db.crash('drop')).open(), wal: new Volume(wal.crash('drop')).open() });
    expect(after.read((v) => [...v.range('t')].map(([, x]) => x))).toEqual(Array.from({ length: 20 }, (_, i) => i));
    store.close(); // close flushes the rest
    const closed = Store.open({ file: new Volume(db.crash('drop')).open(), wal: new Volume(wal.crash('drop')).open() });
    expect(closed.read((v) => v.count('t'))).toBe(40);
  });

  it('the file stops growing under repeated updates and deletes: released pages are reused', () => {
    const { store, file } = open({ memtableBytes: 16 * 1024 });
    let tx = store.begin();
    tx.createTree('t', 'btree');
    tx.commit();
    const sizes: number[] = [];
    for (let round = 0; round < 30; round++) {
      tx = store.begin();
      for (let i = 0; i < 1000; i++) {
        if ((i + round) % 5 === 0) tx.delete('t', encodeKey([i]));
        else tx.put('t', encodeKey([i]), { round, i, pad: 'z'.repeat((i * round) % 50) });
      }
      tx.commit();
      store.checkpoint();
      sizes.push(file.bytes.size());
    }
    expect(Math.max(...sizes.slice(10))).toBeLessThanOrEqual(Math.max(...sizes.slice(0, 10)) * 1.25);
    checkStore(store);
  });

  it('statistics move as documented', () => {
    const { store } = open({ memtableBytes: 1 << 20 });
    const s0 = store.stats();
    const tx = store.begin();
    tx.createTree('t', 'btree');
    tx.createTree('h', 'hash');
    for (let i = 0; i < 2000; i++) {
      tx.put('t', encodeKey([i]), { i });
      tx.put('h', encodeKey([i]), i);
    }
    tx.commit();
    const s1 = store.stats();
    expect(s1.wal.bytes).toBeGreaterThan(0);
    expect(s1.wal.records).toBe(s0.wal.records + 1);
    expect(s1.memtable.bytes).toBeGreaterThan(0);
    expect(s1.transactions.commits).toBe(1);
    expect(s1.trees.map((t) => [t.name, t.kind, t.entries])).toEqual([['h', 'hash', 2000], ['t', 'btree', 2000]]);
    store.checkpoint();
    const s2 = store.stats();
    expect(s2.checkpoints.count).toBe(s1.checkpoints.count + 1);
    expect(s2.wal.bytes).toBe(0);
    expect(s2.memtable.bytes).toBe(0);
    const t = s2.trees.find((x) => x.name === 't')!;
    expect(t.height).toBeGreaterThanOrEqual(2);
    const report = checkStore(store);
    expect(s2.trees.reduce((n, x) => n + x.pages, 0)).toBeLessThanOrEqual(report.treePages);
    store.read((v) => {
      for (let i = 0; i < 2000; i++) v.get('t', encodeKey([i]));
    });
    const s3 = store.stats();
    expect(s3.cache.hits).toBeGreaterThan(s2.cache.hits + 2000);
  });

  it('range() and count(tree, range) refuse a missing, dropped or hash tree when called, at any limit, committed or not; a scan whose tree is dropped under it just ends', () => {
    const { store } = open();
    let tx = store.begin();
    for (const [name, kind] of [['b', 'btree'], ['h', 'hash'], ['gone', 'btree']] as const) tx.createTree(name, kind);
    for (let i = 0; i < 5; i++) tx.put('b', encodeKey([i]), i);
    tx.commit();
    const refused = (v: { range(t: string, o?: object): unknown; count(t: string, o?: object): number }): void => {
      for (const opts of [undefined, {}, { limit: 0 }, { limit: 3, values: false }, { prefix: encodeKey([1]) }]) {
        expect(() => v.range('nope', opts)).toThrow(expect.objectContaining({ code: 'NO_SUCH_TREE' }));
        expect(() => v.range('h', opts)).toThrow(expect.objectContaining({ code: 'BAD_KIND' }));
        expect(() => v.count('nope', opts ?? {})).toThrow(expect.objectContaining({ code: 'NO_SUCH_TREE' }));
        expect(() => v.count('h', opts ?? {})).toThrow(expect.objectContaining({ code: 'BAD_KIND' }));
        expect([...(v.range('b', opts) as Iterable<unknown>)].length).toBe(opts?.limit === 0 ? 0 : opts?.prefix ? 1 : opts?.limit ?? 5);
      }
    };
    store.read(refused);
    tx = store.begin();
    tx.dropTree('gone');
    tx.createTree('fresh', 'hash');
    refused(tx);
    expect(() => tx.range('gone')).toThrow(expect.objectContaining({ code: 'NO_SUCH_TREE' }));
    expect(() => tx.range('fresh', { limit: 0 })).toThrow(expect.objectContaining({ code: 'BAD_KIND' }));
    const seen: number[] = [];
    for (const [, v] of tx.range('b')) {
      seen.push(v as number);
      if (seen.length === 2) tx.dropTree('b');
    }
    expect(seen).toEqual([0, 1]);
    tx.rollback();
    store.close();
  });

  it('reader(tree): its gets equal get and its prefix walks equal prefix scans, for prefixes in any order, on deep trees, with pending writes, on hash indexes', () => {
    // [group, pad, n]: 300-byte pads make a tree of 3+ levels; a walk under [group] has two parts past
    // its prefix (the part before the last is reported), under [group, pad] one (none before it).
    const pad = (n: number) => (n % 7 === 0 ? 'p' : 'q'.repeat(300));
    const key = (g: number, n: number): Uint8Array => encodeKey([g, pad(n), n]);
    const { store } = open();
    let tx = store.begin();
    tx.createTree('deep', 'btree');
    tx.createTree('h', 'hash');
    for (let n = 0; n < 600; n++) if (n % 3 !== 0) tx.put('deep', key(n % 40, n), n);
    tx.put('h', key(1, 1), 1);
    tx.commit();
    store.checkpoint();
    expect(store.stats().trees.find((t) => t.name === 'deep')!.height).toBeGreaterThanOrEqual(3);
    // the model: a prefix scan, each key decoded whole
    const model = (v: ReadView, prefix: Uint8Array, parts: number) => {
      const lasts: KeyPart[] = [];
      const befores: KeyPart[] = [];
      for (const [k] of v.range('deep', { prefix })) {
        const p = decodeKey(k);
        lasts.push(p[p.length - 1]!);
        befores.push(p.length - parts >= 2 ? p[p.length - 2]! : undefined as unknown as KeyPart);
      }
      return { lasts, befores };
    };
    const prefixArb = fc.tuple(fc.integer({ min: -2, max: 42 }), fc.option(fc.integer({ min: 0, max: 13 }), { nil: undefined }));
    const check = (v: ReadView, prefixes: [number, number | undefined][], gets: number[]) => {
      const r = v.reader('deep');
      for (const [g, m] of prefixes) {
        // a transient prefix: a reused buffer overwritten after the call
        const enc = new KeyEncoder(8).add(g);
        if (m !== undefined) enc.add(pad(m));
        const prefix = enc.toBytes();
        const lasts: KeyPart[] = ['kept'];
        const befores: KeyPart[] = ['kept'];
        const n = r.lastPartsUnder(prefix, lasts, befores);
        prefix.fill(0xff);
        const want = model(v, enc.toBytes(), m === undefined ? 1 : 2);
        expect(n).toBe(want.lasts.length);
        expect(lasts).toEqual(['kept', ...want.lasts]);
        expect(befores).toEqual(['kept', ...want.befores]);
        const only: KeyPart[] = [];
        expect(r.lastPartsUnder(enc.toBytes(), only, null)).toBe(n);
        expect(only).toEqual(want.lasts);
      }
      for (const n of gets) expect(r.get(key(n % 40, n))).toEqual(v.get('deep', key(n % 40, n)));
    };
    fc.assert(
      fc.property(fc.array(prefixArb, { maxLength: 12 }), fc.boolean(), fc.array(fc.integer({ min: -3, max: 610 }), { maxLength: 30 }), fc.array(fc.integer({ min: 0, max: 600 }), { maxLength: 6 }), (ps, sorted, gets, writes) => {
        const prefixes = sorted ? [...ps].sort((a, b) => a[0] - b[0] || (a[1] ?? -1) - (b[1] ?? -1)) : ps;
        const ns = sorted ? [...gets].sort((a, b) => a - b) : gets;
        store.read((v) => check(v, prefixes, ns));
        const t = store.begin();
        for (const n of writes) (n % 2 === 0 ? t.delete('deep', key(n % 40, n)) : t.put('deep', key(n % 40, n), -n));
        check(t, prefixes, ns);
        t.rollback();
      }),
      { numRuns: 120 },
    );
    store.read((v) => {
      expect(() => v.reader('nope')).toThrow(expect.objectContaining({ code: 'NO_SUCH_TREE' }));
      const h = v.reader('h');
      expect(h.get(key(1, 1))).toBe(1);
      expect(() => h.lastPartsUnder(encodeKey([1]), [], null)).toThrow(expect.objectContaining({ code: 'BAD_KIND' }));
    });
    tx = store.begin();
    tx.dropTree('deep');
    expect(() => tx.reader('deep')).toThrow(expect.objectContaining({ code: 'NO_SUCH_TREE' }));
    tx.rollback();
    store.close();
  });

  it('error codes: one writer, unknown trees, hash ranges, closed store, oversized keys', () => {
    const { store } = open();
    const tx = store.begin();
    expect(() => store.begin()).toThrow(expect.objectContaining({ code: 'TX_CONFLICT' }));
    expect(() => tx.put('nope', encodeKey([1]), 1)).toThrow(expect.objectContaining({ code: 'NO_SUCH_TREE' }));
    tx.createTree('h', 'hash');
    expect(() => tx.createTree('h', 'btree')).toThrow(expect.objectContaining({ code: 'TREE_EXISTS' }));
    expect(() => [...tx.range('h')]).toThrow(expect.objectContaining({ code: 'BAD_KIND' }));
    expect(() => tx.put('h', new Uint8Array(2000), 1)).toThrow(expect.objectContaining({ code: 'KEY_TOO_LARGE' }));
    tx.commit();
    expect(() => tx.put('h', encodeKey([1]), 1)).toThrow(expect.objectContaining({ code: 'TX_DONE' }));
    expect(() => tx.get('h', encodeKey([1]))).toThrow(expect.objectContaining({ code: 'TX_DONE' }));
    expect(() => tx.count('h')).toThrow(expect.objectContaining({ code: 'TX_DONE' }));
    store.close();
    expect(() => store.begin()).toThrow(expect.objectContaining({ code: 'CLOSED' }));
  });

  it('keys a scan returns stay intact after later writes, checkpoints and evictions (they are not copied)', () => {
    const { store } = open({ memtableBytes: 4096, cacheBytes: 16 * 4096 });
    let tx = store.begin();
    tx.createTree('t', 'btree');
    for (let i = 0; i < 2000; i++) tx.put('t', encodeKey([i, 'k'.repeat(i % 40)]), i % 3 === 0 ? null : 'x'.repeat(i % 2500));
    tx.commit();
    const keys = store.read((v) => [...v.range('t', { values: false })].map(([k]) => k));
    const before = keys.map((k) => Buffer.from(k).toString('hex'));
    tx = store.begin();
    for (let i = 0; i < 2000; i += 2) tx.delete('t', encodeKey([i, 'k'.repeat(i % 40)]));
    for (let i = 2000; i < 3000; i++) tx.put('t', encodeKey([i]), i);
    tx.commit();
    store.checkpoint();
    store.read((v) => [...v.range('t')]); // churn the 16-page cache
    expect(keys.map((k) => Buffer.from(k).toString('hex'))).toEqual(before);
    store.close();
  });

  it('a range is an iterable: each iteration is a fresh scan of the state at that moment', () => {
    const { store } = open();
    const tx = store.begin();
    tx.createTree('t', 'btree');
    for (let i = 0; i < 30; i++) tx.put('t', encodeKey([i % 3, i]), i);
    for (const reverse of [false, true]) {
      const group = reverse ? 0 : 1;
      const range = tx.range('t', { prefix: encodeKey([group]), reverse, values: false });
      const first = [...range].map(([k]) => hex(k));
      expect(first).toHaveLength(10);
      expect([...range].map(([k]) => hex(k))).toEqual(first); // again: the same entries, not an empty rest
      tx.put('t', encodeKey([group, reverse ? 100 : -1]), 'new');
      const later = [...range].map(([k]) => hex(k));
      expect(later).toHaveLength(11);
      expect(later[0]).toBe(hex(encodeKey([group, reverse ? 100 : -1])));
    }
    // created before a write, iterated after it: the scan sees the write
    const pending = tx.range('t', { prefix: encodeKey([2]) });
    tx.put('t', encodeKey([2, 99]), 'late');
    expect([...pending].map(([, v]) => v)).toContain('late');
    tx.commit();
  });

  it('a prefix of 0xFF bytes (no end key) bounds a scan and a count by the prefix itself', () => {
    const { store } = open();
    const tx = store.begin();
    tx.createTree('t', 'btree');
    const raw = [[0xfe], [0xfe, 0xff], [0xff], [0xff, 0x00], [0xff, 0xff], [0xff, 0xff, 0x01], [0xff, 0xff, 0xff]];
    for (const k of raw) tx.put('t', new Uint8Array(k), k.length);
    tx.commit();
    const want = raw.filter((k) => k[0] === 0xff && k[1] === 0xff).map((k) => Buffer.from(k).toString('hex'));
    for (const reverse of [false, true]) {
      const got = store.read((v) => [...v.range('t', { prefix: new Uint8Array([0xff, 0xff]), reverse })].map(([k]) => Buffer.from(k).toString('hex')));
      expect(got).toEqual(reverse ? [...want].reverse() : want);
      expect(store.read((v) => v.count('t', { prefix: new Uint8Array([0xff, 0xff]), reverse }))).toBe(want.length);
    }
    store.close();
  });

  it('a range count equals the model for any bounds: tree alone, tree + memtable, tree + memtable + write set', () => {
    const { store } = open({ cacheBytes: 16 * 4096 });
    let tx = store.begin();
    tx.createTree('t', 'btree');
    const model = new Map<string, unknown>();
    const put = (t: typeof tx, m: Map<string, unknown>, k: Uint8Array): void => {
      t.put('t', k, null);
      m.set(hex(k), null);
    };
    for (let a = 0; a < 6; a++) for (let i = 0; i < 700; i += 1 + (a % 3)) put(tx, model, encodeKey([a, i]));
    tx.commit();
    store.checkpoint(); // the tree alone holds the entries
    const key = fc.oneof(fc.tuple(fc.integer({ min: -1, max: 6 }), fc.integer({ min: -5, max: 705 })), fc.tuple(fc.integer({ min: -1, max: 6 })));
    const bound = fc.option(fc.tuple(key, fc.boolean()), { nil: undefined });
    const check = (count: (o: RangeOptions) => number, m: Map<string, unknown>): void =>
      fc.assert(
        fc.property(bound, bound, fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined }), fc.boolean(), (lo, hi, prefix, reverse) => {
          const o: RangeOptions = { reverse };
          if (lo) o[lo[1] ? 'gt' : 'gte'] = encodeKey(lo[0]);
          if (hi) o[hi[1] ? 'lt' : 'lte'] = encodeKey(hi[0]);
          if (prefix !== undefined) o.prefix = encodeKey([prefix]);
          expect(count(o)).toBe(modelRange(m, o).length);
        }),
        { numRuns: 150 },
      );
    check((o) => store.read((v) => v.count('t', o)), model);
    // memtable: overwrites of tree keys, new keys, deletes
    const churn = (t: typeof tx, m: Map<string, unknown>, salt: number): void => {
      for (let j = 0; j < 400; j++) {
        const k = encodeKey([(j * 7 + salt) % 6, (j * 131 + salt * 17) % 705]);
        if (j % 3 === 0) {
          t.delete('t', k);
          m.delete(hex(k));
        } else put(t, m, k);
      }
    };
    tx = store.begin();
    churn(tx, model, 1);
    tx.commit();
    check((o) => store.read((v) => v.count('t', o)), model);
    // a write set over the memtable over the tree
    tx = store.begin();
    const txModel = new Map(model);
    churn(tx, txModel, 2);
    const writing = tx;
    check((o) => writing.count('t', o), txModel);
    tx.rollback();
    store.close();
  });
});
