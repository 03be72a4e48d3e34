// Generated API names (API.md §2): a type's singular and plural field names by English rules,
// `@plural` overrides and the `List` suffix when plural equals singular. Pure string functions;
// this module must never look at the catalog or storage.

import type { ApiNames } from './model.ts';

const IRREGULAR: Record<string, string> = {
  person: 'people', man: 'men', woman: 'women', child: 'children', mouse: 'mice', louse: 'lice',
  goose: 'geese', foot: 'feet', tooth: 'teeth', ox: 'oxen', leaf: 'leaves', knife: 'knives',
  wife: 'wives', life: 'lives', half: 'halves', wolf: 'wolves', shelf: 'shelves', thief: 'thieves',
  calf: 'calves', loaf: 'loaves', self: 'selves', elf: 'elves', index: 'indices', matrix: 'matrices',
  vertex: 'vertices', criterion: 'criteria', phenomenon: 'phenomena', datum: 'data', medium: 'media',
  cactus: 'cacti', focus: 'foci', fungus: 'fungi', nucleus: 'nuclei', radius: 'radii',
  stimulus: 'stimuli', syllabus: 'syllabi', quiz: 'quizzes', photo: 'photos', piano: 'pianos',
  halo: 'halos', hero: 'heroes', potato: 'potatoes', tomato: 'tomatoes', echo: 'echoes', veto: 'vetoes',
};

const UNCOUNTABLE = new Set([
  'species', 'series', 'sheep', 'fish', 'deer', 'moose', 'news', 'equipment', 'information', 'rice',
  'money', 'aircraft', 'spacecraft', 'hovercraft', 'data', 'metadata', 'software', 'hardware', 'feedback',
  'offspring', 'bison', 'salmon', 'trout', 'swine', 'police', 'staff', 'people', 'media',
]);

/** `Person` → `person`, `URLRecord` → `urlRecord`, `ID` → `id` (leading capitals lowered, except one that starts the next word). */
export function lowerFirst(name: string): string {
  let i = 0;
  while (i < name.length && name[i] >= 'A' && name[i] <= 'Z') i++;
  if (i === 0) return name;
  if (i === 1 || i === name.length) return name.slice(0, i).toLowerCase() + name.slice(i);
  // An acronym followed by a word: keep the word's capital (`URLRecord` → `urlRecord`).
  const next = name[i];
  const acronymEnd = next >= 'a' && next <= 'z' ? i - 1 : i;
  return name.slice(0, acronymEnd).toLowerCase() + name.slice(acronymEnd);
}

/** English plural of one lower-case word. */
function pluralWord(word: string): string {
  if (UNCOUNTABLE.has(word)) return word;
  const irregular = IRREGULAR[word];
  if (irregular) return irregular;
  if (/[^aeiou]y$/.test(word)) return word.slice(0, -1) + 'ies';
  if (/[^aeiou]sis$/.test(word)) return word.slice(0, -2) + 'es';
  if (/(s|x|z|ch|sh)$/.test(word)) return word + 'es';
  return word + 's';
}

/** Plural of a camelCase field stem: the last word is pluralised (`spacePerson` → `spacePeople`). */
export function pluralize(stem: string): string {
  let cut = 0;
  for (let i = stem.length - 1; i > 0; i--) {
    if (stem[i] >= 'A' && stem[i] <= 'Z') {
      cut = i;
      break;
    }
  }
  const head = stem.slice(0, cut);
  const last = stem.slice(cut);
  const lower = last.toLowerCase();
  const plural = pluralWord(lower);
  // Keep the original capitalisation of the last word's first letter.
  const cased = last[0] !== lower[0] ? last[0] + plural.slice(1) : plural;
  // Words in all capitals (`MGLT`) keep their letters and take a plain `s`.
  if (last.length > 1 && last === last.toUpperCase() && /[A-Z]/.test(last)) return head + last + 's';
  return head + cased;
}

/** The generated names of an entity or interface type; `pluralOverride` is `@plural(name:)`. */
export function apiNames(typeName: string, pluralOverride: string | null): ApiNames {
  const singular = lowerFirst(typeName);
  const plural = pluralOverride ?? pluralize(singular);
  return { singular, plural, list: plural === singular ? plural + 'List' : plural };
}

/** Upper-case the first letter: the stem used in mutation names (`createPerson`, `createPeople`). */
export function upperFirst(name: string): string {
  return name.length === 0 ? name : name[0].toUpperCase() + name.slice(1);
}

/** Every root field generated for an entity (`mutations: true`) or an interface (query fields only). */
export function rootFieldNames(names: ApiNames, mutations: boolean): { query: string[]; mutation: string[] } {
  const query = [names.singular, names.list, `${names.plural}Connection`, `${names.plural}Aggregate`];
  if (!mutations) return { query, mutation: [] };
  const one = upperFirst(names.singular);
  const many = upperFirst(names.list);
  return {
    query,
    mutation: [`create${one}`, `create${many}`, `update${one}`, `update${many}`, `upsert${one}`, `delete${one}`, `delete${many}`],
  };
}

/** Type names generated for an entity or interface type `T`. */
export function generatedTypeNames(typeName: string, isEntity: boolean): string[] {
  const names = [`${typeName}Where`, `${typeName}OrderBy`, `${typeName}Connection`, `${typeName}Edge`,
    `${typeName}Aggregate`, `${typeName}MinMax`, `${typeName}SumAvg`, `${typeName}ListRelationFilter`];
  if (isEntity) names.push(`${typeName}CreateInput`, `${typeName}UpdateInput`);
  return names;
}

/** Type names generated for an enum `E`. */
export function generatedEnumTypeNames(enumName: string): string[] {
  return [`${enumName}Filter`, `${enumName}ListFilter`];
}

/** Names the generated schema always defines; a user type may not take them. */
export const FIXED_GENERATED_TYPES: readonly string[] = [
  'Query', 'Mutation', 'Subscription', 'StringFilter', 'IDFilter', 'IntFilter', 'FloatFilter', 'BooleanFilter',
  'DateTimeFilter', 'StringListFilter', 'IDListFilter', 'IntListFilter', 'FloatListFilter', 'BooleanListFilter',
  'DateTimeListFilter', 'ToManyUpdateInput', 'SortOrder', 'PageInfo', 'IndexType', 'OnDelete',
  'String', 'Int', 'Float', 'Boolean', 'ID',
];
