// Little-endian integer access to page bytes, shared by every page layout.
// Owns nothing but the arithmetic; never allocates.

export const u16 = (p: Uint8Array, o: number): number => p[o] | (p[o + 1] << 8);

export const u32 = (p: Uint8Array, o: number): number => (p[o] | (p[o + 1] << 8) | (p[o + 2] << 16) | (p[o + 3] << 24)) >>> 0;

export function put16(p: Uint8Array, o: number, v: number): void {
  p[o] = v & 0xff;
  p[o + 1] = v >>> 8;
}

export function put32(p: Uint8Array, o: number, v: number): void {
  p[o] = v & 0xff;
  p[o + 1] = (v >>> 8) & 0xff;
  p[o + 2] = (v >>> 16) & 0xff;
  p[o + 3] = v >>> 24;
}
