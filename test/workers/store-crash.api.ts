// The message protocol of store-crash.worker.ts, in plain types so the DOM-side test can import it.

/** DOM → worker. */
export type StoreCrashRequest =
  /** Open the store in OPFS folder `dir` and commit forever: commit i puts key i, continuing after what is there. */
  | { cmd: 'commit-forever'; dir: string; memtableBytes: number }
  /** Reopen the store in `dir` (recovery), check it, report what is there, close it. */
  | { cmd: 'verify'; dir: string };

/** Worker → DOM. */
export type StoreCrashReply =
  /** Commit number `ack` returned from commit(): it is durable. */
  | { ack: number }
  | { verified: { maxCommit: number; count: number; contiguous: boolean; checkedPages: number; checkpoints: number } }
  | { error: string };
