// The Store against a sorted-map model: random interleavings of put/delete/get/range (both ways,
// every bound kind, prefixes, limits)/commit/rollback/checkpoint/reopen/create/drop, on memory and
// on real files, with tiny caches and memtables so evictions, overflow, splits, merges, checkpoints
// and write-set spills happen all the time; the structural checker passes after every run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { checkStore } from '../../src/storage/check.ts';
import { NodeFile } from '../../src/storage/file/node.ts';
import { encodeKey } from '../../src/storage/keys.ts';
import { Store, type StoreOptions } from '../../src/storage/store.ts';
import { opArb, runOps, type Op } from './store.model.ts';
import { Volume } from './support.ts';

const dir = mkdtempSync(join(tmpdir(), 'quire-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TINY = { cacheBytes: 16 * 4096, memtableBytes: 6000 };
const prelude: Op[] = [{ k: 'create', t: 0 }, { k: 'create', t: 1 }, { k: 'create', t: 2 }, { k: 'commit' }];

function memoryRun(ops: Op[], options: Partial<StoreOptions>): void {
  const file = new Volume();
  const wal = new Volume();
  const open = (): Store => Store.open({ file: file.open(), wal: wal.open(), ...options });
  const { store } = runOps(open(), [...prelude, ...ops], (s) => {
    s.close();
    const again = open();
    checkStore(again);
    return again;
  });
  spills += store.stats().transactions.spills;
  store.close();
  checkStore(open());
}
let spills = 0;

let run = 0;
function nodeRun(ops: Op[], options: Partial<StoreOptions>): void {
  const base = join(dir, `db-${++run}`);
  const open = (): Store => Store.open({ file: new NodeFile(`${base}.db`), wal: new NodeFile(`${base}.wal`), ...options });
  const { store } = runOps(open(), [...prelude, ...ops], (s) => {
    s.close();
    const again = open();
    checkStore(again);
    return again;
  });
  store.close();
  const last = open();
  checkStore(last);
  last.close();
}

describe('Store against a sorted-map model', () => {
  it('memory, tiny cache and memtable: thousands of random steps', () => {
    spills = 0;
    fc.assert(fc.property(fc.array(opArb, { minLength: 100, maxLength: 400 }), (ops) => memoryRun(ops, TINY)), { numRuns: 40 });
    expect(spills).toBeGreaterThan(0); // large write sets really went through the spill path
  });

  it('memory, default sizes (no spills, few checkpoints)', () => {
    fc.assert(fc.property(fc.array(opArb, { minLength: 100, maxLength: 400 }), (ops) => memoryRun(ops, {})), { numRuns: 10 });
  });

  it('Node files, tiny cache and memtable, relaxed and full durability', () => {
    fc.assert(fc.property(fc.array(opArb, { minLength: 100, maxLength: 300 }), fc.boolean(), (ops, relaxed) => nodeRun(ops, { ...TINY, durability: relaxed ? 'relaxed' : 'full' })), { numRuns: 8 });
  });

  it('a large sequential load with splits, then deletes of most keys merge nodes back', () => {
    const file = new Volume();
    const wal = new Volume();
    const open = (): Store => Store.open({ file: file.open(), wal: wal.open(), cacheBytes: 64 * 4096, memtableBytes: 64 * 1024 });
    let store = open();
    let tx = store.begin();
    tx.createTree('t', 'btree');
    for (let i = 0; i < 20_000; i++) tx.put('t', encodeKey([i]), { i });
    tx.commit();
    expect(store.stats().trees[0].height).toBeGreaterThan(1);
    tx = store.begin();
    for (let i = 0; i < 20_000; i++) if (i % 97 !== 0) expect(tx.delete('t', encodeKey([i]))).toBe(true);
    tx.commit();
    store.close();
    store = open();
    checkStore(store);
    const keys = store.read((v) => [...v.range('t')].map(([, v2]) => (v2 as { i: number }).i));
    expect(keys).toEqual(Array.from({ length: 20_000 }, (_, i) => i).filter((i) => i % 97 === 0));
    const before = store.stats().pages.total;
    store.compact();
    checkStore(store);
    expect(store.stats().pages.total).toBeLessThan(before);
    store.close();
  });
});
