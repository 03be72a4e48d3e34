// The page cache: LRU over a fixed number of page slots, as intrusive doubly linked lists in typed
// arrays, with interior pages (B+tree branches, hash meta/directory pages) kept in a protected list
// evicted only after the other pages. Owns eviction order and counters; never reads or writes files.
// (A Map re-insert per hit would be simpler, but V8 degrades to O(n) per op when one hot key is
// re-inserted in a loop.)

/** List ids: 0 the ordinary pages (leaves, overflow, ...), 1 the protected interior pages. */
const PLAIN = 0;
const PROTECTED = 1;

export class PageCache {
  private readonly index = new Map<number, number>(); // page number -> slot
  private readonly pageNos: Int32Array;
  private readonly pages: (Uint8Array | null)[];
  private readonly prev: Int32Array;
  private readonly next: Int32Array;
  /** Which list each slot is on. */
  private readonly list: Uint8Array;
  private readonly spare: number[] = [];
  /** Per list: most recently used slot, least recently used slot, length. */
  private readonly heads = [-1, -1];
  private readonly tails = [-1, -1];
  private readonly lengths = [0, 0];
  /** The most slots protected pages may fill: the rest stays for the pages a read passes through. */
  readonly protectedLimit: number;
  private used = 0;
  hits = 0;
  misses = 0;
  evictions = 0;

  constructor(readonly capacity: number) {
    this.pageNos = new Int32Array(capacity);
    this.pages = new Array<Uint8Array | null>(capacity).fill(null);
    this.prev = new Int32Array(capacity);
    this.next = new Int32Array(capacity);
    this.list = new Uint8Array(capacity);
    // An interior page serves every lookup below it, a leaf a few: interior pages may take all
    // but 1/16 of the slots (at least 4 stay for leaves and overflow pages).
    this.protectedLimit = Math.max(0, capacity - Math.max(4, capacity >>> 4));
  }

  get size(): number {
    return this.index.size;
  }

  /** The cached page (now most recently used in its list), or undefined; counts a hit or a miss. */
  get(pageNo: number): Uint8Array | undefined {
    const slot = this.index.get(pageNo);
    if (slot === undefined) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    if (slot !== this.heads[this.list[slot]]) {
      this.unlink(slot);
      this.pushFront(slot, this.list[slot]);
    }
    return this.pages[slot] as Uint8Array;
  }

  /**
   * Caches `page` as the most recently used of its list (`interior`: the protected list), evicting
   * when full: the least recently used ordinary page, or the least recently used protected page
   * when protected pages are over their limit (or nothing else is cached).
   */
  set(pageNo: number, page: Uint8Array, interior = false): void {
    const to = interior ? PROTECTED : PLAIN;
    let slot = this.index.get(pageNo);
    if (slot !== undefined) {
      this.pages[slot] = page;
      this.unlink(slot);
      this.pushFront(slot, to);
      this.trimProtected();
      return;
    }
    if (this.spare.length > 0) slot = this.spare.pop() as number;
    else if (this.used < this.capacity) slot = this.used++;
    else {
      const from = this.lengths[PLAIN] === 0 || (to === PROTECTED && this.lengths[PROTECTED] >= this.protectedLimit) ? PROTECTED : PLAIN;
      slot = this.tails[from];
      this.unlink(slot);
      this.index.delete(this.pageNos[slot]);
      this.evictions++;
    }
    this.pageNos[slot] = pageNo;
    this.pages[slot] = page;
    this.index.set(pageNo, slot);
    this.pushFront(slot, to);
    this.trimProtected();
  }

  delete(pageNo: number): void {
    const slot = this.index.get(pageNo);
    if (slot === undefined) return;
    this.unlink(slot);
    this.index.delete(pageNo);
    this.pages[slot] = null;
    this.spare.push(slot);
  }

  /** Page numbers currently cached. */
  keys(): IterableIterator<number> {
    return this.index.keys();
  }

  clear(): void {
    this.index.clear();
    this.pages.fill(null);
    this.spare.length = 0;
    this.used = 0;
    this.heads[0] = this.heads[1] = this.tails[0] = this.tails[1] = -1;
    this.lengths[0] = this.lengths[1] = 0;
  }

  /** Moves the least recently used protected pages past the limit to the ordinary list. */
  private trimProtected(): void {
    while (this.lengths[PROTECTED] > this.protectedLimit) {
      const slot = this.tails[PROTECTED];
      this.unlink(slot);
      this.pushFront(slot, PLAIN);
    }
  }

  private unlink(slot: number): void {
    const l = this.list[slot];
    const p = this.prev[slot];
    const n = this.next[slot];
    if (p >= 0) this.next[p] = n;
    else this.heads[l] = n;
    if (n >= 0) this.prev[n] = p;
    else this.tails[l] = p;
    this.lengths[l]--;
  }

  private pushFront(slot: number, l: number): void {
    this.list[slot] = l;
    this.prev[slot] = -1;
    this.next[slot] = this.heads[l];
    if (this.heads[l] >= 0) this.prev[this.heads[l]] = slot;
    this.heads[l] = slot;
    if (this.tails[l] < 0) this.tails[l] = slot;
    this.lengths[l]++;
  }
}
