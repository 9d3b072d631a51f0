/**
 * The identity map, the application service: `identity map` (an uploaded CSV or .xlsx, or pasted lines, with the
 * command or in the next message), checked once by src/domain/identity and answered with the check card; the checked
 * map kept for the person (src/records/identityMapRepository.ts, never the raw file); the exports as files offered
 * with Teams' FileConsentCard in the personal chat, rebuilt from the kept map when accepted; and `identity map for
 * {migration id}`, which joins the map's summary to a migration, runs the joined assessment's seat check again with
 * the map's count of people for environments, and updates the plan card in place.
 *
 * Plain inputs in (TurnFacts, the message's lines and files), outcomes out (what to post, in order): the Teams route
 * file (src/bot/identityRoutes.ts) and its waiting dialog translate. Records stay with their tenant: a migration of
 * another organisation is "not found".
 */
import { ADAPTIVE_CARD_CONTENT_TYPE } from '../cards/renderer.js';
import { fitIdentityMapCard, identityHeadline } from '../cards/identityView.js';
import { assess } from '../domain/assessment/index.js';
import {
  IDENTITY_EXPORT_INFO, IDENTITY_EXPORTS, exportIdentityMap, identityCountsForChecks, parseExportFormat, readIdentityMap,
  summariseIdentityMap, withIdentityMapCount, type IdentityExportFormat, type IdentityMapReport, type IdentityMapSummary,
} from '../domain/identity/index.js';
import { isGuid } from '../domain/powershell.js';
import { countText, formatNumber, listText, normaliseCommandText } from '../domain/text.js';
import { downloadAttachment, downloadReasons, tooLargeFor, type DownloadOptions } from '../files/attachmentDownloader.js';
import { uploadToConsentUrl } from '../files/consentUpload.js';
import type { Logger } from '../logging.js';
import type { BackgroundTasks } from '../proactive/backgroundTasks.js';
import type { Notifier, OutboundActivity } from '../proactive/notifier.js';
import type { AssessmentRepository, StoredAssessment } from '../records/assessmentRepository.js';
import type { IdentityMapRepository, StoredIdentityMap } from '../records/identityMapRepository.js';
import { joinsOf, type MigrationRepository, type StoredMigration } from '../records/migrationRepository.js';
import {
  consentCardActivity, declinedText, notSavedText, offerInPersonalChat, renamedText, savedText, uploadAcceptedFile,
  type FileUploadInfo, type PersonalChatTarget, type UploadedFileInfo,
} from './fileOffers.js';
import { licenceCheckText } from './mappingService.js';
import type { PlanUpdates } from './planUpdates.js';
import type { TurnFacts } from './turn.js';

/** The `purpose` an identity-map FileConsentCard carries, so the consent answer comes back here. */
export const IDENTITY_FILE_PURPOSE = 'identity-map-file';

/** `identity map` with optional lines after it; not `identity map export ...` nor `identity map for ...`. */
export const IDENTITY_MAP_PATTERN = /^identity[ -]?map(?: (?!export\b|for\b)[\s\S]*)?$/i;
/** `identity map export {format} [source tenant id]`, the id also as `--source-tenant-id {id}`. */
export const IDENTITY_EXPORT_PATTERN = /^identity[ -]?map export(?: (\S+))?(?: (?:--source-tenant-id |source tenant id )?(\S+))?$/i;
/** `identity map for {migration id}`, optionally with the map's lines after it. */
export const IDENTITY_JOIN_PATTERN = /^identity[ -]?map for (\S+)(?: [\s\S]*)?$/i;

const COMMAND_PREFIX = /^\s*identity[ -]?map(?:[ \t]+for[ \t]+\S+)?[ \t]*/i;
const MIGRATION_ID = /^m-[a-z0-9]{8}$/;
const CANCEL = /^(cancel|stop|quit|exit|never ?mind)$/i;
const HELP = /^(help|\?)$/i;
/** File names read as an identity map; a name without an extension is tried too. */
const ACCEPTED_FILE = /\.(csv|txt|xlsx)$/i;
/** Open migrations read to offer "Use for" buttons. */
const MIGRATIONS_READ = 30;

export type IdentityReply = OutboundActivity | string;

export interface IdentityOutcome {
  replies: IdentityReply[];
}

export interface UploadedMap {
  name: string;
  downloadUrl: string;
}

/** A message as the identity map reads it: its lines (from the HTML copy when there is one) and its files. */
export interface IdentityMessage {
  text: string;
  files: UploadedMap[];
}

/** What the wait for a map keeps: the migration the map is for, when `identity map for {id}` started it. */
export interface IdentityWaitState {
  migrationId: string | null;
}

export type IdentityRequestOutcome = IdentityOutcome & { waitFor?: IdentityWaitState };
export type IdentityWaitOutcome = IdentityOutcome & { handled: boolean; waiting: boolean };

export interface IdentityExportRequest {
  format: string;
  sourceTenantId?: string | null;
  /** The map a card button names; the person's newest map when absent. */
  mapId?: string | null;
}

export interface IdentityConsentContext {
  mapId?: unknown;
  format?: unknown;
  sourceTenantId?: unknown;
}

export type IdentityUploadInfo = FileUploadInfo;

export interface IdentityConsentOutcome extends IdentityOutcome {
  /** The file as Teams will show it after the upload, when Teams gave its address. */
  fileInfo?: UploadedFileInfo;
}

export interface IdentityServiceDeps {
  maps: IdentityMapRepository;
  migrations: MigrationRepository;
  assessments: AssessmentRepository;
  planUpdates: PlanUpdates;
  notifier: Notifier;
  background: BackgroundTasks;
  logger: Logger;
  /** Downloads and consent uploads: config's DOWNLOAD_HOSTS, MAX_MAPPING_FILE_MB and the deadline. */
  transfer: DownloadOptions;
}

export type IdentityService = ReturnType<typeof identityService>;

/** Download failures in this feature's words. */
const DOWNLOAD_TEXT = downloadReasons({
  sendHere: 'Attach it to a message in this chat',
  lines: 'its lines',
  tooLarge: tooLargeFor('an identity map', 'Check that it is the right file, or split the people into several maps.'),
});

const HOW_TO_SEND = 'attach it to a message here as a CSV file (.csv) or an Excel workbook (.xlsx, first sheet), or paste its lines into your next message. '
  + 'Columns, in a header row: Source and Target (sign-in names, required), and optionally SourceEmail, TargetEmail, TargetObjectId, DisplayName, Workstreams (environments, mailboxes, onedrive). '
  + 'A two-column usermapping.csv works too. Type **cancel** to stop.';

function clip(value: string): string {
  return value.length > 60 ? `${value.slice(0, 57)}...` : value;
}

/** The message's lines after the command words (`identity map`, `identity map for {id}`); '' when none. */
export function identityContent(text: string): string {
  return text.replace(COMMAND_PREFIX, '').replace(/^[ \t]*\r?\n/, '');
}

/** Worth checking as a map: an address, a separator or more than one line. Anything else is someone talking. */
function looksLikeMapLines(text: string): boolean {
  return /[@,;\t\n]/.test(text.trim());
}

/**
 * A paste whose line breaks were lost on the way (the Agents Playground sends one line): split again at the spaces
 * when every piece then has the header's number of commas. Null when that cannot be done safely (a display name
 * with a space, values with no commas): the person is asked for the file instead.
 */
export function rejoinedPaste(text: string): string | null {
  const tokens = text.trim().split(/\s+/);
  if (tokens.length < 2) return null;
  const commas = (t: string): number => (t.match(/,/g) ?? []).length;
  const header = tokens[0]!.includes('@') ? null : tokens[0]!;
  const width = commas(header ?? tokens[0]!);
  if (width < 1 || !tokens.every((t) => commas(t) === width)) return null;
  return tokens.join('\n');
}

/** The kept map as the exports read it (they read only readable, errors and the people). */
function reportOf(map: StoredIdentityMap): IdentityMapReport {
  const s = map.summary;
  return {
    fileName: s.fileName, readable: s.readable, encoding: 'text', layout: s.layout, columns: [], dataRows: map.entries.length,
    counts: s.counts, errors: s.errors, warnings: s.warnings, problems: [], entries: map.entries, sourceDomains: [], destinationDomains: [],
  };
}

function attachmentMessage(attachment: unknown, text?: string): OutboundActivity {
  return { type: 'message', attachmentLayout: 'list', attachments: [attachment], ...(text ? { text } : {}) };
}

function peopleText(s: IdentityMapSummary): string {
  const c = s.counts;
  return `${countText(c.people, 'person', 'people')}: ${formatNumber(c.environments)} for environments, ${formatNumber(c.mailboxes)} for mailboxes, ${formatNumber(c.onedrive)} for OneDrive`;
}

/**
 * The joined assessments the plan still counts: newest first, an assessment is kept when it has an environment no
 * newer kept one has (a later assessment of an environment replaces the earlier one), then oldest first again.
 */
export function currentAssessments(found: readonly StoredAssessment[]): StoredAssessment[] {
  const covered = new Set<string>();
  const kept: StoredAssessment[] = [];
  for (const a of [...found].reverse()) {
    const names = a.profile.environments.map((e) => e.name.toLowerCase());
    if (names.length > 0 && names.every((n) => covered.has(n))) continue;
    names.forEach((n) => covered.add(n));
    kept.push(a);
  }
  return kept.reverse();
}

export function identityService(deps: IdentityServiceDeps) {
  const { maps, migrations, assessments, logger, transfer } = deps;
  const maxMb = Math.round(transfer.maxBytes / (1024 * 1024));

  const notFound = (id: string): string =>
    `I don't know a migration "${clip(id)}" in your organisation. Type **migrations** to see the tracked ones, or **plan {assessment id}** to open one.`;

  const askForMap = (migrationId: string | null): string => (migrationId
    ? `Send me the identity map for migration **${migrationId}**: ${HOW_TO_SEND}`
    : `Send me the identity map, one list of the people who move: ${HOW_TO_SEND}`);

  /** The tenant's open migrations for the card's buttons: the person's own first, newest first. */
  const migrationsFor = async (turn: TurnFacts): Promise<Array<{ id: string; name: string }>> => {
    const open = (await migrations.open(turn.tenantId)).slice(0, MIGRATIONS_READ);
    const records = (await Promise.all(open.map((o) => migrations.get(turn.tenantId, o.id)))).filter((r): r is StoredMigration => !!r);
    records.sort((a, b) => Number(b.trackedBy.id === turn.user.id) - Number(a.trackedBy.id === turn.user.id)
      || b.migration.createdAt.localeCompare(a.migration.createdAt));
    return records.map((r) => ({ id: r.migration.id, name: r.migration.name }));
  };

  /** Checks, keeps and answers; then joins the map when the check was for a migration. */
  const checkAndShow = async (
    turn: TurnFacts, input: { fileName: string | null; bytes?: Uint8Array; text?: string }, via: 'upload' | 'paste',
    migration: StoredMigration | null, notes: string[],
  ): Promise<IdentityOutcome> => {
    const domains = migration
      ? {
        sourceDomains: [migration.migration.sourceTenant].filter((d): d is string => !!d),
        destinationDomains: [migration.migration.destinationTenant].filter((d): d is string => !!d),
      }
      : {};
    const report = await readIdentityMap({ ...input, ...domains });
    const summary = summariseIdentityMap(report);
    const clean = report.readable && report.errors === 0;
    // An unreadable file is not kept: `identity map for` and the exports go on using the last map that was read.
    const map = report.readable
      ? await maps.save({ tenantId: turn.tenantId, checkedBy: { ...turn.user }, summary, entries: clean ? report.entries : [] })
      : null;
    logger.info('identity map checked', {
      mapId: map?.id ?? null, via, rows: report.dataRows, people: report.counts.people, errors: report.errors, warnings: report.warnings,
      linked: migration !== null,
    });
    const offered = migration || !map ? [] : await migrationsFor(turn);
    const fitted = fitIdentityMapCard(report, { mapId: map?.id ?? '', migrations: offered });
    const replies: IdentityReply[] = [...notes];
    replies.push(attachmentMessage({ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: fitted.card }, identityHeadline(report)));
    if (!map) {
      replies.push(`Nothing was checked. ${HOW_TO_SEND.replace(/ Type \*\*cancel\*\* to stop\.$/, '')} Type **identity map** to send it again.`);
      return { replies };
    }
    if (migration) {
      replies.push(...(await join(turn, migration.migration.id, map)).replies);
      return { replies };
    }
    const forMigration = offered.length > 0
      ? `Use it for a migration with the buttons on the card, or type **identity map for {migration id}**`
      : 'Type **identity map for {migration id}** to use it for a migration\'s plan (**migrations** lists them)';
    if (clean && report.counts.people > 0) {
      replies.push(`I keep this map for you (not the file). Get its files with the buttons on the card or **identity map export {format}**: ${IDENTITY_EXPORTS.join(', ')} (onedrive also needs the source tenant id). ${forMigration}.`);
    } else if (clean) {
      replies.push('The map lists nobody without a problem, so there is nothing to export.');
    } else {
      replies.push(`Fix ${report.errors === 1 ? 'the error' : `the ${formatNumber(report.errors)} errors`} and send the map again (**identity map**): nothing is exported from a map with errors. ${forMigration}: its plan then shows the identity map as blocked.`);
    }
    return { replies };
  };

  const checkUpload = async (turn: TurnFacts, files: UploadedMap[], migration: StoredMigration | null): Promise<IdentityOutcome> => {
    const file = files[0]!;
    const notes = files.length > 1 ? [`You sent ${files.length} files; I read only the first, "${clip(file.name)}". One identity map per migration.`] : [];
    if (file.name !== '' && /\.[a-z0-9]{1,8}$/i.test(file.name) && !ACCEPTED_FILE.test(file.name)) {
      return { replies: [...notes, `I did not read "${clip(file.name)}": an identity map comes as a CSV file (.csv) or an Excel workbook (.xlsx). Save it as one of these (in Excel: Save As, "Excel Workbook" or "CSV UTF-8"), or paste its lines. Type **identity map** to send it again.`] };
    }
    // The URL is a short-lived credential: never logged, stored or shown.
    const result = await downloadAttachment(file.downloadUrl, transfer);
    if (!result.ok) {
      logger.info('identity map download refused', { code: result.code });
      return { replies: [...notes, `I could not read "${clip(file.name || 'your file')}": ${DOWNLOAD_TEXT[result.code](maxMb)} Type **identity map** to try again.`] };
    }
    if (result.bytes.length === 0) {
      return { replies: [...notes, `"${clip(file.name || 'your file')}" is empty. Send the identity map with a header row and one row per person (CSV or .xlsx). Type **identity map** to try again.`] };
    }
    return checkAndShow(turn, { fileName: file.name || null, bytes: result.bytes }, 'upload', migration, notes);
  };

  const checkPasted = async (turn: TurnFacts, text: string, migration: StoredMigration | null): Promise<IdentityOutcome> => {
    if (Buffer.byteLength(text, 'utf8') > transfer.maxBytes) {
      return { replies: [`That is more text than I read as a pasted identity map (${maxMb} MB). Attach it as a CSV or .xlsx file instead.`] };
    }
    const notes: string[] = [];
    let lines = text;
    const nonBlank = text.split(/\r\n|\r|\n/).filter((l) => l.trim() !== '');
    if (nonBlank.length === 1 && (text.match(/@/g) ?? []).length > 2) {
      const rejoined = rejoinedPaste(text);
      if (rejoined === null) {
        return { replies: [`Your paste arrived as a single line with ${(text.match(/@/g) ?? []).length} addresses run together: the line breaks were lost on the way, and I cannot tell where each person starts. Attach the map as a CSV or .xlsx file instead, or paste it again with one person per line. Type **identity map** to try again.`] };
      }
      lines = rejoined;
      notes.push('Your paste arrived as a single line (the line breaks were lost on the way), so I split it again at the spaces. If the counts look wrong, attach the file instead.');
    }
    return checkAndShow(turn, { fileName: null, text: lines }, 'paste', migration, notes);
  };

  // ---- joining a map to a migration ---------------------------------------------------------------------------

  /** Runs the seat check of the migration's current assessments again with the map's count; what changed, in words. */
  const rerunSeatChecks = async (turn: TurnFacts, record: StoredMigration, mappedUsers: number): Promise<string[]> => {
    const found = (await Promise.all(joinsOf(record).assessmentIds.map((id) => assessments.get(turn.tenantId, id))))
      .filter((a): a is StoredAssessment => !!a);
    if (found.length === 0) return ['No assessment is joined to this migration, so there is no seat check to run again (**plan add assessment {id} to {migration id}** joins one).'];
    const lines: string[] = [];
    for (const latest of currentAssessments(found)) {
      const profile = withIdentityMapCount(latest.profile, mappedUsers);
      if (!profile) {
        lines.push(`Assessment ${latest.id} already counts ${countText(mappedUsers, 'mapped user')} per environment, so its seat check stays as it was.`);
        continue;
      }
      const assessment = assess(profile);
      const saved = await assessments.save({
        tenantId: turn.tenantId, userId: turn.user.id, userName: turn.user.name, profile, assessment,
        // The Marketing state does not depend on user counts, so the business owner's acknowledgement still holds.
        ...(latest.marketingAcknowledgement ? { marketingAcknowledgement: latest.marketingAcknowledgement } : {}),
      });
      await migrations.update(turn.tenantId, record.migration.id, (current) => {
        const joins = joinsOf(current);
        return joins.assessmentIds.includes(saved.id) ? null : { ...current, joins: { ...joins, assessmentIds: [...joins.assessmentIds, saved.id] } };
      });
      logger.info('assessment updated from identity map', { from: latest.id, assessmentId: saved.id, mappedUsers });
      const envs = profile.environments.length;
      const each = envs === 1
        ? `**${profile.environments[0]!.name}** now has ${countText(mappedUsers, 'mapped user')}`
        : `each of its ${formatNumber(envs)} environments now has ${countText(mappedUsers, 'mapped user')} (one usermapping.csv serves every environment; the rule adds up each environment's file, but the same people need only ${countText(mappedUsers, 'licence')} in all)`;
      lines.push([
        `Assessment ${latest.id}'s seat check, run again: ${each}. I saved this as a new assessment, **${saved.id}**, joined to the migration; assessment ${latest.id} stays as it was.`,
        licenceCheckText(profile, assessment),
      ].join('\n\n'));
    }
    return lines;
  };

  /** Joins the map's summary to the migration, feeds its counts to the checks and updates the plan card. */
  const join = async (turn: TurnFacts, migrationId: string, map: StoredIdentityMap): Promise<IdentityOutcome> => {
    const joined = { summary: map.summary, checkedAt: map.checkedAt, checkedBy: { ...map.checkedBy } };
    const updated = await migrations.update(turn.tenantId, migrationId, (current) => ({ ...current, joins: { ...joinsOf(current), identityMap: joined } }));
    if (!updated) return { replies: [notFound(migrationId)] };
    const record = updated.record;
    logger.info('identity map joined', { mapId: map.id, migrationId });
    const s = map.summary;
    const replies: IdentityReply[] = [
      `Joined the identity map (${peopleText(s)}) to migration **${migrationId}** (${clip(record.migration.name)}). Its plan card updates in place.`,
    ];
    const counts = s.readable && s.errors === 0 ? { mappedUsers: s.counts.environments, mailboxes: s.counts.mailboxes } : null;
    if (!counts) {
      replies.push(`The map has ${countText(s.errors, 'error')}, so its counts are not used: the plan shows the identity map as blocked, and the seat check stays as it was. Fix it and send it again with **identity map for ${migrationId}**.`);
    } else {
      if (counts.mappedUsers > 0) replies.push(...(await rerunSeatChecks(turn, record, counts.mappedUsers)));
      else replies.push('Nobody in the map is listed for environments, so the assessment\'s seat check stays as it was.');
      replies.push(`Mailboxes: the plan's mailbox workstream now shows the ${countText(counts.mailboxes, 'person', 'people')} the map lists for mailboxes.`);
    }
    deps.planUpdates.onWorkstreamChanged(turn.tenantId, { migrationId });
    return { replies };
  };

  // ---- exports ------------------------------------------------------------------------------------------------

  const mapFor = async (turn: TurnFacts, mapId: string | null | undefined): Promise<StoredIdentityMap | string> => {
    if (mapId) {
      return (await maps.get(turn.tenantId, turn.user.id, mapId))
        ?? 'That identity map is no longer kept (I keep your last five; **forget me** deletes them). Type **identity map** and send it again.';
    }
    return (await maps.latest(turn.tenantId, turn.user.id))
      ?? 'You have no identity map yet. Type **identity map** and send me one (CSV or .xlsx, or pasted lines).';
  };

  /** The export's bytes from a kept map, or why there are none. */
  const build = (map: StoredIdentityMap, format: IdentityExportFormat, sourceTenantId: string | null) => {
    const made = exportIdentityMap(reportOf(map), format, sourceTenantId ? { sourceTenantId } : {});
    return made;
  };

  const consentActivity = (map: StoredIdentityMap, format: IdentityExportFormat, sourceTenantId: string | null, text: string): OutboundActivity => {
    const info = IDENTITY_EXPORT_INFO[format];
    return consentCardActivity({
      name: info.fileName,
      description: `${info.purpose} ${countText(map.summary.counts[info.workstream], 'person', 'people')}.`,
      sizeInBytes: Buffer.byteLength(text, 'utf8'),
      context: { purpose: IDENTITY_FILE_PURPOSE, mapId: map.id, format, ...(sourceTenantId ? { sourceTenantId } : {}) },
    });
  };

  /**
   * `identity map export {format} [source tenant id]` or an export button: in a personal chat the FileConsentCard
   * (the bytes are rebuilt from the kept map on accept); elsewhere the card goes to the person's personal chat.
   */
  const exportFile = async (turn: TurnFacts, request: IdentityExportRequest, personal: PersonalChatTarget | null): Promise<IdentityOutcome> => {
    const format = parseExportFormat(request.format ?? '');
    if (!format) {
      const given = (request.format ?? '').trim();
      return { replies: [`${given ? `"${clip(given)}" is not an export I make. ` : ''}The exports: ${listText(IDENTITY_EXPORTS.map((f) => `**${f}** (${IDENTITY_EXPORT_INFO[f].fileName})`))}. For example: **identity map export usermapping**.`] };
    }
    const tenantIdText = (request.sourceTenantId ?? '').trim();
    let sourceTenantId: string | null = null;
    if (format === 'onedrive') {
      if (tenantIdText === '') {
        return { replies: ['The OneDrive identity map needs the source tenant\'s id (a GUID: Microsoft Entra admin center, Overview, Tenant ID). Type **identity map export onedrive** followed by it, or fill it in on the card.'] };
      }
      if (!isGuid(tenantIdText)) {
        return { replies: [`"${clip(tenantIdText)}" is not a tenant id: the OneDrive identity map needs the source tenant's GUID, 32 hex digits in the form 8-4-4-4-12 (Microsoft Entra admin center, Overview, Tenant ID).`] };
      }
      sourceTenantId = tenantIdText.toLowerCase();
    }
    const map = await mapFor(turn, request.mapId);
    if (typeof map === 'string') return { replies: [map] };
    const made = build(map, format, sourceTenantId);
    if (!made.ok) return { replies: [made.message] };
    const intro = `${made.fileName} from your identity map: ${countText(made.rows, 'person', 'people')}. ${IDENTITY_EXPORT_INFO[format].purpose} Accept the file to save it to your OneDrive.`;
    const card = consentActivity(map, format, sourceTenantId, made.text);
    if (turn.conversation.scope === 'personal') return { replies: [intro, card] };
    return {
      replies: [offerInPersonalChat(deps, turn, personal, {
        intro,
        cards: [card],
        askThere: `Files come in our personal chat: open a chat with me and type **identity map export ${format}** there.`,
        sentThere: `${made.fileName} lists people's addresses, so it comes in our personal chat: I sent it there.`,
        what: { mapId: map.id, format },
      })],
    };
  };

  const consentAccepted = async (turn: TurnFacts, context: IdentityConsentContext, info: IdentityUploadInfo): Promise<IdentityConsentOutcome> => {
    const format = typeof context.format === 'string' ? parseExportFormat(context.format) : null;
    const mapId = typeof context.mapId === 'string' ? context.mapId : '';
    const map = format && mapId ? await maps.get(turn.tenantId, turn.user.id, mapId) : undefined;
    if (!format || !map) return { replies: ['That identity map is no longer kept, so there is no file to save. Type **identity map** and send it again.'] };
    const tenant = typeof context.sourceTenantId === 'string' ? context.sourceTenantId : null;
    const made = build(map, format, tenant);
    if (!made.ok) return { replies: [made.message] };
    const saved = await uploadAcceptedFile((url, bytes) => uploadToConsentUrl(url, bytes, transfer), info, {
      name: made.fileName, content: made.text, fileType: 'csv', uploads: map.uploads ?? [],
    });
    if (saved.kind === 'repeat') return { replies: [] }; // a retried invoke: already done
    if (saved.kind === 'failed') {
      logger.info('identity map file upload failed', { mapId: map.id, format, code: saved.code });
      return { replies: [notSavedText(made.fileName, saved.code, `Type **identity map export ${format}** to try again.`)] };
    }
    if (saved.uniqueId !== '') await maps.markUploaded(turn.tenantId, map.id, saved.uniqueId);
    logger.info('identity map file uploaded', { mapId: map.id, format, rows: made.rows });
    const renamed = renamedText(saved.name, made.fileName, format === 'usermapping' ? 'rename it to usermapping.csv before you give it to Microsoft' : undefined);
    return {
      replies: [savedText(made.fileName, countText(made.rows, 'person', 'people'), renamed)],
      ...(saved.fileInfo ? { fileInfo: saved.fileInfo } : {}),
    };
  };

  const consentDeclined = (context: IdentityConsentContext): IdentityOutcome => {
    const format = typeof context.format === 'string' ? parseExportFormat(context.format) : null;
    return { replies: [declinedText(format ? IDENTITY_EXPORT_INFO[format].fileName : 'the file', `Type **identity map export ${format ?? '{format}'}** when you want it.`)] };
  };

  // ---- the commands -------------------------------------------------------------------------------------------

  const migrationOf = async (turn: TurnFacts, rawId: string): Promise<StoredMigration | string> => {
    const id = rawId.trim().toLowerCase();
    const record = MIGRATION_ID.test(id) ? await migrations.get(turn.tenantId, id) : undefined;
    return record ?? notFound(rawId.trim());
  };

  /** A map in the message itself (a file, or lines after the command), else null. */
  const inMessage = async (turn: TurnFacts, message: IdentityMessage, migration: StoredMigration | null): Promise<IdentityOutcome | null> => {
    if (message.files.length > 0) return checkUpload(turn, message.files, migration);
    const content = identityContent(message.text);
    if (content.trim() === '') return null;
    if (!looksLikeMapLines(content)) {
      return { replies: [`"${clip(content.trim())}" is not an identity map. ${askForMap(migration?.migration.id ?? null)}`] };
    }
    return checkPasted(turn, content, migration);
  };

  return {
    askForMap,

    /** `identity map [lines]`, with or without a file: checked at once, or a wait for the map. */
    async request(turn: TurnFacts, message: IdentityMessage): Promise<IdentityRequestOutcome> {
      const now = await inMessage(turn, message, null);
      return now ?? { replies: [], waitFor: { migrationId: null } };
    },

    /**
     * `identity map for {migration id}`: with a map in the message, checked against the migration's tenants and
     * joined; without, the person's newest map is joined; with none, a wait for one.
     */
    async requestFor(turn: TurnFacts, rawMigrationId: string, message: IdentityMessage): Promise<IdentityRequestOutcome> {
      const migration = await migrationOf(turn, rawMigrationId);
      if (typeof migration === 'string') return { replies: [migration] };
      const personal = turn.conversation.scope === 'personal';
      if (!personal && (message.files.length > 0 || identityContent(message.text).trim() !== '')) {
        // The card would show people's addresses to everyone here: the map is read in the personal chat only.
        return { replies: [`An identity map lists people's addresses, so I read it only in our personal chat: open it and send the map there with **identity map for ${migration.migration.id}**. Typed here without a map, the command joins the map you checked last.`] };
      }
      const now = await inMessage(turn, message, migration);
      if (now) return now;
      const latest = await maps.latest(turn.tenantId, turn.user.id);
      if (latest) return join(turn, migration.migration.id, latest);
      if (!personal) {
        return { replies: [`You have no identity map yet. Identity maps list people's addresses, so I read them in our personal chat: open it and type **identity map for ${migration.migration.id}**.`] };
      }
      return { replies: [], waitFor: { migrationId: migration.migration.id } };
    },

    /** A message while waiting for the map: the map, cancel, help, or something else (then the wait ends). */
    async whileWaiting(turn: TurnFacts, state: IdentityWaitState, message: IdentityMessage): Promise<IdentityWaitOutcome> {
      let migration: StoredMigration | null = null;
      if (state.migrationId) {
        const found = await migrationOf(turn, state.migrationId);
        migration = typeof found === 'string' ? null : found;
      }
      if (message.files.length > 0) return { ...(await checkUpload(turn, message.files, migration)), handled: true, waiting: false };
      const command = normaliseCommandText(message.text);
      if (CANCEL.test(command)) {
        return { replies: ['Stopped: I did not read an identity map. Type **identity map** when you have it.'], handled: true, waiting: false };
      }
      if (HELP.test(command)) return { replies: [askForMap(state.migrationId)], handled: true, waiting: true };
      const isCommand = /^identity[ -]?map\b/i.test(command);
      if (isCommand || command === '' || !looksLikeMapLines(message.text)) {
        // Not the map: a card button, a command or a question. Stop waiting and let the bot answer it as usual.
        return { replies: !isCommand && command !== '' ? ['I stopped waiting for the identity map.'] : [], handled: false, waiting: false };
      }
      return { ...(await checkPasted(turn, message.text, migration)), handled: true, waiting: false };
    },

    /** The card's "Use for" button (or the command with a map id): joins that map. */
    async joinMap(turn: TurnFacts, rawMigrationId: string, mapId: string | null): Promise<IdentityOutcome> {
      const migration = await migrationOf(turn, rawMigrationId);
      if (typeof migration === 'string') return { replies: [migration] };
      const map = await mapFor(turn, mapId);
      if (typeof map === 'string') return { replies: [map] };
      return join(turn, migration.migration.id, map);
    },

    exportFile,
    consentAccepted,
    consentDeclined,
  };
}
