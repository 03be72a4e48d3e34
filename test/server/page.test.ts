// The Quire query page in real Chromium against a real server: a browser navigating to /graphql
// gets the page (not JSON), and running a query from it shows the server's answer and status.
import { chromium, type Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumLaunchOptions } from '../chromium.ts';
import { startServer, swapi, type TestServer } from './helpers.ts';

let s: TestServer;
let browser: Browser;
beforeAll(async () => {
  s = await startServer();
  browser = await chromium.launch(chromiumLaunchOptions());
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await s.stop();
});

describe('the query page', () => {
  it('runs a query with variables typed into it and shows the result', async () => {
    const page = await browser.newPage();
    await page.goto(s.url);
    expect(await page.title()).toBe('Quire query page');
    await page.getByLabel('Query').fill('query ($id: ID!) { person(id: $id) { name } }');
    await page.getByLabel('Variables').fill('{ "id": "1" }');
    await page.getByRole('button', { name: /Run/ }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/^200 in \d+ ms$/);
    const shown = JSON.parse((await page.getByLabel('Result').textContent())!);
    expect(shown).toEqual({ data: { person: { name: swapi.Person!.find((p) => p.id === '1')!.name } } });
    await page.getByLabel('Query').fill('{ nope }');
    await page.getByLabel('Query').press('Control+Enter');
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/^400 in/);
    expect(await page.getByLabel('Result').textContent()).toContain('GRAPHQL_VALIDATION_FAILED');
    await page.close();
  });
});
