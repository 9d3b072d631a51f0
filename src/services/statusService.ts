/**
 * Migration status, the application service: one card per migration in a team channel, posted as a new thread,
 * updated in place, changed by people (typed command, card buttons) or by automation (the HTTP API), with a one-line
 * reply in the card's thread for every change and a reminder a day before either 7-day window closes.
 *
 * Plain inputs in, outcomes out: it never sees the SDK or the HTTP server. The Teams route file
 * (src/bot/statusRoutes.ts) and the API route module (src/server/statusApi.ts) translate. The status rules
 * (phases, transitions, clocks, reminder texts, the status JSON) are the pure domain in src/domain/status. All sends
 * go through the Notifier port, in the background: an invoke must be answered within Teams' few seconds, and the
 * card lives in the very thread the person may be typing in.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { cardAttachment } from '../cards/renderer.js';
import { STATUS_TEMPLATE, statusCardView, type StatusCardView } from '../cards/statusView.js';
import {
  applyStatusChange, changeSummary, formatUtc, createMigration, describeStatus, dueReminders, PHASE_INFO, splitPhaseAndNote, suggestPhase,
  STATUS_PHASES, type Actor, type ChangeVia, type MigrationStatus, type StatusChange, type StatusView,
} from '../domain/status/index.js';
import { listText } from '../domain/text.js';
import { parsePhaseTime } from '../domain/reliability/phaseTime.js';
import type { Logger } from '../logging.js';
import type { BackgroundTasks } from '../proactive/backgroundTasks.js';
import { baseConversationId } from '../proactive/conversationIds.js';
import type { ConversationReferenceStore } from '../proactive/conversationReferenceStore.js';
import type { Notifier, OutboundActivity, Reference, SendFailure, ThreadResult } from '../proactive/notifier.js';
import type { AssessmentRepository } from '../records/assessmentRepository.js';
import {
  IDEMPOTENCY_TTL_MS, MAX_IDEMPOTENCY_KEYS, MAX_PENDING_REPLIES, MAX_REMINDER_ATTEMPTS, joinsOf, sha256, type MigrationRepository,
  type OpenMigration, type StatusCardState, type StoredMigration,
} from '../records/migrationRepository.js';
import { KeyedMutex } from '../util/keyedMutex.js';
import type { PlanUpdates } from './planUpdates.js';
import type { TurnFacts } from './turn.js';

export const STATUS_API_PATH = '/api/migrations/:id/status';
/** Longest Idempotency-Key accepted (the usual limit for such keys). */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

export interface StatusServiceDeps {
  migrations: MigrationRepository;
  assessments: AssessmentRepository;
  references: Pick<ConversationReferenceStore, 'get' | 'watch' | 'talkedSince'>;
  notifier: Notifier;
  background: BackgroundTasks;
  logger: Logger;
  now: () => Date;
  /**
   * Bearer tokens of the automation API: one for every tenant (tenantId null) or one per tenant, which then
   * reaches that tenant's migrations only. None turns the API off (503).
   */
  apiTokens: ReadonlyArray<{ tenantId: string | null; token: string }>;
  /** Told of every status change, so the migration's plan card follows. */
  planUpdates?: Pick<PlanUpdates, 'onWorkstreamChanged'>;
}

/** What a card button gets back: the refreshed card's view, or a message for the person who pressed it. */
export type CardAnswer = { card: StatusCardView } | { message: string };

/** An HTTP answer without the HTTP server: status, JSON body, extra headers. */
export interface HttpAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export type StatusService = ReturnType<typeof statusService>;

type ChangeOutcome =
  | { kind: 'unknown' }
  | { kind: 'rejected'; code: 'unknown-phase' | 'not-allowed' | 'invalid-input' | 'stale' | 'key-reused'; message: string }
  | { kind: 'done'; record: StoredMigration; change: StatusChange | null; replay: { status: number; body: unknown } | null };

interface ChangeRequest {
  phase: string;
  note: string | null;
  by: Actor;
  via: ChangeVia;
  /** Card buttons carry the revision they were drawn at: a click on an out-of-date card changes nothing. */
  expectRevision?: number;
  idempotency?: { keyHash: string; fingerprint: string };
  /** When the phase happened, if the person or automation said so (checked by parsePhaseTime); default now. */
  at?: Date;
}

function problem(status: number, error: string, message: string): HttpAnswer {
  return { status, body: { error, message } };
}

/**
 * Card posts and updates that fail are tried again by the reminder timer, further and further apart: 5 minutes
 * after the first failure, doubling, at most CARD_RETRY_CAP_MS apart. A failure such as 400, 401, 403 or 413 fails
 * every time, and a post every pass would hammer Teams forever; after CARD_MAX_ATTEMPTS failures in a row the timer
 * stops until the migration changes (which posts at once and counts again) or the channel talks to the bot again.
 */
export const CARD_RETRY_BASE_MS = 5 * 60 * 1000;
export const CARD_RETRY_CAP_MS = 6 * 60 * 60 * 1000;
export const CARD_MAX_ATTEMPTS = 8;

/** How long to wait after the `attempts`-th failure in a row. */
export function cardRetryDelayMs(attempts: number): number {
  return Math.min(CARD_RETRY_BASE_MS * 2 ** Math.max(0, attempts - 1), CARD_RETRY_CAP_MS);
}

/**
 * Reasons after which a reminder is not sent again: trying again cannot help, or (unknown-outcome: a 5xx or a
 * time-out on the POST) it may already be in the thread and would appear twice.
 */
const NOT_RETRIED: ReadonlySet<SendFailure> = new Set(['not-in-conversation', 'blocked', 'dead-reference', 'not-found', 'bad-request', 'too-large', 'unknown-outcome']);

/** The last post of this revision of the card may have landed (5xx or time-out): it is not posted again blindly. */
const firstPostInDoubt = (record: StoredMigration): boolean =>
  record.card?.failing === 'unknown-outcome' && record.card.failingRevision === record.migration.revision && !record.card.thread;

const withoutPending = (card: StatusCardState): StatusCardState => {
  const { pendingReplies: _taken, ...rest } = card;
  return rest;
};

/** Owner tokens of first-card claims: this process, then a counter. */
const processToken = randomBytes(6).toString('hex');
let claimCounter = 0;

export function cardActivity(view: StatusView): OutboundActivity {
  const card = statusCardView(view);
  return { type: 'message', summary: card.fallbackText, attachments: [cardAttachment(STATUS_TEMPLATE, card)] };
}

/** Constant-time comparison of a presented bearer token with the configured one (hashing evens out lengths). */
export function tokenMatches(presented: string, expected: string): boolean {
  if (expected === '') return false;
  return timingSafeEqual(Buffer.from(sha256(presented), 'hex'), Buffer.from(sha256(expected), 'hex'));
}

function phaseList(): string {
  return STATUS_PHASES.join(', ');
}

function sameText(a: string | null | undefined, b: string | null | undefined): boolean {
  return (a ?? '').trim().toLowerCase() === (b ?? '').trim().toLowerCase();
}

const isGroupChat = (reference: Reference): boolean => reference.conversation?.conversationType === 'groupChat';

export function statusService(deps: StatusServiceDeps) {
  const { migrations, assessments, references, notifier, background, logger, now } = deps;
  const publishLocks = new KeyedMutex();
  const postInChat = async (chat: Reference, activity: OutboundActivity): Promise<ThreadResult> => {
    const sent = await notifier.send(chat, activity);
    if (!sent.ok) return sent;
    return sent.activityId ? { ok: true, activityId: sent.activityId, threadReference: chat } : { ok: false, reason: 'bad-request' };
  };

  // ---- changing a status (typed command, card button, HTTP) -------------------------------------------------------

  const changeStatus = async (tenantId: string, id: string, request: ChangeRequest): Promise<ChangeOutcome> => {
    const at = now();
    const happened = request.at ?? at;
    const updated = await migrations.modify<ChangeOutcome>(tenantId, id, (current) => {
      // May run more than once (eTag retry): decide everything from `current` alone, and return the outcome.
      const keyRecord = request.idempotency
        ? current.idempotency.find((k) => k.keyHash === request.idempotency!.keyHash && at.getTime() - Date.parse(k.at) < IDEMPOTENCY_TTL_MS)
        : undefined;
      if (keyRecord) {
        return {
          next: null,
          result: keyRecord.fingerprint === request.idempotency!.fingerprint
            ? { kind: 'done', record: current, change: null, replay: { status: keyRecord.status, body: keyRecord.body } }
            : { kind: 'rejected', code: 'key-reused', message: 'This Idempotency-Key was already used for a different request. Use a new key for a new change.' },
        };
      }
      if (request.expectRevision !== undefined && request.expectRevision !== current.migration.revision) {
        return { next: null, result: { kind: 'rejected', code: 'stale', message: `${current.migration.name} changed since this card was drawn; here is the current status.` } };
      }
      const result = applyStatusChange(current.migration, { phase: request.phase, note: request.note, by: request.by, via: request.via, at: happened });
      if (!result.ok) return { next: null, result: { kind: 'rejected', code: result.code, message: result.message } };
      const next: StoredMigration = { ...current, migration: result.migration };
      const done: ChangeOutcome = { kind: 'done', record: next, change: result.change, replay: null };
      if (request.idempotency) {
        const body = describeStatus(result.migration, at);
        next.idempotency = [
          ...current.idempotency.filter((k) => at.getTime() - Date.parse(k.at) < IDEMPOTENCY_TTL_MS),
          { ...request.idempotency, at: at.toISOString(), status: 200, body },
        ].slice(-MAX_IDEMPOTENCY_KEYS);
        return { next, result: done };
      }
      return { next: result.changed ? next : null, result: done };
    });
    if (!updated) return { kind: 'unknown' };
    const outcome = updated.result;
    if (outcome.kind === 'done' && outcome.change) {
      const { change } = outcome;
      logger.info('migration status changed', { migrationId: id, phase: change.phase, from: change.from, via: change.via });
      background.run('status.publish', () => publish(updated.record.tenantId, id, change));
      deps.planUpdates?.onWorkstreamChanged(updated.record.tenantId, { migrationId: id });
    } else if (outcome.kind === 'done' && updated.changed && !request.idempotency) {
      // The phase's time moved back ("at"): the card's clocks follow.
      background.run('status.publish', () => publish(updated.record.tenantId, id, null));
    }
    return outcome;
  };

  // ---- the card and its thread -----------------------------------------------------------------------------------

  /** The stored reference with the channel's current serviceUrl (Teams may move a tenant to another one). */
  const freshen = async (tenantId: string, reference: Reference): Promise<Reference> => {
    const channel = await references.get(tenantId, baseConversationId(reference.conversation?.id ?? ''));
    return channel && channel.reference.serviceUrl && channel.reference.serviceUrl !== reference.serviceUrl
      ? { ...reference, serviceUrl: channel.reference.serviceUrl }
      : reference;
  };

  /**
   * A change whose thread reply cannot be posted yet (the card has no thread: another instance holds the first-card
   * claim, or the first post failed) is owed on the record (`card.pendingReplies`, its revision; the change itself
   * is in the history). Whoever next publishes with a thread takes the owed revisions out of the record
   * (compare-and-swap, so exactly one publisher gets each) and posts them. Returns the record after the write.
   */
  const oweReply = async (tenantId: string, id: string, revision: number): Promise<StoredMigration | undefined> => {
    const owed = await migrations.update(tenantId, id, (current) => {
      if (!current.card) return null;
      const pending = current.card.pendingReplies ?? [];
      if (pending.includes(revision)) return null;
      const next = [...pending, revision].sort((x, y) => x - y);
      if (next.length > MAX_PENDING_REPLIES) logger.warn('owed status replies over the bound; the oldest dropped', { migrationId: id });
      return { ...current, card: { ...current.card, pendingReplies: next.slice(-MAX_PENDING_REPLIES) } };
    });
    return owed?.record;
  };

  /** Takes the owed replies out of the record; only the publisher whose write wins gets them. */
  const takeOwedReplies = async (tenantId: string, id: string): Promise<{ record: StoredMigration; revisions: number[] } | undefined> => {
    const taken = await migrations.modify<number[]>(tenantId, id, (current) => {
      const pending = current.card?.pendingReplies ?? [];
      return pending.length === 0 || !current.card
        ? { next: null, result: [] }
        : { next: { ...current, card: withoutPending(current.card) }, result: pending };
    });
    return taken && { record: taken.record, revisions: taken.result };
  };

  /**
   * Brings the card up to date (posting it when it has never been posted, reposting it when it was deleted) and,
   * for a change, replies in its thread. Serialised per migration, and always drawn from the stored record, so
   * two quick changes can never leave the older one on the card. After posting the first card it looks at the
   * record once more: a change recorded meanwhile (on any instance) updates the card and gets its owed reply.
   */
  const publish = async (tenantId: string, id: string, change: StatusChange | null, force = false): Promise<void> => {
    const release = await publishLocks.lock(`${tenantId}+${id}`);
    try {
      if ((await publishOnce(tenantId, id, change, force)) === 'posted-first') await publishOnce(tenantId, id, null, false);
    } finally {
      release();
    }
  };

  const publishOnce = async (tenantId: string, id: string, change: StatusChange | null, force: boolean): Promise<'posted-first' | void> => {
    let claim: string | null = null;
    try {
      let record = await migrations.get(tenantId, id);
      if (!record?.card) return;
      if (!record.card.thread || !record.card.activityId) {
        if (firstPostInDoubt(record)) return;
        // The first card is claimed in the store (create-only, with an expiry) before it is posted, so another
        // instance or timer never posts a second one; after winning, the record is read again: a card recorded by
        // the previous holder (or a doubt it recorded) is seen here.
        claim = `${processToken}:${(claimCounter++).toString(36)}`;
        if (!(await migrations.claimFirstCard(tenantId, id, claim))) {
          claim = null;
          logger.info('first status card is being posted by another instance', { migrationId: id });
          if (!change) return;
          // The holder draws the card from the record (it shows this change if it reads after it) and, after posting,
          // looks again: the owed reply is posted then. If the holder recorded its card before this write, it may
          // have looked already: then the card has its thread here, and this publish updates it and replies.
          const owed = await oweReply(tenantId, id, change.revision);
          if (!owed?.card?.thread || !owed.card.activityId) return;
          record = owed;
          change = null;
        } else {
          record = await migrations.get(tenantId, id);
          if (!record?.card || firstPostInDoubt(record)) return;
        }
      }
      if (!record?.card) return;
      const shown = record.migration.revision;
      const activity = cardActivity(describeStatus(record.migration, now()));
      let card: StatusCardState = record.card;
      const stamp = now().toISOString();
      const succeeded: Partial<StatusCardState> = { failing: null, attempts: 0, failingRevision: null, nextAttemptAt: null, gaveUpAt: null };
      const failed = (reason: string): StatusCardState => {
        const previous = record!.card!;
        const attempts = (previous.failingRevision === shown ? previous.attempts ?? 0 : 0) + 1;
        // A post that may have landed is not tried again by the timer (it could appear twice): only a change posts.
        const gaveUp = attempts >= CARD_MAX_ATTEMPTS || reason === 'unknown-outcome';
        return {
          ...previous, failing: reason, attempts, failingRevision: shown,
          nextAttemptAt: gaveUp ? null : new Date(now().getTime() + cardRetryDelayMs(attempts)).toISOString(),
          gaveUpAt: gaveUp ? stamp : null,
        };
      };
      let postedFirst = false;
      if (!card.thread || !card.activityId) {
        // A group chat has no threads: the card is a message in the chat, and change replies follow it there.
        const posted = isGroupChat(card.channel) ? await postInChat(await freshen(tenantId, card.channel), activity) : await notifier.startThread(await freshen(tenantId, card.channel), activity);
        card = posted.ok
          ? { ...card, thread: posted.threadReference, activityId: posted.activityId, revision: shown, postedAt: stamp, updatedAt: stamp, ...succeeded }
          : failed(posted.reason);
        postedFirst = posted.ok;
        if (posted.ok) logger.info('status card posted', { migrationId: id });
        else if (posted.reason === 'unknown-outcome') logger.warn('status card post unconfirmed; not posted again until the status changes', { migrationId: id });
      } else if (force || card.revision < shown) {
        const updated = await notifier.update(await freshen(tenantId, card.thread), card.activityId, activity);
        card = updated.ok
          ? {
              ...card, thread: updated.reference, activityId: updated.activityId, revision: shown, updatedAt: stamp, ...succeeded,
              postedAt: updated.reposted ? stamp : card.postedAt,
            }
          // The card was deleted and its fresh copy may or may not have been posted: no thread to update any more.
          : updated.reason === 'unknown-outcome' ? { ...failed(updated.reason), thread: null, activityId: null } : failed(updated.reason);
        if (updated.ok && updated.reposted) logger.info('status card was deleted; posted a fresh one', { migrationId: id });
      }
      if (card.gaveUpAt && !record.card.gaveUpAt) {
        logger.warn('status card given up', { migrationId: id, reason: card.failing, attempts: card.attempts });
        const channelId = baseConversationId(card.channel.conversation?.id ?? '');
        if (channelId) await references.watch(tenantId, channelId);
      }
      if (JSON.stringify(card) !== JSON.stringify(record.card)) {
        await migrations.update(tenantId, id, (current) => {
          // Keep the newest card position; never move `revision` backwards past what another publish stored.
          const keep = current.card && current.card.revision > card.revision && current.card.activityId === card.activityId;
          if (keep) return null;
          // Replies owed are as the store has them now (owed or taken since this publish read the record).
          const { pendingReplies: _read, ...drawn } = card;
          const owed = current.card?.pendingReplies ?? [];
          return { ...current, card: owed.length > 0 ? { ...drawn, pendingReplies: owed } : drawn };
        });
      }
      if (card.thread && card.activityId) {
        // Owed replies (changes made while the card had no thread), then this change's, oldest first.
        const owed = (record.card.pendingReplies?.length ?? 0) > 0 ? await takeOwedReplies(tenantId, id) : undefined;
        const changes = (owed?.revisions ?? [])
          .filter((revision) => revision !== change?.revision)
          .map((revision) => owed!.record.migration.history.find((h) => h.revision === revision))
          .filter((h): h is StatusChange => h !== undefined);
        if (change) changes.push(change);
        for (const c of changes.sort((x, y) => x.revision - y.revision)) {
          const reply = await notifier.send(card.thread, { type: 'message', text: changeSummary(record.migration, c) });
          if (!reply.ok) logger.warn('status reply not posted', { migrationId: id, reason: reply.reason });
        }
      } else if (change) {
        await oweReply(tenantId, id, change.revision);
        logger.info('status reply held until the card is posted', { migrationId: id, reason: card.failing });
      }
      return postedFirst && claim ? 'posted-first' : undefined;
    } finally {
      if (claim) await migrations.releaseFirstCard(tenantId, id, claim).catch((error: unknown) => logger.warn('first-card claim not released', { migrationId: id, errorName: (error as Error)?.name }));
    }
  };

  // ---- reminders ------------------------------------------------------------------------------------------------

  const sendReminders = async (tenantId: string, id: string, at: Date): Promise<number> => {
    let sent = 0;
    const record = await migrations.get(tenantId, id);
    if (!record) return 0;
    for (const reminder of dueReminders(record.migration, at)) {
      const done = (r: StoredMigration): boolean => {
        const s = r.reminders[reminder.id];
        return !!s && (s.state !== 'failed' || s.attempts >= MAX_REMINDER_ATTEMPTS);
      };
      if (done(record)) continue;
      // Claim before sending: if the process dies mid-send, the reminder counts as sent (at most once, never twice).
      const claim = await migrations.update(tenantId, id, (current) => {
        if (done(current)) return null;
        const attempts = (current.reminders[reminder.id]?.attempts ?? 0) + 1;
        current.reminders[reminder.id] = { state: 'sending', at: at.toISOString(), attempts };
        return current;
      });
      if (!claim?.changed) continue;
      let thread = claim.record.card?.thread ?? null;
      if (!thread && claim.record.card) {
        await publish(tenantId, id, null);
        thread = (await migrations.get(tenantId, id))?.card?.thread ?? null;
      }
      const result = thread
        ? await notifier.send(await freshen(tenantId, thread), { type: 'message', text: reminder.text })
        : ({ ok: false, reason: 'not-found' } as const);
      await migrations.update(tenantId, id, (current) => {
        const attempts = current.reminders[reminder.id]?.attempts ?? 1;
        current.reminders[reminder.id] = result.ok
          ? { state: 'sent', at: at.toISOString(), attempts, activityId: result.activityId }
          : { state: NOT_RETRIED.has(result.reason) ? 'skipped' : 'failed', at: at.toISOString(), attempts, reason: result.reason };
        return current;
      });
      if (result.ok) {
        sent++;
        logger.info('reminder sent', { migrationId: id, kind: reminder.kind });
        // The card's clock line turns amber with the reminder; redraw it.
        await publish(tenantId, id, null, true);
      } else {
        logger.warn('reminder not sent', { migrationId: id, kind: reminder.kind, reason: result.reason });
      }
    }
    return sent;
  };

  /** Whether the timer should try a card that is behind now (backoff, give-up; see CARD_MAX_ATTEMPTS). */
  const cardDue = async (entry: OpenMigration, at: Date): Promise<boolean> => {
    if (entry.cardGaveUpAt) {
      if (!entry.channelId || !(await references.talkedSince(entry.tenantId, entry.channelId, entry.cardGaveUpAt))) return false;
      // A post that may have landed stays in doubt: talk in the channel is no reason to post it a second time.
      const record = await migrations.get(entry.tenantId, entry.id);
      if (record && firstPostInDoubt(record)) return false;
      // The channel talked to the bot since: a fresh round of attempts.
      await migrations.update(entry.tenantId, entry.id, (current) => (current.card?.gaveUpAt
        ? { ...current, card: { ...current.card, attempts: 0, failingRevision: null, nextAttemptAt: null, gaveUpAt: null } }
        : null));
      return true;
    }
    return !entry.cardRetryAt || Date.parse(entry.cardRetryAt) <= at.getTime();
  };

  let running: Promise<number> | null = null;
  const runDueReminders = (): Promise<number> => {
    running ??= (async () => {
      try {
        const at = now();
        let sent = 0;
        for (const entry of await migrations.open()) {
          try {
            if (entry.cardBehind && (await cardDue(entry, at))) await publish(entry.tenantId, entry.id, null);
            if (entry.remindAt !== null && Date.parse(entry.remindAt) <= at.getTime()) {
              sent += await sendReminders(entry.tenantId, entry.id, at);
              const record = await migrations.get(entry.tenantId, entry.id);
              if (record) await migrations.syncIndex(record);
            }
          } catch (error) {
            logger.error('reminder pass failed for a migration', { migrationId: entry.id, errorName: (error as Error)?.name });
          }
        }
        return sent;
      } finally {
        running = null;
      }
    })();
    return running;
  };

  const notFound = (id: string): string => `I don't know a migration "${id}" in your organisation. Type **migrations** to see the tracked ones.`;

  const summaryText = (m: MigrationStatus): string => {
    const view = describeStatus(m, now());
    const lines = [`**${m.name}** (${m.id}) is at **${view.badge.text}** as of ${view.asOfText}.`];
    if (view.next) lines.push(`Next step (${view.next.ownerLabel}): ${view.next.text}`);
    for (const d of view.deadlines) lines.push(`${d.label} ${formatUtc(d.dueAt)} (${d.timeLeft}).`);
    return lines.join('\n\n');
  };

  /** An open migration opened by `plan` for this assessment that has no status card yet (the oldest). */
  const plannedMigration = async (tenantId: string, assessmentId: string): Promise<StoredMigration | undefined> => {
    const found: StoredMigration[] = [];
    for (const entry of await migrations.open(tenantId)) {
      if (entry.channelId !== null) continue;
      const record = await migrations.get(tenantId, entry.id);
      if (record && record.card === null && joinsOf(record).assessmentIds.includes(assessmentId)) found.push(record);
    }
    return found.sort((a, b) => a.migration.createdAt.localeCompare(b.migration.createdAt))[0];
  };

  /**
   * `track` of an assessment whose migration `plan` opened: the same create-only claim as a new migration (two posts at
   * the same instant give one card), then the card is set only if the migration still has none (a `track` in another
   * channel at the same instant loses here), and the plan card is told (its status workstream now shows the phase).
   */
  const adoptPlanned = async (
    turn: TurnFacts, planned: StoredMigration, details: { name: string; environment: string | null; assessmentId: string | null }, channel: Reference,
  ): Promise<string> => {
    const { tenantId } = turn;
    const id = planned.migration.id;
    const channelId = baseConversationId(turn.conversation.id);
    const subject = `a:${details.assessmentId}+${(details.environment ?? '').toLowerCase()}`;
    const claim = await migrations.claimTrack(tenantId, channelId, subject, id);
    if (!claim.ok) {
      logger.info('track already claimed', { migrationId: claim.migrationId });
      return `**${details.name}** is already tracked as **${claim.migrationId}**, with its card in this channel. One card per migration: change it with **status ${claim.migrationId} {phase}**.`;
    }
    const adopted = await migrations.update(tenantId, id, (current) => (current.card !== null ? null : {
      ...current,
      migration: { ...current.migration, environment: details.environment ?? current.migration.environment },
      card: { channel, thread: null, activityId: null, revision: 0, postedAt: null, updatedAt: null, failing: null },
    }));
    if (!adopted?.changed) {
      return `Migration **${id}** got its status card elsewhere a moment ago. One card per migration: change it with **status ${id} {phase}**.`;
    }
    logger.info('migration tracked', { migrationId: id, fromAssessment: true, fromPlan: true });
    background.run('status.post', () => publish(tenantId, id, null));
    deps.planUpdates?.onWorkstreamChanged(tenantId, { migrationId: id });
    return (`Tracking **${details.name}** in migration **${id}**, the one its plan opened (**plan ${id}**). Its status card is a new post in this channel, and every change is listed in its thread; the plan card shows its phase.\n\nChange the status with the card's buttons, with **status ${id} {phase} [note]**, or from your automation (POST /api/migrations/${id}/status).`);
  };

  /** `track {assessment id [environment] | name}` typed in a channel; `channel` is that channel's address. */
  const track = async (turn: TurnFacts, argument: string, channel: Reference): Promise<string> => {
    const { tenantId, user } = turn;
    const words = argument.trim().split(/\s+/);
    const assessment = /^[a-z0-9]{4,32}$/i.test(words[0] ?? '') ? await assessments.get(tenantId, words[0]!.toLowerCase()) : undefined;
    let details: { name: string; environment: string | null; sourceTenant: string | null; destinationTenant: string | null; assessmentId: string | null };
    if (assessment) {
      const wanted = words.slice(1).join(' ');
      const envs = assessment.profile.environments;
      const env = wanted ? envs.find((e) => sameText(e.name, wanted)) : envs.length === 1 ? envs[0] : undefined;
      if (!env) {
        const names = envs.map((e) => `**${e.name}**`);
        return wanted
          ? `Assessment ${assessment.id} has no environment called "${wanted}". It covers ${listText(names)}.`
          : `Assessment ${assessment.id} covers ${envs.length} environments (${listText(names)}), and each one moves on its own. Track them one at a time, for example: **track ${assessment.id} ${envs[0]!.name}**`;
      }
      details = {
        name: env.name, environment: env.name, assessmentId: assessment.id,
        sourceTenant: assessment.profile.source.tenantDomain, destinationTenant: assessment.profile.destination.tenantDomain,
      };
    } else {
      details = { name: argument.trim(), environment: null, sourceTenant: null, destinationTenant: null, assessmentId: null };
    }

    const existing = (await migrations.open(tenantId)).find((o) => (details.assessmentId
      ? o.assessmentId === details.assessmentId && sameText(o.environment, details.environment)
      : o.assessmentId === null && sameText(o.name, details.name)));
    if (existing) {
      return `**${existing.name}** is already tracked as **${existing.id}** (${PHASE_INFO[existing.phase].label}), with its card in ${existing.channelId === baseConversationId(turn.conversation.id) ? 'this channel' : 'another channel'}. One card per migration: change it with **status ${existing.id} {phase}**.`;
    }

    // `plan {assessment id}` may have opened the migration already (no status card yet): tracking the assessment's
    // environment gives that migration its card, so the plan and the status card are one migration.
    const planned = details.assessmentId ? await plannedMigration(tenantId, details.assessmentId) : undefined;
    if (planned) return adoptPlanned(turn, planned, details, channel);

    const id = await migrations.newId();
    const created = createMigration({ id, ...details, by: { name: user.name, id: user.id }, via: 'person', at: now() });
    if (!created.ok) {
      return `I could not track that: ${created.message}`;
    }
    // Claimed (create-only) before it is created: two posts at the same instant, on one instance or two, make one
    // migration and one card.
    const channelId = baseConversationId(turn.conversation.id);
    const subject = details.assessmentId ? `a:${details.assessmentId}+${(details.environment ?? '').toLowerCase()}` : `n:${details.name.toLowerCase()}`;
    const claim = await migrations.claimTrack(tenantId, channelId, subject, id);
    if (!claim.ok) {
      logger.info('track already claimed', { migrationId: claim.migrationId });
      return `**${details.name}** is already tracked as **${claim.migrationId}**, with its card in this channel. One card per migration: change it with **status ${claim.migrationId} {phase}**.`;
    }
    await migrations.create({
      tenantId,
      migration: created.migration,
      trackedBy: user,
      card: { channel, thread: null, activityId: null, revision: 0, postedAt: null, updatedAt: null, failing: null },
    });
    logger.info('migration tracked', { migrationId: id, fromAssessment: details.assessmentId !== null });
    background.run('status.post', () => publish(tenantId, id, null));
    return (`Tracking **${details.name}** as migration **${id}**. Its status card is a new post in this channel, and every change is listed in its thread.\n\nChange the status with the card's buttons, with **status ${id} {phase} [note]**, or from your automation (POST /api/migrations/${id}/status).`);
  };


  /** `status {id} [phase [note]]`: the answer to post, or null when the card's thread reply is the answer. */
  const status = async (turn: TurnFacts, rawId: string, rest: string | undefined): Promise<string | null> => {
    const { tenantId, user } = turn;
    const id = rawId.toLowerCase();
    const record = await migrations.get(tenantId, id);
    if (!record) return notFound(rawId);
    if (!rest) {
      const doubt = firstPostInDoubt(record)
        ? `\n\nTeams did not confirm that this migration's status card was posted. If you don't see it in the channel, the next status change posts it.`
        : '';
      return summaryText(record.migration) + doubt;
    }
    const parsed = splitPhaseAndNote(rest);
    if (!parsed) {
      const guess = suggestPhase(rest);
      return guess
        ? `"${rest}" is not a phase. Did you mean **${guess}**? Type **status ${id} ${guess}**. All phases: ${phaseList()}.`
        : `"${rest}" does not start with a phase. Use one of: ${phaseList()}.`;
    }
    // "status m-x submitted at 2026-11-30T14:05Z [note]": when the phase really happened, so clocks start then.
    const when = /^at\s+(\S+)(?:\s+([\s\S]*))?$/i.exec(parsed.note ?? '');
    let happened: Date | undefined;
    let note = parsed.note;
    if (when && /^\d{4}-\d{2}-\d{2}/.test(when[1]!)) {
      const at = parsePhaseTime(when[1], now());
      if (!at.ok) return `${at.message} Type it like **status ${id} ${parsed.phase} at 2026-11-30T14:05Z [note]**, or leave out "at" for now.`;
      happened = at.at;
      note = when[2]?.trim() || null;
    }
    const outcome = await changeStatus(tenantId, id, { phase: parsed.phase, note, by: { name: user.name, id: user.id }, via: 'person', at: happened });
    if (outcome.kind === 'unknown') return notFound(id);
    if (outcome.kind === 'rejected') return outcome.message;
    if (!outcome.change) return `${outcome.record.migration.name} is already at ${PHASE_INFO[outcome.record.migration.phase].label}; nothing changed.`;
    // Typed inside the card's own thread, the thread reply is the answer; anywhere else, confirm here.
    if (outcome.record.card?.thread?.conversation?.id === turn.conversation.id) return null;
    return `Done: ${outcome.record.migration.name} is now **${PHASE_INFO[outcome.record.migration.phase].label}**. The card is updated.`;
  };

  const list = async (tenantId: string): Promise<string> => {
    const open = await migrations.open(tenantId);
    if (open.length === 0) return 'No migration is being tracked. In a team channel, mention me with **track {assessment id or migration name}**.';
    const lines = open.map((o) => `- **${o.id}**: ${o.name}, ${PHASE_INFO[o.phase].label}`);
    return `Migrations being tracked:\n\n${lines.join('\n')}\n\nType **status** and an id to see one.`;
  };

  // ---- card buttons ---------------------------------------------------------------------------------------------

  const cardOf = (m: MigrationStatus): CardAnswer => ({ card: statusCardView(describeStatus(m, now())) });

  /** A phase button: the refreshed card, or a message for the person who pressed it. */
  const setFromCard = async (turn: TurnFacts, data: Record<string, unknown>): Promise<CardAnswer> => {
    const { tenantId, user } = turn;
    const id = typeof data.migrationId === 'string' ? data.migrationId.toLowerCase() : '';
    const phase = typeof data.phase === 'string' ? data.phase : '';
    const revision = Number(data.revision);
    const outcome = await changeStatus(tenantId, id, {
      phase, note: null, by: { name: user.name, id: user.id }, via: 'person',
      expectRevision: Number.isInteger(revision) ? revision : undefined,
    });
    if (outcome.kind === 'unknown') return { message: 'I could not find that migration in your organisation.' };
    if (outcome.kind === 'done') return cardOf(outcome.record.migration);
    if (outcome.code === 'stale') {
      const current = await migrations.get(tenantId, id);
      if (current) return cardOf(current.migration);
    }
    return { message: outcome.message };
  };

  /** Refresh runs for whoever looks at the card: read only, tenant-checked. */
  const refresh = async (turn: TurnFacts, data: Record<string, unknown>): Promise<CardAnswer> => {
    const id = typeof data.migrationId === 'string' ? data.migrationId.toLowerCase() : '';
    const record = await migrations.get(turn.tenantId, id);
    return record ? cardOf(record.migration) : { message: 'I could not find that migration in your organisation.' };
  };

  // ---- the automation API (HTTP-free: the server's route module translates) -------------------------------------

  /** Which tenant a bearer token reaches (null: every tenant), or why the request is refused. */
  const authorise = (authorization: string | undefined): { ok: true; scope: string | null } | { ok: false; answer: HttpAnswer } => {
    if (deps.apiTokens.length === 0) {
      return { ok: false, answer: problem(503, 'api-disabled', 'The status API is turned off on this bot: an admin turns it on by setting STATUS_API_TOKEN.') };
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    // Every configured token is compared (in constant time), so timing does not tell which one nearly matched.
    const matched = match ? deps.apiTokens.filter((t) => tokenMatches(match[1]!, t.token)) : [];
    if (matched.length === 0) {
      return {
        ok: false,
        answer: { ...problem(401, 'unauthorized', 'Send the header Authorization: Bearer <token>, with the token configured in STATUS_API_TOKEN.'), headers: { 'WWW-Authenticate': 'Bearer realm="migration-status"' } },
      };
    }
    return { ok: true, scope: matched[0]!.tenantId };
  };

  /** The migration, if it exists and the caller's token reaches its tenant; otherwise it is unknown to them. */
  const reachable = async (scope: string | null, id: string) => {
    const record = await migrations.getById(id);
    return record && (scope === null || record.tenantId.toLowerCase() === scope) ? record : undefined;
  };

  const apiGet = async (scope: string | null, id: string): Promise<HttpAnswer> => {
    const record = await reachable(scope, id);
    if (!record) return problem(404, 'unknown-migration', `No migration has the id "${id}".`);
    return { status: 200, body: describeStatus(record.migration, now()) };
  };

  const apiPost = async (scope: string | null, id: string, body: unknown, idempotencyKey: string | undefined): Promise<HttpAnswer> => {
    const example = 'Send a JSON object such as {"phase": "validation-passed", "note": "412 users mapped", "by": "release pipeline"} with Content-Type: application/json.';
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return problem(400, 'malformed-body', `The body is not a JSON object. ${example}`);
    const { phase, note, by, at } = body as Record<string, unknown>;
    if (phase === undefined || phase === null || phase === '') return problem(400, 'missing-phase', `The body has no "phase". Use one of: ${phaseList()}.`);
    if (typeof phase !== 'string') return problem(400, 'malformed-body', `"phase" must be text, one of: ${phaseList()}.`);
    if (note !== undefined && note !== null && typeof note !== 'string') return problem(400, 'malformed-body', '"note" must be text.');
    if (by !== undefined && by !== null && typeof by !== 'string') return problem(400, 'malformed-body', '"by" must be text: the name of the automation or person behind the change.');
    // The HTTP edge (src/server/statusApi.ts) already refused an empty, repeated or non-ASCII header.
    if (idempotencyKey !== undefined && (idempotencyKey.trim() === '' || idempotencyKey.length > MAX_IDEMPOTENCY_KEY_LENGTH)) {
      return problem(400, 'malformed-idempotency-key', `Idempotency-Key must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters.`);
    }
    let happened: Date | undefined;
    if (at !== undefined && at !== null) {
      const parsedAt = parsePhaseTime(at, now());
      if (!parsedAt.ok) return problem(400, parsedAt.code === 'future' ? 'at-in-future' : 'malformed-at', parsedAt.message);
      happened = parsedAt.at;
    }
    const record = await reachable(scope, id);
    if (!record) return problem(404, 'unknown-migration', `No migration has the id "${id}".`);
    const request = { phase, note: (note as string | null | undefined) ?? null, by: ((by as string | undefined) ?? '').trim() || 'automation', ...(happened ? { at: happened.toISOString() } : {}) };
    const outcome = await changeStatus(record.tenantId, record.migration.id, {
      phase: request.phase,
      note: request.note,
      by: { name: request.by },
      via: 'automation',
      at: happened,
      idempotency: idempotencyKey ? { keyHash: sha256(idempotencyKey), fingerprint: sha256(JSON.stringify(request)) } : undefined,
    });
    if (outcome.kind === 'unknown') return problem(404, 'unknown-migration', `No migration has the id "${id}".`);
    if (outcome.kind === 'rejected') {
      const status = outcome.code === 'not-allowed' ? 409 : outcome.code === 'key-reused' ? 422 : 400;
      return problem(status, outcome.code, outcome.message);
    }
    if (outcome.replay) return { status: outcome.replay.status, body: outcome.replay.body, headers: { 'Idempotent-Replayed': 'true' } };
    return { status: 200, body: describeStatus(outcome.record.migration, now()) };
  };

  return {
    track, status, list, setFromCard, refresh,
    api: { authorise, get: apiGet, post: apiPost },
    runDueReminders,
    stop: async () => { await running; },
    idle: () => background.idle(),
  };
}
