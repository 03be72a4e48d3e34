// Differential suite: thousands of generated queries over SWAPI (filters of every operator,
// and/or/not, relationship filters, orders, pages, nested to-many fields with arguments,
// aggregates, connections, interfaces, fragments, aliases, @skip/@include, variables), each run
// by Quire and by graphql-js with the naive oracle over the same JSON; results must be identical.
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Catalog, Column } from '../../src/catalog/model.ts';
import { Oracle, normalizeCursors } from './oracle.ts';
import { openTestDb, swapiData, swapiSdl, starwarsData, starwarsSdl, type TestDb } from './fixtures.ts';

type Where = Record<string, unknown>;

/** Prints a JS input value as a GraphQL literal; `{$enum: 'ASC'}` prints bare. */
function lit(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `[${v.map(lit).join(', ')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('$enum' in o) return String(o['$enum']);
    return `{${Object.entries(o).map(([k, x]) => `${k}: ${lit(x)}`).join(', ')}}`;
  }
  return JSON.stringify(v);
}
/** The same value as a variable (JSON) value. */
function json(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(json);
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('$enum' in o) return o['$enum'];
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, json(x)]));
  }
  return v;
}

class Gen {
  private readonly pools = new Map<string, unknown[]>();
  constructor(readonly catalog: Catalog, data: Record<string, Record<string, unknown>[]>) {
    for (const e of Object.values(catalog.entities)) {
      for (const c of Object.values(e.columns)) {
        const vals = new Set<unknown>();
        for (const r of data[e.name] ?? []) {
          const v = r[c.name];
          if (v === null || v === undefined) continue;
          for (const x of Array.isArray(v) ? v : [v]) vals.add(x);
        }
        this.pools.set(`${e.name}.${c.name}`, [...vals].slice(0, 200));
      }
    }
  }
  type(name: string) { return (this.catalog.entities[name] ?? this.catalog.interfaces[name])!; }
  impls(name: string) { return this.catalog.entities[name] ? [name] : this.catalog.interfaces[name]!.implementations; }
  pool(type: string, col: string): unknown[] {
    return this.impls(type).flatMap((t) => this.pools.get(`${t}.${col}`) ?? []);
  }

  value(type: string, c: Column): fc.Arbitrary<unknown> {
    if (c.kind === 'Enum') return fc.constantFrom(...this.catalog.enums[c.typeName]!.values.map((v) => ({ $enum: v.name })));
    const pool = this.pool(type, c.name);
    const fromPool = pool.length ? fc.constantFrom(...pool) : fc.constant(c.kind === 'String' || c.kind === 'ID' ? 'x' : 1);
    const extra = c.kind === 'Int' ? fc.integer({ min: -5, max: 300 }) : c.kind === 'Float' ? fc.double({ min: -10, max: 1e6, noNaN: true }).map((x) => Math.round(x * 4) / 4)
      : c.kind === 'DateTime' ? fc.date({ min: new Date('1970-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => d.toISOString())
      : fc.constantFrom('a', 'e', 'Sky', '', 'Z', 'é');
    return fc.oneof({ weight: 3, arbitrary: fromPool }, { weight: 1, arbitrary: extra });
  }

  columnFilter(type: string): fc.Arbitrary<Where> {
    const cols = Object.values(this.type(type).columns).filter((c) => c.kind !== 'JSON' && c.kind !== 'Custom');
    return fc.constantFrom(...cols).chain((c) => {
      const v = this.value(type, c);
      let op: fc.Arbitrary<Record<string, unknown>>;
      if (c.list) {
        op = fc.oneof(v.map((x) => ({ has: x })), fc.array(v, { maxLength: 3 }).map((x) => ({ hasSome: x })),
          fc.array(v, { maxLength: 2 }).map((x) => ({ hasEvery: x })), fc.boolean().map((x) => ({ isEmpty: x })), fc.boolean().map((x) => ({ isNull: x })));
      } else {
        const str = (c.kind === 'String' || c.kind === 'ID') ? [v.map((x) => String(x)).chain((s) => fc.nat(s.length).chain((i) =>
          fc.nat(s.length - i).map((n) => s.slice(i, i + n)))).chain((s) => fc.constantFrom({ contains: s }, { startsWith: s }, { endsWith: s }))] : [];
        const ord = c.kind === 'Boolean' ? [] : ['lt', 'lte', 'gt', 'gte', 'in', 'notIn'];
        op = fc.oneof(
          fc.record({ o: fc.constantFrom('eq', 'ne', ...ord), x: v, y: v }).map(({ o, x, y }) => ({ [o]: o === 'in' || o === 'notIn' ? [x, y] : x })),
          fc.boolean().map((x) => ({ isNull: x })),
          ...str,
          fc.record({ gte: v, lt: v }),
          fc.constant({ eq: null }),
        );
      }
      return op.map((o) => ({ [c.name]: o }));
    });
  }

  where(type: string, depth: number): fc.Arbitrary<Where> {
    const t = this.type(type);
    const rels = Object.values(t.relations).filter((r) => this.catalog.entities[r.target] || this.catalog.interfaces[r.target]);
    const leaf = this.columnFilter(type);
    if (depth <= 0) return leaf;
    const sub = () => this.where(type, depth - 1);
    const options: fc.Arbitrary<Where>[] = [
      leaf, leaf,
      fc.array(sub(), { maxLength: 3 }).map((l) => ({ and: l })),
      fc.array(sub(), { minLength: 1, maxLength: 3 }).map((l) => ({ or: l })),
      sub().map((w) => ({ not: w })),
      fc.tuple(leaf, sub()).map(([a, b]) => ({ ...b, ...a })),
    ];
    if (rels.length) {
      options.push(fc.constantFrom(...rels).chain((r) => {
        const w = this.where(r.target, depth - 1);
        if (!r.list) return fc.oneof(w, fc.constant({})).map((x) => ({ [r.name]: x }));
        return fc.record({ m: fc.constantFrom('some', 'every', 'none'), w: fc.oneof(w, fc.constant({})) }).map(({ m, w }) => ({ [r.name]: { [m]: w } }));
      }));
    }
    return fc.oneof(...options);
  }

  orderBy(type: string): fc.Arbitrary<unknown> {
    const cols = Object.values(this.type(type).columns).filter((c) => c.orderable).map((c) => c.name);
    return fc.array(fc.record({ f: fc.constantFrom(...cols), d: fc.constantFrom('ASC', 'DESC') }), { maxLength: 3 })
      .map((l) => l.map(({ f, d }) => ({ [f]: { $enum: d } })));
  }

  listArgs(type: string, depth: number): fc.Arbitrary<Record<string, unknown>> {
    return fc.record({
      where: fc.option(this.where(type, depth), { nil: undefined }),
      orderBy: fc.option(this.orderBy(type), { nil: undefined }),
      first: fc.option(fc.nat(12), { nil: undefined }),
      offset: fc.option(fc.nat(6), { nil: undefined }),
    }, { requiredKeys: [] });
  }

  /** A selection set for `type` (entity or interface). */
  selection(type: string, depth: number): fc.Arbitrary<string> {
    const t = this.type(type);
    const cols = Object.values(t.columns).map((c) => c.name);
    const rels = Object.values(t.relations).filter((r) => this.catalog.entities[r.target] || this.catalog.interfaces[r.target]);
    const scalarSel = fc.subarray(cols, { minLength: 1, maxLength: Math.min(4, cols.length) }).chain((fs) => fc.array(fc.boolean(), { minLength: fs.length, maxLength: fs.length })
      .map((aliases) => fs.map((f, i) => (aliases[i] ? `a_${f}: ${f}` : f)).join(' ')));
    const parts: fc.Arbitrary<string>[] = [scalarSel, fc.constantFrom('', '__typename', `... on ${type} { ${cols[0]} }`,
      `${cols[0]} @skip(if: true)`, `${cols[1] ?? cols[0]} @include(if: true)`)];
    if (depth > 0 && rels.length) {
      parts.push(fc.oneof(fc.constant(''), fc.constantFrom(...rels).chain((r) => {
        if (!r.list) return this.selection(r.target, depth - 1).map((s) => `${r.name} { ${s} }`);
        return fc.oneof(
          fc.tuple(this.listArgs(r.target, 1), this.selection(r.target, depth - 1)).map(([a, s]) => `${r.name}${args(a)} { ${s} }`),
          fc.option(this.where(r.target, 1), { nil: undefined }).map((w) => `${r.name}Aggregate${w ? `(where: ${lit(w)})` : ''} { count ${aggSel(this, r.target)} }`),
        );
      })));
    }
    if (this.catalog.interfaces[type]) {
      parts.push(fc.constantFrom(...this.impls(type)).map((i) => `... on ${i} { ${Object.keys(this.catalog.entities[i]!.columns).filter((c) => !t.columns[c]).slice(0, 1).join(' ') || '__typename'} }`));
    }
    return fc.tuple(...parts).map((ps) => ps.filter(Boolean).join(' '));
  }
}

function args(a: Record<string, unknown>): string {
  const entries = Object.entries(a).filter(([, v]) => v !== undefined);
  return entries.length ? `(${entries.map(([k, v]) => `${k}: ${lit(v)}`).join(', ')})` : '';
}

function aggSel(g: Gen, type: string): string {
  const t = g.type(type);
  const mm = Object.values(t.columns).filter((c) => c.orderable).map((c) => c.name).slice(0, 3);
  const sa = Object.values(t.columns).filter((c) => !c.list && (c.kind === 'Int' || c.kind === 'Float')).map((c) => c.name).slice(0, 2);
  return `${mm.length ? `min { ${mm.join(' ')} } max { ${mm.join(' ')} }` : ''} ${sa.length ? `sum { ${sa.join(' ')} } avg { ${sa.join(' ')} }` : ''}`;
}

function queryArb(g: Gen): fc.Arbitrary<{ query: string; variables?: Record<string, unknown> }> {
  const roots = [...Object.keys(g.catalog.entities), ...Object.keys(g.catalog.interfaces)];
  return fc.constantFrom(...roots).chain((type) => {
    const t = g.type(type);
    const { singular, plural, list } = t.names;
    return fc.oneof(
      fc.tuple(g.listArgs(type, 2), g.selection(type, 2)).map(([a, s]) => ({ query: `{ ${list}${args(a)} { ${s} } }` })),
      // The same with where/orderBy passed as variables.
      fc.tuple(g.listArgs(type, 2), g.selection(type, 1)).map(([a, s]) => ({
        query: `query Q($w: ${type}Where, $o: [${type}OrderBy!], $f: Int) { ${list}(where: $w, orderBy: $o, first: $f) { ...F } } fragment F on ${type} { ${s} }`,
        variables: { w: json(a['where'] ?? null), o: json(a['orderBy'] ?? null), f: a['first'] ?? null },
      })),
      fc.tuple(fc.constantFrom(...g.pool(type, t.key.field).slice(0, 30)), g.selection(type, 2)).map(([id, s]) => ({ query: `{ x: ${singular}(${t.key.field}: ${JSON.stringify(id)}) { ${s} } y: ${singular}(${t.key.field}: "nope") { __typename } }` })),
      fc.tuple(g.where(type, 2), g.orderBy(type), fc.option(fc.nat(10), { nil: null }), fc.option(fc.nat(10), { nil: null }), g.selection(type, 1))
        .map(([w, o, first, last, s]) => ({ query: `{ ${plural}Connection(where: ${lit(w)}, orderBy: ${lit(o)}${first !== null ? `, first: ${first}` : ''}${last !== null ? `, last: ${last}` : ''}) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { ${s} } } nodes { __typename } } }` })),
      g.where(type, 2).map((w) => ({ query: `{ ${plural}Aggregate(where: ${lit(w)}) { count ${aggSel(g, type)} } }` })),
    );
  });
}

function compare(db: TestDb, oracle: Oracle, q: { query: string; variables?: Record<string, unknown> }) {
  const mine = db.engine.execute(q);
  const theirs = oracle.execute(q.query, q.variables);
  expect(theirs.errors, `oracle errors for ${q.query}`).toBeUndefined();
  expect(mine.errors, q.query).toBeUndefined();
  expect(normalizeCursors(mine.data), q.query).toEqual(normalizeCursors(JSON.parse(JSON.stringify(theirs.data))));
}

describe('differential: Quire vs graphql-js with naive resolvers', () => {
  let swapi: TestDb;
  let swapiOracle: Oracle;
  let sw: TestDb;
  let swOracle: Oracle;
  beforeAll(async () => {
    swapi = await openTestDb(swapiSdl, swapiData, { resultCacheSize: 0 });
    swapiOracle = new Oracle(swapi.catalog, swapiData, swapi.engine.schema());
    sw = await openTestDb(starwarsSdl, starwarsData, { resultCacheSize: 0 });
    swOracle = new Oracle(sw.catalog, starwarsData, sw.engine.schema());
  });

  it('SWAPI: 1,500 generated queries give identical results', () => {
    const g = new Gen(swapi.catalog, swapiData);
    fc.assert(fc.property(queryArb(g), (q) => compare(swapi, swapiOracle, q)), { numRuns: 1500 });
  });

  it('Star Wars (interfaces, enums, directed relationships): 500 generated queries give identical results', () => {
    const g = new Gen(sw.catalog, starwarsData);
    fc.assert(fc.property(queryArb(g), (q) => compare(sw, swOracle, q)), { numRuns: 500 });
  });

  it('variables inside filter literals (given, null or missing) give what the same values written inline give, and the oracle', () => {
    const g = new Gen(swapi.catalog, swapiData);
    const person = swapi.catalog.entities['Person']!;
    const cols = Object.values(person.columns).filter((c) => !c.list && (c.kind === 'Int' || c.kind === 'Float' || c.kind === 'String'));
    const gqlType = (k: string) => (k === 'Int' ? 'Int' : k === 'Float' ? 'Float' : 'String');
    const cond = fc.tuple(fc.constantFrom(...cols), fc.constantFrom('eq', 'ne', 'gt', 'gte', 'lt', 'lte')).chain(([c, op]) =>
      fc.oneof({ arbitrary: g.value('Person', c), weight: 6 }, fc.constant(null), fc.constant(undefined)).map((v) => ({ c, op, v })));
    const arb = fc.tuple(fc.array(cond, { minLength: 1, maxLength: 3 }), fc.nat(8), fc.constantFrom('ASC', 'DESC'));
    fc.assert(fc.property(arb, ([conds, first, dir]) => {
      const order = `orderBy: [{ ${cols[0]!.name}: ${dir} }]`;
      const decl = conds.map(({ c }, i) => `$v${i}: ${gqlType(c.kind)}`).join(', ');
      const withVars = `query (${decl}, $n: Int) { people(where: { and: [${conds.map(({ c, op }, i) => `{ ${c.name}: { ${op}: $v${i} } }`).join(', ')}] }, ${order}, first: $n) { id } }`;
      const variables: Record<string, unknown> = { n: first };
      conds.forEach(({ v }, i) => { if (v !== undefined) variables[`v${i}`] = v; });
      // A missing variable leaves its operator out; null is the operator given null.
      const inline = `{ people(where: { and: [${conds.map(({ c, op, v }) => `{ ${c.name}: { ${v === undefined ? '' : `${op}: ${lit(v)}`} } }`).join(', ')}] }, ${order}, first: ${first}) { id } }`;
      const mine = swapi.engine.execute({ query: withVars, variables });
      expect(mine, withVars).toEqual(swapi.engine.execute({ query: inline }));
      compare(swapi, swapiOracle, { query: withVars, variables });
      expect(swapi.engine.execute({ query: withVars, variables }), 'run again (cached arguments)').toEqual(mine);
    }), { numRuns: 300 });
  });

  it('single root gets of stored fields (the compiled get path): identical to the oracle and to the general executor', () => {
    for (const [db, oracle, data] of [[swapi, swapiOracle, swapiData], [sw, swOracle, starwarsData]] as const) {
      const g = new Gen(db.catalog, data);
      const entities = Object.values(db.catalog.entities).filter((e) => Object.keys(e.columns).length > 1);
      const arb = fc.constantFrom(...entities).chain((e) => {
        const singular = db.engine.schema().match(new RegExp(`\\n  (\\w+)\\(${e.key.field}: [\\w!]+\\): ${e.name}\\n`))![1]!;
        const keyType = e.key.kind === 'Int' ? 'Int!' : e.key.kind === 'String' ? 'String!' : 'ID!';
        const cols = Object.keys(e.columns);
        const field = fc.tuple(fc.constantFrom(...cols, '__typename'), fc.boolean()).map(([f, alias]) => (alias ? `a_${f}: ${f}` : f));
        const id = fc.oneof(fc.constantFrom(...g.pool(e.name, e.key.field).slice(0, 50)), fc.constant(e.key.kind === 'Int' ? 999_999 : 'nope'));
        return fc.tuple(fc.uniqueArray(field, { minLength: 1, maxLength: 5, selector: (f) => f.split(':')[0] }), id, fc.boolean(), fc.boolean())
          .map(([fields, key, asVariable, aliased]) => {
            const root = `${aliased ? 'it: ' : ''}${singular}(${e.key.field}: ${asVariable ? '$k' : JSON.stringify(key)}) { ${fields.join(' ')} }`;
            return asVariable ? { query: `query ($k: ${keyType}) { ${root} }`, variables: { k: key } } : { query: `{ ${root} }` };
          });
      });
      fc.assert(fc.property(arb, (q) => {
        compare(db, oracle, q);
        expect(db.engine.execute(q), q.query).toEqual(db.engine.explain(q).response); // explain never takes the compiled path
      }), { numRuns: 300 });
    }
  });
});

describe('differential: access paths the planner picks for speed (FK equality, index-only count, ordered index pages)', () => {
  let db: TestDb;
  let oracle: Oracle;
  beforeAll(async () => {
    db = await openTestDb(swapiSdl, swapiData, { resultCacheSize: 0 });
    oracle = new Oracle(db.catalog, swapiData, db.engine.schema());
  });

  // Planet keys that exist, that do not, and null; `in` lists with repeats.
  const planetIds = fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 65 }).map(String) }, { weight: 1, arbitrary: fc.constantFrom('999', 'x', '') });
  const keyCond = fc.oneof(
    planetIds.map((id) => ({ eq: id })),
    fc.array(planetIds, { maxLength: 4 }).map((ids) => ({ in: [...ids, ...ids.slice(0, 1)] })),
    fc.constant({ eq: null }),
  );
  const residual = fc.option(fc.constantFrom({ name: { ne: 'Tatooine' } }, { climates: { has: 'arid' } }), { nil: undefined });

  it('to-one filters on the target key: counts, aggregates, lists and connections match the oracle', () => {
    fc.assert(fc.property(keyCond, residual, fc.option(fc.constantFrom('height: ASC', 'height: DESC', 'name: ASC'), { nil: null }), fc.nat(8), fc.boolean(),
      (cond, extra, order, first, countOnly) => {
        const w = `{ homeworld: ${lit({ id: cond, ...(extra ?? {}) })} }`;
        const agg = countOnly ? 'count' : 'count avg { height mass } max { height name } min { birthYear }';
        compare(db, oracle, { query: `{ peopleAggregate(where: ${w}) { ${agg} } }` });
        compare(db, oracle, { query: `{ people(where: ${w}${order ? `, orderBy: [{ ${order} }]` : ''}, first: ${first}) { id name height } }` });
        compare(db, oracle, { query: `{ peopleConnection(where: ${w}, first: ${first}) { totalCount edges { node { id } } } }` });
        compare(db, oracle, { query: `{ people(where: { not: ${w} }, first: ${first}) { id } }` });
      }), { numRuns: 150 });
  });

  it('counts answered from index entries alone (equalities and one range on an index) match the oracle', () => {
    const people = swapiData['Person']!;
    const pick = <T,>(f: string) => fc.constantFrom(...[...new Set(people.map((p) => p[f]).filter((v) => v !== null && v !== undefined))].slice(0, 20) as T[]);
    const bound = (f: string, v: fc.Arbitrary<unknown>) => fc.tuple(fc.constantFrom('gt', 'gte', 'lt', 'lte', 'eq'), v).map(([o, x]) => ({ [f]: { [o]: x } }));
    const where = fc.oneof(
      fc.array(bound('name', fc.oneof(pick<string>('name'), fc.constantFrom('', 'L', 'Luke', 'zz'))), { minLength: 1, maxLength: 3 }),
      fc.tuple(bound('gender', fc.oneof(pick<string>('gender'), fc.constant('x'))), fc.array(bound('height', fc.integer({ min: 60, max: 240 })), { maxLength: 3 }))
        .map(([g, hs]) => [g, ...hs]),
      fc.array(bound('height', fc.integer({ min: 60, max: 240 })), { minLength: 1, maxLength: 2 }),
    );
    fc.assert(fc.property(where, (conds) => {
      const w = lit({ and: conds });
      compare(db, oracle, { query: `{ peopleAggregate(where: ${w}) { count } peopleConnection(where: ${w}, first: 1) { totalCount } }` });
    }), { numRuns: 200 });
    const films = fc.array(bound('episodeId', fc.integer({ min: 0, max: 8 })), { minLength: 1, maxLength: 2 });
    fc.assert(fc.property(films, (conds) => compare(db, oracle, { query: `{ filmsAggregate(where: ${lit({ and: conds })}) { count } }` })), { numRuns: 60 });
    const plan = db.engine.explain({ query: '{ peopleAggregate(where: { gender: { eq: "female" }, height: { gte: 150, lt: 170 } }) { count } }' }).plan;
    expect(plan.map((n) => [n.operation, n.index, n.access.endsWith('index-only count')])).toEqual([['count', 'idx_gender_height', true]]);
  });

  it('primary key ranges with both bounds (inclusive or not, empty or inverted) match the oracle', () => {
    const id = fc.oneof(fc.integer({ min: 0, max: 70 }).map(String), fc.constantFrom('', '1', '9', 'z'));
    fc.assert(fc.property(id, id, fc.constantFrom('gte', 'gt'), fc.constantFrom('lte', 'lt'), fc.option(fc.nat(6), { nil: null }), (a, b, lo, hi, first) => {
      compare(db, oracle, { query: `{ planets(where: { id: { ${lo}: ${JSON.stringify(a)}, ${hi}: ${JSON.stringify(b)} } }${first !== null ? `, first: ${first}` : ''}) { id residents { name } } }` });
    }), { numRuns: 150 });
  });

  it('explain: a to-one key filter is an FK index equality, a count alone reads no row, a count with other parts reads the rows once', () => {
    const count = db.engine.explain({ query: '{ peopleAggregate(where: { homeworld: { id: { eq: "1" } } }) { count } }' }).plan;
    expect(count.map((n) => [n.operation, n.index, n.access.endsWith('index-only count')])).toEqual([['count', 'fk_homeworld', true]]);
    // A filter no index answers exactly: count and avg share one read of the rows.
    const both = db.engine.explain({ query: '{ peopleAggregate(where: { mass: { gt: 50 } }) { count avg { height } max { name } } }' });
    expect(both.plan.map((n) => n.operation)).toEqual(['aggregate']);
    expect(both.response).toEqual(oracle.execute('{ peopleAggregate(where: { mass: { gt: 50 } }) { count avg { height } max { name } } }'));
    const avg = db.engine.explain({ query: '{ peopleAggregate(where: { homeworld: { id: { in: ["1", "8"] } } }) { avg { height } } }' }).plan;
    expect(avg[0]).toMatchObject({ operation: 'aggregate', index: 'fk_homeworld', actualRows: swapiData['Person']!.filter((p) => p['homeworld'] === '1' || p['homeworld'] === '8').length });
    // Count with another part: the rows are read once and counted; no separate index count.
    const q = '{ peopleAggregate(where: { homeworld: { id: { eq: "1" } } }) { count avg { height } } }';
    const withAvg = db.engine.explain({ query: q });
    expect(withAvg.plan.map((n) => [n.operation, n.index])).toEqual([['aggregate', 'fk_homeworld']]);
    expect(withAvg.response).toEqual(oracle.execute(q));
  });

  it('ordered pages from single- and multi-column indexes (ties broken by key) match the oracle', () => {
    const range = fc.tuple(fc.integer({ min: 60, max: 240 }), fc.nat(30), fc.boolean());
    fc.assert(fc.property(range, fc.constantFrom('ASC', 'DESC'), fc.nat(30), fc.nat(5), ([lo, width, gender], dir, first, offset) => {
      const w = gender ? `{ gender: { eq: "female" }, height: { gte: ${lo}, lte: ${lo + width} } }` : `{ height: { gte: ${lo}, lte: ${lo + width} } }`;
      compare(db, oracle, { query: `{ people(where: ${w}, orderBy: [{ height: ${dir} }], first: ${first}, offset: ${offset}) { id height } }` });
      compare(db, oracle, { query: `{ people(where: { name: { gte: "${String.fromCharCode(65 + (lo % 26))}" } }, orderBy: [{ name: ${dir} }], first: ${first}) { id name } }` });
    }), { numRuns: 150 });
  });
});
