// What a read depended on and what a commit changed, for live queries and the result cache:
// whole trees (scans, counts) or single keys (point gets), and the trees/keys a commit wrote.
// Pure bookkeeping; never reads or writes storage.

/** The dependencies of one execution: trees read as a whole, and trees read only by key. */
export interface Deps {
  readonly trees: Set<string>;
  readonly keys: Map<string, Set<string>>;
}

/** What a commit changed: per tree, the keys written or `'all'`; or `'all'` for anything. */
export type Change = ReadonlyMap<string, ReadonlySet<string> | 'all'> | 'all';

export const newDeps = (): Deps => ({ trees: new Set(), keys: new Map() });

/** A key's identity as a string (one char per byte; keys are at most 1 KB, so one call takes them whole). */
export function keyId(bytes: Uint8Array): string {
  return String.fromCharCode.apply(null, bytes as unknown as number[]);
}

/** The key bytes a keyId names. */
export function keyBytes(id: string): Uint8Array {
  const b = new Uint8Array(id.length);
  for (let i = 0; i < id.length; i++) b[i] = id.charCodeAt(i);
  return b;
}

export function addKey(d: Deps, tree: string, key: Uint8Array): void {
  if (d.trees.has(tree)) return;
  let s = d.keys.get(tree);
  if (!s) d.keys.set(tree, (s = new Set()));
  s.add(keyId(key));
}

export function merge(into: Deps, from: Deps): void {
  for (const t of from.trees) into.trees.add(t);
  for (const [t, ks] of from.keys) {
    let s = into.keys.get(t);
    if (!s) into.keys.set(t, (s = new Set()));
    for (const k of ks) s.add(k);
  }
}

/** Every tree a dependency set mentions (the result cache invalidates per tree). */
export function treesOf(d: Deps): Set<string> {
  const out = new Set(d.trees);
  for (const t of d.keys.keys()) out.add(t);
  return out;
}

/** Whether a change can affect a read with these dependencies. */
export function touches(d: Deps, change: Change): boolean {
  if (change === 'all') return true;
  for (const [tree, written] of change) {
    if (d.trees.has(tree)) return true;
    const keys = d.keys.get(tree);
    if (!keys) continue;
    if (written === 'all') return true;
    const [small, big] = keys.size < written.size ? [keys, written] : [written, keys];
    for (const k of small) if (big.has(k)) return true;
  }
  return false;
}
