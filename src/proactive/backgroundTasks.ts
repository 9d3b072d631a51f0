/**
 * Fire-and-forget work with a way to wait for it. Proactive sends started from a turn run here, after the turn: an
 * invoke must be answered within Teams' few seconds, and a proactive turn into the same conversation would queue
 * behind the turn that started it. A failure is logged (by name, never its message) and never reaches the process.
 */
import type { Logger } from '../logging.js';

export class BackgroundTasks {
  private readonly running = new Set<Promise<void>>();
  private closed = false;

  constructor(private readonly logger: Logger) {}

  /** Starts `work` now without waiting for it. After close(), work is refused (and logged). */
  run(name: string, work: () => Promise<unknown>): void {
    if (this.closed) {
      this.logger.warn('background work refused while stopping', { task: name });
      return;
    }
    const task = (async () => {
      try {
        await work();
      } catch (error) {
        this.logger.error('background work failed', { task: name, errorName: (error as Error)?.name, errorMessage: (error as Error)?.message });
      }
    })();
    this.running.add(task);
    void task.finally(() => this.running.delete(task));
  }

  /** Resolves when nothing is running, including work started while waiting. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  /** Refuses new work and waits for what is running. */
  async close(): Promise<void> {
    this.closed = true;
    await this.idle();
  }

  get size(): number {
    return this.running.size;
  }
}
