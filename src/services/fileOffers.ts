/**
 * Files offered through Teams' FileConsentCard, the parts every feature shares (the assessment export, the evidence
 * pack, the identity map's exports, the mapping check's corrected file, the mailbox CSV files): the consent card as an
 * activity; the delivery of the cards to the person's personal chat when they asked in a channel or a group chat
 * (FileConsentCards work only in a personal chat); and, on the person's answer, the upload of the bytes to the URL
 * Teams gave, with the sentences that say what happened. Each feature keeps its own wording around these. Plain data;
 * the edge posts the activities.
 */
import { FILE_CONSENT_CONTENT_TYPE } from '../cards/mappingView.js';
import { UPLOAD_REASONS, type UploadFailure } from '../files/consentUpload.js';
import type { Logger } from '../logging.js';
import type { BackgroundTasks } from '../proactive/backgroundTasks.js';
import type { Notifier, OutboundActivity } from '../proactive/notifier.js';
import type { TurnFacts } from './turn.js';

/** The FileConsentCard content type: Teams asks the person before the bot saves a file to their OneDrive. */
export { FILE_CONSENT_CONTENT_TYPE };

/** A file offered for the person's OneDrive: its name, what it is, its size, and the context the answer carries. */
export interface FileOffer {
  name: string;
  description: string;
  /** UTF-8 bytes. */
  sizeInBytes: number;
  /** Comes back in the accept or decline invoke (its `purpose` routes it, src/bot/fileConsentDispatch.ts). */
  context: Record<string, string>;
}

export function consentCardActivity(offer: FileOffer): OutboundActivity {
  return {
    type: 'message',
    attachments: [{
      contentType: FILE_CONSENT_CONTENT_TYPE,
      name: offer.name,
      content: {
        description: offer.description,
        sizeInBytes: offer.sizeInBytes,
        acceptContext: offer.context,
        declineContext: offer.context,
      },
    }],
  };
}

/** Where the person's 1:1 chat is, from the activity they sent (the edge reads it: src/bot/turnInfo.ts). */
export interface PersonalChatTarget {
  serviceUrl: string;
  userId: string;
  botId?: string;
}

export interface PersonalDeliveryDeps {
  notifier: Notifier;
  background: BackgroundTasks;
  logger: Logger;
}

/**
 * Posts `intro` then each activity in the person's personal chat, in the background (never inside the turn that
 * asked). A failure is logged with `what` (no content); the person already has the answer that says where to look.
 */
export function deliverToPersonalChat(
  deps: PersonalDeliveryDeps,
  tenantId: string,
  target: PersonalChatTarget,
  intro: string,
  activities: readonly OutboundActivity[],
  what: Record<string, unknown>,
): void {
  deps.background.run('files.personal', async () => {
    const first = await deps.notifier.createPersonalConversation(
      { tenantId, serviceUrl: target.serviceUrl, userId: target.userId, ...(target.botId ? { botId: target.botId } : {}) },
      { type: 'message', text: intro },
    );
    if (!first.ok) {
      deps.logger.warn('files not sent to the personal chat', { ...what, reason: first.reason });
      return;
    }
    for (const activity of activities) {
      const sent = await deps.notifier.send(first.reference, activity);
      if (!sent.ok) {
        deps.logger.warn('file offer not sent to the personal chat', { ...what, reason: sent.reason });
        return;
      }
    }
  });
}

/** Files asked for outside a personal chat: what to say here, in this feature's words. */
export interface ElsewhereOffer {
  intro: string;
  cards: readonly OutboundActivity[];
  /** Said when the personal chat cannot be reached from here (no target, or no notifier): ask there. */
  askThere: string;
  /** Said when the cards went to the personal chat. */
  sentThere: string;
  /** Logged with a failed send (ids only, no content). */
  what: Record<string, unknown>;
}

/**
 * Files asked for in a channel or a group chat: the intro and the cards go to the person's personal chat (in the
 * background) and the answer here says so; without a way there, the answer says where to ask.
 */
export function offerInPersonalChat(
  deps: Partial<PersonalDeliveryDeps> & { logger: Logger },
  turn: TurnFacts,
  personal: PersonalChatTarget | null,
  offer: ElsewhereOffer,
): string {
  const { notifier, background, logger } = deps;
  if (!personal || !notifier || !background) return offer.askThere;
  deliverToPersonalChat({ notifier, background, logger }, turn.tenantId, personal, offer.intro, offer.cards, offer.what);
  return offer.sentThere;
}

// ---- the person's answer -------------------------------------------------------------------------------------------

/** What Teams sends with an accepted FileConsentCard (fileConsent/invoke's uploadInfo). */
export interface FileUploadInfo {
  uploadUrl?: unknown;
  uniqueId?: unknown;
  name?: unknown;
  contentUrl?: unknown;
  fileType?: unknown;
}

/** The file as Teams shows it after the upload (the file info card, src/cards/mappingView.ts fileInfoAttachment). */
export interface UploadedFileInfo {
  name: string;
  contentUrl: string;
  uniqueId: string;
  fileType: string;
}

/** PUTs bytes to a FileConsentCard's upload URL (src/files/consentUpload.ts, with the feature's transfer options). */
export type ConsentUpload = (url: string, bytes: Uint8Array) => Promise<{ ok: true } | { ok: false; code: UploadFailure }>;

export type AcceptedUpload =
  /** Saved. `name` is the name OneDrive gave the file (Teams' answer, else the offered name). */
  | { kind: 'saved'; name: string; uniqueId: string; fileInfo?: UploadedFileInfo }
  /** The same invoke again (Teams retries): the file is already saved, nothing to say. */
  | { kind: 'repeat' }
  | { kind: 'failed'; code: UploadFailure };

/** The file type Teams gave in its answer, else `fallback`. */
export function teamsFileType(info: FileUploadInfo, fallback: string): string {
  return typeof info.fileType === 'string' ? info.fileType : fallback;
}

/**
 * Uploads an accepted file: its UTF-8 bytes to the URL Teams gave. `uploads` are the uniqueIds already saved for this
 * offer (a retried invoke is a repeat); `fileType` is what the file info card shows. The URL is never logged or kept.
 */
export async function uploadAcceptedFile(
  upload: ConsentUpload,
  info: FileUploadInfo,
  file: { name: string; content: string; fileType: string; uploads?: readonly string[] },
): Promise<AcceptedUpload> {
  const uniqueId = typeof info.uniqueId === 'string' ? info.uniqueId : '';
  if (uniqueId !== '' && (file.uploads ?? []).includes(uniqueId)) return { kind: 'repeat' };
  const result = await upload(typeof info.uploadUrl === 'string' ? info.uploadUrl : '', new TextEncoder().encode(file.content));
  if (!result.ok) return { kind: 'failed', code: result.code };
  const name = typeof info.name === 'string' && info.name !== '' ? info.name : file.name;
  const contentUrl = typeof info.contentUrl === 'string' ? info.contentUrl : '';
  return { kind: 'saved', name, uniqueId, ...(contentUrl !== '' ? { fileInfo: { name, contentUrl, uniqueId, fileType: file.fileType } } : {}) };
}

/** "I could not save {what}: {reason} {next}". */
export function notSavedText(what: string, code: UploadFailure, next: string): string {
  return `I could not save ${what}: ${UPLOAD_REASONS[code]} ${next}`;
}

/** "Saved {what} to your OneDrive[ ({count})].{after}". */
export function savedText(what: string, count?: string, after = ''): string {
  return `Saved ${what} to your OneDrive${count ? ` (${count})` : ''}.${after}`;
}

/** The note when OneDrive saved the file under another name ('' when it kept the offered one), with a hint. */
export function renamedText(saved: string, offered: string, hint?: string): string {
  return saved === offered ? '' : ` OneDrive named it "${clip(saved)}" because a file with that name was already there${hint ? `: ${hint}` : ''}.`;
}

/** "All right, I did not save {what}.[ {next}]". */
export function declinedText(what: string, next?: string): string {
  return `All right, I did not save ${what}.${next ? ` ${next}` : ''}`;
}

function clip(value: string): string {
  return value.length > 60 ? `${value.slice(0, 57)}...` : value;
}

// ---- reports rebuilt from records (the assessment export, the evidence pack) ----------------------------------------

/** What an answer to a FileConsentCard gives: the texts, and the file as Teams shows it after the upload. */
export interface FileConsentOutcome {
  replies: string[];
  fileInfo?: UploadedFileInfo;
}

/** A report file rebuilt from the records on accept: Markdown or the printable page. */
export interface ReportFile {
  name: string;
  format: 'markdown' | 'html';
  content: string;
  /** UTF-8 bytes. */
  bytes: number;
}

/**
 * The person accepted a report file (rebuilt from the records): saved to their OneDrive, or why not and `again`, the
 * command that offers it again. Logged as `{label} file uploaded` / `{label} file upload failed` with `ids`.
 */
export async function saveReportFile(
  deps: { upload: ConsentUpload; logger: Logger },
  info: FileUploadInfo,
  file: ReportFile,
  again: string,
  log: { label: string; ids: Record<string, string> },
): Promise<FileConsentOutcome> {
  const saved = await uploadAcceptedFile(deps.upload, info, { name: file.name, content: file.content, fileType: file.format === 'html' ? 'html' : 'md' });
  if (saved.kind !== 'saved') {
    if (saved.kind === 'failed') deps.logger.info(`${log.label} file upload failed`, { ...log.ids, code: saved.code });
    return { replies: saved.kind === 'failed' ? [notSavedText(file.name, saved.code, `Type **${again}** to try again.`)] : [] };
  }
  deps.logger.info(`${log.label} file uploaded`, { ...log.ids, format: file.format, bytes: file.bytes });
  return { replies: [savedText(saved.name.slice(0, 200))], ...(saved.fileInfo ? { fileInfo: saved.fileInfo } : {}) };
}
