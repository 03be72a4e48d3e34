// Issue 7's benchmark: a cached get by id through Quire's public main-thread client
// (`openDatabase` from src/client, API.md §4), timed beside a bare Comlink ping in the same page,
// batch for batch. The client is imported at run time, so without it the result says why instead
// of giving a number.
import { wrap } from 'comlink';
import { BENCH_SDL, QUERIES, type Dataset, type RawOpfsApi, type Timing } from '../shared/protocol.ts';
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

/** The get's samples and, batch for batch, the bare ping's. */
export interface ClientTiming extends Timing {
  /** µs per bare Comlink ping, one sample per batch, each batch next to the get's batch of the same index. */
  pingSamples: number[];
}

/**
 * Loads the dataset through the client, then times one `db.query` get per id from this thread,
 * alternating batches with as many bare Comlink pings (a number there and back to a worker that
 * does nothing else): the same warm-up, batch size and batch count, in the same minutes, so
 * machine noise hits both alike. Batch `i` of each runs right before or after the other's
 * (the order flips every batch).
 */
export async function clientGet(dataUrl: string, ids: number[], batches: number, budgetMs: number): Promise<ClientTiming | string> {
  let client: Partial<Client>;
  try {
    client = (await import(/* @vite-ignore */ CLIENT)) as Partial<Client>;
  } catch (e) {
    return `${CLIENT} did not load: ${String(e).split('\n')[0]}`;
  }
  if (typeof client.openDatabase !== 'function' || typeof client.deleteDatabase !== 'function') return `${CLIENT} exports no openDatabase/deleteDatabase yet`;
  await client.deleteDatabase(NAME);
  const db = await client.openDatabase({ name: NAME, schema: BENCH_SDL });
  const pinger = new Worker(new URL('../workers/raw-opfs.worker.ts', import.meta.url), { type: 'module', name: 'ping' });
  try {
    const data = await fetchDataset<Dataset>(dataUrl);
    await db.load({ Planet: data.planets, Film: data.films, Person: data.people });
    const get = async (id: number) => {
      const { data: out, errors } = await db.query(QUERIES.get, { id });
      if (errors?.length || !out?.['person']) throw new Error(`quire client: get ${id} failed: ${errors?.[0]?.message ?? 'no person'}`);
    };
    const remote = wrap<RawOpfsApi>(pinger);
    const ping = (i: number) => remote.ping(i);
    for (const id of ids.slice(0, 50)) {
      await get(id); // the plan is cached before timing ("a cached get")
      await ping(id);
    }
    const size = Math.max(1, Math.ceil(ids.length / batches));
    const deadline = performance.now() + budgetMs;
    const timing: ClientTiming = { samples: [], ops: 0, pingSamples: [] };
    for (let start = 0, batch = 0; start < ids.length && performance.now() < deadline; start += size, batch++) {
      const slice = ids.slice(start, start + size);
      const timeGet = async () => {
        const t = await timeBatches(get, slice, 1, deadline - performance.now());
        timing.samples.push(t.samples[0]!);
        timing.ops += t.ops;
      };
      const timePing = async () => timing.pingSamples.push((await timeBatches(ping, slice, 1)).samples[0]!);
      if (batch % 2 === 0) {
        await timeGet();
        await timePing();
      } else {
        await timePing();
        await timeGet();
      }
    }
    return timing;
  } finally {
    pinger.terminate();
    await db.close();
    await client.deleteDatabase(NAME);
  }
}
