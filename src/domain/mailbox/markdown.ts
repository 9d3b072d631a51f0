/**
 * The readiness and a validation log as Markdown reports a project manager can paste into a change record.
 * Deterministic, like the JSON. Commands go in fenced code blocks (PowerShell) that copy cleanly.
 */
import { SEVERITIES, type Finding, type Severity } from '../findings.js';
import { CLOUD_NAMES } from '../assessment/inputParsing.js';
import { VERDICT_LABELS } from '../assessment/markdown.js';
import { formatNumber } from '../text.js';
import type { ValidationLogReport } from './log.js';
import { causeSentence, groupByCause, logHeadline } from './logSummary.js';
import { BATCH_CSV_FILE, VALIDATION_CSV_FILE } from './names.js';
import type { CommandSide, MailboxCommand, MailboxMoveProfile, MailboxReadiness } from './types.js';

const SEVERITY_HEADINGS: Readonly<Record<Severity, string>> = {
  blocker: 'Blockers', support: 'Needs Microsoft support', action: 'Actions', warning: 'Warnings', info: 'Good to know',
};

export const SIDE_HEADINGS: Readonly<Record<CommandSide, string>> = {
  target: 'Target tenant admin',
  source: 'Source tenant admin',
};

function text(value: string): string {
  return value.replace(/[\r\n]+/g, ' ').replace(/([\\`*_[\]<>|#])/g, '\\$1');
}

/** A fence longer than any run of backticks in the block, so no command can close it early. */
export function codeFence(body: string, language = ''): string {
  const longest = Math.max(2, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${language}\n${body}\n${fence}`;
}

function sourceLine(finding: Finding): string {
  const basis = finding.basis === 'inferred' ? 'inferred; ' : '';
  return `Source (${basis}page dated ${finding.sourceDate ?? 'unknown'}): <${finding.source}>`;
}

/** Commands of one side, in run order, numbered across the whole move so the hand-offs are visible. */
export function commandsBySide(commands: readonly MailboxCommand[]): Array<{ side: CommandSide; items: Array<{ number: number; command: MailboxCommand }> }> {
  return (['target', 'source'] as const).map((side) => ({
    side,
    items: commands.map((command, i) => ({ number: i + 1, command })).filter((x) => x.command.side === side),
  }));
}

export function renderMailboxMarkdown(readiness: MailboxReadiness, profile: MailboxMoveProfile): string {
  const { source, target } = profile;
  const lines: string[] = [];
  lines.push(`# Mailbox move readiness: ${text(source.initialDomain)} to ${text(target.initialDomain)}`, '');
  lines.push(`**Verdict: ${VERDICT_LABELS[readiness.verdict]}.** ${text(readiness.summary)}`, '');
  lines.push(
    `- Source: ${text(source.initialDomain)} (tenant ID ${source.tenantId}), ${CLOUD_NAMES[source.cloud]}`,
    `- Target: ${text(target.initialDomain)} (tenant ID ${target.tenantId}), ${CLOUD_NAMES[target.cloud]}`,
    `- Mailboxes: ${formatNumber(profile.mailboxes)}${profile.users ? ` (${formatNumber(profile.users.length)} listed)` : ''}`,
    '',
  );
  for (const severity of SEVERITIES) {
    const findings = readiness.findings.filter((f) => f.severity === severity);
    if (findings.length === 0) continue;
    lines.push(`## ${SEVERITY_HEADINGS[severity]} (${findings.length})`, '');
    for (const finding of findings) {
      lines.push(`### ${text(finding.title)}`, '', `\`${finding.ruleId}\``, '', text(finding.detail), '', sourceLine(finding), '');
    }
  }
  lines.push('## Commands', '', 'Numbers give the order across both tenants: the target admin starts, and each side waits for the steps before it.', '');
  for (const group of commandsBySide(readiness.commands)) {
    if (group.items.length === 0) continue;
    lines.push(`### ${SIDE_HEADINGS[group.side]}`, '');
    for (const { number, command } of group.items) {
      lines.push(`${number}. ${text(command.purpose)}`, '');
      lines.push(command.kind === 'portal' ? command.command : codeFence(command.command, command.kind === 'powershell' ? 'powershell' : ''), '');
    }
  }
  if (readiness.files) {
    lines.push('## Files', '', `Save these next to the commands, as UTF-8: \`${BATCH_CSV_FILE}\` and \`${VALIDATION_CSV_FILE}\`.`, '');
    lines.push(`### ${BATCH_CSV_FILE}`, '', codeFence(readiness.files.batchCsv.replace(/\r\n$/, '').replace(/\r\n/g, '\n'), 'csv'), '');
    lines.push(`### ${VALIDATION_CSV_FILE}`, '', codeFence(readiness.files.validationCsv.replace(/\r\n$/, '').replace(/\r\n/g, '\n'), 'csv'), '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

export function renderLogMarkdown(report: ValidationLogReport): string {
  const lines: string[] = ['# Validation log', '', `**${text(logHeadline(report))}**`, ''];
  const { counts } = report;
  lines.push(`- Mailboxes: ${formatNumber(counts.mailboxes)}; ready ${formatNumber(counts.ready)}; blocked ${formatNumber(counts.blocked)}`,
    `- Script lines: ${formatNumber(counts.errors)} errors, ${formatNumber(counts.warnings)} warnings; ${formatNumber(counts.unrecognised)} lines not recognised`, '');
  if (report.organization.findings.length > 0) {
    lines.push('## Organisation', '');
    for (const f of report.organization.findings) lines.push(`- **${text(f.title)}** (\`${f.ruleId}\`, line ${f.line}): ${text(f.detail)}`);
    lines.push('');
  }
  const groups = groupByCause(report);
  if (groups.length > 0) {
    lines.push('## Mailboxes by cause', '');
    for (const g of groups) lines.push(`- ${text(causeSentence(g))} ${text(g.fix)}`);
    lines.push('');
  }
  if (report.unrecognised.length > 0) {
    lines.push('## Lines not recognised', '');
    report.unrecognised.slice(0, 50).forEach((l, i) => lines.push(`- line ${report.unrecognisedLines[i]}: ${text(l)}`));
    if (report.unrecognised.length > 50) lines.push(`- and ${formatNumber(report.unrecognised.length - 50)} more`);
    lines.push('');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
