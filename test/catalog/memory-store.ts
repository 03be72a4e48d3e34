// A tiny in-memory model of the storage Transaction contract (storage/README.md) for catalog
// tests: sorted byte keys, read-your-own-writes, commit/rollback by copying. Not a database.
import { compareBytes } from '../../src/storage/keys.ts';
import type { RangeOptions, Tx } from '../../src/catalog/store-api.ts';

type Tree = { kind: 'btree' | 'hash'; map: Map<string, [Uint8Array, unknown]> };
const hex = (k: Uint8Array) => Buffer.from(k).toString('hex');

function copy(trees: Map<string, Tree>): Map<string, Tree> {
  const out = new Map<string, Tree>();
  for (const [n, t] of trees) out.set(n, { kind: t.kind, map: new Map(t.map) });
  return out;
}

export class MemoryStore {
  trees = new Map<string, Tree>();
  commits = 0;
  begin(): MemoryTx {
    return new MemoryTx(this);
  }
  read<T>(fn: (tx: MemoryTx) => T): T {
    return fn(new MemoryTx(this));
  }
  /** Every (tree, key, value) in a canonical order, to compare whole states. */
  dump(): [string, string, unknown][] {
    const out: [string, string, unknown][] = [];
    for (const name of [...this.trees.keys()].sort())
      for (const [h, [, v]] of [...this.trees.get(name)!.map].sort((a, b) => (a[0] < b[0] ? -1 : 1))) out.push([name, h, v]);
    return out;
  }
}

export class MemoryTx implements Tx {
  private trees: Map<string, Tree>;
  constructor(private store: MemoryStore) {
    this.trees = copy(store.trees);
  }
  private tree(name: string): Tree {
    const t = this.trees.get(name);
    if (!t) throw Object.assign(new Error(`no tree ${name}`), { code: 'NO_SUCH_TREE' });
    return t;
  }
  createTree(name: string, kind: 'btree' | 'hash'): void {
    if (this.trees.has(name)) throw Object.assign(new Error(`tree ${name} exists`), { code: 'TREE_EXISTS' });
    this.trees.set(name, { kind, map: new Map() });
  }
  dropTree(name: string): void {
    this.tree(name);
    this.trees.delete(name);
  }
  hasTree(name: string): boolean {
    return this.trees.has(name);
  }
  get(tree: string, key: Uint8Array): unknown {
    return this.tree(tree).map.get(hex(key))?.[1];
  }
  put(tree: string, key: Uint8Array, value: unknown): void {
    this.tree(tree).map.set(hex(key), [key.slice(), structuredClone(value)]);
  }
  delete(tree: string, key: Uint8Array): boolean {
    return this.tree(tree).map.delete(hex(key));
  }
  count(tree: string): number {
    return this.tree(tree).map.size;
  }
  *range(tree: string, o: RangeOptions = {}): Iterable<[Uint8Array, unknown]> {
    const t = this.tree(tree);
    if (t.kind !== 'btree') throw new Error(`range on hash tree ${tree}`);
    let items = [...t.map.values()].sort((a, b) => compareBytes(a[0], b[0]));
    items = items.filter(([k]) => {
      if (o.prefix && !(k.length >= o.prefix.length && o.prefix.every((b, i) => k[i] === b))) return false;
      if (o.gt && compareBytes(k, o.gt) <= 0) return false;
      if (o.gte && compareBytes(k, o.gte) < 0) return false;
      if (o.lt && compareBytes(k, o.lt) >= 0) return false;
      if (o.lte && compareBytes(k, o.lte) > 0) return false;
      return true;
    });
    if (o.reverse) items.reverse();
    if (o.limit !== undefined) items = items.slice(0, o.limit);
    for (const [k, v] of items) yield [k, v];
  }
  commit(): void {
    this.store.trees = this.trees;
    this.store.commits++;
  }
  rollback(): void {
    this.trees = copy(this.store.trees);
  }
}
