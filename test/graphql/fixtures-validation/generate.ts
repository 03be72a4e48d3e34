// fast-check arbitrary of executable documents against the SWAPI test schema: operations with
// variables, fields (valid and invalid names), aliases, arguments, directives, inline fragments and
// spreads of up to three fragments, so that every validation rule gets to fire.

import fc from 'fast-check';

const FIELD_NAMES = ['title', 'name', 'id', 'director', 'characters', 'homeworld', 'films', 'planets', 'people', 'film', 'person',
  'search', 'node', 'height', 'residents', 'model', 'nope', '__typename', 'transports', 'filmBy', 'episodeId', 'hyperdriveRating'];
const ALIASES = ['a', 'b', 'name', 'title', 'id'];
const ARGS = ['id: 1', 'id: $b', 'id: "x"', 'first: $a', 'first: 2', 'first: "x"', 'filter: {name: "x"}', 'filter: $c', 'filter: {bogus: 1}',
  'orderBy: $d', 'orderBy: [{field: "a", direction: ASC}]', 'text: "s"', 'text: $f', 'bogus: 1', 'key: {id: 1}', 'key: {id: 1, episodeId: 2}'];
const DIRECTIVES = ['@skip(if: $e)', '@include(if: true)', '@cached', '@nope', '@skip', '@tag(name: "t")', '@include(if: $a)'];
const TYPES = ['Film', 'Person', 'Planet', 'Transport', 'Starship', 'SearchResult', 'String', 'Node'];
const VARIABLES = ['$a: Int', '$b: ID!', '$c: PersonFilter', '$d: [PersonOrder!]', '$e: Boolean = true', '$f: String', '$g: Film'];

const pick = <T,>(items: readonly T[]) => fc.constantFrom(...items);
const directives = fc.array(pick(DIRECTIVES), { maxLength: 2 }).map((ds) => ds.map((d) => ' ' + d).join(''));

/** Selection sets nested at most `depth` levels deep (bounded so every document stays small). */
function selectionSetOf(depth: number): fc.Arbitrary<string> {
  const sub = depth > 0 ? fc.option(selectionSetOf(depth - 1), { nil: undefined, freq: 2 }) : fc.constant(undefined);
  const field = fc.tuple(fc.option(pick(ALIASES), { nil: undefined }), pick(FIELD_NAMES), fc.array(pick(ARGS), { maxLength: 2 }), directives, sub)
    .map(([alias, name, args, dirs, set]) => `${alias ? alias + ': ' : ''}${name}${args.length ? '(' + args.join(', ') + ')' : ''}${dirs}${set ? ' ' + set : ''}`);
  const spread = fc.tuple(pick(['F1', 'F2', 'F3']), directives).map(([name, dirs]) => `...${name}${dirs}`);
  const options: Array<fc.Arbitrary<string>> = [field, field, spread];
  if (depth > 0) {
    options.push(fc.tuple(fc.option(pick(TYPES), { nil: undefined }), directives, selectionSetOf(depth - 1))
      .map(([type, dirs, set]) => `...${type ? ' on ' + type : ''}${dirs} ${set}`));
  }
  return fc.array(fc.oneof(...options), { minLength: 1, maxLength: 3 }).map((s) => `{ ${s.join(' ')} }`);
}
const selectionSet = selectionSetOf(2);

export const document = fc.tuple(
  pick(['query', 'query', 'query', 'mutation', 'subscription', '']),
  fc.option(pick(['Q', 'R']), { nil: undefined }),
  fc.subarray(VARIABLES, { maxLength: 4 }),
  selectionSet,
  fc.array(fc.tuple(pick(['F1', 'F2', 'F3']), pick(TYPES), selectionSet), { maxLength: 3 }),
).map(([op, name, vars, body, fragments]) => {
  const header = op === '' ? '' : `${op}${name ? ' ' + name : ''}${vars.length ? '(' + vars.join(', ') + ')' : ''} `;
  return header + body + fragments.map(([n, t, s]) => `\nfragment ${n} on ${t} ${s}`).join('');
});

