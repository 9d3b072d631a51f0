/**
 * Where the bot may post on its own: one conversation address per Teams conversation, kept through the key-value
 * port (records/kv.ts) under tenant-scoped keys (one small record each, so a busy tenant never rewrites a big file).
 *
 * - Refreshed from every inbound activity: install events are not reliable (a Graph install may send none) and the
 *   serviceUrl can change, so whatever last talked to the bot wins. Unchanged references are not rewritten more than
 *   twice a day.
 * - Stored on install, removed on uninstall and when the team is deleted (with every channel of that team).
 * - Marked dead when Teams answers 403 "bot not in conversation" (or "blocked"): the Notifier then stops sending
 *   there until the conversation talks to the bot again or the app is reinstalled, instead of retrying forever.
 * - Channel threads are folded into their channel: a message in a thread refreshes the channel's reference.
 */
import type { Logger } from '../logging.js';
import { baseConversationId, cleanReference, referenceOfActivity, tenantOfReference, type ActivityFacts } from './conversationIds.js';
import type { Reference } from './notifier.js';
import { casUpdate, keyPart as safe } from '../records/cas.js';
import { readAddress } from '../records/conversationAddress.js';
import type { KeyValueStore } from '../records/kv.js';

type Activity = ActivityFacts;

/** Called by the Teams edge on every turn (with the turn's activity) so stored addresses stay fresh. */
export interface ConversationHooks {
  onActivity?(turn: { activity: ActivityFacts }): Promise<void>;
  onInstalled?(turn: { activity: ActivityFacts }): Promise<void>;
  onUninstalled?(turn: { activity: ActivityFacts }): Promise<void>;
}

export type ConversationKind = 'personal' | 'channel' | 'groupChat';

export interface StoredConversation {
  tenantId: string;
  /** The conversation id without a thread suffix (for a channel: the channel id). */
  conversationId: string;
  kind: ConversationKind;
  teamId: string | null;
  channelId: string | null;
  /** In a 1:1 chat: the person's Entra object id and Teams id, lower case. */
  userIds: string[];
  reference: Reference;
  /** True once an install event was seen here (a message alone also makes a reference usable). */
  installed: boolean;
  updatedAt: string;
  dead: { reason: string; at: string } | null;
  /**
   * Someone waits to hear when this conversation talks to the bot again (a card the timer gave up on). The next
   * activity rewrites the reference, which clears this and moves `updatedAt` to that moment.
   */
  watched?: boolean;
}

/** Rewrite an unchanged reference at most this often (keeps `updatedAt` meaningful without a write per message). */
export const REFRESH_AFTER_MS = 12 * 60 * 60 * 1000;

const refKey = (tenantId: string, conversationId: string): string =>
  `records/conversation-refs/${safe(tenantId)}+${safe(conversationId)}`;
const userKey = (tenantId: string, userId: string): string => `records/conversation-users/${safe(tenantId)}+${safe(userId)}`;
const teamKey = (tenantId: string, teamId: string): string => `records/conversation-teams/${safe(tenantId)}+${safe(teamId)}`;

interface UserIndex { conversationId: string }
interface TeamIndex { conversationIds: string[] }

function kindOf(activity: Partial<Activity>): ConversationKind {
  const type = activity.conversation?.conversationType;
  if (type === 'channel') return 'channel';
  if (type === 'groupChat') return 'groupChat';
  return 'personal';
}

function teamIdOf(activity: Partial<Activity>): string | null {
  const data = activity.channelData as { team?: { id?: string } } | undefined;
  return data?.team?.id ?? null;
}

/** True for the events that say the bot is leaving: storing a reference for them would only resurrect it. */
function isRemoval(activity: Partial<Activity>): boolean {
  if (activity.type === 'installationUpdate') return activity.action === 'remove' || activity.action === 'remove-upgrade';
  if (activity.type === 'conversationUpdate') {
    const eventType = (activity.channelData as { eventType?: string } | undefined)?.eventType;
    if (eventType === 'teamDeleted' || eventType === 'teamHardDeleted') return true;
    const botId = activity.recipient?.id;
    return (activity.membersRemoved ?? []).some((m) => m.id === botId);
  }
  return false;
}

export class ConversationReferenceStore {
  constructor(
    private readonly storage: KeyValueStore,
    private readonly now: () => Date = () => new Date(),
    private readonly logger?: Logger,
  ) {}

  /** Stores or refreshes the reference of the conversation an activity came from; returns what is stored. */
  async remember(activity: Partial<Activity>, options: { installed?: boolean } = {}): Promise<StoredConversation | undefined> {
    const rawId = activity.conversation?.id;
    if (!rawId || !activity.serviceUrl) return undefined;
    const tenantId = tenantOfReference(activity);
    const conversationId = baseConversationId(rawId);
    const kind = kindOf(activity);
    const teamId = teamIdOf(activity);
    const reference = referenceOfActivity({ ...activity, conversation: { ...activity.conversation!, id: conversationId } });
    const userIds = kind === 'personal'
      ? [...new Set([activity.from?.aadObjectId, activity.from?.id].filter((x): x is string => !!x).map((x) => x.toLowerCase()))]
      : [];
    const key = refKey(tenantId, conversationId);
    const existing = await this.read<StoredConversation>(key);
    const nowIso = this.now().toISOString();
    const installed = (existing?.installed ?? false) || options.installed === true;
    const unchanged = existing
      && existing.dead === null
      && !existing.watched
      && existing.installed === installed
      && existing.reference.serviceUrl === reference.serviceUrl
      && existing.teamId === (teamId ?? existing.teamId)
      && userIds.every((u) => existing.userIds.includes(u))
      && this.now().getTime() - Date.parse(existing.updatedAt) < REFRESH_AFTER_MS;
    if (unchanged) return existing;

    // Merged with what is stored at write time (not at the read above), so a concurrent turn's user ids stay.
    const written = await casUpdate<StoredConversation>(this.storage, key, (stored) => ({
      tenantId,
      conversationId,
      kind,
      teamId: teamId ?? stored?.teamId ?? null,
      channelId: kind === 'channel' ? conversationId : null,
      userIds: [...new Set([...(stored?.userIds ?? []), ...userIds])],
      reference,
      installed: (stored?.installed ?? false) || installed,
      updatedAt: nowIso,
      dead: null,
    }));
    const record = written.value!;
    if (record.teamId) await this.addToTeam(tenantId, record.teamId, conversationId);
    // Last writer wins on purpose: a person's newest 1:1 conversation is the one to use.
    for (const user of userIds) await this.storage.write({ [userKey(tenantId, user)]: { conversationId, eTag: '*' } });
    return record;
  }

  /**
   * The bot was uninstalled or the team deleted: forgets the conversation and, in a team, every channel of that
   * team (the bot can reach none of them any more). Returns how many references were removed.
   */
  async removeFor(activity: Partial<Activity>): Promise<number> {
    const rawId = activity.conversation?.id;
    if (!rawId) return 0;
    const tenantId = tenantOfReference(activity);
    const conversationId = baseConversationId(rawId);
    const teamId = teamIdOf(activity) ?? (await this.read<StoredConversation>(refKey(tenantId, conversationId)))?.teamId ?? null;
    const ids = new Set([conversationId]);
    if (teamId) {
      const index = await this.read<TeamIndex>(teamKey(tenantId, teamId));
      for (const id of index?.conversationIds ?? []) ids.add(id);
    }
    let removed = 0;
    for (const id of ids) removed += await this.deleteConversation(tenantId, id);
    if (teamId) await this.storage.delete([teamKey(tenantId, teamId)]);
    return removed;
  }

  /**
   * Teams said the bot cannot post here (403 bot not in conversation, or blocked). Later sends are skipped until
   * the conversation talks to the bot again. A thread's reference marks its channel.
   */
  async markDead(reference: Reference, reason: string): Promise<void> {
    const rawId = reference.conversation?.id;
    if (!rawId) return;
    const tenantId = tenantOfReference(reference);
    const conversationId = baseConversationId(rawId);
    const key = refKey(tenantId, conversationId);
    const at = this.now().toISOString();
    const written = await casUpdate<StoredConversation>(this.storage, key, (existing) => {
      const kind = (reference.conversation?.conversationType as ConversationKind | undefined) ?? existing?.kind ?? 'personal';
      const record: StoredConversation = existing ? upgrade(existing) : {
        tenantId,
        conversationId,
        kind,
        teamId: null,
        channelId: kind === 'channel' ? conversationId : null,
        userIds: [],
        reference: cleanReference({ ...reference, conversation: { ...reference.conversation!, id: conversationId } }),
        installed: false,
        updatedAt: at,
        dead: null,
      };
      return { ...record, dead: { reason, at } };
    });
    const record = written.value!;
    this.logger?.warn('conversation marked dead', { reason, kind: record.kind });
  }

  /** Marks a stored conversation as watched (see StoredConversation.watched); nothing when none is stored. */
  async watch(tenantId: string, conversationId: string): Promise<void> {
    await casUpdate<StoredConversation>(this.storage, refKey(tenantId, baseConversationId(conversationId)), (stored) =>
      !stored || stored.watched ? null : { ...upgrade(stored), watched: true });
  }

  /**
   * True when the conversation talked to the bot at or after `since` (ISO): its reference was rewritten by an
   * activity since it was watched.
   */
  async talkedSince(tenantId: string, conversationId: string, since: string): Promise<boolean> {
    const record = await this.get(tenantId, conversationId);
    return !!record && !record.watched && Date.parse(record.updatedAt) >= Date.parse(since);
  }

  async isDead(reference: Reference): Promise<boolean> {
    const rawId = reference.conversation?.id;
    if (!rawId) return false;
    const record = await this.read<StoredConversation>(refKey(tenantOfReference(reference), baseConversationId(rawId)));
    return record?.dead != null;
  }

  async get(tenantId: string, conversationId: string): Promise<StoredConversation | undefined> {
    const record = await this.read<StoredConversation>(refKey(tenantId, baseConversationId(conversationId)));
    return record && record.tenantId === tenantId.toLowerCase() ? record : undefined;
  }

  /** The 1:1 chat with a person (Entra object id or Teams user id), when the bot has one. */
  async forUser(tenantId: string, userId: string): Promise<StoredConversation | undefined> {
    const index = await this.read<UserIndex>(userKey(tenantId, userId));
    if (!index) return undefined;
    const record = await this.get(tenantId, index.conversationId);
    return record?.kind === 'personal' ? record : undefined;
  }

  async forChannel(tenantId: string, channelId: string): Promise<StoredConversation | undefined> {
    const record = await this.get(tenantId, channelId);
    return record?.kind === 'channel' ? record : undefined;
  }

  /** The channels of a team the bot has seen (install channel, channels it was mentioned in). */
  async forTeam(tenantId: string, teamId: string): Promise<StoredConversation[]> {
    const index = await this.read<TeamIndex>(teamKey(tenantId, teamId));
    const ids = index?.conversationIds ?? [];
    if (ids.length === 0) return [];
    const keys = ids.map((id) => refKey(tenantId, id));
    const items = await this.storage.read(keys);
    return keys.map((k) => items[k] as StoredConversation | undefined).filter((r): r is StoredConversation => !!r).map(strip);
  }

  /** "Forget me" in a 1:1 chat: the person's chat reference goes; team and channel references stay (shared). */
  async forgetUser(tenantId: string, userId: string, conversationId: string, conversationType?: string): Promise<number> {
    let removed = 0;
    const index = await this.read<UserIndex>(userKey(tenantId, userId));
    if (index) removed += await this.deleteConversation(tenantId, index.conversationId);
    if ((conversationType ?? 'personal') === 'personal') removed += await this.deleteConversation(tenantId, conversationId);
    await this.storage.delete([userKey(tenantId, userId)]);
    return removed;
  }

  /** The hooks MigrationBot calls; a storage failure is logged, never allowed to break the person's turn. */
  hooks(): Required<ConversationHooks> {
    const guard = async (what: string, work: () => Promise<unknown>): Promise<void> => {
      try {
        await work();
      } catch (error) {
        this.logger?.warn('conversation reference not saved', { what, errorName: (error as Error)?.name });
      }
    };
    return {
      onActivity: (context: { activity: Activity }) => guard('activity', async () => {
        if (!isRemoval(context.activity)) await this.remember(context.activity);
      }),
      onInstalled: (context: { activity: Activity }) => guard('install', () => this.remember(context.activity, { installed: true })),
      onUninstalled: (context: { activity: Activity }) => guard('uninstall', () => this.removeFor(context.activity)),
    };
  }

  private async deleteConversation(tenantId: string, conversationId: string): Promise<number> {
    const key = refKey(tenantId, conversationId);
    const record = await this.read<StoredConversation>(key);
    if (!record) return 0;
    const stale: string[] = [key];
    for (const user of record.userIds) {
      const index = await this.read<UserIndex>(userKey(tenantId, user));
      if (index?.conversationId === conversationId) stale.push(userKey(tenantId, user));
    }
    await this.storage.delete(stale);
    return 1;
  }

  private async addToTeam(tenantId: string, teamId: string, conversationId: string): Promise<void> {
    await casUpdate<TeamIndex>(this.storage, teamKey(tenantId, teamId), (current) =>
      current?.conversationIds.includes(conversationId)
        ? null
        : { conversationIds: [...(current?.conversationIds ?? []), conversationId] });
  }

  private async read<T>(key: string): Promise<T | undefined> {
    const item = (await this.storage.read([key]))[key] as (T & { eTag?: string }) | undefined;
    return item ? strip(item) : undefined;
  }
}

/** A stored conversation with its address in the project's shape (records written before it held the SDK's). */
function upgrade(stored: StoredConversation): StoredConversation {
  return { ...stored, reference: readAddress(stored.reference) };
}

/** The item without its eTag; a stored conversation's address in the project's shape (old records are upgraded). */
function strip<T>(item: T & { eTag?: string }): T {
  const { eTag: _eTag, ...rest } = item;
  const reference = (rest as { reference?: unknown }).reference;
  return (reference === undefined ? rest : { ...rest, reference: readAddress(reference) }) as T;
}
