// Checksums: xxHash32 for pages (word-at-a-time, about 7x faster than a byte-table CRC in JS) and
// CRC-32C (Castagnoli, slicing-by-8) for WAL records. Owns only the arithmetic; never decides what
// a mismatch means (the pager and WAL do).

const TABLES = (() => {
  const t = new Uint32Array(8 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  for (let n = 0; n < 256; n++) {
    let c = t[n];
    for (let s = 1; s < 8; s++) {
      c = t[c & 0xff] ^ (c >>> 8);
      t[s * 256 + n] = c >>> 0;
    }
  }
  return t;
})();

/** Continues CRC-32C state `crc` (start with 0) over `bytes[start, end)`; returns the new CRC. */
export function crc32c(bytes: Uint8Array, start = 0, end = bytes.length, crc = 0): number {
  const t = TABLES;
  let c = ~crc >>> 0;
  let i = start;
  const stop8 = end - ((end - start) & 7);
  while (i < stop8) {
    const a = c ^ (bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24));
    const b = bytes[i + 4] | (bytes[i + 5] << 8) | (bytes[i + 6] << 16) | (bytes[i + 7] << 24);
    c =
      t[1792 + (a & 0xff)] ^ t[1536 + ((a >>> 8) & 0xff)] ^ t[1280 + ((a >>> 16) & 0xff)] ^ t[1024 + (a >>> 24)] ^
      t[768 + (b & 0xff)] ^ t[512 + ((b >>> 8) & 0xff)] ^ t[256 + ((b >>> 16) & 0xff)] ^ t[b >>> 24];
    i += 8;
  }
  while (i < end) c = t[(c ^ bytes[i++]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

const P1 = 0x9e3779b1 | 0;
const P2 = 0x85ebca77 | 0;
const P3 = 0xc2b2ae3d | 0;
const P4 = 0x27d4eb2f | 0;
const P5 = 0x165667b1 | 0;

const rotl = (x: number, r: number): number => (x << r) | (x >>> (32 - r));

/**
 * xxHash32 (Yann Collet's specification) of `bytes[start, end)` with a 32-bit `seed`. Reads
 * little-endian 32-bit words through a DataView (any alignment, any platform byte order).
 */
export function xxh32(bytes: Uint8Array, start = 0, end = bytes.length, seed = 0): number {
  const v = new DataView(bytes.buffer, bytes.byteOffset + start, end - start);
  const len = end - start;
  let i = 0;
  let h: number;
  if (len >= 16) {
    let a = (seed + P1 + P2) | 0;
    let b = (seed + P2) | 0;
    let c = seed | 0;
    let d = (seed - P1) | 0;
    const stop = len - 15;
    for (; i < stop; i += 16) {
      // one xxHash32 round per lane, rotations written out (the hot loop of every page read)
      a = (a + Math.imul(v.getInt32(i, true), P2)) | 0;
      a = Math.imul((a << 13) | (a >>> 19), P1);
      b = (b + Math.imul(v.getInt32(i + 4, true), P2)) | 0;
      b = Math.imul((b << 13) | (b >>> 19), P1);
      c = (c + Math.imul(v.getInt32(i + 8, true), P2)) | 0;
      c = Math.imul((c << 13) | (c >>> 19), P1);
      d = (d + Math.imul(v.getInt32(i + 12, true), P2)) | 0;
      d = Math.imul((d << 13) | (d >>> 19), P1);
    }
    h = (rotl(a, 1) + rotl(b, 7) + rotl(c, 12) + rotl(d, 18)) | 0;
  } else h = (seed + P5) | 0;
  h = (h + len) | 0;
  for (; i + 4 <= len; i += 4) h = Math.imul(rotl((h + Math.imul(v.getInt32(i, true), P3)) | 0, 17), P4);
  for (; i < len; i++) h = Math.imul(rotl((h + Math.imul(v.getUint8(i), P5)) | 0, 11), P1);
  h ^= h >>> 15;
  h = Math.imul(h, P2);
  h ^= h >>> 13;
  h = Math.imul(h, P3);
  h ^= h >>> 16;
  return h >>> 0;
}
