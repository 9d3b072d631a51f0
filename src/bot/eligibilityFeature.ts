/**
 * Eligibility in Teams: the commands that start the interview, the completion step (validate, assess, save, show
 * the cards), stored assessments (my assessments, open, export) and the Marketing acknowledgement button.
 */
import { MessageFactory, type TurnContext } from 'botbuilder';
import type { Dialog } from 'botbuilder-dialogs';
import { cardAttachment } from '../cards/renderer.js';
import { ADAPTIVE_CARD_CONTENT_TYPE } from '../cards/renderer.js';
import { MARKETING_ACK_VERB, fitEligibilityCard, marketingCardView, formatUtc } from '../cards/eligibilityView.js';
import { assess, renderMarkdown, validateProfile, VERDICT_LABELS } from '../domain/assessment/index.js';
import type { Draft } from '../domain/interview/questions.js';
import { EligibilityDialog, ELIGIBILITY_DIALOG, type CompletionResult } from '../dialogs/eligibilityDialog.js';
import type { Logger } from '../logging.js';
import type { AssessmentRepository, StoredAssessment } from '../records/assessmentRepository.js';
import type { Command } from './commands.js';
import { messageResponse, templateResponse } from './invokeResponse.js';
import { tenantOf, userOf } from './turnInfo.js';
import type { VerbTable } from './verbs.js';
import type { AdaptiveCardInvokeResponse } from 'botbuilder';

export interface EligibilityFeature {
  commands: Command[];
  dialogs: Dialog[];
  verbs: VerbTable;
  /** Shows a stored assessment's cards (also used after the form). */
  showResult(context: TurnContext, record: StoredAssessment): Promise<void>;
  /** Validates a profile built elsewhere (the form card), assesses, saves and shows it. */
  completeProfile(context: TurnContext, input: unknown): Promise<CompletionResult>;
}

export function eligibilityFeature(deps: { assessments: AssessmentRepository; logger: Logger }): EligibilityFeature {
  const { assessments, logger } = deps;

  const showResult = async (context: TurnContext, record: StoredAssessment): Promise<void> => {
    // The most detailed card that fits Teams' message size; a shortened card says so and points to the export.
    const { card } = fitEligibilityCard(record.profile, record.assessment, { assessmentId: record.id, createdAt: record.createdAt });
    await context.sendActivity(MessageFactory.attachment({ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card }));
    if (record.assessment.marketing) {
      const ack = record.marketingAcknowledgement;
      const view = marketingCardView(record.assessment, {
        assessmentId: record.id,
        acknowledgement: ack ? { by: ack.byName, at: ack.at } : undefined,
      });
      await context.sendActivity(MessageFactory.attachment(cardAttachment('marketing', view)));
    }
  };

  const completeProfile = async (context: TurnContext, input: unknown): Promise<CompletionResult> => {
    const validation = validateProfile(input);
    if (!validation.ok) return { ok: false, problems: validation.issues.map((i) => `${i.path}: ${i.message}`) };
    const assessment = assess(validation.profile);
    const user = userOf(context);
    const record = await assessments.save({
      tenantId: tenantOf(context),
      userId: user.id,
      userName: user.name,
      profile: validation.profile,
      assessment,
    });
    logger.info('assessment saved', { assessmentId: record.id, verdict: assessment.verdict, environments: validation.profile.environments.length });
    await showResult(context, record);
    return { ok: true };
  };

  const completeInterview = (context: TurnContext, draft: Draft): Promise<CompletionResult> => completeProfile(context, draft);

  const find = async (context: TurnContext, id: string): Promise<StoredAssessment | undefined> => {
    const record = await assessments.get(tenantOf(context), id);
    if (!record) {
      await context.sendActivity(`I don't know an assessment "${id}" in your organisation. Type **my assessments** to see yours.`);
    }
    return record;
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
        const user = userOf(turn);
        const list = await assessments.recent(tenantOf(turn), user.id);
        if (list.length === 0) {
          await turn.sendActivity('You have no saved assessments yet. Type **check eligibility** to make one.');
          return;
        }
        const lines = list.map((a) => `- **${a.id}**: ${a.source} to ${a.destination}, ${a.environments.join(', ')}. ${VERDICT_LABELS[a.verdict]} (${formatUtc(a.createdAt)})`);
        await turn.sendActivity(`Your recent assessments:\n\n${lines.join('\n')}\n\nType **open** and an id to see one again.`);
      },
    },
    {
      id: 'open-assessment',
      usage: 'open {id}',
      description: 'Show a saved assessment again.',
      pattern: /^(?:open|show)(?: assessment)? ([a-z0-9]{4,32})$/i,
      scopes: ['personal', 'team', 'groupChat'],
      run: async ({ turn, match }) => {
        const record = await find(turn, match[1]!.toLowerCase());
        if (record) await showResult(turn, record);
      },
    },
    {
      id: 'open-or-export-which',
      usage: 'open',
      description: 'Asks which assessment to open or export.',
      pattern: /^(open|show|export)(?: assessment| report)?$/i,
      scopes: ['personal', 'team', 'groupChat'],
      hidden: true,
      run: async ({ turn, match }) => {
        const verb = match[1]!.toLowerCase() === 'export' ? 'export' : 'open';
        const [latest] = await assessments.recent(tenantOf(turn), userOf(turn).id, 1);
        await turn.sendActivity(latest
          ? `Which assessment? Your latest is **${latest.id}** (${latest.source} to ${latest.destination}, ${formatUtc(latest.createdAt)}): type **${verb} ${latest.id}**, or **my assessments** for the others.`
          : 'You have no saved assessments yet. Type **check eligibility** to make one.');
      },
    },
    {
      id: 'export-assessment',
      usage: 'export {id}',
      description: 'Get a saved assessment as a Markdown report for a change record.',
      pattern: /^export(?: assessment| report)? ([a-z0-9]{4,32})$/i,
      scopes: ['personal', 'team', 'groupChat'],
      run: async ({ turn, match }) => {
        const record = await find(turn, match[1]!.toLowerCase());
        if (!record) return;
        const markdown = renderMarkdown(record.assessment, record.profile);
        await turn.sendActivity(`Here is assessment ${record.id} as Markdown, ready to paste into a change record:\n\n\`\`\`\n${markdown.replace(/```/g, "'''")}\n\`\`\``);
      },
    },
  ];

  const verbs: VerbTable = {
    [MARKETING_ACK_VERB]: async (context, data): Promise<AdaptiveCardInvokeResponse> => {
      const id = typeof data.assessmentId === 'string' ? data.assessmentId : '';
      const tenantId = tenantOf(context);
      const before = await assessments.get(tenantId, id);
      if (!before || !before.assessment.marketing) return messageResponse('I could not find that assessment in your organisation.');
      const record = (await assessments.acknowledgeMarketing(tenantId, id, userOf(context)))!;
      const ack = record.marketingAcknowledgement!;
      const view = marketingCardView(record.assessment, { assessmentId: record.id, acknowledgement: { by: ack.byName, at: ack.at } });
      return templateResponse('marketing', view);
    },
  };

  return { commands, dialogs: [new EligibilityDialog(completeInterview)], verbs, showResult, completeProfile };
}
