/**
 * Keeps track of a store's running operations so flush() and close() can wait for them (graceful shutdown), and
 * refuses new ones after close(). Shared by every store, lowdb and blob.
 */
export class InFlight {
  readonly #running = new Set<Promise<unknown>>();
  #closed = false;

  constructor(private readonly storeName: string) {}

  /** Starts `start` unless the store is closed; a synchronous throw becomes a rejection. */
  track<T>(start: () => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(this.closedError());
    let operation: Promise<T>;
    try {
      operation = start();
    } catch (error) {
      operation = Promise.reject(error);
    }
    this.#running.add(operation);
    const forget = () => this.#running.delete(operation);
    operation.then(forget, forget);
    return operation;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** The error work refused after close() rejects with. */
  closedError(): Error {
    return new Error(`${this.storeName} is closed`);
  }

  /** Resolves once everything started so far, and anything it started in turn, has settled. */
  async flush(): Promise<void> {
    while (this.#running.size > 0) await Promise.allSettled([...this.#running]);
  }

  /** Refuses new work, then waits for what is running. Safe to call twice. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.flush();
  }
}
