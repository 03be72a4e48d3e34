// The gzipped bytes a browser downloads for each system: a production `vite build` of a small
// entry per system (its worker chunks and .wasm included), every output file gzipped (level 9).
// Builds in memory (write: false); it never touches dist/.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

/** One entry per system: what an app using it imports. */
export const ENTRIES = {
  'quire (client + worker as built today)': { code: "export * from '/src/client/index.ts';", needs: 'src/client/index.ts' },
  'quire engine (src/db Database, what the worker will carry)': { code: "export { Database } from '/src/db/database.ts';", needs: 'src/db/database.ts' },
  'sqlite': { code: "export { default } from '@sqlite.org/sqlite-wasm';" },
  'dexie': { code: "export { default } from 'dexie';" },
  'graphql-js': { code: "export { buildSchema, executeSync, parse } from 'graphql';" },
};

const ENTRY_ID = '\0bench-entry.js';

async function gzippedBytes(root, code) {
  const output = await build({
    configFile: false,
    root,
    logLevel: 'silent',
    resolve: { conditions: ['module', 'browser', 'production'] },
    worker: { format: 'es' },
    build: { write: false, target: 'es2022', modulePreload: false, rollupOptions: { input: ENTRY_ID, preserveEntrySignatures: 'strict' } },
    plugins: [{ name: 'bench-entry', resolveId: (id) => (id === ENTRY_ID ? id : null), load: (id) => (id === ENTRY_ID ? code : null) }],
  });
  let raw = 0;
  let gz = 0;
  const files = [];
  for (const out of [output].flat()) {
    for (const f of out.output) {
      const bytes = Buffer.from(f.type === 'chunk' ? f.code : f.source);
      raw += bytes.length;
      const g = gzipSync(bytes, { level: 9 }).length;
      gz += g;
      files.push({ file: f.fileName, gzip: g });
    }
  }
  return { raw, gzip: gz, files };
}

/** { system: { raw, gzip, files } | { missing } } for every entry. */
export async function measureBundles(root) {
  const result = {};
  for (const [name, entry] of Object.entries(ENTRIES)) {
    if (entry.needs && !existsSync(path.join(root, entry.needs))) {
      result[name] = { missing: `${entry.needs} does not exist yet` };
      continue;
    }
    try {
      result[name] = await gzippedBytes(root, entry.code);
    } catch (e) {
      result[name] = { missing: `build failed: ${e.message.split('\n')[0]}` };
    }
  }
  return result;
}
