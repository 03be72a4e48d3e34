// Value and log-record encoding: JS values <-> MessagePack bytes (msgpackr), and a write set
// (Layer) <-> one WAL record payload (a plain binary layout). Owns the byte format of values and
// payloads; never touches files.
import { Packr } from 'msgpackr';
import { StorageError } from './errors.ts';
import type { Layer, TreeKind } from './memtable.ts';
import { unpackValue } from './unpack.ts';

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
  return decodeValueIn(bytes, 0, bytes.length);
}

/** Reused bounds for msgpackr (it reads them before decoding anything). */
const within = { start: 0, end: 0 };

/**
 * Decodes the value in `bytes[start, end)` without a subarray, straight from a (cached) page: by
 * unpack.ts for what the encoder writes for nil, booleans, numbers, strings, binary, arrays and
 * plain objects, else (extensions, damage) by msgpackr itself.
 */
export function decodeValueIn(bytes: Uint8Array, start: number, end: number): unknown {
  if (end - start === 1 && bytes[start] === 0xc0) return null; // msgpack nil: index entries
  try {
    return unpackValue(bytes, start, end);
  } catch {
    // declined (or anything unforeseen): msgpackr decodes it, or reports the damage
  }
  within.start = start;
  within.end = end;
  try {
    return packr.unpack(bytes, within);
  } catch (cause) {
    throw new StorageError('CORRUPT', `a stored value does not decode: ${(cause as Error).message}`, { cause });
  }
}

// ---- WAL payload: a transaction's write set ----------------------------------------------------
//
// Per changed tree: nameLen u16 · name (UTF-8) · flags u8 (bit 0 reset; bits 1-2 kind after a
// reset: 0 none/dropped, 1 btree, 2 hash) · countDelta f64 · entries u32 · then per entry, in key
// order: keyLen u16 · valueLen u32 (0xFFFFFFFF: a delete) · key · value. Little-endian. A plain
// byte walk: no generic decoder and no intermediate arrays on replay (a reopen runs it cold).

const TOMBSTONE_LEN = 0xffffffff;
const KIND_CODES: Record<TreeKind, number> = { btree: 1, hash: 2 };
const KINDS: (TreeKind | null)[] = [null, 'btree', 'hash'];
const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder('utf-8', { fatal: true });

/** One WAL payload for a transaction's write set. */
export function encodeLayer(layer: Layer): Uint8Array {
  const names: Uint8Array[] = [];
  let size = 0;
  for (const [name, change] of layer.trees) {
    const bytes = utf8.encode(name);
    if (bytes.length > 0xffff) throw new StorageError('BAD_VALUE', `a tree name of ${bytes.length} bytes exceeds the 65,535-byte limit`);
    names.push(bytes);
    size += 2 + bytes.length + 1 + 8 + 4 + 6 * change.entries.size;
    change.entries.forEach((k, v) => {
      size += k.length + (v === null ? 0 : v.length);
    });
  }
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  let at = 0;
  let t = 0;
  for (const change of layer.trees.values()) {
    const name = names[t++];
    view.setUint16(at, name.length, true);
    out.set(name, at + 2);
    at += 2 + name.length;
    out[at] = (change.reset ? 1 : 0) | ((change.kind === null ? 0 : KIND_CODES[change.kind]) << 1);
    view.setFloat64(at + 1, change.count, true);
    view.setUint32(at + 9, change.entries.size, true);
    at += 13;
    change.entries.forEach((k, v) => {
      view.setUint16(at, k.length, true);
      view.setUint32(at + 2, v === null ? TOMBSTONE_LEN : v.length, true);
      out.set(k, at + 6);
      at += 6 + k.length;
      if (v !== null) {
        out.set(v, at);
        at += v.length;
      }
    });
  }
  return out;
}

/**
 * Applies one WAL payload to `layer` (the memtable during recovery), as committing its write set
 * on top would: a reset tree drops what `layer` held of it, then every entry is written and the
 * count delta added. Keys and values are views of `payload`; no intermediate layer is built.
 */
export function applyLayerRecord(payload: Uint8Array, lsn: number, layer: Layer): void {
  const view = new DataView(payload.buffer, payload.byteOffset, payload.length);
  const end = payload.length;
  const corrupt = (what: string): StorageError => new StorageError('CORRUPT', `WAL record ${lsn} has a valid checksum but does not decode: ${what}`);
  let at = 0;
  while (at < end) {
    if (at + 2 > end) throw corrupt('a tree name is cut off');
    const nameEnd = at + 2 + view.getUint16(at, true);
    if (nameEnd + 13 > end) throw corrupt('a tree header is cut off');
    let name: string;
    try {
      name = fromUtf8.decode(payload.subarray(at + 2, nameEnd));
    } catch {
      throw corrupt('a tree name is not UTF-8');
    }
    const flags = payload[nameEnd];
    const kind = KINDS[flags >>> 1];
    if (kind === undefined || flags > 5) throw corrupt(`unknown tree flags ${flags}`);
    const count = view.getFloat64(nameEnd + 1, true);
    const entries = view.getUint32(nameEnd + 9, true);
    at = nameEnd + 13;
    if (flags & 1) layer.reset(name, kind);
    const change = layer.change(name);
    for (let i = 0; i < entries; i++) {
      if (at + 6 > end) throw corrupt('an entry header is cut off');
      const keyEnd = at + 6 + view.getUint16(at, true);
      const valueLength = view.getUint32(at + 2, true);
      const stop = valueLength === TOMBSTONE_LEN ? keyEnd : keyEnd + valueLength;
      if (stop > end) throw corrupt('an entry is cut off');
      layer.write(name, payload.subarray(at + 6, keyEnd), valueLength === TOMBSTONE_LEN ? null : payload.subarray(keyEnd, stop), 0);
      at = stop;
    }
    change.count += count;
  }
}
