// Migrations: diff the installed catalog against a new one into a plan (what changes, what data
// would be lost, what data violates the new schema), then apply it inside the caller's
// transaction: trees, row rewrites with backfills, index rebuilds, edge moves. It never commits;
// on any thrown error the caller rolls back and the old schema and data stay as they were.

import { decodeKey, encodeKey } from '../storage/keys.ts';
import { catalogTrees, type Catalog, type Column, type Edge, type Entity, type Relation } from './model.ts';
import { migrationError, ValueError } from './errors.ts';
import { outputColumn, storeColumn } from './values.ts';
import { Tables, type Key, type Row } from './tables.ts';
import type { Tx, View } from './store-api.ts';

/** How one slot of a new row is filled from an old row. */
type SlotSource =
  | { from: 'column'; oldSlot: number; oldColumn: Column; convert: boolean }
  | { from: 'toOne'; oldSlot: number; oldRel: Relation }
  | { from: 'key' }
  | { from: 'new' };

interface EntityChange {
  entity: string;
  /** Rows must be rewritten (layout, types, defaults or enums changed). */
  rewrite: boolean;
  slots: SlotSource[];
  /** Index names to (re)build from the rows. */
  rebuild: string[];
}

interface EdgeMove {
  edge: string;
  /** The old edge whose entries move into `edge`, and whether its direction flips. */
  fromOld: string;
  flip: boolean;
}

export interface MigrationPlan {
  /** Human-readable summary of every change, in order. */
  changes: string[];
  /** What would be lost (needs `allowDataLoss`). */
  dataLoss: string[];
  /** Data that violates the new schema (always refused). */
  violations: string[];
  createEntities: string[];
  dropEntities: string[];
  entities: EntityChange[];
  createEdges: string[];
  moveEdges: EdgeMove[];
  dropEdges: string[];
}

const sameJSON = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function columnSignature(c: Column, catalog: Catalog): unknown {
  // A default alone changes no stored value (it is used for new rows and for backfills, which a
  // nullability or layout change triggers anyway), so it is not part of the signature.
  return [c.kind, c.typeName, c.list, c.nullable, c.itemNullable, c.kind === 'Enum' ? catalog.enums[c.typeName]?.values.map((v) => v.name) : null];
}

function relSignature(r: Relation): unknown {
  return [r.kind, r.targetEntities, r.polymorphic, r.nullable];
}

function rows(view: View, entity: Entity): Iterable<[Uint8Array, unknown]> {
  return view.range(entity.tree);
}

/** Diffs `old` and `next` and measures the data affected. Reads only. */
export function planMigration(view: View, old: Catalog, next: Catalog): MigrationPlan {
  const plan: MigrationPlan = {
    changes: [], dataLoss: [], violations: [], createEntities: [], dropEntities: [], entities: [],
    createEdges: [], moveEdges: [], dropEdges: [],
  };
  for (const name of Object.keys(next.entities)) if (!old.entities[name]) {
    plan.createEntities.push(name);
    plan.changes.push(`add type ${name}`);
  }
  for (const name of Object.keys(old.entities)) if (!next.entities[name]) {
    plan.dropEntities.push(name);
    plan.changes.push(`drop type ${name}`);
    const n = view.count(old.entities[name].tree);
    if (n > 0) plan.dataLoss.push(`type ${name} is dropped with its ${plural(n, 'row')}`);
  }

  for (const name of Object.keys(next.entities)) {
    const before = old.entities[name];
    const after = next.entities[name];
    if (!before) continue;
    const count = view.count(before.tree);
    if (before.key.field !== after.key.field || before.key.kind !== after.key.kind) {
      plan.changes.push(`change the primary key of ${name} from ${before.key.field}: ${before.key.kind} to ${after.key.field}: ${after.key.kind}`);
      if (count > 0) plan.violations.push(`the primary key of ${name} cannot change while it has rows (${plural(count, 'row')})`);
      continue;
    }
    const slots: SlotSource[] = after.slotFields.map((f): SlotSource => {
      const col = after.columns[f];
      const oldCol = before.columns[f];
      if (col && oldCol) {
        if (oldCol.slot === -1) return { from: 'key' };
        const convert = oldCol.kind !== col.kind || oldCol.typeName !== col.typeName || oldCol.list !== col.list
          || (col.kind === 'Enum' && !sameJSON(old.enums[col.typeName]?.values.map((v) => v.name), next.enums[col.typeName]?.values.map((v) => v.name)));
        return { from: 'column', oldSlot: oldCol.slot, oldColumn: oldCol, convert };
      }
      const rel = after.relations[f];
      const oldRel = before.relations[f];
      if (rel && oldRel && oldRel.kind === 'toOne' && sameJSON(oldRel.targetEntities, rel.targetEntities) && oldRel.polymorphic === rel.polymorphic)
        return { from: 'toOne', oldSlot: oldRel.slot, oldRel };
      return { from: 'new' };
    });
    const layoutSame = sameJSON(before.slotFields, after.slotFields)
      && after.slotFields.every((f) => {
        const c = after.columns[f];
        return c ? before.columns[f] && sameJSON(columnSignature(c, next), columnSignature(before.columns[f], old)) : before.relations[f] && sameJSON(relSignature(after.relations[f]), relSignature(before.relations[f]));
      });
    const change: EntityChange = { entity: name, rewrite: !layoutSame, slots, rebuild: [] };
    // What the new layout drops.
    const kept = new Set(slots.flatMap((s) => (s.from === 'column' || s.from === 'toOne' ? [s.oldSlot] : [])));
    const droppedSlots = before.slotFields.map((f, i) => ({ f, i })).filter(({ i }) => !kept.has(i));
    for (const { f } of droppedSlots) plan.changes.push(`drop ${before.columns[f] ? 'column' : 'to-one'} ${name}.${f}`);
    for (const f of after.slotFields) if (!before.slotFields.includes(f) && !(before.columns[f]?.slot === -1)) plan.changes.push(`add ${after.columns[f] ? 'column' : 'to-one'} ${name}.${f}`);
    if (change.rewrite && count > 0) {
      const lost = new Map<string, number>();
      const violations = new Map<string, number>();
      const bump = (m: Map<string, number>, k: string): void => void m.set(k, (m.get(k) ?? 0) + 1);
      for (const [, value] of rows(view, before)) {
        const row = value as Row;
        for (const { f, i } of droppedSlots) if (row[i] !== null && row[i] !== undefined) bump(lost, `${name}.${f}`);
        const out = convertRow(after, slots, row, next, (f) => bump(lost, `${name}.${f} (values that do not fit the new type)`));
        after.slotFields.forEach((f, i) => {
          const col = after.columns[f];
          const nullable = col ? col.nullable : after.relations[f].nullable;
          if (!nullable && (out[i] === null || out[i] === undefined)) bump(violations, f);
        });
      }
      for (const [what, n] of lost) plan.dataLoss.push(`${what}: ${plural(n, 'non-null value')} would be lost`);
      for (const [f, n] of violations) {
        const col = after.columns[f];
        plan.violations.push(col && !before.columns[f]
          ? `${name}.${f} is a new non-null column without @default, and ${name} has ${plural(count, 'row')} (add @default(value: ...) or make it nullable)`
          : `${name}.${f} cannot become non-null: ${plural(n, 'row')} of ${name} ${n === 1 ? 'has' : 'have'} no value`);
      }
    }
    // Indexes: rebuild every index of a rewritten entity, and new or changed ones otherwise.
    for (const index of after.indexes) {
      const was = before.indexes.find((i) => i.name === index.name);
      if (!was) plan.changes.push(`add index ${name}.${index.name}`);
      if (change.rewrite || !was || !sameJSON(was, index)) change.rebuild.push(index.name);
    }
    for (const index of before.indexes) if (!after.indexes.some((i) => i.name === index.name)) plan.changes.push(`drop index ${name}.${index.name}`);
    plan.entities.push(change);
  }

  // Edges: keep, move (same relationship under a new owner or direction), create or drop.
  const usedOld = new Set<string>();
  const endpoints = (e: Edge): [string, string | null] => [`${e.from}.${e.fromField}`, e.toField === null ? null : `${e.to}.${e.toField}`];
  for (const name of Object.keys(next.edges)) {
    const edge = next.edges[name];
    const was = old.edges[name];
    if (was && sameJSON(was, edge)) {
      usedOld.add(name);
      continue;
    }
    const [a, b] = endpoints(edge);
    let move: EdgeMove | null = null;
    for (const oname of Object.keys(old.edges)) {
      if (usedOld.has(oname)) continue;
      const o = old.edges[oname];
      if (!sameJSON(o.toEntities, edge.toEntities) && !sameJSON([o.from], edge.toEntities)) continue;
      const [oa, ob] = endpoints(o);
      if (oa === a && o.to === edge.to && o.polymorphic === edge.polymorphic) move = { edge: name, fromOld: oname, flip: false };
      else if (!o.polymorphic && !edge.polymorphic && ((b !== null && oa === b) || (ob !== null && ob === a)) && o.from === edge.to && o.to === edge.from)
        move = { edge: name, fromOld: oname, flip: true };
      if (move) break;
    }
    if (move) {
      usedOld.add(move.fromOld);
      plan.moveEdges.push(move);
      plan.changes.push(`store relationship ${a} in edge ${name}${move.flip ? ' (reversed)' : ''}`);
    } else {
      plan.createEdges.push(name);
      plan.changes.push(`add relationship ${a}${b ? ` ⇄ ${b}` : ''}`);
    }
  }
  for (const name of Object.keys(old.edges)) {
    if (usedOld.has(name)) continue;
    plan.dropEdges.push(name);
    plan.changes.push(`drop relationship ${name}`);
    const n = view.count(old.edges[name].forwardTree);
    if (n > 0) plan.dataLoss.push(`relationship ${name} is dropped with its ${plural(n, 'link')}`);
  }
  // Enum values removed while in use are found by the row conversion above (as lost values).
  return plan;
}

/** A new row built from an old one; `lost(field)` is called for each value that cannot be converted. */
function convertRow(after: Entity, slots: SlotSource[], row: Row, next: Catalog, lost: (field: string) => void): Row {
  const out: Row = new Array(after.slots);
  slots.forEach((s, i) => {
    const f = after.slotFields[i];
    if (s.from === 'column') {
      const v = row[s.oldSlot] ?? null;
      const col = after.columns[f];
      if (!s.convert || v === null) out[i] = v;
      else {
        try {
          out[i] = storeColumn({ ...col, nullable: true }, next.enums[col.typeName], widen(col, outputColumn(s.oldColumn, v)));
        } catch (e) {
          if (!(e instanceof ValueError)) throw e;
          lost(f);
          out[i] = null;
        }
      }
      if (out[i] === null && col.default !== undefined && !col.nullable) out[i] = col.default;
    } else if (s.from === 'toOne') out[i] = row[s.oldSlot] ?? null;
    else {
      const col = after.columns[f];
      out[i] = col?.default ?? null;
    }
  });
  return out;
}

/** Numbers and booleans becoming text keep their value as a string (Int 172 → "172"). */
function widen(col: Column, v: unknown): unknown {
  if (col.kind !== 'String' && col.kind !== 'ID') return v;
  const one = (x: unknown): unknown => (typeof x === 'number' || typeof x === 'boolean' ? String(x) : x);
  return Array.isArray(v) ? v.map(one) : one(v);
}

export interface ApplyOptions {
  allowDataLoss: boolean;
}

/** Applies `plan` in `tx`. Throws SCHEMA_ERROR (nothing to undo: the caller rolls back). */
export function applyMigration(tx: Tx, old: Catalog, next: Catalog, plan: MigrationPlan, options: ApplyOptions): void {
  if (plan.violations.length) throw migrationError(plan.violations);
  if (plan.dataLoss.length && !options.allowDataLoss)
    throw migrationError(plan.dataLoss.map((l) => `${l} (open with allowDataLoss: true to accept)`));
  const tables = new Tables(next);
  const oldTrees = new Map(catalogTrees(old).map((t) => [t.name, t.kind]));
  const newTrees = new Map(catalogTrees(next).map((t) => [t.name, t.kind]));
  const created = new Set<string>();
  /** Creates `name` empty (dropping an old tree of that name first), once. */
  const fresh = (name: string): void => {
    if (created.has(name)) return;
    if (oldTrees.has(name)) tx.dropTree(name);
    tx.createTree(name, newTrees.get(name)!);
    created.add(name);
  };
  const fail = (message: string): never => {
    throw migrationError([message]);
  };

  // New entities: empty trees.
  for (const name of plan.createEntities) {
    const e = next.entities[name];
    fresh(e.tree);
    for (const i of e.indexes) fresh(i.tree);
  }
  // Changed entities: rewrite rows, rebuild indexes.
  for (const change of plan.entities) {
    const before = old.entities[change.entity];
    const after = next.entities[change.entity];
    // Rows are rewritten in place while the range walks them (keys do not change; the store's
    // iterators re-seek after writes), so a migration holds one row at a time, not the table.
    if (change.rewrite) {
      for (const [k, v] of tx.range(after.tree)) tx.put(after.tree, k, convertRow(after, change.slots, v as Row, next, () => {}));
    }
    for (const name of change.rebuild) {
      const index = after.indexes.find((i) => i.name === name)!;
      fresh(index.tree);
      for (const [k, v] of tx.range(after.tree)) {
        try {
          tables.indexRow(tx, change.entity, index, decodeKey(k)[0] as Key, v as Row);
        } catch (e) {
          const code = (e as { extensions?: { code?: string } }).extensions?.code;
          if (code !== 'CONSTRAINT_VIOLATION' && code !== 'BAD_USER_INPUT') throw e;
          fail(`cannot add ${index.unique ? 'the unique constraint' : 'the index'} ${change.entity}.${index.name}: ${(e as Error).message}`);
        }
      }
    }
    // To-ones whose targets no longer exist (a target type dropped from a union, say) were
    // excluded by planMigration (their slots are new); nothing else can dangle.
  }
  // Edges.
  for (const name of plan.createEdges) {
    const e = next.edges[name];
    fresh(e.forwardTree);
    fresh(e.backwardTree);
  }
  for (const move of plan.moveEdges) {
    const from = old.edges[move.fromOld];
    const to = next.edges[move.edge];
    const entries = [...tx.range(from.forwardTree)].map(([k]) => decodeKey(k));
    fresh(to.forwardTree);
    fresh(to.backwardTree);
    for (const parts of entries) {
      const fwd = move.flip ? [parts[1], parts[0]] : parts;
      tx.put(to.forwardTree, encodeKey(fwd), null);
      tx.put(to.backwardTree, encodeKey([...fwd.slice(1), fwd[0]]), null);
    }
  }
  // Drop what the new catalog no longer has.
  for (const [name] of oldTrees) if (!newTrees.has(name) && !created.has(name)) tx.dropTree(name);
  for (const [name] of newTrees) if (!oldTrees.has(name)) fresh(name);
}
