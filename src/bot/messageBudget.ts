/**
 * The one message budget, enforced where activities leave the bot: every activity sent or updated in a turn (replies,
 * proactive sends and updates, which run through the adapter's middleware too) and every invoke response is measured
 * as Teams counts it (UTF-16 bytes of its JSON, src/domain/messageSize.ts). One over the budget is never sent as it
 * is: it is logged (type, card template, size; never its content) and replaced by a short text saying the answer was
 * too long for one Teams message and what to do instead.
 *
 * This is the safety net. Every producer fits or pages its own cards below the budget; a replacement here means a
 * producer has a gap, which the log line names. Replacements are made in place (the activity array a send handler
 * receives, the activity object an update handler receives), so middleware registered before or after this one,
 * and the adapter itself, all see the activity that is finally sent.
 */
import { randomUUID } from 'node:crypto';
import { ActivityTypes, type Activity, type Middleware, type TurnContext } from 'botbuilder';
import { MESSAGE_BUDGET_BYTES, kilobytes, utf16Bytes } from '../domain/messageSize.js';
import { templateNameOf } from '../cards/renderer.js';
import type { Logger } from '../logging.js';

/** What was too large, for the log line and the text that replaces it. */
export interface OversizeFacts {
  /** send, update, invoke (an invoke response), startThread. */
  operation: string;
  activityType: string;
  /** The card template(s) rendered into it, or the attachment content types; 'text' for a text message. */
  content: string;
  bytes: number;
  budget: number;
  reference: string;
}

/** The text that replaces an oversized message. Plain words, no content of the message it replaces. */
export function oversizeNotice(facts: Pick<OversizeFacts, 'bytes' | 'budget' | 'reference'>, requestText?: string): string {
  const exportMatch = /^\s*export\s+(\S+)/i.exec(requestText ?? '');
  const what = exportMatch
    ? `The report of assessment ${exportMatch[1]} is too long to send as one Teams message`
    : 'That answer is too long to send as one Teams message';
  const instead = exportMatch
    ? `Open the assessment with **open ${exportMatch[1]}** to see its verdict card, or **checklist ${exportMatch[1]}** for its steps one phase at a time.`
    : 'Ask for a smaller part (one environment, one phase or one page at a time), or type **help** to see what I can show.';
  return `${what} (${kilobytes(facts.bytes)}; Teams takes about ${kilobytes(facts.budget)} at most), so I did not send it. Nothing is lost. ${instead} If this keeps happening, give your admin this reference: **${facts.reference}**.`;
}

function describeContent(activity: Partial<Activity>): string {
  const attachments = activity.attachments ?? [];
  if (attachments.length === 0) return activity.text !== undefined ? 'text' : 'none';
  return attachments.map((a) => templateNameOf(a.content) ?? a.contentType ?? 'attachment').join(',');
}

/** An invoke response's body when it carries a card (an Action.Execute answer with a refreshed card). */
function invokeCard(activity: Partial<Activity>): unknown {
  const body = (activity.value as { body?: { type?: string; value?: unknown } } | undefined)?.body;
  return body?.type === 'application/vnd.microsoft.card.adaptive' ? body.value : undefined;
}

export interface MessageBudgetOptions {
  logger: Logger;
  budget?: number;
}

/**
 * Checks one outbound activity. Returns undefined when it is within the budget, else the facts (already logged) and
 * a replacement activity that keeps the routing fields (type message, replyToId, conversation) and drops the content.
 */
export function checkActivity(
  activity: Partial<Activity>,
  operation: string,
  options: MessageBudgetOptions,
  requestText?: string,
): { facts: OversizeFacts; replacement: Partial<Activity> } | undefined {
  const budget = options.budget ?? MESSAGE_BUDGET_BYTES;
  let bytes: number;
  try {
    bytes = utf16Bytes(activity);
  } catch {
    return undefined; // not JSON (a cycle): the connector client refuses it on its own; nothing to measure here
  }
  if (bytes <= budget) return undefined;
  const isInvoke = activity.type === ActivityTypes.InvokeResponse;
  const card = isInvoke ? invokeCard(activity) : undefined;
  const facts: OversizeFacts = {
    operation: isInvoke ? 'invoke' : operation,
    activityType: activity.type ?? 'message',
    content: isInvoke ? (card !== undefined ? templateNameOf(card) ?? 'card' : 'invoke') : describeContent(activity),
    bytes,
    budget,
    reference: randomUUID().slice(0, 8),
  };
  options.logger.error('message over the Teams budget not sent; replaced by a short text', { ...facts });
  const text = oversizeNotice(facts, requestText);
  if (isInvoke) {
    const status = (activity.value as { status?: number } | undefined)?.status ?? 200;
    const replacement = {
      ...activity,
      value: { status, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: text } },
    };
    return { facts, replacement };
  }
  const replacement: Partial<Activity> = {
    type: ActivityTypes.Message,
    text,
    textFormat: 'markdown',
  };
  for (const key of ['id', 'replyToId', 'conversation', 'from', 'recipient', 'channelId', 'serviceUrl', 'locale', 'timestamp', 'inputHint'] as const) {
    if (activity[key] !== undefined) (replacement as Record<string, unknown>)[key] = activity[key];
  }
  return { facts, replacement };
}

/** Rewrites `target` in place to `replacement` (an update handler's activity object cannot be swapped). */
function replaceInPlace(target: Partial<Activity>, replacement: Partial<Activity>): void {
  for (const key of Object.keys(target)) delete (target as Record<string, unknown>)[key];
  Object.assign(target, replacement);
}

export class MessageBudgetMiddleware implements Middleware {
  constructor(private readonly options: MessageBudgetOptions) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const requestText = (): string | undefined =>
      context.activity?.type === ActivityTypes.Message ? userText(context) : undefined;
    context.onSendActivities(async (_ctx, activities, nextSend) => {
      for (let i = 0; i < activities.length; i++) {
        const checked = checkActivity(activities[i]!, 'send', this.options, requestText());
        if (checked) activities[i] = checked.replacement;
      }
      return nextSend();
    });
    context.onUpdateActivity(async (_ctx, activity, nextUpdate) => {
      const checked = checkActivity(activity, 'update', this.options);
      if (checked) replaceInPlace(activity, { ...checked.replacement, id: activity.id });
      return nextUpdate();
    });
    await next();
  }
}

/** The user's text without a leading mention (channels), for the hint in the replacement. */
function userText(context: TurnContext): string | undefined {
  const text = context.activity.text;
  return typeof text === 'string' ? text.replace(/<at>[^<]*<\/at>/g, '').trim() : undefined;
}
