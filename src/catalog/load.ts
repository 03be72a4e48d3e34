// Loading data (API.md §3): JSON keyed by type name, NDJSON lines, or a stream of either, into
// the caller's transaction — every record validated, both sides of a pair merged, references
// checked at the end, up to 100 problems reported with paths like `Person[3].homeworld`.
// It never commits: on a thrown error the caller rolls back, so nothing is stored.

import { encodeKey } from '../storage/keys.ts';
import type { Catalog, Relation } from './model.ts';
import { constraintViolation, loadError, type LoadProblem } from './errors.ts';
import { HashBatch, isRefError, sameRef, Tables, type Key, type Ref } from './tables.ts';
import { generateKey, storeKey } from './values.ts';
import type { Tx } from './store-api.ts';
import { ValueError } from './errors.ts';
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
}

export interface LoadResult {
  /** Rows inserted per entity type. */
  rows: Record<string, number>;
  /** Many-to-many links (edges) added, each counted once however many sides gave it. */
  links: number;
}

export type LoadSource =
  | Record<string, unknown>
  | string
  | Uint8Array
  | AsyncIterable<string | Uint8Array>
  | Iterable<string | Uint8Array>
  | { getReader(): { read(): Promise<{ done: boolean; value?: string | Uint8Array }>; releaseLock(): void } };

const PROGRESS_EVERY = 256;

/** Validates and writes records one at a time; `finish()` checks references and throws the problems. */
export class Loader implements RecordSink {
  private readonly tables: Tables;
  private readonly problems: LoadProblem[] = [];
  private problemCount = 0;
  private readonly max: number;
  readonly rows: Record<string, number> = {};
  /** Edges in the database before the load (to report the distinct edges it added). */
  private readonly edgesBefore: number;
  private readonly ordinals = new Map<string, number>();
  /** Referenced keys per entity → the first path referring to each (checked in `finish`). */
  private readonly mustExist = new Map<string, Map<Key, string>>();
  /** To-ones given from their inverse side: set in `finish`, where contradictions show. */
  private readonly fromInverse: { entity: string; key: Key; rel: Relation; ref: Ref; path: string }[] = [];
  /** Polymorphic references, resolved once every row is in. */
  private readonly polymorphic: { entity: string; key: Key; rel: Relation; input: unknown; path: string }[] = [];
  /** Rows whose non-null to-one was not given (it may come from the inverse side). */
  private readonly needsToOne: { entity: string; key: Key; rel: Relation; path: string }[] = [];
  private readonly reportedTypes = new Set<string>();
  /** The number of records, when the source says (an in-memory object). */
  total: number | null = null;
  /** Hash index entries, written in bulk by `finish` (a posting list grows by whole chunks). */
  private readonly hashBatch = new HashBatch();
  /**
   * Per entity whose table was empty when the load began: the encoded keys of the rows this load
   * wrote. Duplicate keys and references to such an entity are settled here, without a read.
   */
  private readonly written = new Map<string, Set<string>>();

  constructor(
    private readonly tx: Tx,
    private readonly catalog: Catalog,
    private readonly options: LoadOptions = {},
  ) {
    this.tables = new Tables(catalog);
    this.max = options.maxProblems ?? 100;
    this.edgesBefore = this.edgeCount();
    for (const entity of Object.values(catalog.entities)) if (tx.count(entity.tree) === 0) this.written.set(entity.name, new Set());
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
      this.reportedTypes.add(typeName);
      const what = this.catalog.interfaces[typeName] ? `"${typeName}" is an interface: give its records under their entity types (${this.catalog.interfaces[typeName].implementations.join(', ')})`
        : this.catalog.unions[typeName] ? `"${typeName}" is a union: give its records under their entity types` : `unknown type "${typeName}"`;
      this.problem(typeName, what);
    }
    return false;
  }

  /** One record of `typeName`; its index is its position among that type's records. */
  add(typeName: string, record: unknown): void {
    const index = this.ordinals.get(typeName) ?? 0;
    this.ordinals.set(typeName, index + 1);
    const base = `${typeName}[${index}]`;
    if (!this.knownType(typeName)) return;
    const entity = this.catalog.entities[typeName];
    const before = this.problemCount;
    const c = this.tables.coerce(typeName, record, 'load', (field, message) => this.problem(field === null ? base : `${base}.${field}`, message));
    if (this.problemCount > before) return;
    const key = c.key ?? (entity.key.kind === 'Int' ? undefined : generateKey());
    if (key === undefined) {
      this.problem(`${base}.${entity.key.field}`, `is required: ${typeName} has an Int key`);
      return;
    }
    // To-ones: monomorphic ones are stored now and checked in finish(); polymorphic ones wait.
    for (let i = 0; i < entity.slots; i++) {
      const rel = entity.relations[entity.slotFields[i]];
      if (!rel) continue;
      const v = c.row[i];
      if (v === undefined || v === null) {
        c.row[i] = null;
        if (!rel.nullable) this.needsToOne.push({ entity: typeName, key, rel, path: `${base}.${rel.name}` });
        continue;
      }
      if (rel.polymorphic) {
        this.polymorphic.push({ entity: typeName, key, rel, input: v, path: `${base}.${rel.name}` });
        c.row[i] = null;
        continue;
      }
      const ref = this.monoRef(rel, v, `${base}.${rel.name}`);
      c.row[i] = ref ?? null;
    }
    const written = this.written.get(typeName);
    const id = written === undefined ? '' : keyId(key);
    try {
      if (written?.has(id)) throw constraintViolation(`A ${typeName} with ${entity.key.field} ${JSON.stringify(key)} already exists.`, entity.key.field);
      this.tables.writeNew(this.tx, typeName, key, c.row, this.hashBatch, written !== undefined);
    } catch (e) {
      const ext = (e as { extensions?: { code?: string; field?: string } }).extensions;
      if (ext?.code === 'BAD_USER_INPUT') {
        this.problem(base, (e as Error).message);
        return;
      }
      if (ext?.code !== 'CONSTRAINT_VIOLATION') throw e;
      const field = ext.field ?? entity.key.field;
      this.problem(`${base}.${field}`, field === entity.key.field ? `duplicate key ${JSON.stringify(key)}: a ${typeName} with this key is already in the data or the database` : (e as Error).message);
      return;
    }
    written?.add(id);
    this.rows[typeName] = (this.rows[typeName] ?? 0) + 1;
    // To-many and inverse fields.
    for (const { rel, op } of c.links) {
      const inputs = op.set ?? [];
      inputs.forEach((input, j) => {
        const path = `${base}.${rel.name}${rel.list ? `[${j}]` : ''}`;
        if (rel.polymorphic) {
          this.polymorphic.push({ entity: typeName, key, rel, input, path });
          return;
        }
        const ref = this.monoRef(rel, input, path);
        if (ref === undefined) return;
        if (rel.kind === 'inverse') {
          const fk = this.catalog.entities[rel.target].relations[rel.inverse!];
          this.fromInverse.push({ entity: rel.target, key: ref as Key, rel: fk, ref: key, path });
        } else {
          try {
            this.tables.addEdge(this.tx, rel, key, ref);
          } catch (e) {
            if ((e as { extensions?: { code?: string } }).extensions?.code !== 'BAD_USER_INPUT') throw e;
            this.problem(path, (e as Error).message);
          }
        }
      });
    }
    if (this.options.onProgress && this.records % PROGRESS_EVERY === 0) this.options.onProgress({ phase: 'records', done: this.records, total: this.total });
  }

  /** A monomorphic reference input → the target key, remembered for the existence check. */
  private monoRef(rel: Relation, input: unknown, path: string): Key | undefined {
    const target = this.catalog.entities[rel.target];
    let key: Key;
    try {
      const id = input !== null && typeof input === 'object' ? (input as { id?: unknown }).id : input;
      key = storeKey(target.key.kind, id);
    } catch (e) {
      if (!(e instanceof ValueError)) throw e;
      this.problem(path, e.message);
      return undefined;
    }
    let m = this.mustExist.get(target.name);
    if (!m) this.mustExist.set(target.name, (m = new Map()));
    if (!m.has(key)) m.set(key, path);
    return key;
  }

  /** Checks every reference, sets to-ones given from the inverse side; throws BAD_USER_INPUT on any problem. */
  finish(): LoadResult {
    const progress = this.options.onProgress;
    const total = [...this.mustExist.values()].reduce((n, m) => n + m.size, 0) + this.fromInverse.length + this.polymorphic.length + this.needsToOne.length;
    let done = 0;
    const tick = (): void => {
      if (progress && ++done % PROGRESS_EVERY === 0) progress({ phase: 'references', done, total });
    };
    for (const [entityName, keys] of this.mustExist) {
      const entity = this.catalog.entities[entityName];
      const written = this.written.get(entityName);
      for (const [key, path] of keys) {
        const exists = written !== undefined ? written.has(keyId(key)) : this.tx.get(entity.tree, encodeKey([key])) !== undefined;
        if (!exists) this.problem(path, `no ${entityName} with key ${JSON.stringify(key)} (a dangling reference)`);
        tick();
      }
    }
    for (const p of this.polymorphic) {
      tick();
      const ref = this.tables.resolveRef(this.tx, p.rel, p.input);
      if (isRefError(ref)) {
        this.problem(p.path, ref.error);
        continue;
      }
      if (ref === undefined) {
        this.problem(p.path, `no ${p.rel.target} with key ${JSON.stringify(p.input)} (a dangling reference)`);
        continue;
      }
      if (p.rel.kind === 'toOne') this.setFromInverse(p.entity, p.key, p.rel, ref, p.path);
      else {
        this.tables.addEdge(this.tx, p.rel, p.key, ref);
      }
    }
    if (this.problemCount === 0) {
      for (const f of this.fromInverse) {
        tick();
        this.setFromInverse(f.entity, f.key, f.rel, f.ref, f.path);
      }
    }
    for (const n of this.needsToOne) {
      tick();
      const row = this.tables.getRow(this.tx, n.entity, n.key);
      if (row && (row[n.rel.slot] === null || row[n.rel.slot] === undefined)) this.problem(n.path, `is required (${n.rel.target}!): give it here or from the other side of the relationship`);
    }
    if (this.problemCount > 0) throw loadError(this.problems, this.problemCount > this.problems.length);
    this.hashBatch.flush(this.tx);
    progress?.({ phase: 'done', done: this.records, total: this.records });
    return { rows: { ...this.rows }, links: this.edgeCount() - this.edgesBefore };
  }

  private setFromInverse(entity: string, key: Key, rel: Relation, ref: Ref, path: string): void {
    const row = this.tables.getRow(this.tx, entity, key);
    if (!row) return; // reported as dangling already
    const current = row[rel.slot] as Ref | null;
    if (current !== null && current !== undefined) {
      if (!sameRef(current, ref)) this.problem(path, `contradicts ${entity} ${JSON.stringify(key)}, whose "${rel.name}" is ${JSON.stringify(current)}`);
      return;
    }
    try {
      this.tables.setToOne(this.tx, entity, key, rel, ref);
    } catch (e) {
      if ((e as { extensions?: { code?: string } }).extensions?.code !== 'CONSTRAINT_VIOLATION') throw e;
      this.problem(path, `contradicts the other side of the relationship: ${(e as Error).message}`);
    }
  }
}

/** A row key's identity as stored: its encoded bytes as a string (two keys collide iff their rows would). */
function keyId(key: Key): string {
  return String.fromCharCode.apply(null, encodeKey([key]) as unknown as number[]);
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
