// Times a system's workload operations in batches and collects their canonical answers.
// Owns the measuring loop only: it never knows which system it measures, and never rounds times.
import type { Timing, Workload } from './protocol.ts';

/** One operation per workload; sync systems return values, async ones promises. */
export type Operations = Record<Workload, (param: number, tick: number) => unknown>;

/**
 * Runs `op` once per parameter, split into `batches` consecutive batches, and returns one
 * sample per batch: the batch's mean µs per operation. Batching keeps 5 µs timer resolution
 * (cross-origin isolated) from dominating operations that take a few µs. After `budgetMs` the
 * current batch ends early and no new one starts, so a slow system cannot stall the run; `ops`
 * says how many operations were really timed.
 */
export async function timeBatches(
  op: (param: number, tick: number) => unknown, params: number[], batches: number, budgetMs = Infinity,
): Promise<Timing> {
  const size = Math.max(1, Math.ceil(params.length / batches));
  const samples: number[] = [];
  const deadline = performance.now() + budgetMs;
  let ops = 0;
  let everyOp = true; // check the deadline after every operation until they prove fast (< 50 µs)
  for (let start = 0; start < params.length && performance.now() < deadline; start += size) {
    const end = Math.min(params.length, start + size);
    const t0 = performance.now();
    let i = start;
    while (i < end) {
      const r = op(params[i]!, i + 1);
      if (r instanceof Promise) await r;
      i++;
      if ((everyOp || (i & 63) === 0) && performance.now() > deadline) break;
    }
    const us = ((performance.now() - t0) * 1000) / (i - start);
    samples.push(us);
    everyOp = us >= 50;
    ops += i - start;
  }
  return { samples, ops };
}

/**
 * The answers of `op` for the parameters in order, as one JSON array (compared across systems);
 * after `budgetMs` it stops, so the array may be a prefix (at least one answer).
 */
export async function collectAnswers(op: (param: number, tick: number) => unknown, params: number[], budgetMs = Infinity): Promise<string> {
  const out: unknown[] = [];
  const deadline = performance.now() + budgetMs;
  for (let i = 0; i < params.length && (i === 0 || performance.now() < deadline); i++) out.push(await op(params[i]!, 0));
  return JSON.stringify(out);
}

/** The two timed entry points of SystemApi, over a system's operations. */
export function runnerFor(ops: () => Operations) {
  return {
    time: (w: Workload, params: number[], batches: number, budgetMs: number): Promise<Timing> => timeBatches(ops()[w], params, batches, budgetMs),
    answers: (w: Workload, params: number[], budgetMs: number): Promise<string> => collectAnswers(ops()[w], params, budgetMs),
  };
}

/** Fetches the bench dataset outside any timed region. */
export async function fetchDataset<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`dataset ${url}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

/** Removes an OPFS entry (file or folder) if present: every system starts from empty storage. */
export async function removeOpfsEntry(name: string): Promise<void> {
  const root = await navigator.storage.getDirectory();
  try {
    await root.removeEntry(name, { recursive: true });
  } catch (e) {
    if ((e as DOMException).name !== 'NotFoundError') throw e;
  }
}
