// Launches Chromium for the bench: a persistent profile in a fresh temp folder (disk-backed
// OPFS, TOOLCHAIN.md G5) with the repo's launch options. It never reuses a profile between runs.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright';

/** Opens the bench page; `launchOptions` come from test/chromium.ts. */
export async function launchBrowser(launchOptions, pageUrl) {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'quire-bench-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    ...launchOptions,
    headless: true,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (msg) => {
    if (msg.type() === 'error' || process.env.BENCH_VERBOSE) console.error(`  [browser] ${msg.text()}`);
  });
  page.on('pageerror', (err) => console.error(`  [browser] ${err.message}`));
  await page.goto(pageUrl);
  await page.waitForFunction(() => 'bench' in self);
  const userAgent = await page.evaluate(() => navigator.userAgent);
  return {
    page,
    profile,
    browserVersion: userAgent.match(/Chrome\/([\d.]+)/)?.[1] ?? userAgent,
    /** Calls window.bench.<path>(...args) in the page. */
    call: (fn, ...args) =>
      page.evaluate(([fn, args]) => fn.split('.').reduce((o, k) => o[k], self.bench)(...args), [fn, args]),
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
