// The public entry of the storage layer: what catalog/, query/ and db/ may import.
// Re-exports only; never add behaviour here.
export { MemoryFile } from './file/memory.ts';
export type { PageFile } from './file/page-file.ts';
export { FileError } from './file/page-file.ts';
export { encodeKey, decodeKey, compareBytes, prefixEnd, KeyEncoder, type KeyPart } from './keys.ts';
export { StorageError, type StorageErrorCode } from './errors.ts';
export { Store, type StoreOptions, type Transaction, type ReadView, type TreeReader, type RangeOptions, type StorageStats, type TreeStats, type TreeKind } from './store.ts';
