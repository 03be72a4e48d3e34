// The browser runtime in real Chromium: `openDatabase` starts the engine in a dedicated worker on
// real OPFS. Data survives close and reopen; several handles share one database (owner + followers
// over Web Locks and a BroadcastChannel) with live queries everywhere and takeover when the owner
// goes; export/import round-trips; a killed worker is restarted without losing a commit.
import { afterAll, describe, expect, it } from 'vitest';
import { wrap } from 'comlink';
import fc from 'fast-check';
import type { QuotaWorker } from '../workers/quota.api.ts';
import sdl from '../../public/swapi/schema.graphql?raw';
import dataText from '../../public/swapi/data.json?raw';
import { deleteDatabase, importDatabase, listDatabases, openDatabase, QuireError, timingOf, type BrowserDatabase } from '../../src/client/index.ts';
import { startupLimit, WORKER } from '../../src/client/database.ts';
import type { ExecutionResult, TypedDocumentNode } from '../../src/db/api.ts';
import { parse } from '../../src/graphql/parser.ts';

const data = JSON.parse(dataText) as Record<string, Record<string, unknown>[]>;
const run = crypto.randomUUID().slice(0, 8);
const names: string[] = [];
const open: BrowserDatabase[] = [];

function dbName(label: string): string {
  const name = `test-${label}-${run}`;
  names.push(name);
  return name;
}

async function openDb(name: string, schema = sdl): Promise<BrowserDatabase> {
  const db = await openDatabase({ name, schema });
  open.push(db);
  return db;
}

/** Resolves with the first payload that satisfies `predicate`. */
function nextPayload(
  db: BrowserDatabase,
  query: string,
  predicate: (result: ExecutionResult) => boolean,
): { done: Promise<ExecutionResult>; stop: () => void; payloads: ExecutionResult[] } {
  const payloads: ExecutionResult[] = [];
  let stop = (): void => undefined;
  const done = new Promise<ExecutionResult>((resolve) => {
    stop = db.subscribe({ query }, (result) => {
      payloads.push(result);
      if (predicate(result)) resolve(result);
    });
  });
  return { done, stop: () => stop(), payloads };
}

/**
 * While installed, every worker the page starts (`new Worker`) is recorded in `created`; `kill(n)`
 * decides for the n-th (0-based) whether it is terminated as soon as it exists or its script is swapped
 * for one that does not load, or for one that loads and stays silent. `restore()` puts the real constructor back.
 */
function interceptWorkers(kill: (n: number) => 'terminate' | 'no-script' | 'silent' | null): {
  created: Worker[];
  /** Resolves once the n-th worker holds its alive lock (its first post is the alive signal). */
  holdsLock: (n: number) => Promise<void>;
  restore: () => void;
} {
  const Real = globalThis.Worker;
  const created: Worker[] = [];
  const locked: Promise<void>[] = [];
  globalThis.Worker = class extends Real {
    constructor(url: string | URL, options?: WorkerOptions) {
      const fate = kill(created.length);
      const script = fate === 'no-script' ? new URL('./no-such-worker.ts', import.meta.url) : fate === 'silent' ? silentScript() : url;
      super(script, options);
      created.push(this);
      locked.push(new Promise((resolve) => this.addEventListener('message', () => resolve(), { once: true })));
      if (fate === 'terminate') queueMicrotask(() => this.terminate());
    }
  };
  const holdsLock = async (n: number): Promise<void> => {
    await expect.poll(() => locked.length > n, { interval: 1, timeout: 30_000 }).toBe(true);
    await locked[n];
  };
  return { created, holdsLock, restore: () => void (globalThis.Worker = Real) };
}

/** A worker script that loads and then does nothing, ever: no alive signal, no error. */
const silentScript = (): string => URL.createObjectURL(new Blob(['// silent'], { type: 'text/javascript' }));

/**
 * Opens `name` (schema TICKS) and measures how long this machine's open takes from the worker's alive
 * signal (it holds its lock) to open's reply: the window a silent death must be caught in.
 */
async function openTimingLockWindow(name: string): Promise<{ db: BrowserDatabase; windowMs: number }> {
  const { created, restore } = interceptWorkers(() => null);
  let signalled = 0;
  const opening = openDatabase({ name, schema: TICKS });
  created[0]!.addEventListener('message', () => (signalled = performance.now()), { once: true });
  const db = await opening.finally(restore);
  return { db, windowMs: Math.ceil(performance.now() - signalled) };
}

/**
 * Kills `worker` as the browser would (not through the page's terminate(), no error event) once it
 * holds its alive lock: at its alive signal itself (`delay` -1, in the signal's event) or `delay` ms after.
 */
async function killSilentlyOnceLocked(worker: Worker, holdsLock: () => Promise<void>, delay: number): Promise<void> {
  let killed = false;
  const kill = (): void => {
    if (!killed) Worker.prototype.terminate.call(worker);
    killed = true;
  };
  if (delay < 0) worker.addEventListener('message', kill, { once: true });
  await holdsLock();
  if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
  kill(); // at once if the signal came before the listener
}

const ticks = async (db: BrowserDatabase): Promise<number[]> => {
  const { data: d, errors } = await db.query<{ ticks: { n: number }[] }>('{ ticks(orderBy: [{ n: ASC }]) { n } }');
  expect(errors).toBeUndefined();
  return d!.ticks.map((t) => t.n);
};

const TICKS = 'type Tick { id: ID! n: Int! @index }';

const count = async (db: BrowserDatabase, plural = 'people'): Promise<number> => {
  const { data: d, errors } = await db.query<Record<string, { count: number }>>(`{ ${plural}Aggregate { count } }`);
  expect(errors).toBeUndefined();
  return d![`${plural}Aggregate`]!.count;
};

afterAll(async () => {
  for (const db of open) await db.close().catch(() => undefined);
  for (const name of names) await deleteDatabase(name).catch(() => undefined);
});

describe('openDatabase in a page', () => {
  it('loads SWAPI, answers queries, and finds its data again after close and reopen', async () => {
    const name = dbName('reopen');
    const db = await openDb(name);
    expect(await db.role()).toBe('owner');
    const progress: number[] = [];
    const summary = await db.load(data, { onProgress: (p) => progress.push(p.done) });
    expect(summary.rows.Person).toBe(data.Person!.length);
    expect(progress.length).toBeGreaterThan(0);
    const { data: result } = await db.query<{ person: { name: string; homeworld: { name: string } } }>(
      `query($id: ID!) { person(id: $id) { name homeworld { name } } }`,
      { id: '1' },
    );
    expect(result!.person).toEqual({ name: 'Luke Skywalker', homeworld: { name: 'Tatooine' } });
    const created = await db.query(`mutation { createPerson(data: { name: "Rey" }) { id } }`);
    expect(created.errors).toBeUndefined();
    await db.close();
    await expect(db.query('{ __typename }')).rejects.toMatchObject({ extensions: { code: 'DATABASE_CLOSED' } });

    const again = await openDb(name);
    expect(await count(again)).toBe(data.Person!.length + 1);
    expect(await listDatabases()).toContain(name);
    const stats = await again.stats();
    expect(stats.tables).toContainEqual({ name: 'Person', rows: data.Person!.length + 1 });
    expect(stats.storage).toMatchObject({ persisted: expect.any(Boolean) });
  });

  it('takes parsed and typed documents, explains plans, prints its schema, and stops live queries cleanly', async () => {
    const name = dbName('api');
    const db = await openDatabase({ name, schema: sdl, persist: true });
    open.push(db);
    await db.load(data);
    const byName = parse('query($n: String!) { people(where: { name: { eq: $n } }) { id name } }') as TypedDocumentNode<
      { people: { id: string; name: string }[] },
      { n: string }
    >;
    const typed = await db.query(byName, { n: 'Leia Organa' });
    expect(typed.data!.people).toEqual([{ id: '5', name: 'Leia Organa' }]);
    const named = await db.execute({
      query: parse('query A { filmsAggregate { count } } query B { speciesAggregate { count } }'),
      operationName: 'B',
    });
    expect(named.data).toEqual({ speciesAggregate: { count: data.Species!.length } });

    const plan = await db.explain({ query: '{ people(where: { name: { eq: "Leia Organa" } }) { name } }' });
    expect(JSON.stringify(plan)).toContain('idx_name');
    const printed = await db.schema();
    expect(printed).toContain('type Query');
    expect(printed).toContain('peopleConnection(');

    const payloads: number[] = [];
    const stop = db.subscribe<{ filmsAggregate: { count: number } }>({ query: '{ filmsAggregate { count } }' }, (r) => payloads.push(r.data!.filmsAggregate.count));
    await expect.poll(() => payloads).toEqual([data.Film!.length]);
    await db.query('mutation { createFilm(data: { title: "Rogue One", episodeId: 100 }) { id } }');
    await expect.poll(() => payloads).toEqual([data.Film!.length, data.Film!.length + 1]);
    stop();
    stop(); // harmless twice
    await db.query('mutation { createFilm(data: { title: "Solo", episodeId: 101 }) { id } }');
    await db.query('{ filmsAggregate { count } }');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(payloads).toEqual([data.Film!.length, data.Film!.length + 1]);

    await expect(deleteDatabase(name)).rejects.toMatchObject({ extensions: { code: 'DATABASE_UNAVAILABLE' } });
    await db.close();
    await deleteDatabase(name);
    expect(await listDatabases()).not.toContain(name);
  });

  it('rejects a bad schema with SCHEMA_ERROR and its location', async () => {
    const error = await openDatabase({ name: dbName('bad'), schema: 'type Query { a: Int }' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QuireError);
    expect((error as QuireError).extensions.code).toBe('SCHEMA_ERROR');
    expect((error as QuireError).locations?.[0]).toMatchObject({ line: 1 });
  });

  it('shares one database between handles: followers forward, live queries fire everywhere, a follower takes over', async () => {
    const name = dbName('tabs');
    const owner = await openDb(name);
    await owner.load(data);
    const follower = await openDb(name);
    const third = await openDb(name);
    expect(await follower.role()).toBe('follower');
    expect(await third.role()).toBe('follower');

    // Writes from a follower land in the owner's files; live queries in every handle see them.
    const base = data.Person!.length;
    const seenByOwner = nextPayload(owner, '{ peopleAggregate { count } }', (r) => (r.data as any)?.peopleAggregate.count === base + 1);
    const seenByThird = nextPayload(third, '{ peopleAggregate { count } }', (r) => (r.data as any)?.peopleAggregate.count === base + 1);
    const write = await follower.query(`mutation { createPerson(data: { name: "Finn" }) { name } }`);
    expect(write).toEqual({ data: { createPerson: { name: 'Finn' } } });
    await seenByOwner.done;
    await seenByThird.done;
    // Never two equal payloads in a row.
    for (const p of [seenByOwner.payloads, seenByThird.payloads]) {
      for (let i = 1; i < p.length; i++) expect(JSON.stringify(p[i])).not.toBe(JSON.stringify(p[i - 1]));
    }

    // The owner goes: one follower takes over from the files, nothing committed is lost, and the
    // other follower's live query keeps running against the new owner.
    const afterTakeover = nextPayload(third, '{ peopleAggregate { count } }', (r) => (r.data as any)?.peopleAggregate.count === base + 2);
    seenByOwner.stop();
    await owner.close();
    expect(await count(follower)).toBe(base + 1);
    const roles = [await follower.role(), await third.role()].sort();
    expect(roles).toEqual(['follower', 'owner']);
    await third.query(`mutation { createPerson(data: { name: "Poe" }) { name } }`);
    await afterTakeover.done;
    expect(await count(follower)).toBe(base + 2);
    afterTakeover.stop();
    seenByThird.stop();
  });

  it('answers concurrent executes each with its own result, from the owner and a follower alike, and times them in the worker', async () => {
    const name = dbName('concurrent');
    const owner = await openDb(name);
    await owner.load(data);
    const follower = await openDb(name);
    const people = data.Person!.length;
    const request = fc.oneof(
      fc.integer({ min: 0, max: people + 5 }).map((id) => ({ query: 'query($id: ID!) { person(id: $id) { name homeworld { name } } }', variables: { id: String(id) } })),
      fc.integer({ min: 0, max: people }).map((n) => ({ query: 'query($n: Int) { people(first: $n) { id } }', variables: { n } })),
      fc.constantFrom(
        { query: '{ person(id: "1") { nope } }', variables: null }, // a validation error
        { query: '{ person(id: ', variables: null }, // a syntax error
        { query: 'query($id: ID!) { person(id: $id) { name } }', variables: { id: { not: 'an id' } } }, // a bad variable
        { query: 'query A { filmsAggregate { count } } query B { speciesAggregate { count } }', variables: null, operationName: 'B' },
        { query: parse('query($id: ID!) { person(id: $id) { name } }'), variables: { id: '2' } },
      ),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(request, { minLength: 1, maxLength: 40 }), async (requests) => {
        // The model: the same requests one at a time on the owner.
        const expected: ExecutionResult[] = [];
        for (const r of requests) expected.push(await owner.execute(r));
        for (const db of [owner, follower]) {
          const results = await Promise.all(requests.map((r) => db.execute(r)));
          expect(results).toEqual(expected);
          for (const result of results) {
            const workerMs = timingOf(result)?.workerMs;
            expect(Number.isFinite(workerMs) && workerMs! >= 0).toBe(true);
          }
        }
      }),
      { numRuns: 8 },
    );
  });

  it('settles every execute and call in flight when the database closes: answered or DATABASE_CLOSED, never left hanging', async () => {
    const db = await openDb(dbName('close-in-flight'));
    await db.load(data);
    const inFlight = Array.from({ length: 30 }, (_, i) => db.query(`query($id: ID!) { person(id: $id) { name } }`, { id: String(i + 1) }));
    const others = [db.stats(), db.schema(), db.explain({ query: '{ films { title } }' }), db.load({ Species: [{ id: 'new', name: 'New' }] })];
    await db.close();
    for (const outcome of await Promise.allSettled(others)) {
      if (outcome.status === 'rejected') expect(outcome.reason).toMatchObject({ extensions: { code: 'DATABASE_CLOSED' } });
    }
    const settled = await Promise.allSettled(inFlight);
    for (const [i, outcome] of settled.entries()) {
      const person = data.Person!.find((p) => p['id'] === String(i + 1));
      if (outcome.status === 'fulfilled') expect(outcome.value.data).toEqual({ person: person ? { name: person['name'] } : null });
      else expect(outcome.reason).toMatchObject({ extensions: { code: 'DATABASE_CLOSED' } });
    }
  });

  it('exports a consistent snapshot and imports it under a new name', async () => {
    const db = await openDb(dbName('export'));
    await db.load(data);
    await db.query(`mutation { updatePerson(id: "1", data: { name: "Luke S." }) { name } }`);
    const backup = await db.export();
    expect(backup.size).toBeGreaterThan(4096);
    const copyName = dbName('import');
    await importDatabase(copyName, backup);
    const copy = await openDb(copyName);
    const query = `{ people(orderBy: [{ name: ASC }]) { id name homeworld { name } films { title } } }`;
    expect(await copy.query(query)).toEqual(await db.query(query));
    await expect(importDatabase(copyName, backup)).rejects.toMatchObject({ extensions: { code: 'DATABASE_UNAVAILABLE' } });
    await expect(importDatabase(dbName('junk'), new Blob(['not a database']))).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('restarts a worker that died: pending calls fail clearly, every acknowledged commit survives', async () => {
    const db = await openDb(dbName('crash'), 'type Tick { id: ID! n: Int! @index }');
    const acknowledged = new Set<number>();
    const refused: string[] = [];
    const first = await db[WORKER]();
    const writes: Promise<void>[] = [];
    for (let n = 1; n <= 60; n++) {
      writes.push(
        db.query(`mutation($n: Int!) { createTick(data: { n: $n }) { n } }`, { n }).then(
          (r) => {
            expect(r.errors).toBeUndefined();
            acknowledged.add(n);
          },
          (error: QuireError) => void refused.push(error.extensions.code),
        ),
      );
      if (n === 30) {
        await writes[9]; // some commits are acknowledged, others are in flight
        first.terminate();
      }
    }
    await Promise.all(writes);
    // Calls in flight when the worker died were refused with a clear code, not left hanging.
    expect(refused.length).toBeGreaterThan(0);
    expect(new Set(refused)).toEqual(new Set(['DATABASE_UNAVAILABLE']));
    expect(await db[WORKER]()).not.toBe(first);
    // The restarted worker recovered from the WAL: every acknowledged write is there.
    const { data: d } = await db.query<{ ticks: { n: number }[] }>(`{ ticks(orderBy: [{ n: ASC }]) { n } }`);
    const present = new Set(d!.ticks.map((t) => t.n));
    for (const n of acknowledged) expect(present.has(n)).toBe(true);
    expect(acknowledged.size).toBeGreaterThan(0);
    expect(await db.query(`mutation { createTick(data: { n: 100 }) { n } }`)).toEqual({ data: { createTick: { n: 100 } } });
  });

  it('settles every kind of call in flight when its worker dies (answered or DATABASE_UNAVAILABLE) and answers them all again after the restart', async () => {
    const db = await openDb(dbName('crash-calls'));
    await db.load(data);
    const planets = data.Planet!.length;
    let species = 0; // every load brings new keys, so a load that committed before its worker died is no duplicate later
    const newSpecies = () => Array.from({ length: 200 }, () => ({ id: `s${++species}`, name: `Species ${species}` }));
    const call = fc.constantFrom<(db: BrowserDatabase) => Promise<unknown>>(
      (d) => d.query('{ planetsAggregate { count } }').then((r) => expect(r).toEqual({ data: { planetsAggregate: { count: planets } } })),
      (d) => d.stats().then((s) => expect(s.storage).toBeDefined()),
      (d) => d.explain({ query: '{ films { title } }' }).then((plan) => expect(plan).toBeTypeOf('object')),
      (d) => d.schema().then((text) => expect(text).toContain('type Film')),
      (d) => d.load({ Species: newSpecies() }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(call, { minLength: 1, maxLength: 12 }), fc.nat({ max: 3 }), async (calls, settleFirst) => {
        const worker = await db[WORKER]();
        const inFlight = calls.map((c) => c(db));
        for (const c of inFlight.slice(0, settleFirst)) await c.catch(() => undefined);
        worker.terminate();
        for (const outcome of await Promise.allSettled(inFlight)) {
          if (outcome.status === 'rejected') expect(outcome.reason).toMatchObject({ extensions: { code: 'DATABASE_UNAVAILABLE' } });
        }
        await expect.poll(async () => (await db[WORKER]()) !== worker).toBe(true); // the page learned of the death
        for (const c of calls) await c(db); // the restarted worker answers every kind of call
      }),
      { numRuns: 4 },
    );
  });

  it('fails an open whose worker dies (its script fails to load, or it is terminated at once) with DATABASE_UNAVAILABLE instead of hanging', async () => {
    const name = dbName('dies-opening');
    for (const fate of ['no-script', 'terminate'] as const) {
      const { created, restore } = interceptWorkers(() => fate);
      try {
        await expect(openDatabase({ name, schema: TICKS })).rejects.toMatchObject({ extensions: { code: 'DATABASE_UNAVAILABLE' } });
        expect(created.length).toBe(1); // one attempt, failed clearly: no restart loop behind the caller's back
      } finally {
        restore();
      }
    }
    // Nothing of the dead workers holds the database: the next open owns it.
    const db = await openDb(name, TICKS);
    expect(await db.role()).toBe('owner');
  });

  it('settles an open whose worker is terminated at any moment of opening: DATABASE_UNAVAILABLE, or open and working after a restart', async () => {
    const name = dbName('dies-opening-late');
    // The moments to strike span one whole open on this machine, and a little after it.
    const started = performance.now();
    await (await openDatabase({ name, schema: TICKS })).close();
    const openMs = Math.ceil(performance.now() - started);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: Math.ceil(openMs * 1.3) }), async (delay) => {
        const { created, restore } = interceptWorkers(() => null);
        let db: BrowserDatabase | null = null;
        try {
          const opening = openDatabase({ name, schema: TICKS });
          await new Promise((resolve) => setTimeout(resolve, delay));
          created[0]!.terminate();
          db = await opening.catch((error: QuireError) => {
            expect(error.extensions.code).toBe('DATABASE_UNAVAILABLE');
            return null;
          });
        } finally {
          restore();
        }
        if (db) {
          // It opened before it died: the page learns of the death, and the restarted worker answers.
          const opened = db;
          await expect.poll(async () => (await opened[WORKER]()) !== created[0], { timeout: 20_000 }).toBe(true);
          expect(await ticks(opened)).toEqual([]);
          await opened.close();
        }
      }),
      { numRuns: 6 },
    );
  });

  it('settles an open whose worker dies silently (no error event, not through the client) at any moment after it holds its alive lock: DATABASE_UNAVAILABLE or open, never hanging, nothing committed lost', async () => {
    const name = dbName('dies-silently-opening');
    const { db: first, windowMs } = await openTimingLockWindow(name);
    const committed: number[] = [];
    for (let n = 1; n <= 3; n++) {
      await first.query('mutation($n: Int!) { createTick(data: { n: $n }) { n } }', { n });
      committed.push(n);
    }
    await first.close();
    await fc.assert(
      // -1: at the signal itself (in its event); else that many ms after it, up to twice the window.
      fc.asyncProperty(fc.integer({ min: -1, max: 2 * windowMs }), async (delay) => {
        const { created, holdsLock, restore } = interceptWorkers(() => null);
        let db: BrowserDatabase | null = null;
        let outcome: string;
        try {
          const opening = openDatabase({ name, schema: TICKS });
          // Only once the worker holds its alive lock (before that, a silent death is the startup limit's).
          await killSilentlyOnceLocked(created[0]!, () => holdsLock(0), delay);
          db = await opening.catch((error: QuireError) => {
            expect(error.extensions.code).toBe('DATABASE_UNAVAILABLE');
            return null;
          });
          outcome = db ? 'opened' : 'DATABASE_UNAVAILABLE';
        } finally {
          restore();
        }
        expect(['opened', 'DATABASE_UNAVAILABLE']).toContain(outcome);
        if (db) {
          // It opened before it died: the page saw the death and the restarted worker answers and commits.
          const opened = db;
          await expect.poll(async () => (await opened[WORKER]()) !== created[0], { timeout: 20_000 }).toBe(true);
          const n = committed.length + 1;
          await opened.query('mutation($n: Int!) { createTick(data: { n: $n }) { n } }', { n });
          committed.push(n);
          await opened.close();
        }
        // A later open works and has every committed row.
        const later = await openDatabase({ name, schema: TICKS });
        try {
          expect(await ticks(later)).toEqual(committed);
        } finally {
          await later.close();
        }
      }),
      { numRuns: 5, examples: [[-1]] },
    );
  });

  it('an automatic reopen whose worker dies silently at any moment after it holds its alive lock fails its calls clearly; the next call reopens with every row', async () => {
    const name = dbName('dies-silently-reopening');
    const { db, windowMs } = await openTimingLockWindow(name);
    open.push(db);
    const committed: number[] = [];
    await fc.assert(
      // -1: at the signal itself (in its event); else that many ms after it, up to twice the window.
      fc.asyncProperty(fc.integer({ min: -1, max: 2 * windowMs }), async (delay) => {
        const n = committed.length + 1;
        await db.query('mutation($n: Int!) { createTick(data: { n: $n }) { n } }', { n });
        committed.push(n);
        const { created, holdsLock, restore } = interceptWorkers(() => null);
        try {
          // Killed through the WORKER hook, bypassing the client: the page sees it only through the lock.
          Worker.prototype.terminate.call(await db[WORKER]());
          // The page started a worker to reopen; it dies silently at some moment after it holds its lock.
          await expect.poll(() => created.length, { interval: 1, timeout: 20_000 }).toBe(1);
          const waiting = db.query('{ ticksAggregate { count } }'); // waits for the reopen
          await killSilentlyOnceLocked(created[0]!, () => holdsLock(0), delay);
          const settled = await waiting.then(
            () => 'answered',
            (error: QuireError) => error.extensions.code,
          );
          expect(['answered', 'DATABASE_UNAVAILABLE']).toContain(settled);
          // Never left waiting on the dead one: a fresh worker reopens, with every committed row.
          await expect.poll(async () => (await db[WORKER]()) !== created[0], { timeout: 20_000 }).toBe(true);
          expect(await ticks(db)).toEqual(committed);
        } finally {
          restore();
        }
      }),
      { numRuns: 4, examples: [[-1]] },
    );
  });

  it('fails an open whose worker never starts (no alive signal, no error event) with DATABASE_UNAVAILABLE once the startup limit passes', async () => {
    const name = dbName('never-starts');
    const { created, restore } = interceptWorkers(() => 'silent');
    const limit = startupLimit.ms;
    startupLimit.ms = 300;
    try {
      await expect(openDatabase({ name, schema: TICKS })).rejects.toMatchObject({ extensions: { code: 'DATABASE_UNAVAILABLE' } });
      expect(created.length).toBe(1);
    } finally {
      startupLimit.ms = limit;
      restore();
    }
    const db = await openDb(name, TICKS);
    expect(await db.role()).toBe('owner');
  });

  it('a worker that dies during the automatic reopen fails its calls clearly; the next call starts a fresh worker and live queries resume, nothing lost', async () => {
    const db = await openDb(dbName('dies-reopening'), TICKS);
    for (let n = 1; n <= 5; n++) await db.query('mutation($n: Int!) { createTick(data: { n: $n }) { n } }', { n });
    const live = nextPayload(db, '{ ticksAggregate { count } }', (r) => (r.data as any)?.ticksAggregate.count === 6);
    await expect.poll(() => live.payloads.length).toBe(1);
    const { created, restore } = interceptWorkers((n) => (n === 0 ? 'terminate' : null));
    try {
      const first = await db[WORKER]();
      first.terminate();
      const inFlight = db.query('{ ticksAggregate { count } }');
      await expect(inFlight).rejects.toMatchObject({ extensions: { code: 'DATABASE_UNAVAILABLE' } });
      // The page learned of the death and started a worker to reopen; that one dies while opening.
      await expect.poll(() => created.length, { timeout: 20_000 }).toBe(1);
      // Later calls are never left waiting on it: they start a fresh worker (or fail clearly while that one dies).
      const settled = await db.query('{ ticksAggregate { count } }').then(
        () => 'answered',
        (error: QuireError) => error.extensions.code,
      );
      expect(['answered', 'DATABASE_UNAVAILABLE']).toContain(settled);
      expect(await ticks(db)).toEqual([1, 2, 3, 4, 5]);
      expect(created.length).toBe(2);
      expect(await db[WORKER]()).toBe(created[1]);
      await db.query('mutation { createTick(data: { n: 6 }) { n } }');
      await live.done; // the live query resumed on the fresh worker
      live.stop();
    } finally {
      restore();
    }
  });

  it('close settles when the worker is dead already or dies while closing: close resolves, calls in flight fail DATABASE_UNAVAILABLE, commits survive', async () => {
    const name = dbName('dies-closing');
    const db = await openDatabase({ name, schema: TICKS });
    await db.query('mutation { createTick(data: { n: 1 }) { n } }');
    (await db[WORKER]()).terminate();
    const inFlight = db.query('{ ticks { n } }');
    const call = db.schema();
    await db.close();
    await expect(inFlight).rejects.toMatchObject({ extensions: { code: 'DATABASE_UNAVAILABLE' } });
    await expect(call).rejects.toMatchObject({ extensions: { code: 'DATABASE_UNAVAILABLE' } });
    await expect(db.query('{ ticks { n } }')).rejects.toMatchObject({ extensions: { code: 'DATABASE_CLOSED' } });
    await db.close(); // harmless twice

    // Killed at any moment of its close: close still resolves, and the next open finds every commit.
    let expected = [1];
    for (const delay of [0, 0, 1, 3, 10]) {
      const again = await openDatabase({ name, schema: TICKS });
      expect(await ticks(again)).toEqual(expected);
      const n = expected.length + 1;
      await again.query('mutation($n: Int!) { createTick(data: { n: $n }) { n } }', { n });
      expected = [...expected, n];
      const worker = await again[WORKER]();
      const reading = again.query('{ ticks(orderBy: [{ n: ASC }]) { n } }');
      const closing = again.close();
      if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
      worker.terminate();
      await closing;
      const read = await reading.then(
        (r) => r.data,
        (error: QuireError) => error.extensions.code,
      );
      expect([{ ticks: expected.map((t) => ({ n: t })) }, 'DATABASE_UNAVAILABLE', 'DATABASE_CLOSED']).toContainEqual(read);
    }
    const last = await openDb(name, TICKS);
    expect(await ticks(last)).toEqual(expected);
  });

  it('survives a full disk on real OPFS: the failing commit is QUOTA_EXCEEDED, nothing is lost, writing resumes when space returns', async () => {
    const worker = new Worker(new URL('../workers/quota.worker.ts', import.meta.url), { type: 'module' });
    const db = wrap<QuotaWorker>(worker);
    const dir = dbName('quota');
    await db.open(dir, 'type Note { id: ID! text: String! }');
    const text = 'x'.repeat(3000);
    const write = (i: number) => db.execute(`mutation($t: String!, $id: ID) { createNote(data: { id: $id, text: $t }) { id } }`, { t: text, id: `n${i}` });
    const acknowledged: number[] = [];
    for (let i = 0; i < 3; i++) {
      expect((await write(i)).errors).toBeUndefined();
      acknowledged.push(i);
    }
    await db.setQuota(40 * 1024);
    let failure: ExecutionResult | null = null;
    for (let i = 3; i < 100 && !failure; i++) {
      const result = await write(i);
      if (result.errors) failure = result;
      else acknowledged.push(i);
    }
    expect(failure).not.toBeNull();
    expect(failure!.data ?? null).toBeNull();
    expect(failure!.errors![0]!.extensions!.code).toBe('QUOTA_EXCEEDED');
    // Still usable while full: reads work and show exactly the acknowledged notes; writes keep failing clearly.
    const ids = async () => ((await db.execute('{ notes { id } }')).data!.notes as { id: string }[]).map((n) => n.id);
    const expected = (extra: number[] = []) => [...acknowledged, ...extra].map((i) => `n${i}`).sort();
    expect(await ids()).toEqual(expected());
    expect((await write(500)).errors![0]!.extensions!.code).toBe('QUOTA_EXCEEDED');
    // Space returns: writing resumes, and a reopen from the files finds every acknowledged commit.
    await db.setQuota(null);
    expect((await write(1000)).errors).toBeUndefined();
    await db.reopen();
    expect(await ids()).toEqual(expected([1000]));
    await db.close();
    worker.terminate();
    await (await navigator.storage.getDirectory()).removeEntry(dir, { recursive: true });
  });
});
