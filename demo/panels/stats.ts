// The stats panel: whatever `db.stats()` reports (tables with row counts, indexes with sizes, page
// cache hit rate, WAL and file size, storage estimate and persistence), laid out by its shape —
// records of figures become tables, nested records sections. Never changes the database.

import { h } from '../app/dom.ts';
import { formatFigure, humanize } from '../app/format.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function renderStats(root: HTMLElement, stats: Record<string, unknown>): void {
  const figures: [string, Json][] = [];
  const sections: Node[] = [];
  for (const [key, value] of Object.entries(stats as Record<string, Json>)) {
    if (value !== null && typeof value === 'object') sections.push(section(key, value));
    else figures.push([key, value]);
  }
  root.replaceChildren(...(figures.length ? [figureList(figures)] : []), ...sections);
}

function section(key: string, value: Json[] | { [key: string]: Json }): Node {
  return h('section', { class: 'stats-section', 'data-key': key }, h('h3', {}, humanize(key)), body(key, value));
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
  return h('div', {}, plain.length ? figureList(plain) : null, ...nested.map(([k, v]) => section(k, v)));
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
      h('thead', {}, h('tr', {}, ...columns.map((c) => h('th', { scope: 'col' }, label(c))))),
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
