// The page cache: a true LRU over a fixed number of page slots, as an intrusive doubly linked list
// in typed arrays. Owns eviction order and counters; never reads or writes files. (A Map re-insert
// per hit would be simpler, but V8 degrades to O(n) per op when one hot key is re-inserted in a loop.)

export class PageCache {
  private readonly index = new Map<number, number>(); // page number -> slot
  private readonly pageNos: Int32Array;
  private readonly pages: (Uint8Array | null)[];
  private readonly prev: Int32Array;
  private readonly next: Int32Array;
  private readonly spare: number[] = [];
  private head = -1; // most recently used
  private tail = -1; // least recently used
  private used = 0;
  hits = 0;
  misses = 0;
  evictions = 0;

  constructor(readonly capacity: number) {
    this.pageNos = new Int32Array(capacity);
    this.pages = new Array<Uint8Array | null>(capacity).fill(null);
    this.prev = new Int32Array(capacity);
    this.next = new Int32Array(capacity);
  }

  get size(): number {
    return this.index.size;
  }

  /** The cached page (now most recently used), or undefined; counts a hit or a miss. */
  get(pageNo: number): Uint8Array | undefined {
    const slot = this.index.get(pageNo);
    if (slot === undefined) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    if (slot !== this.head) {
      this.unlink(slot);
      this.pushFront(slot);
    }
    return this.pages[slot] as Uint8Array;
  }

  /** Caches `page` as the most recently used, evicting the least recently used when full. */
  set(pageNo: number, page: Uint8Array): void {
    let slot = this.index.get(pageNo);
    if (slot !== undefined) {
      this.pages[slot] = page;
      if (slot !== this.head) {
        this.unlink(slot);
        this.pushFront(slot);
      }
      return;
    }
    if (this.spare.length > 0) slot = this.spare.pop() as number;
    else if (this.used < this.capacity) slot = this.used++;
    else {
      slot = this.tail;
      this.unlink(slot);
      this.index.delete(this.pageNos[slot]);
      this.evictions++;
    }
    this.pageNos[slot] = pageNo;
    this.pages[slot] = page;
    this.index.set(pageNo, slot);
    this.pushFront(slot);
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
    this.head = this.tail = -1;
  }

  private unlink(slot: number): void {
    const p = this.prev[slot];
    const n = this.next[slot];
    if (p >= 0) this.next[p] = n;
    else this.head = n;
    if (n >= 0) this.prev[n] = p;
    else this.tail = p;
  }

  private pushFront(slot: number): void {
    this.prev[slot] = -1;
    this.next[slot] = this.head;
    if (this.head >= 0) this.prev[this.head] = slot;
    this.head = slot;
    if (this.tail < 0) this.tail = slot;
  }
}
