/**
 * The plain inputs every application service takes: who asks, in which tenant and conversation. The Teams edge
 * builds them from the SDK's activity (src/bot/turnInfo.ts); services and their tests never see the SDK.
 */

/** Where a command is typed: a 1:1 chat, a team channel, a group chat (the manifest's scopes). */
export type Scope = 'personal' | 'team' | 'groupChat';

/** The person: their Microsoft Entra object id when Teams gives it (lower case), else the channel account id. */
export interface Actor {
  id: string;
  name: string;
}

export interface ConversationFacts {
  /** The conversation id as the channel gives it (a channel thread carries `;messageid=`). */
  id: string;
  scope: Scope;
}

/** One request to a service: the tenant (lower case, '' outside Teams), the person and the conversation. */
export interface TurnFacts {
  tenantId: string;
  user: Actor;
  conversation: ConversationFacts;
}

/** A command as help and the welcome card list it. */
export interface ListedCommand {
  id: string;
  usage: string;
  description: string;
}
