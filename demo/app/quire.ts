// The one door from the demo to Quire's browser runtime (`src/client/index.ts`): the functions and
// types the demo uses, plus reading an error's code. Owns no UI; never reaches past the client into
// the worker or the engine.

export { deleteDatabase, importDatabase, listDatabases, openDatabase, timingOf } from '../../src/client/index.ts';
export type {
  BrowserDatabase as Database,
  ExecutionResult,
  ExplainNode,
  LoadProgress,
  LoadSummary,
} from '../../src/client/index.ts';

/** The `extensions.code` of a thrown error or a response error, if it has one. */
export function errorCode(error: unknown): string | undefined {
  const e = error as { extensions?: { code?: unknown }; code?: unknown } | null;
  const code = e?.extensions?.code ?? e?.code;
  return typeof code === 'string' ? code : undefined;
}
