/**
 * Mailbox-move profile in, readiness out (docs/mailbox-moves.md). Pure and deterministic: the same profile gives
 * byte-identical JSON. Shares the finding, verdict and ordering machinery of the assessment engine.
 */
import { compareFindings, verdictFor, type Finding, type Severity } from '../findings.js';
import { formatNumber, plural } from '../text.js';
import { buildCommands, buildFiles } from './commands.js';
import { MAILBOX_RULES, type MailboxRule, type MailboxRuleHit } from './rules.js';
import type { MailboxMoveProfile, MailboxReadiness, ValidationIssue } from './types.js';
import { validateMailboxProfile } from './validate.js';

export function toMailboxFinding(rule: MailboxRule, hit: MailboxRuleHit): Finding {
  return {
    ruleId: rule.id,
    severity: rule.severity,
    environment: null,
    title: hit.title,
    detail: hit.detail,
    source: rule.source.url,
    guidance: rule.guidance,
    basis: rule.basis,
    sourceDate: rule.source.date,
  };
}

const count = (findings: readonly Finding[], severity: Severity): number => findings.filter((f) => f.severity === severity).length;

/** "850 mailboxes from contoso.onmicrosoft.com to fabrikam.onmicrosoft.com can move after 3 actions." */
export function summariseReadiness(p: MailboxMoveProfile, findings: readonly Finding[]): string {
  const subject = `${formatNumber(p.mailboxes)} ${p.mailboxes === 1 ? 'mailbox' : 'mailboxes'} from ${p.source.initialDomain} to ${p.target.initialDomain}`;
  const blockers = count(findings, 'blocker');
  if (blockers > 0) return `${subject} cannot move yet: ${plural(blockers, 'blocker')} to resolve first.`;
  const actions = count(findings, 'action');
  const warnings = count(findings, 'warning');
  if (actions === 0 && warnings === 0) return `${subject} can move as planned.`;
  const after = actions > 0 ? ` after ${plural(actions, 'action')}` : '';
  const warned = warnings > 0 ? `${actions > 0 ? ',' : ''} with ${plural(warnings, 'warning')} to accept` : '';
  return `${subject} can move${after}${warned}.`;
}

/** Assess a validated profile (see validateMailboxProfile). */
export function assessMailboxMove(profile: MailboxMoveProfile): MailboxReadiness {
  const findings: Finding[] = [];
  for (const rule of MAILBOX_RULES) {
    const hit = rule.evaluate(profile);
    if (hit) findings.push(toMailboxFinding(rule, hit));
  }
  findings.sort(compareFindings);
  return {
    verdict: verdictFor(findings.map((f) => f.severity)),
    summary: summariseReadiness(profile, findings),
    findings,
    commands: buildCommands(profile),
    files: buildFiles(profile),
  };
}

export type MailboxAssessOutcome =
  | { ok: true; profile: MailboxMoveProfile; readiness: MailboxReadiness }
  | { ok: false; issues: ValidationIssue[] };

/** Validate untrusted input (parsed JSON, a card's submit data, the interview's draft) and assess it. */
export function assessMailboxInput(input: unknown): MailboxAssessOutcome {
  const validation = validateMailboxProfile(input);
  if (!validation.ok) return validation;
  return { ok: true, profile: validation.profile, readiness: assessMailboxMove(validation.profile) };
}
