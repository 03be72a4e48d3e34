// Keyset connections against a simple model (all rows in memory, sorted with API.md's rules:
// nulls last ASC / first DESC, ties by key, then type name): random data with duplicate and null
// sort values, random orderBy and filters, random first/after/last/before pages and whole walks
// forward and backward over single-column, composite and no indexes, Int keys and an interface.
// `explain` proves a page reads about its own size, not the table.
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { openTestDb, type TestDb } from './fixtures.ts';
import { cpCompare } from './oracle.ts';
import { compareKind, compareTerms, LEVELS, type Kind } from './order-model.ts';

const SDL = `
enum Level { LOW MID HIGH }
type Item @index(fields: ["m", "n"]) {
  id: ID!
  a: Int @index
  s: String @index
  m: Int
  n: Int
  f: Float
  e: Level @index
}
type Counter { k: Int! @id  a: Int @index  f: Float }
interface Thing { id: ID!  v: Int }
type Alpha implements Thing { id: ID!  v: Int @index }
type Beta implements Thing { id: ID!  v: Int }
`;

type Row = Record<string, unknown> & { __typename: string };

/** The fields each connection orders by (with how they compare), its key and key kind. */
const TABLES = {
  items: { type: 'Item', key: 'id', keyKind: 'str' as Kind, fields: { id: 'str', a: 'num', s: 'str', m: 'num', n: 'num', f: 'num', e: 'enum' } as Record<string, Kind> },
  counters: { type: 'Counter', key: 'k', keyKind: 'num' as Kind, fields: { k: 'num', a: 'num', f: 'num' } as Record<string, Kind> },
  things: { type: 'Thing', key: 'id', keyKind: 'str' as Kind, fields: { id: 'str', v: 'num' } as Record<string, Kind> },
};
type Table = keyof typeof TABLES;

/** The model's order: each term (nulls last ASC, first DESC), then the key ascending, then the type name. */
function modelComparator(table: Table, order: [string, 'ASC' | 'DESC'][]): (a: Row, b: Row) => number {
  const t = TABLES[table];
  return (a, b) => {
    const byTerms = compareTerms(a, b, order, (f) => t.fields[f]!);
    if (byTerms !== 0) return byTerms;
    const d = compareKind(t.keyKind, a[t.key], b[t.key]);
    if (d !== 0) return d;
    return a.__typename < b.__typename ? -1 : a.__typename > b.__typename ? 1 : 0;
  };
}

// ---- data ----------------------------------------------------------------------------------

const small = fc.option(fc.integer({ min: -2, max: 2 }), { nil: null, freq: 4 });
const str = fc.option(fc.constantFrom('', 'a', 'ab', 'b', '10', '2', '\u{1F600}', '\uFFFF'), { nil: null, freq: 4 });
const float = fc.option(fc.constantFrom(-1.5, 0, 0.25, 1, 2.5), { nil: null, freq: 4 });
const level = fc.option(fc.constantFrom(...LEVELS), { nil: null, freq: 4 });
const ids = (max: number) => fc.uniqueArray(fc.string({ minLength: 1, maxLength: 3, unit: fc.constantFrom('0', '1', '2', 'a', 'B', '\u{1F600}') }), { maxLength: max });

const dataset = fc.record({
  Item: ids(30).chain((keys) => fc.tuple(...keys.map((id) => fc.record({ id: fc.constant(id), a: small, s: str, m: small, n: small, f: float, e: level })))),
  Counter: fc.uniqueArray(fc.integer({ min: -50, max: 50 }), { maxLength: 20 }).chain((keys) => fc.tuple(...keys.map((k) => fc.record({ k: fc.constant(k), a: small, f: float })))),
  Alpha: ids(12).chain((keys) => fc.tuple(...keys.map((id) => fc.record({ id: fc.constant(id), v: small })))),
  Beta: ids(12).chain((keys) => fc.tuple(...keys.map((id) => fc.record({ id: fc.constant(id), v: small })))),
});
type Data = { [T in 'Item' | 'Counter' | 'Alpha' | 'Beta']: Record<string, unknown>[] };

function rowsOf(data: Data, table: Table): Row[] {
  const tag = (type: string) => (r: Record<string, unknown>): Row => ({ ...r, __typename: type });
  if (table === 'items') return data.Item.map(tag('Item'));
  if (table === 'counters') return data.Counter.map(tag('Counter'));
  return [...data.Alpha.map(tag('Alpha')), ...data.Beta.map(tag('Beta'))];
}

/** Filters the query passes, with the model's predicate for each. */
const FILTERS: Record<Table, [string, (r: Row) => boolean][]> = {
  items: [
    ['{}', () => true],
    ['{a: {gt: -1}}', (r) => r['a'] !== null && (r['a'] as number) > -1],
    ['{s: {startsWith: "a"}}', (r) => typeof r['s'] === 'string' && r['s'].startsWith('a')],
    ['{f: {lt: 1}}', (r) => r['f'] !== null && (r['f'] as number) < 1],
    ['{id: {gte: "1"}}', (r) => cpCompare(r['id'] as string, '1') >= 0],
  ],
  counters: [['{}', () => true], ['{k: {lt: 10}}', (r) => (r['k'] as number) < 10], ['{a: {lte: 0}}', (r) => r['a'] !== null && (r['a'] as number) <= 0]],
  things: [['{}', () => true], ['{v: {gte: 0}}', (r) => r['v'] !== null && (r['v'] as number) >= 0]],
};

// ---- engine calls ----------------------------------------------------------------------------

interface Page { ids: string[]; cursors: string[]; hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null }

function page(db: TestDb, table: Table, where: string, orderBy: string, args: { first?: number | null; last?: number | null; after?: string | null; before?: string | null }): Page {
  const parts = [`where: ${where}`, `orderBy: ${orderBy}`];
  for (const k of ['first', 'last'] as const) if (args[k] !== undefined && args[k] !== null) parts.push(`${k}: ${args[k]}`);
  for (const k of ['after', 'before'] as const) if (args[k] !== undefined && args[k] !== null) parts.push(`${k}: ${JSON.stringify(args[k])}`);
  const key = TABLES[table].key;
  const r = db.engine.execute({ query: `{ c: ${table}Connection(${parts.join(', ')}) { edges { cursor node { __typename ${key} } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }` });
  expect(r.errors).toBeUndefined();
  const c = r.data!['c'] as { edges: { cursor: string; node: Row }[]; pageInfo: Omit<Page, 'ids' | 'cursors'> };
  return { ids: c.edges.map((e) => idOf(table, e.node)), cursors: c.edges.map((e) => e.cursor), ...c.pageInfo };
}

const idOf = (table: Table, r: Row): string => `${r.__typename}:${String(r[TABLES[table].key])}`;

/**
 * API.md's page of the model: the window after/before (cursor positions: rows, perhaps since
 * deleted), then `first` takes its start and `last` its end.
 */
function modelPage(all: Row[], cmp: (a: Row, b: Row) => number, after: Row | null, before: Row | null, first: number | null, last: number | null) {
  const ws = after === null ? 0 : all.filter((r) => cmp(r, after) <= 0).length;
  const we = before === null ? all.length : Math.max(ws, all.filter((r) => cmp(r, before) < 0).length);
  const pe = first === null ? we : Math.min(we, ws + first);
  const ps = last === null ? ws : Math.max(ws, pe - last);
  return { rows: all.slice(ps, pe), hasPreviousPage: ps > 0, hasNextPage: pe < all.length };
}

const orderArb = (table: Table) => {
  const fields = Object.keys(TABLES[table].fields);
  const term = fc.tuple(fc.constantFrom(...fields), fc.constantFrom<'ASC' | 'DESC'>('ASC', 'DESC'));
  return fc.oneof({ weight: 1, arbitrary: fc.constant([] as [string, 'ASC' | 'DESC'][]) }, { weight: 5, arbitrary: fc.array(term, { minLength: 1, maxLength: 1 }) },
    { weight: 1, arbitrary: fc.uniqueArray(term, { minLength: 2, maxLength: 2, selector: (t) => t[0] }) });
};
const orderText = (o: [string, string][]) => `[${o.map(([f, d]) => `{${f}: ${d}}`).join(', ')}]`;

describe('keyset connections match the model', () => {
  for (const table of Object.keys(TABLES) as Table[]) {
    it(`${table}: walks forward and backward visit every row once, in order; random windows match`, async () => {
      await fc.assert(fc.asyncProperty(dataset, fc.infiniteStream(fc.tuple(orderArb(table), fc.nat(FILTERS[table].length - 1), fc.integer({ min: 1, max: 7 }))),
        fc.array(fc.tuple(fc.option(fc.nat(40), { nil: null }), fc.option(fc.nat(40), { nil: null }), fc.option(fc.nat(8), { nil: null }), fc.option(fc.nat(8), { nil: null })), { minLength: 1, maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        async (data, walks, probes, doomed) => {
          const db = await openTestDb(SDL, data);
          let rows = rowsOf(data as unknown as Data, table);
          let w = 0;
          for (const [order, fi, size] of walks) {
            if (w++ >= 4) break;
            const [where, pred] = FILTERS[table][fi]!;
            const all = rows.filter(pred).sort(modelComparator(table, order));
            const expected = all.map((r) => idOf(table, r));
            const ob = orderText(order);
            // The whole list in one page: the model's order, and every row's cursor.
            const whole = page(db, table, where, ob, {});
            expect(whole.ids).toEqual(expected);
            expect([whole.hasPreviousPage, whole.hasNextPage]).toEqual([false, false]);
            // Forward walk: pages of `size`, each after the previous end cursor.
            const seen: string[] = [];
            let p = page(db, table, where, ob, { first: size });
            for (let i = 0; ; i++) {
              expect(p.ids).toEqual(expected.slice(i * size, (i + 1) * size));
              expect(p.hasPreviousPage).toBe(i > 0);
              expect(p.hasNextPage).toBe((i + 1) * size < expected.length);
              seen.push(...p.ids);
              if (!p.hasNextPage) break;
              p = page(db, table, where, ob, { first: size, after: p.endCursor });
            }
            expect(seen).toEqual(expected);
            // Backward walk: pages of `size`, each before the previous start cursor.
            const back: string[] = [];
            p = page(db, table, where, ob, { last: size });
            for (let i = 0; ; i++) {
              const end = expected.length - i * size;
              expect(p.ids).toEqual(expected.slice(Math.max(0, end - size), end));
              expect(p.hasNextPage).toBe(i > 0);
              expect(p.hasPreviousPage).toBe(end - size > 0);
              back.unshift(...p.ids);
              if (!p.hasPreviousPage) break;
              p = page(db, table, where, ob, { last: size, before: p.startCursor });
            }
            expect(back).toEqual(expected);
            // Random windows: after/before at any row's cursor, first and/or last.
            const cmp = modelComparator(table, order);
            const probe = (live: Row[]) => {
              for (const [ai, bi, first, last] of probes) {
                const after = ai === null || ai >= all.length ? null : ai;
                const before = bi === null || bi >= all.length ? null : bi;
                const got = page(db, table, where, ob, { first, last, after: after === null ? null : whole.cursors[after], before: before === null ? null : whole.cursors[before] });
                const want = modelPage(live, cmp, after === null ? null : all[after]!, before === null ? null : all[before]!, first, last);
                const label = JSON.stringify({ order, where, after, before, first, last });
                expect(got.ids, label).toEqual(want.rows.map((r) => idOf(table, r)));
                expect([got.hasPreviousPage, got.hasNextPage], label).toEqual([want.hasPreviousPage, want.hasNextPage]);
              }
            };
            probe(all);
            if (w === 1 && doomed.length) {
              // Cursors stay positions when their rows are deleted: delete some, probe again with the old cursors.
              const gone = new Set(doomed.map((i) => rows[i % rows.length]!).filter((r) => r !== undefined).map((r) => idOf(table, r)));
              for (const [type, plural] of [['Item', 'items'], ['Counter', 'counters'], ['Alpha', 'alphas'], ['Beta', 'betas']]) {
                const key = type === 'Counter' ? 'k' : 'id';
                const keys = rows.filter((r) => r.__typename === type && gone.has(idOf(table, r))).map((r) => r[key]);
                if (keys.length) expect(db.engine.execute({ query: `mutation { delete${plural[0]!.toUpperCase()}${plural.slice(1)}(where: {${key}: {in: ${JSON.stringify(keys)}}}) { ${key} } }` }).errors).toBeUndefined();
              }
              rows = rows.filter((r) => !gone.has(idOf(table, r)));
              probe(all.filter((r) => !gone.has(idOf(table, r))));
            }
          }
        }), { numRuns: 20 });
    });
  }
});

describe('a page reads about its own size, not the table (explain)', () => {
  const N = 3000;
  // a: 100 distinct values (runs of 30) and nulls; s: unique; m, n: a composite index; f: no index.
  const items = Array.from({ length: N }, (_, i) => ({
    id: `i${String(i).padStart(5, '0')}`, a: i % 7 === 0 ? null : i % 100, s: `s${String((i * 7919) % N).padStart(5, '0')}`, m: i % 10, n: i % 13, f: (i * 31) % 97,
  }));
  type Node = { operation: string; access: string; actualRows: number; sort: string; children: Node[] };
  const explain = (db: TestDb, args: string, order: string, where = '{}') => {
    const r = db.engine.explain({ query: `{ c: itemsConnection(where: ${where}, orderBy: ${order}, ${args}) { edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage } } }` });
    expect(r.response.errors).toBeUndefined();
    const c = r.response.data!['c'] as { edges: { cursor: string; node: { id: string } }[]; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean } };
    return { ids: c.edges.map((e) => e.node.id), cursors: c.edges.map((e) => e.cursor), pageInfo: c.pageInfo, plan: r.plan as unknown as Node[] };
  };
  const model = (order: [string, 'ASC' | 'DESC'][], pred: (r: Row) => boolean = () => true) =>
    items.map((r) => ({ ...r, __typename: 'Item' })).filter(pred).sort(modelComparator('items', order)).map((r) => r.id);

  let db: TestDb;
  beforeAll(async () => { db = await openTestDb(SDL, { Item: items }); });

  it('after near the end seeks; last/before read backward; both flags cost one row each', () => {
    for (const [order, text] of [
      [[['a', 'ASC']], '[{a: ASC}]'], [[['a', 'DESC']], '[{a: DESC}]'], [[['s', 'DESC']], '[{s: DESC}]'], [[], '[]'], [[['id', 'DESC']], '[{id: DESC}]'], [[['m', 'ASC']], '[{m: ASC}]'],
    ] as [[string, 'ASC' | 'DESC'][], string][]) {
      const expected = model(order);
      const whole = explain(db, 'first: 3000', text);
      expect(whole.ids).toEqual(expected);
      for (const at of [2990, 1500, 5]) {
        const fwd = explain(db, `first: 5, after: ${JSON.stringify(whole.cursors[at])}`, text);
        expect(fwd.ids, text).toEqual(expected.slice(at + 1, at + 6));
        expect(fwd.pageInfo).toEqual({ hasNextPage: at + 6 < N, hasPreviousPage: true });
        const page = fwd.plan.find((n) => n.operation === 'connection')!;
        expect(page.access, text).toContain('seek past the cursor');
        // a composite index re-sorts each run of its leading column (runs of 300 here): bounded by the run, not the table
        // the page, the row after it (hasNextPage) and the cursor's own row (the seek is inclusive)
        expect(page.actualRows, text).toBeLessThanOrEqual(text === '[{m: ASC}]' ? 300 + 7 : 7);
            expect(fwd.plan.find((n) => n.operation === 'connection (previous)')!.actualRows).toBeLessThanOrEqual(text === '[{m: ASC}]' ? 300 : 1);

        const back = explain(db, `last: 5, before: ${JSON.stringify(whole.cursors[at])}`, text);
        expect(back.ids, text).toEqual(expected.slice(Math.max(0, at - 5), at));
        expect(back.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: at - 5 > 0 });
        const bpage = back.plan.find((n) => n.operation === 'connection')!;
        expect(bpage.access, text).toContain('read backward from the cursor');
        expect(bpage.actualRows, text).toBeLessThanOrEqual(text === '[{m: ASC}]' ? 300 + 7 : 7);
      }
      const tail = explain(db, 'last: 4', text);
      expect(tail.ids).toEqual(expected.slice(N - 4));
      expect(tail.plan.find((n) => n.operation === 'connection')!.actualRows).toBeLessThanOrEqual(text === '[{m: ASC}]' ? 300 + 5 : 5);
    }
  });

  it('a range on the ordered column bounds the seek; without an order-delivering index a bounded heap, not a full sort', () => {
    const order: [string, 'ASC' | 'DESC'][] = [['a', 'DESC']];
    const expected = model(order, (r) => r['a'] !== null && (r['a'] as number) >= 40 && (r['a'] as number) < 60);
    const whole = explain(db, 'first: 3000', '[{a: DESC}]', '{a: {gte: 40, lt: 60}}');
    expect(whole.ids).toEqual(expected);
    const back = explain(db, `last: 3, before: ${JSON.stringify(whole.cursors[100])}`, '[{a: DESC}]', '{a: {gte: 40, lt: 60}}');
    expect(back.ids).toEqual(expected.slice(97, 100));
    expect(back.plan.find((n) => n.operation === 'connection')!.actualRows).toBeLessThanOrEqual(5);

    const byF = model([['f', 'ASC']]);
    const fw = explain(db, 'first: 3000', '[{f: ASC}]');
    const heap = explain(db, `last: 4, before: ${JSON.stringify(fw.cursors[2000])}`, '[{f: ASC}]');
    expect(heap.ids).toEqual(byF.slice(1996, 2000));
    const node = heap.plan.find((n) => n.operation === 'connection')!;
    expect(node.sort).toBe('top-n');
    expect(node.access).toContain('bounded heap');
  });
});
