/**
 * Keeps every inbound and outbound activity of a conversation. Unlike botbuilder's TranscriptLoggerMiddleware it
 * awaits the write (a failed write is logged, never fatal to the turn) and it skips the turn in which the user asked
 * to be forgotten, so "forget me" does not leave its own transcript behind.
 */
import { ActivityTypes, type Activity, type Middleware, type TurnContext } from 'botbuilder';
import type { Logger } from '../logging.js';

export interface ActivityLogger {
  logActivity(activity: Partial<Activity>): Promise<void> | void;
}

/**
 * A logger that can prepare an entry when an activity is seen (redacted and serialised in one pass, so the live
 * activity needs no copy) and store a turn's entries in one call. Both transcript stores implement it.
 */
export interface EntryLogger<Entry> extends ActivityLogger {
  prepareEntry(activity: Partial<Activity>): Entry;
  logEntries(entries: readonly Entry[]): Promise<void>;
}

/** Set on turnState by a handler that has just deleted this conversation's data. */
export const SKIP_TRANSCRIPT = Symbol('skipTranscript');

export class TranscriptMiddleware implements Middleware {
  constructor(private readonly store: ActivityLogger, private readonly logger: Logger) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const store = this.store;
    const preparing = isEntryLogger(store);
    // What was seen, captured at once: a prepared entry (text), or a deep copy for a plain logger.
    const buffer: unknown[] = [];
    const capture = (activity: Partial<Activity>): void => {
      if (!preparing) {
        buffer.push(clone(activity));
        return;
      }
      try {
        buffer.push(store.prepareEntry(activity));
      } catch (error) {
        this.logger.warn('transcript write failed', { errorName: (error as Error)?.name });
      }
    };
    const inbound = context.activity;
    if (inbound.type !== ActivityTypes.Event || inbound.name !== 'ContinueConversation') {
      capture({ ...inbound, from: { ...inbound.from, role: inbound.from?.role ?? 'user' } });
    }
    context.onSendActivities(async (ctx, activities, nextSend) => {
      const responses = await nextSend();
      activities.forEach((a, i) => {
        if (a.type === 'typing' || a.type === ActivityTypes.InvokeResponse) return;
        capture({ ...a, id: responses[i]?.id ?? a.id, timestamp: a.timestamp ?? new Date() });
      });
      return responses;
    });
    context.onUpdateActivity(async (ctx, activity, nextUpdate) => {
      await nextUpdate();
      capture({ ...activity, type: ActivityTypes.MessageUpdate, timestamp: new Date() });
    });
    try {
      await next();
    } finally {
      if (!context.turnState.get(SKIP_TRANSCRIPT) && buffer.length > 0) {
        if (preparing) {
          try {
            // One call: the turn's entries go out in one commit.
            await store.logEntries(buffer);
          } catch (error) {
            this.logger.warn('transcript write failed', { errorName: (error as Error)?.name });
          }
        } else {
          for (const activity of buffer) {
            try {
              await store.logActivity(activity as Partial<Activity>);
            } catch (error) {
              this.logger.warn('transcript write failed', { errorName: (error as Error)?.name });
            }
          }
        }
      }
    }
  }
}

function isEntryLogger(store: ActivityLogger): store is EntryLogger<unknown> {
  const candidate = store as Partial<EntryLogger<unknown>>;
  return typeof candidate.prepareEntry === 'function' && typeof candidate.logEntries === 'function';
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
