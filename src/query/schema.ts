// The generated API (API.md §2) built from the catalog: every Query/Mutation/Subscription field,
// filter, order, input, connection and aggregate type, as a plain type model the executor reads
// (each field tagged with what it does) and prints as SDL (`db.schema()`). Never touches data.
import type { Catalog, Column, Entity, InterfaceType, Relation } from '../catalog/model.ts';
import { sortedNames } from '../catalog/model.ts';
import { upperFirst } from '../catalog/naming.ts';

// ---- type references -------------------------------------------------------------------------

export type TypeRef =
  | { readonly kind: 'NAMED'; readonly name: string }
  | { readonly kind: 'LIST'; readonly of: TypeRef }
  | { readonly kind: 'NON_NULL'; readonly of: TypeRef };

export const named = (name: string): TypeRef => ({ kind: 'NAMED', name });
export const list = (of: TypeRef): TypeRef => ({ kind: 'LIST', of });
export const nonNull = (of: TypeRef): TypeRef => (of.kind === 'NON_NULL' ? of : { kind: 'NON_NULL', of });

export function printType(t: TypeRef): string {
  return t.kind === 'NAMED' ? t.name : t.kind === 'LIST' ? `[${printType(t.of)}]` : `${printType(t.of)}!`;
}
export function namedOf(t: TypeRef): string {
  return t.kind === 'NAMED' ? t.name : namedOf(t.of);
}

// ---- the model -------------------------------------------------------------------------------

export interface InputValueDef {
  readonly name: string;
  readonly type: TypeRef;
  readonly description: string | null;
  /** SDL literal of the default value, when any. */
  readonly defaultValue?: string;
  readonly deprecationReason?: string | null;
}

/** What executing a field means. */
export type FieldRole =
  | { readonly role: 'get' | 'list' | 'connection' | 'aggregate'; readonly type: string }
  | { readonly role: 'create' | 'createMany' | 'update' | 'updateMany' | 'upsert' | 'delete' | 'deleteMany'; readonly type: string }
  | { readonly role: 'column'; readonly column: Column }
  | { readonly role: 'relation'; readonly relation: Relation }
  | { readonly role: 'relationAggregate'; readonly relation: Relation }
  | { readonly role: 'value' }; // a property of a plain result object (connections, aggregates)

export interface FieldDef {
  readonly name: string;
  readonly type: TypeRef;
  readonly args: readonly InputValueDef[];
  readonly description: string | null;
  /** Undefined: not deprecated; null: deprecated without a reason (printed as the default). */
  readonly deprecationReason?: string | null;
  readonly role: FieldRole;
}

export type TypeDef =
  | { readonly kind: 'SCALAR'; readonly name: string; readonly description: string | null; readonly specifiedByURL?: string }
  | { readonly kind: 'OBJECT' | 'INTERFACE'; readonly name: string; readonly description: string | null;
      readonly fields: readonly FieldDef[]; readonly interfaces: readonly string[] }
  | { readonly kind: 'UNION'; readonly name: string; readonly description: string | null; readonly types: readonly string[] }
  | { readonly kind: 'ENUM'; readonly name: string; readonly description: string | null;
      readonly values: readonly { name: string; description: string | null; deprecationReason?: string | null }[] }
  | { readonly kind: 'INPUT_OBJECT'; readonly name: string; readonly description: string | null; readonly fields: readonly InputValueDef[] };

export type ObjectDef = Extract<TypeDef, { kind: 'OBJECT' | 'INTERFACE' }>;

export interface DirectiveDef {
  readonly name: string;
  readonly description: string | null;
  readonly args: readonly InputValueDef[];
  readonly repeatable: boolean;
  readonly locations: readonly string[];
}

export interface ApiSchema {
  readonly types: ReadonlyMap<string, TypeDef>;
  readonly query: string;
  readonly mutation: string | null;
  readonly subscription: string;
  readonly directives: readonly DirectiveDef[];
  /** Field lookup: type name → field name → definition. */
  field(typeName: string, fieldName: string): FieldDef | undefined;
  /** Entity or interface names whose fields are rows of that type. */
  possibleTypes(typeName: string): readonly string[];
}

// ---- building --------------------------------------------------------------------------------

const SCALAR_FILTER_OPS: Record<string, string[]> = {
  ID: ['eq', 'ne', 'in', 'notIn', 'lt', 'lte', 'gt', 'gte', 'contains', 'startsWith', 'endsWith', 'isNull'],
  String: ['eq', 'ne', 'in', 'notIn', 'lt', 'lte', 'gt', 'gte', 'contains', 'startsWith', 'endsWith', 'isNull'],
  Int: ['eq', 'ne', 'in', 'notIn', 'lt', 'lte', 'gt', 'gte', 'isNull'],
  Float: ['eq', 'ne', 'in', 'notIn', 'lt', 'lte', 'gt', 'gte', 'isNull'],
  DateTime: ['eq', 'ne', 'in', 'notIn', 'lt', 'lte', 'gt', 'gte', 'isNull'],
  Boolean: ['eq', 'ne', 'isNull'],
};
const ENUM_FILTER_OPS = ['eq', 'ne', 'in', 'notIn', 'isNull'];
const LIST_FILTER_OPS = ['has', 'hasSome', 'hasEvery', 'isEmpty', 'isNull'];
const OP_DOC: Record<string, string> = {
  eq: 'Equal to.', ne: 'Not equal to (a null value never matches).', in: 'One of.', notIn: 'None of (a null value never matches).',
  lt: 'Less than.', lte: 'Less than or equal to.', gt: 'Greater than.', gte: 'Greater than or equal to.',
  contains: 'Contains the substring (case-sensitive, literal).', startsWith: 'Starts with (case-sensitive).',
  endsWith: 'Ends with (case-sensitive).', isNull: 'true: only null values; false: only non-null values.',
  has: 'The list contains this element.', hasSome: 'The list contains at least one of these.',
  hasEvery: 'The list contains every one of these.', isEmpty: 'true: the list is empty (not null); false: it has elements.',
};

function opType(op: string, elem: string): TypeRef {
  if (op === 'isNull' || op === 'isEmpty') return named('Boolean');
  if (op === 'in' || op === 'notIn' || op === 'hasSome' || op === 'hasEvery') return list(nonNull(named(elem)));
  return named(elem);
}

const arg = (name: string, type: TypeRef, description: string | null = null): InputValueDef => ({ name, type, description });
const value = (name: string, type: TypeRef, description: string | null = null): FieldDef => ({ name, type, args: [], description, role: { role: 'value' } });

type Abstractish = Entity | InterfaceType;

/** Builds the generated API of a catalog. */
export function buildApiSchema(catalog: Catalog): ApiSchema {
  const types = new Map<string, TypeDef>();
  const add = (t: TypeDef) => types.set(t.name, t);
  const entityNames = sortedNames(catalog.entities);
  const interfaceNames = sortedNames(catalog.interfaces);
  const queryables: Abstractish[] = [...entityNames.map((n) => catalog.entities[n]!), ...interfaceNames.map((n) => catalog.interfaces[n]!)];
  const isQueryable = (name: string) => !!(catalog.entities[name] || catalog.interfaces[name]);

  // Scalars and fixed enums.
  add({ kind: 'SCALAR', name: 'DateTime', description: 'An instant, as an ISO-8601 string in and out (output in UTC, `Date.prototype.toISOString` form).' });
  add({ kind: 'SCALAR', name: 'JSON', description: 'Any JSON value.' });
  for (const n of sortedNames(catalog.scalars)) add({ kind: 'SCALAR', name: n, description: catalog.scalars[n]!.description });
  add({ kind: 'ENUM', name: 'SortOrder', description: 'Sort direction: nulls come last in ASC and first in DESC.', values: [
    { name: 'ASC', description: 'Ascending.' }, { name: 'DESC', description: 'Descending.' }] });
  add({ kind: 'ENUM', name: 'IndexType', description: 'The kind of an `@index`.', values: [
    { name: 'BTREE', description: 'Ordered: equality, ranges and order.' }, { name: 'HASH', description: 'Equality only.' }] });
  add({ kind: 'ENUM', name: 'OnDelete', description: 'What happens to rows pointing at a deleted row.', values: [
    { name: 'CASCADE', description: 'Delete them too.' }, { name: 'SET_NULL', description: 'Set the reference to null.' },
    { name: 'RESTRICT', description: 'Refuse the delete.' }] });
  for (const n of sortedNames(catalog.enums)) {
    const e = catalog.enums[n]!;
    add({ kind: 'ENUM', name: n, description: e.description, values: e.values.map((v) => ({
      name: v.name, description: v.description, ...(v.deprecated ? { deprecationReason: v.deprecated.reason } : {}) })) });
  }
  for (const n of sortedNames(catalog.unions)) {
    const u = catalog.unions[n]!;
    add({ kind: 'UNION', name: n, description: u.description, types: u.members });
  }

  // Scalar, enum and list filters.
  for (const [s, ops] of Object.entries(SCALAR_FILTER_OPS)) {
    add({ kind: 'INPUT_OBJECT', name: `${s}Filter`, description: `Conditions on a ${s} field; several are ANDed.`,
      fields: ops.map((op) => arg(op, opType(op, s), OP_DOC[op] ?? null)) });
    add({ kind: 'INPUT_OBJECT', name: `${s}ListFilter`, description: `Conditions on a list of ${s}; several are ANDed.`,
      fields: LIST_FILTER_OPS.map((op) => arg(op, opType(op, s), OP_DOC[op] ?? null)) });
  }
  for (const n of sortedNames(catalog.enums)) {
    add({ kind: 'INPUT_OBJECT', name: `${n}Filter`, description: `Conditions on a ${n} field; several are ANDed.`,
      fields: ENUM_FILTER_OPS.map((op) => arg(op, opType(op, n), OP_DOC[op] ?? null)) });
    add({ kind: 'INPUT_OBJECT', name: `${n}ListFilter`, description: `Conditions on a list of ${n}; several are ANDed.`,
      fields: LIST_FILTER_OPS.map((op) => arg(op, opType(op, n), OP_DOC[op] ?? null)) });
  }
  add({ kind: 'INPUT_OBJECT', name: 'ToManyUpdateInput', description: 'Changes to a to-many relationship: `set` replaces, then `add` and `remove` apply.',
    fields: [arg('set', list(nonNull(named('ID'))), 'Replace the related rows with these.'),
      arg('add', list(nonNull(named('ID'))), 'Relate these rows too.'),
      arg('remove', list(nonNull(named('ID'))), 'Unrelate these rows.')] });
  add({ kind: 'OBJECT', name: 'PageInfo', description: 'Where a page sits in the whole result.', interfaces: [], fields: [
    value('hasNextPage', nonNull(named('Boolean')), 'Whether matching rows exist after this page.'),
    value('hasPreviousPage', nonNull(named('Boolean')), 'Whether matching rows exist before this page.'),
    value('startCursor', named('String'), 'The cursor of the first row of the page.'),
    value('endCursor', named('String'), 'The cursor of the last row of the page.')] });

  const filterOf = (c: Column): string | null => {
    if (c.kind === 'JSON' || c.kind === 'Custom') return null;
    return `${c.typeName}${c.list ? 'List' : ''}Filter`;
  };
  const minMax = (t: Abstractish) => fieldOrder(t).filter((f) => t.columns[f]?.orderable);
  const sumAvg = (t: Abstractish) => fieldOrder(t).filter((f) => {
    const c = t.columns[f];
    return c && !c.list && (c.kind === 'Int' || c.kind === 'Float');
  });

  // Per entity and interface: filters, order, connection, aggregate.
  for (const t of queryables) {
    const n = t.name;
    const whereFields: InputValueDef[] = [
      arg('and', list(nonNull(named(`${n}Where`))), 'All of these.'),
      arg('or', list(nonNull(named(`${n}Where`))), 'At least one of these.'),
      arg('not', named(`${n}Where`), 'Not this.'),
    ];
    for (const f of fieldOrder(t)) {
      const c = t.columns[f];
      if (c) {
        const filter = filterOf(c);
        if (filter) whereFields.push(arg(f, named(filter), c.description));
        continue;
      }
      const r = t.relations[f]!;
      if (!isQueryable(r.target)) continue; // union targets: no relationship filter
      whereFields.push(arg(f, named(r.list ? `${r.target}ListRelationFilter` : `${r.target}Where`), r.description));
    }
    add({ kind: 'INPUT_OBJECT', name: `${n}Where`, description: `Conditions on ${n} rows; the fields of one object are ANDed.`, fields: whereFields });
    add({ kind: 'INPUT_OBJECT', name: `${n}ListRelationFilter`, description: `Conditions on a to-many relationship to ${n}.`, fields: [
      arg('some', named(`${n}Where`), 'At least one related row matches.'),
      arg('every', named(`${n}Where`), 'Every related row matches (true when there are none).'),
      arg('none', named(`${n}Where`), 'No related row matches.')] });
    add({ kind: 'INPUT_OBJECT', name: `${n}OrderBy`, description: `One sort key of ${n}: exactly one field per element.`,
      fields: fieldOrder(t).filter((f) => t.columns[f]?.orderable).map((f) => arg(f, named('SortOrder'), t.columns[f]!.description)) });
    add({ kind: 'OBJECT', name: `${n}Edge`, description: `A ${n} in a connection, with its cursor.`, interfaces: [], fields: [
      value('cursor', nonNull(named('String')), 'An opaque keyset cursor for this row.'), value('node', nonNull(named(n)))] });
    add({ kind: 'OBJECT', name: `${n}Connection`, description: `A page of ${n} rows (Relay connection).`, interfaces: [], fields: [
      value('edges', nonNull(list(nonNull(named(`${n}Edge`))))), value('nodes', nonNull(list(nonNull(named(n))))),
      value('pageInfo', nonNull(named('PageInfo'))),
      value('totalCount', nonNull(named('Int')), 'Every row matching `where`, ignoring cursors and limits.')] });
    const mm = minMax(t);
    const sa = sumAvg(t);
    const aggFields: FieldDef[] = [value('count', nonNull(named('Int')), 'The number of matching rows.')];
    if (mm.length) {
      add({ kind: 'OBJECT', name: `${n}MinMax`, description: `Smallest or largest values of ${n}'s orderable fields.`, interfaces: [],
        fields: mm.map((f) => value(f, named(t.columns[f]!.typeName))) });
      aggFields.push(value('min', named(`${n}MinMax`), 'Smallest non-null values; null when no row matches.'),
        value('max', named(`${n}MinMax`), 'Largest non-null values; null when no row matches.'));
    }
    if (sa.length) {
      add({ kind: 'OBJECT', name: `${n}SumAvg`, description: `Sums or averages of ${n}'s numeric fields (as Float).`, interfaces: [],
        fields: sa.map((f) => value(f, named('Float'))) });
      aggFields.push(value('sum', named(`${n}SumAvg`), 'Sums of non-null values; null when no row matches.'),
        value('avg', named(`${n}SumAvg`), 'Averages of non-null values; null when no row matches.'));
    }
    add({ kind: 'OBJECT', name: `${n}Aggregate`, description: `Aggregates over matching ${n} rows.`, interfaces: [], fields: aggFields });
  }

  // Output types of entities and interfaces.
  for (const t of queryables) {
    const fields: FieldDef[] = [];
    for (const f of fieldOrder(t)) {
      const c = t.columns[f];
      if (c) {
        fields.push({ name: f, type: columnOutputType(c), args: [], description: c.description, ...dep(c.deprecated), role: { role: 'column', column: c } });
        continue;
      }
      const r = t.relations[f]!;
      if (!r.list) {
        const ty = named(r.target);
        fields.push({ name: f, type: r.nullable ? ty : nonNull(ty), args: [], description: r.description, ...dep(r.deprecated), role: { role: 'relation', relation: r } });
        continue;
      }
      const q = isQueryable(r.target);
      const args: InputValueDef[] = q ? [arg('where', named(`${r.target}Where`), 'Only related rows matching this.'),
        arg('orderBy', list(nonNull(named(`${r.target}OrderBy`))), 'Sort keys; ties are broken by primary key.')] : [];
      args.push(arg('first', named('Int'), 'At most this many rows (≥ 0).'), arg('offset', named('Int'), 'Skip this many rows first (≥ 0).'));
      fields.push({ name: f, type: nonNull(list(nonNull(named(r.target)))), args, description: r.description, ...dep(r.deprecated), role: { role: 'relation', relation: r } });
      if (q) {
        fields.push({ name: `${f}Aggregate`, type: nonNull(named(`${r.target}Aggregate`)), args: [arg('where', named(`${r.target}Where`))],
          description: `Aggregates over \`${f}\`.`, role: { role: 'relationAggregate', relation: r } });
      }
    }
    const isEntity = !!catalog.entities[t.name];
    add({ kind: isEntity ? 'OBJECT' : 'INTERFACE', name: t.name, description: t.description,
      interfaces: t.interfaces, fields });
  }

  // Inputs of mutations.
  for (const n of entityNames) {
    const e = catalog.entities[n]!;
    const create: InputValueDef[] = [];
    const update: InputValueDef[] = [];
    for (const f of fieldOrder(e)) {
      const c = e.columns[f];
      if (c) {
        const isKey = f === e.key.field;
        const auto = isKey && e.key.kind !== 'Int';
        const required = !c.nullable && c.default === undefined && !auto;
        const ty = columnInputType(c);
        // A required input field cannot be deprecated (the spec): the deprecation shows on the output field.
        create.push({ name: f, type: required ? nonNull(ty) : ty, description: c.description, ...(required ? {} : dep(c.deprecated)) });
        if (!isKey) update.push({ name: f, type: ty, description: c.description, ...dep(c.deprecated) });
        continue;
      }
      const r = e.relations[f]!;
      if (r.list) {
        create.push(arg(f, list(nonNull(named('ID'))), r.description));
        update.push(arg(f, named('ToManyUpdateInput'), r.description));
      } else {
        const required = r.kind === 'toOne' && !r.nullable;
        create.push(arg(f, required ? nonNull(named('ID')) : named('ID'), r.description));
        update.push(arg(f, named('ID'), r.description));
      }
    }
    add({ kind: 'INPUT_OBJECT', name: `${n}CreateInput`, description: `A new ${n}: relationships by id.`, fields: create });
    // An entity with nothing but its key has nothing to change: no update input (an input type
    // needs a field) and no update mutations.
    if (update.length) add({ kind: 'INPUT_OBJECT', name: `${n}UpdateInput`, description: `Changes to a ${n}: only the fields given change.`, fields: update });
  }

  // Root types.
  const query: FieldDef[] = [];
  const mutation: FieldDef[] = [];
  for (const t of queryables) {
    const n = t.name;
    const { singular, plural, list: many } = t.names;
    const keyCol = t.columns[t.key.field]!;
    const keyArg = arg(t.key.field, nonNull(named(keyCol.typeName)));
    const where = arg('where', named(`${n}Where`), 'Only rows matching this.');
    const orderBy = arg('orderBy', list(nonNull(named(`${n}OrderBy`))), 'Sort keys; ties are broken by primary key (no orderBy: by primary key).');
    query.push({ name: singular, type: named(n), args: [keyArg], description: `The ${n} with this ${t.key.field}, or null.`, role: { role: 'get', type: n } });
    query.push({ name: many, type: nonNull(list(nonNull(named(n)))), args: [where, orderBy,
      arg('first', named('Int'), 'At most this many rows (≥ 0).'), arg('offset', named('Int'), 'Skip this many rows first (≥ 0).')],
      description: `${n} rows matching \`where\`, in \`orderBy\` order.`, role: { role: 'list', type: n } });
    query.push({ name: `${plural}Connection`, type: nonNull(named(`${n}Connection`)), args: [where, orderBy,
      arg('first', named('Int'), 'The first rows of the window (≥ 0).'), arg('after', named('String'), 'Only rows after this cursor.'),
      arg('last', named('Int'), 'The last rows of the window (≥ 0).'), arg('before', named('String'), 'Only rows before this cursor.')],
      description: `A page of ${n} rows with keyset cursors.`, role: { role: 'connection', type: n } });
    query.push({ name: `${plural}Aggregate`, type: nonNull(named(`${n}Aggregate`)), args: [where],
      description: `Aggregates over ${n} rows matching \`where\`.`, role: { role: 'aggregate', type: n } });
  }
  for (const n of entityNames) {
    const e = catalog.entities[n]!;
    const one = upperFirst(e.names.singular);
    const many = upperFirst(e.names.list);
    const keyCol = e.columns[e.key.field]!;
    const keyArg = arg(e.key.field, nonNull(named(keyCol.typeName)));
    const data = arg('data', nonNull(named(`${n}CreateInput`)));
    const patch = arg('data', nonNull(named(`${n}UpdateInput`)));
    const where = arg('where', nonNull(named(`${n}Where`)));
    mutation.push(
      { name: `create${one}`, type: nonNull(named(n)), args: [data], description: `Creates a ${n}.`, role: { role: 'create', type: n } },
      { name: `create${many}`, type: nonNull(list(nonNull(named(n)))), args: [arg('data', nonNull(list(nonNull(named(`${n}CreateInput`)))))],
        description: `Creates several ${n} rows.`, role: { role: 'createMany', type: n } },
    );
    if (types.has(`${n}UpdateInput`)) mutation.push(
      { name: `update${one}`, type: named(n), args: [keyArg, patch], description: `Updates a ${n}; null when there is no such row.`, role: { role: 'update', type: n } },
      { name: `update${many}`, type: nonNull(list(nonNull(named(n)))), args: [where, patch], description: `Updates every ${n} matching \`where\`.`, role: { role: 'updateMany', type: n } },
    );
    mutation.push(
      { name: `upsert${one}`, type: nonNull(named(n)), args: [data], description: `Creates a ${n}, or updates the given fields of the row with its key.`, role: { role: 'upsert', type: n } },
      { name: `delete${one}`, type: named(n), args: [keyArg], description: `Deletes a ${n}; returns it as it was, or null when there is none.`, role: { role: 'delete', type: n } },
      { name: `delete${many}`, type: nonNull(list(nonNull(named(n)))), args: [where], description: `Deletes every ${n} matching \`where\`; returns them as they were.`, role: { role: 'deleteMany', type: n } },
    );
  }
  add({ kind: 'OBJECT', name: 'Query', description: null, interfaces: [], fields: query });
  if (mutation.length) add({ kind: 'OBJECT', name: 'Mutation', description: null, interfaces: [], fields: mutation });
  add({ kind: 'OBJECT', name: 'Subscription', description: 'Every query field as a live query: the current result, then a new one after each commit that changes it.',
    interfaces: [], fields: query });

  const fieldIndex = new Map<string, Map<string, FieldDef>>();
  for (const t of types.values()) {
    if (t.kind === 'OBJECT' || t.kind === 'INTERFACE') fieldIndex.set(t.name, new Map(t.fields.map((f) => [f.name, f])));
  }
  const possible = new Map<string, string[]>();
  for (const n of entityNames) possible.set(n, [n]);
  for (const n of interfaceNames) possible.set(n, catalog.interfaces[n]!.implementations);
  for (const n of sortedNames(catalog.unions)) possible.set(n, catalog.unions[n]!.members);

  return {
    types, query: 'Query', mutation: mutation.length ? 'Mutation' : null, subscription: 'Subscription',
    directives: ENGINE_DIRECTIVES,
    field: (t, f) => fieldIndex.get(t)?.get(f),
    possibleTypes: (t) => possible.get(t) ?? [],
  };
}

function dep(d: { reason: string | null } | undefined): { deprecationReason?: string | null } {
  return d ? { deprecationReason: d.reason } : {};
}

function fieldOrder(t: Abstractish): string[] {
  return t.fields.map((f) => f.name);
}

function columnOutputType(c: Column): TypeRef {
  let t = named(c.typeName);
  if (c.list) t = list(c.itemNullable ? t : nonNull(t));
  return c.nullable ? t : nonNull(t);
}
function columnInputType(c: Column): TypeRef {
  let t = named(c.typeName);
  if (c.list) t = list(c.itemNullable ? t : nonNull(t));
  return t;
}

const loc = (...l: string[]) => l;
/** The directives of the user's schema (API.md §1), declared so the printed schema documents them. */
const ENGINE_DIRECTIVES: DirectiveDef[] = [
  { name: 'id', description: 'Marks the primary key (ID, String or Int; non-null).', args: [], repeatable: false, locations: loc('FIELD_DEFINITION') },
  { name: 'unique', description: 'A unique column, backed by an index.', args: [], repeatable: false, locations: loc('FIELD_DEFINITION') },
  { name: 'index', description: 'A secondary index: on a field, or on a type with `fields` (composite).',
    args: [arg('type', named('IndexType'), 'BTREE (default) or HASH.'), arg('fields', list(nonNull(named('String'))), 'The columns of a composite index.')],
    repeatable: true, locations: loc('FIELD_DEFINITION', 'OBJECT') },
  { name: 'default', description: 'The value a create uses when the field is not given.', args: [arg('value', nonNull(named('JSON')))], repeatable: false, locations: loc('FIELD_DEFINITION') },
  { name: 'relation', description: 'Names the inverse field of a relationship and its delete rule.',
    args: [arg('inverse', named('String')), arg('onDelete', named('OnDelete'))], repeatable: false, locations: loc('FIELD_DEFINITION') },
  { name: 'plural', description: 'The plural used in generated field names.', args: [arg('name', nonNull(named('String')))], repeatable: false, locations: loc('OBJECT', 'INTERFACE') },
];

// ---- SDL printing ----------------------------------------------------------------------------

/** The generated API as SDL, in the style of graphql-js `printSchema`. */
export function printApiSchema(s: ApiSchema): string {
  const parts: string[] = [];
  for (const d of s.directives) {
    const args = d.args.length ? `(${d.args.map(printInputValueInline).join(', ')})` : '';
    parts.push(`${desc(d.description, '')}directive @${d.name}${args}${d.repeatable ? ' repeatable' : ''} on ${d.locations.join(' | ')}`);
  }
  const names = [...s.types.keys()];
  for (const n of names) parts.push(printTypeDef(s.types.get(n)!));
  return parts.join('\n\n') + '\n';
}

function printTypeDef(t: TypeDef): string {
  const head = desc(t.description, '');
  switch (t.kind) {
    case 'SCALAR': return `${head}scalar ${t.name}`;
    case 'UNION': return `${head}union ${t.name} = ${t.types.join(' | ')}`;
    case 'ENUM':
      return `${head}enum ${t.name} {\n${t.values.map((v, i) => `${desc(v.description, '  ', i === 0)}  ${v.name}${printDeprecated(v.deprecationReason)}`).join('\n')}\n}`;
    case 'INPUT_OBJECT':
      return `${head}input ${t.name} {\n${t.fields.map((f, i) => `${desc(f.description, '  ', i === 0)}  ${printInputValueInline(f)}`).join('\n')}\n}`;
    case 'OBJECT':
    case 'INTERFACE': {
      const impl = t.interfaces.length ? ` implements ${t.interfaces.join(' & ')}` : '';
      const fields = t.fields.map((f, i) => {
        const args = f.args.length === 0 ? ''
          : f.args.every((a) => !a.description) ? `(${f.args.map(printInputValueInline).join(', ')})`
          : `(\n${f.args.map((a, j) => `${desc(a.description, '    ', j === 0)}    ${printInputValueInline(a)}`).join('\n')}\n  )`;
        return `${desc(f.description, '  ', i === 0)}  ${f.name}${args}: ${printType(f.type)}${printDeprecated(f.deprecationReason)}`;
      });
      return `${head}${t.kind === 'OBJECT' ? 'type' : 'interface'} ${t.name}${impl} {\n${fields.join('\n')}\n}`;
    }
  }
}

function printInputValueInline(a: InputValueDef): string {
  return `${a.name}: ${printType(a.type)}${a.defaultValue !== undefined ? ` = ${a.defaultValue}` : ''}${printDeprecated(a.deprecationReason)}`;
}

function printDeprecated(reason: string | null | undefined): string {
  if (reason === undefined) return '';
  if (reason === null || reason === 'No longer supported') return ' @deprecated';
  return ` @deprecated(reason: ${JSON.stringify(reason)})`;
}

function desc(d: string | null, indent: string, first = true): string {
  if (!d) return '';
  const pre = indent && !first ? '\n' : '';
  if (!d.includes('\n') && !d.includes('"') && !d.includes('\\') && d.length < 70) return `${pre}${indent}"${d}"\n`;
  const body = d.replace(/"""/g, '\\"""').split('\n').map((l) => (l ? indent + l : l)).join('\n');
  return `${pre}${indent}"""\n${body}\n${indent}"""\n`;
}
