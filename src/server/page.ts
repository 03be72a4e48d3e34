// The pages served at the GraphQL path to browsers asking for HTML: GraphiQL, mounted from files the
// runtime serves at `<path>/assets/` (never a CDN: it works offline), or, where there are no such
// files or introspection is off, Quire's own small query page. Both only POST to their own URL;
// this module only writes HTML and never reads files (the Node adapter provides them).

/** A file the runtime serves under `<GraphQL path>/assets/`. */
export interface AssetFile {
  readonly body: Uint8Array<ArrayBuffer>;
  /** Its `content-type`. */
  readonly type: string;
}

/** GraphiQL's browser build as the runtime provides it (the Node adapter reads it from node_modules). */
export interface GraphiqlAssets {
  /** File names, versioned so that they can be cached for good: React's and ReactDOM's UMD builds, GraphiQL's script and style. */
  readonly react: string;
  readonly reactDom: string;
  readonly script: string;
  readonly style: string;
  /** The file by name, or undefined. */
  get(name: string): AssetFile | undefined;
}

/** The folder of the assets under the GraphQL path. */
export const ASSETS = '/assets/';

/** GraphiQL mounted at `path`, posting to it; the assets are served at `path + ASSETS`. */
export function graphiqlPage(path: string, assets: GraphiqlAssets): string {
  const base = escapeAttribute(path + ASSETS);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>Quire · GraphiQL</title>
<link rel="stylesheet" href="${base}${escapeAttribute(assets.style)}">
<style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
<div id="graphiql">Loading GraphiQL…</div>
<script src="${base}${escapeAttribute(assets.react)}"></script>
<script src="${base}${escapeAttribute(assets.reactDom)}"></script>
<script src="${base}${escapeAttribute(assets.script)}"></script>
<script>
  const url = ${scriptString(path)};
  const headers = { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' };
  // A subscription is a live query over Server-Sent Events (graphql-sse, distinct connections). The
  // operation's keyword is read from the text (GraphiQL's documentAST can lag behind the editor):
  // the named operation, or the one operation, which starts the document or follows a fragment's '}'.
  function isSubscription(params) {
    const text = params.query.replace(/#[^\\n\\r]*/g, '');
    const name = params.operationName;
    if (name) return new RegExp('\\\\bsubscription\\\\s+' + name + '\\\\b').test(text);
    return /(^|\\})\\s*subscription\\b/.test(text);
  }
  async function* events(params) {
    const controller = new AbortController();
    const response = await fetch(url, { method: 'POST', headers: { ...headers, accept: 'text/event-stream' }, body: JSON.stringify(params), signal: controller.signal });
    if (!(response.headers.get('content-type') || '').startsWith('text/event-stream')) { yield await response.json(); return; }
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        buffer += value;
        for (let end = buffer.indexOf('\\n\\n'); end >= 0; end = buffer.indexOf('\\n\\n')) {
          let event = 'message', data = '';
          for (const line of buffer.slice(0, end).split('\\n')) {
            if (line.startsWith('event:')) event = line.slice(6).trim();
            else if (line.startsWith('data:')) data += line.slice(5).trimStart();
          }
          buffer = buffer.slice(end + 2);
          if (event === 'complete') return;
          if (event === 'next') yield JSON.parse(data);
        }
      }
    } finally {
      controller.abort(); // GraphiQL's stop button ends the live query
    }
  }
  async function fetcher(params) {
    if (isSubscription(params)) return events(params);
    const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(params) });
    const text = await response.text();
    try { return JSON.parse(text); } catch { return { errors: [{ message: response.status + ' ' + text }] }; }
  }
  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(GraphiQL, { fetcher, defaultQuery: '{ __typename }', shouldPersistHeaders: false }),
  );
</script>
</body>
</html>
`;
}

/** Quire's own page; `path` is the GraphQL endpoint it posts to, `note` a line shown in its header. */
export function queryPage(path: string, note = ''): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Quire query page</title>
<style>
  body { font: 14px system-ui, sans-serif; margin: 0; display: grid; grid-template-rows: auto 1fr; height: 100vh; }
  header { padding: 8px 12px; background: #222; color: #eee; display: flex; gap: 12px; align-items: center; }
  main { display: grid; grid-template-columns: 1fr 1fr; gap: 8px; padding: 8px; min-height: 0; }
  section { display: grid; grid-template-rows: 2fr auto 1fr; gap: 4px; min-height: 0; }
  textarea, pre { font: 13px ui-monospace, monospace; width: 100%; box-sizing: border-box; margin: 0; border: 1px solid #ccc; padding: 6px; }
  pre { overflow: auto; background: #fafafa; }
  button { font: inherit; padding: 4px 14px; }
</style>
</head>
<body>
<header><strong>Quire query page</strong><button id="run" type="button">Run (Ctrl+Enter)</button><span id="status" role="status"></span>${note ? `<small>${escapeText(note)}</small>` : ''}</header>
<main>
  <section>
    <label for="query" hidden>Query</label>
    <textarea id="query" aria-label="Query" spellcheck="false">{ __typename }</textarea>
    <label for="variables">Variables (JSON)</label>
    <textarea id="variables" aria-label="Variables" spellcheck="false">{}</textarea>
  </section>
  <pre id="result" aria-label="Result" tabindex="0"></pre>
</main>
<script type="module">
  const $ = (id) => document.getElementById(id);
  async function run() {
    $('status').textContent = 'running…';
    let variables;
    try { variables = JSON.parse($('variables').value || '{}'); }
    catch { $('status').textContent = 'variables are not valid JSON'; return; }
    const started = performance.now();
    const response = await fetch(${scriptString(path)}, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query: $('query').value, variables }),
    });
    const text = await response.text();
    try { $('result').textContent = JSON.stringify(JSON.parse(text), null, 2); } catch { $('result').textContent = text; }
    $('status').textContent = response.status + ' in ' + Math.round(performance.now() - started) + ' ms';
  }
  $('run').addEventListener('click', run);
  document.addEventListener('keydown', (e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); run(); } });
</script>
</body>
</html>
`;
}

/** A JSON string literal safe inside a <script> element (no `</script>`, no HTML comment opener). */
function scriptString(value: string): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(value: string): string {
  return escapeText(value).replace(/"/g, '&quot;');
}
