// Peer: graphql-js 17 executing the workloads' GraphQL over in-memory arrays, with the plain
// resolvers an app developer would write (a Map by id, residents per planet, people by height).
// No storage and no durability: it is the speed of "just keep it in JS", never a database.
import { expose } from 'comlink';
import { buildSchema, executeSync, parse, type DocumentNode, type GraphQLObjectType } from 'graphql';
import { QUERIES, RANGE_WIDTH, aggregateOf, newMass, type Dataset, type PersonRow, type PersonView, type SystemApi } from '../shared/protocol.ts';
import { fetchDataset, runnerFor } from '../shared/runner.ts';

const SDL = /* GraphQL */ `
  type Planet { id: Int! name: String! climate: String population: Float residents: [Person!]! }
  type Person { id: Int! name: String! height: Int mass: Float birthYear: String homeworld: Planet films: [Film!]! }
  type Film { id: Int! title: String! director: String releaseDate: String }
  input IntFilter { eq: Int gte: Int lte: Int }
  input PlanetWhere { id: IntFilter }
  input PersonWhere { height: IntFilter homeworld: PlanetWhere }
  enum SortOrder { ASC DESC }
  input PersonOrderBy { height: SortOrder }
  type HeightAvg { height: Float }
  type PersonAggregate { count: Int! avg: HeightAvg }
  input PersonUpdateInput { mass: Float }
  type Query {
    person(id: Int!): Person
    people(where: PersonWhere, orderBy: [PersonOrderBy!], first: Int): [Person!]!
    planets(where: PlanetWhere): [Planet!]!
    peopleAggregate(where: PersonWhere): PersonAggregate!
  }
  type Mutation { updatePerson(id: Int!, data: PersonUpdateInput!): Person }
`;

interface Filter { eq?: number; gte?: number; lte?: number }
interface Memory {
  data: Dataset;
  residents: Map<number, PersonRow[]>;
  byHeight: PersonRow[]; // people with a height, ordered by (height, id)
}
let mem: Memory | null = null;
const db = (): Memory => {
  if (!mem) throw new Error('graphql-js: not loaded');
  return mem;
};

/** First index in byHeight whose height is >= h. */
function lowerBound(rows: PersonRow[], h: number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rows[mid]!.height! < h) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function makeSchema() {
  const schema = buildSchema(SDL);
  const resolve = (type: string, field: string, fn: (src: any, args: any) => unknown) => {
    (schema.getType(type) as GraphQLObjectType).getFields()[field]!.resolve = fn;
  };
  resolve('Query', 'person', (_, { id }: { id: number }) => db().data.people[id - 1] ?? null);
  resolve('Query', 'people', (_, { where, first }: { where: { height: Filter }; first: number }) => {
    const rows = db().byHeight;
    const out: PersonRow[] = [];
    for (let i = lowerBound(rows, where.height.gte!); i < rows.length && out.length < first; i++) {
      if (rows[i]!.height! > where.height.lte!) break;
      out.push(rows[i]!);
    }
    return out;
  });
  resolve('Query', 'planets', (_, { where }: { where: { id: Filter } }) =>
    db().data.planets.slice(where.id.gte! - 1, where.id.lte!));
  resolve('Query', 'peopleAggregate', (_, { where }: { where: { homeworld: { id: Filter } } }) => {
    const rows = db().residents.get(where.homeworld.id.eq!) ?? [];
    let sum = 0;
    let n = 0;
    for (const p of rows) if (p.height !== null) (sum += p.height), n++;
    return aggregateOf(rows.length, sum, n);
  });
  resolve('Planet', 'residents', (planet: { id: number }) => db().residents.get(planet.id) ?? []);
  resolve('Person', 'films', (person: PersonRow) => person.films.map((f) => db().data.films[f - 1]));
  resolve('Mutation', 'updatePerson', (_, { id, data }: { id: number; data: { mass: number } }) => {
    const p = db().data.people[id - 1];
    if (!p) return null;
    p.mass = data.mass;
    return p;
  });
  return schema;
}

const schema = makeSchema();
const docs = Object.fromEntries(Object.entries(QUERIES).map(([k, q]) => [k, parse(q)])) as Record<keyof typeof QUERIES, DocumentNode>;

function run(doc: DocumentNode, vars: Record<string, unknown>, field: string): unknown {
  const result = executeSync({ schema, document: doc, variableValues: vars });
  if (result.errors) throw new Error(`graphql-js: ${result.errors[0]!.message}`);
  return (result.data as Record<string, unknown>)[field];
}

const ops = () => ({
  get: (id: number) => run(docs.get, { id }, 'person'),
  range: (lo: number) => run(docs.range, { lo, hi: lo + RANGE_WIDTH }, 'people'),
  nested: (from: number) => run(docs.nested, { from, to: from + 19 }, 'planets'),
  aggregate: (p: number) => run(docs.aggregate, { p }, 'peopleAggregate'),
  update: (id: number, tick: number) => run(docs.update, { id, mass: newMass(id, tick) }, 'updatePerson'),
});

const api: SystemApi = {
  async open() {},
  async load(url) {
    const data = await fetchDataset<Dataset>(url);
    const t0 = performance.now();
    const residents = new Map<number, PersonRow[]>();
    for (const p of data.people) {
      if (p.homeworld === null) continue;
      const list = residents.get(p.homeworld);
      if (list) list.push(p);
      else residents.set(p.homeworld, [p]);
    }
    const byHeight = data.people.filter((p) => p.height !== null);
    byHeight.sort((a, b) => a.height! - b.height! || a.id - b.id);
    mem = { data, residents, byHeight };
    const ms = performance.now() - t0;
    const links = data.people.reduce((n, p) => n + p.films.length, 0);
    return { rows: data.planets.length + data.people.length + data.films.length + links, ms };
  },
  async getPerson(id) {
    return run(docs.get, { id }, 'person') as PersonView | null;
  },
  ...runnerFor(ops),
  async close() {
    mem = null;
  },
};

expose(api);
