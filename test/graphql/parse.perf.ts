// Parse throughput of Quire vs graphql-js, measured in one run (CPU time, interleaved batches) on
// (a) a large SWAPI query document and (b) the SWAPI SDL. Not a test: the bench harness calls it.

import { readFileSync } from 'node:fs';
import * as graphqlJs from 'graphql';
import { parse } from '../../src/graphql/parser.ts';
import { swapiQueryDocument } from './swapi-queries.ts';

export interface ParseThroughput {
  /** quireOpsPerSec / graphqlJsOpsPerSec. */
  readonly ratio: number;
  readonly quireOpsPerSec: number;
  readonly graphqlJsOpsPerSec: number;
  readonly quireMBs: number;
  readonly graphqlJsMBs: number;
}

export interface BenchParseResult {
  readonly query: ParseThroughput & { readonly bytes: number };
  readonly sdl: ParseThroughput & { readonly bytes: number };
}

/**
 * Milliseconds of CPU time this process has used: on a shared, oversubscribed machine wall-clock
 * time mostly measures the other tenants, CPU time measures the work.
 */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1]!;
}

/** Iterations of `fn` that take at least `minMs`. */
function calibrate(fn: () => unknown, minMs: number): number {
  let iterations = 1;
  for (;;) {
    const t0 = cpuMs();
    for (let i = 0; i < iterations; i++) fn();
    if (cpuMs() - t0 >= minMs) return iterations;
    iterations *= 2;
  }
}

function timeBatch(fn: () => unknown, iterations: number): number {
  const t0 = cpuMs();
  for (let i = 0; i < iterations; i++) fn();
  return iterations / ((cpuMs() - t0) / 1000);
}

/**
 * Ops/s of Quire and graphql-js on `source`: warm-up, then `batches` timed batches of each,
 * interleaved (so machine noise hits both alike), reporting each side's median batch.
 */
function compare(source: string, batches = 11, batchMs = 80): ParseThroughput & { bytes: number } {
  const bytes = new TextEncoder().encode(source).length;
  const options = { maxTokens: Infinity };
  const quire = () => parse(source, options);
  const reference = () => graphqlJs.parse(source);
  for (let i = 0; i < 300; i++) {
    quire();
    reference();
  }
  const quireIterations = calibrate(quire, batchMs);
  const referenceIterations = calibrate(reference, batchMs);
  const quireRates: number[] = [];
  const referenceRates: number[] = [];
  for (let b = 0; b < batches; b++) {
    quireRates.push(timeBatch(quire, quireIterations));
    referenceRates.push(timeBatch(reference, referenceIterations));
  }
  const quireOpsPerSec = median(quireRates);
  const graphqlJsOpsPerSec = median(referenceRates);
  return {
    bytes,
    ratio: quireOpsPerSec / graphqlJsOpsPerSec,
    quireOpsPerSec,
    graphqlJsOpsPerSec,
    quireMBs: (quireOpsPerSec * bytes) / 1e6,
    graphqlJsMBs: (graphqlJsOpsPerSec * bytes) / 1e6,
  };
}

export function benchParse(): BenchParseResult {
  const sdlPath = new URL('../../../shared/data/swapi/schema.graphql', import.meta.url);
  const sdlFallback = '/work/shared/data/swapi/schema.graphql';
  let sdl: string;
  try {
    sdl = readFileSync(sdlPath, 'utf8');
  } catch {
    sdl = readFileSync(sdlFallback, 'utf8');
  }
  // A document arrives as one flat string (from a file, a request body or postMessage); the
  // generator concatenates, so flatten it the way such a string would be built.
  const query = JSON.parse(JSON.stringify(swapiQueryDocument(2))) as string;
  return { query: compare(query), sdl: compare(sdl) };
}
