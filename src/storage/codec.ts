// Value and log-record encoding with msgpackr: JS values <-> MessagePack bytes, and a write set
// (Layer) <-> one WAL record payload. Owns the byte format of values; never touches files.
import { Packr } from 'msgpackr';
import { StorageError } from './errors.ts';
import { Layer, type TreeKind } from './memtable.ts';

/** bigints round-trip exactly (any size); 64-bit integers decode as bigint. */
const packr = new Packr({ useRecords: false, useBigIntExtension: true, int64AsType: 'bigint' });

export function encodeValue(value: unknown): Uint8Array {
  try {
    return packr.pack(value);
  } catch (cause) {
    throw new StorageError('BAD_VALUE', `the value cannot be stored: ${(cause as Error).message}`, { cause });
  }
}

export function decodeValue(bytes: Uint8Array): unknown {
  if (bytes.length === 1 && bytes[0] === 0xc0) return null; // msgpack nil: index entries, no decoder call
  try {
    return packr.unpack(bytes);
  } catch (cause) {
    throw new StorageError('CORRUPT', `a stored value does not decode: ${(cause as Error).message}`, { cause });
  }
}

/** Reused bounds for `decodeValueIn` (msgpackr reads them before decoding anything). */
const within = { start: 0, end: 0 };

/**
 * Decodes the value in `bytes[start, end)` without a subarray: msgpackr caches its DataView on the
 * buffer it reads, so decoding straight from a (cached) page reuses one view for all its entries.
 */
export function decodeValueIn(bytes: Uint8Array, start: number, end: number): unknown {
  if (end - start === 1 && bytes[start] === 0xc0) return null;
  within.start = start;
  within.end = end;
  try {
    return packr.unpack(bytes, within);
  } catch (cause) {
    throw new StorageError('CORRUPT', `a stored value does not decode: ${(cause as Error).message}`, { cause });
  }
}

type TreeRecord = [name: string, reset: 0 | 1, kind: TreeKind | null, count: number, keys: Uint8Array[], values: (Uint8Array | null)[]];

/** One WAL payload for a transaction's write set. */
export function encodeLayer(layer: Layer): Uint8Array {
  const trees: TreeRecord[] = [];
  for (const [name, change] of layer.trees) {
    const keys: Uint8Array[] = [];
    const values: (Uint8Array | null)[] = [];
    change.entries.forEach((k, v) => {
      keys.push(k);
      values.push(v);
    });
    trees.push([name, change.reset ? 1 : 0, change.kind, change.count, keys, values]);
  }
  return packr.pack(trees);
}

/**
 * Applies one WAL payload to `layer` (the memtable during recovery), as committing its write set
 * on top would: a reset tree drops what `layer` held of it, then every entry is written and the
 * count delta added. No intermediate layer is built.
 */
export function applyLayerRecord(payload: Uint8Array, lsn: number, layer: Layer): void {
  let trees: TreeRecord[];
  try {
    trees = packr.unpack(payload) as TreeRecord[];
    if (!Array.isArray(trees)) throw new Error('not a list of trees');
  } catch (cause) {
    throw new StorageError('CORRUPT', `WAL record ${lsn} has a valid checksum but does not decode: ${(cause as Error).message}`, { cause });
  }
  for (const [name, reset, kind, count, keys, values] of trees) {
    if (reset) layer.reset(name, kind);
    for (let i = 0; i < keys.length; i++) layer.write(name, keys[i], values[i], 0);
    layer.change(name).count += count;
  }
}
