// Directive definitions and the built-in ones (@include, @skip, @deprecated, @specifiedBy, @oneOf,
// plus the opt-in @defer/@stream). Declares them only; never evaluates a directive.

import type { DirectiveDefinitionNode } from '../ast.ts';
import { DirectiveLocation } from '../directiveLocation.ts';
import { GraphQLArgument, GraphQLNonNull, type ArgumentConfig, type Extensions } from './definition.ts';
import { GraphQLBoolean, GraphQLInt, GraphQLString } from './scalars.ts';

export interface DirectiveConfig {
  name: string;
  description?: string | undefined;
  locations: readonly DirectiveLocation[];
  args?: Record<string, ArgumentConfig> | undefined;
  isRepeatable?: boolean | undefined;
  deprecationReason?: string | undefined;
  extensions?: Extensions | undefined;
  astNode?: DirectiveDefinitionNode | undefined;
}

export class GraphQLDirective {
  readonly name: string;
  readonly description: string | undefined;
  readonly locations: readonly DirectiveLocation[];
  readonly args: readonly GraphQLArgument[];
  readonly isRepeatable: boolean;
  readonly deprecationReason: string | undefined;
  readonly extensions: Extensions;
  readonly astNode: DirectiveDefinitionNode | undefined;

  constructor(config: DirectiveConfig) {
    this.name = config.name;
    this.description = config.description;
    this.locations = config.locations;
    this.isRepeatable = config.isRepeatable ?? false;
    this.deprecationReason = config.deprecationReason;
    this.extensions = config.extensions ?? {};
    this.astNode = config.astNode;
    this.args = Object.entries(config.args ?? {}).map(([n, c]) => new GraphQLArgument(`@${config.name}(${n}:)`, n, c));
  }
  toString(): string { return '@' + this.name; }
  toJSON(): string { return this.toString(); }
}

export const isDirective = (d: unknown): d is GraphQLDirective => d instanceof GraphQLDirective;

const L = DirectiveLocation;

// Each built-in directive is marked pure, so that a bundle which never uses one (the query engine
// never uses @defer or @stream) leaves it out instead of constructing it for nothing.

export const GraphQLIncludeDirective = /* @__PURE__ */ new GraphQLDirective({
  name: 'include',
  description: 'Directs the executor to include this field or fragment only when the `if` argument is true.',
  locations: [L.FIELD, L.FRAGMENT_SPREAD, L.INLINE_FRAGMENT],
  args: { if: { type: new GraphQLNonNull(GraphQLBoolean), description: 'Included when true.' } },
});

export const GraphQLSkipDirective = /* @__PURE__ */ new GraphQLDirective({
  name: 'skip',
  description: 'Directs the executor to skip this field or fragment when the `if` argument is true.',
  locations: [L.FIELD, L.FRAGMENT_SPREAD, L.INLINE_FRAGMENT],
  args: { if: { type: new GraphQLNonNull(GraphQLBoolean), description: 'Skipped when true.' } },
});

export const GraphQLDeferDirective = /* @__PURE__ */ new GraphQLDirective({
  name: 'defer',
  description: 'Directs the executor to defer this fragment when the `if` argument is true or undefined.',
  locations: [L.FRAGMENT_SPREAD, L.INLINE_FRAGMENT],
  args: {
    if: { type: new GraphQLNonNull(GraphQLBoolean), description: 'Deferred when true or undefined.', default: { value: true } },
    label: { type: GraphQLString, description: 'Unique name' },
  },
});

export const GraphQLStreamDirective = /* @__PURE__ */ new GraphQLDirective({
  name: 'stream',
  description: 'Directs the executor to stream plural fields when the `if` argument is true or undefined.',
  locations: [L.FIELD],
  args: {
    initialCount: { default: { value: 0 }, type: new GraphQLNonNull(GraphQLInt), description: 'Number of items to return immediately' },
    if: { type: new GraphQLNonNull(GraphQLBoolean), description: 'Stream when true or undefined.', default: { value: true } },
    label: { type: GraphQLString, description: 'Unique name' },
  },
});

export const DEFAULT_DEPRECATION_REASON = 'No longer supported';

export const GraphQLDeprecatedDirective = /* @__PURE__ */ new GraphQLDirective({
  name: 'deprecated',
  description: 'Marks an element of a GraphQL schema as no longer supported.',
  locations: [L.FIELD_DEFINITION, L.ARGUMENT_DEFINITION, L.INPUT_FIELD_DEFINITION, L.ENUM_VALUE, L.DIRECTIVE_DEFINITION],
  args: {
    reason: {
      type: new GraphQLNonNull(GraphQLString),
      description: 'Explains why this element was deprecated, usually also including a suggestion for how to access supported similar data. Formatted using the Markdown syntax, as specified by [CommonMark](https://commonmark.org/).',
      default: { value: DEFAULT_DEPRECATION_REASON },
    },
  },
});

export const GraphQLSpecifiedByDirective = /* @__PURE__ */ new GraphQLDirective({
  name: 'specifiedBy',
  description: 'Exposes a URL that specifies the behavior of this scalar.',
  locations: [L.SCALAR],
  args: { url: { type: new GraphQLNonNull(GraphQLString), description: 'The URL that specifies the behavior of this scalar.' } },
});

export const GraphQLOneOfDirective = /* @__PURE__ */ new GraphQLDirective({
  name: 'oneOf',
  description: 'Indicates exactly one field must be supplied and this field must not be `null`.',
  locations: [L.INPUT_OBJECT],
  args: {},
});

/** The directives every schema has (graphql-js 17's `specifiedDirectives`). */
export const specifiedDirectives: readonly GraphQLDirective[] = [
  GraphQLIncludeDirective, GraphQLSkipDirective, GraphQLDeprecatedDirective, GraphQLSpecifiedByDirective, GraphQLOneOfDirective,
];

export function isSpecifiedDirective(directive: GraphQLDirective): boolean {
  return specifiedDirectives.some(({ name }) => name === directive.name);
}
