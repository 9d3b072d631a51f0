/**
 * The identity map's check card (cards/identityMap.json): people per workstream, the problems grouped by check with
 * the lines or rows they are on, the export buttons (when the map has no error) and, for the person's migrations, a
 * button that joins the map to one. Pure: no botbuilder, no I/O, no clock.
 *
 * Every value the template reads is present (empty strings, booleans for `$when`): adaptivecards-templating
 * silently drops a property whose expression is undefined. Values from the file are shown as text (a "${" is
 * broken so templating never expands it).
 */
import { IDENTITY_EXPORT_INFO, IDENTITY_EXPORTS, type IdentityExportFormat, type IdentityMapReport, type IdentityProblem } from '../domain/identity/index.js';
import { MAPPING_CHECKS } from '../domain/mapping/index.js';
import { countText, formatNumber } from '../domain/text.js';
import { cardUtf16Bytes } from './eligibilityView.js';
import { renderCard } from './renderer.js';

export const IDENTITY_MAP_TEMPLATE = 'identityMap';
/** Action.Execute verb of the export buttons; data `{ mapId, format }` plus the card's `sourceTenantId` input. */
export const IDENTITY_EXPORT_VERB = 'identity.export';
/** Action.Execute verb of the "Use for migration" buttons; data `{ mapId, migrationId }`. */
export const IDENTITY_JOIN_VERB = 'identity.join';
/** Same budget as the other fitted cards: 72 KB of UTF-16 for the card, the rest of 80 KB for the activity. */
export const IDENTITY_CARD_BUDGET = 72 * 1024;
/** Lines or rows named per problem; the rest are counted. */
export const LINES_NAMED = 12;
/** Migrations offered as buttons. */
export const MIGRATION_BUTTONS = 3;

const TITLES: Readonly<Record<string, string>> = {
  'id-header': 'Header row',
  'id-column-unknown': 'Column not used',
  'id-column-repeated': 'Column named twice',
  'id-cells': 'Too many values',
  'id-email-conflict': 'Address of two people',
  'id-object-id-format': 'TargetObjectId format',
  'id-object-id-duplicate': 'TargetObjectId of two people',
  'id-workstreams': 'Workstreams value',
};

const WORKSTREAM_LABELS: Readonly<Record<IdentityExportFormat, string>> = {
  usermapping: 'usermapping.csv (environments)',
  'exchange-batch': 'Exchange batch (mailboxes)',
  'exchange-validation': 'Exchange validation (mailboxes)',
  onedrive: 'OneDrive identity map',
};

export type IdentityStatus = 'ready' | 'ready-with-warnings' | 'fix-needed' | 'unreadable';

export interface IdentityBadgeView {
  label: string;
  icon: string;
  color: 'Good' | 'Warning' | 'Attention';
  style: 'good' | 'warning' | 'attention';
}

const BADGES: Record<IdentityStatus, IdentityBadgeView> = {
  ready: { label: 'No problems found: ready to export', icon: '✓', color: 'Good', style: 'good' },
  'ready-with-warnings': { label: 'No errors; check the warnings, then export', icon: '⚠', color: 'Warning', style: 'warning' },
  'fix-needed': { label: 'Fix these errors: nothing is exported until then', icon: '✗', color: 'Attention', style: 'attention' },
  unreadable: { label: 'Not read: send a CSV or an Excel workbook (.xlsx)', icon: '✗', color: 'Attention', style: 'attention' },
};

export interface IdentityProblemItemView {
  where: string;
  message: string;
  fix: string;
}

export interface IdentityGroupView {
  heading: string;
  color: 'Attention' | 'Warning';
  items: IdentityProblemItemView[];
  hasMore: boolean;
  moreNote: string;
}

export interface IdentityExportButtonView {
  title: string;
  verb: string;
  format: IdentityExportFormat;
}

export interface IdentityJoinButtonView {
  title: string;
  verb: string;
  migrationId: string;
}

export interface IdentityMapView {
  mapId: string;
  title: string;
  fileLabel: string;
  badge: IdentityBadgeView;
  counts: Array<{ value: string; label: string; color: 'Default' | 'Good' | 'Warning' | 'Attention' }>;
  workstreams: Array<{ title: string; value: string }>;
  columnsNote: string;
  hasGroups: boolean;
  groups: IdentityGroupView[];
  hasGroupsNote: boolean;
  groupsNote: string;
  canExport: boolean;
  exports: IdentityExportButtonView[];
  hasOneDrive: boolean;
  oneDriveVerb: string;
  hasJoins: boolean;
  joins: IdentityJoinButtonView[];
  footer: string;
}

export interface IdentityCardOptions {
  mapId: string;
  /** The person's open migrations, newest first (buttons for the first MIGRATION_BUTTONS). */
  migrations?: ReadonlyArray<{ id: string; name: string }>;
  /** Problems named per check on the card (the rest are counted). */
  perCheck?: number;
}

function safe(text: string): string {
  return text.replace(/\$\{/g, '$\u200B{');
}

export function identityStatus(report: Pick<IdentityMapReport, 'readable' | 'errors' | 'warnings'>): IdentityStatus {
  if (!report.readable) return 'unreadable';
  if (report.errors > 0) return 'fix-needed';
  return report.warnings > 0 ? 'ready-with-warnings' : 'ready';
}

export function identityCheckTitle(checkId: string): string {
  return TITLES[checkId] ?? (MAPPING_CHECKS as Record<string, { title: string } | undefined>)[checkId]?.title ?? checkId;
}

/** "Rows 3, 9 and 12" or "Lines 2-14, ... and 1,988 more": where a problem is, in the file's own numbering. */
export function whereText(lines: readonly number[], workbook: boolean): string {
  if (lines.length === 0) return 'The whole file';
  const noun = workbook ? (lines.length === 1 ? 'Row' : 'Rows') : (lines.length === 1 ? 'Line' : 'Lines');
  const named = lines.slice(0, LINES_NAMED).map((l) => formatNumber(l));
  const rest = lines.length - named.length;
  return `${noun} ${named.join(', ')}${rest > 0 ? ` and ${formatNumber(rest)} more` : ''}`;
}

/** The card's view model for a checked map. */
export function identityMapView(report: IdentityMapReport, options: IdentityCardOptions): IdentityMapView {
  const perCheck = Math.max(0, options.perCheck ?? 10);
  const workbook = report.encoding === 'xlsx-read';
  const status = identityStatus(report);

  const byCheck = new Map<string, IdentityProblem[]>();
  for (const p of report.problems) {
    const key = `${p.severity}\n${p.checkId}`;
    const list = byCheck.get(key);
    if (list) list.push(p);
    else byCheck.set(key, [p]);
  }
  const groups: IdentityGroupView[] = [...byCheck.values()].map((list) => {
    const first = list[0]!;
    const shown = list.slice(0, perCheck);
    const rest = list.length - shown.length;
    return {
      heading: safe(`${first.severity === 'error' ? '✗' : '⚠'} ${first.severity === 'error' ? 'Error' : 'Warning'}: ${identityCheckTitle(first.checkId)} (${formatNumber(list.length)})`),
      color: first.severity === 'error' ? 'Attention' : 'Warning',
      items: shown.map((p) => ({
        where: whereText(p.lines, workbook),
        message: safe(p.message),
        fix: safe(`How to fix: ${p.fix}`),
      })),
      hasMore: rest > 0,
      moreNote: rest > 0 ? `And ${countText(rest, 'more problem')} like this, not listed here: fix these first, then send the map again.` : '',
    };
  });
  const named = groups.reduce((n, g) => n + g.items.length, 0);
  const groupsNote = report.problems.length > named && named === 0
    ? `${countText(report.errors, 'error')} and ${countText(report.warnings, 'warning')}: too many to list on one card. Fix the map and send it again.`
    : '';

  const canExport = report.readable && report.errors === 0 && report.counts.people > 0;
  const exports = canExport
    ? IDENTITY_EXPORTS.filter((f) => f !== 'onedrive' && report.counts[IDENTITY_EXPORT_INFO[f].workstream] > 0)
      .map((format) => ({ title: WORKSTREAM_LABELS[format], verb: IDENTITY_EXPORT_VERB, format }))
    : [];
  const hasOneDrive = canExport && report.counts.onedrive > 0;
  const joins = (options.migrations ?? []).slice(0, MIGRATION_BUTTONS).map((m) => ({
    title: safe(`Use for ${m.id} (${m.name.length > 40 ? `${m.name.slice(0, 37)}...` : m.name})`),
    verb: IDENTITY_JOIN_VERB,
    migrationId: m.id,
  }));
  const c = report.counts;
  return {
    mapId: options.mapId,
    title: 'Identity map check',
    fileLabel: safe(report.fileName ?? (workbook ? 'Workbook' : 'Pasted lines')),
    badge: BADGES[status],
    counts: [
      { value: formatNumber(c.people), label: c.people === 1 ? 'person' : 'people', color: 'Default' },
      { value: formatNumber(report.errors), label: report.errors === 1 ? 'error' : 'errors', color: report.errors > 0 ? 'Attention' : 'Good' },
      { value: formatNumber(report.warnings), label: report.warnings === 1 ? 'warning' : 'warnings', color: report.warnings > 0 ? 'Warning' : 'Good' },
    ],
    workstreams: [
      { title: 'Environments', value: formatNumber(c.environments) },
      { title: 'Mailboxes', value: formatNumber(c.mailboxes) },
      { title: 'OneDrive', value: formatNumber(c.onedrive) },
      { title: workbook ? 'Rows read' : 'Lines read', value: formatNumber(report.dataRows) },
    ],
    columnsNote: report.layout === 'usermapping'
      ? 'Read as a two-column usermapping.csv: every person counts for every workstream.'
      : report.columns.length > 0 ? `Columns read: ${report.columns.join(', ')}.` : 'No columns read.',
    hasGroups: named > 0,
    groups: groups.filter((g) => g.items.length > 0),
    hasGroupsNote: groupsNote !== '',
    groupsNote,
    canExport,
    exports,
    hasOneDrive,
    oneDriveVerb: IDENTITY_EXPORT_VERB,
    hasJoins: joins.length > 0,
    joins,
    footer: canExport
      ? 'People with a problem of their own are not counted. Exports are files in this chat; each holds the people listed for its workstream.'
      : 'People with a problem of their own are not counted. Nothing is exported while the map has an error.',
  };
}

export interface FittedIdentityCard {
  card: Record<string, unknown>;
  view: IdentityMapView;
  bytes: number;
}

/** The card within IDENTITY_CARD_BUDGET: fewer problems named per check until it fits. */
export function fitIdentityMapCard(report: IdentityMapReport, options: IdentityCardOptions): FittedIdentityCard {
  let fitted: FittedIdentityCard | null = null;
  for (const perCheck of [options.perCheck ?? 10, 5, 3, 1, 0]) {
    const view = identityMapView(report, { ...options, perCheck });
    const card = renderCard(IDENTITY_MAP_TEMPLATE, view);
    fitted = { card, view, bytes: cardUtf16Bytes(card) };
    if (fitted.bytes <= IDENTITY_CARD_BUDGET) return fitted;
  }
  return fitted!;
}

/** The one-line headline of a check (the message's text beside the card, and its notification). */
export function identityHeadline(report: IdentityMapReport): string {
  if (!report.readable) return 'The identity map could not be read.';
  const people = countText(report.counts.people, 'person', 'people');
  if (report.errors > 0) return `Identity map: ${countText(report.errors, 'error')} to fix; ${people} without a problem so far.`;
  return `Identity map: ${people} checked${report.warnings > 0 ? `, ${countText(report.warnings, 'warning')}` : ''}.`;
}
