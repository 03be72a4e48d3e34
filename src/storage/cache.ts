// The page cache: LRU over a fixed number of page slots, as intrusive doubly linked lists in typed
// arrays, with interior pages (B+tree branches, hash meta/directory pages) kept in a protected list
// evicted only after the other pages. Owns eviction order and counters; never reads or writes files.
// (A Map re-insert per hit would be simpler, but V8 degrades to O(n) per op when one hot key is
// re-inserted in a loop.) Page numbers find their slot through an open-addressing table in an
// Int32Array (linear probing, backward-shift deletion): every page a read passes through is looked
// up, and a Map lookup cost about as much as the rest of a cache hit.

/** List ids: 0 the ordinary pages (leaves, overflow, ...), 1 the protected interior pages. */
const PLAIN = 0;
const PROTECTED = 1;

export class PageCache {
  /** Open addressing: page number -> slot (-1: empty); twice the capacity or more, a power of two. */
  private readonly table: Int32Array;
  private readonly mask: number;
  private readonly shift: number;
  private count = 0;
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
    let bits = 4;
    while (1 << bits < capacity * 2) bits++;
    this.table = new Int32Array(1 << bits).fill(-1);
    this.mask = (1 << bits) - 1;
    this.shift = 32 - bits;
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
    return this.count;
  }

  /** The cached page (now most recently used in its list), or undefined; counts a hit or a miss. */
  get(pageNo: number): Uint8Array | undefined {
    const slot = this.find(pageNo);
    if (slot < 0) {
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
    let slot = this.find(pageNo);
    if (slot >= 0) {
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
      this.forget(this.pageNos[slot]);
      this.evictions++;
    }
    this.pageNos[slot] = pageNo;
    this.pages[slot] = page;
    this.remember(pageNo, slot);
    this.pushFront(slot, to);
    this.trimProtected();
  }

  delete(pageNo: number): void {
    const slot = this.find(pageNo);
    if (slot < 0) return;
    this.unlink(slot);
    this.forget(pageNo);
    this.pages[slot] = null;
    this.spare.push(slot);
  }

  /** Page numbers currently cached. */
  keys(): number[] {
    const out: number[] = [];
    for (let h = 0; h <= this.mask; h++) if (this.table[h] >= 0) out.push(this.pageNos[this.table[h]]);
    return out;
  }

  clear(): void {
    this.table.fill(-1);
    this.count = 0;
    this.pages.fill(null);
    this.spare.length = 0;
    this.used = 0;
    this.heads[0] = this.heads[1] = this.tails[0] = this.tails[1] = -1;
    this.lengths[0] = this.lengths[1] = 0;
  }

  /** The home position of `pageNo` in the table (Fibonacci hashing). */
  private home(pageNo: number): number {
    return Math.imul(pageNo, 0x9e3779b1) >>> this.shift;
  }

  /** The slot caching `pageNo`, or -1. */
  private find(pageNo: number): number {
    const table = this.table;
    for (let h = this.home(pageNo); ; h = (h + 1) & this.mask) {
      const slot = table[h];
      if (slot < 0 || this.pageNos[slot] === pageNo) return slot;
    }
  }

  /** Enters `pageNo` (not present) -> `slot`. */
  private remember(pageNo: number, slot: number): void {
    let h = this.home(pageNo);
    while (this.table[h] >= 0) h = (h + 1) & this.mask;
    this.table[h] = slot;
    this.count++;
  }

  /** Removes `pageNo` (present), shifting back the entries probed past it. */
  private forget(pageNo: number): void {
    const table = this.table;
    const mask = this.mask;
    let h = this.home(pageNo);
    while (this.pageNos[table[h]] !== pageNo) h = (h + 1) & mask;
    let j = h;
    for (;;) {
      j = (j + 1) & mask;
      const slot = table[j];
      if (slot < 0) break;
      const k = this.home(this.pageNos[slot]);
      // the entry at j may fill the hole at h unless its home lies cyclically in (h, j]
      if (h <= j ? h < k && k <= j : h < k || k <= j) continue;
      table[h] = slot;
      h = j;
    }
    table[h] = -1;
    this.count--;
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
