// Order-preserving binary keys: typed tuples encoded so that comparing the bytes compares the
// tuples. Owns the key format, `compareBytes` and `prefixEnd`; never stores, caches or
// interprets what a key means (that is the catalog's and planner's job).
//
// Format (each part: a tag byte, then a body; parts are concatenated, no tuple terminator):
//   null 0x05 · false 0x06 · true 0x07
//   numbers and bigints share one numeric order:
//     0x10 -Infinity
//     a finite x is split at t = trunc(x) (toward zero) into t and f = |x - t| in [0, 1) (exact):
//     0x11 t <= -1:  (255 - L), then the L magnitude bytes of |t| complemented (big-endian)
//     0x12 t = 0
//     0x13 t >= 1:   L, then the L magnitude bytes of t (big-endian, no leading zero byte)
//     0x14 +Infinity
//     0x15 NaN (ordered after +Infinity)
//     after 0x11/0x12/0x13 one kind byte:
//       0x00 a negative JS number with a fraction: the 8 IEEE-754 bytes of f, complemented
//       0x01 a JS number that is an integer · 0x02 a bigint
//       0x03 a positive JS number with a fraction: the 8 big-endian IEEE-754 bytes of f
//     so equal numeric values order number < bigint (-1.5 < -1 < -1n < -0.5 < 0 < 0n < 0.5),
//     and -0 encodes as 0 (it decodes as 0). A bigint may have at most 255 magnitude bytes.
//   string 0x20: UTF-8 (lone surrogates as WTF-8, so they round-trip and order by code unit
//     value among the code points), escaped, then a 0x00 terminator
//   bytes  0x30: the bytes, escaped, then a 0x00 terminator
//   escaping: 0x00 -> 0x01 0x01 and 0x01 -> 0x01 0x02, so 0x00 only ever ends a part
// Hence: null < false < true < numbers < strings < bytes; strings in code point order; a tuple
// prefix is a byte prefix of its extensions and sorts before them; every part has an
// unambiguous end, so encodeKey([a]) is a byte prefix of encodeKey([b, ...]) only when a = b.
// Errors: a value that is not a KeyPart is StorageError('BAD_VALUE'), a bigint over 2040 bits
// StorageError('KEY_TOO_LARGE'), bytes that are not a valid key StorageError('CORRUPT').
import { StorageError } from './errors.ts';
import { asciiText } from './unpack.ts';

/** One component of a key tuple. */
export type KeyPart = null | boolean | number | bigint | string | Uint8Array;

const TAG_NULL = 0x05;
const TAG_FALSE = 0x06;
const TAG_TRUE = 0x07;
const TAG_NEG_INF = 0x10;
const TAG_NEG = 0x11;
const TAG_ZERO = 0x12;
const TAG_POS = 0x13;
const TAG_POS_INF = 0x14;
const TAG_NAN = 0x15;
const TAG_STRING = 0x20;
const TAG_BYTES = 0x30;
const KIND_NEG_FRACTION = 0x00;
const KIND_INTEGER = 0x01;
const KIND_BIGINT = 0x02;
const KIND_POS_FRACTION = 0x03;

/** The largest integer magnitude handled with plain number arithmetic (2^48: 6 bytes). */
const FAST_LIMIT = 2 ** 48;
const MAX_MAGNITUDE_BYTES = 255;

const fracView = new DataView(new ArrayBuffer(8));

/**
 * A reusable key builder: append parts, read the bytes, reset. Its buffer grows as needed and
 * is reused between keys, so building keys on a hot path allocates nothing once warm.
 */
export class KeyEncoder {
  private buf: Uint8Array;
  private pos = 0;
  /** The view `view()` returned last (reused while the length and buffer stay the same). */
  private lastView: Uint8Array = new Uint8Array(0);

  constructor(initialCapacity = 64) {
    this.buf = new Uint8Array(Math.max(16, initialCapacity));
  }

  /** Forgets the parts added so far. */
  reset(): this {
    this.pos = 0;
    return this;
  }

  /** The number of bytes encoded so far. */
  get length(): number {
    return this.pos;
  }

  /** Appends every part of `parts`. */
  addAll(parts: readonly KeyPart[]): this {
    for (let i = 0; i < parts.length; i++) this.add(parts[i]);
    return this;
  }

  /** Appends one part. Throws StorageError('BAD_VALUE') for a value that is not a KeyPart. */
  add(part: KeyPart): this {
    if (part === null) this.byte(TAG_NULL);
    else if (part === false) this.byte(TAG_FALSE);
    else if (part === true) this.byte(TAG_TRUE);
    else if (typeof part === 'number') this.number(part);
    else if (typeof part === 'string') this.string(part);
    else if (typeof part === 'bigint') this.bigint(part);
    else if (part instanceof Uint8Array) this.bytes(part);
    else throw new StorageError('BAD_VALUE', `a key part must be null, a boolean, a number, a bigint, a string or a Uint8Array, not ${describe(part)}`);
    return this;
  }

  /**
   * A view of the encoded bytes; valid only until the next add or reset. The same view object as
   * the last call's when the length is the same (keys of one shape: no view made per key).
   */
  view(): Uint8Array {
    const last = this.lastView;
    if (last.length === this.pos && last.buffer === this.buf.buffer) return last;
    return (this.lastView = this.buf.subarray(0, this.pos));
  }

  /** A fresh copy of the encoded bytes. */
  toBytes(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }

  /** Copies the encoded bytes into `into` at `at`; returns the offset after them. */
  copyInto(into: Uint8Array, at = 0): number {
    if (at + this.pos > into.length) throw new RangeError(`the key needs ${this.pos} bytes at ${at} but the buffer holds ${into.length}`);
    into.set(this.buf.subarray(0, this.pos), at);
    return at + this.pos;
  }

  private ensure(extra: number): void {
    const need = this.pos + extra;
    if (need <= this.buf.length) return;
    const grown = new Uint8Array(Math.max(need, this.buf.length * 2));
    grown.set(this.buf.subarray(0, this.pos));
    this.buf = grown;
  }

  private byte(b: number): void {
    this.ensure(1);
    this.buf[this.pos++] = b;
  }

  private number(x: number): void {
    if (x >>> 0 === x && x !== 0) return this.uint32(x); // ids: the common case, in 32-bit arithmetic
    if (x !== x) return this.byte(TAG_NAN);
    if (x === Infinity) return this.byte(TAG_POS_INF);
    if (x === -Infinity) return this.byte(TAG_NEG_INF);
    const int = Math.trunc(x);
    // Exact: |x| < 1 gives f = |x|; otherwise f is a multiple of x's ulp (>= 2^-52) below 1.
    const frac = x < 0 ? int - x : x - int;
    if (int > -FAST_LIMIT && int < FAST_LIMIT) this.smallInteger(int);
    else this.largeInteger(BigInt(int));
    if (frac === 0) return this.byte(KIND_INTEGER);
    this.ensure(9);
    const negative = x < 0;
    this.buf[this.pos++] = negative ? KIND_NEG_FRACTION : KIND_POS_FRACTION;
    fracView.setFloat64(0, frac);
    for (let i = 0; i < 8; i++) {
      const b = fracView.getUint8(i);
      this.buf[this.pos++] = negative ? 255 - b : b;
    }
  }

  /** A number that is an integer in [1, 2^32): the bytes smallInteger + KIND_INTEGER write. */
  private uint32(x: number): void {
    const len = x < 0x100 ? 1 : x < 0x10000 ? 2 : x < 0x1000000 ? 3 : 4;
    this.ensure(3 + len);
    const buf = this.buf;
    let p = this.pos;
    buf[p++] = TAG_POS;
    buf[p++] = len;
    for (let shift = 8 * (len - 1); shift >= 0; shift -= 8) buf[p++] = (x >>> shift) & 0xff;
    buf[p++] = KIND_INTEGER;
    this.pos = p;
  }

  private bigint(x: bigint): void {
    const n = Number(x);
    if (n > -FAST_LIMIT && n < FAST_LIMIT) this.smallInteger(n);
    else this.largeInteger(x);
    this.byte(KIND_BIGINT);
  }

  /** An integer part with |n| < 2^48, without bigint arithmetic. */
  private smallInteger(n: number): void {
    if (n === 0) return this.byte(TAG_ZERO);
    const negative = n < 0;
    let m = negative ? -n : n;
    let len = 0;
    for (let t = m; t >= 1; t = Math.floor(t / 256)) len++;
    this.ensure(2 + len);
    const buf = this.buf;
    buf[this.pos] = negative ? TAG_NEG : TAG_POS;
    buf[this.pos + 1] = negative ? 255 - len : len;
    for (let i = len - 1; i >= 0; i--) {
      const b = m % 256;
      buf[this.pos + 2 + i] = negative ? 255 - b : b;
      m = (m - b) / 256;
    }
    this.pos += 2 + len;
  }

  private largeInteger(x: bigint): void {
    if (x === 0n) return this.byte(TAG_ZERO);
    const negative = x < 0n;
    const hex = (negative ? -x : x).toString(16);
    const len = (hex.length + 1) >> 1;
    if (len > MAX_MAGNITUDE_BYTES) throw new StorageError('KEY_TOO_LARGE', `a bigint key part may have at most ${MAX_MAGNITUDE_BYTES * 8} bits, this one has about ${hex.length * 4}`);
    this.ensure(2 + len);
    const buf = this.buf;
    buf[this.pos] = negative ? TAG_NEG : TAG_POS;
    buf[this.pos + 1] = negative ? 255 - len : len;
    const odd = hex.length & 1;
    for (let i = 0; i < len; i++) {
      const start = 2 * i - odd;
      const b = parseInt(hex.slice(Math.max(0, start), start + 2), 16);
      buf[this.pos + 2 + i] = negative ? 255 - b : b;
    }
    this.pos += 2 + len;
  }

  private string(s: string): void {
    // Worst case: 3 bytes per UTF-16 unit (0x00 and 0x01 take 2), plus tag and terminator.
    this.ensure(2 + 3 * s.length);
    const buf = this.buf;
    let p = this.pos;
    buf[p++] = TAG_STRING;
    for (let i = 0; i < s.length; i++) {
      let c = s.charCodeAt(i);
      if (c < 0x80) {
        if (c <= 1) {
          buf[p++] = 0x01;
          buf[p++] = c + 1;
        } else buf[p++] = c;
      } else if (c < 0x800) {
        buf[p++] = 0xc0 | (c >> 6);
        buf[p++] = 0x80 | (c & 0x3f);
      } else {
        if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) {
          const d = s.charCodeAt(i + 1);
          if (d >= 0xdc00 && d < 0xe000) {
            c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
            i++;
            buf[p++] = 0xf0 | (c >> 18);
            buf[p++] = 0x80 | ((c >> 12) & 0x3f);
            buf[p++] = 0x80 | ((c >> 6) & 0x3f);
            buf[p++] = 0x80 | (c & 0x3f);
            continue;
          }
        }
        // A BMP character, or a lone surrogate written as its own 3-byte sequence (WTF-8).
        buf[p++] = 0xe0 | (c >> 12);
        buf[p++] = 0x80 | ((c >> 6) & 0x3f);
        buf[p++] = 0x80 | (c & 0x3f);
      }
    }
    buf[p++] = 0x00;
    this.pos = p;
  }

  private bytes(b: Uint8Array): void {
    this.ensure(2 + 2 * b.length);
    const buf = this.buf;
    let p = this.pos;
    buf[p++] = TAG_BYTES;
    for (let i = 0; i < b.length; i++) {
      const v = b[i];
      if (v <= 1) {
        buf[p++] = 0x01;
        buf[p++] = v + 1;
      } else buf[p++] = v;
    }
    buf[p++] = 0x00;
    this.pos = p;
  }
}

const shared = new KeyEncoder(256);

/** Encodes a tuple as an order-preserving key (a fresh Uint8Array). */
export function encodeKey(parts: readonly KeyPart[]): Uint8Array {
  return shared.reset().addAll(parts).toBytes();
}

/**
 * Encodes a tuple into `into` at `at` without allocating; returns the offset after the key.
 * Throws a RangeError when the key does not fit.
 */
export function encodeKeyInto(parts: readonly KeyPart[], into: Uint8Array, at = 0): number {
  return shared.reset().addAll(parts).copyInto(into, at);
}

/** Decodes a key made by encodeKey. Throws StorageError('CORRUPT') on bytes that are not a valid key. */
export function decodeKey(bytes: Uint8Array): KeyPart[] {
  const parts: KeyPart[] = [];
  const reader = new KeyReader(bytes);
  while (!reader.done()) parts.push(reader.next());
  return parts;
}

/** The reader lastKeyPart reuses (made on first use: KeyReader is declared below). */
let tailReader: KeyReader | null = null;

/**
 * The last part of the encoded key `bytes[..end)`, reading only its parts from byte `at` on (a
 * part boundary, e.g. a prefix's length; `end` lets a key be read in place in a page); `into`:
 * also the part before the last into `into[0]` when it is at or past `at` (else undefined).
 * Allocates no array. Throws StorageError('CORRUPT') as decodeKey.
 */
export function lastKeyPart(bytes: Uint8Array, at: number, end = bytes.length, into: KeyPart[] | null = null): KeyPart {
  const reader = (tailReader ??= new KeyReader(bytes));
  reader.bytes = bytes;
  reader.pos = at;
  reader.end = end;
  if (reader.done()) throw corrupt('no key part past the prefix');
  let last = reader.next();
  let before: KeyPart | undefined = undefined;
  while (!reader.done()) {
    before = last;
    last = reader.next();
  }
  if (into) into[0] = before as KeyPart;
  return last;
}

/** Whether `bytes` encodes exactly two parts; if so they are put in `into[0]` and `into[1]`. Allocates no array. */
export function twoKeyParts(bytes: Uint8Array, into: KeyPart[]): boolean {
  const reader = (tailReader ??= new KeyReader(bytes));
  reader.bytes = bytes;
  reader.pos = 0;
  reader.end = bytes.length;
  if (reader.done()) return false;
  into[0] = reader.next();
  if (reader.done()) return false;
  into[1] = reader.next();
  return reader.done();
}

/** The number of parts in an encoded key, without decoding the values. */
export function keyPartCount(bytes: Uint8Array): number {
  const reader = new KeyReader(bytes);
  let n = 0;
  for (; !reader.done(); n++) reader.skip();
  return n;
}

/** Compares two byte strings lexicographically (a shorter prefix first): -1, 0 or 1. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = a.length < b.length ? a.length : b.length;
  for (let i = 0; i < n; i++) {
    const d = a[i] - b[i];
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/** True when `bytes` starts with `prefix`. */
export function hasPrefix(bytes: Uint8Array, prefix: Uint8Array): boolean {
  if (prefix.length > bytes.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false;
  return true;
}

/**
 * The smallest byte string greater than every byte string that starts with `prefix` (an
 * exclusive upper bound for a prefix scan), or undefined when there is none (the prefix is
 * empty or all 0xFF).
 */
export function prefixEnd(prefix: Uint8Array): Uint8Array | undefined {
  let end = prefix.length;
  while (end > 0 && prefix[end - 1] === 0xff) end--;
  if (end === 0) return undefined;
  const out = prefix.slice(0, end);
  out[end - 1]++;
  return out;
}

/** Reads the parts of an encoded key one at a time. */
class KeyReader {
  pos = 0;
  /** Where the key ends in `bytes` (its length, unless the key is read in place in a larger buffer). */
  end: number;
  constructor(public bytes: Uint8Array) {
    this.end = bytes.length;
  }

  done(): boolean {
    return this.pos >= this.end;
  }

  next(): KeyPart {
    const tag = this.u8();
    switch (tag) {
      case TAG_NULL: return null;
      case TAG_FALSE: return false;
      case TAG_TRUE: return true;
      case TAG_NEG_INF: return -Infinity;
      case TAG_POS_INF: return Infinity;
      case TAG_NAN: return NaN;
      case TAG_NEG: case TAG_ZERO: case TAG_POS: return this.numeric(tag);
      case TAG_STRING: return this.string();
      case TAG_BYTES: return this.escaped().slice();
      default: throw corrupt(`unknown tag 0x${tag.toString(16)} at ${this.pos - 1}`);
    }
  }

  skip(): void {
    const tag = this.u8();
    if (tag === TAG_STRING || tag === TAG_BYTES) this.escaped();
    else if (tag === TAG_NEG || tag === TAG_ZERO || tag === TAG_POS) this.numeric(tag);
    else if (tag < TAG_NULL || (tag > TAG_TRUE && tag < TAG_NEG_INF) || tag > TAG_NAN) throw corrupt(`unknown tag 0x${tag.toString(16)} at ${this.pos - 1}`);
  }

  private u8(): number {
    if (this.pos >= this.end) throw corrupt('truncated');
    return this.bytes[this.pos++];
  }

  private numeric(tag: number): number | bigint {
    const bytes = this.bytes;
    let small = 0;
    let big: bigint | undefined;
    if (tag !== TAG_ZERO) {
      const negative = tag === TAG_NEG;
      const lenByte = this.u8();
      const len = negative ? 255 - lenByte : lenByte;
      if (len === 0 || this.pos + len > this.end) throw corrupt('bad integer length');
      const start = this.pos;
      this.pos += len;
      if ((negative ? 255 - bytes[start] : bytes[start]) === 0) throw corrupt('integer with a leading zero byte');
      if (len <= 6) {
        for (let i = start; i < this.pos; i++) small = small * 256 + (negative ? 255 - bytes[i] : bytes[i]);
        if (negative) small = -small;
      } else {
        let hex = '';
        for (let i = start; i < this.pos; i++) hex += (negative ? 255 - bytes[i] : bytes[i]).toString(16).padStart(2, '0');
        big = BigInt('0x' + hex);
        if (negative) big = -big;
      }
    }
    const kind = this.u8();
    if (kind === KIND_BIGINT) return big === undefined ? BigInt(small) : big;
    const int = big === undefined ? small : Number(big);
    if (big !== undefined && BigInt(int) !== big) throw corrupt('an integer number beyond float64 precision');
    if (kind === KIND_INTEGER) return int;
    const negative = kind === KIND_NEG_FRACTION;
    if (!negative && kind !== KIND_POS_FRACTION) throw corrupt(`unknown number kind ${kind}`);
    if (negative ? tag === TAG_POS : tag === TAG_NEG) throw corrupt('a fraction of the wrong sign');
    if (this.pos + 8 > this.end) throw corrupt('truncated fraction');
    for (let i = 0; i < 8; i++) {
      const b = bytes[this.pos++];
      fracView.setUint8(i, negative ? 255 - b : b);
    }
    const frac = fracView.getFloat64(0);
    if (!(frac > 0 && frac < 1)) throw corrupt('bad fraction');
    const x = negative ? int - frac : int + frac;
    if (Math.trunc(x) !== int || Math.abs(x - int) !== frac) throw corrupt('a fraction the integer part cannot carry');
    return x;
  }

  /** The unescaped body of a string or bytes part; moves past its terminator. */
  private escaped(): Uint8Array {
    const bytes = this.bytes;
    const start = this.pos;
    let i = start;
    let escapes = 0;
    const end = this.end;
    while (i < end && bytes[i] !== 0) {
      if (bytes[i] === 1) {
        escapes++;
        i++;
      }
      i++;
    }
    if (i >= end) throw corrupt('unterminated string or bytes');
    this.pos = i + 1;
    if (escapes === 0) return bytes.subarray(start, i); // a view; callers copy what they keep
    const out = new Uint8Array(i - start - escapes);
    for (let j = start, o = 0; j < i; j++) {
      const b = bytes[j];
      if (b === 1) {
        const e = bytes[++j];
        if (e !== 1 && e !== 2) throw corrupt(`bad escape 0x01 0x${e.toString(16)}`);
        out[o++] = e - 1;
      } else out[o++] = b;
    }
    return out;
  }

  private string(): string {
    const b = this.escaped();
    if (b.length < 64) {
      let high = 0;
      for (let i = 0; i < b.length; i++) high |= b[i];
      if (high < 0x80) return asciiText(b, 0, b.length); // ids and names: no UTF-8 to validate
    }
    let s = '';
    let units: number[] = [];
    let prev = 0;
    for (let i = 0; i < b.length; ) {
      const c = b[i];
      let cp: number;
      let n: number;
      let min: number;
      if (c < 0x80) { cp = c; n = 1; min = 0; }
      else if (c >= 0xc2 && c < 0xe0) { cp = c & 0x1f; n = 2; min = 0x80; }
      else if (c >= 0xe0 && c < 0xf0) { cp = c & 0x0f; n = 3; min = 0x800; }
      else if (c >= 0xf0 && c < 0xf5) { cp = c & 0x07; n = 4; min = 0x10000; }
      else throw corrupt(`bad UTF-8 lead byte 0x${c.toString(16)}`);
      if (i + n > b.length) throw corrupt('truncated UTF-8 in a string');
      for (let k = 1; k < n; k++) {
        const d = b[i + k];
        if ((d & 0xc0) !== 0x80) throw corrupt('bad UTF-8 continuation byte');
        cp = (cp << 6) | (d & 0x3f);
      }
      i += n;
      if (cp < min || cp > 0x10ffff) throw corrupt('overlong or out-of-range UTF-8');
      if (cp >= 0x10000) {
        cp -= 0x10000;
        units.push(0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
      } else {
        // A lone high surrogate directly followed by a low one would have been written as a pair.
        if (cp >= 0xdc00 && cp < 0xe000 && prev >= 0xd800 && prev < 0xdc00) throw corrupt('a surrogate pair written as two lone surrogates');
        units.push(cp);
      }
      prev = units[units.length - 1];
      if (units.length >= 4096) {
        s += String.fromCharCode(...units);
        units = [];
      }
    }
    return s + String.fromCharCode(...units);
  }
}

function corrupt(detail: string): StorageError {
  return new StorageError('CORRUPT', `not a valid Quire key: ${detail}`);
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'object') return value.constructor?.name ?? 'an object';
  return typeof value;
}
