// Canonical printing of an AST back to GraphQL source, character-for-character as graphql-js 17's
// `print` (same line breaking at 80 columns, indentation, block strings). Never parses or validates;
// never recurses (children are printed first, from an explicit stack), so any depth prints.

import { NAMED_TYPE_KINDS, namedTypeLocation, type ASTNode } from './ast.ts';
import { printBlockString } from './blockString.ts';
import { printString } from './printString.ts';

export { printBlockString } from './blockString.ts';
export { printString } from './printString.ts';

const MAX_LINE_LENGTH = 80;

/** Print any AST node (a document, a definition, a value, a type …) as GraphQL source. */
export function print(ast: ASTNode): string {
  const outer = printed;
  printed = new Map();
  try {
    // Post-order over an explicit stack: a node is printed once all its children are.
    const stack: Array<ASTNode | typeof EXPANDED> = [ast];
    while (stack.length > 0) {
      const top = stack.pop()!;
      if (top === EXPANDED) {
        const node = stack.pop() as ASTNode;
        printed.set(node, printOne(node));
        continue;
      }
      if (printed.has(top)) continue;
      stack.push(top, EXPANDED);
      // The children are the node's own values that are nodes or lists of nodes (a table of
      // child keys per kind would ship with every bundle that prints).
      for (const key in top) {
        const child = (top as unknown as Record<string, unknown>)[key];
        if (Array.isArray(child)) {
          for (let i = child.length - 1; i >= 0; i--) if (isChild(child[i])) stack.push(child[i]);
        } else if (isChild(child)) stack.push(child);
      }
    }
    return printed.get(ast)!;
  } finally {
    printed = outer;
  }
}

/** An AST node (the `loc` object and scalar values have no `kind`). */
function isChild(value: unknown): value is ASTNode {
  return typeof value === 'object' && value !== null && typeof (value as { kind?: unknown }).kind === 'string';
}

/** Marks, on the print stack, that the node below it has had its children pushed. */
const EXPANDED: unique symbol = Symbol('expanded');

/** Text of every node printed so far in the current `print` call. */
let printed = new Map<ASTNode, string>();

function printNode(node: ASTNode): string {
  return printed.get(node)!;
}

type Printable = string | undefined;

function join(items: ReadonlyArray<Printable> | undefined, separator = ''): string {
  let out = '';
  if (items === undefined) return out;
  for (const item of items) {
    if (item === undefined || item === '') continue;
    out = out === '' ? item : out + separator + item;
  }
  return out;
}

function all(nodes: ReadonlyArray<ASTNode> | undefined): string[] | undefined {
  return nodes?.map(printNode);
}

function opt(node: ASTNode | undefined): Printable {
  return node === undefined ? undefined : printNode(node);
}

function wrap(start: string, inner: Printable, end = ''): string {
  return inner !== undefined && inner !== '' ? start + inner + end : '';
}

function indent(text: string): string {
  return text === '' ? '' : '  ' + text.replaceAll('\n', '\n  ');
}

function block(items: ReadonlyArray<Printable> | undefined): string {
  return wrap('{\n', indent(join(items, '\n')), '\n}');
}

function hasMultilineItems(items: ReadonlyArray<string> | undefined): boolean {
  return items?.some((item) => item.includes('\n')) ?? false;
}

function argumentDefinitions(args: ReadonlyArray<string> | undefined): string {
  return hasMultilineItems(args) ? wrap('(\n', indent(join(args, '\n')), '\n)') : wrap('(', join(args, ', '), ')');
}

function wrappedLineAndArgs(prefix: string, args: ReadonlyArray<string> | undefined): string {
  if (args === undefined || args.length === 0) return prefix;
  const joined = join(args, ', ');
  return (
    prefix +
    (prefix.length + joined.length + 2 > MAX_LINE_LENGTH
      ? wrap('(\n', indent(join(args, '\n')), '\n)')
      : wrap('(', joined, ')'))
  );
}

function description(node: { readonly description?: ASTNode | undefined }): string {
  return wrap('', opt(node.description), '\n');
}

function directives(nodes: ReadonlyArray<ASTNode> | undefined): string {
  return join(all(nodes), ' ');
}

/** A named type's definition or extension: keyword, name, then whichever parts its kind has. */
function namedType(
  keyword: string,
  node: {
    readonly description?: ASTNode | undefined;
    readonly name: { readonly value: string };
    readonly interfaces?: ReadonlyArray<ASTNode> | undefined;
    readonly directives?: ReadonlyArray<ASTNode> | undefined;
    readonly types?: ReadonlyArray<ASTNode> | undefined;
    readonly fields?: ReadonlyArray<ASTNode> | undefined;
    readonly values?: ReadonlyArray<ASTNode> | undefined;
  },
): string {
  return join([
    description(node),
    join(
      [
        keyword,
        node.name.value,
        wrap('implements ', join(all(node.interfaces), ' & ')),
        directives(node.directives),
        wrap('= ', join(all(node.types), ' | ')),
        block(all(node.fields ?? node.values)),
      ],
      ' ',
    ),
  ]);
}

function printOne(node: ASTNode): string {
  switch (node.kind) {
    case 'Name':
      return node.value;
    case 'Variable':
      return '$' + node.name.value;
    case 'Document':
      return join(all(node.definitions), '\n\n');
    case 'OperationDefinition': {
      const varDefs = all(node.variableDefinitions);
      const varDefsText = hasMultilineItems(varDefs)
        ? wrap('(\n', join(varDefs, '\n'), '\n)')
        : wrap('(', join(varDefs, ', '), ')');
      const prefix = join([
        description(node),
        join([node.operation, join([opt(node.name), varDefsText]), directives(node.directives)], ' '),
      ]);
      const selectionSet = printNode(node.selectionSet);
      return node.operation === 'query' && prefix.length === node.operation.length
        ? selectionSet
        : join([prefix, ' ', selectionSet]);
    }
    case 'VariableDefinition':
    case 'InputValueDefinition':
      return join([
        description(node),
        printNode(node.kind === 'VariableDefinition' ? node.variable : node.name),
        ': ',
        printNode(node.type),
        wrap(' = ', opt(node.defaultValue)),
        wrap(' ', directives(node.directives)),
      ]);
    case 'SelectionSet':
      return node.selections.length === 0 ? '{}' : block(all(node.selections));
    case 'Field': {
      const prefix = join([wrap('', opt(node.alias), ': '), node.name.value]);
      return join([
        wrappedLineAndArgs(prefix, all(node.arguments)),
        wrap(' ', directives(node.directives)),
        wrap(' ', opt(node.selectionSet)),
      ]);
    }
    case 'Argument':
    case 'ObjectField':
      return node.name.value + ': ' + printNode(node.value);
    case 'FragmentSpread':
      return join(['...' + node.name.value, wrap(' ', directives(node.directives))]);
    case 'InlineFragment':
      return join(
        ['...', wrap('on ', opt(node.typeCondition)), directives(node.directives), printNode(node.selectionSet)],
        ' ',
      );
    case 'FragmentDefinition':
      return join([
        description(node),
        'fragment ',
        node.name.value,
        ' on ',
        printNode(node.typeCondition),
        ' ',
        wrap('', directives(node.directives), ' '),
        printNode(node.selectionSet),
      ]);
    case 'IntValue':
    case 'FloatValue':
    case 'EnumValue':
      return node.value;
    case 'StringValue':
      return node.block === true ? printBlockString(node.value) : printString(node.value);
    case 'BooleanValue':
      return node.value ? 'true' : 'false';
    case 'NullValue':
      return 'null';
    case 'ListValue': {
      const values = all(node.values);
      const joined = join(values, ', ');
      return 2 + joined.length > MAX_LINE_LENGTH ? wrap('[\n', indent(join(values, '\n')), '\n]') : '[' + joined + ']';
    }
    case 'ObjectValue': {
      const fields = all(node.fields);
      const joined = join(fields, ', ');
      return 4 + joined.length > MAX_LINE_LENGTH ? block(fields) : '{ ' + joined + ' }';
    }
    case 'Directive':
      return '@' + node.name.value + wrap('(', join(all(node.arguments), ', '), ')');
    case 'NamedType':
      return node.name.value;
    case 'ListType':
      return '[' + printNode(node.type) + ']';
    case 'NonNullType':
      return printNode(node.type) + '!';
    case 'SchemaDefinition':
      return join([
        description(node),
        join(['schema', directives(node.directives), block(all(node.operationTypes))], ' '),
      ]);
    case 'OperationTypeDefinition':
      return node.operation + ': ' + printNode(node.type);
    case 'FieldDefinition':
      return join([
        description(node),
        node.name.value,
        argumentDefinitions(all(node.arguments)),
        ': ',
        printNode(node.type),
        wrap(' ', directives(node.directives)),
      ]);
    case 'EnumValueDefinition':
      return join([description(node), join([node.name.value, directives(node.directives)], ' ')]);
    case 'DirectiveDefinition':
      return join([
        description(node),
        'directive @',
        node.name.value,
        argumentDefinitions(all(node.arguments)),
        wrap(' ', directives(node.directives)),
        node.repeatable ? ' repeatable' : '',
        ' on ',
        join(all(node.locations), ' | '),
      ]);
    case 'SchemaExtension':
      return join(['extend schema', directives(node.directives), block(all(node.operationTypes))], ' ');
    case 'DirectiveExtension':
      return join(['extend directive @' + node.name.value, directives(node.directives)], ' ');
    case 'TypeCoordinate':
      return node.name.value;
    case 'MemberCoordinate':
      return node.name.value + '.' + node.memberName.value;
    case 'ArgumentCoordinate':
      return node.name.value + '.' + node.fieldName.value + '(' + node.argumentName.value + ':)';
    case 'DirectiveCoordinate':
      return '@' + node.name.value;
    case 'DirectiveArgumentCoordinate':
      return '@' + node.name.value + '(' + node.argumentName.value + ':)';
    default:
      return namedType(`${node.kind.endsWith('Extension') ? 'extend ' : ''}${NAMED_TYPE_KINDS[namedTypeLocation(node.kind)!][1]}`, node);
  }
}
