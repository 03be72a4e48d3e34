// What the demo does across tabs, files and the network: a live query in a second page updates
// when the first one commits; export, reset and import restore the data; with the network off the
// page reloads from the service worker's cache and still queries.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'playwright/test';
import { EXAMPLES } from '../demo/app/examples.ts';
import { openDemo, runQuery, SCREENSHOTS, waitReady, watchErrors } from './support/demo.ts';
import * as model from './support/swapi.ts';

const mutation = EXAMPLES.find((e) => e.id === 'mutation')!;
/** A folder of its own for files a test hands to the page (test-results/ is shared by every runner on the machine). */
const scratch = (name: string) => join(mkdtempSync(join(tmpdir(), 'quire-demo-')), name);
const liveNames = (page: import('playwright/test').Page) => page.locator('#live-list li .live-name');

test('a second page sees a live update when the first commits', async ({ context, page }) => {
  const errors = watchErrors(page);
  await openDemo(page);
  const other = await context.newPage();
  const otherErrors = watchErrors(other);
  expect(await openDemo(other)).toBe('opened');
  const original = model.expectedLiveList().map((s) => s.name);
  await expect(liveNames(other)).toHaveText(original);

  const cost = 5e12;
  await runQuery(page, mutation.query, { id: '10', cost });
  const updated = model.expectedLiveList({ '10': cost }).map((s) => s.name);
  expect(updated[0]).toBe('Millennium Falcon');
  await expect(liveNames(page)).toHaveText(updated);
  await expect(liveNames(other)).toHaveText(updated);
  await expect(other.locator('#live-list li').first()).toContainText('5,000,000,000,000');
  await other.locator('.cards').screenshot({ path: `${SCREENSHOTS}live-second-tab.png` });
  expect([...errors, ...otherErrors]).toEqual([]);
});

test('export, then reset, then import restores the data', async ({ page }) => {
  const errors = watchErrors(page);
  page.on('dialog', (dialog) => void dialog.accept());
  await openDemo(page);
  await runQuery(page, mutation.query, { id: '10', cost: 777 });

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
  const backup = scratch('swapi.quire');
  await download.saveAs(backup);
  expect(readFileSync(backup).subarray(0, 5).toString()).toBe('QUIRE');
  await expect(page.locator('#tools-status')).toContainText('Exported a backup');

  // Reset and import reload the page: wait for the new page, not the old one's ready state.
  await Promise.all([page.waitForEvent('load'), page.click('#reset')]);
  expect(await waitReady(page)).toBe('loaded');
  const fresh = await runQuery(page, '{ starship(id: "10") { costInCredits } }');
  expect(fresh.data).toEqual({ starship: { costInCredits: model.swapi.Starship.find((s) => s.id === '10')!.costInCredits } });

  await Promise.all([page.waitForEvent('load'), page.setInputFiles('#import-file', backup)]);
  expect(await waitReady(page)).toBe('opened');
  await expect(page.locator('#tools-status')).toContainText('Imported');
  const restored = await runQuery(page, '{ starship(id: "10") { costInCredits } }');
  expect(restored.data).toEqual({ starship: { costInCredits: 777 } });
  const people = await runQuery(page, '{ peopleAggregate { count } }');
  expect(people.data).toEqual({ peopleAggregate: { count: model.swapi.Person.length } });
  await page.screenshot({ path: `${SCREENSHOTS}imported.png` });
  expect(errors).toEqual([]);
});

test('importing a file that is not a backup is refused with its code and keeps the data', async ({ page }) => {
  await openDemo(page);
  await runQuery(page, mutation.query, { id: '10', cost: 31337 });
  const junk = scratch('not-a-backup.quire');
  writeFileSync(junk, 'hello, this is not a database');
  await Promise.all([page.waitForEvent('load'), page.setInputFiles('#import-file', junk)]);
  expect(await waitReady(page)).toBe('opened');
  await expect(page.locator('#notice')).toContainText('Import failed — BAD_USER_INPUT');
  const kept = await runQuery(page, '{ starship(id: "10") { costInCredits } }');
  expect(kept.data).toEqual({ starship: { costInCredits: 31337 } });
});

test('offline: the page reloads from the service worker cache and still queries', async ({ context, page }) => {
  const errors = watchErrors(page);
  await openDemo(page);
  await expect(page.locator('html')).toHaveAttribute('data-offline-ready', 'true');
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);

  await context.setOffline(true);
  await page.reload();
  expect(await waitReady(page)).toBe('opened');
  const result = await runQuery(page, '{ films(orderBy: [{ episodeId: ASC }]) { episodeId title } }');
  expect(result.data).toEqual({
    films: [...model.swapi.Film].sort((a, b) => (a.episodeId as number) - (b.episodeId as number)).map((f) => ({ episodeId: f.episodeId, title: f.title })),
  });
  await page.screenshot({ path: `${SCREENSHOTS}offline.png` });
  expect(errors).toEqual([]);
  // The network really was gone for the page and its service worker: an uncached URL fails.
  const probe = await page.evaluate(() => fetch(`/swapi/LICENCE?probe=${Math.random()}`).then(() => 'online', () => 'offline'));
  expect(probe).toBe('offline');
  await context.setOffline(false);
});
