// Opening the demo's database: the first visit creates it in OPFS and loads SWAPI with progress;
// later visits open the existing one. Reports what happened and how long it took. Owns no DOM:
// progress goes to a callback.

import { findFigure } from './format.ts';
import { openDatabase, type Database, type LoadSummary } from './quire.ts';

export const DATABASE_NAME = 'swapi';

export interface BootReport {
  db: Database;
  /** True when this visit created the data (first visit, or after a reset). */
  loaded: boolean;
  /** Open (and load) wall time in ms. */
  ms: number;
  summary: LoadSummary | null;
  /** The database's size on disk, when the stats tell it. */
  bytes: number | null;
}

/** Progress of the boot: a fraction in [0, 1] when known, and what is happening. */
export type BootProgress = (fraction: number | null, label: string) => void;

export function asset(path: string): string {
  return `${import.meta.env.BASE_URL}${path}`;
}

export async function boot(onProgress: BootProgress): Promise<BootReport> {
  onProgress(null, 'Starting the storage worker…');
  const schema = await fetchText(asset('swapi/schema.graphql'));
  const started = performance.now();
  const db = await openDatabase({ name: DATABASE_NAME, schema, persist: true });
  if (await hasData(db)) {
    return { db, loaded: false, ms: performance.now() - started, summary: null, bytes: await sizeOf(db) };
  }
  onProgress(0, 'Downloading the Star Wars dataset…');
  // The JSON text goes to the worker as is: the engine parses it there, off the main thread.
  const json = await fetchWithProgress(asset('swapi/data.json'), (fraction) => onProgress(fraction * 0.2, 'Downloading the Star Wars dataset…'));
  const summary = await db.load(json, {
    onProgress: ({ phase, done, total }) => {
      const fraction = total ? Math.min(1, done / total) : null;
      onProgress(fraction === null ? null : 0.2 + fraction * 0.8, `Loading into OPFS: ${phase}${total ? ` ${done}/${total}` : ''}`);
    },
  });
  onProgress(1, 'Loaded.');
  return { db, loaded: true, ms: performance.now() - started, summary, bytes: await sizeOf(db) };
}

/** Whether the database holds the dataset (a reset or an interrupted first load leaves it empty). */
async function hasData(db: Database): Promise<boolean> {
  const result = await db.query('{ filmsAggregate { count } }');
  const count = (result.data?.filmsAggregate as { count?: number } | undefined)?.count;
  return typeof count === 'number' && count > 0;
}

/** The database's size on disk from the stats (file + WAL), else this origin's storage usage. */
export async function sizeOf(db: Database): Promise<number | null> {
  const stats = await db.stats().catch(() => null);
  const file = findFigure(stats?.file, /^bytes$/);
  if (file === null) return findFigure(stats?.storage, /^usage$/);
  return file + (findFigure(stats?.wal, /^fileBytes$/) ?? 0);
}

async function fetchText(url: string): Promise<string> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.text();
}

/** Fetches text, reporting the download's progress when the size is known. */
async function fetchWithProgress(url: string, onFraction: (fraction: number) => void): Promise<string> {
  const response = await fetch(url);
  if (!response.ok || !response.body) throw new Error(`${url}: HTTP ${response.status}`);
  const total = Number(response.headers.get('content-length')) || 0;
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.length;
    if (total) onFraction(Math.min(1, received / total));
  }
  const bytes = new Uint8Array(received);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return new TextDecoder().decode(bytes);
}
