// Which responses the engine shares with a cache (the result cache, a live query's last payload,
// a cached request error): `isShared(response)`; every other response is fresh and the caller's
// own. Also the copy of a stored JSON value put into a fresh response. Never executes anything.

/** Responses some cache of the engine also holds: a caller must copy one before mutating it. */
const shared = new WeakSet<object>();

/** Marks `response` as held by a cache too (returned for chaining). */
export function markShared<T extends object>(response: T): T {
  shared.add(response);
  return response;
}

/**
 * Whether `response` (from `engine.execute` or a live callback) is also held by a cache of the
 * engine. An unshared response shares no mutable object with anything the engine keeps.
 */
export function isShared(response: object): boolean {
  return shared.has(response);
}

/**
 * A deep copy of a stored JSON value (an object or array of a `JSON` or custom scalar column; the
 * row cache and the store keep the original). JSON values are acyclic plain data by construction
 * (checked on write), so a plain walk copies them.
 */
export function copyJsonValue(v: object): unknown {
  if (Array.isArray(v)) {
    const out = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      out[i] = x !== null && typeof x === 'object' ? copyJsonValue(x) : x;
    }
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) {
    const x = (v as Record<string, unknown>)[k];
    const c = x !== null && typeof x === 'object' ? copyJsonValue(x) : x;
    if (k === '__proto__') Object.defineProperty(out, k, { value: c, enumerable: true, writable: true, configurable: true });
    else out[k] = c;
  }
  return out;
}
