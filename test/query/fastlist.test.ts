// The compiled root list (src/query/fastlist.ts) against the general executor (explain never takes
// the compiled path) and graphql-js with the naive oracle: random data (nulls, duplicate and
// negative values; Int, Float and String indexed columns; string and Int keys), random plain lists
// in the compiled shape (bounds and `in` lists as variables or literals, null operands, both directions, pages,
// aliases, `__typename`), before and after writes, with and without the result cache.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse } from '../../src/graphql/parser.ts';
import type { OperationDefinitionNode } from '../../src/graphql/ast.ts';
import { buildApi } from '../../src/query/api.ts';
import { createQueryEngine } from '../../src/query/engine.ts';
import type { ReadView } from '../../src/query/source.ts';
import { listPlanOf } from '../../src/query/fastlist.ts';
import { Oracle, expectAgreement } from './oracle.ts';
import { openTestDb } from './fixtures.ts';

type Row = Record<string, unknown>;
type Kind = 'Int' | 'Float' | 'String';

interface Schema {
  readonly sdl: string;
  readonly type: string;
  readonly list: string;
  readonly key: string;
  readonly keyKind: 'Int' | 'ID';
  /** Indexed columns and their kinds (the key is a column too). */
  readonly indexed: Readonly<Record<string, Kind>>;
  /** Every stored column but the key, with its kind. */
  readonly columns: Readonly<Record<string, Kind>>;
  /** A stored column without an index. */
  readonly unindexed: string;
}

const PEOPLE: Schema = {
  sdl: 'type Person @plural(name: "people") { id: ID!  name: String  height: Int @index  score: Float @index  tag: String @index }',
  type: 'Person', list: 'people', key: 'id', keyKind: 'ID',
  indexed: { height: 'Int', score: 'Float', tag: 'String' },
  columns: { name: 'String', height: 'Int', score: 'Float', tag: 'String' }, unindexed: 'name',
};
const COUNTERS: Schema = {
  sdl: 'type Counter { k: Int! @id  a: Int @index  f: Float @index  s: String! @index  label: String }',
  type: 'Counter', list: 'counters', key: 'k', keyKind: 'Int',
  indexed: { a: 'Int', f: 'Float', s: 'String' },
  columns: { a: 'Int', f: 'Float', s: 'String', label: 'String' }, unindexed: 'label',
};

const INTS = fc.integer({ min: -6, max: 6 });
const FLOATS = fc.oneof(INTS, fc.constantFrom(-2.5, -0.25, 0.5, 1.75, 3.125));
const STRINGS = fc.constantFrom('', 'a', 'B', 'ab', 'zz', 'é', '日本', 'a b');
const valueOf = (k: Kind): fc.Arbitrary<unknown> => (k === 'Int' ? INTS : k === 'Float' ? FLOATS : STRINGS);
const nullable = (k: Kind) => fc.oneof({ weight: 1, arbitrary: fc.constant(null) }, { weight: 4, arbitrary: valueOf(k) });

function rowArb(s: Schema): fc.Arbitrary<Row> {
  const rec: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [c, k] of Object.entries(s.columns)) rec[c] = s === COUNTERS && c === 's' ? valueOf(k) : nullable(k);
  return fc.record(rec);
}

/** Keys: Int keys negative too; string keys of several lengths, some not ASCII. */
const keyOf = (s: Schema, i: number): string | number => s.keyKind === 'Int' ? (i % 2 ? -i : i) * 7 : ['q', 'é', 'Q', 'q1'][i % 4]! + i;

interface Q { query: string; variables: Record<string, unknown>; compiled: boolean }

/** A random plain list of `s`: one column's comparisons, its order, a page, a selection. */
function queryArb(s: Schema): fc.Arbitrary<Q> {
  const cols = [s.key, ...Object.keys(s.indexed)];
  return fc.record({
    col: fc.constantFrom(...cols),
    ops: fc.subarray(['eq', 'gt', 'gte', 'lt', 'lte', 'in'] as const, { maxLength: 3 }),
    inSeeds: fc.array(fc.integer({ min: -8, max: 8 }), { maxLength: 4 }),
    nulls: fc.array(fc.integer({ min: 0, max: 11 }), { minLength: 3, maxLength: 3 }), // 0: a null operand
    seeds: fc.array(fc.integer({ min: -8, max: 8 }), { minLength: 3, maxLength: 3 }),
    asVariable: fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
    order: fc.constantFrom('none', 'ASC', 'DESC', 'ASC+key', 'DESC+key', 'whereless', 'blank'),
    first: fc.option(fc.nat({ max: 9 }), { nil: undefined }),
    offset: fc.option(fc.nat({ max: 4 }), { nil: undefined }),
    fields: fc.subarray([s.key, ...Object.keys(s.columns), '__typename'], { minLength: 1 }),
    aliases: fc.boolean(),
  }).map((r) => {
    const kind: Kind | 'Key' = r.col === s.key ? 'Key' : s.indexed[r.col]!;
    const point = (n: number): unknown => {
      if (kind === 'Key') return s.keyKind === 'Int' ? n * 7 : keyOf(s, Math.abs(n));
      if (kind === 'Int') return n;
      if (kind === 'Float') return n / 2;
      return ['', 'a', 'ab', 'b', 'zz', 'é', '日'][Math.abs(n) % 7]!;
    };
    const operand = (i: number, op: string): unknown => (r.nulls[i] === 0 ? null : op === 'in' ? r.inSeeds.map(point) : point(r.seeds[i]!));
    const varType = kind === 'Key' ? (s.keyKind === 'Int' ? 'Int' : 'ID') : kind;
    const defs: string[] = [];
    const variables: Record<string, unknown> = {};
    const literal = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? `[${v.map((x) => JSON.stringify(x)).join(', ')}]` : JSON.stringify(v));
    const conds = (r.order === 'whereless' || r.order === 'blank' ? [] : r.ops).map((op, i) => {
      const v = operand(i, op);
      if (r.asVariable[i]) {
        defs.push(`$v${i}: ${op === 'in' ? `[${varType}!]` : varType}`);
        variables[`v${i}`] = v;
        return `${op}: $v${i}`;
      }
      return `${op}: ${literal(v)}`;
    });
    const args: string[] = [];
    if (r.order === 'blank') args.push(`where: { ${s.unindexed}: {} }`); // no condition at all
    else if (r.order !== 'whereless') args.push(`where: { ${r.col}: { ${conds.join(', ')} } }`);
    if (r.order !== 'none' && r.order !== 'blank') {
      const dir = r.order.startsWith('DESC') ? 'DESC' : 'ASC';
      args.push(r.order.endsWith('+key') && r.col !== s.key ? `orderBy: [{ ${r.col}: ${dir} }, { ${s.key}: ASC }]` : `orderBy: { ${r.col}: ${dir} }`);
    }
    const page = (name: string, v: number | undefined, i: number) => {
      if (v === undefined) return;
      if (r.asVariable[i]) {
        defs.push(`$${name}: Int`);
        variables[name] = v;
        args.push(`${name}: $${name}`);
      } else args.push(`${name}: ${v}`);
    };
    page('first', r.first, 3);
    page('offset', r.offset, 4);
    const sel = r.fields.map((f, i) => (r.aliases && i % 2 === 0 ? `x${i}: ${f}` : f)).join(' ');
    const root = r.aliases ? `rows: ${s.list}` : s.list;
    const query = `query${defs.length ? `(${defs.join(', ')})` : ''} { ${root}${args.length ? `(${args.join(', ')})` : ''} { ${sel} } }`;
    return { query, variables, compiled: true }; // every one is in the compiled shape
  });
}

const writeArb = (s: Schema) => fc.oneof(
  fc.record({ kind: fc.constant('create' as const), row: rowArb(s) }),
  fc.record({ kind: fc.constant('update' as const), at: fc.nat(), row: rowArb(s) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
);

const gqlValue = (v: unknown) => (v === null ? 'null' : JSON.stringify(v));

async function check(s: Schema, people: Row[], queries: Q[], writes: readonly { kind: string; at?: number; row?: Row }[], cacheSize: number, rowCacheSize: number | undefined) {
  const model: Row[] = people.map((p, i) => ({ [s.key]: keyOf(s, i), ...p }));
  const data = () => ({ [s.type]: model.map((r) => ({ ...r })) });
  const db = await openTestDb(s.sdl, data(), { resultCacheSize: cacheSize, rowCacheSize });
  const api = buildApi(db.catalog);
  for (const q of queries) {
    const op = parse(q.query).definitions[0] as OperationDefinitionNode;
    expect(listPlanOf(api, op) !== null, q.query).toBe(q.compiled);
  }
  const verify = () => {
    const oracle = new Oracle(db.catalog, data(), db.engine.schema());
    for (const q of queries) {
      expectAgreement(db.engine, oracle, q);
    }
  };
  verify();
  let next = model.length;
  const assignments = (r: Row) => Object.keys(s.columns).map((c) => `${c}: ${gqlValue(r[c])}`).join(', ');
  const one = s.type;
  for (const w of writes) {
    const ok = (query: string) => expect(db.engine.execute({ query }).errors, query).toBeUndefined();
    if (w.kind === 'create') {
      const r: Row = { [s.key]: keyOf(s, next++), ...w.row };
      ok(`mutation { create${one}(data: { ${s.key}: ${gqlValue(r[s.key])}, ${assignments(r)} }) { ${s.key} } }`);
      model.push(r);
    } else if (model.length) {
      const r = model[w.at! % model.length]!;
      if (w.kind === 'update') {
        ok(`mutation { update${one}(${s.key}: ${gqlValue(r[s.key])}, data: { ${assignments(w.row!)} }) { ${s.key} } }`);
        Object.assign(r, w.row);
      } else {
        ok(`mutation { delete${one}(${s.key}: ${gqlValue(r[s.key])}) { ${s.key} } }`);
        model.splice(model.indexOf(r), 1);
      }
    }
    verify();
  }
}

describe('compiled root list', () => {
  for (const s of [PEOPLE, COUNTERS]) {
    it(`matches the general executor and the graphql-js oracle (${s.type}: ${s.keyKind} key), before and after writes`, async () => {
      await fc.assert(fc.asyncProperty(fc.array(rowArb(s), { maxLength: 14 }), fc.array(queryArb(s), { minLength: 1, maxLength: 5 }),
        fc.array(writeArb(s), { maxLength: 2 }), fc.constantFrom(0, 8), fc.constantFrom(undefined, 0, 3),
        (people, queries, writes, cache, rowCache) => check(s, people, queries, writes, cache, rowCache)), { numRuns: 20 });
    });
  }

  it('leaves what it does not answer exactly to the general executor: absent variables, negative pages, the result-size limit', async () => {
    const rows = Array.from({ length: 6 }, (_, i) => ({ id: `p${i}`, name: null, height: i % 3 === 0 ? null : i, score: null, tag: 'x' }));
    for (const maxResultNodes of [5_000_000, 3, 2, 1]) {
      const db = await openTestDb(PEOPLE.sdl, { Person: rows }, { maxResultNodes });
      const cases: { query: string; variables?: Record<string, unknown> }[] = [
        { query: 'query($lo: Int) { people(where: { height: { gte: $lo } }, orderBy: { height: DESC }) { id height } }', variables: {} },
        { query: 'query($lo: Int) { people(where: { height: { gte: $lo } }, orderBy: { height: DESC }) { id height } }', variables: { lo: null } },
        { query: 'query($lo: Int) { people(where: { height: { gte: $lo } }, orderBy: { height: DESC }) { id height } }', variables: { lo: 2 } },
        { query: '{ people(orderBy: { height: ASC }, first: -1) { id } }' },
        { query: 'query($n: Int) { people(orderBy: { height: ASC }, offset: $n) { id } }', variables: { n: -2 } },
        { query: 'query($n: Int) { people(orderBy: { height: ASC }, first: $n) { id } }', variables: {} },
        { query: 'query($xs: [Int!]) { people(where: { height: { in: $xs } }, orderBy: { height: DESC }) { id } }', variables: {} },
      ];
      for (const q of cases) {
        const mine = db.engine.execute(q);
        expect(mine, q.query).toEqual(db.engine.explain(q).response);
        if (mine.data) expect(2 * (mine.data['people'] as unknown[]).length, q.query).toBeLessThanOrEqual(maxResultNodes); // a row: an item and an object
      }
    }
  });

  it('reads only the page: offset+first index entries and one point read per row returned', async () => {
    // 300 people over 10 heights (30 per height, so every page ends inside a run of equal values).
    const rows = Array.from({ length: 300 }, (_, i) => ({ id: `p${String(i).padStart(3, '0')}`, name: `n${i}`, height: (i * 7) % 10, score: null, tag: null }));
    const db = await openTestDb(PEOPLE.sdl, { Person: rows });
    const work = { gets: 0, entries: 0 };
    const counted = (v: ReadView): ReadView => ({
      get: (t, k) => { work.gets++; return v.get(t, k); },
      *range(t, o) { for (const e of v.range(t, o)) { work.entries++; yield e; } },
      count: (t) => v.count(t),
    });
    const store = { read: <T>(fn: (view: ReadView) => T): T => db.store.read((v) => fn(counted(v))), get version() { return db.store.version; }, begin: () => db.store.begin() };
    const engine = createQueryEngine({ catalog: db.catalog, store, options: { resultCacheSize: 0, rowCacheSize: 0 } });
    for (const [dir, lo, first, offset] of [['ASC', 2, 5, 0], ['ASC', 0, 7, 3], ['DESC', 5, 4, 2]] as const) {
      const q = { query: `query($lo: Int!, $n: Int!, $o: Int!) { people(where: { height: { gte: $lo } }, orderBy: [{ height: ${dir} }], first: $n, offset: $o) { id name height } }`, variables: { lo, n: first, o: offset } };
      work.gets = work.entries = 0;
      const mine = engine.execute(q);
      expect(mine).toEqual(db.engine.explain(q).response);
      expect((mine.data!['people'] as unknown[]).length).toBe(first);
      expect(work.gets, q.query).toBe(first); // the skipped rows are never read
      // ASC stops at offset+first entries; DESC finishes the run of equal values it stopped in.
      expect(work.entries, q.query).toBeLessThanOrEqual(dir === 'ASC' ? offset + first : 30 + 1);
    }
  });
});
