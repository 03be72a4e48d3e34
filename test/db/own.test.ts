// What a caller gets is its own: Database hands out responses (execute, live payloads) that the
// caller may mutate in any way without changing any later answer — the engine builds fresh
// responses (stored JSON values copied) and Database copies only the ones a cache shares.
// Differential: a database whose every response is vandalized vs an untouched one, same steps.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type NodeDatabase } from '../../src/node/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'quire-own-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sdl = `
scalar Point
enum Role { LEAD DEV QA }
type Team {
  id: ID!
  name: String! @unique
  meta: JSON
  tags: [String!]
  members: [Member]
}
type Member {
  id: ID!
  name: String! @index
  score: Int
  info: JSON
  labels: [String]
  roles: [Role!]
  since: DateTime
  spot: Point
  notes: [JSON]
  team: Team @relation(inverse: "members")
}`;

const TEAMS = 3;
const MEMBERS = 9;
const json = (i: number): unknown => ({ level: i, nested: { list: [i, { deep: [`x${i}`, null, true] }], flag: i % 2 === 0 }, arr: [[i], { k: 'v' }] });
const data = {
  Team: Array.from({ length: TEAMS }, (_, t) => ({ id: `t${t}`, name: `Team ${t}`, meta: json(t), tags: [`a${t}`, `b${t}`] })),
  Member: Array.from({ length: MEMBERS }, (_, m) => ({
    id: `m${m}`, name: `Member ${m}`, score: m * 10, info: m % 3 === 0 ? [m, { odd: m % 2 }] : json(m), labels: [`l${m}`, null],
    roles: m % 2 ? ['DEV', 'QA'] : ['LEAD'], since: `2020-01-0${1 + (m % 9)}T00:00:00.000Z`, spot: { x: m, y: [m, m] },
    notes: [{ n: m }, [m], 'plain'], team: `t${m % TEAMS}`,
  })),
};

/** The queries (with their variables): gets (the fast path too), lists, nested, connections, aggregates. */
const QUERIES: { query: string; variables?: Record<string, unknown> }[] = [
  { query: 'query($id: ID!) { member(id: $id) { id name info spot since } }', variables: { id: 'm1' } },
  { query: 'query($id: ID!) { member(id: $id) { id name info spot since } }', variables: { id: 'm3' } },
  { query: 'query($id: ID!) { member(id: $id) { name labels roles notes team { name meta tags } } }', variables: { id: 'm2' } },
  { query: '{ members(orderBy: [{ name: ASC }], first: 5) { id name info labels roles spot notes since } }' },
  { query: '{ teams { name meta tags members(orderBy: [{ score: DESC }]) { name info labels roles notes team { id meta } } } }' },
  { query: '{ membersConnection(first: 3, orderBy: [{ score: ASC }]) { edges { cursor node { name info spot } } nodes { notes } pageInfo { hasNextPage endCursor } totalCount } }' },
  { query: '{ membersAggregate { count min { score name since } max { score } sum { score } avg { score } } teams { name membersAggregate { count } } }' },
  { query: '{ team(id: "t1") { name meta members { info } } }' },
  { query: '{ nope }' }, // a request error (its response is cached with the prepared operation)
];
/** Writes that change JSON and list values the queries read. */
const WRITES = [
  (n: number) => ({ query: 'mutation($id: ID!, $info: JSON, $l: [String]) { updateMember(id: $id, data: { info: $info, labels: $l }) { id info labels notes } }', variables: { id: `m${n % MEMBERS}`, info: { w: n, list: [n, { a: [n] }] }, l: [`w${n}`] } }),
  (n: number) => ({ query: 'mutation($id: ID!, $m: JSON) { updateTeam(id: $id, data: { meta: $m, tags: ["t"] }) { meta tags } }', variables: { id: `t${n % TEAMS}`, m: [n, { b: n }] } }),
];

/** Changes every scalar, pushes into every array, adds and deletes keys — deeply. */
function vandalize(v: unknown): void {
  if (v === null || typeof v !== 'object') return;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      if (v[i] !== null && typeof v[i] === 'object') vandalize(v[i]);
      else v[i] = 'VANDAL';
    }
    v.push('VANDAL', { vandal: true });
    return;
  }
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o);
  for (const k of keys) {
    if (o[k] !== null && typeof o[k] === 'object') vandalize(o[k]);
    else o[k] = 'VANDAL';
  }
  o['vandal'] = [1];
  if (keys.length) delete o[keys[0]!];
}

type Step = { kind: 'query'; q: number } | { kind: 'write'; w: number; n: number } | { kind: 'live'; q: number };
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('query' as const), q: fc.nat(QUERIES.length - 1) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('write' as const), w: fc.nat(WRITES.length - 1), n: fc.nat(20) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('live' as const), q: fc.nat(QUERIES.length - 2) }) },
);

const tick = () => new Promise<void>((r) => setTimeout(r, 0));
let runs = 0;

async function open(name: string): Promise<NodeDatabase> {
  const db = await openDatabase({ path: join(dir, `${name}-${runs}.quire`), schema: sdl });
  await db.load(data);
  return db;
}

describe('responses the caller owns', () => {
  it('mutating every response (and live payload) deeply never changes a later answer', async () => {
    let hits = 0;
    await fc.assert(fc.asyncProperty(fc.array(step, { minLength: 4, maxLength: 30 }), async (steps) => {
      runs++;
      const subject = await open('subject');
      const reference = await open('reference');
      /** Per live subscription: its query, and the JSON of the last payload received (before it was vandalized). */
      const lives: { q: number; last: string | null; stop: () => void }[] = [];
      try {
        for (const s of steps) {
          if (s.kind === 'live') {
            const live: (typeof lives)[number] = { q: s.q, last: null, stop: () => undefined };
            live.stop = subject.subscribe(QUERIES[s.q]!, (payload) => {
              live.last = JSON.stringify(payload);
              vandalize(payload);
            });
            lives.push(live);
          } else {
            const request = s.kind === 'query' ? QUERIES[s.q]! : WRITES[s.w]!(s.n);
            const got = await subject.execute(request);
            const want = await reference.execute(request);
            if (request !== QUERIES[QUERIES.length - 1]) expect(want.errors).toBeUndefined();
            expect(got).toEqual(want);
            vandalize(got);
          }
          await tick();
          await tick();
          for (const live of lives) {
            expect(live.last).not.toBeNull();
            expect(JSON.parse(live.last!)).toEqual(await reference.execute(QUERIES[live.q]!));
          }
        }
        // Every query once more, after all the vandalism: still the reference's answers.
        for (const request of QUERIES) expect(await subject.execute(request)).toEqual(await reference.execute(request));
        hits += ((await subject.stats()).queries as { resultHits: number }).resultHits;
      } finally {
        for (const live of lives) live.stop();
        await subject.close();
        await reference.close();
      }
    }), { numRuns: 12 });
    expect(hits).toBeGreaterThan(0); // the runs did exercise result-cache hits
  });
});
