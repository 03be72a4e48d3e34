// The hash index's structural checker: every page reachable exactly once and of the right kind,
// directory slots consistent with local depths, every entry in the bucket its hash names, no
// duplicate keys, the stored count exact. Owns only verification; never repairs or writes.
import { StorageError } from '../errors.ts';
import type { Pager } from '../pager.ts';
import { B_DEPTH, entryValue, hashKey, HashPageKind, overflowChain, readKind } from './pages.ts';
import { loadDirectory, readChain, readDirectory } from './read.ts';

export interface HashCheck {
  entries: number;
  /** Every page the index owns (meta, directory, buckets with their chains, value chains). */
  pages: number[];
  buckets: number;
  /** Buckets stored as a chain of more than one page (keys no split can separate). */
  chains: number;
  depth: number;
}

/** Checks the index at `root` (0: empty); throws StorageError('CORRUPT') naming the first fault. */
export function checkHash(pager: Pager, root: number): HashCheck {
  const result: HashCheck = { entries: 0, pages: [], buckets: 0, chains: 0, depth: 0 };
  if (root === 0) return result;
  const owned = new Set<number>();
  const own = (pageNo: number, what: string): void => {
    if (owned.has(pageNo)) throw corrupt(`page ${pageNo} (${what}) is reachable twice`);
    owned.add(pageNo);
    result.pages.push(pageNo);
  };
  const dir = readDirectory(pager, root);
  const cached = loadDirectory(pager, root);
  if (cached.depth !== dir.depth || cached.count !== dir.count || cached.slots.some((p, i) => p !== dir.slots[i])) {
    throw corrupt(`the cached directory of meta page ${root} differs from its pages`);
  }
  own(root, 'meta');
  for (const p of dir.dirPages) own(p, 'directory');
  result.depth = dir.depth;
  const size = dir.slots.length;
  const patterns = new Map<number, number>();
  for (let slot = 0; slot < size; slot++) {
    const first = dir.slots[slot];
    const depth = readKind(pager, first, HashPageKind.bucket)[B_DEPTH];
    if (depth > dir.depth) throw corrupt(`bucket ${first} has local depth ${depth} over the global ${dir.depth}`);
    const pattern = slot & (2 ** depth - 1);
    if (dir.slots[pattern] !== first) throw corrupt(`slot ${slot} points at bucket ${first}, slot ${pattern} of the same bucket does not`);
    const known = patterns.get(first);
    if (known !== undefined) {
      if (known !== pattern) throw corrupt(`bucket ${first} is pointed at from slots of different patterns`);
      continue;
    }
    patterns.set(first, pattern);
    result.buckets++;
    const { pages, entries } = readChain(pager, first);
    if (pages.length > 1) result.chains++;
    for (const p of pages) {
      own(p, 'bucket');
      if (pager.read(p)[B_DEPTH] !== depth) throw corrupt(`bucket chain page ${p} disagrees on the local depth`);
    }
    const keys = new Set<string>();
    for (const e of entries) {
      if (hashKey(e.key) !== e.hash) throw corrupt(`bucket ${first} stores a wrong hash for a key`);
      if ((e.hash & (2 ** depth - 1)) !== pattern) throw corrupt(`bucket ${first} holds a key that belongs to another bucket`);
      const id = String.fromCharCode(...e.key);
      if (keys.has(id)) throw corrupt(`bucket ${first} holds a key twice`);
      keys.add(id);
      if (e.inline === null) {
        for (const p of overflowChain(pager, e.overflow)) own(p, 'value overflow');
        entryValue(pager, e);
      }
      result.entries++;
    }
  }
  if (result.entries !== dir.count) throw corrupt(`the meta page counts ${dir.count} entries, the buckets hold ${result.entries}`);
  return result;
}

function corrupt(detail: string): StorageError {
  return new StorageError('CORRUPT', `hash index: ${detail}`);
}
