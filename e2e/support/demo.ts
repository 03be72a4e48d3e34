// Driving the built demo page from Playwright: open it and wait until the database is ready,
// run an example or a query through the UI (the Run button), read the last result, and collect
// console errors. Test-only; it never reaches into the engine.

import { expect, type Page } from 'playwright/test';

export const SCREENSHOTS = new URL('../screenshots/', import.meta.url).pathname;

export interface Result {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** The slice of the page's console playground (`window.quire`, demo/main.ts) the specs use. */
declare global {
  interface Window {
    quire?: {
      db: { query(text: string, variables?: Record<string, unknown> | null): Promise<Result> };
      workspace: { setQuery(query: string, variables: Record<string, unknown> | null): void; lastRun: { result: Result } | null };
    };
  }
}

/** Console errors and uncaught exceptions of a page, for the "no console errors" checks. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return errors;
}

/** Waits until the page has opened (or created) the database and read the schema. */
export async function waitReady(page: Page): Promise<'loaded' | 'opened'> {
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
  const state = await page.locator('#status').getAttribute('data-state');
  expect(['loaded', 'opened']).toContain(state);
  return state as 'loaded' | 'opened';
}

export async function openDemo(page: Page): Promise<'loaded' | 'opened'> {
  await page.goto('/');
  return waitReady(page);
}

/** Picks an example from the menu (which runs it) and returns its result. */
export async function runExample(page: Page, id: string): Promise<Result> {
  const before = await runCount(page);
  await page.selectOption('#examples', id);
  return waitResult(page, before);
}

/** Puts `query` and `variables` in the editors and presses Run. */
export async function runQuery(page: Page, query: string, variables: Record<string, unknown> | null = null): Promise<Result> {
  await page.evaluate(([q, v]) => window.quire!.workspace.setQuery(q as string, v as Record<string, unknown> | null), [query, variables] as const);
  const before = await runCount(page);
  await page.click('#run');
  return waitResult(page, before);
}

export async function clickAndWaitResult(page: Page, selector: string): Promise<Result> {
  const before = await runCount(page);
  await page.click(selector);
  return waitResult(page, before);
}

async function runCount(page: Page): Promise<number> {
  return page.evaluate(() => Number(document.getElementById('result-pane')!.dataset.runs ?? 0));
}

async function waitResult(page: Page, before: number): Promise<Result> {
  await expect.poll(() => runCount(page), { timeout: 15_000 }).toBeGreaterThan(before);
  return page.evaluate(() => window.quire!.workspace.lastRun!.result as Result);
}
