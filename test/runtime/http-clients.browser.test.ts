// Real GraphQL clients talk to Quire in the page through `db.fetch` (GraphQL over HTTP as a
// `fetch` function): Apollo Client and urql send their own requests and read Quire's responses.
import { ApolloClient, HttpLink, InMemoryCache, gql } from '@apollo/client';
import { Client, fetchExchange, gql as urqlGql } from '@urql/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sdl from '../../public/swapi/schema.graphql?raw';
import dataText from '../../public/swapi/data.json?raw';
import { deleteDatabase, openDatabase, type BrowserDatabase } from '../../src/client/index.ts';

const data = JSON.parse(dataText) as Record<string, Record<string, unknown>[]>;
const name = `test-http-${crypto.randomUUID().slice(0, 8)}`;
let db: BrowserDatabase;
const quireFetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => db.fetch(new Request(input, init));

beforeAll(async () => {
  db = await openDatabase({ name, schema: sdl });
  await db.load(data);
});
afterAll(async () => {
  await db.close();
  await deleteDatabase(name);
});

const luke = data.Person!.find((p) => p.id === '1')!;

describe('GraphQL clients through db.fetch', () => {
  it('Apollo Client queries with variables, mutates, and reports validation errors', async () => {
    const client = new ApolloClient({ link: new HttpLink({ uri: 'http://quire.local/graphql', fetch: quireFetch }), cache: new InMemoryCache() });
    const { data: result } = await client.query<{ person: { id: string; name: string; height: number | null } }>({
      query: gql`query Person($id: ID!) { person(id: $id) { id name height } }`,
      variables: { id: '1' },
    });
    expect(result!.person).toEqual({ __typename: 'Person', id: '1', name: luke.name, height: luke.height });

    const { data: created } = await client.mutate<{ createPerson: { name: string } }>({
      mutation: gql`mutation { createPerson(data: { name: "Apollo" }) { id name } }`,
    });
    expect(created!.createPerson.name).toBe('Apollo');
    const direct = await db.query<{ people: { name: string }[] }>(`{ people(where: { name: { eq: "Apollo" } }) { name } }`);
    expect(direct.data!.people).toHaveLength(1);

    const failure = await client.query({ query: gql`{ person(id: "1") { nope } }`, fetchPolicy: 'network-only' }).catch((e: unknown) => e);
    expect(String((failure as Error).message)).toContain('nope');
  });

  it('urql queries and mutates, and sees GraphQL errors with their codes', async () => {
    const client = new Client({ url: 'http://quire.local/graphql', exchanges: [fetchExchange], fetch: quireFetch, preferGetMethod: false });
    const result = await client.query(urqlGql`{ planets(where: { name: { startsWith: "Tat" } }) { name residentsAggregate { count } } }`, {}).toPromise();
    expect(result.error).toBeUndefined();
    const residents = data.Person!.filter((p) => p.homeworld === data.Planet!.find((pl) => pl.name === 'Tatooine')!.id).length;
    expect(result.data).toEqual({ planets: [{ name: 'Tatooine', residentsAggregate: { count: residents } }] });

    const mutation = await client.mutation(urqlGql`mutation($id: ID!) { deletePerson(id: $id) { name } }`, { id: '1' }).toPromise();
    expect(mutation.data).toEqual({ deletePerson: { name: luke.name } });

    const bad = await client.query(urqlGql`query($first: Int) { people(first: $first) { name } }`, { first: -1 }).toPromise();
    expect(bad.error?.graphQLErrors[0]?.extensions.code).toBe('BAD_USER_INPUT');
  });
});
