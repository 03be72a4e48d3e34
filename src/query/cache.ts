// Caches of the query engine: prepared operations by document text (LRU), and results of
// repeated identical reads (document + variables + operation name), each remembering the trees
// it read so a commit touching one of them evicts it; a result is kept from its second request on.
// Never executes or validates anything.

/** A small LRU map (insertion order = recency). */
export class Lru<K, V> {
  private readonly map = new Map<K, V>();
  constructor(private readonly capacity: number, private readonly onEvict: ((k: K, v: V) => void) | null = null) {}
  get(k: K): V | undefined {
    const v = this.map.get(k);
    if (v !== undefined) {
      this.map.delete(k);
      this.map.set(k, v);
    }
    return v;
  }
  set(k: K, v: V): void {
    this.map.delete(k);
    this.map.set(k, v);
    if (this.map.size > this.capacity) {
      const [oldest, value] = this.map.entries().next().value as [K, V];
      this.map.delete(oldest);
      this.onEvict?.(oldest, value);
    }
  }
  /** The value without touching its recency. */
  peek(k: K): V | undefined { return this.map.get(k); }
  delete(k: K): void { this.map.delete(k); }
  clear(): void { this.map.clear(); }
  get size(): number { return this.map.size; }
  entries(): IterableIterator<[K, V]> { return this.map.entries(); }
}

interface CachedResult<R> { readonly result: R; readonly trees: ReadonlySet<string> }

/** Results of reads, invalidated per tree. */
export class ResultCache<R> {
  private readonly lru: Lru<string, CachedResult<R>>;
  private readonly byTree = new Map<string, Set<string>>();
  /** Keys asked for once and not kept (the admission filter's memory; no results). */
  private readonly seen: Lru<string, true>;
  hits = 0;
  misses = 0;

  constructor(capacity: number) {
    // An evicted result leaves its trees' sets too (else they grow with every key ever cached).
    this.lru = new Lru(capacity, (key, { trees }) => this.untrack(key, trees));
    this.seen = new Lru(capacity);
  }

  /**
   * Whether a result for `key` (just missed) should be kept: only when the key was asked for
   * before. A one-off read is never kept (so it is never shared and never evicts a repeated one).
   */
  admit(key: string): boolean {
    if (this.seen.get(key)) return true; // remembered (so one evicted by a commit is kept again at once)
    this.seen.set(key, true);
    return false;
  }

  private untrack(key: string, trees: ReadonlySet<string>): void {
    for (const t of trees) {
      const keys = this.byTree.get(t);
      if (keys?.delete(key) && keys.size === 0) this.byTree.delete(t);
    }
  }

  static key(text: string, variables: unknown, operationName: string | null | undefined): string {
    return `${operationName ?? ''}\u0000${variables ? JSON.stringify(variables) : ''}\u0000${text}`;
  }

  get(key: string): R | undefined {
    const hit = this.lru.get(key);
    if (hit) this.hits++;
    else this.misses++;
    return hit?.result;
  }

  set(key: string, result: R, trees: ReadonlySet<string>): void {
    const old = this.lru.peek(key);
    if (old) this.untrack(key, old.trees);
    this.lru.set(key, { result, trees });
    for (const t of trees) {
      let s = this.byTree.get(t);
      if (!s) this.byTree.set(t, (s = new Set()));
      s.add(key);
    }
  }

  /** Evicts every result that read one of `trees` (all of them for `'all'`). */
  invalidate(trees: Iterable<string> | 'all'): void {
    if (trees === 'all') {
      this.lru.clear();
      this.byTree.clear();
      return;
    }
    for (const t of trees) {
      const keys = this.byTree.get(t);
      if (!keys) continue;
      this.byTree.delete(t);
      for (const k of keys) {
        const entry = this.lru.peek(k);
        if (!entry) continue;
        this.lru.delete(k);
        this.untrack(k, entry.trees); // its other trees forget it too
      }
    }
  }
}
