// Block string semantics from the spec: the dedent applied to a lexed block string's lines, and the
// inverse (choosing and producing a block-string spelling for a value). Never lexes whole documents.

function isWhiteSpace(code: number): boolean {
  return code === 0x09 || code === 0x20;
}

function leadingWhitespace(line: string): number {
  let i = 0;
  while (i < line.length && isWhiteSpace(line.charCodeAt(i))) ++i;
  return i;
}

/**
 * The spec's BlockStringValue(): remove the common indentation of all lines but the first, then
 * leading and trailing blank lines.
 */
export function dedentBlockStringLines(lines: ReadonlyArray<string>): string[] {
  let commonIndent = Number.MAX_SAFE_INTEGER;
  let firstNonEmptyLine = -1;
  let lastNonEmptyLine = -1;
  for (let i = 0; i < lines.length; ++i) {
    const line = lines[i]!;
    const indent = leadingWhitespace(line);
    if (indent === line.length) continue; // blank line
    if (firstNonEmptyLine === -1) firstNonEmptyLine = i;
    lastNonEmptyLine = i;
    if (i !== 0 && indent < commonIndent) commonIndent = indent;
  }
  const out: string[] = [];
  for (let i = firstNonEmptyLine === -1 ? 0 : firstNonEmptyLine; i <= lastNonEmptyLine; i++) {
    out.push(i === 0 ? lines[i]! : lines[i]!.slice(commonIndent));
  }
  return out;
}

/**
 * `dedentBlockStringLines(raw.split('\n')).join('\n')` for a raw block string (which must contain
 * no `\r` and no escaped triple quote), without building line arrays: when no indentation has to
 * be removed the value is a single slice of `raw`.
 */
export function blockStringValue(raw: string): string {
  const end = raw.length;
  // Pass 1: common indentation of the lines after the first, first and last non-blank lines.
  let commonIndent = Number.MAX_SAFE_INTEGER;
  let firstStart = -1; // start of the first non-blank line
  let lastEnd = -1; // end of the last non-blank line
  let lineStart = 0;
  for (let lineIndex = 0; lineStart <= end; lineIndex++) {
    let lineEnd = raw.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = end;
    let i = lineStart;
    while (i < lineEnd && isWhiteSpace(raw.charCodeAt(i))) i++;
    if (i < lineEnd) {
      if (firstStart === -1) firstStart = lineStart;
      lastEnd = lineEnd;
      if (lineIndex !== 0 && i - lineStart < commonIndent) commonIndent = i - lineStart;
    }
    lineStart = lineEnd + 1;
  }
  if (firstStart === -1) return '';
  if (commonIndent === Number.MAX_SAFE_INTEGER) commonIndent = 0;
  // Pass 2: the kept lines, each but the block's first line stripped of commonIndent.
  if (commonIndent === 0) return raw.slice(firstStart, lastEnd);
  let value = '';
  lineStart = firstStart;
  for (;;) {
    let lineEnd = raw.indexOf('\n', lineStart);
    if (lineEnd === -1 || lineEnd > lastEnd) lineEnd = lastEnd;
    const cut = lineStart === 0 ? 0 : Math.min(lineStart + commonIndent, lineEnd);
    value += raw.slice(cut, lineEnd);
    if (lineEnd >= lastEnd) return value;
    value += '\n';
    lineStart = lineEnd + 1;
  }
}

/** Whether `value` survives a print-as-block-string → lex round trip unchanged. */
export function isPrintableAsBlockString(value: string): boolean {
  if (value === '') return true;
  let isEmptyLine = true;
  let hasIndent = false;
  let hasCommonIndent = true;
  let seenNonEmptyLine = false;
  for (let i = 0; i < value.length; ++i) {
    const code = value.charCodeAt(i);
    if (code <= 0x0f && code !== 0x09 && code !== 0x0a) return false; // control chars incl. \r
    if (code === 0x0a) {
      if (isEmptyLine && !seenNonEmptyLine) return false; // leading blank line would be dropped
      seenNonEmptyLine = true;
      isEmptyLine = true;
      hasIndent = false;
    } else if (code === 0x09 || code === 0x20) {
      hasIndent ||= isEmptyLine;
    } else {
      hasCommonIndent &&= hasIndent;
      isEmptyLine = false;
    }
  }
  if (isEmptyLine) return false; // trailing blank line would be dropped
  if (hasCommonIndent && seenNonEmptyLine) return false; // common indent would be dropped
  return true;
}

/**
 * Print `value` as a block string (`"""…"""`), as graphql-js does: escapes `"""`, and puts the
 * content on its own lines when it is multi-line, long (> 70) or would otherwise be ambiguous.
 */
export function printBlockString(value: string, options?: { minimize?: boolean }): string {
  const escapedValue = value.replaceAll('"""', '\\"""');
  const lines = escapedValue.split(/\r\n|[\n\r]/g);
  const isSingleLine = lines.length === 1;
  let forceLeadingNewLine = lines.length > 1;
  for (let i = 1; forceLeadingNewLine && i < lines.length; i++) {
    const line = lines[i]!;
    if (line.length !== 0 && !isWhiteSpace(line.charCodeAt(0))) forceLeadingNewLine = false;
  }
  const hasTrailingTripleQuotes = escapedValue.endsWith('\\"""');
  const hasTrailingQuote = value.endsWith('"') && !hasTrailingTripleQuotes;
  const hasTrailingSlash = value.endsWith('\\');
  const forceTrailingNewline = hasTrailingQuote || hasTrailingSlash;
  const printAsMultipleLines =
    !options?.minimize &&
    (!isSingleLine || value.length > 70 || forceTrailingNewline || forceLeadingNewLine || hasTrailingTripleQuotes);
  let result = '';
  const skipLeadingNewLine = isSingleLine && isWhiteSpace(value.charCodeAt(0));
  if ((printAsMultipleLines && !skipLeadingNewLine) || forceLeadingNewLine) result += '\n';
  result += escapedValue;
  if (printAsMultipleLines || forceTrailingNewline) result += '\n';
  return '"""' + result + '"""';
}
