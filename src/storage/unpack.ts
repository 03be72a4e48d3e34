// A MessagePack reader for the values the store's msgpackr encoder writes (codec.ts): nil, booleans,
// numbers, 64-bit integers as bigint, strings, binary, arrays and maps of string keys, straight from
// a page. Owns nothing of the format (msgpackr's bytes are read as they are); never writes, and never
// guesses: anything else (extensions, non-string keys, invalid UTF-8, a bad length) is declined.

/** Thrown (as this very object) when the bytes need msgpackr: the caller decodes them again there. */
const DECLINED: { readonly declined: true } = { declined: true };

let src: Uint8Array = new Uint8Array(0);
let at = 0;
let end = 0;

/** Big-endian floats and 64-bit integers through one scratch view (no DataView per page). */
const scratch = new DataView(new ArrayBuffer(8));
const scratchBytes = new Uint8Array(scratch.buffer);

/**
 * Decodes the one value in `bytes[start, stop)` as msgpackr (useRecords: false, int64AsType
 * 'bigint', mapsAsObjects) would; binary values are views of `bytes`. Throws DECLINED for bytes it
 * does not take (the value must then be decoded by msgpackr, which also reports damage).
 */
export function unpackValue(bytes: Uint8Array, start: number, stop: number): unknown {
  src = bytes;
  at = start;
  end = stop;
  const value = read();
  if (at !== stop) throw DECLINED;
  return value;
}

function read(): unknown {
  if (at >= end) throw DECLINED;
  const b = src[at++];
  if (b < 0x80) return b;
  if (b < 0x90) return readMap(b & 0x0f);
  if (b < 0xa0) return readArray(b & 0x0f);
  if (b < 0xc0) return readString(b & 0x1f);
  if (b >= 0xe0) return b - 0x100;
  switch (b) {
    case 0xc0: return null;
    case 0xc2: return false;
    case 0xc3: return true;
    case 0xc4: return readBin(uint(1));
    case 0xc5: return readBin(uint(2));
    case 0xc6: return readBin(uint(4));
    case 0xca: return take(4).getFloat32(0);
    case 0xcb: return take(8).getFloat64(0);
    case 0xcc: return uint(1);
    case 0xcd: return uint(2);
    case 0xce: return uint(4);
    case 0xcf: return take(8).getBigUint64(0);
    case 0xd0: return take(1).getInt8(0);
    case 0xd1: return take(2).getInt16(0);
    case 0xd2: return take(4).getInt32(0);
    case 0xd3: return take(8).getBigInt64(0);
    case 0xd9: return readString(uint(1));
    case 0xda: return readString(uint(2));
    case 0xdb: return readString(uint(4));
    case 0xdc: return readArray(uint(2));
    case 0xdd: return readArray(uint(4));
    case 0xde: return readMap(uint(2));
    case 0xdf: return readMap(uint(4));
  }
  throw DECLINED; // extensions (undefined, bigints past 64 bits, dates, ...) and 0xc1
}

/** A big-endian unsigned integer of `n` (1, 2 or 4) bytes. */
function uint(n: number): number {
  if (at + n > end) throw DECLINED;
  const p = at;
  at += n;
  if (n === 1) return src[p];
  if (n === 2) return (src[p] << 8) | src[p + 1];
  return ((src[p] << 24) >>> 0) + ((src[p + 1] << 16) | (src[p + 2] << 8) | src[p + 3]);
}

/** The next `n` bytes copied into the scratch view. */
function take(n: number): DataView {
  if (at + n > end) throw DECLINED;
  for (let i = 0; i < n; i++) scratchBytes[i] = src[at + i];
  at += n;
  return scratch;
}

function readBin(n: number): Uint8Array {
  if (at + n > end) throw DECLINED;
  return src.subarray(at, (at += n));
}

function readArray(n: number): unknown[] {
  if (n > end - at) throw DECLINED; // every element takes a byte at least
  const out = new Array<unknown>(n);
  for (let i = 0; i < n; i++) out[i] = read();
  return out;
}

function readMap(n: number): Record<string, unknown> {
  if (2 * n > end - at) throw DECLINED;
  const out: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) {
    const b = at < end ? src[at] : 0;
    let key: string;
    if (b >= 0xa0 && b < 0xc0) {
      at++;
      key = readKey(b & 0x1f);
    } else if (b === 0xd9) {
      at++;
      key = readString(uint(1));
    } else throw DECLINED; // a key that is not a string: msgpackr's own conversion applies
    if (key === '__proto__') throw DECLINED;
    out[key] = read();
  }
  return out;
}

// ---- strings --------------------------------------------------------------------------------

const fromCharCode = String.fromCharCode;
/** Reused argument lists for `fromCharCode.apply`, one per length below LONG. */
const LONG = 64;
const codes: number[][] = Array.from({ length: LONG }, (_, n) => new Array<number>(n).fill(0));
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }); // a leading U+FEFF is text: kept

function readString(n: number): string {
  const p = at;
  const stop = p + n;
  if (stop > end) throw DECLINED;
  if (n >= LONG) return readUtf8(p, stop);
  let high = 0;
  for (let i = p; i < stop; i++) high |= src[i];
  if (high >= 0x80) return readUtf8(p, stop);
  at = stop;
  return asciiText(src, p, n);
}

/**
 * The text of `n` (< 64) bytes at `bytes[p]`, all below 0x80 (the caller checked): one
 * `fromCharCode` call (no concatenation, no TextDecoder call, whose fixed cost dominates short text).
 */
export function asciiText(bytes: Uint8Array, p: number, n: number): string {
  if (n < 13) return shortAscii(bytes, p, n);
  const list = codes[n];
  for (let i = 0; i < n; i++) list[i] = bytes[p + i];
  return fromCharCode.apply(null, list);
}

/** ASCII text of fewer than 13 bytes: the codes as arguments. */
function shortAscii(b: Uint8Array, p: number, n: number): string {
  switch (n) {
    case 0: return '';
    case 1: return fromCharCode(b[p]);
    case 2: return fromCharCode(b[p], b[p + 1]);
    case 3: return fromCharCode(b[p], b[p + 1], b[p + 2]);
    case 4: return fromCharCode(b[p], b[p + 1], b[p + 2], b[p + 3]);
    case 5: return fromCharCode(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4]);
    case 6: return fromCharCode(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5]);
    case 7: return fromCharCode(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6]);
    case 8: return fromCharCode(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7]);
    case 9: return fromCharCode(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8]);
    case 10: return fromCharCode(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9]);
    case 11: return fromCharCode(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9], b[p + 10]);
    default: return fromCharCode(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9], b[p + 10], b[p + 11]);
  }
}

/** Well-formed UTF-8 only: msgpackr decodes other bytes its own way. */
function readUtf8(p: number, stop: number): string {
  let s: string;
  try {
    s = utf8.decode(src.subarray(p, stop));
  } catch {
    throw DECLINED;
  }
  at = stop;
  return s;
}

// Map keys repeat from value to value: short ones are kept by their bytes (a direct-mapped cache).
const KEY_SLOTS = 1024;
const keyBytes: (Uint8Array | undefined)[] = new Array<Uint8Array | undefined>(KEY_SLOTS);
const keyStrings: string[] = new Array<string>(KEY_SLOTS).fill('');

function readKey(n: number): string {
  const p = at;
  if (p + n > end) throw DECLINED;
  let h = n;
  for (let i = 0; i < n; i++) h = (h * 31 + src[p + i]) | 0;
  const slot = h & (KEY_SLOTS - 1);
  const known = keyBytes[slot];
  if (known !== undefined && known.length === n) {
    let i = 0;
    while (i < n && known[i] === src[p + i]) i++;
    if (i === n) {
      at = p + n;
      return keyStrings[slot];
    }
  }
  const key = readString(n);
  keyBytes[slot] = src.slice(p, p + n);
  keyStrings[slot] = key;
  return key;
}
