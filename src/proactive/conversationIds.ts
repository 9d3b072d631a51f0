/**
 * Teams conversation ids and references. A channel post's thread is the channel's conversation id with a
 * `;messageid=<root post id>` suffix; every message in a channel arrives with such an id, while install events carry
 * the bare channel id. References are stored without `activityId`, so a proactive send is a new message rather than
 * a reply to whatever activity was seen last.
 */
import type { Activity, ConversationReference } from 'botbuilder';
import type { Reference } from './notifier.js';

const MESSAGE_ID_SUFFIX = /;messageid=([^;]*)$/i;

/** The channel (or chat) id without a thread suffix. */
export function baseConversationId(conversationId: string): string {
  return conversationId.replace(MESSAGE_ID_SUFFIX, '');
}

/** The root post id of a channel thread, or null when the id is not a thread's. */
export function threadRootId(conversationId: string): string | null {
  return MESSAGE_ID_SUFFIX.exec(conversationId)?.[1] ?? null;
}

/** A reference fit for storing: no activity id, the person only for 1:1 chats. */
export function cleanReference(reference: Partial<ConversationReference>): Reference {
  const conversation = reference.conversation ? { ...reference.conversation } : undefined;
  const out: Reference = {
    channelId: reference.channelId,
    serviceUrl: reference.serviceUrl,
    conversation: conversation as ConversationReference['conversation'],
    bot: reference.bot ? { id: reference.bot.id, name: reference.bot.name } : undefined,
  };
  if (reference.locale) out.locale = reference.locale;
  if (conversation?.conversationType === 'personal' && reference.user) {
    out.user = { id: reference.user.id, name: reference.user.name, aadObjectId: reference.user.aadObjectId };
  }
  return JSON.parse(JSON.stringify(out)) as Reference;
}

/** The channel-level reference for a thread reference (or the reference itself when it is not a thread). */
export function channelReferenceOf(reference: Reference): Reference {
  const id = reference.conversation?.id ?? '';
  return cleanReference({ ...reference, conversation: { ...reference.conversation!, id: baseConversationId(id) } });
}

/** The reference of one thread in a channel. */
export function threadReferenceOf(channelReference: Reference, threadConversationId: string): Reference {
  return cleanReference({ ...channelReference, conversation: { ...channelReference.conversation!, id: threadConversationId } });
}

/** The reference of the conversation an inbound activity came from, stored form. */
export function referenceOfActivity(activity: Partial<Activity>): Reference {
  return cleanReference({
    channelId: activity.channelId,
    serviceUrl: activity.serviceUrl,
    conversation: activity.conversation,
    bot: activity.recipient,
    user: activity.from,
    locale: activity.locale,
  });
}

/** The tenant of an activity or reference, lower case ('' outside Teams). */
export function tenantOfReference(reference: Reference | Partial<Activity>): string {
  const conversation = reference.conversation as { tenantId?: string } | undefined;
  const channelData = (reference as Partial<Activity>).channelData as { tenant?: { id?: string } } | undefined;
  return (conversation?.tenantId ?? channelData?.tenant?.id ?? '').toLowerCase();
}
