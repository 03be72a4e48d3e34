// The remote interface of quota.worker.ts, in plain types so DOM-side tests can import it.
import type { ExecutionResult } from '../../src/db/api.ts';

export interface QuotaWorker {
  /** Opens the database in OPFS folder `dir` with both files behind a quota-injecting wrapper. */
  open(dir: string, schema: string): Promise<void>;
  /** Caps the files' sizes (bytes beyond their current size), or lifts the cap with null. */
  setQuota(extraBytes: number | null): void;
  execute(query: string, variables?: Record<string, unknown>): Promise<ExecutionResult>;
  /** Closes, then opens the same files again without any wrapper. */
  reopen(): Promise<void>;
  close(): Promise<void>;
}
