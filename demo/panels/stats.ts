// The stats panel: whatever `db.stats()` reports (tables with row counts, indexes with sizes, page
// cache hit rate, WAL and file size, storage estimate and persistence), laid out by its shape —
// records of figures become tables, nested records sections. Never changes the database.

import { h } from '../app/dom.ts';
import { findFigure, formatBytes, formatFigure, humanize } from '../app/format.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function renderStats(root: HTMLElement, stats: Record<string, unknown>): void {
  const figures: [string, Json][] = [];
  const sections: Node[] = [];
  for (const [key, value] of Object.entries(stats as Record<string, Json>)) {
    if (value !== null && typeof value === 'object') sections.push(section(key, value, OPEN_SECTIONS.has(key)));
    else figures.push([key, value]);
  }
  root.replaceChildren(summary(stats), ...(figures.length ? [figureList(figures)] : []), ...sections);
}

/** Sections shown unfolded; the rest are one click away. */
const OPEN_SECTIONS = new Set(['tables']);

/** The headline figures: size on disk (file + WAL), cache hit rate, storage estimate, persistence. */
function summary(stats: Record<string, unknown>): Node {
  const file = findFigure(stats.file, /^bytes$/);
  const wal = findFigure(stats.wal, /^fileBytes$/) ?? findFigure(stats.wal, /^bytes$/);
  const storage = (stats.storage ?? {}) as { usage?: number | null; quota?: number | null; persisted?: boolean | null };
  const hitRate = findFigure(stats.cache, /^hitRate$/);
  const tiles: [string, string, string][] = [];
  if (file !== null) tiles.push(['on-disk', 'on disk', formatBytes(file + (wal ?? 0))]);
  if (wal !== null) tiles.push(['wal', 'WAL', formatBytes(wal)]);
  tiles.push(['hit-rate', 'cache hit rate', hitRate === null ? '—' : formatFigure('hitRate', hitRate)]);
  if (typeof storage.usage === 'number') {
    tiles.push(['storage', 'origin storage', `${formatBytes(storage.usage)}${typeof storage.quota === 'number' ? ` of ${formatBytes(storage.quota)}` : ''}`]);
  }
  if ('persisted' in storage) tiles.push(['persisted', 'persistent', storage.persisted ? 'yes' : storage.persisted === false ? 'no (best effort)' : '—']);
  return h('div', { class: 'stats-summary' }, ...tiles.map(([key, label, value]) => h('div', { class: 'tile', 'data-key': key }, h('span', { class: 'tile-value' }, value), h('span', { class: 'tile-label' }, label))));
}

function section(key: string, value: Json[] | { [key: string]: Json }, open = false): Node {
  return h('details', { class: 'stats-section', 'data-key': key, open }, h('summary', {}, humanize(key), count(value)), body(key, value));
}

function count(value: Json[] | { [key: string]: Json }): Node | null {
  return Array.isArray(value) ? h('span', { class: 'muted' }, ` (${value.length})`) : null;
}

function body(key: string, value: Json[] | { [key: string]: Json }): Node {
  if (Array.isArray(value)) {
    const rows = value.filter((v): v is { [key: string]: Json } => !!v && typeof v === 'object' && !Array.isArray(v));
    return rows.length === value.length && rows.length ? rowsTable(rows) : h('p', {}, value.map((v) => display(key, v)).join(', '));
  }
  const entries = Object.entries(value);
  // A record of records with figures (`tables: { Person: { rows: 82 } }`) is a table.
  if (entries.length && entries.every(([, v]) => v !== null && typeof v === 'object' && !Array.isArray(v))) {
    return rowsTable(entries.map(([name, v]) => ({ name, ...(v as { [key: string]: Json }) })));
  }
  // A record of plain figures (`tables: { Person: 82 }`) is a two-column table.
  if (entries.length > 3 && entries.every(([, v]) => typeof v === 'number')) {
    return h('table', {}, h('tbody', {}, ...entries.map(([name, v]) => h('tr', {}, h('th', { scope: 'row' }, label(name)), h('td', { class: 'num' }, display(`${key}.${name}`, v))))));
  }
  const plain = entries.filter(([, v]) => v === null || typeof v !== 'object');
  const nested = entries.filter(([, v]) => v !== null && typeof v === 'object') as [string, Json[] | { [key: string]: Json }][];
  return h('div', {}, plain.length ? figureList(plain) : null, ...nested.map(([k, v]) => section(k, v, true)));
}

function figureList(entries: [string, Json][]): Node {
  return h('dl', { class: 'figures' }, ...entries.flatMap(([key, value]) => [h('dt', {}, label(key)), h('dd', { 'data-key': key }, display(key, value))]));
}

function rowsTable(rows: { [key: string]: Json }[]): Node {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  return h(
    'div',
    { class: 'table-scroll' },
    h(
      'table',
      {},
      h('thead', {}, h('tr', {}, ...columns.map((c) => h('th', { scope: 'col', class: rows.every((row) => typeof row[c] !== 'string') ? 'num' : null }, label(c))))),
      h('tbody', {}, ...rows.map((row) => h('tr', {}, ...columns.map((c) => h('td', { class: typeof row[c] === 'number' ? 'num' : null }, display(c, row[c] ?? null)))))),
    ),
  );
}

/** A key as a label: field-like keys read as words; names (`Person`, `i:Person.name`) stay as they are. */
function label(key: string): string {
  return /^[a-z][A-Za-z0-9_]*$/.test(key) ? humanize(key) : key;
}

function display(key: string, value: Json): string {
  if (value === null) return '—';
  if (typeof value === 'number') return formatFigure(key, value);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}
