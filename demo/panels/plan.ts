// The plan view: the engine's `explain` tree of the current query, one node per operation, with its
// details (index used, estimated and actual rows, …) as labelled figures. Renders what it is given;
// never asks the database itself.

import { h } from '../app/dom.ts';
import { formatFigure, humanize } from '../app/format.ts';
import type { ExplainNode } from '../app/quire.ts';

/** Details worth a highlight: the access path and the row counts. */
const KEY_DETAILS = /index|estimate|actual|rows/i;

export function renderPlan(root: HTMLElement, plan: ExplainNode): void {
  root.replaceChildren(h('ul', { class: 'plan-tree', role: 'tree', 'aria-label': 'Query plan' }, renderNode(plan)));
}

export function renderPlanMessage(root: HTMLElement, message: string, state: 'idle' | 'error' = 'idle'): void {
  root.replaceChildren(h('p', { class: state === 'error' ? 'error-text' : 'muted' }, message));
}

function renderNode(node: ExplainNode): HTMLLIElement {
  const details = Object.entries(node).filter(([key, value]) => key !== 'operation' && key !== 'children' && value !== null && value !== undefined);
  const children = Array.isArray(node.children) ? node.children : [];
  return h(
    'li',
    { role: 'treeitem', 'aria-expanded': children.length ? 'true' : null },
    h(
      'div',
      { class: 'plan-node' },
      h('span', { class: 'plan-op' }, String(node.operation)),
      ...details.map(([key, value]) => h('span', { class: `plan-detail${KEY_DETAILS.test(key) ? ' key' : ''}` }, h('span', { class: 'plan-key' }, humanize(key)), ' ', formatDetail(key, value))),
    ),
    children.length ? h('ul', { role: 'group' }, ...children.map(renderNode)) : null,
  );
}

function formatDetail(key: string, value: unknown): string {
  if (typeof value === 'number') return formatFigure(key, value);
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '—';
  return JSON.stringify(value);
}
