/**
 * A FIFO lock per name (a partition, a conversation). Waiters queue in call order, which matters for transcripts:
 * a turn's activities are handed over one after another without awaiting, and must land in that order.
 * Idle names are forgotten, so the map only ever holds names with work in flight.
 */
export type Release = () => void;

export class KeyedMutex {
  readonly #tails = new Map<string, Promise<void>>();

  /** Queues for `name` synchronously (call order is queue order) and resolves once the lock is held. */
  lock(name: string): Promise<Release> {
    const previous = this.#tails.get(name) ?? Promise.resolve();
    let open!: () => void;
    const mine = new Promise<void>((resolve) => {
      open = resolve;
    });
    const tail = previous.then(() => mine);
    this.#tails.set(name, tail);
    let released = false;
    const release: Release = () => {
      if (released) return;
      released = true;
      open();
      if (this.#tails.get(name) === tail) this.#tails.delete(name);
    };
    return previous.then(() => release);
  }

  /**
   * Locks several names. They are taken in sorted order so two batches over the same partitions cannot deadlock.
   * The first name is queued synchronously, like `lock`.
   */
  async lockMany(names: Iterable<string>): Promise<Release> {
    const sorted = [...new Set(names)].sort();
    const releases: Release[] = [];
    try {
      for (const name of sorted) releases.push(await this.lock(name));
    } catch (error) {
      for (const release of releases.reverse()) release();
      throw error;
    }
    return () => {
      for (const release of releases.reverse()) release();
    };
  }

  /** True while someone holds or waits for `name`; such entries must not be evicted from a cache. */
  isBusy(name: string): boolean {
    return this.#tails.has(name);
  }

  get busyCount(): number {
    return this.#tails.size;
  }
}
