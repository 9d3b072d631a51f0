/**
 * Timers as an injected port: services say what to run and how often; the composition root decides how (a real
 * interval in the app, a manual one in tests). A pass that throws is logged by the caller's task, never rethrown.
 */
export interface Scheduler {
  /** Runs `task` every `intervalMs` (and once at once when `runNow`); stop() ends it. */
  every(intervalMs: number, task: () => void, options?: { runNow?: boolean }): { stop(): void };
}

/** setInterval, unref'd so a timer never keeps the process alive. */
export const intervalScheduler: Scheduler = {
  every(intervalMs, task, options = {}) {
    const timer = setInterval(task, intervalMs);
    timer.unref();
    if (options.runNow) task();
    return { stop: () => clearInterval(timer) };
  },
};

/**
 * A periodic job on a scheduler: start() (idempotent; 0 ms or less leaves it off), stop() waits for the pass that
 * is running. `run` must not overlap itself (services dedupe their passes).
 */
export function periodicJob(scheduler: Scheduler, intervalMs: number, run: () => Promise<unknown>, onError: (error: unknown) => void) {
  let handle: { stop(): void } | undefined;
  let current: Promise<unknown> | undefined;
  const tick = (): void => {
    current = run().catch(onError);
  };
  return {
    start(): void {
      if (intervalMs <= 0 || handle) return;
      handle = scheduler.every(intervalMs, tick, { runNow: true }); // catch up at once after a restart
    },
    async stop(): Promise<void> {
      handle?.stop();
      handle = undefined;
      await current;
    },
  };
}
