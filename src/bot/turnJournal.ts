/**
 * State before replies, durably deduplicated (issue 15, docs/reliability.md).
 *
 * - A turn's outgoing messages are held (context.onSendActivities) until its conversation state is saved; typing
 *   and the invoke response pass through. Held messages get placeholder ids; an update or delete of a held message
 *   changes the held copy. `sendNow` sends at once (after saving the state) for features that need a real id.
 * - The activity id with its replies and invoke response is appended to the conversation-state item itself, so one
 *   write saves both (JournalConversationState.saveChanges). A redelivered activity (same id, any process, after
 *   any restart) gets the stored replies again, or the stored invoke response, without running the turn.
 * - Saves check the eTag the state was loaded with (botbuilder writes '*', last writer wins); a conflict, or a turn
 *   lease another instance holds, is retryable: the held replies are dropped and the request answered 503.
 * - Blob mode: the turn holds the conversation's lease on the store (src/storage/blob/turnLease.ts).
 * - A turn that fails is answered by the adapter's onTurnError inside the journal (lease still held): its apology
 *   and invoke response are the activity's journal record, so a redelivery gets the same answer, same error id.
 */
import { randomUUID } from 'node:crypto';
import {
  ActivityTypes,
  INVOKE_RESPONSE_KEY,
  type Activity,
  type Middleware,
  type ResourceResponse,
  type TurnContext,
} from 'botbuilder';
import { CREATE_ONLY_ETAG, isETagConflict } from '../records/cas.js';
import type { Logger } from '../logging.js';
import type { TurnLeases } from '../storageFactory.js';
import { conversationKey } from './turnLock.js';
import { SKIP_TRANSCRIPT } from './transcriptMiddleware.js';
import { ChangeTextConversationState, changeText } from './stateChange.js';

export const JOURNAL_PROPERTY = 'turnJournal';
/** Turns remembered per conversation, their age, and the bytes one record or the whole journal may take. */
export const JOURNAL_MAX_TURNS = 20;
export const JOURNAL_MAX_AGE_MS = 24 * 60 * 60 * 1000;
export const JOURNAL_MAX_RECORD_CHARS = 128 * 1024;
export const JOURNAL_MAX_CHARS = 384 * 1024;
/**
 * Replies are kept for replay only for the newest turns and for a short time: Teams sends an activity again within
 * seconds (an invoke not answered in about 5 s, any activity slower than 15 s), and a crash is followed by a
 * restart and redelivery of the last few. Older records keep only their id (`done`): a late redelivery is still
 * never run twice, it just gets no second copy of the replies. Without this the journal was about 90% of every
 * conversation state item, parsed, measured and written on every turn (issue 16).
 */
export const JOURNAL_REPLAY_TURNS = 3;
export const JOURNAL_REPLAY_MAX_AGE_MS = 15 * 60 * 1000;
const PLACEHOLDER_PREFIX = 'held:';

export interface JournalRecord {
  id: string;
  at: string;
  replies?: Array<Partial<Activity>>;
  invokeResponse?: unknown;
  /** The record was too large to keep the replies: the turn ran, nothing to replay. */
  done?: true;
}

interface Pending {
  id: string;
  /** When the turn started: one value for every save of the turn, so a save with nothing new writes nothing. */
  at: string;
  replies: Array<Partial<Activity>>;
  passThrough: boolean;
}

const PENDING = Symbol('turnJournal.pending');
const SAVED_ONCE = Symbol('turnJournal.savedOnce');

/** A save or lease that another instance won: the request is answered 503 so the Bot Connector delivers it again. */
export class RetryableTurnError extends Error {
  constructor(readonly reason: 'state-conflict' | 'lease-busy') {
    super(`turn must be retried: ${reason}`);
    this.name = 'RetryableTurnError';
  }
}

const retryable = new WeakSet<object>();
/** Marks the inbound activity (the server answers 503 + Retry-After for it). */
export function markRetry(activity: object): void {
  retryable.add(activity);
}
export function mustRetry(activity: object): boolean {
  return retryable.has(activity);
}
export function isRetryableTurnError(error: unknown): boolean {
  return error instanceof RetryableTurnError || (error as Error)?.name === 'TurnLeaseBusy';
}

function isHeld(activity: Partial<Activity>): boolean {
  const type = activity.type ?? ActivityTypes.Message;
  return type === ActivityTypes.Message || type === ActivityTypes.Event;
}

function journalOf(state: Record<string, unknown>): JournalRecord[] {
  const value = state[JOURNAL_PROPERTY];
  return Array.isArray(value) ? (value as JournalRecord[]) : [];
}

/** The journal with `record` put in (replacing the same id), bounded by count, age and size. */
export function withRecord(journal: JournalRecord[], record: JournalRecord, now: number): JournalRecord[] {
  let kept: JournalRecord = record;
  if (charsOf(record) > JOURNAL_MAX_RECORD_CHARS) kept = { id: record.id, at: record.at, done: true };
  const next = [...journal.filter((r) => r.id !== record.id && now - Date.parse(r.at) < JOURNAL_MAX_AGE_MS), kept].slice(-JOURNAL_MAX_TURNS);
  for (let i = 0; i < next.length; i++) {
    const r = next[i]!;
    if (r.done) continue;
    if (i < next.length - JOURNAL_REPLAY_TURNS || now - Date.parse(r.at) >= JOURNAL_REPLAY_MAX_AGE_MS) next[i] = { id: r.id, at: r.at, done: true };
  }
  let chars = next.reduce((n, r) => n + charsOf(r), 0);
  while (next.length > 1 && chars > JOURNAL_MAX_CHARS) chars -= charsOf(next.shift()!);
  return next;
}

// Records are not changed once made: a turn's two saves measure the loaded records once (issue 16).
const recordChars = new WeakMap<JournalRecord, number>();
function charsOf(record: JournalRecord): number {
  let chars = recordChars.get(record);
  if (chars === undefined) recordChars.set(record, (chars = JSON.stringify(record).length));
  return chars;
}

/**
 * ConversationState whose saves carry the turn's journal record and check eTags: the first save of a turn writes
 * with the eTag the state was loaded with (create-only for a new conversation); later saves of the same turn
 * (the lease or turn lock still held) overwrite.
 */
export class JournalConversationState extends ChangeTextConversationState {
  /** Clearing a conversation (onTurnError's reset, `restart`) keeps the journal: earlier activities stay answered. */
  override async delete(context: TurnContext): Promise<void> {
    const journal = journalOf((await this.load(context)) as Record<string, unknown>);
    await super.delete(context);
    if (journal.length > 0) ((await this.load(context)) as Record<string, unknown>)[JOURNAL_PROPERTY] = journal;
  }

  override async saveChanges(context: TurnContext, force = false): Promise<void> {
    const pending = context.turnState.get(PENDING) as Pending | undefined;
    if (pending && !pending.passThrough) {
      const state = (await this.load(context)) as Record<string, unknown>;
      const invoke = context.turnState.get(INVOKE_RESPONSE_KEY) as Partial<Activity> | undefined;
      const record: JournalRecord = { id: pending.id, at: pending.at, replies: pending.replies.map(({ id: _id, ...rest }) => rest) };
      if (invoke?.value !== undefined) record.invokeResponse = invoke.value;
      state[JOURNAL_PROPERTY] = withRecord(journalOf(state), record, Date.now());
    }
    const stateKey = this.cacheKey;
    let cached = context.turnState.get(stateKey) as { state: Record<string, unknown>; hash: string } | undefined;
    // The text the store is about to write: if the state changes while the write runs, a later save still sees it.
    const text = cached ? hashOf(cached.state) : undefined;
    if (!force && (!cached || cached.hash === text)) return;
    const key = await this.storageKey(context);
    if (!cached) cached = { state: {}, hash: '' };
    const first = !context.turnState.get(SAVED_ONCE);
    const loadedETag = typeof cached.state.eTag === 'string' && cached.state.eTag !== '*' ? cached.state.eTag : undefined;
    cached.state.eTag = first ? loadedETag ?? CREATE_ONLY_ETAG : '*';
    try {
      await this.storage.write({ [key]: cached.state });
    } catch (error) {
      if (isETagConflict(error)) throw new RetryableTurnError('state-conflict');
      throw error;
    } finally {
      cached.state.eTag = '*';
    }
    context.turnState.set(SAVED_ONCE, true);
    cached.hash = text ?? hashOf(cached.state);
    context.turnState.set(stateKey, cached);
  }
}

/** The change text (src/bot/stateChange.ts), as load() computed it. */
function hashOf(state: Record<string, unknown>): string {
  return changeText(state);
}

/** Sends at once (saving the conversation state first), for a feature that needs the message's real id. */
export async function sendNow(context: TurnContext, activity: Partial<Activity>): Promise<ResourceResponse | undefined> {
  const pending = context.turnState.get(PENDING) as Pending | undefined;
  const state = context.turnState.get(JOURNAL_STATE) as JournalConversationState | undefined;
  if (!pending || pending.passThrough || !state) return context.sendActivity(activity);
  await state.saveChanges(context, false);
  pending.passThrough = true;
  try {
    return await context.sendActivity(activity);
  } finally {
    pending.passThrough = false;
  }
}
const JOURNAL_STATE = Symbol('turnJournal.state');

export class TurnJournal implements Middleware {
  constructor(
    private readonly state: JournalConversationState,
    private readonly logger: Logger,
    private readonly leases?: TurnLeases,
  ) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const a = context.activity;
    if (!a.id || (a.type !== ActivityTypes.Message && a.type !== ActivityTypes.Invoke)) {
      await next();
      return;
    }
    let lease: Awaited<ReturnType<TurnLeases['acquire']>> | undefined;
    if (this.leases) lease = await this.leases.acquire(conversationKey(context));
    try {
      const loaded = (await this.state.load(context, true)) as Record<string, unknown>;
      const found = journalOf(loaded).find((r) => r.id === a.id);
      if (found) {
        this.logger.info('redelivered activity answered from the journal', { activityType: a.type, replies: found.replies?.length ?? 0 });
        if (found.invokeResponse !== undefined) context.turnState.set(INVOKE_RESPONSE_KEY, { type: ActivityTypes.InvokeResponse, value: found.invokeResponse });
        if (found.replies?.length) await context.adapter.sendActivities(context, found.replies);
        return;
      }
      const pending: Pending = { id: a.id, at: new Date().toISOString(), replies: [], passThrough: false };
      context.turnState.set(PENDING, pending);
      context.turnState.set(JOURNAL_STATE, this.state);
      context.onSendActivities(async (ctx, activities, nextSend) => {
        if (pending.passThrough || !activities.some(isHeld)) return nextSend();
        const passed = activities.filter((x) => !isHeld(x));
        if (passed.length > 0) await ctx.adapter.sendActivities(ctx, passed);
        return activities.map((x) => {
          if (!isHeld(x)) return { id: '' };
          const id = `${PLACEHOLDER_PREFIX}${randomUUID()}`;
          pending.replies.push({ ...x, id });
          return { id };
        });
      });
      context.onUpdateActivity(async (_ctx, activity, nextUpdate) => {
        const index = pending.replies.findIndex((r) => r.id !== undefined && r.id === activity.id);
        if (index < 0) return nextUpdate();
        pending.replies[index] = { ...pending.replies[index], ...activity };
      });
      context.onDeleteActivity(async (_ctx, reference, nextDelete) => {
        const index = pending.replies.findIndex((r) => r.id !== undefined && r.id === reference.activityId);
        if (index < 0) return nextDelete();
        pending.replies.splice(index, 1);
      });
      try {
        await next();
        // The bot saved at the end of its turn; a reply sent after that is saved now (nothing written otherwise).
        if (!context.turnState.get(SKIP_TRANSCRIPT)) await this.state.saveChanges(context, false);
      } catch (error) {
        // The failed turn's own replies are dropped. A conflict or a busy lease goes up (answered 503, delivered
        // again); any other failure is answered here, under the lease, by the adapter's onTurnError, and its answer
        // (the apology with its error id, or the invoke's error response) is journaled like a reply: a redelivery
        // gets the same answer and does not run the failed turn again on the conversation onTurnError reset.
        pending.replies.length = 0;
        const onTurnError = context.adapter.onTurnError;
        if (isRetryableTurnError(error) || !onTurnError) {
          pending.passThrough = true;
          throw error;
        }
        await onTurnError(context, error as Error);
        try {
          await this.state.saveChanges(context, true);
        } catch (saveError) {
          // The store is what failed (or another instance saved): the apology still goes out, unjournaled.
          this.logger.warn('failed turn not journaled', { errorName: (saveError as Error)?.name });
        }
      }
      pending.passThrough = true;
      const replies = pending.replies.splice(0).map(({ id: _id, ...rest }) => rest);
      if (replies.length > 0) await context.adapter.sendActivities(context, replies);
    } finally {
      await lease?.release().catch((error: unknown) => this.logger.warn('turn lease release failed', { errorName: (error as Error)?.name }));
    }
  }
}
