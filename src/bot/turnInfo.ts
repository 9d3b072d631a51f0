/** Facts about a turn that several features need: who, which tenant, which scope. */
import { ActivityTypes, TurnContext } from 'botbuilder';
import type { Scope } from './commands.js';

export function scopeOf(context: TurnContext): Scope {
  const type = context.activity.conversation?.conversationType;
  if (type === 'channel') return 'team';
  if (type === 'groupChat') return 'groupChat';
  return 'personal';
}

/** The Teams tenant of the conversation, lower case ('' outside Teams). */
export function tenantOf(context: TurnContext): string {
  const a = context.activity;
  return (a.conversation?.tenantId ?? (a.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id ?? '').toLowerCase();
}

/** The person: their Microsoft Entra object id when Teams gives it (stable across chats), else the channel id. */
export function userOf(context: TurnContext): { id: string; name: string } {
  const from = context.activity.from;
  return { id: (from?.aadObjectId ?? from?.id ?? 'unknown').toLowerCase(), name: from?.name ?? 'Someone' };
}

/** The message text with the bot's @mention removed (channels and group chats always include it). */
export function messageText(context: TurnContext): string {
  const activity = context.activity;
  if (activity.type !== ActivityTypes.Message) return '';
  let text = TurnContext.removeRecipientMention(activity) ?? activity.text ?? '';
  // Some clients leave an <at>..</at> span for the bot even when the entity is missing or differs in case.
  text = text.replace(/<at>[^<]*<\/at>/gi, ' ');
  activity.text = text;
  return text;
}
