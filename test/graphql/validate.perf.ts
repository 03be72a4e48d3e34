// Validate throughput of Quire vs graphql-js on a large valid query document against the SWAPI
// test schema, measured in one run (warm-up, then the median of batches, in process CPU time).
// Not a test (no timing assertions): call benchValidate() from a scratch runner or the bench script.

import * as graphqlJs from 'graphql';
import { parse } from '../../src/graphql/parser.ts';
import { buildSchema } from '../../src/graphql/type/index.ts';
import { validate } from '../../src/graphql/validation/index.ts';
import { largeValidDocument } from './fixtures-validation/largeDocument.ts';
import { SWAPI_SDL } from './fixtures-validation/schemas.ts';

export interface BenchValidateResult {
  readonly bytes: number;
  readonly quireOpsPerSec: number;
  readonly graphqlJsOpsPerSec: number;
  /** quireOpsPerSec / graphqlJsOpsPerSec. */
  readonly ratio: number;
}

/** CPU milliseconds used by this process (wall time on a shared machine measures the neighbours). */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

function opsPerSec(fn: () => unknown, batches: number, minBatchMs: number): number {
  let iterations = 1;
  for (;;) {
    const t0 = cpuMs();
    for (let i = 0; i < iterations; i++) fn();
    if (cpuMs() - t0 >= minBatchMs) break;
    iterations *= 2;
  }
  const rates: number[] = [];
  for (let b = 0; b < batches; b++) {
    const t0 = cpuMs();
    for (let i = 0; i < iterations; i++) fn();
    rates.push(iterations / ((cpuMs() - t0) / 1000));
  }
  rates.sort((a, b) => a - b);
  return rates[rates.length >> 1]!;
}

/** Quire's validate vs graphql-js's validate, same document (parsed once by each), same run. */
export function benchValidate(options: { batches?: number; minBatchMs?: number } = {}): BenchValidateResult {
  const source = largeValidDocument();
  const schema = buildSchema(SWAPI_SDL);
  const referenceSchema = graphqlJs.buildSchema(SWAPI_SDL);
  const document = parse(source, { maxTokens: Infinity });
  const referenceDocument = graphqlJs.parse(source);
  if (validate(schema, document).length !== 0 || graphqlJs.validate(referenceSchema, referenceDocument).length !== 0) {
    throw new Error('the benchmark document must be valid for both');
  }
  const batches = options.batches ?? 9;
  const minBatchMs = options.minBatchMs ?? 200;
  // Warm-up both, then measure alternately so both see the same machine conditions.
  opsPerSec(() => validate(schema, document), 2, minBatchMs);
  opsPerSec(() => graphqlJs.validate(referenceSchema, referenceDocument), 2, minBatchMs);
  const quireOpsPerSec = opsPerSec(() => validate(schema, document), batches, minBatchMs);
  const graphqlJsOpsPerSec = opsPerSec(() => graphqlJs.validate(referenceSchema, referenceDocument), batches, minBatchMs);
  return { bytes: source.length, quireOpsPerSec, graphqlJsOpsPerSec, ratio: quireOpsPerSec / graphqlJsOpsPerSec };
}
