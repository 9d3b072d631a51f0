/**
 * The assessment as a Markdown report a project manager can paste into a change record: verdict, the
 * environments, every finding with its reason and source, the Marketing state. Deterministic, like the JSON.
 */
import type { Assessment, Finding, MigrationProfile, Severity, Verdict } from './types.js';
import { SEVERITIES } from './types.js';
import { CLOUD_NAMES } from './inputParsing.js';
import { regionLabel } from './rules/rule.js';

export const VERDICT_LABELS: Readonly<Record<Verdict, string>> = {
  eligible: 'Eligible',
  'eligible-with-actions': 'Eligible with actions',
  'support-required': 'Microsoft support required',
  'not-eligible': 'Not eligible',
};

/** Each severity's heading in the reports (this Markdown and the printable page, report.ts). */
export const SEVERITY_HEADINGS: Readonly<Record<Severity, string>> = {
  blocker: 'Blockers',
  support: 'Needs Microsoft support',
  action: 'Actions',
  warning: 'Warnings',
  info: 'Good to know',
};

/** Escape the characters that would turn user text (names, domains) into markup or break a table row. */
function text(value: string): string {
  return value.replace(/[\r\n]+/g, ' ').replace(/([\\`*_[\]<>|#])/g, '\\$1');
}

/** The severities the reports count (info is not counted). */
export const COUNTED: readonly Severity[] = ['blocker', 'support', 'action', 'warning'];

export function countOf(findings: readonly Finding[], severity: Severity): number {
  return findings.filter((finding) => finding.severity === severity).length;
}

function counts(findings: readonly Finding[]): string {
  return COUNTED.map((severity) => countOf(findings, severity)).join(' | ');
}

export function renderMarkdown(assessment: Assessment, profile: MigrationProfile): string {
  const { source, destination } = profile;
  const lines: string[] = [];
  lines.push(`# Migration readiness: ${text(source.tenantDomain)} to ${text(destination.tenantDomain)}`, '');
  lines.push(`**Verdict: ${VERDICT_LABELS[assessment.verdict]}.** ${text(assessment.summary)}`, '');
  const inferredCount = assessment.findings.filter((finding) => finding.basis === 'inferred').length;
  if (inferredCount > 0) {
    lines.push(`${inferredCount === 1 ? 'One finding is' : `${inferredCount} findings are`} marked **Inferred**: Microsoft's `
      + 'documentation does not cover the case, and the finding is our judgement. Confirm it with Microsoft support before acting on it.', '');
  }
  lines.push(
    `- Source: ${text(source.tenantDomain)}, ${regionLabel(source.region)}, ${CLOUD_NAMES[source.cloud ?? 'commercial']}`,
    `- Destination: ${text(destination.tenantDomain)}, ${regionLabel(destination.region)}, ${CLOUD_NAMES[destination.cloud ?? 'commercial']}`,
    '',
  );

  lines.push('## Environments', '');
  lines.push('| Environment | Type | Region | Verdict | Blockers | Support | Actions | Warnings |');
  lines.push('|---|---|---|---|---|---|---|---|');
  for (const env of assessment.environments) {
    // By name, not position: a stored assessment may be shown with a profile that was edited since.
    const input = profile.environments.find((e) => e.name === env.name);
    lines.push(`| ${text(env.name)} | ${input?.type ?? 'unknown'} | ${input?.region ?? source.region} | ${VERDICT_LABELS[env.verdict]} | ${counts(env.findings)} |`);
  }
  const tenantWide = assessment.findings.filter((finding) => finding.environment === null);
  if (tenantWide.some((finding) => finding.severity !== 'info')) {
    const parts = COUNTED.filter((severity) => countOf(tenantWide, severity) > 0)
      .map((severity) => `${SEVERITY_HEADINGS[severity].toLowerCase()}: ${countOf(tenantWide, severity)}`);
    lines.push('', `The counts above are each environment's own; tenant-wide findings apply to all of them (${parts.join(', ')}).`);
  }
  lines.push('');

  for (const severity of SEVERITIES) {
    const findings = assessment.findings.filter((finding) => finding.severity === severity);
    if (findings.length === 0) continue;
    lines.push(`## ${SEVERITY_HEADINGS[severity]} (${findings.length})`, '');
    for (const finding of findings) {
      const scope = finding.environment === null ? 'all environments' : text(finding.environment);
      const inferred = finding.basis === 'inferred';
      lines.push(`### ${inferred ? 'Inferred: ' : ''}${text(finding.title)}`, '');
      lines.push(`*${scope}* · \`${finding.ruleId}\` · ${inferred ? '**inferred** (our judgement; no Microsoft page states it)' : 'documented'}`, '');
      lines.push(text(finding.detail), '');
      const guidance = finding.guidance === 'current' ? 'current Microsoft guidance' : 'older support-path guidance only';
      lines.push(`Source (${guidance}, page dated ${finding.sourceDate}): <${finding.source}>`, '');
    }
  }

  if (assessment.marketing) {
    lines.push('## Marketing after the move', '');
    lines.push('Business owners should accept this state before the move:', '');
    assessment.marketing.forEach((item, index) => lines.push(`${index + 1}. ${text(item.text)}`));
    lines.push('');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
