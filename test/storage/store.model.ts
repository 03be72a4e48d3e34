// A model-based driver for the Store: runs random operations on a store and on a plain sorted-map
// model side by side and compares every read. Shared by the property and crash tests. Test-only.
import fc from 'fast-check';
import { expect } from 'vitest';
import { encodeKey } from '../../src/storage/keys.ts';
import type { RangeOptions, ReadView, Store, Transaction } from '../../src/storage/store.ts';
import { hex, unhex } from './support.ts';

export type Op =
  | { k: 'put'; t: number; key: number[]; size: number }
  | { k: 'del'; t: number; key: number[] }
  | { k: 'putMany'; t: number; a: number; from: number; n: number; size: number }
  | { k: 'delMany'; t: number; a: number; from: number; n: number }
  | { k: 'get'; t: number; key: number[] }
  | { k: 'count'; t: number }
  | { k: 'range'; t: number; lo?: [number[], boolean]; hi?: [number[], boolean]; prefix?: number[]; reverse: boolean; limit?: number; read: 'values' | 'keys' | 'count' }
  | { k: 'commit' }
  | { k: 'rollback' }
  | { k: 'checkpoint' }
  | { k: 'reopen' }
  | { k: 'create'; t: number }
  | { k: 'drop'; t: number };

export const TREES = ['a', 'b', 'c'];
/** Tree 'c' is a hash index: no order, so the model checks it by point reads and counts. */
export const KINDS = ['btree', 'btree', 'hash'] as const;
const keyArb = fc.oneof(
  fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: -40, max: 200 })),
  fc.tuple(fc.integer({ min: 0, max: 5 })),
);
const tree = fc.integer({ min: 0, max: TREES.length - 1 });
const bound = fc.option(fc.tuple(keyArb, fc.boolean()), { nil: undefined });

export const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 30, arbitrary: fc.record({ k: fc.constant('put' as const), t: tree, key: keyArb, size: fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 0, max: 60 }) }, { weight: 1, arbitrary: fc.integer({ min: 1500, max: 9000 }) }) }) },
  { weight: 10, arbitrary: fc.record({ k: fc.constant('del' as const), t: tree, key: keyArb }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('putMany' as const), t: tree, a: fc.integer({ min: 0, max: 5 }), from: fc.integer({ min: -40, max: 200 }), n: fc.integer({ min: 1, max: 150 }), size: fc.integer({ min: 0, max: 120 }) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('delMany' as const), t: tree, a: fc.integer({ min: 0, max: 5 }), from: fc.integer({ min: -40, max: 200 }), n: fc.integer({ min: 1, max: 150 }) }) },
  { weight: 6, arbitrary: fc.record({ k: fc.constant('get' as const), t: tree, key: keyArb }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('count' as const), t: tree }) },
  {
    weight: 6,
    arbitrary: fc.record(
      { k: fc.constant('range' as const), t: tree, lo: bound, hi: bound, prefix: fc.option(fc.tuple(fc.integer({ min: 0, max: 5 })), { nil: undefined }), reverse: fc.boolean(), limit: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }), read: fc.constantFrom('values' as const, 'keys' as const, 'count' as const) },
      { requiredKeys: ['k', 't', 'reverse', 'read'] },
    ),
  },
  { weight: 6, arbitrary: fc.constant({ k: 'commit' as const }) },
  { weight: 2, arbitrary: fc.constant({ k: 'rollback' as const }) },
  { weight: 1, arbitrary: fc.constant({ k: 'checkpoint' as const }) },
  { weight: 1, arbitrary: fc.constant({ k: 'reopen' as const }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('create' as const), t: tree }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('drop' as const), t: tree }) },
);

/** The model: tree name -> (hex key -> value); hex order is byte order. */
export type Model = Map<string, Map<string, unknown>>;

export const cloneModel = (m: Model): Model => new Map([...m].map(([t, kv]) => [t, new Map(kv)]));

export function valueOf(key: number[], size: number, salt: number): unknown {
  if (size === 1) return null; // as index entries store
  return { key, salt, pad: 'v'.repeat(size), n: size % 3 === 0 ? BigInt(salt) * 10n ** 20n : salt };
}

export function modelRange(kv: Map<string, unknown>, o: RangeOptions): [string, unknown][] {
  let keys = [...kv.keys()].sort();
  const lo = o.gte ?? o.gt;
  const hi = o.lte ?? o.lt;
  if (lo) keys = keys.filter((k) => (o.gt ? k > hex(lo) : k >= hex(lo)));
  if (hi) keys = keys.filter((k) => (o.lt ? k < hex(hi) : k <= hex(hi)));
  if (o.prefix) keys = keys.filter((k) => k.startsWith(hex(o.prefix!)));
  if (o.reverse) keys.reverse();
  if (o.limit !== undefined) keys = keys.slice(0, o.limit);
  return keys.map((k) => [k, kv.get(k)]);
}

export function rangeOptions(op: Extract<Op, { k: 'range' }>): RangeOptions {
  const o: RangeOptions = { reverse: op.reverse };
  if (op.lo) o[op.lo[1] ? 'gt' : 'gte'] = encodeKey(op.lo[0]);
  if (op.hi) o[op.hi[1] ? 'lt' : 'lte'] = encodeKey(op.hi[0]);
  if (op.prefix) o.prefix = encodeKey(op.prefix);
  if (op.limit !== undefined) o.limit = op.limit;
  if (op.read === 'keys') o.values = false;
  return o;
}

/** Asserts that `view` shows exactly `model` (every tree: kind, count, full scans both ways). */
export function expectSame(view: ReadView, model: Model): void {
  for (const name of TREES) {
    const kv = model.get(name);
    const kind = KINDS[TREES.indexOf(name)];
    expect(view.kind(name)).toBe(kv ? kind : undefined);
    if (!kv) continue;
    expect(view.count(name)).toBe(kv.size);
    if (kind === 'hash') {
      for (const [k, v] of kv) expect(view.get(name, unhex(k))).toEqual(v);
      continue;
    }
    const got = [...view.range(name)].map(([k, v]) => [hex(k), v]);
    expect(got).toEqual(modelRange(kv, {}));
  }
}

/**
 * Drives `store` through `ops`, mirroring them on the model; `reopen` returns a fresh store on the
 * same files. Returns the committed model and the store (which may have been replaced).
 */
export function runOps(start: Store, ops: Op[], reopen: (s: Store) => Store, model: Model = new Map()): { store: Store; model: Model } {
  let store = start;
  let tx: Transaction | null = null;
  let txModel: Model = model;
  let salt = 0;
  const writer = (): Transaction => {
    if (tx === null) {
      tx = store.begin();
      txModel = cloneModel(model);
    }
    return tx;
  };
  for (const op of ops) {
    switch (op.k) {
      case 'put':
      case 'del':
      case 'get':
      case 'range': {
        const name = TREES[op.t];
        const useTx = op.k === 'put' || op.k === 'del' || tx !== null;
        const kv = (useTx ? (writer(), txModel) : model).get(name);
        const view: ReadView = useTx ? tx! : null!;
        if (!kv) {
          const fn = (v: ReadView): unknown => (op.k === 'range' ? [...v.range(name)] : v.get(name, encodeKey([1])));
          expect(() => (useTx ? fn(view) : store.read(fn))).toThrow(/no tree/);
          break;
        }
        if (op.k === 'put') {
          const value = valueOf(op.key, op.size, ++salt);
          tx!.put(name, encodeKey(op.key), value);
          kv.set(hex(encodeKey(op.key)), value);
        } else if (op.k === 'del') {
          expect(tx!.delete(name, encodeKey(op.key))).toBe(kv.delete(hex(encodeKey(op.key))));
        } else if (op.k === 'get') {
          const got = useTx ? view.get(name, encodeKey(op.key)) : store.read((v) => v.get(name, encodeKey(op.key)));
          expect(got).toEqual(kv.get(hex(encodeKey(op.key))));
        } else {
          const o = rangeOptions(op);
          if (KINDS[op.t] === 'hash') {
            const fn = (v: ReadView): unknown => (op.read === 'count' ? v.count(name, o) : [...v.range(name, o)]);
            expect(() => (useTx ? fn(view) : store.read(fn))).toThrow(/hash index/);
            break;
          }
          const want = modelRange(kv, o);
          if (op.read === 'count') {
            const n = (v: ReadView): number => v.count(name, o);
            expect(useTx ? n(view) : store.read(n)).toBe(want.length);
            break;
          }
          // keys only: the same keys, every value undefined
          if (op.read === 'keys') for (const e of want) e[1] = undefined;
          const run = (v: ReadView): [string, unknown][] => [...v.range(name, o)].map(([k, val]) => [hex(k), val]);
          expect(useTx ? run(view) : store.read(run)).toEqual(want);
        }
        break;
      }
      case 'count': {
        const name = TREES[op.t];
        const kv = (tx !== null ? txModel : model).get(name);
        const n = (v: ReadView): number => v.count(name);
        if (!kv) expect(() => (tx !== null ? n(tx) : store.read(n))).toThrow(/no tree/);
        else expect(tx !== null ? n(tx) : store.read(n)).toBe(kv.size);
        break;
      }
      case 'putMany':
      case 'delMany': {
        const name = TREES[op.t];
        const t = writer();
        const kv = txModel.get(name);
        if (!kv) break;
        for (let i = op.from; i < op.from + op.n; i++) {
          const key = encodeKey([op.a, i]);
          if (op.k === 'putMany') {
            const value = valueOf([op.a, i], op.size, ++salt);
            t.put(name, key, value);
            kv.set(hex(key), value);
          } else expect(t.delete(name, key)).toBe(kv.delete(hex(key)));
        }
        break;
      }
      case 'create': {
        const name = TREES[op.t];
        const t = writer();
        if (txModel.has(name)) expect(() => t.createTree(name, KINDS[op.t])).toThrow(/already exists/);
        else {
          t.createTree(name, KINDS[op.t]);
          txModel.set(name, new Map());
        }
        break;
      }
      case 'drop': {
        const name = TREES[op.t];
        const t = writer();
        if (!txModel.has(name)) expect(() => t.dropTree(name)).toThrow(/no tree/);
        else {
          t.dropTree(name);
          txModel.delete(name);
        }
        break;
      }
      case 'commit':
        if (tx !== null) {
          (tx as Transaction).commit();
          model = txModel;
          tx = null;
        }
        break;
      case 'rollback':
        if (tx !== null) {
          (tx as Transaction).rollback();
          tx = null;
        }
        break;
      case 'checkpoint':
        store.checkpoint();
        break;
      case 'reopen':
        if (tx !== null) {
          (tx as Transaction).rollback();
          tx = null;
        }
        store = reopen(store);
        store.read((v) => expectSame(v, model));
        break;
    }
  }
  if (tx !== null) {
    (tx as Transaction).commit();
    model = txModel;
  }
  store.read((v) => expectSame(v, model));
  return { store, model };
}
