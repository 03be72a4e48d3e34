// What each demo example must answer, computed straight from public/swapi/data.json with plain
// array code (a model of API.md's semantics: code-point order, nulls, pk tie-breaks), never by the
// engine. Shared by the Node specs (engine in memory) and the browser specs (the built demo).

import { readFileSync } from 'node:fs';

export interface Row {
  id: string;
  [field: string]: unknown;
}
export type Dataset = Record<'Film' | 'Person' | 'Planet' | 'Species' | 'Starship' | 'Vehicle', Row[]>;

export const DATA_URL = new URL('../../public/swapi/data.json', import.meta.url);
export const swapi: Dataset = JSON.parse(readFileSync(DATA_URL, 'utf8')) as Dataset;

/** Code-point order (API.md: strings and IDs compare by code point). */
export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const byId = (type: keyof Dataset, id: unknown): Row | undefined => swapi[type].find((r) => r.id === id);
const sortBy = <T>(rows: T[], ...keys: ((row: T) => number)[]): T[] =>
  [...rows].sort((a, b) => {
    for (const key of keys) {
      const d = key(a) - key(b);
      if (d) return d;
    }
    return 0;
  });
const name = (r: Row) => r.name as string;
const pkOrder = (rows: Row[]) => [...rows].sort((a, b) => byCodePoint(a.id, b.id));

/** The starships a person pilots (Person.starships, the inverse of Starship.pilots), pk order. */
function starshipsOf(person: Row): Row[] {
  return pkOrder(swapi.Starship.filter((s) => (s.pilots as string[] | undefined)?.includes(person.id)));
}

export function expectedRelationships(filmId: string) {
  const film = byId('Film', filmId)!;
  const cast = (film.characters as string[]).map((id) => byId('Person', id)!);
  const first5 = [...cast].sort((a, b) => byCodePoint(name(a), name(b)) || byCodePoint(a.id, b.id)).slice(0, 5);
  return {
    film: {
      title: film.title,
      episodeId: film.episodeId,
      director: film.director,
      characters: first5.map((p) => {
        const home = byId('Planet', p.homeworld);
        return {
          name: p.name,
          homeworld: home ? { name: home.name, climates: home.climates ?? null } : null,
          starships: starshipsOf(p).map((s) => ({ name: s.name })),
        };
      }),
    },
  };
}

export function expectedFilters() {
  const naboo = swapi.Planet.find((p) => p.name === 'Naboo')!;
  const hit = swapi.Person.filter(
    (p) => (p.eyeColor === 'blue' && typeof p.height === 'number' && p.height > 180) || p.homeworld === naboo.id,
  );
  return {
    people: [...hit]
      .sort((a, b) => byCodePoint(name(a), name(b)) || byCodePoint(a.id, b.id))
      .map((p) => {
        const home = byId('Planet', p.homeworld);
        return { name: p.name, height: p.height ?? null, eyeColor: p.eyeColor ?? null, homeworld: home ? { name: home.name } : null };
      }),
  };
}

export function expectedOrdering() {
  const known = swapi.Planet.filter((p) => typeof p.population === 'number');
  const top = [...known].sort((a, b) => (b.population as number) - (a.population as number) || byCodePoint(name(a), name(b)) || byCodePoint(a.id, b.id));
  return { planets: top.slice(0, 5).map((p) => ({ name: p.name, population: p.population, terrains: p.terrains ?? null })) };
}

/** Starships by name, as pages of `size`: what the connection's nodes must be, page by page. */
export function expectedStarshipPages(size: number) {
  const ordered = [...swapi.Starship].sort((a, b) => byCodePoint(name(a), name(b)) || byCodePoint(a.id, b.id));
  const pages: { name: unknown; model: unknown; costInCredits: unknown }[][] = [];
  for (let i = 0; i < ordered.length; i += size) {
    pages.push(ordered.slice(i, i + size).map((s) => ({ name: s.name, model: s.model ?? null, costInCredits: s.costInCredits ?? null })));
  }
  return { totalCount: ordered.length, pages };
}

const numbers = (rows: Row[], field: string) => rows.map((r) => r[field]).filter((v): v is number => typeof v === 'number');
const avg = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

export function expectedAggregates() {
  const people = swapi.Person;
  const heights = numbers(people, 'height');
  const masses = numbers(people, 'mass');
  const costed = numbers(swapi.Starship, 'costInCredits');
  return {
    peopleAggregate: {
      count: people.length,
      min: { height: Math.min(...heights), mass: Math.min(...masses) },
      max: { height: Math.max(...heights), mass: Math.max(...masses) },
      avg: { height: avg(heights), mass: avg(masses) },
    },
    starshipsAggregate: { count: costed.length, sum: { costInCredits: costed.reduce((a, b) => a + b, 0) } },
    planet: { name: byId('Planet', '1')!.name, residentsAggregate: { count: people.filter((p) => p.homeworld === '1').length } },
  };
}

export function expectedInterface() {
  const all = [
    ...swapi.Starship.map((s) => ({ row: s, type: 'Starship' })),
    ...swapi.Vehicle.map((v) => ({ row: v, type: 'Vehicle' })),
  ].filter(({ row }) => name(row).startsWith('A'));
  all.sort((a, b) => byCodePoint(name(a.row), name(b.row)) || byCodePoint(a.row.id, b.row.id) || byCodePoint(a.type, b.type));
  return {
    transports: all.map(({ row, type }) => ({
      __typename: type,
      name: row.name,
      length: row.length ?? null,
      ...(type === 'Starship' ? { starshipClass: row.starshipClass ?? null } : { vehicleClass: row.vehicleClass ?? null }),
    })),
  };
}

/** The live panel's list: starships with a known cost, most expensive first, `costs` overriding. */
export function expectedLiveList(costs: Record<string, number> = {}) {
  const ships = swapi.Starship.map((s) => ({ id: s.id, name: name(s), costInCredits: costs[s.id] ?? (s.costInCredits as number | null) }));
  return ships
    .filter((s) => typeof s.costInCredits === 'number')
    .sort((a, b) => b.costInCredits! - a.costInCredits! || byCodePoint(a.name, b.name) || byCodePoint(a.id, b.id))
    .slice(0, 6);
}

/** Numbers compared to 9 significant digits (averages and sums are floats). */
export function roundFloats(value: unknown): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? value : Number(value.toPrecision(9));
  if (Array.isArray(value)) return value.map(roundFloats);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, roundFloats(v)]));
  return value;
}
