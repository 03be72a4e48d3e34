// Peer: SQLite WASM on OPFS (see sqlite-open.ts for the VFS) answering the workloads with
// hand-written SQL plus object assembly, one prepared statement per query and nesting level.
import { expose } from 'comlink';
import type { BindableValue, Database as DB, PreparedStatement as Stmt } from '@sqlite.org/sqlite-wasm';
import { RANGE_WIDTH, aggregateOf, newMass, type Dataset, type NestedPlanet, type PersonView, type RangeRow, type SystemApi } from '../shared/protocol.ts';
import { fetchDataset, runnerFor } from '../shared/runner.ts';
import { openSqlite } from './sqlite-open.ts';

const FOLDER = 'bench-sqlite';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS planets(id INTEGER PRIMARY KEY, name TEXT NOT NULL, climate TEXT, population REAL);
  CREATE TABLE IF NOT EXISTS people(id INTEGER PRIMARY KEY, name TEXT NOT NULL, height INTEGER, mass REAL,
                                    birthYear TEXT, homeworld INTEGER);
  CREATE TABLE IF NOT EXISTS films(id INTEGER PRIMARY KEY, title TEXT NOT NULL, director TEXT, releaseDate TEXT);
  CREATE TABLE IF NOT EXISTS person_film(person INTEGER, film INTEGER, PRIMARY KEY(person, film)) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS people_height ON people(height);
  CREATE INDEX IF NOT EXISTS people_homeworld ON people(homeworld);
  CREATE INDEX IF NOT EXISTS film_person ON person_film(film, person);`;

const SQL = {
  get: 'SELECT id, name, height, mass, birthYear FROM people WHERE id = ?',
  range: 'SELECT id, name, height FROM people WHERE height BETWEEN ? AND ? ORDER BY height, id LIMIT 50',
  planets: 'SELECT id, name FROM planets WHERE id BETWEEN ? AND ? ORDER BY id',
  residents: 'SELECT id, name, height, homeworld FROM people WHERE homeworld BETWEEN ? AND ? ORDER BY homeworld, id',
  films: `SELECT pf.person, f.title FROM people p JOIN person_film pf ON pf.person = p.id JOIN films f ON f.id = pf.film
          WHERE p.homeworld BETWEEN ? AND ? ORDER BY pf.person, pf.film`,
  aggregate: 'SELECT count(*), total(height), count(height) FROM people WHERE homeworld = ?',
  update: 'UPDATE people SET mass = ? WHERE id = ?',
} as const;

let db: DB | null = null;
let st: Record<keyof typeof SQL, Stmt> | null = null;

const stmts = () => {
  if (!st) throw new Error('sqlite: not open');
  return st;
};

function getPerson(id: number): PersonView | null {
  const s = stmts().get.bind([id]);
  const row = s.step()
    ? { id: s.get(0) as number, name: s.get(1) as string, height: s.get(2) as number | null, mass: s.get(3) as number | null, birthYear: s.get(4) as string | null }
    : null;
  s.reset();
  return row;
}

function range(lo: number): RangeRow[] {
  const s = stmts().range.bind([lo, lo + RANGE_WIDTH]);
  const out: RangeRow[] = [];
  while (s.step()) out.push({ id: s.get(0) as number, name: s.get(1) as string, height: s.get(2) as number | null });
  s.reset();
  return out;
}

/** One statement per level, assembled into the nested shape (a batched pass per level). */
function nested(from: number): NestedPlanet[] {
  const to = from + 19;
  const q = stmts();
  const planets: NestedPlanet[] = [];
  const byPlanet = new Map<number, NestedPlanet>();
  for (const s = q.planets.bind([from, to]); s.step(); ) {
    const p: NestedPlanet = { id: s.get(0) as number, name: s.get(1) as string, residents: [] };
    planets.push(p);
    byPlanet.set(p.id, p);
  }
  q.planets.reset();
  const byPerson = new Map<number, { title: string }[]>();
  for (const s = q.residents.bind([from, to]); s.step(); ) {
    const films: { title: string }[] = [];
    byPerson.set(s.get(0) as number, films);
    byPlanet.get(s.get(3) as number)!.residents.push({ name: s.get(1) as string, height: s.get(2) as number | null, films });
  }
  q.residents.reset();
  for (const s = q.films.bind([from, to]); s.step(); ) byPerson.get(s.get(0) as number)!.push({ title: s.get(1) as string });
  q.films.reset();
  return planets;
}

function aggregate(p: number) {
  const s = stmts().aggregate.bind([p]);
  s.step();
  const result = aggregateOf(s.get(0) as number, s.get(1) as number, s.get(2) as number);
  s.reset();
  return result;
}

function update(id: number, tick: number): { id: number } {
  stmts().update.bind([newMass(id, tick), id]).stepReset();
  return { id };
}

/** Bulk-inserts rows in one transaction with one prepared statement. */
function insertAll<T>(sql: string, rows: readonly T[], values: (row: T) => BindableValue[]): void {
  const s = db!.prepare(sql);
  db!.exec('BEGIN');
  for (const r of rows) s.bind(values(r)).stepReset();
  db!.exec('COMMIT');
  s.finalize();
}

const api: SystemApi = {
  async open(fresh) {
    db = await openSqlite(FOLDER, fresh);
    db.exec(SCHEMA);
    st = Object.fromEntries(Object.entries(SQL).map(([k, sql]) => [k, db!.prepare(sql)])) as Record<keyof typeof SQL, Stmt>;
  },
  async load(url) {
    const data = await fetchDataset<Dataset>(url);
    const links = data.people.flatMap((p) => p.films.map((f) => [p.id, f]));
    const t0 = performance.now();
    insertAll('INSERT INTO planets VALUES (?, ?, ?, ?)', data.planets, (p) => [p.id, p.name, p.climate, p.population]);
    insertAll('INSERT INTO films VALUES (?, ?, ?, ?)', data.films, (f) => [f.id, f.title, f.director, f.releaseDate]);
    insertAll('INSERT INTO people VALUES (?, ?, ?, ?, ?, ?)', data.people, (p) => [p.id, p.name, p.height, p.mass, p.birthYear, p.homeworld]);
    insertAll('INSERT INTO person_film VALUES (?, ?)', links, (l) => l);
    return { rows: data.planets.length + data.films.length + data.people.length + links.length, ms: performance.now() - t0 };
  },
  async getPerson(id) {
    return getPerson(id);
  },
  ...runnerFor(() => ({ get: getPerson, range, nested, aggregate, update })),
  async close() {
    for (const s of Object.values(st ?? {})) s.finalize();
    st = null;
    db?.close();
    db = null;
  },
};

expose(api);
