// The handler when the database cannot say what a request is (closed, its worker gone mid-call):
// the request is answered with that error — never run as if its shape were harmless (a GET
// mutation, an introspection the server refuses, a stream). Fault injected around a real database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QuireError } from '../../src/db/errors.ts';
import { openDatabase, type NodeDatabase } from '../../src/node/index.ts';
import { createFetchHandler } from '../../src/server/handler.ts';
import { swapi, swapiSdl } from './helpers.ts';

let db: NodeDatabase;
beforeAll(async () => {
  db = await openDatabase({ memory: true, schema: swapiSdl });
  await db.load(swapi);
});
afterAll(() => db.close());

/** The database, with `inspectRequest` failing as a restarted worker's call does, and its runs counted. */
function faulty(inspectFails: boolean) {
  const runs = { execute: 0, subscribe: 0 };
  const wrapped = {
    execute: (request: Parameters<NodeDatabase['execute']>[0]) => { runs.execute++; return db.execute(request); },
    subscribe: (request: Parameters<NodeDatabase['subscribe']>[0], sink: Parameters<NodeDatabase['subscribe']>[1]) => { runs.subscribe++; return db.subscribe(request, sink); },
    inspectRequest: (query: string, operationName: string | null) => inspectFails
      ? Promise.reject(new QuireError('DATABASE_UNAVAILABLE', 'The database worker stopped before answering; it has been restarted. Retry the call'))
      : db.inspectRequest(query, operationName),
  };
  return { wrapped, runs };
}

const url = 'http://quire.local/graphql';
const mutation = 'mutation { deletePerson(id: "1") { id } }';
const requests = {
  'a GET mutation': () => new Request(`${url}?query=${encodeURIComponent(mutation)}`, { headers: { accept: 'application/graphql-response+json' } }),
  'an introspection POST with introspection off': () => new Request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __schema { types { name } } }' }) }),
  'a stream': () => new Request(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'text/event-stream' }, body: JSON.stringify({ query: mutation }) }),
};

describe('a request whose shape the database cannot tell', () => {
  for (const [name, request] of Object.entries(requests)) {
    it(`${name}: 503 DATABASE_UNAVAILABLE, nothing run`, async () => {
      const { wrapped, runs } = faulty(true);
      const res = await createFetchHandler(wrapped as never, { introspection: false })(request());
      expect(res.status).toBe(503);
      expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('DATABASE_UNAVAILABLE');
      expect(runs).toEqual({ execute: 0, subscribe: 0 });
      expect((await db.query('{ person(id: "1") { id } }')).data).toEqual({ person: { id: '1' } });
    });
  }
  it('the same requests with a database that answers: refused or run as the protocol says', async () => {
    const { wrapped, runs } = faulty(false);
    const handle = createFetchHandler(wrapped as never, { introspection: false });
    expect((await handle(requests['a GET mutation']())).status).toBe(405);
    expect((await handle(requests['an introspection POST with introspection off']())).status).toBe(400);
    expect(runs).toEqual({ execute: 0, subscribe: 0 });
  });
});
