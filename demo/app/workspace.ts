// The query workspace: the GraphQL editor, the variables pane, running a request, and the result
// pane (formatted JSON, coded errors, worker and round-trip time, cursor paging). It runs what the
// user asks against the open database; it never changes the page's other panels itself.

import { forceLinting } from '@codemirror/lint';
import { EditorState, Prec } from '@codemirror/state';
import { EditorView, keymap } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import { ariaLabel, jsonEditor, jsonViewer, setDoc } from '../editor/json.ts';
import { graphqlMode } from '../editor/graphql.ts';
import type { Validator } from '../graphql/lint.ts';
import type { SchemaModel } from '../graphql/schema.ts';
import { byId, h } from './dom.ts';
import type { Example } from './examples.ts';
import { formatMs } from './format.ts';
import { declaresPaging, findPageInfo, pageVariables } from './paging.ts';
import { timingOf, type Database, type ExecutionResult } from './quire.ts';

export interface RunRecord {
  query: string;
  variables: Record<string, unknown> | null;
  result: ExecutionResult;
  roundTripMs: number;
  workerMs: number | null;
}

export class Workspace {
  db: Database | null = null;
  schema: SchemaModel | null = null;
  validator: Validator | null = null;
  lastRun: RunRecord | null = null;
  /** How many requests have been answered (the page's `data-runs`). */
  runs = 0;
  /** Called after every run (the page refreshes its plan and stats views). */
  onRun: (record: RunRecord) => void = () => undefined;
  /** Called when the query text changes (the example menu shows whether it is still the example). */
  onEdit: (query: string) => void = () => undefined;

  readonly queryView: EditorView;
  readonly variablesView: EditorView;
  private readonly resultView: EditorView;
  private readonly meta = byId('result-meta');
  private readonly pager = byId('pager');
  private readonly resultPane = byId('result-pane');
  private readonly runButton = byId<HTMLButtonElement>('run');

  constructor() {
    const run = { key: 'Mod-Enter', run: () => (void this.run(), true) };
    this.queryView = new EditorView({
      parent: byId('editor'),
      state: EditorState.create({
        doc: '',
        extensions: [
          Prec.highest(keymap.of([run])),
          basicSetup,
          graphqlMode({ current: () => this.schema, validator: () => this.validator }),
          ariaLabel('GraphQL query'),
          EditorView.updateListener.of((update) => update.docChanged && this.onEdit(update.state.doc.toString())),
        ],
      }),
    });
    this.variablesView = jsonEditor(byId('variables'), 'Query variables (JSON)', '{}', Prec.highest(keymap.of([run])));
    this.resultView = jsonViewer(byId('result'), 'Query result (JSON)');
    this.runButton.addEventListener('click', () => void this.run());
  }

  get query(): string {
    return this.queryView.state.doc.toString();
  }

  setQuery(query: string, variables: Record<string, unknown> | null = null): void {
    setDoc(this.queryView, query);
    setDoc(this.variablesView, JSON.stringify(variables ?? {}, null, 2));
  }

  showExample(example: Example): void {
    this.setQuery(example.query, example.variables ?? null);
  }

  setSchema(schema: SchemaModel | null, validator: Validator | null): void {
    this.schema = schema;
    this.validator = validator;
    forceLinting(this.queryView);
  }

  /** The variables pane as an object; throws a readable error when it is not a JSON object. */
  variables(): Record<string, unknown> | null {
    const text = this.variablesView.state.doc.toString().trim();
    if (!text) return null;
    const value: unknown = JSON.parse(text);
    if (value === null) return null;
    if (typeof value !== 'object' || Array.isArray(value)) throw new Error('Variables must be a JSON object.');
    return value as Record<string, unknown>;
  }

  async run(): Promise<RunRecord | null> {
    const db = this.db;
    if (!db) return null;
    const query = this.query;
    let variables: Record<string, unknown> | null;
    try {
      variables = this.variables();
    } catch (error) {
      this.showLocalError(`Variables: ${(error as Error).message}`);
      return null;
    }
    this.resultPane.dataset.state = 'running';
    this.runButton.disabled = true;
    const started = performance.now();
    let result: ExecutionResult;
    try {
      result = await db.execute({ query, variables });
    } catch (error) {
      const e = error as { message?: string; extensions?: { code?: string } };
      result = { errors: [{ message: e.message ?? String(error), extensions: { code: e.extensions?.code ?? 'INTERNAL_SERVER_ERROR' } }] };
    } finally {
      this.runButton.disabled = false;
    }
    const record: RunRecord = { query, variables, result, roundTripMs: performance.now() - started, workerMs: workerTime(result) };
    this.lastRun = record;
    this.runs++;
    this.resultPane.dataset.runs = String(this.runs);
    this.render(record);
    this.onRun(record);
    return record;
  }

  private render(record: RunRecord): void {
    const { result } = record;
    const errors = result.errors ?? [];
    this.resultPane.dataset.state = errors.length ? 'error' : 'ok';
    setDoc(this.resultView, JSON.stringify(result, null, 2));
    const timing = [
      record.workerMs !== null ? h('span', { class: 'timing', title: 'Time spent in the database worker' }, `worker ${formatMs(record.workerMs)}`) : null,
      h('span', { class: 'timing', title: 'From the call to the answer, on the main thread' }, `round trip ${formatMs(record.roundTripMs)}`),
    ];
    const codes = [...new Set(errors.map((e) => String(e.extensions?.code ?? 'ERROR')))];
    this.meta.replaceChildren(
      errors.length
        ? h('span', { class: 'status error' }, ...codes.map((code) => h('span', { class: 'code-badge', 'data-code': code }, code)), ' ', errors[0]!.message)
        : h('span', { class: 'status ok' }, 'OK'),
      ...timing.filter((t): t is HTMLSpanElement => t !== null),
    );
    this.renderPager(record);
  }

  private renderPager(record: RunRecord): void {
    const info = findPageInfo(record.result.data);
    const paging = declaresPaging(record.query);
    if (!info || !(paging.forward || paging.backward)) {
      this.pager.replaceChildren();
      return;
    }
    const go = (direction: 'next' | 'previous') => () => {
      setDoc(this.variablesView, JSON.stringify(pageVariables(record.variables ?? {}, info, direction), null, 2));
      void this.run();
    };
    this.pager.replaceChildren(
      h('button', { type: 'button', id: 'prev-page', class: 'secondary', disabled: !paging.backward || !info.hasPreviousPage, onclick: go('previous') }, '← Previous page'),
      h('button', { type: 'button', id: 'next-page', class: 'secondary', disabled: !paging.forward || !info.hasNextPage, onclick: go('next') }, 'Next page →'),
    );
  }

  private showLocalError(message: string): void {
    this.resultPane.dataset.state = 'error';
    this.meta.replaceChildren(h('span', { class: 'status error' }, message));
    this.pager.replaceChildren();
  }
}

/** The time the engine worked on `result` in the worker that owns the database, when known. */
export function workerTime(result: ExecutionResult): number | null {
  return timingOf(result)?.workerMs ?? null;
}
