// Writes BENCHMARKS.md from one run's results: machine, per-workload tables with spread and
// ratios, the scaling table, the raw OPFS limit, downloads, layer benchmarks and a reading
// generated from the measured ratios. The hand-written section between the markers survives
// every run. It formats only; a number that was not measured is printed as "not yet available".
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const HAND_START = '<!-- hand-written:start (kept by npm run bench) -->';
const HAND_END = '<!-- hand-written:end -->';
const NOT_YET = 'not yet available';
const NOT_RUN = 'not measured in this run';

export const LABELS = {
  quire: 'Quire (Database on OPFS)',
  sqlite: 'SQLite WASM 3.54.1, opfs-sahpool VFS',
  dexie: 'Dexie 4.4.7, IndexedDB strict',
  'graphql-js': 'graphql-js 17.1 over arrays (not durable)',
};
const ORDER = ['quire', 'sqlite', 'dexie', 'graphql-js'];

/** The timed workloads: result key, title, display unit (samples are µs; W6 is ms). */
const WORKLOADS = [
  { key: 'get', id: 'W2', title: 'random get by id, inside the worker', unit: 'µs' },
  { key: 'getX', id: 'W2x', title: 'random get by id from the main thread (one Comlink round trip each)', unit: 'µs' },
  { key: 'range', id: 'W3', title: 'people with height in [h, h+5] ordered by height, id; first 50', unit: 'µs' },
  { key: 'nested', id: 'W4', title: '20 planets → residents → films (identical JSON asserted)', unit: 'ms', scale: 1 / 1000 },
  { key: 'aggregate', id: 'W7', title: 'count and average height of one planet\'s residents', unit: 'µs' },
  { key: 'update', id: 'W5', title: 'single-row update, each its own durable commit', unit: 'µs' },
  { key: 'reopen', id: 'W6', title: 'close, new worker, reopen, first get answered', unit: 'ms' },
];

export function fmt(x) {
  if (x === null || x === undefined || Number.isNaN(x)) return '–';
  const a = Math.abs(x);
  if (a >= 100) return Math.round(x).toLocaleString('en-US');
  if (a >= 10) return x.toFixed(1);
  return x.toFixed(2);
}
const ratio = (x) => (x === null || !Number.isFinite(x) ? '–' : `${fmt(x)}×`);
/** A speed-up as words: "2.10× faster" or "16,140× slower". */
const faster = (x) => {
  if (x === null || !Number.isFinite(x) || x <= 0) return '–';
  if (x >= 0.95 && x <= 1 / 0.95) return `on par (${fmt(x)}×)`;
  return x >= 1 ? `${fmt(x)}× faster` : `${fmt(1 / x)}× slower`;
};
const kib = (b) => `${fmt(b / 1024)} KiB`;
const mib = (b) => `${fmt(b / 2 ** 20)} MiB`;
const people = (n) => n.toLocaleString('en-US');

function table(head, rows) {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

/** The systems that completed at this size (a failed one is listed by failures()). */
const systemsOf = (size) => ORDER.filter((s) => size.systems[s] && !size.systems[s].error);
const failures = (size) => ORDER.filter((s) => size.systems[s]?.error).map((s) => `**${LABELS[s]} failed:** ${size.systems[s].error}`);

/** Peer median ÷ Quire median for times (above 1: Quire is faster). */
function speedup(size, key, system) {
  const q = size.systems.quire?.[key]?.median;
  const p = size.systems[system]?.[key]?.median;
  return q && p ? p / q : null;
}

function workloadTable(size, w) {
  const s = w.scale ?? 1;
  const rows = systemsOf(size).map((name) => {
    const r = size.systems[name][w.key];
    if (!r) return [LABELS[name], ...Array(6).fill('–'), name === 'quire' ? '' : '–'];
    return [LABELS[name], fmt(r.min * s), fmt(r.p25 * s), `**${fmt(r.median * s)}**`, fmt(r.p75 * s), fmt(r.max * s), String(r.n),
      name === 'quire' ? '' : faster(speedup(size, w.key, name))];
  });
  return table(['system', 'min', 'p25', 'median', 'p75', 'max', 'samples', 'Quire vs this system'], rows);
}

function loadTable(size) {
  const q = size.systems.quire?.load?.rowsPerS;
  return table(['system', 'rows', 'ms', 'rows/s', 'Quire vs this system'], systemsOf(size).map((name) => {
    const l = size.systems[name].load;
    return [LABELS[name], people(l.rows), fmt(l.ms), `**${fmt(l.rowsPerS)}**`, name === 'quire' || !q ? '' : faster(q / l.rowsPerS)];
  }));
}

function memoryTable(size) {
  return table(['system', 'peak RSS growth', 'peak RSS (renderer + storage service)'], systemsOf(size).map((name) => {
    const m = size.systems[name].memory;
    return [LABELS[name], m ? mib(m.growth) : NOT_YET, m ? mib(m.peak) : NOT_YET];
  }));
}

function scalingTable(run) {
  const sizes = run.sizes;
  const rows = [];
  for (const w of [{ key: 'load', id: 'W1', unit: 'rows/s' }, ...WORKLOADS]) {
    for (const name of ORDER) {
      const cells = sizes.map((size) => {
        const r = size.systems[name]?.[w.key];
        if (!r) return '–';
        return w.key === 'load' ? fmt(r.rowsPerS) : fmt(r.median * (w.scale ?? 1));
      });
      if (cells.some((c) => c !== '–')) rows.push([`${w.id} ${w.unit}`, LABELS[name], ...cells]);
    }
  }
  return table(['workload', 'system', ...sizes.map((s) => `${people(s.dataset.people)} people`)], rows);
}

function rawTable(raw) {
  if (!raw) return NOT_RUN;
  const row = (label, r, unit) => [label, fmt(r.min), fmt(r.p25), `**${fmt(r.median)}**`, fmt(r.p75), fmt(r.max), unit];
  return [
    table(['operation', 'min', 'p25', 'median', 'p75', 'max', 'unit'], [
      row(`sequential 4 KB write (${people(raw.pages)} pages, per write)`, raw.sequentialWriteUs, 'µs'),
      row('random 4 KB read (hot OS cache)', raw.randomReadUs, 'µs'),
      row('one 4 KB write + flush', raw.writeFlushUs, 'µs'),
      row('bare Comlink round trip (main thread → worker → main)', raw.pingUs, 'µs'),
    ]),
    '',
    `Sequential write throughput including the final flush: **${fmt(raw.sequentialMBps)} MB/s** (final flush ${fmt(raw.finalFlushMs)} ms).`,
  ].join('\n');
}

function bundleTable(bundles) {
  const quire = bundles['quire (client + worker as built today)']?.gzip;
  return table(['system', 'gzipped', 'raw', 'files', 'Quire ÷ system'], Object.entries(bundles).map(([name, b]) =>
    b.missing ? [name, NOT_YET, '–', b.missing, '–']
      : [name, `**${kib(b.gzip)}**`, kib(b.raw), b.files.map((f) => `${f.file.replace(/^assets\//, '')} ${kib(f.gzip)}${f.lazy ? ' (lazy)' : ''}`).join(', '),
        quire && !name.startsWith('quire') ? ratio(quire / b.gzip) : '']));
}

/** Flattens a layer benchmark's result into [metric, value] rows, adding Quire ÷ graphql-js ratios. */
function flatten(value, prefix = '') {
  if (Array.isArray(value)) return value.flatMap((v, i) => flatten(v, `${prefix}${v?.name ?? `#${i}`} › `));
  if (value && typeof value === 'object') {
    const rows = Object.entries(value).filter(([k]) => k !== 'name').flatMap(([k, v]) => flatten(v, `${prefix}${k}`.concat(v && typeof v === 'object' ? ' › ' : '')));
    for (const [k, v] of Object.entries(value)) {
      const peer = value[k.replace(/^quire/, 'graphqlJs')];
      if (k.startsWith('quire') && typeof v === 'number' && typeof peer === 'number') rows.push([`${prefix}Quire ÷ graphql-js (${k.slice(5)})`, ratio(v / peer)]);
    }
    return rows;
  }
  return [[prefix, typeof value === 'number' ? fmt(value) : String(value)]];
}

/** A list of records (e.g. PerfResult[]) as one table, else the flattened metrics. */
function resultTable(result) {
  if (Array.isArray(result) && result.length && result.every((r) => r && typeof r === 'object')) {
    const keys = [...new Set(result.flatMap((r) => Object.keys(r)))];
    return table(keys, result.map((r) => keys.map((k) => (typeof r[k] === 'number' ? fmt(r[k]) : String(r[k] ?? '–')))));
  }
  return table(['metric', 'value'], flatten(result));
}

function layerSection(layers) {
  return Object.values(layers).map((l) => {
    if (l.missing) return `### ${l.title}\n\n${NOT_YET}: ${l.missing}.`;
    return `### ${l.title}\n\n\`${l.source}\` (${fmt(l.seconds)} s).\n\n${resultTable(l.result)}`;
  }).join('\n\n');
}

/**
 * Issue 7: the client's cached get beside the bare Comlink ping. Runs that timed the ping in the
 * client's own page, batch for batch, compare with that ping; older results fall back to the raw-limit ping.
 */
function clientSection(client, raw, pinned) {
  if (!client) return NOT_RUN;
  if (client.missing) return `${NOT_YET}: ${client.missing}.`;
  const both = clientTable(client, raw);
  if (!pinned || pinned.missing) return both;
  return `${both}\n\n**The same step with the browser pinned to one CPU** (\`taskset -c 1\`: the page's main thread and the workers share a CPU, so no message pays a cross-CPU wake-up — on this VM an idle vCPU sleeps at once and each wake-up goes through the host, ~35 µs a leg, for the ping and the get alike, coming and going with the host):\n\n${clientTable(pinned, null)}`;
}

function clientTable(client, raw) {
  const g = client.getUs;
  const p = client.pingUs ?? raw?.pingUs;
  const ping = p?.median;
  const paired = client.pairedRatio
    ? ` Median over the batch pairs of (get batch ÷ the ping batch timed next to it): **${ratio(client.pairedRatio.median)}** (min ${ratio(client.pairedRatio.min)}, max ${ratio(client.pairedRatio.max)}).`
    : '';
  const where = client.pingUs
    ? 'the ping runs in the same page, in batches alternating with the get\'s (same warm-up, batch size and count)'
    : 'the ping is the raw-limit section\'s, timed earlier in the run';
  return `${table(['round trip from the main thread', 'min', 'p25', 'median', 'p75', 'max', '÷ bare ping (goal ≤ 1.5)'], [
    ['Quire client: `db.query` get by id, plan cached', fmt(g.min), fmt(g.p25), `**${fmt(g.median)}**`, fmt(g.p75), fmt(g.max), ping ? ratio(g.median / ping) : '–'],
    ['bare Comlink ping', ...(p ? [fmt(p.min), fmt(p.p25), `**${fmt(ping)}**`, fmt(p.p75), fmt(p.max), '1×'] : Array(6).fill('–'))],
  ])}\n\nµs per call; ${people(client.people)} people loaded through the client; ${where}.${paired}`;
}

/** Issue 4: Quire's storage engine beside SQLite doing the same key-value work, and the raw limit. */
function kvSection(kv, raw) {
  if (!kv) return NOT_RUN;
  const head = `${people(kv.records)} records of \`{ id, name, score, active }\`, ${people(kv.reads)} point reads, ${people(kv.commits)} durable commits; each engine in a fresh worker on fresh OPFS storage.`;
  const quire = Array.isArray(kv.quire) ? kv.quire : [];
  const notes = [kv.quire?.error && `Quire failed: ${kv.quire.error}.`, kv.sqlite?.error && `SQLite failed: ${kv.sqlite.error}.`].filter(Boolean);
  if (!Array.isArray(kv.sqlite)) kv = { ...kv, sqlite: quire.map((q) => ({ op: q.op, usPerOp: NaN })) };
  const rawFor = { 'random point reads, cache warm': raw?.randomReadUs, 'random point reads, cache cold': raw?.randomReadUs, 'durable single-record commits': raw?.writeFlushUs };
  const rows = kv.sqlite.map((s) => {
    const q = quire.find((r) => r.op === s.op);
    const limit = rawFor[s.op]?.median;
    return [s.op, q ? `**${fmt(q.usPerOp)}**` : NOT_YET, fmt(s.usPerOp), q ? faster(s.usPerOp / q.usPerOp) : '–',
      limit ? `${fmt(limit)} (${s.op.startsWith('durable') ? 'one 4 KB write + flush' : 'one 4 KB read'})` : '–'];
  });
  const missing = (typeof kv.quire === 'string' ? `\n\nQuire: ${NOT_YET} (${kv.quire}).` : '') + notes.map((n) => `\n\n${n}`).join('');
  const c = kv.crash;
  const crash = !c ? '' : c.error ? `\n\nReopen after a crash failed: ${c.error}.` : `\n\n${table(['reopen after a crash: ms from the new worker\'s first open attempt (retried while the killed worker\'s OPFS handles are released) to the last acknowledged record read', 'Quire storage', 'SQLite WASM', 'Quire vs SQLite'], [[
    `${people(c.records)} records committed in batches of 500, worker killed with Quire's memtable 90 % full (${mib(c.memtableBytes)}, WAL ${mib(c.walBytes)})`,
    `**${fmt(c.quireMs)}**`, fmt(c.sqliteMs), faster(c.sqliteMs / c.quireMs)]])}`;
  return `${head}\n\n${table(['operation (µs per record)', 'Quire storage', 'SQLite WASM', 'Quire vs SQLite', 'raw OPFS limit'], rows)}${missing}${crash}`;
}

/** The generated reading: who leads each workload at the largest size, goals, the next bottleneck. */
function reading(run) {
  const size = run.sizes[run.sizes.length - 1];
  if (!size) return 'No dataset size completed in this run.';
  const lines = [];
  if (!size.systems.quire || size.systems.quire.error) {
    lines.push(`Quire did not run (${size.systems.quire?.error ?? run.quireMissing ?? NOT_YET}); only the peers were measured.`);
    return lines.join('\n');
  }
  lines.push(`At ${people(size.dataset.people)} people (the largest size of this run):`, '');
  const gaps = [];
  const load = size.systems.quire.load.rowsPerS;
  const loadPeers = systemsOf(size).filter((s) => s !== 'quire' && s !== 'graphql-js');
  for (const p of loadPeers) gaps.push({ what: `W1 bulk load vs ${LABELS[p]}`, factor: load / size.systems[p].load.rowsPerS });
  for (const w of WORKLOADS) {
    const durableOnly = w.key === 'update' || w.key === 'reopen'; // graphql-js keeps nothing: no fair peer here
    for (const p of systemsOf(size).filter((s) => s !== 'quire' && !(durableOnly && s === 'graphql-js'))) {
      const f = speedup(size, w.key, p);
      if (f !== null) gaps.push({ what: `${w.id} ${w.title} vs ${LABELS[p]}`, factor: f });
    }
  }
  for (const g of gaps) lines.push(`- ${g.what}: Quire is **${faster(g.factor)}**.`);
  lines.push('', '(Ratios of medians from one run; on this shared machine a ratio within about 1.5× of 1 can flip between runs.)');
  const worst = [...gaps].sort((a, b) => a.factor - b.factor)[0];
  if (worst && worst.factor < 1) lines.push('', `**Next bottleneck** (the largest measured gap): ${worst.what}, where Quire is ${fmt(1 / worst.factor)}× slower.`);
  return lines.join('\n');
}

/** The issue 9 goals, each checked against this run's largest size. */
function goals(run) {
  const size = run.sizes[run.sizes.length - 1];
  if (!size) return NOT_RUN;
  const q = size.systems.quire;
  if (!q || q.error) return NOT_YET;
  const beats = (key, peers) => peers.filter((p) => size.systems[p]).every((p) => (speedup(size, key, p) ?? 0) > 1);
  const bundle = run.bundles?.['quire (client + worker as built today)']?.gzip;
  const raw = run.raw?.writeFlushUs?.median;
  const rows = [
    ['ahead of SQLite WASM and Dexie on get by id (W2)', beats('get', ['sqlite', 'dexie'])],
    ['ahead of SQLite WASM and Dexie on indexed range (W3)', beats('range', ['sqlite', 'dexie'])],
    ['ahead of SQLite WASM and Dexie on the nested query (W4)', beats('nested', ['sqlite', 'dexie'])],
    ['bulk load at least on par with SQLite WASM (W1)', size.systems.sqlite?.load ? q.load.rowsPerS >= size.systems.sqlite.load.rowsPerS : null],
    ['ahead of graphql-js over arrays on every query (W2, W3, W4, W7)', ['get', 'range', 'nested', 'aggregate'].every((k) => (speedup(size, k, 'graphql-js') ?? 0) > 1)],
    ['durable commit (W5) within 2× of one raw 4 KB write + flush', raw ? q.update.median <= 2 * raw : null],
    ['client + worker under 60 KB gzipped', bundle ? bundle <= 60 * 1024 : null],
  ];
  return table(['goal (issue 9)', `met at ${people(size.dataset.people)} people?`], rows.map(([g, ok]) => [g, ok === null ? NOT_YET : ok ? 'yes' : '**no**']));
}

/** The query engine's goals (issue 6), at 100,000 people when the run has that size. */
function engineGoals(run) {
  const size = run.sizes.find((s) => s.dataset.people === 100_000);
  if (!size) return '_(No run at 100,000 people: the size issue 6 sets its goals at.)_';
  const q = size.systems.quire;
  if (!q || q.error) return NOT_YET;
  const vs = (key, peer) => speedup(size, key, peer);
  const ratio = (key, peer) => (vs(key, peer) === null ? '' : ` (${faster(vs(key, peer))})`);
  const rows = [
    [`get by id under 10 µs inside the worker, plan cached (W2: ${fmt(q.get.median)} µs)`, q.get.median < 10],
    ...[['get', 'W2'], ['range', 'W3'], ['nested', 'W4'], ['aggregate', 'W7']].map(([key, id]) =>
      [`faster than graphql-js over arrays on ${id}${ratio(key, 'graphql-js')}`, vs(key, 'graphql-js') === null ? null : vs(key, 'graphql-js') > 1]),
    [`faster than SQLite WASM on the nested query, W4${ratio('nested', 'sqlite')}`, vs('nested', 'sqlite') === null ? null : vs('nested', 'sqlite') > 1],
  ];
  return table(['goal (issue 6)', 'met at 100,000 people?'], rows.map(([g, ok]) => [g, ok === null ? NOT_YET : ok ? 'yes' : '**no**']));
}

function handWritten(file) {
  if (!existsSync(file)) return `${HAND_START}\n\n_(Notes written by hand go here; the suite keeps them.)_\n\n${HAND_END}`;
  const text = readFileSync(file, 'utf8');
  const a = text.indexOf(HAND_START);
  const b = text.indexOf(HAND_END);
  return a >= 0 && b > a ? text.slice(a, b + HAND_END.length) : `${HAND_START}\n\n${HAND_END}`;
}

export function writeReport(file, run) {
  const m = run.machine;
  const sizeSections = run.sizes.map((size) => [
    `## ${people(size.dataset.people)} people (${people(size.dataset.planets)} planets, ${people(size.dataset.films)} films, ${people(size.dataset.links)} person–film links)`,
    '',
    `Answers compared with graphql-js's and found identical (W2 / W3 / W4 / W7 parameters checked): ${systemsOf(size).filter((n) => n !== 'graphql-js' && size.systems[n].checked)
      .map((n) => `${n} ${['get', 'range', 'nested', 'aggregate'].map((w) => size.systems[n].checked[w]).join(' / ')}`).join('; ')}.`,
    '',
    ...failures(size).flatMap((f) => [f, '']),
    '### W1 bulk load (one transaction per table)',
    '',
    loadTable(size),
    ...WORKLOADS.flatMap((w) => ['', `### ${w.id} ${w.title} — ${w.unit} per operation`, '', workloadTable(size, w)]),
    '',
    '### Peak memory',
    '',
    memoryTable(size),
  ].join('\n'));
  const text = [
    '# Quire benchmarks',
    '',
    `<!-- Written by \`npm run bench\` (test/bench/run.mjs). Everything outside the hand-written markers is regenerated. -->`,
    '',
    `Mode **${run.mode}**, ${m.date}. Every comparison is measured in this one run on this one machine; read the ratios, not the absolute times (TOOLCHAIN.md G23: the machine is shared, absolute times drift).`,
    run.failure ? `\n> **THIS RUN FAILED:** ${run.failure}\n` : '',
    '## Machine',
    '',
    table(['CPUs', 'CPU model', 'memory', 'load average at start (1/5/15 min)', 'OS', 'Node', 'Chromium'],
      [[String(m.cpus), m.cpuModel, `${m.memoryGiB} GiB`, m.loadAverage.join(' / '), m.os, m.node, run.browserVersion ?? '–']]),
    '',
    `Packages: ${Object.entries(m.packages).map(([k, v]) => `${k} ${v}`).join(', ')}.`,
    m.source ? `\nQuire measured at commit \`${m.source.commit.trim()}\`${m.source.uncommittedSrcFiles ? ` plus ${m.source.uncommittedSrcFiles} uncommitted file(s) under src/` : ''}${run.engine ? `. W1–W7 ran the engine as a production build (minified, ${run.engine.files.length} file(s), ${(run.engine.files.reduce((n, f) => n + f.bytes, 0) / 1024).toFixed(0)} KiB before gzip), as the peers run their published builds` : ' (the dev server loads each module once, when a worker first imports it)'}.` : '',
    run.merged ? `\nSections taken from an earlier run (${run.merged.date}, load average ${run.merged.loadAverage.join(' / ')}, \`${run.merged.from}\`): ${run.merged.sections.join(', ')}. Their ratios are within that run; do not compare them with this run's absolute times.` : '',
    '',
    '## Reading',
    '',
    reading(run),
    '',
    '### Goals',
    '',
    goals(run),
    '',
    engineGoals(run),
    '',
    handWritten(file),
    '',
    '## Scaling (medians; W1 in rows/s, W4 and W6 in ms, the rest in µs)',
    '',
    scalingTable(run),
    '',
    ...sizeSections.flatMap((s) => [s, '']),
    '## The raw OPFS limit (one sync access handle in a worker)',
    '',
    rawTable(run.raw),
    '',
    '## Quire client round trip beside a bare Comlink ping (issue 7)',
    '',
    clientSection(run.client, run.raw, run.clientPinned),
    '',
    '## Storage engine on OPFS: key-value work beside SQLite WASM (issue 4)',
    '',
    kvSection(run.kv, run.raw),
    '',
    '## Bytes a browser downloads',
    '',
    run.bundles ? bundleTable(run.bundles) : NOT_RUN,
    '',
    '## Layer benchmarks (Node)',
    '',
    run.layers ? layerSection(run.layers) : NOT_RUN,
    '',
    '## Method',
    '',
    METHOD,
    '',
  ].join('\n');
  writeFileSync(file, text);
}

const METHOD = `- Headless Debian Chromium through Playwright \`launchPersistentContext\` on a fresh temp profile (disk-backed OPFS and IndexedDB; TOOLCHAIN.md G5), pages served by a Vite dev server with COOP/COEP (cross-origin isolated: 5 µs timers, SharedArrayBuffer) and production builds of the dependencies (\`resolve.conditions\` without \`development\`).
- Quire's engine (Database + OpfsFile) is built with \`vite build\` (minified, the app's resolve conditions) before the browser part and loaded by its worker as that build (\`lib/engine.mjs\`), as the peers load their published, pre-bundled packages; the client round trip (issue 7) and the storage KV step load the sources through the dev server.
- Each system runs in a fresh dedicated module worker on fresh storage (its OPFS folder or IndexedDB database removed first); systems run one after another, never concurrently.
- Data: \`../shared/data/swapi/generate.mjs --people N\` (seeded), projected to planets \`{id, name, climate, population}\`, people \`{id, name, height, mass, birthYear, homeworld, films}\` and films \`{id, title, director, releaseDate}\`; numeric ids. Rows = planets + films + people + person–film links.
- Every system gets the same seeded parameters. Before timing, each system's answers for the first parameters of W2, W3, W4 and W7 are compared as JSON with graphql-js's; any difference stops the run (averages are rounded to 6 decimals; \`avg\` is null when no row matches, as API.md §2 says).
- Timings: the operations of a workload run back to back in the worker, in 10–20 consecutive batches; one sample = one batch's mean µs per operation. Tables show min / p25 / median / p75 / max over the samples. "Quire speed-up" = the peer's median ÷ Quire's median (above 1: Quire is faster).
- W5 writes one person's mass per commit. Quire: \`durability: 'full'\`; SQLite: \`synchronous=FULL\`; Dexie: \`chromeTransactionDurability: 'strict'\`; graphql-js mutates an array (no durability; shown for reference).
- W6: an orderly close, then the time from "new Worker" to the first get by id answered, on the existing storage.
- SQLite WASM 3.54.1 on the opfs-sahpool VFS (a pool of sync access handles held by the worker, as PEERS.md measured), \`synchronous=FULL\` and a 32 MiB page cache. Queries are hand-written SQL with prepared statements plus object assembly, one statement per nesting level.
- graphql-js: a schema in the same dialect as Quire's generated API, resolvers over arrays with a Map-free id index (array position), residents per planet and people sorted by height (binary search), executed with \`executeSync\` on pre-parsed documents.
- Quire: \`Database.open\` (src/db) on two \`OpfsFile\`s in the bench's own worker, so its in-worker numbers are comparable with the peers'; its public client (\`openDatabase\` from src/client) is measured on its own for issue 7. Within a workload no parameter repeats, and answers are checked on parameters the timed run never sees: Quire caches repeated identical reads, and no peer does.
- Peak memory: Linux \`/proc\` — VmHWM (peak RSS) of the page's renderer process (page + workers: JS heaps and WASM memory) plus Chromium's storage service (IndexedDB, OPFS), reset (\`clear_refs\` 5) when a system starts; "growth" is the peak minus the RSS at that start. \`performance.measureUserAgentSpecificMemory\` is not used: it never answers while SQLite's proxy worker blocks in Atomics.wait.
- Downloads: a production \`vite build\` (es2022, minified) of one entry per system — Quire's client and its worker, Quire's engine alone, \`@sqlite.org/sqlite-wasm\` (JS + .wasm + OPFS proxy worker), Dexie, and the graphql-js functions the peer uses — every output file gzipped at level 9.
- Raw OPFS limit (TOOLCHAIN.md §4): sequential 4 KB writes at increasing offsets then one flush; random 4 KB reads over that file (hot OS cache); one 4 KB write + flush repeated; a bare Comlink ping from the main thread.`;
