/**
 * Paces what the bot sends on its own initiative so it stays inside Teams' published limits instead of running
 * into 429s: per bot and conversation 7 messages a second, 8 per 2 s, 60 per 30 s and 1,800 an hour, and per app
 * and tenant about 50 requests a second. Sends of one conversation go out one at a time in the order they were
 * queued (so a card update never overtakes the post it updates); different conversations share only the tenant's
 * budget.
 *
 * Failures: 429 and 412 mean the request was refused, so it is sent again after the Retry-After the service gave
 * (capped), or after an exponential back-off with full jitter. A 5xx (but 501 and 505, which fail the same way every
 * time) or a time-out may hide a request that was processed: an idempotent request (an update of a known activity
 * id, a read) is retried like a 429, but a POST of a new activity is NOT sent again blindly; its failure is handed
 * back as OutboundOutcomeUnknown so the caller can reconcile (record the doubt, keep a claim that prevents a second
 * post, or let a person decide).
 *
 * Time-out: an attempt that has not settled after `attemptTimeoutMs` is abandoned. Its AbortSignal (handed to
 * `send`) is aborted, so a caller that passes it to the HTTP request closes the connection; the attempt then counts
 * as a time-out (OutboundTimeout), classified like any other time-out above: a POST of a new activity becomes
 * OutboundOutcomeUnknown, an idempotent request is retried. Either way the conversation's queue moves on. If the
 * abandoned request still settles later, its result is ignored and reported to the caller's `onLate` (to log).
 *
 * Clock and timers are injected (tests use a fake clock); memory is bounded by the number of conversations
 * tracked and the queue length per conversation.
 */

export interface RateWindow {
  limit: number;
  windowMs: number;
}

/** Teams' per-conversation limits for a bot (rate-limit docs). */
export const CONVERSATION_WINDOWS: readonly RateWindow[] = Object.freeze([
  { limit: 7, windowMs: 1_000 },
  { limit: 8, windowMs: 2_000 },
  { limit: 60, windowMs: 30_000 },
  { limit: 1_800, windowMs: 3_600_000 },
]);
/** Per app and tenant, all conversations together. */
export const TENANT_WINDOWS: readonly RateWindow[] = Object.freeze([{ limit: 50, windowMs: 1_000 }]);

export interface OutboundTarget {
  tenantId: string;
  conversationId: string;
}

/** What a failed attempt tells the throttle: its HTTP status (absent for a network error or time-out). */
export interface AttemptFailure {
  status?: number;
  retryAfterMs?: number;
  /** True when the request certainly never reached the service (connection refused, DNS failure). */
  notSent?: boolean;
}

/** Default longest wait for one proactive request (PROACTIVE_TIMEOUT_MS). */
export const DEFAULT_ATTEMPT_TIMEOUT_MS = 15_000;

export interface OutboundThrottleOptions {
  conversationWindows?: readonly RateWindow[];
  tenantWindows?: readonly RateWindow[];
  /** Attempts per send, the first included. */
  maxAttempts?: number;
  baseDelayMs?: number;
  /** Cap on any single wait, Retry-After included. */
  maxDelayMs?: number;
  /** Sends waiting per conversation before new ones are refused (OutboundQueueFull). */
  maxQueuedPerConversation?: number;
  /** Conversations whose send history is kept; the least recently used idle one is dropped first. */
  maxConversations?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Reads status and Retry-After from whatever the send threw; the default reads botbuilder's RestError. */
  classify?: (error: unknown) => AttemptFailure;
  /** Shutdown: no more retries, and sends still waiting for their turn give up (OutboundCancelled). */
  signal?: AbortSignal;
  /** Longest one attempt may take before it is abandoned as a time-out; 0 for none. Default 15 s. */
  attemptTimeoutMs?: number;
  /** Starts an attempt's time-out timer and returns what stops it (default setTimeout, unref'd). */
  startTimer?: (ms: number, onTimeout: () => void) => () => void;
}

export class OutboundQueueFull extends Error {
  constructor() {
    super('too many sends are waiting for this conversation');
    this.name = 'OutboundQueueFull';
  }
}

/** A send that failed with an outcome that may or may not have reached Teams (never retried when not idempotent). */
export class OutboundOutcomeUnknown extends Error {
  constructor(override readonly cause: unknown, readonly status: number | undefined) {
    super('the send may or may not have been delivered');
    this.name = 'OutboundOutcomeUnknown';
  }
}

/** An attempt abandoned after the throttle's time-out (its request aborted); never certain not to have arrived. */
export class OutboundTimeout extends Error {
  readonly code = 'ETIMEDOUT';
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
    this.name = 'OutboundTimeout';
  }
}

/** What an abandoned (timed-out) attempt did after all: answered, failed, or was aborted as asked. */
export type LateOutcome = { settled: 'fulfilled' } | { settled: 'rejected'; aborted: boolean; error: unknown };

/** A send that was still waiting for its turn when the throttle was shut down (never sent). */
export class OutboundCancelled extends Error {
  constructor() {
    super('shutting down: the send was not made');
    this.name = 'OutboundCancelled';
  }
}

/**
 * A clock for an injected `sleep` that does not really wait (tests): time moves on by what was slept, so a wait for
 * a rate window or a Retry-After ends instead of spinning.
 */
export function clockOfSleep(sleep: (ms: number) => Promise<void>): { now: () => number; sleep: (ms: number) => Promise<void> } {
  let slept = 0;
  return {
    now: () => Date.now() + slept,
    sleep: async (ms) => {
      slept += ms;
      await sleep(ms);
    },
  };
}

export interface RunOptions {
  /** True for updates of a known activity id, deletes and reads; false (default) for a POST of a new activity. */
  idempotent?: boolean;
  /** Told when an attempt abandoned after its time-out settles after all (its result is ignored). */
  onLate?: (late: LateOutcome) => void;
}

const REFUSED = new Set([429, 412]);
/** 5xx answers that say the same thing every time (not implemented, HTTP version): never retried. */
const DEFINITE_5XX = new Set([501, 505]);

/** Retry-After in seconds or as an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(value: string | null | undefined, now: number): number | undefined {
  if (value === undefined || value === null || value.trim() === '') return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function defaultClassify(now: () => number) {
  return (error: unknown): AttemptFailure => {
    const e = error as {
      statusCode?: number; code?: string;
      response?: { status?: number; headers?: { get?(name: string): string | undefined | null } | Record<string, string> };
    } | null;
    const status = e?.statusCode ?? e?.response?.status;
    const headers = e?.response?.headers as { get?(name: string): string | undefined | null } | Record<string, string> | undefined;
    const raw = typeof headers?.get === 'function' ? headers.get('retry-after') : (headers as Record<string, string> | undefined)?.['retry-after'];
    const notSent = e?.code === 'ECONNREFUSED' || e?.code === 'ENOTFOUND' || e?.code === 'EAI_AGAIN';
    return { status: typeof status === 'number' ? status : undefined, retryAfterMs: retryAfterMs(raw ?? undefined, now()), notSent };
  };
}

interface Lane {
  /** Send times, oldest first, kept for the longest window. */
  sent: number[];
  pausedUntil: number;
  queued: number;
  tail: Promise<void>;
}

export class OutboundThrottle {
  readonly #conversationWindows: readonly RateWindow[];
  readonly #tenantWindows: readonly RateWindow[];
  readonly #maxAttempts: number;
  readonly #baseDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #maxQueued: number;
  readonly #maxConversations: number;
  readonly #now: () => number;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #random: () => number;
  readonly #classify: (error: unknown) => AttemptFailure;
  readonly #signal: AbortSignal | undefined;
  readonly #timeoutMs: number;
  readonly #startTimer: (ms: number, onTimeout: () => void) => () => void;
  readonly #conversations = new Map<string, Lane>();
  readonly #tenants = new Map<string, Lane>();

  constructor(options: OutboundThrottleOptions = {}) {
    this.#conversationWindows = options.conversationWindows ?? CONVERSATION_WINDOWS;
    this.#tenantWindows = options.tenantWindows ?? TENANT_WINDOWS;
    this.#maxAttempts = options.maxAttempts ?? 4;
    this.#baseDelayMs = options.baseDelayMs ?? 1_000;
    this.#maxDelayMs = options.maxDelayMs ?? 60_000;
    this.#maxQueued = options.maxQueuedPerConversation ?? 200;
    this.#maxConversations = options.maxConversations ?? 10_000;
    this.#now = options.now ?? Date.now;
    this.#signal = options.signal;
    this.#sleep = options.sleep ?? ((ms) => abortableDelay(ms, this.#signal));
    this.#random = options.random ?? Math.random;
    this.#classify = options.classify ?? defaultClassify(this.#now);
    this.#timeoutMs = options.attemptTimeoutMs ?? DEFAULT_ATTEMPT_TIMEOUT_MS;
    this.#startTimer = options.startTimer ?? startUnrefTimer;
  }

  /** Conversations tracked (memory bound). */
  get trackedConversations(): number {
    return this.#conversations.size;
  }

  /** Sends queued or running in one conversation. */
  queued(target: OutboundTarget): number {
    return this.#conversations.get(conversationKey(target))?.queued ?? 0;
  }

  /**
   * Runs `send` when the conversation's and the tenant's budgets allow, after every earlier send of the same
   * conversation; retries as described above. Resolves with what `send` resolved with, or rejects with its last
   * error, OutboundOutcomeUnknown (a non-idempotent send that may have been delivered) or OutboundQueueFull.
   */
  run<T>(target: OutboundTarget, send: (signal: AbortSignal) => Promise<T>, options: RunOptions = {}): Promise<T> {
    const key = conversationKey(target);
    const lane = this.#lane(this.#conversations, key, this.#maxConversations);
    if (lane.queued >= this.#maxQueued) return Promise.reject(new OutboundQueueFull());
    lane.queued++;
    const result = lane.tail.then(() => this.#attempt(target, lane, send, options));
    lane.tail = result.then(() => undefined, () => undefined).finally(() => {
      lane.queued--;
      // Over the bound, an idle lane goes as soon as it is idle (its history then no longer limits anything).
      if (lane.queued === 0 && this.#conversations.size > this.#maxConversations && this.#conversations.get(key) === lane) this.#conversations.delete(key);
      if (this.#tenants.size > this.#maxConversations) this.#tenants.delete((target.tenantId ?? '').toLowerCase());
    });
    return result;
  }

  async #attempt<T>(target: OutboundTarget, lane: Lane, send: (signal: AbortSignal) => Promise<T>, options: RunOptions): Promise<T> {
    const idempotent = options.idempotent ?? false;
    const tenant = this.#lane(this.#tenants, (target.tenantId ?? '').toLowerCase(), this.#maxConversations);
    let last: { error: unknown } | undefined;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#reserve(lane, tenant);
      } catch (error) {
        // Shut down while waiting: a retry gives up with the failure it was retrying.
        if (last) throw last.error;
        throw error;
      }
      try {
        return await this.#timed(send, options.onLate);
      } catch (error) {
        // A time-out: no status, may or may not have been processed.
        const failure: AttemptFailure = error instanceof OutboundTimeout ? {} : this.#classify(error);
        const status = failure.status;
        const refused = (status !== undefined && REFUSED.has(status)) || failure.notSent === true;
        const maybeProcessed = !refused && (status === undefined || (status >= 500 && !DEFINITE_5XX.has(status)));
        if (maybeProcessed && !idempotent) throw new OutboundOutcomeUnknown(error, status);
        const retryable = refused || (maybeProcessed && idempotent);
        if (!retryable || attempt >= this.#maxAttempts || this.#signal?.aborted) throw error;
        last = { error };
        const wait = failure.retryAfterMs !== undefined
          ? Math.min(this.#maxDelayMs, failure.retryAfterMs)
          : Math.min(this.#maxDelayMs, this.#random() * this.#baseDelayMs * 2 ** (attempt - 1));
        // The whole conversation waits, not only this send: the next one would meet the same 429.
        lane.pausedUntil = Math.max(lane.pausedUntil, this.#now() + wait);
      }
    }
  }

  /**
   * One attempt, abandoned after the time-out: its signal is aborted and it rejects with OutboundTimeout at once
   * (the queue does not wait for the aborted request to unwind). A result that still comes goes to `onLate`.
   */
  #timed<T>(send: (signal: AbortSignal) => Promise<T>, onLate: RunOptions['onLate']): Promise<T> {
    const controller = new AbortController();
    const started = (): Promise<T> => {
      try {
        return send(controller.signal);
      } catch (error) {
        return Promise.reject(error);
      }
    };
    if (!(this.#timeoutMs > 0)) return started();
    return new Promise<T>((resolve, reject) => {
      let abandoned = false;
      let settled = false;
      const stop = this.#startTimer(this.#timeoutMs, () => {
        if (settled) return;
        abandoned = true;
        const timeout = new OutboundTimeout(this.#timeoutMs);
        controller.abort(timeout);
        reject(timeout);
      });
      started().then(
        (value) => {
          settled = true;
          if (!abandoned) {
            stop();
            resolve(value);
          } else {
            onLate?.({ settled: 'fulfilled' });
          }
        },
        (error: unknown) => {
          settled = true;
          if (!abandoned) {
            stop();
            reject(error);
          } else {
            onLate?.({ settled: 'rejected', aborted: isAbortError(error, controller.signal), error });
          }
        },
      );
    });
  }

  /** Waits until both lanes have room, then records the send in both. */
  async #reserve(lane: Lane, tenant: Lane): Promise<void> {
    for (;;) {
      const now = this.#now();
      const wait = Math.max(
        lane.pausedUntil - now,
        tenant.pausedUntil - now,
        waitFor(lane.sent, this.#conversationWindows, now),
        waitFor(tenant.sent, this.#tenantWindows, now),
      );
      if (wait > 0 && this.#signal?.aborted) throw new OutboundCancelled();
      if (wait <= 0) {
        lane.sent.push(now);
        tenant.sent.push(now);
        trim(lane.sent, this.#conversationWindows, now);
        trim(tenant.sent, this.#tenantWindows, now);
        return;
      }
      await this.#sleep(Math.ceil(wait));
    }
  }

  #lane(map: Map<string, Lane>, key: string, max: number): Lane {
    let lane = map.get(key);
    if (lane) {
      map.delete(key);
    } else {
      lane = { sent: [], pausedUntil: 0, queued: 0, tail: Promise.resolve() };
    }
    map.set(key, lane);
    if (map.size > max) {
      const now = this.#now();
      for (const [k, l] of map) {
        if (map.size <= max) break;
        // Only idle lanes whose history no longer limits anything can go.
        if (l !== lane && l.queued === 0 && l.pausedUntil <= now) map.delete(k);
      }
    }
    return lane;
  }
}

function startUnrefTimer(ms: number, onTimeout: () => void): () => void {
  const timer = setTimeout(onTimeout, ms);
  timer.unref?.();
  return () => clearTimeout(timer);
}

/** The abandoned request failed because it was aborted (as asked), not with an answer of its own. */
function isAbortError(error: unknown, signal: AbortSignal): boolean {
  const e = error as { name?: string; code?: string } | null;
  return error === signal.reason || e?.name === 'AbortError' || e?.code === 'ABORT_ERR' || e?.code === 'REQUEST_ABORTED';
}

function abortableDelay(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Channel threads (";messageid=") count against their channel. */
function conversationKey(target: OutboundTarget): string {
  return `${(target.tenantId ?? '').toLowerCase()}|${(target.conversationId ?? '').split(';')[0]}`;
}

function waitFor(sent: number[], windows: readonly RateWindow[], now: number): number {
  let wait = 0;
  for (const w of windows) {
    let inWindow = 0;
    let index = sent.length;
    // Count sends within the window from the newest back.
    while (index > 0 && sent[index - 1]! > now - w.windowMs) {
      index--;
      inWindow++;
    }
    if (inWindow >= w.limit) {
      // The (inWindow - limit + 1)-th oldest send in the window must leave it.
      const leaving = sent[index + (inWindow - w.limit)]!;
      wait = Math.max(wait, leaving + w.windowMs - now);
    }
  }
  return wait;
}

function trim(sent: number[], windows: readonly RateWindow[], now: number): void {
  const longest = Math.max(...windows.map((w) => w.windowMs));
  let drop = 0;
  while (drop < sent.length && sent[drop]! <= now - longest) drop++;
  if (drop > 0) sent.splice(0, drop);
}
