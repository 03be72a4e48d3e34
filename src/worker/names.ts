// The names a database has in the browser — its OPFS folder and files, its Web Locks — shared by the
// worker and the main-thread client so they can never drift apart. Constants only; no code runs here.

/** OPFS: every database is the folder `quire/<name>/`. */
export const ROOT_FOLDER = 'quire';
export const MAIN_FILE = 'main.quire';
export const WAL_FILE = 'main.wal';

/** The Web Lock whose holder owns the database's files (one writer). */
export const databaseLock = (name: string): string => `quire:db:${name}`;
/** The Web Lock a worker holds for its whole life: granted to others once it is gone. */
export const aliveLock = (workerId: string): string => `quire:alive:${workerId}`;
