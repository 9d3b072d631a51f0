/**
 * Eligibility, the application service: completing an assessment (validate, assess, save), the cards that show a
 * stored one, the stored assessments (my assessments, open, export) and the Marketing acknowledgement button.
 *
 * Plain inputs in, outcomes out: the Teams route file (src/bot/eligibilityRoutes.ts) and the interview dialog
 * (src/dialogs/eligibilityDialog.ts) translate. The rules are src/domain/assessment; the cards src/cards.
 */
import { MARKETING_ACK_VERB, fitEligibilityCard, marketingCardView, formatUtc, type MarketingView } from '../cards/eligibilityView.js';
import { ADAPTIVE_CARD_CONTENT_TYPE, cardAttachment } from '../cards/renderer.js';
import {
  assess, assessmentFileNames, renderAssessmentHtml, renderMarkdown, validateProfile, VERDICT_LABELS,
} from '../domain/assessment/index.js';
import { kilobytes, utf16Bytes } from '../domain/messageSize.js';
import type { Logger } from '../logging.js';
import type { BackgroundTasks } from '../proactive/backgroundTasks.js';
import type { Notifier, OutboundActivity } from '../proactive/notifier.js';
import type { AssessmentRepository, StoredAssessment } from '../records/assessmentRepository.js';
import {
  consentCardActivity, declinedText, offerInPersonalChat, saveReportFile, type ConsentUpload, type FileConsentOutcome,
  type FileUploadInfo, type PersonalChatTarget, type ReportFile,
} from './fileOffers.js';
import type { PlanUpdates } from './planUpdates.js';
import type { TurnFacts } from './turn.js';

export { MARKETING_ACK_VERB };

export interface EligibilityServiceDeps {
  assessments: AssessmentRepository;
  logger: Logger;
  /** `export` in a channel or group chat: the files go to the person's personal chat (absent: they are told to ask there). */
  notifier?: Notifier;
  background?: BackgroundTasks;
  /** Tells the migration plan that an assessment was saved (a re-run joins its tenant pair's plan, updated in place). */
  planUpdates?: PlanUpdates;
  /** PUTs an accepted export file to its FileConsentCard upload URL (src/files/consentUpload.ts). */
  upload?: ConsentUpload;
}

/** The `purpose` an export FileConsentCard carries, so its accept and decline come back to this service. */
export const ASSESSMENT_EXPORT_PURPOSE = 'assessment-export';

/**
 * `export {id}` also shows the report in a code block when the message stays under this many bytes (UTF-16, as Teams
 * counts): a quarter of the 80 KB budget, so a short report reads in the chat and a long one never nears the limit.
 */
export const EXPORT_INLINE_LIMIT_BYTES = 20 * 1024;

export type ExportFormat = ReportFile['format'];
export type ExportFile = ReportFile;

/** The report of a stored assessment as files: the Markdown report and the printable page. Deterministic. */
export function exportFiles(record: StoredAssessment): ExportFile[] {
  const names = assessmentFileNames(record.id);
  const markdown = renderMarkdown(record.assessment, record.profile);
  const html = renderAssessmentHtml(record.assessment, record.profile, { assessmentId: record.id, createdAt: record.createdAt, createdBy: record.userName });
  return [
    { name: names.markdown, format: 'markdown', content: markdown, bytes: Buffer.byteLength(markdown, 'utf8') },
    { name: names.html, format: 'html', content: html, bytes: Buffer.byteLength(html, 'utf8') },
  ];
}

/** What `export {id}` says: the code block when the report is short, and the FileConsentCards for the files. */
export function exportMessages(record: StoredAssessment, files: readonly ExportFile[] = exportFiles(record)): {
  inline: string | null; intro: string; cards: OutboundActivity[];
} {
  const markdown = files.find((f) => f.format === 'markdown')!.content;
  const block = `Here is assessment ${record.id} as Markdown, ready to paste into a change record:\n\n\`\`\`\n${markdown.replace(/```/g, "'''")}\n\`\`\``;
  const inline = utf16Bytes({ type: 'message', text: block }) <= EXPORT_INLINE_LIMIT_BYTES ? block : null;
  const intro = inline
    ? `Assessment **${record.id}** as files too: Markdown for the change record, and a page to print or save as PDF. Accept each file to save it to your OneDrive.`
    : `The report of assessment **${record.id}** is ${kilobytes(utf16Bytes(block))}, too long to read well in a chat message, so it comes as files: Markdown for the change record, and a page to print or save as PDF. Accept each file to save it to your OneDrive.`;
  const cards = files.map((f) => consentCardActivity({
    name: f.name,
    description: `The report of assessment ${record.id} (${f.format === 'html' ? 'printable page' : 'Markdown'}).`,
    sizeInBytes: f.bytes,
    context: { purpose: ASSESSMENT_EXPORT_PURPOSE, assessmentId: record.id, format: f.format },
  }));
  return { inline, intro, cards };
}

/** What an answer to an export FileConsentCard gives: the texts, and the file as Teams shows it after the upload. */
export type ExportConsentOutcome = FileConsentOutcome;

function exportContext(context: unknown): { assessmentId: string; format: string } | null {
  const c = context as { assessmentId?: unknown; format?: unknown } | undefined;
  return typeof c?.assessmentId === 'string' && typeof c.format === 'string' ? { assessmentId: c.assessmentId, format: c.format } : null;
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
      deps.planUpdates?.onWorkstreamChanged(turn.tenantId, { assessmentSaved: record.id });
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

    /**
     * `export {id}`: a short report in a code block, ready to paste; and always the files (Markdown and a printable
     * page) through FileConsentCards, which Teams shows only in a personal chat: asked elsewhere, the cards go to the
     * person's personal chat (in the background) and the answer says so. `personal` is that chat's target, when known.
     */
    async export(turn: TurnFacts, id: string, personal: PersonalChatTarget | null = null): Promise<Array<OutboundActivity | string>> {
      const record = await assessments.get(turn.tenantId, id);
      if (!record) return [unknown(id)];
      const { inline, intro, cards } = exportMessages(record);
      const replies: Array<OutboundActivity | string> = inline ? [inline] : [];
      logger.info('assessment exported', { assessmentId: record.id, inline: inline !== null, scope: turn.conversation.scope });
      if (turn.conversation.scope === 'personal') return [...replies, intro, ...cards];
      return [...replies, offerInPersonalChat(deps, turn, personal, {
        intro,
        cards,
        askThere: `The files come in our personal chat: open a chat with me and type **export ${record.id}**.`,
        sentThere: inline
          ? `The same report as files (Markdown and a printable page) comes in our personal chat: files cannot be offered here.`
          : `The report of assessment **${record.id}** is too long for a chat message: it comes as files (Markdown and a printable page) in our personal chat, because files cannot be offered here.`,
        what: { assessmentId: record.id },
      })];
    },

    /** The person accepted an export file: rebuild it from the record (this tenant's only) and save it to their OneDrive. */
    async acceptExportFile(turn: TurnFacts, context: unknown, info: FileUploadInfo): Promise<ExportConsentOutcome> {
      const wanted = exportContext(context);
      const record = wanted ? await assessments.get(turn.tenantId, wanted.assessmentId) : undefined;
      const file = record ? exportFiles(record).find((f) => f.format === wanted!.format) : undefined;
      if (!record || !file) {
        return { replies: [`I don't know that assessment in your organisation any more, so there is no report to save. Type **my assessments** to see yours.`] };
      }
      if (!deps.upload) return { replies: [`I cannot save files here. Type **export ${record.id}** in our personal chat to get the report.`] };
      return saveReportFile({ upload: deps.upload, logger }, info, file, `export ${record.id}`, { label: 'export', ids: { assessmentId: record.id } });
    },

    /** The person declined an export file. */
    async declineExportFile(turn: TurnFacts, context: unknown): Promise<ExportConsentOutcome> {
      const wanted = exportContext(context);
      const id = wanted && /^[a-z0-9]{4,32}$/.test(wanted.assessmentId) ? wanted.assessmentId : null;
      return { replies: [declinedText('that file', id ? `Type **export ${id}** when you want it.` : undefined)] };
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
