// Hostile NDJSON streams: one endless line fed in thousands of chunks is refused as a coded problem in
// linear time (never quadratic rescans, never unbounded memory), and lines split across chunks at
// every position still load exactly.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_NDJSON_LINE } from '../../src/catalog/records.ts';
import { openDatabase } from '../../src/node/index.ts';

const shared = join(import.meta.dirname, '../../../shared/data/starwars');
const sdl = readFileSync(join(shared, 'schema.graphql'), 'utf8');
const data = JSON.parse(readFileSync(join(shared, 'data.json'), 'utf8')) as Record<string, Record<string, unknown>[]>;

async function* chunks(text: string, size: number): AsyncGenerator<string> {
  for (let at = 0; at < text.length; at += size) yield text.slice(at, at + size);
}

describe('NDJSON streams', () => {
  it('an endless line is a BAD_USER_INPUT problem, found in one linear pass, and nothing is stored', async () => {
    const db = await openDatabase({ memory: true, schema: sdl });
    const first = `${JSON.stringify({ type: 'Human', record: { ...data.Human![0], friends: [] } })}\n`;
    const endless = `{"type":"Human","record":{"id":"9","name":"${'x'.repeat(MAX_NDJSON_LINE + 10)}"}}\n`;
    const error = await db.load(chunks(first + endless, 16 * 1024) as unknown as string).catch((e: unknown) => e);
    expect((error as { extensions: { code: string } }).extensions.code).toBe('BAD_USER_INPUT');
    expect((error as { extensions: { problems: { path: string; message: string }[] } }).extensions.problems).toEqual([
      { path: 'line 2', message: `longer than ${MAX_NDJSON_LINE} characters` },
    ]);
    expect((await db.query<{ humansAggregate: { count: number } }>('{ humansAggregate { count } }')).data!.humansAggregate.count).toBe(0);
    await db.close();
  });

  it('lines split at every chunk size load the same rows', async () => {
    const lines = Object.entries(data).flatMap(([type, records]) => records.map((record) => JSON.stringify({ type, record })));
    const text = `${lines.join('\n')}\n`;
    for (const size of [1, 7, 64, 1000, text.length]) {
      const db = await openDatabase({ memory: true, schema: sdl });
      const summary = await db.load(chunks(text, size) as unknown as string);
      expect(summary.rows).toEqual({ Human: data.Human!.length, Droid: data.Droid!.length });
      await db.close();
    }
  });
});
