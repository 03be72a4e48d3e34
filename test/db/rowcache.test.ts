// The Database's part in the shared row cache: a load leaves the rows it wrote decoded (the reads
// about to come find them), a checkpoint keeps them (it moves pages, not rows), and every answer
// after either equals a database that keeps nothing between reads.
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/node/index.ts';
import { swapiData as data, swapiSdl as sdl } from '../query/fixtures.ts';

const rows = Object.values(data).reduce((n, list) => n + list.length, 0);
const query = '{ people { id name height homeworld { name residents { id } } films { title characters { id } } } }';

const sharedRows = async (db: { stats(): Promise<Record<string, unknown>> }) => ((await db.stats()).queries as { sharedRows: number }).sharedRows;

describe('Database and the shared row cache', () => {
  it('a load leaves every loaded row decoded, a checkpoint keeps them; answers equal a database keeping nothing', async () => {
    const db = await openDatabase({ memory: true, schema: sdl, cache: { results: 0 } });
    const none = await openDatabase({ memory: true, schema: sdl, cache: { results: 0, rows: 0 } });
    try {
      await db.load(data);
      await none.load(data);
      expect(await sharedRows(db)).toBe(rows);
      expect(await sharedRows(none)).toBe(0);
      const want = await none.query(query);
      expect(want.errors).toBeUndefined();
      expect(await db.query(query)).toEqual(want);
      await db.query('mutation { updatePerson(id: "1", data: { height: 1 }) { id } }');
      await none.query('mutation { updatePerson(id: "1", data: { height: 1 }) { id } }');
      expect(await sharedRows(db)).toBe(rows - 1); // the row it wrote, and no other
      await db.checkpoint();
      expect(await sharedRows(db)).toBe(rows - 1);
      expect(await db.query(query)).toEqual(await none.query(query));
    } finally {
      await db.close();
      await none.close();
    }
  });

  it('a later load warms only the tables it filled from empty: a small load into a big table decodes nothing more', async () => {
    const db = await openDatabase({ memory: true, schema: sdl });
    try {
      await db.load({ Planet: data['Planet']! });
      expect(await sharedRows(db)).toBe(data['Planet']!.length);
      await db.load({ Person: data['Person']!.slice(0, 40) });
      expect(await sharedRows(db)).toBe(40); // Person was empty; Planet was not (its rows are read again when asked)
      await db.load({ Person: data['Person']!.slice(40) });
      expect(await sharedRows(db)).toBe(0);
    } finally {
      await db.close();
    }
  });
});
