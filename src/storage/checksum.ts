// The checksum of pages and WAL records: xxHash32, word at a time (about 5x faster in JS than the
// byte-table CRC-32C of format version 1). Owns only the arithmetic; never decides what a mismatch
// means (the pager and WAL do).

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
