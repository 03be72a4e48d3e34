// Large transactions: a write set far beyond the memtable budget commits in bounded memory by
// spilling into shadow copy-on-write pages that become visible only at the commit's header switch;
// rollback and crashes at every point leave no trace; bulkLoad streams sorted input into packed pages.
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
