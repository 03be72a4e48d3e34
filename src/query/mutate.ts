// Mutations of the generated API inside the operation's one storage transaction: create, update,
// upsert and delete, one row or many, with relationship writes from either side. Every write
// goes through the catalog's row primitives (indexes, unique, not-null, FK, edges, onDelete);
// this module never touches a tree directly and never commits (the engine does).
import type { Tx } from '../catalog/store-api.ts';
import type { Api } from './api.ts';
import { compileWhere } from './filter.ts';
import { compileOrderBy } from './order.ts';
import { shapeOf } from './plan.ts';
import type { Reader } from './run.ts';
import type { Row } from './shape.ts';

export class Mutator {
  constructor(private readonly api: Api, private readonly tx: Tx, private readonly reader: Reader) {}

  run(role: string, type: string, args: Record<string, unknown>): Row | Row[] | null {
    const t = this.api.tables;
    const e = this.api.catalog.entities[type]!;
    const keyField = e.key.field;
    switch (role) {
      case 'create':
        return this.fetch(type, t.insert(this.tx, type, args['data']));
      case 'createMany': {
        const keys = (args['data'] as unknown[]).map((d) => t.insert(this.tx, type, d));
        return this.fetchAll(type, keys);
      }
      case 'update': {
        const key = this.key(type, args[keyField]);
        if (key === null || !t.update(this.tx, type, key, args['data'])) return null;
        return this.fetch(type, key);
      }
      case 'updateMany': {
        const keys = this.matchingKeys(type, args['where']);
        for (const k of keys) t.update(this.tx, type, k, args['data']);
        return this.fetchAll(type, keys);
      }
      case 'upsert': {
        const data = args['data'] as Record<string, unknown>;
        const given = data[keyField];
        const key = given === null || given === undefined ? null : this.key(type, given);
        if (key !== null && t.exists(this.tx, type, key)) {
          const patch = { ...data };
          delete patch[keyField];
          t.update(this.tx, type, key, patch);
          return this.fetch(type, key);
        }
        return this.fetch(type, t.insert(this.tx, type, data));
      }
      default:
        throw new Error(`Unknown mutation ${role}`);
    }
  }

  /** Deletes rows (already read for the response); a row a cascade removed first is skipped. */
  deleteRows(type: string, rows: readonly Row[]): void {
    const keyField = this.api.catalog.entities[type]!.key.field;
    for (const r of rows) this.api.tables.delete(this.tx, type, r[keyField] as string | number);
  }

  private key(type: string, v: unknown): string | number | null {
    if (v === null || v === undefined) return null;
    return this.api.catalog.entities[type]!.key.kind === 'Int' ? Number(v) : String(v);
  }

  /**
   * The rows as written. A write can change rows other than its own (an inverse `set` rewrites the
   * children's foreign keys, a cascade deletes them), so everything this execution read before it
   * is dropped first, and the selection reads the transaction afresh.
   */
  private fetchAll(type: string, keys: readonly (string | number)[]): Row[] {
    this.reader.src.forgetAll();
    return keys.map((key) => {
      const row = this.reader.src.get(type, key);
      if (!row) throw new Error(`${type} ${String(key)} vanished inside its own transaction.`);
      return row;
    });
  }

  private fetch(type: string, key: string | number): Row {
    return this.fetchAll(type, [key])[0]!;
  }

  private matchingKeys(type: string, where: unknown): (string | number)[] {
    const shape = shapeOf(this.api.catalog, type);
    const filter = compileWhere(shape, where, (n) => shapeOf(this.api.catalog, n));
    const rows = this.reader.list(type, filter, compileOrderBy(shape, null), { offset: 0, first: null }); // key order: deterministic writes
    return rows.map((r) => r[shape.key] as string | number);
  }
}
