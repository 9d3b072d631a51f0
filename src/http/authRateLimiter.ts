/**
 * Rate limit for failed authentication, per client address: a token bucket per address that only failures take
 * from. A client that keeps presenting wrong tokens gets 429 with Retry-After once its bucket is empty; clients
 * that authenticate are never slowed. Memory is bounded: at most `maxClients` buckets, the least recently seen
 * dropped first (a dropped bucket starts full again, which only ever favours the client). The clock is injected.
 */

export interface AuthRateLimiterOptions {
  /** Failures allowed in a burst (the bucket size). */
  burst?: number;
  /** Failures refilled per minute. */
  perMinute?: number;
  /** Most client addresses tracked. */
  maxClients?: number;
  now?: () => number;
}

export const DEFAULT_AUTH_FAILURE_BURST = 10;
export const DEFAULT_AUTH_FAILURES_PER_MINUTE = 10;
export const DEFAULT_MAX_TRACKED_CLIENTS = 10_000;

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updated: number;
}

export class AuthFailureRateLimiter {
  readonly #burst: number;
  readonly #perMs: number;
  readonly #maxClients: number;
  readonly #now: () => number;
  readonly #buckets = new Map<string, Bucket>();

  constructor(options: AuthRateLimiterOptions = {}) {
    this.#burst = options.burst ?? DEFAULT_AUTH_FAILURE_BURST;
    this.#perMs = (options.perMinute ?? DEFAULT_AUTH_FAILURES_PER_MINUTE) / 60_000;
    this.#maxClients = options.maxClients ?? DEFAULT_MAX_TRACKED_CLIENTS;
    this.#now = options.now ?? Date.now;
    if (!(this.#burst >= 1) || !(this.#perMs > 0) || !(this.#maxClients >= 1)) throw new RangeError('invalid rate limit');
  }

  /** Clients tracked now (memory bound check). */
  get trackedClients(): number {
    return this.#buckets.size;
  }

  /** Before authenticating: may this client try? (Does not take a token.) */
  check(client: string): RateDecision {
    const bucket = this.#refill(client, false);
    if (!bucket || bucket.tokens >= 1) return { allowed: true };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.#perMs / 1000)) };
  }

  /** After a failed authentication: take a token. Returns the decision for the next attempt. */
  fail(client: string): RateDecision {
    const bucket = this.#refill(client, true)!;
    bucket.tokens = Math.max(0, bucket.tokens - 1);
    return this.check(client);
  }

  #refill(client: string, create: boolean): Bucket | undefined {
    const key = normaliseClient(client);
    const now = this.#now();
    let bucket = this.#buckets.get(key);
    if (!bucket) {
      if (!create) return undefined;
      bucket = { tokens: this.#burst, updated: now };
    } else {
      bucket.tokens = Math.min(this.#burst, bucket.tokens + Math.max(0, now - bucket.updated) * this.#perMs);
      bucket.updated = now;
      this.#buckets.delete(key);
    }
    // Re-inserted: the map's order is least recently seen first.
    this.#buckets.set(key, bucket);
    // A full bucket carries no information: forget it.
    if (bucket.tokens >= this.#burst && !create) {
      this.#buckets.delete(key);
      return bucket;
    }
    while (this.#buckets.size > this.#maxClients) {
      const oldest = this.#buckets.keys().next().value;
      if (oldest === undefined) break;
      this.#buckets.delete(oldest);
    }
    return bucket;
  }
}

/**
 * The client address a limit applies to: IPv4-mapped IPv6 folded to IPv4, IPv6 cut to its /64 (one host usually
 * owns a whole /64, so per-address limits would be trivial to sidestep), bounded in length.
 */
export function normaliseClient(address: string): string {
  let a = (address ?? '').trim().toLowerCase().slice(0, 64);
  if (a.startsWith('::ffff:') && /^::ffff:\d+\.\d+\.\d+\.\d+$/.test(a)) a = a.slice(7);
  if (a.includes(':')) {
    const expanded = expandIPv6(a);
    if (expanded) return `${expanded.slice(0, 4).join(':')}::/64`;
  }
  return a || 'unknown';
}

function expandIPv6(a: string): string[] | undefined {
  const zoneless = a.split('%')[0]!;
  const halves = zoneless.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  if (tail.some((p) => p.includes('.')) || head.some((p) => p.includes('.'))) return undefined;
  const missing = 8 - head.length - tail.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return undefined;
  const groups = [...head, ...Array<string>(missing).fill('0'), ...tail];
  if (!groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return undefined;
  return groups.map((g) => g.replace(/^0+(?=.)/, ''));
}
