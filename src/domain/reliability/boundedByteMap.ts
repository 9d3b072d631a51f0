/**
 * A Map bounded by the bytes its keys and values take, not only by their count: 200 entries with 500 KB keys
 * would otherwise keep 100 MB. Least recently set entries are evicted first. The size of an entry is estimated
 * (UTF-16 strings count two bytes per code unit, plus a fixed overhead per entry); the estimate only has to be
 * proportional to what the entry keeps alive. Pure: no I/O, no timers.
 */

/** Bytes counted per entry on top of its key and value (map slot, object headers). */
export const ENTRY_OVERHEAD_BYTES = 64;

export interface BoundedByteMapOptions<V> {
  /** Most bytes kept (keys + values + overhead). */
  maxBytes: number;
  /** Most entries kept, whatever their size. */
  maxEntries?: number;
  /** Size of a value in bytes; default: strings 2 bytes per code unit, other values JSON length x 2, or 16. */
  sizeOf?: (value: V) => number;
  /** A single entry larger than this is refused (set returns false) instead of evicting everything else. */
  maxEntryBytes?: number;
}

export function estimateBytes(value: unknown): number {
  if (typeof value === 'string') return value.length * 2;
  if (value === undefined || value === null || typeof value === 'number' || typeof value === 'boolean') return 16;
  try {
    return (JSON.stringify(value)?.length ?? 0) * 2;
  } catch {
    return 1024;
  }
}

export class BoundedByteMap<K extends string, V> {
  readonly #entries = new Map<K, { value: V; bytes: number }>();
  readonly #maxBytes: number;
  readonly #maxEntries: number;
  readonly #maxEntryBytes: number;
  readonly #sizeOf: (value: V) => number;
  #bytes = 0;

  constructor(options: BoundedByteMapOptions<V>) {
    if (!(options.maxBytes > 0)) throw new RangeError('maxBytes must be positive');
    this.#maxBytes = options.maxBytes;
    this.#maxEntries = options.maxEntries ?? Number.POSITIVE_INFINITY;
    this.#maxEntryBytes = Math.min(options.maxEntryBytes ?? options.maxBytes, options.maxBytes);
    this.#sizeOf = options.sizeOf ?? estimateBytes;
  }

  /** Bytes counted for what the map holds now. */
  get bytes(): number {
    return this.#bytes;
  }

  get size(): number {
    return this.#entries.size;
  }

  has(key: K): boolean {
    return this.#entries.has(key);
  }

  get(key: K): V | undefined {
    return this.#entries.get(key)?.value;
  }

  /** Stores the entry as the newest; false (and nothing stored) when the entry alone is too big. */
  set(key: K, value: V): boolean {
    const bytes = key.length * 2 + this.#sizeOf(value) + ENTRY_OVERHEAD_BYTES;
    this.delete(key);
    if (bytes > this.#maxEntryBytes) return false;
    this.#entries.set(key, { value, bytes });
    this.#bytes += bytes;
    while (this.#bytes > this.#maxBytes || this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done) break;
      this.delete(oldest.value);
    }
    return true;
  }

  delete(key: K): boolean {
    const found = this.#entries.get(key);
    if (!found) return false;
    this.#entries.delete(key);
    this.#bytes -= found.bytes;
    return true;
  }

  clear(): void {
    this.#entries.clear();
    this.#bytes = 0;
  }

  keys(): IterableIterator<K> {
    return this.#entries.keys();
  }
}
