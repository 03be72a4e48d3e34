// `quire/node`: the in-process runtime for Node and other server runtimes — the same Database as in
// a page, on a file (or in memory), with no worker. Owns file paths and the lock file; nothing else.
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
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
 * One writer per database file: a lock file holding the owner's pid. A lock left by a process that
 * no longer runs is taken over; a live one is refused with a clear error.
 */
function lockFile(lockPath: string): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockPath, { force: true });
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(lockPath, 'utf8'));
      if (owner && owner !== process.pid && isAlive(owner)) {
        throw new QuireError('DATABASE_UNAVAILABLE', `the database is open in another process (pid ${owner}); ${lockPath} holds its lock`);
      }
      if (owner === process.pid) {
        throw new QuireError('DATABASE_UNAVAILABLE', 'the database is already open in this process; use the open handle');
      }
      rmSync(lockPath, { force: true });
    }
  }
  throw new QuireError('DATABASE_UNAVAILABLE', `cannot take the lock ${lockPath}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}
