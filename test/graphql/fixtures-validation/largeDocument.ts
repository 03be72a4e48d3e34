// A large, valid executable document against the SWAPI test schema (for the validate benchmark):
// many named operations with variables, fragments on every entity, aliases, nested relationships,
// inline fragments on the interface and union, directives and input-object literals.

const FRAGMENTS = `
fragment PersonCore on Person { id name birthYear eyeColor gender hairColor height mass skinColor created edited }
fragment PlanetCore on Planet { id name diameter rotationPeriod orbitalPeriod gravity population climates terrains }
fragment FilmCore on Film { id title episodeId openingCrawl director producers releaseDate }
fragment SpeciesCore on Species { id name }
fragment TransportCore on Transport { id name model manufacturers costInCredits length crew passengers cargoCapacity consumables }
fragment StarshipCore on Starship { ...TransportCore hyperdriveRating starshipClass }
fragment PersonDeep on Person {
  ...PersonCore
  homeworld { ...PlanetCore residents { id name } }
  films { ...FilmCore planets { ...PlanetCore } }
  starships { ...StarshipCore pilots { ...PersonCore } }
  species { ...SpeciesCore }
}
`;

function operation(i: number): string {
  return `
query Op${i}($id${i}: ID!, $first: Int = ${i % 7 + 1}, $skip: Boolean = false, $filter: PersonFilter, $order: [PersonOrder!]) {
  person(id: $id${i}) { ...PersonDeep }
  people(first: $first, filter: $filter, orderBy: $order) @skip(if: $skip) {
    ...PersonCore
    homeworld @include(if: true) { name population }
    a${i}: films { title director episodeId }
  }
  filtered${i}: people(filter: {name: "Luke ${i}", and: [{heightGreaterThan: ${100 + i}}], homeworld: {populationAtLeast: ${i}.5}}, orderBy: [{field: "name", direction: DESC}]) { name height }
  films(first: ${i % 5 + 1}) { ...FilmCore characters { ...PersonCore } species { ...SpeciesCore } }
  search(text: "s${i}") {
    __typename
    ... on Film { title }
    ... on Person { name }
    ... on Planet { name climates }
    ... on Starship { ...StarshipCore }
  }
  transports(first: ${i + 1}) { ...TransportCore ... on Starship { hyperdriveRating } ... on Vehicle { vehicleClass } }
  filmBy(key: {episodeId: ${i % 6 + 1}}) { title }
}`;
}

/** The document (about 60 KB): `operations` queries plus the shared fragments. */
export function largeValidDocument(operations = 40): string {
  let text = FRAGMENTS;
  for (let i = 0; i < operations; i++) text += operation(i);
  return text;
}
