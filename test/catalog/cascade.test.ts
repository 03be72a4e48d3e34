// onDelete: CASCADE through long chains: deleting the root of a 20,000-deep thread deletes every
// descendant (no stack overflow), SET_NULL and RESTRICT still apply inside the cascade, and a
// RESTRICT anywhere refuses the whole delete.
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/node/index.ts';

const sdl = `
type Comment {
  id: ID!
  text: String
  parent: Comment @relation(onDelete: CASCADE)
  pinnedBy: Pin
}
type Pin { id: ID! comment: Comment @relation(onDelete: SET_NULL) }
type Lock { id: ID! comment: Comment! @relation(onDelete: RESTRICT) }
`;

const chain = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `c${i}`, text: `#${i}`, ...(i ? { parent: `c${i - 1}` } : {}) }));

describe('CASCADE deletes', () => {
  it('a 20,000-deep chain goes with its root; SET_NULL referrers inside it are cleared', async () => {
    const db = await openDatabase({ memory: true, schema: sdl });
    await db.load({ Comment: chain(20_000), Pin: [{ id: 'p1', comment: 'c19999' }] });
    const result = await db.query('mutation { deleteComment(id: "c0") { id } }');
    expect(result).toEqual({ data: { deleteComment: { id: 'c0' } } });
    const after = await db.query<{ commentsAggregate: { count: number }; pin: { comment: unknown } }>('{ commentsAggregate { count } pin(id: "p1") { comment { id } } }');
    expect(after.data).toEqual({ commentsAggregate: { count: 0 }, pin: { comment: null } });
    await db.close();
  });

  it('a RESTRICT deep inside the cascade refuses the whole delete and changes nothing', async () => {
    const db = await openDatabase({ memory: true, schema: sdl });
    await db.load({ Comment: chain(5_000), Lock: [{ id: 'l1', comment: 'c4999' }] });
    const result = await db.query('mutation { deleteComment(id: "c0") { id } }');
    expect(result.data ?? null).toBeNull();
    expect(result.errors![0]!.extensions!.code).toBe('CONSTRAINT_VIOLATION');
    const after = await db.query<{ commentsAggregate: { count: number } }>('{ commentsAggregate { count } }');
    expect(after.data!.commentsAggregate.count).toBe(5_000);
    await db.close();
  });
});
