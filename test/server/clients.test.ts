// Real GraphQL clients over real HTTP against a real server on 127.0.0.1: Apollo Client and urql
// (queries with variables, mutations, errors as they surface them), and the graphql-sse client in
// distinct-connections mode receiving a live query's updates after mutations.
import { ApolloClient, HttpLink, InMemoryCache, gql } from '@apollo/client';
import { Client, fetchExchange } from '@urql/core';
import { createClient } from 'graphql-sse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { post, startServer, swapi, type TestServer } from './helpers.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.stop());

// urql aborts each request's controller when its operation is torn down, after the result arrived;
// Node's fetch turns that late abort into an unhandled rejection, so the signal is left out here.
const urqlFetch: typeof fetch = (input, init) => fetch(input, { ...init, signal: null });

const personName = (id: string): string => swapi.Person!.find((p) => p.id === id)!.name as string;

describe('Apollo Client over HTTP', () => {
  it('queries with variables, mutates, and reports validation errors', async () => {
    const client = new ApolloClient({ link: new HttpLink({ uri: s.url }), cache: new InMemoryCache() });
    const { data } = await client.query<{ person: { name: string } }>({ query: gql`query ($id: ID!) { person(id: $id) { id name } }`, variables: { id: '4' } });
    expect(data!.person.name).toBe(personName('4'));
    const { data: created } = await client.mutate<{ createPerson: { id: string; name: string } }>({
      mutation: gql`mutation ($name: String!) { createPerson(data: { name: $name }) { id name } }`,
      variables: { name: 'Apollo Over HTTP' },
    });
    expect(created!.createPerson.name).toBe('Apollo Over HTTP');
    const stored = await post(s.url, { query: 'query ($id: ID!) { person(id: $id) { name } }', variables: { id: created!.createPerson.id } });
    expect(stored.json.data.person.name).toBe('Apollo Over HTTP');
    const failed = await client.query({ query: gql`{ noSuchField }`, fetchPolicy: 'no-cache' }).then(
      (r) => r.error,
      (e: unknown) => e,
    );
    expect(String((failed as Error).message)).toMatch(/noSuchField/);
  });
});

describe('urql over HTTP', () => {
  it('queries with variables over GET and POST, mutates, and surfaces GraphQL errors with codes', async () => {
    for (const preferGetMethod of [false, true]) {
      const client = new Client({ url: s.url, exchanges: [fetchExchange], fetch: urqlFetch, preferGetMethod, requestPolicy: 'network-only' });
      const result = await client.query(`query ($first: Int!) { people(first: $first, orderBy: [{ name: ASC }]) { name } }`, { first: 3 }).toPromise();
      expect(result.error).toBeUndefined();
      const expected = swapi.Person!.map((p) => p.name as string).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).slice(0, 3);
      expect(result.data.people.map((p: { name: string }) => p.name)).toEqual(expected);
    }
    const client = new Client({ url: s.url, exchanges: [fetchExchange], fetch: urqlFetch, preferGetMethod: false });
    const updated = await client.mutation(`mutation { updatePerson(id: "5", data: { height: 151 }) { id height } }`, {}).toPromise();
    expect(updated.data.updatePerson).toEqual({ id: '5', height: 151 });
    const bad = await client.query(`{ people(first: -1) { name } }`, {}).toPromise();
    expect(bad.error?.graphQLErrors[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
  });
});

describe('graphql-sse over HTTP (distinct connections)', () => {
  it('delivers the live result, then a new result after each mutation, and stops when disposed', async () => {
    const client = createClient({ url: s.url, retryAttempts: 0 });
    const received: unknown[] = [];
    const waiters: (() => void)[] = [];
    const nextPayload = (count: number): Promise<void> =>
      new Promise((resolve) => {
        const check = (): void => (received.length >= count ? resolve() : void waiters.push(check));
        check();
      });
    const dispose = client.subscribe(
      { query: 'subscription ($id: ID!) { person(id: $id) { name height } }', variables: { id: '1' } },
      {
        next: (value) => {
          received.push(value);
          waiters.splice(0).forEach((w) => w());
        },
        error: (error) => {
          received.push({ error: String(error) });
          waiters.splice(0).forEach((w) => w());
        },
        complete: () => undefined,
      },
    );
    await nextPayload(1);
    const original = swapi.Person!.find((p) => p.id === '1')!;
    expect(received[0]).toEqual({ data: { person: { name: original.name, height: original.height } } });
    await post(s.url, { query: 'mutation { updatePerson(id: "1", data: { height: 200 }) { id } }' });
    await nextPayload(2);
    expect(received[1]).toEqual({ data: { person: { name: original.name, height: 200 } } });
    await post(s.url, { query: 'mutation { updatePerson(id: "1", data: { name: "Luke S." }) { id } }' });
    await nextPayload(3);
    expect(received[2]).toEqual({ data: { person: { name: 'Luke S.', height: 200 } } });
    dispose();
    // The server notices the closed connection and drops the live query.
    for (let i = 0; i < 100 && ((await s.db.stats())['queries'] as { subscriptions: number }).subscriptions > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(((await s.db.stats())['queries'] as { subscriptions: number }).subscriptions).toBe(0);
    expect(received.length).toBe(3);
    client.dispose();
  });

  it('answers a query over SSE with one next and complete, and an invalid subscription with its errors', async () => {
    const client = createClient({ url: s.url, retryAttempts: 0 });
    const results: unknown[] = [];
    for await (const result of client.iterate({ query: '{ film(id: "1") { title } }' })) results.push(result);
    expect(results).toEqual([{ data: { film: { title: swapi.Film!.find((f) => f.id === '1')!.title } } }]);
    const invalid: unknown[] = [];
    for await (const result of client.iterate({ query: 'subscription { nope }' })) invalid.push(result);
    expect(invalid).toEqual([{ errors: [expect.objectContaining({ extensions: expect.objectContaining({ code: 'GRAPHQL_VALIDATION_FAILED' }) })] }]);
    client.dispose();
  });
});
