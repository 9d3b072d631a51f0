/**
 * Exchange Online mailbox moves, the application service (SDK-free): the `mailbox move` interview steps over the
 * flat interview machine (the edge stores the state with the conversation), the readiness outcome (the card, the
 * commands per side in code blocks, the CSV files offered in personal chat) and `check mailbox log` (an upload or
 * pasted text read by src/domain/mailbox, answered with the log card and the blocked mailboxes as a CSV file).
 * Outcomes are plain replies; src/bot/mailboxRoutes.ts turns them into Teams activities.
 */
import { questionCardView, reviewCardView } from '../cards/interviewView.js';
import type { ReviewView } from '../domain/interview/interview.js';
import { MAILBOX_LOG_COMMAND, MAILBOX_START_COMMAND, fitMailboxLogCard, renderMailboxReadinessCard } from '../cards/mailboxView.js';
import { pastedMappingText } from '../cards/mappingView.js';
import { renderCard } from '../cards/renderer.js';
import { flatReview, handleFlat, isFlatState, startFlat, type FlatOutput, type FlatState, type FlatInput } from '../domain/interview/flatInterview.js';
import {
  BATCH_CSV_FILE, BLOCKED_CSV_FILE, MAILBOX_QUESTIONNAIRE, SIDE_HEADINGS, VALIDATION_CSV_FILE, assessMailboxInput, codeFence,
  commandsBySide, groupByCause, logHeadline, blockedMailboxesCsv, mailboxDraftToInput, readValidationLog,
  type MailboxDraft, type MailboxMoveProfile, type MailboxReadiness, type ValidationLogReport,
} from '../domain/mailbox/index.js';
import { plural } from '../domain/text.js';
import { downloadReasons, tooLargeFor, type DownloadResult } from '../files/attachmentDownloader.js';
import type { Logger } from '../logging.js';
import type { MailboxRepository, StoredFileOffer } from '../records/mailboxRepository.js';
import {
  declinedText, notSavedText, renamedText, savedText, teamsFileType, uploadAcceptedFile, type ConsentUpload, type FileUploadInfo,
  type UploadedFileInfo,
} from './fileOffers.js';
import type { PlanUpdates } from './planUpdates.js';
import type { TurnFacts } from './turn.js';

/** The most a log file may weigh: a 5,000-mailbox log is about 2 MB in UTF-8 and twice that in UTF-16. */
export const MAX_LOG_FILE_MB = 16;
/** The most pasted text read as a log (Teams' own message limit is lower); a longer log comes as a file. */
export const MAX_PASTED_LOG_BYTES = 1024 * 1024;

export type MailboxReply =
  | { type: 'text'; text: string }
  /** A rendered Adaptive Card (content of the attachment) with a one-line summary for notifications. */
  | { type: 'card'; card: Record<string, unknown>; summary?: string }
  /** A file offered through a FileConsentCard (personal chat only). */
  | { type: 'file'; offerId: string; fileName: string; description: string; sizeInBytes: number };

export type MailboxInterviewState = FlatState<MailboxDraft>;

export interface InterviewOutcome {
  state: MailboxInterviewState;
  replies: MailboxReply[];
  /** The interview is over (cancelled or answered with the readiness); the edge ends its dialog. */
  ended: boolean;
}

export interface UploadedLog {
  name: string;
  downloadUrl: string;
}

export type { FileUploadInfo };

export interface ConsentOutcome {
  replies: MailboxReply[];
  /** The file as Teams will show it after the upload (a file info card), when Teams gave its address. */
  fileInfo?: UploadedFileInfo;
}

export interface MailboxServiceDeps {
  repository: MailboxRepository;
  logger: Logger;
  /** Downloads an uploaded file (src/files/attachmentDownloader.ts with the log's size cap). */
  download(url: string): Promise<DownloadResult>;
  /** PUTs a file to a FileConsentCard's upload URL (src/files/consentUpload.ts). */
  upload: ConsentUpload;
  maxFileBytes: number;
  /** Tells the migration plan that a readiness check was stored or a log read (its card is updated in place). */
  planUpdates?: PlanUpdates;
}

const text = (value: string): MailboxReply => ({ type: 'text', text: value });

const HOW_TO_SEND = `attach the **.log** file the script wrote with -LogPath to a message here, or paste its lines into your next message. Type **cancel** to stop.`;

/** Download failures in this feature's words (the downloader's own reasons talk about mapping files). */
const DOWNLOAD_TEXT = downloadReasons({
  sendHere: 'Upload it in this chat',
  lines: 'the log\'s lines',
  tooLarge: tooLargeFor('a validation log', 'Check that it is the script\'s log, or run the script on fewer mailboxes at a time (a smaller CSV).'),
});

/**
 * Lines only the script (and PowerShell's transcript) starts with. A paste whose line breaks were lost on the way
 * (the Agents Playground drops them) is split again in front of these, so it reads as the log it was.
 */
const LINE_STARTS = /\s+(?=Informational\s*:|>>\s|\*{10,}|Transcript (?:started|stopped)\b|Windows PowerShell transcript\b|Your (?:input|answer)\s*:|(?:WARNING|VERBOSE|DEBUG)\s*:)/g;
const MARKER = /Informational\s*:\s*Loading (?:SOURCE|TARGET) object|>>\s*(?:Error|Warning)\s*:/gi;

/** The pasted log with its line breaks: from the text, the Teams HTML copy, or split again at the script's markers. */
export function pastedLogText(raw: string, html?: string | null): { text: string; rejoined: boolean } {
  const pasted = pastedMappingText(raw, html);
  if (/[\r\n]/.test(pasted.trim())) return { text: pasted, rejoined: false };
  const markers = (pasted.match(MARKER) ?? []).length;
  if (markers < 2) return { text: pasted, rejoined: false };
  return { text: pasted.replace(LINE_STARTS, '\n'), rejoined: true };
}

/** The domains of the addresses a log names, per side (lower case, sorted): never the addresses themselves. */
export function logDomains(report: ValidationLogReport): { source: string[]; target: string[] } {
  const domainsOf = (addresses: Array<string | null>): string[] => [...new Set(addresses
    .map((a) => (a ?? '').trim().toLowerCase())
    .filter((a) => /^[^@\s]+@[a-z0-9.-]+\.[a-z]{2,}$/.test(a))
    .map((a) => a.slice(a.lastIndexOf('@') + 1)))].sort();
  return { source: domainsOf(report.mailboxes.map((m) => m.source)), target: domainsOf(report.mailboxes.map((m) => m.target)) };
}

export function mailboxService(deps: MailboxServiceDeps) {
  const { repository, logger } = deps;
  const qn = MAILBOX_QUESTIONNAIRE;
  const maxMb = Math.round(deps.maxFileBytes / (1024 * 1024));

  const render = (outputs: Array<FlatOutput<MailboxDraft>>): MailboxReply[] => outputs.flatMap((o): MailboxReply[] => {
    switch (o.type) {
      case 'say':
      case 'cancelled':
        return [text(o.text)];
      case 'ask':
        return [{ type: 'card', card: renderCard('question', questionCardView(o.view)) }];
      case 'review':
        return [{ type: 'card', card: mailboxReviewCard(o.view) }];
      default:
        return [];
    }
  });

  /** The commands of each side as Markdown code blocks, target admin first: Teams gives each block a copy button. */
  const commandMessages = (readiness: MailboxReadiness, profile: MailboxMoveProfile): MailboxReply[] =>
    commandsBySide(readiness.commands).filter((g) => g.items.length > 0).map((g) => {
      const domain = g.side === 'target' ? profile.target.initialDomain : profile.source.initialDomain;
      const steps = g.items.map(({ number, command }) => `**${number}. ${command.purpose}**\n\n${codeFence(command.command, command.kind === 'powershell' ? 'powershell' : '')}`);
      return text(`**${SIDE_HEADINGS[g.side]} (${domain})**, in this order; the numbers run across both tenants:\n\n${steps.join('\n\n')}`);
    });

  const offerFile = async (facts: TurnFacts, fileName: string, description: string, content: string): Promise<MailboxReply> => {
    const offer = await repository.saveOffer({ tenantId: facts.tenantId, userId: facts.user.id, fileName, description, content });
    return { type: 'file', offerId: offer.id, fileName, description, sizeInBytes: Buffer.byteLength(content, 'utf8') };
  };

  const readinessOutcome = async (facts: TurnFacts, draft: MailboxDraft): Promise<{ ok: true; replies: MailboxReply[] } | { ok: false; problems: string[] }> => {
    const outcome = assessMailboxInput(mailboxDraftToInput(draft));
    if (!outcome.ok) return { ok: false, problems: outcome.issues.map((i) => `${i.path}: ${i.message}`) };
    const { profile, readiness } = outcome;
    const record = await repository.saveReadiness({ tenantId: facts.tenantId, createdBy: { ...facts.user }, profile, readiness });
    deps.planUpdates?.onWorkstreamChanged(facts.tenantId, { mailboxId: record.id });
    logger.info('mailbox readiness checked', { recordId: record.id, verdict: readiness.verdict, findings: readiness.findings.length });
    const replies: MailboxReply[] = [
      { type: 'card', card: renderMailboxReadinessCard(readiness, profile), summary: readiness.summary },
      ...commandMessages(readiness, profile),
    ];
    if (readiness.files) {
      if (facts.conversation.scope === 'personal') {
        const users = profile.users?.length ?? 0;
        replies.push(await offerFile(facts, BATCH_CSV_FILE, `The migration batch file for New-MigrationBatch: ${plural(users, 'user')}.`, readiness.files.batchCsv));
        replies.push(await offerFile(facts, VALIDATION_CSV_FILE, `The validation script's CSV (SourceUser,TargetUser): ${plural(users, 'user')}.`, readiness.files.validationCsv));
      } else {
        replies.push(text(`The batch and validation CSV files list people's addresses, so they come only in personal chat: open the chat with me and type **${MAILBOX_START_COMMAND}** there.`));
      }
    }
    replies.push(text(`Record **${record.id}** saved for your organisation. When the validation script has run, type **${MAILBOX_LOG_COMMAND}** and send me its log.`));
    return { ok: true, replies };
  };

  const startInterview = (): InterviewOutcome => {
    const step = startFlat(qn);
    return { state: step.state, replies: render(step.outputs), ended: false };
  };

  const continueInterview = async (facts: TurnFacts, stored: unknown, input: FlatInput): Promise<InterviewOutcome> => {
    if (!isFlatState(stored, qn.kind)) {
      const fresh = startInterview();
      return { ...fresh, replies: [text('I was updated since we last spoke and could not continue where we were, so let\'s start again.'), ...fresh.replies] };
    }
    const step = handleFlat(qn, stored as MailboxInterviewState, input);
    const replies = render(step.outputs);
    if (step.ended === 'cancelled') return { state: step.state, replies, ended: true };
    const finished = step.outputs.find((o): o is Extract<FlatOutput<MailboxDraft>, { type: 'complete' }> => o.type === 'complete');
    if (!finished) return { state: step.state, replies, ended: false };
    const result = await readinessOutcome(facts, finished.draft);
    if (result.ok) return { state: step.state, replies: [...replies, ...result.replies], ended: true };
    // The questions only build valid profiles; should one slip through, keep the answers and go back to the review.
    const state: MailboxInterviewState = { ...step.state, at: null };
    return {
      state,
      replies: [...replies, text(`I can't check these answers yet:\n\n${result.problems.map((p) => `- ${p}`).join('\n')}`), ...render([{ type: 'review', view: flatReview(qn, state) }])],
      ended: false,
    };
  };

  // -------------------------------------------------------------------------------------------- the log

  const askForLog = (): string =>
    `Send me the log of Microsoft's validation script (CrossTenantMailboxMigrationValidation.ps1): ${HOW_TO_SEND}`;

  const showLog = async (facts: TurnFacts, report: ValidationLogReport, fileName: string | null, notes: string[]): Promise<MailboxReply[]> => {
    const fitted = fitMailboxLogCard(report, fileName ?? 'pasted log');
    const groups = groupByCause(report);
    const record = await repository.saveLogCheck({
      tenantId: facts.tenantId,
      createdBy: { ...facts.user },
      fileName,
      counts: report.counts,
      groups: groups.map((g) => ({ ruleId: g.ruleId, severity: g.severity, headline: g.headline, mailboxes: g.mailboxes.length, fix: g.fix })),
      organization: report.organization.findings.map((f) => f.title),
      domains: logDomains(report),
    });
    deps.planUpdates?.onWorkstreamChanged(facts.tenantId, { mailboxId: record.id });
    logger.info('mailbox log checked', { recordId: record.id, via: fileName === null ? 'paste' : 'upload', ...report.counts, cardBytes: fitted.bytes });
    const replies: MailboxReply[] = notes.map(text);
    replies.push({ type: 'card', card: fitted.card, summary: logHeadline(report) });
    const notReady = report.counts.mailboxes - report.counts.ready;
    if (notReady > 0) {
      if (facts.conversation.scope === 'personal') {
        replies.push(await offerFile(facts, BLOCKED_CSV_FILE, `The ${plural(notReady, 'mailbox', 'mailboxes')} not ready, with their causes.`, blockedMailboxesCsv(report)));
      } else {
        replies.push(text(`The list of the ${plural(notReady, 'mailbox', 'mailboxes')} not ready (${BLOCKED_CSV_FILE}) holds people's addresses, so it comes only in personal chat: open the chat with me and send the log there with **${MAILBOX_LOG_COMMAND}**.`));
      }
    }
    return replies;
  };

  const read = async (facts: TurnFacts, input: Uint8Array | string, fileName: string | null, notes: string[]): Promise<MailboxReply[]> => {
    const reading = readValidationLog(input);
    if (!reading.ok) {
      return [text(`${reading.reason} ${fileName === null ? 'Paste the log\'s lines as the script wrote them, or attach the .log file.' : 'Attach the .log file the script wrote with -LogPath, or paste its lines.'} Type **${MAILBOX_LOG_COMMAND}** to try again.`)];
    }
    return showLog(facts, reading.report, fileName, notes);
  };

  /** Pasted text (the raw message, line breaks as they came; `html` is Teams' HTML copy of the message). */
  const checkPastedLog = async (facts: TurnFacts, raw: string, html?: string | null): Promise<MailboxReply[]> => {
    if (raw.trim() === '') return [text(`That message was empty, so there is no log to read. ${askForLog()}`)];
    if (Buffer.byteLength(raw, 'utf8') > MAX_PASTED_LOG_BYTES) {
      return [text(`That paste is longer than ${MAX_PASTED_LOG_BYTES / (1024 * 1024)} MB, the most I read as pasted text. Attach the .log file instead (up to ${maxMb} MB).`)];
    }
    const { text: pasted, rejoined } = pastedLogText(raw, html);
    const notes = rejoined ? ['Your paste arrived as a single line (the line breaks were lost on the way), so I split it again where the script starts its lines. If the counts look wrong, attach the .log file instead.'] : [];
    return read(facts, pasted, null, notes);
  };

  const checkUploadedLog = async (facts: TurnFacts, files: UploadedLog[]): Promise<MailboxReply[]> => {
    const file = files[0];
    if (!file) return [text(askForLog())];
    const notes = files.length > 1 ? [`You sent ${files.length} files; I read only the first, "${clip(file.name)}".`] : [];
    // The URL is a short-lived credential: never logged, stored or shown.
    const result = await deps.download(file.downloadUrl);
    if (!result.ok) {
      logger.info('mailbox log download refused', { code: result.code });
      return [...notes.map(text), text(`I could not read "${clip(file.name || 'your file')}": ${DOWNLOAD_TEXT[result.code](maxMb)}`)];
    }
    return read(facts, result.bytes, file.name || 'uploaded log', notes);
  };

  // -------------------------------------------------------------------------------------------- files

  const acceptFile = async (facts: TurnFacts, offerId: string, info: FileUploadInfo): Promise<ConsentOutcome> => {
    const offer = await repository.getOffer(facts.tenantId, facts.user.id, offerId);
    if (!offer) return { replies: [text('That file offer has expired. Run the check again to get the file.')] };
    const saved = await uploadAcceptedFile(deps.upload, info, {
      name: offer.fileName, content: offer.content, fileType: teamsFileType(info, 'csv'), uploads: offer.uploads,
    });
    if (saved.kind === 'repeat') return { replies: [] }; // a retried invoke: already done
    if (saved.kind === 'failed') {
      logger.info('mailbox file upload failed', { offerId: offer.id, code: saved.code });
      return { replies: [text(notSavedText(offer.fileName, saved.code, 'Run the check again to get a new offer.'))] };
    }
    if (saved.uniqueId !== '') await repository.markUploaded(facts.tenantId, offer.id, saved.uniqueId);
    logger.info('mailbox file uploaded', { offerId: offer.id, fileName: offer.fileName });
    return {
      replies: [text(savedText(offer.fileName, undefined, renamedText(saved.name, offer.fileName)))],
      ...(saved.fileInfo ? { fileInfo: saved.fileInfo } : {}),
    };
  };

  const declineFile = async (facts: TurnFacts, offerId: string): Promise<ConsentOutcome> => {
    const offer = await repository.getOffer(facts.tenantId, facts.user.id, offerId);
    if (offer) await repository.deleteOffer(facts.tenantId, offer.id);
    return { replies: [text(declinedText(offer ? offer.fileName : 'the file'))] };
  };

  return {
    startInterview, continueInterview, askForLog, checkPastedLog, checkUploadedLog, acceptFile, declineFile,
    /** For tests and the plan: the tenant's records, newest first. */
    records: repository,
  };
}

export type MailboxService = ReturnType<typeof mailboxService>;
export type { StoredFileOffer };

/**
 * The shared review card (cards/review.json) for the mailbox questions: its finish button says what it does here,
 * and the eligibility interview's "Add environment" button, which means nothing for mailboxes, is left out.
 */
export function mailboxReviewCard(view: ReviewView): Record<string, unknown> {
  const card = renderCard('review', reviewCardView(view));
  const actions = Array.isArray(card.actions) ? (card.actions as Array<{ title?: string; data?: { command?: unknown } }>) : [];
  card.actions = actions
    .filter((a) => a.data?.command !== 'add-environment')
    .map((a) => (a.data?.command === 'assess' ? { ...a, title: 'Check readiness' } : a));
  return card;
}

function clip(value: string): string {
  return value.length > 60 ? `${value.slice(0, 57)}...` : value;
}
