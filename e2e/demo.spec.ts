// The built demo end to end in Chromium: the first visit loads SWAPI into OPFS with visible
// progress and a reload opens it again; every example answers what data.json says; a bad query
// shows its code; a mutation survives a reload; the editor completes and the docs navigate.
// Each test gets a fresh browser context, so each starts as a first visit.

import { expect, test, type Page } from 'playwright/test';
import { EXAMPLES } from '../demo/app/examples.ts';
import { clickAndWaitResult, openDemo, runExample, runQuery, SCREENSHOTS, waitReady, watchErrors, type Result } from './support/demo.ts';
import * as model from './support/swapi.ts';

const connectionNodes = (result: Result) =>
  (result.data!.starshipsConnection as { edges: { node: unknown }[] }).edges.map((e) => e.node);

/** Records every status text and progress value the page shows while it boots. */
async function recordBoot(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: { status: string[]; progress: string[] } = { status: [], progress: [] };
    (window as unknown as { bootSeen: typeof seen }).bootSeen = seen;
    new MutationObserver(() => {
      const status = document.getElementById('status')?.textContent ?? '';
      if (status && seen.status.at(-1) !== status) seen.status.push(status);
      const value = document.getElementById('progress')?.getAttribute('aria-valuenow');
      if (value && seen.progress.at(-1) !== value) seen.progress.push(value);
    }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
  });
}

test('first visit loads SWAPI into OPFS with progress; a reload opens the stored database', async ({ page }) => {
  const errors = watchErrors(page);
  await recordBoot(page);
  expect(await openDemo(page)).toBe('loaded');
  const seen = await page.evaluate(() => (window as unknown as { bootSeen: { status: string[]; progress: string[] } }).bootSeen);
  expect(seen.status.some((s) => s.startsWith('Loading into OPFS') || s.startsWith('Downloading'))).toBe(true);
  expect(seen.progress.length).toBeGreaterThan(1);
  expect(seen.progress.at(-1)).toBe('100');
  const rows = Object.values(model.swapi).reduce((n, list) => n + list.length, 0);
  await expect(page.locator('#status')).toContainText(`loaded SWAPI — ${rows} rows`);
  await expect(page.locator('#status')).toContainText(/in [\d.]+ (ms|s)/);
  await expect(page.locator('#status')).toContainText(/[\d.]+ (B|KB|MB) on disk/);
  // The data is there: the live panel shows the most expensive starships.
  await expect(page.locator('#live-list li').first()).toContainText(model.expectedLiveList()[0]!.name);
  // The stats panel lays out db.stats(): a row count per table, and the size on disk.
  for (const [type, rows] of Object.entries(model.swapi)) {
    await expect(page.locator('#stats [data-key="tables"] tr', { hasText: type }).first()).toContainText(String(rows.length));
  }
  await expect(page.locator('#stats .tile[data-key="on-disk"]')).toContainText(/[\d.]+ (B|KB|MB)/);
  await page.screenshot({ path: `${SCREENSHOTS}first-visit.png`, fullPage: true });

  await page.reload();
  expect(await waitReady(page)).toBe('opened');
  await expect(page.locator('#status')).toContainText('Opened the existing database');
  const films = await page.evaluate(() => window.quire!.db.query('{ filmsAggregate { count } }'));
  expect(films.data).toEqual({ filmsAggregate: { count: model.swapi.Film.length } });
  expect(errors).toEqual([]);
});

test('a damaged stored database shows its code, and one click deletes it and loads SWAPI again', async ({ page }) => {
  // Same origin, no demo boot: put a file that is not a Quire database where the demo keeps its own.
  await page.goto('/swapi/schema.graphql');
  await page.evaluate(async () => {
    const root = await navigator.storage.getDirectory();
    const folder = await (await root.getDirectoryHandle('quire', { create: true })).getDirectoryHandle('swapi', { create: true });
    const writable = await (await folder.getFileHandle('main.quire', { create: true })).createWritable();
    await writable.write(new Uint8Array(3 * 4096).fill(0x51));
    await writable.close();
  });
  await page.goto('/');
  await expect(page.locator('#boot')).toHaveAttribute('data-state', 'error', { timeout: 30_000 });
  await expect(page.locator('#status')).toHaveText(/^Could not open the database \([A-Z_]+\): ./);
  await page.screenshot({ path: `${SCREENSHOTS}damaged.png` });
  await page.click('#start-over');
  expect(await waitReady(page)).toBe('loaded');
  await expect(page.locator('#notice')).toContainText('could not be opened, so it was deleted');
  const films = await page.evaluate(() => window.quire!.db.query('{ filmsAggregate { count } }'));
  expect(films.data).toEqual({ filmsAggregate: { count: model.swapi.Film.length } });
});

test('every example answers what the dataset says', async ({ page }) => {
  const errors = watchErrors(page);
  await openDemo(page);
  const expected: Record<string, unknown> = {
    relationships: model.expectedRelationships('1'),
    filters: model.expectedFilters(),
    ordering: model.expectedOrdering(),
    interface: model.expectedInterface(),
  };
  for (const [id, data] of Object.entries(expected)) {
    const result = await runExample(page, id);
    expect(result.errors, id).toBeUndefined();
    expect(result.data, id).toEqual(data);
    await expect(page.locator('#result-meta .status.ok')).toBeVisible();
  }
  const aggregates = await runExample(page, 'aggregates');
  expect(model.roundFloats(aggregates.data)).toEqual(model.roundFloats(model.expectedAggregates()));
  await expect(page.locator('#result-meta')).toContainText(/round trip [\d.]+ (µs|ms)/);
  await expect(page.locator('#result-meta')).toContainText(/worker [\d.]+ (µs|ms)/);
  await page.screenshot({ path: `${SCREENSHOTS}result-aggregates.png` });
  expect(EXAMPLES.map((e) => e.id).sort()).toEqual([...Object.keys(expected), 'aggregates', 'error', 'mutation', 'pagination'].sort());
  expect(errors).toEqual([]);
});

test('pagination: next and previous pages follow the cursors', async ({ page }) => {
  await openDemo(page);
  const { totalCount, pages } = model.expectedStarshipPages(5);
  const first = await runExample(page, 'pagination');
  expect((first.data!.starshipsConnection as { totalCount: number }).totalCount).toBe(totalCount);
  expect(connectionNodes(first)).toEqual(pages[0]);
  await expect(page.locator('#prev-page')).toBeDisabled();
  const second = await clickAndWaitResult(page, '#next-page');
  expect(connectionNodes(second)).toEqual(pages[1]);
  const third = await clickAndWaitResult(page, '#next-page');
  expect(connectionNodes(third)).toEqual(pages[2]);
  const back = await clickAndWaitResult(page, '#prev-page');
  expect(connectionNodes(back)).toEqual(pages[1]);
  await page.screenshot({ path: `${SCREENSHOTS}pagination.png` });
});

test('a bad query shows its error code, in the result and inline in the editor', async ({ page }) => {
  await openDemo(page);
  const result = await runExample(page, 'error');
  expect(result.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  await expect(page.locator('#result-meta .code-badge')).toHaveText('GRAPHQL_VALIDATION_FAILED');
  await expect(page.locator('#result-meta')).toContainText('lightsaber');
  // The lint marks the same field before it is even run.
  await expect(page.locator('#editor .cm-lintRange-error')).toHaveText('lightsaber');
  await page.hover('#editor .cm-lintRange-error');
  await expect(page.locator('.cm-tooltip-lint')).toContainText('GRAPHQL_VALIDATION_FAILED');
  await expect(page.locator('.cm-tooltip-lint')).toContainText('Cannot query field "lightsaber" on type "Person".');
  await page.screenshot({ path: `${SCREENSHOTS}error.png` });

  const syntax = await runQuery(page, '{ people { name }');
  expect(syntax.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
  await expect(page.locator('#result-meta .code-badge')).toHaveText('GRAPHQL_PARSE_FAILED');
});

test('a mutation survives a reload', async ({ page }) => {
  await openDemo(page);
  const mutation = EXAMPLES.find((e) => e.id === 'mutation')!;
  const result = await runQuery(page, mutation.query, { id: '12', cost: 4242.5 });
  expect(result.errors).toBeUndefined();
  expect(result.data).toEqual({ updateStarship: { id: '12', name: 'X-wing', costInCredits: 4242.5 } });
  await page.reload();
  expect(await waitReady(page)).toBe('opened');
  const after = await runQuery(page, '{ starship(id: "12") { name costInCredits } }');
  expect(after.data).toEqual({ starship: { name: 'X-wing', costInCredits: 4242.5 } });
});

test('the editor completes from the schema and the docs explorer navigates types', async ({ page }) => {
  const errors = watchErrors(page);
  await openDemo(page);
  await page.evaluate(() => window.quire!.workspace.setQuery('', null));
  await page.click('#editor .cm-content');
  await page.keyboard.type('{ starships(orderBy: [{ costInCredits: ');
  const options = page.locator('.cm-tooltip-autocomplete li');
  await expect(options).toHaveText([/^ASC/, /^DESC/]);
  await page.keyboard.press('Escape');
  // Closing brackets step over the ones the editor inserted.
  await page.keyboard.type('DESC }]) { ');
  await expect(options.filter({ hasText: /^costInCredits/ })).toHaveCount(1);
  await expect(options.filter({ hasText: /^starshipClass/ })).toHaveCount(1);
  await page.screenshot({ path: `${SCREENSHOTS}completion.png` });
  await expect(page.locator('#examples')).toHaveValue('custom');
  // Pick one, then run with the keyboard.
  await page.keyboard.type('nam');
  await page.keyboard.press('Enter');
  await expect(page.locator('#editor .cm-content')).toHaveText(/^\{ starships\(orderBy: \[\{ costInCredits: DESC \}\]\) \{ name\s*\}\s*\}$/);
  const runs = Number(await page.locator('#result-pane').getAttribute('data-runs'));
  await page.keyboard.press('Control+Enter');
  await expect(page.locator('#result-pane')).toHaveAttribute('data-runs', String(runs + 1));
  const names = await page.evaluate(() => (window.quire!.workspace.lastRun!.result.data!.starships as { name: string }[]).map((s) => s.name));
  // DESC puts nulls first (API.md), ties by primary key in code-point order.
  const cost = (s: model.Row) => (typeof s.costInCredits === 'number' ? s.costInCredits : Infinity);
  const expected = [...model.swapi.Starship].sort((a, b) => cost(b) - cost(a) || model.byCodePoint(a.id, b.id)).map((s) => s.name);
  expect(names).toEqual(expected);

  await page.click('#tab-docs');
  await page.locator('#docs-pane button.gql-type', { hasText: /^Query$/ }).first().click();
  await page.locator('#docs-pane li', { hasText: /^transports\(/ }).locator('button.gql-type', { hasText: /^Transport$/ }).first().click();
  await expect(page.locator('#docs-pane .docs-title')).toContainText('Transport');
  await expect(page.locator('#docs-pane')).toContainText('What starships and vehicles have in common');
  await expect(page.locator('#docs-pane')).toContainText('Implemented by');
  await page.screenshot({ path: `${SCREENSHOTS}docs.png` });
  expect(errors).toEqual([]);
});

test('the plan view shows the explain tree with its row counts', async ({ page }) => {
  await openDemo(page);
  await runExample(page, 'filters');
  await page.click('#tab-plan');
  await expect(page.locator('#plan .plan-op').first()).toBeVisible();
  // The top list node reports the rows it really produced: the 18 people data.json says match.
  await expect(page.locator('#plan .plan-detail', { hasText: /^actual rows/ }).first()).toHaveText(`actual rows ${model.expectedFilters().people.length}`);
  await expect(page.locator('#plan .plan-detail', { hasText: /^index / }).first()).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}plan.png` });
});

test('every control has an accessible name', async ({ page }) => {
  await openDemo(page);
  const unnamed = await page.locator('button, select, input, [role="tab"], .cm-content').evaluateAll((elements) =>
    elements
      .filter((e) => {
        const labelled = e.getAttribute('aria-label') || e.getAttribute('aria-labelledby') || (e as HTMLInputElement).labels?.length;
        return !labelled && !(e.textContent ?? '').trim();
      })
      .map((e) => e.outerHTML.slice(0, 120)),
  );
  expect(unnamed).toEqual([]);
});

test('at phone width the page is one column and still queries', async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await openDemo(page);
  const editor = await page.locator('.editor-pane').boundingBox();
  const output = await page.locator('.output-pane').boundingBox();
  expect(output!.y).toBeGreaterThanOrEqual(editor!.y + editor!.height);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  const result = await runExample(page, 'ordering');
  expect(result.data).toEqual(model.expectedOrdering());
  await page.screenshot({ path: `${SCREENSHOTS}phone.png`, fullPage: true });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: `${SCREENSHOTS}phone-dark.png` });
  expect(errors).toEqual([]);
});
