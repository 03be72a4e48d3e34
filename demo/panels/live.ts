// The live query panel: the most expensive starships, kept current by `db.subscribe` — it redraws
// on every commit that changes the answer, whichever tab made it. Only subscribes; never writes.

import { h } from '../app/dom.ts';
import { formatCount } from '../app/format.ts';
import type { Database } from '../app/quire.ts';
import { LIVE_QUERY } from '../app/examples.ts';

interface Ship {
  id: string;
  name: string;
  costInCredits: number | null;
}

/** Subscribes and renders into `root`; returns the unsubscribe. */
export function startLivePanel(root: HTMLElement, db: Database): () => void {
  const list = h('ol', { class: 'live-list', id: 'live-list', 'aria-live': 'polite' });
  const meta = h('p', { class: 'live-meta muted', id: 'live-meta' }, 'Subscribing…');
  root.replaceChildren(list, meta);
  let updates = 0;
  return db.subscribe({ query: LIVE_QUERY }, (result) => {
    updates++;
    root.dataset.updates = String(updates);
    if (result.errors?.length) {
      list.replaceChildren(h('li', { class: 'error-text' }, `${result.errors[0]!.extensions?.code ?? 'ERROR'}: ${result.errors[0]!.message}`));
      return;
    }
    const ships = (result.data?.starships ?? []) as Ship[];
    const top = ships[0]?.costInCredits ?? 1;
    list.replaceChildren(
      ...ships.map((ship) =>
        h(
          'li',
          { 'data-id': ship.id },
          h('span', { class: 'live-name' }, ship.name),
          h('span', { class: 'live-cost' }, ship.costInCredits === null ? '—' : `${formatCount(ship.costInCredits)} cr`),
          h('span', { class: 'live-bar', style: `--share: ${Math.max(0.02, (ship.costInCredits ?? 0) / (top || 1))}`, 'aria-hidden': 'true' }),
        ),
      ),
    );
    meta.textContent = `${updates === 1 ? 'First answer' : `Update ${updates - 1}`} at ${new Date().toLocaleTimeString()}`;
  });
}
