/**
 * Migration checklists, the Teams route file: typed commands and card verbs mapped to the checklist service
 * (src/services/checklistService.ts), its answers mapped to activities and invoke responses. What only Teams can
 * give (the turn's address, @mentions, the member list through TeamsInfo) is read here and handed in.
 */
import { TeamsInfo, type TeamsChannelAccount, type TurnContext } from 'botbuilder';
import { CHECKLIST_REFRESH_VERB, CHECKLIST_SHOW_VERB, CHECKLIST_TOGGLE_VERB } from '../cards/checklistView.js';
import type { Recipient } from '../domain/checklist/recipients.js';
import type { Logger } from '../logging.js';
import { referenceOfActivity } from '../proactive/conversationIds.js';
import type { ChecklistAnswer, ChecklistService, ChecklistTurn, People } from '../services/checklistService.js';
import type { Command } from './commands.js';
import { cardResponse, messageResponse } from './invokeResponse.js';
import { httpStatusOf, turnFacts, turnReplies } from './turnInfo.js';
import type { VerbTable } from './verbs.js';

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

/** People in the conversation a turn is in, read through the turn (the service's `People` is bound to one turn). */
export interface PeopleDirectory {
  members(context: TurnContext): AsyncIterable<Recipient>;
  complete?(context: TurnContext, person: Recipient): Promise<Recipient>;
}

export interface ChecklistRoutes {
  commands: Command[];
  verbs: VerbTable;
}

const answer = (a: ChecklistAnswer) => ('card' in a ? cardResponse(a.card) : messageResponse(a.message));

/** The service's view of a turn: the plain facts, the turn's address, the pressed card and the activity id. */
export function checklistTurn(context: TurnContext): ChecklistTurn {
  return {
    ...turnFacts(context),
    address: referenceOfActivity(context.activity),
    replyToId: context.activity.replyToId,
    activityId: context.activity.id,
  };
}

export function checklistRoutes(checklists: ChecklistService, directory: PeopleDirectory): ChecklistRoutes {
  const reply = async (context: TurnContext, text: string | null): Promise<void> => {
    if (text !== null) await context.sendActivity(text);
  };
  const peopleOf = (context: TurnContext): People => ({
    members: () => directory.members(context),
    complete: directory.complete ? (person) => directory.complete!(context, person) : undefined,
  });

  const commands: Command[] = [
    {
      id: CHECKLIST_COMMAND,
      usage: 'checklist',
      description: 'Get the migration checklist for your latest assessment (or checklist {id} for another one), with owners and due dates.',
      pattern: CHECKLIST_PATTERN,
      scopes: ['personal', 'team', 'groupChat'],
      run: async ({ turn, match }) => reply(turn, await checklists.open(checklistTurn(turn), turnReplies(turn), match[1])),
    },
    {
      id: DUE_COMMAND,
      usage: 'due {phase} {YYYY-MM-DD}',
      description: 'Set a phase due date on your current checklist, for example due pre-move 2026-12-15 (due pre-move none clears it).',
      pattern: DUE_PATTERN,
      scopes: ['personal', 'team', 'groupChat'],
      run: async ({ turn, match }) => reply(turn, await checklists.setDue(checklistTurn(turn), turnReplies(turn), match[1] ?? '')),
    },
    {
      id: SEND_CHECKLIST_COMMAND,
      usage: 'send checklist to {name or email}',
      description: 'Send your current checklist to a project manager in a personal chat (in a channel you can @mention them).',
      pattern: SEND_PATTERN,
      scopes: ['personal', 'team', 'groupChat'],
      run: async ({ turn, match }) => reply(turn, await checklists.send(checklistTurn(turn), turnReplies(turn), {
        checklistId: match[1],
        query: match[2] ?? '',
        mention: mentionedPerson(turn),
        people: peopleOf(turn),
      })),
    },
  ];

  const verbs: VerbTable = {
    [CHECKLIST_TOGGLE_VERB]: async (context, data) => answer(await checklists.toggle(checklistTurn(context), data)),
    [CHECKLIST_SHOW_VERB]: async (context, data) => answer(await checklists.show(checklistTurn(context), data)),
    [CHECKLIST_REFRESH_VERB]: async (context, data) => answer(await checklists.refresh(turnFacts(context), data)),
  };

  return { commands, verbs };
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
        logger.warn('member list not read', { errorName: (error as Error)?.name, status: httpStatusOf(error) });
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
