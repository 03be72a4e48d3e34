// Strings with lone surrogates (any UTF-16 a caller can send): stored well-formed once, on write
// (each lone surrogate becomes U+FFFD, as UTF-8 stores it), so a row, its index entries and the keys
// that refer to it agree — and the compiled list answers exactly as the general executor does.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wellFormed } from '../../src/catalog/values.ts';
import { openTestDb } from './fixtures.ts';

const sdl = 'type Item @plural(name: "items") { id: ID! s: String @index parent: Item }';
const text = fc.string({ unit: 'binary', maxLength: 4 });

describe('strings with lone surrogates', () => {
  it('are stored well-formed in rows, indexes and references; compiled and general lists agree', async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(fc.record({ id: text, s: fc.option(text, { nil: null }), parent: fc.option(fc.nat(), { nil: null }) }), { minLength: 1, maxLength: 8 }),
      fc.array(fc.tuple(fc.constantFrom('eq', 'gt', 'lte', 'in'), fc.oneof(text, fc.nat())), { minLength: 1, maxLength: 4 }),
      async (specs, probes) => {
        // Ids unique after normalization: a distinct prefix each.
        const ids = specs.map((x, i) => `${i}:${x.id}`);
        // A parent among the items before (the last is created by a mutation: its parent must exist).
        const items = specs.map((x, i) => ({ id: ids[i]!, s: x.s, parent: x.parent === null || i === 0 ? null : ids[x.parent % i]! }));
        const db = await openTestDb(sdl, { Item: items.slice(0, -1) });
        const last = items[items.length - 1]!;
        const created = db.engine.execute({ query: 'mutation($d: ItemCreateInput!) { createItem(data: $d) { id } }', variables: { d: last } });
        expect(created.errors).toBeUndefined();

        const all = db.engine.execute({ query: '{ items(orderBy: [{ id: ASC }]) { id s parent { id } } }' });
        const expected = items.map((x) => ({ id: wellFormed(x.id), s: x.s === null ? null : wellFormed(x.s), parent: x.parent === null ? null : { id: wellFormed(x.parent) } }));
        const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0); // UTF-16 order; ids differ in their ASCII prefix
        expect((all.data!['items'] as { id: string }[]).slice().sort(byId)).toEqual(expected.sort(byId));

        for (const [op, pick] of probes) {
          // An operand: a stored value as sent (maybe ill-formed), or made well-formed, or a fresh string.
          const raw = typeof pick === 'number' ? items[pick % items.length]!.s ?? '' : pick;
          for (const operand of [raw, wellFormed(raw)]) {
            const value = op === 'in' ? [operand, 'x'] : operand;
            for (const order of ['', ', orderBy: [{ s: DESC }]']) {
              const request = { query: `query($v: ${op === 'in' ? '[String!]' : 'String'}) { items(where: { s: { ${op}: $v } }${order}) { id s } }`, variables: { v: value } };
              expect(db.engine.execute(request), JSON.stringify(request)).toEqual(db.engine.explain(request).response);
            }
          }
          const found = db.engine.execute({ query: 'query($v: String) { items(where: { s: { eq: $v } }) { id } }', variables: { v: wellFormed(raw) } });
          const want = items.filter((x) => x.s !== null && wellFormed(x.s) === wellFormed(raw)).map((x) => wellFormed(x.id)).sort();
          expect((found.data!['items'] as { id: string }[]).map((x) => x.id).sort()).toEqual(want);
        }
      }), { numRuns: 60 });
  });

  it('wellFormed keeps pairs and replaces each lone surrogate', () => {
    expect(wellFormed('a\uD83D\uDE00b')).toBe('a\uD83D\uDE00b');
    expect(wellFormed('\uDC00\uD800')).toBe('\uFFFD\uFFFD');
    expect(wellFormed('x\uD800')).toBe('x\uFFFD');
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => {
      expect(new TextDecoder().decode(new TextEncoder().encode(s))).toBe(wellFormed(s)); // what UTF-8 makes of it
    }));
  });
});
