// The built demo page starts Quire's worker, which writes to OPFS; a reload reads back what
// the worker wrote (the open counter on disk advances), proving the whole browser chain.
import { expect, test } from 'playwright/test';

test('the demo page reads back what its worker wrote to OPFS, across a reload', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));

  await page.goto('/');
  const status = page.locator('#status');
  await expect(status).toHaveAttribute('data-state', 'ready');
  const first = Number(await status.getAttribute('data-opens'));
  expect(first).toBeGreaterThanOrEqual(1);

  await page.reload();
  await expect(status).toHaveAttribute('data-state', 'ready');
  expect(Number(await status.getAttribute('data-opens'))).toBe(first + 1);
  await expect(status).toContainText('4096 bytes on disk');
  expect(errors).toEqual([]);
});
