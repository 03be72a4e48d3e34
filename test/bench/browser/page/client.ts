// Issue 7's benchmark: a cached get by id through Quire's public main-thread client
// (`openDatabase` from src/client, API.md §4), timed beside the bare Comlink ping. The client
// is imported at run time, so without it the result says why instead of giving a number.
import { BENCH_SDL, QUERIES, type Dataset, type Timing } from '../shared/protocol.ts';
import { fetchDataset, timeBatches } from '../shared/runner.ts';

interface ClientDatabase {
  load(json: Record<string, unknown[]>): Promise<unknown>;
  query(query: string, variables?: Record<string, unknown>): Promise<{ data?: Record<string, unknown> | null; errors?: readonly { message: string }[] }>;
  close(): Promise<void>;
}
interface Client {
  openDatabase(options: { name: string; schema: string }): Promise<ClientDatabase>;
  deleteDatabase(name: string): Promise<void>;
}

const CLIENT = '/src/client/index.ts';
const NAME = 'bench-client';

/** Loads the dataset through the client, then times one `db.query` get per id from this thread. */
export async function clientGet(dataUrl: string, ids: number[], batches: number, budgetMs: number): Promise<Timing | string> {
  let client: Partial<Client>;
  try {
    client = (await import(/* @vite-ignore */ CLIENT)) as Partial<Client>;
  } catch (e) {
    return `${CLIENT} did not load: ${String(e).split('\n')[0]}`;
  }
  if (typeof client.openDatabase !== 'function' || typeof client.deleteDatabase !== 'function') return `${CLIENT} exports no openDatabase/deleteDatabase yet`;
  await client.deleteDatabase(NAME);
  const db = await client.openDatabase({ name: NAME, schema: BENCH_SDL });
  try {
    const data = await fetchDataset<Dataset>(dataUrl);
    await db.load({ Planet: data.planets, Film: data.films, Person: data.people });
    const get = async (id: number) => {
      const { data: out, errors } = await db.query(QUERIES.get, { id });
      if (errors?.length || !out?.['person']) throw new Error(`quire client: get ${id} failed: ${errors?.[0]?.message ?? 'no person'}`);
    };
    for (const id of ids.slice(0, 50)) await get(id); // the plan is cached before timing ("a cached get")
    return await timeBatches(get, ids, batches, budgetMs);
  } finally {
    await db.close();
    await client.deleteDatabase(NAME);
  }
}
