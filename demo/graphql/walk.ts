// One pass over a GraphQL document's tokens that tracks where each token stands (selection set of
// which type, argument list of which field, input object of which type, …). It gives the editor
// token roles (highlighting), the completion context at the cursor and schema problems (lint).
// Tolerant of broken documents; never throws, never executes anything.

import {
  TOKEN_AT,
  TOKEN_BANG,
  TOKEN_BLOCK_STRING,
  TOKEN_BRACE_L,
  TOKEN_BRACE_R,
  TOKEN_BRACKET_L,
  TOKEN_BRACKET_R,
  TOKEN_COLON,
  TOKEN_DOLLAR,
  TOKEN_EQUALS,
  TOKEN_PAREN_L,
  TOKEN_PAREN_R,
  TOKEN_SPREAD,
  TOKEN_STRING,
} from '../../src/graphql/lexer.ts';
import { isComposite, listItemOf, namedTypeOf, typeToString, type Field, type InputValue, type SchemaModel, type TypeRef } from './schema.ts';
import { isValueToken, scanTokens, TOKEN_COMMENT, TOKEN_INVALID, TOKEN_NAME, type ScannedToken } from './tokens.ts';

export type Role =
  | 'keyword' | 'definition' | 'field' | 'alias' | 'argument' | 'type' | 'variable' | 'directive'
  | 'fragment' | 'enum' | 'atom' | 'string' | 'number' | 'punctuation' | 'comment' | 'invalid';

export interface RoledToken {
  from: number;
  to: number;
  role: Role;
}

/** What may be typed at the cursor. */
export type CompletionContext =
  | { kind: 'keyword' }
  | { kind: 'field'; type: string | null }
  | { kind: 'spread'; type: string | null }
  | { kind: 'typeCondition'; type: string | null }
  | { kind: 'argument'; args: InputValue[]; used: string[] }
  | { kind: 'inputField'; fields: InputValue[]; used: string[] }
  | { kind: 'value'; type: TypeRef | null }
  | { kind: 'variableType' }
  | { kind: 'directive' }
  | { kind: 'none' };

/** A schema problem with the document (the lint's GRAPHQL_VALIDATION_FAILED diagnostics). */
export interface Problem {
  from: number;
  to: number;
  message: string;
}

export interface Walk {
  tokens: RoledToken[];
  problems: Problem[];
  /** Present when a cursor was given: what fits there and where the word being typed starts. */
  completion?: { context: CompletionContext; from: number };
}

interface SelectionFrame {
  kind: 'sel';
  type: string | null;
  /** The last field named in this set, until the next one: its args and sub-selection follow it. */
  field: { def: Field; token: ScannedToken; args: string[]; selected: boolean } | null;
  pending: 'none' | 'spread' | 'on';
  typeCondition: string | null;
}
interface InputFrame {
  kind: 'args' | 'obj';
  defs: InputValue[] | null;
  /** Who owns the keys, for messages: `Query.film` or an input type's name. */
  owner: string;
  expect: 'key' | 'colon' | 'value';
  key: InputValue | null;
  used: string[];
}
interface ListFrame {
  kind: 'list';
  item: TypeRef | null;
}
interface DocumentFrame {
  kind: 'doc';
  step: 'start' | 'operation' | 'fragmentName' | 'fragmentOn' | 'fragmentType';
  type: string | null;
}
interface VariablesFrame {
  kind: 'vars';
  expect: 'variable' | 'type' | 'value';
}
type Frame = SelectionFrame | InputFrame | ListFrame | DocumentFrame | VariablesFrame;

const OPERATIONS = new Set(['query', 'mutation', 'subscription']);
const ATOMS = new Set(['true', 'false', 'null']);

/** Walks `text`; with a schema it resolves types and reports problems; with a cursor, its context. */
export function walkDocument(text: string, schema: SchemaModel | null, cursor?: number): Walk {
  const scanned = scanTokens(text);
  const tokens: RoledToken[] = [];
  const problems: Problem[] = [];
  const stack: Frame[] = [{ kind: 'doc', step: 'start', type: null }];
  let completion: Walk['completion'];
  let prev: ScannedToken | null = null;
  let directiveArgs: InputValue[] | null | undefined;

  const top = (): Frame => stack[stack.length - 1]!;
  const role = (token: ScannedToken, r: Role): void => {
    tokens.push({ from: token.start, to: token.end, role: r });
  };
  const problem = (token: ScannedToken, message: string): void => {
    if (schema) problems.push({ from: token.start, to: token.end, message });
  };

  /** Ends the field a selection set was on: a composite needs `{…}`, required args must be given. */
  const closeField = (frame: SelectionFrame): void => {
    const field = frame.field;
    frame.field = null;
    if (!field || !schema) return;
    const target = schema.type(namedTypeOf(field.def.type));
    if (target && isComposite(target) && !field.selected) {
      problem(field.token, `Field "${field.def.name}" of type "${typeToString(field.def.type)}" must have a selection of subfields. Did you mean "${field.def.name} { ... }"?`);
    }
    for (const arg of field.def.args) {
      if (arg.type.kind === 'NON_NULL' && arg.defaultValue === null && !field.args.includes(arg.name)) {
        problem(field.token, `Field "${field.def.name}" argument "${arg.name}" of type "${typeToString(arg.type)}" is required, but it was not provided.`);
      }
    }
  };

  /** A value token (or the start of one) where an input value is expected. */
  const value = (token: ScannedToken, expected: TypeRef | null): void => {
    if (token.kind === TOKEN_BRACE_L) {
      const name = namedTypeOf(expected);
      const type = schema?.type(name);
      stack.push({ kind: 'obj', defs: type?.inputFields ?? null, owner: name ?? '', expect: 'key', key: null, used: [] });
      role(token, 'punctuation');
    } else if (token.kind === TOKEN_BRACKET_L) {
      stack.push({ kind: 'list', item: listItemOf(expected) });
      role(token, 'punctuation');
    } else if (token.kind === TOKEN_NAME) {
      if (ATOMS.has(token.text)) return role(token, 'atom');
      role(token, 'enum');
      const type = schema?.type(namedTypeOf(expected));
      if (type?.kind === 'ENUM' && !type.enumValues?.some((v) => v.name === token.text)) {
        problem(token, `Value "${token.text}" does not exist in "${type.name}" enum.`);
      }
    } else if (token.kind === TOKEN_STRING || token.kind === TOKEN_BLOCK_STRING) role(token, 'string');
    else role(token, isValueToken(token.kind) ? 'number' : 'punctuation');
  };

  const contextHere = (): CompletionContext => {
    const frame = top();
    if (prev?.kind === TOKEN_AT) return { kind: 'directive' };
    if (prev?.kind === TOKEN_DOLLAR) return { kind: 'none' };
    switch (frame.kind) {
      case 'doc':
        if (frame.step === 'start') return { kind: 'keyword' };
        if (frame.step === 'fragmentType') return { kind: 'typeCondition', type: null };
        return { kind: 'none' };
      case 'sel':
        if (frame.pending === 'on') return { kind: 'typeCondition', type: frame.type };
        if (frame.pending === 'spread') return { kind: 'spread', type: frame.type };
        return { kind: 'field', type: frame.type };
      case 'args':
      case 'obj':
        if (frame.expect === 'value') return { kind: 'value', type: frame.key?.type ?? null };
        if (frame.expect === 'colon') return { kind: 'none' };
        return frame.kind === 'args'
          ? { kind: 'argument', args: frame.defs ?? [], used: frame.used }
          : { kind: 'inputField', fields: frame.defs ?? [], used: frame.used };
      case 'list':
        return { kind: 'value', type: frame.item };
      case 'vars':
        return frame.expect === 'type' ? { kind: 'variableType' } : { kind: 'none' };
    }
  };

  for (const token of scanned) {
    if (cursor !== undefined && !completion && token.end >= cursor) {
      const typing = token.kind === TOKEN_NAME && token.start < cursor;
      if (typing || token.start >= cursor) completion = { context: contextHere(), from: typing ? token.start : cursor };
      else if (token.kind === TOKEN_COMMENT || token.kind === TOKEN_STRING || token.kind === TOKEN_BLOCK_STRING) {
        completion = { context: { kind: 'none' }, from: cursor };
      }
    }
    if (token.kind === TOKEN_COMMENT) {
      role(token, 'comment');
      continue;
    }
    if (token.kind === TOKEN_INVALID) {
      role(token, 'invalid');
      continue;
    }
    step(token);
    prev = token;
  }
  if (cursor !== undefined && !completion) completion = { context: contextHere(), from: cursor };
  return { tokens, problems, completion };

  function step(token: ScannedToken): void {
    const frame = top();
    const kind = token.kind;
    // Directives and variables read the same everywhere.
    if (kind === TOKEN_AT || kind === TOKEN_DOLLAR) return role(token, kind === TOKEN_AT ? 'directive' : 'variable');
    if (kind === TOKEN_NAME && prev?.kind === TOKEN_AT) {
      const directive = schema?.directives.get(token.text);
      if (schema && !directive) problem(token, `Unknown directive "@${token.text}".`);
      directiveArgs = directive?.args ?? null;
      return role(token, 'directive');
    }
    if (kind === TOKEN_NAME && prev?.kind === TOKEN_DOLLAR) {
      role(token, 'variable');
      if (frame.kind === 'vars') frame.expect = 'variable';
      else if ((frame.kind === 'args' || frame.kind === 'obj') && frame.expect === 'value') frame.expect = 'key';
      return;
    }
    if (kind === TOKEN_PAREN_L && prev?.kind === TOKEN_NAME && directiveArgs !== undefined && tokens.at(-1)?.role === 'directive') {
      stack.push({ kind: 'args', defs: directiveArgs, owner: '', expect: 'key', key: null, used: [] });
      directiveArgs = undefined;
      return role(token, 'punctuation');
    }
    switch (frame.kind) {
      case 'doc':
        return stepDocument(frame, token);
      case 'sel':
        return stepSelection(frame, token);
      case 'args':
      case 'obj':
        return stepInput(frame, token);
      case 'list':
        if (kind === TOKEN_BRACKET_R) {
          stack.pop();
          return role(token, 'punctuation');
        }
        return value(token, frame.item);
      case 'vars':
        return stepVariables(frame, token);
    }
  }

  function stepDocument(frame: DocumentFrame, token: ScannedToken): void {
    if (token.kind === TOKEN_NAME) {
      if (frame.step === 'start' && OPERATIONS.has(token.text)) {
        frame.step = 'operation';
        frame.type = schema?.rootType(token.text) ?? token.text;
        if (schema && !schema.rootType(token.text)) problem(token, `Schema is not configured to execute ${token.text} operation.`);
        return role(token, 'keyword');
      }
      if (frame.step === 'start' && token.text === 'fragment') {
        frame.step = 'fragmentName';
        return role(token, 'keyword');
      }
      if (frame.step === 'fragmentName') {
        frame.step = 'fragmentOn';
        return role(token, 'definition');
      }
      if (frame.step === 'fragmentOn' && token.text === 'on') {
        frame.step = 'fragmentType';
        return role(token, 'keyword');
      }
      if (frame.step === 'fragmentType') {
        frame.type = checkType(token, true);
        return role(token, 'type');
      }
      return role(token, frame.step === 'operation' ? 'definition' : 'invalid');
    }
    if (token.kind === TOKEN_PAREN_L && frame.step === 'operation') {
      stack.push({ kind: 'vars', expect: 'variable' });
      return role(token, 'punctuation');
    }
    if (token.kind === TOKEN_BRACE_L) {
      const type = frame.step === 'start' ? (schema?.queryType ?? 'Query') : frame.type;
      stack.push({ kind: 'sel', type, field: null, pending: 'none', typeCondition: null });
      frame.step = 'start';
      frame.type = null;
    }
    role(token, 'punctuation');
  }

  function stepSelection(frame: SelectionFrame, token: ScannedToken): void {
    const kind = token.kind;
    if (kind === TOKEN_NAME) {
      if (frame.pending === 'spread') {
        if (token.text === 'on') {
          frame.pending = 'on';
          return role(token, 'keyword');
        }
        frame.pending = 'none';
        return role(token, 'fragment');
      }
      if (frame.pending === 'on') {
        frame.typeCondition = checkType(token, true);
        frame.pending = 'none';
        const possible = schema?.possibleTypes(frame.type) ?? [];
        if (schema && frame.typeCondition && possible.length && !schema.possibleTypes(frame.typeCondition).some((t) => possible.includes(t))) {
          problem(token, `Fragment cannot be spread here as objects of type "${frame.type}" can never be of type "${frame.typeCondition}".`);
        }
        return role(token, 'type');
      }
      closeField(frame);
      role(token, 'field');
      const def = schema?.field(frame.type, token.text);
      if (def) frame.field = { def, token, args: [], selected: false };
      else if (schema && frame.type && schema.type(frame.type)) problem(token, `Cannot query field "${token.text}" on type "${frame.type}".`);
      return;
    }
    if (kind === TOKEN_COLON) {
      // `alias: field` — the name before was an alias, the field comes next.
      const last = tokens.at(-1);
      if (last?.role === 'field') last.role = 'alias';
      const pendingProblem = problems.at(-1);
      if (pendingProblem && last && pendingProblem.from === last.from) problems.pop();
      frame.field = null;
      return role(token, 'punctuation');
    }
    if (kind === TOKEN_SPREAD) {
      closeField(frame);
      frame.pending = 'spread';
      frame.typeCondition = null;
      return role(token, 'punctuation');
    }
    if (kind === TOKEN_PAREN_L) {
      const def = frame.field?.def;
      stack.push({ kind: 'args', defs: def?.args ?? null, owner: def ? `${frame.type}.${def.name}` : '', expect: 'key', key: null, used: frame.field?.args ?? [] });
      return role(token, 'punctuation');
    }
    if (kind === TOKEN_BRACE_L) {
      let type: string | null = null;
      if (frame.pending === 'spread' || frame.typeCondition !== null || !frame.field) {
        type = frame.typeCondition ?? frame.type; // inline fragment
      } else {
        frame.field.selected = true;
        type = namedTypeOf(frame.field.def.type);
        const target = schema?.type(type);
        if (target && !isComposite(target)) {
          problem(frame.field.token, `Field "${frame.field.def.name}" must not have a selection since type "${typeToString(frame.field.def.type)}" has no subfields.`);
        }
      }
      frame.pending = 'none';
      frame.typeCondition = null;
      stack.push({ kind: 'sel', type, field: null, pending: 'none', typeCondition: null });
      return role(token, 'punctuation');
    }
    if (kind === TOKEN_BRACE_R) {
      closeField(frame);
      stack.pop();
      const parent = top();
      if (parent.kind === 'sel' && parent.field) parent.field.selected = true;
    }
    role(token, 'punctuation');
  }

  function stepInput(frame: InputFrame, token: ScannedToken): void {
    const kind = token.kind;
    const closer = frame.kind === 'args' ? TOKEN_PAREN_R : TOKEN_BRACE_R;
    if (kind === closer) {
      stack.pop();
      return role(token, 'punctuation');
    }
    if (frame.expect === 'value') {
      frame.expect = 'key';
      return value(token, frame.key?.type ?? null);
    }
    if (kind === TOKEN_NAME) {
      frame.expect = 'colon';
      frame.used.push(token.text);
      frame.key = frame.defs?.find((d) => d.name === token.text) ?? null;
      role(token, 'argument');
      if (frame.defs && !frame.key) {
        problem(token, frame.kind === 'args'
          ? `Unknown argument "${token.text}" on ${frame.owner ? `field "${frame.owner}"` : 'directive'}.`
          : `Field "${token.text}" is not defined by type "${frame.owner}".`);
      }
      return;
    }
    if (kind === TOKEN_COLON && frame.expect === 'colon') frame.expect = 'value';
    role(token, 'punctuation');
  }

  function stepVariables(frame: VariablesFrame, token: ScannedToken): void {
    const kind = token.kind;
    if (kind === TOKEN_PAREN_R) {
      stack.pop();
      return role(token, 'punctuation');
    }
    if (kind === TOKEN_COLON) frame.expect = 'type';
    else if (kind === TOKEN_EQUALS) frame.expect = 'value';
    else if (frame.expect === 'value') {
      frame.expect = 'variable';
      return value(token, null);
    } else if (kind === TOKEN_NAME && frame.expect === 'type') {
      checkType(token, false);
      return role(token, 'type');
    } else if (kind !== TOKEN_BRACKET_L && kind !== TOKEN_BRACKET_R && kind !== TOKEN_BANG) frame.expect = 'variable';
    role(token, 'punctuation');
  }

  /** A named type in the document: it must exist (a fragment's must be composite). */
  function checkType(token: ScannedToken, composite: boolean): string | null {
    const type = schema?.type(token.text);
    if (schema && !type) problem(token, `Unknown type "${token.text}".`);
    else if (type && composite && !isComposite(type)) problem(token, `Fragment cannot condition on non composite type "${token.text}".`);
    else if (type && !composite && (type.kind === 'OBJECT' || type.kind === 'INTERFACE' || type.kind === 'UNION')) {
      problem(token, `Variable cannot be of non-input type "${token.text}".`);
    }
    return type ? type.name : schema ? null : token.text;
  }
}
