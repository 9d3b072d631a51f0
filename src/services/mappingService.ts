/**
 * User mapping files, the application service: `check mapping file` (optionally `for {assessment id} {environment}`),
 * then an uploaded usermapping.csv or pasted lines; the result card with "show more"; the corrected file as text
 * and, in the personal chat, as a file through the FileConsentCard flow; and, for an assessment environment, its
 * mapped user count written into a new assessment whose licence check is shown.
 *
 * Plain inputs in (the turn's facts, the message's text and uploaded files), outcomes out (what to post, in order,
 * and a new assessment to show): the Teams route file (src/bot/mappingRoutes.ts) and the waiting dialog
 * (src/dialogs/mappingDialog.ts) translate. The checks themselves are src/domain/mapping; downloads and uploads go
 * through src/files. What a check leaves for later (problem pages, the corrected file for the consent card) is
 * stored, tenant-scoped and expiring, never kept in memory: the next click may reach another process or come after
 * a restart.
 */
import type { PlanUpdates } from './planUpdates.js';
import {
  MAPPING_RESULT_TEMPLATE, MAX_STORED_PROBLEMS, correctedFileMessage, fileConsentAttachment, fileInfoAttachment,
  mappingCheckHeader, mappingResultView, type MappingLink, type MappingResultView,
} from '../cards/mappingView.js';
import { cardAttachment } from '../cards/renderer.js';
import { assess, type Assessment, type MigrationProfile } from '../domain/assessment/index.js';
import {
  MAPPING_FILE_NAME, checkMappingFile, mappingDomainsFromProfile, mappingProblemsPage, normaliseMappingFile,
  summariseMappingReport, withMappedUsers, type MappingReport,
} from '../domain/mapping/index.js';
import { countText, normaliseCommandText } from '../domain/text.js';
import { downloadAttachment, type DownloadOptions } from '../files/attachmentDownloader.js';
import { uploadToConsentUrl } from '../files/consentUpload.js';
import type { Logger } from '../logging.js';
import type { OutboundActivity } from '../proactive/notifier.js';
import type { AssessmentRepository, StoredAssessment } from '../records/assessmentRepository.js';
import { canListKeys, type KeyValueStore } from '../records/kv.js';
import { MAPPING_CHECK_TTL_MS, MappingCheckStore } from '../records/mappingCheckRepository.js';
import { declinedText, notSavedText, renamedText, savedText, teamsFileType, uploadAcceptedFile, type FileUploadInfo } from './fileOffers.js';
import { periodicJob, type Scheduler } from './scheduler.js';
import type { TurnFacts } from './turn.js';

/**
 * How often expired checks are swept. A check holds every user's addresses, so it is deleted from disk within this
 * long of expiring, whether or not its owner comes back.
 */
export const MAPPING_SWEEP_INTERVAL_MS = 10 * 60 * 1000;
/**
 * Download deadline. Teams waits for the bot's answer to a message for about 15 seconds before retrying it, and
 * a SharePoint download URL is short-lived anyway: a slow download is better refused than retried.
 */
export const DOWNLOAD_TIMEOUT_MS = 10_000;

/** Rule ids of the licence check the assessment runs again with the new count (src/domain/assessment/rules). */
export const LICENCE_RULE_IDS = ['dst-licenses-mapped', 'dst-licenses-active'] as const;

// ------------------------------------------------------------------------------------------------ parsing

/**
 * `check mapping file`, `validate my user mapping file`, `check usermapping.csv`, each optionally followed by
 * `for {assessment id} [environment]` and by the file's lines.
 */
export const CHECK_MAPPING_PATTERN =
  /^(?:check|validate|verify)\s+(?:(?:my|the|a|this)\s+)?(?:user\s?mapping(?:\.csv)?|mapping)(?:\s+(?:file|csv))?(?:\s+([\s\S]*))?$/i;

export interface CheckRequest {
  assessmentId: string | null;
  /** Null when not given (an assessment with one environment needs none). */
  environment: string | null;
  /** Lines pasted in the same message, null when none. */
  content: string | null;
}

/** Reads a `check mapping file ...` message (already turned into lines); null when it is not one. */
export function parseCheckRequest(fullText: string): CheckRequest | null {
  const lines = fullText.split(/\r\n|\r|\n/);
  const first = normaliseCommandText(lines[0]);
  const match = first.match(CHECK_MAPPING_PATTERN);
  if (!match) return null;
  const tail = (match[1] ?? '').trim();
  const following = lines.slice(1).join('\n');
  let inline = '';
  let assessmentId: string | null = null;
  let environment: string | null = null;
  const link = tail.match(/^for\s+(?:assessment\s+)?(\S+)(?:\s+(.*))?$/i);
  if (link) {
    assessmentId = link[1]!.toLowerCase();
    // When Teams collapsed the line breaks, the lines follow the environment name: the name stops at an address.
    const words = (link[2] ?? '').split(' ').filter(Boolean);
    const at = words.findIndex((w) => w.includes('@'));
    const nameWords = at === -1 ? words : words.slice(0, at);
    environment = nameWords.length > 0 ? nameWords.join(' ').replace(/^["']|["']$/g, '') : null;
    if (at !== -1) inline = words.slice(at).join(' ');
  } else if (tail.includes('@')) {
    inline = tail;
  }
  const content = following.trim() !== '' ? following : inline !== '' ? inline : null;
  return { assessmentId, environment, content };
}

/** Worth checking as a file: an address, a separator or more than one line. Anything else is someone talking. */
function looksLikeMappingLines(text: string): boolean {
  return /[@,;\t\n]/.test(text.trim());
}

const CANCEL = /^(cancel|stop|quit|exit|never ?mind)$/i;

// ------------------------------------------------------------------------------------------------ inputs, outcomes

export interface UploadedFile {
  name: string;
  downloadUrl: string;
}

/** A message as the mapping check reads it: its text as lines (the pasted text, from the HTML copy when there is one) and its files. */
export interface MappingMessage {
  text: string;
  files: UploadedFile[];
}

/** What to post, in order; then, when a new assessment was saved, its cards (the eligibility cards, shown by the edge). */
export interface MappingOutcome {
  replies: Array<OutboundActivity | string>;
  show?: StoredAssessment;
}

/** The command's outcome: a check done at once, or a wait for the file (the edge starts the waiting dialog, which asks for it). */
export type RequestOutcome = MappingOutcome & { waitFor?: { link: MappingLink | null } };

/**
 * A message while waiting for the file: `handled: false` when it is not for the check (a command, a question or a
 * card): the wait is over and the message goes on to the rest of the routing. `waiting` says whether to keep
 * waiting.
 */
export type WaitOutcome = MappingOutcome & { handled: boolean; waiting: boolean };

/** What Teams says after the person answered the FileConsentCard (fileConsent/invoke). */
export interface ConsentAnswer {
  /** The check id the consent card carried in its context. */
  checkId: string;
  uploadInfo: FileUploadInfo;
}

export interface MappingServiceDeps {
  storage: KeyValueStore;
  assessments: AssessmentRepository;
  logger: Logger;
  /**
   * How uploads are fetched and the corrected file is sent: config's DOWNLOAD_HOSTS and MAX_MAPPING_FILE_MB and
   * DOWNLOAD_TIMEOUT_MS; tests add a CA for their local https server.
   */
  transfer: DownloadOptions;
  now?: () => Date;
  /** Tells the migration plan when a re-check saves a new assessment (it replaces the old one in the plan). */
  planUpdates?: PlanUpdates;
}

export type MappingService = ReturnType<typeof mappingService>;

interface ResolvedLink {
  link: MappingLink;
  record: StoredAssessment;
}

type LinkResult = { ok: true; resolved: ResolvedLink | null } | { ok: false; message: string };

/** A message with one attachment, as Teams shows it (the SDK's MessageFactory.attachment, as plain data). */
function attachmentMessage(attachment: unknown, text?: string): OutboundActivity & { inputHint: string } {
  return { type: 'message', attachmentLayout: 'list', attachments: [attachment], inputHint: 'acceptingInput', ...(text ? { text } : {}) };
}

export function mappingService(deps: MappingServiceDeps) {
  const { assessments, logger, transfer } = deps;
  const checks = new MappingCheckStore(deps.storage, deps.now);

  const resolveLink = async (tenantId: string, assessmentId: string | null, environment: string | null): Promise<LinkResult> => {
    if (assessmentId === null) return { ok: true, resolved: null };
    const record = await assessments.get(tenantId, assessmentId);
    if (!record) {
      return { ok: false, message: `I don't know an assessment "${clip(assessmentId)}" in your organisation. Type **my assessments** to see yours.` };
    }
    const names = record.profile.environments.map((e) => e.name);
    const env = environment === null
      ? (names.length === 1 ? record.profile.environments[0] : undefined)
      : record.profile.environments.find((e) => e.name.toLowerCase() === environment.toLowerCase());
    if (!env) {
      const which = environment === null
        ? `Assessment ${record.id} has ${names.length} environments: say which one.`
        : `Assessment ${record.id} has no environment "${clip(environment)}".`;
      return {
        ok: false,
        message: `${which} Its environments: ${names.join(', ')}. For example: **check mapping file for ${record.id} ${names[0]}**`,
      };
    }
    return { ok: true, resolved: { link: { assessmentId: record.id, environment: env.name }, record } };
  };

  /** The link kept while waiting is looked up again: the assessment may be gone (forget me) since. */
  const relink = async (turn: TurnFacts, link: MappingLink | null, out: MappingOutcome): Promise<ResolvedLink | null> => {
    if (!link) return null;
    const result = await resolveLink(turn.tenantId, link.assessmentId, link.environment);
    if (result.ok) return result.resolved;
    out.replies.push(`${result.message} I checked the file without it.`);
    return null;
  };

  const askForFile = async (turn: TurnFacts, link: MappingLink | null): Promise<string> => {
    const how = 'attach **usermapping.csv** to a message here, or paste its lines into your next message (the source address, a comma, the destination address; one user per line). Type **cancel** to stop.';
    if (!link) return `Send me the user mapping file: ${how}`;
    const record = await assessments.get(turn.tenantId, link.assessmentId);
    const domains = record ? mappingDomainsFromProfile(record.profile) : null;
    const against = domains
      ? ` I will check source addresses against ${domains.sourceDomains.join(', ')} and destination addresses against ${domains.destinationDomains.join(', ')},`
        + ' then save a new assessment with the number of mapped users and run the licence check again.'
      : '';
    return `Send me the user mapping file for **${link.environment}** (assessment ${link.assessmentId}): ${how}${against}`;
  };

  const checkUpload = async (turn: TurnFacts, files: UploadedFile[], link: MappingLink | null): Promise<MappingOutcome> => {
    const out: MappingOutcome = { replies: [] };
    const file = files[0];
    if (!file) return out;
    if (files.length > 1) out.replies.push(`You sent ${files.length} files; I check only the first, "${clip(file.name)}". One mapping file per environment.`);
    const resolved = await relink(turn, link, out);
    // The name is compared with usermapping.csv and shown, never used as a path; the URL is never logged or kept.
    const result = await downloadAttachment(file.downloadUrl, transfer);
    if (!result.ok) {
      logger.info('mapping file download refused', { code: result.code });
      out.replies.push(`I could not check "${clip(file.name || 'your file')}": ${result.reason}`);
      return out;
    }
    await checkAndShow(turn, { fileName: file.name, bytes: result.bytes }, resolved, 'upload', out);
    return out;
  };

  const checkPasted = async (turn: TurnFacts, text: string, link: MappingLink | null): Promise<MappingOutcome> => {
    const out: MappingOutcome = { replies: [] };
    if (Buffer.byteLength(text, 'utf8') > transfer.maxBytes) {
      out.replies.push('That is more text than I accept for a mapping file. Check that it is the right file.');
      return out;
    }
    // One line holds one user (two addresses). More on a single line means the client dropped the line breaks
    // while pasting (the Agents Playground does): checking it would report nonsense.
    const lines = text.split(/\r\n|\r|\n/).filter((l) => l.trim() !== '');
    const addresses = (text.match(/@/g) ?? []).length;
    if (lines.length === 1 && addresses > 2) {
      out.replies.push(`Your paste arrived as a single line with ${addresses} addresses run together: the line breaks were lost on the way. Attach **usermapping.csv** to a message instead, or paste it again with one user per line.`);
      return out;
    }
    const resolved = await relink(turn, link, out);
    await checkAndShow(turn, { fileName: null, text }, resolved, 'paste', out);
    return out;
  };

  const checkAndShow = async (
    turn: TurnFacts,
    input: { fileName: string | null; bytes?: Uint8Array; text?: string },
    resolved: ResolvedLink | null,
    via: 'upload' | 'paste',
    out: MappingOutcome,
  ): Promise<void> => {
    const report = checkMappingFile({ ...input, ...(resolved ? mappingDomainsFromProfile(resolved.record.profile) : {}) });
    const summary = summariseMappingReport(report);
    const normalised = summary.offerCorrectedFile ? normaliseMappingFile(report) : null;
    const corrected = normalised && normalised.rows > 0 ? normalised : null;
    // FileConsentCards work only in a personal chat (and not in GCC High or DoD, where Teams shows no card).
    const offerFile = corrected !== null && turn.conversation.scope === 'personal';
    const check = await checks.save({
      tenantId: turn.tenantId,
      userId: turn.user.id,
      header: mappingCheckHeader(report, summary, resolved?.link ?? null),
      problems: mappingProblemsPage(report, 0, MAX_STORED_PROBLEMS).problems,
      problemsTotal: report.problems.length,
      corrected: offerFile ? { csv: corrected.csv, rows: corrected.rows } : null,
    });
    logger.info('mapping file checked', {
      checkId: check.id, via, lines: report.lineCount, mappedUsers: report.mappedUsers, errors: report.errors,
      warnings: report.warnings, linked: resolved !== null,
    });

    out.replies.push(attachmentMessage(cardAttachment(MAPPING_RESULT_TEMPLATE, mappingResultView(check)), summary.headline));
    if (corrected) {
      out.replies.push(correctedFileMessage(corrected, { fileOffered: offerFile }));
      if (offerFile) {
        const size = Buffer.byteLength(corrected.csv, 'utf8');
        out.replies.push(attachmentMessage(fileConsentAttachment(check.id, corrected, size)));
      }
    } else if (normalised && normalised.rows === 0) {
      out.replies.push('Every line has a problem listed on the card, so there is nothing left for a corrected file.');
    }
    if (resolved) await updateAssessment(turn, resolved, report, out);
  };

  const updateAssessment = async (turn: TurnFacts, resolved: ResolvedLink, report: MappingReport, out: MappingOutcome): Promise<void> => {
    const { link } = resolved;
    const { tenantId, user } = turn;
    const latest = (await assessments.get(tenantId, link.assessmentId)) ?? resolved.record;
    const profile = withMappedUsers(latest.profile, link.environment, report);
    if (!profile) {
      out.replies.push(`I did not change assessment ${latest.id}: the file could not be read, so there is no user count to take from it.`);
      return;
    }
    const before = latest.profile.environments.find((e) => e.name === link.environment)?.mappedUsers;
    const assessment = assess(profile);
    const saved = await assessments.save({
      tenantId,
      userId: user.id,
      userName: user.name,
      profile,
      assessment,
      // The Marketing state does not depend on user counts, so the business owner's acknowledgement still holds.
      ...(latest.marketingAcknowledgement ? { marketingAcknowledgement: latest.marketingAcknowledgement } : {}),
    });
    logger.info('assessment updated from mapping file', { from: latest.id, assessmentId: saved.id, mappedUsers: report.mappedUsers });
    deps.planUpdates?.onWorkstreamChanged(tenantId, { assessmentSaved: saved.id, replaces: latest.id });
    const was = before === undefined ? 'not given before' : `was ${before.toLocaleString('en-US')}`;
    out.replies.push([
      `**${link.environment}** now has ${countText(report.mappedUsers, 'mapped user')} (${was}). I saved this as a new assessment, **${saved.id}**; assessment ${latest.id} stays as it was.`,
      licenceCheckText(profile, assessment),
    ].join('\n\n'));
    out.show = saved;
  };

  // ---- expiry sweep (the same shape as the reminder timer and transcript pruning) -----------------------------------

  let sweeping: Promise<number> | null = null;
  const sweepExpired = (): Promise<number> => {
    sweeping ??= (async () => {
      try {
        const count = await checks.sweepExpired();
        if (count > 0) logger.info('expired mapping checks deleted', { count });
        return count;
      } finally {
        sweeping = null;
      }
    })();
    return sweeping;
  };

  return {
    checks,

    /** `check mapping file [for {id} {environment}] [lines]`, with or without a file attached. */
    async request(turn: TurnFacts, message: MappingMessage): Promise<RequestOutcome> {
      const request = parseCheckRequest(message.text) ?? { assessmentId: null, environment: null, content: null };
      const linked = await resolveLink(turn.tenantId, request.assessmentId, request.environment);
      if (!linked.ok) return { replies: [linked.message] };
      const link = linked.resolved?.link ?? null;
      if (message.files.length > 0) return checkUpload(turn, message.files, link);
      if (request.content !== null) return checkPasted(turn, request.content, link);
      return { replies: [], waitFor: { link } };
    },

    /** What to send for the file (the wait's first message, and its answer to help). */
    askForFile,

    /** A message while waiting for the file: the file, pasted lines, cancel, help, or something else entirely. */
    async whileWaiting(turn: TurnFacts, link: MappingLink | null, message: MappingMessage): Promise<WaitOutcome> {
      if (message.files.length > 0) return { ...(await checkUpload(turn, message.files, link)), handled: true, waiting: false };
      const command = normaliseCommandText(message.text);
      if (CANCEL.test(command)) {
        return { replies: ['Stopped: I did not check a mapping file. Type **check mapping file** when you have it.'], handled: true, waiting: false };
      }
      if (/^(help|\?)$/i.test(command)) return { replies: [await askForFile(turn, link)], handled: true, waiting: true };
      const isRequest = parseCheckRequest(message.text) !== null;
      if (isRequest || !looksLikeMappingLines(message.text)) {
        // Not the file: a card button, a command or a question. Stop waiting and let the bot answer it as usual.
        const replies = !isRequest && command !== '' ? ['I stopped waiting for the mapping file.'] : [];
        return { replies, handled: false, waiting: false };
      }
      return { ...(await checkPasted(turn, message.text, link)), handled: true, waiting: false };
    },

    /**
     * A file sent with no check waiting for it: checked as a mapping file. Null when the message is not for this
     * (no file, or the text is a `check mapping file for ...` command, which the command handles).
     */
    async unrequestedFile(turn: TurnFacts, message: MappingMessage): Promise<MappingOutcome | null> {
      if (message.files.length === 0) return null;
      if (parseCheckRequest(message.text) !== null) return null;
      return checkUpload(turn, message.files, null);
    },

    /** "Show more" on the result card: the next problems, or why the check is gone. */
    async more(turn: TurnFacts, data: Record<string, unknown>): Promise<{ view: MappingResultView } | { message: string }> {
      const id = typeof data.checkId === 'string' ? data.checkId : '';
      const offset = Number(data.offset);
      const check = await checks.get(turn.tenantId, turn.user.id, id);
      if (!check) {
        return { message: `That check has expired (I keep checks for ${MAPPING_CHECK_TTL_MS / 3_600_000} hours). Type **check mapping file** and send the file again.` };
      }
      return { view: mappingResultView(check, Number.isFinite(offset) ? offset : 0) };
    },

    /** The person let Teams save the corrected file to their OneDrive: upload it to the URL Teams gave. */
    async consentAccepted(turn: TurnFacts, answer: ConsentAnswer): Promise<MappingOutcome> {
      const check = await checks.get(turn.tenantId, turn.user.id, answer.checkId);
      if (!check || !check.corrected) {
        return { replies: ['That corrected file has expired. Type **check mapping file** and send the file again.'] };
      }
      const info = answer.uploadInfo;
      const saved = await uploadAcceptedFile((url, bytes) => uploadToConsentUrl(url, bytes, transfer), info, {
        name: MAPPING_FILE_NAME, content: check.corrected.csv, fileType: teamsFileType(info, 'csv'), uploads: check.uploads,
      });
      if (saved.kind === 'repeat') return { replies: [] }; // a retried invoke: already done
      if (saved.kind === 'failed') {
        logger.info('corrected mapping file upload failed', { checkId: check.id, code: saved.code });
        return { replies: [notSavedText('the corrected file', saved.code, 'You can still copy it from the message above, or type **check mapping file** to try again.')] };
      }
      if (saved.uniqueId !== '') await checks.markUploaded(check, saved.uniqueId);
      logger.info('corrected mapping file uploaded', { checkId: check.id, rows: check.corrected.rows });
      const renamed = renamedText(saved.name, MAPPING_FILE_NAME, `rename it to ${MAPPING_FILE_NAME} before you give it to Microsoft`);
      const replies: MappingOutcome['replies'] = [savedText('the corrected file', countText(check.corrected.rows, 'user'), renamed)];
      if (saved.fileInfo) replies.push(attachmentMessage(fileInfoAttachment(saved.fileInfo)));
      return { replies };
    },

    consentDeclined(): MappingOutcome {
      return { replies: [declinedText('the corrected file', 'You can still copy it from the message above.')] };
    },

    /** Deletes expired checks now (also what the timer runs); overlapping calls share the running sweep. */
    sweepExpired,

    /**
     * The sweep timer on a scheduler: a first sweep at once on start (a bot that restarts often still sweeps),
     * every `intervalMs` after; off when 0 or when the storage cannot list keys.
     */
    sweepJob(scheduler: Scheduler, intervalMs = MAPPING_SWEEP_INTERVAL_MS) {
      const job = periodicJob(scheduler, intervalMs, sweepExpired, (error) => logger.warn('mapping check sweep failed', { errorName: (error as Error)?.name }));
      return {
        start(): void {
          if (intervalMs <= 0) return;
          if (!canListKeys(deps.storage)) {
            logger.warn('expired mapping checks are not swept: the storage cannot list keys');
            return;
          }
          job.start();
        },
        stop: () => job.stop(),
      };
    },
  };
}

/** The licence rules' verdict after the new count, in a sentence or their own findings. */
export function licenceCheckText(profile: MigrationProfile, assessment: Assessment): string {
  const findings = assessment.findings.filter((f) => (LICENCE_RULE_IDS as readonly string[]).includes(f.ruleId));
  const destination = profile.destination.tenantDomain;
  if (findings.length > 0) {
    return `Licence check: ${findings.map((f) => `**${f.title}**. ${f.detail}`).join('\n\n')}`;
  }
  const available = profile.destination.availableLicenses;
  if (available === undefined) {
    return `Licence check: not possible yet, because the assessment does not say how many free licences ${destination} has.`;
  }
  const counted = profile.environments.filter((e) => e.mappedUsers !== undefined);
  const total = counted.reduce((sum, e) => sum + (e.mappedUsers ?? 0), 0);
  const missing = profile.environments.length - counted.length;
  const rest = missing > 0 ? ` ${countText(missing, 'environment')} without a user count ${missing === 1 ? 'is' : 'are'} not included.` : '';
  return `Licence check: passed. The ${countText(total, 'mapped user')} fit in the ${countText(available, 'free licence')} of ${destination}.${rest}`;
}

function clip(value: string): string {
  return value.length > 60 ? `${value.slice(0, 57)}...` : value;
}
