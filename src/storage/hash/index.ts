// The hash index's public entry: an extendible-hashing equality index of byte keys on pager
// pages, updated copy-on-write in batches. Owns only re-exports; never holds state.
export { HashPageKind, hashKey, MAX_KEY_BYTES as MAX_HASH_KEY_BYTES } from './pages.ts';
export { hashCount, hashEntries, hashGet, hashPages } from './read.ts';
export { applyHashBatch, freeHash, type PageAllocator } from './update.ts';
export { checkHash, type HashCheck } from './check.ts';
