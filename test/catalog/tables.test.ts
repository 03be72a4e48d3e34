// Row primitives on the real Store: coded errors for every constraint, onDelete rules, edges
// in both directions, value round trips; and random operation sequences after which every
// index, unique constraint, FK and edge mirror is consistent and failed operations left no trace.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { decodeKey, encodeKey, type KeyPart } from '../../src/storage/keys.ts';
import type { Store } from '../../src/storage/index.ts';
import { Tables, hashLookup, type Key } from '../../src/catalog/tables.ts';
import type { Catalog } from '../../src/catalog/model.ts';
import { dump, memoryDb } from './helpers.ts';

const SDL = `
enum Size { SMALL MEDIUM LARGE }
type Planet { id: ID!  name: String! @unique  size: Size @index  water: Float  tags: [String!]  residents: [Person] }
type Person @plural(name: "people") @index(fields: ["name", "born"]) {
  id: ID!  name: String!  born: DateTime @index  eye: String @index(type: HASH)  homeworld: Planet  films: [Film]  rank: Int @default(value: 1)
}
type Film { id: ID!  title: String!  cast: [Person] }
type Ship { id: ID!  name: String  crew: [Crew]  parts: [Part] }
type Crew { id: ID!  ship: Ship! }
type Part { id: ID!  ship: Ship @relation(onDelete: CASCADE) }
`;

function db() {
  const { store, catalog } = memoryDb(SDL);
  return { store, catalog, tables: new Tables(catalog) };
}

/** Runs `fn` in a transaction: commit on success, rollback and rethrow on error. */
function write<T>(store: Store, fn: (tx: ReturnType<Store['begin']>) => T): T {
  const tx = store.begin();
  try {
    const r = fn(tx);
    tx.commit();
    return r;
  } catch (e) {
    tx.rollback();
    throw e;
  }
}

function code(fn: () => unknown): { code?: string; message: string } {
  try {
    fn();
  } catch (e) {
    return { code: (e as { extensions?: { code?: string } }).extensions?.code, message: (e as Error).message };
  }
  throw new Error('expected an error');
}

describe('insert / update / delete', () => {
  test('values round-trip in API form; defaults; generated time-sortable keys', () => {
    const { store, tables } = db();
    const k1 = write(store, (tx) => tables.insert(tx, 'Person', { name: 'Luke', born: '1951-09-25T10:00:00+02:00' }));
    const k2 = write(store, (tx) => tables.insert(tx, 'Person', { name: 'Leia' }));
    expect(typeof k1).toBe('string');
    expect((k1 as string) < (k2 as string)).toBe(true);
    const row = store.read((v) => tables.decode('Person', k1, tables.getRow(v, 'Person', k1)!));
    expect(row).toMatchObject({ id: k1, name: 'Luke', born: '1951-09-25T08:00:00.000Z', rank: 1, homeworld: null, eye: null });
    write(store, (tx) => tables.insert(tx, 'Planet', { id: 'p1', name: 'Tatooine', size: 'SMALL', tags: ['desert', 'twin suns'], water: 0.01 }));
    expect(store.read((v) => tables.decode('Planet', 'p1', tables.getRow(v, 'Planet', 'p1')!))).toEqual({ id: 'p1', name: 'Tatooine', size: 'SMALL', tags: ['desert', 'twin suns'], water: 0.01 });
  });

  test('bad values are BAD_USER_INPUT, missing non-null and unique and FK are CONSTRAINT_VIOLATION; nothing stored', () => {
    const { store, tables } = db();
    write(store, (tx) => tables.insert(tx, 'Planet', { id: 'p1', name: 'Tatooine' }));
    const before = dump(store);
    const cases: [unknown, string, string][] = [
      [{ name: 'X', size: 'HUGE' }, 'BAD_USER_INPUT', 'Size has no value "HUGE"'],
      [{ name: 42 }, 'BAD_USER_INPUT', 'String cannot represent 42'],
      [{ name: 'X', water: 'wet' }, 'BAD_USER_INPUT', 'Float cannot represent "wet"'],
      [{ name: 'X', tags: ['a', null] }, 'CONSTRAINT_VIOLATION', 'element 1 must not be null'],
      [{ name: 'X', nope: 1 }, 'BAD_USER_INPUT', 'Planet has no field "nope"'],
      [{}, 'CONSTRAINT_VIOLATION', 'Planet.name is required'],
      [{ name: null }, 'CONSTRAINT_VIOLATION', 'must not be null'],
      [{ name: 'Tatooine' }, 'CONSTRAINT_VIOLATION', 'Unique constraint on field Planet.name violated: "Tatooine" is already used by "p1"'],
      [{ id: 'p1', name: 'Other' }, 'CONSTRAINT_VIOLATION', 'A Planet with id "p1" already exists'],
      [{ name: 'X', residents: ['nobody'] }, 'CONSTRAINT_VIOLATION', 'no Person with key "nobody"'],
    ];
    for (const [input, c, m] of cases) {
      const err = code(() => write(store, (tx) => tables.insert(tx, 'Planet', input)));
      expect(err.code, m).toBe(c);
      expect(err.message).toContain(m);
    }
    expect(code(() => write(store, (tx) => tables.insert(tx, 'Person', { name: 'A', rank: 2 ** 31 }))).message).toContain('outside the 32-bit range');
    expect(code(() => write(store, (tx) => tables.insert(tx, 'Person', { name: 'A', born: '2020-02-30T00:00:00Z' }))).code).toBe('BAD_USER_INPUT');
    expect(code(() => write(store, (tx) => tables.insert(tx, 'Person', { name: 'A', homeworld: 'p9' }))).code).toBe('CONSTRAINT_VIOLATION');
    expect(code(() => write(store, (tx) => tables.update(tx, 'Planet', 'p1', { id: 'p2' }))).message).toContain('cannot be changed');
    expect(dump(store)).toBe(before);
  });

  test('relationships are writable from either side; to-many set/add/remove', () => {
    const { store, catalog, tables } = db();
    write(store, (tx) => {
      tables.insert(tx, 'Planet', { id: 'p1', name: 'Tatooine' });
      tables.insert(tx, 'Person', { id: 'a', name: 'Luke', homeworld: 'p1' });
      tables.insert(tx, 'Person', { id: 'b', name: 'Owen' });
      tables.insert(tx, 'Film', { id: 'f1', title: 'ANH', cast: ['a'] });
      tables.insert(tx, 'Film', { id: 'f2', title: 'ESB' });
      tables.update(tx, 'Planet', 'p1', { residents: ['a', 'b'] });
      tables.update(tx, 'Person', 'b', { films: { add: ['f1', 'f2'] } });
      tables.update(tx, 'Film', 'f2', { cast: { remove: ['b'], add: ['a'] } });
    });
    const rel = (t: string, f: string) => catalog.entities[t].relations[f];
    store.read((v) => {
      expect(tables.linked(v, 'Planet', 'p1', rel('Planet', 'residents'))).toEqual(['a', 'b']);
      expect(tables.getRow(v, 'Person', 'b')![catalog.entities.Person.relations.homeworld.slot]).toBe('p1');
      expect(tables.linked(v, 'Film', 'f1', rel('Film', 'cast'))).toEqual(['a', 'b']);
      expect(tables.linked(v, 'Film', 'f2', rel('Film', 'cast'))).toEqual(['a']);
      expect(tables.linked(v, 'Person', 'a', rel('Person', 'films'))).toEqual(['f1', 'f2']);
      expect(tables.linked(v, 'Person', 'b', rel('Person', 'films'))).toEqual(['f1']);
    });
    write(store, (tx) => tables.update(tx, 'Planet', 'p1', { residents: ['b'] }));
    store.read((v) => expect(tables.getRow(v, 'Person', 'a')![catalog.entities.Person.relations.homeworld.slot]).toBe(null));
  });

  test('onDelete: SET_NULL (nullable to-one), RESTRICT (non-null), CASCADE; edges removed both ways', () => {
    const { store, catalog, tables } = db();
    write(store, (tx) => {
      tables.insert(tx, 'Planet', { id: 'p1', name: 'Tatooine', residents: [] });
      tables.insert(tx, 'Person', { id: 'a', name: 'Luke', homeworld: 'p1' });
      tables.insert(tx, 'Film', { id: 'f1', title: 'ANH', cast: ['a'] });
      tables.insert(tx, 'Ship', { id: 's1' });
      tables.insert(tx, 'Crew', { id: 'c1', ship: 's1' });
      tables.insert(tx, 'Part', { id: 'x1', ship: 's1' });
      tables.insert(tx, 'Part', { id: 'x2', ship: 's1' });
    });
    const gone = write(store, (tx) => tables.delete(tx, 'Planet', 'p1'));
    expect(gone).toMatchObject({ id: 'p1', name: 'Tatooine' });
    store.read((v) => expect(tables.decode('Person', 'a', tables.getRow(v, 'Person', 'a')!).homeworld).toBe(null));
    const before = dump(store);
    const err = code(() => write(store, (tx) => tables.delete(tx, 'Ship', 's1')));
    expect(err).toMatchObject({ code: 'CONSTRAINT_VIOLATION' });
    expect(err.message).toContain('Crew "c1" refers to it through "ship" (onDelete: RESTRICT)');
    expect(dump(store)).toBe(before);
    write(store, (tx) => tables.delete(tx, 'Crew', 'c1'));
    write(store, (tx) => tables.delete(tx, 'Ship', 's1'));
    store.read((v) => {
      expect(v.count('r:Part')).toBe(0);
      expect(v.count(catalog.entities.Part.indexes[0].tree)).toBe(0);
    });
    write(store, (tx) => tables.delete(tx, 'Person', 'a'));
    store.read((v) => {
      const edge = catalog.edges['Film.cast'];
      expect(v.count(edge.forwardTree)).toBe(0);
      expect(v.count(edge.backwardTree)).toBe(0);
    });
    expect(write(store, (tx) => tables.delete(tx, 'Person', 'a'))).toBeUndefined();
    expect(write(store, (tx) => tables.update(tx, 'Person', 'a', { name: 'x' }))).toBe(false);
  });
});

// ---- consistency under random operations -----------------------------------------------------

/** Every invariant the row primitives maintain, checked from the rows alone. */
function checkConsistent(store: Store, catalog: Catalog): void {
  store.read((v) => {
    for (const e of Object.values(catalog.entities)) {
      const rows = [...v.range(e.tree)].map(([k, r]) => [decodeKey(k)[0] as Key, r as unknown[]] as const);
      for (const index of e.indexes) {
        const expected: string[] = [];
        const seen = new Map<string, Key>();
        for (const [key, row] of rows) {
          const parts: KeyPart[] = index.fields.map((f) => {
            const col = e.columns[f];
            const value = (col ? row[col.slot] : row[e.relations[f].slot]) as KeyPart;
            return col?.kind === 'Enum' && value !== null ? catalog.enums[col.typeName].values.findIndex((x) => x.name === value) : value;
          });
          if (index.unique && !parts.includes(null)) {
            const sig = JSON.stringify(parts);
            expect(seen.has(sig), `${e.name}.${index.name} unique`).toBe(false);
            seen.set(sig, key);
          }
          if (index.type === 'HASH') expect(hashLookup(v, index.tree, parts)).toContain(key);
          else expected.push(Buffer.from(encodeKey([...parts, key])).toString('hex'));
        }
        if (index.type === 'BTREE') expect([...v.range(index.tree)].map(([k]) => Buffer.from(k).toString('hex')), `${e.name}.${index.name}`).toEqual(expected.sort());
      }
      for (const rel of Object.values(e.relations)) {
        if (rel.kind !== 'toOne') continue;
        for (const [key, row] of rows) {
          const ref = row[rel.slot] as Key | null;
          if (ref !== null) expect(v.get(catalog.entities[rel.target].tree, encodeKey([ref])), `${e.name} ${key}.${rel.name}`).toBeDefined();
          else expect(rel.nullable).toBe(true);
        }
      }
    }
    for (const edge of Object.values(catalog.edges)) {
      const fwd = [...v.range(edge.forwardTree)].map(([k]) => decodeKey(k));
      const bwd = [...v.range(edge.backwardTree)].map(([k]) => decodeKey(k));
      expect(bwd.map((p) => JSON.stringify([p[1], p[0]])).sort()).toEqual(fwd.map((p) => JSON.stringify(p)).sort());
      for (const [from, to] of fwd) {
        expect(v.get(catalog.entities[edge.from].tree, encodeKey([from]))).toBeDefined();
        expect(v.get(catalog.entities[edge.toEntities[0]].tree, encodeKey([to]))).toBeDefined();
      }
    }
  });
}

describe('random operation sequences keep every structure consistent', () => {
  const id = fc.constantFrom('1', '2', '3', '4');
  const op = fc.oneof(
    fc.record({ op: fc.constant('insert'), type: fc.constant('Planet'), input: fc.record({ id, name: fc.constantFrom('A', 'B', 'C'), size: fc.constantFrom('SMALL', 'LARGE', null, 'BAD'), residents: fc.array(id, { maxLength: 2 }) }, { requiredKeys: ['id'] }) }),
    fc.record({ op: fc.constant('insert'), type: fc.constant('Person'), input: fc.record({ id, name: fc.constantFrom('x', 'y'), eye: fc.constantFrom('blue', 'brown', null), homeworld: id, films: fc.array(id, { maxLength: 3 }), born: fc.constantFrom('2000-01-01T00:00:00Z', '1999-12-31T23:59:59.999Z') }, { requiredKeys: ['id', 'name'] }) }),
    fc.record({ op: fc.constant('insert'), type: fc.constant('Film'), input: fc.record({ id, title: fc.constant('t'), cast: fc.array(id, { maxLength: 3 }) }, { requiredKeys: ['id', 'title'] }) }),
    fc.record({ op: fc.constant('insert'), type: fc.constantFrom('Ship', 'Crew', 'Part'), input: fc.record({ id, ship: id }, { requiredKeys: ['id'] }) }),
    fc.record({ op: fc.constant('update'), type: fc.constant('Person'), key: id, input: fc.record({ eye: fc.constantFrom('blue', 'green', null), homeworld: fc.constantFrom('1', '2', null), films: fc.record({ add: fc.array(id, { maxLength: 2 }), remove: fc.array(id, { maxLength: 2 }) }) }) }),
    fc.record({ op: fc.constant('update'), type: fc.constant('Planet'), key: id, input: fc.record({ name: fc.constantFrom('A', 'B', 'D'), size: fc.constantFrom('MEDIUM', null), residents: fc.array(id, { maxLength: 2 }) }) }),
    fc.record({ op: fc.constant('delete'), type: fc.constantFrom('Planet', 'Person', 'Film', 'Ship', 'Crew', 'Part'), key: id }),
  );
  test('indexes, uniques, FKs and edge mirrors hold; a failed operation changes nothing', () => {
    fc.assert(fc.property(fc.array(op, { minLength: 1, maxLength: 25 }), (ops) => {
      const { store, catalog, tables } = db();
      for (const o of ops) {
        const before = dump(store);
        try {
          write(store, (tx) => {
            if (o.op === 'insert') tables.insert(tx, o.type, o.input);
            else if (o.op === 'update') tables.update(tx, o.type, (o as { key: string }).key, o.input);
            else tables.delete(tx, o.type, (o as { key: string }).key);
          });
        } catch (e) {
          const c = (e as { extensions?: { code?: string } }).extensions?.code;
          expect(['BAD_USER_INPUT', 'CONSTRAINT_VIOLATION'], String(e)).toContain(c);
          expect(dump(store)).toBe(before);
        }
      }
      checkConsistent(store, catalog);
    }), { numRuns: 60 });
  });
});

describe('keys and polymorphic references', () => {
  test('Int keys count up from the largest; String @id keys are generated when missing', () => {
    const { store, catalog } = memoryDb('type Seat { n: Int! @id  label: String }\ntype Tag { slug: String! @id }');
    const t = new Tables(catalog);
    expect(write(store, (tx) => t.insert(tx, 'Seat', { label: 'a' }))).toBe(1);
    write(store, (tx) => t.insert(tx, 'Seat', { n: 41 }));
    expect(write(store, (tx) => t.insert(tx, 'Seat', {}))).toBe(42);
    expect(code(() => write(store, (tx) => t.insert(tx, 'Seat', { n: 1.5 }))).code).toBe('BAD_USER_INPUT');
    const slug = write(store, (tx) => t.insert(tx, 'Tag', {}));
    expect(slug).toMatch(/^[0-9A-Z]{16}$/);
  });

  test('a to-one to a union resolves the id among its members, stores [type, id], and follows onDelete', () => {
    const { store, catalog } = memoryDb('type Post { id: ID! }\ntype Photo { id: ID! }\nunion Item = Post | Photo\ntype Pin { id: ID!  item: Item @relation(onDelete: CASCADE)  also: [Item] }');
    const t = new Tables(catalog);
    write(store, (tx) => {
      t.insert(tx, 'Post', { id: 'p' });
      t.insert(tx, 'Photo', { id: 'q' });
      t.insert(tx, 'Photo', { id: 'both' });
      t.insert(tx, 'Post', { id: 'both' });
      t.insert(tx, 'Pin', { id: 'pin1', item: 'q', also: ['p', { type: 'Photo', id: 'both' }] });
    });
    expect(store.read((v) => t.decode('Pin', 'pin1', t.getRow(v, 'Pin', 'pin1')!).item)).toEqual(['Photo', 'q']);
    expect(store.read((v) => t.linked(v, 'Pin', 'pin1', catalog.entities.Pin.relations.also))).toEqual([['Photo', 'both'], ['Post', 'p']]);
    expect(code(() => write(store, (tx) => t.insert(tx, 'Pin', { id: 'pin2', item: 'both' }))).message).toContain('ambiguous');
    write(store, (tx) => t.delete(tx, 'Post', 'p'));
    expect(store.read((v) => t.linked(v, 'Pin', 'pin1', catalog.entities.Pin.relations.also))).toEqual([['Photo', 'both']]);
    write(store, (tx) => t.delete(tx, 'Photo', 'q'));
    expect(store.read((v) => v.count('r:Pin'))).toBe(0);
    checkConsistent(store, catalog);
  });
});
