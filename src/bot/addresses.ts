/**
 * The edge's translation between stored conversation addresses (records/conversationAddress.ts, the project's
 * shape) and the SDK's ConversationReference. Only the Teams edge knows the SDK's field names.
 */
import type { ConversationReference } from 'botbuilder';
import { readAddress, type ConversationAddress } from '../records/conversationAddress.js';

/** The SDK's reference for a stored address (botAccount -> bot). */
export function toBotReference(address: ConversationAddress): Partial<ConversationReference> {
  const { botAccount, ...rest } = readAddress(address);
  const reference: Partial<ConversationReference> = { ...rest } as Partial<ConversationReference>;
  if (botAccount) reference.bot = { id: botAccount.id, name: botAccount.name ?? '' };
  return reference;
}

/** The stored address of an SDK reference (bot -> botAccount; activity ids dropped). */
export function fromBotReference(reference: Partial<ConversationReference>): ConversationAddress {
  return readAddress(reference);
}
