// Test schemas for the type-system and validation suites: the SWAPI SDL made executable (its
// directives and DateTime declared, plus hand-written Query/Mutation/Subscription roots and input
// types so every validation rule can fire), the Star Wars SDL with roots, and a kitchen-sink SDL.

import { readFileSync } from 'node:fs';

const swapiEntities = readFileSync('/work/shared/data/swapi/schema.graphql', 'utf8');
const starWarsEntities = readFileSync('/work/shared/data/starwars/schema.graphql', 'utf8');

/** The SWAPI entity types as they are, with the declarations and roots a plain executable schema needs. */
export const SWAPI_SDL = `${swapiEntities}
scalar DateTime

enum IndexType { BTREE HASH }

directive @index(fields: [String!], type: IndexType = BTREE) repeatable on OBJECT | FIELD_DEFINITION | INTERFACE
directive @unique on FIELD_DEFINITION
directive @plural(name: String!) on OBJECT
directive @relation(inverse: String) on FIELD_DEFINITION
directive @cached(ttl: Int = 60, scope: CacheScope) on FIELD | QUERY | FRAGMENT_DEFINITION
directive @tag(name: String!) repeatable on FIELD | FRAGMENT_SPREAD | INLINE_FRAGMENT | VARIABLE_DEFINITION | MUTATION | SUBSCRIPTION
directive @defer(if: Boolean! = true, label: String) on FRAGMENT_SPREAD | INLINE_FRAGMENT
directive @stream(initialCount: Int! = 0, if: Boolean! = true, label: String) on FIELD

enum CacheScope { PUBLIC PRIVATE }
enum OrderDirection { ASC DESC }

input PersonFilter {
  name: String
  heightGreaterThan: Int
  eyeColors: [String!]
  and: [PersonFilter!]
  homeworld: PlanetFilter
}

input PlanetFilter { name: String, populationAtLeast: Float }

input PersonOrder { field: String!, direction: OrderDirection = ASC }

input FilmKey @oneOf { id: ID, episodeId: Int }

input CreatePersonInput { name: String!, height: Int, mass: Float, homeworldId: ID }

"""Entry points for reading."""
type Query {
  film(id: ID!): Film
  filmBy(key: FilmKey!): Film
  films(first: Int = 10, offset: Int): [Film!]!
  person(id: ID!): Person
  people(first: Int, filter: PersonFilter, orderBy: [PersonOrder!], after: String): [Person]
  planet(id: ID, name: String): Planet
  planets(first: Int): [Planet!]!
  species(first: Int): [Species]
  starship(id: ID!): Starship
  transports(first: Int!): [Transport!]!
  node(id: ID!): Node
  search(text: String!): [SearchResult!]!
  count(ids: [ID!]!): Int!
  ratio(of: Float = 1.5): Float
}

interface Node { id: ID! }

union SearchResult = Film | Person | Planet | Starship

type Mutation {
  createPerson(data: CreatePersonInput!): Person
  deletePerson(id: ID!): Boolean!
}

type Subscription {
  personCreated: Person
  filmUpdated(id: ID!): Film
}
`;

export const STARWARS_SDL = `${starWarsEntities}
type Query {
  hero(episode: Episode): Character
  human(id: ID!): Human
  droid(id: ID!): Droid
  characters(ids: [ID!]!): [Character]!
}
`;

/** Every type-system construct printSchema must print as graphql-js does. */
export const KITCHEN_SINK_SDL = `
"""The schema's own description."""
schema {
  query: Root
  mutation: Mutations
}

"A custom scalar"
scalar Url @specifiedBy(url: "https://tools.ietf.org/html/rfc3986")
scalar Json

directive @auth(requires: Role = ADMIN, scopes: [String!] = ["read", "write"]) repeatable on OBJECT | FIELD_DEFINITION | INTERFACE
"""
Multi-line
directive description
"""
directive @old(
  "why"
  reason: String
  other: Int = 3 @deprecated(reason: "use reason")
) on FIELD_DEFINITION | ENUM_VALUE | ARGUMENT_DEFINITION | INPUT_FIELD_DEFINITION

enum Role {
  "Can do anything"
  ADMIN
  USER @deprecated
  GUEST @deprecated(reason: "Use \\"USER\\" instead")
}

interface Entity { id: ID! }

interface Named implements Entity {
  id: ID!
  name(upper: Boolean = false): String
}

"""An account"""
type Account implements Named & Entity @auth {
  id: ID!
  name(upper: Boolean = false): String
  "The role"
  role: Role! @deprecated(reason: "ask the directory")
  tags(first: Int = 10, after: String = "a\\nb", filter: Filter = {kind: THING, nested: [{kind: OTHER}]}): [String!]!
  homepage: Url
  meta(
    "which keys"
    keys: [String!]
    "no default"
    strict: Boolean
  ): Json
}

type Thing implements Entity { id: ID! score: Float }

union Any = Account | Thing

input Filter {
  kind: Kind = THING
  "nested filters"
  nested: [Filter!]
  legacy: String @deprecated
}

input Pick @oneOf { a: Int, b: String }

enum Kind { THING OTHER }

type Root {
  account(id: ID!, pick: Pick): Account
  any: [Any]
  entity: Entity
}

type Mutations {
  touch(id: ID!, at: Float = 1.5, flags: [Boolean] = [true, false]): Boolean
}

extend type Thing { extra: String }
extend enum Kind { THIRD }
extend input Filter { more: Int = -1 }
extend union Any = Root
extend interface Entity @auth
`;
