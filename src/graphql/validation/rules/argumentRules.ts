// Rules about arguments and input values: KnownArgumentNames, UniqueArgumentNames,
// ValuesOfCorrectType, ProvidedRequiredArguments, UniqueInputFieldNames (graphql-js 17 wording).
// Rules only report errors; they never coerce values for execution or change the document.

import type { ArgumentNode, NameNode, ObjectValueNode } from '../../ast.ts';
import { isRequiredArgument } from '../../type/definition.ts';
import { didYouMean, suggestionList } from '../../type/util.ts';
import { validateInputLiteral } from '../../type/values.ts';
import type { ValidationContext } from '../context.ts';
import type { RuleVisitor } from '../rule.ts';
import { checkDirectiveArgumentNames, checkDirectiveRequiredArguments, directiveSignatures } from './directiveRules.ts';

export function KnownArgumentNamesRule(context: ValidationContext): RuleVisitor {
  const signatures = directiveSignatures(context.schema, context.document);
  const report = (m: string, n: ArgumentNode | import('../../ast.ts').ASTNode | readonly import('../../ast.ts').ASTNode[]): void => context.reportError(m, n);
  let inDirective = false;
  return {
    directive(node) {
      inDirective = true;
      checkDirectiveArgumentNames(signatures, node, context.hideSuggestions, report);
    },
    leaveDirective() {
      inDirective = false;
    },
    argument(node) {
      if (inDirective) return;
      const fieldDef = context.fieldDef;
      if (context.argument || !fieldDef) return;
      // graphql-js (TypeInfo) checks an unknown directive's arguments against the field too.
      const name = node.name.value;
      const suggestions = context.hideSuggestions ? [] : suggestionList(name, fieldDef.args.map((a) => a.name));
      context.reportError(`Unknown argument "${name}" on field "${fieldDef.coordinate}".` + didYouMean(suggestions), node);
    },
  };
}

/** Reports arguments given more than once in one list. */
export function checkUniqueArguments(args: ReadonlyArray<ArgumentNode> | undefined, report: (m: string, n: readonly NameNode[]) => void): void {
  if (!args || args.length < 2) return;
  const seen = new Map<string, NameNode[]>();
  for (const arg of args) {
    const list = seen.get(arg.name.value);
    if (list) list.push(arg.name);
    else seen.set(arg.name.value, [arg.name]);
  }
  for (const [name, nodes] of seen) if (nodes.length > 1) report(`There can be only one argument named "${name}".`, nodes);
}

export function UniqueArgumentNamesRule(context: ValidationContext): RuleVisitor {
  const report = (m: string, n: readonly NameNode[]): void => context.reportError(m, n);
  return {
    field(node) { checkUniqueArguments(node.arguments, report); },
    directive(node) { checkUniqueArguments(node.arguments, report); },
  };
}

export function ValuesOfCorrectTypeRule(context: ValidationContext): RuleVisitor {
  return {
    value(node) {
      const type = context.inputType;
      if (!type) return;
      validateInputLiteral(node, type, (error) => context.reportError(error.message, error.nodes), undefined, context.hideSuggestions);
    },
  };
}

export function ProvidedRequiredArgumentsRule(context: ValidationContext): RuleVisitor {
  const signatures = directiveSignatures(context.schema, context.document);
  return {
    leaveField(node) {
      const fieldDef = context.fieldDef;
      if (!fieldDef || fieldDef.args.length === 0) return;
      for (const argDef of fieldDef.args) {
        if (!isRequiredArgument(argDef)) continue;
        if (node.arguments?.some((a) => a.name.value === argDef.name)) continue;
        context.reportError(`Argument "${argDef.coordinate}" of type "${String(argDef.type)}" is required, but it was not provided.`, node);
      }
    },
    leaveDirective(node) {
      checkDirectiveRequiredArguments(signatures, node, (m, n) => context.reportError(m, n));
    },
  };
}

/** Reports input fields given more than once in one object literal. */
export function checkUniqueInputFields(node: ObjectValueNode, report: (m: string, n: readonly NameNode[]) => void): void {
  if (node.fields.length < 2) return;
  const known = new Map<string, NameNode>();
  for (const field of node.fields) {
    const previous = known.get(field.name.value);
    if (previous) report(`There can be only one input field named "${field.name.value}".`, [previous, field.name]);
    else known.set(field.name.value, field.name);
  }
}

export function UniqueInputFieldNamesRule(context: ValidationContext): RuleVisitor {
  const report = (m: string, n: readonly NameNode[]): void => context.reportError(m, n);
  return {
    objectValue(node) { checkUniqueInputFields(node, report); },
  };
}
