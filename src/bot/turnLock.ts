/**
 * Serialises overlapping turns of one conversation and drops redelivered activities.
 *
 * BotState saves with eTag "*" (last writer wins), so two turns of the same conversation running at once would
 * silently overwrite each other's dialog state. Teams also redelivers an activity when the bot answers slowly; the
 * second copy must not run the turn again. A redelivered invoke gets the first run's invoke response again: dropping
 * it would answer 501 and Teams would show "Unable to reach app" although the action was applied. Different
 * conversations still run in parallel.
 */
import { INVOKE_RESPONSE_KEY, type Activity, type Middleware, type TurnContext } from 'botbuilder';
import { BoundedByteMap } from '../domain/reliability/boundedByteMap.js';

const RECENT_IDS_PER_CONVERSATION = 50;
const MAX_TRACKED_CONVERSATIONS = 10_000;
/** Memory of the recent ids, in bytes (ids are at most 1,024 characters at the edge; this holds whatever comes). */
const RECENT_IDS_MAX_BYTES = 8 * 1024 * 1024;
/** Invoke responses can hold whole cards: bounded in bytes, per entry, and in age. */
const INVOKE_RESPONSES_MAX_BYTES = 16 * 1024 * 1024;
const INVOKE_RESPONSE_MAX_ENTRY_BYTES = 1024 * 1024;
const INVOKE_RESPONSE_MAX_AGE_MS = 10 * 60 * 1000;

export class TurnLock implements Middleware {
  private readonly tails = new Map<string, Promise<void>>();
  /** Least recently set first, so the oldest conversation is evicted first; bounded in bytes and entries. */
  private readonly recent = new BoundedByteMap<string, string[]>({ maxBytes: RECENT_IDS_MAX_BYTES, maxEntries: MAX_TRACKED_CONVERSATIONS });
  /** The invoke response activity of each recent invoke, by conversation key + activity id. */
  private readonly invokeResponses = new BoundedByteMap<string, { at: number; response: Partial<Activity> | undefined }>({
    maxBytes: INVOKE_RESPONSES_MAX_BYTES, maxEntries: MAX_TRACKED_CONVERSATIONS, maxEntryBytes: INVOKE_RESPONSE_MAX_ENTRY_BYTES,
  });
  private inFlight = 0;
  private idleWaiters: Array<() => void> = [];

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    // Proactive turns (ContinueConversation, CreateConversation events) touch no conversation state, and a send
    // started inside another conversation's turn would otherwise wait on this lock: two people sending to each
    // other at once would each hold their own lock and wait for the other's, forever.
    if (context.activity.type === 'event') {
      await next();
      return;
    }
    const key = conversationKey(context);
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    this.inFlight++;
    try {
      await previous;
      const responseKey = `${key}#${context.activity.id ?? ''}`;
      if (this.isDuplicate(key, context.activity.id, context.activity.type)) {
        const stored = this.invokeResponses.get(responseKey);
        if (stored?.response && Date.now() - stored.at < INVOKE_RESPONSE_MAX_AGE_MS) context.turnState.set(INVOKE_RESPONSE_KEY, stored.response);
        return;
      }
      try {
        await next();
      } catch (error) {
        // A turn that failed may be redelivered by Teams: let the retry run instead of dropping it as a duplicate.
        this.forget(key, context.activity.id);
        throw error;
      }
      if (context.activity.type === 'invoke' && context.activity.id) {
        this.invokeResponses.set(responseKey, { at: Date.now(), response: context.turnState.get(INVOKE_RESPONSE_KEY) });
      }
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
      this.inFlight--;
      if (this.inFlight === 0) this.idleWaiters.splice(0).forEach((w) => w());
    }
  }

  /** Resolves when no turn is running (graceful shutdown). */
  idle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  private forget(key: string, id: string | undefined): void {
    const ids = this.recent.get(key);
    if (!ids || !id) return;
    const index = ids.indexOf(id);
    if (index >= 0) ids.splice(index, 1);
  }

  private isDuplicate(key: string, id: string | undefined, type: string): boolean {
    // Only user-initiated activities are deduplicated; proactive continuations carry no inbound id.
    if (!id || (type !== 'message' && type !== 'invoke')) return false;
    const ids = this.recent.get(key) ?? [];
    if (ids.includes(id)) return true;
    ids.push(id);
    if (ids.length > RECENT_IDS_PER_CONVERSATION) ids.shift();
    // Set again after the change: the byte count is taken at set time, and the entry becomes the newest.
    this.recent.set(key, ids);
    return false;
  }
}

export function conversationKey(context: TurnContext): string {
  const a = context.activity;
  return `${a.channelId ?? ''}/${a.conversation?.id ?? ''}`;
}
