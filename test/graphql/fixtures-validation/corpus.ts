// A corpus of executable documents against the test SWAPI schema (and a few against Star Wars):
// valid ones, and invalid ones that make every rule of graphql-js 17's specifiedRules fire.

export const VALID_SWAPI = [
  `{ film(id: "1") { id title episodeId director producers releaseDate } }`,
  `query Films($first: Int = 5) { films(first: $first) { title characters { name homeworld { name } } } }`,
  `query P($id: ID!) { person(id: $id) { ...PersonCore homeworld { ...PlanetCore } } }
   fragment PersonCore on Person { id name height mass }
   fragment PlanetCore on Planet { id name population climates }`,
  `{ search(text: "sky") { __typename ... on Film { title } ... on Person { name } ... on Planet { name } } }`,
  `{ transports(first: 3) { name model ... on Starship { hyperdriveRating } ... on Vehicle { vehicleClass } } }`,
  `query Q($f: PersonFilter, $o: [PersonOrder!]) { people(first: 10, filter: $f, orderBy: $o) { name } }`,
  `{ people(filter: {name: "Luke", and: [{heightGreaterThan: 100}], homeworld: {populationAtLeast: 1.5}}, orderBy: [{field: "name", direction: DESC}]) { name } }`,
  `{ people(filter: {eyeColors: "blue"}) { name } count(ids: 1) ratio }`,
  `query K($k: FilmKey!) { filmBy(key: $k) { title } a: filmBy(key: {id: "1"}) { title } }`,
  `mutation M($d: CreatePersonInput!) { createPerson(data: $d) { id name } deletePerson(id: 4) }`,
  `subscription S { personCreated { name } }`,
  `subscription { filmUpdated(id: 1) { ... on Film { title } } }`,
  `query A { film(id: 1) { title } } query B { films { title } }`,
  `{ a: film(id: 1) { t: title } b: film(id: 2) { t: title } film(id: 1) { title title } }`,
  `query V($skip: Boolean!, $n: Int) { films(first: $n) @skip(if: $skip) { title @include(if: true) } }`,
  `query ($id: ID! @tag(name: "v")) @cached(ttl: 5) { person(id: $id) @cached { name @tag(name: "a") @tag(name: "b") } }`,
  `{ node(id: 1) { id ... on Node { id } } }`,
  `{ __typename __schema { types { name } } __type(name: "Film") { fields { name } } }`,
  `query ($p: [PersonOrder!] = [{field: "x"}]) { people(orderBy: $p) { name } }`,
  `{ film(id: 1) { ...F ...F } } fragment F on Film { title ... on Film { director } }`,
  `{ search(text: "x") { ... on Person { name: name } ... on Planet { name } } }`,
  `{ transports(first: 1) { ... on Starship { name } ... on Vehicle { name } } }`,
  `{ films @stream(initialCount: 1) { title ...D @defer(label: "d") } } fragment D on Film { director }`,
  `{ people(first: 1) { name } people(first: 1) { height } }`,
  `query ($a: Int = 1, $b: String) { films(first: $a, offset: $a) { title } planet(name: $b) { name } }`,
  `query ($x: Int = 3) { transports(first: $x) { name } }`,
];

export const INVALID_SWAPI = [
  // ExecutableDefinitions
  `{ film(id: 1) { title } } type Extra { a: String } extend schema { query: Query }`,
  `{ films { ... on Extra { a } ... on Extr { b } } } type Extra { a: String }`,
  // KnownOperationTypes (no such root is impossible here), UniqueOperationNames, LoneAnonymousOperation
  `query A { films { title } } query A { films { id } }`,
  `{ films { title } } query B { films { id } }`,
  // SingleFieldSubscriptions
  `subscription S { personCreated { name } filmUpdated(id: 1) { title } }`,
  `subscription { __typename }`,
  `subscription S { personCreated @skip(if: false) { name } }`,
  `subscription S { ...SF } fragment SF on Subscription { personCreated { name } filmUpdated(id: 1) { id } }`,
  // KnownTypeNames, FragmentsOnCompositeTypes, VariablesAreInputTypes
  `query ($x: Flim, $y: [Persn!]) { films { ... on Plnet { name } } }`,
  `{ films { ... on String { length } } } fragment G on IndexType { x }`,
  `query ($p: Person, $q: [SearchResult]) { films { title } }`,
  // ScalarLeafs
  `{ films { title { x } } film(id: 1) }`,
  `{ film(id: 1) { characters } }`,
  // FieldsOnCorrectType
  `{ films { titel nope } search(text: "a") { name } transports(first: 1) { hyperdriveRating } }`,
  `{ node(id: 1) { name } }`,
  // UniqueFragmentNames, KnownFragmentNames, NoUnusedFragments
  `{ films { ...F ...Missing } } fragment F on Film { title } fragment F on Film { id } fragment Unused on Planet { name }`,
  // PossibleFragmentSpreads
  `{ films { ... on Planet { name } ...P } } fragment P on Person { name }`,
  `{ search(text: "x") { ... on Species { name } ... on Transport { name } } }`,
  // NoFragmentCycles
  `{ films { ...A } } fragment A on Film { ...B } fragment B on Film { ...C ...A } fragment C on Film { ...A }`,
  `{ films { ...Self } } fragment Self on Film { title ...Self }`,
  // UniqueVariableNames, NoUndefinedVariables, NoUnusedVariables
  `query Q($a: Int, $a: Int, $unused: String) { films(first: $a, offset: $missing) { title } }`,
  `query ($x: ID!) { person(id: $y) { name } }`,
  `query W { film(id: $id) { ...FV } } fragment FV on Film { characters { name } planets { name } title @include(if: $flag) }`,
  // KnownDirectives, UniqueDirectivesPerLocation
  `{ films @unknown { title @include(if: true) @include(if: false) } }`,
  `query @skip(if: true) { films @plural(name: "x") { title } }`,
  `query ($v: Int @skip(if: true)) { films(first: $v) { ... @cached { title } } }`,
  // KnownArgumentNames, UniqueArgumentNames
  `{ films(frist: 1, first: 2, first: 3) { title @include(iff: true, if: true) } }`,
  `{ film(id: 1, id: 2) { title } }`,
  // ValuesOfCorrectType
  `{ film(id: 1.5) { title } films(first: "ten") { title } ratio(of: "x") count(ids: [1, true]) }`,
  `{ people(filter: {name: 1, bogus: 2, nme: "x"}, orderBy: [{direction: UP}]) { name } }`,
  `{ people(orderBy: {field: null}) { name } planet(id: null) { name } film(id: null) { id } }`,
  `{ filmBy(key: {id: "1", episodeId: 4}) { title } b: filmBy(key: {}) { title } c: filmBy(key: {id: null}) { title } }`,
  `query ($a: Int = "x", $b: PersonFilter = {name: 2}, $c: [Int!]! = [null]) { films(first: $a) { title } people(filter: $b) { name } count(ids: $c) }`,
  `{ films(first: 2147483648) { title } people(first: -2147483649) { name } }`,
  // ProvidedRequiredArguments
  `{ film { title } person { name } filmBy { title } films @include { title } }`,
  `mutation { createPerson(data: {height: 2}) { id } deletePerson }`,
  // VariablesInAllowedPosition
  `query ($id: ID, $n: String, $f: Float) { film(id: $id) { title } films(first: $n) { title } ratio(of: $f) people(first: $f) { name } }`,
  `query ($k: FilmKey, $i: ID) { filmBy(key: $k) { title } b: filmBy(key: {id: $i}) { title } }`,
  `query ($ids: [ID]) { count(ids: $ids) }`,
  // OverlappingFieldsCanBeMerged
  `{ films { title: director title } film(id: 1) { title } film(id: 2) { title } }`,
  `{ people { name } people(first: 2) { name } a: film(id: 1) { title } a: film(id: 1) { title: id } }`,
  `{ search(text: "x") { ... on Film { name: title } ... on Person { name: height } } }`,
  `{ transports(first: 1) { ... on Starship { name: model } ... on Transport { name } } }`,
  `{ film(id: 1) { ...X ...Y } } fragment X on Film { t: title } fragment Y on Film { t: director }`,
  `{ films { title @stream } films { title } }`,
  // UniqueInputFieldNames
  `{ people(filter: {name: "a", name: "b", homeworld: {name: "x", name: "y"}}) { name } }`,
  // MaxIntrospectionDepth
  `{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }`,
  `{ __type(name: "Film") { ...T } } fragment T on __Type { fields { type { interfaces { possibleTypes { name } } } } }`,
  // defer / stream
  `mutation { createPerson(data: {name: "x"}) @stream { id } }`,
  `subscription S { personCreated { ... @defer { name } films @stream { title } } }`,
  `{ films { ...D1 @defer(label: "same") ...D2 @defer(label: "same") } film(id: 1) @stream { title } } fragment D1 on Film { title } fragment D2 on Film { id }`,
  `query ($l: String) { films { ... @defer(label: $l) { title } } }`,
  // several at once
  `query Q($a: Int, $a: String) { film(id: $a) { nope ...on Planet { name } } films { ... @defer { title } } } fragment Q on Film { x }`,
];

export const VALID_STARWARS = [
  `{ hero { name friends { name ... on Human { homePlanet } ... on Droid { primaryFunction } } } }`,
  `query H($e: Episode = JEDI) { hero(episode: $e) { appearsIn } human(id: "1") { name } }`,
];

export const INVALID_STARWARS = [
  `{ hero(episode: WRONG) { name } human(id: "1") { name: homePlanet friends } }`,
  `{ hero { ... on Droid { name: primaryFunction } ... on Human { name } } characters(ids: []) { homePlanet } }`,
  `mutation { hero { name } }`,
  `subscription { hero { name } }`,
];
