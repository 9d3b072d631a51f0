/**
 * A small least-recently-used map, bounded by its number of entries and, when given a size function, by the bytes
 * its entries take. Entries the caller says are in use are skipped on eviction, so the cache may briefly exceed
 * its limits rather than drop a partition that a pending write still holds.
 */
export interface LruByteLimit<V> {
  /** Most bytes kept (as `sizeOf` counts them). */
  maxBytes: number;
  /** The bytes an entry keeps alive; taken when the entry is set (set it again after changing it). */
  sizeOf: (value: V) => number;
}

export class LruCache<K, V> {
  readonly #entries = new Map<K, { value: V; bytes: number }>();
  readonly #bytesLimit: LruByteLimit<V> | undefined;
  #bytes = 0;

  constructor(
    readonly maxEntries: number,
    private readonly inUse: (key: K) => boolean = () => false,
    bytes?: LruByteLimit<V>,
  ) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) {
      throw new RangeError(`maxEntries must be a whole number of at least 1, got ${String(maxEntries)}`);
    }
    if (bytes && !(bytes.maxBytes > 0)) throw new RangeError('maxBytes must be positive');
    this.#bytesLimit = bytes;
  }

  get(key: K): V | undefined {
    const entry = this.#entries.get(key);
    if (entry !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, entry);
    }
    return entry?.value;
  }

  peek(key: K): V | undefined {
    return this.#entries.get(key)?.value;
  }

  set(key: K, value: V): void {
    this.delete(key);
    const bytes = this.#bytesLimit ? this.#bytesLimit.sizeOf(value) : 0;
    this.#entries.set(key, { value, bytes });
    this.#bytes += bytes;
    this.#evict();
  }

  delete(key: K): boolean {
    const entry = this.#entries.get(key);
    if (entry === undefined) return false;
    this.#entries.delete(key);
    this.#bytes -= entry.bytes;
    return true;
  }

  /** Removes every entry whose key matches, e.g. all files of a deleted conversation. */
  deleteWhere(predicate: (key: K) => boolean): void {
    for (const key of [...this.#entries.keys()]) if (predicate(key)) this.delete(key);
  }

  clear(): void {
    this.#entries.clear();
    this.#bytes = 0;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Bytes counted for what the cache holds (0 without a byte limit). */
  get bytes(): number {
    return this.#bytes;
  }

  #over(): boolean {
    return this.#entries.size > this.maxEntries || (this.#bytesLimit !== undefined && this.#bytes > this.#bytesLimit.maxBytes);
  }

  #evict(): void {
    if (!this.#over()) return;
    for (const key of this.#entries.keys()) {
      if (!this.#over()) return;
      if (!this.inUse(key)) this.delete(key);
    }
  }
}
