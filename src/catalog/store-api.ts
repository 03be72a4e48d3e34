// The slice of the storage layer's Transaction/ReadView API (storage/README.md) that the catalog
// uses, as structural types, so catalog code and its tests depend on the contract only. It must
// never grow beyond what storage/ exports; storage's own Transaction satisfies these types.

import type { RangeOptions } from '../storage/store.ts';

export type { RangeOptions };

/** A consistent read view. */
export interface View {
  get(tree: string, key: Uint8Array): unknown | undefined;
  range(tree: string, opts?: RangeOptions): Iterable<[Uint8Array, unknown]>;
  count(tree: string): number;
}

/** A write transaction (read-your-own-writes). The caller commits or rolls back. */
export interface Tx extends View {
  createTree(name: string, kind: 'btree' | 'hash'): void;
  dropTree(name: string): void;
  put(tree: string, key: Uint8Array, value: unknown): void;
  delete(tree: string, key: Uint8Array): boolean;
  /** Loads an empty tree from strictly ascending keys (packed pages; the transaction spills). */
  bulkLoad(tree: string, entries: Iterable<readonly [Uint8Array, unknown]>): number;
}
