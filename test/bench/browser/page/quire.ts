// Quire as a benchmarked system, through its public browser API (`openDatabase` from the
// client, API.md §4): every operation is a main-thread call into Quire's own worker. It only
// adapts the workloads to that API; when the API does not exist yet it reports so, never a number.
import { QUERIES, RANGE_WIDTH, newMass, type Dataset, type PersonView, type SystemApi } from '../shared/protocol.ts';
import { fetchDataset, runnerFor } from '../shared/runner.ts';

/** The bench schema in Quire's SDL: the same tables, keys and indexes as the peers. */
export const BENCH_SDL = /* GraphQL */ `
  type Planet { id: Int! @id name: String! climate: String population: Float residents: [Person] }
  type Person @plural(name: "people") {
    id: Int! @id name: String! height: Int @index mass: Float birthYear: String
    homeworld: Planet @relation(inverse: "residents") films: [Film]
  }
  type Film { id: Int! @id title: String! director: String releaseDate: String characters: [Person] }
`;

interface QuireDb {
  load(json: unknown): Promise<unknown>;
  query(query: string, variables?: Record<string, unknown>): Promise<{ data?: Record<string, unknown> | null; errors?: { message: string }[] }>;
  close(): Promise<void>;
}
interface QuireClient {
  openDatabase(options: { name: string; schema: string }): Promise<QuireDb>;
  deleteDatabase?(name: string): Promise<void>;
}

const CLIENT = '/src/client/index.ts';
const NAME = 'bench-quire';

/** Quire's client module if it already exports openDatabase, else null. */
export async function quireClient(): Promise<QuireClient | null> {
  try {
    const mod = (await import(/* @vite-ignore */ CLIENT)) as Partial<QuireClient>;
    return typeof mod.openDatabase === 'function' ? (mod as QuireClient) : null;
  } catch {
    return null;
  }
}

/** A SystemApi over Quire's client: the same workloads as the peers, as GraphQL requests. */
export function quireSystem(client: QuireClient): SystemApi {
  let db: QuireDb | null = null;
  const q = async (text: string, vars: Record<string, unknown>, field: string) => {
    if (!db) throw new Error('quire: not open');
    const { data, errors } = await db.query(text, vars);
    if (errors?.length) throw new Error(`quire: ${errors[0]!.message}`);
    return data![field];
  };
  const ops = () => ({
    get: (id: number) => q(QUERIES.get, { id }, 'person'),
    range: (lo: number) => q(QUERIES.range, { lo, hi: lo + RANGE_WIDTH }, 'people'),
    nested: (from: number) => q(QUERIES.nested, { from, to: from + 19 }, 'planets'),
    aggregate: (p: number) => q(QUERIES.aggregate, { p }, 'peopleAggregate'),
    update: (id: number, tick: number) => q(QUERIES.update, { id, mass: newMass(id, tick) }, 'updatePerson'),
  });
  return {
    async open(fresh) {
      if (fresh) await client.deleteDatabase?.(NAME);
      db = await client.openDatabase({ name: NAME, schema: BENCH_SDL });
    },
    async load(url) {
      const data = await fetchDataset<Dataset>(url);
      const json = { Planet: data.planets, Film: data.films, Person: data.people };
      const links = data.people.reduce((n, p) => n + p.films.length, 0);
      const t0 = performance.now();
      await db!.load(json);
      return { rows: data.planets.length + data.films.length + data.people.length + links, ms: performance.now() - t0 };
    },
    async getPerson(id) {
      return (await q(QUERIES.get, { id }, 'person')) as PersonView | null;
    },
    ...runnerFor(ops),
    async close() {
      await db?.close();
      db = null;
    },
  };
}
