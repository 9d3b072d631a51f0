/**
 * Migration checklists, the application service: `checklist [{id}]` generates (or reopens) the checklist of an
 * assessment and posts its card; items are ticked from the card; `due {phase} <date>` sets a phase due date; `send
 * checklist to {name or email}` (or an @mention) sends it to a project manager in a 1:1 chat through the Notifier.
 *
 * Plain inputs in, outcomes out: the Teams route file (src/bot/checklistRoutes.ts) reads the turn's facts, the
 * person lookup (`People`, over Teams' member list) and the turn's replies (`TurnReplies`) and hands them in.
 *
 * Keeping every copy of the card right:
 * - the person who presses a button gets the new card in the invoke response, straight away;
 * - every posted copy (its activity id and conversation are stored, including the invoke's replyToId) is updated
 *   in place after the response, so everyone sees the change without waiting for the invoke;
 * - the card carries a `refresh` action, so Teams fetches the current state whenever someone opens it.
 * Invokes are idempotent: a retried or repeated press changes nothing twice (see actionKeyOf).
 */
import {
  CHECKLIST_PAGE_SIZE, defaultPhase, fitChecklistCard, pageOfItem,
} from '../cards/checklistView.js';
import { ADAPTIVE_CARD_CONTENT_TYPE } from '../cards/renderer.js';
import {
  buildChecklist, CHECKLIST_PHASE_LABELS, parseChecklistPhase, parseDueArgs, progress, setPhaseDue, toggleItem,
  type ChecklistPhase,
} from '../domain/checklist/index.js';
import { cleanQuery, matchRecipients, type Recipient } from '../domain/checklist/recipients.js';
import type { PlanUpdates } from './planUpdates.js';
import type { Logger } from '../logging.js';
import type { BackgroundTasks } from '../proactive/backgroundTasks.js';
import { baseConversationId } from '../proactive/conversationIds.js';
import type { ConversationReferenceStore } from '../proactive/conversationReferenceStore.js';
import { describeFailure, type Notifier, type OutboundActivity, type Reference, type SendFailure } from '../proactive/notifier.js';
import type { AssessmentRepository } from '../records/assessmentRepository.js';
import {
  MAX_POSTED_CARDS, MAX_REFRESH_USERS, MAX_VIEWS,
  type ChecklistRepository, type ChecklistView, type PostedCard, type StoredChecklist,
} from '../records/checklistRepository.js';
import type { TurnFacts, TurnReplies } from './turn.js';

export type { Recipient };

/** A turn as the checklist needs it: the plain facts plus where the turn happened. */
export interface ChecklistTurn extends TurnFacts {
  /** The turn's conversation, person (`user`, their Teams id) and the bot's account: where a copy of the card is. */
  address: Reference;
  /** For a card button: the message whose button was pressed (a copy of the card to keep up to date). */
  replyToId?: string;
  /** The activity's own id (a toggle's idempotency key when the card carries no revision). */
  activityId?: string;
}

/** People in the conversation a turn is in (the whole team, in a channel): the edge reads Teams' member list. */
export interface People {
  members(): AsyncIterable<Recipient>;
  /** Fills in the email and Entra id of an @mentioned person, when the directory can. */
  complete?(person: Recipient): Promise<Recipient>;
}

export interface ChecklistServiceDeps {
  assessments: AssessmentRepository;
  checklists: ChecklistRepository;
  logger: Logger;
  /** Proactive sends and in-place updates of copies in other conversations. */
  notifier: Notifier;
  /** Stored 1:1 chats, so a person the bot already talks to is reached in that chat. */
  references: Pick<ConversationReferenceStore, 'forUser'>;
  /** Where the in-place updates run after the turn (shared with other services, so app.stop waits for them). */
  background: BackgroundTasks;
  now: () => Date;
  /** Told of every tick, so the plan card of a migration joined to the checklist's assessment follows. */
  planUpdates?: Pick<PlanUpdates, 'onWorkstreamChanged'>;
}

/** What a card button gets back: the card (already rendered) or a message for the person who pressed it. */
export type ChecklistAnswer = { card: Record<string, unknown> } | { message: string };

export type ChecklistService = ReturnType<typeof checklistService>;

const NOT_FOUND = 'I could not find that checklist in your organisation. It may have been deleted; type checklist to get a new one.';

export function checklistService(deps: ChecklistServiceDeps) {
  const { assessments, checklists, logger, now, background } = deps;

  // ------------------------------------------------------------------------------------------- rendering

  const renderFor = (record: StoredChecklist, view: Partial<ChecklistView> & { pageSize?: number } = {}): Record<string, unknown> =>
    fitChecklistCard(record.checklist, {
      checklistId: record.id,
      now: now(),
      phase: view.phase,
      page: view.page,
      pageSize: view.pageSize,
      refreshUserIds: record.refreshUserIds,
    }).card;

  /**
   * The card as a message of its own, without text: Teams replaces the whole message on an update, and a message
   * with text and a card is two messages in some clients (the Agents Playground refuses to update those).
   */
  const cardActivity = (record: StoredChecklist): OutboundActivity => {
    const p = progress(record.checklist);
    return {
      type: 'message',
      attachmentLayout: 'list',
      attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: renderFor(record) }],
      // What notifications and clients without cards show.
      summary: `Migration checklist for ${record.checklist.sourceTenant} to ${record.checklist.destinationTenant}: ${p.done} of ${p.total} done.`,
    };
  };

  // ------------------------------------------------------------------------------------------- bookkeeping

  /**
   * Records who looked and where a copy is: their Teams id on the refresh list, their view, and the card the invoke
   * came from. A pure change of the record (it runs inside compare-and-swap steps); returns the same object when
   * nothing is new, so callers can skip the write.
   */
  const remember = (
    record: StoredChecklist, turn: ChecklistTurn, changes: { view?: ChecklistView | null; cardId?: string },
  ): StoredChecklist => {
    let next = record;
    const teamsId = turn.address.user?.id;
    if (teamsId && !next.refreshUserIds.includes(teamsId)) {
      next = { ...next, refreshUserIds: [...next.refreshUserIds, teamsId].slice(-MAX_REFRESH_USERS) };
    }
    const userKey = turn.user.id;
    if (changes.view === null && next.views[userKey]) {
      const views = { ...next.views };
      delete views[userKey];
      next = { ...next, views };
    } else if (changes.view) {
      const old = next.views[userKey];
      if (!old || old.phase !== changes.view.phase || old.page !== changes.view.page) {
        const views = { ...next.views };
        delete views[userKey]; // re-insert last: the oldest entries are the ones dropped
        views[userKey] = changes.view;
        const keys = Object.keys(views);
        for (const k of keys.slice(0, Math.max(0, keys.length - MAX_VIEWS))) delete views[k];
        next = { ...next, views };
      }
    }
    const conversationId = turn.address.conversation?.id;
    if (changes.cardId && conversationId && !next.cards.some((c) => c.activityId === changes.cardId && c.reference.conversation?.id === conversationId)) {
      const copy: PostedCard = { reference: turn.address, activityId: changes.cardId, at: now().toISOString() };
      next = { ...next, cards: [...next.cards, copy].slice(-MAX_POSTED_CARDS) };
    }
    return next;
  };

  const rememberIn = async (tenantId: string, id: string, turn: ChecklistTurn, changes: { view?: ChecklistView | null; cardId?: string }) =>
    checklists.update(tenantId, id, (rec) => {
      const next = remember(rec, turn, changes);
      return next === rec ? null : next;
    });

  /**
   * Updates the copies of the card in place with the shared view (the phase with the next open items). For a typed
   * command the copies in the turn's own conversation go through the turn; everything else goes through the
   * Notifier after the turn, because a proactive turn in this conversation would wait for this one to end.
   */
  const updateCopies = async (turn: ChecklistTurn, replies: TurnReplies | null, record: StoredChecklist): Promise<void> => {
    const { tenantId } = turn;
    if (!replies) {
      schedule(tenantId, record.id, undefined);
      return;
    }
    const conversationId = turn.conversation.id;
    const here = record.cards.filter((c) => c.reference.conversation?.id === conversationId);
    const activity = cardActivity(record);
    const gone: PostedCard[] = [];
    for (const copy of here) {
      const result = await replies.update(copy.activityId, activity);
      if (!result.ok) {
        logger.warn('checklist card copy not updated', { checklistId: record.id, status: result.status, errorName: result.errorName });
        if (result.status === 404 || result.status === 403) gone.push(copy);
      }
    }
    if (gone.length > 0) await replaceCopies(tenantId, record.id, new Map(gone.map((c) => [copyKey(c), null])));
    if (record.cards.length > here.length) schedule(tenantId, record.id, conversationId);
  };

  /**
   * One background update per checklist at a time, always rendering the latest stored state: quick successive
   * ticks coalesce into one more run, and an older state can never land after a newer one.
   */
  const jobs = new Map<string, { rerun: boolean; skip: string | undefined }>();
  const schedule = (tenantId: string, id: string, skipConversationId: string | undefined): void => {
    const key = `${tenantId}+${id}`;
    const running = jobs.get(key);
    if (running) {
      running.skip = running.rerun && running.skip !== skipConversationId ? undefined : skipConversationId;
      running.rerun = true;
      return;
    }
    const job = { rerun: false, skip: skipConversationId };
    jobs.set(key, job);
    background.run('checklist card update', async () => {
      try {
        let skip = job.skip;
        for (;;) {
          await updateElsewhere(tenantId, id, skip);
          if (!job.rerun) break;
          job.rerun = false;
          skip = job.skip;
        }
      } finally {
        jobs.delete(key);
      }
    });
  };

  const updateElsewhere = async (tenantId: string, id: string, skipConversationId: string | undefined): Promise<void> => {
    const latest = await checklists.get(tenantId, id);
    if (!latest) return;
    const copies = latest.cards.filter((c) => c.reference.conversation?.id !== skipConversationId);
    if (copies.length === 0) return;
    const activity = cardActivity(latest);
    const replaced = new Map<string, PostedCard | null>();
    for (const copy of copies) {
      const result = await deps.notifier.update(copy.reference, copy.activityId, activity);
      if (result.ok) {
        // Someone deleted the message and the Notifier posted a fresh copy: its id is the one to update next time.
        if (result.reposted) replaced.set(copyKey(copy), { reference: result.reference, activityId: result.activityId, at: now().toISOString() });
      } else if (COPY_GONE.includes(result.reason)) {
        replaced.set(copyKey(copy), null);
      } else {
        logger.warn('checklist card copy not updated', { checklistId: id, reason: result.reason, status: result.status });
      }
    }
    if (replaced.size > 0) await replaceCopies(tenantId, id, replaced);
  };

  /** Replaces (or, for null, forgets) stored copies by key. */
  const replaceCopies = async (tenantId: string, id: string, replaced: Map<string, PostedCard | null>): Promise<void> => {
    await checklists.update(tenantId, id, (rec) => {
      let changed = false;
      const cards: PostedCard[] = [];
      for (const card of rec.cards) {
        const key = copyKey(card);
        if (!replaced.has(key)) {
          cards.push(card);
          continue;
        }
        changed = true;
        const next = replaced.get(key);
        if (next) cards.push(next);
      }
      return changed ? { ...rec, cards } : null;
    });
  };

  // ------------------------------------------------------------------------------------------- opening

  /** The checklist for an assessment id (generated on first use), or why there is none. */
  const openById = async (turn: TurnFacts, rawId: string): Promise<{ ok: true; record: StoredChecklist } | { ok: false; message: string }> => {
    const { tenantId, user } = turn;
    const id = rawId.toLowerCase();
    const existing = await checklists.get(tenantId, id);
    if (existing) return { ok: true, record: existing };
    const assessment = await assessments.get(tenantId, id);
    if (!assessment) {
      return { ok: false, message: `I don't know an assessment or checklist "${rawId}" in your organisation. Type **my assessments** to see yours.` };
    }
    const createdAt = now();
    const { record, created } = await checklists.getOrCreate(tenantId, id, () => ({
      id,
      tenantId,
      createdBy: user,
      createdAt: createdAt.toISOString(),
      checklist: buildChecklist(assessment.profile, assessment.assessment, { assessmentId: assessment.id, createdAt }),
      refreshUserIds: [],
      views: {},
      cards: [],
    }));
    if (created) logger.info('checklist created', { checklistId: id, items: record.checklist.items.length });
    return { ok: true, record };
  };

  /** Posts the card in this conversation and remembers the copy, the person and that it is their current one. */
  const postCard = async (turn: ChecklistTurn, replies: TurnReplies, record: StoredChecklist): Promise<void> => {
    const { tenantId, user } = turn;
    // Save the person first, so the posted card already lists them for automatic refresh.
    const saved = (await rememberIn(tenantId, record.id, turn, { view: null }))?.record ?? record;
    const sentId = await replies.send(cardActivity(saved));
    if (sentId) await rememberIn(tenantId, record.id, turn, { cardId: sentId });
    await checklists.setCurrent(tenantId, user.id, record.id);
  };

  // ------------------------------------------------------------------------------------------- sending

  const findRecipient = async (
    turn: TurnFacts, query: string, mention: Recipient | undefined, people: People,
  ): Promise<{ ok: true; recipient: Recipient } | { ok: false; message: string }> => {
    const scope = turn.conversation.scope;
    if (mention) return { ok: true, recipient: await people.complete?.(mention) ?? mention };
    const asked = cleanQuery(query);
    if (asked === '') {
      return {
        ok: false,
        message: 'Who should get the checklist? Type **send checklist to** and their name or email address'
          + (scope === 'team' ? ', or @mention them.' : '.'),
      };
    }
    const members: Recipient[] = [];
    for await (const member of people.members()) members.push(member);
    const matches = matchRecipients(members, asked);
    if (matches.length === 1) return { ok: true, recipient: matches[0]! };
    if (matches.length > 1) {
      const shown = matches.slice(0, 5).map((m) => `- ${m.name}${m.email || m.userPrincipalName ? ` (${m.email ?? m.userPrincipalName})` : ''}`);
      return {
        ok: false,
        message: `More than one person matches "${asked}":\n\n${shown.join('\n')}${matches.length > 5 ? `\n- and ${matches.length - 5} more` : ''}`
          + '\n\nType **send checklist to** and their full name or email address.',
      };
    }
    // Someone outside this conversation can still be reached when they chat with the bot and are named by id.
    const stored = await deps.references.forUser(turn.tenantId, asked);
    const user = stored?.reference.user;
    if (stored && user?.id) return { ok: true, recipient: { id: user.id, name: user.name ?? asked, aadObjectId: user.aadObjectId } };
    const where = scope === 'team' ? 'this team' : scope === 'groupChat' ? 'this group chat' : 'this chat';
    return {
      ok: false,
      message: `I couldn't find "${asked}" in ${where}. Check the spelling or use their email address. `
        + (scope === 'personal'
          ? 'In a personal chat I can only look people up by their Microsoft Entra object id; to send it by name, use a team channel you both belong to: **@Migration Readiness send checklist to @their name**.'
          : 'You can also @mention them.'),
    };
  };

  /**
   * Sends the checklist to a person in their 1:1 chat with the bot. Awaited in the turn: the 1:1 chat is never the
   * conversation of this turn (a person sending it to themselves in their own chat just gets the card here).
   */
  const sendTo = async (turn: ChecklistTurn, replies: TurnReplies, record: StoredChecklist, recipient: Recipient): Promise<string | null> => {
    const { tenantId } = turn;
    const from = turn.address.user;
    const self = [recipient.id, recipient.aadObjectId].some((x) => x && [from?.id, from?.aadObjectId].some((y) => y && y.toLowerCase() === x.toLowerCase()));
    if (self && turn.conversation.scope === 'personal') {
      await postCard(turn, replies, record);
      return null;
    }
    const { checklist } = record;
    // List the recipient for automatic refresh before the card is rendered for them.
    const withRecipient = (await checklists.update(tenantId, record.id, (rec) => (rec.refreshUserIds.includes(recipient.id)
      ? null
      : { ...rec, refreshUserIds: [...rec.refreshUserIds, recipient.id].slice(-MAX_REFRESH_USERS) })))?.record ?? record;
    const intro: OutboundActivity = {
      type: 'message',
      text: `${turn.user.name} sent you the migration checklist for ${checklist.sourceTenant} to `
        + `${checklist.destinationTenant}. Tick items on the card below; everyone working on it sees the same state.`,
    };

    // First reach the person with a short note: in the chat the bot already has with them, else a new 1:1 chat.
    const here = baseConversationId(turn.conversation.id);
    const stored = await deps.references.forUser(tenantId, recipient.aadObjectId ?? recipient.id)
      ?? (recipient.aadObjectId ? await deps.references.forUser(tenantId, recipient.id) : undefined);
    let reached: { ok: true; reference: Reference } | { ok: false; reason: SendFailure } = { ok: false, reason: 'not-found' };
    if (stored && stored.dead === null && stored.conversationId !== here) {
      const sent = await deps.notifier.send(stored.reference, intro);
      reached = sent.ok ? { ok: true, reference: stored.reference } : sent;
    }
    // No usable chat yet (or it went away): open one. Teams only allows it when the app is installed for them.
    if (!reached.ok && (reached.reason === 'not-found' || reached.reason === 'dead-reference' || reached.reason === 'not-in-conversation')) {
      const created = await deps.notifier.createPersonalConversation({
        tenantId,
        serviceUrl: turn.address.serviceUrl ?? '',
        userId: recipient.id,
        botId: turn.address.botAccount?.id,
      }, intro);
      reached = created.ok ? { ok: true, reference: created.reference } : created;
    }
    if (!reached.ok) {
      logger.info('checklist not sent', { checklistId: record.id, reason: reached.reason });
      return unreachableText(recipient.name, reached.reason);
    }
    const posted = await deps.notifier.send(reached.reference, cardActivity(withRecipient));
    if (!posted.ok) {
      logger.info('checklist card not posted', { checklistId: record.id, reason: posted.reason });
      return `I reached ${recipient.name}, but the checklist card did not go through: ${describeFailure(posted.reason)}. `
        + `Try **send checklist to ${recipient.name}** again in a few minutes.`;
    }
    const reference = reached.reference;
    const activityId = posted.activityId;
    if (activityId) {
      await checklists.update(tenantId, record.id, (rec) => {
        const copy: PostedCard = { reference, activityId, at: now().toISOString() };
        return { ...rec, cards: [...rec.cards.filter((c) => copyKey(c) !== copyKey(copy)), copy].slice(-MAX_POSTED_CARDS) };
      });
    }
    // `due` and `send` work on the recipient's current checklist: make it this one for them.
    await checklists.setCurrent(tenantId, (recipient.aadObjectId ?? recipient.id).toLowerCase(), record.id);
    logger.info('checklist sent', { checklistId: record.id });
    return `Sent. ${recipient.name} has the checklist for ${checklist.sourceTenant} to ${checklist.destinationTenant} (${record.id}) in a personal chat with me. A tick on any copy shows on every copy.`;
  };

  // ------------------------------------------------------------------------------------------- card actions

  const findForInvoke = async (turn: TurnFacts, data: Record<string, unknown>): Promise<StoredChecklist | undefined> => {
    const id = typeof data.checklistId === 'string' ? data.checklistId.toLowerCase() : '';
    return id ? checklists.get(turn.tenantId, id) : undefined;
  };

  return {
    /**
     * `checklist [{id}]`: posts the card of that assessment's checklist (the person's latest assessment without an
     * id) through `replies`; returns a message when there is none to post.
     */
    async open(turn: ChecklistTurn, replies: TurnReplies, rawId: string | undefined): Promise<string | null> {
      let id = rawId;
      if (!id) {
        const [latest] = await assessments.recent(turn.tenantId, turn.user.id, 1);
        if (!latest) {
          return 'You have no saved assessments yet, so there is no checklist to make. Type **check eligibility** first, or **checklist** and the id of a colleague\'s assessment.';
        }
        id = latest.id;
      }
      const opened = await openById(turn, id);
      if (!opened.ok) return opened.message;
      await postCard(turn, replies, opened.record);
      return null;
    },

    /** `due {phase} {date}` on the person's current checklist; copies in this conversation change through `replies`. */
    async setDue(turn: ChecklistTurn, replies: TurnReplies, rawArgs: string): Promise<string> {
      const args = parseDueArgs(rawArgs);
      if (!args.ok) return args.message;
      const { tenantId } = turn;
      const current = await checklists.current(tenantId, turn.user.id);
      if (!current) return 'You have no checklist open yet. Type **checklist** (or **checklist** and an assessment id) first, then set the due date.';
      const label = CHECKLIST_PHASE_LABELS[args.phase];
      const result = await checklists.update(tenantId, current.id, (rec) => {
        const set = setPhaseDue(rec.checklist, args.phase, args.date);
        if (!set.ok || set.checklist === rec.checklist) return null;
        return { ...rec, checklist: set.checklist };
      });
      if (!result) return `The checklist ${current.id} no longer exists. Type **checklist** to make a new one.`;
      const what = `the checklist for ${result.record.checklist.sourceTenant} to ${result.record.checklist.destinationTenant} (${result.record.id})`;
      if (!result.changed) {
        return args.date === null ? `${label} had no due date on ${what}.` : `${label} was already due ${args.date} on ${what}.`;
      }
      await updateCopies(turn, replies, result.record);
      return args.date === null
        ? `${label} no longer has a due date on ${what}. I updated the checklist card.`
        : `${label} is now due ${args.date} on ${what}. I updated the checklist card.`;
    },

    /**
     * `send checklist [{id}] to {name}`: finds the person (an @mention, else by name or email among `people`) and
     * sends the card to their 1:1 chat; returns what to tell the sender.
     */
    async send(
      turn: ChecklistTurn, replies: TurnReplies,
      request: { checklistId?: string; query: string; mention?: Recipient; people: People },
    ): Promise<string | null> {
      let record: StoredChecklist | undefined;
      if (request.checklistId) {
        const opened = await openById(turn, request.checklistId);
        if (!opened.ok) return opened.message;
        record = opened.record;
      } else {
        record = await checklists.current(turn.tenantId, turn.user.id);
        if (!record) return 'You have no checklist open yet. Type **checklist** first, then **send checklist to** and a name.';
      }
      const found = await findRecipient(turn, request.query.trim(), request.mention, request.people);
      if (!found.ok) return found.message;
      return sendTo(turn, replies, record, found.recipient);
    },

    /** A tick (or untick) from the card; every other copy follows after the answer. */
    async toggle(turn: ChecklistTurn, data: Record<string, unknown>): Promise<ChecklistAnswer> {
      const found = await findForInvoke(turn, data);
      if (!found) return { message: NOT_FOUND };
      const itemId = typeof data.itemId === 'string' ? data.itemId : '';
      const target = typeof data.done === 'boolean' ? data.done : undefined;
      const { user } = turn;
      const at = now();
      const key = actionKeyOf(data, turn.activityId);
      const pageSize = positiveInt(data.pageSize) ?? CHECKLIST_PAGE_SIZE;
      const result = await checklists.modify<{ problem?: string; changed: boolean }>(turn.tenantId, found.id, (rec) => {
        const item = rec.checklist.items.find((i) => i.id === itemId);
        if (!item) {
          return { next: null, result: { problem: `That item is no longer on checklist ${rec.id}. Type checklist ${rec.id} to see the current list.`, changed: false } };
        }
        let next = rec;
        let changed = false;
        // The button says which state it asks for, so a press from a card that is out of date never undoes what
        // someone else just did; the action key makes a retried press a no-op.
        if (target === undefined || (item.done !== null) !== target) {
          const toggled = toggleItem(rec.checklist, itemId, { id: user.id, name: user.name }, at, key);
          if (!toggled.ok) return { next: null, result: { problem: toggled.message, changed: false } };
          if (toggled.changed) {
            next = { ...rec, checklist: toggled.checklist };
            changed = true;
          }
        }
        const phase = parseChecklistPhase(String(data.phase ?? '')) ?? item.phase;
        const page = phase === item.phase ? pageOfItem(next.checklist, itemId, pageSize) : nonNegativeInt(data.page) ?? 0;
        next = remember(next, turn, { view: { phase, page }, cardId: turn.replyToId });
        return { next: next === rec ? null : next, result: { changed } };
      });
      if (!result) return { message: NOT_FOUND };
      if (result.result.problem) return { message: result.result.problem };
      const record = result.record;
      if (result.result.changed) {
        logger.info('checklist item toggled', { checklistId: record.id, itemId, revision: record.checklist.revision });
        // Everyone else's copy changes after the response, so the person pressing is answered at once.
        await updateCopies(turn, null, record);
        deps.planUpdates?.onWorkstreamChanged(record.tenantId, { assessmentId: record.id });
      }
      return { card: renderFor(record, { ...record.views[user.id], pageSize }) };
    },

    /** Another phase or page of the card, remembered for the person (the card's refresh keeps showing it). */
    async show(turn: ChecklistTurn, data: Record<string, unknown>): Promise<ChecklistAnswer> {
      const found = await findForInvoke(turn, data);
      if (!found) return { message: NOT_FOUND };
      const phase: ChecklistPhase = parseChecklistPhase(String(data.phase ?? '')) ?? defaultPhase(found.checklist);
      const view: ChecklistView = { phase, page: nonNegativeInt(data.page) ?? 0 };
      const pageSize = positiveInt(data.pageSize) ?? CHECKLIST_PAGE_SIZE;
      const saved = await rememberIn(turn.tenantId, found.id, turn, { view, cardId: turn.replyToId });
      return { card: renderFor(saved?.record ?? found, { ...view, pageSize }) };
    },

    /** Teams calls this whenever someone looks at the card (and on a manual refresh): read only, and cheap. */
    async refresh(turn: TurnFacts, data: Record<string, unknown>): Promise<ChecklistAnswer> {
      const found = await findForInvoke(turn, data);
      if (!found) return { message: NOT_FOUND };
      return { card: renderFor(found, found.views[turn.user.id] ?? {}) };
    },

    /** Resolves when the in-place updates started by earlier turns have finished (graceful stop, tests). */
    idle: () => background.idle(),
  };
}

/**
 * The idempotency key of a toggle. The card's revision plus item and wanted state: a retried invoke, the same
 * button pressed twice, or two people pressing the same button on the same card all apply once. Data without a
 * revision (not from our card) falls back to the invoke's activity id.
 */
export function actionKeyOf(data: Record<string, unknown>, activityId: string | undefined): string {
  const revision = typeof data.revision === 'number' && Number.isInteger(data.revision) ? data.revision : undefined;
  const itemId = typeof data.itemId === 'string' ? data.itemId : '';
  if (revision !== undefined) {
    const wanted = typeof data.done === 'boolean' ? (data.done ? 'done' : 'open') : 'flip';
    return `card:${itemId}@${revision}:${wanted}`;
  }
  return `invoke:${activityId ?? ''}`;
}

/** Plain words for a person the bot could not reach, and what to do about it. */
export function unreachableText(name: string, reason: SendFailure): string {
  switch (reason) {
    case 'not-in-conversation':
    case 'dead-reference':
    case 'not-found':
      return `I couldn't reach ${name}: Migration Readiness is not installed for them, so I can't start a chat with them. `
        + `Ask ${name} to open Teams, find Migration Readiness in Apps and send me any message (or ask your Teams admin to `
        + `install the app for them), then type **send checklist to ${name}** again.`;
    case 'forbidden':
      return `I couldn't reach ${name}: Teams refused to let me start a chat with them. Usually Migration Readiness is `
        + `not installed for them: ask ${name} to open Teams, find Migration Readiness in Apps and send me any message, `
        + `then type **send checklist to ${name}** again. If they already have the app, ask your Teams admin to check `
        + 'the bot\'s registration.';
    case 'blocked':
      return `I couldn't reach ${name}: they have blocked or removed Migration Readiness. Ask them to add the app again `
        + `and send me a message, then type **send checklist to ${name}** again.`;
    default:
      return `I couldn't send the checklist to ${name}: ${describeFailure(reason)}. Try **send checklist to ${name}** again in a few minutes.`;
  }
}

/** Notifier results after which a copy of the card is no longer there to update. */
const COPY_GONE: readonly SendFailure[] = ['not-in-conversation', 'blocked', 'dead-reference', 'not-found'];

function copyKey(card: PostedCard): string {
  return `${card.reference.conversation?.id ?? ''}|${card.activityId}`;
}

function positiveInt(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 && value <= 100 ? value : undefined;
}

function nonNegativeInt(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 10_000 ? value : undefined;
}
