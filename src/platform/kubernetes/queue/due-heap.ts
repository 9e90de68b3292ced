// Keys with a due time, earliest first: a binary min-heap with one entry per key. Setting a key
// again moves its entry, so each operation is O(log n) however many keys wait.
export class DueHeap<K> {
  readonly #entries: Array<{ key: K; at: number }> = [];
  readonly #positions = new Map<K, number>();

  get size(): number {
    return this.#entries.length;
  }

  dueAt(key: K): number | undefined {
    const position = this.#positions.get(key);
    return position === undefined ? undefined : this.#entries[position]!.at;
  }

  /** The earliest due time, or undefined when empty. */
  peekAt(): number | undefined {
    return this.#entries[0]?.at;
  }

  /** Sets (or moves) the due time of `key`. */
  set(key: K, at: number): void {
    const position = this.#positions.get(key);
    if (position === undefined) {
      this.#entries.push({ key, at });
      this.#positions.set(key, this.#entries.length - 1);
      this.#up(this.#entries.length - 1);
      return;
    }
    const entry = this.#entries[position]!;
    const earlier = at < entry.at;
    entry.at = at;
    if (earlier) this.#up(position);
    else this.#down(position);
  }

  /** Removes and returns the earliest key when it is due at or before `now`. */
  popDue(now: number): K | undefined {
    const top = this.#entries[0];
    if (top === undefined || top.at > now) return undefined;
    const last = this.#entries.pop()!;
    this.#positions.delete(top.key);
    if (this.#entries.length > 0) {
      this.#entries[0] = last;
      this.#positions.set(last.key, 0);
      this.#down(0);
    }
    return top.key;
  }

  clear(): void {
    this.#entries.length = 0;
    this.#positions.clear();
  }

  #up(index: number): void {
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (this.#entries[parent]!.at <= this.#entries[index]!.at) return;
      this.#swap(index, parent);
      index = parent;
    }
  }

  #down(index: number): void {
    const count = this.#entries.length;
    for (;;) {
      const left = 2 * index + 1;
      const right = left + 1;
      let smallest = index;
      if (left < count && this.#entries[left]!.at < this.#entries[smallest]!.at) smallest = left;
      if (right < count && this.#entries[right]!.at < this.#entries[smallest]!.at) smallest = right;
      if (smallest === index) return;
      this.#swap(index, smallest);
      index = smallest;
    }
  }

  #swap(a: number, b: number): void {
    const entryA = this.#entries[a]!;
    const entryB = this.#entries[b]!;
    this.#entries[a] = entryB;
    this.#entries[b] = entryA;
    this.#positions.set(entryB.key, a);
    this.#positions.set(entryA.key, b);
  }
}
