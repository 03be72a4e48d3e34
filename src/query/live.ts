// Live queries: a subscription re-runs its operation after each commit that touched a tree it
// read and emits only when the result changed — asynchronously, coalescing bursts of commits so
// the latest state is always delivered and never two equal payloads in a row. Never executes
// on its own: it calls the engine's runner.
import { deepEqual } from './values.ts';
import { touches, type Change, type Deps } from './deps.ts';

export interface LiveRun<R> {
  /** The result and the trees it read; `final` when the subscription must end (invalid document). */
  (): { result: R; deps: Deps | null; final: boolean };
}

interface Sub<R> {
  run: LiveRun<R>;
  cb: (result: R) => void;
  deps: Deps | null;
  last: R | undefined;
  dirty: boolean;
  scheduled: boolean;
  active: boolean;
}

export class LiveQueries<R> {
  private readonly subs = new Set<Sub<R>>();

  get size(): number { return this.subs.size; }

  subscribe(run: LiveRun<R>, cb: (result: R) => void): () => void {
    const sub: Sub<R> = { run, cb, deps: null, last: undefined, dirty: true, scheduled: false, active: true };
    this.subs.add(sub);
    this.schedule(sub);
    return () => {
      sub.active = false;
      this.subs.delete(sub);
    };
  }

  /** Re-runs performed (a change that could affect a subscription), for stats and tests. */
  runs = 0;

  /** A commit changed these trees/keys (`'all'`: anything may have changed). */
  notify(change: Change): void {
    for (const sub of this.subs) {
      if (sub.deps === null || touches(sub.deps, change)) {
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
    this.runs++;
    try {
      out = sub.run();
    } catch (e) {
      out = { result: { errors: [{ message: e instanceof Error ? e.message : String(e), extensions: { code: 'INTERNAL_SERVER_ERROR' } }] } as R, deps: null, final: true };
    }
    sub.deps = out.deps;
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
