// Which Chromium the browser tests, the e2e suite and the benchmarks launch, with the flags
// this closed-network machine needs. Owns browser discovery only; it never downloads a browser.
import { existsSync } from 'node:fs';
import { chromium, type LaunchOptions } from 'playwright';

export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/** --no-sandbox: we run as root in CI. The rest keep Chromium from phoning home. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-gpu',
];

const HOW_TO_GET_ONE =
  'Fix: on Debian/Ubuntu run `apt-get install -y chromium`; on a laptop run `npx playwright install chromium`; ' +
  'or set CHROMIUM_PATH=/path/to/chrome.';

/**
 * Launch options for Playwright: $CHROMIUM_PATH, else Debian's /usr/bin/chromium, else the
 * browser Playwright installed itself (executablePath left unset). Throws a clear error when
 * there is none. PW_BUNDLED=1 prefers Playwright's own browser over /usr/bin/chromium.
 */
export function chromiumLaunchOptions(): LaunchOptions {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH=${fromEnv} does not exist. ${HOW_TO_GET_ONE}`);
    return { executablePath: fromEnv, args: CHROMIUM_ARGS };
  }
  if (!process.env.PW_BUNDLED && existsSync(SYSTEM_CHROMIUM)) {
    return { executablePath: SYSTEM_CHROMIUM, args: CHROMIUM_ARGS };
  }
  const bundled = chromium.executablePath();
  if (bundled && existsSync(bundled)) return { args: CHROMIUM_ARGS };
  throw new Error(
    `No Chromium found. Looked for $CHROMIUM_PATH, ${SYSTEM_CHROMIUM} and Playwright's own browser (${bundled}). ${HOW_TO_GET_ONE}`,
  );
}
