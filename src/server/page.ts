// The Quire query page: a small self-contained HTML page (query, variables, Run, result) served at
// the GraphQL path to browsers asking for HTML. It loads nothing from elsewhere (works offline, no
// CDN) and only POSTs to its own URL; it is not GraphiQL and never executes anything itself.

/** The page; `path` is the GraphQL endpoint it posts to. */
export function queryPage(path: string): string {
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
<header><strong>Quire query page</strong><button id="run" type="button">Run (Ctrl+Enter)</button><span id="status" role="status"></span></header>
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
    const response = await fetch(${JSON.stringify(path)}, {
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
