/**
 * The plain inputs every application service takes: who asks, in which tenant and conversation. The Teams edge
 * builds them from the SDK's activity (src/bot/turnInfo.ts); services and their tests never see the SDK.
 */
import type { OutboundActivity } from '../proactive/notifier.js';

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

/**
 * Answers within the turn, in the turn's own conversation: the edge implements it over the SDK's turn
 * (src/bot/turnInfo.ts `turnReplies`). Services use it when an answer needs the id of what was posted (a card
 * updated in place later) or changes a message of this conversation; plain answers are returned instead.
 */
export interface TurnReplies {
  /** Posts a message here; resolves with its id when the channel gives one. */
  send(activity: OutboundActivity | string): Promise<string | undefined>;
  /** Replaces a message of this conversation in place; a failure carries the HTTP status when there was one. */
  update(activityId: string, activity: OutboundActivity): Promise<{ ok: true } | { ok: false; status?: number; errorName?: string }>;
}
