// Both shared datasets load; row and edge counts are checked against the raw JSON, counted here
// independently (both sides of every pair merged).
import { describe, expect, test } from 'vitest';
import { dataset, loadInto, memoryDb } from './helpers.ts';
import { hashLookup, Tables } from '../../src/catalog/tables.ts';

type Json = Record<string, Record<string, unknown>[]>;

/** Distinct unordered pairs of a relationship, from both sides as the file gives them. */
function pairs(json: Json, a: [string, string], b: [string, string] | null): Set<string> {
  const out = new Set<string>();
  for (const r of json[a[0]] ?? []) for (const id of (r[a[1]] as string[] | undefined) ?? []) out.add(`${r.id}|${id}`);
  if (b) for (const r of json[b[0]] ?? []) for (const id of (r[b[1]] as string[] | undefined) ?? []) out.add(`${id}|${r.id}`);
  return out;
}

describe('the shared datasets load', () => {
  test('swapi: every row, FK and many-to-many edge, both pair sides merged', async () => {
    const { sdl, json } = dataset('swapi');
    const { store, catalog } = memoryDb(sdl);
    const result = await loadInto(store, catalog, json);
    let tx = store.begin();
    for (const type of Object.keys(json)) expect(tx.count(catalog.entities[type].tree), type).toBe(json[type].length);
    const m2m: [[string, string], [string, string]][] = [
      [['Film', 'characters'], ['Person', 'films']], [['Film', 'planets'], ['Planet', 'films']],
      [['Film', 'starships'], ['Starship', 'films']], [['Film', 'vehicles'], ['Vehicle', 'films']],
      [['Film', 'species'], ['Species', 'films']], [['Species', 'people'], ['Person', 'species']],
      [['Starship', 'pilots'], ['Person', 'starships']], [['Vehicle', 'pilots'], ['Person', 'vehicles']],
    ];
    const tables = new Tables(catalog);
    expect(result.links).toBe(m2m.reduce((n, [a, b]) => n + pairs(json, a, b).size, 0));
    expect(result.rows).toEqual(Object.fromEntries(Object.entries(json).map(([t, r]) => [t, r.length])));
    for (const [a, b] of m2m) {
      const expected = pairs(json, a, b);
      const rel = catalog.entities[a[0]].relations[a[1]];
      const edge = catalog.edges[rel.edge!];
      expect(tx.count(edge.forwardTree), `${a.join('.')}`).toBe(expected.size);
      expect(tx.count(edge.backwardTree)).toBe(expected.size);
      // and each side reads the same pairs
      const got = new Set<string>();
      for (const r of json[a[0]]) for (const id of tables.linked(tx, a[0], r.id as string, rel)) got.add(`${r.id}|${id}`);
      expect(got).toEqual(expected);
      const back = catalog.entities[b[0]].relations[b[1]];
      const gotBack = new Set<string>();
      for (const r of json[b[0]]) for (const id of tables.linked(tx, b[0], r.id as string, back)) gotBack.add(`${id}|${r.id}`);
      expect(gotBack).toEqual(expected);
    }
    // to-ones: Person.homeworld (inverse Planet.residents) and Species.homeworld
    for (const [type, field] of [['Person', 'homeworld'], ['Species', 'homeworld']] as const) {
      const rel = catalog.entities[type].relations[field];
      const withFk = json[type].filter((r) => r[field] != null).length;
      expect(tx.count(rel.fkIndex!)).toBe(json[type].length); // every row is in the FK index (null FKs too)
      let nonNull = 0;
      for (const [, row] of tx.range(catalog.entities[type].tree)) if ((row as unknown[])[rel.slot] !== null) nonNull++;
      expect(nonNull).toBe(withFk);
    }
    // the hash index on Person.eyeColor lists exactly the people of each eye colour
    const byEye = new Map<unknown, string[]>();
    for (const r of json.Person) byEye.set(r.eyeColor ?? null, [...(byEye.get(r.eyeColor ?? null) ?? []), r.id as string]);
    for (const [eye, ids] of byEye) expect(hashLookup(tx, 'i:Person.hash_eyeColor', [eye as string | null]).sort()).toEqual(ids.sort());
    // rows loaded in bulk delete cleanly from it
    const first = json.Person.slice(0, 20);
    for (const r of first) tables.delete(tx, 'Person', r.id as string);
    for (const [eye, ids] of byEye) expect(hashLookup(tx, 'i:Person.hash_eyeColor', [eye as string | null]).sort()).toEqual(ids.filter((id) => !first.some((r) => r.id === id)).sort());
    tx.rollback();
    tx = store.begin();
    const planet1Residents = json.Person.filter((p) => p.homeworld === '1').map((p) => p.id).sort();
    expect(tables.linked(tx, 'Planet', '1', catalog.entities.Planet.relations.residents).map(String).sort()).toEqual(planet1Residents);
    // a row reads back as given
    const luke = json.Person.find((p) => p.id === '1')!;
    const row = tables.decode('Person', '1', tables.getRow(tx, 'Person', '1')!);
    for (const k of ['name', 'height', 'mass', 'created', 'homeworld']) expect(row[k]).toEqual(luke[k]);
  });

  test('starwars: interface implementations and the directed friends edges', async () => {
    const { sdl, json } = dataset('starwars');
    const { store, catalog } = memoryDb(sdl);
    await loadInto(store, catalog, json);
    const tx = store.begin();
    expect(tx.count('r:Human')).toBe(json.Human.length);
    expect(tx.count('r:Droid')).toBe(json.Droid.length);
    for (const type of ['Human', 'Droid']) {
      const edge = catalog.edges[`${type}.friends`];
      const expected = json[type].reduce((n, r) => n + (r.friends as string[]).length, 0);
      expect(tx.count(edge.forwardTree)).toBe(expected);
      expect(edge.polymorphic).toBe(true);
    }
    const tables = new Tables(catalog);
    const r2 = tables.linked(tx, 'Droid', '2001', catalog.entities.Droid.relations.friends);
    expect(r2).toEqual([['Human', '1000'], ['Human', '1002'], ['Human', '1003']]);
    const row = tables.decode('Human', '1000', tables.getRow(tx, 'Human', '1000')!);
    expect(row.appearsIn).toEqual(['NEWHOPE', 'EMPIRE', 'JEDI']);
  });
});
