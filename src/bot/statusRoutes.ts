/**
 * Migration status, the Teams route file: typed commands and card verbs mapped to the status service
 * (src/services/statusService.ts), its answers mapped to activities and invoke responses. No behaviour here.
 */
import { STATUS_REFRESH_VERB, STATUS_SET_VERB, STATUS_TEMPLATE } from '../cards/statusView.js';
import { STATUS_PHASES } from '../domain/status/index.js';
import { channelReferenceOf, referenceOfActivity } from '../proactive/conversationIds.js';
import type { CardAnswer, StatusService } from '../services/statusService.js';
import type { Command } from './commands.js';
import { messageResponse, templateResponse } from './invokeResponse.js';
import { turnFacts } from './turnInfo.js';
import type { VerbTable } from './verbs.js';

export interface StatusRoutes {
  commands: Command[];
  verbs: VerbTable;
}

const answer = (a: CardAnswer) => ('card' in a ? templateResponse(STATUS_TEMPLATE, a.card) : messageResponse(a.message));

export function statusRoutes(status: StatusService): StatusRoutes {
  const commands: Command[] = [
    {
      id: 'track-migration',
      usage: 'track {assessment id or migration name}',
      description: 'Post a status card for a migration in this channel or group chat, updated as the move goes on.',
      pattern: /^track(?: migration)? (.+)$/i,
      scopes: ['team', 'groupChat'],
      run: async ({ turn, match }) => {
        const channel = channelReferenceOf(referenceOfActivity(turn.activity));
        await turn.sendActivity(await status.track(turnFacts(turn), match[1]!, channel));
      },
    },
    {
      id: 'track-migration-help',
      usage: 'track',
      description: 'How to track a migration in this channel.',
      pattern: /^track(?: migration)?$/i,
      scopes: ['team', 'groupChat'],
      hidden: true,
      run: async ({ turn }) => {
        await turn.sendActivity('Tell me what to track: **track {assessment id}** (from **my assessments**) or **track {a name for the migration}**, for example **track Contoso Sales move**.');
      },
    },
    {
      id: 'track-migration-elsewhere',
      usage: 'track {assessment id or migration name}',
      description: 'Status cards live in a team channel.',
      pattern: /^track(?: migration)?(?: .*)?$/i,
      scopes: ['personal'],
      hidden: true,
      run: async ({ turn }) => {
        await turn.sendActivity('Status cards are posted in a team channel (a shared channel lets both organisations see them) or a group chat, so the whole project team sees them. Add me there, then mention me: **track {assessment id or migration name}**.');
      },
    },
    {
      id: 'migration-status',
      usage: 'status {migration id} {phase} [at {ISO time}] [note]',
      description: 'Change a migration\'s phase (the card and its thread follow; "at" says when it happened), or see it: status {migration id}.',
      pattern: /^status (\S+)(?: (.+))?$/i,
      scopes: ['personal', 'team', 'groupChat'],
      run: async ({ turn, match }) => {
        const reply = await status.status(turnFacts(turn), match[1]!, match[2]);
        if (reply !== null) await turn.sendActivity(reply);
      },
    },
    {
      id: 'migration-status-help',
      usage: 'status',
      description: 'How to change a migration\'s status.',
      pattern: /^status$/i,
      scopes: ['personal', 'team', 'groupChat'],
      hidden: true,
      run: async ({ turn }) => {
        await turn.sendActivity(`Type **status {migration id} {phase} [note]**, for example **status m-k7m2q9xd approved**. Phases: ${STATUS_PHASES.join(', ')}. Type **migrations** to see the tracked ones.`);
      },
    },
    {
      id: 'list-migrations',
      usage: 'migrations',
      description: 'List the migrations being tracked in your organisation.',
      pattern: /^(migrations|list migrations|tracked migrations|my migrations)$/i,
      scopes: ['personal', 'team', 'groupChat'],
      run: async ({ turn }) => {
        await turn.sendActivity(await status.list(turnFacts(turn).tenantId));
      },
    },
  ];

  const verbs: VerbTable = {
    [STATUS_SET_VERB]: async (context, data) => answer(await status.setFromCard(turnFacts(context), data)),
    [STATUS_REFRESH_VERB]: async (context, data) => answer(await status.refresh(turnFacts(context), data)),
  };

  return { commands, verbs };
}
