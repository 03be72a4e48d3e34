// Cursor paging for the result pane: finds a connection's pageInfo in a result and computes the
// variables of the next or previous page (`first/after` forwards, `last/before` backwards). Pure.

export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

const DEFAULT_PAGE = 5;

/** The first `pageInfo` object in `data` (depth-first), if any. */
export function findPageInfo(data: unknown, depth = 0): PageInfo | null {
  if (!data || typeof data !== 'object' || depth > 8) return null;
  const info = (data as { pageInfo?: unknown }).pageInfo;
  if (info && typeof info === 'object' && 'hasNextPage' in info) return info as PageInfo;
  for (const value of Object.values(data)) {
    const found = findPageInfo(value, depth + 1);
    if (found) return found;
  }
  return null;
}

/** Whether the document declares the variables a pager sets (`$after`, `$before`, …). */
export function declaresPaging(query: string): { forward: boolean; backward: boolean } {
  const has = (name: string) => new RegExp(`\\$${name}\\s*:`).test(query);
  return { forward: has('first') && has('after'), backward: has('last') && has('before') };
}

/** The variables for the page after (`next`) or before (`previous`) the one `info` describes. */
export function pageVariables(variables: Record<string, unknown>, info: PageInfo, direction: 'next' | 'previous'): Record<string, unknown> {
  const { first, last, after: _after, before: _before, ...rest } = variables;
  const size = typeof first === 'number' ? first : typeof last === 'number' ? last : DEFAULT_PAGE;
  return direction === 'next' ? { ...rest, first: size, after: info.endCursor } : { ...rest, last: size, before: info.startCursor };
}
