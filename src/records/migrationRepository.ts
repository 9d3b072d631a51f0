/**
 * Tracked migrations, their status card, their reminders and the automation's idempotency keys, kept through
 * botbuilder's Storage (lowdb by default).
 *
 * - One record per migration under a tenant-scoped key (its own partition file). Reminder states and idempotency
 *   keys live inside it, so a status change, the key that caused it and a reminder's "sent" mark are each written
 *   atomically with the status they belong to (eTag compare-and-swap, retried on conflict).
 * - `records/migration-ids/<id>`: the tenant of an id, for the automation endpoint (its URL names only the id).
 * - `records/migration-open/<bucket>/<tenant>+<id>`: one small entry per migration that is not finished, with the
 *   time its next reminder is due; finished migrations lose theirs. Each entry has its own eTag, so tenants never
 *   contend for one index, and a status change writes only its own entry. The reminder timer lists the entries by
 *   prefix (listKeys) instead of reading an index.
 *   Why buckets: keys of 4+ '/'-segments share a partition file named by their first 3, and a listing of a whole
 *   3-segment prefix is one partition read while a looser prefix scans every state file. A bucket is the first hex
 *   digit of the tenant's SHA-256, so a tenant's entries are one partition (one read for `open(tenant)`), and a
 *   reminder pass reads OPEN_BUCKETS small partitions, whatever else is stored.
 * Reads through Teams always name the tenant: an id from another organisation is simply not found.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Logger } from '../logging.js';
import { dueReminders, deadlines, isTerminal, type MigrationStatus, type StatusPhase } from '../domain/status/index.js';
import type { IdentityMapSummary } from '../domain/identity/types.js';
import { readAddress, type ConversationAddress as Reference } from './conversationAddress.js';
import { CasExhaustedError, casCreate, casModify, casUpdate, keyPart as safe } from './cas.js';
import { canListKeys, type KeyListingStore, type KeyValueStore } from './kv.js';

export interface StatusCardState {
  /** The channel the card belongs to. */
  channel: Reference;
  /** The card's thread (the root post is the card); null until it is posted. */
  thread: Reference | null;
  activityId: string | null;
  /** The migration revision the card shows; behind `migration.revision` means the card needs an update. */
  revision: number;
  postedAt: string | null;
  updatedAt: string | null;
  /** Why the last post or update failed, while it is failing (a Notifier failure reason). */
  failing: string | null;
  /** Failed attempts in a row at showing `failingRevision` (absent in records written before backoff). */
  attempts?: number;
  /** The migration revision the failed attempts tried to show; a newer revision starts counting again. */
  failingRevision?: number | null;
  /** Not before this (ISO) does the reminder timer try again; null when it may try on its next pass. */
  nextAttemptAt?: string | null;
  /** When the timer stopped trying (ISO): only a change or the channel talking to the bot again restarts it. */
  gaveUpAt?: string | null;
  /**
   * Revisions whose change reply is owed in the card's thread (the change happened while the card had no thread:
   * another instance was posting it, or its post failed); the changes are in the migration's history. Posted, and
   * taken out, by the next publish that has a thread. Absent in older records: nothing owed.
   */
  pendingReplies?: number[];
}

/** Owed thread replies kept per migration (the oldest are dropped beyond it). */
export const MAX_PENDING_REPLIES = 20;

export const REMINDER_STATES = ['sending', 'sent', 'failed', 'skipped'] as const;
export type ReminderState = (typeof REMINDER_STATES)[number];

/** A reminder's delivery, keyed by the domain's reminder id (stable per clock and window). */
export interface ReminderRecord {
  state: ReminderState;
  at: string;
  attempts: number;
  activityId?: string | null;
  reason?: string;
}

export interface IdempotencyRecord {
  /** SHA-256 of the Idempotency-Key header (the key itself is not kept). */
  keyHash: string;
  /** SHA-256 of the request it answered: the same key with another request is refused. */
  fingerprint: string;
  at: string;
  status: number;
  body: unknown;
}

export interface StoredMigration {
  tenantId: string;
  migration: MigrationStatus;
  card: StatusCardState | null;
  trackedBy: { id: string; name: string };
  reminders: Record<string, ReminderRecord>;
  idempotency: IdempotencyRecord[];
  /** The workstreams joined to this migration (the plan); absent in records written before plans: nothing joined. */
  joins?: MigrationJoins;
}

/** Where a plan card was posted, so it can be updated in place. */
export interface PlanCardState {
  /** The conversation the card lives in (a channel thread, a group chat or a personal chat). */
  address: Reference;
  activityId: string | null;
  postedAt: string;
  updatedAt: string | null;
  /** Why the last in-place update failed, while it is failing. */
  failing: string | null;
}

/** The identity map checked for this migration: its summary only (never the people in it). */
export interface JoinedIdentityMap {
  summary: IdentityMapSummary;
  checkedAt: string;
  checkedBy: { id: string; name: string };
}

export interface MigrationJoins {
  /** Assessments joined to the migration, oldest first. */
  assessmentIds: string[];
  /** The mailbox-move readiness record joined, when there is one. */
  mailboxId: string | null;
  identityMap: JoinedIdentityMap | null;
  /** Where the plan card was posted last (updated in place when a workstream changes). */
  planCard: PlanCardState | null;
}

/** The joins of a record, with the defaults for records written before plans (nothing joined). */
export function joinsOf(record: StoredMigration): MigrationJoins {
  const j = record.joins;
  return {
    assessmentIds: Array.isArray(j?.assessmentIds) ? j.assessmentIds : record.migration.assessmentId ? [record.migration.assessmentId] : [],
    mailboxId: j?.mailboxId ?? null,
    identityMap: j?.identityMap ?? null,
    planCard: j?.planCard ? { ...j.planCard, address: readAddress(j.planCard.address) } : null,
  };
}

export interface OpenMigration {
  tenantId: string;
  id: string;
  name: string;
  phase: StatusPhase;
  environment: string | null;
  assessmentId: string | null;
  channelId: string | null;
  /** When the next reminder is due (ISO), null when no clock needs one. */
  remindAt: string | null;
  /** The card is behind the status (a post or update failed): the timer tries again. */
  cardBehind: boolean;
  /** While the card is behind: not before this (ISO) does the timer try again (backoff). */
  cardRetryAt?: string | null;
  /** While the card is behind: the timer gave up at this time (ISO). */
  cardGaveUpAt?: string | null;
}

/** Failed reminder sends are tried again on later ticks, this many times in all. */
export const MAX_REMINDER_ATTEMPTS = 3;
/** Idempotency keys are honoured this long, and at most this many per migration (newest kept). */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
export const MAX_IDEMPOTENCY_KEYS = 20;

const recordKey = (tenantId: string, id: string): string => `records/migrations/${safe(tenantId)}+${safe(id)}`;
const idKey = (id: string): string => `records/migration-ids/${safe(id)}`;
const trackClaimKey = (tenantId: string, channelId: string, subject: string): string =>
  `claims/track/${safe(tenantId)}/${safe(channelId)}/${safe(subject.trim().replace(/\s+/g, ' '))}`;
/** How long a track claim without its migration is respected (the winner is creating it). */
export const CLAIM_GRACE_MS = 2 * 60 * 1000;
interface TrackClaim {
  migrationId: string;
  at: string;
}
const firstCardClaimKey = (tenantId: string, id: string): string => `claims/first-card/${safe(tenantId)}+${safe(id)}`;
/**
 * How long a claim on posting a migration's first status card is respected: longer than one post can take through
 * the outbound throttle (a queue of sends and Retry-After waits of at most a minute each), short enough that a
 * migration whose poster crashed gets its card from the next reminder pass.
 */
export const FIRST_CARD_CLAIM_MS = 5 * 60 * 1000;
interface FirstCardClaim {
  owner: string;
  at: string;
  expiresAt: string;
}
/** Every open-migration entry starts with this. */
export const OPEN_PREFIX = 'records/migration-open/';
/** Hex digits of a tenant's SHA-256 that pick its bucket: 16 buckets. */
export const OPEN_BUCKETS = 16;
const bucketOf = (tenantId: string): string => sha256(tenantId.toLowerCase()).slice(0, 1);
const tenantOpenPrefix = (tenantId: string): string => `${OPEN_PREFIX}${bucketOf(tenantId)}/${safe(tenantId)}+`;
const openKey = (tenantId: string, id: string): string => `${tenantOpenPrefix(tenantId)}${safe(id)}`;

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** When the next reminder of this migration is due: the earliest open window whose reminder is not yet done. */
export function nextReminderAt(record: StoredMigration, now: Date): string | null {
  const t = now.getTime();
  let next: string | null = null;
  for (const d of deadlines(record.migration, now)) {
    if (!d.active || t >= Date.parse(d.dueAt)) continue;
    const at = new Date(Math.max(t, Date.parse(d.remindAt)));
    const reminder = dueReminders(record.migration, at).find((r) => r.kind === d.kind);
    if (!reminder) continue;
    const state = record.reminders[reminder.id];
    const done = state && (state.state !== 'failed' || state.attempts >= MAX_REMINDER_ATTEMPTS);
    if (done) continue;
    if (next === null || Date.parse(d.remindAt) < Date.parse(next)) next = d.remindAt;
  }
  return next;
}

function openEntry(record: StoredMigration, now: Date): OpenMigration | null {
  const m = record.migration;
  if (isTerminal(m.phase)) return null;
  return {
    tenantId: record.tenantId,
    id: m.id,
    name: m.name,
    phase: m.phase,
    environment: m.environment,
    assessmentId: m.assessmentId,
    channelId: record.card?.channel.conversation?.id ?? null,
    remindAt: nextReminderAt(record, now),
    cardBehind: record.card !== null && (record.card.activityId === null || record.card.revision < m.revision || (record.card.pendingReplies?.length ?? 0) > 0),
    cardRetryAt: record.card?.nextAttemptAt ?? null,
    cardGaveUpAt: record.card?.gaveUpAt ?? null,
  };
}

export class MigrationRepository {
  private readonly storage: KeyListingStore;
  /** Entries whose write failed after their record was saved; the next listing writes them again. */
  private readonly unsynced = new Map<string, { tenantId: string; id: string }>();

  /** `storage` must list keys by prefix (LowdbStorage and BlobStorage do; the open migrations are listed so). */
  constructor(storage: KeyValueStore, private readonly now: () => Date = () => new Date(), private readonly logger?: Logger) {
    if (!canListKeys(storage)) throw new TypeError('MigrationRepository needs a Storage with listKeys(prefix)');
    this.storage = storage;
  }

  /** A fresh id: "m-" and 8 characters from an unambiguous alphabet, unused in any tenant. */
  async newId(): Promise<string> {
    for (;;) {
      const id = `m-${randomId()}`;
      if (Object.keys(await this.storage.read([idKey(id)])).length === 0) return id;
    }
  }

  async create(input: Omit<StoredMigration, 'reminders' | 'idempotency'>): Promise<StoredMigration> {
    const record: StoredMigration = { ...input, tenantId: input.tenantId.toLowerCase(), reminders: {}, idempotency: [] };
    const id = record.migration.id;
    // Create-only: an id is claimed once, so a record of another migration (or tenant) is never overwritten.
    if (!(await casCreate(this.storage, idKey(id), { tenantId: record.tenantId }))) {
      throw new Error(`The migration id ${id} is already taken`);
    }
    await this.storage.write({ [recordKey(record.tenantId, id)]: { ...record, eTag: '*' } });
    await this.trySyncIndex(record);
    return record;
  }

  /**
   * Claims "this migration is being tracked here" before it is created: one create-only key per tenant, channel
   * and subject (an assessment and environment, or the normalised name), so two posts of `track` at the same
   * instant, on one instance or two, create one migration. A claim whose migration is finished, or that never got
   * its migration (a crash between claim and create) after CLAIM_GRACE_MS, is taken over.
   */
  async claimTrack(tenantId: string, channelId: string, subject: string, migrationId: string): Promise<{ ok: true } | { ok: false; migrationId: string }> {
    const key = trackClaimKey(tenantId, channelId, subject);
    const found = (await this.storage.read([key]))[key] as TrackClaim | undefined;
    let stale: string | undefined;
    if (found?.migrationId) {
      const record = await this.get(tenantId, found.migrationId);
      const young = this.now().getTime() - Date.parse(found.at) < CLAIM_GRACE_MS;
      if (record ? isTerminal(record.migration.phase) : !young) stale = found.migrationId;
    }
    const at = this.now().toISOString();
    const outcome = await casModify<TrackClaim, { ok: true } | { ok: false; migrationId: string }>(this.storage, key, (current) =>
      !current || current.migrationId === stale
        ? { next: { migrationId, at }, result: { ok: true } }
        : { next: null, result: { ok: false, migrationId: current.migrationId } },
    );
    return outcome.result;
  }

  /**
   * Claims the right to post a migration's first status card: one key per migration, created only if absent (or
   * taken over once the holder's claim has expired: it crashed between claim and post), so no second instance or
   * timer posts a second first card. The caller must read the record again after winning (a card the previous
   * holder recorded is then visible) and call releaseFirstCard once the outcome is recorded.
   */
  async claimFirstCard(tenantId: string, id: string, owner: string, ttlMs: number = FIRST_CARD_CLAIM_MS): Promise<boolean> {
    const at = this.now();
    const outcome = await casModify<FirstCardClaim, boolean>(this.storage, firstCardClaimKey(tenantId, id), (current) =>
      !current || current.owner === owner || Date.parse(current.expiresAt) <= at.getTime()
        ? { next: { owner, at: at.toISOString(), expiresAt: new Date(at.getTime() + ttlMs).toISOString() }, result: true }
        : { next: null, result: false },
    );
    return outcome.result;
  }

  /** Ends the caller's own claim (someone else's, taken over after expiry, is left alone). */
  async releaseFirstCard(tenantId: string, id: string, owner: string): Promise<void> {
    const released = new Date(0).toISOString();
    await casModify<FirstCardClaim, undefined>(this.storage, firstCardClaimKey(tenantId, id), (current) =>
      current?.owner === owner ? { next: { ...current, expiresAt: released }, result: undefined } : { next: null, result: undefined },
    );
  }

  /** undefined when unknown in this tenant (including ids that exist in another tenant). */
  async get(tenantId: string, id: string): Promise<StoredMigration | undefined> {
    const found = await this.readRecord(tenantId, id);
    return found?.record;
  }

  /** For the automation endpoint, whose token is the bot's own: the id alone finds the record. */
  async getById(id: string): Promise<StoredMigration | undefined> {
    const owner = (await this.storage.read([idKey(id)]))[idKey(id)] as { tenantId?: string } | undefined;
    if (!owner?.tenantId) return undefined;
    return this.get(owner.tenantId, id);
  }

  /**
   * Read-modify-write with eTag retries. `change` returns the new record, or null to leave it as it is (the
   * result then says `changed: false`). It may run more than once: keep it free of side effects.
   */
  async update(
    tenantId: string,
    id: string,
    change: (current: StoredMigration) => StoredMigration | null,
  ): Promise<{ record: StoredMigration; changed: boolean } | undefined> {
    const outcome = await this.modify<undefined>(tenantId, id, (current) => ({ next: change(current), result: undefined }));
    return outcome && { record: outcome.record, changed: outcome.changed };
  }

  /**
   * update() whose step also returns a result (`{ next, result }`, next null for "leave it"): the result of the
   * round that won comes back with the record, so callers never pass facts out through captured variables.
   */
  async modify<R>(
    tenantId: string,
    id: string,
    step: (current: StoredMigration) => { next: StoredMigration | null; result: R },
  ): Promise<{ record: StoredMigration; changed: boolean; result: R } | undefined> {
    if (!(await this.readRecord(tenantId, id))) return undefined;
    let outcome;
    try {
      outcome = await casModify<StoredMigration, { found: boolean; result?: R }>(this.storage, recordKey(tenantId, id), (current) => {
        if (!current || current.tenantId !== tenantId.toLowerCase()) return { next: null, result: { found: false } };
        const { next, result } = step(upgradeRecord(current));
        return { next, result: { found: true, result } };
      }, { attempts: 8 });
    } catch (error) {
      if (error instanceof CasExhaustedError) throw new Error('Could not update the migration after 8 attempts');
      throw error;
    }
    if (!outcome.result.found || !outcome.value) return undefined;
    if (outcome.changed) await this.trySyncIndex(outcome.value);
    return { record: outcome.value, changed: outcome.changed, result: outcome.result.result as R };
  }

  /** Migrations that are not finished, in one tenant or in all. */
  async open(tenantId?: string): Promise<OpenMigration[]> {
    await this.retryUnsynced(tenantId);
    const prefixes = tenantId === undefined
      ? Array.from({ length: OPEN_BUCKETS }, (_, i) => `${OPEN_PREFIX}${i.toString(16)}/`)
      : [tenantOpenPrefix(tenantId)];
    const keys = (await Promise.all(prefixes.map((p) => this.storage.listKeys(p)))).flat();
    if (keys.length === 0) return [];
    const items = await this.storage.read(keys);
    const entries = keys
      .map((k) => items[k] as (OpenMigration & { eTag?: string }) | undefined)
      .filter((e): e is OpenMigration & { eTag?: string } => !!e)
      .map(({ eTag: _eTag, ...entry }) => entry as OpenMigration);
    return tenantId === undefined ? entries : entries.filter((e) => e.tenantId === tenantId.toLowerCase());
  }

  /** Brings a migration's open entry up to date (after a change, or when time moved on). */
  async syncIndex(record: StoredMigration): Promise<void> {
    const entry = openEntry(record, this.now());
    const key = openKey(record.tenantId, record.migration.id);
    if (entry === null) {
      await this.storage.delete([key]);
      return;
    }
    await casUpdate<OpenMigration>(this.storage, key, (current) =>
      JSON.stringify(current ?? null) === JSON.stringify(entry) ? null : entry, { attempts: 8 });
  }

  /**
   * The record is saved already: a failed entry write must not turn the change into an error (the caller would
   * report a failure for a change that happened). It is logged and written again before the next listing.
   */
  private async trySyncIndex(record: StoredMigration): Promise<void> {
    const key = openKey(record.tenantId, record.migration.id);
    try {
      await this.syncIndex(record);
      this.unsynced.delete(key);
    } catch (error) {
      if (!this.unsynced.has(key)) {
        this.logger?.warn('open migration entry not saved', { migrationId: record.migration.id, errorName: (error as Error)?.name });
      }
      this.unsynced.set(key, { tenantId: record.tenantId, id: record.migration.id });
    }
  }

  private async retryUnsynced(tenantId?: string): Promise<void> {
    for (const [key, pending] of [...this.unsynced]) {
      if (tenantId !== undefined && pending.tenantId !== tenantId.toLowerCase()) continue;
      try {
        const found = await this.readRecord(pending.tenantId, pending.id);
        if (found) await this.syncIndex(found.record);
        else await this.storage.delete([key]);
        this.unsynced.delete(key);
      } catch {
        // Still failing: the entry stays queued; the failure was logged when it first happened.
      }
    }
  }

  private async readRecord(tenantId: string, id: string): Promise<{ record: StoredMigration; eTag: string } | undefined> {
    if (typeof id !== 'string' || !/^[a-z0-9][a-z0-9_-]{0,63}$/i.test(id)) return undefined;
    const key = recordKey(tenantId, id);
    const item = (await this.storage.read([key]))[key] as (StoredMigration & { eTag?: string }) | undefined;
    if (!item || item.tenantId !== tenantId.toLowerCase()) return undefined;
    const { eTag, ...record } = item;
    return { record: upgradeRecord(record), eTag: eTag ?? '*' };
  }
}

/**
 * The record with its card's addresses in the project's shape: records written before it held the SDK's
 * ConversationReference; they are read as they are and saved in the new shape on their next change.
 */
function upgradeRecord(record: StoredMigration): StoredMigration {
  if (!record.card) return record;
  return {
    ...record,
    card: { ...record.card, channel: readAddress(record.card.channel), thread: record.card.thread ? readAddress(record.card.thread) : null },
  };
}

function randomId(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  return Array.from(randomBytes(8), (b) => alphabet[b % alphabet.length]).join('');
}
