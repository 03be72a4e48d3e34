// Keyset cursors of Relay connections: a cursor is the sort key of its row (order values, the
// primary key, the type name for interfaces), versioned and base64url-encoded — opaque, stable
// under inserts and under deletion of the cursor row. Decoding validates; never trusts input.
import { BAD_USER_INPUT, CodedError } from './errors.ts';
import type { Ordering } from './order.ts';
import type { Row } from './shape.ts';

/** BAD_USER_INPUT (API.md §2). */
export class CursorError extends CodedError {
  constructor(message: string) { super(message, BAD_USER_INPUT); }
}

const PREFIX = 'q1:';

export function encodeCursor(o: Ordering, row: Row): string {
  const parts: unknown[] = [];
  for (const t of o.terms) parts.push(row[t.field] ?? null);
  parts.push(row[o.key]);
  if (o.abstract) parts.push(row['__typename']);
  return base64url(PREFIX + JSON.stringify(parts));
}

/** Decodes a cursor into a pseudo-row holding exactly the fields the ordering compares. */
export function decodeCursor(o: Ordering, cursor: string): Row {
  let parts: unknown;
  try {
    const text = unbase64url(cursor);
    if (!text.startsWith(PREFIX)) throw new Error('prefix');
    parts = JSON.parse(text.slice(PREFIX.length));
  } catch {
    throw new CursorError(`Malformed cursor "${cursor.length > 40 ? cursor.slice(0, 40) + '…' : cursor}".`);
  }
  const want = o.terms.length + 1 + (o.abstract ? 1 : 0);
  if (!Array.isArray(parts) || parts.length !== want) throw new CursorError('The cursor does not belong to this ordering.');
  const row: Row = {};
  let i = 0;
  for (const t of o.terms) {
    const v = parts[i++];
    if (v !== null && !fits(t.type.kind, v)) throw new CursorError('The cursor does not belong to this ordering.');
    row[t.field] = v;
  }
  const k = parts[i++];
  if (!fits(o.keyType.kind, k)) throw new CursorError('The cursor does not belong to this ordering.');
  row[o.key] = k;
  if (o.abstract) {
    const tn = parts[i];
    if (typeof tn !== 'string') throw new CursorError('The cursor does not belong to this ordering.');
    row['__typename'] = tn;
  }
  return row;
}

function fits(kind: string, v: unknown): boolean {
  switch (kind) {
    case 'Int': case 'Float': return typeof v === 'number' && Number.isFinite(v);
    case 'DateTime': return typeof v === 'number' && Number.isFinite(v); // stored instants (ms), as encodeCursor writes them
    default: return typeof v === 'string';
  }
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const INDEX = new Map<string, number>([...ALPHABET].map((c, i) => [c, i]));
const utf8 = new TextEncoder();
const utf8strict = new TextDecoder('utf-8', { fatal: true });

function base64url(text: string): string {
  const b = utf8.encode(text);
  let out = '';
  for (let i = 0; i < b.length; i += 3) {
    const n = ((b[i] as number) << 16) | ((b[i + 1] ?? 0) << 8) | (b[i + 2] ?? 0);
    out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]!;
    if (i + 1 < b.length) out += ALPHABET[(n >> 6) & 63]!;
    if (i + 2 < b.length) out += ALPHABET[n & 63]!;
  }
  return out;
}

function unbase64url(s: string): string {
  if (s.length % 4 === 1) throw new Error('length');
  const out = new Uint8Array(Math.floor((s.length * 3) / 4));
  let o = 0;
  for (let i = 0; i < s.length; i += 4) {
    let n = 0;
    const m = Math.min(4, s.length - i);
    for (let j = 0; j < 4; j++) {
      const c = j < m ? INDEX.get(s[i + j] as string) : 0;
      if (c === undefined) throw new Error('char');
      n = (n << 6) | c;
    }
    out[o++] = (n >> 16) & 255;
    if (m > 2) out[o++] = (n >> 8) & 255;
    if (m > 3) out[o++] = n & 255;
  }
  return utf8strict.decode(out.subarray(0, o));
}
