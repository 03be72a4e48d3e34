// Message helpers shared by the type system and validation: graphql-js's `inspect`, "Did you mean"
// suggestions (lexical distance), natural ordering. Pure string functions; never throw GraphQL errors.

const MAX_ARRAY_LENGTH = 10;
const MAX_RECURSIVE_DEPTH = 2;

/** A value as graphql-js's `inspect` prints it in error messages. */
export function inspect(value: unknown): string {
  return formatValue(value, []);
}

function formatValue(value: unknown, seen: readonly unknown[]): string {
  switch (typeof value) {
    case 'string': return JSON.stringify(value);
    case 'function': return value.name ? `[function ${value.name}]` : '[function]';
    case 'object': return formatObjectValue(value, seen);
    default: return String(value);
  }
}

function formatObjectValue(value: object | null, previouslySeen: readonly unknown[]): string {
  if (value === null) return 'null';
  if (previouslySeen.includes(value)) return '[Circular]';
  const seen = [...previouslySeen, value];
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') {
    const json: unknown = toJSON.call(value);
    if (json !== value) return typeof json === 'string' ? json : formatValue(json, seen);
  } else if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (seen.length > MAX_RECURSIVE_DEPTH) return '[Array]';
    const len = Math.min(MAX_ARRAY_LENGTH, value.length);
    const remaining = value.length - len;
    const items: string[] = [];
    for (let i = 0; i < len; ++i) items.push(formatValue(value[i], seen));
    if (remaining === 1) items.push('... 1 more item');
    else if (remaining > 1) items.push(`... ${remaining} more items`);
    return '[' + items.join(', ') + ']';
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return '{}';
  if (seen.length > MAX_RECURSIVE_DEPTH) return '[' + objectTag(value) + ']';
  return '{ ' + entries.map(([k, v]) => k + ': ' + formatValue(v, seen)).join(', ') + ' }';
}

function objectTag(object: object): string {
  const tag = Object.prototype.toString.call(object).replace(/^\[object /, '').replace(/]$/, '');
  if (tag === 'Object' && typeof object.constructor === 'function') {
    const name = object.constructor.name;
    if (typeof name === 'string' && name !== '') return name;
  }
  return tag;
}

const MAX_SUGGESTIONS = 5;

/** " Did you mean "a", "b", or "c"?" (empty when there is nothing to suggest). */
export function didYouMean(first: string | readonly string[], second?: readonly string[]): string {
  const [sub, suggestions] = second ? [first as string, second] : [undefined, first as readonly string[]];
  if (suggestions.length === 0) return '';
  let message = ' Did you mean ';
  if (sub != null) message += sub + ' ';
  return message + orList(suggestions.slice(0, MAX_SUGGESTIONS).map((x) => `"${x}"`)) + '?';
}

export function orList(items: readonly string[]): string {
  switch (items.length) {
    case 1: return items[0]!;
    case 2: return items[0]! + ' or ' + items[1]!;
  }
  return items.slice(0, -1).join(', ') + ', or ' + items[items.length - 1]!;
}

/** Options within lexical distance of `input`, closest first (graphql-js's suggestionList). */
export function suggestionList(input: string, options: readonly string[]): string[] {
  const byDistance = new Map<string, number>();
  const threshold = Math.floor(input.length * 0.4) + 1;
  const inputLower = input.toLowerCase();
  const inputArray = toCodes(inputLower);
  const rows = [new Array<number>(input.length + 1).fill(0), new Array<number>(input.length + 1).fill(0), new Array<number>(input.length + 1).fill(0)];
  for (const option of options) {
    const d = lexicalDistance(input, inputLower, inputArray, rows, option, threshold);
    if (d !== undefined) byDistance.set(option, d);
  }
  return [...byDistance.keys()].sort((a, b) => byDistance.get(a)! - byDistance.get(b)! || naturalCompare(a, b));
}

function toCodes(s: string): number[] {
  const out = new Array<number>(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

function lexicalDistance(input: string, inputLower: string, inputArray: number[], rows: number[][], option: string, threshold: number): number | undefined {
  if (input === option) return 0;
  const optionLower = option.toLowerCase();
  if (inputLower === optionLower) return 1;
  let a = toCodes(optionLower);
  let b = inputArray;
  if (a.length < b.length) [a, b] = [b, a];
  const aLength = a.length;
  const bLength = b.length;
  if (aLength - bLength > threshold) return undefined;
  for (let j = 0; j <= bLength; j++) rows[0]![j] = j;
  for (let i = 1; i <= aLength; i++) {
    const up = rows[(i - 1) % 3]!;
    const cur = rows[i % 3]!;
    let smallest = (cur[0] = i);
    for (let j = 1; j <= bLength; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let cell = Math.min(up[j]! + 1, cur[j - 1]! + 1, up[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) cell = Math.min(cell, rows[(i - 2) % 3]![j - 2]! + 1);
      if (cell < smallest) smallest = cell;
      cur[j] = cell;
    }
    if (smallest > threshold) return undefined;
  }
  const distance = rows[aLength % 3]![bLength]!;
  return distance <= threshold ? distance : undefined;
}

const isDigit = (code: number): boolean => code >= 48 && code <= 57;

/** graphql-js's naturalCompare: digit runs compare as numbers. */
export function naturalCompare(aStr: string, bStr: string): number {
  let aIndex = 0;
  let bIndex = 0;
  while (aIndex < aStr.length && bIndex < bStr.length) {
    let aChar = aStr.charCodeAt(aIndex);
    let bChar = bStr.charCodeAt(bIndex);
    if (isDigit(aChar) && isDigit(bChar)) {
      let aNum = 0;
      do { ++aIndex; aNum = aNum * 10 + aChar - 48; aChar = aStr.charCodeAt(aIndex); } while (isDigit(aChar) && aNum > 0);
      let bNum = 0;
      do { ++bIndex; bNum = bNum * 10 + bChar - 48; bChar = bStr.charCodeAt(bIndex); } while (isDigit(bChar) && bNum > 0);
      if (aNum < bNum) return -1;
      if (aNum > bNum) return 1;
    } else {
      if (aChar < bChar) return -1;
      if (aChar > bChar) return 1;
      ++aIndex;
      ++bIndex;
    }
  }
  return aStr.length - bStr.length;
}
