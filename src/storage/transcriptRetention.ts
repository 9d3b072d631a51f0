/**
 * Applies TRANSCRIPT_RETENTION_DAYS: prunes once right away (a bot that restarts daily still prunes) and then
 * on an interval. The timer is unref'd so it never keeps the process alive on shutdown, and stop() aborts a pass
 * that is running (stores check the signal between conversations), so a shutdown does not wait for it.
 */
import type { PruneOptions, PruneResult } from './lowdbTranscriptStore.js';

export const DEFAULT_PRUNE_INTERVAL_MS = 6 * 60 * 60 * 1000;

export interface Prunable {
  /** `options.signal` is aborted by stop(); a store that ignores it is waited for. */
  pruneOlderThan(days: number, now?: Date, options?: PruneOptions): Promise<PruneResult>;
}

export interface RetentionOptions {
  retentionDays: number;
  intervalMs?: number;
  onPruned?: (result: PruneResult) => void;
  /** Pruning failures are reported here and retried on the next tick; they never throw out of the timer. */
  onError?: (error: unknown) => void;
}

export interface RetentionSchedule {
  /** Stops the timer, aborts a prune that is running and resolves once it has stopped. */
  stop(): Promise<void>;
  /** Runs one prune now (also what the timer calls); overlapping calls share the running prune. */
  runOnce(): Promise<PruneResult | undefined>;
}

export function scheduleTranscriptPruning(store: Prunable, options: RetentionOptions): RetentionSchedule {
  const { retentionDays, intervalMs = DEFAULT_PRUNE_INTERVAL_MS, onPruned, onError } = options;
  if (!Number.isFinite(retentionDays) || retentionDays <= 0) {
    throw new RangeError(`retentionDays must be a positive number, got ${String(retentionDays)}`);
  }
  let running: Promise<PruneResult | undefined> | undefined;
  let stopped = false;
  const abort = new AbortController();
  const runOnce = (): Promise<PruneResult | undefined> => {
    if (stopped) return Promise.resolve(undefined);
    running ??= store
      .pruneOlderThan(retentionDays, undefined, { signal: abort.signal })
      .then(
        (result) => {
          onPruned?.(result);
          return result;
        },
        (error: unknown) => {
          onError?.(error);
          return undefined;
        },
      )
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const timer = setInterval(() => void runOnce(), intervalMs);
  timer.unref();
  void runOnce();
  return {
    runOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      abort.abort();
      await running;
    },
  };
}
