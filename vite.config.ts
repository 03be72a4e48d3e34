// One config for the demo app (Vite), the test projects (Vitest: Node and real Chromium)
// and the benchmark harness's dev server. The demo lives in demo/, static assets in public/.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { playwright } from '@vitest/browser-playwright';
import { chromiumLaunchOptions } from './test/chromium.ts';
import { pwa } from './demo/pwa-plugin.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
// Vitest sets VITEST; only then do we need (and insist on) a browser.
const underVitest = !!process.env.VITEST;
const skipBrowser = !!process.env.SKIP_BROWSER;

export default defineConfig({
  root: 'demo',
  publicDir: '../public',
  plugins: [pwa()],
  // The demo builds to dist/demo; dist/node holds the Node build (npm run build:node), untouched here.
  build: { outDir: '../dist/demo', emptyOutDir: true, target: 'es2022' },
  // ES-module workers, so `new Worker(new URL(...), { type: 'module' })` builds as written.
  worker: { format: 'es' },
  // Dependencies reached only from the worker: pre-bundle them so Vite never reloads mid-run.
  optimizeDeps: { include: ['comlink', 'msgpackr', 'fast-check'] },
  preview: { port: 4173, strictPort: true, host: '127.0.0.1' },
  server: { host: '127.0.0.1' },
  test: {
    projects: [
      {
        extends: true,
        root: here,
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/**/*.test.ts'],
          // zz-* and *.scratch.* are engineers' throwaway probes (gitignored): never part of a run.
          exclude: ['test/**/*.browser.test.ts', 'node_modules/**', '**/zz-*', '**/*.scratch.*'],
          testTimeout: 60_000,
        },
      },
      ...(underVitest && !skipBrowser
        ? [
            {
              extends: true as const,
              root: here,
              test: {
                name: 'browser',
                include: ['test/**/*.browser.test.ts'],
                exclude: ['node_modules/**', '**/zz-*', '**/*.scratch.*'],
                testTimeout: 60_000,
                browser: {
                  enabled: true,
                  headless: true,
                  provider: playwright({ launchOptions: chromiumLaunchOptions() }),
                  instances: [{ browser: 'chromium' as const }],
                },
              },
            },
          ]
        : []),
    ],
  },
});
