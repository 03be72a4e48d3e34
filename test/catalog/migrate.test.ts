// Migrations on a populated database (SWAPI): the same SDL is a no-op, each kind of change is
// applied in one transaction with data backfilled / rebuilt, data-losing changes need
// allowDataLoss and say what would be lost, refused or failed migrations leave the old schema
// and data intact — also when the machine crashes in the middle of the migration's commit.
import { describe, expect, test } from 'vitest';
import { dataset, dump, loadInto, memoryDb, reopen } from './helpers.ts';
import { readCatalog, schemaVersions } from '../../src/catalog/persist.ts';
import { Tables } from '../../src/catalog/tables.ts';
import { openCatalog } from '../../src/catalog/persist.ts';
import { load } from '../../src/catalog/load.ts';
import { Store } from '../../src/storage/index.ts';
import { FaultClock, FaultyFile } from '../../src/storage/file/faulty.ts';
import { MemoryFile } from '../../src/storage/file/memory.ts';

const swapi = dataset('swapi');

async function populated() {
  const { store, catalog } = memoryDb(swapi.sdl);
  await loadInto(store, catalog, swapi.json);
  return store;
}

/** The SWAPI SDL with one edit applied (fails when the text to replace is missing). */
function edit(from: string, to: string, sdl = swapi.sdl): string {
  if (!sdl.includes(from)) throw new Error(`"${from}" not in the SDL`);
  return sdl.replace(from, to);
}

function refused(fn: () => unknown): { message: string; code?: string } {
  try {
    fn();
  } catch (e) {
    return { message: (e as Error).message, code: (e as { extensions?: { code?: string } }).extensions?.code };
  }
  throw new Error('expected the migration to be refused');
}

const person = (store: Store, id: string) =>
  store.read((v) => {
    const { catalog } = readCatalog(v)!;
    const t = new Tables(catalog);
    return t.decode('Person', id, t.getRow(v, 'Person', id)!);
  });

describe('opening', () => {
  test('the same SDL is a no-op; each new version is kept with its time and SDL', async () => {
    const store = await populated();
    const before = dump(store);
    expect(reopen(store, swapi.sdl).status).toBe('unchanged');
    expect(dump(store)).toBe(before);
    const v2 = swapi.sdl + '\n# a comment\n';
    const r = reopen(store, v2, { now: Date.UTC(2030, 0, 1) });
    expect(r).toMatchObject({ status: 'migrated', version: 2 });
    expect(r.plan!.changes).toEqual([]);
    expect(store.read((v) => schemaVersions(v))).toEqual([
      { version: 1, at: '1970-01-01T00:00:00.000Z', sdl: swapi.sdl },
      { version: 2, at: '2030-01-01T00:00:00.000Z', sdl: v2 },
    ]);
    expect(reopen(store, v2).status).toBe('unchanged');
  });

  test('an invalid new schema is a SCHEMA_ERROR and changes nothing', async () => {
    const store = await populated();
    const before = dump(store);
    expect(refused(() => reopen(store, 'type Query { x: Int }')).code).toBe('SCHEMA_ERROR');
    expect(dump(store)).toBe(before);
  });
});

describe('changes', () => {
  test('add a type, a nullable column and a defaulted non-null column (backfilled)', async () => {
    const store = await populated();
    const sdl = edit('  "The name of this person."\n  name: String! @index', '  name: String! @index\n  nickname: String\n  rank: Int! @default(value: 3)') + '\ntype Moon { id: ID!  name: String }\n';
    const r = reopen(store, sdl);
    expect(r.plan!.changes).toEqual(expect.arrayContaining(['add type Moon', 'add column Person.nickname', 'add column Person.rank']));
    const luke = person(store, '1');
    expect(luke).toMatchObject({ name: 'Luke Skywalker', nickname: null, rank: 3, height: 172, homeworld: '1' });
    // every row was rewritten once, to the new layout, keeping its values
    const c = r.catalog;
    store.read((v) => {
      let n = 0;
      for (const [, row] of v.range('r:Person')) {
        expect((row as unknown[]).length).toBe(c.entities.Person.slots);
        expect((row as unknown[])[c.entities.Person.columns.rank.slot]).toBe(3);
        n++;
      }
      expect(n).toBe(swapi.json.Person.length);
      const t = new Tables(c);
      for (const p of swapi.json.Person) expect(t.decode('Person', p.id as string, t.getRow(v, 'Person', p.id as string)!).name).toBe(p.name);
    });
    expect(store.read((v) => v.count('r:Moon'))).toBe(0);
    // indexes were rebuilt over the rewritten rows
    expect(store.read((v) => v.count('i:Person.idx_name'))).toBe(swapi.json.Person.length);
  });

  test('a non-null column without @default on a populated type is refused, saying why', async () => {
    const store = await populated();
    const before = dump(store);
    const err = refused(() => reopen(store, edit('  birthYear: String\n', '  birthYear: String\n  rank: Int!\n')));
    expect(err.code).toBe('SCHEMA_ERROR');
    expect(err.message).toBe(`Cannot migrate: Person.rank is a new non-null column without @default, and Person has ${swapi.json.Person.length} rows (add @default(value: ...) or make it nullable)`);
    expect(dump(store)).toBe(before);
  });

  test('dropping a column with data needs allowDataLoss and says what would be lost', async () => {
    const store = await populated();
    const before = dump(store);
    const sdl = edit('  "The eye color of this person."\n  eyeColor: String @index(type: HASH)\n', '');
    const withEye = swapi.json.Person.filter((p) => p.eyeColor != null).length;
    const err = refused(() => reopen(store, sdl));
    expect(err.code).toBe('SCHEMA_ERROR');
    expect(err.message).toBe(`Cannot migrate: Person.eyeColor: ${withEye} non-null values would be lost (open with allowDataLoss: true to accept)`);
    expect(dump(store)).toBe(before);
    reopen(store, sdl, { allowDataLoss: true });
    expect(person(store, '1')).not.toHaveProperty('eyeColor');
    expect(store.trees()).not.toContain('i:Person.hash_eyeColor');
  });

  test('nullability: tightened after checking the data; refused while nulls exist', async () => {
    const store = await populated();
    reopen(store, edit('  "The name of the director of this film."\n  director: String', '  director: String!'));
    const before = dump(store);
    const nulls = swapi.json.Person.filter((p) => p.gender == null).length;
    const err = refused(() => reopen(store, edit('  gender: String\n', '  gender: String!\n')));
    expect(err.message).toBe(`Cannot migrate: Person.gender cannot become non-null: ${nulls} rows of Person have no value`);
    expect(dump(store)).toBe(before);
  });

  test('indexes: a new index is built from the data; a unique one over duplicates is refused; dropped ones go', async () => {
    const store = await populated();
    reopen(store, edit('  birthYear: String\n', '  birthYear: String @index\n'));
    expect(store.read((v) => v.count('i:Person.idx_birthYear'))).toBe(swapi.json.Person.length);
    const before = dump(store);
    const err = refused(() => reopen(store, edit('  gender: String\n', '  gender: String @unique\n')));
    expect(err.message).toContain('Cannot migrate: cannot add the unique constraint Person.unique_gender: Unique constraint on field Person.gender violated');
    expect(dump(store)).toBe(before);
    reopen(store, edit('  "The title of this film."\n  title: String! @index', '  title: String!'));
    expect(store.trees()).not.toContain('i:Film.idx_title');
    expect(store.trees()).not.toContain('i:Person.idx_birthYear');
  });

  test('dropping a type with rows needs allowDataLoss; its relationships go with it', async () => {
    const store = await populated();
    const noVehicles = swapi.sdl
      .replace(/"""\nA single transport craft that does not have hyperdrive capability\.\n"""\ntype Vehicle[\s\S]*?\n}\n/, '')
      .replace('  vehicles: [Vehicle]\n', '').replace('  vehicles: [Vehicle]\n', '');
    expect(noVehicles).not.toContain('Vehicle');
    const err = refused(() => reopen(store, noVehicles));
    expect(err.message).toContain(`type Vehicle is dropped with its ${swapi.json.Vehicle.length} rows`);
    expect(err.message).toContain('relationship Film.vehicles is dropped with its');
    reopen(store, noVehicles, { allowDataLoss: true });
    expect(store.trees().filter((t) => t.includes('Vehicle') || t.includes('vehicles'))).toEqual([]);
  });

  test('relationships: a directed edge becomes a pair (its links kept, either owner), a new one starts empty', async () => {
    const { store } = memoryDb('type A { id: ID!  bs: [B] }\ntype B { id: ID! }\ntype C { id: ID!  as: [A] }');
    const cat1 = store.read((v) => readCatalog(v)!.catalog);
    await loadInto(store, cat1, { B: [{ id: 'b1' }, { id: 'b2' }], A: [{ id: 'a1', bs: ['b1', 'b2'] }], C: [{ id: 'c1', as: ['a1'] }] });
    // A.bs pairs with a new B.as: the edge keeps its name and data
    reopen(store, 'type A { id: ID!  bs: [B] }\ntype B { id: ID!  as: [A] }\ntype C { id: ID!  as: [A] }');
    // C.as (directed, owner "C.as") pairs with a new A.cs: owner becomes "A.cs" — the links move, reversed
    const r = reopen(store, 'type A { id: ID!  bs: [B]  cs: [C] }\ntype B { id: ID!  as: [A] }\ntype C { id: ID!  as: [A] }');
    expect(r.plan!.changes).toContain('store relationship A.cs in edge A.cs (reversed)');
    const c = r.catalog;
    const t = new Tables(c);
    store.read((v) => {
      expect(t.linked(v, 'B', 'b2', c.entities.B.relations.as)).toEqual(['a1']);
      expect(t.linked(v, 'A', 'a1', c.entities.A.relations.bs)).toEqual(['b1', 'b2']);
      expect(t.linked(v, 'A', 'a1', c.entities.A.relations.cs)).toEqual(['c1']);
      expect(t.linked(v, 'C', 'c1', c.entities.C.relations.as)).toEqual(['a1']);
    });
    expect(store.trees()).not.toContain('e:C.as');
  });

  test('a column type change converts the values (Int → String, Int → Float); values that cannot convert are data loss', async () => {
    const store = await populated();
    reopen(store, edit('  "The height of this person in centimeters."\n  height: Int', '  height: String').replace('  diameter: Int\n', '  diameter: Float\n'));
    expect(person(store, '1').height).toBe('172');
    const tatooine = swapi.json.Planet.find((p) => p.id === '1')!;
    expect(store.read((v) => { const c = readCatalog(v)!.catalog; const t = new Tables(c); return t.decode('Planet', '1', t.getRow(v, 'Planet', '1')!).diameter; })).toBe(tatooine.diameter);
    const before = dump(store);
    const err = refused(() => reopen(store, edit('  "The name of this person."\n  name: String! @index', '  name: Int @index')));
    expect(err.message).toContain(`Person.name (values that do not fit the new type): ${swapi.json.Person.length} non-null values would be lost`);
    expect(dump(store)).toBe(before);
  });

  test('an enum value in use cannot be removed without allowDataLoss', async () => {
    const sw = dataset('starwars');
    const { store, catalog } = memoryDb(sw.sdl);
    await loadInto(store, catalog, sw.json);
    const before = dump(store);
    const err = refused(() => reopen(store, sw.sdl.replace('  "Released in 1983."\n  JEDI\n', '')));
    expect(err.message).toContain('values that do not fit the new type');
    expect(dump(store)).toBe(before);
  });
});

/** A byte copy of a memory file (a disk image to start a faulty run from). */
function copy(file: MemoryFile): MemoryFile {
  const out = new MemoryFile();
  const bytes = new Uint8Array(file.size());
  file.read(0, bytes);
  if (bytes.length) out.write(0, bytes);
  return out;
}

/** A small memtable so the work spills and checkpoints: crash points fall inside it, not only at its commit. */
const SMALL = { cacheBytes: 8 * 4096, memtableBytes: 16 * 1024 };
type Files = { db: MemoryFile; wal: MemoryFile };

/** Runs `setup` on fresh files and closes the store: the durable images to start faulty runs from. */
async function imagesAfter(setup: (store: Store) => Promise<void>): Promise<Files> {
  const db = new FaultyFile(new MemoryFile());
  const wal = new FaultyFile(new MemoryFile());
  const store = Store.open({ file: db, wal, ...SMALL });
  await setup(store);
  store.close();
  return { db: db.crash('keep'), wal: wal.crash('keep') };
}

/** Opens copies of `files` under a fault clock crashing at `crashAt` and runs one transaction of `work`. */
async function faultyRun(files: Files, crashAt: number | undefined, work: (tx: ReturnType<Store['begin']>) => Promise<void> | void) {
  const clock = new FaultClock({ crashAt });
  const db = new FaultyFile(copy(files.db), { clock });
  const wal = new FaultyFile(copy(files.wal), { clock });
  let acknowledged = false;
  let store: Store | null = null;
  try {
    store = Store.open({ file: db, wal, ...SMALL });
    const tx = store.begin();
    await work(tx);
    tx.commit();
    acknowledged = true;
  } catch (e) {
    if (!clock.crashed) throw e;
  }
  return { clock, db, wal, store, acknowledged };
}

describe('a crash in the middle of a migration', () => {
  const V2 = edit('  birthYear: String\n', '  birthYear: String @index\n  rank: Int! @default(value: 7)\n');
  const populatedFiles = () => imagesAfter(async (store) => {
    let tx = store.begin();
    const { catalog } = openCatalog(tx, swapi.sdl, { now: 0 });
    tx.commit();
    tx = store.begin();
    await load(tx, catalog, swapi.json);
    tx.commit();
  });
  const migrate = (files: Files, crashAt: number | undefined) => faultyRun(files, crashAt, (tx) => void openCatalog(tx, V2, { now: 1 }));

  test('reopening after a crash at write/flush points throughout the migration finds the old version intact or the new one complete', async () => {
    const files = await populatedFiles();
    const v1 = Store.open({ file: copy(files.db), wal: copy(files.wal), ...SMALL });
    const before = dump(v1);
    v1.close();
    const clean = await migrate(files, undefined);
    const after = dump(clean.store!);
    const points = clean.clock.points;
    expect(points).toBeGreaterThan(10);
    let sawOld = 0;
    let sawNew = 0;
    // Every point when there are few; otherwise an even spread (always including the last ones).
    const stride = Math.max(1, Math.ceil(points / 40));
    const chosen = new Set<number>();
    for (let p = 1; p <= points; p += stride) chosen.add(p);
    for (let p = Math.max(1, points - 5); p <= points; p++) chosen.add(p);
    for (const p of chosen) {
      const r = await migrate(files, p);
      expect(r.clock.crashed, `point ${p}`).toBe(true);
      for (const mode of ['drop', 'keep'] as const) {
        const reopened = Store.open({ file: r.db.crash(mode), wal: r.wal.crash(mode), ...SMALL });
        const version = reopened.read((v) => readCatalog(v)!.version);
        if (version === 1) {
          expect(r.acknowledged, `point ${p}: an acknowledged migration was lost`).toBe(false);
          sawOld++;
          expect(dump(reopened), `point ${p} ${mode}`).toBe(before);
        } else {
          sawNew++;
          expect(version).toBe(2);
          expect(dump(reopened), `point ${p} ${mode}`).toBe(after);
        }
        reopened.close();
      }
    }
    expect(sawOld).toBeGreaterThan(0);
    expect(sawNew).toBeGreaterThan(0);
  });
});

describe('relationship changes on a populated database', () => {
  test('a new to-one starts null (with its FK index); onDelete changes need no data change; a to-one whose target changes loses its values', async () => {
    const store = await populated();
    const withCapital = edit('  residents: [Person]\n', '  residents: [Person]\n  capital: Starship\n');
    const r = reopen(store, withCapital);
    expect(r.plan!.changes).toContain('add to-one Planet.capital');
    expect(r.catalog.entities.Planet.relations.capital).toMatchObject({ kind: 'toOne', inverse: null, onDelete: 'SET_NULL' });
    expect(store.read((v) => v.count('i:Planet.fk_capital'))).toBe(swapi.json.Planet.length);
    const cascade = edit('  homeworld: Planet @relation(inverse: "residents")', '  homeworld: Planet @relation(inverse: "residents", onDelete: CASCADE)', withCapital);
    const before = dump(store, { catalog: false });
    const r2 = reopen(store, cascade);
    expect(r2.catalog.entities.Person.relations.homeworld.onDelete).toBe('CASCADE');
    expect(dump(store, { catalog: false })).toBe(before);
    const retarget = edit('  homeworld: Planet @relation(inverse: "residents", onDelete: CASCADE)', '  homeworld: Moon', cascade).replace('  residents: [Person]\n', '') + '\ntype Moon { id: ID! }\n';
    const withHomeworld = swapi.json.Person.filter((p) => p.homeworld != null).length;
    expect(refused(() => reopen(store, retarget)).message).toContain(`Person.homeworld: ${withHomeworld} non-null values would be lost`);
  });
});

describe('a crash in the middle of a load', () => {
  test('reopening after a crash at any write or flush point of a load finds none of it or all of it', async () => {
    const files = await imagesAfter(async (store) => {
      const tx = store.begin();
      openCatalog(tx, swapi.sdl, { now: 0 });
      tx.commit();
    });
    const run = (crashAt: number | undefined) => faultyRun(files, crashAt, (tx) => load(tx, readCatalog(tx)!.catalog, swapi.json).then(() => undefined));
    const clean = await run(undefined);
    const rows = Object.values(swapi.json).reduce((n, r) => n + r.length, 0);
    let none = 0;
    let all = 0;
    for (let p = 1; p <= clean.clock.points; p++) {
      const r = await run(p);
      const reopened = Store.open({ file: r.db.crash('drop'), wal: r.wal.crash('drop'), ...SMALL });
      const found = reopened.read((v) => Object.keys(swapi.json).reduce((n, t) => n + v.count(`r:${t}`), 0));
      expect([0, rows], `point ${p}`).toContain(found);
      if (r.acknowledged) expect(found, `point ${p}: an acknowledged load was lost`).toBe(rows);
      if (found === 0) none++;
      else all++;
      reopened.close();
    }
    expect(none).toBeGreaterThan(0);
    expect(all).toBeGreaterThan(0);
  });
});

describe('changes that touch no data', () => {
  test('descriptions, deprecations, defaults and onDelete change only the catalog', async () => {
    const store = await populated();
    const rowsBefore = dump(store, { catalog: false });
    const sdl = edit('  "The name of this person."\n  name: String! @index', '  "Renamed description."\n  name: String! @index @deprecated(reason: "use fullName")')
      .replace('  birthYear: String\n', '  birthYear: String @default(value: "0BBY")\n');
    const r = reopen(store, sdl);
    expect(r.status).toBe('migrated');
    expect(r.plan!.entities.every((e) => !e.rewrite && e.rebuild.length === 0)).toBe(true);
    expect(r.catalog.entities.Person.columns.name).toMatchObject({ description: 'Renamed description.', deprecated: { reason: 'use fullName' } });
    expect(dump(store, { catalog: false })).toBe(rowsBefore);
  });
});
