// The demo page's entry: opens the SWAPI database (loading it on the first visit), then wires the
// editor, result, plan, docs, live query, stats and data tools to it, and registers the offline
// service worker. Glue only: each part lives in its own module.

import './styles.css';
import { boot, type BootReport } from './app/boot.ts';
import { byId } from './app/dom.ts';
import { EXAMPLES } from './app/examples.ts';
import { formatBytes, formatCount, formatMs } from './app/format.ts';
import { errorCode, type Database } from './app/quire.ts';
import { Workspace } from './app/workspace.ts';
import type { Validator } from './graphql/lint.ts';
import { INTROSPECTION_QUERY, SchemaModel } from './graphql/schema.ts';
import { DocsExplorer } from './panels/docs.ts';
import { startLivePanel } from './panels/live.ts';
import { renderPlan, renderPlanMessage } from './panels/plan.ts';
import { renderStats } from './panels/stats.ts';
import { exportBackup, importBackup, resetDatabase, startOver, takeNotice } from './panels/tools.ts';

declare global {
  interface Window {
    /** The console playground: `await quire.db.query('{ films { title } }')`. */
    quire?: { db: Database; workspace: Workspace; schema: SchemaModel | null };
  }
}

const status = byId('status');
const bootSection = byId('boot');
const progress = byId('progress');
const progressFill = byId('progress-fill');
const toolsStatus = byId('tools-status');
const workspace = new Workspace();
const docs = new DocsExplorer(byId('docs-pane'));

setUpTheme();
setUpExamples();
const tabs = setUpTabs();
registerServiceWorker();
const notice = takeNotice();
if (notice) {
  toolsStatus.textContent = notice;
  byId('notice').textContent = notice;
  byId('notice').hidden = false;
}

boot((fraction, label) => {
  bootSection.dataset.state = 'loading';
  status.textContent = label;
  progress.toggleAttribute('data-indeterminate', fraction === null);
  if (fraction !== null) {
    progress.setAttribute('aria-valuenow', String(Math.round(fraction * 100)));
    progressFill.style.width = `${(fraction * 100).toFixed(1)}%`;
  }
})
  .then(started)
  .catch((error: unknown) => {
    bootSection.dataset.state = 'error';
    status.dataset.state = 'error';
    const code = errorCode(error);
    status.textContent = `Could not open the database${code ? ` (${code})` : ''}: ${(error as Error).message ?? String(error)}`;
    console.warn(error);
    // Nothing is deleted behind the user's back: the way out is one explicit click.
    const button = byId('start-over') as HTMLButtonElement;
    button.hidden = false;
    button.addEventListener('click', () => {
      button.disabled = true;
      void startOver();
    }, { once: true });
  });

async function started(report: BootReport): Promise<void> {
  const { db } = report;
  const size = report.bytes === null ? '' : `, ${formatBytes(report.bytes)} on disk`;
  if (report.loaded && report.summary) {
    const rows = Object.values(report.summary.rows).reduce((a, b) => a + b, 0);
    status.textContent = `Created the database in OPFS and loaded SWAPI — ${formatCount(rows)} rows and ${formatCount(report.summary.edges)} relationship edges in ${formatMs(report.ms)} (load ${formatMs(report.summary.ms)})${size}.`;
    status.dataset.state = 'loaded';
  } else {
    status.textContent = `Opened the existing database from OPFS in ${formatMs(report.ms)}${size} — no download, no load.`;
    status.dataset.state = 'opened';
  }
  bootSection.dataset.state = 'ready';
  progress.hidden = true;
  workspace.db = db;
  window.quire = { db, workspace, schema: null };
  for (const id of ['run', 'export', 'reset']) byId<HTMLButtonElement>(id).disabled = false;

  const stopLive = startLivePanel(byId('live'), db);
  const refreshStats = () =>
    db.stats().then(
      (stats) => renderStats(byId('stats'), stats),
      (error: unknown) => (byId('stats').textContent = `Stats unavailable: ${(error as Error).message}`),
    );
  void refreshStats();
  byId('refresh-stats').addEventListener('click', () => void refreshStats());
  workspace.onRun = (record) => {
    if (/^\s*mutation\b/m.test(record.query.replace(/#.*$/gm, ''))) void refreshStats();
    if (tabs.current() === 'plan') void explain();
  };
  tabs.onShow = (name) => {
    if (name === 'plan') void explain();
  };
  const explain = async () => {
    const plan = byId('plan');
    renderPlanMessage(plan, 'Planning…');
    try {
      renderPlan(plan, await db.explain({ query: workspace.query, variables: workspace.variables() }));
    } catch (error) {
      renderPlanMessage(plan, `${errorCode(error) ?? 'ERROR'}: ${(error as Error).message}`, 'error');
    }
  };

  wireTools(db, stopLive);
  const [introspection, sdl, { validatorFor }] = await Promise.all([db.query(INTROSPECTION_QUERY), db.schema(), import('./graphql/validation.ts')]);
  const schema = SchemaModel.fromResult(introspection);
  let validator: Validator | null = null;
  try {
    validator = validatorFor(sdl);
  } catch (error) {
    console.warn('The editor checks syntax only: the generated schema did not build.', error);
  }
  window.quire.schema = schema;
  workspace.setSchema(schema, validator);
  docs.setSchema(schema);
  await workspace.run(); // the example in the editor, so the result pane starts with an answer
  document.documentElement.dataset.ready = 'true';
}

function wireTools(db: Database, stopLive: () => void): void {
  const busy = (message: string) => {
    toolsStatus.textContent = message;
    for (const id of ['run', 'export', 'reset']) byId<HTMLButtonElement>(id).disabled = true;
    stopLive();
  };
  byId('export').addEventListener('click', () => {
    exportBackup(db).then(
      (message) => (toolsStatus.textContent = message),
      (error: unknown) => (toolsStatus.textContent = `Export failed: ${(error as Error).message}`),
    );
  });
  byId('reset').addEventListener('click', () => {
    if (!confirm('Delete the database from this browser and load SWAPI again?')) return;
    void resetDatabase(db, () => busy('Deleting the database…'));
  });
  const input = byId<HTMLInputElement>('import-file');
  input.addEventListener('change', () => {
    const file = input.files?.[0];
    if (file) void importBackup(db, () => busy(`Importing ${file.name}…`), file);
  });
}

function setUpExamples(): void {
  const select = byId<HTMLSelectElement>('examples');
  for (const example of EXAMPLES) select.append(new Option(example.title, example.id));
  const custom = new Option('Your query', 'custom');
  custom.disabled = true;
  custom.hidden = true;
  select.append(custom);
  workspace.onEdit = (query) => {
    const example = EXAMPLES.find((e) => e.id === select.value);
    if (example && example.query !== query) select.value = 'custom';
  };
  const show = () => {
    const example = EXAMPLES.find((e) => e.id === select.value) ?? EXAMPLES[0]!;
    workspace.showExample(example);
  };
  select.addEventListener('change', () => {
    show();
    void workspace.run();
  });
  show();
}

function setUpTabs(): { current(): string; onShow: (name: string) => void } {
  const names = ['result', 'plan', 'docs'];
  const state = { current: () => active, onShow: (_name: string) => undefined as void };
  let active = 'result';
  const show = (name: string) => {
    active = name;
    for (const other of names) {
      const tab = byId(`tab-${other}`);
      tab.setAttribute('aria-selected', String(other === name));
      tab.tabIndex = other === name ? 0 : -1;
      byId(`${other}-pane`).hidden = other !== name;
    }
    state.onShow(name);
  };
  names.forEach((name, i) => {
    const tab = byId(`tab-${name}`);
    tab.addEventListener('click', () => show(name));
    tab.addEventListener('keydown', (event) => {
      const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
      if (!step) return;
      const next = names[(i + step + names.length) % names.length]!;
      show(next);
      byId(`tab-${next}`).focus();
    });
  });
  return state;
}

function setUpTheme(): void {
  const root = document.documentElement;
  const saved = localStorage.getItem('quire-theme');
  if (saved === 'light' || saved === 'dark') root.dataset.theme = saved;
  byId('theme').addEventListener('click', () => {
    const dark = root.dataset.theme ? root.dataset.theme === 'dark' : matchMedia('(prefers-color-scheme: dark)').matches;
    root.dataset.theme = dark ? 'light' : 'dark';
    localStorage.setItem('quire-theme', root.dataset.theme);
  });
}

function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator) || !import.meta.env.PROD) return;
  navigator.serviceWorker.register(`${import.meta.env.BASE_URL}sw.js`).catch((error: unknown) => console.warn('Service worker not registered:', error));
  void navigator.serviceWorker.ready.then(() => {
    document.documentElement.dataset.offlineReady = 'true';
    byId('offline-badge').hidden = false;
  });
}
