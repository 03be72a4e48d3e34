// The bench's Vite dev server: serves the bench page and its workers cross-origin isolated
// (COOP/COEP: 5 µs timers, SharedArrayBuffer for SQLite's opfs VFS), the datasets under
// /@bench-data/, Quire's built engine under /@bench-engine/ (engine.mjs), and loads Node-side
// TypeScript (ssrLoadModule). It never measures anything.
import { createReadStream, existsSync } from 'node:fs';
import path from 'node:path';
import { createServer } from 'vite';
import { ENGINE_PREFIX, engineDir } from './engine.mjs';

export const COI_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};
export const PAGE_PATH = '/test/bench/browser/page/index.html';
export const DATA_PREFIX = '/@bench-data/';

/**
 * Serves `<dataDir>/<name>.json` at /@bench-data/<name>.json and the files of the built engine
 * (`<dataDir>/engine/`) at /@bench-engine/<file>, as they are (no transform).
 */
function benchData(dataDir) {
  const folders = [[DATA_PREFIX, dataDir, 'application/json'], [ENGINE_PREFIX, engineDir(dataDir), 'text/javascript']];
  return {
    name: 'quire-bench-data',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const served = folders.find(([prefix]) => req.url?.startsWith(prefix));
        if (!served) return next();
        const [prefix, dir, type] = served;
        const file = path.join(dir, path.basename(req.url.slice(prefix.length).split('?')[0]));
        if (!existsSync(file)) return next();
        res.writeHead(200, { 'Content-Type': type, ...COI_HEADERS });
        createReadStream(file).pipe(res);
      });
    },
  };
}

/** Starts the server on a free loopback port; returns it with its base URL. */
export async function startServer(root, dataDir) {
  const server = await createServer({
    configFile: false,
    root,
    logLevel: 'warn',
    clearScreen: false,
    // Production builds of the peers (graphql-js ships extra dev-mode checks under 'development').
    resolve: { conditions: ['module', 'browser', 'production'] },
    server: { host: '127.0.0.1', port: 0, headers: COI_HEADERS, hmr: false, watch: null },
    worker: { format: 'es' },
    // Every browser-side dependency is pre-bundled up front, so Vite never reloads the page
    // mid-run; sqlite-wasm is left as is so its .wasm and proxy worker resolve next to it.
    optimizeDeps: { noDiscovery: true, include: ['comlink', 'dexie', 'graphql', 'msgpackr'], exclude: ['@sqlite.org/sqlite-wasm'] },
    plugins: [benchData(dataDir)],
  });
  await server.listen();
  const address = server.httpServer.address();
  return { server, baseUrl: `http://127.0.0.1:${address.port}` };
}
