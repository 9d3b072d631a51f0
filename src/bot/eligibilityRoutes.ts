/**
 * Eligibility, the Teams route file: the commands that start the interview, the stored assessments (my assessments,
 * open, export) and the Marketing acknowledgement button, mapped to the eligibility service
 * (src/services/eligibilityService.ts); the interview itself is the dialog in src/dialogs/eligibilityDialog.ts.
 */
import type { TurnContext } from 'botbuilder';
import type { Dialog } from 'botbuilder-dialogs';
import { EligibilityDialog, ELIGIBILITY_DIALOG, type CompletionResult } from '../dialogs/eligibilityDialog.js';
import type { OutboundActivity } from '../proactive/notifier.js';
import type { StoredAssessment } from '../records/assessmentRepository.js';
import { MARKETING_ACK_VERB, type EligibilityService } from '../services/eligibilityService.js';
import type { Command } from './commands.js';
import { postFileAnswer } from './fileConsentDispatch.js';
import { messageResponse, templateResponse } from './invokeResponse.js';
import type { FileConsentHandlers } from './teamsBot.js';
import { personalTarget, turnFacts, turnReplies } from './turnInfo.js';
import type { VerbTable } from './verbs.js';

export interface EligibilityRoutes {
  commands: Command[];
  dialogs: Dialog[];
  verbs: VerbTable;
  /** Shows a stored assessment's cards (also used after a mapping check). */
  showResult(context: TurnContext, record: StoredAssessment): Promise<void>;
  /** Validates, assesses, saves and shows a profile (the interview's last step). */
  completeProfile(context: TurnContext, input: unknown): Promise<CompletionResult>;
  /** Answers to the export files' FileConsentCards (dispatched by ASSESSMENT_EXPORT_PURPOSE, src/app.ts). */
  fileConsent: FileConsentHandlers;
}

export function eligibilityRoutes(eligibility: EligibilityService): EligibilityRoutes {
  const post = async (context: TurnContext, messages: ReadonlyArray<OutboundActivity | string>): Promise<void> => {
    const replies = turnReplies(context);
    for (const message of messages) await replies.send(message);
  };
  const showResult = (context: TurnContext, record: StoredAssessment) => post(context, eligibility.resultMessages(record));
  const completeProfile = async (context: TurnContext, input: unknown): Promise<CompletionResult> => {
    const result = await eligibility.complete(turnFacts(context), input);
    if (!result.ok) return result;
    await post(context, result.show);
    return { ok: true };
  };

  const commands: Command[] = [
    {
      id: 'check-eligibility',
      usage: 'check eligibility',
      description: 'Answer a few questions and find out whether your environments can move to another tenant.',
      pattern: /^(check eligibility|check( my)? readiness|assess|start assessment|new assessment|eligibility)$/i,
      scopes: ['personal'],
      run: async ({ dialogs }) => {
        await dialogs.beginDialog(ELIGIBILITY_DIALOG);
      },
    },
    {
      id: 'check-eligibility-channel',
      usage: 'check eligibility',
      description: 'Check eligibility in a personal chat with me.',
      pattern: /^(check eligibility|assess|eligibility)$/i,
      scopes: ['team', 'groupChat'],
      hidden: true,
      run: async ({ turn }) => {
        await turn.sendActivity('Eligibility checks ask about your tenants one question at a time, so they run in a personal chat with me: open the chat with Migration Readiness and type **check eligibility**.');
      },
    },
    {
      id: 'my-assessments',
      usage: 'my assessments',
      description: 'List the assessments you made recently.',
      pattern: /^(my assessments|assessments|list assessments|history)$/i,
      scopes: ['personal', 'team', 'groupChat'],
      run: async ({ turn }) => {
        await turn.sendActivity(await eligibility.list(turnFacts(turn)));
      },
    },
    {
      id: 'open-assessment',
      usage: 'open {id}',
      description: 'Show a saved assessment again.',
      pattern: /^(?:open|show)(?: assessment)? ([a-z0-9]{4,32})$/i,
      scopes: ['personal', 'team', 'groupChat'],
      run: async ({ turn, match }) => post(turn, await eligibility.open(turnFacts(turn), match[1]!.toLowerCase())),
    },
    {
      id: 'open-or-export-which',
      usage: 'open',
      description: 'Asks which assessment to open or export.',
      pattern: /^(open|show|export)(?: assessment| report)?$/i,
      scopes: ['personal', 'team', 'groupChat'],
      hidden: true,
      run: async ({ turn, match }) => {
        await turn.sendActivity(await eligibility.which(turnFacts(turn), match[1]!.toLowerCase() === 'export' ? 'export' : 'open'));
      },
    },
    {
      id: 'export-assessment',
      usage: 'export {id}',
      description: 'Get a saved assessment as a report for a change record: Markdown and a printable page, as files in our personal chat.',
      pattern: /^export(?: assessment| report)? ([a-z0-9]{4,32})$/i,
      scopes: ['personal', 'team', 'groupChat'],
      run: async ({ turn, match }) => post(turn, await eligibility.export(turnFacts(turn), match[1]!.toLowerCase(), personalTarget(turn))),
    },
  ];

  const verbs: VerbTable = {
    [MARKETING_ACK_VERB]: async (context, data) => {
      const answer = await eligibility.acknowledgeMarketing(turnFacts(context), data);
      return 'card' in answer ? templateResponse('marketing', answer.card) : messageResponse(answer.message);
    },
  };

  const fileConsent: FileConsentHandlers = {
    accept: async (context, response) => postFileAnswer(context, await eligibility.acceptExportFile(turnFacts(context), response.context, response.uploadInfo ?? {})),
    decline: async (context, response) => postFileAnswer(context, await eligibility.declineExportFile(turnFacts(context), response.context)),
  };

  return { commands, dialogs: [new EligibilityDialog(completeProfile)], verbs, showResult, completeProfile, fileConsent };
}
