// Every error a query or mutation can raise carries its API.md `extensions.code`, each provoked
// for real through `engine.execute`: parse and validation failures, bad input, constraint
// violations, limits, a storage quota running out at commit and a corrupt page met by a read.
import { beforeAll, describe, expect, it } from 'vitest';
import { MemoryFile, Store } from '../../src/storage/index.ts';
import { FileError, type PageFile } from '../../src/storage/file/page-file.ts';
import { PAGE_SIZE } from '../../src/storage/pager.ts';
import { openCatalog } from '../../src/catalog/persist.ts';
import { createQueryEngine } from '../../src/query/engine.ts';
import { installTestData, openTestDb, type TestDb } from './fixtures.ts';

const SDL = `
type Planet { id: ID!  name: String! @unique  residents: [Person] }
type Person { id: ID!  name: String!  code: String @unique  age: Int  born: DateTime  homeworld: Planet! @relation(inverse: "residents") }
`;
const DATA = {
  Planet: [{ id: 'p1', name: 'Tatooine' }, { id: 'p2', name: 'Alderaan' }, { id: 'p3', name: 'Empty' }],
  Person: Array.from({ length: 40 }, (_, i) => ({ id: `a${i}`, name: `Person ${i}`, code: `c${i}`, age: i, homeworld: i % 2 ? 'p1' : 'p2' })),
};

type Response = { data?: Record<string, unknown> | null; errors?: readonly { message: string; path?: readonly (string | number)[]; extensions?: Record<string, unknown> }[] };
const codes = (r: Response) => (r.errors ?? []).map((e) => e.extensions?.['code']);

describe('error codes through engine.execute', () => {
  let db: TestDb;
  beforeAll(async () => { db = await openTestDb(SDL, DATA); });
  const run = (query: string, variables?: Record<string, unknown>, operationName?: string): Response => db.engine.execute({ query, variables, operationName });
  const expectCode = (code: string, query: string, variables?: Record<string, unknown>, operationName?: string) => {
    const r = run(query, variables, operationName);
    expect(codes(r), query).toEqual([code]);
    return r;
  };

  it('GRAPHQL_PARSE_FAILED and GRAPHQL_VALIDATION_FAILED (incl. a bad DateTime literal): no data', () => {
    expect(expectCode('GRAPHQL_PARSE_FAILED', '{ people { id ').data).toBeUndefined();
    expect(expectCode('GRAPHQL_VALIDATION_FAILED', '{ people { nope } }').data).toBeUndefined();
    expectCode('GRAPHQL_VALIDATION_FAILED', '{ people(where: {born: {eq: "not a date"}}) { id } }');
    expectCode('GRAPHQL_VALIDATION_FAILED', 'mutation { createPerson(data: {name: "x", homeworld: "p1", born: "1977-13-45"}) { id } }');
  });

  it('BAD_USER_INPUT: variables, negative sizes, cursors, orderBy elements, operation names, values too long for a key', () => {
    expect(expectCode('BAD_USER_INPUT', 'query($n: Int!) { people(first: $n) { id } }', { n: 'three' }).data).toBeUndefined();
    expectCode('BAD_USER_INPUT', 'query($d: DateTime) { people(where: {born: {gt: $d}}) { id } }', { d: 'yesterday' });
    expectCode('BAD_USER_INPUT', '{ people(offset: -1) { id } }');
    expectCode('BAD_USER_INPUT', '{ peopleConnection(last: -2) { totalCount } }');
    expectCode('BAD_USER_INPUT', '{ peopleConnection(first: 2, after: "not-a-cursor") { totalCount } }');
    const c = (run('{ peopleConnection(first: 1) { pageInfo { endCursor } } }').data!['peopleConnection'] as { pageInfo: { endCursor: string } }).pageInfo.endCursor;
    expectCode('BAD_USER_INPUT', `{ peopleConnection(orderBy: [{age: DESC}], last: 2, before: ${JSON.stringify(c)}) { totalCount } }`); // another ordering's cursor
    // a forged cursor whose DateTime is not an instant (cursors hold stored values: milliseconds)
    const forged = Buffer.from('q1:["1977-05-25","a1"]').toString('base64url');
    expectCode('BAD_USER_INPUT', `{ peopleConnection(orderBy: [{born: ASC}], first: 2, after: ${JSON.stringify(forged)}) { totalCount } }`);
    const born = (run('{ peopleConnection(orderBy: [{born: ASC}], first: 1) { pageInfo { endCursor } } }').data!['peopleConnection'] as { pageInfo: { endCursor: string } }).pageInfo.endCursor;
    expect(codes(run(`{ peopleConnection(orderBy: [{born: ASC}], first: 2, after: ${JSON.stringify(born)}) { totalCount } }`))).toEqual([]);
    expectCode('BAD_USER_INPUT', '{ people(orderBy: [{name: ASC, age: DESC}]) { id } }');
    expectCode('BAD_USER_INPUT', 'query A { people { id } } query B { planets { id } }');
    expectCode('BAD_USER_INPUT', 'query A { people { id } }', undefined, 'Nope');
    const long = 'x'.repeat(5000);
    const r = expectCode('BAD_USER_INPUT', `mutation { createPerson(data: {id: ${JSON.stringify(long)}, name: "Long", homeworld: "p1"}) { id } }`);
    expect(r.data).toBeNull();
    expect(r.errors![0]!.path).toEqual(['createPerson']);
    expect(run('{ person(id: "a1") { name } }').data).toEqual({ person: { name: 'Person 1' } });
  });

  it('live queries and explain carry the same codes as execute', async () => {
    const payloads: Response[] = [];
    const stop = db.engine.subscribe({ query: '{ peopleConnection(first: 1, after: "####") { totalCount } }' }, (r) => payloads.push(r as Response));
    for (let i = 0; i < 50 && payloads.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    stop();
    expect(payloads.map(codes)).toEqual([['BAD_USER_INPUT']]);
    expect(codes(db.engine.explain({ query: '{ people(orderBy: [{name: ASC, age: ASC}]) { id } }' }).response as Response)).toEqual(['BAD_USER_INPUT']);
    expect(codes(db.engine.explain({ query: 'mutation { createPlanet(data: {name: "Tatooine"}) { id } }' }).response as Response)).toEqual(['CONSTRAINT_VIOLATION']);
  });

  it('CONSTRAINT_VIOLATION: unique, duplicate key, not-null, foreign key, RESTRICT — and nothing is committed', () => {
    const before = JSON.stringify(db.engine.explain({ query: '{ people { id name code homeworld { id } } planets { id name } }' }).response.data);
    for (const q of [
      'mutation { createPerson(data: {name: "Dup", code: "c1", homeworld: "p1"}) { id } }',
      'mutation { createPlanet(data: {id: "p1", name: "Again"}) { id } }',
      'mutation { updatePerson(id: "a1", data: {name: null}) { id } }',
      'mutation { createPerson(data: {name: "Lost", homeworld: "nowhere"}) { id } }',
      'mutation { deletePlanet(id: "p1") { id } }',
      'mutation { ok: createPlanet(data: {id: "p9", name: "New"}) { id } bad: updatePerson(id: "a2", data: {code: "c3"}) { id } }',
    ]) {
      const r = expectCode('CONSTRAINT_VIOLATION', q);
      expect(r.data, q).toBeNull();
    }
    expect(JSON.stringify(db.engine.explain({ query: '{ people { id name code homeworld { id } } planets { id name } }' }).response.data)).toBe(before);
  });

  it('QUERY_TOO_COMPLEX: parser limits and the static cost before any work, the result size at run time', async () => {
    const limited = (options: Record<string, number>) => createQueryEngine({ catalog: db.catalog, store: db.store, options });
    const exec = (options: Record<string, number>, query: string) => limited(options).execute({ query }) as Response;
    expect(codes(exec({ maxTokens: 5 }, '{ people { id name age code born } }'))).toEqual(['QUERY_TOO_COMPLEX']);
    expect(codes(exec({ maxDepth: 2 }, '{ people { homeworld { residents { id } } } }'))).toEqual(['QUERY_TOO_COMPLEX']);
    expect(codes(exec({ maxFields: 3 }, '{ people { id name age code } }'))).toEqual(['QUERY_TOO_COMPLEX']);
    expect(codes(exec({ maxInputDepth: 3 }, '{ people(where: {and: [{or: [{not: {age: {gt: 1}}}]}]}) { id } }'))).toEqual(['QUERY_TOO_COMPLEX']);
    expect(codes(exec({ maxComplexity: 50 }, '{ people { homeworld { residents { id } } } }'))).toEqual(['QUERY_TOO_COMPLEX']);
    const big = exec({ maxResultNodes: 30 }, '{ people(first: 40) { id } }');
    expect(codes(big)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(big.errors![0]!.path).toEqual(['people']);
  });
});

/** A page file with a byte quota shared by the database and its log, failing as a browser's storage does. */
class QuotaFile implements PageFile {
  constructor(private readonly inner: MemoryFile, private readonly quota: { left: number }) {}
  read(at: number, into: Uint8Array): number { return this.inner.read(at, into); }
  write(at: number, bytes: Uint8Array): number {
    const grow = Math.max(0, at + bytes.length - this.inner.size());
    if (grow > this.quota.left) throw new FileError('QUOTA_EXCEEDED', 'The storage quota is exhausted.');
    this.quota.left -= grow;
    return this.inner.write(at, bytes);
  }
  size(): number { return this.inner.size(); }
  truncate(size: number): void { this.inner.truncate(size); }
  flush(): void { this.inner.flush(); }
  close(): void { this.inner.close(); }
}

describe('storage failures surface with their codes', () => {
  it('QUOTA_EXCEEDED when the quota runs out at commit; the operation is rolled back', async () => {
    const quota = { left: Infinity };
    const store = Store.open({ file: new QuotaFile(new MemoryFile(), quota), wal: new QuotaFile(new MemoryFile(), quota) });
    const catalog = await installTestData(store, SDL, DATA);
    const engine = createQueryEngine({ catalog, store });
    quota.left = 0; // the log's free room (it grows in 64 KiB steps) is all that is left
    const rows = Array.from({ length: 400 }, (_, i) => `{name: "${'q'.repeat(300)}${i}", homeworld: "p3"}`).join(', ');
    const r = engine.execute({ query: `mutation { createPeople(data: [${rows}]) { id } }` }) as Response;
    expect(codes(r)).toEqual(['QUOTA_EXCEEDED']);
    expect(r.data).toBeNull();
    quota.left = Infinity;
    expect(engine.execute({ query: '{ planet(id: "p3") { residentsAggregate { count } } }' }).data).toEqual({ planet: { residentsAggregate: { count: 0 } } });
  });

  it('an I/O error met by a query, and a write while another transaction is open, are INTERNAL_SERVER_ERROR', async () => {
    const copy = (f: MemoryFile): MemoryFile => { const b = new Uint8Array(f.size()); f.read(0, b); const c = new MemoryFile(); c.write(0, b); return c; };
    const first = { file: new MemoryFile(), wal: new MemoryFile() };
    const setup = Store.open(first);
    const catalog = await installTestData(setup, SDL, DATA);
    setup.checkpoint();
    // The same bytes reopened on a file whose reads can fail, as a disk or a revoked handle does.
    const inner = copy(first.file);
    let failReads = false;
    const file: PageFile = Object.assign(Object.create(inner) as PageFile, {
      read: (at: number, into: Uint8Array) => { if (failReads) throw new FileError('IO_ERROR', 'The disk went away.'); return inner.read(at, into); },
    });
    const store = Store.open({ file, wal: copy(first.wal) });
    const engine = createQueryEngine({ catalog, store });
    failReads = true;
    const r = engine.execute({ query: '{ people { id name } }' }) as Response;
    expect(codes(r)).toEqual(['INTERNAL_SERVER_ERROR']);
    failReads = false;
    const open = store.begin();
    const w = engine.execute({ query: 'mutation { createPlanet(data: {name: "Busy"}) { id } }' }) as Response;
    expect(codes(w)).toEqual(['INTERNAL_SERVER_ERROR']);
    expect(w.data).toBeNull();
    open.rollback();
    expect(codes(engine.execute({ query: 'mutation { createPlanet(data: {name: "Free"}) { id } }' }) as Response)).toEqual([]);
  });

  it('a corrupt page met by a query is INTERNAL_SERVER_ERROR naming the page', async () => {
    const file = new MemoryFile();
    const wal = new MemoryFile();
    const store = Store.open({ file, wal });
    const many = { ...DATA, Person: Array.from({ length: 600 }, (_, i) => ({ id: `a${i}`, name: `Person ${i} ${'n'.repeat(60)}`, homeworld: i % 2 ? 'p1' : 'p2' })) };
    const catalog = await installTestData(store, SDL, many);
    store.checkpoint();
    const bytes = new Uint8Array(file.size());
    file.read(0, bytes);
    const pages = bytes.length / PAGE_SIZE;
    let seen = 0;
    // Flip a byte in each data page in turn; whenever the catalog still opens and the people scan
    // meets the damage, the response must carry INTERNAL_SERVER_ERROR and name the page.
    for (let p = 2; p < pages; p++) {
      const copy = new MemoryFile();
      const damaged = bytes.slice();
      damaged[p * PAGE_SIZE + 100] ^= 0x5a;
      copy.write(0, damaged);
      const walCopy = new MemoryFile();
      const w = new Uint8Array(wal.size());
      wal.read(0, w);
      walCopy.write(0, w);
      let reopened: Store;
      let cat: typeof catalog;
      try {
        reopened = Store.open({ file: copy, wal: walCopy });
        const t = reopened.begin();
        cat = openCatalog(t, SDL).catalog;
        t.rollback();
      } catch {
        continue; // the damage hit the directory or the catalog itself: not a query's concern
      }
      const engine = createQueryEngine({ catalog: cat, store: reopened });
      const r = engine.execute({ query: '{ people { id name } planet(id: "p1") { name } }' }) as Response;
      if (!r.errors) continue; // a page the query does not read
      expect(codes(r)).toEqual(['INTERNAL_SERVER_ERROR']);
      expect(r.errors[0]!.message).toContain(`page ${p}`);
      seen++;
    }
    expect(seen).toBeGreaterThan(0);
  });
});
