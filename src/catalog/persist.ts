// The catalog inside the database: the `quire:catalog` tree holds the current catalog and every
// schema version ({ version, at, sdl }). Opening with the same SDL writes nothing; a new SDL is
// migrated. All writes go to the caller's transaction; it never commits or rolls back.
// Reading the installed catalog (all a database with an unchanged schema needs) is installed.ts,
// so the runtime loads this module, the SDL builder and the migrator only when the schema changes.
import { catalogFromSDL } from './build.ts';
import { CURRENT_KEY, readCatalog, versionKey, type Current, type SchemaVersion } from './installed.ts';
import { CATALOG_FORMAT, CATALOG_TREE, catalogTrees, type Catalog } from './model.ts';
import { applyMigration, planMigration, type MigrationPlan } from './migrate.ts';
import type { Tx } from './store-api.ts';

export { readCatalog, schemaVersions, type SchemaVersion } from './installed.ts';
/** For a runtime that checks an SDL without installing it: the builder comes in the same lazy chunk. */
export { catalogFromSDL } from './build.ts';

export interface OpenCatalogOptions {
  /** Permit a migration that drops data (rows, columns, edges, enum values in use). */
  allowDataLoss?: boolean;
  /** The time recorded for a new version (default: now). */
  now?: number;
}

export interface OpenCatalogResult {
  catalog: Catalog;
  version: number;
  status: 'created' | 'unchanged' | 'migrated';
  /** The migration applied (`migrated` only). */
  plan: MigrationPlan | null;
}

function install(tx: Tx, catalog: Catalog, version: number, now: number): void {
  tx.put(CATALOG_TREE, CURRENT_KEY, { format: CATALOG_FORMAT, version, catalog } satisfies Current);
  tx.put(CATALOG_TREE, versionKey(version), { version, at: new Date(now).toISOString(), sdl: catalog.sdl } satisfies SchemaVersion);
}

/**
 * Opens the catalog for `sdl` in `tx`: creates every tree on a new database, does nothing
 * when the SDL is the installed one, otherwise plans and applies a migration. Throws
 * SCHEMA_ERROR for an invalid schema or a refused migration; the caller then rolls back.
 */
export function openCatalog(tx: Tx, sdl: string, options: OpenCatalogOptions = {}): OpenCatalogResult {
  const now = options.now ?? Date.now();
  const installed = readCatalog(tx);
  if (installed && installed.catalog.sdl === sdl) return { ...installed, status: 'unchanged', plan: null };
  const next = catalogFromSDL(sdl);
  if (!installed) {
    try {
      tx.createTree(CATALOG_TREE, 'btree');
    } catch (e) {
      if ((e as { code?: string } | null)?.code !== 'TREE_EXISTS') throw e;
    }
    for (const t of catalogTrees(next)) tx.createTree(t.name, t.kind);
    install(tx, next, 1, now);
    return { catalog: next, version: 1, status: 'created', plan: null };
  }
  const plan = planMigration(tx, installed.catalog, next);
  applyMigration(tx, installed.catalog, next, plan, { allowDataLoss: options.allowDataLoss ?? false });
  const version = installed.version + 1;
  install(tx, next, version, now);
  return { catalog: next, version, status: 'migrated', plan };
}
