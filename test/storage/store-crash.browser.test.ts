// The Store on real OPFS in Chromium: a worker committing in a loop (small memtable, so checkpoints
// and header switches run all the time) is terminate()d at a random moment; a new worker reopens
// the files: every acknowledged commit is there, commits form a prefix (no holes), the checker passes.
import { afterAll, describe, expect, it } from 'vitest';
import type { StoreCrashReply, StoreCrashRequest } from '../workers/store-crash.api.ts';

const dirs: string[] = [];

function start(): Worker {
  return new Worker(new URL('../workers/store-crash.worker.ts', import.meta.url), { type: 'module' });
}

function verify(dir: string): Promise<Extract<StoreCrashReply, { verified: unknown }>['verified']> {
  const worker = start();
  return new Promise((resolve, reject) => {
    worker.onmessage = (e: MessageEvent<StoreCrashReply>) => {
      worker.terminate();
      if ('verified' in e.data) resolve(e.data.verified);
      else reject(new Error('error' in e.data ? e.data.error : 'unexpected reply'));
    };
    worker.postMessage({ cmd: 'verify', dir } satisfies StoreCrashRequest);
  });
}

/** Runs a committing worker until it acknowledged `stopAfter` commits, then kills it; returns the last commit number acknowledged. */
function commitThenKill(dir: string, stopAfter: number, extraMs: number): Promise<number> {
  const worker = start();
  let last = 0;
  let acks = 0;
  return new Promise((resolve, reject) => {
    worker.onmessage = (e: MessageEvent<StoreCrashReply>) => {
      if ('error' in e.data) {
        worker.terminate();
        reject(new Error(e.data.error));
        return;
      }
      if ('ack' in e.data) {
        last = e.data.ack;
        if (++acks === stopAfter) {
          // kill it a little later, at a moment we do not choose: mid-commit, mid-checkpoint, anywhere
          setTimeout(() => {
            worker.terminate();
            resolve(last);
          }, extraMs);
        }
      }
    };
    worker.postMessage({ cmd: 'commit-forever', dir, memtableBytes: 16 * 1024 } satisfies StoreCrashRequest);
  });
}

afterAll(async () => {
  const root = await navigator.storage.getDirectory();
  for (const dir of dirs) await root.removeEntry(dir, { recursive: true }).catch(() => undefined);
});

describe('Store on real OPFS: a worker killed mid-stream loses no acknowledged commit', () => {
  for (let round = 0; round < 3; round++) {
    it(`round ${round + 1}: terminate at a random moment, reopen in a new worker`, async () => {
      const dir = `quire-store-crash-${crypto.randomUUID()}`;
      dirs.push(dir);
      const stopAfter = 20 + Math.floor(Math.random() * 200);
      const lastAck = await commitThenKill(dir, stopAfter, Math.floor(Math.random() * 30));
      expect(lastAck).toBeGreaterThanOrEqual(stopAfter);
      expect(lastAck).toBeGreaterThan(0);
      const seen = await verify(dir);
      expect(seen.contiguous).toBe(true);
      expect(seen.count).toBe(seen.maxCommit);
      // acknowledged commits are all there (messages in flight may have acknowledged even more)
      expect(seen.maxCommit).toBeGreaterThanOrEqual(lastAck);
      expect(seen.checkedPages).toBeGreaterThan(2);
      // and the recovered store keeps working: another killed run on the same files, another check
      const again = await commitThenKill(dir, 10, Math.floor(Math.random() * 20));
      expect(again).toBeGreaterThan(seen.maxCommit);
      const after = await verify(dir);
      expect(after.contiguous).toBe(true);
      expect(after.maxCommit).toBeGreaterThanOrEqual(again);
    });
  }
});
