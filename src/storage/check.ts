// The structural checker: proves a store's file is well formed — every page is a header page,
// a page of exactly one tree, a freelist page, or free; keys ordered; counts and page tallies right.
// Owns only verification; never repairs or writes anything.
import { checkTree, walkTree } from './btree.ts';
import { StorageError } from './errors.ts';
import type { Store } from './store.ts';
import { infoCheck } from './trees.ts';

export interface CheckReport {
  pages: number;
  treePages: number;
  freePages: number;
  freelistPages: number;
  trees: number;
  entries: number;
}

/** Verifies the checkpointed state of `store`; throws StorageError('CORRUPT', …) naming the first fault. */
export function checkStore(store: Store): CheckReport {
  const pager = store.pager;
  const { directory, directoryTree, openTransaction } = store.structure();
  if (openTransaction || pager.freshPages().length > 0 || pager.pendingPages().length > 0) {
    throw new Error('checkStore needs a quiescent store (no open transaction, no uncommitted pages)');
  }
  const total = pager.totalPages;
  const owner: (string | undefined)[] = new Array(total);
  const claim = (pageNo: number, who: string): void => {
    if (pageNo < 2 || pageNo >= total) throw new StorageError('CORRUPT', `${who} uses page ${pageNo}, outside the data pages [2, ${total})`);
    if (owner[pageNo] !== undefined) throw new StorageError('CORRUPT', `page ${pageNo} is used by both ${owner[pageNo]} and ${who}`);
    owner[pageNo] = who;
  };
  owner[0] = owner[1] = 'header';
  let treePages = 0;
  let entries = 0;
  const dir = checkTree(pager, directoryTree);
  walkTree(pager, directoryTree, (p) => claim(p, 'the root directory'));
  treePages += dir.pages;
  if (dir.entries !== directory.size) throw new StorageError('CORRUPT', `the root directory holds ${dir.entries} entries, ${directory.size} expected`);
  for (const [name, info] of directory) {
    const shape = infoCheck(pager, info);
    for (const p of shape.pages) claim(p, `${info.kind} "${name}"`);
    treePages += shape.pages.length;
    if (shape.entries !== info.count) throw new StorageError('CORRUPT', `${info.kind} "${name}" holds ${shape.entries} entries, its directory entry says ${info.count}`);
    if (shape.pages.length !== info.pages) throw new StorageError('CORRUPT', `${info.kind} "${name}" uses ${shape.pages.length} pages, its directory entry says ${info.pages}`);
    entries += shape.entries;
  }
  const freelist = pager.freelistPageNumbers();
  for (const p of freelist) claim(p, 'the freelist');
  const free = pager.freePages();
  for (const p of free) claim(p, 'free space');
  for (let p = 0; p < total; p++) if (owner[p] === undefined) throw new StorageError('CORRUPT', `page ${p} is leaked: no tree, the freelist or free space owns it`);
  return { pages: total, treePages, freePages: free.length, freelistPages: freelist.length, trees: directory.size, entries };
}
