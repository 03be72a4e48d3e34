// The dedicated module worker of one open database: its first message is the MessagePort Comlink
// serves on and its id (api.ts `StartMessage`); its own channel then carries `execute` alone (host.ts).
// It shares the database with the other tabs as owner or follower (host.ts). It never touches the DOM.
import { expose } from 'comlink';
import type { AliveSignal, StartMessage } from './api.ts';
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
  expose(new Host(self, id, alive), port);
};
