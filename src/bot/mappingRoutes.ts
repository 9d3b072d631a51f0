/**
 * User mapping files, the Teams route file: the command, the "show more" verb, files sent with no check waiting,
 * and the FileConsentCard answers, mapped to the mapping service (src/services/mappingService.ts); the wait for the
 * file is the dialog in src/dialogs/mappingDialog.ts. This file reads what only Teams carries (attachments, the
 * HTML copy of a message) and posts the service's outcomes.
 */
import type { FileConsentCardResponse, TurnContext } from 'botbuilder';
import type { Dialog } from 'botbuilder-dialogs';
import { MAPPING_MORE_VERB, MAPPING_RESULT_TEMPLATE } from '../cards/mappingView.js';
import type { StoredAssessment } from '../records/assessmentRepository.js';
import { CHECK_MAPPING_PATTERN, type MappingMessage, type MappingOutcome, type MappingService } from '../services/mappingService.js';
import { MAPPING_DIALOG, MappingFileDialog, type WaitState } from '../dialogs/mappingDialog.js';
import type { Command } from './commands.js';
import type { FileConsentHandlers } from './teamsBot.js';
import { messageResponse, templateResponse } from './invokeResponse.js';
import { pastedMessage } from './messageFiles.js';
import { turnFacts, turnReplies } from './turnInfo.js';
import type { VerbTable } from './verbs.js';

export { MAPPING_DIALOG };

export interface MappingRoutes {
  commands: Command[];
  dialogs: Dialog[];
  verbs: VerbTable;
  /** For BotDeps.files: a file uploaded with no check waiting for it. */
  files(context: TurnContext): Promise<boolean>;
  fileConsent: FileConsentHandlers;
}

/** The message as the check reads it: its lines (from the Teams HTML copy when there is one) and uploaded files. */
export const mappingMessageOf: (context: TurnContext) => MappingMessage = pastedMessage;

/**
 * @param showAssessment shows a stored assessment's cards (the eligibility routes' showResult), after a check that
 *   saved a new assessment with the mapped user count.
 */
export function mappingRoutes(
  mapping: MappingService,
  showAssessment: (context: TurnContext, record: StoredAssessment) => Promise<void>,
): MappingRoutes {
  const deliver = async (context: TurnContext, outcome: MappingOutcome): Promise<void> => {
    const replies = turnReplies(context);
    for (const reply of outcome.replies) await replies.send(reply);
    if (outcome.show) await showAssessment(context, outcome.show);
  };
  const dialog = new MappingFileDialog(mapping, { read: mappingMessageOf, deliver });

  const commands: Command[] = [
    {
      id: 'check-mapping-file',
      usage: 'check mapping file [for {assessment id} {environment}]',
      description: 'Check a usermapping.csv before Microsoft does: upload it or paste its lines, and get a corrected file.',
      pattern: CHECK_MAPPING_PATTERN,
      scopes: ['personal'],
      run: async ({ turn, dialogs }) => {
        const outcome = await mapping.request(turnFacts(turn), mappingMessageOf(turn));
        if (outcome.waitFor) {
          await dialogs.beginDialog(MAPPING_DIALOG, { link: outcome.waitFor.link } satisfies WaitState);
          return;
        }
        await deliver(turn, outcome);
      },
    },
    {
      id: 'check-mapping-file-channel',
      usage: 'check mapping file',
      description: 'Check a mapping file in a personal chat with me.',
      pattern: CHECK_MAPPING_PATTERN,
      scopes: ['team', 'groupChat'],
      hidden: true,
      run: async ({ turn }) => {
        await turn.sendActivity('A mapping file lists people\'s addresses, so I check it in a personal chat: open the chat with Migration Readiness and type **check mapping file**.');
      },
    },
  ];

  const verbs: VerbTable = {
    [MAPPING_MORE_VERB]: async (context, data) => {
      const more = await mapping.more(turnFacts(context), data);
      return 'view' in more ? templateResponse(MAPPING_RESULT_TEMPLATE, more.view) : messageResponse(more.message);
    },
  };

  const files = async (context: TurnContext): Promise<boolean> => {
    const outcome = await mapping.unrequestedFile(turnFacts(context), mappingMessageOf(context));
    if (!outcome) return false;
    await deliver(context, outcome);
    return true;
  };

  const fileConsent: FileConsentHandlers = {
    accept: async (context, response) => deliver(context, await mapping.consentAccepted(turnFacts(context), {
      checkId: consentCheckId(response),
      uploadInfo: response.uploadInfo ?? {},
    })),
    decline: async (context) => deliver(context, mapping.consentDeclined()),
  };

  return { commands, dialogs: [dialog], verbs, files, fileConsent };
}

function consentCheckId(response: FileConsentCardResponse): string {
  const context = response.context as { checkId?: unknown } | undefined;
  return typeof context?.checkId === 'string' ? context.checkId : '';
}
