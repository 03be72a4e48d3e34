// Value semantics of the generated API: how column values compare (strings by Unicode code
// point, DateTime by instant, enums by declaration order, nulls apart). Pure functions on JS
// values; never touches storage, the catalog or the GraphQL layer.

/** The scalar kinds a column can hold, as the query engine sees them. */
export type ScalarKind = 'ID' | 'String' | 'Int' | 'Float' | 'Boolean' | 'DateTime' | 'JSON' | 'Enum' | 'Opaque';

/** What the engine needs to know about one column to filter, order and aggregate it. */
export interface ColumnType {
  readonly kind: ScalarKind;
  readonly list: boolean;
  /** Enum values in declaration order (kind 'Enum' only). */
  readonly enumValues?: readonly string[];
}

/**
 * Compares two strings by Unicode code point (JS `<` compares UTF-16 code units, which puts
 * U+10000.. before U+E000..U+FFFF). Returns <0, 0, >0.
 */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = a.length < b.length ? a.length : b.length;
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      // Surrogates (0xD800–0xDFFF) encode code points above 0xFFFF: lift them above 0xE000–0xFFFF.
      return fixup(x) - fixup(y);
    }
    return x - y;
  }
  return a.length - b.length;
}

function fixup(c: number): number {
  return c >= 0xe000 ? c - 0x800 : c + 0x2000;
}

/** Milliseconds since the epoch of a stored DateTime (ISO string or number), NaN when unparsable. */
export function instantOf(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return Date.parse(v);
  if (v instanceof Date) return v.getTime();
  return NaN;
}

/** Ordering of two non-null values of one column type. */
export type ValueComparator = (a: unknown, b: unknown) => number;

const numberCompare: ValueComparator = (a, b) => (a as number) - (b as number);
const stringCompare: ValueComparator = (a, b) => compareStrings(String(a), String(b));
const instantCompare: ValueComparator = (a, b) => instantOf(a) - instantOf(b);
const booleanCompare: ValueComparator = (a, b) => (a === b ? 0 : a ? 1 : -1);

const enumComparators = new WeakMap<readonly string[], ValueComparator>();

/** The comparator of non-null values of a scalar type (used by order, range filters, min/max). */
export function comparatorFor(type: ColumnType): ValueComparator {
  switch (type.kind) {
    case 'Int':
    case 'Float':
      return numberCompare;
    case 'ID':
    case 'String':
      return stringCompare;
    case 'DateTime':
      return instantCompare;
    case 'Boolean':
      return booleanCompare;
    case 'Enum': {
      const values = type.enumValues ?? [];
      let c = enumComparators.get(values);
      if (!c) {
        const rank = new Map<string, number>();
        values.forEach((v, i) => rank.set(v, i));
        c = (a, b) => (rank.get(a as string) ?? -1) - (rank.get(b as string) ?? -1);
        enumComparators.set(values, c);
      }
      return c;
    }
    default:
      return stringCompare;
  }
}

/** Whether a scalar type is orderable (orderBy, min/max, range operators). */
export function isOrderable(type: ColumnType): boolean {
  if (type.list) return false;
  return type.kind === 'Int' || type.kind === 'Float' || type.kind === 'String' || type.kind === 'ID' ||
    type.kind === 'DateTime' || type.kind === 'Enum';
}

/** Whether a scalar type is summable (sum/avg). */
export function isSummable(type: ColumnType): boolean {
  return !type.list && (type.kind === 'Int' || type.kind === 'Float');
}

/** Equality of two non-null scalar values of one type (DateTime by instant). */
export function equalValues(type: ColumnType, a: unknown, b: unknown): boolean {
  if (type.kind === 'DateTime') return instantOf(a) === instantOf(b);
  return a === b;
}

/** Deep structural equality of JSON-like values (results, JSON columns, live-query payloads). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    return typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b);
  }
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) {
    if (ka[i] !== kb[i]) return false;
    const k = ka[i] as string;
    if (!deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}
