/**
 * The evidence pack for a change record: what was checked, by whom and when, against which guidance, and what
 * is still open. Built as one document from record fields only, then printed as Markdown or HTML. Pure and
 * deterministic: the same records give the same bytes (no clock inside; `generatedAt` only when passed).
 */
import { CHECKLIST_PHASE_LABELS, CHECKLIST_PHASES } from '../checklist/types.js';
import { ownerRoleLabel } from '../checklist/roles.js';
import { progress } from '../checklist/state.js';
import { compareFindings, type Finding, type Verdict } from '../findings.js';
import { PHASE_INFO } from '../status/phases.js';
import { formatNumber, plural } from '../text.js';
import { PLAN_WORKSTREAM_LABELS } from '../plan/types.js';
import type {
  EvidenceDocument, EvidenceField, EvidenceInput, EvidenceItem, EvidenceSection,
} from './types.js';

export const VERDICT_TEXT: Readonly<Record<Verdict, string>> = {
  eligible: 'Can move',
  'eligible-with-actions': 'Can move after actions',
  'support-required': 'Needs Microsoft support',
  'not-eligible': 'Cannot move as planned',
};

const STATE_TEXT = { done: 'Done', ready: 'Ready', waiting: 'Waiting', blocked: 'Blocked' } as const;

/** "2026-12-02 10:15 UTC"; '' for a missing or unreadable time. */
export function utc(iso: string | null | undefined): string {
  if (!iso) return 'time not recorded';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return 'time not recorded';
  return `${new Date(t).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/**
 * Free text typed by people and kept in a record (a status note): one line, and nothing that looks like a link
 * or a credential, which a change record must never carry.
 */
export function scrubNote(text: string): string {
  return text
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\b(?:https?|ftp|file):\/\/\S+/gi, '[link removed]')
    .replace(/\bwww\.\S+/gi, '[link removed]')
    .replace(/\b(Bearer)\s+[A-Za-z0-9\-._~+/]{16,}=*/g, '$1 [removed]')
    .replace(/\b(AccountKey|SharedAccessSignature|client_secret|ClientSecret|Password|pwd|sig|tempauth|token)\s*[=:]\s*\S+/gi, '$1=[removed]')
    .replace(/\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]*/g, '[removed]')
    .replace(/[A-Za-z0-9+/_-]{40,}={0,2}/g, '[removed]')
    .replace(/\s+/g, ' ')
    .trim();
}

function findingItem(f: Finding): EvidenceItem {
  const fields: EvidenceField[] = [
    { label: 'Rule', value: f.ruleId },
    { label: 'Environment', value: f.environment ?? 'All (tenant-wide)' },
    { label: 'Basis', value: f.basis === 'inferred' ? 'Inferred (no Microsoft page states it for this case)' : f.basis === 'documented' ? 'Documented' : 'Not declared' },
    { label: 'Guidance', value: f.guidance === 'legacy' ? 'Older support-path guidance' : 'Current guidance' },
    { label: 'Source', value: f.source, ...(f.source.startsWith('https://') ? { href: f.source } : {}) },
    { label: 'Source date', value: f.sourceDate ?? 'not recorded' },
  ];
  return { title: f.title, badge: f.severity, fields, text: [f.detail] };
}

function severityCounts(findings: readonly Finding[]): string {
  const order = ['blocker', 'support', 'action', 'warning', 'info'] as const;
  return order.map((s) => `${formatNumber(findings.filter((f) => f.severity === s).length)} ${s}`).join(', ');
}

export function buildEvidence(input: EvidenceInput): EvidenceDocument {
  const m = input.migration;
  const first = m.history[0];
  const meta: EvidenceField[] = [
    { label: 'Migration', value: m.id },
    { label: 'Source tenant', value: m.sourceTenant ?? 'not given' },
    { label: 'Destination tenant', value: m.destinationTenant ?? 'not given' },
    { label: 'Environment tracked', value: m.environment ?? 'not given' },
    { label: 'Current phase', value: PHASE_INFO[m.phase].label },
    { label: 'Tracking started', value: `${utc(m.createdAt)}${first ? ` by ${first.by.name}` : ''}` },
  ];
  if (input.generatedAt) meta.push({ label: 'Pack generated', value: utc(input.generatedAt) });

  const sections: EvidenceSection[] = [];
  sections.push(openItems(input));
  if (input.plan) sections.push(planSection(input));

  for (const a of input.assessments) {
    const findings = [...a.assessment.findings].sort(compareFindings);
    const intro = [
      `Assessment ${a.id}, run ${utc(a.createdAt)}${a.createdBy ? ` by ${a.createdBy.name}` : ''}.`,
      `Verdict: ${VERDICT_TEXT[a.assessment.verdict]}. ${a.assessment.summary}`,
      `Findings: ${severityCounts(findings)}.`,
      ...a.assessment.environments.map((e) => `Environment ${e.name}: ${VERDICT_TEXT[e.verdict]}.`),
    ];
    if (a.acknowledgement) intro.push(`Marketing post-migration state acknowledged by ${a.acknowledgement.by.name}, ${utc(a.acknowledgement.at)}.`);
    sections.push({ id: `assessment-${a.id}`, heading: `Power Platform assessment ${a.id}`, intro, items: findings.map(findingItem) });
  }

  if (input.mailbox) {
    const mb = input.mailbox;
    const findings = [...mb.findings].sort(compareFindings);
    const counts = mb.counts ?? {};
    const intro = [
      `Checked ${utc(mb.checkedAt)}${mb.checkedBy ? ` by ${mb.checkedBy.name}` : ''}${mb.method === 'validation-log' ? ", from Microsoft's validation script log" : mb.method === 'profile' ? ', from the mailbox-move facts given' : ''}.`,
      `Verdict: ${VERDICT_TEXT[mb.verdict]}.${counts.mailboxes !== undefined ? ` ${plural(counts.mailboxes, 'mailbox', 'mailboxes')}` : ''}${counts.blocked !== undefined ? `, ${formatNumber(counts.blocked)} blocked` : ''}${counts.mailboxes !== undefined || counts.blocked !== undefined ? '.' : ''}`,
      `Findings: ${severityCounts(findings)}.`,
    ];
    sections.push({ id: 'mailbox', heading: 'Mailbox-move readiness', intro, items: findings.map(findingItem) });
  }

  if (input.identityMap) {
    const { summary: s, checkedAt, checkedBy } = input.identityMap;
    const intro = [
      `Checked ${utc(checkedAt)}${checkedBy ? ` by ${checkedBy.name}` : ''}${s.fileName ? `, file ${s.fileName}` : ', pasted'} (${s.layout === 'usermapping' ? 'two-column usermapping.csv' : 'identity map columns'}).`,
      s.readable
        ? `${plural(s.counts.people, 'person', 'people')} mapped: ${formatNumber(s.counts.environments)} for environments, ${formatNumber(s.counts.mailboxes)} for mailboxes, ${formatNumber(s.counts.onedrive)} for OneDrive.`
        : 'The file could not be read.',
      `${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}.`,
    ];
    const items: EvidenceItem[] = s.problemCounts.map((p) => ({ title: p.checkId, badge: p.severity, fields: [{ label: 'Occurrences', value: formatNumber(p.count) }] }));
    sections.push({ id: 'identity-map', heading: 'Identity map', intro, items });
  }

  if (input.checklist) {
    const c = input.checklist;
    const p = progress(c);
    const intro = [`${formatNumber(p.done)} of ${plural(p.total, 'item')} done; ${plural(p.openBlockers, 'blocking item')} open.`];
    const due = CHECKLIST_PHASES.filter((ph) => c.due[ph]).map((ph) => `${CHECKLIST_PHASE_LABELS[ph]} due ${c.due[ph]}`);
    if (due.length > 0) intro.push(`Due dates: ${due.join('; ')}.`);
    const items: EvidenceItem[] = c.items.map((item) => ({
      title: item.text,
      badge: item.done ? 'done' : item.blocker ? 'open, blocking' : 'open',
      fields: [
        { label: 'Phase', value: CHECKLIST_PHASE_LABELS[item.phase] },
        { label: 'Owner', value: ownerRoleLabel(item.owner) },
        { label: 'Done', value: item.done ? `${utc(item.done.at)} by ${item.done.by.name}` : 'not yet' },
        { label: 'Source', value: item.source, ...(item.source.startsWith('https://') ? { href: item.source } : {}) },
        ...(item.ruleIds.length > 0 ? [{ label: 'From findings', value: item.ruleIds.join(', ') }] : []),
      ],
    }));
    sections.push({ id: 'checklist', heading: 'Checklist', intro, items });
  }

  sections.push({
    id: 'history',
    heading: 'Status history',
    intro: [`${plural(m.history.length, 'change')} kept on the record, oldest first.`],
    items: m.history.map((h) => ({
      title: h.from === null ? `Tracking started at ${PHASE_INFO[h.phase].label}` : `${PHASE_INFO[h.from].label} to ${PHASE_INFO[h.phase].label}`,
      badge: `revision ${h.revision}`,
      fields: [
        { label: 'When', value: utc(h.at) },
        { label: 'By', value: `${h.by.name} (${h.via === 'person' ? 'a person' : 'automation'})` },
        ...(h.note ? [{ label: 'Note', value: scrubNote(h.note) }] : []),
      ],
    })),
  });

  return {
    title: `Evidence pack: ${m.name}`,
    subtitle: `${m.sourceTenant ?? 'source tenant not given'} to ${m.destinationTenant ?? 'destination tenant not given'}`,
    meta,
    sections,
  };
}

function planSection(input: EvidenceInput): EvidenceSection {
  const plan = input.plan!;
  const intro = plan.workstreams.map((w) =>
    `${w.label}: ${w.verdict ? VERDICT_TEXT[w.verdict] : w.status === 'not-checked' ? 'not checked' : w.status}. ${w.countsText}`);
  const items: EvidenceItem[] = plan.steps.map((s, i) => {
    const reasons = plan.edges.filter((e) => e.to === s.id);
    return {
      title: `${i + 1}. ${s.title}`,
      badge: STATE_TEXT[s.state],
      fields: [
        { label: 'Workstream', value: PLAN_WORKSTREAM_LABELS[s.workstream] },
        { label: 'Owner', value: s.ownerText },
        ...reasons.map((e) => ({ label: `After step ${plan.steps.findIndex((x) => x.id === e.from) + 1}`, value: `${e.reason} (${e.basis}, ${e.sourceDate})`, href: e.source })),
      ],
      text: s.stateReason ? [s.stateReason] : [],
    };
  });
  return { id: 'plan', heading: 'Plan: the order across workstreams', intro, items };
}

function openItems(input: EvidenceInput): EvidenceSection {
  const items: EvidenceItem[] = [];
  for (const a of input.assessments) {
    for (const f of [...a.assessment.findings].sort(compareFindings)) {
      if (f.severity === 'blocker' || f.severity === 'support') {
        items.push({ title: f.title, badge: f.severity, fields: [{ label: 'From', value: `assessment ${a.id}${f.environment ? `, ${f.environment}` : ''}` }] });
      }
    }
  }
  for (const f of [...(input.mailbox?.findings ?? [])].sort(compareFindings)) {
    if (f.severity === 'blocker' || f.severity === 'support') items.push({ title: f.title, badge: f.severity, fields: [{ label: 'From', value: 'mailbox-move readiness' }] });
  }
  const map = input.identityMap?.summary;
  if (map && (!map.readable || map.errors > 0)) {
    items.push({ title: `The identity map has ${plural(map.readable ? map.errors : 1, 'error')}`, badge: 'open', fields: [{ label: 'From', value: 'identity map' }] });
  }
  if (!input.identityMap) items.push({ title: 'No identity map has been checked', badge: 'open', fields: [{ label: 'From', value: 'identity map' }] });
  for (const item of input.checklist?.items ?? []) {
    if (item.done === null && item.blocker) items.push({ title: item.text, badge: 'open, blocking', fields: [{ label: 'Owner', value: ownerRoleLabel(item.owner) }, { label: 'From', value: 'checklist' }] });
  }
  const open = input.checklist ? input.checklist.items.filter((i) => i.done === null && !i.blocker).length : 0;
  for (const s of input.plan?.steps ?? []) {
    if (s.state === 'blocked') items.push({ title: s.title, badge: 'blocked', fields: [{ label: 'Owner', value: s.ownerText }, { label: 'Why', value: s.stateReason }] });
  }
  for (const e of input.plan?.excluded ?? []) items.push({ title: `${e.environment} is not in the move`, badge: 'excluded', fields: [{ label: 'Why', value: e.reason }] });
  const intro = items.length === 0 ? ['Nothing blocking is open.'] : [`${plural(items.length, 'open item')}.`];
  if (open > 0) intro.push(`${plural(open, 'other checklist item')} not yet done (listed under Checklist).`);
  return { id: 'open', heading: 'What is still open', intro, items };
}
