// The /schema routes on a real server: the generated SDL, the user's SDL and versions, tables with
// row counts and indexes, and PUT /schema — admin token enforced (403 without one configured, 401
// without a bearer, 403 with a wrong one), a refused migration leaves the old schema serving, and an
// accepted one takes effect at once, live queries included.
import { createClient } from 'graphql-sse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { post, startServer, swapi, swapiSdl, type TestServer } from './helpers.ts';

const TOKEN = 'test-admin-token-3b1f';
let s: TestServer;
beforeAll(async () => {
  s = await startServer({ adminToken: TOKEN });
});
afterAll(() => s.stop());

const put = (body: string, headers: Record<string, string>, server = s): Promise<Response> =>
  fetch(`${server.origin}/schema`, { method: 'PUT', headers, body });

describe('reading the schema', () => {
  it('GET /schema is the generated SDL, GET /schema/source the user SDL with its versions', async () => {
    const sdl = await fetch(`${s.origin}/schema`);
    expect(sdl.status).toBe(200);
    expect(sdl.headers.get('content-type')).toBe('application/graphql; charset=utf-8');
    expect(await sdl.text()).toBe(await s.db.schema());
    const source = (await (await fetch(`${s.origin}/schema/source`)).json()) as { sdl: string; version: number; versions: { version: number }[] };
    expect(source.sdl).toBe(swapiSdl);
    expect(source.version).toBe(1);
    expect(source.versions.map((v) => v.version)).toEqual([1]);
  });

  it('GET /schema/tables lists every entity with its row count, and the indexes', async () => {
    const tables = (await (await fetch(`${s.origin}/schema/tables`)).json()) as { tables: { name: string; rows: number }[]; indexes: { name: string; entries: number }[] };
    const counts = Object.fromEntries(tables.tables.map((t) => [t.name, t.rows]));
    for (const [type, rows] of Object.entries(swapi)) expect(counts[type], type).toBe(rows.length);
    expect(tables.indexes.length).toBeGreaterThan(0);
    expect(tables.indexes.every((i) => typeof i.name === 'string' && i.entries >= 0)).toBe(true);
  });

  it('answers other methods with 405 and Allow, unknown schema paths with 404', async () => {
    const del = await fetch(`${s.origin}/schema`, { method: 'DELETE' });
    expect(del.status).toBe(405);
    expect(del.headers.get('allow')).toBe('GET, PUT');
    const post = await fetch(`${s.origin}/schema/tables`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET');
    const missing = await fetch(`${s.origin}/schema/nothing`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as any).errors[0].extensions.code).toBe('NOT_FOUND');
  });
});

describe('PUT /schema', () => {
  it('requires the admin token: 401 without a bearer, 403 with a wrong one, and changes nothing', async () => {
    const withAge = swapiSdl.replace('type Person @plural(name: "people")', 'type Person @plural(name: "people") @index(fields: ["name"])');
    const none = await put(withAge, { 'content-type': 'application/graphql' });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(((await none.json()) as any).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    for (const wrong of ['wrong', `${TOKEN}x`, TOKEN.slice(0, -1), '']) {
      const r = await put(withAge, { 'content-type': 'application/graphql', authorization: `Bearer ${wrong}` });
      expect(r.status, wrong).toBe(wrong === '' ? 401 : 403);
    }
    expect(s.db.schemaSource().version).toBe(1);
  });

  it('is refused with 403 when the server has no admin token', async () => {
    const open = await startServer();
    try {
      const r = await put(swapiSdl, { 'content-type': 'application/graphql', authorization: 'Bearer anything' }, open);
      expect(r.status).toBe(403);
      expect(((await r.json()) as any).errors[0].extensions.code).toBe('FORBIDDEN');
    } finally {
      await open.stop();
    }
  });

  it('answers an invalid or data-losing schema with SCHEMA_ERROR 400 and keeps serving the old one', async () => {
    const auth = { authorization: `Bearer ${TOKEN}` };
    const invalid = await put('type Broken { id: ID! name: Nope }', { ...auth, 'content-type': 'application/graphql' });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as any).errors[0].extensions.code).toBe('SCHEMA_ERROR');
    const withoutHairColor = swapiSdl.replace(/ {2}"The hair color[^\n]*\n {2}hairColor: String\n/, '');
    expect(withoutHairColor).not.toBe(swapiSdl);
    const lossy = await put(JSON.stringify({ schema: withoutHairColor }), { ...auth, 'content-type': 'application/json' });
    expect(lossy.status).toBe(400);
    const body = (await lossy.json()) as any;
    expect(body.errors[0].extensions.code).toBe('SCHEMA_ERROR');
    expect(body.errors[0].message).toMatch(/allowDataLoss|data loss|hairColor/i);
    expect(JSON.stringify(body)).not.toMatch(/\n\s+at /);
    expect(s.db.schemaSource().sdl).toBe(swapiSdl);
    const still = await post(s.url, { query: '{ person(id: "1") { hairColor } }' });
    expect(still.status).toBe(200);
    expect(still.json.data.person.hairColor).toBe(swapi.Person!.find((p) => p.id === '1')!.hairColor);
  });

  it('drops data when the request allows it (allowDataLoss: true), as SDL text with ?allowDataLoss=true', async () => {
    const other = await startServer({ adminToken: TOKEN });
    try {
      const withoutHairColor = swapiSdl.replace(/ {2}"The hair color[^\n]*\n {2}hairColor: String\n/, '');
      const r = await fetch(`${other.origin}/schema?allowDataLoss=true`, { method: 'PUT', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'text/plain' }, body: withoutHairColor });
      expect(r.status).toBe(200);
      expect(await r.json()).toEqual({ status: 'migrated', version: 2 });
      const gone = await post(other.url, { query: '{ person(id: "1") { hairColor } }' });
      expect(gone.status).toBe(400);
      expect(gone.json.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect((await post(other.url, { query: '{ peopleAggregate { count } }' })).json.data.peopleAggregate.count).toBe(swapi.Person!.length);
    } finally {
      await other.stop();
    }
  });

  it('migrates with the token: 200 with the new version, the new field served at once, a live query moved to it', async () => {
    const auth = { authorization: `Bearer ${TOKEN}` };
    const client = createClient({ url: s.url, retryAttempts: 0 });
    const live: any[] = [];
    let wake: (() => void) | null = null;
    const dispose = client.subscribe({ query: 'subscription { person(id: "2") { name } }' }, {
      next: (v) => {
        live.push(v);
        wake?.();
      },
      error: () => undefined,
      complete: () => undefined,
    });
    const until = async (n: number): Promise<void> => {
      while (live.length < n) await new Promise<void>((r) => (wake = r));
    };
    await until(1);
    const nextSdl = swapiSdl.replace('  "The name of this person."\n  name: String! @index', '  "The name of this person."\n  name: String! @index\n  nickname: String');
    expect(nextSdl).not.toBe(swapiSdl);
    const migrated = await put(JSON.stringify({ schema: nextSdl, allowDataLoss: false }), { ...auth, 'content-type': 'application/json' });
    expect(migrated.status).toBe(200);
    expect(await migrated.json()).toEqual({ status: 'migrated', version: 2 });
    const source = (await (await fetch(`${s.origin}/schema/source`)).json()) as any;
    expect(source.sdl).toBe(nextSdl);
    expect(source.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    expect(await (await fetch(`${s.origin}/schema`)).text()).toMatch(/nickname: String/);
    const set = await post(s.url, { query: 'mutation { updatePerson(id: "2", data: { nickname: "Goldenrod", name: "C-3PO!" }) { nickname } }' });
    expect(set.json).toEqual({ data: { updatePerson: { nickname: 'Goldenrod' } } });
    // The live query moved to the new schema without repeating its unchanged result, then saw the
    // commit made under it: exactly two payloads.
    await until(2);
    expect(live).toEqual([
      { data: { person: { name: swapi.Person!.find((p) => p.id === '2')!.name } } },
      { data: { person: { name: 'C-3PO!' } } },
    ]);
    dispose();
    client.dispose();
  });
});
