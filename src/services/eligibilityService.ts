/**
 * Eligibility, the application service: completing an assessment (validate, assess, save), the cards that show a
 * stored one, the stored assessments (my assessments, open, export) and the Marketing acknowledgement button.
 *
 * Plain inputs in, outcomes out: the Teams route file (src/bot/eligibilityRoutes.ts) and the interview dialog
 * (src/dialogs/eligibilityDialog.ts) translate. The rules are src/domain/assessment; the cards src/cards.
 */
import { MARKETING_ACK_VERB, fitEligibilityCard, marketingCardView, formatUtc, type MarketingView } from '../cards/eligibilityView.js';
import { ADAPTIVE_CARD_CONTENT_TYPE, cardAttachment } from '../cards/renderer.js';
import { assess, renderMarkdown, validateProfile, VERDICT_LABELS } from '../domain/assessment/index.js';
import type { Logger } from '../logging.js';
import type { OutboundActivity } from '../proactive/notifier.js';
import type { AssessmentRepository, StoredAssessment } from '../records/assessmentRepository.js';
import type { TurnFacts } from './turn.js';

export { MARKETING_ACK_VERB };

export interface EligibilityServiceDeps {
  assessments: AssessmentRepository;
  logger: Logger;
}

/** A completed assessment, saved, with the messages that show it; or why the input is not a profile yet. */
export type Completion =
  | { ok: true; record: StoredAssessment; show: OutboundActivity[] }
  | { ok: false; problems: string[] };

export type EligibilityService = ReturnType<typeof eligibilityService>;

/** A message with one attachment, as Teams shows it (the SDK's MessageFactory.attachment, as plain data). */
function attachmentMessage(attachment: unknown): OutboundActivity & { inputHint: string } {
  return { type: 'message', attachmentLayout: 'list', attachments: [attachment], inputHint: 'acceptingInput' };
}

export function eligibilityService(deps: EligibilityServiceDeps) {
  const { assessments, logger } = deps;

  /** The cards of a stored assessment: the most detailed eligibility card that fits, and the Marketing card. */
  const resultMessages = (record: StoredAssessment): OutboundActivity[] => {
    // The most detailed card that fits Teams' message size; a shortened card says so and points to the export.
    const { card } = fitEligibilityCard(record.profile, record.assessment, { assessmentId: record.id, createdAt: record.createdAt });
    const messages = [attachmentMessage({ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card })];
    if (record.assessment.marketing) {
      const ack = record.marketingAcknowledgement;
      const view = marketingCardView(record.assessment, {
        assessmentId: record.id,
        acknowledgement: ack ? { by: ack.byName, at: ack.at } : undefined,
      });
      messages.push(attachmentMessage(cardAttachment('marketing', view)));
    }
    return messages;
  };

  const unknown = (id: string): string => `I don't know an assessment "${id}" in your organisation. Type **my assessments** to see yours.`;

  return {
    resultMessages,

    /** Validates a profile (from the interview or the form), assesses and saves it. */
    async complete(turn: TurnFacts, input: unknown): Promise<Completion> {
      const validation = validateProfile(input);
      if (!validation.ok) return { ok: false, problems: validation.issues.map((i) => `${i.path}: ${i.message}`) };
      const assessment = assess(validation.profile);
      const record = await assessments.save({
        tenantId: turn.tenantId,
        userId: turn.user.id,
        userName: turn.user.name,
        profile: validation.profile,
        assessment,
      });
      logger.info('assessment saved', { assessmentId: record.id, verdict: assessment.verdict, environments: validation.profile.environments.length });
      return { ok: true, record, show: resultMessages(record) };
    },

    /** `my assessments`. */
    async list(turn: TurnFacts): Promise<string> {
      const list = await assessments.recent(turn.tenantId, turn.user.id);
      if (list.length === 0) return 'You have no saved assessments yet. Type **check eligibility** to make one.';
      const lines = list.map((a) => `- **${a.id}**: ${a.source} to ${a.destination}, ${a.environments.join(', ')}. ${VERDICT_LABELS[a.verdict]} (${formatUtc(a.createdAt)})`);
      return `Your recent assessments:\n\n${lines.join('\n')}\n\nType **open** and an id to see one again.`;
    },

    /** `open {id}`: the assessment's cards, or why not. */
    async open(turn: TurnFacts, id: string): Promise<Array<OutboundActivity | string>> {
      const record = await assessments.get(turn.tenantId, id);
      return record ? resultMessages(record) : [unknown(id)];
    },

    /** `open` or `export` without an id: which one (the latest, by name). */
    async which(turn: TurnFacts, verb: 'open' | 'export'): Promise<string> {
      const [latest] = await assessments.recent(turn.tenantId, turn.user.id, 1);
      return latest
        ? `Which assessment? Your latest is **${latest.id}** (${latest.source} to ${latest.destination}, ${formatUtc(latest.createdAt)}): type **${verb} ${latest.id}**, or **my assessments** for the others.`
        : 'You have no saved assessments yet. Type **check eligibility** to make one.';
    },

    /** `export {id}`: the Markdown report in a code block, ready for a change record. */
    async export(turn: TurnFacts, id: string): Promise<string> {
      const record = await assessments.get(turn.tenantId, id);
      if (!record) return unknown(id);
      const markdown = renderMarkdown(record.assessment, record.profile);
      return `Here is assessment ${record.id} as Markdown, ready to paste into a change record:\n\n\`\`\`\n${markdown.replace(/```/g, "'''")}\n\`\`\``;
    },

    /** The business owner's acknowledgement on the Marketing card: the card with it, or a message. */
    async acknowledgeMarketing(turn: TurnFacts, data: Record<string, unknown>): Promise<{ card: MarketingView } | { message: string }> {
      const id = typeof data.assessmentId === 'string' ? data.assessmentId : '';
      const before = await assessments.get(turn.tenantId, id);
      if (!before || !before.assessment.marketing) return { message: 'I could not find that assessment in your organisation.' };
      const record = (await assessments.acknowledgeMarketing(turn.tenantId, id, turn.user))!;
      const ack = record.marketingAcknowledgement!;
      return { card: marketingCardView(record.assessment, { assessmentId: record.id, acknowledgement: { by: ack.byName, at: ack.at } }) };
    },
  };
}
