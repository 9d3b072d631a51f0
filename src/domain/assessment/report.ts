/**
 * The assessment report as files (`export {id}`): the Markdown report (markdown.ts, unchanged) and the same content as
 * one printable, self-contained HTML page, through the shared printable document (src/domain/printable.ts): verdict,
 * tenants, each environment with its counts, every finding with its rule, scope, basis, guidance, source and the
 * source page's date, and the Marketing state. Pure and deterministic: the same record gives the same bytes.
 */
import { SEVERITIES, type Finding } from '../findings.js';
import { renderPrintableHtml, type PrintDocument, type PrintField, type PrintItem, type PrintSection } from '../printable.js';
import { formatNumber, formatUtc } from '../text.js';
import { CLOUD_NAMES } from './inputParsing.js';
import { COUNTED, SEVERITY_HEADINGS, VERDICT_LABELS, countOf } from './markdown.js';
import { regionLabel } from './rules/rule.js';
import type { Assessment, MigrationProfile, Verdict } from './types.js';

/** Who made the assessment and when, as the record says (all optional: the page shows what it is given). */
export interface ReportMeta {
  assessmentId?: string;
  /** ISO 8601. */
  createdAt?: string | null;
  createdBy?: string | null;
}

export function assessmentFileNames(assessmentId: string): { markdown: string; html: string } {
  const safe = assessmentId.replace(/[^A-Za-z0-9_-]/g, '') || 'assessment';
  return { markdown: `assessment-${safe}.md`, html: `assessment-${safe}.html` };
}

const VERDICT_TONE: Readonly<Record<Verdict, PrintItem['tone']>> = {
  eligible: 'done',
  'eligible-with-actions': 'action',
  'support-required': 'support',
  'not-eligible': 'blocker',
};

function findingItem(f: Finding): PrintItem {
  const inferred = f.basis === 'inferred';
  const fields: PrintField[] = [
    { label: 'Rule', value: f.ruleId },
    { label: 'Applies to', value: f.environment ?? 'All environments (tenant-wide)' },
    { label: 'Basis', value: inferred ? 'Inferred (our judgement; no Microsoft page states it for this case)' : 'Documented' },
    { label: 'Guidance', value: f.guidance === 'legacy' ? 'Older support-path guidance only' : 'Current Microsoft guidance' },
    { label: 'Source', value: f.source, ...(f.source.startsWith('https://') ? { href: f.source } : {}) },
    { label: 'Source date', value: f.sourceDate },
  ];
  return { title: `${inferred ? 'Inferred: ' : ''}${f.title}`, badge: f.severity, fields, text: [f.detail] };
}

export function buildAssessmentDocument(assessment: Assessment, profile: MigrationProfile, meta: ReportMeta = {}): PrintDocument {
  const { source, destination } = profile;
  const head: PrintField[] = [];
  if (meta.assessmentId) head.push({ label: 'Assessment', value: meta.assessmentId });
  if (meta.createdAt) head.push({ label: 'Run', value: `${formatUtc(meta.createdAt)}${meta.createdBy ? ` by ${meta.createdBy}` : ''}` });
  head.push(
    { label: 'Source', value: `${source.tenantDomain}, ${regionLabel(source.region)}, ${CLOUD_NAMES[source.cloud ?? 'commercial']}` },
    { label: 'Destination', value: `${destination.tenantDomain}, ${regionLabel(destination.region)}, ${CLOUD_NAMES[destination.cloud ?? 'commercial']}` },
    { label: 'Verdict', value: VERDICT_LABELS[assessment.verdict] },
  );

  const sections: PrintSection[] = [];
  const inferredCount = assessment.findings.filter((f) => f.basis === 'inferred').length;
  const tenantWide = assessment.findings.filter((f) => f.environment === null);
  const envIntro: string[] = [];
  if (tenantWide.some((f) => f.severity !== 'info')) {
    const parts = COUNTED.filter((s) => countOf(tenantWide, s) > 0).map((s) => `${SEVERITY_HEADINGS[s].toLowerCase()}: ${formatNumber(countOf(tenantWide, s))}`);
    envIntro.push(`The counts are each environment's own; tenant-wide findings apply to all of them (${parts.join(', ')}).`);
  }
  sections.push({
    id: 'environments',
    heading: 'Environments',
    intro: envIntro,
    items: assessment.environments.map((env) => {
      // By name, not position: a stored assessment may be shown with a profile that was edited since.
      const input = profile.environments.find((e) => e.name === env.name);
      return {
        title: env.name,
        badge: VERDICT_LABELS[env.verdict],
        tone: VERDICT_TONE[env.verdict],
        fields: [
          { label: 'Type', value: input?.type ?? 'unknown' },
          { label: 'Region', value: input?.region ?? source.region },
          { label: 'Findings', value: COUNTED.map((s) => `${formatNumber(countOf(env.findings, s))} ${SEVERITY_HEADINGS[s].toLowerCase()}`).join(', ') },
        ],
      };
    }),
  });
  for (const severity of SEVERITIES) {
    const findings = assessment.findings.filter((f) => f.severity === severity);
    if (findings.length === 0) continue;
    sections.push({ id: `findings-${severity}`, heading: `${SEVERITY_HEADINGS[severity]} (${formatNumber(findings.length)})`, items: findings.map(findingItem) });
  }
  if (assessment.marketing) {
    sections.push({
      id: 'marketing',
      heading: 'Marketing after the move',
      intro: ['Business owners should accept this state before the move:'],
      items: assessment.marketing.map((item, index) => ({ title: `${index + 1}. ${item.text}`, fields: [] })),
    });
  }

  const note = inferredCount === 0 ? '' : ` ${inferredCount === 1 ? 'One finding is' : `${formatNumber(inferredCount)} findings are`} marked Inferred: Microsoft's documentation does not cover the case, and the finding is our judgement. Confirm it with Microsoft support before acting on it.`;
  return {
    title: `Migration readiness: ${source.tenantDomain} to ${destination.tenantDomain}`,
    subtitle: `Verdict: ${VERDICT_LABELS[assessment.verdict]}. ${assessment.summary}${note}`,
    meta: head,
    sections,
  };
}

const FOOTER = 'Made by Migration Readiness from the saved assessment. Sources are Microsoft documentation pages with the date each page carried when the rule was checked.';

/** The report as one self-contained, printable HTML page. */
export function renderAssessmentHtml(assessment: Assessment, profile: MigrationProfile, meta: ReportMeta = {}): string {
  return renderPrintableHtml(buildAssessmentDocument(assessment, profile, meta), FOOTER);
}
