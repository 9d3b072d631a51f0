/**
 * Teams conversation ids and addresses. A channel post's thread is the channel's conversation id with a
 * `;messageid=<root post id>` suffix; every message in a channel arrives with such an id, while install events carry
 * the bare channel id. Addresses are stored without an activity id, so a proactive send is a new message rather
 * than a reply to whatever activity was seen last.
 */
import { readAddress, type ConversationAddress } from '../records/conversationAddress.js';
import type { Reference } from './notifier.js';

const MESSAGE_ID_SUFFIX = /;messageid=([^;]*)$/i;

/**
 * What the proactive layer reads of an inbound activity: a structural subset of a Bot Framework activity (the edge
 * passes the SDK's activity as it is; nothing here depends on the SDK's types).
 */
export interface ActivityFacts {
  type?: string;
  action?: string;
  channelId?: string;
  serviceUrl?: string;
  locale?: string | null;
  conversation?: { id: string; conversationType?: string; tenantId?: string; isGroup?: boolean; name?: string };
  from?: { id: string; name?: string; aadObjectId?: string };
  recipient?: { id: string; name?: string };
  channelData?: unknown;
  membersRemoved?: Array<{ id: string }>;
}

/** The channel (or chat) id without a thread suffix. */
export function baseConversationId(conversationId: string): string {
  return conversationId.replace(MESSAGE_ID_SUFFIX, '');
}

/** The root post id of a channel thread, or null when the id is not a thread's. */
export function threadRootId(conversationId: string): string | null {
  return MESSAGE_ID_SUFFIX.exec(conversationId)?.[1] ?? null;
}

/** An address fit for storing: no activity id, the person only for 1:1 chats (accepts the old stored shape). */
export function cleanReference(reference: ConversationAddress | Record<string, unknown>): Reference {
  const address = readAddress(reference);
  if (address.conversation?.conversationType !== 'personal') delete address.user;
  return address;
}

/** The channel-level address for a thread address (or the address itself when it is not a thread). */
export function channelReferenceOf(reference: Reference): Reference {
  const id = reference.conversation?.id ?? '';
  return cleanReference({ ...reference, conversation: { ...reference.conversation!, id: baseConversationId(id) } });
}

/** The address of one thread in a channel. */
export function threadReferenceOf(channelReference: Reference, threadConversationId: string): Reference {
  return cleanReference({ ...channelReference, conversation: { ...channelReference.conversation!, id: threadConversationId } });
}

/** The address of the conversation an inbound activity came from, stored form. */
export function referenceOfActivity(activity: ActivityFacts): Reference {
  return cleanReference({
    channelId: activity.channelId,
    serviceUrl: activity.serviceUrl,
    conversation: activity.conversation,
    botAccount: activity.recipient,
    user: activity.from,
    locale: activity.locale ?? undefined,
  });
}

/** The tenant of an activity or address, lower case ('' outside Teams). */
export function tenantOfReference(reference: Reference | ActivityFacts): string {
  const conversation = reference.conversation as { tenantId?: string } | undefined;
  const channelData = (reference as ActivityFacts).channelData as { tenant?: { id?: string } } | undefined;
  return (conversation?.tenantId ?? channelData?.tenant?.id ?? '').toLowerCase();
}
