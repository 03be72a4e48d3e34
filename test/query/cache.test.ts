// The result cache against a model: an LRU of results, each evicted by any invalidation naming
// one of the trees it read; what it keeps per tree stays bounded by what it holds.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ResultCache } from '../../src/query/cache.ts';

type Op = { kind: 'set'; key: string; trees: string[] } | { kind: 'get'; key: string } | { kind: 'invalidate'; trees: string[] | 'all' };

const key = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f');
const trees = fc.uniqueArray(fc.constantFrom('t1', 't2', 't3'), { maxLength: 3 });
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), key, trees }),
  fc.record({ kind: fc.constant('get' as const), key }),
  fc.record({ kind: fc.constant('invalidate' as const), trees: fc.oneof(trees, fc.constant('all' as const)) }),
);

describe('ResultCache', () => {
  it('behaves as an LRU whose entries any invalidation of a tree they read evicts', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 4 }), fc.array(op, { maxLength: 60 }), (capacity, ops) => {
      const cache = new ResultCache<string>(capacity);
      let model: { key: string; value: string; trees: string[] }[] = []; // oldest first
      ops.forEach((o, i) => {
        if (o.kind === 'set') {
          model = model.filter((m) => m.key !== o.key);
          model.push({ key: o.key, value: `v${i}`, trees: o.trees });
          if (model.length > capacity) model.shift();
          cache.set(o.key, `v${i}`, new Set(o.trees));
        } else if (o.kind === 'get') {
          const m = model.find((x) => x.key === o.key);
          if (m) { model = model.filter((x) => x !== m); model.push(m); }
          expect(cache.get(o.key)).toBe(m?.value);
        } else {
          model = o.trees === 'all' ? [] : model.filter((m) => !m.trees.some((t) => (o.trees as string[]).includes(t)));
          cache.invalidate(o.trees);
        }
      });
      for (const m of model) expect(cache.get(m.key)).toBe(m.value);
    }), { numRuns: 500 });
  });

  it('a result set again under the same key depends only on its new trees', () => {
    const cache = new ResultCache<number>(4);
    cache.set('q', 1, new Set(['people']));
    cache.set('q', 2, new Set(['films']));
    cache.invalidate(['people']);
    expect(cache.get('q')).toBe(2);
    cache.invalidate(['films']);
    expect(cache.get('q')).toBeUndefined();
  });

  it('keeps no per-tree record of results it has evicted', () => {
    const cache = new ResultCache<number>(2);
    for (let i = 0; i < 1000; i++) cache.set(`k${i}`, i, new Set(['people']));
    const byTree = (cache as unknown as { byTree: Map<string, Set<string>> }).byTree;
    expect(byTree.get('people')?.size).toBe(2);
  });
});
