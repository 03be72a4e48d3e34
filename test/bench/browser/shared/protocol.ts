// The contract between the benchmark page and each system's worker: the dataset shape, the
// workload names and parameters, and the Comlink interface every system implements.
// Plain data and types only (ES2022): shared by the DOM page and the WebWorker programs.

/** The bench dataset, projected from the synthetic SWAPI data (numeric ids 1..n per table). */
export interface Dataset {
  planets: PlanetRow[];
  people: PersonRow[];
  films: FilmRow[];
}
export interface PlanetRow { id: number; name: string; climate: string | null; population: number | null }
export interface PersonRow {
  id: number; name: string; height: number | null; mass: number | null; birthYear: string | null;
  homeworld: number | null; films: number[];
}
export interface FilmRow { id: number; title: string; director: string | null; releaseDate: string | null }

/** What W2 returns: a person without relationships. */
export interface PersonView { id: number; name: string; height: number | null; mass: number | null; birthYear: string | null }
/** W3 row. */
export interface RangeRow { id: number; name: string; height: number | null }
/** W4 result: planets → residents → films, every level ordered by id. */
export interface NestedPlanet { id: number; name: string; residents: { name: string; height: number | null; films: { title: string }[] }[] }
/** W7 result; as API.md §2 says, `avg` is null when no row matches. */
export interface Aggregate { count: number; avg: { height: number | null } | null }

/** Workloads a system runs inside its worker, each over a list of parameters. */
export type Workload = 'get' | 'range' | 'nested' | 'aggregate' | 'update';

/** One timed run: per-operation microseconds, one sample per batch of operations. */
export interface Timing { samples: number[]; ops: number }

/** The interface every system's worker exposes through Comlink. */
export interface SystemApi {
  /** Removes this system's storage (fresh: true) and opens it. */
  open(fresh: boolean): Promise<void>;
  /** Fetches the dataset (untimed), then bulk-loads it, one transaction per table (timed). */
  load(dataUrl: string): Promise<{ rows: number; ms: number }>;
  /** One get by id: the unit of the cross-boundary (W2x) and reopen (W6) measurements. */
  getPerson(id: number): Promise<PersonView | null>;
  /** Runs `workload` over `params` in `batches` timed batches inside the worker, for at most about `budgetMs`. */
  time(workload: Workload, params: number[], batches: number, budgetMs: number): Promise<Timing>;
  /** Runs `workload` once per parameter, untimed, and returns the canonical JSON of the results (a prefix after `budgetMs`). */
  answers(workload: Workload, params: number[], budgetMs: number): Promise<string>;
  close(): Promise<void>;
}

/** The raw OPFS limit worker (and the bare Comlink ping). */
export interface RawOpfsApi {
  /** Writes `pages` 4 KB pages sequentially, then one flush: per-write µs samples and MB/s. */
  sequentialWrite(pages: number, batches: number): Promise<{ writeUs: Timing; mbPerS: number; flushMs: number }>;
  /** Random 4 KB reads over the file just written (hot OS cache). */
  randomRead(reads: number, batches: number): Promise<Timing>;
  /** One 4 KB write + flush, `n` times: µs per pair, one sample each. */
  writeFlush(n: number): Promise<Timing>;
  ping(x: number): number;
  close(): Promise<void>;
}

/** Issue 4's key-value steps, in the order both engines run them. */
export type KvStep =
  | 'bulk insert (one transaction, random key order)'
  | 'random point reads, cache warm'
  | 'random point reads, cache cold'
  | 'range scan forward + reverse (per record)'
  | 'durable single-record commits';
export interface KvResult { op: KvStep; ops: number; ms: number; usPerOp: number }

/** The storage benchmark worker: Quire's storage engine and SQLite doing the same key-value work on OPFS. */
export interface KvApi {
  /** Quire's steps, or why they cannot run yet. */
  quire(records: number, reads: number, commits: number): Promise<KvResult[] | string>;
  sqlite(records: number, reads: number, commits: number): Promise<KvResult[]>;
  /** Fills Quire's memtable to 90 % in durable batches and leaves the store open (the page then kills the worker). */
  quireFill(): Promise<{ records: number; memtableBytes: number; walBytes: number }>;
  /** In a new worker after the kill: ms to open (recovery) and read the last acknowledged record. */
  quireReopen(records: number): Promise<number>;
  sqliteFill(records: number): Promise<void>;
  sqliteReopen(records: number): Promise<number>;
}

/** The bench schema in Quire's SDL: the same tables, keys and indexes as the peers. */
export const BENCH_SDL = /* GraphQL */ `
  type Planet { id: Int! @id name: String! climate: String population: Float residents: [Person] }
  type Person @plural(name: "people") {
    id: Int! @id name: String! height: Int @index mass: Float birthYear: String
    homeworld: Planet @relation(inverse: "residents") films: [Film]
  }
  type Film { id: Int! @id title: String! director: String releaseDate: String characters: [Person] }
`;

/** The GraphQL texts of the workloads, in the dialect of Quire's generated API (API.md §2). */
export const QUERIES = {
  get: 'query($id: Int!) { person(id: $id) { id name height mass birthYear } }',
  range:
    'query($lo: Int!, $hi: Int!) { people(where: { height: { gte: $lo, lte: $hi } }, orderBy: [{ height: ASC }], first: 50) { id name height } }',
  nested:
    'query($from: Int!, $to: Int!) { planets(where: { id: { gte: $from, lte: $to } }) { id name residents { name height films { title } } } }',
  aggregate: 'query($p: Int!) { peopleAggregate(where: { homeworld: { id: { eq: $p } } }) { count avg { height } } }',
  update: 'mutation($id: Int!, $mass: Float) { updatePerson(id: $id, data: { mass: $mass }) { id } }',
} as const;

/** Workload constants shared by every system. */
export const RANGE_WIDTH = 5; // W3: height in [lo, lo + 5]
export const RANGE_LIMIT = 50;
export const NESTED_PLANETS = 20; // W4: planets with id in [from, from + 19]
/** W5 writes mass = id % 200 + tick, so every update changes the row. */
export const newMass = (id: number, tick: number): number => (id % 200) + tick;

/** The average as every system reports it: rounded to 6 decimals so summation order cannot differ. */
export const roundAvg = (sum: number, n: number): number | null => (n === 0 ? null : Math.round((sum / n) * 1e6) / 1e6);
/** W7's answer from `count` rows of which `n` have a height summing to `sum`. */
export const aggregateOf = (count: number, sum: number, n: number): Aggregate => ({ count, avg: count === 0 ? null : { height: roundAvg(sum, n) } });
