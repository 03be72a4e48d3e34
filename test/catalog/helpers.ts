// Test helpers for the catalog: parse SDL (graphql-js as the oracle parser until src/graphql's
// parser lands) and build a catalog; read the shared datasets.
import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import fc from 'fast-check';
import { buildCatalog } from '../../src/catalog/build.ts';
import type { Catalog } from '../../src/catalog/model.ts';
import type { DocumentNode } from '../../src/graphql/ast.ts';

export const DATA = '/work/shared/data';

export function parseSDL(sdl: string): DocumentNode {
  return parse(sdl) as unknown as DocumentNode;
}

export function catalogOf(sdl: string): Catalog {
  return buildCatalog(parseSDL(sdl), sdl);
}

/** The SCHEMA_ERROR problems of an SDL (fails when it builds). */
export function schemaProblems(sdl: string): { message: string; locations: { line: number; column: number }[] }[] {
  try {
    catalogOf(sdl);
  } catch (e) {
    const err = e as { extensions?: { code?: string; errors?: { message: string; locations: { line: number; column: number }[] }[] } };
    if (err.extensions?.code !== 'SCHEMA_ERROR') throw e;
    return err.extensions.errors ?? [];
  }
  throw new Error('expected a SCHEMA_ERROR');
}

export const dataset = (name: 'swapi' | 'starwars') => ({
  sdl: readFileSync(`${DATA}/${name}/schema.graphql`, 'utf8'),
  json: JSON.parse(readFileSync(`${DATA}/${name}/data.json`, 'utf8')) as Record<string, Record<string, unknown>[]>,
});

import { MemoryFile, Store } from '../../src/storage/index.ts';
import { openCatalog, type OpenCatalogOptions } from '../../src/catalog/persist.ts';
import { load, type LoadOptions, type LoadSource } from '../../src/catalog/load.ts';

/** A Store on memory files. */
export function memoryStore(): Store {
  return Store.open({ file: new MemoryFile(), wal: new MemoryFile() });
}

/** Every B-tree entry and every tree's size, in a canonical order: to compare whole states. */
export function dump(store: Store, options: { catalog?: boolean } = {}): string {
  return store.read((view) => {
    const out: string[] = [];
    for (const t of store.trees()) {
      if (options.catalog === false && t === 'quire:catalog') continue;
      out.push(`${t} ${view.kind(t)} ${view.count(t)}`);
      if (view.kind(t) === 'btree') for (const [k, v] of view.range(t)) out.push(`${Buffer.from(k).toString('hex')}=${JSON.stringify(v)}`);
    }
    return out.join('\n');
  });
}

/** A memory database with `sdl` installed. */
export function memoryDb(sdl: string): { store: Store; catalog: Catalog } {
  const store = memoryStore();
  const tx = store.begin();
  const { catalog } = openCatalog(tx, sdl, { now: 0 });
  tx.commit();
  return { store, catalog };
}

/** Opens `sdl` on an existing store in one transaction (rolled back on error). */
export function reopen(store: Store, sdl: string, options?: OpenCatalogOptions) {
  const tx = store.begin();
  try {
    const r = openCatalog(tx, sdl, options);
    tx.commit();
    return r;
  } catch (e) {
    tx.rollback();
    throw e;
  }
}

/** Loads in one transaction: committed on success, rolled back on error (like db.load). */
export async function loadInto(store: Store, catalog: Catalog, source: LoadSource, options?: LoadOptions) {
  const tx = store.begin();
  try {
    const r = await load(tx, catalog, source, options);
    tx.commit();
    return r;
  } catch (e) {
    tx.rollback();
    throw e;
  }
}

/** The BAD_USER_INPUT problems a load rejects with (fails when it succeeds). */
export async function loadProblems(store: Store, catalog: Catalog, source: LoadSource, options?: LoadOptions): Promise<{ path: string; message: string }[]> {
  const before = dump(store);
  try {
    await loadInto(store, catalog, source, options);
  } catch (e) {
    const err = e as { extensions?: { code?: string; problems?: { path: string; message: string }[] } };
    if (err.extensions?.code !== 'BAD_USER_INPUT') throw e;
    if (dump(store) !== before) throw new Error('a failed load changed the store');
    return err.extensions.problems ?? [];
  }
  throw new Error('expected the load to fail');
}

/** Mostly valid SDL: distinct types T0..Tn, distinct fields, references among them, common directives. */
export const validishSchemaArbitrary: fc.Arbitrary<string> = fc.integer({ min: 1, max: 4 }).chain((n) => {
  const types = Array.from({ length: n }, (_, i) => `T${i}`);
  const typeName = fc.constantFrom('Int', 'String', 'ID', 'Float', 'Boolean', 'DateTime', 'JSON', 'Color', ...types, ...types);
  const directive = fc.oneof({ weight: 12, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.constantFrom('@unique', '@index', '@index(type: HASH)', '@deprecated', '@default(value: 1)') });
  const field = fc.tuple(typeName, fc.integer({ min: 0, max: 3 }).map((i) => i === 0), fc.boolean(), directive);
  const typeDef = (t: string) => fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), { minLength: 1, maxLength: 5 }).chain((names) =>
    fc.tuple(...names.map(() => field), fc.constantFrom('', '', ' @plural(name: "many' + t + '")')).map((parts) => {
      const fs = parts.slice(0, -1) as [string, boolean, boolean, string][];
      const body = names.map((f, i) => `${f}: ${fs[i][1] ? `[${fs[i][0]}]` : fs[i][0]}${fs[i][2] ? '!' : ''} ${fs[i][3]}`).join('\n  ');
      return `type ${t}${parts[parts.length - 1]} {\n  ${body}\n}`;
    }));
  return fc.tuple(...types.map(typeDef)).map((defs) => ['enum Color { RED GREEN BLUE }', ...defs].join('\n'));
});

/** Generated SDL documents, valid and broken: a few types with random fields, types and directives. */
export const schemaArbitrary: fc.Arbitrary<string> = (() => {
  const name = fc.constantFrom('A', 'B', 'Person', 'People', 'PersonWhere', 'Query', 'id', 'x', 'y', 'films', 'and', 'E');
  const typeRef = fc.tuple(fc.constantFrom('Int', 'String', 'ID', 'Float', 'Boolean', 'DateTime', 'JSON', 'A', 'B', 'Person', 'E', 'U', 'I', 'Nope'), fc.boolean(), fc.boolean())
    .map(([t, list, nn]) => `${list ? `[${t}]` : t}${nn ? '!' : ''}`);
  const directive = fc.constantFrom('', '', '', '@id', '@unique', '@index', '@index(type: HASH)', '@default(value: 1)', '@relation(inverse: "x")',
    '@relation(onDelete: CASCADE)', '@deprecated(reason: "old")', '@plural(name: "q")', '@bogus');
  const field = fc.tuple(name, typeRef, directive).map(([n, t, d]) => `${n.toLowerCase()}: ${t} ${d}`);
  const typeDef = fc.tuple(fc.constantFrom('type', 'type', 'interface'), name, fc.array(field, { maxLength: 5 }), fc.constantFrom('', '', ' implements I', ' @plural(name: "zs")', ' @index(fields: ["x", "y"])'))
    .map(([kw, n, fs, extra]) => `${kw} ${n}${kw === 'type' ? extra : ''} { ${fs.join('\n')} }`);
  const broken = fc.tuple(fc.array(typeDef, { minLength: 1, maxLength: 4 }), fc.boolean(), fc.boolean())
    .map(([ts, e, u]) => [...ts, e ? 'enum E { ONE TWO }' : '', u ? 'union U = A | B' : ''].join('\n'));
  return fc.oneof(broken, validishSchemaArbitrary);
})();
