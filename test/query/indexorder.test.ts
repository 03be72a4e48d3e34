// Multi-field orderBy served by composite B-tree indexes, against an in-memory model sorted with
// API.md's rules (nulls last ASC / first DESC, ties by key ascending): random composite indexes in
// the SDL, random data with duplicates and nulls in every nullable column, random orderBy terms and
// directions (often the index's columns after an equality prefix), random `where` prefixes; lists
// with first/offset and connection walks both ways, cursors from another filter and from deleted
// rows. `explain` and a counting store prove a page reads about its own size.
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createQueryEngine, type QueryEngine } from '../../src/query/engine.ts';
import type { ReadView } from '../../src/query/source.ts';
import { openTestDb, type TestDb } from './fixtures.ts';
import { cpCompare } from './oracle.ts';
import { compareKind, compareTerms, LEVELS, type Kind } from './order-model.ts';

type Row = Record<string, unknown>;
type Dir = 'ASC' | 'DESC';
const FIELDS: Record<string, Kind> = { a: 'num', b: 'str', c: 'num', d: 'enum', e: 'num', id: 'str' };
const COLUMNS = ['a', 'b', 'c', 'd', 'e'];
/** Each column's values (e is non-null); the generator adds nulls to the nullable ones. */
const DOMAIN: Record<string, readonly unknown[]> = {
  a: [-2, -1, 0, 1, 2], b: ['', 'a', 'ab', 'b', '10', '2', '\u{1F600}', '\uFFFF'], c: [-1.5, 0, 0.25, 1, 2.5], d: LEVELS, e: [0, 1, 2],
};

function sdlOf(composite: string[], single: string[]): string {
  const ix = (f: string) => (single.includes(f) ? ' @index' : '');
  return `enum Level { LOW MID HIGH }
type Rec @index(fields: ${JSON.stringify(composite)}) {
  id: ID!
  a: Int${ix('a')}
  b: String${ix('b')}
  c: Float${ix('c')}
  d: Level${ix('d')}
  e: Int!${ix('e')}
}`;
}

/** API.md's order: each term (null the greatest value; DESC reverses), then the key ascending. */
function modelComparator(order: [string, Dir][]): (a: Row, b: Row) => number {
  return (a, b) => compareTerms(a, b, order, (f) => FIELDS[f]!) || cpCompare(a['id'] as string, b['id'] as string);
}

// ---- arbitraries -------------------------------------------------------------------------------

/** A column's values; `narrow`: two values and rare nulls, so runs of equal values are long. */
const valueOf = (f: string, narrow: boolean) => {
  const values = fc.constantFrom(...DOMAIN[f]!.slice(0, narrow ? 2 : undefined));
  return f === 'e' ? values : fc.option(values, { nil: null, freq: narrow ? 8 : 3 });
};
const dataset = fc.boolean().chain((narrow) => fc.tuple(fc.constant(narrow),
  fc.uniqueArray(fc.string({ minLength: 1, maxLength: 3, unit: fc.constantFrom('0', '1', 'a', 'B', '\u{1F600}') }), { minLength: narrow ? 20 : 1, maxLength: narrow ? 60 : 40 })))
  .chain(([narrow, ids]) => fc.tuple(...ids.map((id) => fc.record({ id: fc.constant(id), a: valueOf('a', narrow), b: valueOf('b', narrow), c: valueOf('c', narrow), d: valueOf('d', narrow), e: valueOf('e', narrow) }))));
const schemaArb = fc.record({
  composite: fc.shuffledSubarray(COLUMNS, { minLength: 2, maxLength: 4 }),
  single: fc.subarray(COLUMNS),
});

/** A query's shape: equalities on a prefix of the index, order terms (often the next index columns), maybe a range. */
interface Shape { eq: [string, unknown][]; order: [string, Dir][]; range: [string, 'gt' | 'lte', unknown] | null }
const shapeArb = (composite: string[]): fc.Arbitrary<Shape> => fc.record({
  prefix: fc.nat(composite.length - 1),
  width: fc.integer({ min: 1, max: 3 }),
  sameDir: fc.boolean(),
  dir: fc.constantFrom<Dir>('ASC', 'DESC'),
  dirs: fc.array(fc.constantFrom<Dir>('ASC', 'DESC'), { minLength: 4, maxLength: 4 }),
  key: fc.option(fc.constantFrom<Dir>('ASC', 'DESC'), { nil: null }),
  // A quarter of the orders are any terms at all (the index may or may not deliver them).
  random: fc.oneof({ weight: 3, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.uniqueArray(fc.tuple(fc.constantFrom(...COLUMNS, 'id'), fc.constantFrom<Dir>('ASC', 'DESC')), { minLength: 1, maxLength: 3, selector: (t) => t[0] }) }),
  values: fc.tuple(...COLUMNS.map((f) => fc.constantFrom(...DOMAIN[f]!))),
  ranged: fc.option(fc.tuple(fc.constantFrom<'gt' | 'lte'>('gt', 'lte'), fc.nat(4)), { nil: null, freq: 3 }),
  // Order terms on the equality's columns first (constant among the matches).
  constants: fc.boolean(),
}).map(({ prefix, width, sameDir, dir, dirs, key, random, values, ranged, constants }): Shape => {
  const eq = composite.slice(0, prefix).map((f): [string, unknown] => [f, values[COLUMNS.indexOf(f)]]);
  let order: [string, Dir][] = random ?? composite.slice(prefix, prefix + width).map((f, i) => [f, sameDir ? dir : dirs[i]!]);
  if (!random && constants) order = [...eq.map(([f], i): [string, Dir] => [f, dirs[3 - i]!]), ...order];
  if (!random && key) order = [...order, ['id', key]];
  const lead = order[0]?.[0];
  const range: Shape['range'] = ranged && lead && lead !== 'id' && lead !== 'd' ? [lead, ranged[0], DOMAIN[lead]![ranged[1] % DOMAIN[lead]!.length]] : null;
  return { eq, order, range };
});

function whereText(s: Shape): string {
  const ops = new Map<string, string[]>();
  const add = (f: string, op: string) => { const l = ops.get(f); if (l) l.push(op); else ops.set(f, [op]); };
  for (const [f, v] of s.eq) add(f, `eq: ${lit(f, v)}`);
  if (s.range) add(s.range[0], `${s.range[1]}: ${lit(s.range[0], s.range[2])}`);
  return `{${[...ops].map(([f, l]) => `${f}: {${l.join(', ')}}`).join(', ')}}`;
}
const lit = (f: string, v: unknown) => (FIELDS[f] === 'enum' ? String(v) : JSON.stringify(v));
const orderText = (o: [string, Dir][]) => `[${o.map(([f, d]) => `{${f}: ${d}}`).join(', ')}]`;

function matches(s: Shape, r: Row): boolean {
  for (const [f, v] of s.eq) if (r[f] === null || compareKind(FIELDS[f]!, r[f], v) !== 0) return false;
  if (s.range) {
    const [f, op, v] = s.range;
    if (r[f] === null) return false;
    const d = compareKind(FIELDS[f]!, r[f], v);
    if (op === 'gt' ? d <= 0 : d > 0) return false;
  }
  return true;
}

// ---- engine calls ------------------------------------------------------------------------------

function list(engine: QueryEngine, where: string, order: string, first: number | null, offset: number | null): { ids: string[]; access: string } {
  const args = [`where: ${where}`, `orderBy: ${order}`, ...(first !== null ? [`first: ${first}`] : []), ...(offset !== null ? [`offset: ${offset}`] : [])];
  const r = engine.explain({ query: `{ recs(${args.join(', ')}) { id } }` });
  expect(r.response.errors).toBeUndefined();
  const node = r.plan.find((n) => n.operation === 'list')!;
  return { ids: (r.response.data!['recs'] as Row[]).map((x) => x['id'] as string), access: node.access };
}

interface Page { ids: string[]; cursors: string[]; hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null }

function page(engine: QueryEngine, where: string, order: string, args: { first?: number; last?: number; after?: string | null; before?: string | null }): Page {
  const parts = [`where: ${where}`, `orderBy: ${order}`];
  if (args.first !== undefined) parts.push(`first: ${args.first}`);
  if (args.last !== undefined) parts.push(`last: ${args.last}`);
  if (args.after) parts.push(`after: ${JSON.stringify(args.after)}`);
  if (args.before) parts.push(`before: ${JSON.stringify(args.before)}`);
  const r = engine.execute({ query: `{ c: recsConnection(${parts.join(', ')}) { edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }` });
  expect(r.errors).toBeUndefined();
  const c = r.data!['c'] as { edges: { cursor: string; node: Row }[]; pageInfo: Omit<Page, 'ids' | 'cursors'> };
  return { ids: c.edges.map((e) => e.node['id'] as string), cursors: c.edges.map((e) => e.cursor), ...c.pageInfo };
}

// ---- the model ---------------------------------------------------------------------------------

describe('composite index order matches the model', () => {
  it('lists (first/offset) and connection walks both ways, cursors from another filter and from deleted rows', async () => {
    let indexOrdered = 0;
    let queries = 0;
    await fc.assert(fc.asyncProperty(schemaArb.chain((s) => fc.tuple(fc.constant(s), dataset, fc.array(shapeArb(s.composite), { minLength: 1, maxLength: 4 }),
      fc.array(fc.tuple(fc.option(fc.nat(12), { nil: null }), fc.option(fc.nat(40), { nil: null })), { minLength: 3, maxLength: 3 }),
      fc.integer({ min: 1, max: 6 }), fc.array(fc.nat(), { maxLength: 6 }))),
    async ([schema, data, shapes, slices, size, doomed]) => {
      const db = await openTestDb(sdlOf(schema.composite, schema.single), { Rec: data });
      let rows = data as Row[];
      for (const [qi, s] of shapes.entries()) {
        const where = whereText(s);
        const ob = orderText(s.order);
        const cmp = modelComparator(s.order);
        const all = rows.filter((r) => matches(s, r)).sort(cmp);
        const expected = all.map((r) => r['id'] as string);
        const label = JSON.stringify({ schema, where, ob });
        // Lists: whole, and first/offset slices.
        expect(list(db.engine, where, ob, null, null).ids, label).toEqual(expected);
        for (const [first, offset] of slices) {
          const got = list(db.engine, where, ob, first, offset);
          const from = offset ?? 0;
          expect(got.ids, `${label} first ${first} offset ${offset}`).toEqual(expected.slice(from, first === null ? undefined : from + first));
          queries++;
          if (got.access.startsWith('index order')) indexOrdered++;
        }
        // Connection walks: forward pages after the end cursor, backward pages before the start cursor.
        const seen: string[] = [];
        let p = page(db.engine, where, ob, { first: size });
        for (let i = 0; ; i++) {
          expect(p.ids, label).toEqual(expected.slice(i * size, (i + 1) * size));
          expect([p.hasPreviousPage, p.hasNextPage], label).toEqual([i > 0, (i + 1) * size < expected.length]);
          seen.push(...p.ids);
          if (!p.hasNextPage) break;
          p = page(db.engine, where, ob, { first: size, after: p.endCursor });
        }
        expect(seen, label).toEqual(expected);
        const back: string[] = [];
        p = page(db.engine, where, ob, { last: size });
        for (let i = 0; ; i++) {
          const end = expected.length - i * size;
          expect(p.ids, label).toEqual(expected.slice(Math.max(0, end - size), end));
          expect([p.hasPreviousPage, p.hasNextPage], label).toEqual([end - size > 0, i > 0]);
          back.unshift(...p.ids);
          if (!p.hasPreviousPage) break;
          p = page(db.engine, where, ob, { last: size, before: p.startCursor });
        }
        expect(back, label).toEqual(expected);
        // Cursors of the unfiltered order used with the filter: positions, not rows of the window.
        const everything = page(db.engine, '{}', ob, {});
        const byId = new Map(rows.map((r) => [r['id'] as string, r]));
        for (const [k] of slices) {
          if (k === null || k >= everything.ids.length) continue;
          const at = byId.get(everything.ids[k]!)!;
          const after = page(db.engine, where, ob, { first: size, after: everything.cursors[k]! });
          expect(after.ids, `${label} after unfiltered #${k}`).toEqual(all.filter((r) => cmp(r, at) > 0).slice(0, size).map((r) => r['id']));
          const before = page(db.engine, where, ob, { last: size, before: everything.cursors[k]! });
          expect(before.ids, `${label} before unfiltered #${k}`).toEqual(all.filter((r) => cmp(r, at) < 0).slice(-size).map((r) => r['id']));
        }
        if (qi === 0 && doomed.length) {
          // Cursors stay positions when their rows are deleted.
          const gone = [...new Set(doomed.map((i) => rows[i % rows.length]!['id'] as string))];
          const cursors = new Map(everything.ids.map((id, i) => [id, everything.cursors[i]!]));
          expect(db.engine.execute({ query: `mutation { deleteRecs(where: {id: {in: ${JSON.stringify(gone)}}}) { id } }` }).errors).toBeUndefined();
          const dead = rows.filter((r) => gone.includes(r['id'] as string));
          rows = rows.filter((r) => !gone.includes(r['id'] as string));
          const live = rows.filter((r) => matches(s, r)).sort(cmp);
          for (const d of dead) {
            const got = page(db.engine, where, ob, { first: size, after: cursors.get(d['id'] as string)! });
            expect(got.ids, `${label} after deleted ${String(d['id'])}`).toEqual(live.filter((r) => cmp(r, d) > 0).slice(0, size).map((r) => r['id']));
            const gotBack = page(db.engine, where, ob, { last: size, before: cursors.get(d['id'] as string)! });
            expect(gotBack.ids, `${label} before deleted ${String(d['id'])}`).toEqual(live.filter((r) => cmp(r, d) < 0).slice(-size).map((r) => r['id']));
          }
        }
      }
    }), { numRuns: 30 });
    // The property exercised the index walk, not only the heap fallback.
    expect(indexOrdered).toBeGreaterThan(queries / 10);
  }, 120_000);
});

// ---- explain and counted reads -----------------------------------------------------------------

describe('explain: a composite index delivers the order and a page reads about its own size', () => {
  const N = 3000;
  const SDL = `enum Level { LOW MID HIGH }
type Rec @index(fields: ["a", "b"]) { id: ID!  a: Int  b: String  c: Float  d: Level  e: Int! }`;
  // a: runs of ~270 and nulls; b: 37 values and nulls, so (a, b) runs of ~7.
  const recs = Array.from({ length: N }, (_, i) => ({
    id: `r${String(i).padStart(5, '0')}`, a: i % 11 === 0 ? null : i % 10, b: i % 13 === 0 ? null : `b${(i * 7) % 37}`, c: null, d: null, e: i % 5,
  }));
  const model = (order: [string, Dir][], pred: (r: Row) => boolean) => recs.filter(pred).sort(modelComparator(order)).map((r) => r.id);

  let db: TestDb;
  /** An engine over the same store whose reads are counted: rows got, and index/table entries the walk reads (planner probes, which count up to a cap, excluded). */
  let counted: QueryEngine;
  const counts = { gets: 0, entries: 0 };
  beforeAll(async () => {
    db = await openTestDb(SDL, { Rec: recs });
    const wrap = (v: ReadView): ReadView => ({
      get: (t, k) => { counts.gets++; return v.get(t, k); },
      *range(t, o) { const walk = o?.limit === undefined || o.limit <= 1; for (const e of v.range(t, o)) { if (walk) counts.entries++; yield e; } },
      count: (t) => v.count(t),
    });
    counted = createQueryEngine({ catalog: db.catalog, store: { read: <T>(fn: (view: ReadView) => T): T => db.store.read((v) => fn(wrap(v))), begin: () => db.store.begin() }, options: { resultCacheSize: 0, rowCacheSize: 0 } });
  });
  const measure = <T>(fn: () => T): { value: T; gets: number; entries: number } => {
    counts.gets = 0;
    counts.entries = 0;
    const value = fn();
    return { value, gets: counts.gets, entries: counts.entries };
  };

  const CASES: { order: [string, Dir][]; where: string; pred: (r: Row) => boolean; describe: string }[] = [
    { order: [['a', 'ASC'], ['b', 'ASC']], where: '{}', pred: () => true, describe: 'index order idx_a_b' },
    { order: [['a', 'DESC'], ['b', 'DESC']], where: '{}', pred: () => true, describe: 'index order idx_a_b (reverse)' },
    { order: [['a', 'DESC'], ['b', 'DESC'], ['id', 'DESC']], where: '{}', pred: () => true, describe: 'index order idx_a_b (reverse)' },
    { order: [['a', 'ASC'], ['b', 'DESC']], where: '{}', pred: () => true, describe: 'index order idx_a_b' },
    { order: [['b', 'ASC']], where: '{a: {eq: 3}}', pred: (r) => r['a'] === 3, describe: 'index order idx_a_b after equality on a' },
    { order: [['a', 'ASC'], ['b', 'DESC']], where: '{a: {eq: 3}}', pred: (r) => r['a'] === 3, describe: 'index order idx_a_b after equality on a (reverse)' },
    { order: [['a', 'DESC'], ['b', 'ASC']], where: '{a: {gte: 4, lt: 6}}', pred: (r) => r['a'] !== null && (r['a'] as number) >= 4 && (r['a'] as number) < 6,
      describe: 'index order idx_a_b within a range on a (reverse)' },
  ];

  it('lists stop after offset + first: the index in the plan, no sort, about offset + first rows read', () => {
    for (const c of CASES) {
      const ob = orderText(c.order);
      const expected = model(c.order, c.pred);
      const r = db.engine.explain({ query: `{ recs(where: ${c.where}, orderBy: ${ob}, first: 10, offset: 20) { id } }` });
      expect((r.response.data!['recs'] as Row[]).map((x) => x['id']), ob).toEqual(expected.slice(20, 30));
      const node = r.plan.find((n) => n.operation === 'list')!;
      expect(node.access, ob).toBe(c.describe);
      expect(node.index).toBe('idx_a_b');
      expect([node.sort, node.ordered, node.actualRows], ob).toEqual(['none', true, 10]);
      const m = measure(() => counted.execute({ query: `{ recs(where: ${c.where}, orderBy: ${ob}, first: 10, offset: 20) { id } }` }));
      expect(m.value.errors).toBeUndefined();
      // offset + first rows, each one index entry; a level whose deeper levels hold nulls to move
      // finds each distinct value with a one-entry seek (runs of ~7 here), and a level read against
      // the key buffers at most 4 entries of a run past the page.
      expect(m.gets, ob).toBe(30);
      expect(m.entries, ob).toBeLessThanOrEqual(30 + 30 / 7 + 5);
    }
  });

  it('connections seek the full tuple: after / before near the start, middle and end read about the page', () => {
    for (const c of CASES) {
      const ob = orderText(c.order);
      const expected = model(c.order, c.pred);
      const conn = (args: string) => db.engine.explain({ query: `{ c: recsConnection(where: ${c.where}, orderBy: ${ob}, ${args}) { edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage } } }` });
      const whole = conn(`first: ${N}`).response.data!['c'] as { edges: { cursor: string; node: Row }[] };
      expect(whole.edges.map((e) => e.node['id'])).toEqual(expected);
      const n = expected.length;
      for (const at of [n - 10, n >> 1, 6]) {
        const cursor = JSON.stringify(whole.edges[at]!.cursor);
        for (const [args, want] of [[`first: 5, after: ${cursor}`, expected.slice(at + 1, at + 6)], [`last: 5, before: ${cursor}`, expected.slice(at - 5, at)]] as const) {
          const r = conn(args);
          const page = r.response.data!['c'] as { edges: { node: Row }[]; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean } };
          expect(page.edges.map((e) => e.node['id']), `${ob} ${args}`).toEqual(want);
          expect(page.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: true });
          const node = r.plan.find((x) => x.operation === 'connection')!;
          expect(node.access, ob).toContain(c.describe);
          expect(node.access, ob).toContain(args.startsWith('first') ? 'seek past the cursor' : 'read backward from the cursor');
          expect(node.sort).toBe('none');
          // the page, the row past it (a page-info flag) and the cursor's own row (the seek is inclusive)
          expect(node.actualRows, `${ob} ${args}`).toBeLessThanOrEqual(7);
          for (const flag of r.plan.filter((x) => x.operation.startsWith('connection ('))) expect(flag.actualRows, `${ob} ${args} ${flag.operation}`).toBeLessThanOrEqual(2);
          const m = measure(() => counted.execute({ query: `{ c: recsConnection(where: ${c.where}, orderBy: ${ob}, ${args}) { edges { node { id } } pageInfo { hasNextPage hasPreviousPage } } }` }));
          expect(m.value.errors).toBeUndefined();
          expect(m.gets, `${ob} ${args}`).toBeLessThanOrEqual(9);
          expect(m.entries, `${ob} ${args}`).toBeLessThanOrEqual(16);
        }
      }
    }
  });
});
