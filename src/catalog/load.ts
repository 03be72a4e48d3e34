// Loading data (API.md §3): JSON keyed by type name, NDJSON lines, or a stream of either, into
// the caller's transaction in bounded memory — every record validated into sorted streams, then
// written tree by tree in key order (bulk loads) with duplicates, unique values and references
// checked on the way; up to 100 problems reported with paths like `Person[3].homeworld`.
// It never commits: on a thrown error the caller rolls back, so nothing is stored.

import { compareBytes, decodeKey, encodeKey, hasPrefix } from '../storage/keys.ts';
import type { Catalog, Relation } from './model.ts';
import { loadError, ValueError, type LoadProblem } from './errors.ts';
import {
  assertKeySize, edgeKeys, isRefError, PostingWriter, sameRef, Tables, uniqueViolation,
  type EntityPlan, type IndexPlan, type Key, type Ref, type Row,
} from './tables.ts';
import { generateKey, storeKey } from './values.ts';
import type { Tx } from './store-api.ts';
import { RunStore, valueBytes, type MergedEntry, type RunStream, type SpillStats } from './runs.ts';
import { detectFormat, NdjsonSplitter, StreamingJson, type Pushable, type RecordSink } from './records.ts';

/**
 * Where a load is, for a progress bar: `records` while reading and writing rows (`done` records
 * so far, of `total` when known — an in-memory object; streams also give `bytes` read, of
 * `totalBytes` when the caller said), `references` while checking links (`done` of `total`),
 * then `done` once.
 */
export interface LoadProgress {
  phase: 'records' | 'references' | 'done';
  done: number;
  total: number | null;
  bytes?: number;
  totalBytes?: number | null;
}

export interface LoadOptions {
  onProgress?: (progress: LoadProgress) => void;
  /** Problems reported before giving up on listing more (default 100). */
  maxProblems?: number;
  /** `json` (an object keyed by type name), `ndjson` (one `{"type","record"}` per line), or detect. */
  format?: 'json' | 'ndjson' | 'auto';
  /** For streams: the total size in bytes, so progress has a total. */
  totalBytes?: number;
  /** The in-memory budget of the sorted streams, in accounted bytes (default LOAD_BUFFER_BYTES); past it they spill. */
  bufferBytes?: number;
}

export interface LoadResult {
  /** Rows inserted per entity type. */
  rows: Record<string, number>;
  /** Many-to-many links (edges) added, each counted once however many sides gave it. */
  links: number;
  /** The working memory's high-water marks (the bound the README promises; for tests). */
  stats: SpillStats;
}

export type LoadSource =
  | Record<string, unknown>
  | string
  | Uint8Array
  | AsyncIterable<string | Uint8Array>
  | Iterable<string | Uint8Array>
  | { getReader(): { read(): Promise<{ done: boolean; value?: string | Uint8Array }>; releaseLock(): void } };

const PROGRESS_EVERY = 256;
/** Trees loaded with fewer entries than this are written by puts, not a bulk load (which spills the transaction). */
const BULK_MIN = 1024;
/** Default in-memory budget of a load's sorted streams (accounted bytes); past it, runs spill to scratch trees. */
export const LOAD_BUFFER_BYTES = 32 << 20;
/** Unknown type names remembered (to report each once); past this, repeats may be reported again. */
const MAX_REPORTED_TYPES = 1024;

/** Where a stream's entries came from, to name a problem's path: `Entity[ordinal].field[j]`. */
interface Source {
  entity: string;
  field: string;
  list: boolean;
}

/** A sorted stream with the source its entries came from and whether its references are checked. */
interface Stream {
  runs: RunStream;
  source: Source;
  /** The entity whose rows the entries' first key part must name (a reference check), or null. */
  mustExist: string | null;
}

/** The streams feeding one entity's trees. */
interface EntityStreams {
  plan: EntityPlan;
  /** `[pk]` → row (origin: the record's ordinal). */
  rows: Stream;
  /** Per to-one slot with an inverse side: `[pk]` → `[giverKey, j]` (the to-one given from the other side). */
  assign: Map<number, Stream>;
  /** Per index (as `plan.indexes`): the entries from the rows; FK indexes also `nulls` and `inverse` streams. */
  indexes: Stream[][];
  /** Per to-one slot with an inverse side: the rows' `[pk]` that got it from the inverse side (drops their null FK entry). */
  retract: Map<number, Stream>;
}

/**
 * Validates records one at a time into sorted streams (bounded memory, see README); `finish()`
 * merges them into the trees in key order, checking duplicates, unique values and references on
 * the way, and throws the problems.
 */
export class Loader implements RecordSink {
  private readonly tables: Tables;
  private readonly problems: LoadProblem[] = [];
  private problemCount = 0;
  private readonly max: number;
  readonly rows: Record<string, number> = {};
  /** Edges in the database before the load (to report the distinct edges it added). */
  private readonly edgesBefore: number;
  private readonly ordinals = new Map<string, number>();
  private readonly reportedTypes = new Set<string>();
  /** The number of records, when the source says (an in-memory object). */
  total: number | null = null;
  private readonly runs: RunStore;
  private readonly entities = new Map<string, EntityStreams>();
  /** Per edge tree (forward and backward): the streams of every field that writes it. */
  private readonly edgeStreams = new Map<string, Stream[]>();
  /** Per to-many field (monomorphic): its forward and backward tree streams. */
  private readonly linkStreams = new Map<Relation, [Stream, Stream]>();
  /** Polymorphic references, resolved once every row is in: `[seq]` → `[entity, key, field, input, ordinal, j]`. */
  private readonly late: Stream;
  private lateSeq = 0;
  private added = 0;
  /** Scratch: one record's encoded index keys. */
  private readonly indexKeys: Uint8Array[] = [];

  constructor(
    private readonly tx: Tx,
    private readonly catalog: Catalog,
    private readonly options: LoadOptions = {},
  ) {
    this.tables = new Tables(catalog);
    this.max = options.maxProblems ?? 100;
    this.edgesBefore = this.edgeCount();
    this.runs = new RunStore(tx, options.bufferBytes ?? LOAD_BUFFER_BYTES);
    this.late = this.stream({ entity: '', field: '', list: false }, null);
    for (const entity of Object.values(catalog.entities)) {
      const plan = this.tables.plan(entity.name);
      const own = (field: string, mustExist: string | null = null): Stream => this.stream({ entity: entity.name, field, list: false }, mustExist);
      const es: EntityStreams = { plan, rows: own(entity.key.field), assign: new Map(), indexes: [], retract: new Map() };
      for (const ip of plan.indexes) {
        const fk = ip.fk;
        // FK entries: the non-null ones from the rows (checked against the target's rows), the null ones apart.
        es.indexes.push(fk ? [own(fk.name, fk.polymorphic ? null : fk.target), own(fk.name)] : [own(ip.index.fields[0])]);
      }
      this.entities.set(entity.name, es);
    }
    // To-ones that the other side may give: streams on the FK side, fed from the inverse side.
    for (const entity of Object.values(catalog.entities)) {
      for (const rel of Object.values(entity.relations)) {
        if (rel.edge !== null && !rel.polymorphic) this.linkStreams.set(rel, this.edgeStreamsOf(entity.name, rel));
        if (rel.kind !== 'inverse' || rel.polymorphic) continue;
        const target = this.entities.get(rel.target)!;
        const fk = this.catalog.entities[rel.target].relations[rel.inverse!];
        const source = { entity: entity.name, field: rel.name, list: rel.list };
        target.assign.set(fk.slot, this.stream(source, null));
        target.retract.set(fk.slot, this.stream(source, null));
        const at = target.plan.indexes.findIndex((ip) => ip.fk === fk);
        target.indexes[at].push(this.stream(source, null));
      }
    }
  }

  /** The streams of a to-many field into its edge's trees; the referenced side's rows must exist. */
  private edgeStreamsOf(entity: string, rel: Relation): [Stream, Stream] {
    const edge = this.catalog.edges[rel.edge!];
    const source = { entity, field: rel.name, list: true };
    // The owning side refers to `to` (the backward tree's first part), the other side to `from`.
    const forward = rel.direction === 'forward';
    const pair: [Stream, Stream] = [this.stream(source, forward ? null : edge.from), this.stream(source, forward ? edge.to : null)];
    for (const [tree, s] of [[edge.forwardTree, pair[0]], [edge.backwardTree, pair[1]]] as const) {
      const list = this.edgeStreams.get(tree);
      if (list) list.push(s);
      else this.edgeStreams.set(tree, [s]);
    }
    return pair;
  }

  private stream(source: Source, mustExist: string | null): Stream {
    return { runs: this.runs.stream(), source, mustExist };
  }

  private edgeCount(): number {
    let n = 0;
    for (const edge of Object.values(this.catalog.edges)) n += this.tx.count(edge.forwardTree);
    return n;
  }

  get records(): number {
    let n = 0;
    for (const v of this.ordinals.values()) n += v;
    return n;
  }

  /** High-water marks of the load's working memory so far. */
  get stats(): SpillStats {
    return { ...this.runs.stats };
  }

  problem(path: string, message: string): void {
    this.problemCount++;
    if (this.problems.length < this.max) this.problems.push({ path, message });
  }

  /** A top-level value that is not a list of records. */
  badType(typeName: string, message: string): void {
    this.problem(typeName, message);
  }

  /** Whether `typeName` is an entity type; reports it (once) when it is not. */
  knownType(typeName: string): boolean {
    if (this.catalog.entities[typeName]) return true;
    if (!this.reportedTypes.has(typeName)) {
      if (this.reportedTypes.size < MAX_REPORTED_TYPES) this.reportedTypes.add(typeName);
      const what = this.catalog.interfaces[typeName] ? `"${typeName}" is an interface: give its records under their entity types (${this.catalog.interfaces[typeName].implementations.join(', ')})`
        : this.catalog.unions[typeName] ? `"${typeName}" is a union: give its records under their entity types` : `unknown type "${typeName}"`;
      this.problem(typeName, what);
    }
    return false;
  }

  private put(s: Stream, key: Uint8Array, value: unknown, origin: number, bytes = 0): void {
    s.runs.add(key, value, origin, bytes);
    this.added++;
  }

  /** One record of `typeName`; its index is its position among that type's records. */
  add(typeName: string, record: unknown): void {
    if (!this.knownType(typeName)) return;
    const ordinal = this.ordinals.get(typeName) ?? 0;
    this.ordinals.set(typeName, ordinal + 1);
    // Paths are made only for problems (a load of millions of records reports few).
    const at = (field: string | null, j = -1): string => `${typeName}[${ordinal}]${field === null ? '' : `.${field}`}${j < 0 ? '' : `[${j}]`}`;
    const es = this.entities.get(typeName)!;
    const entity = es.plan.entity;
    const before = this.problemCount;
    const c = this.tables.coerce(typeName, record, 'load', (field, message) => this.problem(at(field), message));
    if (this.problemCount > before) return;
    const key = c.key ?? (entity.key.kind === 'Int' ? undefined : generateKey());
    if (key === undefined) {
      this.problem(at(entity.key.field), `is required: ${typeName} has an Int key`);
      return;
    }
    const row = c.row;
    // To-ones: monomorphic ones are stored now and checked in finish(); polymorphic ones wait.
    for (let i = 0; i < entity.slots; i++) {
      const rel = es.plan.slotRelations[i];
      if (!rel) {
        if (row[i] === undefined) row[i] = null;
        continue;
      }
      const v = row[i];
      row[i] = null;
      if (v === undefined || v === null) {
        if (rel.polymorphic && !rel.nullable) this.problem(at(rel.name), `is required (${rel.target}!): give it here or from the other side of the relationship`);
        continue;
      }
      if (rel.polymorphic) this.deferRef(typeName, ordinal, key, rel, v, -1);
      else row[i] = this.refKey(rel, v, at, -1) ?? null;
    }
    if (this.problemCount > before) return;
    // Every key of the record is encoded once, sizes checked, and only then is anything added.
    const rowKey = encodeKey([key]);
    const { indexes } = es.plan;
    const indexKeys = this.indexKeys;
    try {
      assertKeySize(rowKey, () => `The ${typeName} key`);
      for (let x = 0; x < indexes.length; x++) {
        indexKeys[x] = this.tables.indexKey(indexes[x], key, row);
      }
    } catch (e) {
      if ((e as { extensions?: { code?: string } }).extensions?.code !== 'BAD_USER_INPUT') throw e;
      this.problem(at(null), (e as Error).message);
      return;
    }
    this.put(es.rows, rowKey, row, ordinal, valueBytes(row));
    for (let x = 0; x < indexes.length; x++) {
      const ip = indexes[x];
      // FK entries with a null FK go apart (a to-one given later from the inverse side drops them).
      this.put(es.indexes[x][ip.fk && row[ip.fk.slot] === null ? 1 : 0], indexKeys[x], null, ordinal);
    }
    this.rows[typeName] = (this.rows[typeName] ?? 0) + 1;
    // To-many and inverse fields.
    for (const { rel, op } of c.links) {
      const inputs = op.set ?? [];
      for (let j = 0; j < inputs.length; j++) {
        const input = inputs[j];
        const listIndex = rel.list ? j : -1;
        if (rel.polymorphic) {
          this.deferRef(typeName, ordinal, key, rel, input, listIndex);
          continue;
        }
        const ref = this.refKey(rel, input, at, listIndex);
        if (ref === undefined) continue;
        if (rel.kind === 'inverse') {
          // The FK entry `[key, ref]` is the longest of the three (`[ref]` twice): checked before any is added.
          const fkEntry = encodeKey([key, ref]);
          if (!this.fits(fkEntry, rel, at, listIndex)) continue;
          const target = this.entities.get(rel.target)!;
          const fk = this.catalog.entities[rel.target].relations[rel.inverse!];
          const refKey = encodeKey([ref]);
          this.put(target.assign.get(fk.slot)!, refKey, [key, j], ordinal, valueBytes(key) + 14);
          this.put(target.retract.get(fk.slot)!, refKey, null, ordinal);
          const x = target.plan.indexes.findIndex((ip) => ip.fk === fk);
          this.put(target.indexes[x][2], fkEntry, j, ordinal, 9);
          continue;
        }
        // Both directions of an edge have the same parts, so the same length: one check.
        const [fwd, bwd] = edgeKeys(rel.direction === 'forward', key, ref);
        if (!this.fits(fwd, rel, at, listIndex)) continue;
        const [toForward, toBackward] = this.linkStreams.get(rel)!;
        this.put(toForward, fwd, j, ordinal, 9);
        this.put(toBackward, bwd, j, ordinal, 9);
      }
    }
    if (this.options.onProgress && this.records % PROGRESS_EVERY === 0) this.options.onProgress({ phase: 'records', done: this.records, total: this.total });
  }

  /** A monomorphic reference input → the target key (checked against the target's rows in `finish`). */
  private refKey(rel: Relation, input: unknown, at: (field: string, j: number) => string, j: number): Key | undefined {
    const target = this.catalog.entities[rel.target];
    try {
      const id = input !== null && typeof input === 'object' ? (input as { id?: unknown }).id : input;
      return storeKey(target.key.kind, id);
    } catch (e) {
      if (!(e instanceof ValueError)) throw e;
      this.problem(at(rel.name, j), e.message);
      return undefined;
    }
  }

  /** Whether a reference's entry fits a storage key; else a problem at the reference's path. */
  private fits(entry: Uint8Array, rel: Relation, at: (field: string, j: number) => string, j: number): boolean {
    try {
      assertKeySize(entry, () => `A reference of ${rel.name}`);
      return true;
    } catch (e) {
      this.problem(at(rel.name, j), (e as Error).message);
      return false;
    }
  }

  /** A polymorphic reference waits for every row; its path (`j` ≥ 0 in a list) is formatted only for a problem. */
  private deferRef(entity: string, ordinal: number, key: Key, rel: Relation, input: unknown, j: number): void {
    const value = [entity, key, rel.name, refInput(input), ordinal, j];
    this.put(this.late, encodeKey([this.lateSeq++]), value, 0, valueBytes(value));
  }

  /** Writes every tree in key order, checks keys, unique values and references; throws BAD_USER_INPUT on any problem. */
  finish(): LoadResult {
    const progress = this.options.onProgress;
    const total = this.added;
    let ticked = 0;
    const tick = (): void => {
      if (!progress) return;
      const done = this.runs.stats.merged;
      if (done - ticked >= PROGRESS_EVERY) {
        ticked = done;
        progress({ phase: 'references', done, total });
      }
    };
    for (const es of this.entities.values()) {
      this.writeRows(es, tick);
      this.runs.release();
    }
    for (const es of this.entities.values()) {
      es.plan.indexes.forEach((ip, x) => {
        const streams = es.indexes[x];
        if (ip.index.type === 'HASH') this.writeHash(ip.index.tree, streams[0], tick);
        else if (ip.fk) {
          const ordered = [streams[1], streams[0], ...streams.slice(2)];
          const retracted = this.withoutRetracted(es.retract.get(ip.fk.slot));
          this.writeTree(ip.index.tree, ordered, this.checked(ip, ordered, tick, retracted.keep));
          retracted.close();
        } else this.writeTree(ip.index.tree, streams, this.checked(ip, streams, tick));
        this.runs.release();
      });
    }
    for (const [tree, streams] of this.edgeStreams) {
      this.writeTree(tree, streams, this.checked(null, streams, tick));
      this.runs.release();
    }
    for (const e of this.runs.merge([this.late.runs])) {
      tick();
      const [entity, key, field, input, ordinal, j] = e.value as [string, Key, string, unknown, number, number];
      this.resolveLate(entity, key, this.catalog.entities[entity].relations[field], input, () => `${entity}[${ordinal}].${field}${j < 0 ? '' : `[${j}]`}`);
    }
    this.runs.release();
    if (this.problemCount > 0) throw loadError(this.problems, this.problemCount > this.problems.length);
    progress?.({ phase: 'done', done: this.records, total: this.records });
    return { rows: { ...this.rows }, links: this.edgeCount() - this.edgesBefore, stats: this.stats };
  }

  private path(s: Source, origin: number, j: unknown): string {
    return `${s.entity}[${origin}].${s.field}${s.list && typeof j === 'number' ? `[${j}]` : ''}`;
  }

  /**
   * An entity's rows in key order: the first of equal keys wins (the others are duplicates), to-ones
   * given from the inverse side are applied (a different value already there is a contradiction),
   * required to-ones are checked. Into an empty table by bulk load, else by puts.
   */
  private writeRows(es: EntityStreams, tick: () => void): void {
    const { plan } = es;
    const e = plan.entity;
    const slots = [...es.assign.keys()];
    const streams = [es.rows, ...es.assign.values()];
    const empty = this.tx.count(e.tree) === 0;
    const duplicate = (key: Uint8Array, origin: number): void =>
      this.problem(`${e.name}[${origin}].${e.key.field}`, `duplicate key ${JSON.stringify(decodeKey(key)[0])}: a ${e.name} with this key is already in the data or the database`);
    const loader = this;
    function* rows(): Generator<[Uint8Array, unknown]> {
      let key: Uint8Array | null = null;
      let row: Row | null = null;
      let origin = 0;
      let stored = false;
      const out: [Uint8Array, unknown] = [NULL_PART, null];
      for (const m of loader.runs.merge(streams.map((s) => s.runs))) {
        tick();
        if (m.stream === 0) {
          if (key !== null && compareBytes(key, m.key) === 0) {
            duplicate(m.key, m.origin);
            continue;
          }
          if (row !== null) yield reuse(out, key!, loader.required(plan, row, origin));
          key = m.key;
          row = m.value as Row;
          origin = m.origin;
          stored = false;
          if (!empty && loader.tx.get(e.tree, key) !== undefined) {
            duplicate(key, origin);
            row = null;
          }
          continue;
        }
        const slot = slots[m.stream - 1];
        const [giver, j] = m.value as [Key, number];
        const source = streams[m.stream].source;
        const at = (): string => loader.path(source, m.origin, j);
        if (key !== null && compareBytes(key, m.key) === 0) {
          if (row !== null) loader.assign(e.name, m.key, row, plan.slotRelations[slot]!, giver, at);
          else if (stored) loader.setFromInverse(e.name, decodeKey(m.key)[0] as Key, plan.slotRelations[slot]!, giver, at);
          continue;
        }
        if (row !== null) yield reuse(out, key!, loader.required(plan, row, origin));
        key = m.key;
        row = null;
        // A row that was already stored (a table that was not empty), or none: a dangling reference.
        stored = !empty && loader.tx.get(e.tree, m.key) !== undefined;
        if (!stored) loader.problem(at(), `no ${e.name} with key ${JSON.stringify(decodeKey(m.key)[0])} (a dangling reference)`);
        else loader.setFromInverse(e.name, decodeKey(m.key)[0] as Key, plan.slotRelations[slot]!, giver, at);
      }
      if (row !== null) yield reuse(out, key!, loader.required(plan, row, origin));
    }
    this.writeTree(e.tree, streams, rows());
  }

  /** A row's required to-ones, checked once both sides had their say. */
  private required(plan: EntityPlan, row: Row, origin: number): Row {
    for (let i = 0; i < row.length; i++) {
      const rel = plan.slotRelations[i];
      if (rel && !rel.nullable && !rel.polymorphic && row[i] === null)
        this.problem(`${plan.entity.name}[${origin}].${rel.name}`, `is required (${rel.target}!): give it here or from the other side of the relationship`);
    }
    return row;
  }

  /** Applies a to-one given from the inverse side to a row being loaded. */
  private assign(entity: string, key: Uint8Array, row: Row, rel: Relation, giver: Key, path: () => string): void {
    const current = row[rel.slot] as Ref | null;
    if (current === null) row[rel.slot] = giver;
    else if (!sameRef(current, giver)) this.problem(path(), `contradicts ${entity} ${JSON.stringify(decodeKey(key)[0])}, whose "${rel.name}" is ${JSON.stringify(current)}`);
  }

  /**
   * A filter for an FK index's merge: drops the null entries (stream 0, ascending by row key) of
   * rows whose to-one came from the inverse side (`retract`, read in step). `close()` when done.
   */
  private withoutRetracted(retract: Stream | undefined): { keep?: (m: MergedEntry) => boolean; close(): void } {
    if (!retract) return { close() {} };
    const it = this.runs.merge([retract.runs]);
    let next = it.next();
    return {
      keep: (m) => {
        if (m.stream !== 0) return true;
        const pk = m.key.subarray(NULL_PART.length);
        while (!next.done && compareBytes(next.value.key, pk) < 0) next = it.next();
        return next.done === true || compareBytes(next.value.key, pk) !== 0;
      },
      close: () => {
        while (!next.done) next = it.next();
      },
    };
  }

  /**
   * Index or edge entries in key order, without repeats: references checked against the target's
   * rows (per stream), unique values checked (per index), `keep` filtering entries out.
   */
  private *checked(ip: IndexPlan | null, streams: Stream[], tick: () => void, keep?: (m: MergedEntry) => boolean): Generator<[Uint8Array, unknown]> {
    const exists = new Map<string, RowCursor>();
    for (const s of streams) if (s.mustExist && !exists.has(s.mustExist)) exists.set(s.mustExist, new RowCursor(this.tx, this.catalog.entities[s.mustExist].tree));
    let missing: Uint8Array | null = null;
    const unique = ip?.index.unique ? new UniqueCheck(this.tx, ip, this.tx.count(ip.index.tree) > 0, (source, origin, j, message) => this.problem(this.path(source, origin, j), message)) : null;
    let last: MergedEntry | null = null;
    const out: [Uint8Array, unknown] = [NULL_PART, null];
    for (const m of this.runs.merge(streams.map((s) => s.runs))) {
      tick();
      if (last !== null && last.p === m.p && compareBytes(last.key, m.key) === 0) continue;
      if (keep && !keep(m)) continue;
      last = m;
      const s = streams[m.stream];
      if (s.mustExist && !(missing !== null && hasPrefix(m.key, missing))) {
        const found = exists.get(s.mustExist)!.find(m.key);
        if (found !== true) {
          missing = found;
          this.problem(this.path(s.source, m.origin, m.value), `no ${s.mustExist} with key ${JSON.stringify(decodeKey(found)[0])} (a dangling reference)`);
        }
      }
      unique?.check(m, s);
      yield reuse(out, m.key, null);
    }
  }

  /** Hash index entries in key order → posting lists, one value at a time. */
  private writeHash(tree: string, s: Stream, tick: () => void): void {
    let group: Uint8Array | null = null;
    let postings: PostingWriter | null = null;
    let last: Uint8Array | null = null;
    for (const m of this.runs.merge([s.runs])) {
      tick();
      if (last !== null && compareBytes(last, m.key) === 0) continue;
      last = m.key;
      const parts = decodeKey(m.key);
      const key = parts.pop() as Key;
      const head = encodeKey(parts);
      if (group === null || compareBytes(group, head) !== 0) {
        postings?.end();
        group = head;
        postings = new PostingWriter(this.tx, tree, parts);
      }
      postings!.add(key);
    }
    postings?.end();
  }

  /**
   * Ascending, distinct entries (merged from `streams`) into a tree: a bulk load when the tree is
   * empty and the entries many, else puts (a small load stays a small WAL record); nothing to do
   * when every stream is empty.
   */
  private writeTree(tree: string, streams: Stream[], entries: Iterable<[Uint8Array, unknown]>): void {
    let size = 0;
    for (const s of streams) size += s.runs.size + s.runs.runs.length * BULK_MIN;
    if (size === 0) return;
    if (size >= BULK_MIN && this.tx.count(tree) === 0) this.tx.bulkLoad(tree, entries);
    else for (const [k, v] of entries) this.tx.put(tree, k, v);
  }

  /** A polymorphic reference, once every row is in. */
  private resolveLate(entity: string, key: Key, rel: Relation, input: unknown, path: () => string): void {
    const ref = this.tables.resolveRef(this.tx, rel, input);
    if (isRefError(ref)) return this.problem(path(), ref.error);
    if (ref === undefined) return this.problem(path(), `no ${rel.target} with key ${JSON.stringify(input)} (a dangling reference)`);
    if (rel.kind === 'toOne') return this.setFromInverse(entity, key, rel, ref, path);
    try {
      this.tables.addEdge(this.tx, rel, key, ref);
    } catch (e) {
      if ((e as { extensions?: { code?: string } }).extensions?.code !== 'BAD_USER_INPUT') throw e;
      this.problem(path(), (e as Error).message);
    }
  }

  /** Sets a to-one of a stored row (from the other side, or a polymorphic reference); a different value is a contradiction. */
  private setFromInverse(entity: string, key: Key, rel: Relation, ref: Ref, path: () => string): void {
    const row = this.tables.getRow(this.tx, entity, key);
    if (!row) return; // reported as a problem of its own already
    const current = row[rel.slot] as Ref | null;
    if (current !== null && current !== undefined) {
      if (!sameRef(current, ref)) this.problem(path(), `contradicts ${entity} ${JSON.stringify(key)}, whose "${rel.name}" is ${JSON.stringify(current)}`);
      return;
    }
    try {
      this.tables.setToOne(this.tx, entity, key, rel, ref);
    } catch (e) {
      // A unique FK taken (one-to-one), or an FK entry too long to store (a polymorphic `[type, id, pk]`).
      const code = (e as { extensions?: { code?: string } }).extensions?.code;
      if (code === 'CONSTRAINT_VIOLATION') this.problem(path(), `contradicts the other side of the relationship: ${(e as Error).message}`);
      else if (code === 'BAD_USER_INPUT') this.problem(path(), (e as Error).message);
      else throw e;
    }
  }
}

const NULL_PART = encodeKey([null]);

/**
 * `out` set to `[key, value]`: the entry pairs yielded to `writeTree` reuse one array, as its bulk
 * load and puts consume each pair before asking for the next.
 */
function reuse(out: [Uint8Array, unknown], key: Uint8Array, value: unknown): [Uint8Array, unknown] {
  out[0] = key;
  out[1] = value;
  return out;
}

/**
 * A polymorphic reference's input reduced to what resolves it — a key, or `{ type | __typename, id }`
 * (strings and keys, as `coerce` checked) — so other fields never reach a spilled run (whose
 * values must encode: a stray function or symbol would fail there as a storage error).
 */
function refInput(input: unknown): unknown {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return input;
  const o = input as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  if (typeof o.type === 'string') out.type = o.type;
  else if (typeof o.__typename === 'string') out.__typename = o.__typename;
  out.id = o.id;
  return out;
}

/** Walks a row tree's keys in step with ascending references to it. */
class RowCursor {
  private readonly it: Iterator<[Uint8Array, unknown]>;
  private key: Uint8Array | null;

  constructor(tx: Tx, tree: string) {
    this.it = tx.range(tree, { values: false })[Symbol.iterator]();
    this.key = this.next();
  }

  private next(): Uint8Array | null {
    const r = this.it.next();
    return r.done ? null : r.value[0].slice();
  }

  /** True when a row's key is a prefix of `ref` (the reference's first part); else the missing first part's bytes. */
  find(ref: Uint8Array): true | Uint8Array {
    while (this.key !== null && !hasPrefix(ref, this.key) && compareBytes(this.key, ref) < 0) this.key = this.next();
    if (this.key !== null && hasPrefix(ref, this.key)) return true;
    return encodeKey([decodeKey(ref)[0]]);
  }
}

/** Unique index entries in key order: equal values (no nulls) of different rows collide. */
class UniqueCheck {
  private prefix: Uint8Array | null = null;
  private first: { key: Key; origin: number; inverse: boolean; source: Source; j: unknown } | null = null;

  constructor(
    private readonly tx: Tx,
    private readonly ip: IndexPlan,
    /** Whether the index had entries before the load (then each new value is also looked up). */
    private readonly stored: boolean,
    private readonly report: (source: Source, origin: number, j: unknown, message: string) => void,
  ) {}

  check(m: MergedEntry, s: Stream): void {
    const parts = decodeKey(m.key);
    const key = parts.pop() as Key;
    if (parts.includes(null)) return;
    const prefix = encodeKey(parts);
    const inverse = s.source.entity !== this.ip.entity || s.source.field !== this.ip.index.fields[0];
    const me = { key, origin: m.origin, inverse, source: s.source, j: m.value };
    const value = parts.length === 1 ? parts[0] : parts;
    if (this.prefix !== null && compareBytes(this.prefix, prefix) === 0 && this.first !== null) {
      const other = this.first;
      if (other.key === key) return;
      // Report the entry from the inverse side, else the later record.
      const [at, by] = other.inverse && !inverse ? [other, me] : !me.inverse && other.origin > me.origin ? [other, me] : [me, other];
      const message = uniqueViolation(this.ip, value, by.key);
      this.report(at.source, at.origin, at.j, at.inverse ? `contradicts the other side of the relationship: ${message}` : message);
      return;
    }
    this.prefix = prefix;
    this.first = me;
    if (!this.stored) return;
    // Rows stored before this load: any entry with this value but another key.
    for (const [k] of this.tx.range(this.ip.index.tree, { prefix, limit: 2, values: false })) {
      const other = decodeKey(k).at(-1);
      if (other === key) continue;
      const message = uniqueViolation(this.ip, value, other);
      this.report(s.source, m.origin, m.value, inverse ? `contradicts the other side of the relationship: ${message}` : message);
      return;
    }
  }
}

// ---- sources ------------------------------------------------------------------------------------

/**
 * Loads `source` into `tx` (API.md §3). Rejects with BAD_USER_INPUT listing the problems; the
 * caller must then roll the transaction back (and commit it on success).
 */
export async function load(tx: Tx, catalog: Catalog, source: LoadSource, options: LoadOptions = {}): Promise<LoadResult> {
  const loader = new Loader(tx, catalog, options);
  if (source === null || (typeof source !== 'object' && typeof source !== 'string')) {
    loader.problem('(file)', `expected load data: an object keyed by type name, JSON or NDJSON text, bytes or a stream; got ${source === null ? 'null' : typeof source}`);
    return loader.finish();
  }
  if (isObjectSource(source)) {
    loadObject(loader, source);
    return loader.finish();
  }
  const forced = options.format && options.format !== 'auto' ? options.format : null;
  const readerFor = (start: string): Pushable => ((forced ?? detectFormat(start)) === 'ndjson' ? new NdjsonSplitter(loader) : new StreamingJson(loader));
  if (typeof source === 'string' || source instanceof Uint8Array) {
    const text = typeof source === 'string' ? source : new TextDecoder().decode(source);
    const reader = readerFor(text);
    reader.push(text);
    reader.end();
    return loader.finish();
  }
  // A stream of chunks: the format is decided once the first line (or 64 KB) is in.
  const decoder = new TextDecoder();
  let reader: Pushable | null = null;
  let pending = '';
  let bytes = 0;
  const feed = (text: string, last: boolean): void => {
    if (!reader) {
      pending += text;
      if (!forced && !last && !pending.includes('\n') && pending.length <= 65536) return;
      reader = readerFor(pending);
      text = pending;
      pending = '';
    }
    reader.push(text);
  };
  for await (const chunk of chunks(source)) {
    if (typeof chunk !== 'string' && !(chunk instanceof Uint8Array)) {
      loader.problem('(file)', 'a stream of load data must yield strings or bytes');
      return loader.finish();
    }
    bytes += typeof chunk === 'string' ? chunk.length : chunk.byteLength;
    feed(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }), false);
    options.onProgress?.({ phase: 'records', done: loader.records, total: null, bytes, totalBytes: options.totalBytes ?? null });
  }
  feed(decoder.decode(), true);
  (reader as Pushable | null)?.end();
  return loader.finish();
}

function isObjectSource(source: LoadSource): source is Record<string, unknown> {
  return typeof source === 'object' && source !== null && !(Symbol.asyncIterator in source) && !(Symbol.iterator in source) && !('getReader' in source);
}

function loadObject(loader: Loader, source: Record<string, unknown>): void {
  let total = 0;
  for (const k of Object.keys(source)) if (Array.isArray(source[k])) total += (source[k] as unknown[]).length;
  loader.total = total;
  for (const typeName of Object.keys(source)) {
    const records = source[typeName];
    if (!loader.knownType(typeName)) continue;
    if (!Array.isArray(records)) {
      loader.badType(typeName, `expected a list of ${typeName} records`);
      continue;
    }
    for (const r of records) loader.add(typeName, r);
  }
}

async function* chunks(source: Exclude<LoadSource, Record<string, unknown> | string | Uint8Array> | Record<string, unknown>): AsyncIterable<string | Uint8Array> {
  const s = source as { getReader?: () => { read(): Promise<{ done: boolean; value?: string | Uint8Array }>; releaseLock(): void } };
  if (typeof s.getReader === 'function') {
    const reader = s.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        if (value !== undefined) yield value;
      }
    } finally {
      reader.releaseLock();
    }
  }
  yield* source as AsyncIterable<string | Uint8Array>;
}
