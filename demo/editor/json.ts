// JSON editors for the demo: the read-only result view and the editable variables pane, both
// CodeMirror 6 with lang-json and class-based highlighting (styled by the page's theme).

import { json, jsonParseLinter } from '@codemirror/lang-json';
import { syntaxHighlighting } from '@codemirror/language';
import { linter } from '@codemirror/lint';
import { EditorState, type Extension } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { classHighlighter } from '@lezer/highlight';
import { basicSetup, minimalSetup } from 'codemirror';

export function jsonViewer(parent: HTMLElement, label: string): EditorView {
  return new EditorView({
    parent,
    state: EditorState.create({
      doc: '',
      extensions: [minimalSetup, json(), syntaxHighlighting(classHighlighter), EditorState.readOnly.of(true), EditorView.lineWrapping, ariaLabel(label)],
    }),
  });
}

export function jsonEditor(parent: HTMLElement, label: string, doc: string, extra: Extension = []): EditorView {
  return new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [basicSetup, json(), linter(jsonParseLinter()), syntaxHighlighting(classHighlighter), ariaLabel(label), extra],
    }),
  });
}

export function setDoc(view: EditorView, text: string): void {
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
}

export function ariaLabel(label: string): Extension {
  return EditorView.contentAttributes.of({ 'aria-label': label });
}

