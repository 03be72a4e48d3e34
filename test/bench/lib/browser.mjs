// Launches Chromium for the bench: a persistent profile in a fresh temp folder (disk-backed
// OPFS, TOOLCHAIN.md G5) with the repo's launch options. It never reuses a profile between runs.
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright';

const CALL_TIMEOUT_MS = 15 * 60_000;

/** `taskset`, where the OS has it (Linux): what pins a browser to one CPU. */
export const TASKSET = ['/usr/bin/taskset', '/bin/taskset'].find((p) => existsSync(p)) ?? null;

/**
 * Opens the bench page; `launchOptions` come from test/chromium.ts. With `cpu`, every Chromium
 * process runs pinned to that one CPU (through a `taskset` wrapper as the executable): on a VM,
 * a message between threads on different CPUs pays a cross-CPU wake-up, which this removes.
 */
export async function launchBrowser(launchOptions, pageUrl, { cpu } = {}) {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'quire-bench-profile-'));
  let executablePath = launchOptions.executablePath;
  let wrapper = null;
  if (cpu !== undefined) {
    if (!TASKSET || !executablePath) throw new Error('pinning the browser needs taskset and a system Chromium');
    wrapper = path.join(profile, '..', `${path.basename(profile)}-pinned.sh`);
    writeFileSync(wrapper, `#!/bin/sh\nexec ${TASKSET} -c ${Number(cpu)} '${executablePath}' "$@"\n`);
    chmodSync(wrapper, 0o755);
    executablePath = wrapper;
  }
  const context = await chromium.launchPersistentContext(profile, {
    ...launchOptions,
    ...(executablePath ? { executablePath } : {}),
    headless: true,
  });
  let page = context.pages()[0] ?? (await context.newPage());
  /** Loads the bench page in `p` and waits for window.bench. */
  const open = async (p) => {
    p.on('console', (msg) => {
      if (msg.type() === 'error' || process.env.BENCH_VERBOSE) console.error(`  [browser] ${msg.text()}`);
    });
    p.on('pageerror', (err) => console.error(`  [browser] ${err.message}`));
    await p.goto(pageUrl);
    await p.waitForFunction(() => 'bench' in self);
  };
  await open(page);
  const userAgent = await page.evaluate(() => navigator.userAgent);
  return {
    profile,
    browserVersion: userAgent.match(/Chrome\/([\d.]+)/)?.[1] ?? userAgent,
    /** A new page (and so new workers) for the next system: nothing of the previous one survives. */
    async fresh() {
      const next = await context.newPage();
      await page.close();
      page = next;
      await open(page);
    },
    /** Calls window.bench.<path>(...args) in the page; a call that never answers fails after `CALL_TIMEOUT_MS`. */
    call(fn, ...args) {
      let timer;
      const timeout = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`bench.${fn} did not answer within ${CALL_TIMEOUT_MS / 60000} min`)), CALL_TIMEOUT_MS);
      });
      const answer = page.evaluate(([fn, args]) => fn.split('.').reduce((o, k) => o[k], self.bench)(...args), [fn, args]);
      return Promise.race([answer, timeout]).finally(() => clearTimeout(timer));
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
      if (wrapper) rmSync(wrapper, { force: true });
    },
  };
}
