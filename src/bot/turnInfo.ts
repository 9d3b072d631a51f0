/** Facts about a turn that several features need: who, which tenant, which scope, what was typed. */
import { ActivityTypes, TurnContext, type Activity } from 'botbuilder';
import { tenantOfReference } from '../proactive/conversationIds.js';
import type { PersonalChatTarget } from '../services/fileOffers.js';
import type { Actor, Scope, TurnFacts, TurnReplies } from '../services/turn.js';
import { SENDER_TENANT } from './senderTenant.js';
import { sendNow } from './turnJournal.js';

export function scopeOf(context: TurnContext): Scope {
  const type = context.activity.conversation?.conversationType;
  if (type === 'channel') return 'team';
  if (type === 'groupChat') return 'groupChat';
  return 'personal';
}

/**
 * The tenant the person acts for, lower case ('' outside Teams): every record is read and written under it. In a
 * shared channel, `conversation.tenantId` is the channel's host tenant for every activity, also one from a member of
 * another organisation (Microsoft's "Apps for shared and private channels" page); the sender's own tenant is taken from
 * the channel's roster when SenderTenantMiddleware (src/bot/senderTenant.ts) could read it, as Microsoft's shared-channel
 * guidance says (compare the member's tenantId with the host's); else from `channelData.tenant.id` ("the tenant in
 * which the message was sent"), else the conversation's tenant. Stored conversation addresses keep the
 * conversation's tenant (tenantOfReference), which is the one the Bot Connector needs to post there.
 */
export function tenantOf(context: TurnContext): string {
  const fromRoster = context.turnState.get(SENDER_TENANT) as string | undefined;
  if (fromRoster) return fromRoster;
  const sender = (context.activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  return typeof sender === 'string' && sender.trim() !== '' ? sender.trim().toLowerCase() : tenantOfReference(context.activity);
}

/** The person: their Microsoft Entra object id when Teams gives it (stable across chats), else the channel id. */
export function userOf(context: TurnContext): Actor {
  const from = context.activity.from;
  return { id: (from?.aadObjectId ?? from?.id ?? 'unknown').toLowerCase(), name: from?.name ?? 'Someone' };
}

/** The plain inputs of a service call for this turn. */
export function turnFacts(context: TurnContext): TurnFacts {
  return {
    tenantId: tenantOf(context),
    user: userOf(context),
    conversation: { id: context.activity.conversation?.id ?? '', scope: scopeOf(context) },
  };
}

/** The person's 1:1 chat target, from the activity (files go there when asked in a channel or group chat). */
export function personalTarget(context: TurnContext): PersonalChatTarget | null {
  const a = context.activity;
  if (!a.serviceUrl || !a.from?.id) return null;
  return { serviceUrl: a.serviceUrl, userId: a.from.id, ...(a.recipient?.id ? { botId: a.recipient.id } : {}) };
}

const MESSAGE_TEXT = Symbol('messageText');

/**
 * The message text with the bot's @mention removed (channels and group chats always include it). The activity is
 * left as it came (the SDK's mention removal rewrites `activity.text`, so it runs on a copy); the result is kept in
 * the turn state, where `useTypedText` can replace it.
 */
export function messageText(context: TurnContext): string {
  const kept = context.turnState.get(MESSAGE_TEXT) as string | undefined;
  if (typeof kept === 'string') return kept;
  const activity = context.activity;
  if (activity.type !== ActivityTypes.Message) return '';
  const copy = { ...activity } as Activity;
  let text = TurnContext.removeRecipientMention(copy) ?? activity.text ?? '';
  // Some clients leave an <at>..</at> span for the bot even when the entity is missing or differs in case.
  text = text.replace(/<at>[^<]*<\/at>/gi, ' ');
  context.turnState.set(MESSAGE_TEXT, text);
  return text;
}

/** A card button that stands for a typed command ({ typed: "..." }): the rest of the turn reads it as the text. */
export function useTypedText(context: TurnContext, text: string): void {
  context.turnState.set(MESSAGE_TEXT, text);
}

/** The turn's replies as the services' port: posts and in-place updates in this conversation. */
export function turnReplies(context: TurnContext): TurnReplies {
  return {
    async send(activity) {
      // Services keep the returned id (cards updated later): sent at once after the state is saved, not held to
      // the end of the turn with a placeholder id (src/bot/turnJournal.ts).
      const sent = await sendNow(context, (typeof activity === 'string' ? { type: 'message', text: activity } : activity) as Partial<Activity>);
      return sent?.id || undefined;
    },
    async update(activityId, activity) {
      try {
        await context.updateActivity({ ...(activity as Partial<Activity>), id: activityId });
        return { ok: true };
      } catch (error) {
        return { ok: false, status: httpStatusOf(error), errorName: (error as Error)?.name };
      }
    },
  };
}

/** The HTTP status of a connector error, when it has one. */
export function httpStatusOf(error: unknown): number | undefined {
  const e = error as { statusCode?: number; status?: number; response?: { status?: number } } | undefined;
  return e?.statusCode ?? e?.status ?? e?.response?.status;
}
