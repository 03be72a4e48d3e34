// A part of Quire loaded on first use (schema builder, loader, HTTP handler) whose chunk cannot be
// fetched fails with a coded DATABASE_UNAVAILABLE naming the part — never a bare TypeError, never a hang.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { Database } from '../../src/db/database.ts';
import { QuireError } from '../../src/db/errors.ts';
import { loadPart } from '../../src/db/lazy.ts';
import { openDatabase } from '../../src/node/index.ts';

describe('loadPart', () => {
  it('hands over the loaded module', async () => {
    const module = await loadPart('the loader', () => import('../../src/catalog/load.ts'));
    expect(typeof module.load).toBe('function');
  });

  it('turns a failed dynamic import (the browser says TypeError) into DATABASE_UNAVAILABLE naming the part', async () => {
    const failed = loadPart('the schema builder', () => Promise.reject(new TypeError('Failed to fetch dynamically imported module: /assets/build-x.js')));
    await expect(failed).rejects.toBeInstanceOf(QuireError);
    await expect(failed).rejects.toMatchObject({ code: 'DATABASE_UNAVAILABLE', message: expect.stringContaining('the schema builder') });
    await expect(failed).rejects.toMatchObject({ message: expect.stringContaining('Failed to fetch dynamically imported module') });
  });

  it('fails a module that throws while it evaluates the same way', async () => {
    await expect(loadPart('the loader', async () => {
      throw new SyntaxError('Unexpected token');
    })).rejects.toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
  });
});

describe('Database with its lazy parts unavailable (the chunk fails to load, as offline in a page)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'quire-lazy-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  afterEach(() => {
    vi.doUnmock('../../src/catalog/persist.ts');
    vi.doUnmock('../../src/catalog/build.ts');
    vi.doUnmock('../../src/catalog/load.ts');
  });
  const unavailable = (): never => {
    throw new TypeError('Failed to fetch dynamically imported module');
  };
  const sdl = 'type Person { id: ID! name: String! @index }';

  it('opens an existing database whose schema is unchanged without the schema builder; a changed schema, a new database and a load fail with DATABASE_UNAVAILABLE, and nothing is lost', async () => {
    const path = join(dir, 'people.quire');
    const first = await openDatabase({ path, schema: sdl });
    await first.load({ Person: [{ id: '1', name: 'Luke' }] });
    await first.close();

    vi.doMock('../../src/catalog/persist.ts', unavailable);
    vi.doMock('../../src/catalog/build.ts', unavailable);
    vi.doMock('../../src/catalog/load.ts', unavailable);

    const db = await openDatabase({ path, schema: sdl });
    expect(db.schemaStatus).toBe('unchanged');
    await expect(db.load({ Person: [{ id: '2', name: 'Leia' }] })).rejects.toMatchObject({ code: 'DATABASE_UNAVAILABLE', message: expect.stringContaining('the loader') });
    await expect(db.migrate(`${sdl} type Planet { id: ID! name: String }`)).rejects.toMatchObject({ code: 'DATABASE_UNAVAILABLE', message: expect.stringContaining('the schema builder') });
    expect(await db.query('mutation { createPerson(data: { name: "Han" }) { name } }')).toEqual({ data: { createPerson: { name: 'Han' } } });
    expect((await db.query('{ people(orderBy: [{ name: ASC }]) { name } }')).data).toEqual({ people: [{ name: 'Han' }, { name: 'Luke' }] });
    await expect(Database.checkSchema(sdl)).rejects.toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
    await db.close();

    await expect(openDatabase({ path, schema: `${sdl} type Planet { id: ID! name: String }` })).rejects.toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
    await expect(openDatabase({ path: join(dir, 'new.quire'), schema: sdl })).rejects.toMatchObject({ code: 'DATABASE_UNAVAILABLE' });

    vi.doUnmock('../../src/catalog/persist.ts');
    vi.doUnmock('../../src/catalog/build.ts');
    vi.doUnmock('../../src/catalog/load.ts');
    const again = await openDatabase({ path, schema: `${sdl} type Planet { id: ID! name: String }` });
    expect(again.schemaStatus).toBe('migrated');
    expect((await again.query('{ people(orderBy: [{ name: ASC }]) { name } }')).data).toEqual({ people: [{ name: 'Han' }, { name: 'Luke' }] });
    await again.close();
  });
});
