/**
 * Migration checklists in Teams: `checklist [{id}]` generates (or reopens) the checklist of an assessment and posts
 * its card; items are ticked with Action.Execute; `due {phase} <date>` sets a phase due date; `send checklist to
 * {name or email}` (or an @mention) sends it to a project manager in a 1:1 chat through the proactive Notifier.
 *
 * Keeping every copy of the card right:
 * - the person who presses a button gets the new card in the invoke response, straight away;
 * - every posted copy (its activity id and conversation are stored, including the invoke's replyToId) is updated
 *   in place after the response, so everyone sees the change without waiting for the invoke;
 * - the card carries a `refresh` action, so Teams fetches the current state whenever someone opens it.
 * Invokes are idempotent: a retried or repeated press changes nothing twice (see actionKeyOf).
 */
import {
  MessageFactory,
  TeamsInfo,
  type Activity,
  type AdaptiveCardInvokeResponse,
  type TeamsChannelAccount,
  type TurnContext,
} from 'botbuilder';
import {
  buildChecklist, CHECKLIST_PHASE_LABELS, parseChecklistPhase, parseDueArgs, progress, setPhaseDue, toggleItem,
  type ChecklistPhase,
} from '../domain/checklist/index.js';
import {
  CHECKLIST_PAGE_SIZE, CHECKLIST_REFRESH_VERB, CHECKLIST_SHOW_VERB, CHECKLIST_TOGGLE_VERB,
  defaultPhase, fitChecklistCard, pageOfItem,
} from '../cards/checklistView.js';
import { ADAPTIVE_CARD_CONTENT_TYPE } from '../cards/renderer.js';
import type { Logger } from '../logging.js';
import type { AssessmentRepository } from '../records/assessmentRepository.js';
import {
  MAX_POSTED_CARDS, MAX_REFRESH_USERS, MAX_VIEWS,
  type ChecklistRepository, type ChecklistView, type PostedCard, type StoredChecklist,
} from '../records/checklistRepository.js';
import { baseConversationId, referenceOfActivity } from '../proactive/conversationIds.js';
import { BackgroundTasks } from '../proactive/backgroundTasks.js';
import type { ConversationReferenceStore } from '../proactive/conversationReferenceStore.js';
import { describeFailure, type Notifier, type Reference, type SendFailure } from '../proactive/notifier.js';
import type { Command, Scope } from './commands.js';
import { cleanQuery, matchRecipients, type Recipient } from '../domain/checklist/recipients.js';
import { cardResponse as invokeCard, messageResponse } from './invokeResponse.js';
import { tenantOf, userOf } from './turnInfo.js';
import type { VerbTable } from './verbs.js';
import { sendNow } from './turnJournal.js';

export { CHECKLIST_REFRESH_VERB, CHECKLIST_SHOW_VERB, CHECKLIST_TOGGLE_VERB };

/** Command ids (help, tests). */
export const CHECKLIST_COMMAND = 'checklist';
export const DUE_COMMAND = 'checklist-due';
export const SEND_CHECKLIST_COMMAND = 'send-checklist';

/** Typed-text patterns; exported so tests and other features can see what the feature claims. */
// Not "open/show checklist": "open {id}" already means a saved assessment.
export const CHECKLIST_PATTERN = /^(?:get )?(?:the |my )?checklist(?: ([a-z0-9]{4,32}))?$/i;
export const DUE_PATTERN = /^due(?: (.*))?$/i;
// In a channel the @mentions are removed from the text before matching, so "send checklist to @Adele" arrives as
// "send checklist to" and the person comes from the mention entity.
export const SEND_PATTERN = /^(?:send|share) (?:the |my |this )?checklist(?: ([a-z0-9]{4,32}))?(?: (?:to|with)(?: (.+))?)?$/i;

export { matchRecipients, type Recipient };

/** People in the conversation a turn is in (the whole team, in a channel). */
export interface PeopleDirectory {
  members(context: TurnContext): AsyncIterable<Recipient>;
  /** Fills in the email and Entra id of an @mentioned person, when the directory can. */
  complete?(context: TurnContext, person: Recipient): Promise<Recipient>;
}

export interface ChecklistFeatureDeps {
  assessments: AssessmentRepository;
  checklists: ChecklistRepository;
  logger: Logger;
  /** Proactive sends and in-place updates of copies in other conversations. */
  notifier: Notifier;
  /** Stored 1:1 chats, so a person the bot already talks to is reached in that chat. */
  references: Pick<ConversationReferenceStore, 'forUser'>;
  /** Where the in-place updates run after the turn (shared with other features, so app.stop waits for them). */
  background?: BackgroundTasks;
  people?: PeopleDirectory;
  now?: () => Date;
}

export interface ChecklistFeature {
  commands: Command[];
  verbs: VerbTable;
  /** Resolves when the in-place updates started by earlier turns have finished (graceful stop, tests). */
  idle(): Promise<void>;
}

type CardResponse = AdaptiveCardInvokeResponse;

export function checklistFeature(deps: ChecklistFeatureDeps): ChecklistFeature {
  const { assessments, checklists, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const background = deps.background ?? new BackgroundTasks(logger);

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
  const cardActivity = (record: StoredChecklist): Partial<Activity> => {
    const p = progress(record.checklist);
    const activity = MessageFactory.attachment({ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: renderFor(record) });
    // What notifications and clients without cards show.
    activity.summary = `Migration checklist for ${record.checklist.sourceTenant} to ${record.checklist.destinationTenant}: ${p.done} of ${p.total} done.`;
    return activity;
  };

  const cardResponse = (card: Record<string, unknown>): CardResponse => invokeCard(card);

  // ------------------------------------------------------------------------------------------- bookkeeping

  /**
   * The record with this turn's person remembered: their Teams id on the refresh list, their view, and the card
   * the invoke came from. Returns the same object when nothing is new, so callers can skip the write.
   */
  /**
   * Records who looked and where a copy is; a pure change of the record (it runs inside compare-and-swap steps), so
   * the turn's facts are read before (visitorOf) and passed in.
   */
  const remember = (
    record: StoredChecklist, visitor: Visitor, changes: { view?: ChecklistView | null; cardId?: string },
  ): StoredChecklist => {
    let next = record;
    const teamsId = visitor.teamsId;
    if (teamsId && !next.refreshUserIds.includes(teamsId)) {
      next = { ...next, refreshUserIds: [...next.refreshUserIds, teamsId].slice(-MAX_REFRESH_USERS) };
    }
    const userKey = visitor.userKey;
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
    const conversationId = visitor.conversationId;
    if (changes.cardId && conversationId && !next.cards.some((c) => c.activityId === changes.cardId && c.reference.conversation?.id === conversationId)) {
      const copy: PostedCard = { reference: visitor.address, activityId: changes.cardId, at: now().toISOString() };
      next = { ...next, cards: [...next.cards, copy].slice(-MAX_POSTED_CARDS) };
    }
    return next;
  };

  /**
   * Updates the copies of the card in place with the shared view (the phase with the next open items). For a typed
   * command the copies in the turn's own conversation go through the turn; everything else goes through the
   * Notifier after the turn, because a proactive turn in this conversation would wait for this one to end.
   */
  const updateCopies = async (context: TurnContext, record: StoredChecklist, mode: 'typed' | 'invoke'): Promise<void> => {
    const tenantId = tenantOf(context);
    const conversationId = context.activity.conversation?.id ?? '';
    if (mode === 'invoke') {
      schedule(tenantId, record.id, undefined);
      return;
    }
    const here = record.cards.filter((c) => c.reference.conversation?.id === conversationId);
    const activity = cardActivity(record);
    const gone: PostedCard[] = [];
    for (const copy of here) {
      try {
        await context.updateActivity({ ...activity, id: copy.activityId });
      } catch (error) {
        const status = statusOf(error);
        logger.warn('checklist card copy not updated', { checklistId: record.id, status, errorName: (error as Error)?.name });
        if (status === 404 || status === 403) gone.push(copy);
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

  /** The checklist for an assessment id (generated on first use), or undefined after telling the user why not. */
  const openById = async (context: TurnContext, rawId: string): Promise<StoredChecklist | undefined> => {
    const tenantId = tenantOf(context);
    const id = rawId.toLowerCase();
    const existing = await checklists.get(tenantId, id);
    if (existing) return existing;
    const assessment = await assessments.get(tenantId, id);
    if (!assessment) {
      await context.sendActivity(`I don't know an assessment or checklist "${rawId}" in your organisation. Type **my assessments** to see yours.`);
      return undefined;
    }
    const user = userOf(context);
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
    return record;
  };

  /** Posts the card in this conversation and remembers the copy, the person and that it is their current one. */
  const postCard = async (context: TurnContext, record: StoredChecklist): Promise<void> => {
    const tenantId = tenantOf(context);
    const user = userOf(context);
    // Save the person first, so the posted card already lists them for automatic refresh.
    const saved = (await checklists.update(tenantId, record.id, (rec) => {
      const next = remember(rec, visitorOf(context), { view: null });
      return next === rec ? null : next;
    }))?.record ?? record;
    // Its real id is stored for later refreshes: sent at once (after the state is saved), not held to the turn's end.
    const sent = await sendNow(context, cardActivity(saved));
    if (sent?.id) {
      await checklists.update(tenantId, record.id, (rec) => {
        const next = remember(rec, visitorOf(context), { cardId: sent.id });
        return next === rec ? null : next;
      });
    }
    await checklists.setCurrent(tenantId, user.id, record.id);
  };

  // ------------------------------------------------------------------------------------------- sending

  const people = deps.people ?? teamsPeopleDirectory(logger);

  const findRecipient = async (
    context: TurnContext, query: string, scope: Scope,
  ): Promise<{ ok: true; recipient: Recipient } | { ok: false; message: string }> => {
    const mention = mentionedPerson(context);
    if (mention) return { ok: true, recipient: await people.complete?.(context, mention) ?? mention };
    const asked = cleanQuery(query);
    if (asked === '') {
      return {
        ok: false,
        message: 'Who should get the checklist? Type **send checklist to** and their name or email address'
          + (scope === 'team' ? ', or @mention them.' : '.'),
      };
    }
    const members: Recipient[] = [];
    for await (const member of people.members(context)) members.push(member);
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
    const stored = await deps.references.forUser(tenantOf(context), asked);
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
  const sendTo = async (context: TurnContext, record: StoredChecklist, recipient: Recipient, scope: Scope): Promise<void> => {
    const tenantId = tenantOf(context);
    const from = context.activity.from;
    const self = [recipient.id, recipient.aadObjectId].some((x) => x && [from?.id, from?.aadObjectId].some((y) => y && y.toLowerCase() === x.toLowerCase()));
    if (self && scope === 'personal') {
      await postCard(context, record);
      return;
    }
    const { checklist } = record;
    // List the recipient for automatic refresh before the card is rendered for them.
    const withRecipient = (await checklists.update(tenantId, record.id, (rec) => (rec.refreshUserIds.includes(recipient.id)
      ? null
      : { ...rec, refreshUserIds: [...rec.refreshUserIds, recipient.id].slice(-MAX_REFRESH_USERS) })))?.record ?? record;
    const intro = MessageFactory.text(`${userOf(context).name} sent you the migration checklist for ${checklist.sourceTenant} to `
      + `${checklist.destinationTenant}. Tick items on the card below; everyone working on it sees the same state.`);

    // First reach the person with a short note: in the chat the bot already has with them, else a new 1:1 chat.
    const here = baseConversationId(context.activity.conversation?.id ?? '');
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
        serviceUrl: context.activity.serviceUrl,
        userId: recipient.id,
        botId: context.activity.recipient?.id,
      }, intro);
      reached = created.ok ? { ok: true, reference: created.reference } : created;
    }
    if (!reached.ok) {
      logger.info('checklist not sent', { checklistId: record.id, reason: reached.reason });
      await context.sendActivity(unreachableText(recipient.name, reached.reason));
      return;
    }
    const posted = await deps.notifier.send(reached.reference, cardActivity(withRecipient));
    if (!posted.ok) {
      logger.info('checklist card not posted', { checklistId: record.id, reason: posted.reason });
      await context.sendActivity(`I reached ${recipient.name}, but the checklist card did not go through: ${describeFailure(posted.reason)}. `
        + `Try **send checklist to ${recipient.name}** again in a few minutes.`);
      return;
    }
    const result = { reference: reached.reference, activityId: posted.activityId };
    const sent = result;
    await checklists.update(tenantId, record.id, (rec) => {
      if (!sent.activityId) return null;
      const copy: PostedCard = { reference: sent.reference, activityId: sent.activityId, at: now().toISOString() };
      return { ...rec, cards: [...rec.cards.filter((c) => copyKey(c) !== copyKey(copy)), copy].slice(-MAX_POSTED_CARDS) };
    });
    // `due` and `send` work on the recipient's current checklist: make it this one for them.
    await checklists.setCurrent(tenantId, (recipient.aadObjectId ?? recipient.id).toLowerCase(), record.id);
    logger.info('checklist sent', { checklistId: record.id });
    await context.sendActivity(`Sent. ${recipient.name} has the checklist for ${checklist.sourceTenant} to ${checklist.destinationTenant} (${record.id}) in a personal chat with me. A tick on any copy shows on every copy.`);
  };

  // ------------------------------------------------------------------------------------------- commands

  const commands: Command[] = [
    {
      id: CHECKLIST_COMMAND,
      usage: 'checklist',
      description: 'Get the migration checklist for your latest assessment (or checklist {id} for another one), with owners and due dates.',
      pattern: CHECKLIST_PATTERN,
      scopes: ['personal', 'team', 'groupChat'],
      run: async ({ turn, match }) => {
        let id = match[1];
        if (!id) {
          const user = userOf(turn);
          const [latest] = await assessments.recent(tenantOf(turn), user.id, 1);
          if (!latest) {
            await turn.sendActivity('You have no saved assessments yet, so there is no checklist to make. Type **check eligibility** first, or **checklist** and the id of a colleague\'s assessment.');
            return;
          }
          id = latest.id;
        }
        const record = await openById(turn, id);
        if (record) await postCard(turn, record);
      },
    },
    {
      id: DUE_COMMAND,
      usage: 'due {phase} {YYYY-MM-DD}',
      description: 'Set a phase due date on your current checklist, for example due pre-move 2026-12-15 (due pre-move none clears it).',
      pattern: DUE_PATTERN,
      scopes: ['personal', 'team', 'groupChat'],
      run: async ({ turn, match }) => {
        const args = parseDueArgs(match[1] ?? '');
        if (!args.ok) {
          await turn.sendActivity(args.message);
          return;
        }
        const tenantId = tenantOf(turn);
        const current = await checklists.current(tenantId, userOf(turn).id);
        if (!current) {
          await turn.sendActivity('You have no checklist open yet. Type **checklist** (or **checklist** and an assessment id) first, then set the due date.');
          return;
        }
        const label = CHECKLIST_PHASE_LABELS[args.phase];
        const result = await checklists.update(tenantId, current.id, (rec) => {
          const set = setPhaseDue(rec.checklist, args.phase, args.date);
          if (!set.ok || set.checklist === rec.checklist) return null;
          return { ...rec, checklist: set.checklist };
        });
        if (!result) {
          await turn.sendActivity(`The checklist ${current.id} no longer exists. Type **checklist** to make a new one.`);
          return;
        }
        const what = `the checklist for ${result.record.checklist.sourceTenant} to ${result.record.checklist.destinationTenant} (${result.record.id})`;
        if (!result.changed) {
          await turn.sendActivity(args.date === null ? `${label} had no due date on ${what}.` : `${label} was already due ${args.date} on ${what}.`);
          return;
        }
        await updateCopies(turn, result.record, 'typed');
        await turn.sendActivity(args.date === null
          ? `${label} no longer has a due date on ${what}. I updated the checklist card.`
          : `${label} is now due ${args.date} on ${what}. I updated the checklist card.`);
      },
    },
    {
      id: SEND_CHECKLIST_COMMAND,
      usage: 'send checklist to {name or email}',
      description: 'Send your current checklist to a project manager in a personal chat (in a channel you can @mention them).',
      pattern: SEND_PATTERN,
      scopes: ['personal', 'team', 'groupChat'],
      run: async ({ turn, match, scope }) => {
        const tenantId = tenantOf(turn);
        const record = match[1] ? await openById(turn, match[1]) : await checklists.current(tenantId, userOf(turn).id);
        if (!record) {
          if (!match[1]) await turn.sendActivity('You have no checklist open yet. Type **checklist** first, then **send checklist to** and a name.');
          return;
        }
        const query = (match[2] ?? '').trim();
        const found = await findRecipient(turn, query, scope);
        if (!found.ok) {
          await turn.sendActivity(found.message);
          return;
        }
        await sendTo(turn, record, found.recipient, scope);
      },
    },
  ];

  // ------------------------------------------------------------------------------------------- card actions

  const findForInvoke = async (
    context: TurnContext, data: Record<string, unknown>,
  ): Promise<{ ok: true; record: StoredChecklist } | { ok: false; response: CardResponse }> => {
    const id = typeof data.checklistId === 'string' ? data.checklistId.toLowerCase() : '';
    const record = id ? await checklists.get(tenantOf(context), id) : undefined;
    return record
      ? { ok: true, record }
      : { ok: false, response: messageResponse('I could not find that checklist in your organisation. It may have been deleted; type checklist to get a new one.') };
  };

  const verbs: VerbTable = {
    [CHECKLIST_TOGGLE_VERB]: async (context, data) => {
      const lookup = await findForInvoke(context, data);
      if (!lookup.ok) return lookup.response;
      const found = lookup.record;
      const itemId = typeof data.itemId === 'string' ? data.itemId : '';
      const target = typeof data.done === 'boolean' ? data.done : undefined;
      const user = userOf(context);
      const at = now();
      const key = actionKeyOf(context, data);
      const pageSize = positiveInt(data.pageSize) ?? CHECKLIST_PAGE_SIZE;
      const visitor = visitorOf(context);
      const cardId = context.activity.replyToId;
      const result = await checklists.modify<{ problem?: string; changed: boolean }>(tenantOf(context), found.id, (rec) => {
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
        next = remember(next, visitor, { view: { phase, page }, cardId });
        return { next: next === rec ? null : next, result: { changed } };
      });
      if (!result) return messageResponse('I could not find that checklist in your organisation. It may have been deleted; type checklist to get a new one.');
      if (result.result.problem) return messageResponse(result.result.problem);
      const record = result.record;
      if (result.result.changed) {
        logger.info('checklist item toggled', { checklistId: record.id, itemId, revision: record.checklist.revision });
        // Everyone else's copy changes after the response, so the person pressing is answered at once.
        await updateCopies(context, record, 'invoke');
      }
      return cardResponse(renderFor(record, { ...record.views[user.id], pageSize }));
    },

    [CHECKLIST_SHOW_VERB]: async (context, data) => {
      const lookup = await findForInvoke(context, data);
      if (!lookup.ok) return lookup.response;
      const found = lookup.record;
      const phase: ChecklistPhase = parseChecklistPhase(String(data.phase ?? '')) ?? defaultPhase(found.checklist);
      const view: ChecklistView = { phase, page: nonNegativeInt(data.page) ?? 0 };
      const pageSize = positiveInt(data.pageSize) ?? CHECKLIST_PAGE_SIZE;
      // Remembering the view is the only write: the card's automatic refresh then keeps showing this phase.
      const saved = await checklists.update(tenantOf(context), found.id, (rec) => {
        const next = remember(rec, visitorOf(context), { view, cardId: context.activity.replyToId });
        return next === rec ? null : next;
      });
      return cardResponse(renderFor(saved?.record ?? found, { ...view, pageSize }));
    },

    // Teams calls this whenever someone looks at the card (and on a manual refresh): read only, and cheap.
    [CHECKLIST_REFRESH_VERB]: async (context, data) => {
      const lookup = await findForInvoke(context, data);
      if (!lookup.ok) return lookup.response;
      const found = lookup.record;
      return cardResponse(renderFor(found, found.views[userOf(context).id] ?? {}));
    },
  };

  return {
    commands,
    verbs,
    idle: () => background.idle(),
  };
}

/**
 * The idempotency key of a toggle. The card's revision plus item and wanted state: a retried invoke, the same
 * button pressed twice, or two people pressing the same button on the same card all apply once. Data without a
 * revision (not from our card) falls back to the invoke's activity id.
 */
export function actionKeyOf(context: TurnContext, data: Record<string, unknown>): string {
  const revision = typeof data.revision === 'number' && Number.isInteger(data.revision) ? data.revision : undefined;
  const itemId = typeof data.itemId === 'string' ? data.itemId : '';
  if (revision !== undefined) {
    const wanted = typeof data.done === 'boolean' ? (data.done ? 'done' : 'open') : 'flip';
    return `card:${itemId}@${revision}:${wanted}`;
  }
  return `invoke:${context.activity.id ?? ''}`;
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

/** The first person @mentioned in the message other than the bot. */
export function mentionedPerson(context: TurnContext): Recipient | undefined {
  const botId = context.activity.recipient?.id;
  for (const entity of context.activity.entities ?? []) {
    if (entity.type !== 'mention') continue;
    const mentioned = (entity as { mentioned?: { id?: string; name?: string } }).mentioned;
    if (!mentioned?.id || mentioned.id === botId) continue;
    return { id: mentioned.id, name: mentioned.name?.trim() || 'them' };
  }
  return undefined;
}

/** Teams page size for member lists (Teams accepts 50 to 500) and how many pages one lookup may read. */
export const MEMBER_PAGE_SIZE = 100;
export const MAX_MEMBER_PAGES = 20;

/** Members through the Bot Connector (TeamsInfo): the team's members in a channel, else the chat's. */
export function teamsPeopleDirectory(logger: Logger): PeopleDirectory {
  const toRecipient = (m: TeamsChannelAccount): Recipient => ({
    id: m.id,
    name: m.name ?? m.userPrincipalName ?? m.email ?? 'Someone',
    aadObjectId: m.aadObjectId,
    email: m.email,
    userPrincipalName: m.userPrincipalName,
  });
  return {
    async *members(context) {
      let token: string | undefined;
      try {
        for (let page = 0; page < MAX_MEMBER_PAGES; page++) {
          const result = await TeamsInfo.getPagedMembers(context, MEMBER_PAGE_SIZE, token);
          for (const member of result?.members ?? []) if (member?.id) yield toRecipient(member);
          token = result?.continuationToken || undefined;
          if (!token) return;
        }
      } catch (error) {
        logger.warn('member list not read', { errorName: (error as Error)?.name, status: statusOf(error) });
      }
    },
    async complete(context, person) {
      try {
        const member = await TeamsInfo.getMember(context, person.id);
        return member?.id === person.id ? { ...toRecipient(member), name: member.name ?? person.name } : person;
      } catch {
        return person; // the mention alone is enough to open a chat
      }
    },
  };
}

/** Notifier results after which a copy of the card is no longer there to update. */
const COPY_GONE: readonly SendFailure[] = ['not-in-conversation', 'blocked', 'dead-reference', 'not-found'];

function copyKey(card: PostedCard): string {
  return `${card.reference.conversation?.id ?? ''}|${card.activityId}`;
}

/** What remember() needs of a turn, read before a compare-and-swap step runs. */
interface Visitor {
  /** The Teams user id (29:...), for the card's refresh list. */
  teamsId?: string;
  /** userOf(): the id views are kept under. */
  userKey: string;
  conversationId?: string;
  /** The turn's conversation, for a copy of the card seen there. */
  address: Reference;
}

function visitorOf(context: TurnContext): Visitor {
  return {
    teamsId: context.activity.from?.id,
    userKey: userOf(context).id,
    conversationId: context.activity.conversation?.id,
    address: referenceOfActivity(context.activity),
  };
}

function positiveInt(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 && value <= 100 ? value : undefined;
}

function nonNegativeInt(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 10_000 ? value : undefined;
}

function statusOf(error: unknown): number | undefined {
  const e = error as { statusCode?: number; status?: number; response?: { status?: number } } | undefined;
  return e?.statusCode ?? e?.status ?? e?.response?.status;
}

