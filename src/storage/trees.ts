// One tree of the root directory, whatever its kind: dispatches get / batch apply / free / rebuild /
// check to the B+tree (btree.ts) or the hash index (hash/). Owns the directory entry shape
// (TreeInfo); never decides when trees are written (the Store does).
import { applyBatch, checkTree, freeTree, PageAccount, TreeBuilder, TreeCursor, treeGet, treeRead, walkTree, type Batch, type ValueReader } from './btree.ts';
import { applyHashBatch, checkHash, freeHash, hashCount, hashEntries, hashGet } from './hash/index.ts';
import type { TreeKind } from './memtable.ts';
import type { Pager } from './pager.ts';

/** A tree's entry in the root directory. */
export interface TreeInfo {
  kind: TreeKind;
  /** Root page (B+tree) or meta page (hash index); 0 when empty. */
  root: number;
  /** B+tree height (0 empty, 1 one leaf); a hash index reports 1 when non-empty. */
  height: number;
  count: number;
  /** Pages the tree owns (nodes, directory/bucket pages, overflow chains). */
  pages: number;
}

export function infoGet(pager: Pager, info: TreeInfo, key: Uint8Array): Uint8Array | undefined {
  if (info.root === 0) return undefined;
  return info.kind === 'hash' ? hashGet(pager, info.root, key) : treeGet(pager, info, key);
}

/** The value under `key` through `read` (a B+tree reads an inline value in place), or undefined. */
export function infoRead<T>(pager: Pager, info: TreeInfo, key: Uint8Array, read: ValueReader<T>): T | undefined {
  if (info.root === 0) return undefined;
  if (info.kind === 'btree') return treeRead(pager, info, key, read);
  const bytes = hashGet(pager, info.root, key);
  return bytes === undefined ? undefined : read(bytes, 0, bytes.length);
}

/**
 * Applies a sorted batch copy-on-write; returns the new entry. Its count is what the batch really
 * changed (a put of an existing key or a delete of a missing one counts nothing).
 */
export function infoApply(acct: PageAccount, info: TreeInfo, batch: Batch): TreeInfo {
  const before = acct.delta;
  const entriesBefore = acct.entries;
  if (info.kind === 'hash') {
    const root = applyHashBatch(acct, info.root, batch);
    return { kind: info.kind, root, height: root === 0 ? 0 : 1, count: hashCount(acct.pager, root), pages: info.pages + acct.delta - before };
  }
  const tree = applyBatch(acct, info, batch);
  return { kind: info.kind, root: tree.root, height: tree.height, count: info.count + acct.entries - entriesBefore, pages: info.pages + acct.delta - before };
}

export function infoFree(acct: PageAccount, info: TreeInfo): void {
  if (info.root === 0) return;
  if (info.kind === 'hash') freeHash(acct, info.root);
  else freeTree(acct, info);
}

/** Rewrites the tree into newly allocated pages (lowest free first) and frees the old ones. */
export function infoRebuild(pager: Pager, info: TreeInfo): TreeInfo {
  const acct = new PageAccount(pager);
  let next: TreeInfo;
  if (info.kind === 'hash') {
    const batch: Batch = { keys: [], values: [] };
    if (info.root !== 0) {
      for (const [k, v] of hashEntries(pager, info.root)) {
        batch.keys.push(k.slice());
        batch.values.push(v.slice());
      }
    }
    next = infoApply(acct, { ...info, root: 0, height: 0, count: 0, pages: 0 }, batch);
  } else {
    const builder = new TreeBuilder(acct);
    const cursor = new TreeCursor(pager, info, true);
    for (cursor.seek(undefined, false); cursor.valid; cursor.advance()) builder.add(cursor.key(), cursor.value());
    const root = builder.finish();
    next = { kind: info.kind, root: root.root, height: root.height, count: info.count, pages: acct.delta };
  }
  const freed = new PageAccount(pager);
  infoFree(freed, info);
  return next;
}

/** Verifies the tree's structure; returns its entry count and every page it owns. */
export function infoCheck(pager: Pager, info: TreeInfo): { entries: number; pages: number[] } {
  if (info.kind === 'hash') return checkHash(pager, info.root);
  const shape = checkTree(pager, info);
  const pages: number[] = [];
  walkTree(pager, info, (p) => pages.push(p));
  return { entries: shape.entries, pages };
}
