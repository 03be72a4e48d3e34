// GraphQL over HTTP against a real server on 127.0.0.1: every audit of graphql-http (the spec's
// reference test suite, used as an oracle), the status-code rules one by one, limits, CORS, routes,
// introspection off, and a property: whatever arrives, the answer is a GraphQL-shaped JSON body with
// a code and no stack trace.
import fc from 'fast-check';
import { serverAudits } from 'graphql-http';
import { Script } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveHttp } from '../../src/server/node-http.ts';
import { post, startServer, swapi, type TestServer } from './helpers.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startServer({ cors: { origin: ['http://app.example'], maxAgeSeconds: 600 } });
});
afterAll(() => s.stop());

describe('graphql-http audits', () => {
  // The two deliberate exceptions (src/server/README.md): with no Accept or `*/*`, Quire answers in
  // application/graphql-response+json (allowed after the spec's watershed) where the spec's SHOULD
  // for legacy clients is application/json. Every other audit, MUST and SHOULD, passes.
  const EXCEPTIONS = ['47DE', '80D8'];
  it('passes every audit of the GraphQL-over-HTTP spec but the two documented SHOULD exceptions', async () => {
    const audits = serverAudits({ url: () => s.url, fetchFn: fetch });
    const failed: string[] = [];
    for (const audit of audits) {
      const result = await audit.fn();
      if (result.status !== 'ok') failed.push(`${audit.id} ${result.status}`);
      if (result.status === 'error' || (result.status !== 'ok' && !EXCEPTIONS.includes(audit.id))) {
        failed.push(`${audit.name}: ${'reason' in result ? result.reason : ''}`);
      }
    }
    expect(audits.length).toBeGreaterThan(30);
    expect(failed).toEqual(EXCEPTIONS.map((id) => `${id} warn`));
  });

  it('gives the same verdicts through db.fetch (the fetch adapter, no network)', async () => {
    const fetchFn = (input: string | URL | Request, init?: RequestInit): Promise<Response> => s.db.fetch(new Request(input, init));
    const verdicts: string[] = [];
    for (const audit of serverAudits({ url: 'http://quire.local/graphql', fetchFn })) {
      const result = await audit.fn();
      if (result.status !== 'ok') verdicts.push(`${audit.id} ${result.status}`);
    }
    expect(verdicts).toEqual(EXCEPTIONS.map((id) => `${id} warn`));
  });
});

describe('status codes and media types', () => {
  it('answers a query with data: 200 in graphql-response+json, and in application/json for legacy clients', async () => {
    const modern = await post(s.url, { query: '{ person(id: "1") { name } }' });
    expect(modern.status).toBe(200);
    expect(modern.headers.get('content-type')).toBe('application/graphql-response+json; charset=utf-8');
    expect(modern.json).toEqual({ data: { person: { name: swapi.Person!.find((p) => p.id === '1')!.name } } });
    const legacy = await post(s.url, { query: '{ nope }' }, { accept: 'application/json' });
    expect(legacy.status).toBe(200);
    expect(legacy.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(legacy.json.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const invalid = await post(s.url, { query: '{ nope }' });
    expect(invalid.status).toBe(400);
    expect(invalid.json.data).toBeUndefined();
  });

  it('refuses a mutation over GET with 405 and Allow: POST, and runs nothing', async () => {
    const before = (await post(s.url, { query: '{ peopleAggregate { count } }' })).json.data.peopleAggregate.count;
    const query = encodeURIComponent('mutation { createPerson(data: { name: "Via GET" }) { id } }');
    const response = await fetch(`${s.url}?query=${query}`, { headers: { accept: 'application/graphql-response+json' } });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    expect(((await response.json()) as any).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect((await post(s.url, { query: '{ peopleAggregate { count } }' })).json.data.peopleAggregate.count).toBe(before);
  });

  it('answers malformed JSON, batches, wrong content types, unacceptable Accept and other methods with coded errors', async () => {
    const cases: [RequestInit, number][] = [
      [{ method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' }, 400],
      [{ method: 'POST', headers: { 'content-type': 'application/json' }, body: '[{"query":"{ __typename }"},{"query":"{ __typename }"}]' }, 400],
      [{ method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": 42}' }, 400],
      [{ method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": "{ __typename }", "variables": [1]}' }, 400],
      [{ method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"query":"{ __typename }"}' }, 415],
      [{ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'query=x' }, 415],
      [{ method: 'POST', headers: { 'content-type': 'application/json; charset=latin1' }, body: '{"query":"{ __typename }"}' }, 415],
      [{ method: 'POST', headers: { 'content-type': 'application/json', accept: 'text/xml' }, body: '{"query":"{ __typename }"}' }, 406],
      [{ method: 'DELETE' }, 405],
    ];
    for (const [init, status] of cases) {
      const response = await fetch(s.url, init);
      expect(response.status, JSON.stringify(init)).toBe(status);
      const body = (await response.json()) as any;
      expect(body.errors).toHaveLength(1);
      expect(typeof body.errors[0].message).toBe('string');
      expect(body.errors[0].extensions.code).toMatch(/^[A-Z_]+$/);
    }
  });

  it('refuses a body over the limit with 413 before reading it all', async () => {
    const small = await startServer({ maxBodyBytes: 1000 });
    try {
      const big = { query: '{ __typename }', variables: { pad: 'x'.repeat(5000) } };
      const refused = await post(small.url, big);
      expect(refused.status).toBe(413);
      expect(refused.json.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      const huge = await post(small.url, { query: '{ __typename }', variables: { pad: 'x'.repeat(4 << 20) } });
      expect(huge.status).toBe(413);
      expect((await post(small.url, { query: '{ __typename }' })).json).toEqual({ data: { __typename: 'Query' } });
    } finally {
      await small.stop();
    }
  });

  it('applies the query limits: too deep or too complex is QUERY_TOO_COMPLEX with 400 and no data', async () => {
    const limited = await startServer({}, { maxDepth: 4, maxComplexity: 1000 });
    try {
      const deep = await post(limited.url, { query: '{ people { homeworld { residents { homeworld { name } } } } }' });
      expect(deep.status).toBe(400);
      expect(deep.json.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
      const costly = await post(limited.url, { query: '{ people(first: 100) { films(first: 100) { title } } }' });
      expect(costly.status).toBe(400);
      expect(costly.json.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
      const fine = await post(limited.url, { query: '{ people(first: 2) { name } }' });
      expect(fine.status).toBe(200);
      expect(fine.json.data.people).toHaveLength(2);
    } finally {
      await limited.stop();
    }
  });

  it('sends CORS headers to listed origins only, and answers preflights', async () => {
    const preflight = await fetch(s.url, { method: 'OPTIONS', headers: { origin: 'http://app.example', 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://app.example');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('content-type');
    expect(preflight.headers.get('access-control-max-age')).toBe('600');
    const listed = await post(s.url, { query: '{ __typename }' }, { origin: 'http://app.example' });
    expect(listed.headers.get('access-control-allow-origin')).toBe('http://app.example');
    expect(listed.headers.get('vary')).toBe('origin');
    const other = await post(s.url, { query: '{ __typename }' }, { origin: 'http://evil.example' });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('serves only /graphql and /schema: other paths are 404 with a coded body', async () => {
    const response = await fetch(`${s.origin}/elsewhere`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
    expect(response.status).toBe(404);
    expect(((await response.json()) as any).errors[0].extensions.code).toBe('NOT_FOUND');
  });

  it('serves the self-contained query page to browsers asking for HTML, and JSON to everyone else', async () => {
    const page = await fetch(s.url, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await page.text();
    expect(html).toContain('<title>Quire query page</title>');
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|https?:\/\//); // nothing loaded from elsewhere
    const script = /<script type="module">([\s\S]*?)<\/script>/.exec(html)![1]!;
    expect(() => new Script(script)).not.toThrow(); // compiles (not run): no syntax error shipped
    expect(script).toContain('fetch("/graphql"');
    const query = await fetch(`${s.url}?query=${encodeURIComponent('{ __typename }')}`, { headers: { accept: 'text/html, application/json' } });
    expect(await query.json()).toEqual({ data: { __typename: 'Query' } });
  });
});

describe('introspection switch', () => {
  it('refuses __schema and __type (also aliased or in fragments) when off, keeps __typename and real fields', async () => {
    const closed = await startServer({ introspection: false });
    try {
      const refused = [
        '{ __schema { queryType { name } } }',
        '{ t: __type(name: "Person") { name } }',
        'query { ...F } fragment F on Query { __schema { types { name } } }',
        '{ ... on Query { __type(name: "Film") { name } } }',
      ];
      for (const query of refused) {
        const r = await post(closed.url, { query });
        expect(r.status, query).toBe(400);
        expect(r.json).toEqual({ errors: [{ message: expect.stringContaining('Introspection is disabled'), extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] });
      }
      const get = await fetch(`${closed.url}?query=${encodeURIComponent('{ __schema { queryType { name } } }')}`, { headers: { accept: 'application/graphql-response+json' } });
      expect(get.status).toBe(400);
      const legacy = await fetch(`${closed.url}?query=${encodeURIComponent('{ __schema { queryType { name } } }')}`, { headers: { accept: 'application/json' } });
      expect(legacy.status).toBe(200); // application/json: errors come with 200
      expect(((await legacy.json()) as any).errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
      const overSse = await post(closed.url, { query: '{ __schema { queryType { name } } }' }, { accept: 'text/event-stream' });
      expect(overSse.status).toBe(400); // refused before any stream opens, as graphql-sse does
      expect(overSse.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(overSse.json.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
      const allowed = await post(closed.url, { query: '{ __typename person(id: "1") { __typename name } }' });
      expect(allowed.status).toBe(200);
      expect(allowed.json.data.person.__typename).toBe('Person');
      const open = await post(s.url, { query: '{ __type(name: "Person") { name } }' });
      expect(open.json).toEqual({ data: { __type: { name: 'Person' } } });
    } finally {
      await closed.stop();
    }
  });
});

describe('the Node adapter', () => {
  it('turns a handler that throws into a coded 500 without details', async () => {
    const server = await serveHttp(async () => {
      throw new Error('secret detail at /src/somewhere.ts:12');
    }, { port: 0 });
    try {
      const response = await fetch(`${server.origin}/graphql`);
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({ errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
    } finally {
      await server.close();
    }
  });
});

describe('whatever arrives', () => {
  it('answers with JSON: data, or errors that each carry a message and a code, and never a stack trace', async () => {
    const text = fc.oneof(
      fc.string(),
      fc.json(),
      fc.constantFrom('{ __typename }', '{ person(id: "1") { name } }', 'mutation { deletePerson(id: "zz") { id } }', '{ people(first: -1) { name } }', 'query ($x: Int!) { people(first: $x) { name } }', '{'),
    );
    const body = fc.oneof(
      fc.record({ query: text, variables: fc.option(fc.oneof(fc.dictionary(fc.string(), fc.jsonValue()), fc.jsonValue())), operationName: fc.option(fc.string()) }, { requiredKeys: [] }).map((b) => JSON.stringify(b)),
      fc.string(),
      fc.json(),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('GET', 'POST', 'PUT'), fc.constantFrom('application/json', 'text/plain', undefined), fc.constantFrom('application/json', 'application/graphql-response+json', '*/*', undefined), body,
        async (method, contentType, accept, payload) => {
          const headers: Record<string, string> = {};
          if (contentType) headers['content-type'] = contentType;
          if (accept) headers['accept'] = accept;
          const url = method === 'GET' ? `${s.url}?query=${encodeURIComponent(payload)}` : s.url;
          const response = await fetch(url, { method, headers, ...(method === 'GET' ? {} : { body: payload }) });
          const raw = await response.text();
          expect(raw).not.toMatch(/\n\s+at |\.ts:\d+/);
          const json = JSON.parse(raw) as any;
          expect(response.headers.get('content-type')).toMatch(/^application\/(graphql-response\+)?json; charset=utf-8$/);
          if (json.errors !== undefined) {
            for (const error of json.errors) {
              expect(typeof error.message).toBe('string');
              expect(error.extensions.code).toMatch(/^[A-Z_]+$/);
            }
          } else expect(json.data).toBeTypeOf('object');
          if (response.status >= 500) throw new Error(`server error ${response.status}: ${raw}`);
        }),
      { numRuns: 80 },
    );
  });
});
