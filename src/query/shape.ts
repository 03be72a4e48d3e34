// The query engine's view of an entity: key, columns with their types, relationships. Built
// from the catalog by the engine (or by hand in tests); holds no data and never does I/O.
import type { ColumnType } from './values.ts';

/** One stored row as the engine sees it: field name → value (to-one relationships as the target key). */
export type Row = Record<string, unknown>;

export interface RelationShape {
  readonly name: string;
  readonly toMany: boolean;
  /** The target type: an entity, an interface or a union. */
  readonly target: string;
}

export interface EntityShape {
  /** The type name (an entity, or an interface for interface-wide queries). */
  readonly name: string;
  /** The primary-key field. */
  readonly key: string;
  readonly keyType: ColumnType;
  readonly columns: ReadonlyMap<string, ColumnType>;
  readonly relations: ReadonlyMap<string, RelationShape>;
  /** True for an interface spanning several entities: ties break by key, then `__typename`. */
  readonly abstract?: boolean;
}
