/**
 * The Notifier port: every message the bot sends on its own initiative (outside the turn that answers a person)
 * goes through it, so retries, throttling and dead conversations are handled once, and features can be tested with
 * a fake.
 *
 * How to use it
 * - Get a reference. Inbound activities keep one per conversation in the ConversationReferenceStore
 *   (conversationReferenceStore.ts): `forChannel(tenantId, channelId)`, `forUser(tenantId, userId)` (1:1 chat),
 *   `forTeam(tenantId, teamId)`, or `referenceOfActivity(activity)` (conversationIds.ts) inside a turn. References are
 *   plain JSON: store them next to your records.
 * - `send(reference, activity)` posts a message. In a channel thread, pass the thread reference (conversation id
 *   with `;messageid=`) to reply in the thread.
 * - `startThread(channelReference, activity)` posts a new top-level post in a channel and returns its activity id
 *   and the thread's reference. Keep both: replies go to the thread reference, updates use the activity id.
 * - `update(reference, activityId, activity)` replaces a message (a card) in place. When Teams says the message no
 *   longer exists (deleted by someone), a fresh copy is posted instead, and the result says so (`reposted`) with
 *   the new id and the reference it now lives under: store both, or the next update fails again.
 * - `createPersonalConversation({ tenantId, serviceUrl, userId }, activity)` opens (or reopens) the 1:1 chat with a
 *   person and posts the activity. It only works when the app is installed for that person; otherwise the result
 *   is `{ ok: false, reason: 'not-in-conversation' }`: tell the requester to install the app for them or to ask
 *   them to open a chat with the bot.
 *
 * Results never throw for connector problems; they carry a reason a feature can turn into plain words:
 * - `not-in-conversation`: 403, the bot was removed or never installed there. The stored reference is marked dead
 *   and no later send is attempted until the conversation talks to the bot again (or the app is reinstalled).
 * - `blocked`: 403, the person blocked the bot or uninstalled it. Marked dead as above.
 * - `dead-reference`: the reference was already marked dead; nothing was sent.
 * - `throttled`: still 429 (or 412) after the bounded retries.
 * - `not-found`: the conversation (or, for an update that could not repost, the message) does not exist.
 * - `unauthorized` / `forbidden`: a configuration problem (app id, password, tenant); logged as an error.
 * - `bad-request`, `too-large`, `unavailable` (5xx), `unreachable` (no connection).
 * - `unknown-outcome`: a POST of a new message (send, startThread, a repost) met a 5xx or a time-out, so Teams may
 *   or may not have posted it. It is never sent again blindly (it could appear twice): record the doubt, and post
 *   again only on a new reason (a change, a person asking). Updates (PUT of a known id) are retried instead.
 *
 * Every request goes through the process's OutboundThrottle (outboundThrottle.ts): Teams' per-conversation and
 * per-tenant rates, Retry-After on 429/412, bounded retries.
 *
 * Do not call the Notifier and await it inside a turn of the same conversation: adapter middleware serialises the
 * turns of one conversation, so the proactive turn would wait for the turn that waits for it. Run such work in the
 * background (backgroundTasks.ts) and answer the person from the turn.
 */
import type { ConversationAddress } from '../records/conversationAddress.js';

/** A stored conversation address: plain JSON in the project's own shape (records/conversationAddress.ts). */
export type Reference = ConversationAddress;

/**
 * What the bot posts: a message activity as plain data (the edge builds it with the SDK's MessageFactory and
 * passes it through; nothing here depends on the SDK's types).
 */
export interface OutboundActivity {
  type?: string;
  text?: string;
  summary?: string;
  attachments?: unknown[];
  attachmentLayout?: string;
  textFormat?: string;
  entities?: unknown[];
  channelData?: unknown;
}

export const SEND_FAILURES = [
  'not-in-conversation', 'blocked', 'dead-reference', 'throttled', 'not-found', 'unauthorized', 'forbidden',
  'bad-request', 'too-large', 'unavailable', 'unreachable', 'unknown-outcome',
] as const;
export type SendFailure = (typeof SEND_FAILURES)[number];

export interface Failed {
  ok: false;
  reason: SendFailure;
  /** HTTP status from the connector, when there was one. */
  status?: number;
}

export type SendResult = { ok: true; activityId: string | null } | Failed;

export type UpdateResult =
  | {
      ok: true;
      /** The message's id now: the same one, or the fresh copy's when reposted. */
      activityId: string;
      /** True when the original was gone and a fresh copy was posted. */
      reposted: boolean;
      /** Where the message lives now (a new thread when a channel post was reposted). */
      reference: Reference;
    }
  | Failed;

export type ThreadResult = { ok: true; activityId: string; threadReference: Reference } | Failed;

export interface PersonalTarget {
  tenantId: string;
  serviceUrl: string;
  /** The person's Teams user id (29:...) or Microsoft Entra object id. */
  userId: string;
  /** The bot's channel account id (28:...), when known from an earlier activity. */
  botId?: string;
}

export type PersonalResult = { ok: true; reference: Reference; activityId: string | null } | Failed;

export interface Notifier {
  send(reference: Reference, activity: OutboundActivity): Promise<SendResult>;
  update(reference: Reference, activityId: string, activity: OutboundActivity): Promise<UpdateResult>;
  startThread(channelReference: Reference, activity: OutboundActivity): Promise<ThreadResult>;
  createPersonalConversation(target: PersonalTarget, activity: OutboundActivity): Promise<PersonalResult>;
}

/** Plain words for a failure, for replies to the person who asked for the send. */
export function describeFailure(reason: SendFailure): string {
  switch (reason) {
    case 'not-in-conversation':
    case 'dead-reference':
      return 'the app is no longer installed there (or was never installed), so I cannot post';
    case 'blocked':
      return 'the person has blocked or removed the app';
    case 'throttled':
      return 'Teams asked me to slow down and I gave up after a few tries';
    case 'not-found':
      return 'that conversation no longer exists';
    case 'unauthorized':
    case 'forbidden':
      return 'Teams refused the bot\'s credentials; an admin needs to check the bot registration';
    case 'bad-request':
    case 'too-large':
      return 'Teams rejected the message';
    case 'unavailable':
    case 'unreachable':
      return 'Teams could not be reached';
    case 'unknown-outcome':
      return 'Teams did not confirm whether the message arrived (it may have): check the chat before asking again';
  }
}
