// `quire/node`: the in-process runtime for Node and other server runtimes — the same Database as in
// a page, on a file (or in memory), with no worker. Owns file paths and the lock file; nothing else.
import { linkSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { DatabaseOptions } from '../db/api.ts';
import { Database } from '../db/database.ts';
import { QuireError } from '../db/errors.ts';
import { createFetchHandler, type FetchHandlerOptions } from '../server/handler.ts';
import { MemoryFile } from '../storage/file/memory.ts';
import { NodeFile } from '../storage/file/node.ts';

export type * from '../db/api.ts';
export { QuireError } from '../db/errors.ts';
export { Database } from '../db/database.ts';

export interface NodeDatabaseOptions extends DatabaseOptions {
  /** The database file; its write-ahead log is `<path>-wal`. Wins over `name`. */
  path?: string;
  /** A database `<name>.quire` in the working directory. */
  name?: string;
  /** Keep everything in memory (nothing survives `close`). */
  memory?: boolean;
  /** Options of `db.fetch`, the GraphQL-over-HTTP handler. */
  http?: FetchHandlerOptions;
}

/** A Database in this process, plus `fetch` (GraphQL over HTTP) and where it lives. */
export type NodeDatabase = Database & {
  /** The database file, or null for `memory: true`. */
  readonly path: string | null;
  fetch(request: Request): Promise<Response>;
};

/** Creates or opens a database; a changed schema is migrated. Rejects with SCHEMA_ERROR and the like. */
export async function openDatabase(options: NodeDatabaseOptions): Promise<NodeDatabase> {
  const { path: given, name, memory, http, ...databaseOptions } = options;
  const path = given !== undefined ? resolve(given) : name !== undefined ? resolve(`${name}.quire`) : null;
  if (path === null && !memory) throw new QuireError('BAD_USER_INPUT', 'openDatabase needs a path, a name, or memory: true');

  let db: Database;
  let release = (): void => undefined;
  if (path === null) {
    db = await Database.open({ file: new MemoryFile(), wal: new MemoryFile() }, databaseOptions);
  } else {
    release = lockFile(`${path}.lock`);
    const file = new NodeFile(path);
    const wal = new NodeFile(`${path}-wal`);
    try {
      db = await Database.open({ file, wal }, databaseOptions);
    } catch (error) {
      file.close();
      wal.close();
      release();
      throw error;
    }
  }
  const close = db.close.bind(db);
  const handler = createFetchHandler(db, http);
  return Object.assign(db, {
    path,
    fetch: handler,
    async close(): Promise<void> {
      try {
        await close();
      } finally {
        release();
      }
    },
  });
}

/**
 * One writer per database file: a lock file holding the owner's pid, created atomically (written
 * under a private name, then hard-linked into place, so it is never seen empty). A lock left by a
 * process that no longer runs is moved aside and taken over; a live one is refused clearly.
 */
function lockFile(lockPath: string): () => void {
  const token = `${process.pid}.${Date.now().toString(36)}.${Math.random().toString(36).slice(2)}`;
  const mine = `${lockPath}.${token}`;
  writeFileSync(mine, String(process.pid));
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        linkSync(mine, lockPath);
        return () => {
          if (readOwner(lockPath) === process.pid) rmSync(lockPath, { force: true });
        };
      } catch (error) {
        if ((error as { code?: string }).code !== 'EEXIST') throw error;
      }
      const owner = readOwner(lockPath);
      if (owner === process.pid) {
        throw new QuireError('DATABASE_UNAVAILABLE', 'the database is already open in this process; use the open handle');
      }
      if (owner === null || isAlive(owner)) {
        throw new QuireError('DATABASE_UNAVAILABLE', `the database is open in another process${owner ? ` (pid ${owner})` : ''}; ${lockPath} holds its lock`);
      }
      // Stale: move it aside atomically; if what we moved turns out to be a live lock that replaced
      // the stale one meanwhile, put it back and give up.
      const aside = `${lockPath}.stale.${token}`;
      try {
        renameSync(lockPath, aside);
      } catch {
        continue; // someone else moved it first
      }
      const moved = readOwner(aside);
      if (moved !== null && moved !== owner && isAlive(moved)) {
        renameSync(aside, lockPath);
        throw new QuireError('DATABASE_UNAVAILABLE', `the database is open in another process (pid ${moved}); ${lockPath} holds its lock`);
      }
      rmSync(aside, { force: true });
    }
    throw new QuireError('DATABASE_UNAVAILABLE', `cannot take the lock ${lockPath}`);
  } finally {
    rmSync(mine, { force: true });
  }
}

/** The pid in a lock file, or null when it is missing or unreadable. */
function readOwner(lockPath: string): number | null {
  try {
    const pid = Number(readFileSync(lockPath, 'utf8'));
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}
