// Column values: API-form input (JSON: ISO dates, enum names, ids) ⇄ stored form, index key
// parts, and generated time-sortable keys. Pure functions on one value; it must never touch
// storage or know about rows, tables or paths (callers add those to the ValueError message).

import type { Column, EnumType, KeyKind } from './model.ts';
import { ValueError } from './errors.ts';
import type { KeyPart } from '../storage/keys.ts';

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

const describe = (v: unknown): string => {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v);
  if (Array.isArray(v)) return 'a list';
  if (v !== null && typeof v === 'object') return 'an object';
  return String(v);
};

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?([Zz]|[+-]\d{2}:?\d{2}))?$/;
const DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * An ISO-8601 date-time (`2014-12-10T14:23:31.880Z`, an offset instead of `Z`, or a date alone =
 * midnight UTC) → epoch milliseconds; `undefined` when not valid. A time needs a zone.
 */
export function parseDateTime(text: string): number | undefined {
  const m = ISO.exec(text);
  if (!m) return undefined;
  const year = +m[1], month = +m[2], day = +m[3];
  if (month < 1 || month > 12 || day < 1 || day > DAYS[month - 1]) return undefined;
  if (month === 2 && day === 29 && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0))) return undefined;
  let ms = Date.UTC(year, month - 1, day);
  if (year < 100) ms = new Date(ms).setUTCFullYear(year); // Date.UTC maps 0..99 to 1900..1999
  if (m[4] !== undefined) {
    const hour = +m[4], minute = +m[5], second = m[6] === undefined ? 0 : +m[6];
    if (hour > 23 || minute > 59 || second > 59) return undefined;
    const millis = m[7] === undefined ? 0 : Math.floor(+`0.${m[7]}` * 1000);
    ms += ((hour * 60 + minute) * 60 + second) * 1000 + millis;
    const zone = m[8];
    if (zone !== 'Z' && zone !== 'z') {
      const sign = zone[0] === '-' ? -1 : 1;
      const digits = zone.slice(1).replace(':', '');
      const zh = +digits.slice(0, 2), zm = +digits.slice(2);
      if (zh > 23 || zm > 59) return undefined;
      ms -= sign * (zh * 60 + zm) * 60000;
    }
  }
  return ms;
}

/** Epoch milliseconds → `Date#toISOString()` form. */
export function formatDateTime(ms: number): string {
  return new Date(ms).toISOString();
}

function isJsonValue(v: unknown, depth: number): boolean {
  if (depth > 512) return false;
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) {
    for (const item of v) if (!isJsonValue(item, depth + 1)) return false;
    return true;
  }
  if (typeof v === 'object') {
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) return false;
    for (const key in v) if (!isJsonValue((v as Record<string, unknown>)[key], depth + 1)) return false;
    return true;
  }
  return false;
}

const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * The string with each lone surrogate replaced by U+FFFD, as UTF-8 stores it: a row's strings go
 * through UTF-8 (MessagePack) while index and primary keys keep UTF-16 code units, so a string is
 * made well-formed once, on write, and the row, its index entries and the keys that refer to it agree.
 */
export function wellFormed(v: string): string {
  if (!SURROGATE.test(v)) return v;
  let out = '';
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < v.length) {
      const d = v.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) { out += v[i]! + v[i + 1]!; i++; continue; }
    }
    out += c >= 0xd800 && c <= 0xdfff ? '\uFFFD' : v[i]!;
  }
  return out;
}

/** One non-null scalar element, input → stored. Throws ValueError. */
export function storeScalar(column: Column, enumType: EnumType | undefined, v: unknown): unknown {
  switch (column.kind) {
    case 'Int':
      if (typeof v !== 'number' || !Number.isInteger(v)) throw new ValueError(`Int cannot represent ${describe(v)}`);
      if (v < INT_MIN || v > INT_MAX) throw new ValueError(`Int cannot represent ${v}: outside the 32-bit range`);
      return v === 0 ? 0 : v; // no -0
    case 'Float':
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new ValueError(`Float cannot represent ${describe(v)}`);
      return v;
    case 'String':
      if (typeof v !== 'string') throw new ValueError(`String cannot represent ${describe(v)}`);
      return wellFormed(v);
    case 'Boolean':
      if (typeof v !== 'boolean') throw new ValueError(`Boolean cannot represent ${describe(v)}`);
      return v;
    case 'ID':
      if (typeof v === 'string') return wellFormed(v);
      if (typeof v === 'number' && Number.isInteger(v)) return String(v);
      throw new ValueError(`ID cannot represent ${describe(v)}`);
    case 'DateTime': {
      const ms = typeof v === 'string' ? parseDateTime(v) : undefined;
      if (ms === undefined) throw new ValueError(`DateTime cannot represent ${describe(v)}: expected an ISO-8601 date-time such as "2014-12-10T14:23:31.880Z"`);
      return ms;
    }
    case 'Enum':
      if (typeof v !== 'string' || !enumType || !enumType.values.some((e) => e.name === v))
        throw new ValueError(`${column.typeName} has no value ${describe(v)}`);
      return v;
    case 'JSON':
    case 'Custom':
      if (!isJsonValue(v, 0)) throw new ValueError(`${column.typeName} cannot represent ${describe(v)}: not a JSON value`);
      return v;
  }
}

/** A column value (null, a scalar, or a list), input → stored, checking `!` at both levels. Throws ValueError. */
export function storeColumn(column: Column, enumType: EnumType | undefined, v: unknown): unknown {
  if (v === null || v === undefined) {
    if (!column.nullable) throw new ValueError(`must not be null (${column.list ? `[${column.typeName}]` : column.typeName}!)`, true);
    return null;
  }
  if (!column.list) return storeScalar(column, enumType, v);
  if (!Array.isArray(v)) throw new ValueError(`expected a list of ${column.typeName}, got ${describe(v)}`);
  const out = new Array<unknown>(v.length);
  for (let i = 0; i < v.length; i++) {
    const item = v[i];
    if (item === null || item === undefined) {
      if (!column.itemNullable) throw new ValueError(`element ${i} must not be null`, true);
      out[i] = null;
    } else {
      try {
        out[i] = storeScalar(column, enumType, item);
      } catch (e) {
        if (e instanceof ValueError) throw new ValueError(`element ${i}: ${e.message}`);
        throw e;
      }
    }
  }
  return out;
}

/** A stored column value → API form (DateTime as ISO strings). */
export function outputColumn(column: Column, stored: unknown): unknown {
  if (stored === null || stored === undefined) return null;
  if (column.kind !== 'DateTime') return stored;
  if (!column.list) return formatDateTime(stored as number);
  return (stored as (number | null)[]).map((ms) => (ms === null ? null : formatDateTime(ms)));
}

/** The index key part of a stored scalar: enums by declaration ordinal, everything else as stored. */
export function keyPartOf(column: Column, enumType: EnumType | undefined, stored: unknown): KeyPart {
  if (stored === null || stored === undefined) return null;
  if (column.kind === 'Enum' && enumType) return enumType.values.findIndex((e) => e.name === stored);
  return stored as KeyPart;
}

/** The canonical text of an integer (what GraphQL's ID makes of an Int input: `5` → `"5"`). */
const CANONICAL_INT = /^-?(?:0|[1-9][0-9]{0,9})$/;

/**
 * A primary key value, input → stored (ID/String: string; Int: 32-bit). A reference to an Int key
 * arrives as an `ID` (API.md §2), so an Int key also takes an integer's canonical text. Throws ValueError.
 */
export function storeKey(kind: KeyKind, v: unknown): string | number {
  if (kind === 'Int') {
    if (typeof v === 'string' && CANONICAL_INT.test(v) && v !== '-0') v = Number(v);
    if (typeof v !== 'number' || !Number.isInteger(v) || v < INT_MIN || v > INT_MAX) throw new ValueError(`Int key cannot represent ${describe(v)}`);
    return v === 0 ? 0 : v;
  }
  if (typeof v === 'string') return wellFormed(v);
  if (kind === 'ID' && typeof v === 'number' && Number.isInteger(v)) return String(v);
  throw new ValueError(`${kind} key cannot represent ${describe(v)}`);
}

// ---- generated keys ---------------------------------------------------------------------------

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // Crockford base32: ascending in code point order
let lastTime = -1;
let counter = 0;
const randomBytes = new Uint8Array(4);

/**
 * A new time-sortable unique key: 10 chars of milliseconds + 6 chars of a per-millisecond
 * counter seeded randomly (16 chars, base32). Keys generated later sort after earlier ones
 * in code point order (within one process, also when the clock stands still or goes back).
 */
export function generateKey(now: number = Date.now()): string {
  if (now > lastTime) {
    lastTime = now;
    crypto.getRandomValues(randomBytes);
    // Start the counter in the lower half so it does not overflow within one millisecond.
    counter = ((randomBytes[0] << 16) | (randomBytes[1] << 8) | randomBytes[2]) & 0x7fffff;
  } else {
    counter++;
    if (counter > 0x3fffffff) {
      lastTime++;
      counter = 0;
    }
  }
  let out = '';
  let t = lastTime;
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[t % 32] + out;
    t = Math.floor(t / 32);
  }
  let c = counter;
  let tail = '';
  for (let i = 0; i < 6; i++) {
    tail = ALPHABET[c % 32] + tail;
    c = Math.floor(c / 32);
  }
  return out + tail;
}
