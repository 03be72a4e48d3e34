// Order-preserving keys: comparing encoded bytes must equal comparing the tuples, decoding must
// give the tuple back, and prefixes/prefixEnd must bound exactly the keys a planner scans.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StorageError } from '../../src/storage/errors.ts';
import {
  compareBytes, decodeKey, encodeKey, encodeKeyInto, hasPrefix, KeyEncoder, keyPartCount, lastKeyPart, prefixEnd, twoKeyParts, type KeyPart,
} from '../../src/storage/keys.ts';

// ---- the reference order, written independently of the encoding ----

function rank(p: KeyPart): number {
  if (p === null) return 0;
  if (p === false) return 1;
  if (p === true) return 2;
  if (typeof p === 'number' || typeof p === 'bigint') return 3;
  if (typeof p === 'string') return 4;
  return 5;
}

function sign(n: number): number {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

function compareNumeric(a: number | bigint, b: number | bigint): number {
  const aNaN = typeof a === 'number' && Number.isNaN(a);
  const bNaN = typeof b === 'number' && Number.isNaN(b);
  if (aNaN || bNaN) return aNaN && bNaN ? 0 : aNaN ? 1 : -1; // NaN last
  if (a < b) return -1; // JS compares number and bigint exactly
  if (a > b) return 1;
  // equal values: a number before a bigint
  return (typeof a === 'bigint' ? 1 : 0) - (typeof b === 'bigint' ? 1 : 0);
}

function compareCodePoints(a: string, b: string): number {
  const ca = Array.from(a, (c) => c.codePointAt(0)!);
  const cb = Array.from(b, (c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(ca.length, cb.length); i++) if (ca[i] !== cb[i]) return sign(ca[i] - cb[i]);
  return sign(ca.length - cb.length);
}

function compareByteArrays(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return sign(a[i] - b[i]);
  return sign(a.length - b.length);
}

function comparePart(a: KeyPart, b: KeyPart): number {
  const r = rank(a) - rank(b);
  if (r !== 0) return sign(r);
  if (typeof a === 'number' || typeof a === 'bigint') return compareNumeric(a, b as number | bigint);
  if (typeof a === 'string') return compareCodePoints(a, b as string);
  if (a instanceof Uint8Array) return compareByteArrays(a, b as Uint8Array);
  return 0;
}

function compareTuples(a: KeyPart[], b: KeyPart[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = comparePart(a[i], b[i]);
    if (c !== 0) return c;
  }
  return sign(a.length - b.length);
}

/** -0 is documented to encode as 0. */
function normalize(t: KeyPart[]): KeyPart[] {
  return t.map((p) => (Object.is(p, -0) ? 0 : p));
}

// ---- generators that hit the edges: NaN, ±0, ±Infinity, subnormals, 2^48 and 2^53 borders,
// huge bigints, NUL and 0xFF bytes, lone and paired surrogates, U+FFFF vs astral ----

const trickyChar = fc.constantFrom('\0', 'a', '\u007f', '\u0080', '\u07ff', '\u0800', '\uffff', '\ud800', '\udfff', '\ud83d\ude00', '\u{10ffff}', '\uff61', '\u00e9');
const numberPart = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(0, -0, 1, -1, 0.5, -0.5, 2 ** 48, -(2 ** 48), 2 ** 48 - 1, 2 ** 53, -(2 ** 53), 2 ** 53 + 2, Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, -Number.MIN_VALUE, Infinity, -Infinity, NaN, 2 ** 52 - 0.5, 1e-300),
  fc.integer({ min: -(2 ** 20), max: 2 ** 20 }).map((n) => n / 8),
);
const bigintPart = fc.oneof(
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }),
  fc.bigInt({ min: -1000n, max: 1000n }),
  fc.constantFrom(0n, 2n ** 48n, -(2n ** 48n), 2n ** 53n, 2n ** 1023n, -(2n ** 2000n), 2n ** 2040n - 1n),
);
const part: fc.Arbitrary<KeyPart> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  numberPart,
  bigintPart,
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.string({ unit: trickyChar, maxLength: 6 }),
  fc.uint8Array({ maxLength: 8 }),
  fc.array(fc.constantFrom(0, 1, 0xfe, 0xff), { maxLength: 5 }).map((a) => Uint8Array.from(a)),
);
const tuple = fc.array(part, { maxLength: 4 });
// Tuples that often share a first component, so deeper parts get compared too.
const pairOfTuples = fc.oneof(
  fc.tuple(tuple, tuple),
  fc.tuple(part, tuple, tuple).map(([p, a, b]) => [[p, ...a], [p, ...b]] as [KeyPart[], KeyPart[]]),
);

describe('encodeKey / decodeKey', () => {
  it('byte order equals tuple order (null < false < true < numbers < strings < bytes)', () => {
    fc.assert(fc.property(pairOfTuples, ([a, b]) => {
      expect(sign(compareBytes(encodeKey(a), encodeKey(b)))).toBe(compareTuples(a, b));
    }), { numRuns: 20_000 });
  });

  it('round-trips every tuple (with -0 read back as 0)', () => {
    fc.assert(fc.property(tuple, (t) => {
      const bytes = encodeKey(t);
      expect(decodeKey(bytes)).toEqual(normalize(t));
      expect(keyPartCount(bytes)).toBe(t.length);
    }), { numRuns: 10_000 });
  });

  it('integers are written as the format says at every magnitude byte boundary: tag, length, big-endian magnitude, kind', () => {
    // the format's own words as an oracle: 0x13 (t >= 1) or 0x11 (t <= -1, length and bytes complemented), 0x12 for 0; then 0x01
    const spec = (n: number): number[] => {
      if (n === 0) return [0x12, 0x01];
      const mag: number[] = [];
      for (let m = Math.abs(n); m >= 1; m = Math.floor(m / 256)) mag.unshift(m % 256);
      return n > 0 ? [0x13, mag.length, ...mag, 0x01] : [0x11, 255 - mag.length, ...mag.map((b) => 255 - b), 0x01];
    };
    const edges = [1, 2, 0x7f, 0xff, 0x100, 0xffff, 0x10000, 0xffffff, 0x1000000, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 40, 2 ** 48 - 1, 2 ** 48];
    const ints = [0, ...edges, ...edges.map((n) => -n), ...edges.map((n) => n + 1)];
    fc.assert(fc.property(fc.constantFrom(...ints), fc.integer({ min: 1, max: 2 ** 32 - 1 }), (edge, any) => {
      for (const n of [edge, any]) {
        expect(Array.from(encodeKey([n]))).toEqual(spec(n));
        expect(decodeKey(encodeKey([n, n]))).toEqual([n, n]);
      }
    }), { numRuns: 300 });
  });

  it('round-trips ASCII strings of every length around the short-text paths (0-80 units, NUL and 0x01 escaped), alone and between other parts', () => {
    const ascii = fc.string({ unit: fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c)), maxLength: 80, size: 'max' });
    fc.assert(fc.property(ascii, fc.integer(), (s, n) => {
      expect(decodeKey(encodeKey([s]))).toEqual([s]);
      expect(decodeKey(encodeKey([n, s, s + 'é', n]))).toEqual([n, s, s + 'é', n]);
    }), { numRuns: 2000 });
  });

  it('sorting encoded keys sorts the tuples', () => {
    fc.assert(fc.property(fc.array(tuple, { maxLength: 30 }), (ts) => {
      const byBytes = ts.map((t) => ({ t, k: encodeKey(t) })).sort((x, y) => compareBytes(x.k, y.k)).map((x) => x.t);
      for (let i = 1; i < byBytes.length; i++) expect(compareTuples(byBytes[i - 1], byBytes[i])).toBeLessThanOrEqual(0);
    }), { numRuns: 1000 });
  });

  it('a tuple prefix is a byte prefix of its extensions, and only of them', () => {
    fc.assert(fc.property(tuple, tuple, part, (a, rest, other) => {
      const full = encodeKey([...a, ...rest]);
      expect(hasPrefix(full, encodeKey(a))).toBe(true);
      // A different first component never shares the one-part prefix (no 1 vs 1.5 vs 1n, "a" vs "ab").
      const k = encodeKey([other, ...rest]);
      const p = encodeKey(a.slice(0, 1));
      if (a.length > 0) expect(hasPrefix(k, p)).toBe(comparePart(a[0], other) === 0);
    }), { numRuns: 10_000 });
  });

  it('orders strings by code point, not UTF-16 unit: astral characters after U+FFFF', () => {
    expect(compareBytes(encodeKey(['\uffff']), encodeKey(['\ud83d\ude00']))).toBe(-1);
    expect('\uffff' < '\ud83d\ude00').toBe(false); // the UTF-16 order the encoding must not follow
    expect(compareBytes(encodeKey(['\uff61']), encodeKey(['\u{10000}']))).toBe(-1);
  });

  it('escapes NUL so "a" < "a\\0" < "a\\0\\0" < "a\\x01" and ("a", x) < ("a\\0")', () => {
    const keys = [['a'], ['a', null], ['a', 'zzz'], ['a\0'], ['a\0\0'], ['a\u0001']].map((t) => encodeKey(t));
    for (let i = 1; i < keys.length; i++) expect(compareBytes(keys[i - 1], keys[i])).toBe(-1);
  });

  it('orders numbers and bigints in one numeric order, numbers first on ties', () => {
    const ordered: KeyPart[] = [-Infinity, -(2n ** 80n), -1e20, -2, -1.5, -1, -1n, -0.5, 0, 0n, Number.MIN_VALUE, 0.5, 1, 1n, 1.5, 2 ** 53, 2n ** 53n, 2n ** 53n + 1n, 1e300, Infinity, NaN];
    const keys = ordered.map((p) => encodeKey([p]));
    for (let i = 1; i < keys.length; i++) expect(compareBytes(keys[i - 1], keys[i])).toBe(-1);
    expect(encodeKey([-0])).toEqual(encodeKey([0]));
  });

  it('rejects non-key values (BAD_VALUE) and bigints over 2040 bits (KEY_TOO_LARGE)', () => {
    const code = (parts: unknown[]): string | undefined => {
      try {
        encodeKey(parts as KeyPart[]);
      } catch (e) {
        expect(e).toBeInstanceOf(StorageError);
        return (e as StorageError).code;
      }
    };
    expect(code([undefined])).toBe('BAD_VALUE');
    expect(code([1, {}])).toBe('BAD_VALUE');
    expect(code([2n ** 2040n])).toBe('KEY_TOO_LARGE');
    expect(code([-(2n ** 2040n) + 1n])).toBeUndefined();
  });

  it('reports malformed bytes as an error, never as a value', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 12 }), (bytes) => {
      let parts: KeyPart[] | undefined;
      try {
        parts = decodeKey(bytes);
      } catch (e) {
        expect(e).toBeInstanceOf(StorageError);
        expect((e as StorageError).code).toBe('CORRUPT');
        return;
      }
      // Whatever decodes must re-encode to the same bytes (the format is canonical).
      expect(encodeKey(parts)).toEqual(bytes);
    }), { numRuns: 20_000 });
  });
});

describe('lastKeyPart / KeyEncoder.view', () => {
  it('lastKeyPart reads the last part (and the one before) from any part boundary, in place inside a larger buffer', () => {
    fc.assert(fc.property(fc.array(part, { minLength: 1, maxLength: 4 }), fc.nat(), fc.uint8Array({ maxLength: 3 }), fc.uint8Array({ maxLength: 3 }), (t, cut, pre, post) => {
      const skip = cut % t.length; // parts before the boundary
      const head = encodeKey(t.slice(0, skip));
      const bytes = encodeKey(t);
      const want = normalize(t);
      expect(lastKeyPart(bytes, head.length)).toEqual(want[t.length - 1]);
      // the key inside a larger buffer: only bytes [at, end) are read
      const big = new Uint8Array(pre.length + bytes.length + post.length);
      big.set(pre);
      big.set(bytes, pre.length);
      big.set(post, pre.length + bytes.length);
      const into: KeyPart[] = ['stale'];
      expect(lastKeyPart(big, pre.length + head.length, pre.length + bytes.length, into)).toEqual(want[t.length - 1]);
      expect(into[0]).toEqual(t.length - skip >= 2 ? want[t.length - 2] : undefined);
    }), { numRuns: 3000 });
    expect(() => lastKeyPart(encodeKey([1]), encodeKey([1]).length)).toThrow(expect.objectContaining({ code: 'CORRUPT' })); // no part past the boundary
    expect(() => lastKeyPart(encodeKey(['ab']), 0, 2)).toThrow(expect.objectContaining({ code: 'CORRUPT' })); // cut inside the part
  });

  it('twoKeyParts takes the parts of a two-part key, and refuses a key of any other length', () => {
    fc.assert(fc.property(fc.array(part, { maxLength: 4 }), (t) => {
      const into: KeyPart[] = ['stale', 'stale'];
      const two = twoKeyParts(encodeKey(t), into);
      expect(two).toBe(t.length === 2);
      if (two) expect(into).toEqual(normalize(t));
    }), { numRuns: 2000 });
  });

  it('view() always shows the bytes encoded since the last reset, also when it hands back the same view object', () => {
    const enc = new KeyEncoder(16);
    fc.assert(fc.property(fc.array(tuple, { minLength: 1, maxLength: 8 }), (tuples) => {
      for (const t of tuples) expect(enc.reset().addAll(t).view()).toEqual(encodeKey(t));
    }), { numRuns: 1000 });
  });
});

describe('prefixEnd', () => {
  it('bounds exactly the keys with the prefix', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 6 }), fc.uint8Array({ maxLength: 8 }), (prefix, key) => {
      const end = prefixEnd(prefix);
      if (hasPrefix(key, prefix)) {
        if (end) expect(compareBytes(key, end)).toBe(-1);
      } else if (compareBytes(key, prefix) > 0) {
        expect(end).toBeDefined();
        expect(compareBytes(key, end!)).toBeGreaterThanOrEqual(0);
      }
    }), { numRuns: 10_000 });
  });

  it('bounds the tuples that extend a tuple prefix', () => {
    fc.assert(fc.property(tuple, tuple, tuple, (a, rest, other) => {
      const p = encodeKey(a);
      const end = prefixEnd(p);
      const ext = encodeKey([...a, ...rest]);
      expect(compareBytes(p, ext)).toBeLessThanOrEqual(0);
      if (end) expect(compareBytes(ext, end)).toBe(-1);
      const o = encodeKey(other);
      const inRange = compareBytes(o, p) >= 0 && (!end || compareBytes(o, end) < 0);
      expect(inRange).toBe(hasPrefix(o, p));
    }), { numRuns: 5000 });
  });

  it('has no bound for an empty or all-0xFF prefix', () => {
    expect(prefixEnd(new Uint8Array(0))).toBeUndefined();
    expect(prefixEnd(Uint8Array.of(0xff, 0xff))).toBeUndefined();
    expect(prefixEnd(Uint8Array.of(1, 0xff))).toEqual(Uint8Array.of(2));
  });
});

describe('KeyEncoder and encodeKeyInto', () => {
  it('produce the same bytes as encodeKey when reused across keys', () => {
    const enc = new KeyEncoder(4);
    const out = new Uint8Array(4096 * 4);
    fc.assert(fc.property(tuple, tuple, (a, b) => {
      enc.reset().addAll(a);
      expect(enc.toBytes()).toEqual(encodeKey(a));
      enc.reset();
      for (const p of b) enc.add(p);
      expect(enc.view()).toEqual(encodeKey(b));
      const end = encodeKeyInto(a, out, 3);
      expect(out.subarray(3, end)).toEqual(encodeKey(a));
    }), { numRuns: 2000 });
  });

  it('encodeKeyInto throws when the key does not fit', () => {
    expect(() => encodeKeyInto(['hello'], new Uint8Array(3))).toThrow(RangeError);
  });
});
