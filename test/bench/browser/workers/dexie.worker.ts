// Peer: Dexie 4 on IndexedDB (strict durability) answering the workloads with its query API
// plus object assembly. Indexes: height (compound with id), homeworld, films (multi-entry).
import { expose } from 'comlink';
import Dexie, { type Table } from 'dexie';
import {
  RANGE_WIDTH, RANGE_LIMIT, aggregateOf, newMass,
  type Dataset, type FilmRow, type NestedPlanet, type PersonRow, type PersonView, type PlanetRow, type SystemApi,
} from '../shared/protocol.ts';
import { fetchDataset, runnerFor } from '../shared/runner.ts';

const NAME = 'bench-dexie';

class BenchDb extends Dexie {
  planets!: Table<PlanetRow, number>;
  people!: Table<PersonRow, number>;
  films!: Table<FilmRow, number>;
  constructor() {
    super(NAME, { chromeTransactionDurability: 'strict' });
    this.version(1).stores({ planets: 'id', people: 'id, [height+id], homeworld, *films', films: 'id' });
  }
}

let db: BenchDb | null = null;
const open = (): BenchDb => {
  if (!db) throw new Error('dexie: not open');
  return db;
};

const view = (p: PersonRow): PersonView => ({ id: p.id, name: p.name, height: p.height, mass: p.mass, birthYear: p.birthYear });

async function getPerson(id: number): Promise<PersonView | null> {
  const p = await open().people.get(id);
  return p ? view(p) : null;
}

async function range(lo: number) {
  const rows = await open()
    .people.where('[height+id]')
    .between([lo, Dexie.minKey], [lo + RANGE_WIDTH, Dexie.maxKey], true, true)
    .limit(RANGE_LIMIT)
    .toArray();
  return rows.map((p) => ({ id: p.id, name: p.name, height: p.height }));
}

async function nested(from: number): Promise<NestedPlanet[]> {
  const d = open();
  const to = from + 19;
  return d.transaction('r', d.planets, d.people, d.films, async () => {
    const [planets, people] = await Promise.all([
      d.planets.where('id').between(from, to, true, true).toArray(),
      d.people.where('homeworld').between(from, to, true, true).toArray(), // ordered by homeworld, then id
    ]);
    const filmIds = [...new Set(people.flatMap((p) => p.films))];
    const films = new Map(filmIds.map((id, i) => [id, i]));
    const titles = (await d.films.bulkGet(filmIds)).map((f) => f!.title);
    const out = new Map<number, NestedPlanet>(planets.map((p) => [p.id, { id: p.id, name: p.name, residents: [] }]));
    for (const p of people) {
      out.get(p.homeworld!)!.residents.push({ name: p.name, height: p.height, films: p.films.map((f) => ({ title: titles[films.get(f)!]! })) });
    }
    return [...out.values()];
  });
}

async function aggregate(planet: number) {
  let count = 0;
  let sum = 0;
  let n = 0;
  await open()
    .people.where('homeworld')
    .equals(planet)
    .each((p) => {
      count++;
      if (p.height !== null) (sum += p.height), n++;
    });
  return aggregateOf(count, sum, n);
}

async function update(id: number, tick: number) {
  await open().people.update(id, { mass: newMass(id, tick) });
  return { id };
}

const api: SystemApi = {
  async open(fresh) {
    if (fresh) await Dexie.delete(NAME);
    db = new BenchDb();
    await db.open();
  },
  async load(url) {
    const data = await fetchDataset<Dataset>(url);
    const d = open();
    const t0 = performance.now();
    await d.transaction('rw', d.planets, () => d.planets.bulkAdd(data.planets));
    await d.transaction('rw', d.films, () => d.films.bulkAdd(data.films));
    await d.transaction('rw', d.people, () => d.people.bulkAdd(data.people));
    const links = data.people.reduce((n, p) => n + p.films.length, 0);
    return { rows: data.planets.length + data.films.length + data.people.length + links, ms: performance.now() - t0 };
  },
  getPerson,
  ...runnerFor(() => ({ get: getPerson, range, nested, aggregate, update })),
  async close() {
    db?.close();
    db = null;
  },
};

expose(api);
