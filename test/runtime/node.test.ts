// `quire/node` on real files: the same Database in-process. Data survives close and reopen, the
// WAL alone restores commits after an unclean stop, one process owns a file, memory databases
// work, and `db.fetch` speaks GraphQL over HTTP.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, QuireError } from '../../src/node/index.ts';

const shared = join(import.meta.dirname, '../../../shared/data');
const swapiSdl = readFileSync(join(shared, 'swapi/schema.graphql'), 'utf8');
const swapi = JSON.parse(readFileSync(join(shared, 'swapi/data.json'), 'utf8')) as Record<string, Record<string, unknown>[]>;
const starwarsSdl = readFileSync(join(shared, 'starwars/schema.graphql'), 'utf8');
const starwars = JSON.parse(readFileSync(join(shared, 'starwars/data.json'), 'utf8')) as Record<string, Record<string, unknown>[]>;
const dir = mkdtempSync(join(tmpdir(), 'quire-node-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('quire/node', () => {
  it('opens a file, loads, queries, and finds everything again after reopen', async () => {
    const path = join(dir, 'swapi.quire');
    const db = await openDatabase({ path, schema: swapiSdl });
    expect(db.path).toBe(path);
    expect(db.schemaStatus).toBe('created');
    const summary = await db.load(swapi);
    for (const [type, rows] of Object.entries(swapi)) expect(summary.rows[type]).toBe(rows.length);
    const people = await db.query<{ people: { name: string }[] }>(`{ people(orderBy: [{ name: DESC }], first: 2) { name } }`);
    const expected = swapi.Person!.map((p) => p.name as string).sort((a, b) => (a < b ? 1 : a > b ? -1 : 0)).slice(0, 2);
    expect(people.data!.people.map((p) => p.name)).toEqual(expected);
    await db.close();
    await expect(db.query('{ __typename }')).rejects.toBeInstanceOf(QuireError);

    const again = await openDatabase({ path, schema: swapiSdl });
    expect(again.schemaStatus).toBe('unchanged');
    const counted = await again.query<{ planetsAggregate: { count: number } }>('{ planetsAggregate { count } }');
    expect(counted.data!.planetsAggregate.count).toBe(swapi.Planet!.length);
    expect(again.schemaSource().versions).toHaveLength(1);
    await again.close();
  });

  it('restores every commit from the WAL when the process stopped without closing', async () => {
    const path = join(dir, 'unclean.quire');
    const db = await openDatabase({ path, schema: starwarsSdl });
    await db.load(starwars);
    for (const name of ['Rey', 'Finn', 'Poe']) {
      const r = await db.query(`mutation($n: String) { createHuman(data: { name: $n }) { name } }`, { n: name });
      expect(r.errors).toBeUndefined();
    }
    // Copy the files as they are now — as if the process had died here — and open the copy.
    const copy = join(dir, 'unclean-copy.quire');
    cpSync(path, copy);
    cpSync(`${path}-wal`, `${copy}-wal`);
    await db.close();
    const recovered = await openDatabase({ path: copy, schema: starwarsSdl });
    const { data } = await recovered.query<{ humans: { name: string }[] }>(`{ humans(where: { name: { in: ["Rey", "Finn", "Poe"] } }) { name } }`);
    expect(data!.humans.map((h) => h.name).sort()).toEqual(['Finn', 'Poe', 'Rey']);
    const characters = await recovered.query<{ charactersAggregate: { count: number } }>(`{ charactersAggregate { count } }`);
    expect(characters.data!.charactersAggregate.count).toBe(starwars.Human!.length + starwars.Droid!.length + 3);
    await recovered.close();
  });

  it('one process owns a file: a second open is refused clearly until the first closes', async () => {
    const path = join(dir, 'owned.quire');
    const db = await openDatabase({ path, schema: starwarsSdl });
    const error = await openDatabase({ path, schema: starwarsSdl }).catch((e: unknown) => e);
    expect((error as QuireError).extensions.code).toBe('DATABASE_UNAVAILABLE');
    await db.close();
    expect(existsSync(`${path}.lock`)).toBe(false);
    // A lock left behind by a process that no longer runs is taken over.
    writeFileSync(`${path}.lock`, '999999999');
    const again = await openDatabase({ path, schema: starwarsSdl });
    expect(readFileSync(`${path}.lock`, 'utf8')).toBe(String(process.pid));
    await again.close();
    expect(existsSync(`${path}.lock`)).toBe(false);
  });

  it('a bad schema is SCHEMA_ERROR at open and leaves no lock behind', async () => {
    const path = join(dir, 'bad.quire');
    const error = await openDatabase({ path, schema: 'type Person { id: Int }' }).catch((e: unknown) => e);
    expect((error as { extensions: { code: string } }).extensions.code).toBe('SCHEMA_ERROR');
    expect(existsSync(`${path}.lock`)).toBe(false);
  });

  it('memory: true keeps a database in memory, and path or name or memory is required', async () => {
    const db = await openDatabase({ memory: true, schema: starwarsSdl });
    expect(db.path).toBeNull();
    await db.load(starwars);
    const r = await db.query<{ droid: { name: string; friends: { name: string }[] } }>(`{ droid(id: "2001") { name friends { name } } }`);
    expect(r.data!.droid.name).toBe('R2-D2');
    expect(r.data!.droid.friends.map((f) => f.name).sort()).toEqual(['Han Solo', 'Leia Organa', 'Luke Skywalker']);
    await db.close();
    await expect(openDatabase({ schema: starwarsSdl })).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('db.fetch answers GraphQL over HTTP (POST, GET, and GET refusing a mutation)', async () => {
    const db = await openDatabase({ memory: true, schema: starwarsSdl });
    await db.load(starwars);
    const post = await db.fetch(
      new Request('http://quire.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
        body: JSON.stringify({ query: 'query($id: ID!) { human(id: $id) { name } }', variables: { id: '1000' } }),
      }),
    );
    expect(post.status).toBe(200);
    expect(post.headers.get('content-type')).toBe('application/graphql-response+json; charset=utf-8');
    expect(await post.json()).toEqual({ data: { human: { name: 'Luke Skywalker' } } });
    const get = await db.fetch(new Request(`http://quire.test/graphql?query=${encodeURIComponent('{ droidsAggregate { count } }')}`));
    expect(await get.json()).toEqual({ data: { droidsAggregate: { count: 2 } } });
    const mutation = await db.fetch(new Request(`http://quire.test/graphql?query=${encodeURIComponent('mutation { deleteDroid(id: "2000") { id } }')}`));
    expect(mutation.status).toBe(405);
    expect(mutation.headers.get('allow')).toBe('POST');
    const invalid = await db.fetch(
      new Request('http://quire.test/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": "{ nope }"}' }),
    );
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    await db.close();
  });

  it('a mutation sent during a streaming load waits for it and then commits; close waits too and ends live queries', async () => {
    const db = await openDatabase({ memory: true, schema: starwarsSdl });
    const lines = [...starwars.Human!.map((record) => ({ type: 'Human', record })), ...starwars.Droid!.map((record) => ({ type: 'Droid', record }))];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    async function* slowNdjson(): AsyncGenerator<string> {
      for (const [i, line] of lines.entries()) {
        if (i === 3) await gate; // the load holds its transaction open here
        yield `${JSON.stringify(line)}\n`;
      }
    }
    const loading = db.load(slowNdjson() as unknown as string);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const writing = db.query('mutation { createHuman(data: { id: "3000", name: "Rey" }) { name } }');
    const reading = await db.query<{ humansAggregate: { count: number } }>('{ humansAggregate { count } }');
    expect(reading.data!.humansAggregate.count).toBe(0); // reads never wait; the load is not committed yet
    release();
    expect((await loading).rows).toEqual({ Human: starwars.Human!.length, Droid: starwars.Droid!.length });
    expect(await writing).toEqual({ data: { createHuman: { name: 'Rey' } } });

    const payloads: unknown[] = [];
    db.subscribe({ query: '{ humansAggregate { count } }' }, (r) => payloads.push(r.data));
    await expect.poll(() => payloads.length).toBe(1);
    await db.query('mutation { createHuman(data: { name: "Finn" }) { name } }');
    await db.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    for (const p of payloads) expect(p).toMatchObject({ humansAggregate: { count: expect.any(Number) } });
    expect(payloads.length).toBeLessThanOrEqual(2);
  });

  it('name opens <name>.quire and path wins over name', async () => {
    const named = await openDatabase({ name: join(dir, 'named'), schema: starwarsSdl });
    expect(named.path).toBe(join(dir, 'named.quire'));
    await named.close();
    expect(existsSync(join(dir, 'named.quire'))).toBe(true);
    const both = await openDatabase({ name: join(dir, 'ignored'), path: join(dir, 'winner.quire'), schema: starwarsSdl });
    expect(both.path).toBe(join(dir, 'winner.quire'));
    await both.close();
    expect(existsSync(join(dir, 'ignored.quire'))).toBe(false);
  });

  it('every caller gets its own result: changing one never changes what the next identical query returns', async () => {
    const db = await openDatabase({ memory: true, schema: starwarsSdl });
    await db.load(starwars);
    const query = '{ humans(orderBy: [{ name: ASC }]) { name friends { name } } }';
    const first = await db.query<{ humans: { name: string; friends: unknown[] }[] }>(query);
    const expected = JSON.parse(JSON.stringify(first));
    first.data!.humans.reverse();
    first.data!.humans.pop();
    first.data!.humans[0]!.friends.length = 0;
    expect(await db.query(query)).toEqual(expected);
    await db.close();
  });
});
