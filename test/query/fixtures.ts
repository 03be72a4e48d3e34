// Shared test fixtures of the query engine: the two datasets' schemas built into catalogs.
import { readFileSync } from 'node:fs';
import { parse } from '../../src/graphql/parser.ts';
import { buildCatalog } from '../../src/catalog/build.ts';
import type { Catalog } from '../../src/catalog/model.ts';

export const DATA = '/work/shared/data';
export const swapiSdl = readFileSync(`${DATA}/swapi/schema.graphql`, 'utf8');
export const starwarsSdl = readFileSync(`${DATA}/starwars/schema.graphql`, 'utf8');
export const swapiData = JSON.parse(readFileSync(`${DATA}/swapi/data.json`, 'utf8')) as Record<string, Record<string, unknown>[]>;
export const starwarsData = JSON.parse(readFileSync(`${DATA}/starwars/data.json`, 'utf8')) as Record<string, Record<string, unknown>[]>;

export function catalogOf(sdl: string): Catalog {
  return buildCatalog(parse(sdl), sdl);
}

import { MemoryFile, Store } from '../../src/storage/index.ts';
import { openCatalog } from '../../src/catalog/persist.ts';
import { load } from '../../src/catalog/load.ts';
import { createQueryEngine, type EngineStore, type QueryEngine, type QueryEngineOptions } from '../../src/query/engine.ts';
import type { ReadView } from '../../src/query/source.ts';

export interface TestDb { store: Store; catalog: Catalog; engine: QueryEngine }

/** Installs `sdl` in `store` and loads `data` (if any), each in its own committed transaction. */
export async function installTestData(store: Store, sdl: string, data: unknown): Promise<Catalog> {
  let tx = store.begin();
  const { catalog } = openCatalog(tx, sdl);
  tx.commit();
  if (data) {
    tx = store.begin();
    await load(tx, catalog, data as Record<string, unknown>);
    tx.commit();
  }
  return catalog;
}

/** A memory database with `sdl` installed and `data` loaded, and a query engine on it. */
export async function openTestDb(sdl: string, data: unknown, options?: QueryEngineOptions): Promise<TestDb> {
  const store = Store.open({ file: new MemoryFile(), wal: new MemoryFile() });
  const catalog = await installTestData(store, sdl, data);
  return { store, catalog, engine: createQueryEngine({ catalog, store, options }) };
}

/** `store` as an engine's store that counts what reads take from storage (point gets and range entries). */
export function countingStore(store: Store): { store: EngineStore; reads: { n: number } } {
  const reads = { n: 0 };
  const counted = (v: ReadView): ReadView => ({
    get: (t, k) => { reads.n++; return v.get(t, k); },
    *range(t, o) { for (const e of v.range(t, o)) { reads.n++; yield e; } },
    count: (t) => v.count(t),
  });
  return { reads, store: { read: (fn) => store.read((v) => fn(counted(v))), get version() { return store.version; }, begin: () => store.begin() } };
}
