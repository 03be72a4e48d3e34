// Opens a SQLite WASM database on OPFS for the SQLite peers through the opfs-sahpool VFS (what
// PEERS.md measured): one pool per OPFS folder, its sync handles held for the worker's life.
// Owns opening only; never runs a workload.
import sqlite3InitModule, { type Database, type SAHPoolUtil } from '@sqlite.org/sqlite-wasm';
import { removeOpfsEntry } from '../shared/runner.ts';

// Started at once but awaited on open: Comlink must be listening before the first message.
const sqlite3Ready = sqlite3InitModule();
const pools = new Map<string, Promise<SAHPoolUtil>>();

/** The database `db.sqlite3` in the OPFS folder `folder`; `fresh` empties the folder first. */
export async function openSqlite(folder: string, fresh: boolean): Promise<Database> {
  const sqlite3 = await sqlite3Ready;
  let pool = pools.get(folder);
  if (!pool) {
    if (fresh) await removeOpfsEntry(folder);
    pool = sqlite3.installOpfsSAHPoolVfs({ name: `sahpool-${folder}`, directory: `/${folder}` });
    pools.set(folder, pool);
  } else if (fresh) {
    await (await pool).wipeFiles();
  }
  const db = new (await pool).OpfsSAHPoolDb('/db.sqlite3');
  db.exec('PRAGMA cache_size=-32768; PRAGMA synchronous=FULL;');
  return db;
}

/**
 * Deletes the folder's database: the pool holds its files' sync handles for the worker's life, so
 * the folder can only go through the pool (`removeVfs`), after the database is closed.
 */
export async function dropSqlite(folder: string): Promise<void> {
  const pool = pools.get(folder);
  if (!pool) return removeOpfsEntry(folder);
  pools.delete(folder);
  await (await pool).removeVfs();
}
