// GraphiQL's browser build for the Node server: reads graphiql's UMD script and style and React 18's
// UMD builds from node_modules once, under versioned names. Node only (node:fs); the portable handler
// never imports it — it receives the files through the request (`HttpRequest.graphiql`).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { AssetFile, GraphiqlAssets } from './page.ts';

const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';

/** The files, or null when graphiql, react or react-dom is not installed (the query page is served then). */
export function loadGraphiqlAssets(): GraphiqlAssets | null {
  const require = createRequire(import.meta.url);
  const files = new Map<string, AssetFile>();
  /** Adds `file` of `pkg` as `<pkg>-<version><suffix>` and returns that name. */
  const add = (pkg: string, file: string, suffix: string, type: string): string => {
    // The files are outside graphiql's `exports`: found next to package.json (always exported).
    const manifest = require.resolve(`${pkg}/package.json`);
    const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
    const name = `${pkg}-${version}${suffix}`;
    const bytes = readFileSync(join(dirname(manifest), file));
    files.set(name, { body: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) as Uint8Array<ArrayBuffer>, type });
    return name;
  };
  try {
    return {
      react: add('react', 'umd/react.production.min.js', '.min.js', JS),
      reactDom: add('react-dom', 'umd/react-dom.production.min.js', '.min.js', JS),
      script: add('graphiql', 'graphiql.min.js', '.min.js', JS),
      style: add('graphiql', 'graphiql.min.css', '.min.css', CSS),
      get: (name) => files.get(name),
    };
  } catch {
    return null;
  }
}
