// The point-lookup measurement (hash.perf.ts) runs and compares like with like: both structures
// hold the same entries and return the same bytes for every sampled key. With HASH_PERF=1 it
// also runs at 100,000 and 1,000,000 keys and prints the numbers (by hand; never in CI).
import { describe, expect, it } from 'vitest';
import { measurePointLookups, measureStoreLookups } from './hash.perf.ts';

describe('hash vs B+tree point-lookup measurement', () => {
  it('measures both structures over the same entries, which agree', () => {
    const m = measurePointLookups(3000, 2000, 1);
    expect(m.agree).toBe(true);
    expect(m.keys).toBe(3000);
    expect(m.hash.pages).toBeGreaterThan(1);
    expect(m.btree.height).toBeGreaterThan(1);
  });

  it('measures both tree kinds through the Store, which agree', () => {
    const m = measureStoreLookups(3000, 2000, 1);
    expect(m.agree).toBe(true);
    expect(m.keys).toBe(3000);
  });

  if (process.env.HASH_PERF) {
    it('100,000 and 1,000,000 keys (HASH_PERF=1)', () => {
      for (const n of [100_000, 1_000_000]) {
        const m = measurePointLookups(n);
        console.log(JSON.stringify(m, null, 2));
        expect(m.agree).toBe(true);
        const s = measureStoreLookups(n);
        console.log(JSON.stringify(s, null, 2));
        expect(s.agree).toBe(true);
      }
    }, 600_000);
  }
});
