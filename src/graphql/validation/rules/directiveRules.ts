// Rules about directives: KnownDirectives, UniqueDirectivesPerLocation, and the directive-argument
// rules shared with SDL validation (KnownArgumentNamesOnDirectives, ProvidedRequiredArgumentsOnDirectives).
// Signatures come from the schema plus the document's own definitions; rules only report, never change.

import type { DirectiveDefinitionNode, DirectiveNode, DocumentNode } from '../../ast.ts';
import { print } from '../../printer.ts';
import { isNonNullType } from '../../type/definition.ts';
import { specifiedDirectives, type GraphQLDirective } from '../../type/directives.ts';
import type { GraphQLSchema } from '../../type/schema.ts';
import { didYouMean, suggestionList } from '../../type/util.ts';
import type { ValidationContext } from '../context.ts';
import type { RuleVisitor } from '../rule.ts';

/** What the directive rules need to know of a directive, from the schema or from SDL. */
export interface DirectiveSignature {
  readonly locations: ReadonlySet<string>;
  readonly repeatable: boolean;
  readonly args: readonly string[];
  /** Required arguments: name → printed type. */
  readonly required: ReadonlyMap<string, string>;
}

/** Signatures of the schema's directives (or the specified ones) overridden by the document's definitions. */
export function directiveSignatures(schema: GraphQLSchema | undefined, document: DocumentNode): ReadonlyMap<string, DirectiveSignature> {
  const definesDirectives = document.definitions.some((d) => d.kind === 'DirectiveDefinition');
  if (schema && !definesDirectives) {
    let cached = schemaSignatures.get(schema);
    if (!cached) schemaSignatures.set(schema, (cached = buildSignatures(schema, document)));
    return cached;
  }
  return buildSignatures(schema, document);
}

/** Signatures of a schema's own directives, computed once per schema. */
const schemaSignatures = new WeakMap<GraphQLSchema, ReadonlyMap<string, DirectiveSignature>>();

function buildSignatures(schema: GraphQLSchema | undefined, document: DocumentNode): Map<string, DirectiveSignature> {
  const out = new Map<string, DirectiveSignature>();
  const fromSchema = (d: GraphQLDirective): DirectiveSignature => ({
    locations: new Set(d.locations), repeatable: d.isRepeatable, args: d.args.map((a) => a.name),
    required: new Map(d.args.filter((a) => isNonNullType(a.type) && a.default === undefined).map((a) => [a.name, String(a.type)])),
  });
  for (const d of schema ? schema.getDirectives() : specifiedDirectives) out.set(d.name, fromSchema(d));
  for (const def of document.definitions) {
    if (def.kind !== 'DirectiveDefinition') continue;
    out.set(def.name.value, fromDefinition(def));
  }
  return out;
}

function fromDefinition(def: DirectiveDefinitionNode): DirectiveSignature {
  const args = def.arguments ?? [];
  return {
    locations: new Set(def.locations.map((l) => l.value)), repeatable: def.repeatable, args: args.map((a) => a.name.value),
    required: new Map(args.filter((a) => a.type.kind === 'NonNullType' && a.defaultValue == null).map((a) => [a.name.value, print(a.type)])),
  };
}

type Report = (message: string, nodes: DirectiveNode | readonly DirectiveNode[] | import('../../ast.ts').ASTNode) => void;

/** KnownDirectives for one directive at a location. */
export function checkKnownDirective(signatures: ReadonlyMap<string, DirectiveSignature>, node: DirectiveNode, location: string, report: Report): void {
  const sig = signatures.get(node.name.value);
  if (!sig) { report(`Unknown directive "@${node.name.value}".`, node); return; }
  if (!sig.locations.has(location)) report(`Directive "@${node.name.value}" may not be used on ${location}.`, node);
}

/** UniqueDirectivesPerLocation over one node's directives; `seen` is shared across a type and its extensions. */
export function checkUniqueDirectives(
  signatures: ReadonlyMap<string, DirectiveSignature>, nodes: ReadonlyArray<DirectiveNode>, seen: Map<string, DirectiveNode>, report: Report,
): void {
  for (const directive of nodes) {
    const name = directive.name.value;
    const sig = signatures.get(name);
    if (!sig || sig.repeatable) continue;
    const previous = seen.get(name);
    if (previous) report(`The directive "@${name}" can only be used once at this location.`, [previous, directive]);
    else seen.set(name, directive);
  }
}

/** KnownArgumentNamesOnDirectives for one directive. */
export function checkDirectiveArgumentNames(
  signatures: ReadonlyMap<string, DirectiveSignature>, node: DirectiveNode, hideSuggestions: boolean, report: Report,
): void {
  const sig = signatures.get(node.name.value);
  if (!sig || !node.arguments) return;
  for (const arg of node.arguments) {
    const name = arg.name.value;
    if (sig.args.includes(name)) continue;
    const suggestions = hideSuggestions ? [] : suggestionList(name, sig.args);
    report(`Unknown argument "${name}" on directive "@${node.name.value}".` + didYouMean(suggestions), arg);
  }
}

/** ProvidedRequiredArgumentsOnDirectives for one directive. */
export function checkDirectiveRequiredArguments(signatures: ReadonlyMap<string, DirectiveSignature>, node: DirectiveNode, report: Report): void {
  const sig = signatures.get(node.name.value);
  if (!sig || sig.required.size === 0) return;
  const provided = new Set((node.arguments ?? []).map((a) => a.name.value));
  for (const [name, type] of sig.required) {
    if (!provided.has(name)) report(`Argument "@${node.name.value}(${name}:)" of type "${type}" is required, but it was not provided.`, node);
  }
}

export function KnownDirectivesRule(context: ValidationContext): RuleVisitor {
  const signatures = directiveSignatures(context.schema, context.document);
  const report: Report = (m, n) => context.reportError(m, n);
  return {
    directive(node, location) {
      checkKnownDirective(signatures, node, location, report);
    },
  };
}

export function UniqueDirectivesPerLocationRule(context: ValidationContext): RuleVisitor {
  const signatures = directiveSignatures(context.schema, context.document);
  const report: Report = (m, n) => context.reportError(m, n);
  return {
    directives(nodes) {
      if (nodes.length > 1) checkUniqueDirectives(signatures, nodes, new Map(), report);
    },
  };
}
