/**
 * Serialises overlapping turns of one conversation and drops activities redelivered to this process.
 *
 * BotState saves with eTag "*" (last writer wins), so two turns of the same conversation running at once would
 * silently overwrite each other's dialog state. Teams also redelivers an activity when the bot answers slowly
 * (an invoke after about 5 s, anything after 15 s); the second copy must not run the turn again.
 *
 * What is remembered here, and why it is small: the durable turn journal (src/bot/turnJournal.ts) already answers
 * a redelivery in any process after any restart, but it cannot know whether the first copy's replies reached the
 * chat, so it sends them again. In this process we do know: a turn that finished here sent its replies. So this
 * lock keeps only what a redelivery within minutes needs: the ids of recently finished turns (a redelivered
 * message is dropped; nothing is sent twice) and, for a few minutes, the invoke response of each recent invoke (a
 * redelivered invoke gets it again; dropping it would answer 501 and Teams would show "Unable to reach app").
 * Both are bounded by age and by bytes; what falls out goes to the journal, which replays it durably.
 */
import { INVOKE_RESPONSE_KEY, type Activity, type Middleware, type TurnContext } from 'botbuilder';
import { BoundedByteMap, estimateBytes } from '../domain/reliability/boundedByteMap.js';

/** The defaults: a redelivery comes within seconds to a minute or two. */
export const TURN_LOCK_LIMITS = {
  /** Finished turns are remembered this long (by conversation + activity id). */
  idMaxAgeMs: 5 * 60 * 1000,
  /** Memory of those ids (ids are at most 1,024 characters at the edge; about 250 bytes an entry usually). */
  idMaxBytes: 4 * 1024 * 1024,
  /** Invoke responses (an Action.Execute answer is a whole card) are kept this long... */
  responseMaxAgeMs: 2 * 60 * 1000,
  /** ...in at most this many bytes (about 50 cards at the 80 KB message budget)... */
  responseMaxBytes: 4 * 1024 * 1024,
  /** ...and one larger than this is not kept (Teams refuses a message over about 100 KB anyway). */
  responseMaxEntryBytes: 256 * 1024,
};
export type TurnLockLimits = typeof TURN_LOCK_LIMITS;

export interface TurnLockOptions extends Partial<TurnLockLimits> {
  /** Milliseconds clock (tests); default Date.now. */
  now?: () => number;
}

interface Timed {
  at: number;
}

export class TurnLock implements Middleware {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly limits: TurnLockLimits;
  private readonly now: () => number;
  /** Finished turns, by conversation key + activity id; oldest first (set order is time order). */
  private readonly done: BoundedByteMap<string, Timed>;
  /** The invoke response of each recent invoke, same key. */
  private readonly responses: BoundedByteMap<string, Timed & { response: Partial<Activity> }>;
  private inFlight = 0;
  private idleWaiters: Array<() => void> = [];

  constructor(options: TurnLockOptions = {}) {
    const { now, ...limits } = options;
    this.limits = { ...TURN_LOCK_LIMITS, ...limits };
    this.now = now ?? Date.now;
    this.done = new BoundedByteMap({ maxBytes: this.limits.idMaxBytes, sizeOf: () => 16 });
    this.responses = new BoundedByteMap({
      maxBytes: this.limits.responseMaxBytes,
      maxEntryBytes: this.limits.responseMaxEntryBytes,
      sizeOf: (entry) => 16 + estimateBytes(entry.response),
    });
  }

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
      const { id, type } = context.activity;
      // Only what a person sent is deduplicated; proactive continuations carry no inbound id.
      const tracked = !!id && (type === 'message' || type === 'invoke');
      const doneKey = `${key}#${id ?? ''}`;
      if (tracked && this.answeredAgain(context, doneKey)) return;
      // A turn that fails is not remembered: Teams may redeliver it, and the retry must run.
      await next();
      if (tracked) this.remember(context, doneKey);
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

  /** What the lock holds now (tests and the benchmark). */
  stats(): { ids: number; idBytes: number; responses: number; responseBytes: number } {
    this.expire();
    return { ids: this.done.size, idBytes: this.done.bytes, responses: this.responses.size, responseBytes: this.responses.bytes };
  }

  /** True when this activity finished here recently and is answered as it was (nothing runs, nothing is sent). */
  private answeredAgain(context: TurnContext, doneKey: string): boolean {
    this.expire();
    if (!this.done.has(doneKey)) return false;
    if (context.activity.type !== 'invoke') return true;
    const stored = this.responses.get(doneKey);
    // The response is no longer here (too old, too big): the journal answers from its durable record.
    if (!stored) return false;
    context.turnState.set(INVOKE_RESPONSE_KEY, stored.response);
    return true;
  }

  private remember(context: TurnContext, doneKey: string): void {
    const at = this.now();
    this.done.set(doneKey, { at });
    const response = context.activity.type === 'invoke' ? (context.turnState.get(INVOKE_RESPONSE_KEY) as Partial<Activity> | undefined) : undefined;
    if (response) this.responses.set(doneKey, { at, response });
    this.expire();
  }

  /** Drops entries past their age; both maps are in time order, so this stops at the first young one. */
  private expire(): void {
    const now = this.now();
    dropOlderThan(this.done, now - this.limits.idMaxAgeMs);
    dropOlderThan(this.responses, now - this.limits.responseMaxAgeMs);
  }
}

function dropOlderThan<V extends Timed>(map: BoundedByteMap<string, V>, cutoff: number): void {
  for (const key of map.keys()) {
    if (map.get(key)!.at > cutoff) return;
    map.delete(key);
  }
}

export function conversationKey(context: TurnContext): string {
  const a = context.activity;
  return `${a.channelId ?? ''}/${a.conversation?.id ?? ''}`;
}
