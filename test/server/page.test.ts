// The pages browsers get at the GraphQL path, in real Chromium against a real server on 127.0.0.1:
// GraphiQL (served offline from node_modules by the Node adapter) loads without console errors and
// runs a query typed into it; with introspection off, or through `db.fetch`, the Quire query page.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { chromium, type Browser, type Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFetchHandler, createHttpHandler, type FetchHandlerOptions } from '../../src/server/handler.ts';
import { serveHttp, type RunningServer } from '../../src/server/node-http.ts';
import { chromiumLaunchOptions } from '../chromium.ts';
import { post, startServer, swapi, type TestServer } from './helpers.ts';

const require = createRequire(import.meta.url);
/** A file of an installed package, read independently of the server's loader. */
function packageFile(pkg: string, file: string): { bytes: Buffer; version: string } {
  const manifest = require.resolve(`${pkg}/package.json`);
  return { bytes: readFileSync(join(dirname(manifest), file)), version: JSON.parse(readFileSync(manifest, 'utf8')).version };
}
/** What Chromium logs for a fetch answered 400 (the invalid query the tests send on purpose). */
const BAD_REQUEST_LOGGED = 'console: Failed to load resource: the server responded with a status of 400 (Bad Request)';
const personName = (id: string): string => swapi.Person!.find((p) => p.id === id)!.name as string;

/** The test server's database served again by the Node adapter with GraphiQL's files on. */
function serveWithGraphiql(http: FetchHandlerOptions = {}): Promise<RunningServer> {
  return serveHttp(createHttpHandler(s.db, { graphqlPath: '/graphql', ...http }), { port: 0, graphiql: true });
}

let s: TestServer;
let open: RunningServer;
let closed: RunningServer;
let browser: Browser;
beforeAll(async () => {
  s = await startServer();
  open = await serveWithGraphiql();
  closed = await serveWithGraphiql({ introspection: false });
  browser = await chromium.launch(chromiumLaunchOptions());
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await open?.close();
  await closed?.close();
  await s?.stop();
});

/** A new page recording console errors, failed requests and uncaught exceptions; and every URL it asked for. */
async function watchedPage(): Promise<{ page: Page; problems: string[]; requested: string[] }> {
  const page = await browser.newPage();
  const problems: string[] = [];
  const requested: string[] = [];
  // The query page names no icon, so Chromium asks for /favicon.ico (404 on a server with a graphqlPath).
  page.on('console', (m) => { if (m.type() === 'error' && !m.location().url.endsWith('/favicon.ico')) problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`failed: ${r.url()}`));
  page.on('request', (r) => requested.push(r.url()));
  return { page, problems, requested };
}

describe('GraphiQL at GET /graphql', () => {
  it('loads offline with no console errors, and runs a query typed into it', async () => {
    const { page, problems, requested } = await watchedPage();
    await page.goto(`${open.origin}/graphql`);
    expect(await page.title()).toBe('Quire · GraphiQL');
    await page.locator('.graphiql-container').waitFor();
    await page.locator('.graphiql-query-editor .CodeMirror').waitFor();

    const query = '{ person(id: "1") { name } }';
    await page.locator('.graphiql-query-editor .CodeMirror').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.type(query);
    const typed = await page.locator('.graphiql-query-editor .CodeMirror').evaluate((editor: any) => editor.CodeMirror.getValue() as string);
    expect(typed.replace(/\s+/g, '')).toBe(query.replace(/\s+/g, ''));
    await page.locator('.graphiql-execute-button').click();
    const result = page.locator('.result-window');
    await expect.poll(() => result.textContent(), { timeout: 20_000 }).toContain(personName('1'));
    const shown = await page.locator('.result-window .CodeMirror').evaluate((editor: any) => editor.CodeMirror.getValue() as string);
    expect(JSON.parse(shown)).toEqual({ data: { person: { name: personName('1') } } });

    expect(problems).toEqual([]);
    // A request error shows the server's coded error (Chromium logs the 400 itself, and nothing else).
    await page.locator('.graphiql-query-editor .CodeMirror').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.type('{ nope }');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => result.textContent(), { timeout: 20_000 }).toContain('GRAPHQL_VALIDATION_FAILED');
    expect(problems).toEqual([BAD_REQUEST_LOGGED]);
    expect(requested.every((url) => url.startsWith(open.origin))).toBe(true); // nothing from a CDN
    await page.close();
  }, 60_000);

  it('runs a subscription typed into it live: the result changes after a mutation commits', async () => {
    const { page, problems } = await watchedPage();
    await page.goto(`${open.origin}/graphql`);
    const editor = page.locator('.graphiql-query-editor .CodeMirror');
    await editor.waitFor();
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.type('subscription { person(id: "3") { height } }');
    await page.keyboard.press('Control+Enter');
    const shown = (): Promise<unknown> =>
      page.locator('.result-window .CodeMirror').evaluate((e: any) => { try { return JSON.parse(e.CodeMirror.getValue()); } catch { return null; } });
    const height = (swapi.Person!.find((p) => p.id === '3')!.height ?? null) as number | null;
    await expect.poll(shown, { timeout: 20_000 }).toEqual({ data: { person: { height } } });
    const next = (height ?? 0) + 1;
    expect((await post(`${open.origin}/graphql`, { query: `mutation { updatePerson(id: "3", data: { height: ${next} }) { id } }` })).status).toBe(200);
    await expect.poll(shown, { timeout: 20_000 }).toEqual({ data: { person: { height: next } } });
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it('ships inline scripts that compile (GraphiQL page and query page)', async () => {
    for (const url of [`${open.origin}/graphql`, `${closed.origin}/graphql`]) {
      const html = await (await fetch(url, { headers: { accept: 'text/html' } })).text();
      const inline = [...html.matchAll(/<script(?: type="module")?>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
      expect(inline.length).toBe(1);
      expect(() => new Script(inline[0]!)).not.toThrow(); // compiled, not run
    }
  });

  it('serves the files byte for byte, versioned, with long cache headers and their content types', async () => {
    const files = [
      ['react', 'umd/react.production.min.js', '.min.js', 'text/javascript'],
      ['react-dom', 'umd/react-dom.production.min.js', '.min.js', 'text/javascript'],
      ['graphiql', 'graphiql.min.js', '.min.js', 'text/javascript'],
      ['graphiql', 'graphiql.min.css', '.min.css', 'text/css'],
    ] as const;
    const html = await (await fetch(`${open.origin}/graphql`, { headers: { accept: 'text/html' } })).text();
    for (const [pkg, file, suffix, type] of files) {
      const { bytes, version } = packageFile(pkg, file);
      const name = `/graphql/assets/${pkg}-${version}${suffix}`;
      expect(html).toContain(`"${name}"`);
      const response = await fetch(open.origin + name);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(`${type}; charset=utf-8`);
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true);
      const head = await fetch(open.origin + name, { method: 'HEAD' });
      expect([head.status, head.headers.get('content-length')]).toEqual([200, String(bytes.length)]);
    }
    const graphiqlVersion = packageFile('graphiql', 'package.json').version;
    for (const path of ['/graphql/assets/nope.js', `/elsewhere/assets/graphiql-${graphiqlVersion}.min.js`, '/graphql/assets/../package.json']) {
      expect((await fetch(open.origin + path)).status).toBe(404);
    }
    expect((await fetch(`${open.origin}/graphql/assets/graphiql-${graphiqlVersion}.min.js`, { method: 'POST' })).status).not.toBe(200);
  });
});

describe('the Quire query page', () => {
  it('is served instead of GraphiQL when introspection is off, and runs a query with variables', async () => {
    const { page, problems } = await watchedPage();
    await page.goto(`${closed.origin}/graphql`);
    expect(await page.title()).toBe('Quire query page');
    expect(await page.locator('header').textContent()).toContain('GraphiQL needs introspection, which is off on this server.');
    await page.getByLabel('Query').fill('query ($id: ID!) { person(id: $id) { name } }');
    await page.getByLabel('Variables').fill('{ "id": "1" }');
    await page.getByRole('button', { name: /Run/ }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/^200 in \d+ ms$/);
    const shown = JSON.parse((await page.getByLabel('Result').textContent())!);
    expect(shown).toEqual({ data: { person: { name: personName('1') } } });
    expect(problems).toEqual([]);
    await page.getByLabel('Query').fill('{ nope }');
    await page.getByLabel('Query').press('Control+Enter');
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/^400 in/);
    expect(await page.getByLabel('Result').textContent()).toContain('GRAPHQL_VALIDATION_FAILED');
    expect(problems).toEqual([BAD_REQUEST_LOGGED]);
    await page.close();
  }, 60_000);

  it('is what db.fetch (the portable fetch handler, no files) and the Node adapter without GraphiQL serve, with no asset route', async () => {
    const version = packageFile('graphiql', 'package.json').version;
    expect(await (await fetch(s.url, { headers: { accept: 'text/html' } })).text()).toContain('<title>Quire query page</title>');
    expect((await fetch(`${s.origin}/graphql/assets/graphiql-${version}.min.js`)).status).toBe(404);
    const fetchHandler = createFetchHandler(s.db, { graphqlPath: '/graphql' });
    const page = await fetchHandler(new Request('http://quire.local/graphql', { headers: { accept: 'text/html' } }));
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toContain('<title>Quire query page</title>');
    expect((await fetchHandler(new Request(`http://quire.local/graphql/assets/graphiql-${version}.min.js`))).status).toBe(404);
  });
});
