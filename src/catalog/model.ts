// The catalog model: the plain-data description of a database built from the user's SDL —
// entities, columns, keys, relationships, indexes and their physical trees. It is what the
// query engine, the row primitives, the loader and migrations read. It must stay plain,
// deterministic, JSON-serialisable data (it is persisted): no functions, no classes, no Maps.

/** Format version of the persisted catalog; bump when the shape changes incompatibly. */
export const CATALOG_FORMAT = 1;

/** How a column's values are typed and stored. */
export type ScalarKind =
  | 'Int' // 32-bit signed integer (stored as a JS number)
  | 'Float' // finite double
  | 'String'
  | 'Boolean'
  | 'ID' // string; an integer input is coerced to its decimal string
  | 'DateTime' // ISO-8601 in and out; stored as epoch milliseconds (a number that orders correctly)
  | 'JSON' // any JSON value, stored as is
  | 'Enum' // stored by value name; index keys use the declaration ordinal
  | 'Custom'; // a user-declared scalar: an opaque JSON value, not orderable

/** The three kinds a primary key may have. IDs and Strings order by code point. */
export type KeyKind = 'ID' | 'String' | 'Int';

/** Where a primary key came from: `@id`, a field `id: ID!`, or added by the catalog. */
export type KeyOrigin = 'directive' | 'idField' | 'added';

/** Deprecation of a field, type or enum value (`@deprecated(reason:)`); absent when not deprecated. */
export interface Deprecation {
  reason: string | null;
}

export interface SourceLocation {
  line: number;
  column: number;
}

/** A scalar or enum field (or a list of them), stored in the row. */
export interface Column {
  name: string;
  kind: ScalarKind;
  /** `Int`, `String`, …, the enum's name, or the custom scalar's name. */
  typeName: string;
  list: boolean;
  /** `false` when the field is `T!` / `[T]!`. */
  nullable: boolean;
  /** For lists: `false` when the element type is `T!`. */
  itemNullable: boolean;
  /** The `@default(value:)` in stored form (DateTime as epoch ms, enums by name); absent when none. */
  default?: unknown;
  /** `@unique`: backed by the unique index `uniqueIndex`. */
  unique: boolean;
  /** Int, Float, String, ID, DateTime, Enum — and not a list. */
  orderable: boolean;
  /** Position of this column in the stored row array; -1 for the primary key (kept in the row key). */
  slot: number;
  description: string | null;
  deprecated?: Deprecation;
}

/** What happens to the row holding a to-one when the row it points at is deleted. */
export type OnDelete = 'CASCADE' | 'SET_NULL' | 'RESTRICT';

/**
 * How a relationship field is realised:
 * - `toOne`: a foreign key stored in this row's `slot` (with an FK index, `fkIndex`);
 * - `inverse`: the other side of a `toOne` (no storage; read through the to-one's FK index);
 *   `list` says whether it is one-to-many (`[T]`) or one-to-one (`T`);
 * - `manyToMany`: one side of a paired many-to-many edge, stored in `edge` (both directions);
 * - `directed`: a many-to-many with no field pointing back, stored in `edge` (both directions).
 */
export type RelationKind = 'toOne' | 'inverse' | 'manyToMany' | 'directed';

/** The kind of a relationship's target type. */
export type TargetKind = 'entity' | 'interface' | 'union';

/** A field whose type is an entity, interface or union (or a list of one). */
export interface Relation {
  name: string;
  kind: RelationKind;
  target: string;
  targetKind: TargetKind;
  /** The entity types a reference may point at (the target itself, or its implementations/members), sorted. */
  targetEntities: string[];
  /** True when `targetEntities` has more than one element or the target is abstract: references are `[type, id]`. */
  polymorphic: boolean;
  list: boolean;
  nullable: boolean;
  itemNullable: boolean;
  /** The paired field on the target entity, when paired. */
  inverse: string | null;
  /** `toOne` only: the row slot holding the FK (an id, or `[typeName, id]` when polymorphic). */
  slot: number;
  /** `toOne` and `inverse`: the FK index tree on the `toOne` side (`fkIndexTree`). */
  fkIndex: string | null;
  /** `toOne` (and echoed on its `inverse`): the delete rule. */
  onDelete: OnDelete | null;
  /** `manyToMany` and `directed`: the edge this field reads. */
  edge: string | null;
  /** `manyToMany`, `directed`: which direction of `edge` this field reads (`'forward'` for the owning side). */
  direction: 'forward' | 'backward' | null;
  description: string | null;
  deprecated?: Deprecation;
}

/** Index kinds: B-tree (ordered, range scans) or hash (equality only). */
export type IndexType = 'BTREE' | 'HASH';

/**
 * A secondary index on an entity. Keys (see README):
 * - B-tree: `encodeKey([...parts, pk])` → `null` (unique ones too: uniqueness is checked by a prefix scan);
 * - hash, unique: `encodeKey([...parts])` → pk; hash, non-unique: `encodeKey([...parts])` → sorted pk array.
 * Parts are the stored column values, except enums (ordinal) and polymorphic FKs (type, id).
 * A row whose indexed value is null is indexed with a null part (nulls sort first); nulls never collide.
 */
export interface Index {
  name: string;
  tree: string;
  type: IndexType;
  /** Column names (or, for `origin: 'fk'`, the one to-one field's name). */
  fields: string[];
  unique: boolean;
  /** `unique` from `@unique`, `field` from `@index` on a field, `type` from `@index(fields:)` on the type, `fk` for a to-one's FK. */
  origin: 'unique' | 'field' | 'type' | 'fk';
}

/** A stored many-to-many relationship: two trees, one per direction. */
export interface Edge {
  name: string;
  /** The owning side: entity and field. */
  from: string;
  fromField: string;
  /** The other side: the target type (entity, interface or union) and the paired field (null when directed). */
  to: string;
  toField: string | null;
  /** Target entity types (for polymorphic targets). */
  toEntities: string[];
  polymorphic: boolean;
  /** `encodeKey([fromId, toId])` (or `[fromId, toType, toId]`) → null. */
  forwardTree: string;
  /** `encodeKey([toId, fromId])` (or `[toType, toId, fromId]`) → null. */
  backwardTree: string;
}

export interface PrimaryKey {
  field: string;
  kind: KeyKind;
  origin: KeyOrigin;
}

/** The generated API names of an entity or interface (API.md §2). */
export interface ApiNames {
  /** `person` */
  singular: string;
  /** `people` (`species` when `@plural` equals the singular) */
  plural: string;
  /** The list field / many-row mutation stem: `people`, or `speciesList` when plural = singular. */
  list: string;
}

/** Field order of a type as declared; tells which map holds each field. */
export interface FieldRef {
  name: string;
  is: 'column' | 'relation';
}

export interface Entity {
  name: string;
  description: string | null;
  deprecated?: Deprecation;
  names: ApiNames;
  /** The key field is also in `columns`, with slot -1. */
  key: PrimaryKey;
  fields: FieldRef[];
  columns: Record<string, Column>;
  relations: Record<string, Relation>;
  /** Number of slots in a stored row (columns other than the key, then to-one FKs, in declaration order). */
  slots: number;
  /** Slot → field name. */
  slotFields: string[];
  /** Interfaces this entity implements (transitively), sorted. */
  interfaces: string[];
  /** Unions this entity is a member of, sorted. */
  unions: string[];
  indexes: Index[];
  /** Rows tree: `encodeKey([pk])` → row array (see `tables.ts`). */
  tree: string;
  loc: SourceLocation | null;
}

export interface InterfaceType {
  name: string;
  description: string | null;
  names: ApiNames;
  /** The key shared by every implementation (`id: ID!` when none). */
  key: PrimaryKey;
  fields: FieldRef[];
  /** The interface's declared columns (slots are meaningless here: read rows through the implementations). */
  columns: Record<string, Column>;
  /**
   * The interface's declared relationship fields: type information only (`kind` is `toOne` or
   * `directed` by list-ness, no storage). Resolve them through the implementing entity's own
   * relation of the same name, which says how that entity stores it.
   */
  relations: Record<string, Relation>;
  /** Entities implementing it (transitively), sorted. */
  implementations: string[];
  /** Interfaces it implements. */
  interfaces: string[];
  loc: SourceLocation | null;
}

export interface UnionType {
  name: string;
  description: string | null;
  members: string[];
  loc: SourceLocation | null;
}

export interface EnumValue {
  name: string;
  description: string | null;
  deprecated?: Deprecation;
}

export interface EnumType {
  name: string;
  description: string | null;
  /** In declaration order; a value's index is its ordinal (its sort position). */
  values: EnumValue[];
}

export interface CustomScalar {
  name: string;
  description: string | null;
}

/** The whole catalog. Records are keyed by type name; iterate with `sortedNames` for determinism. */
export interface Catalog {
  format: typeof CATALOG_FORMAT;
  entities: Record<string, Entity>;
  interfaces: Record<string, InterfaceType>;
  unions: Record<string, UnionType>;
  enums: Record<string, EnumType>;
  scalars: Record<string, CustomScalar>;
  edges: Record<string, Edge>;
  /** The SDL source text the catalog was built from. */
  sdl: string;
}

// ---- physical names ---------------------------------------------------------------------------

/** Every tree the catalog owns starts with one of these prefixes; other trees are not the catalog's. */
export const TREE_PREFIX = { rows: 'r:', index: 'i:', edgeForward: 'e:', edgeBackward: 'b:', meta: 'quire:' } as const;

/** The tree holding the persisted catalog and its version history (see `persist.ts`). */
export const CATALOG_TREE = 'quire:catalog';

export const rowsTree = (entity: string): string => `r:${entity}`;
export const indexTree = (entity: string, index: string): string => `i:${entity}.${index}`;
export const edgeForwardTree = (edge: string): string => `e:${edge}`;
export const edgeBackwardTree = (edge: string): string => `b:${edge}`;

/** Deterministic iteration over a record's keys. */
export function sortedNames(record: Record<string, unknown>): string[] {
  return Object.keys(record).sort();
}

/** The entity types an entity, interface or union name stands for (sorted). */
export function concreteEntities(catalog: Catalog, typeName: string): string[] {
  if (catalog.entities[typeName]) return [typeName];
  const iface = catalog.interfaces[typeName];
  if (iface) return iface.implementations;
  const union = catalog.unions[typeName];
  if (union) return union.members;
  return [];
}

/** Every storage tree a catalog needs, with its kind, in a deterministic order. */
export function catalogTrees(catalog: Catalog): { name: string; kind: 'btree' | 'hash' }[] {
  const out: { name: string; kind: 'btree' | 'hash' }[] = [];
  for (const name of sortedNames(catalog.entities)) {
    const e = catalog.entities[name];
    out.push({ name: e.tree, kind: 'btree' });
    for (const index of e.indexes) out.push({ name: index.tree, kind: index.type === 'HASH' ? 'hash' : 'btree' });
  }
  for (const name of sortedNames(catalog.edges)) {
    const edge = catalog.edges[name];
    out.push({ name: edge.forwardTree, kind: 'btree' }, { name: edge.backwardTree, kind: 'btree' });
  }
  return out;
}
