// Large transactions: a write set far beyond the memtable budget commits in bounded memory by
// spilling into shadow copy-on-write pages that become visible only at the commit's header switch;
// rollback and crashes at every point leave no trace; bulkLoad streams sorted input into packed pages.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkStore } from '../../src/storage/check.ts';
import { FaultClock, FaultyFile, type CrashMode } from '../../src/storage/file/faulty.ts';
import { MemoryFile } from '../../src/storage/file/memory.ts';
import { encodeKey } from '../../src/storage/keys.ts';
import { Store, type StoreOptions } from '../../src/storage/store.ts';
import { Volume } from './support.ts';

const SMALL = { memtableBytes: 8 * 1024, cacheBytes: 32 * 4096 };

function fresh(options: Partial<StoreOptions> = SMALL) {
  const file = new Volume();
  const wal = new Volume();
  return { file, wal, open: (): Store => Store.open({ file: file.open(), wal: wal.open(), ...options }) };
}

const row = (i: number): { i: number; name: string } => ({ i, name: `row-${i}-${'n'.repeat(i % 40)}` });

describe('a transaction larger than the memtable budget', () => {
  it('commits through spills; its writes are invisible to readers until commit; reads inside see them; counts are exact', () => {
    const { open } = fresh();
    const store = open();
    let tx = store.begin();
    tx.createTree('t', 'btree');
    tx.createTree('h', 'hash');
    tx.put('t', encodeKey(['old']), 'kept');
    tx.commit();
    tx = store.begin();
    for (let i = 0; i < 5000; i++) {
      tx.put('t', encodeKey([i]), row(i));
      if (i % 3 === 0) tx.put('h', encodeKey([i]), i);
    }
    for (let i = 0; i < 5000; i += 10) expect(tx.delete('t', encodeKey([i]))).toBe(true);
    expect(store.stats().transactions.spills).toBeGreaterThan(10);
    expect(store.read((v) => v.count('t'))).toBe(1); // not visible outside yet
    expect(tx.count('t')).toBe(1 + 4500);
    expect(tx.get('t', encodeKey([4999]))).toEqual(row(4999));
    expect(tx.get('h', encodeKey([3]))).toBe(3);
    expect([...tx.range('t', { lt: encodeKey([25]), reverse: true })].map(([, v]) => (v as { i: number }).i)).toEqual([24, 23, 22, 21, 19, 18, 17, 16, 15, 14, 13, 12, 11, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    tx.commit();
    expect(store.read((v) => [v.count('t'), v.count('h'), v.get('t', encodeKey(['old']))])).toEqual([4501, 1667, 'kept']);
    checkStore(store);
    store.close();
    const again = open();
    expect(again.read((v) => [v.count('t'), v.count('h')])).toEqual([4501, 1667]);
    checkStore(again);
  });

  it('rollback after spills returns every shadow page and leaves no trace', () => {
    const { open } = fresh();
    const store = open();
    let tx = store.begin();
    tx.createTree('t', 'btree');
    for (let i = 0; i < 100; i++) tx.put('t', encodeKey([i]), i);
    tx.commit();
    store.checkpoint();
    const pagesBefore = store.stats().pages.total;
    tx = store.begin();
    for (let i = 0; i < 4000; i++) tx.put('t', encodeKey([i]), row(i));
    tx.dropTree('t');
    tx.rollback();
    expect(store.read((v) => [...v.range('t')].map(([, x]) => x))).toEqual(Array.from({ length: 100 }, (_, i) => i));
    checkStore(store);
    store.checkpoint();
    store.close();
    const again = open();
    checkStore(again);
    expect(again.stats().pages.total).toBeLessThanOrEqual(pagesBefore + 2);
  });

  it('reads inside a transaction that spills again and again (puts, deletes, gets, ranges, counts) agree with a sorted map', () => {
    const op = fc.oneof(
      { weight: 120, arbitrary: fc.record({ t: fc.constant('put' as const), k: fc.integer({ min: 0, max: 1500 }), n: fc.nat(60) }) },
      { weight: 40, arbitrary: fc.record({ t: fc.constant('del' as const), k: fc.integer({ min: 0, max: 1500 }) }) },
      { weight: 20, arbitrary: fc.record({ t: fc.constant('get' as const), k: fc.integer({ min: 0, max: 1500 }) }) },
      { weight: 20, arbitrary: fc.record({ t: fc.constant('range' as const), k: fc.integer({ min: 0, max: 1500 }), reverse: fc.boolean() }) },
      { weight: 1, arbitrary: fc.record({ t: fc.constant('count' as const) }) },
    );
    fc.assert(
      fc.property(fc.array(op, { minLength: 200, maxLength: 1500 }), fc.boolean(), (ops, fromEmpty) => {
        const { open } = fresh({ memtableBytes: 2 * 1024, cacheBytes: 16 * 4096 });
        const store = open();
        let tx = store.begin();
        tx.createTree('t', 'btree');
        const model = new Map<number, string>();
        if (!fromEmpty) for (let k = 0; k < 1500; k += 7) {
          tx.put('t', encodeKey([k]), `base-${k}`);
          model.set(k, `base-${k}`);
        }
        tx.commit();
        tx = store.begin();
        const sorted = (): number[] => [...model.keys()].sort((a, b) => a - b);
        for (const o of ops) {
          if (o.t === 'put') {
            const v = `v${o.k}-${'x'.repeat(o.n)}`;
            tx.put('t', encodeKey([o.k]), v);
            model.set(o.k, v);
          } else if (o.t === 'del') expect(tx.delete('t', encodeKey([o.k]))).toBe(model.delete(o.k));
          else if (o.t === 'get') expect(tx.get('t', encodeKey([o.k]))).toBe(model.get(o.k));
          else if (o.t === 'range') {
            const want = sorted().filter((k) => (o.reverse ? k <= o.k : k >= o.k));
            if (o.reverse) want.reverse();
            const got = [...tx.range('t', { [o.reverse ? 'lte' : 'gte']: encodeKey([o.k]), reverse: o.reverse, limit: 20 })];
            expect(got.map(([, v]) => v)).toEqual(want.slice(0, 20).map((k) => model.get(k)));
          } else expect(tx.count('t')).toBe(model.size);
        }
        expect(tx.count('t')).toBe(model.size);
        tx.commit();
        const all = (s: Store): unknown[] => s.read((v) => [...v.range('t')].map(([, x]) => x));
        expect(all(store)).toEqual(sorted().map((k) => model.get(k)));
        checkStore(store);
        store.close();
        const again = open();
        expect(again.read((v) => v.count('t'))).toBe(model.size);
        expect(all(again)).toEqual(sorted().map((k) => model.get(k)));
        checkStore(again);
        again.close();
      }),
      { numRuns: 25 },
    );
  });

  for (const mode of ['drop', 'sectors'] as CrashMode[]) {
    it(`a crash at every write/flush point of a spilling transaction (${mode}): before the switch nothing, after it everything`, () => {
      const run = (crashAt?: number) => {
        const clock = new FaultClock({ crashAt, tearBytes: 700 });
        const db = new FaultyFile(new MemoryFile(), { clock });
        const wal = new FaultyFile(new MemoryFile(), { clock });
        const dv = new Volume(db);
        const wv = new Volume(wal);
        let acked = 0;
        try {
          const store = Store.open({ file: dv.open(), wal: wv.open(), ...SMALL });
          let tx = store.begin();
          tx.createTree('t', 'btree');
          tx.put('t', encodeKey(['base']), 0);
          tx.commit();
          acked = 1;
          tx = store.begin();
          for (let i = 0; i < 600; i++) tx.put('t', encodeKey([i]), row(i));
          tx.commit();
          acked = 2;
        } catch {
          // the simulated crash
        }
        return { clock, db, wal, acked };
      };
      const points = run().clock.points;
      expect(points).toBeGreaterThan(30);
      for (let p = 1; p <= points; p++) {
        const r = run(p);
        const store = Store.open({ file: new Volume(r.db.crash(mode, p)).open(), wal: new Volume(r.wal.crash(mode, p)).open(), ...SMALL });
        const count = store.read((v) => (v.kind('t') === undefined ? -1 : v.count('t')));
        if (r.acked === 2) expect(count, `point ${p}`).toBe(601);
        else if (r.acked === 1) expect([1, 601], `point ${p}`).toContain(count);
        else expect([-1, 1], `point ${p}`).toContain(count);
        if (count === 601) expect(store.read((v) => v.get('t', encodeKey([599])))).toEqual(row(599));
        checkStore(store);
        store.close();
      }
    });
  }
});

describe('bulkLoad', () => {
  it('streams sorted entries into packed leaves of an empty tree, visible at commit, in bounded memory', () => {
    const { open } = fresh();
    const store = open();
    let tx = store.begin();
    tx.createTree('t', 'btree');
    tx.createTree('h', 'hash');
    function* rows(n: number): Generator<[Uint8Array, unknown]> {
      for (let i = 0; i < n; i++) yield [encodeKey([i]), row(i)];
    }
    expect(tx.bulkLoad('t', rows(20_000))).toBe(20_000);
    expect(tx.bulkLoad('h', rows(3000))).toBe(3000);
    tx.put('t', encodeKey([20_000]), 'after');
    expect(tx.count('t')).toBe(20_001);
    tx.commit();
    const s = store.stats().trees.find((t) => t.name === 't')!;
    expect(s.entries).toBe(20_001);
    // packed leaves: close to the minimum number of pages the bytes need
    const bytes = 20_000 * (2 + 7 + 3 + 40);
    expect(s.pages).toBeLessThan((bytes / 4088) * 1.35);
    checkStore(store);
    expect(store.read((v) => [...v.range('t', { gte: encodeKey([19_998]) })].map(([, x]) => x))).toEqual([row(19_998), row(19_999), 'after']);
    tx = store.begin();
    expect(() => tx.bulkLoad('t', rows(1))).toThrow(expect.objectContaining({ code: 'TREE_NOT_EMPTY' }));
    tx.rollback(); // a refused call leaves the transaction open
    tx = store.begin();
    tx.createTree('u', 'btree');
    expect(() => tx.bulkLoad('u', [[encodeKey([2]), 1], [encodeKey([1]), 1]])).toThrow(expect.objectContaining({ code: 'NOT_SORTED' }));
    expect(store.trees()).toEqual(['h', 't']);
    checkStore(store);
    store.close();
    checkStore(open());
  });
});
