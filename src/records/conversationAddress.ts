/**
 * Where the bot can post: the project's own stored shape of a conversation reference.
 *
 * Checklists (copies of a card), migrations (status card threads) and the conversation address book keep these.
 * The shape is ours, not an SDK's: botbuilder calls the bot's account `bot`, the Microsoft 365 Agents SDK calls it
 * `agent`, and a stored record must survive either. The Teams edge translates (src/bot/addresses.ts).
 *
 * Upgrade: records written before this shape existed hold botbuilder's ConversationReference (`bot`, and sometimes
 * `activityId`). `readAddress` accepts both, so such records keep working; the record is rewritten in this shape
 * the next time it is saved (every repository stores what `readAddress` returned).
 */

export interface AddressAccount {
  id: string;
  name?: string;
  aadObjectId?: string;
}

export interface AddressConversation {
  id: string;
  /** personal, channel or groupChat (Teams' conversationType). */
  conversationType?: string;
  tenantId?: string;
  isGroup?: boolean;
  name?: string;
}

export interface ConversationAddress {
  /** 'msteams' in Teams. */
  channelId?: string;
  serviceUrl?: string;
  conversation?: AddressConversation;
  /** The bot's own account in this conversation (28:...). */
  botAccount?: AddressAccount;
  /** In a 1:1 chat: the person. */
  user?: AddressAccount;
  locale?: string;
}

function account(value: unknown, withAad: boolean): AddressAccount | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.id !== 'string') return undefined;
  const out: AddressAccount = { id: v.id };
  if (typeof v.name === 'string') out.name = v.name;
  if (withAad && typeof v.aadObjectId === 'string') out.aadObjectId = v.aadObjectId;
  return out;
}

function conversationOf(value: unknown): AddressConversation | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.id !== 'string') return undefined;
  const out: AddressConversation = { id: v.id };
  if (typeof v.conversationType === 'string') out.conversationType = v.conversationType;
  if (typeof v.tenantId === 'string') out.tenantId = v.tenantId;
  if (typeof v.isGroup === 'boolean') out.isGroup = v.isGroup;
  if (typeof v.name === 'string') out.name = v.name;
  return out;
}

/**
 * A stored address in this shape, from either this shape or the old one (botbuilder's ConversationReference:
 * `bot` for the bot's account, an `activityId` that is dropped). Unknown fields are dropped too.
 */
export function readAddress(stored: unknown): ConversationAddress {
  const v = (stored && typeof stored === 'object' ? stored : {}) as Record<string, unknown>;
  const out: ConversationAddress = {};
  if (typeof v.channelId === 'string') out.channelId = v.channelId;
  if (typeof v.serviceUrl === 'string') out.serviceUrl = v.serviceUrl;
  const conversation = conversationOf(v.conversation);
  if (conversation) out.conversation = conversation;
  const bot = account(v.botAccount ?? v.bot, false);
  if (bot) out.botAccount = bot;
  const user = account(v.user, true);
  if (user) out.user = user;
  if (typeof v.locale === 'string') out.locale = v.locale;
  return out;
}

/** True when a stored value is in the old (botbuilder) shape and will be rewritten on the next save. */
export function isLegacyAddress(stored: unknown): boolean {
  return !!stored && typeof stored === 'object' && ('bot' in stored || 'activityId' in stored);
}
