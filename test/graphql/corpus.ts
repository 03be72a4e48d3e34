// Shared fixtures for the GraphQL language tests: documents covering every production of the
// grammar (executable and type system), and sources every conforming parser must reject.

/** An executable "kitchen sink": every executable production at least once. */
export const EXECUTABLE_KITCHEN_SINK = `
# A comment before everything, with a BOM next: \uFEFF
query StarshipsAndFriends($first: Int = 10, $after: String, $filter: FilmFilter! = {title: "A New Hope", episodes: [4, 5, 6]}, $ids: [ID!]! @deprecated(reason: "use filter"), $sort: [[SortOrder]] = [[ASC]]) @live @cost(weight: 1.5e3) {
  allStarships(first: $first, after: $after) {
    totalCount
    edges { cursor node { ...StarshipFields id } }
    pageInfo { hasNextPage, endCursor }
  }
  hero: person(id: "cGVvcGxlOjE=") @include(if: true) @skip(if: false) {
    name
    ... on Person @defer(label: "more") { height mass }
    ... @include(if: $after) { birthYear }
    ... { eyeColor }
    filmConnection(first: -0) { films { title episodeID openingCrawl } }
  }
  numbers: echo(int: 0, neg: -42, float: 3.14159, exp: 6.02e23, negExp: -1.5E-10, capE: 1E+2)
  strings: echo(plain: "hi", escapes: "quote \\" backslash \\\\ slash \\/ \\b \\f \\n \\r \\t", unicode: "\\u00e9 \\u{1F600} \\uD83D\\uDE00 \\u{0}", raw: "snow ☃ 𝌆")
  block: echo(text: """
      Multi-line
        indented
      with \\""" escaped triple quotes and "quotes"
  """)
  literals: echo(t: true, f: false, n: null, e: ENUM_VALUE, l: [], o: {}, nested: {a: [{b: {c: [1, [2, [3]]]}}]}, v: [$first, {x: $after}])
  __typename
}

mutation AddFilm($input: AddFilmInput!) { addFilm(input: $input) { film { id } } }

subscription OnFilm { filmAdded { id title } }

query { shorthandLike }

fragment StarshipFields on Starship @fragmentDirective(x: [1, 2]) {
  name model manufacturers costInCredits
  pilotConnection { pilots { ...on Person { name } } }
}

"Executable descriptions are in the current draft"
query Described("a variable description" $v: Int) { a }

"""Block description on a fragment"""
fragment Described on T { a }

{ unnamed, commas,,, everywhere, }
{
  keywordsAsNames: query { mutation subscription fragment on true false null schema type input extend directive implements repeatable }
}
`;

/** A type-system "kitchen sink": every SDL production, descriptions and extensions. */
export const SDL_KITCHEN_SINK = `
"""
The schema's own description
  with an indented line
"""
schema @link(url: "https://specs.example/v1") {
  query: Query
  mutation: Mutation
  subscription: Subscription
}

"A custom scalar" scalar DateTime @specifiedBy(url: "https://tools.ietf.org/html/rfc3339")
scalar JSON

"""
An interface
"""
interface Node { id: ID! }
interface Entity implements Node & Timestamped @key(fields: "id") {
  id: ID!
  "when" createdAt: DateTime
}
interface Timestamped { createdAt: DateTime }

type Query implements & Node {
  id: ID!
  "Look up one film" film("The id" id: ID, filmID: ID = "1" @deprecated): Film
  allFilms(first: Int = 10, after: String, filter: FilmFilter = {title: "x", ids: [1, 2]}, order: [Order!] = [ASC]): [Film!]! @cost(weight: 2.5)
  multi(
    "documented argument"
    a: Int
    b: [[String!]]!
  ): Boolean
}

type Film implements Node & Entity & Timestamped @key(fields: "id") @key(fields: "title") {
  id: ID!
  title: String! @deprecated(reason: """No longer supported""")
  episodeID: Int
  createdAt: DateTime
}

type Mutation
type Subscription { filmAdded: Film }

union SearchResult @unionDirective = | Film | Person
union Single = Film
union NoMembers

enum Order { ASC DESC @deprecated(reason: "use ASC") "documented" NULLS_FIRST }
enum Empty

input FilmFilter @oneOf {
  title: String = "default"
  ids: [Int!] = []
  "nested" nested: FilmFilter
  obj: JSON = {a: {b: [null, true, 1.0]}}
}

"A repeatable directive"
directive @key(fields: String!) repeatable on OBJECT | INTERFACE
directive @cost("weight" weight: Float! = 1.0 @deprecated) on | FIELD_DEFINITION | FIELD | QUERY | MUTATION | SUBSCRIPTION | FRAGMENT_DEFINITION | FRAGMENT_SPREAD | INLINE_FRAGMENT | VARIABLE_DEFINITION | SCHEMA | SCALAR | OBJECT | ARGUMENT_DEFINITION | UNION | ENUM | ENUM_VALUE | INPUT_OBJECT | INPUT_FIELD_DEFINITION
directive @live on QUERY
directive @tagged @deprecated on ENUM_VALUE

extend schema @extra
extend schema { mutation: Mutation }
extend schema @extra { subscription: Subscription }
extend scalar DateTime @extra
extend type Film implements Timestamped
extend type Film @extra
extend type Film { director: String }
extend interface Node implements Entity
extend interface Node @extra { extra: Int }
extend union SearchResult = Starship
extend union SearchResult @extra
extend enum Order { RANDOM }
extend enum Order @extra
extend input FilmFilter { year: Int }
extend input FilmFilter @extra
extend directive @live @extra
`;

/** Small documents each exercising one production or edge in isolation. */
export const VALID_SNIPPETS: ReadonlyArray<string> = [
  '{a}',
  '{}',
  '{ a { b { c } } }',
  'query { a }',
  'query Q { a }',
  'query Q($a: Int) { a }',
  'query ($a: Int = 1, $b: [Int] = [1, 2]) { a }',
  'query Q @d { a }',
  'mutation { a }',
  'subscription S { a }',
  '{ a: b }',
  '{ a(b: 1) }',
  '{ a(b: $c) }',
  '{ a @d(e: 1) @f }',
  '{ ...F }',
  '{ ...F @d }',
  '{ ... on T { a } }',
  '{ ... @d { a } }',
  '{ ... { a } }',
  'fragment F on T { a }',
  'fragment F on T @d { a }',
  '{ a(v: 0) }',
  '{ a(v: -0) }',
  '{ a(v: 1.0) }',
  '{ a(v: -1.5e-3) }',
  '{ a(v: 1e10) }',
  '{ a(v: 1E+10) }',
  '{ a(v: "") }',
  '{ a(v: """""") }',
  '{ a(v: """\n\n""") }',
  '{ a(v: """  lead\n  two\n""") }',
  '{ a(v: "\\u{10FFFF}") }',
  '{ a(v: "\\u{00000041}") }',
  '{ a(v: "\\uFFFF") }',
  '{ a(v: "\\uDBFF\\uDFFF") }',
  '{ a(v: [[[]]]) }',
  '{ a(v: {a: {b: {c: 1}}}) }',
  '{ a(v: ENUM) }',
  '\uFEFF{ a }',
  '{ a }\r\n{ b }\r{ c }\n',
  '{ a } # trailing comment',
  '{ a # comment\n b }',
  '{ a\t,\t, b }',
  'scalar S',
  'scalar S @d',
  '"d" scalar S',
  'type T',
  'type T { a: Int }',
  'type T implements I { a: Int }',
  'type T implements I & J @d { a: Int }',
  'type T implements & I { a: Int }',
  'type T { a(b: Int = 1 @d, c: [Int!]!): Int @e }',
  'interface I',
  'interface I implements J { a: Int }',
  'union U',
  'union U = A',
  'union U = | A | B',
  'union U @d = A',
  'enum E',
  'enum E { A }',
  'enum E { A @d "b" B }',
  'input I',
  'input I { a: Int = 1 @d }',
  'directive @d on FIELD',
  'directive @d(a: Int) repeatable on FIELD | QUERY',
  'directive @d @e on | FIELD',
  'schema { query: Q }',
  'schema @d { query: Q mutation: M subscription: S }',
  '"d" schema { query: Q }',
  'extend schema @d',
  'extend schema { query: Q }',
  'extend scalar S @d',
  'extend type T @d',
  'extend type T implements I',
  'extend type T { a: Int }',
  'extend interface I @d',
  'extend interface I implements J',
  'extend union U @d',
  'extend union U = A',
  'extend enum E @d',
  'extend enum E { A }',
  'extend input I @d',
  'extend input I { a: Int }',
  'extend directive @d @e',
  '"d" query Q { a }',
  '"d" fragment F on T { a }',
  'query ("d" $a: Int, """e""" $b: Int) { a }',
  'type T { "d" a("e" b: Int): Int }',
  '{ on: a, fragment: b, query: c, true: d, null: e }',
  'enum E { on fragment query TRUE truthy nullable }',
];

/** Sources graphql-js rejects; each has a distinctive message and location. */
export const INVALID_SNIPPETS: ReadonlyArray<string> = [
  '',
  ' ',
  '# only a comment',
  '{',
  '}',
  '{ a',
  '{ a: }',
  '{ a(b) }',
  '{ a(b:) }',
  '{ a() }',
  '{ a(b: 1 }',
  'query',
  'query Q',
  'query Q(',
  'query Q($a) { a }',
  'query Q($a:) { a }',
  'query Q(a: Int) { a }',
  'query Q($a: Int = $b) { a }',
  'query Q($a: Int = {a: $b}) { a }',
  'query Q($a: Int = $) { a }',
  'query Q($a: Int = 1 @d(x: $y)) { a }',
  'querx { a }',
  'Query { a }',
  'fragment F { a }',
  'fragment on on T { a }',
  'fragment F on { a }',
  '{ ... on }',
  '{ ...on }',
  '{ .. }',
  '{ . }',
  '{ a(b: .5) }',
  '{ a(b: 1.) }',
  '{ a(b: 1.e1) }',
  '{ a(b: 1e) }',
  '{ a(b: 1e+) }',
  '{ a(b: 01) }',
  '{ a(b: -01) }',
  '{ a(b: 0x1F) }',
  '{ a(b: 1a) }',
  '{ a(b: 1.5a) }',
  '{ a(b: 1_000) }',
  '{ a(b: 1.2.3) }',
  '{ a(b: -) }',
  '{ a(b: --1) }',
  '{ a(b: +1) }',
  '{ a(b: "unterminated) }',
  '{ a(b: "line\nbreak") }',
  '{ a(b: "bad \\x escape") }',
  '{ a(b: "\\u12") }',
  '{ a(b: "\\uXYZW") }',
  '{ a(b: "\\u{}") }',
  '{ a(b: "\\u{110000}") }',
  '{ a(b: "\\u{D800}") }',
  '{ a(b: "\\u{DFFF}") }',
  '{ a(b: "\\u{FFFFFFFF}") }',
  '{ a(b: "\\u{1F600") }',
  '{ a(b: "\\uD800") }',
  '{ a(b: "\\uDC00") }',
  '{ a(b: "\\uD800\\u0041") }',
  '{ a(b: "\\uD83D\\uD83D") }',
  '{ a(b: "lone \uD800 surrogate") }',
  '{ a(b: "lone \uDC00 trail") }',
  '{ a(b: """unterminated) }',
  '{ a(b: """lone \uD800""") }',
  '{ a(b: \'single\') }',
  '{ a ? }',
  '{ a ~ }',
  '{ a \u0000 }',
  '{ a \u0007 }',
  '{ a \u00e9 }',
  '{ a \uD83D\uDE00 }',
  '{ a \uD800 }',
  '# comment \uD800\n{ a }',
  '{ a(b: [1, 2 }',
  '{ a(b: {c 1}) }',
  '{ a(b: {c: 1 ) }',
  '{ a @ }',
  '{ a @d( }',
  '{ a } }',
  '{ a } extra',
  '"d" { a }',
  '"d" extend type T @d',
  '"d"',
  '"d" 1',
  '1',
  'extend',
  'extend foo T',
  'extend 1',
  'extend schema',
  'extend scalar S',
  'extend type T',
  'extend interface I',
  'extend union U',
  'extend enum E',
  'extend input I',
  'extend directive @d',
  'schema {}',
  'schema { query Q }',
  'schema { querx: Q }',
  'type T {}',
  'type T { a }',
  'type T { a: }',
  'type T { a(): Int }',
  'type T implements { a: Int }',
  'type T implements A, B { a: Int }',
  'type T { a: Int = 1 }',
  'type T { a: [Int }',
  'type T { a: Int!! }',
  'union U = ',
  'union U = A |',
  'union U = A & B',
  'enum E {}',
  'enum E { true }',
  'enum E { false }',
  'enum E { null }',
  'enum E { "d" "true" }',
  'enum E { 1 }',
  'input I { a }',
  'input I { a: Int = $v }',
  'directive @d',
  'directive d on FIELD',
  'directive @d on',
  'directive @d on UNKNOWN',
  'directive @d on FIELD |',
  'directive @d repeatable',
  'directive @d on field',
  'scalar',
  'scalar 1',
  '{ a(b: $) }',
  '{ a(b: $1) }',
  'query Q($a: Int) { a } \u2028',
];
