// Quire as a benchmarked system: its Database (storage + catalog + query engine) on OPFS inside
// this dedicated worker, answering the workloads' GraphQL exactly as the peers' workers do.
// The engine is the production build the suite made before the run (lib/engine.mjs: minified,
// one file plus its lazy chunks, like the peers' pre-bundled packages), imported at run time.
// It never reaches below Database.
import { expose } from 'comlink';
import type { OpfsFile } from '../../../../src/storage/file/opfs.ts';
import { BENCH_SDL, QUERIES, RANGE_WIDTH, newMass, roundAvg, type Aggregate, type Dataset, type PersonView, type SystemApi } from '../shared/protocol.ts';
import { fetchDataset, removeOpfsEntry, runnerFor } from '../shared/runner.ts';

/** The slice of src/db/database.ts this worker uses (API.md §4). */
interface QuireDatabase {
  load(json: Record<string, unknown[]>): Promise<unknown>;
  query(query: string, variables?: Record<string, unknown>): Promise<{ data?: Record<string, unknown> | null; errors?: readonly { message: string }[] }>;
  close(): Promise<void>;
}
interface DatabaseClass {
  open(files: { file: OpfsFile; wal: OpfsFile }, options: { schema: string; durability?: 'full' | 'relaxed' }): Promise<QuireDatabase>;
}
interface Engine {
  Database: DatabaseClass;
  OpfsFile: typeof OpfsFile;
}

/** Served by the bench server from lib/engine.mjs's output (ENGINE_PREFIX + ENGINE_FILE there). */
const ENGINE = '/@bench-engine/quire-engine.js';
const FOLDER = 'bench-quire';
let db: QuireDatabase | null = null;

async function engine(): Promise<Engine> {
  const mod = (await import(/* @vite-ignore */ ENGINE)) as Partial<Engine>;
  if (typeof mod.Database?.open !== 'function' || typeof mod.OpfsFile?.open !== 'function') throw new Error(`quire: ${ENGINE} exports no Database.open or OpfsFile.open`);
  return mod as Engine;
}

async function q(text: string, vars: Record<string, unknown>, field: string): Promise<unknown> {
  if (!db) throw new Error('quire: not open');
  const { data, errors } = await db.query(text, vars);
  if (errors?.length) throw new Error(`quire: ${errors[0]!.message}`);
  return data![field];
}

/** Quire reports the exact average; the bench compares it rounded like every system. */
async function aggregate(p: number): Promise<Aggregate> {
  const a = (await q(QUERIES.aggregate, { p }, 'peopleAggregate')) as Aggregate;
  const height = a.avg?.height ?? null;
  return { count: a.count, avg: a.avg === null ? null : { height: height === null ? null : roundAvg(height, 1) } };
}

const api: SystemApi = {
  async open(fresh) {
    const { Database, OpfsFile } = await engine();
    if (fresh) await removeOpfsEntry(FOLDER);
    const root = await navigator.storage.getDirectory();
    const dir = await root.getDirectoryHandle(FOLDER, { create: true });
    const files = { file: await OpfsFile.open(dir, 'db.quire'), wal: await OpfsFile.open(dir, 'db.quire-wal') };
    db = await Database.open(files, { schema: BENCH_SDL, durability: 'full' });
  },
  async load(url) {
    const data = await fetchDataset<Dataset>(url);
    const links = data.people.reduce((n, p) => n + p.films.length, 0);
    const t0 = performance.now();
    await db!.load({ Planet: data.planets, Film: data.films, Person: data.people });
    return { rows: data.planets.length + data.films.length + data.people.length + links, ms: performance.now() - t0 };
  },
  async getPerson(id) {
    return (await q(QUERIES.get, { id }, 'person')) as PersonView | null;
  },
  ...runnerFor(() => ({
    get: (id: number) => q(QUERIES.get, { id }, 'person'),
    range: (lo: number) => q(QUERIES.range, { lo, hi: lo + RANGE_WIDTH }, 'people'),
    nested: (from: number) => q(QUERIES.nested, { from, to: from + 19 }, 'planets'),
    aggregate,
    update: (id: number, tick: number) => q(QUERIES.update, { id, mass: newMass(id, tick) }, 'updatePerson'),
  })),
  async close() {
    await db?.close();
    db = null;
  },
};

expose(api);
