// Row primitives over the catalog's trees: encode/decode rows, and insert / update / delete a
// row inside the caller's storage transaction while maintaining every index, unique
// constraint, foreign key, edge (both directions) and onDelete rule. The caller commits or
// rolls back; this module never commits, never parses GraphQL and never formats responses.

import { encodeKey, decodeKey, type KeyPart } from '../storage/keys.ts';
import type {
  Catalog, Column, Edge, Entity, EnumType, Index, Relation,
} from './model.ts';
import { badInput, constraintViolation, ValueError, BAD_USER_INPUT, CONSTRAINT_VIOLATION } from './errors.ts';
import { generateKey, keyPartOf, outputColumn, storeColumn, storeKey } from './values.ts';
import type { Tx, View } from './store-api.ts';

/** A primary key value (ID/String: string, Int: number). */
export type Key = string | number;
/** A stored reference: the target's key, or `[typeName, key]` when the relation is polymorphic. */
export type Ref = Key | [string, Key];
/** A stored row: one slot per `entity.slotFields`. */
export type Row = unknown[];

export type ProblemCode = typeof BAD_USER_INPUT | typeof CONSTRAINT_VIOLATION;
/** Receives a problem with one field of an input (`field` null: the record as a whole). */
export type ProblemSink = (field: string | null, message: string, code: ProblemCode) => void;

/** An input record, checked and converted to stored form. */
export interface Coerced {
  /** The key given in the input, if any. */
  key: Key | undefined;
  /** Stored slots; `undefined` where the input did not give the field (to-one slots hold unresolved input). */
  row: Row;
  /** Which slots the input gave. */
  given: boolean[];
  /** To-many and inverse fields given: their reference inputs (a list, or a `{set, add, remove}` update). */
  links: { rel: Relation; op: LinkOp }[];
}

/** A relationship write: replace the set, or add/remove references (ids, or `{ type, id }` for polymorphic). */
export interface LinkOp {
  set?: unknown[] | null;
  add?: unknown[];
  remove?: unknown[];
}

export interface IndexPlan {
  entity: string;
  index: Index;
  /** Per part: the column (null for an FK part) and its slot (-1: the key). */
  columns: (Column | null)[];
  enums: (EnumType | undefined)[];
  slots: number[];
  fk: Relation | null;
}

export interface EntityPlan {
  entity: Entity;
  keyColumn: Column;
  slotColumns: (Column | null)[];
  slotRelations: (Relation | null)[];
  slotEnums: (EnumType | undefined)[];
  indexes: IndexPlan[];
  /** To-one relations (on any entity) that may point at this entity. */
  referrers: { entity: Entity; rel: Relation }[];
  /** Edges whose `from` is this entity / whose targets include it. */
  edgesFrom: Edge[];
  edgesTo: Edge[];
}

/** Storage's key size limit (storage/README.md); index entries add a few bytes to a value's parts. */
const MAX_KEY_BYTES = 1024;
const INDEX_OVERHEAD = 16;

export function assertKeySize(bytes: Uint8Array, what: () => string): void {
  if (bytes.length + INDEX_OVERHEAD > MAX_KEY_BYTES) throw badInput(`${what()} is too long to store as a key or index entry (at most about ${MAX_KEY_BYTES - INDEX_OVERHEAD} bytes encoded).`);
}

const isKey = (v: unknown): v is Key => typeof v === 'string' || typeof v === 'number';

/**
 * The row primitives bound to one catalog (cache one per catalog version). All reads and
 * writes go through the transaction or view passed in.
 */
export class Tables {
  private readonly plans = new Map<string, EntityPlan>();

  constructor(readonly catalog: Catalog) {
    for (const name of Object.keys(catalog.entities)) this.plans.set(name, this.makePlan(catalog.entities[name]));
  }

  private makePlan(entity: Entity): EntityPlan {
    const c = this.catalog;
    const slotColumns: (Column | null)[] = [];
    const slotRelations: (Relation | null)[] = [];
    const slotEnums: (EnumType | undefined)[] = [];
    entity.slotFields.forEach((f, i) => {
      const col = entity.columns[f] ?? null;
      slotColumns[i] = col;
      slotRelations[i] = col ? null : entity.relations[f];
      slotEnums[i] = col && col.kind === 'Enum' ? c.enums[col.typeName] : undefined;
    });
    const indexes = entity.indexes.map((index): IndexPlan => {
      if (index.origin === 'fk') {
        const rel = entity.relations[index.fields[0]];
        return { entity: entity.name, index, columns: [null], enums: [undefined], slots: [rel.slot], fk: rel };
      }
      const columns = index.fields.map((f) => entity.columns[f]);
      return {
        entity: entity.name, index, columns, enums: columns.map((col) => (col.kind === 'Enum' ? c.enums[col.typeName] : undefined)),
        slots: columns.map((col) => col.slot), fk: null,
      };
    });
    const referrers: EntityPlan['referrers'] = [];
    for (const e of Object.values(c.entities))
      for (const rel of Object.values(e.relations))
        if (rel.kind === 'toOne' && rel.targetEntities.includes(entity.name)) referrers.push({ entity: e, rel });
    const edges = Object.values(c.edges);
    return {
      entity, keyColumn: entity.columns[entity.key.field], slotColumns, slotRelations, slotEnums, indexes, referrers,
      edgesFrom: edges.filter((e) => e.from === entity.name), edgesTo: edges.filter((e) => e.toEntities.includes(entity.name)),
    };
  }

  plan(entityName: string): EntityPlan {
    const p = this.plans.get(entityName);
    if (!p) throw badInput(`Unknown entity type "${entityName}".`);
    return p;
  }

  // ---- decoding ----------------------------------------------------------------------------------

  /** The stored row of `key`, or undefined. */
  getRow(view: View, entityName: string, key: Key): Row | undefined {
    return view.get(this.plan(entityName).entity.tree, encodeKey([key])) as Row | undefined;
  }

  exists(view: View, entityName: string, key: Key): boolean {
    return this.getRow(view, entityName, key) !== undefined;
  }

  /**
   * A stored row in API form: the key, every column (DateTime as ISO strings, enums by name) and
   * every to-one as its stored reference (`Ref`), keyed by field name.
   */
  decode(entityName: string, key: Key, row: Row): Record<string, unknown> {
    const p = this.plan(entityName);
    const out: Record<string, unknown> = { [p.entity.key.field]: key };
    for (let i = 0; i < p.slotColumns.length; i++) {
      const col = p.slotColumns[i];
      const v = row[i] ?? null;
      out[p.entity.slotFields[i]] = col ? outputColumn(col, v) : v;
    }
    return out;
  }

  // ---- input coercion ------------------------------------------------------------------------------

  /**
   * Checks and converts an input record (API form). `mode: 'create'` requires non-null columns
   * (unless defaulted) and non-null to-ones, and accepts the key; `'load'` is `'create'` without
   * the to-one check (the loader may get it from the inverse side); `'update'` rejects the key.
   * Problems go to `sink`.
   */
  coerce(entityName: string, input: unknown, mode: 'create' | 'load' | 'update', sink: ProblemSink): Coerced {
    const p = this.plan(entityName);
    const e = p.entity;
    const out: Coerced = { key: undefined, row: new Array(e.slots).fill(undefined), given: new Array(e.slots).fill(false), links: [] };
    if (input === null || typeof input !== 'object' || Array.isArray(input)) {
      sink(null, `expected an object with the fields of ${e.name}`, BAD_USER_INPUT);
      return out;
    }
    const record = input as Record<string, unknown>;
    for (const field in record) {
      const v = record[field];
      const col = e.columns[field];
      if (col) {
        if (col.slot === -1) {
          if (mode === 'update') sink(field, `the primary key "${field}" cannot be changed`, BAD_USER_INPUT);
          else if (v !== null && v !== undefined) {
            try {
              out.key = storeKey(e.key.kind, v);
            } catch (err) {
              if (!(err instanceof ValueError)) throw err;
              sink(field, err.message, BAD_USER_INPUT);
            }
          }
          continue;
        }
        if (v === undefined) continue;
        try {
          out.row[col.slot] = storeColumn(col, p.slotEnums[col.slot], v);
          out.given[col.slot] = true;
        } catch (err) {
          if (!(err instanceof ValueError)) throw err;
          sink(field, err.message, err.nonNull ? CONSTRAINT_VIOLATION : BAD_USER_INPUT);
        }
        continue;
      }
      const rel = e.relations[field];
      if (!rel) {
        sink(field, `${e.name} has no field "${field}"`, BAD_USER_INPUT);
        continue;
      }
      if (v === undefined) continue;
      if (rel.kind === 'toOne') {
        if (v === null && !rel.nullable) sink(field, `must not be null (${rel.target}!)`, CONSTRAINT_VIOLATION);
        else if (v !== null && !isRefInput(v)) sink(field, `expected the ${rel.target} key (an ID), got ${typeof v === 'object' ? 'an object' : String(v)}`, BAD_USER_INPUT);
        else {
          out.row[rel.slot] = v;
          out.given[rel.slot] = true;
        }
        continue;
      }
      const op = linkOp(v, rel, mode);
      if (typeof op === 'string') sink(field, op, BAD_USER_INPUT);
      else out.links.push({ rel, op });
    }
    if (mode !== 'update') {
      for (let i = 0; i < e.slots; i++) {
        if (out.given[i]) continue;
        const col = p.slotColumns[i];
        if (col) {
          if (col.default !== undefined) out.row[i] = col.default;
          else if (!col.nullable) sink(col.name, `is required (${col.list ? `[${col.typeName}]` : col.typeName}!) and has no @default`, CONSTRAINT_VIOLATION);
        } else if (mode === 'create' && !p.slotRelations[i]!.nullable) {
          sink(p.slotRelations[i]!.name, `is required (${p.slotRelations[i]!.target}!)`, CONSTRAINT_VIOLATION);
        }
      }
    }
    return out;
  }

  /**
   * Resolves a reference input (an id, or `{ type, id }` / `{ __typename, id }` for polymorphic
   * targets) to a stored `Ref`; `undefined` when no such row exists; `{ error }` for an input that cannot be a reference.
   */
  resolveRef(view: View, rel: Relation, input: unknown): Ref | undefined | { error: string } {
    let typeName: string | null = null;
    let id: unknown = input;
    if (input !== null && typeof input === 'object' && !Array.isArray(input)) {
      const o = input as Record<string, unknown>;
      typeName = typeof o.type === 'string' ? o.type : typeof o.__typename === 'string' ? o.__typename : null;
      id = o.id;
    }
    const candidates = typeName !== null ? [typeName] : rel.targetEntities;
    if (typeName !== null && !rel.targetEntities.includes(typeName)) return { error: `"${typeName}" is not a ${rel.target}` };
    const found: [string, Key][] = [];
    for (const t of candidates) {
      const target = this.catalog.entities[t];
      let key: Key;
      try {
        key = storeKey(target.key.kind, id);
      } catch (err) {
        if (!(err instanceof ValueError)) throw err;
        if (candidates.length === 1) return { error: err.message };
        continue;
      }
      if (view.get(target.tree, encodeKey([key])) !== undefined) found.push([t, key]);
    }
    if (found.length === 0) return undefined;
    if (found.length > 1) return { error: `the key ${JSON.stringify(id)} is ambiguous: it exists as ${found.map((f) => f[0]).join(' and ')}; give { type, id }` };
    return rel.polymorphic ? found[0] : found[0][1];
  }

  // ---- writes ------------------------------------------------------------------------------------

  /**
   * Creates a row from an API-form input: columns, `@default`s, a generated key when none is
   * given, to-ones, to-many and inverse relationships. Throws BAD_USER_INPUT /
   * CONSTRAINT_VIOLATION (the caller rolls the transaction back). Returns the new key.
   */
  insert(tx: Tx, entityName: string, input: unknown): Key {
    const c = this.coerce(entityName, input, 'create', throwingSink(entityName));
    const p = this.plan(entityName);
    const key = c.key ?? (p.entity.key.kind === 'Int' ? this.nextIntKey(tx, p) : generateKey());
    this.resolveToOnes(tx, p, c);
    this.writeNew(tx, entityName, key, c.row);
    for (const { rel, op } of c.links) this.link(tx, p, key, rel, op);
    return key;
  }

  /**
   * Changes the fields given in `patch` (API form) of row `key`. Returns false when there is
   * no such row. Throws like `insert`.
   */
  update(tx: Tx, entityName: string, key: Key, patch: unknown): boolean {
    const p = this.plan(entityName);
    const old = this.getRow(tx, entityName, key);
    if (old === undefined) return false;
    const c = this.coerce(entityName, patch, 'update', throwingSink(entityName));
    this.resolveToOnes(tx, p, c);
    const row = old.slice();
    for (let i = 0; i < p.entity.slots; i++) if (c.given[i]) row[i] = c.row[i];
    this.rewrite(tx, p, key, old, row);
    for (const { rel, op } of c.links) this.link(tx, p, key, rel, op);
    return true;
  }

  /**
   * Deletes row `key`: applies every `onDelete` rule pointing at it (RESTRICT throws
   * CONSTRAINT_VIOLATION, SET_NULL clears, CASCADE deletes), removes its edges and index
   * entries. Returns the row as it was (API form), or undefined when there was none.
   */
  delete(tx: Tx, entityName: string, key: Key): Record<string, unknown> | undefined {
    const p = this.plan(entityName);
    const row = this.getRow(tx, entityName, key);
    if (row === undefined) return undefined;
    const before = this.decode(entityName, key, row);
    this.deleteRow(tx, p, key, row, new Set());
    return before;
  }

  /**
   * Deletes a row and, through CASCADE, every row that depends on it — with an explicit work list,
   * not recursion, so a chain of any length (threaded comments) never overflows the stack.
   */
  private deleteRow(tx: Tx, first: EntityPlan, firstKey: Key, firstRow: Row, deleting: Set<string>): void {
    const mark = (entity: string, key: Key): string => `${entity}\u0000${key}`;
    if (deleting.has(mark(first.entity.name, firstKey))) return;
    deleting.add(mark(first.entity.name, firstKey));
    const work: { p: EntityPlan; key: Key; row: Row }[] = [{ p: first, key: firstKey, row: firstRow }];
    for (let item = work.pop(); item; item = work.pop()) {
      const { p, key, row } = item;
      const e = p.entity;
      // Rows pointing at this one.
      for (const { entity: se, rel } of p.referrers) {
        const prefix = encodeKey(rel.polymorphic ? [e.name, key] : [key]);
        const referrers: Key[] = [];
        for (const [k] of tx.range(rel.fkIndex!, { prefix })) referrers.push(decodeKey(k).at(-1) as Key);
        for (const rk of referrers) {
          if (se.name === e.name && rk === key) continue; // a row pointing at itself goes with it
          if (deleting.has(mark(se.name, rk))) continue;
          const sp = this.plan(se.name);
          const srow = this.getRow(tx, se.name, rk);
          if (!srow) continue;
          if (rel.onDelete === 'RESTRICT')
            throw constraintViolation(`Cannot delete ${e.name} ${JSON.stringify(key)}: ${se.name} ${JSON.stringify(rk)} refers to it through "${rel.name}" (onDelete: RESTRICT).`);
          if (rel.onDelete === 'CASCADE') {
            deleting.add(mark(se.name, rk));
            work.push({ p: sp, key: rk, row: srow });
          } else {
            const next = srow.slice();
            next[rel.slot] = null;
            this.rewrite(tx, sp, rk, srow, next);
          }
        }
      }
      // Edges in both directions.
      for (const edge of p.edgesFrom) {
        for (const [k] of [...tx.range(edge.forwardTree, { prefix: encodeKey([key]) })]) {
          const parts = decodeKey(k);
          tx.delete(edge.forwardTree, k);
          tx.delete(edge.backwardTree, encodeKey([...parts.slice(1), parts[0]]));
        }
      }
      for (const edge of p.edgesTo) {
        const prefix = encodeKey(edge.polymorphic ? [e.name, key] : [key]);
        for (const [k] of [...tx.range(edge.backwardTree, { prefix })]) {
          const parts = decodeKey(k);
          const from = parts[parts.length - 1];
          tx.delete(edge.backwardTree, k);
          tx.delete(edge.forwardTree, encodeKey([from, ...parts.slice(0, -1)]));
        }
      }
      for (const ip of p.indexes) this.unindex(tx, ip, key, row);
      tx.delete(e.tree, encodeKey([key]));
    }
  }

  /** Writes a new row and its index entries; duplicate key and unique values are CONSTRAINT_VIOLATIONs. */
  writeNew(tx: Tx, entityName: string, key: Key, row: Row): void {
    const p = this.plan(entityName);
    const rowKey = encodeKey([key]);
    assertKeySize(rowKey, () => `The ${entityName} key`);
    if (tx.get(p.entity.tree, rowKey) !== undefined)
      throw constraintViolation(`A ${entityName} with ${p.entity.key.field} ${JSON.stringify(key)} already exists.`, p.entity.key.field);
    for (let i = 0; i < row.length; i++) if (row[i] === undefined) row[i] = null;
    for (const ip of p.indexes) this.checkSize(ip, key, row);
    for (const ip of p.indexes) this.checkUnique(tx, ip, key, row);
    tx.put(p.entity.tree, rowKey, row);
    for (const ip of p.indexes) this.index(tx, ip, key, row);
  }

  /** Replaces a row's stored value, updating only the index entries whose parts changed. */
  rewrite(tx: Tx, p: EntityPlan, key: Key, old: Row, row: Row): void {
    for (const ip of p.indexes) if (partsChanged(ip, old, row)) this.checkSize(ip, key, row);
    for (const ip of p.indexes) if (partsChanged(ip, old, row)) this.checkUnique(tx, ip, key, row);
    tx.put(p.entity.tree, encodeKey([key]), row);
    for (const ip of p.indexes) {
      if (!partsChanged(ip, old, row)) continue;
      this.unindex(tx, ip, key, old);
      this.index(tx, ip, key, row);
    }
  }

  /** Sets (or clears) a to-one of an existing row by its stored reference. */
  setToOne(tx: Tx, entityName: string, key: Key, rel: Relation, ref: Ref | null): void {
    const p = this.plan(entityName);
    const old = this.getRow(tx, entityName, key);
    if (!old) throw constraintViolation(`No ${entityName} with key ${JSON.stringify(key)}.`);
    if (ref === null && !rel.nullable) throw constraintViolation(`${entityName}.${rel.name} must not be null.`);
    const row = old.slice();
    row[rel.slot] = ref;
    this.rewrite(tx, p, key, old, row);
  }

  /** Adds one edge of `rel` between row `key` (of the relation's entity) and the stored reference `ref`. */
  addEdge(tx: Tx, rel: Relation, key: Key, ref: Ref): void {
    const edge = this.catalog.edges[rel.edge!];
    const [fwd, bwd] = edgeKeys(rel.direction === 'forward', key, ref);
    assertKeySize(fwd, () => `A reference of ${rel.name}`);
    tx.put(edge.forwardTree, fwd, null);
    tx.put(edge.backwardTree, bwd, null);
  }

  removeEdge(tx: Tx, rel: Relation, key: Key, ref: Ref): void {
    const edge = this.catalog.edges[rel.edge!];
    const [fwd, bwd] = edgeKeys(rel.direction === 'forward', key, ref);
    tx.delete(edge.forwardTree, fwd);
    tx.delete(edge.backwardTree, bwd);
  }

  /** The stored references a to-many or inverse field of row `key` holds (edge order / FK index order). */
  linked(view: View, entityName: string, key: Key, rel: Relation): Ref[] {
    const out: Ref[] = [];
    if (rel.kind === 'inverse') {
      const e = this.catalog.entities[entityName];
      const fk = this.catalog.entities[rel.target].relations[rel.inverse!];
      const prefix = encodeKey(fk.polymorphic ? [e.name, key] : [key]);
      for (const [k] of view.range(rel.fkIndex!, { prefix })) out.push(decodeKey(k).at(-1) as Key);
      return out;
    }
    if (rel.kind === 'toOne') {
      const row = this.getRow(view, entityName, key);
      const ref = row?.[rel.slot] as Ref | null | undefined;
      return ref === null || ref === undefined ? [] : [ref];
    }
    const edge = this.catalog.edges[rel.edge!];
    if (rel.direction === 'forward') {
      for (const [k] of view.range(edge.forwardTree, { prefix: encodeKey([key]) })) {
        const parts = decodeKey(k);
        out.push(edge.polymorphic ? [parts[1] as string, parts[2] as Key] : (parts[1] as Key));
      }
    } else {
      const e = this.catalog.entities[entityName];
      const prefix = encodeKey(edge.polymorphic ? [e.name, key] : [key]);
      for (const [k] of view.range(edge.backwardTree, { prefix })) out.push(decodeKey(k).at(-1) as Key);
    }
    return out;
  }

  // ---- internals -----------------------------------------------------------------------------------

  private nextIntKey(view: View, p: EntityPlan): number {
    for (const [k] of view.range(p.entity.tree, { reverse: true, limit: 1 })) {
      const last = decodeKey(k)[0] as number;
      if (last >= 2147483647) throw constraintViolation(`No Int key is left for ${p.entity.name}.`);
      return Math.max(1, last + 1);
    }
    return 1;
  }

  private resolveToOnes(view: View, p: EntityPlan, c: Coerced): void {
    for (let i = 0; i < p.entity.slots; i++) {
      const rel = p.slotRelations[i];
      if (!rel || !c.given[i] || c.row[i] === null) continue;
      const ref = this.resolveRef(view, rel, c.row[i]);
      if (isRefError(ref)) throw badInput(`${p.entity.name}.${rel.name}: ${ref.error}`);
      if (ref === undefined) throw constraintViolation(`${p.entity.name}.${rel.name}: no ${rel.target} with key ${JSON.stringify(c.row[i])}.`);
      c.row[i] = ref;
    }
  }

  private link(tx: Tx, p: EntityPlan, key: Key, rel: Relation, op: LinkOp): void {
    const resolve = (input: unknown): Ref => {
      const ref = this.resolveRef(tx, rel, input);
      if (isRefError(ref)) throw badInput(`${p.entity.name}.${rel.name}: ${ref.error}`);
      if (ref === undefined) throw constraintViolation(`${p.entity.name}.${rel.name}: no ${rel.target} with key ${JSON.stringify(input)}.`);
      return ref;
    };
    const current = (): Ref[] => this.linked(tx, p.entity.name, key, rel);
    const add = (ref: Ref): void => {
      if (rel.kind === 'inverse') {
        const fk = this.catalog.entities[rel.target].relations[rel.inverse!];
        const mine: Ref = fk.polymorphic ? [p.entity.name, key] : key;
        if (!rel.list) for (const other of current()) if (!sameRef(other, ref)) this.setToOne(tx, rel.target, other as Key, fk, null);
        this.setToOne(tx, rel.target, ref as Key, fk, mine);
      } else this.addEdge(tx, rel, key, ref);
    };
    const remove = (ref: Ref): void => {
      if (rel.kind === 'inverse') {
        const fk = this.catalog.entities[rel.target].relations[rel.inverse!];
        this.setToOne(tx, rel.target, ref as Key, fk, null);
      } else this.removeEdge(tx, rel, key, ref);
    };
    if (op.set !== undefined) {
      const wanted = (op.set ?? []).map(resolve);
      for (const have of current()) if (!wanted.some((w) => sameRef(w, have))) remove(have);
      for (const w of wanted) add(w);
    }
    for (const input of op.add ?? []) add(resolve(input));
    for (const input of op.remove ?? []) {
      const ref = resolve(input);
      if (current().some((h) => sameRef(h, ref))) remove(ref);
    }
  }

  /** Key parts of an index for a row; null when the row is not indexed (never: nulls index as null). */
  private parts(ip: IndexPlan, key: Key, row: Row): KeyPart[] {
    const parts: KeyPart[] = [];
    for (let i = 0; i < ip.slots.length; i++) {
      const slot = ip.slots[i];
      const v = slot === -1 ? key : row[slot];
      if (ip.fk) {
        if (ip.fk.polymorphic) {
          const ref = v as [string, Key] | null;
          parts.push(ref ? ref[0] : null, ref ? ref[1] : null);
        } else parts.push((v ?? null) as KeyPart);
      } else parts.push(keyPartOf(ip.columns[i]!, ip.enums[i], v));
    }
    return parts;
  }

  private checkSize(ip: IndexPlan, key: Key, row: Row): void {
    this.indexKey(ip, key, row);
  }

  /** A row's entry key in an index (`[...parts, pk]`); BAD_USER_INPUT when it is too long to store. */
  indexKey(ip: IndexPlan, key: Key, row: Row): Uint8Array {
    const parts = this.parts(ip, key, row);
    parts.push(key);
    const bytes = encodeKey(parts);
    assertKeySize(bytes, () => `The value of ${ip.entity}.${ip.index.fields.join(', ')}`);
    return bytes;
  }


  private checkUnique(tx: Tx, ip: IndexPlan, key: Key, row: Row): void {
    if (!ip.index.unique) return;
    const parts = this.parts(ip, key, row);
    if (parts.includes(null)) return; // nulls never collide
    for (const [k] of tx.range(ip.index.tree, { prefix: encodeKey(parts), limit: 2 })) {
      const other = decodeKey(k).at(-1);
      if (other === key) continue;
      throw constraintViolation(uniqueViolation(ip, ip.fk ? row[ip.slots[0]] : parts.length === 1 ? parts[0] : parts, other), ip.index.fields[0]);
    }
  }

  private index(tx: Tx, ip: IndexPlan, key: Key, row: Row): void {
    const parts = this.parts(ip, key, row);
    if (ip.index.type === 'HASH') hashAdd(tx, ip.index.tree, parts, key);
    else {
      parts.push(key);
      tx.put(ip.index.tree, encodeKey(parts), null);
    }
  }

  private unindex(tx: Tx, ip: IndexPlan, key: Key, row: Row): void {
    const parts = this.parts(ip, key, row);
    if (ip.index.type === 'HASH') hashRemove(tx, ip.index.tree, parts, key);
    else {
      parts.push(key);
      tx.delete(ip.index.tree, encodeKey(parts));
    }
  }

  /** Index parts of a row (exported for migrations and the query planner). */
  indexParts(entityName: string, index: Index, key: Key, row: Row): KeyPart[] {
    const ip = this.plan(entityName).indexes.find((i) => i.index.name === index.name);
    if (!ip) throw new Error(`no index ${index.name} on ${entityName}`);
    return this.parts(ip, key, row);
  }

  /** Adds the entries of one index for an existing row (migrations build new indexes with it). */
  indexRow(tx: Tx, entityName: string, index: Index, key: Key, row: Row): void {
    const ip = this.plan(entityName).indexes.find((i) => i.index.name === index.name)!;
    this.checkUnique(tx, ip, key, row);
    this.index(tx, ip, key, row);
  }
}

// ---- hash index posting lists -------------------------------------------------------------------
// A hash tree has no range scans, so a non-unique hash index keeps, per indexed value `v`:
//   [...v]               → count of keys                 (the head)
//   [...v, true, chunk]  → array of up to CHUNK keys     (the posting list, in chunks)
//   [...v, false, key]   → position of `key` in the list (so a removal is O(1))
// A removal moves the last key into the hole. Lookups read the head, then the chunks.

const CHUNK = 256;

export function hashAdd(tx: Tx, tree: string, parts: KeyPart[], key: Key): void {
  const head = encodeKey(parts);
  const count = (tx.get(tree, head) as number | undefined) ?? 0;
  const chunkKey = encodeKey([...parts, true, Math.floor(count / CHUNK)]);
  const chunk = count % CHUNK === 0 ? [] : ((tx.get(tree, chunkKey) as Key[]).slice());
  chunk.push(key);
  tx.put(tree, chunkKey, chunk);
  tx.put(tree, encodeKey([...parts, false, key]), count);
  tx.put(tree, head, count + 1);
}

export function hashRemove(tx: Tx, tree: string, parts: KeyPart[], key: Key): void {
  const head = encodeKey(parts);
  const count = tx.get(tree, head) as number | undefined;
  const posKey = encodeKey([...parts, false, key]);
  const pos = tx.get(tree, posKey) as number | undefined;
  if (count === undefined || pos === undefined) return;
  const lastPos = count - 1;
  const lastChunkKey = encodeKey([...parts, true, Math.floor(lastPos / CHUNK)]);
  const lastChunk = (tx.get(tree, lastChunkKey) as Key[]).slice();
  const moved = lastChunk.pop()!;
  if (lastChunk.length === 0) tx.delete(tree, lastChunkKey);
  else tx.put(tree, lastChunkKey, lastChunk);
  if (pos !== lastPos) {
    const chunkKey = encodeKey([...parts, true, Math.floor(pos / CHUNK)]);
    const chunk = (tx.get(tree, chunkKey) as Key[]).slice();
    chunk[pos % CHUNK] = moved;
    tx.put(tree, chunkKey, chunk);
    tx.put(tree, encodeKey([...parts, false, moved]), pos);
  }
  tx.delete(tree, posKey);
  if (lastPos === 0) tx.delete(tree, head);
  else tx.put(tree, head, lastPos);
}

/**
 * Appends keys to one value's posting list (after the keys it already has), one chunk in memory:
 * whole chunks and one position entry per key are written as they fill; `end()` writes the last
 * chunk and the head. The loader writes hash indexes with it, value by value.
 */
export class PostingWriter {
  private count: number;
  private chunkNo: number;
  private chunk: Key[];

  constructor(private readonly tx: Tx, private readonly tree: string, private readonly parts: KeyPart[]) {
    this.count = (tx.get(tree, encodeKey(parts)) as number | undefined) ?? 0;
    this.chunkNo = Math.floor(this.count / CHUNK);
    this.chunk = this.count % CHUNK === 0 ? [] : (tx.get(tree, encodeKey([...parts, true, this.chunkNo])) as Key[]).slice();
  }

  add(key: Key): void {
    if (this.chunk.length === CHUNK) {
      this.tx.put(this.tree, encodeKey([...this.parts, true, this.chunkNo]), this.chunk);
      this.chunkNo++;
      this.chunk = [];
    }
    this.chunk.push(key);
    this.tx.put(this.tree, encodeKey([...this.parts, false, key]), this.count++);
  }

  end(): void {
    if (this.chunk.length) this.tx.put(this.tree, encodeKey([...this.parts, true, this.chunkNo]), this.chunk);
    this.tx.put(this.tree, encodeKey(this.parts), this.count);
  }
}

/** Every key with the indexed value `parts` in a hash index (unordered). */
export function hashLookup(view: View, tree: string, parts: KeyPart[]): Key[] {
  const count = (view.get(tree, encodeKey(parts)) as number | undefined) ?? 0;
  const out: Key[] = [];
  for (let c = 0; c * CHUNK < count; c++) out.push(...(view.get(tree, encodeKey([...parts, true, c])) as Key[]));
  return out;
}

// ---- helpers ---------------------------------------------------------------------------------------

/** The message of a unique index violated by `value` (the indexed value), already used by row `other`. */
export function uniqueViolation(ip: IndexPlan, value: unknown, other: unknown): string {
  const what = ip.fk ? `${ip.index.fields[0]} (one-to-one)` : ip.index.fields.join(', ');
  return `Unique constraint on ${ip.index.fields.length > 1 ? 'fields' : 'field'} ${ip.entity}.${what} violated: ${JSON.stringify(value)} is already used by ${JSON.stringify(other)}.`;
}

function partsChanged(ip: IndexPlan, old: Row, row: Row): boolean {
  for (const s of ip.slots) if (s !== -1 && !sameStored(old[s], row[s])) return true;
  return false;
}

function sameStored(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameStored(x, b[i]));
  return (a ?? null) === (b ?? null);
}

export function isRefError(r: Ref | undefined | { error: string }): r is { error: string } {
  return r !== null && typeof r === 'object' && !Array.isArray(r);
}

export function sameRef(a: Ref, b: Ref): boolean {
  return Array.isArray(a) ? Array.isArray(b) && a[0] === b[0] && a[1] === b[1] : a === b;
}

export function edgeKeys(forward: boolean, key: Key, ref: Ref): [Uint8Array, Uint8Array] {
  const refParts: KeyPart[] = Array.isArray(ref) ? ref : [ref];
  if (forward) return [encodeKey([key, ...refParts]), encodeKey([...refParts, key])];
  // This row is the edge's target: the reference is the owning side's key.
  return [encodeKey([ref as Key, key]), encodeKey([key, ref as Key])];
}

function isRefInput(v: unknown): boolean {
  if (isKey(v)) return true;
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) return isKey((v as Record<string, unknown>).id);
  return false;
}

function linkOp(v: unknown, rel: Relation, mode: 'create' | 'load' | 'update'): LinkOp | string {
  if (!rel.list) {
    // A one-to-one inverse: one reference or null.
    if (v === null) return { set: [] };
    return isRefInput(v) ? { set: [v] } : `expected the ${rel.target} key (an ID)`;
  }
  if (v === null) return { set: [] };
  if (Array.isArray(v)) return v.every(isRefInput) ? { set: v } : `expected a list of ${rel.target} keys (IDs)`;
  if (mode === 'update' && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o)) if (k !== 'set' && k !== 'add' && k !== 'remove') return `unknown operation "${k}" (use set, add, remove)`;
    for (const k of ['set', 'add', 'remove'] as const)
      if (o[k] !== undefined && o[k] !== null && (!Array.isArray(o[k]) || !(o[k] as unknown[]).every(isRefInput))) return `"${k}" must be a list of ${rel.target} keys (IDs)`;
    return { ...(o.set !== undefined ? { set: o.set as unknown[] | null } : {}), add: (o.add as unknown[]) ?? [], remove: (o.remove as unknown[]) ?? [] };
  }
  return `expected a list of ${rel.target} keys (IDs)`;
}

function throwingSink(entityName: string): ProblemSink {
  return (field, message, code) => {
    const where = field === null ? entityName : `${entityName}.${field}`;
    throw code === CONSTRAINT_VIOLATION ? constraintViolation(`${where} ${message}`) : badInput(`${where}: ${message}`);
  };
}
