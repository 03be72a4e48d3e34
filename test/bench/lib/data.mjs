// The bench datasets: synthetic SWAPI data (../shared/data/swapi/generate.mjs) projected to the
// tables every system loads (planets, people with their film ids, films), cached by size.
// It never alters the generator's values; ids become numbers so every system keys them alike.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The generator, relative to the repo root as in CI (`../shared`). */
export const generatorPath = (repoRoot) => path.resolve(repoRoot, '../shared/data/swapi/generate.mjs');

function generate(generator, people) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [generator, '--people', String(people)], { stdio: ['ignore', 'pipe', 'inherit'] });
    const chunks = [];
    child.stdout.on('data', (c) => chunks.push(c));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))) : reject(new Error(`generate.mjs exited ${code}`)));
  });
}

const num = (id) => (id == null ? null : Number(id));

/** The projection every system loads (see browser/shared/protocol.ts Dataset). */
export function project(swapi) {
  return {
    planets: swapi.Planet.map((p) => ({ id: num(p.id), name: p.name, climate: p.climates?.[0] ?? null, population: p.population })),
    people: swapi.Person.map((p) => ({
      id: num(p.id), name: p.name, height: p.height, mass: p.mass, birthYear: p.birthYear, homeworld: num(p.homeworld),
      films: (p.films ?? []).map(Number).sort((a, b) => a - b),
    })),
    films: swapi.Film.map((f) => ({ id: num(f.id), title: f.title, director: f.director, releaseDate: f.releaseDate })),
  };
}

/** Ensures `<cacheDir>/people-<n>.json` exists; returns its name and table sizes. */
export async function ensureDataset(repoRoot, cacheDir, people) {
  mkdirSync(cacheDir, { recursive: true });
  const name = `people-${people}.json`;
  const file = path.join(cacheDir, name);
  const metaFile = `${file}.meta`;
  if (!existsSync(file) || !existsSync(metaFile)) {
    const data = project(await generate(generatorPath(repoRoot), people));
    writeFileSync(file, JSON.stringify(data));
    const meta = { people: data.people.length, planets: data.planets.length, films: data.films.length,
      links: data.people.reduce((n, p) => n + p.films.length, 0),
      // Heights of every 97th person: W3's ranges start at heights people really have.
      heightSample: data.people.filter((p, i) => i % 97 === 0 && p.height !== null).map((p) => p.height) };
    writeFileSync(metaFile, JSON.stringify(meta));
  }
  return { name, ...JSON.parse(readFileSync(metaFile, 'utf8')) };
}
