// The example queries of the demo's menu: one per thing Quire's generated API does (relationships,
// filters, ordering, cursor pages, aggregates, an interface, a mutation, a coded error). Plain data;
// the e2e suite checks each one's answer against public/swapi/data.json.

export interface Example {
  id: string;
  title: string;
  query: string;
  variables?: Record<string, unknown>;
}

export const EXAMPLES: readonly Example[] = [
  {
    id: 'relationships',
    title: 'Nested relationships',
    query: `# A film, its first characters by name, and where they come from.
query FilmCast($id: ID!) {
  film(id: $id) {
    title
    episodeId
    director
    characters(orderBy: [{ name: ASC }], first: 5) {
      name
      homeworld { name climates }
      starships { name }
    }
  }
}`,
    variables: { id: '1' },
  },
  {
    id: 'filters',
    title: 'Filters',
    query: `# Blue-eyed people taller than 180 cm, or anyone from Naboo.
{
  people(
    where: {
      or: [
        { eyeColor: { eq: "blue" }, height: { gt: 180 } }
        { homeworld: { name: { eq: "Naboo" } } }
      ]
    }
    orderBy: [{ name: ASC }]
  ) {
    name
    height
    eyeColor
    homeworld { name }
  }
}`,
  },
  {
    id: 'ordering',
    title: 'Ordering',
    query: `# The five most populous planets (those with a known population).
{
  planets(
    where: { population: { isNull: false } }
    orderBy: [{ population: DESC }, { name: ASC }]
    first: 5
  ) {
    name
    population
    terrains
  }
}`,
  },
  {
    id: 'pagination',
    title: 'Pagination (connections)',
    query: `# Starships by name, five per page: use "Next page" / "Previous page" under the result.
query Starships($first: Int, $after: String, $last: Int, $before: String) {
  starshipsConnection(orderBy: [{ name: ASC }], first: $first, after: $after, last: $last, before: $before) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges {
      cursor
      node { name model costInCredits }
    }
  }
}`,
    variables: { first: 5 },
  },
  {
    id: 'aggregates',
    title: 'Aggregates',
    query: `# Counts, extremes and averages, computed in the database.
{
  peopleAggregate {
    count
    min { height mass }
    max { height mass }
    avg { height mass }
  }
  starshipsAggregate(where: { costInCredits: { isNull: false } }) {
    count
    sum { costInCredits }
  }
  planet(id: "1") {
    name
    residentsAggregate { count }
  }
}`,
  },
  {
    id: 'interface',
    title: 'Interface: Transport',
    query: `# Starships and vehicles together, through the Transport interface.
{
  transports(where: { name: { startsWith: "A" } }, orderBy: [{ name: ASC }]) {
    __typename
    name
    length
    ... on Starship { starshipClass }
    ... on Vehicle { vehicleClass }
  }
}`,
  },
  {
    id: 'mutation',
    title: 'Mutation (watch the live panel)',
    query: `# Reprice a starship. The live query panel updates — in every open tab.
mutation Reprice($id: ID!, $cost: Float!) {
  updateStarship(id: $id, data: { costInCredits: $cost }) {
    id
    name
    costInCredits
  }
}`,
    variables: { id: '10', cost: 2000000000000 },
  },
  {
    id: 'error',
    title: 'A failing query (coded error)',
    query: `# Person has no field "lightsaber": the engine refuses it with a coded error.
{
  person(id: "1") {
    name
    lightsaber
  }
}`,
  },
];

/** The live panel's query: the most expensive starships (the mutation example reorders it). */
export const LIVE_QUERY = `{
  starships(where: { costInCredits: { isNull: false } }, orderBy: [{ costInCredits: DESC }, { name: ASC }], first: 6) {
    id
    name
    costInCredits
  }
}`;
