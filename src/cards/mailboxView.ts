/**
 * View models for the mailbox-move cards: the readiness card (cards/mailboxReadiness.json: verdict, blockers first,
 * each with its fix and source, inferred ones marked; the commands grouped by side, target admin first, each in a
 * monospace block that copies as it is) and the validation-log card (cards/mailboxLog.json: counts, organisation
 * findings, mailboxes grouped by cause with Show more for long lists). Pure: no botbuilder, no I/O, no clock.
 * The fit functions expand the templates and keep each card within the Teams message budget, for 5,000 mailboxes too.
 *
 * Every value the templates read is present (empty strings, booleans for `$when`): adaptivecards-templating drops
 * a property whose expression is undefined.
 */
import { SEVERITIES, type Finding, type Severity, type Verdict } from '../domain/findings.js';
import { VERDICT_LABELS } from '../domain/assessment/markdown.js';
import {
  BLOCKED_CSV_FILE, SIDE_HEADINGS, commandsBySide, groupByCause, logHeadline,
  type MailboxMoveProfile, type MailboxReadiness, type ValidationLogReport,
} from '../domain/mailbox/index.js';
import { formatNumber, plural } from '../domain/text.js';
import { cardUtf16Bytes } from './eligibilityView.js';
import { renderCard } from './renderer.js';

export const MAILBOX_READINESS_TEMPLATE = 'mailboxReadiness';
export const MAILBOX_LOG_TEMPLATE = 'mailboxLog';
/** Same budget as the eligibility card: 72 KB of UTF-16 for the card, the rest of 80 KB for the activity. */
export const MAILBOX_CARD_BUDGET = 72_000;
/** Typed commands the cards' buttons send (as { typed }), so they behave exactly like typing them. */
export const MAILBOX_START_COMMAND = 'mailbox move';
export const MAILBOX_LOG_COMMAND = 'check mailbox log';

type TextColor = 'Default' | 'Good' | 'Warning' | 'Attention' | 'Accent';
type ContainerStyle = 'default' | 'emphasis' | 'good' | 'warning' | 'attention' | 'accent';

interface Badge { label: string; icon: string; color: TextColor; style: ContainerStyle }

const BADGES: Readonly<Record<Verdict, Badge>> = {
  eligible: { label: 'Ready to move', icon: '✔', color: 'Good', style: 'good' },
  'eligible-with-actions': { label: 'Ready after the actions below', icon: '▲', color: 'Warning', style: 'warning' },
  'support-required': { label: VERDICT_LABELS['support-required'], icon: '◆', color: 'Warning', style: 'warning' },
  'not-eligible': { label: 'Not ready: blockers first', icon: '✖', color: 'Attention', style: 'attention' },
};

const HEADINGS: Readonly<Record<Severity, { text: string; color: TextColor }>> = {
  blocker: { text: 'Blockers', color: 'Attention' },
  support: { text: 'Needs Microsoft support', color: 'Warning' },
  action: { text: 'Actions', color: 'Warning' },
  warning: { text: 'Warnings', color: 'Warning' },
  info: { text: 'Good to know', color: 'Default' },
};

/**
 * Text for a TextBlock, which Teams reads as Markdown: characters that would start emphasis, a link or a list are
 * escaped, so an address such as first_last@contoso.com shows as written.
 */
export function cardText(value: string): string {
  return value.replace(/[\r\n]+/g, ' ').replace(/([\\*_[\]`])/g, '\\$1');
}

function host(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

export interface MailboxFindingView {
  title: string;
  detail: string;
  sourceText: string;
  isInferred: boolean;
  inferredNote: string;
}

export interface MailboxSeverityGroupView {
  heading: string;
  color: TextColor;
  findings: MailboxFindingView[];
}

export interface CommandStepView {
  /** "3. Consent to the migration app ..." */
  heading: string;
  /** Exactly the command, for a monospace block (never escaped: it must copy as it is). */
  command: string;
  isPortal: boolean;
  isCode: boolean;
}

export interface CommandSideView {
  heading: string;
  steps: CommandStepView[];
}

export interface MailboxReadinessView {
  title: string;
  badge: Badge;
  summary: string;
  groups: MailboxSeverityGroupView[];
  hasGroups: boolean;
  sides: CommandSideView[];
  commandsNote: string;
  hasFiles: boolean;
  filesNote: string;
  startOverCommand: string;
  logCommand: string;
}

export function findingView(f: Finding): MailboxFindingView {
  const inferred = f.basis === 'inferred';
  return {
    title: cardText(f.title),
    detail: cardText(f.detail),
    sourceText: `Source: [${host(f.source)}](${f.source})${f.sourceDate ? `, page dated ${f.sourceDate}` : ''}`,
    isInferred: inferred,
    inferredNote: inferred ? 'Inferred: no Microsoft page states this for your case.' : '',
  };
}

export function mailboxReadinessView(readiness: MailboxReadiness, profile: MailboxMoveProfile): MailboxReadinessView {
  const groups = SEVERITIES
    .map((severity) => ({ severity, findings: readiness.findings.filter((f) => f.severity === severity) }))
    .filter((g) => g.findings.length > 0)
    .map((g) => ({ heading: `${HEADINGS[g.severity].text} (${g.findings.length})`, color: HEADINGS[g.severity].color, findings: g.findings.map(findingView) }));
  const sides = commandsBySide(readiness.commands)
    .filter((g) => g.items.length > 0)
    .map((g) => ({
      heading: `${SIDE_HEADINGS[g.side]}: ${g.side === 'target' ? profile.target.initialDomain : profile.source.initialDomain}`,
      steps: g.items.map(({ number, command }) => ({
        heading: `${number}. ${cardText(command.purpose)}`,
        command: command.command,
        isPortal: command.kind === 'portal',
        isCode: command.kind !== 'portal',
      })),
    }));
  const users = profile.users?.length ?? 0;
  return {
    title: `Mailbox move: ${profile.source.initialDomain} to ${profile.target.initialDomain}`,
    badge: BADGES[readiness.verdict],
    summary: cardText(readiness.summary),
    groups,
    hasGroups: groups.length > 0,
    sides,
    commandsNote: 'Numbers give the order across both tenants; each admin runs their own steps and waits for the ones before. Secrets are typed into the prompts, never into this chat.',
    hasFiles: readiness.files !== null,
    filesNote: readiness.files ? `The batch and validation CSV files for the ${plural(users, 'listed user')} come with this card.` : '',
    startOverCommand: MAILBOX_START_COMMAND,
    logCommand: MAILBOX_LOG_COMMAND,
  };
}

export function renderMailboxReadinessCard(readiness: MailboxReadiness, profile: MailboxMoveProfile): Record<string, unknown> {
  return renderCard(MAILBOX_READINESS_TEMPLATE, mailboxReadinessView(readiness, profile));
}

// ---------------------------------------------------------------------------------------------- log card

export interface CountView { value: string; label: string; color: TextColor }

export interface CauseGroupView {
  headline: string;
  color: TextColor;
  fix: string;
  shown: string;
  hasShown: boolean;
  hasMore: boolean;
  more: string;
  /** Id of the hidden names; "Show more" toggles them (a second press hides them again). */
  targetId: string;
  showLabel: string;
}

export interface MailboxLogView {
  title: string;
  badge: Badge;
  headline: string;
  counts: CountView[];
  orgFindings: MailboxFindingView[];
  hasOrgFindings: boolean;
  causes: CauseGroupView[];
  hasCauses: boolean;
  unrecognisedNote: string;
  hasUnrecognised: boolean;
  csvNote: string;
  hasCsv: boolean;
  sourceText: string;
}

export interface MailboxLogCardOptions {
  /** Mailbox names shown before "Show more" in each group. */
  shownPerGroup?: number;
  /** Names behind "Show more"; the rest are counted (the CSV file has them all). */
  hiddenPerGroup?: number;
  /** "ctmm-users.log" or "Pasted log". */
  label?: string;
}

export function mailboxLogView(report: ValidationLogReport, options: MailboxLogCardOptions = {}): MailboxLogView {
  const shownPerGroup = options.shownPerGroup ?? 5;
  const hiddenPerGroup = options.hiddenPerGroup ?? 200;
  const { counts } = report;
  const orgBlocked = report.organization.findings.some((f) => f.severity === 'blocker');
  const notReady = counts.mailboxes - counts.ready;
  const badge: Badge = orgBlocked || counts.blocked > 0
    ? { label: orgBlocked ? 'Not ready: fix the organisation setup first' : `${formatNumber(counts.blocked)} blocked`, icon: '✖', color: 'Attention', style: 'attention' }
    : notReady > 0 ? { label: 'Check the mailboxes below', icon: '▲', color: 'Warning', style: 'warning' }
      : { label: 'Every mailbox checked is ready', icon: '✔', color: 'Good', style: 'good' };
  const causes = groupByCause(report).map((g, i) => {
    const shown = g.mailboxes.slice(0, shownPerGroup);
    const hidden = g.mailboxes.slice(shownPerGroup, shownPerGroup + hiddenPerGroup);
    const rest = g.mailboxes.length - shown.length - hidden.length;
    return {
      headline: cardText(`${g.headline}:`),
      color: (g.severity === 'blocker' ? 'Attention' : 'Warning') as TextColor,
      fix: cardText(g.fix),
      shown: cardText(shown.join(', ') + (hidden.length === 0 && rest > 0 ? ` and ${formatNumber(rest)} more` : '')),
      hasShown: shown.length > 0,
      hasMore: hidden.length > 0,
      more: cardText(hidden.join(', ') + (rest > 0 ? ` and ${formatNumber(rest)} more (all are in the CSV file)` : '')),
      targetId: `cause${i}`,
      showLabel: `Show ${formatNumber(hidden.length)} more`,
    };
  });
  return {
    title: `Validation log${options.label ? `: ${cardText(options.label)}` : ''}`,
    badge,
    headline: cardText(logHeadline(report)),
    counts: [
      { value: formatNumber(counts.ready), label: 'Ready', color: 'Good' },
      { value: formatNumber(counts.blocked), label: 'Blocked', color: counts.blocked > 0 ? 'Attention' : 'Default' },
      { value: formatNumber(notReady - counts.blocked), label: 'To check', color: notReady - counts.blocked > 0 ? 'Warning' : 'Default' },
      { value: formatNumber(counts.unrecognised), label: 'Lines not read', color: 'Default' },
    ],
    orgFindings: report.organization.findings.map(findingView),
    hasOrgFindings: report.organization.findings.length > 0,
    causes,
    hasCauses: causes.length > 0,
    unrecognisedNote: counts.unrecognised > 0
      ? `${plural(counts.unrecognised, 'line')} of the log ${counts.unrecognised === 1 ? 'is' : 'are'} not recognised; the first: "${cardText(report.unrecognised[0]!.slice(0, 200))}" (line ${report.unrecognisedLines[0]}).`
      : '',
    hasUnrecognised: counts.unrecognised > 0,
    csvNote: notReady > 0 ? `The ${plural(notReady, 'mailbox', 'mailboxes')} not ready ${notReady === 1 ? 'is' : 'are'} listed in ${BLOCKED_CSV_FILE}, sent to you in personal chat.` : '',
    hasCsv: notReady > 0,
    sourceText: 'Read from the log of Microsoft\'s validation script: [CrossTenantMailboxMigrationValidation](https://microsoft.github.io/CSS-Exchange/Admin/CrossTenantMailboxMigrationValidation/)',
  };
}

export interface FittedMailboxLogCard {
  card: Record<string, unknown>;
  view: MailboxLogView;
  bytes: number;
}

/** The log card within MAILBOX_CARD_BUDGET: fewer names behind Show more until it fits (the CSV has them all). */
export function fitMailboxLogCard(report: ValidationLogReport, label?: string): FittedMailboxLogCard {
  let fitted: FittedMailboxLogCard | null = null;
  for (const [shown, hidden] of [[5, 200], [5, 100], [5, 50], [5, 20], [3, 0], [0, 0]] as const) {
    const view = mailboxLogView(report, { shownPerGroup: shown, hiddenPerGroup: hidden, label });
    const card = renderCard(MAILBOX_LOG_TEMPLATE, view);
    fitted = { card, view, bytes: cardUtf16Bytes(card) };
    if (fitted.bytes <= MAILBOX_CARD_BUDGET) return fitted;
  }
  return fitted!;
}
