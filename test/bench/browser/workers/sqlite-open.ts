// Opens a SQLite WASM database on OPFS for the SQLite peers: the installed 3.41.2 has no
// opfs-sahpool VFS, so its "opfs" VFS (needs cross-origin isolation) with locking_mode=EXCLUSIVE,
// which keeps the sync handles open. Owns opening only; never runs a workload.
import sqlite3InitModule, { type DB } from '@sqlite.org/sqlite-wasm';
import { removeOpfsEntry } from '../shared/runner.ts';

// Started at once but awaited on open: Comlink must be listening before the first message.
const sqlite3Ready = sqlite3InitModule({ print: () => {}, printErr: (...a) => console.error(...a) });

/** The database `<folder>/db.sqlite3` in OPFS; `fresh` removes the folder first. */
export async function openSqlite(folder: string, fresh: boolean): Promise<DB> {
  const sqlite3 = await sqlite3Ready;
  if (!sqlite3.oo1.OpfsDb) throw new Error('sqlite: the opfs VFS did not install (is the page cross-origin isolated?)');
  if (fresh) await removeOpfsEntry(folder);
  const db = new sqlite3.oo1.OpfsDb(`/${folder}/db.sqlite3`, 'c');
  db.exec('PRAGMA locking_mode=EXCLUSIVE; PRAGMA cache_size=-32768; PRAGMA synchronous=FULL;');
  return db;
}
