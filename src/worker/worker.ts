// The dedicated module worker of one open database: it serves its tab through Comlink and, as owner
// or follower, shares the database with the other tabs (see host.ts). It never touches the DOM.
import { expose } from 'comlink';
import { Host } from './host.ts';

expose(new Host());
