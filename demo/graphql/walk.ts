// One pass over a GraphQL document's tokens that tracks where each token stands (selection set of
// which type, argument list of which field, input object of which type, …). It gives the editor
// token roles (highlighting) and the completion context at the cursor. Tolerant of broken
// documents; never throws, never validates (lint.ts runs Quire's validate), never executes.

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
import { listItemOf, namedTypeOf, type Field, type InputValue, type SchemaModel, type TypeRef } from './schema.ts';
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

export interface Walk {
  tokens: RoledToken[];
  /** Present when a cursor was given: what fits there and where the word being typed starts. */
  completion?: { context: CompletionContext; from: number };
}

interface SelectionFrame {
  kind: 'sel';
  type: string | null;
  /** The last field named in this set, until the next one: its args and sub-selection follow it. */
  field: { def: Field; args: string[] } | null;
  pending: 'none' | 'spread' | 'on';
  typeCondition: string | null;
}
interface InputFrame {
  kind: 'args' | 'obj';
  defs: InputValue[] | null;
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

/** Walks `text`; with a schema it resolves the types along the way; with a cursor, its context. */
export function walkDocument(text: string, schema: SchemaModel | null, cursor?: number): Walk {
  const scanned = scanTokens(text);
  const tokens: RoledToken[] = [];
  const stack: Frame[] = [{ kind: 'doc', step: 'start', type: null }];
  let completion: Walk['completion'];
  let prev: ScannedToken | null = null;
  let directiveArgs: InputValue[] | null | undefined;

  const top = (): Frame => stack[stack.length - 1]!;
  const role = (token: ScannedToken, r: Role): void => {
    tokens.push({ from: token.start, to: token.end, role: r });
  };

  /** A value token (or the start of one) where an input value is expected. */
  const value = (token: ScannedToken, expected: TypeRef | null): void => {
    if (token.kind === TOKEN_BRACE_L) {
      const type = schema?.type(namedTypeOf(expected));
      stack.push({ kind: 'obj', defs: type?.inputFields ?? null, expect: 'key', key: null, used: [] });
      role(token, 'punctuation');
    } else if (token.kind === TOKEN_BRACKET_L) {
      stack.push({ kind: 'list', item: listItemOf(expected) });
      role(token, 'punctuation');
    } else if (token.kind === TOKEN_NAME) role(token, ATOMS.has(token.text) ? 'atom' : 'enum');
    else if (token.kind === TOKEN_STRING || token.kind === TOKEN_BLOCK_STRING) role(token, 'string');
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
  return { tokens, completion };

  function step(token: ScannedToken): void {
    const frame = top();
    const kind = token.kind;
    // Directives and variables read the same everywhere.
    if (kind === TOKEN_AT || kind === TOKEN_DOLLAR) return role(token, kind === TOKEN_AT ? 'directive' : 'variable');
    if (kind === TOKEN_NAME && prev?.kind === TOKEN_AT) {
      directiveArgs = schema?.directives.get(token.text)?.args ?? null;
      return role(token, 'directive');
    }
    if (kind === TOKEN_NAME && prev?.kind === TOKEN_DOLLAR) {
      role(token, 'variable');
      if (frame.kind === 'vars') frame.expect = 'variable';
      else if ((frame.kind === 'args' || frame.kind === 'obj') && frame.expect === 'value') frame.expect = 'key';
      return;
    }
    if (kind === TOKEN_PAREN_L && prev?.kind === TOKEN_NAME && directiveArgs !== undefined && tokens.at(-1)?.role === 'directive') {
      stack.push({ kind: 'args', defs: directiveArgs, expect: 'key', key: null, used: [] });
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
        frame.type = schema ? schema.rootType(token.text) : token.text;
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
        frame.type = typeNamed(token);
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
        frame.typeCondition = typeNamed(token);
        frame.pending = 'none';
        return role(token, 'type');
      }
      const def = schema?.field(frame.type, token.text);
      frame.field = def ? { def, args: [] } : null;
      return role(token, 'field');
    }
    if (kind === TOKEN_COLON) {
      // `alias: field` — the name before was an alias, the field comes next.
      const last = tokens.at(-1);
      if (last?.role === 'field') last.role = 'alias';
      frame.field = null;
      return role(token, 'punctuation');
    }
    if (kind === TOKEN_SPREAD) {
      frame.field = null;
      frame.pending = 'spread';
      frame.typeCondition = null;
      return role(token, 'punctuation');
    }
    if (kind === TOKEN_PAREN_L) {
      stack.push({ kind: 'args', defs: frame.field?.def.args ?? null, expect: 'key', key: null, used: frame.field?.args ?? [] });
      return role(token, 'punctuation');
    }
    if (kind === TOKEN_BRACE_L) {
      const inlineFragment = frame.pending === 'spread' || frame.typeCondition !== null || !frame.field;
      const type = inlineFragment ? (frame.typeCondition ?? frame.type) : namedTypeOf(frame.field!.def.type);
      frame.field = null;
      frame.pending = 'none';
      frame.typeCondition = null;
      stack.push({ kind: 'sel', type, field: null, pending: 'none', typeCondition: null });
      return role(token, 'punctuation');
    }
    if (kind === TOKEN_BRACE_R) stack.pop();
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
      return role(token, 'argument');
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
      return role(token, 'type');
    } else if (kind !== TOKEN_BRACKET_L && kind !== TOKEN_BRACKET_R && kind !== TOKEN_BANG) frame.expect = 'variable';
    role(token, 'punctuation');
  }

  /** The type a name in the document stands for (null when the schema has no such type). */
  function typeNamed(token: ScannedToken): string | null {
    return schema ? (schema.type(token.text)?.name ?? null) : token.text;
  }
}
