// Summaries of timing samples (min / quartiles / max) and the seeded parameter streams every
// system receives identically. Pure functions; no I/O, no clocks.

/** Linear-interpolated quantile of sorted values. */
function quantile(sorted, q) {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** { n, min, p25, median, p75, max } of the samples (null when there are none). */
export function summarize(samples) {
  if (!samples?.length) return null;
  const s = [...samples].sort((a, b) => a - b);
  return { n: s.length, min: s[0], p25: quantile(s, 0.25), median: quantile(s, 0.5), p75: quantile(s, 0.75), max: s[s.length - 1] };
}

/** mulberry32: the same stream for the same seed. */
export function prng(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` integers in [lo, hi], from `seed`. */
export function ints(seed, count, lo, hi) {
  const r = prng(seed);
  return Array.from({ length: count }, () => lo + Math.floor(r() * (hi - lo + 1)));
}

/** `count` picks from `values`, from `seed`. */
export function picks(seed, count, values) {
  return ints(seed, count, 0, values.length - 1).map((i) => values[i]);
}
