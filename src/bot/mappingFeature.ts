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
import { createHash, randomBytes } from 'node:crypto';
import https from 'node:https';
import {
  ActivityTypes, MessageFactory, type AdaptiveCardInvokeResponse, type Attachment, type FileConsentCardResponse,
  type Storage, type TurnContext,
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
import { downloadAttachment, isAllowedHost, type DownloadOptions } from '../files/attachmentDownloader.js';
import type { Logger } from '../logging.js';
import type { AssessmentRepository, StoredAssessment } from '../records/assessmentRepository.js';
import { canListKeys, casCreate, casUpdate, keyPart as safe } from '../records/cas.js';
import { normaliseCommandText, type Command } from './commands.js';
import type { FileConsentHandlers } from './teamsBot.js';
import { messageResponse, templateResponse } from './invokeResponse.js';
import { messageText, scopeOf, tenantOf, userOf } from './turnInfo.js';
import type { VerbTable } from './verbs.js';

export const MAPPING_DIALOG = 'mappingFileDialog';
/** How long a check's problem pages and corrected file are kept for "show more" and the consent card. */
export const MAPPING_CHECK_TTL_MS = 24 * 60 * 60 * 1000;
/**
 * How often expired checks are swept. A check holds every user's addresses, so it is deleted from disk within this
 * long of expiring, whether or not its owner comes back.
 */
export const MAPPING_SWEEP_INTERVAL_MS = 10 * 60 * 1000;
/** Checks kept per user; older ones are deleted when a new one is saved. */
export const MAPPING_CHECKS_PER_USER = 10;
/**
 * Download deadline. Teams waits for the bot's answer to a message for about 15 seconds before retrying it, and
 * a SharePoint download URL is short-lived anyway: a slow download is better refused than retried.
 */
export const DOWNLOAD_TIMEOUT_MS = 10_000;

/** Rule ids of the licence check the assessment runs again with the new count (src/domain/assessment/rules). */
export const LICENCE_RULE_IDS = ['dst-licenses-mapped', 'dst-licenses-active'] as const;

// ------------------------------------------------------------------------------------------------ store

export interface StoredMappingCheck {
  id: string;
  tenantId: string;
  userId: string;
  createdAt: string;
  expiresAt: string;
  header: MappingCheckHeader;
  /** The first MAX_STORED_PROBLEMS problems, ready for the card. */
  problems: MappingProblemView[];
  problemsTotal: number;
  /** The corrected file for the consent card; null when none was offered. */
  corrected: { csv: string; rows: number } | null;
  /** OneDrive ids of files already uploaded, so a repeated accept (Teams retries slow invokes) uploads once. */
  uploads: string[];
}

interface CheckIndex {
  checks: Array<{ id: string; expiresAt: string }>;
}

/** What the sweep needs to find an expired check without reading it. */
interface ExpiryEntry {
  tenantId: string;
  id: string;
  expiresAt: string;
}

// One partition per check and per user index (three key segments), like the assessments.
// Expiry entries: `records/mapping-expiry/<bucket>/<tenant>+{id}`. Keys of 4+ segments share a partition named by
// their first 3, so the sweep lists 16 small bucket partitions (one pinned listKeys each) instead of scanning every
// stored file. The bucket is the first hex digit of the check id's SHA-256.
export const EXPIRY_PREFIX = 'records/mapping-expiry/';
const EXPIRY_BUCKETS = 16;
const expiryKey = (tenantId: string, id: string): string =>
  `${EXPIRY_PREFIX}${createHash('sha256').update(id).digest('hex').slice(0, 1)}/${safe(tenantId)}+${safe(id)}`;
const checkKey = (tenantId: string, id: string): string => `records/mapping-checks/${safe(tenantId)}+${safe(id)}`;
const indexKey = (tenantId: string, userId: string): string => `records/mapping-check-index/${safe(tenantId)}+${safe(userId)}`;
const ID_PATTERN = /^[a-z0-9]{8,32}$/;

export class MappingCheckStore {
  constructor(private readonly storage: Storage, private readonly now: () => Date = () => new Date()) {}

  async save(input: Omit<StoredMappingCheck, 'id' | 'createdAt' | 'expiresAt' | 'uploads'>): Promise<StoredMappingCheck> {
    const created = this.now();
    let check: StoredMappingCheck;
    do {
      check = {
        ...input,
        id: newId(),
        createdAt: created.toISOString(),
        expiresAt: new Date(created.getTime() + MAPPING_CHECK_TTL_MS).toISOString(),
        uploads: [],
      };
    } while (!(await casCreate(this.storage, checkKey(check.tenantId, check.id), check)));
    const entry: ExpiryEntry = { tenantId: check.tenantId, id: check.id, expiresAt: check.expiresAt };
    await this.storage.write({ [expiryKey(check.tenantId, check.id)]: { ...entry, eTag: '*' } });
    // Surplus checks of this user go now; expired ones too (the sweep would take them a little later).
    const dropped = await this.updateIndex(check.tenantId, check.userId, (list) => {
      const live = list.filter((c) => Date.parse(c.expiresAt) > created.getTime());
      const kept = [{ id: check.id, expiresAt: check.expiresAt }, ...live].slice(0, MAPPING_CHECKS_PER_USER);
      return kept;
    });
    if (dropped.length > 0) await this.storage.delete(dropped.flatMap((id) => [checkKey(check.tenantId, id), expiryKey(check.tenantId, id)]));
    return check;
  }

  /** The check if it exists in this tenant, belongs to this user and has not expired. */
  async get(tenantId: string, userId: string, id: string): Promise<StoredMappingCheck | undefined> {
    if (!ID_PATTERN.test(id)) return undefined;
    const key = checkKey(tenantId, id);
    const item = (await this.storage.read([key]))[key] as (StoredMappingCheck & { eTag?: string }) | undefined;
    if (!item || item.tenantId !== tenantId || item.userId !== userId) return undefined;
    if (Date.parse(item.expiresAt) <= this.now().getTime()) {
      await this.storage.delete([key, expiryKey(tenantId, id)]);
      return undefined;
    }
    const { eTag: _eTag, ...check } = item;
    return check;
  }

  /** Records an upload; false when this file was uploaded already. */
  async markUploaded(check: StoredMappingCheck, uniqueId: string): Promise<boolean> {
    if (check.uploads.includes(uniqueId)) return false;
    // Against the stored copy: a retried accept running at the same time must not upload twice.
    let added = false;
    await casUpdate<StoredMappingCheck>(this.storage, checkKey(check.tenantId, check.id), (stored) => {
      added = false;
      if (!stored || stored.uploads.includes(uniqueId)) return null;
      added = true;
      return { ...stored, uploads: [...stored.uploads, uniqueId] };
    });
    return added;
  }

  /** "forget me": every check the user has in the tenant. */
  async deleteAllForUser(tenantId: string, userId: string): Promise<number> {
    const key = indexKey(tenantId, userId);
    const index = (await this.storage.read([key]))[key] as CheckIndex | undefined;
    const ids = (index?.checks ?? []).map((c) => c.id);
    const existing = Object.keys(await this.storage.read(ids.map((id) => checkKey(tenantId, id))));
    if (existing.length > 0) await this.storage.delete(existing);
    if (ids.length > 0) await this.storage.delete(ids.map((id) => expiryKey(tenantId, id)));
    if (index) await this.storage.delete([key]);
    return existing.length;
  }

  /**
   * Deletes every expired check (of every user) and its expiry entry; returns how many checks it deleted. Needs a
   * Storage that lists keys (LowdbStorage, BlobStorage). The owners' indexes keep the ids until their next save,
   * which drops ids whose check has expired; an id alone says nothing about anyone.
   */
  async sweepExpired(): Promise<number> {
    const storage = this.storage;
    if (!canListKeys(storage)) throw new TypeError('MappingCheckStore.sweepExpired needs a Storage with listKeys(prefix)');
    const at = this.now().getTime();
    let deleted = 0;
    for (let bucket = 0; bucket < EXPIRY_BUCKETS; bucket++) {
      const keys = await storage.listKeys(`${EXPIRY_PREFIX}${bucket.toString(16)}/`);
      if (keys.length === 0) continue;
      const entries = await storage.read(keys);
      const expired = keys
        .map((key) => ({ key, entry: entries[key] as ExpiryEntry | undefined }))
        .filter((e): e is { key: string; entry: ExpiryEntry } => !!e.entry && Date.parse(e.entry.expiresAt) <= at);
      if (expired.length === 0) continue;
      const checkKeys = expired.map((e) => checkKey(e.entry.tenantId, e.entry.id));
      deleted += Object.keys(await storage.read(checkKeys)).length;
      await storage.delete([...checkKeys, ...expired.map((e) => e.key)]);
    }
    return deleted;
  }

  /** Applies the change with optimistic concurrency; returns the ids it took out. */
  private async updateIndex(tenantId: string, userId: string, change: (list: CheckIndex['checks']) => CheckIndex['checks']): Promise<string[]> {
    let dropped: string[] = [];
    await casUpdate<CheckIndex>(this.storage, indexKey(tenantId, userId), (current) => {
      const before = current?.checks ?? [];
      const after = change(before);
      const keptIds = new Set(after.map((c) => c.id));
      dropped = before.filter((c) => !keptIds.has(c.id)).map((c) => c.id);
      return { checks: after };
    });
    return dropped;
  }
}

function newId(): string {
  // 12 characters from an unambiguous alphabet (about 59 bits): ids travel in card data, so not guessable.
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  return Array.from(randomBytes(12), (b) => alphabet[b % alphabet.length]).join('');
}

// ------------------------------------------------------------------------------------------------ upload

export const UPLOAD_FAILURES = ['invalid-url', 'not-https', 'host-not-allowed', 'http-error', 'timeout', 'network-error'] as const;
export type UploadFailure = (typeof UPLOAD_FAILURES)[number];

/** What to tell the user; none of these names the URL or its host. */
export const UPLOAD_REASONS: Readonly<Record<UploadFailure, string>> = Object.freeze({
  'invalid-url': 'Teams did not give me a usable place to save the file.',
  'not-https': 'Teams gave me a place to save the file that is not a secure (https) address, so I did not send it.',
  'host-not-allowed': 'Teams gave me a place to save the file that I am not allowed to send files to, so I did not send it.',
  'http-error': 'OneDrive did not accept the file; the offer may have expired.',
  timeout: 'Saving the file to OneDrive took too long.',
  'network-error': 'I could not reach OneDrive to save the file.',
});

/**
 * PUTs the bytes to a FileConsentCard's `uploadInfo.uploadUrl` (a OneDrive upload session). The URL comes inside
 * the activity, so it gets the download rules: https, the same host allow-list, no token of ours, no redirect
 * followed (the bytes would go wherever it points), a deadline. Resolves, never rejects; never logs.
 */
export function uploadToConsentUrl(
  uploadUrl: string,
  bytes: Uint8Array,
  options: Pick<DownloadOptions, 'allowedHosts' | 'timeoutMs' | 'ca' | 'agent'>,
): Promise<{ ok: true } | { ok: false; code: UploadFailure }> {
  let url: URL;
  try {
    url = new URL(uploadUrl);
  } catch {
    return Promise.resolve({ ok: false, code: 'invalid-url' });
  }
  if (url.protocol !== 'https:') return Promise.resolve({ ok: false, code: 'not-https' });
  if (url.username !== '' || url.password !== '' || !isAllowedHost(url, options.allowedHosts)) {
    return Promise.resolve({ ok: false, code: 'host-not-allowed' });
  }
  return new Promise((resolve) => {
    let settled = false;
    const done = (result: { ok: true } | { ok: false; code: UploadFailure }): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const req = https.request(url, {
      method: 'PUT',
      // The upload session's URL is its own credential: no Authorization header, no cookies.
      headers: {
        'content-length': String(bytes.byteLength),
        'content-range': `bytes 0-${bytes.byteLength - 1}/${bytes.byteLength}`,
      },
      ...(options.agent ? { agent: options.agent } : {}),
      ...(options.ca ? { ca: options.ca } : {}),
    });
    const timer = setTimeout(() => {
      done({ ok: false, code: 'timeout' });
      req.destroy();
    }, Math.max(1, options.timeoutMs));
    req.on('error', () => done({ ok: false, code: 'network-error' }));
    req.on('response', (res) => {
      res.resume();
      const status = res.statusCode ?? 0;
      done(status >= 200 && status <= 299 ? { ok: true } : { ok: false, code: 'http-error' });
    });
    req.end(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  });
}

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
  storage: Storage;
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
  return `${n.toLocaleString('en-US')} ${n === 1 ? singular : `${singular}s`}`;
}

function clip(value: string): string {
  return value.length > 60 ? `${value.slice(0, 57)}...` : value;
}
