// The differential oracle: graphql-js executing Quire's generated schema (printed SDL → buildSchema)
// with straightforward resolvers over the loaded JSON, written here from API.md alone — naive
// filters, sorts and pages over arrays. Slow and obvious on purpose.
import * as gql from 'graphql';
import { expect } from 'vitest';
import type { QueryEngine } from '../../src/query/engine.ts';
import type { Catalog, Entity } from '../../src/catalog/model.ts';

type Row = Record<string, unknown> & { __typename: string };
type Data = Record<string, Record<string, unknown>[]>;

const cps = (s: string) => [...s].map((c) => c.codePointAt(0)!);
export function cpCompare(a: string, b: string): number {
  const x = cps(a), y = cps(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

export class Oracle {
  readonly rows = new Map<string, Row[]>();
  private readonly byId = new Map<string, Map<string, Row>>();
  /** relation key `${type}.${field}` → row → related rows */
  private readonly links = new Map<string, Map<Row, Row[]>>();
  readonly schema: gql.GraphQLSchema;

  constructor(readonly catalog: Catalog, data: Data, sdl: string) {
    for (const name of Object.keys(catalog.entities)) {
      const rows = (data[name] ?? []).map((r) => ({ ...r, __typename: name }) as Row);
      this.rows.set(name, rows);
      this.byId.set(name, new Map(rows.map((r) => [String(r[catalog.entities[name]!.key.field]), r])));
    }
    // Relationships merged from both sides.
    const add = (key: string, from: Row, to: Row) => {
      let m = this.links.get(key);
      if (!m) this.links.set(key, (m = new Map()));
      const l = m.get(from) ?? [];
      if (!l.includes(to)) l.push(to);
      m.set(from, l);
    };
    for (const e of Object.values(catalog.entities)) {
      for (const rel of Object.values(e.relations)) {
        for (const row of this.rows.get(e.name)!) {
          const v = row[rel.name];
          if (v === undefined || v === null) continue;
          for (const id of Array.isArray(v) ? v : [v]) {
            const target = this.find(rel.targetEntities, String(id));
            if (!target) continue;
            add(`${e.name}.${rel.name}`, row, target);
            if (rel.inverse) add(`${target.__typename}.${rel.inverse}`, target, row);
          }
        }
      }
    }
    this.schema = gql.buildSchema(sdl);
    this.installResolvers();
  }

  private find(types: string[], id: string): Row | undefined {
    for (const t of types) { const r = this.byId.get(t)?.get(id); if (r) return r; }
    return undefined;
  }

  related(row: Row, field: string): Row[] {
    return this.links.get(`${row.__typename}.${field}`)?.get(row) ?? [];
  }

  private entity(row: Row): Entity { return this.catalog.entities[row.__typename]!; }

  private implementations(type: string): string[] {
    if (this.catalog.entities[type]) return [type];
    return this.catalog.interfaces[type]?.implementations ?? this.catalog.unions[type]?.members ?? [];
  }

  private columnsOf(type: string) {
    return (this.catalog.entities[type] ?? this.catalog.interfaces[type])!.columns;
  }

  // ---- API.md semantics, naively -----------------------------------------------------------

  matches(type: string, where: Record<string, unknown> | null | undefined, row: Row): boolean {
    if (!where) return true;
    for (const [k, v] of Object.entries(where)) {
      if (v === null || v === undefined) continue;
      if (k === 'and') { if (!(v as Record<string, unknown>[]).every((w) => this.matches(type, w, row))) return false; continue; }
      if (k === 'or') { if (!(v as Record<string, unknown>[]).some((w) => this.matches(type, w, row))) return false; continue; }
      if (k === 'not') { if (this.matches(type, v as Record<string, unknown>, row)) return false; continue; }
      const col = this.columnsOf(type)[k];
      if (col) { if (!this.columnMatches(col.kind, col.list, row[k], v as Record<string, unknown>)) return false; continue; }
      const rel = this.entity(row).relations[k]!;
      const rows = this.related(row, k);
      if (!rel.list) { if (!(rows.length > 0 && this.matches(rel.target, v as Record<string, unknown>, rows[0]!))) return false; continue; }
      for (const [mode, sub] of Object.entries(v as Record<string, unknown>)) {
        if (sub === null || sub === undefined) continue;
        const w = sub as Record<string, unknown>;
        const ok = mode === 'some' ? rows.some((r) => this.matches(rel.target, w, r))
          : mode === 'every' ? rows.every((r) => this.matches(rel.target, w, r))
          : !rows.some((r) => this.matches(rel.target, w, r));
        if (!ok) return false;
      }
    }
    return true;
  }

  private columnMatches(kind: string, list: boolean, value: unknown, filter: Record<string, unknown>): boolean {
    const norm = (x: unknown) => (kind === 'DateTime' && typeof x === 'string' ? Date.parse(x) : x);
    const cmp = (a: unknown, b: unknown) => typeof a === 'string' && kind !== 'DateTime' ? cpCompare(a, b as string) : (norm(a) as number) - (norm(b) as number);
    for (const [op, x] of Object.entries(filter)) {
      if (x === undefined) continue;
      if (x === null) return false;
      if (op === 'isNull') { if ((value === null || value === undefined) !== x) return false; continue; }
      if (value === null || value === undefined) return false;
      if (list) {
        const arr = value as unknown[];
        const has = (e: unknown) => arr.some((y) => norm(y) === norm(e));
        if (op === 'has' && !has(x)) return false;
        if (op === 'hasSome' && !(x as unknown[]).some(has)) return false;
        if (op === 'hasEvery' && !(x as unknown[]).every(has)) return false;
        if (op === 'isEmpty' && (arr.length === 0) !== x) return false;
        continue;
      }
      switch (op) {
        case 'eq': if (norm(value) !== norm(x)) return false; break;
        case 'ne': if (norm(value) === norm(x)) return false; break;
        case 'in': if (!(x as unknown[]).some((e) => norm(e) === norm(value))) return false; break;
        case 'notIn': if ((x as unknown[]).some((e) => norm(e) === norm(value))) return false; break;
        case 'lt': if (!(cmp(value, x) < 0)) return false; break;
        case 'lte': if (!(cmp(value, x) <= 0)) return false; break;
        case 'gt': if (!(cmp(value, x) > 0)) return false; break;
        case 'gte': if (!(cmp(value, x) >= 0)) return false; break;
        case 'contains': if (!(value as string).includes(x as string)) return false; break;
        case 'startsWith': if (!(value as string).startsWith(x as string)) return false; break;
        case 'endsWith': if (!(value as string).endsWith(x as string)) return false; break;
        default: throw new Error(op);
      }
    }
    return true;
  }

  sort(type: string, rows: Row[], orderBy: Record<string, string>[] | null | undefined): Row[] {
    const cols = this.columnsOf(type);
    const terms = (orderBy ?? []).map((o) => Object.entries(o)[0]!);
    const keyOf = (r: Row) => r[this.entity(r).key.field];
    return [...rows].sort((a, b) => {
      for (const [f, dir] of terms) {
        const x = a[f], y = b[f];
        let c: number;
        if ((x ?? null) === null && (y ?? null) === null) c = 0;
        else if ((x ?? null) === null) c = 1;
        else if ((y ?? null) === null) c = -1;
        else if (cols[f]!.kind === 'DateTime') c = Date.parse(x as string) - Date.parse(y as string);
        else if (cols[f]!.kind === 'Enum') c = this.enumRank(cols[f]!.typeName, x) - this.enumRank(cols[f]!.typeName, y);
        else if (typeof x === 'string') c = cpCompare(x, y as string);
        else c = (x as number) - (y as number);
        if (dir === 'DESC') c = -c;
        if (c !== 0) return c;
      }
      const ka = keyOf(a), kb = keyOf(b);
      const k = typeof ka === 'number' && typeof kb === 'number' ? ka - kb : cpCompare(String(ka), String(kb)); // Int keys numerically
      if (k !== 0) return k;
      return cpCompare(a.__typename, b.__typename);
    });
  }

  enumRank(enumName: string, v: unknown): number {
    return this.catalog.enums[enumName]!.values.findIndex((x) => x.name === v);
  }

  list(type: string, args: Record<string, unknown>, source?: Row[]): Row[] {
    const all = source ?? this.implementations(type).flatMap((t) => this.rows.get(t)!);
    const rows = this.sort(type, all.filter((r) => this.matches(type, args['where'] as Record<string, unknown>, r)), args['orderBy'] as Record<string, string>[]);
    const offset = (args['offset'] as number | null) ?? 0;
    const first = args['first'] as number | null | undefined;
    return rows.slice(offset, first === null || first === undefined ? undefined : offset + first);
  }

  aggregate(type: string, rows: Row[]) {
    const cols = this.columnsOf(type);
    const mm = Object.values(cols).filter((c) => c.orderable);
    const sa = Object.values(cols).filter((c) => !c.list && (c.kind === 'Int' || c.kind === 'Float'));
    if (rows.length === 0) return { count: 0, min: null, max: null, sum: null, avg: null };
    const pick = (sign: number) => Object.fromEntries(mm.map((c) => {
      const vals = rows.map((r) => r[c.name]).filter((v) => v !== null && v !== undefined);
      if (!vals.length) return [c.name, null];
      const cmp = (a: unknown, b: unknown) => c.kind === 'DateTime' ? Date.parse(a as string) - Date.parse(b as string)
        : c.kind === 'Enum' ? this.enumRank(c.typeName, a) - this.enumRank(c.typeName, b)
        : typeof a === 'string' ? cpCompare(a, b as string) : (a as number) - (b as number);
      return [c.name, vals.reduce((best, v) => (sign * cmp(v, best) < 0 ? v : best))];
    }));
    const nums = (c: { name: string }) => rows.map((r) => r[c.name]).filter((v): v is number => typeof v === 'number');
    const total = (v: number[]) => exactSum(v);
    return {
      count: rows.length, min: pick(1), max: pick(-1),
      sum: Object.fromEntries(sa.map((c) => { const v = nums(c); return [c.name, v.length ? total(v) : null]; })),
      avg: Object.fromEntries(sa.map((c) => { const v = nums(c); return [c.name, v.length ? total(v) / v.length : null]; })),
    };
  }

  connection(type: string, args: Record<string, unknown>) {
    const all = this.list(type, { where: args['where'], orderBy: args['orderBy'] });
    let ps = 0, pe = all.length;
    if (args['first'] !== null && args['first'] !== undefined) pe = Math.min(pe, args['first'] as number);
    if (args['last'] !== null && args['last'] !== undefined) ps = Math.max(ps, pe - (args['last'] as number));
    const page = all.slice(ps, pe);
    return {
      edges: page.map((node, i) => ({ cursor: `#${ps + i}`, node })), nodes: page, totalCount: all.length,
      pageInfo: { hasNextPage: pe < all.length, hasPreviousPage: ps > 0, startCursor: page.length ? `#${ps}` : null, endCursor: page.length ? `#${pe - 1}` : null },
    };
  }

  private installResolvers(): void {
    const s = this.schema;
    const q = s.getQueryType()!.getFields();
    for (const name of [...Object.keys(this.catalog.entities), ...Object.keys(this.catalog.interfaces)]) {
      const t = (this.catalog.entities[name] ?? this.catalog.interfaces[name])!;
      const { singular, plural, list } = t.names;
      q[singular]!.resolve = (_: unknown, args: Record<string, unknown>) =>
        this.implementations(name).map((i) => this.byId.get(i)!.get(String(args[t.key.field]))).find((r) => r) ?? null;
      q[list]!.resolve = (_: unknown, args: Record<string, unknown>) => this.list(name, args);
      q[`${plural}Connection`]!.resolve = (_: unknown, args: Record<string, unknown>) => this.connection(name, args);
      q[`${plural}Aggregate`]!.resolve = (_: unknown, args: Record<string, unknown>) =>
        this.aggregate(name, this.list(name, { where: args['where'] }));
    }
    for (const type of Object.values(s.getTypeMap())) {
      if (gql.isAbstractType(type)) (type as gql.GraphQLInterfaceType).resolveType = (v: Row) => v.__typename;
      if (!gql.isObjectType(type) || !this.catalog.entities[type.name]) continue;
      const e = this.catalog.entities[type.name]!;
      for (const [fname, field] of Object.entries(type.getFields())) {
        const rel = e.relations[fname];
        if (rel) {
          field.resolve = rel.list
            ? (row: Row, args: Record<string, unknown>) => this.list(rel.target, args, this.related(row, fname))
            : (row: Row) => this.related(row, fname)[0] ?? null;
        } else if (fname.endsWith('Aggregate') && e.relations[fname.slice(0, -9)]) {
          const r = e.relations[fname.slice(0, -9)]!;
          field.resolve = (row: Row, args: Record<string, unknown>) => this.aggregate(r.target, this.list(r.target, { where: args['where'] }, this.related(row, r.name)));
        }
      }
    }
  }

  execute(query: string, variables?: Record<string, unknown>) {
    return gql.graphqlSync({ schema: this.schema, source: query, variableValues: variables });
  }
}

/** Replaces cursors (opaque, engine-specific) by a marker so results compare structurally. */
export function normalizeCursors(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(normalizeCursors);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, /^(cursor|startCursor|endCursor)$|Cursor$/.test(k) && typeof x === 'string' ? '<cursor>' : normalizeCursors(x)]));
  }
  return v;
}

/**
 * The correctly rounded sum of finite doubles, the slow obvious way: every double is an integer
 * multiple of 2^-1074, so sum those integers exactly as BigInts and round once.
 */
export function exactSum(values: number[]): number {
  const view = new DataView(new ArrayBuffer(8));
  let acc = 0n;
  for (const v of values) {
    view.setFloat64(0, v);
    const bits = view.getBigUint64(0);
    const exp = Number((bits >> 52n) & 0x7ffn);
    let mant = bits & 0xfffffffffffffn;
    if (exp !== 0) mant |= 1n << 52n;
    const scaled = mant << BigInt(Math.max(exp - 1, 0)); // value = mant * 2^(exp-1075) = scaled * 2^-1074
    acc += bits >> 63n ? -scaled : scaled;
  }
  if (acc === 0n) return 0;
  const neg = acc < 0n;
  let m = neg ? -acc : acc;
  // Round m * 2^-1074 to the nearest double (ties to even).
  const len = m.toString(2).length;
  const shift = Math.max(len - 53, 0);
  const e = -1074 + shift;
  if (shift > 0) {
    const half = 1n << BigInt(shift - 1);
    const rem = m & ((1n << BigInt(shift)) - 1n);
    m >>= BigInt(shift);
    if (rem > half || (rem === half && (m & 1n) === 1n)) m += 1n;
  }
  const r = Number(m) * 2 ** e;
  return neg ? -r : r;
}

/**
 * Runs `q` twice on `engine` (the second run may be a result-cache hit): each answer has no error
 * and equals the general executor's (explain never takes a compiled plan) and the oracle's.
 */
export function expectAgreement(engine: QueryEngine, oracle: Oracle, q: { query: string; variables?: Record<string, unknown> }): void {
  for (let twice = 0; twice < 2; twice++) {
    const mine = engine.execute(q);
    expect(mine.errors, q.query).toBeUndefined();
    expect(mine, q.query).toEqual(engine.explain(q).response);
    const theirs = oracle.execute(q.query, q.variables);
    expect(theirs.errors, q.query).toBeUndefined();
    expect(normalizeCursors(mine.data), q.query).toEqual(normalizeCursors(JSON.parse(JSON.stringify(theirs.data))));
  }
}
