// Schema-aware completion options at a cursor in a GraphQL document: fields of the type there,
// arguments, input fields, enum values, type conditions, directives, keywords. Pure: it returns
// plain options for the editor to show and never touches the editor itself.

import { namedTypeOf, typeToString, type InputValue, type SchemaModel } from './schema.ts';
import { walkDocument, type CompletionContext } from './walk.ts';

export interface CompletionOption {
  label: string;
  /** CodeMirror's option kinds: property, function, variable, type, enum, keyword. */
  type: 'property' | 'function' | 'variable' | 'type' | 'enum' | 'keyword';
  detail?: string;
  info?: string;
  /** The text to insert when it differs from the label (`first: `). */
  apply?: string;
  /** Deprecated options sort last. */
  boost?: number;
}

export interface Completions {
  from: number;
  options: CompletionOption[];
}

const KEYWORDS = ['query', 'mutation', 'subscription', 'fragment'];

/** What may be typed at `cursor`, or null when nothing fits there (inside a string, say). */
export function completionsAt(text: string, cursor: number, schema: SchemaModel | null): Completions | null {
  const walk = walkDocument(text, schema, cursor);
  if (!walk.completion) return null;
  const options = optionsFor(walk.completion.context, schema);
  return options.length ? { from: walk.completion.from, options } : null;
}

function optionsFor(context: CompletionContext, schema: SchemaModel | null): CompletionOption[] {
  switch (context.kind) {
    case 'keyword':
      return [...KEYWORDS.map((k) => ({ label: k, type: 'keyword' as const })), { label: '{', type: 'keyword' as const, detail: 'query shorthand' }];
    case 'field':
      return (schema?.fieldsOf(context.type) ?? []).map((f) => ({
        label: f.name,
        type: f.args.length ? ('function' as const) : ('property' as const),
        detail: typeToString(f.type),
        info: describe(f.description, f.deprecationReason),
        boost: f.isDeprecated ? -1 : f.name.startsWith('__') ? -2 : 0,
      }));
    case 'spread':
      return [{ label: 'on', type: 'keyword', detail: 'inline fragment' }];
    case 'typeCondition': {
      const names = context.type ? (schema?.possibleTypes(context.type) ?? []) : (schema?.typesOfKind('OBJECT', 'INTERFACE', 'UNION').map((t) => t.name) ?? []);
      return names.map((name) => ({ label: name, type: 'type' as const, info: schema?.type(name)?.description ?? undefined }));
    }
    case 'argument':
      return inputOptions(context.args, context.used);
    case 'inputField':
      return inputOptions(context.fields, context.used);
    case 'value': {
      const type = schema?.type(namedTypeOf(context.type));
      if (type?.kind === 'ENUM') {
        return (type.enumValues ?? []).map((v) => ({ label: v.name, type: 'enum' as const, detail: type.name, info: describe(v.description, v.deprecationReason), boost: v.isDeprecated ? -1 : 0 }));
      }
      if (type?.name === 'Boolean') return ['true', 'false'].map((label) => ({ label, type: 'keyword' as const }));
      if (type?.kind === 'INPUT_OBJECT') return [{ label: '{ }', type: 'keyword', detail: type.name, apply: '{ ' }];
      return [];
    }
    case 'variableType':
      return (schema?.typesOfKind('SCALAR', 'ENUM', 'INPUT_OBJECT') ?? []).map((t) => ({ label: t.name, type: 'type' as const, info: t.description ?? undefined }));
    case 'directive':
      return [...(schema?.directives.values() ?? [])]
        .filter((d) => d.locations.some((l) => l === 'FIELD' || l === 'FRAGMENT_SPREAD' || l === 'INLINE_FRAGMENT' || l === 'QUERY'))
        .map((d) => ({ label: d.name, type: 'function' as const, info: d.description ?? undefined }));
    case 'none':
      return [];
  }
}

function inputOptions(values: InputValue[], used: string[]): CompletionOption[] {
  return values
    .filter((v) => !used.includes(v.name))
    .map((v) => ({ label: v.name, type: 'variable' as const, detail: typeToString(v.type), info: v.description ?? undefined, apply: `${v.name}: ` }));
}

function describe(description: string | null, deprecation: string | null): string | undefined {
  const parts = [description, deprecation === null ? null : `Deprecated: ${deprecation}`].filter(Boolean);
  return parts.length ? parts.join('\n\n') : undefined;
}
