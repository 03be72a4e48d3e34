// `quire`: the main-thread client. It starts the engine's dedicated worker and talks to it
// through Comlink; it never opens files itself.
import { wrap, type Remote } from 'comlink';
import type { StorageProbe, WorkerApi } from '../worker/api.ts';

export type { StorageProbe };

/** Starts the Quire worker and asks it to open (or create) the database folder `name`. */
export async function probeStorage(name: string): Promise<StorageProbe> {
  const worker = new Worker(new URL('../worker/worker.ts', import.meta.url), { type: 'module', name: `quire:${name}` });
  const remote: Remote<WorkerApi> = wrap<WorkerApi>(worker);
  try {
    return await remote.probe(name);
  } finally {
    worker.terminate();
  }
}
