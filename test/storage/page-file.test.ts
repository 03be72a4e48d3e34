// The PageFile backends agree with a plain byte-array model under random writes, reads,
// truncations and reopen (Node file), so the engine can treat them as interchangeable.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryFile } from '../../src/storage/file/memory.ts';
import { NodeFile } from '../../src/storage/file/node.ts';
import { FileError, type PageFile } from '../../src/storage/file/page-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'quire-pagefile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Op =
  | { kind: 'write'; at: number; bytes: Uint8Array }
  | { kind: 'read'; at: number; length: number }
  | { kind: 'truncate'; size: number }
  | { kind: 'flush' };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('write' as const), at: fc.nat(20_000), bytes: fc.uint8Array({ minLength: 1, maxLength: 5000 }) }),
  fc.record({ kind: fc.constant('read' as const), at: fc.nat(25_000), length: fc.integer({ min: 1, max: 9000 }) }),
  fc.record({ kind: fc.constant('truncate' as const), size: fc.nat(25_000) }),
  fc.constant({ kind: 'flush' as const }),
);

/** Runs `ops` on `file` and on a model; returns the model's final bytes. */
function runAgainstModel(file: PageFile, ops: Op[]): Uint8Array {
  let model = new Uint8Array(0);
  for (const o of ops) {
    if (o.kind === 'write') {
      expect(file.write(o.at, o.bytes)).toBe(o.bytes.length);
      const end = Math.max(model.length, o.at + o.bytes.length);
      const next = new Uint8Array(end);
      next.set(model);
      next.set(o.bytes, o.at);
      model = next;
    } else if (o.kind === 'read') {
      const into = new Uint8Array(o.length);
      const n = file.read(o.at, into);
      const expected = model.subarray(Math.min(o.at, model.length), Math.min(o.at + o.length, model.length));
      expect(n).toBe(expected.length);
      expect(into.subarray(0, n)).toEqual(expected);
    } else if (o.kind === 'truncate') {
      file.truncate(o.size);
      const next = new Uint8Array(o.size);
      next.set(model.subarray(0, Math.min(o.size, model.length)));
      model = next;
    } else {
      file.flush();
    }
    expect(file.size()).toBe(model.length);
  }
  return model;
}

describe('PageFile backends', () => {
  it('MemoryFile behaves like a byte array', () => {
    fc.assert(fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
      runAgainstModel(new MemoryFile(), ops);
    }), { numRuns: 300 });
  });

  it('NodeFile behaves like a byte array and keeps its bytes across reopen', () => {
    let run = 0;
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const path = join(dir, `f${run++}.bin`);
        const file = new NodeFile(path);
        const model = runAgainstModel(file, ops);
        file.flush();
        file.close();
        const reopened = new NodeFile(path);
        const all = new Uint8Array(model.length);
        expect(reopened.read(0, all)).toBe(model.length);
        expect(all).toEqual(model);
        reopened.close();
      }),
      { numRuns: 100 },
    );
  });

  it('a closed file refuses every call with FILE_CLOSED', () => {
    for (const file of [new MemoryFile(), new NodeFile(join(dir, 'closed.bin'))]) {
      file.write(0, new Uint8Array([1, 2, 3]));
      file.close();
      for (const call of [() => file.read(0, new Uint8Array(1)), () => file.write(0, new Uint8Array(1)), () => file.size(), () => file.flush()]) {
        expect(call).toThrow(FileError);
        try {
          call();
        } catch (error) {
          expect((error as FileError).code).toBe('FILE_CLOSED');
        }
      }
    }
  });
});
