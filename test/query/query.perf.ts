// Measurement functions of the query engine for the benchmark harness (not a test): synthetic
// SWAPI (shared/data/swapi/generate.mjs) loaded into a Store on a Node file, then the five
// workloads of issue 6 measured through `engine.execute` with cached plans (result cache off).
//   import { openBenchDb, measureAll } from './query.perf.ts'; measureAll(await openBenchDb(100_000))
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeFile } from '../../src/storage/file/node.ts';
import { Store } from '../../src/storage/index.ts';
import { openCatalog } from '../../src/catalog/persist.ts';
import { load } from '../../src/catalog/load.ts';
import { createQueryEngine, type QueryEngine } from '../../src/query/engine.ts';

export interface BenchDb { engine: QueryEngine; store: Store; people: number; planets: number; names: string[]; close(): void }

export interface Measurement { name: string; iterations: number; medianUs: number; p90Us: number; minUs: number }

/** Generates and loads synthetic SWAPI with `people` people; the engine has no result cache. */
export async function openBenchDb(people: number): Promise<BenchDb> {
  const dir = mkdtempSync(join(tmpdir(), 'quire-query-'));
  const dataFile = join(dir, 'data.json');
  execFileSync('sh', ['-c', `node /work/shared/data/swapi/generate.mjs --people ${people} > ${dataFile}`]);
  const sdl = readFileSync('/work/shared/data/swapi/schema.graphql', 'utf8');
  const store = Store.open({ file: new NodeFile(join(dir, 'db.quire')), wal: new NodeFile(join(dir, 'db.wal')), durability: 'full' });
  let tx = store.begin();
  const { catalog } = openCatalog(tx, sdl);
  tx.commit();
  tx = store.begin();
  const data = JSON.parse(readFileSync(dataFile, 'utf8')) as Record<string, { id: string; name?: string }[]>;
  await load(tx, catalog, data);
  tx.commit();
  store.checkpoint();
  const engine = createQueryEngine({ catalog, store, options: { resultCacheSize: 0 } });
  const names = data['Person']!.map((p) => p.name!).sort();
  return { engine, store, people, planets: data['Planet']!.length, names, close: () => { store.close(); rmSync(dir, { recursive: true, force: true }); } };
}

/** Runs `fn` `iterations` times (after a warm-up), or for at most ~10 s. */
function measure(name: string, iterations: number, fn: (i: number) => void): Measurement {
  const warm = performance.now();
  for (let i = 0; i < Math.min(200, iterations) && performance.now() - warm < 2000; i++) fn(i); // plans cached, JIT warm
  const times: number[] = [];
  const start = performance.now();
  for (let i = 0; i < iterations && performance.now() - start < 10_000; i++) {
    const t0 = performance.now();
    fn(i);
    times.push((performance.now() - t0) * 1000);
  }
  times.sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 10) / 10;
  return { name, iterations: times.length, medianUs: round(times[times.length >> 1]!), p90Us: round(times[Math.floor(times.length * 0.9)]!), minUs: round(times[0]!) };
}

function check(r: { errors?: unknown[] }): void {
  if (r.errors) throw new Error(JSON.stringify(r.errors));
}

let seed = 12345;
const rand = (n: number) => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };

/** W2: a person by id, plan cached. */
export function measureGetById(db: BenchDb, iterations = 10_000): Measurement {
  const query = 'query ($id: ID!) { person(id: $id) { id name height } }';
  return measure('get person by id', iterations, () => check(db.engine.execute({ query, variables: { id: String(1 + rand(db.people)) } })));
}

/** An indexed filter with order and limit: names in a range, ordered by name, first 50. */
export function measureIndexedFilterOrderLimit(db: BenchDb, iterations = 1000): Measurement {
  const query = 'query ($a: String!) { people(where: {name: {gte: $a}}, orderBy: [{name: ASC}], first: 50) { id name height } }';
  return measure('indexed filter + order + first 50', iterations, () => check(db.engine.execute({ query, variables: { a: db.names[rand(db.names.length)] } })));
}

/** W3 as the peers run it: height in [h, h+5] ordered by height then id, first 50 (height is only in a composite index). */
export function measureHeightRange(db: BenchDb, iterations = 200): Measurement {
  const query = 'query ($h: Int!, $h5: Int!) { people(where: {height: {gte: $h, lte: $h5}}, orderBy: [{height: ASC}], first: 50) { id name height } }';
  return measure('height range + order + first 50 (W3)', iterations, () => { const h = 150 + rand(40); check(db.engine.execute({ query, variables: { h, h5: h + 5 } })); });
}

/** W4: 20 planets by id range → residents (name, height) → their films (title). */
export function measureNested(db: BenchDb, iterations = 100): Measurement {
  const query = 'query ($a: ID!) { planets(where: {id: {gte: $a}}, first: 20) { name residents { name height films { title } } } }';
  return measure('3-level nested planets → residents → films', iterations, () => check(db.engine.execute({ query, variables: { a: String(1 + rand(db.planets - 20)) } })));
}

/** An aggregate over a filtered set. */
export function measureAggregate(db: BenchDb, iterations = 50): Measurement {
  const query = '{ peopleAggregate(where: {gender: {eq: "female"}}) { count avg { height mass } max { height } } }';
  return measure('aggregate (indexed filter, count/avg/max)', iterations, () => check(db.engine.execute({ query })));
}

/** W5: a single-row update, each its own durable commit. */
export function measureMutation(db: BenchDb, iterations = 1000): Measurement {
  const query = 'mutation ($id: ID!, $h: Int!) { updatePerson(id: $id, data: {height: $h}) { id height } }';
  return measure('single-row update (own commit)', iterations, () => check(db.engine.execute({ query, variables: { id: String(1 + rand(db.people)), h: 100 + rand(100) } })));
}

export function measureAll(db: BenchDb): Measurement[] {
  return [measureGetById(db), measureIndexedFilterOrderLimit(db), measureHeightRange(db), measureNested(db), measureAggregate(db), measureMutation(db)];
}
