/**
 * User mapping files in Teams: `check mapping file` (optionally `for {assessment id} {environment}`), then an
 * uploaded usermapping.csv or pasted lines; the result card with "show more"; the corrected file as text and, in
 * the personal chat, as a file through the FileConsentCard flow; and, for an assessment environment, its mapped
 * user count written into a new assessment whose licence check is shown.
 *
 * The checks themselves are src/domain/mapping; downloads go through src/files/attachmentDownloader.ts. What a
 * check leaves for later (problem pages, the corrected file for the consent card) is stored, tenant-scoped and
 * expiring, never kept in memory: the next click may reach another process or come after a restart.
 */
import {
  ActivityTypes, MessageFactory, type AdaptiveCardInvokeResponse, type Attachment, type FileConsentCardResponse,
  type TurnContext,
} from 'botbuilder';
import { Dialog, DialogTurnStatus, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import {
  FILE_DOWNLOAD_INFO_CONTENT_TYPE, MAPPING_MORE_VERB, MAPPING_RESULT_TEMPLATE, MAX_STORED_PROBLEMS, correctedFileMessage,
  fileConsentAttachment, fileInfoAttachment, mappingCheckHeader, mappingResultView, pastedMappingText,
  type MappingCheckHeader, type MappingLink,
} from '../cards/mappingView.js';
import { cardAttachment } from '../cards/renderer.js';
import { assess, type Assessment, type MigrationProfile } from '../domain/assessment/index.js';
import {
  MAPPING_FILE_NAME, checkMappingFile, mappingDomainsFromProfile, mappingProblemsPage, normaliseMappingFile,
  summariseMappingReport, withMappedUsers, type MappingProblemView, type MappingReport,
} from '../domain/mapping/index.js';
import { downloadAttachment, type DownloadOptions } from '../files/attachmentDownloader.js';
import { countText } from '../domain/text.js';
import type { Logger } from '../logging.js';
import type { AssessmentRepository, StoredAssessment } from '../records/assessmentRepository.js';
import { MAPPING_CHECK_TTL_MS, MappingCheckStore, type StoredMappingCheck } from '../records/mappingCheckRepository.js';
import { UPLOAD_REASONS, uploadToConsentUrl } from '../files/consentUpload.js';
import { canListKeys, type KeyValueStore } from '../records/kv.js';
import { normaliseCommandText, type Command } from './commands.js';
import type { FileConsentHandlers } from './teamsBot.js';
import { messageResponse, templateResponse } from './invokeResponse.js';
import { messageText, scopeOf, tenantOf, userOf } from './turnInfo.js';
import type { VerbTable } from './verbs.js';

export const MAPPING_DIALOG = 'mappingFileDialog';
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

function attachmentsOf(context: TurnContext): Attachment[] {
  return Array.isArray(context.activity.attachments) ? context.activity.attachments : [];
}

/** The Teams copy of the message as HTML (sent alongside most messages); null when there is none. */
function htmlCopy(context: TurnContext): string | null {
  const html = attachmentsOf(context).find((a) => a.contentType === 'text/html' && typeof a.content === 'string');
  return html ? (html.content as string) : null;
}

interface UploadedFile {
  name: string;
  downloadUrl: string;
}

/** The uploaded files of a message (the text/html copy of the message is not one). */
function uploadedFiles(context: TurnContext): UploadedFile[] {
  return attachmentsOf(context)
    .filter((a) => a.contentType === FILE_DOWNLOAD_INFO_CONTENT_TYPE)
    .map((a) => ({
      name: typeof a.name === 'string' ? a.name : '',
      downloadUrl: typeof (a.content as { downloadUrl?: unknown } | undefined)?.downloadUrl === 'string'
        ? (a.content as { downloadUrl: string }).downloadUrl
        : '',
    }));
}

/** Worth checking as a file: an address, a separator or more than one line. Anything else is someone talking. */
function looksLikeMappingLines(text: string): boolean {
  return /[@,;\t\n]/.test(text.trim());
}

const CANCEL = /^(cancel|stop|quit|exit|never ?mind)$/i;

// ------------------------------------------------------------------------------------------------ dialog

interface WaitState {
  link: MappingLink | null;
}

/** Waits for one message holding the file (an upload or pasted lines); `cancel` stops, other talk is let through. */
class MappingFileDialog extends Dialog {
  constructor(private readonly feature: MappingChecker) {
    super(MAPPING_DIALOG);
  }

  override async beginDialog(dc: DialogContext, options?: WaitState): Promise<DialogTurnResult> {
    const link = options?.link ?? null;
    (dc.activeDialog!.state as WaitState).link = link;
    await dc.context.sendActivity(await this.feature.askForFile(dc.context, link));
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const { context } = dc;
    if (context.activity.type !== ActivityTypes.Message) return Dialog.EndOfTurn;
    const link = (dc.activeDialog!.state as WaitState).link ?? null;
    if (uploadedFiles(context).length > 0) {
      await this.feature.checkUpload(context, link);
      return dc.endDialog();
    }
    const text = pastedMappingText(messageText(context), htmlCopy(context));
    const command = normaliseCommandText(text);
    if (CANCEL.test(command)) {
      await context.sendActivity('Stopped: I did not check a mapping file. Type **check mapping file** when you have it.');
      return dc.endDialog();
    }
    if (/^(help|\?)$/i.test(command)) {
      await context.sendActivity(await this.feature.askForFile(context, link));
      return Dialog.EndOfTurn;
    }
    if (parseCheckRequest(text) !== null || !looksLikeMappingLines(text)) {
      // Not the file: a card button, a command or a question. Stop waiting and let the bot answer it as usual.
      await dc.cancelAllDialogs();
      if (parseCheckRequest(text) === null && command !== '') {
        await context.sendActivity('I stopped waiting for the mapping file.');
      }
      return { status: DialogTurnStatus.empty };
    }
    await this.feature.checkPasted(context, text, link);
    return dc.endDialog();
  }
}

// ------------------------------------------------------------------------------------------------ feature

export interface MappingFeatureDeps {
  storage: KeyValueStore;
  assessments: AssessmentRepository;
  /** Shows a stored assessment's cards (the eligibility feature's showResult). */
  showAssessment(context: TurnContext, record: StoredAssessment): Promise<void>;
  logger: Logger;
  /**
   * How uploads are fetched and the corrected file is sent: config's DOWNLOAD_HOSTS and MAX_MAPPING_FILE_MB and
   * DOWNLOAD_TIMEOUT_MS; tests add a CA for their local https server.
   */
  transfer: DownloadOptions;
  now?: () => Date;
  /** How often expired checks are swept (MAPPING_SWEEP_INTERVAL_MS); 0 leaves the timer off. */
  sweepIntervalMs?: number;
}

export interface MappingFeature {
  commands: Command[];
  dialogs: Dialog[];
  verbs: VerbTable;
  /** For BotDeps.files: a file uploaded with no check waiting for it. */
  files(context: TurnContext): Promise<boolean>;
  fileConsent: FileConsentHandlers;
  checks: MappingCheckStore;
  /** Deletes expired checks now (also what the timer runs); overlapping calls share the running sweep. */
  sweepExpired(): Promise<number>;
  /** Starts the sweep timer, with a first sweep at once (a bot that restarts often still sweeps). */
  start(): void;
  /** Stops the timer and waits for a running sweep. */
  stop(): Promise<void>;
}

interface ResolvedLink {
  link: MappingLink;
  record: StoredAssessment;
}

type LinkResult = { ok: true; resolved: ResolvedLink | null } | { ok: false; message: string };

/** What the dialog needs from the feature. */
interface MappingChecker {
  askForFile(context: TurnContext, link: MappingLink | null): Promise<string>;
  checkUpload(context: TurnContext, link: MappingLink | null): Promise<void>;
  checkPasted(context: TurnContext, text: string, link: MappingLink | null): Promise<void>;
}

export function mappingFeature(deps: MappingFeatureDeps): MappingFeature {
  const { assessments, logger, transfer } = deps;
  const checks = new MappingCheckStore(deps.storage, deps.now);

  const resolveLink = async (context: TurnContext, assessmentId: string | null, environment: string | null): Promise<LinkResult> => {
    if (assessmentId === null) return { ok: true, resolved: null };
    const record = await assessments.get(tenantOf(context), assessmentId);
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

  /** The link stored in the dialog is looked up again: the assessment may be gone (forget me) since. */
  const relink = async (context: TurnContext, link: MappingLink | null): Promise<ResolvedLink | null> => {
    if (!link) return null;
    const result = await resolveLink(context, link.assessmentId, link.environment);
    if (result.ok) return result.resolved;
    await context.sendActivity(`${result.message} I checked the file without it.`);
    return null;
  };

  const askForFile = async (context: TurnContext, link: MappingLink | null): Promise<string> => {
    const how = 'attach **usermapping.csv** to a message here, or paste its lines into your next message (the source address, a comma, the destination address; one user per line). Type **cancel** to stop.';
    if (!link) return `Send me the user mapping file: ${how}`;
    const record = await assessments.get(tenantOf(context), link.assessmentId);
    const domains = record ? mappingDomainsFromProfile(record.profile) : null;
    const against = domains
      ? ` I will check source addresses against ${domains.sourceDomains.join(', ')} and destination addresses against ${domains.destinationDomains.join(', ')},`
        + ' then save a new assessment with the number of mapped users and run the licence check again.'
      : '';
    return `Send me the user mapping file for **${link.environment}** (assessment ${link.assessmentId}): ${how}${against}`;
  };

  const checkUpload = async (context: TurnContext, link: MappingLink | null): Promise<void> => {
    const files = uploadedFiles(context);
    const file = files[0];
    if (!file) return;
    if (files.length > 1) await context.sendActivity(`You sent ${files.length} files; I check only the first, "${clip(file.name)}". One mapping file per environment.`);
    const resolved = await relink(context, link);
    // The name is compared with usermapping.csv and shown, never used as a path; the URL is never logged or kept.
    const result = await downloadAttachment(file.downloadUrl, transfer);
    if (!result.ok) {
      logger.info('mapping file download refused', { code: result.code });
      await context.sendActivity(`I could not check "${clip(file.name || 'your file')}": ${result.reason}`);
      return;
    }
    await checkAndShow(context, { fileName: file.name, bytes: result.bytes }, resolved, 'upload');
  };

  const checkPasted = async (context: TurnContext, text: string, link: MappingLink | null): Promise<void> => {
    if (Buffer.byteLength(text, 'utf8') > transfer.maxBytes) {
      await context.sendActivity('That is more text than I accept for a mapping file. Check that it is the right file.');
      return;
    }
    // One line holds one user (two addresses). More on a single line means the client dropped the line breaks
    // while pasting (the Agents Playground does): checking it would report nonsense.
    const lines = text.split(/\r\n|\r|\n/).filter((l) => l.trim() !== '');
    const addresses = (text.match(/@/g) ?? []).length;
    if (lines.length === 1 && addresses > 2) {
      await context.sendActivity(`Your paste arrived as a single line with ${addresses} addresses run together: the line breaks were lost on the way. Attach **usermapping.csv** to a message instead, or paste it again with one user per line.`);
      return;
    }
    const resolved = await relink(context, link);
    await checkAndShow(context, { fileName: null, text }, resolved, 'paste');
  };

  const checkAndShow = async (
    context: TurnContext,
    input: { fileName: string | null; bytes?: Uint8Array; text?: string },
    resolved: ResolvedLink | null,
    via: 'upload' | 'paste',
  ): Promise<void> => {
    const report = checkMappingFile({ ...input, ...(resolved ? mappingDomainsFromProfile(resolved.record.profile) : {}) });
    const summary = summariseMappingReport(report);
    const normalised = summary.offerCorrectedFile ? normaliseMappingFile(report) : null;
    const corrected = normalised && normalised.rows > 0 ? normalised : null;
    // FileConsentCards work only in a personal chat (and not in GCC High or DoD, where Teams shows no card).
    const offerFile = corrected !== null && scopeOf(context) === 'personal';
    const user = userOf(context);
    const check = await checks.save({
      tenantId: tenantOf(context),
      userId: user.id,
      header: mappingCheckHeader(report, summary, resolved?.link ?? null),
      problems: mappingProblemsPage(report, 0, MAX_STORED_PROBLEMS).problems,
      problemsTotal: report.problems.length,
      corrected: offerFile ? { csv: corrected.csv, rows: corrected.rows } : null,
    });
    logger.info('mapping file checked', {
      checkId: check.id, via, lines: report.lineCount, mappedUsers: report.mappedUsers, errors: report.errors,
      warnings: report.warnings, linked: resolved !== null,
    });

    await context.sendActivity(MessageFactory.attachment(cardAttachment(MAPPING_RESULT_TEMPLATE, mappingResultView(check)), summary.headline));
    if (corrected) {
      await context.sendActivity(correctedFileMessage(corrected, { fileOffered: offerFile }));
      if (offerFile) {
        const size = Buffer.byteLength(corrected.csv, 'utf8');
        await context.sendActivity(MessageFactory.attachment(fileConsentAttachment(check.id, corrected, size)));
      }
    } else if (normalised && normalised.rows === 0) {
      await context.sendActivity('Every line has a problem listed on the card, so there is nothing left for a corrected file.');
    }
    if (resolved) await updateAssessment(context, resolved, report);
  };

  const updateAssessment = async (context: TurnContext, resolved: ResolvedLink, report: MappingReport): Promise<void> => {
    const { link } = resolved;
    const tenantId = tenantOf(context);
    const latest = (await assessments.get(tenantId, link.assessmentId)) ?? resolved.record;
    const profile = withMappedUsers(latest.profile, link.environment, report);
    if (!profile) {
      await context.sendActivity(`I did not change assessment ${latest.id}: the file could not be read, so there is no user count to take from it.`);
      return;
    }
    const before = latest.profile.environments.find((e) => e.name === link.environment)?.mappedUsers;
    const assessment = assess(profile);
    const user = userOf(context);
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
    const was = before === undefined ? 'not given before' : `was ${before.toLocaleString('en-US')}`;
    await context.sendActivity([
      `**${link.environment}** now has ${count(report.mappedUsers, 'mapped user')} (${was}). I saved this as a new assessment, **${saved.id}**; assessment ${latest.id} stays as it was.`,
      licenceCheckText(profile, assessment),
    ].join('\n\n'));
    await deps.showAssessment(context, saved);
  };

  const checker: MappingChecker = { askForFile, checkUpload, checkPasted };
  const dialog = new MappingFileDialog(checker);

  const commands: Command[] = [
    {
      id: 'check-mapping-file',
      usage: 'check mapping file [for {assessment id} {environment}]',
      description: 'Check a usermapping.csv before Microsoft does: upload it or paste its lines, and get a corrected file.',
      pattern: CHECK_MAPPING_PATTERN,
      scopes: ['personal'],
      run: async ({ turn, dialogs }) => {
        const text = pastedMappingText(messageText(turn), htmlCopy(turn));
        const request = parseCheckRequest(text) ?? { assessmentId: null, environment: null, content: null };
        const linked = await resolveLink(turn, request.assessmentId, request.environment);
        if (!linked.ok) {
          await turn.sendActivity(linked.message);
          return;
        }
        const link = linked.resolved?.link ?? null;
        if (uploadedFiles(turn).length > 0) {
          await checkUpload(turn, link);
          return;
        }
        if (request.content !== null) {
          await checkPasted(turn, request.content, link);
          return;
        }
        await dialogs.beginDialog(MAPPING_DIALOG, { link } satisfies WaitState);
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
    [MAPPING_MORE_VERB]: async (context, data): Promise<AdaptiveCardInvokeResponse> => {
      const id = typeof data.checkId === 'string' ? data.checkId : '';
      const offset = Number(data.offset);
      const check = await checks.get(tenantOf(context), userOf(context).id, id);
      if (!check) {
        return messageResponse(`That check has expired (I keep checks for ${MAPPING_CHECK_TTL_MS / 3_600_000} hours). Type **check mapping file** and send the file again.`);
      }
      const view = mappingResultView(check, Number.isFinite(offset) ? offset : 0);
      return templateResponse(MAPPING_RESULT_TEMPLATE, view);
    },
  };

  const files = async (context: TurnContext): Promise<boolean> => {
    if (uploadedFiles(context).length === 0) return false;
    // A file sent with "check mapping file for {id} {environment}" as its text is handled by the command.
    const request = parseCheckRequest(pastedMappingText(messageText(context), htmlCopy(context)));
    if (request !== null) return false;
    await checkUpload(context, null);
    return true;
  };

  const fileConsent: FileConsentHandlers = {
    accept: async (context, response) => {
      const id = consentCheckId(response);
      const check = await checks.get(tenantOf(context), userOf(context).id, id);
      if (!check || !check.corrected) {
        await context.sendActivity('That corrected file has expired. Type **check mapping file** and send the file again.');
        return;
      }
      const info = response.uploadInfo ?? {};
      const uniqueId = typeof info.uniqueId === 'string' ? info.uniqueId : '';
      if (uniqueId !== '' && check.uploads.includes(uniqueId)) return; // a retried invoke: already done
      const result = await uploadToConsentUrl(typeof info.uploadUrl === 'string' ? info.uploadUrl : '', new TextEncoder().encode(check.corrected.csv), transfer);
      if (!result.ok) {
        logger.info('corrected mapping file upload failed', { checkId: check.id, code: result.code });
        await context.sendActivity(`I could not save the corrected file: ${UPLOAD_REASONS[result.code]} You can still copy it from the message above, or type **check mapping file** to try again.`);
        return;
      }
      if (uniqueId !== '') await checks.markUploaded(check, uniqueId);
      logger.info('corrected mapping file uploaded', { checkId: check.id, rows: check.corrected.rows });
      const name = typeof info.name === 'string' && info.name !== '' ? info.name : MAPPING_FILE_NAME;
      const renamed = name === MAPPING_FILE_NAME
        ? ''
        : ` OneDrive named it "${clip(name)}" because a file with that name was already there: rename it to ${MAPPING_FILE_NAME} before you give it to Microsoft.`;
      await context.sendActivity(`Saved the corrected file to your OneDrive (${count(check.corrected.rows, 'user')}).${renamed}`);
      if (typeof info.contentUrl === 'string' && info.contentUrl !== '') {
        await context.sendActivity(MessageFactory.attachment(fileInfoAttachment({
          name, contentUrl: info.contentUrl, uniqueId, fileType: typeof info.fileType === 'string' ? info.fileType : 'csv',
        })));
      }
    },
    decline: async (context) => {
      await context.sendActivity('All right, I did not save the corrected file. You can still copy it from the message above.');
    },
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
  let sweepTimer: NodeJS.Timeout | undefined;
  const start = (): void => {
    const interval = deps.sweepIntervalMs ?? MAPPING_SWEEP_INTERVAL_MS;
    if (interval <= 0 || sweepTimer) return;
    if (!canListKeys(deps.storage)) {
      logger.warn('expired mapping checks are not swept: the storage cannot list keys');
      return;
    }
    const tick = (): void => {
      sweepExpired().catch((error: unknown) => logger.warn('mapping check sweep failed', { errorName: (error as Error)?.name }));
    };
    sweepTimer = setInterval(tick, interval);
    sweepTimer.unref();
    tick();
  };
  const stop = async (): Promise<void> => {
    if (sweepTimer) clearInterval(sweepTimer);
    sweepTimer = undefined;
    await sweeping?.catch(() => undefined);
  };

  return { commands, dialogs: [dialog], verbs, files, fileConsent, checks, sweepExpired, start, stop };
}

function consentCheckId(response: FileConsentCardResponse): string {
  const context = response.context as { checkId?: unknown } | undefined;
  return typeof context?.checkId === 'string' ? context.checkId : '';
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
  const rest = missing > 0 ? ` ${count(missing, 'environment')} without a user count ${missing === 1 ? 'is' : 'are'} not included.` : '';
  return `Licence check: passed. The ${count(total, 'mapped user')} fit in the ${count(available, 'free licence')} of ${destination}.${rest}`;
}

function count(n: number, singular: string): string {
  return countText(n, singular);
}

function clip(value: string): string {
  return value.length > 60 ? `${value.slice(0, 57)}...` : value;
}
