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

/** Set on turnState by a handler that has just deleted this conversation's data. */
export const SKIP_TRANSCRIPT = Symbol('skipTranscript');

export class TranscriptMiddleware implements Middleware {
  constructor(private readonly store: ActivityLogger, private readonly logger: Logger) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const buffer: Array<Partial<Activity>> = [];
    const inbound = context.activity;
    if (inbound.type !== ActivityTypes.Event || inbound.name !== 'ContinueConversation') {
      buffer.push(clone({ ...inbound, from: { ...inbound.from, role: inbound.from?.role ?? 'user' } }));
    }
    context.onSendActivities(async (ctx, activities, nextSend) => {
      const responses = await nextSend();
      activities.forEach((a, i) => {
        if (a.type === 'typing' || a.type === ActivityTypes.InvokeResponse) return;
        buffer.push(clone({ ...a, id: responses[i]?.id ?? a.id, timestamp: a.timestamp ?? new Date() }));
      });
      return responses;
    });
    context.onUpdateActivity(async (ctx, activity, nextUpdate) => {
      await nextUpdate();
      buffer.push(clone({ ...activity, type: ActivityTypes.MessageUpdate, timestamp: new Date() }));
    });
    try {
      await next();
    } finally {
      if (!context.turnState.get(SKIP_TRANSCRIPT)) {
        for (const activity of buffer) {
          try {
            await this.store.logActivity(activity);
          } catch (error) {
            this.logger.warn('transcript write failed', { errorName: (error as Error)?.name });
          }
        }
      }
    }
  }
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
