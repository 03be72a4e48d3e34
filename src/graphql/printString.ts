// Printing a string value as a GraphQL StringValue literal ("…" with escapes), as graphql-js does.
// Never prints block strings (see blockString.ts) or whole documents (see printer.ts).

const escapeSequences: string[] = [];
for (let c = 0; c <= 0x9f; c++) {
  escapeSequences.push(
    c < 0x20 || (c >= 0x7f && c <= 0x9f) ? '\\u' + c.toString(16).toUpperCase().padStart(4, '0') : '',
  );
}
escapeSequences[0x08] = '\\b';
escapeSequences[0x09] = '\\t';
escapeSequences[0x0a] = '\\n';
escapeSequences[0x0c] = '\\f';
escapeSequences[0x0d] = '\\r';
escapeSequences[0x22] = '\\"';
escapeSequences[0x5c] = '\\\\';

/** `"…"` with `"`, `\`, C0 and C1 control characters escaped. */
export function printString(value: string): string {
  let out = '"';
  let chunkStart = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code <= 0x9f) {
      const escape = escapeSequences[code]!;
      if (escape !== '') {
        out += value.slice(chunkStart, i) + escape;
        chunkStart = i + 1;
      }
    }
  }
  return out + value.slice(chunkStart) + '"';
}
