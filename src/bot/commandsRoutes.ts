/**
 * Move commands and packaging, the Teams route file: typed commands (and the `{ typed }` buttons of the
 * eligibility, commands and packaging cards, which arrive as the same text) mapped to the commands service
 * (src/services/commandsService.ts), its replies mapped to activities. No behaviour here.
 */
import { MessageFactory, type TurnContext } from 'botbuilder';
import { ADAPTIVE_CARD_CONTENT_TYPE } from '../cards/renderer.js';
import {
  COMMANDS_PATTERN, PACKAGING_PATTERN, SEND_COMMANDS_PATTERN, type CommandsReply, type CommandsService, type PeopleLookup,
} from '../services/commandsService.js';
import type { Recipient } from '../domain/checklist/recipients.js';
import { mentionedPerson } from './checklistRoutes.js';
import type { Command } from './commands.js';
import { turnFacts } from './turnInfo.js';

/** The people of a turn's conversation (the checklist's Teams directory implements it). */
export interface TurnPeople {
  members(context: TurnContext): AsyncIterable<Recipient>;
  complete?(context: TurnContext, person: Recipient): Promise<Recipient>;
}

export interface CommandsRoutes {
  commands: Command[];
}

/** Command ids (help, tests). */
export const COMMANDS_COMMAND_ID = 'move-commands';
export const PACKAGING_COMMAND_ID = 'packaging';
export const SEND_COMMANDS_COMMAND_ID = 'send-commands';

async function post(turn: TurnContext, replies: readonly CommandsReply[]): Promise<void> {
  for (const reply of replies) {
    if ('text' in reply) {
      await turn.sendActivity(reply.text);
    } else {
      // One card per message: two 50 KB cards in one message would be over Teams' limit.
      const activity = MessageFactory.attachment({ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: reply.card });
      activity.summary = reply.summary;
      await turn.sendActivity(activity);
    }
  }
}

function peopleOf(turn: TurnContext, directory: TurnPeople): PeopleLookup {
  return {
    mention: async () => {
      const person = mentionedPerson(turn);
      return person ? await directory.complete?.(turn, person) ?? person : undefined;
    },
    members: () => directory.members(turn),
  };
}

export function commandsRoutes(service: CommandsService, people: TurnPeople): CommandsRoutes {
  const commands: Command[] = [
    {
      id: COMMANDS_COMMAND_ID,
      usage: 'commands [assessment id] [environment]',
      description: 'Move commands for the source and the destination admin, one card each, in order and ready to copy (add "in admin center" for the clicks instead).',
      pattern: COMMANDS_PATTERN,
      scopes: ['personal', 'team', 'groupChat'],
      run: async ({ turn, match }) => post(turn, await service.commands(turnFacts(turn), match[1])),
    },
    {
      id: PACKAGING_COMMAND_ID,
      usage: 'packaging [assessment id] [environment]',
      description: 'How each kind of app, flow, page and bot gets to the destination: solutions, what to recreate, who does it.',
      pattern: PACKAGING_PATTERN,
      scopes: ['personal', 'team', 'groupChat'],
      run: async ({ turn, match }) => post(turn, await service.packaging(turnFacts(turn), match[1])),
    },
    {
      id: SEND_COMMANDS_COMMAND_ID,
      usage: 'send commands to {name or email} {source or destination}',
      description: 'Send one admin\'s move commands card to the person who runs it, in a personal chat (in a channel you can @mention them).',
      pattern: SEND_COMMANDS_PATTERN,
      scopes: ['personal', 'team', 'groupChat'],
      run: async ({ turn, match }) => post(turn, await service.sendCommands(turnFacts(turn), match[1], peopleOf(turn, people), {
        serviceUrl: turn.activity.serviceUrl,
        botId: turn.activity.recipient?.id,
        fromId: turn.activity.from?.id,
      })),
    },
  ];
  return { commands };
}
