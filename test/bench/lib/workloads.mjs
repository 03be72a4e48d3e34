// The workloads (W1–W7) and the raw OPFS limit, driven through the bench page: each system in
// a fresh worker on fresh storage, the same seeded parameters for all, answers asserted equal.
// It measures and collects; it never formats a report and never invents a missing number.
import { peakMemory, startMemoryWatch } from './memory.mjs';
import { DATA_PREFIX } from './server.mjs';
import { ints, picks, summarize } from './stats.mjs';

const firstLine = (error) => String(error?.message ?? error).split('\n')[0];

/** The reference system comes first: every other system's answers must equal its answers. */
export const PEERS = ['graphql-js', 'sqlite', 'dexie'];
/** Systems without storage: no durable update, no reopen. */
const IN_MEMORY = new Set(['graphql-js']);
const CHECKED = ['get', 'range', 'nested', 'aggregate'];
const TIMED = ['get', 'range', 'nested', 'aggregate'];

/** `list` without repeats, in first-seen order, and without anything in `exclude`. */
const distinct = (list, exclude = new Set()) => [...new Set(list)].filter((x) => !exclude.has(x));

/**
 * The seeded parameters of one size; identical for every system. No parameter repeats within
 * a workload, and the answer check uses parameters the timed run never sees: Quire caches the
 * results of repeated identical reads, so a repeat would time its cache, which no peer has.
 */
export function paramsFor(dataset, plan) {
  const get = distinct(ints(1, plan.get, 1, dataset.people));
  const getX = distinct(ints(2, plan.getX, 1, dataset.people), new Set(get));
  const reserve = (list) => ({ timed: list.slice(0, Math.max(1, list.length - plan.check)), checked: list.slice(-plan.check) });
  return {
    get: reserve(get),
    getX,
    range: reserve(distinct(picks(3, plan.range, dataset.heightSample))),
    nested: reserve(distinct(ints(4, plan.nested, 1, Math.max(1, dataset.planets - 19)))),
    aggregate: reserve(distinct(ints(5, plan.aggregate, 1, dataset.planets))),
    update: ints(6, plan.update, 1, dataset.people),
  };
}

/** Compares a system's answers (possibly a prefix) with the reference's; a message when they differ. */
function difference(reference, text) {
  const expected = JSON.parse(reference);
  const got = JSON.parse(text);
  if (got.length === 0 || got.length > expected.length) return `${got.length} answers for ${expected.length} parameters`;
  for (let i = 0; i < got.length; i++) {
    const l = JSON.stringify(expected[i]);
    const r = JSON.stringify(got[i]);
    if (l !== r) return `answer #${i}:\n    expected ${l.slice(0, 400)}\n    got      ${r.slice(0, 400)}`;
  }
  return null;
}

/** Runs every workload of one system at one size; throws when its answers differ from `reference`. */
async function runSystem(b, name, dataUrl, params, plan, reference, log) {
  const result = { system: name };
  await b.fresh();
  await b.call('start', name, true);
  const watch = startMemoryWatch(b.profile);
  const loaded = await b.call('load', dataUrl);
  result.load = { ...loaded, rowsPerS: loaded.rows / (loaded.ms / 1000) };
  log(`    load ${loaded.rows} rows in ${loaded.ms.toFixed(0)} ms`);

  result.checked = {};
  for (const w of CHECKED) {
    const text = await b.call('answers', w, params[w].checked, reference[w] ? plan.budgetMs : Infinity);
    if (!reference[w]) reference[w] = { system: name, text };
    else {
      const diff = difference(reference[w].text, text);
      if (diff) throw Object.assign(new Error(`${name} answers ${w} differently from ${reference[w].system}: ${diff}`), { mismatch: true });
    }
    result.checked[w] = JSON.parse(text).length;
  }
  for (const w of TIMED) {
    result[w] = summarize((await b.call('time', w, params[w].timed, plan.batches, plan.budgetMs)).samples);
    log(`    ${w} median ${result[w].median.toFixed(1)} µs`);
  }
  result.getX = summarize((await b.call('crossBoundary', params.getX, plan.batches, plan.budgetMs)).samples);
  log(`    get across the boundary median ${result.getX.median.toFixed(1)} µs`);
  result.update = summarize((await b.call('time', 'update', params.update, plan.batches, plan.budgetMs)).samples);
  log(`    durable update median ${result.update.median.toFixed(1)} µs`);
  result.durable = !IN_MEMORY.has(name);
  if (result.durable) {
    const reopen = [];
    for (let i = 0; i < plan.reopen; i++) reopen.push(await b.call('reopen', params.getX[i])); // a new worker: every cache starts empty
    result.reopen = summarize(reopen);
  }
  result.memory = peakMemory(watch);
  await b.call('stop');
  return result;
}

/** All systems at one dataset size. `quire` joins only when its client API exists. */
export async function runSize(b, dataset, plan, quire, log, only) {
  const params = paramsFor(dataset, plan);
  const dataUrl = `${DATA_PREFIX}${dataset.name}`;
  const reference = {};
  const systems = {};
  for (const name of quire ? [PEERS[0], 'quire', ...PEERS.slice(1)] : PEERS) {
    if (only && !only.split(',').includes(name)) continue;
    log(`  ${name} @ ${dataset.people} people`);
    try {
      systems[name] = await runSystem(b, name, dataUrl, params, plan, reference, log);
    } catch (error) {
      if (error.mismatch) throw error; // different answers stop the run: never compare different work
      systems[name] = { system: name, error: firstLine(error) }; // a crashed system is reported, the others still run
      log(`    FAILED: ${systems[name].error}`);
    }
  }
  return { dataset, systems };
}

/** The raw OPFS limit in a worker, and the bare Comlink ping from the main thread. */
export async function runRawLimit(b, plan) {
  await b.fresh();
  await b.call('raw.start');
  try {
    const seq = await b.call('raw.sequentialWrite', plan.rawPages, plan.batches);
    const read = await b.call('raw.randomRead', plan.rawReads, plan.batches);
    const flush = await b.call('raw.writeFlush', plan.rawFlushes);
    const ping = await b.call('raw.ping', plan.pings, plan.batches);
    return {
      pages: plan.rawPages,
      sequentialWriteUs: summarize(seq.writeUs.samples), sequentialMBps: seq.mbPerS, finalFlushMs: seq.flushMs,
      randomReadUs: summarize(read.samples),
      writeFlushUs: summarize(flush.samples),
      pingUs: summarize(ping.samples),
    };
  } finally {
    await b.call('raw.stop');
  }
}

/** Issue 4's key-value work on OPFS: Quire's storage engine and SQLite, same counts. */
export async function runKv(b, plan) {
  const args = [plan.storageRecords, plan.storageReads, plan.storageCommits];
  await b.fresh();
  const attempt = async (fn, ...a) => {
    try {
      return await b.call(fn, ...a);
    } catch (error) {
      await b.fresh();
      return { error: firstLine(error) };
    }
  };
  const quire = await attempt('kv', 'quire', ...args);
  const sqlite = await attempt('kv', 'sqlite', ...args);
  const crash = await attempt('crashReopen');
  return { records: plan.storageRecords, reads: plan.storageReads, commits: plan.storageCommits, quire, sqlite, crash };
}

/** Issue 7: a cached get through Quire's public client beside a bare Comlink ping, in alternating batches of the same page. */
export async function runClient(b, dataset, plan) {
  await b.fresh();
  // Four times the plan's batches: more, shorter pairs keep the medians steady on a shared machine.
  const timing = await b.call('clientGet', `${DATA_PREFIX}${dataset.name}`, paramsFor(dataset, plan).getX, plan.batches * 4, plan.budgetMs);
  if (typeof timing === 'string') return { missing: timing };
  const pairs = timing.samples.length;
  return {
    people: dataset.people,
    getUs: summarize(timing.samples),
    pingUs: summarize(timing.pingSamples.slice(0, pairs)),
    // Each get batch over the ping batch timed next to it: machine noise mostly cancels.
    pairedRatio: summarize(timing.samples.map((us, i) => us / timing.pingSamples[i])),
  };
}
