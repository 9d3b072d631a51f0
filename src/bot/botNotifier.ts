/**
 * The Notifier over botbuilder's CloudAdapter (see proactive/notifier.ts for the contract). Stored addresses are
 * translated to the SDK's ConversationReference here (addresses.ts) and back.
 *
 * Limits and retries: every request goes through the process's OutboundThrottle (proactive/outboundThrottle.ts):
 * Teams' per-conversation and per-tenant rates, 429 and 412 retried after Retry-After (capped) or a jittered
 * back-off, updates (PUT of a known id) also retried after a 5xx or a time-out, and a POST of a new message after a
 * 5xx or a time-out handed back as `unknown-outcome`, never sent again. The connector client's own retry policy
 * (which sends any request again after a 5xx or a network error, POSTs included) is taken out of the pipeline of
 * every proactive turn, so the throttle is the only one that decides. Everything else is answered at once: retrying
 * a 403 or a 404 cannot succeed. Each attempt has the throttle's time-out (PROACTIVE_TIMEOUT_MS): its abort signal
 * is put on every connector request of the turn (a pipeline policy), so a hung connection is closed, and the
 * time-out counts as above (a POST: unknown-outcome; a PUT: retried). A result that still arrives is only logged.
 */
import { type Activity, type CloudAdapter, type ConversationParameters, TurnContext } from 'botbuilder';
import type { Logger } from '../logging.js';
import { baseConversationId, channelReferenceOf, cleanReference, threadReferenceOf, threadRootId } from '../proactive/conversationIds.js';
import type { ConversationReferenceStore } from '../proactive/conversationReferenceStore.js';
import type {
  Failed, Notifier, OutboundActivity, PersonalResult, PersonalTarget, Reference, SendFailure, SendResult, ThreadResult, UpdateResult,
} from '../proactive/notifier.js';
import { fromBotReference, toBotReference } from './addresses.js';
import { checkActivity } from './messageBudget.js';
import {
  clockOfSleep, type LateOutcome, OutboundCancelled, OutboundOutcomeUnknown, OutboundQueueFull, OutboundThrottle,
} from '../proactive/outboundThrottle.js';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  /** Cap on any single wait, Retry-After included. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 30_000 };

/** The parts of CloudAdapter the Notifier uses (tests may pass any adapter with these). */
export type ProactiveAdapter = Pick<CloudAdapter, 'continueConversationAsync' | 'createConversationAsync'>;

export interface BotNotifierOptions {
  adapter: ProactiveAdapter;
  /** The bot's Microsoft App ID; '' in anonymous local mode (the Agents Playground accepts it). */
  appId: string;
  logger: Logger;
  /** Marks conversations dead on 403 and skips sends to them. */
  references?: ConversationReferenceStore;
  /** The process's throttle (one per process, shared by every Notifier); without it one is built from the options below. */
  throttle?: OutboundThrottle;
  retry?: Partial<RetryPolicy>;
  /** Injectable so tests do not wait; without `now`, time moves on by what was slept (clockOfSleep). */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  random?: () => number;
}

interface Classified {
  reason: SendFailure;
  status?: number;
  retryAfterMs?: number;
  code?: string;
}

const RETRYABLE_STATUS = new Set([412, 429]);
const DEAD_MARKERS = /BotNotInConversationRoster|not part of the conversation roster|bot is not (in|part of) (the )?conversation/i;
const BLOCKED_MARKERS = /MessageWritesBlocked|ConversationBlockedByUser|blocked by the user/i;

/** Reads what the connector's RestError carries: status, error code, body and Retry-After. */
export function classifyError(error: unknown): Classified {
  const e = error as {
    statusCode?: number; code?: string; details?: unknown; message?: string;
    response?: { status?: number; headers?: { get?(name: string): string | undefined | null } };
  };
  const status = e?.statusCode ?? e?.response?.status;
  const text = `${e?.code ?? ''} ${safeJson(e?.details)} ${e?.message ?? ''}`;
  if (status === undefined) return { reason: 'unreachable', code: e?.code };
  const retryAfterMs = parseRetryAfter(e?.response?.headers?.get?.('retry-after') ?? undefined);
  const base = { status, code: e?.code, retryAfterMs };
  if (RETRYABLE_STATUS.has(status)) return { ...base, reason: 'throttled' };
  if (status === 403) {
    if (BLOCKED_MARKERS.test(text)) return { ...base, reason: 'blocked' };
    if (DEAD_MARKERS.test(text)) return { ...base, reason: 'not-in-conversation' };
    return { ...base, reason: 'forbidden' };
  }
  if (status === 401) return { ...base, reason: 'unauthorized' };
  if (status === 404) return { ...base, reason: 'not-found' };
  if (status === 413) return { ...base, reason: 'too-large' };
  if (status >= 500) return { ...base, reason: 'unavailable' };
  return { ...base, reason: 'bad-request' };
}

/** Retry-After in seconds or as an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '';
  }
}

function isActivityGone(c: Classified): boolean {
  return c.reason === 'not-found' || /ActivityNotFound|MessageNotFound/i.test(c.code ?? '');
}

/**
 * The adapter hands an error thrown inside a proactive turn to onTurnError, which logs it, resets the conversation's
 * dialog state and swallows it: the Notifier would never see the 403 or 404 it must act on. So the logic catches its
 * own error, and the Notifier rethrows it once the turn is over.
 */
function guarded(logic: (context: TurnContext) => Promise<void>): { run: (context: TurnContext) => Promise<void>; rethrow: () => void } {
  let failure: { error: unknown } | undefined;
  return {
    run: async (context) => {
      try {
        await logic(context);
      } catch (error) {
        failure = { error };
      }
    },
    rethrow: () => {
      if (failure) throw failure.error;
    },
  };
}

export class BotNotifier implements Notifier {
  private readonly throttle: OutboundThrottle;
  private readonly abort = new AbortController();

  constructor(private readonly options: BotNotifierOptions) {
    const policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    const clock = options.sleep && !options.now ? clockOfSleep(options.sleep) : { now: options.now, sleep: options.sleep };
    this.throttle = options.throttle ?? new OutboundThrottle({
      maxAttempts: policy.maxAttempts, baseDelayMs: policy.baseDelayMs, maxDelayMs: policy.maxDelayMs,
      now: clock.now, sleep: clock.sleep, random: options.random, signal: this.abort.signal,
    });
  }

  /** Stops waiting between retries (shutdown): pending retries give up with their last failure. */
  close(): void {
    this.abort.abort();
  }

  async send(reference: Reference, activity: OutboundActivity): Promise<SendResult> {
    const result = await this.attempt('send', reference, async (signal) => {
      let id: string | null = null;
      await this.continueIn(reference, signal, async (context) => {
        const response = await context.sendActivity(activity as Partial<Activity>);
        id = response?.id ?? null; // Teams may answer 202 without an id (MicrosoftDocs/bot-docs#2263)
      });
      return id;
    }, { idempotent: false });
    return result.ok ? { ok: true, activityId: result.value } : result;
  }

  async update(reference: Reference, activityId: string, activity: OutboundActivity): Promise<UpdateResult> {
    const result = await this.attempt('update', reference, async (signal) => {
      await this.continueIn(reference, signal, async (context) => {
        await context.updateActivity({ ...(activity as Partial<Activity>), type: activity.type ?? 'message', id: activityId });
      });
    }, { expected: isActivityGone, idempotent: true });
    if (result.ok) return { ok: true, activityId, reposted: false, reference: cleanReference(reference) };
    if (result.reason !== 'not-found') return result;

    // The message was deleted (ActivityNotFoundInConversation): post a fresh copy. A channel post is reposted as a
    // new post in its channel (its old thread went with it); anything else goes back into the same conversation.
    const conversationId = reference.conversation?.id ?? '';
    this.options.logger.info('message to update is gone; posting a fresh copy', { thread: threadRootId(conversationId) !== null });
    if (threadRootId(conversationId) !== null && baseConversationId(conversationId) !== conversationId) {
      const thread = await this.startThread(channelReferenceOf(reference), activity);
      return thread.ok ? { ok: true, activityId: thread.activityId, reposted: true, reference: thread.threadReference } : thread;
    }
    const sent = await this.send(reference, activity);
    if (!sent.ok) return sent;
    if (sent.activityId === null) return { ok: false, reason: 'not-found' };
    return { ok: true, activityId: sent.activityId, reposted: true, reference: cleanReference(reference) };
  }

  async startThread(channelReference: Reference, activity: OutboundActivity): Promise<ThreadResult> {
    const channel = channelReferenceOf(channelReference);
    const channelId = channel.conversation?.id ?? '';
    const result = await this.attempt('startThread', channel, async (signal) => {
      let created: { id?: string; activityId?: string } = {};
      await this.continueIn(channel, signal, async (context) => {
        // Not TeamsInfo.sendMessageToTeamsChannel: with CloudAdapter it returns the new conversation's id where the
        // root activity id belongs, and the card could then never be updated. The connector's own answer has both.
        const client = context.turnState.get(context.adapter.ConnectorClientKey) as {
          conversations: { createConversation(p: ConversationParameters): Promise<{ id?: string; activityId?: string }> };
        };
        // This call goes to the connector directly, not through the turn's send handlers: the budget is checked here.
        const root = { ...activity, type: activity.type ?? 'message' } as Partial<Activity>;
        created = await client.conversations.createConversation({
          isGroup: true,
          channelData: { channel: { id: channelId } },
          activity: (checkActivity(root, 'startThread', { logger: this.options.logger })?.replacement ?? root) as Activity,
        } as ConversationParameters);
      });
      return created;
    }, { idempotent: false });
    if (!result.ok) return result;
    const threadId = result.value.id ?? '';
    const activityId = result.value.activityId ?? threadRootId(threadId);
    if (!threadId || !activityId) {
      this.options.logger.error('new channel post without ids', { hasThreadId: !!threadId });
      return { ok: false, reason: 'bad-request' };
    }
    return { ok: true, activityId, threadReference: threadReferenceOf(channel, threadId) };
  }

  async createPersonalConversation(target: PersonalTarget, activity: OutboundActivity): Promise<PersonalResult> {
    const pseudoReference: Reference = {
      channelId: 'msteams',
      serviceUrl: target.serviceUrl,
      conversation: { id: `personal:${target.userId}`, conversationType: 'personal', tenantId: target.tenantId, isGroup: false, name: '' },
    };
    const result = await this.attempt('createPersonalConversation', pseudoReference, async (signal) => {
      let reference: Reference | undefined;
      let activityId: string | null = null;
      const parameters = {
        isGroup: false,
        bot: target.botId ? { id: target.botId, name: '' } : undefined,
        members: [{ id: target.userId, name: '' }],
        tenantId: target.tenantId,
        channelData: { tenant: { id: target.tenantId } },
      } as ConversationParameters;
      // The audience is left to the connector factory's default (the Bot Framework channel scope).
      const logic = async (context: TurnContext): Promise<void> => {
        const raw = TurnContext.getConversationReference(context.activity);
        reference = cleanReference({
          ...fromBotReference(raw),
          conversation: { ...raw.conversation!, conversationType: 'personal', tenantId: target.tenantId },
          user: { id: target.userId, name: '' },
        });
        const response = await context.sendActivity(activity as Partial<Activity>);
        activityId = response?.id ?? null;
      };
      // The request that creates the chat is made before the turn (no policy can reach it): the throttle's time-out
      // still abandons it; the turn's own sends carry the signal.
      const turn = guarded(async (context) => {
        withoutClientRetries(context, signal);
        await logic(context);
      });
      await this.options.adapter.createConversationAsync(this.options.appId, 'msteams', target.serviceUrl, undefined as unknown as string, parameters, turn.run);
      turn.rethrow();
      return { reference: reference!, activityId };
    }, { deadTracking: false, idempotent: false });
    return result.ok ? { ok: true, reference: result.value.reference, activityId: result.value.activityId } : result;
  }

  private async continueIn(reference: Reference, signal: AbortSignal, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const turn = guarded(async (context) => {
      withoutClientRetries(context, signal);
      await logic(context);
    });
    await this.options.adapter.continueConversationAsync(this.options.appId, toBotReference(cleanReference(reference)), turn.run);
    turn.rethrow();
  }

  /**
   * Runs one connector operation through the throttle. `expected` failures are handed back without logging them
   * as problems (an update's 404 is handled by the caller). Without `deadTracking` (a 1:1 chat that does not exist
   * yet) there is no stored conversation to check or mark.
   */
  private async attempt<T>(
    operation: string,
    reference: Reference,
    run: (signal: AbortSignal) => Promise<T>,
    options: { expected?: (c: Classified) => boolean; deadTracking?: boolean; idempotent: boolean },
  ): Promise<{ ok: true; value: T } | Failed> {
    const { logger } = this.options;
    const references = options.deadTracking === false ? undefined : this.options.references;
    if (references && (await references.isDead(reference))) {
      logger.info('not sending to a dead conversation', { operation });
      return { ok: false, reason: 'dead-reference' };
    }
    const target = { tenantId: reference.conversation?.tenantId ?? '', conversationId: reference.conversation?.id ?? '' };
    try {
      const onLate = (late: LateOutcome): void => {
        // The request was abandoned after the time-out and its outcome already reported; this is for the record.
        if (late.settled === 'rejected' && late.aborted) logger.debug('timed-out proactive request aborted', { operation });
        else logger.warn('proactive request answered after its time-out; result ignored', { operation, settled: late.settled, status: late.settled === 'rejected' ? classifyError(late.error).status : undefined });
      };
      return { ok: true, value: await this.throttle.run(target, run, { idempotent: options.idempotent, onLate }) };
    } catch (error) {
      if (error instanceof OutboundOutcomeUnknown) {
        logger.warn('proactive send outcome unknown; not sent again', { operation, status: error.status });
        return { ok: false, reason: 'unknown-outcome', ...(error.status !== undefined ? { status: error.status } : {}) };
      }
      if (error instanceof OutboundQueueFull || error instanceof OutboundCancelled) {
        logger.warn('proactive send not made', { operation, reason: error.name });
        return { ok: false, reason: 'throttled' };
      }
      const c = classifyError(error);
      const failed: Failed = { ok: false, reason: c.reason, ...(c.status !== undefined ? { status: c.status } : {}) };
      if (options.expected?.(c)) return failed;
      if ((c.reason === 'not-in-conversation' || c.reason === 'blocked') && references) {
        await references.markDead(reference, c.code ?? c.reason);
      }
      const level = c.reason === 'unauthorized' || c.reason === 'forbidden' ? 'error' : 'warn';
      logger[level]('proactive send failed', { operation, reason: c.reason, status: c.status, code: c.code });
      return failed;
    }
  }
}

interface PipelineRequestLike {
  abortSignal?: AbortSignal;
}

/**
 * Takes the connector client's retry policy out of this proactive turn's pipeline: it would send a POST again
 * after a 5xx or a network error (a message posted twice) and retry 429s outside the throttle's budget. Puts the
 * attempt's abort signal on every request of the turn (the connector client is created for each turn), so a
 * time-out closes the hung connection.
 */
function withoutClientRetries(context: TurnContext, signal: AbortSignal): void {
  const connector = context.turnState.get(context.adapter.ConnectorClientKey) as
    | { client?: { pipeline?: {
      removePolicy(options: { phase?: 'Retry'; name?: string }): unknown;
      addPolicy(policy: { name: string; sendRequest(request: PipelineRequestLike, next: (r: PipelineRequestLike) => Promise<unknown>): Promise<unknown> }): void;
    } } }
    | undefined;
  const pipeline = connector?.client?.pipeline;
  if (!pipeline) return;
  pipeline.removePolicy({ phase: 'Retry' });
  pipeline.removePolicy({ name: 'proactiveAttemptSignal' });
  pipeline.addPolicy({
    name: 'proactiveAttemptSignal',
    sendRequest: (request, next) => {
      request.abortSignal = request.abortSignal ? AbortSignal.any([request.abortSignal, signal]) : signal;
      return next(request);
    },
  });
}
