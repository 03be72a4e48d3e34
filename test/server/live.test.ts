// Live queries over SSE under write bursts: whatever sequence of commits arrives, and however slowly
// the client reads, the stream delivers committed states in commit order (a subsequence: bursts
// may be coalesced), never the same state twice in a row, and always ends on the latest commit.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { post, startServer, swapi, type TestServer } from './helpers.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.stop());

/** Opens a raw SSE live query on person `id`'s height; `heights()` parses what arrived so far. */
async function openLive(id: string): Promise<{ read(untilHeight: number): Promise<number[]>; close(): void }> {
  const controller = new AbortController();
  const response = await fetch(s.url, {
    method: 'POST',
    signal: controller.signal,
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ query: `subscription { person(id: "${id}") { height } }` }),
  });
  expect(response.status).toBe(200);
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const heights = (): number[] =>
    [...text.matchAll(/event: next\ndata: (.*)\n\n/g)].map((m) => (JSON.parse(m[1]!) as { data: { person: { height: number } } }).data.person.height);
  return {
    async read(untilHeight) {
      while (heights().at(-1) !== untilHeight) text += decoder.decode((await reader.read()).value, { stream: true });
      return heights();
    },
    close: () => controller.abort(),
  };
}

/** `seen` (after the initial state) is a subsequence of `committed` in order, ending on its last. */
function checkSubsequence(seen: number[], committed: number[]): void {
  let at = -1;
  for (const h of seen) {
    const next = committed.indexOf(h, at + 1);
    expect(next, `${h} out of order in ${JSON.stringify(committed)}`).toBeGreaterThan(at);
    at = next;
  }
  expect(seen.at(-1)).toBe(committed.at(-1));
  for (let i = 1; i < seen.length; i++) expect(seen[i]).not.toBe(seen[i - 1]);
}

describe('live queries over SSE', () => {
  it('deliver committed states in order and end on the latest, for any burst of writes', async () => {
    const original = swapi.Person!.find((p) => p.id === '3')!.height as number;
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.integer({ min: 1, max: 10_000 }), { minLength: 1, maxLength: 12 }), fc.boolean(), async (heights, concurrent) => {
        const committed = heights.filter((h) => h !== original);
        fc.pre(committed.length > 0);
        const base = (await post(s.url, { query: '{ person(id: "3") { height } }' })).json.data.person.height as number;
        const live = await openLive('3');
        await live.read(base);
        const write = (h: number) => post(s.url, { query: `mutation { updatePerson(id: "3", data: { height: ${h} }) { id } }` });
        if (concurrent) {
          // sent at once, committed in some order: the order is what the server acknowledged last
          const order: number[] = [];
          await Promise.all(committed.map((h) => write(h).then(() => order.push(h))));
          const final = (await post(s.url, { query: '{ person(id: "3") { height } }' })).json.data.person.height as number;
          const seen = (await live.read(final)).slice(1);
          expect(seen.at(-1)).toBe(final);
          for (let i = 1; i < seen.length; i++) expect(seen[i]).not.toBe(seen[i - 1]);
        } else {
          for (const h of committed) await write(h);
          checkSubsequence((await live.read(committed.at(-1)!)).slice(1), committed);
        }
        live.close();
      }),
      { numRuns: 15 },
    );
  });

  it('also run over GET, and send keep-alive comments while idle', async () => {
    const quiet = await startServer({ keepAliveMs: 40 });
    try {
      const query = encodeURIComponent('subscription { film(id: "2") { title } }');
      const controller = new AbortController();
      const response = await fetch(`${quiet.url}?query=${query}`, { headers: { accept: 'text/event-stream' }, signal: controller.signal });
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-cache');
      const reader = response.body!.getReader();
      let text = '';
      while ((text.match(/^:\n\n/gm) ?? []).length < 3) text += new TextDecoder().decode((await reader.read()).value);
      const title = swapi.Film!.find((f) => f.id === '2')!.title;
      expect(text).toContain(`event: next\ndata: {"data":{"film":{"title":${JSON.stringify(title)}}}}\n\n`);
      expect(text).not.toContain('event: complete');
      controller.abort();
      const mutation = await fetch(`${quiet.url}?query=${encodeURIComponent('mutation { deleteFilm(id: "2") { id } }')}`, { headers: { accept: 'text/event-stream' } });
      expect(mutation.status).toBe(405);
    } finally {
      await quiet.stop();
    }
  });

  it('reach a client that reads only after a burst of 60 commits: ordered states ending on the latest', async () => {
    const live = await openLive('4');
    const committed = Array.from({ length: 60 }, (_, i) => 1000 + i);
    for (const h of committed) await post(s.url, { query: `mutation { updatePerson(id: "4", data: { height: ${h} }) { id } }` });
    const seen = await live.read(committed.at(-1)!);
    checkSubsequence(seen.slice(1), committed);
    live.close();
  });
});
