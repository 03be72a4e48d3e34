// The gzipped bytes a browser downloads for each system: a production `vite build` of a small
// entry per system (its worker chunks and .wasm included), every output file gzipped (level 9),
// and what Quire's client + worker download is made of, per layer folder and per dependency; beside
// Quire's total (every chunk), its initial download: what a page fetches to open an existing database
// and run queries and mutations (the entry, the worker, their static imports — no lazy chunk).
// Builds in memory (write: false); it never touches dist/.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, minifySync } from 'vite';

const QUIRE = 'quire (client + worker as built today)';
/** The row of Quire's initial download (a part of QUIRE's total, not a system of its own). */
export const QUIRE_INITIAL = 'quire › initial download (open an existing database, queries, mutations)';

/** One entry per system: what an app using it imports. */
export const ENTRIES = {
  [QUIRE]: { code: "export * from '/src/client/index.ts';", needs: 'src/client/index.ts', composition: true },
  'quire engine (src/db Database, what the worker will carry)': { code: "export { Database } from '/src/db/database.ts';", needs: 'src/db/database.ts' },
  'sqlite': { code: "export { default } from '@sqlite.org/sqlite-wasm';" },
  'dexie': { code: "export { default } from 'dexie';" },
  'graphql-js': { code: "export { buildSchema, executeSync, parse } from 'graphql';" },
};

const ENTRY_ID = '\0bench-entry.js';
const gzip = (text) => gzipSync(Buffer.from(text), { level: 9 }).length;

/** Every output file (chunks, worker chunks, assets) of a production build of `code`, in memory. */
async function buildFiles(root, code, minify = true) {
  const output = await build({
    configFile: false,
    root,
    logLevel: 'silent',
    resolve: { conditions: ['module', 'browser', 'production'] },
    worker: { format: 'es' },
    build: { write: false, minify, target: 'es2022', modulePreload: false, rollupOptions: { input: ENTRY_ID, preserveEntrySignatures: 'strict' } },
    plugins: [{ name: 'bench-entry', resolveId: (id) => (id === ENTRY_ID ? id : null), load: (id) => (id === ENTRY_ID ? code : null) }],
  });
  return [output].flat().flatMap((out) =>
    out.output.map((f) => ({ file: f.fileName, text: f.type === 'chunk' ? f.code : f.source, entry: f.type === 'chunk' && f.isEntry, imports: f.type === 'chunk' ? f.imports : [] })),
  );
}

// What a chunk loads at once: static imports and re-exports (`import{a}from"./x.js"`, `import"./x.js"`,
// `export*from"./x.js"`; never `import(` — a lazy chunk) and the workers it starts (`new URL("…", import.meta.url)`).
const STATIC_IMPORT = /\b(?:import|export)\s*(?:[^'"`()]*?\bfrom\s*)?["'`]([^"'`]+\.js)["'`]/g;
const WORKER_URL = /new URL\(\s*["'`]([^"'`]+\.js)["'`]\s*,/g;

/**
 * The files a page fetches before its first query: the entry chunks, then everything they import
 * statically or start as a worker, transitively (worker chunks are assets: read from their code).
 * Lazy chunks (`import()`: db.fetch's handler, the schema builder, the loader) are not among them.
 */
function initialFiles(files) {
  const byName = new Map(files.map((f) => [path.basename(f.file), f]));
  const seen = new Set();
  const queue = files.filter((f) => f.entry);
  while (queue.length > 0) {
    const f = queue.pop();
    if (seen.has(f)) continue;
    seen.add(f);
    const code = f.file.endsWith('.js') ? String(f.text) : '';
    const names = [...f.imports, ...[...code.matchAll(STATIC_IMPORT), ...code.matchAll(WORKER_URL)].map((m) => m[1])];
    for (const name of names) {
      const next = byName.get(path.basename(name));
      if (next) queue.push(next);
    }
  }
  return seen;
}

/** Every file's size (raw, gzip -9), the total, and the initial download (the files not `lazy`). */
async function gzippedBytes(root, code) {
  const built = await buildFiles(root, code);
  const initial = initialFiles(built);
  const files = built.map((f) => {
    const bytes = Buffer.from(f.text);
    return { file: f.file, gzip: gzipSync(bytes, { level: 9 }).length, raw: bytes.length, ...(initial.has(f) ? {} : { lazy: true }) };
  });
  const sum = (list, key) => list.reduce((s, f) => s + f[key], 0);
  const eager = files.filter((f) => !f.lazy);
  return { raw: sum(files, 'raw'), gzip: sum(files, 'gzip'), files, initial: { raw: sum(eager, 'raw'), gzip: sum(eager, 'gzip'), files: eager } };
}

/** A chunk's name without its content hash: `worker-DH4gAh77.js` → `worker`. */
const chunkName = (file) => path.basename(file).replace(/-[\w-]{8}\.js$/, '').replace(/^_bench-entry$/, 'client entry');

/** The layer folder (`src/graphql`) or package (`msgpackr`) a bundled module id belongs to. */
function groupOf(id) {
  const nm = id.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const [scope, name] = id.slice(nm + 'node_modules/'.length).split('/');
    return scope.startsWith('@') ? `${scope}/${name}` : scope;
  }
  if (id.startsWith('src/')) return id.split('/').slice(0, 2).join('/');
  return 'bundler runtime';
}

// Rolldown's unminified output opens each module with a `// <module path>` line.
const MODULE_LINE = /^\/\/ (\\0)?([\w@.\-/]+\.(?:ts|mts|js|mjs|cjs))$/;

/**
 * Where the gzipped bytes of `files` (a minified build) come from. The unminified build of the same
 * entry is cut at its module lines; each module is minified alone (locals mangled) and gzipped
 * alone, and those sizes are scaled so that each chunk's modules add up exactly to the real gzip
 * (and minified) size of that chunk. An estimate of each module's share, not a marginal cost.
 * Returns { group: { gzip, raw, chunks: { chunk: gzip }, modules: { id: gzip } } }.
 */
async function composition(root, code, files) {
  const real = new Map(files.filter((f) => f.file.endsWith('.js')).map((f) => [chunkName(f.file), f]));
  const groups = {};
  for (const { file, text } of await buildFiles(root, code, false)) {
    if (!file.endsWith('.js')) continue;
    const chunk = chunkName(file);
    const modules = [];
    let current = { id: 'bundler runtime', lines: [] };
    for (const line of text.split('\n')) {
      const m = MODULE_LINE.exec(line);
      if (!m) {
        current.lines.push(line);
        continue;
      }
      modules.push(current);
      // Virtual modules (`\0rolldown/runtime.js`) as named; files relative to the working directory → to `root`.
      current = { id: m[1] ? m[2] : path.relative(root, path.resolve(m[2])), lines: [] };
    }
    modules.push(current);
    const sized = modules.map(({ id, lines }) => {
      let min = lines.join('\n');
      try {
        const r = minifySync('module.js', min, { module: true, compress: false, mangle: true });
        if (!r.errors?.length) min = r.code;
      } catch {
        // not valid alone (a fragment): measured as written
      }
      return { id, raw: Buffer.byteLength(min), gzip: min.trim() ? gzip(min) : 0 };
    });
    const total = (key) => sized.reduce((s, m) => s + m[key], 0);
    const target = real.get(chunk);
    const gzScale = target ? target.gzip / total('gzip') : 1;
    const rawScale = target ? target.raw / total('raw') : 1;
    for (const m of sized) {
      const g = (groups[groupOf(m.id)] ??= { gzip: 0, raw: 0, chunks: {}, modules: {} });
      g.gzip += m.gzip * gzScale;
      g.raw += m.raw * rawScale;
      g.chunks[chunk] = (g.chunks[chunk] ?? 0) + m.gzip * gzScale;
      const key = `${chunk}: ${m.id}`;
      g.modules[key] = (g.modules[key] ?? 0) + m.gzip * gzScale;
    }
  }
  return groups;
}

/** Rows for the report: one per layer folder / dependency, named `quire › …`, largest first. */
function compositionRows(groups) {
  const rows = {};
  for (const [group, g] of Object.entries(groups).sort((a, b) => b[1].gzip - a[1].gzip)) {
    if (g.gzip < 1) continue;
    const chunks = Object.entries(g.chunks).filter(([, v]) => v >= 1).sort((a, b) => b[1] - a[1]);
    const top = Object.entries(g.modules).sort((a, b) => b[1] - a[1]).slice(0, 3);
    const short = (key) => {
      const [chunk, id] = key.split(': ');
      return `${id.replace(/^(src\/[^/]+\/|node_modules\/)/, '')} (${chunk})`;
    };
    rows[`quire › ${group} (share, est.)`] = {
      gzip: Math.round(g.gzip),
      raw: Math.round(g.raw),
      files: [
        ...chunks.map(([chunk, v]) => ({ file: `in ${chunk}`, gzip: v })),
        ...top.map(([id, v], i) => ({ file: `${i === 0 ? 'largest: ' : ''}${short(id)}`, gzip: v })),
      ],
    };
  }
  return rows;
}

/** { system: { raw, gzip, files } | { missing } } for every entry, then Quire's composition rows. */
export async function measureBundles(root) {
  const result = {};
  let rows = {};
  for (const [name, entry] of Object.entries(ENTRIES)) {
    if (entry.needs && !existsSync(path.join(root, entry.needs))) {
      result[name] = { missing: `${entry.needs} does not exist yet` };
      continue;
    }
    let measured;
    try {
      measured = await gzippedBytes(root, entry.code);
    } catch (e) {
      result[name] = { missing: `build failed: ${e.message.split('\n')[0]}` };
      continue;
    }
    const { initial, ...total } = measured;
    result[name] = total;
    if (entry.composition) {
      result[QUIRE_INITIAL] = initial;
      try {
        rows = compositionRows(await composition(root, entry.code, result[name].files));
      } catch (e) {
        rows = { 'quire › composition': { missing: `not measured: ${e.message.split('\n')[0]}` } };
      }
    }
  }
  return { ...result, ...rows };
}
