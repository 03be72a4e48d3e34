// Order of the generated API: `[<Type>OrderBy!]` → a row comparator (nulls last ASC / first
// DESC, ties by primary key ascending, then type name for interfaces) and top-N selection with
// a bounded heap instead of a full sort. Pure; never touches storage.
import { BAD_USER_INPUT, CodedError } from './errors.ts';
import type { EntityShape, Row } from './shape.ts';
import { comparatorFor, isOrderable, type ColumnType, type ValueComparator } from './values.ts';

export interface OrderTerm {
  readonly field: string;
  readonly type: ColumnType;
  readonly desc: boolean;
}

/** The full ordering: the user's terms, then the key (ascending), then `__typename` when abstract. */
export interface Ordering {
  readonly terms: readonly OrderTerm[];
  readonly key: string;
  readonly keyType: ColumnType;
  readonly abstract: boolean;
}

/** BAD_USER_INPUT (API.md §2). */
export class OrderError extends CodedError {
  constructor(message: string) { super(message, BAD_USER_INPUT); }
}

/** Compiles a coerced orderBy argument; each element must name exactly one orderable field. */
export function compileOrderBy(shape: EntityShape, orderBy: unknown): Ordering {
  const terms: OrderTerm[] = [];
  const list = orderBy === null || orderBy === undefined ? [] : Array.isArray(orderBy) ? orderBy : [orderBy];
  for (const el of list) {
    if (el === null || typeof el !== 'object') throw new OrderError(`Each ${shape.name}OrderBy element must be an object.`);
    const entries = Object.entries(el as Record<string, unknown>).filter(([, v]) => v !== null && v !== undefined);
    if (entries.length !== 1) {
      throw new OrderError(`Each ${shape.name}OrderBy element must name exactly one field; got ${entries.length}.`);
    }
    const [field, dir] = entries[0] as [string, unknown];
    const type = shape.columns.get(field);
    if (!type || !isOrderable(type)) throw new OrderError(`${shape.name}.${field} is not orderable.`);
    if (dir !== 'ASC' && dir !== 'DESC') throw new OrderError(`Sort order must be ASC or DESC.`);
    terms.push({ field, type, desc: dir === 'DESC' });
  }
  return { terms, key: shape.key, keyType: shape.keyType, abstract: shape.abstract === true };
}

export type RowComparator = (a: Row, b: Row) => number;

/** Compares two values of one term: null is the greatest value; DESC reverses. */
function termComparator(t: OrderTerm): RowComparator {
  const c: ValueComparator = comparatorFor(t.type);
  const f = t.field;
  const sign = t.desc ? -1 : 1;
  return (a, b) => {
    const x = a[f];
    const y = b[f];
    const xn = x === null || x === undefined;
    const yn = y === null || y === undefined;
    if (xn || yn) return xn === yn ? 0 : (xn ? 1 : -1) * sign;
    return c(x, y) * sign;
  };
}

export function rowComparator(o: Ordering): RowComparator {
  const parts = o.terms.map(termComparator);
  const kc = comparatorFor(o.keyType);
  const k = o.key;
  parts.push((a, b) => kc(a[k], b[k]));
  if (o.abstract) parts.push((a, b) => {
    const x = a['__typename'] as string;
    const y = b['__typename'] as string;
    return x < y ? -1 : x > y ? 1 : 0;
  });
  if (parts.length === 1) return parts[0] as RowComparator;
  return (a, b) => {
    for (let i = 0; i < parts.length; i++) {
      const d = (parts[i] as RowComparator)(a, b);
      if (d !== 0) return d;
    }
    return 0;
  };
}

/**
 * The `n` smallest rows of `rows` in comparator order, sorted. Uses a bounded max-heap:
 * O(m log n) time and O(n) memory instead of a full sort.
 */
export function topN<T>(rows: Iterable<T>, cmp: (a: T, b: T) => number, n: number): T[] {
  if (n <= 0) return [];
  const heap: T[] = [];
  for (const r of rows) {
    if (heap.length < n) {
      heap.push(r);
      siftUp(heap, heap.length - 1, cmp);
    } else if (cmp(r, heap[0] as T) < 0) {
      heap[0] = r;
      siftDown(heap, 0, cmp);
    }
  }
  return heap.sort(cmp);
}

function siftUp<T>(h: T[], i: number, cmp: (a: T, b: T) => number): void {
  const x = h[i] as T;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (cmp(h[p] as T, x) >= 0) break;
    h[i] = h[p] as T;
    i = p;
  }
  h[i] = x;
}

function siftDown<T>(h: T[], i: number, cmp: (a: T, b: T) => number): void {
  const n = h.length;
  const x = h[i] as T;
  for (;;) {
    let c = 2 * i + 1;
    if (c >= n) break;
    if (c + 1 < n && cmp(h[c + 1] as T, h[c] as T) > 0) c++;
    if (cmp(h[c] as T, x) <= 0) break;
    h[i] = h[c] as T;
    i = c;
  }
  h[i] = x;
}
