// The data tools: export a backup file, import one, reset the database. Each closes the database
// first where the runtime requires it, then reloads the page, which reopens (and after a reset,
// reloads SWAPI). The outcome survives the reload as a one-time notice.

import { DATABASE_NAME } from '../app/boot.ts';
import { formatBytes } from '../app/format.ts';
import { deleteDatabase, errorCode, importDatabase, type Database } from '../app/quire.ts';

const NOTICE_KEY = 'quire-demo-notice';

/** The notice a tool left before reloading, once. */
export function takeNotice(): string | null {
  const notice = sessionStorage.getItem(NOTICE_KEY);
  sessionStorage.removeItem(NOTICE_KEY);
  return notice;
}

function reloadWith(notice: string): void {
  sessionStorage.setItem(NOTICE_KEY, notice);
  location.reload();
}

function describe(error: unknown): string {
  const code = errorCode(error);
  return `${code ? `${code}: ` : ''}${(error as Error).message ?? String(error)}`;
}

/** Downloads the whole database as one file. */
export async function exportBackup(db: Database): Promise<string> {
  const blob = await db.export();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = `${DATABASE_NAME}-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-')}.quire`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return `Exported a backup of ${formatBytes(blob.size)}.`;
}

/** Replaces the database with a backup file, then reloads. */
export async function importBackup(db: Database, before: () => void, file: File): Promise<void> {
  before();
  await db.close();
  try {
    await importDatabase(DATABASE_NAME, file);
    reloadWith(`Imported ${file.name} (${formatBytes(file.size)}).`);
  } catch (error) {
    reloadWith(`Import failed — ${describe(error)}`);
  }
}

/** Deletes the database, then reloads (the page loads SWAPI again). */
/**
 * When the stored database cannot be opened at all (a damaged file, or one written by an older
 * format version): delete it and load SWAPI afresh. Only on the user's click — it loses their edits.
 */
export async function startOver(): Promise<void> {
  try {
    await deleteDatabase(DATABASE_NAME);
    reloadWith('The stored database could not be opened, so it was deleted; SWAPI is loaded again below.');
  } catch (error) {
    reloadWith(`Starting over failed — ${describe(error)}`);
  }
}

export async function resetDatabase(db: Database, before: () => void): Promise<void> {
  before();
  await db.close();
  try {
    await deleteDatabase(DATABASE_NAME);
    reloadWith('The database was deleted; SWAPI is loaded again below.');
  } catch (error) {
    reloadWith(`Reset failed — ${describe(error)}`);
  }
}
