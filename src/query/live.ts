// Live queries: a subscription re-runs its operation after each commit that touched a tree it
// read and emits only when the result changed — asynchronously, coalescing bursts of commits so
// the latest state is always delivered and never two equal payloads in a row. Never executes
// on its own: it calls the engine's runner.
import { deepEqual } from './values.ts';

export interface LiveRun<R> {
  /** The result and the trees it read; `final` when the subscription must end (invalid document). */
  (): { result: R; trees: ReadonlySet<string> | null; final: boolean };
}

interface Sub<R> {
  run: LiveRun<R>;
  cb: (result: R) => void;
  trees: ReadonlySet<string> | null;
  last: R | undefined;
  dirty: boolean;
  scheduled: boolean;
  active: boolean;
}

export class LiveQueries<R> {
  private readonly subs = new Set<Sub<R>>();

  get size(): number { return this.subs.size; }

  subscribe(run: LiveRun<R>, cb: (result: R) => void): () => void {
    const sub: Sub<R> = { run, cb, trees: null, last: undefined, dirty: true, scheduled: false, active: true };
    this.subs.add(sub);
    this.schedule(sub);
    return () => {
      sub.active = false;
      this.subs.delete(sub);
    };
  }

  /** A commit touched these trees (`'all'`: anything may have changed). */
  notify(trees: ReadonlySet<string> | 'all'): void {
    for (const sub of this.subs) {
      if (trees === 'all' || sub.trees === null || intersects(sub.trees, trees)) {
        sub.dirty = true;
        this.schedule(sub);
      }
    }
  }

  private schedule(sub: Sub<R>): void {
    if (sub.scheduled) return;
    sub.scheduled = true;
    setTimeout(() => this.flush(sub), 0);
  }

  private flush(sub: Sub<R>): void {
    sub.scheduled = false;
    if (!sub.active || !sub.dirty) return;
    sub.dirty = false;
    let out: ReturnType<LiveRun<R>>;
    try {
      out = sub.run();
    } catch (e) {
      out = { result: { errors: [{ message: e instanceof Error ? e.message : String(e), extensions: { code: 'INTERNAL_SERVER_ERROR' } }] } as R, trees: null, final: true };
    }
    sub.trees = out.trees;
    if (out.final) {
      sub.active = false;
      this.subs.delete(sub);
      sub.cb(out.result);
      return;
    }
    if (sub.last !== undefined && deepEqual(sub.last, out.result)) return;
    sub.last = out.result;
    sub.cb(out.result);
  }
}

function intersects(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  const [small, big] = a.size < b.size ? [a, b] : [b, a];
  for (const x of small) if (big.has(x)) return true;
  return false;
}
