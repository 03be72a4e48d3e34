// A large, realistic executable document against the SWAPI schema (Quire's generated API): many
// operations with fragments, variables, aliases, directives, filters and literals. Used by the
// parse benchmark and as a differential corpus.

const FRAGMENTS = `
fragment PersonCore on Person {
  id
  name
  birthYear
  eyeColor
  gender
  hairColor
  height
  mass
  skinColor
  created
  edited
}

fragment PlanetCore on Planet {
  id
  name
  diameter
  rotationPeriod
  orbitalPeriod
  gravity
  population
  climates
  terrains
  surfaceWater
}

fragment FilmCore on Film {
  id
  title
  episodeId
  director
  producers
  releaseDate
}

fragment FilmDetail on Film {
  ...FilmCore
  openingCrawl
  characters { ...PersonCore homeworld { ...PlanetCore } }
  planets { ...PlanetCore residentsAggregate { count } }
  starships { id name model starshipClass hyperdriveRating }
  vehicles { id name model vehicleClass }
  species { id name classification designation language }
}

fragment PageInfoFields on PageInfo {
  hasNextPage
  hasPreviousPage
  startCursor
  endCursor
}
`;

const OPERATIONS = (n: number) => `
query FilmsPage${n}($first: Int = 10, $after: String, $where: FilmWhere, $order: [FilmOrderBy!] = [{releaseDate: ASC}]) {
  filmsConnection(first: $first, after: $after, where: $where, orderBy: $order) {
    totalCount
    pageInfo { ...PageInfoFields }
    edges {
      cursor
      node { ...FilmDetail }
    }
  }
}

query PeopleSearch${n}($name: String!, $minHeight: Int = 150, $withHomeworld: Boolean = true, $skip: Boolean = false) {
  tall: people(where: {and: [{name: {contains: $name}}, {height: {gte: $minHeight}}]}, orderBy: [{height: DESC}, {name: ASC}], first: 25) {
    ...PersonCore
    homeworld @include(if: $withHomeworld) { ...PlanetCore }
    films(orderBy: [{episodeId: ASC}]) @skip(if: $skip) { ...FilmCore }
  }
  short: people(where: {height: {lt: $minHeight, isNull: false}}, first: 25, offset: 0) {
    id
    name
    height
    species { name classification averageHeight averageLifespan }
  }
  droids: people(where: {or: [{species: {some: {name: {eq: "Droid"}}}}, {gender: {isNull: true}}], not: {name: {startsWith: "R2"}}}) {
    ...PersonCore
    starships { name model crew passengers }
  }
  stats: peopleAggregate(where: {mass: {gt: 0}}) {
    count
    min { height mass name }
    max { height mass name }
    avg { height mass }
    sum { mass }
  }
}

query PlanetDetail${n}($id: ID!, $residentsFirst: Int = 5) {
  planet(id: $id) {
    ...PlanetCore
    residents(first: $residentsFirst, orderBy: [{name: ASC}]) {
      ...PersonCore
      vehicles { name model manufacturers costInCredits length maxAtmospheringSpeed crew passengers cargoCapacity consumables }
      starships { name model manufacturers costInCredits length crew passengers hyperdriveRating MGLT cargoCapacity consumables }
    }
    residentsAggregate(where: {gender: {in: ["male", "female"]}}) { count avg { height mass } }
    films { ...FilmCore }
  }
}

query Everything${n} {
  a: film(id: "ZmlsbXM6MQ==") { ...FilmDetail }
  b: film(id: "ZmlsbXM6Mg==") { ...FilmDetail }
  c: film(id: "ZmlsbXM6Mw==") { ...FilmDetail }
  allPlanets: planets(where: {climates: {hasSome: ["arid", "temperate", "tropical"]}, population: {gt: 1000000.0}}, orderBy: [{population: DESC}], first: 50) {
    ...PlanetCore
    residentsAggregate { count }
  }
  speciesList(where: {language: {ne: "n/a"}, averageLifespan: {isNull: false}}) {
    name
    classification
    designation
    averageHeight
    averageLifespan
    eyeColors
    hairColors
    skinColors
    language
    homeworld { name }
    people(first: 3) { name }
  }
  vehicles(where: {costInCredits: {gte: 10000, lte: 1e7}}, orderBy: [{costInCredits: DESC}]) { name model costInCredits }
}

mutation CreateAndLink${n}($person: PersonCreateInput!, $planetId: ID!, $films: [ID!]! = ["ZmlsbXM6MQ==", "ZmlsbXM6Mg=="]) {
  created: createPerson(data: $person) { ...PersonCore }
  linked: updatePeople(where: {homeworld: {id: {eq: $planetId}}}, data: {films: {add: $films}}) { id name films { title } }
  batch: createPeople(data: [{name: "Extra One", height: 170, mass: 70.5, gender: "n/a"}, {name: "Extra Two", height: 180, mass: null, eyeColor: "blue"}]) { id }
  gone: deletePeople(where: {name: {startsWith: "Extra"}}) { id name }
}

subscription OnPeople${n}($where: PersonWhere = {height: {gt: 200}}) {
  people(where: $where) {
    ...PersonCore
    homeworld { name }
  }
}
`;

/** About `copies` × 190 lines of SWAPI operations plus shared fragments. */
export function swapiQueryDocument(copies = 2): string {
  let text = FRAGMENTS;
  for (let i = 0; i < copies; i++) text += OPERATIONS(i);
  return text;
}
