// Test helpers for the catalog: parse SDL (graphql-js as the oracle parser until src/graphql's
// parser lands) and build a catalog; read the shared datasets.
import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { buildCatalog } from '../../src/catalog/build.ts';
import type { Catalog } from '../../src/catalog/model.ts';
import type { DocumentNode } from '../../src/graphql/ast.ts';

export const DATA = '/work/shared/data';

export function parseSDL(sdl: string): DocumentNode {
  return parse(sdl) as unknown as DocumentNode;
}

export function catalogOf(sdl: string): Catalog {
  return buildCatalog(parseSDL(sdl), sdl);
}

/** The SCHEMA_ERROR problems of an SDL (fails when it builds). */
export function schemaProblems(sdl: string): { message: string; locations: { line: number; column: number }[] }[] {
  try {
    catalogOf(sdl);
  } catch (e) {
    const err = e as { extensions?: { code?: string; errors?: { message: string; locations: { line: number; column: number }[] }[] } };
    if (err.extensions?.code !== 'SCHEMA_ERROR') throw e;
    return err.extensions.errors ?? [];
  }
  throw new Error('expected a SCHEMA_ERROR');
}

export const dataset = (name: 'swapi' | 'starwars') => ({
  sdl: readFileSync(`${DATA}/${name}/schema.graphql`, 'utf8'),
  json: JSON.parse(readFileSync(`${DATA}/${name}/data.json`, 'utf8')) as Record<string, Record<string, unknown>[]>,
});
