/**
 * A small least-recently-used map. Entries the caller says are in use are skipped on eviction, so the cache may
 * briefly exceed its limit rather than drop a partition that a pending write still holds.
 */
export class LruCache<K, V> {
  readonly #entries = new Map<K, V>();

  constructor(
    readonly maxEntries: number,
    private readonly inUse: (key: K) => boolean = () => false,
  ) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) {
      throw new RangeError(`maxEntries must be a whole number of at least 1, got ${String(maxEntries)}`);
    }
  }

  get(key: K): V | undefined {
    const value = this.#entries.get(key);
    if (value !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, value);
    }
    return value;
  }

  peek(key: K): V | undefined {
    return this.#entries.get(key);
  }

  set(key: K, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    this.#evict();
  }

  delete(key: K): boolean {
    return this.#entries.delete(key);
  }

  /** Removes every entry whose key matches, e.g. all files of a deleted conversation. */
  deleteWhere(predicate: (key: K) => boolean): void {
    for (const key of [...this.#entries.keys()]) if (predicate(key)) this.#entries.delete(key);
  }

  clear(): void {
    this.#entries.clear();
  }

  get size(): number {
    return this.#entries.size;
  }

  #evict(): void {
    if (this.#entries.size <= this.maxEntries) return;
    for (const key of this.#entries.keys()) {
      if (this.#entries.size <= this.maxEntries) return;
      if (!this.inUse(key)) this.#entries.delete(key);
    }
  }
}
