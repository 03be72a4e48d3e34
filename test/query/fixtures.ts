// Shared test fixtures of the query engine: the two datasets' schemas built into catalogs.
import { readFileSync } from 'node:fs';
import { parse } from '../../src/graphql/parser.ts';
import { buildCatalog } from '../../src/catalog/build.ts';
import type { Catalog } from '../../src/catalog/model.ts';

export const DATA = '/work/shared/data';
export const swapiSdl = readFileSync(`${DATA}/swapi/schema.graphql`, 'utf8');
export const starwarsSdl = readFileSync(`${DATA}/starwars/schema.graphql`, 'utf8');
export const swapiData = JSON.parse(readFileSync(`${DATA}/swapi/data.json`, 'utf8')) as Record<string, Record<string, unknown>[]>;
export const starwarsData = JSON.parse(readFileSync(`${DATA}/starwars/data.json`, 'utf8')) as Record<string, Record<string, unknown>[]>;

export function catalogOf(sdl: string): Catalog {
  return buildCatalog(parse(sdl), sdl);
}
