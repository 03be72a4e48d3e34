// The dedicated module worker of one open database: its first message is the MessagePort its calls
// come on and its id (api.ts `StartMessage`); its own channel then carries `execute` alone (host.ts).
// It shares the database with the other tabs as owner or follower (host.ts). It never touches the DOM.
import { toWireError } from '../db/errors.ts';
import type { AliveSignal, CallMessage, CallReply, StartMessage } from './api.ts';
import { Host } from './host.ts';
import { aliveLock } from './names.ts';

self.onmessage = (event: MessageEvent<StartMessage>) => {
  const [port, id] = event.data;
  // The first act: hold the lock the page named for this worker's whole life, and tell the page so.
  const alive = new Promise<void>((held) => {
    void navigator.locks.request(aliveLock(id), () => {
      held();
      self.postMessage('alive' satisfies AliveSignal);
      return new Promise<never>(() => undefined);
    });
  });
  serve(new Host(self, id, alive), port);
};

/**
 * Answers the page's calls (`CallMessage` → `CallReply`) on `port`. A value that cannot be posted
 * fails its call instead of leaving it unanswered; a snapshot's bytes are transferred, not copied.
 */
function serve(host: Host, port: MessagePort): void {
  const post = (id: number, ok: boolean, value: unknown, transfer: Transferable[] = []): void => {
    try {
      port.postMessage([id, ok, value] satisfies CallReply, transfer);
    } catch (error) {
      port.postMessage([id, false, toWireError(error)] satisfies CallReply);
    }
  };
  port.onmessage = (event: MessageEvent<CallMessage>) => {
    const [id, method, args, callback] = event.data;
    if (callback) args.push((payload: unknown) => post(-id, true, payload));
    new Promise((resolve) => resolve((host[method] as (...args: unknown[]) => unknown).apply(host, args))).then(
      (value) => post(id, true, value, method === 'exportSnapshot' ? snapshotBuffer(value) : []),
      (error: unknown) => post(id, false, toWireError(error)),
    );
  };
}

/** The buffer of a snapshot envelope's bytes (made for this call alone), to transfer. */
function snapshotBuffer(envelope: unknown): Transferable[] {
  const value = (envelope as { value?: unknown }).value;
  return value instanceof Uint8Array ? [value.buffer as ArrayBuffer] : [];
}
