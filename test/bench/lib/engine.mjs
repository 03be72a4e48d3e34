// Quire's engine as the bench's quire worker loads it: a production `vite build` (minified, the
// app's resolve conditions) of Database and OpfsFile, written with its lazy chunks to one folder
// that the bench server serves at /@bench-engine/. The peers arrive pre-bundled too; without this
// the dev server would hand the worker dozens of untransformed-once modules and W6 (reopen) would
// time module loading. It never measures anything.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'vite';

export const ENGINE_PREFIX = '/@bench-engine/';
export const ENGINE_FILE = 'quire-engine.js';
const ENTRY_ID = '\0bench-engine.js';
const ENTRY = "export { Database } from '/src/db/database.ts';\nexport { OpfsFile } from '/src/storage/file/opfs.ts';\n";

/** Builds the engine into `<cacheDir>/engine/`; returns its files' sizes and the build time. */
export async function buildEngine(root, cacheDir) {
  const t0 = performance.now();
  const output = await build({
    configFile: false,
    root,
    logLevel: 'silent',
    resolve: { conditions: ['module', 'browser', 'production'] },
    build: {
      write: false, minify: true, target: 'es2022', modulePreload: false,
      rollupOptions: { input: ENTRY_ID, preserveEntrySignatures: 'strict', output: { entryFileNames: ENGINE_FILE, chunkFileNames: '[name]-[hash].js' } },
    },
    plugins: [{ name: 'bench-engine', resolveId: (id) => (id === ENTRY_ID ? id : null), load: (id) => (id === ENTRY_ID ? ENTRY : null) }],
  });
  const dir = engineDir(cacheDir);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const files = [];
  for (const f of [output].flat().flatMap((out) => out.output)) {
    const text = f.type === 'chunk' ? f.code : f.source;
    mkdirSync(path.dirname(path.join(dir, f.fileName)), { recursive: true });
    writeFileSync(path.join(dir, f.fileName), text);
    files.push({ file: f.fileName, bytes: Buffer.byteLength(text) });
  }
  return { files, ms: performance.now() - t0 };
}

export const engineDir = (cacheDir) => path.join(cacheDir, 'engine');
