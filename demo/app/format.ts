// Number formatting for the demo's panels: bytes, durations, counts, and a lookup of a numeric
// figure in a stats record whose exact shape belongs to the engine. Pure; no DOM.

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return String(bytes);
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(value < 10 ? 2 : value < 100 ? 1 : 0)} ${units[unit]}`;
}

export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (ms < 1) return `${(ms * 1000).toFixed(0)} µs`;
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${ms.toFixed(1)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

export function formatCount(n: number): string {
  return Number.isInteger(n) ? n.toLocaleString('en-US') : n.toLocaleString('en-US', { maximumFractionDigits: 3 });
}

/** How a stats key reads to a person: `walBytes` → "wal bytes", `cache_hit_rate` → "cache hit rate". */
export function humanize(key: string): string {
  return key
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .trim();
}

/** A figure that is a size in bytes, judging by its key (`walBytes`, or `sizes.<name>` inside a section). */
export function isByteKey(key: string): boolean {
  const last = key.slice(key.lastIndexOf('.') + 1);
  return /bytes|size|usage|quota/i.test(last) || /(bytes|sizes?)\.[^.]*$/i.test(key);
}

/** A figure that is a ratio in [0, 1], judging by its key. */
export function isRateKey(key: string): boolean {
  return /rate|ratio/i.test(key);
}

/** A stats figure as a person reads it. */
export function formatFigure(key: string, value: number): string {
  if (isRateKey(key) && value >= 0 && value <= 1) return `${(value * 100).toFixed(1)} %`;
  if (isByteKey(key)) return formatBytes(value);
  if (/ms$|millis/i.test(key)) return formatMs(value);
  return formatCount(value);
}

/** The first number in `record` (searched depth-first) whose key matches `pattern`. */
export function findFigure(record: unknown, pattern: RegExp, depth = 0): number | null {
  if (!record || typeof record !== 'object' || depth > 4) return null;
  for (const [key, value] of Object.entries(record)) {
    if (typeof value === 'number' && pattern.test(key)) return value;
  }
  for (const value of Object.values(record)) {
    const found = findFigure(value, pattern, depth + 1);
    if (found !== null) return found;
  }
  return null;
}
