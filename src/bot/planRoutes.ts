/**
 * The migration plan, the Teams route file: typed commands, the plan card's verbs and the evidence files' consent
 * answers, mapped to the plan service (src/services/planService.ts). No behaviour here beyond translating: the card
 * is posted by the turn and its address handed back to the service, so later changes update it in place.
 */
import type { Activity, TurnContext } from 'botbuilder';
import { PLAN_EVIDENCE_VERB, PLAN_REFRESH_VERB } from '../cards/planView.js';
import { referenceOfActivity } from '../proactive/conversationIds.js';
import { evidenceContext, type PlanCardAnswer, type PlanService } from '../services/planService.js';
import type { Command } from './commands.js';
import { postFileAnswer } from './fileConsentDispatch.js';
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

const answer = (a: PlanCardAnswer) => ('card' in a ? cardResponse(a.card) : messageResponse(a.message));

export function planRoutes(plan: PlanService): PlanRoutes {
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
      if (evidenceContext(response.context)) {
        await postFileAnswer(context, await plan.acceptEvidenceFile(turnFacts(context), response.context, response.uploadInfo ?? {}));
      } else if (other) {
        await other.accept(context, response);
      }
    },
    decline: async (context, response) => {
      if (evidenceContext(response.context)) await postFileAnswer(context, plan.declineEvidenceFile(response.context));
      else if (other) await other.decline(context, response);
    },
  });

  return { commands, verbs, fileConsent };
}
