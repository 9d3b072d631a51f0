/**
 * The migration plan, the Teams route file: typed commands, the plan card's verbs and the evidence files' consent
 * answers, mapped to the plan service (src/services/planService.ts). No behaviour here beyond translating: the card
 * is posted by the turn and its address handed back to the service, so later changes update it in place.
 */
import { MessageFactory, type Activity, type FileConsentCardResponse, type TurnContext } from 'botbuilder';
import { fileInfoAttachment } from '../cards/mappingView.js';
import { PLAN_EVIDENCE_VERB, PLAN_REFRESH_VERB } from '../cards/planView.js';
import { UPLOAD_REASONS, uploadToConsentUrl } from '../files/consentUpload.js';
import type { DownloadOptions } from '../files/attachmentDownloader.js';
import type { Logger } from '../logging.js';
import { referenceOfActivity } from '../proactive/conversationIds.js';
import type { PlanCardAnswer, PlanService } from '../services/planService.js';
import type { Command } from './commands.js';
import { cardResponse, messageResponse } from './invokeResponse.js';
import type { FileConsentHandlers } from './teamsBot.js';
import { personalTarget, turnFacts } from './turnInfo.js';
import type { VerbTable } from './verbs.js';

export interface PlanRoutes {
  commands: Command[];
  verbs: VerbTable;
  /** Consent answers for evidence files; everything else goes to `other` (the mapping file's corrected copy). */
  fileConsent: (other?: FileConsentHandlers) => FileConsentHandlers;
}

export interface PlanRouteOptions {
  transfer: Pick<DownloadOptions, 'allowedHosts' | 'timeoutMs' | 'ca' | 'agent'>;
  logger: Logger;
}

const answer = (a: PlanCardAnswer) => ('card' in a ? cardResponse(a.card) : messageResponse(a.message));

function evidenceContext(response: FileConsentCardResponse): { migrationId: string; format: string } | null {
  const c = response.context as { evidence?: unknown; format?: unknown } | undefined;
  return typeof c?.evidence === 'string' && typeof c.format === 'string' ? { migrationId: c.evidence, format: c.format } : null;
}

export function planRoutes(plan: PlanService, options: PlanRouteOptions): PlanRoutes {
  const everywhere = ['personal', 'team', 'groupChat'] as const;

  const postPlan = async (turn: TurnContext, id: string): Promise<void> => {
    const facts = turnFacts(turn);
    const outcome = await plan.plan(facts, id);
    if (outcome.kind === 'message') {
      await turn.sendActivity(outcome.text);
      return;
    }
    const posted = await turn.sendActivity(outcome.activity as Partial<Activity>);
    await plan.remember(facts.tenantId, outcome.migrationId, referenceOfActivity(turn.activity), posted?.id ?? null);
    if (outcome.text) await turn.sendActivity(outcome.text);
  };

  const sendEvidence = async (turn: TurnContext, id: string): Promise<string | null> => {
    const result = await plan.evidence(turnFacts(turn), id, personalTarget(turn));
    for (const activity of result.activities) await turn.sendActivity(activity as Partial<Activity>);
    return result.text;
  };

  const commands: Command[] = [
    {
      id: 'plan-add',
      usage: 'plan add {mailbox or assessment} {id} to {migration id}',
      description: 'Join a mailbox-move check or another assessment to a migration\'s plan.',
      pattern: /^plan add (mailbox|assessment) (\S+) (?:to|for) (m-[a-z0-9]{8})$/i,
      scopes: everywhere,
      hidden: true,
      run: async ({ turn, match }) => {
        await turn.sendActivity(await plan.add(turnFacts(turn), match[3]!, match[1]!.toLowerCase() as 'mailbox' | 'assessment', match[2]!));
      },
    },
    {
      id: 'plan',
      usage: 'plan {assessment id or migration id}',
      description: 'The migration plan for a tenant pair: every workstream\'s readiness, who acts next in which tenant, and the order, updated in place.',
      pattern: /^(?:plan|open plan|migration plan) (\S+)$/i,
      scopes: everywhere,
      run: async ({ turn, match }) => postPlan(turn, match[1]!),
    },
    {
      id: 'plan-help',
      usage: 'plan',
      description: 'How to open a migration plan.',
      pattern: /^(?:plan|migration plan)$/i,
      scopes: everywhere,
      hidden: true,
      run: async ({ turn }) => {
        await turn.sendActivity('Type **plan {assessment id}** (from **my assessments**) to open the migration plan for that tenant pair, or **plan {migration id}** (from **migrations**) to show it again.');
      },
    },
    {
      id: 'evidence',
      usage: 'evidence {migration id}',
      description: 'The evidence pack for a change record: Markdown and a printable page, as files in our personal chat.',
      pattern: /^evidence(?: pack)? (\S+)$/i,
      scopes: everywhere,
      run: async ({ turn, match }) => {
        const text = await sendEvidence(turn, match[1]!);
        if (text) await turn.sendActivity(text);
      },
    },
    {
      id: 'evidence-help',
      usage: 'evidence',
      description: 'How to get the evidence pack.',
      pattern: /^evidence(?: pack)?$/i,
      scopes: everywhere,
      hidden: true,
      run: async ({ turn }) => {
        await turn.sendActivity('Type **evidence {migration id}** (from **migrations**) to get its evidence pack as Markdown and a printable page.');
      },
    },
  ];

  const verbs: VerbTable = {
    [PLAN_REFRESH_VERB]: async (context, data) => answer(await plan.refresh(turnFacts(context), data)),
    [PLAN_EVIDENCE_VERB]: async (context, data) => {
      const id = typeof data.migrationId === 'string' ? data.migrationId : '';
      const text = await sendEvidence(context, id);
      return messageResponse(text ?? 'The evidence pack follows in this chat.');
    },
  };

  const fileConsent = (other?: FileConsentHandlers): FileConsentHandlers => ({
    accept: async (context, response) => {
      const wanted = evidenceContext(response);
      if (!wanted) {
        if (other) await other.accept(context, response);
        return;
      }
      const file = await plan.evidenceFile(turnFacts(context).tenantId, wanted.migrationId, wanted.format);
      if (!file) {
        await context.sendActivity(`I don't know a migration "${wanted.migrationId}" in your organisation any more, so there is no evidence pack to save.`);
        return;
      }
      const info = response.uploadInfo ?? {};
      const result = await uploadToConsentUrl(typeof info.uploadUrl === 'string' ? info.uploadUrl : '', new TextEncoder().encode(file.content), options.transfer);
      if (!result.ok) {
        options.logger.info('evidence file upload failed', { migrationId: wanted.migrationId, code: result.code });
        await context.sendActivity(`I could not save ${file.name}: ${UPLOAD_REASONS[result.code]} Type **evidence ${wanted.migrationId}** to try again.`);
        return;
      }
      const name = typeof info.name === 'string' && info.name !== '' ? info.name : file.name;
      await context.sendActivity(`Saved ${name} to your OneDrive.`);
      if (typeof info.contentUrl === 'string' && info.contentUrl !== '') {
        await context.sendActivity(MessageFactory.attachment(fileInfoAttachment({
          name, contentUrl: info.contentUrl, uniqueId: typeof info.uniqueId === 'string' ? info.uniqueId : '', fileType: file.format === 'html' ? 'html' : 'md',
        })));
      }
    },
    decline: async (context, response) => {
      const wanted = evidenceContext(response);
      if (!wanted) {
        if (other) await other.decline(context, response);
        return;
      }
      await context.sendActivity(`All right, I did not save that file. Type **evidence ${wanted.migrationId}** when you want it.`);
    },
  });

  return { commands, verbs, fileConsent };
}
