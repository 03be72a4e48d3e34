// The page's side of the worker's calls port: `WorkerApi` calls as `CallMessage`s, answered by
// `CallReply`s, and the callbacks (live-query sinks, load progress) the worker posts payloads to.
// Owns ids and the waiting calls only; a dead worker's calls are failed by the client (database.ts), never here.
import { fromWireError, type WireError } from '../db/errors.ts';
import type { CallMessage, CallReply, WorkerApi } from '../worker/api.ts';

type Method = keyof WorkerApi;
type Answer<M extends Method> = Awaited<ReturnType<WorkerApi[M]>>;

export class WorkerCalls {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (value: never) => void; reject: (error: unknown) => void }>();
  private readonly callbacks = new Map<number, (payload: never) => void>();

  constructor(private readonly port: MessagePort) {
    port.onmessage = (event: MessageEvent<CallReply>) => this.receive(event.data);
  }

  /** Calls `method(...args)` in the worker; rejects with the coded error when the method threw. */
  call<M extends Method>(method: M, args: unknown[]): Promise<Answer<M>> {
    return this.send(this.nextId++, method, args, false);
  }

  /**
   * Calls `method(...args, callback)` in the worker: `callback` gets every payload the worker posts
   * to it until `release` (a live query's unsubscribe, a load's end).
   */
  callWith<M extends Method, P>(method: M, args: unknown[], callback: (payload: P) => void): { reply: Promise<Answer<M>>; release: () => void } {
    const id = this.nextId++;
    this.callbacks.set(id, callback);
    return { reply: this.send(id, method, args, true), release: () => this.callbacks.delete(id) };
  }

  private send<M extends Method>(id: number, method: M, args: unknown[], callback: boolean): Promise<Answer<M>> {
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.port.postMessage([id, method, args, callback] satisfies CallMessage);
    });
  }

  private receive([id, ok, value]: CallReply): void {
    if (id < 0) {
      this.callbacks.get(-id)?.(value as never);
      return;
    }
    const call = this.waiting.get(id);
    if (!call) return;
    this.waiting.delete(id);
    if (ok) call.resolve(value as never);
    else call.reject(fromWireError(value as WireError));
  }
}
