// The GraphQL mode of the demo's CodeMirror editor, built on Quire's own language layer: token
// highlighting from the walk over Quire's lexer, schema-aware completion from introspection, and
// lint with Quire's parse and validate errors (with their codes). Never uses graphql-js.

import { type Completion, type CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import { linter, lintGutter, type Diagnostic } from '@codemirror/lint';
import { EditorState, RangeSetBuilder, type Extension } from '@codemirror/state';
import { Decoration, EditorView, ViewPlugin, type DecorationSet, type ViewUpdate } from '@codemirror/view';
import { completionsAt } from '../graphql/complete.ts';
import { checkDocument, type Validator } from '../graphql/lint.ts';
import type { SchemaModel } from '../graphql/schema.ts';
import { walkDocument, type Role } from '../graphql/walk.ts';

/** The schema the mode works against; it arrives after the database opens. */
export interface SchemaSource {
  /** The introspection model, for completion. */
  current(): SchemaModel | null;
  /** Quire's validation against the generated schema (null until it has loaded). */
  validator(): Validator | null;
}

const marks = new Map<Role, Decoration>();
function markFor(role: Role): Decoration {
  let mark = marks.get(role);
  if (!mark) marks.set(role, (mark = Decoration.mark({ class: `gql-${role}` })));
  return mark;
}

function highlight(view: EditorView): DecorationSet {
  const builder = new RangeSetBuilder<Decoration>();
  const text = view.state.doc.toString();
  for (const token of walkDocument(text, null).tokens) {
    if (token.role !== 'punctuation' && token.to > token.from) builder.add(token.from, token.to, markFor(token.role));
  }
  return builder.finish();
}

const highlighter = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet;
    constructor(view: EditorView) {
      this.decorations = highlight(view);
    }
    update(update: ViewUpdate): void {
      if (update.docChanged) this.decorations = highlight(update.view);
    }
  },
  { decorations: (plugin) => plugin.decorations },
);

function completionSource(schema: SchemaSource) {
  return (context: CompletionContext): CompletionResult | null => {
    const found = completionsAt(context.state.doc.toString(), context.pos, schema.current());
    if (!found) return null;
    const word = context.matchBefore(/[_A-Za-z][_0-9A-Za-z]*/);
    if (!context.explicit && !word && found.from === context.pos) {
      // Open by itself only after a character that starts something (`{`, `(`, `:`, space…).
      const before = context.state.sliceDoc(Math.max(0, context.pos - 1), context.pos);
      if (!/[{(:[\s]/.test(before)) return null;
    }
    const options: Completion[] = found.options.map((o) => ({
      label: o.label,
      type: o.type,
      detail: o.detail,
      info: o.info,
      apply: o.apply,
      boost: o.boost,
    }));
    return { from: found.from, options, validFor: /^[_A-Za-z][_0-9A-Za-z]*$/ };
  };
}

function lintSource(schema: SchemaSource) {
  return (view: EditorView): Diagnostic[] =>
    checkDocument(view.state.doc.toString(), schema.validator()).map((d) => ({
      from: d.from,
      to: d.to,
      severity: 'error',
      source: d.code,
      message: d.message,
    }));
}

/** The whole GraphQL mode (with basicSetup's autocompletion): highlighting, completion, lint. */
export function graphqlMode(schema: SchemaSource): Extension {
  // One data object for the editor's life: the completion plugin keys its results by source identity.
  const data = [{ autocomplete: completionSource(schema), commentTokens: { line: '#' } }];
  return [
    highlighter,
    EditorState.languageData.of(() => data),
    linter(lintSource(schema), { delay: 300 }),
    lintGutter(),
  ];
}
