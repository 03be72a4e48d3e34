// The demo's example queries against the real engine (in memory, in Node): each answers what
// public/swapi/data.json says, computed independently in e2e/support/swapi.ts. The browser specs
// check the same answers through the built page.

import { expect, test } from 'playwright/test';
import { EXAMPLES, LIVE_QUERY } from '../../demo/app/examples.ts';
import { findPageInfo, pageVariables } from '../../demo/app/paging.ts';
import { swapiDatabase, type NodeDatabase } from '../support/engine.ts';
import * as model from '../support/swapi.ts';

let db: NodeDatabase;
test.beforeAll(async () => {
  db = await swapiDatabase();
});
test.afterAll(() => db.close());

const example = (id: string) => EXAMPLES.find((e) => e.id === id)!;
const run = (id: string, variables?: Record<string, unknown>) => {
  const e = example(id);
  return db.execute({ query: e.query, variables: variables ?? e.variables ?? null });
};

test('nested relationships: a film, its first characters by name, their homeworlds and starships', async () => {
  const result = await run('relationships');
  expect(result.errors).toBeUndefined();
  expect(result.data).toEqual(model.expectedRelationships('1'));
});

test('filters: or/and over a column and a to-one relationship', async () => {
  const result = await run('filters');
  expect(result.errors).toBeUndefined();
  expect(result.data).toEqual(model.expectedFilters());
});

test('ordering: population descending, nulls excluded, ties by name', async () => {
  expect((await run('ordering')).data).toEqual(model.expectedOrdering());
});

test('pagination: walking every page forwards then backwards with cursors yields the name order', async () => {
  const expected = model.expectedStarshipPages(5);
  let variables: Record<string, unknown> = { first: 5 };
  const seen: unknown[] = [];
  for (let page = 0; page < expected.pages.length; page++) {
    const result = await run('pagination', variables);
    expect(result.errors).toBeUndefined();
    const connection = result.data!.starshipsConnection as { totalCount: number; edges: { cursor: string; node: unknown }[] };
    expect(connection.totalCount).toBe(expected.totalCount);
    seen.push(connection.edges.map((e) => e.node));
    const info = findPageInfo(result.data)!;
    expect(info.hasNextPage).toBe(page < expected.pages.length - 1);
    expect(info.hasPreviousPage).toBe(page > 0);
    variables = pageVariables(variables, info, 'next');
  }
  expect(seen).toEqual(expected.pages);
  // And one step back from the last page gives the page before it.
  let info = findPageInfo((await run('pagination', { first: 5 })).data)!;
  const second = await run('pagination', pageVariables({ first: 5 }, info, 'next'));
  info = findPageInfo(second.data)!;
  const back = await run('pagination', pageVariables({ first: 5 }, info, 'previous'));
  expect((back.data!.starshipsConnection as { edges: { node: unknown }[] }).edges.map((e) => e.node)).toEqual(expected.pages[0]);
});

test('aggregates: counts, extremes, averages and sums', async () => {
  const result = await run('aggregates');
  expect(result.errors).toBeUndefined();
  expect(model.roundFloats(result.data)).toEqual(model.roundFloats(model.expectedAggregates()));
});

test('interface: starships and vehicles through Transport, with type-specific fragments', async () => {
  const result = await run('interface');
  expect(result.errors).toBeUndefined();
  expect(result.data).toEqual(model.expectedInterface());
});

test('mutation: the reprice updates the row and reorders the live query', async () => {
  const before = await db.execute({ query: LIVE_QUERY });
  expect((before.data!.starships as unknown[])).toEqual(model.expectedLiveList());
  const result = await run('mutation');
  expect(result.errors).toBeUndefined();
  expect(result.data).toEqual({ updateStarship: { id: '10', name: 'Millennium Falcon', costInCredits: 2e12 } });
  const after = await db.execute({ query: LIVE_QUERY });
  expect(after.data!.starships).toEqual(model.expectedLiveList({ '10': 2e12 }));
});

test('the failing example fails with a coded validation error', async () => {
  const result = await run('error');
  expect(result.data ?? null).toBeNull();
  expect(result.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  expect(result.errors?.[0]?.message).toContain('lightsaber');
});
