/**
 * A per-conversation turn lease held on the store itself, so that several bot instances behind a load balancer
 * (the Bot Connector keeps no affinity) never run two turns of one conversation at the same time. Azure Blob
 * leases are the primitive: an exclusive write lock on a blob for 15 to 60 seconds, renewable, released on
 * demand, and expiring on its own when its holder dies. Azurite implements them.
 *
 * One empty lease blob per conversation (`leases/turn/<sha256 of the conversation key>`), created on first use.
 * acquire() waits (polling with jittered back-off) at most `maxWaitMs` for a lease another instance holds, then
 * gives up with TurnLeaseBusy, so the caller can answer within Teams' deadlines (5 s for invokes) rather than
 * hang. While held, the lease is renewed every third of its duration; if a renewal fails the held lease reports
 * `lost` and aborts its signal (the turn should then not save: the conversation-state eTag check is the second
 * line of defence). release() gives it back at once.
 *
 * Lease ids are derived from an instance id and the conversation key. A process restarted with the same instance
 * id (INSTANCE_ID or the host name) gets its own lease back at once instead of waiting for it to expire, which
 * matters after a crash: Teams redelivers the cut activity to the restarted process. Two live processes must
 * never share an instance id; the default is random per process. Within one process, turns of one conversation
 * are queued here before the lease is asked for (the lease id is the same for both, so the service would not
 * tell them apart).
 */
import { createHash, randomUUID } from 'node:crypto';
import type { ContainerClient } from '@azure/storage-blob';
import { statusOf } from './blobSupport.js';

export const TURN_LEASE_PREFIX = 'leases/turn/';
/** Azure accepts 15 to 60 seconds (or infinite, which a crashed holder would keep forever). */
export const MIN_LEASE_SECONDS = 15;
export const MAX_LEASE_SECONDS = 60;
export const DEFAULT_LEASE_SECONDS = 20;
/** An invoke must be answered within about 5 s; leave time for the turn itself. */
export const DEFAULT_MAX_WAIT_MS = 3_000;

export class TurnLeaseBusy extends Error {
  constructor(readonly waitedMs: number) {
    super('another instance is running a turn of this conversation');
    this.name = 'TurnLeaseBusy';
  }
}

export interface TurnLeaseOptions {
  /** The container the state lives in (BlobContainer.client); must exist (the stores create it on open). */
  client: ContainerClient;
  /** Stable per process across restarts when set (INSTANCE_ID, host name); random per process by default. */
  instanceId?: string;
  leaseSeconds?: number;
  maxWaitMs?: number;
  /** First poll interval while waiting; doubles up to maxPollMs, with jitter. */
  pollMs?: number;
  maxPollMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Called when a held lease could not be renewed (logged by the caller; never the key). */
  onLost?: (reason: string) => void;
}

export interface HeldTurnLease {
  /** The lease blob's name (hashed; names no conversation). */
  readonly blobName: string;
  readonly leaseId: string;
  /** How long acquire waited, in ms. */
  readonly waitedMs: number;
  /** True once a renewal failed: another instance may hold the conversation now. */
  readonly lost: boolean;
  /** Aborted when the lease is lost. */
  readonly signal: AbortSignal;
  release(): Promise<void>;
}

/** A GUID-shaped lease id, the same for the same instance and conversation. */
export function leaseIdFor(instanceId: string, key: string): string {
  const h = createHash('sha256').update(`${instanceId}\n${key}`, 'utf8').digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function leaseBlobName(key: string): string {
  return `${TURN_LEASE_PREFIX}${createHash('sha256').update(key, 'utf8').digest('hex')}`;
}

function errorCode(error: unknown): string | undefined {
  const e = error as { code?: unknown; details?: { errorCode?: unknown } } | null;
  const code = e?.details?.errorCode ?? e?.code;
  return typeof code === 'string' ? code : undefined;
}

export class BlobTurnLease {
  readonly instanceId: string;
  readonly leaseSeconds: number;
  readonly #client: ContainerClient;
  readonly #maxWaitMs: number;
  readonly #pollMs: number;
  readonly #maxPollMs: number;
  readonly #now: () => number;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #random: () => number;
  readonly #onLost?: (reason: string) => void;
  /** In-process queue per lease blob: the service cannot tell two turns of this process apart. */
  readonly #local = new Map<string, Promise<void>>();
  readonly #created = new Set<string>();
  readonly #held = new Set<HeldTurnLease>();

  constructor(options: TurnLeaseOptions) {
    this.#client = options.client;
    this.instanceId = options.instanceId ?? randomUUID();
    this.leaseSeconds = Math.min(MAX_LEASE_SECONDS, Math.max(MIN_LEASE_SECONDS, Math.round(options.leaseSeconds ?? DEFAULT_LEASE_SECONDS)));
    this.#maxWaitMs = options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;
    this.#pollMs = options.pollMs ?? 25;
    this.#maxPollMs = options.maxPollMs ?? 250;
    this.#now = options.now ?? Date.now;
    this.#sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.#random = options.random ?? Math.random;
    this.#onLost = options.onLost;
  }

  /** Leases held by this process now. */
  get held(): number {
    return this.#held.size;
  }

  /**
   * Waits for the conversation's lease (in this process first, then on the store), at most maxWaitMs in all.
   * Rejects with TurnLeaseBusy when it could not be had in time, or with the store's error.
   */
  async acquire(key: string, options: { maxWaitMs?: number } = {}): Promise<HeldTurnLease> {
    const started = this.#now();
    const deadline = started + (options.maxWaitMs ?? this.#maxWaitMs);
    const blobName = leaseBlobName(key);
    const leaseId = leaseIdFor(this.instanceId, key);

    // Local queue: the previous holder in this process releases before this one asks the store.
    const queuedBehind = this.#local.get(blobName);
    const previous = queuedBehind ?? Promise.resolve();
    let releaseLocal!: () => void;
    const mine = new Promise<void>((r) => (releaseLocal = r));
    const tail = previous.then(() => mine);
    this.#local.set(blobName, tail);
    const dropLocal = (): void => {
      releaseLocal();
      if (this.#local.get(blobName) === tail) this.#local.delete(blobName);
    };
    try {
      if (queuedBehind && !(await settlesWithin(previous, deadline - this.#now()))) throw new TurnLeaseBusy(this.#now() - started);
      await this.#acquireOnStore(blobName, leaseId, started, deadline);
    } catch (error) {
      // Whoever queued after this one must not wait for a lease it never held.
      previous.then(dropLocal, dropLocal);
      throw error;
    }
    return this.#hold(blobName, leaseId, this.#now() - started, dropLocal);
  }

  /** Releases every lease this process holds (graceful shutdown). */
  async releaseAll(): Promise<void> {
    await Promise.all([...this.#held].map((h) => h.release()));
  }

  async #ensureBlob(blobName: string): Promise<void> {
    if (this.#created.has(blobName)) return;
    try {
      await this.#client.getBlockBlobClient(blobName).upload('', 0, { conditions: { ifNoneMatch: '*' } });
    } catch (error) {
      const status = statusOf(error);
      // 409: exists already; 412: exists and is leased (a write without the lease id is refused).
      if (status !== 409 && status !== 412) throw error;
    }
    this.#created.add(blobName);
  }

  async #acquireOnStore(blobName: string, leaseId: string, started: number, deadline: number): Promise<void> {
    let poll = this.#pollMs;
    for (;;) {
      await this.#ensureBlob(blobName);
      try {
        await this.#client.getBlobClient(blobName).getBlobLeaseClient(leaseId).acquireLease(this.leaseSeconds);
        return;
      } catch (error) {
        const status = statusOf(error);
        if (status === 404) {
          // Someone deleted the lease blob (a container clean-up): create it again.
          this.#created.delete(blobName);
        } else if (status !== 409) {
          throw error;
        }
      }
      const left = deadline - this.#now();
      if (left <= 0) throw new TurnLeaseBusy(this.#now() - started);
      const wait = Math.min(left, poll / 2 + this.#random() * (poll / 2));
      await this.#sleep(wait);
      poll = Math.min(this.#maxPollMs, poll * 2);
    }
  }

  #hold(blobName: string, leaseId: string, waitedMs: number, dropLocal: () => void): HeldTurnLease {
    const lease = this.#client.getBlobClient(blobName).getBlobLeaseClient(leaseId);
    const controller = new AbortController();
    let lost = false;
    let released: Promise<void> | undefined;
    const renewEvery = Math.floor((this.leaseSeconds * 1000) / 3);
    const timer = setInterval(() => {
      lease.renewLease().catch((error: unknown) => {
        if (released || lost) return;
        lost = true;
        clearInterval(timer);
        controller.abort();
        this.#onLost?.(`renewal failed (${statusOf(error) ?? 'no status'} ${errorCode(error) ?? ''})`.trim());
      });
    }, renewEvery);
    timer.unref?.();
    const held: HeldTurnLease = {
      blobName,
      leaseId,
      waitedMs,
      get lost() {
        return lost;
      },
      signal: controller.signal,
      release: () => {
        released ??= (async () => {
          clearInterval(timer);
          this.#held.delete(held);
          try {
            if (!lost) await lease.releaseLease();
          } catch (error) {
            // 409 LeaseIdMismatch / LeaseNotPresent: it expired or was taken; nothing left to give back.
            if (statusOf(error) !== 409 && statusOf(error) !== 412) throw error;
          } finally {
            dropLocal();
          }
        })();
        return released;
      },
    };
    this.#held.add(held);
    return held;
  }
}

/** True when `promise` settles within `ms` (the timer is cleared either way and never keeps the process alive). */
function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  if (ms <= 0) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    timer.unref?.();
    const done = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    promise.then(done, done);
  });
}
