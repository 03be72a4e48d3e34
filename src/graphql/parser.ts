// The GraphQL syntactic grammar: builds graphql-js-shaped AST nodes from the Lexer's token stream, for
// executable and type-system documents, enforcing the hostile-input limits (tokens, depth, fields).
// Never validates against a schema, never recurses deeper than its limits allow.

import {
  Location,
  NAMED_TYPE_KINDS,
  type NamedTypeKeyword,
  type ArgumentNode,
  type OperationTypeNode,
  type ConstDirectiveNode,
  type ConstValueNode,
  type DefinitionNode,
  type DirectiveDefinitionNode,
  type DirectiveExtensionNode,
  type DirectiveNode,
  type DocumentNode,
  type EnumValueDefinitionNode,
  type FieldDefinitionNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type FragmentSpreadNode,
  type InlineFragmentNode,
  type InputValueDefinitionNode,
  type ListValueNode,
  type NamedTypeNode,
  type NameNode,
  type ObjectFieldNode,
  type ObjectValueNode,
  type OperationDefinitionNode,
  type OperationTypeDefinitionNode,
  type SchemaDefinitionNode,
  type SchemaExtensionNode,
  type SelectionNode,
  type SelectionSetNode,
  type StringValueNode,
  type TypeDefinitionNode,
  type TypeExtensionNode,
  type TypeNode,
  type TypeSystemExtensionNode,
  type ValueNode,
  type VariableDefinitionNode,
  type VariableNode,
} from './ast.ts';
import { DirectiveLocation } from './directiveLocation.ts';
import { GraphQLError, syntaxError, tooComplexError } from './error.ts';
import * as lexerModule from './lexer.ts';
import { isSource, Source } from './source.ts';

// Local copies of the imported bindings used on hot paths: some module loaders (Vite's SSR
// runner, used by Vitest) turn every access to an imported binding into a getter call. Each is a
// static member access (never a destructuring), so that bundlers resolve it and ship no namespace object.
const Lexer = lexerModule.Lexer;
const tokenKindDesc = lexerModule.tokenKindDesc;
const TOKEN_AMP = lexerModule.TOKEN_AMP;
const TOKEN_AT = lexerModule.TOKEN_AT;
const TOKEN_BANG = lexerModule.TOKEN_BANG;
const TOKEN_BLOCK_STRING = lexerModule.TOKEN_BLOCK_STRING;
const TOKEN_BRACE_L = lexerModule.TOKEN_BRACE_L;
const TOKEN_BRACE_R = lexerModule.TOKEN_BRACE_R;
const TOKEN_BRACKET_L = lexerModule.TOKEN_BRACKET_L;
const TOKEN_BRACKET_R = lexerModule.TOKEN_BRACKET_R;
const TOKEN_COLON = lexerModule.TOKEN_COLON;
const TOKEN_DOLLAR = lexerModule.TOKEN_DOLLAR;
const TOKEN_EOF = lexerModule.TOKEN_EOF;
const TOKEN_EQUALS = lexerModule.TOKEN_EQUALS;
const TOKEN_FLOAT = lexerModule.TOKEN_FLOAT;
const TOKEN_INT = lexerModule.TOKEN_INT;
const TOKEN_NAME = lexerModule.TOKEN_NAME;
const TOKEN_PAREN_L = lexerModule.TOKEN_PAREN_L;
const TOKEN_PAREN_R = lexerModule.TOKEN_PAREN_R;
const TOKEN_PIPE = lexerModule.TOKEN_PIPE;
const TOKEN_SOF = lexerModule.TOKEN_SOF;
const TOKEN_SPREAD = lexerModule.TOKEN_SPREAD;
const TOKEN_STRING = lexerModule.TOKEN_STRING;
const NodeLocation = Location;

/** Default limits against hostile documents (each can be overridden per call). */
export const DEFAULT_MAX_TOKENS = 50_000;
export const DEFAULT_MAX_DEPTH = 64;
export const DEFAULT_MAX_INPUT_DEPTH = 128;
export const DEFAULT_MAX_FIELDS = 20_000;
export const DEFAULT_MAX_ALIASES = 20_000;

export interface ParseOptions {
  /** Omit `loc` on nodes (graphql-js semantics). Default false. */
  noLocation?: boolean | undefined;
  /** Maximum lexical tokens (comments excluded) in the document. Default 50,000. */
  maxTokens?: number | undefined;
  /** Maximum nesting of selection sets. Default 64. */
  maxDepth?: number | undefined;
  /** Maximum nesting of list/object values and list types. Default 128. */
  maxInputDepth?: number | undefined;
  /** Maximum fields in one executable definition. Default 20,000. */
  maxFields?: number | undefined;
  /** Maximum aliased fields in one executable definition. Default 20,000. */
  maxAliases?: number | undefined;
  /** When false, `{}` is rejected (graphql-js semantics: allowed unless set to false). */
  allowEmptySelectionSets?: boolean | undefined;
}

/** Parse a GraphQL document (executable and/or type system). Throws GraphQLError. */
export function parse(source: string | Source, options?: ParseOptions): DocumentNode {
  const parser = new Parser(source, options);
  const document = parser.guard(() => parser.parseDocument());
  Object.defineProperty(document, 'tokenCount', { enumerable: false, value: parser.tokenCount });
  return document;
}

/** Parse a single value literal (variables allowed), e.g. `[1, $x, {a: "b"}]`. */
export function parseValue(source: string | Source, options?: ParseOptions): ValueNode {
  return parseWhole(source, options, (parser) => parser.parseValueLiteral(false));
}

/** Parse a single constant value literal (no variables). */
export function parseConstValue(source: string | Source, options?: ParseOptions): ConstValueNode {
  return parseWhole(source, options, (parser) => parser.parseValueLiteral(true) as ConstValueNode);
}

/** Parse a type reference, e.g. `[String!]!`. */
export function parseType(source: string | Source, options?: ParseOptions): TypeNode {
  return parseWhole(source, options, (parser) => parser.parseTypeReference());
}

/** Parse exactly one `production` spanning the whole source (a function, so bundles without these entry points drop it). */
function parseWhole<T>(source: string | Source, options: ParseOptions | undefined, production: (parser: Parser) => T): T {
  const parser = new Parser(source, options);
  return parser.guard(() => {
    parser.expectToken(TOKEN_SOF);
    const result = production(parser);
    parser.expectToken(TOKEN_EOF);
    return result;
  });
}

/** SDL keyword → the definition and extension node kinds of the named type it opens (`type` → ObjectType…). */
const TYPE_NODE_KINDS: ReadonlyMap<string, readonly [string, string]> = new Map(
  Object.values(NAMED_TYPE_KINDS).map(([stem, keyword]) => [keyword, [`${stem}TypeDefinition`, `${stem}TypeExtension`]]),
);
type TypeKeyword = NamedTypeKeyword;

type Keyword = TypeKeyword | 'query' | 'mutation' | 'subscription' | 'fragment' | 'on' | 'extend' | 'schema' | 'directive'
  | 'implements' | 'repeatable';

class Parser {
  private readonly lexer: lexerModule.Lexer;
  private readonly source: Source;
  private readonly noLocation: boolean;
  private readonly allowEmptySelectionSets: boolean;
  private readonly maxDepth: number;
  private readonly maxInputDepth: number;
  private readonly maxFields: number;
  private readonly maxAliases: number;
  /**
   * Scratch stack for the items of the list being parsed (nested lists use the space above), so
   * each finished list is one exact-size copy instead of an array grown by push (which reserves
   * 16+ slots even for one item).
   */
  private readonly scratch: unknown[] = [];
  private scratchTop = 0;
  private depth = 0;
  private inputDepth = 0;
  private fieldCount = 0;
  private aliasCount = 0;

  constructor(source: string | Source, options: ParseOptions = {}) {
    this.source = isSource(source) ? source : new Source(source);
    this.lexer = new Lexer(this.source);
    this.lexer.maxTokens = options.maxTokens ?? DEFAULT_MAX_TOKENS;
    this.noLocation = options.noLocation === true;
    this.allowEmptySelectionSets = options.allowEmptySelectionSets !== false;
    this.maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
    this.maxInputDepth = options.maxInputDepth ?? DEFAULT_MAX_INPUT_DEPTH;
    this.maxFields = options.maxFields ?? DEFAULT_MAX_FIELDS;
    this.maxAliases = options.maxAliases ?? DEFAULT_MAX_ALIASES;
  }

  /** Run `fn`, turning an engine stack overflow (limits raised too far) into QUERY_TOO_COMPLEX. */
  guard<T>(fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      if (error instanceof RangeError && !(error instanceof GraphQLError)) {
        throw tooComplexError(this.source, this.lexer.start, 'Document is nested too deeply. Parsing aborted.');
      }
      throw error;
    }
  }

  // ------------------------------------------------------------------------------------------
  // Token helpers

  private advance(): void {
    this.lexer.advance();
  }

  get tokenCount(): number {
    return this.lexer.tokenCount;
  }

  /** The items pushed since `base`, as an exact-size array; pops them off the scratch stack. */
  private collect<T>(base: number): T[] {
    const items = this.scratch.slice(base, this.scratchTop) as T[];
    this.scratchTop = base;
    return items;
  }

  private loc(start: number): Location | undefined {
    return this.noLocation ? undefined : new NodeLocation(start, this.lexer.prevEnd, this.source);
  }

  expectToken(kind: number): void {
    if (this.lexer.kind !== kind) {
      throw syntaxError(this.source, this.lexer.start, `Expected ${tokenKindDesc(kind)}, found ${this.tokenDesc()}.`);
    }
    this.advance();
  }

  private expectOptionalToken(kind: number): boolean {
    if (this.lexer.kind === kind) {
      this.advance();
      return true;
    }
    return false;
  }

  private isKeyword(value: Keyword): boolean {
    const lexer = this.lexer;
    return (
      lexer.kind === TOKEN_NAME &&
      lexer.end - lexer.start === value.length &&
      lexer.body.startsWith(value, lexer.start)
    );
  }

  private expectKeyword(value: Keyword): void {
    if (!this.isKeyword(value)) {
      throw syntaxError(this.source, this.lexer.start, `Expected "${value}", found ${this.tokenDesc()}.`);
    }
    this.advance();
  }

  private expectOptionalKeyword(value: Keyword): boolean {
    if (this.isKeyword(value)) {
      this.advance();
      return true;
    }
    return false;
  }

  private tokenDesc(): string {
    return describeToken(this.lexer.kind, this.lexer.value());
  }

  private unexpected(): GraphQLError {
    return syntaxError(this.source, this.lexer.start, `Unexpected ${this.tokenDesc()}.`);
  }

  private unexpectedAt(kind: number, start: number, value: string | undefined): GraphQLError {
    return syntaxError(this.source, start, `Unexpected ${describeToken(kind, value)}.`);
  }

  // ------------------------------------------------------------------------------------------
  // Document

  parseDocument(): DocumentNode {
    const lexer = this.lexer;
    this.expectToken(TOKEN_SOF);
    const definitions: DefinitionNode[] = [];
    do {
      definitions.push(this.parseDefinition());
    } while (lexer.kind !== TOKEN_EOF);
    this.advance();
    return { kind: 'Document', definitions, loc: this.loc(0) };
  }

  private parseDefinition(): DefinitionNode {
    const lexer = this.lexer;
    if (lexer.kind === TOKEN_BRACE_L) return this.parseOperationDefinition();
    const hasDescription = lexer.kind === TOKEN_STRING || lexer.kind === TOKEN_BLOCK_STRING;
    let kind = lexer.kind;
    let start = lexer.start;
    let value: string | undefined;
    if (hasDescription) {
      const next = lexer.lookahead();
      kind = next.kind;
      start = next.start;
      value = next.value;
      if (kind === TOKEN_BRACE_L) {
        throw syntaxError(
          this.source,
          lexer.start,
          'Unexpected description, descriptions are not supported on shorthand queries.',
        );
      }
    } else {
      value = lexer.value();
    }
    if (kind === TOKEN_NAME) {
      this.fieldCount = 0;
      this.aliasCount = 0;
      if (TYPE_NODE_KINDS.has(value!)) return this.parseNamedTypeDefinition(value as TypeKeyword, false) as TypeDefinitionNode;
      switch (value) {
        case 'schema':
          return this.parseSchemaDefinition();
        case 'directive':
          return this.parseDirectiveDefinition();
        case 'query':
        case 'mutation':
        case 'subscription':
          return this.parseOperationDefinition();
        case 'fragment':
          return this.parseFragmentDefinition();
      }
      if (hasDescription) {
        throw syntaxError(
          this.source,
          lexer.start,
          'Unexpected description, only GraphQL definitions support descriptions.',
        );
      }
      if (value === 'extend') return this.parseTypeSystemExtension();
    }
    throw this.unexpectedAt(kind, start, value);
  }

  // ------------------------------------------------------------------------------------------
  // Executable definitions

  private parseOperationDefinition(): OperationDefinitionNode {
    const lexer = this.lexer;
    const start = lexer.start;
    this.fieldCount = 0;
    this.aliasCount = 0;
    if (lexer.kind === TOKEN_BRACE_L) {
      return {
        kind: 'OperationDefinition',
        operation: 'query',
        description: undefined,
        name: undefined,
        variableDefinitions: undefined,
        directives: undefined,
        selectionSet: this.parseSelectionSet(),
        loc: this.loc(start),
      };
    }
    const description = this.parseDescription();
    const operation = this.parseOperationType();
    const name = lexer.kind === TOKEN_NAME ? this.parseName() : undefined;
    return {
      kind: 'OperationDefinition',
      operation,
      description,
      name,
      variableDefinitions: this.parseVariableDefinitions(),
      directives: this.parseDirectives(false),
      selectionSet: this.parseSelectionSet(),
      loc: this.loc(start),
    };
  }

  private parseOperationType(): OperationTypeNode {
    const lexer = this.lexer;
    const start = lexer.start;
    const value = lexer.value();
    this.expectToken(TOKEN_NAME);
    switch (value) {
      case 'query':
        return 'query';
      case 'mutation':
        return 'mutation';
      case 'subscription':
        return 'subscription';
    }
    throw this.unexpectedAt(TOKEN_NAME, start, value);
  }

  private parseVariableDefinitions(): VariableDefinitionNode[] | undefined {
    return this.optionalMany(TOKEN_PAREN_L, this.parseVariableDefinition, TOKEN_PAREN_R);
  }

  private parseVariableDefinition(): VariableDefinitionNode {
    const start = this.lexer.start;
    const description = this.parseDescription();
    const variable = this.parseVariable();
    this.expectToken(TOKEN_COLON);
    const type = this.parseTypeReference();
    const defaultValue = this.expectOptionalToken(TOKEN_EQUALS)
      ? (this.parseValueLiteral(true) as ConstValueNode)
      : undefined;
    return {
      kind: 'VariableDefinition',
      description,
      variable,
      type,
      defaultValue,
      directives: this.parseDirectives(true) as ConstDirectiveNode[] | undefined,
      loc: this.loc(start),
    };
  }

  private parseVariable(): VariableNode {
    const start = this.lexer.start;
    this.expectToken(TOKEN_DOLLAR);
    return { kind: 'Variable', name: this.parseName(), loc: this.loc(start) };
  }

  private parseSelectionSet(): SelectionSetNode {
    const lexer = this.lexer;
    const start = lexer.start;
    if (lexer.kind !== TOKEN_BRACE_L) this.expectToken(TOKEN_BRACE_L);
    if (++this.depth > this.maxDepth) {
      throw tooComplexError(
        this.source,
        start,
        `Document has selection sets nested deeper than ${this.maxDepth}. Parsing aborted.`,
      );
    }
    this.advance();
    const base = this.scratchTop;
    if (this.allowEmptySelectionSets) {
      while (lexer.kind !== TOKEN_BRACE_R) {
        const selection = this.parseSelection();
        this.scratch[this.scratchTop++] = selection;
      }
    } else {
      do {
        const selection = this.parseSelection();
        this.scratch[this.scratchTop++] = selection;
      } while (lexer.kind !== TOKEN_BRACE_R);
    }
    this.advance();
    this.depth--;
    const selections = this.collect<SelectionNode>(base);
    return { kind: 'SelectionSet', selections, loc: this.loc(start) };
  }

  private parseSelection(): SelectionNode {
    return this.lexer.kind === TOKEN_SPREAD ? this.parseFragment() : this.parseField();
  }

  private parseField(): FieldNode {
    const lexer = this.lexer;
    const start = lexer.start;
    if (++this.fieldCount > this.maxFields) {
      throw tooComplexError(
        this.source,
        start,
        `Document has more than ${this.maxFields} fields in one definition. Parsing aborted.`,
      );
    }
    const nameOrAlias = this.parseName();
    let alias: NameNode | undefined;
    let name: NameNode;
    if (lexer.kind === TOKEN_COLON) {
      if (++this.aliasCount > this.maxAliases) {
        throw tooComplexError(
          this.source,
          start,
          `Document has more than ${this.maxAliases} aliases in one definition. Parsing aborted.`,
        );
      }
      this.advance();
      alias = nameOrAlias;
      name = this.parseName();
    } else {
      name = nameOrAlias;
    }
    return {
      kind: 'Field',
      alias,
      name,
      arguments: lexer.kind === TOKEN_PAREN_L ? this.parseArguments(false) : undefined,
      directives: lexer.kind === TOKEN_AT ? this.parseDirectives(false) : undefined,
      selectionSet: lexer.kind === TOKEN_BRACE_L ? this.parseSelectionSet() : undefined,
      loc: this.loc(start),
    };
  }

  private parseArguments(isConst: boolean): ArgumentNode[] | undefined {
    const lexer = this.lexer;
    if (lexer.kind !== TOKEN_PAREN_L) return undefined;
    this.advance();
    const base = this.scratchTop;
    do {
      const start = lexer.start;
      const name = this.parseName();
      this.expectToken(TOKEN_COLON);
      const argument: ArgumentNode = { kind: 'Argument', name, value: this.parseValueLiteral(isConst), loc: this.loc(start) };
      this.scratch[this.scratchTop++] = argument;
    } while (!this.expectOptionalToken(TOKEN_PAREN_R));
    return this.collect<ArgumentNode>(base);
  }

  private parseFragment(): FragmentSpreadNode | InlineFragmentNode {
    const lexer = this.lexer;
    const start = lexer.start;
    this.expectToken(TOKEN_SPREAD);
    const hasTypeCondition = this.expectOptionalKeyword('on');
    if (!hasTypeCondition && lexer.kind === TOKEN_NAME) {
      return {
        kind: 'FragmentSpread',
        name: this.parseFragmentName(),
        directives: this.parseDirectives(false),
        loc: this.loc(start),
      };
    }
    return {
      kind: 'InlineFragment',
      typeCondition: hasTypeCondition ? this.parseNamedType() : undefined,
      directives: this.parseDirectives(false),
      selectionSet: this.parseSelectionSet(),
      loc: this.loc(start),
    };
  }

  private parseFragmentDefinition(): FragmentDefinitionNode {
    const start = this.lexer.start;
    const description = this.parseDescription();
    this.expectKeyword('fragment');
    const name = this.parseFragmentName();
    this.expectKeyword('on');
    return {
      kind: 'FragmentDefinition',
      description,
      name,
      typeCondition: this.parseNamedType(),
      directives: this.parseDirectives(false),
      selectionSet: this.parseSelectionSet(),
      loc: this.loc(start),
    };
  }

  private parseFragmentName(): NameNode {
    if (this.lexer.value() === 'on') throw this.unexpected();
    return this.parseName();
  }

  // ------------------------------------------------------------------------------------------
  // Values

  parseValueLiteral(isConst: boolean): ValueNode {
    const lexer = this.lexer;
    const start = lexer.start;
    switch (lexer.kind) {
      case TOKEN_BRACKET_L:
        return this.parseList(isConst);
      case TOKEN_BRACE_L:
        return this.parseObject(isConst);
      case TOKEN_INT: {
        const value = lexer.body.slice(start, lexer.end);
        this.advance();
        return { kind: 'IntValue', value, loc: this.loc(start) };
      }
      case TOKEN_FLOAT: {
        const value = lexer.body.slice(start, lexer.end);
        this.advance();
        return { kind: 'FloatValue', value, loc: this.loc(start) };
      }
      case TOKEN_STRING:
      case TOKEN_BLOCK_STRING:
        return this.parseStringLiteral();
      case TOKEN_NAME: {
        const value = lexer.body.slice(start, lexer.end);
        this.advance();
        switch (value) {
          case 'true':
            return { kind: 'BooleanValue', value: true, loc: this.loc(start) };
          case 'false':
            return { kind: 'BooleanValue', value: false, loc: this.loc(start) };
          case 'null':
            return { kind: 'NullValue', loc: this.loc(start) };
          default:
            return { kind: 'EnumValue', value, loc: this.loc(start) };
        }
      }
      case TOKEN_DOLLAR:
        if (isConst) {
          this.advance();
          if ((lexer.kind as number) === TOKEN_NAME) {
            throw syntaxError(this.source, start, `Unexpected variable "$${lexer.value()}" in constant value.`);
          }
          throw this.unexpectedAt(TOKEN_DOLLAR, start, undefined);
        }
        return this.parseVariable();
      default:
        throw this.unexpected();
    }
  }

  private enterInput(start: number): void {
    if (++this.inputDepth > this.maxInputDepth) {
      throw tooComplexError(
        this.source,
        start,
        `Document has values or types nested deeper than ${this.maxInputDepth}. Parsing aborted.`,
      );
    }
  }

  private parseList(isConst: boolean): ListValueNode {
    const lexer = this.lexer;
    const start = lexer.start;
    this.enterInput(start);
    this.advance();
    const base = this.scratchTop;
    while (lexer.kind !== TOKEN_BRACKET_R) {
      const value = this.parseValueLiteral(isConst);
      this.scratch[this.scratchTop++] = value;
    }
    const values = this.collect<ValueNode>(base);
    this.advance();
    this.inputDepth--;
    return { kind: 'ListValue', values, loc: this.loc(start) };
  }

  private parseObject(isConst: boolean): ObjectValueNode {
    const lexer = this.lexer;
    const start = lexer.start;
    this.enterInput(start);
    this.advance();
    const base = this.scratchTop;
    while (lexer.kind !== TOKEN_BRACE_R) {
      const fieldStart = lexer.start;
      const name = this.parseName();
      this.expectToken(TOKEN_COLON);
      const field: ObjectFieldNode = { kind: 'ObjectField', name, value: this.parseValueLiteral(isConst), loc: this.loc(fieldStart) };
      this.scratch[this.scratchTop++] = field;
    }
    const fields = this.collect<ObjectFieldNode>(base);
    this.advance();
    this.inputDepth--;
    return { kind: 'ObjectValue', fields, loc: this.loc(start) };
  }

  private parseStringLiteral(): StringValueNode {
    const lexer = this.lexer;
    const start = lexer.start;
    const value = lexer.stringValue;
    const block = lexer.kind === TOKEN_BLOCK_STRING;
    this.advance();
    return { kind: 'StringValue', value, block, loc: this.loc(start) };
  }

  private parseName(): NameNode {
    const lexer = this.lexer;
    if (lexer.kind !== TOKEN_NAME) this.expectToken(TOKEN_NAME);
    const start = lexer.start;
    const value = lexer.body.slice(start, lexer.end);
    this.advance();
    return { kind: 'Name', value, loc: this.noLocation ? undefined : new NodeLocation(start, lexer.prevEnd, this.source) };
  }

  // ------------------------------------------------------------------------------------------
  // Directives and types

  private parseDirectives(isConst: boolean): DirectiveNode[] | undefined {
    const lexer = this.lexer;
    let directives: DirectiveNode[] | undefined;
    while (lexer.kind === TOKEN_AT) {
      const start = lexer.start;
      this.advance();
      const name = this.parseName();
      (directives ??= []).push({
        kind: 'Directive',
        name,
        arguments: this.parseArguments(isConst),
        loc: this.loc(start),
      });
    }
    return directives;
  }

  private parseConstDirectives(): ConstDirectiveNode[] | undefined {
    return this.parseDirectives(true) as ConstDirectiveNode[] | undefined;
  }

  parseTypeReference(): TypeNode {
    const lexer = this.lexer;
    const start = lexer.start;
    let type: TypeNode;
    if (lexer.kind === TOKEN_BRACKET_L) {
      this.enterInput(start);
      this.advance();
      const innerType = this.parseTypeReference();
      this.expectToken(TOKEN_BRACKET_R);
      this.inputDepth--;
      type = { kind: 'ListType', type: innerType, loc: this.loc(start) };
    } else {
      type = this.parseNamedType();
    }
    if (lexer.kind === TOKEN_BANG) {
      this.advance();
      return { kind: 'NonNullType', type, loc: this.loc(start) };
    }
    return type;
  }

  private parseNamedType(): NamedTypeNode {
    const start = this.lexer.start;
    return { kind: 'NamedType', name: this.parseName(), loc: this.loc(start) };
  }

  // ------------------------------------------------------------------------------------------
  // Type system definitions

  private parseDescription(): StringValueNode | undefined {
    const kind = this.lexer.kind;
    return kind === TOKEN_STRING || kind === TOKEN_BLOCK_STRING ? this.parseStringLiteral() : undefined;
  }

  private parseSchemaDefinition(): SchemaDefinitionNode {
    const start = this.lexer.start;
    const description = this.parseDescription();
    this.expectKeyword('schema');
    const directives = this.parseConstDirectives();
    if (this.lexer.kind !== TOKEN_BRACE_L) this.expectToken(TOKEN_BRACE_L);
    const operationTypes = this.parseOperationTypeDefinitions()!;
    return { kind: 'SchemaDefinition', description, directives, operationTypes, loc: this.loc(start) };
  }

  private parseOperationTypeDefinition(): OperationTypeDefinitionNode {
    const start = this.lexer.start;
    const operation = this.parseOperationType();
    this.expectToken(TOKEN_COLON);
    const type = this.parseNamedType();
    return { kind: 'OperationTypeDefinition', operation, type, loc: this.loc(start) };
  }

  /** `open item+ close` when the current token is `open`, else undefined (graphql-js's optionalMany). */
  private optionalMany<T>(open: number, item: (this: Parser) => T, close: number): T[] | undefined {
    if (!this.expectOptionalToken(open)) return undefined;
    const nodes: T[] = [];
    do {
      nodes.push(item.call(this));
    } while (!this.expectOptionalToken(close));
    return nodes;
  }

  private parseOperationTypeDefinitions(): OperationTypeDefinitionNode[] | undefined {
    return this.optionalMany(TOKEN_BRACE_L, this.parseOperationTypeDefinition, TOKEN_BRACE_R);
  }

  /**
   * A named type's definition (`extension` false: description, keyword, name …) or extension
   * (`extend keyword name …`, which must add something). The parts after the name depend on the
   * keyword: interfaces (type, interface), directives, then fields, member types or values.
   */
  private parseNamedTypeDefinition(keyword: TypeKeyword, extension: boolean): TypeDefinitionNode | TypeExtensionNode {
    const start = this.lexer.start;
    const node: Record<string, unknown> = { kind: TYPE_NODE_KINDS.get(keyword)![extension ? 1 : 0] };
    if (extension) this.expectKeyword('extend');
    else node.description = this.parseDescription();
    this.expectKeyword(keyword);
    node.name = this.parseName();
    if (keyword === 'type' || keyword === 'interface') {
      node.interfaces = this.expectOptionalKeyword('implements') ? this.parseDelimitedNamedTypes(TOKEN_AMP) : undefined;
    }
    node.directives = this.parseConstDirectives();
    if (keyword === 'union') node.types = this.expectOptionalToken(TOKEN_EQUALS) ? this.parseDelimitedNamedTypes(TOKEN_PIPE) : undefined;
    else if (keyword === 'enum') node.values = this.optionalMany(TOKEN_BRACE_L, this.parseEnumValueDefinition, TOKEN_BRACE_R);
    else if (keyword === 'input') node.fields = this.optionalMany(TOKEN_BRACE_L, this.parseInputValueDef, TOKEN_BRACE_R);
    else if (keyword !== 'scalar') node.fields = this.optionalMany(TOKEN_BRACE_L, this.parseFieldDefinition, TOKEN_BRACE_R);
    if (extension && node.interfaces === undefined && node.directives === undefined && node.fields === undefined && node.types === undefined && node.values === undefined) {
      throw this.unexpected();
    }
    node.loc = this.loc(start);
    return node as unknown as TypeDefinitionNode | TypeExtensionNode;
  }

  private parseDelimitedNamedTypes(delimiter: number): NamedTypeNode[] {
    this.expectOptionalToken(delimiter);
    const nodes: NamedTypeNode[] = [];
    do {
      nodes.push(this.parseNamedType());
    } while (this.expectOptionalToken(delimiter));
    return nodes;
  }

  private parseFieldDefinition(): FieldDefinitionNode {
    const start = this.lexer.start;
    const description = this.parseDescription();
    const name = this.parseName();
    const args = this.parseArgumentDefs();
    this.expectToken(TOKEN_COLON);
    const type = this.parseTypeReference();
    const directives = this.parseConstDirectives();
    return { kind: 'FieldDefinition', description, name, arguments: args, type, directives, loc: this.loc(start) };
  }

  private parseArgumentDefs(): InputValueDefinitionNode[] | undefined {
    return this.optionalMany(TOKEN_PAREN_L, this.parseInputValueDef, TOKEN_PAREN_R);
  }

  private parseInputValueDef(): InputValueDefinitionNode {
    const start = this.lexer.start;
    const description = this.parseDescription();
    const name = this.parseName();
    this.expectToken(TOKEN_COLON);
    const type = this.parseTypeReference();
    const defaultValue = this.expectOptionalToken(TOKEN_EQUALS)
      ? (this.parseValueLiteral(true) as ConstValueNode)
      : undefined;
    const directives = this.parseConstDirectives();
    return {
      kind: 'InputValueDefinition',
      description,
      name,
      type,
      defaultValue,
      directives,
      loc: this.loc(start),
    };
  }

  private parseEnumValueDefinition(): EnumValueDefinitionNode {
    const lexer = this.lexer;
    const start = lexer.start;
    const description = this.parseDescription();
    const value = lexer.value();
    if (value === 'true' || value === 'false' || value === 'null') {
      throw syntaxError(
        this.source,
        lexer.start,
        `${this.tokenDesc()} is reserved and cannot be used for an enum value.`,
      );
    }
    const name = this.parseName();
    const directives = this.parseConstDirectives();
    return { kind: 'EnumValueDefinition', description, name, directives, loc: this.loc(start) };
  }

  private parseDirectiveDefinition(): DirectiveDefinitionNode {
    const lexer = this.lexer;
    const start = lexer.start;
    const description = this.parseDescription();
    this.expectKeyword('directive');
    this.expectToken(TOKEN_AT);
    const name = this.parseName();
    const args = this.parseArgumentDefs();
    const directives = this.parseConstDirectives();
    const repeatable = this.expectOptionalKeyword('repeatable');
    this.expectKeyword('on');
    this.expectOptionalToken(TOKEN_PIPE);
    const locations: NameNode[] = [];
    do {
      const locationStart = lexer.start;
      const location = this.parseName();
      if (!Object.hasOwn(DirectiveLocation, location.value)) {
        throw this.unexpectedAt(TOKEN_NAME, locationStart, location.value);
      }
      locations.push(location);
    } while (this.expectOptionalToken(TOKEN_PIPE));
    return {
      kind: 'DirectiveDefinition',
      description,
      name,
      arguments: args,
      directives,
      repeatable,
      locations,
      loc: this.loc(start),
    };
  }

  // ------------------------------------------------------------------------------------------
  // Type system extensions

  private parseTypeSystemExtension(): TypeSystemExtensionNode {
    const next = this.lexer.lookahead();
    if (next.kind === TOKEN_NAME) {
      const value = next.value!;
      if (value === 'schema') return this.parseSchemaExtension();
      if (value === 'directive') return this.parseDirectiveExtension();
      if (TYPE_NODE_KINDS.has(value)) return this.parseNamedTypeDefinition(value as TypeKeyword, true) as TypeExtensionNode;
    }
    throw this.unexpectedAt(next.kind, next.start, next.value);
  }

  private parseSchemaExtension(): SchemaExtensionNode {
    const start = this.lexer.start;
    this.expectKeyword('extend');
    this.expectKeyword('schema');
    const directives = this.parseConstDirectives();
    const operationTypes = this.parseOperationTypeDefinitions();
    if (directives === undefined && operationTypes === undefined) throw this.unexpected();
    return { kind: 'SchemaExtension', directives, operationTypes, loc: this.loc(start) };
  }

  private parseDirectiveExtension(): DirectiveExtensionNode {
    const start = this.lexer.start;
    this.expectKeyword('extend');
    this.expectKeyword('directive');
    this.expectToken(TOKEN_AT);
    const name = this.parseName();
    const directives = this.parseConstDirectives();
    if (directives === undefined) throw this.unexpected();
    return { kind: 'DirectiveExtension', name, directives, loc: this.loc(start) };
  }
}

function describeToken(kind: number, value: string | undefined): string {
  return tokenKindDesc(kind) + (value != null ? ` "${value}"` : '');
}
