// The dedicated module worker of one open database: its first message is the MessagePort Comlink
// serves on; its own channel then carries `execute` alone (see host.ts and api.ts). It shares the
// database with the other tabs as owner or follower (host.ts). It never touches the DOM.
import { expose } from 'comlink';
import { Host } from './host.ts';

self.onmessage = (event: MessageEvent<MessagePort>) => expose(new Host(self), event.data);
