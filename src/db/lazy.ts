// Loads a part of Quire that a running app rarely needs (the schema builder and migrator, the
// loader, the HTTP handler) on first use, as its own chunk. Owns the one failure mode that adds:
// a chunk that cannot be fetched rejects with a coded DATABASE_UNAVAILABLE, never a bare TypeError.
import { QuireError } from './errors.ts';

/** `load()` (a dynamic `import()`), with a failure to fetch or evaluate the chunk as a coded error naming `what`. */
export async function loadPart<T>(what: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    throw new QuireError('DATABASE_UNAVAILABLE', `Quire could not load ${what} (${error instanceof Error ? error.message : String(error)}). Check the network and reload the page.`);
  }
}
