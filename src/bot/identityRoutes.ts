/**
 * The identity map, the Teams route file: `identity map` (the wait for the map is src/dialogs/identityDialog.ts),
 * `identity map export {format}`, `identity map for {migration id}`, the check card's buttons and the answers to the
 * FileConsentCards that carry the exports. Behaviour is src/services/identityService.ts; this file reads what only
 * Teams carries (attachments, the HTML copy of a message, the person's 1:1 chat target) and posts the outcomes.
 */
import type { TurnContext } from 'botbuilder';
import type { Dialog } from 'botbuilder-dialogs';
import { IDENTITY_EXPORT_VERB, IDENTITY_JOIN_VERB } from '../cards/identityView.js';
import { IDENTITY_DIALOG, IdentityMapDialog } from '../dialogs/identityDialog.js';
import {
  IDENTITY_EXPORT_PATTERN, IDENTITY_FILE_PURPOSE, IDENTITY_JOIN_PATTERN, IDENTITY_MAP_PATTERN,
  type IdentityConsentContext, type IdentityMessage, type IdentityOutcome, type IdentityRequestOutcome, type IdentityService,
  type IdentityWaitState,
} from '../services/identityService.js';
import type { Command } from './commands.js';
import { postFileAnswer } from './fileConsentDispatch.js';
import { messageResponse } from './invokeResponse.js';
import type { FileConsentHandlers } from './teamsBot.js';
import { pastedMessage } from './messageFiles.js';
import { personalTarget, turnFacts, turnReplies } from './turnInfo.js';
import type { VerbTable } from './verbs.js';

export { IDENTITY_DIALOG, IDENTITY_FILE_PURPOSE };

export interface IdentityRoutes {
  commands: Command[];
  dialogs: Dialog[];
  verbs: VerbTable;
  /** For the bot's fileConsent dispatch by purpose (IDENTITY_FILE_PURPOSE). */
  fileConsent: FileConsentHandlers;
}

/** The message as the identity map reads it: its lines (from the Teams HTML copy when there is one) and its files. */
export const identityMessageOf: (context: TurnContext) => IdentityMessage = pastedMessage;

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

export function identityRoutes(identity: IdentityService): IdentityRoutes {
  const deliver = async (context: TurnContext, outcome: IdentityOutcome): Promise<void> => {
    const replies = turnReplies(context);
    for (const reply of outcome.replies) await replies.send(reply);
  };
  const dialog = new IdentityMapDialog(identity, { read: identityMessageOf, deliver });

  const startOrDeliver = async (ctx: { turn: TurnContext; dialogs: { beginDialog(id: string, options?: object): Promise<unknown> } }, outcome: IdentityRequestOutcome): Promise<void> => {
    await deliver(ctx.turn, outcome);
    if (outcome.waitFor) await ctx.dialogs.beginDialog(IDENTITY_DIALOG, outcome.waitFor satisfies IdentityWaitState);
  };

  const exportCommand = async (turn: TurnContext, format: string, sourceTenantId: string | null, mapId: string | null): Promise<void> => {
    await deliver(turn, await identity.exportFile(turnFacts(turn), { format, sourceTenantId, mapId }, personalTarget(turn)));
  };

  const everywhere = ['personal', 'team', 'groupChat'] as const;
  const commands: Command[] = [
    {
      id: 'identity-map-export',
      usage: 'identity map export {format}',
      description: 'Your identity map as a file for one tool: usermapping, exchange-batch, exchange-validation or onedrive (with the source tenant id).',
      pattern: IDENTITY_EXPORT_PATTERN,
      scopes: everywhere,
      hidden: true,
      run: async ({ turn, match }) => exportCommand(turn, match[1] ?? '', match[2] ?? null, null),
    },
    {
      id: 'identity-map-for',
      usage: 'identity map for {migration id}',
      description: 'Use your identity map for a migration: its plan shows the people, and the seat check counts them.',
      pattern: IDENTITY_JOIN_PATTERN,
      scopes: everywhere,
      hidden: true,
      run: async (ctx) => startOrDeliver(ctx, await identity.requestFor(turnFacts(ctx.turn), ctx.match[1]!, identityMessageOf(ctx.turn))),
    },
    {
      id: 'identity-map',
      usage: 'identity map',
      description: 'One list of the people who move (CSV or .xlsx, or pasted): checked once, exported for each tool, used by the plan.',
      pattern: IDENTITY_MAP_PATTERN,
      scopes: ['personal'],
      run: async (ctx) => startOrDeliver(ctx, await identity.request(turnFacts(ctx.turn), identityMessageOf(ctx.turn))),
    },
    {
      id: 'identity-map-channel',
      usage: 'identity map',
      description: 'Check an identity map in a personal chat with me.',
      pattern: IDENTITY_MAP_PATTERN,
      scopes: ['team', 'groupChat'],
      hidden: true,
      run: async ({ turn }) => {
        await turn.sendActivity('An identity map lists people\'s addresses, so I read it in our personal chat: open the chat with Migration Readiness and type **identity map**. Then **identity map for {migration id}** here joins it to a migration\'s plan.');
      },
    },
  ];

  const verbs: VerbTable = {
    [IDENTITY_EXPORT_VERB]: async (context, data) => {
      const outcome = await identity.exportFile(turnFacts(context), {
        format: text(data.format), sourceTenantId: text(data.sourceTenantId) || null, mapId: text(data.mapId) || null,
      }, personalTarget(context));
      const [first, ...rest] = outcome.replies;
      // One line as the button's answer; a file card (and anything after it) as messages in the chat.
      if (rest.length === 0 && typeof first === 'string') return messageResponse(first);
      await deliver(context, outcome);
      return messageResponse('The file follows in this chat.');
    },
    [IDENTITY_JOIN_VERB]: async (context, data) => {
      const outcome = await identity.joinMap(turnFacts(context), text(data.migrationId), text(data.mapId) || null);
      await deliver(context, outcome);
      return messageResponse(`Done: see the message in this chat.`);
    },
  };

  const fileConsent: FileConsentHandlers = {
    accept: async (context, response) => postFileAnswer(context, await identity.consentAccepted(turnFacts(context), (response.context ?? {}) as IdentityConsentContext, response.uploadInfo ?? {})),
    decline: async (context, response) => postFileAnswer(context, identity.consentDeclined((response.context ?? {}) as IdentityConsentContext)),
  };

  return { commands, dialogs: [dialog], verbs, fileConsent };
}
