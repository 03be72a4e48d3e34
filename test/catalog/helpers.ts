// Test helpers for the catalog: parse SDL (graphql-js as the oracle parser until src/graphql's
// parser lands) and build a catalog; read the shared datasets.
import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
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
export function dump(store: Store): string {
  return store.read((view) => {
    const out: string[] = [];
    for (const t of store.trees()) {
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
export async function loadProblems(store: Store, catalog: Catalog, source: LoadSource): Promise<{ path: string; message: string }[]> {
  const before = dump(store);
  try {
    await loadInto(store, catalog, source);
  } catch (e) {
    const err = e as { extensions?: { code?: string; problems?: { path: string; message: string }[] } };
    if (err.extensions?.code !== 'BAD_USER_INPUT') throw e;
    if (dump(store) !== before) throw new Error('a failed load changed the store');
    return err.extensions.problems ?? [];
  }
  throw new Error('expected the load to fail');
}
