// Playwright end-to-end suite: real Chromium against the built demo served by `vite preview`.
import { defineConfig } from 'playwright/test';
import { chromiumLaunchOptions } from '../test/chromium.ts';

/** E2E_PORT lets two checkouts on one machine run the suite at once (default: Vite's preview port). */
const port = Number(process.env.E2E_PORT ?? 4173);
const origin = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  timeout: 60_000,
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  outputDir: '../test-results',
  use: {
    baseURL: origin,
    launchOptions: chromiumLaunchOptions(),
    trace: 'retain-on-failure',
  },
  webServer: {
    command: `npx vite build && npx vite preview --port ${port} --strictPort`,
    cwd: '..',
    url: origin,
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
  },
});
