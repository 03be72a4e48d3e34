// The installed catalog as the `quire:catalog` tree holds it: the current catalog and every schema
// version ({ version, at, sdl }). Reads only — installing and migrating are persist.ts's — so opening
// a database whose schema did not change needs neither the SDL builder nor the migrator.
import { encodeKey } from '../storage/keys.ts';
import { CATALOG_FORMAT, CATALOG_TREE, type Catalog } from './model.ts';
import type { View } from './store-api.ts';

export interface SchemaVersion {
  version: number;
  /** When it was installed (ISO-8601). */
  at: string;
  sdl: string;
}

export interface Current {
  format: number;
  version: number;
  catalog: Catalog;
}

export const CURRENT_KEY = encodeKey(['current']);
export const versionKey = (n: number): Uint8Array => encodeKey(['version', n]);

function isMissingTree(e: unknown): boolean {
  return (e as { code?: string } | null)?.code === 'NO_SUCH_TREE';
}

/** The installed catalog and its version, or undefined for a database without one. */
export function readCatalog(view: View): { catalog: Catalog; version: number } | undefined {
  let current: Current | undefined;
  try {
    current = view.get(CATALOG_TREE, CURRENT_KEY) as Current | undefined;
  } catch (e) {
    if (isMissingTree(e)) return undefined;
    throw e;
  }
  if (!current) return undefined;
  if (current.format !== CATALOG_FORMAT) throw new Error(`The database's catalog has format ${current.format}; this Quire reads format ${CATALOG_FORMAT}.`);
  return { catalog: current.catalog, version: current.version };
}

/** Every schema version installed, oldest first. */
export function schemaVersions(view: View): SchemaVersion[] {
  const out: SchemaVersion[] = [];
  try {
    for (const [, v] of view.range(CATALOG_TREE, { prefix: encodeKey(['version']) })) out.push(v as SchemaVersion);
  } catch (e) {
    if (isMissingTree(e)) return [];
    throw e;
  }
  return out;
}
