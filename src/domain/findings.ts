/**
 * The finding, severity and verdict machinery every readiness engine shares: the Power Platform assessment
 * (assessment/), the Exchange mailbox-move readiness (mailbox/) and whatever workstream comes next. Pure.
 */

export const SEVERITIES = ['blocker', 'support', 'action', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Ordered best to worst. */
export const VERDICTS = ['eligible', 'eligible-with-actions', 'support-required', 'not-eligible'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** Whether today's Microsoft pages state a rule (`current`) or only the older support-path pages (`legacy`). */
export type Guidance = 'current' | 'legacy';

/**
 * How sure a finding is: a Microsoft page states it for this case (`documented`), or no page does and the
 * product draws a conclusion (`inferred`; the finding's detail then says so in its first words).
 */
export const BASES = ['documented', 'inferred'] as const;
export type Basis = (typeof BASES)[number];

export interface Finding {
  ruleId: string;
  severity: Severity;
  /** null for findings that are not about one environment (tenant- or organisation-wide). */
  environment: string | null;
  title: string;
  detail: string;
  source: string;
  guidance: Guidance;
  /** Whether a page states this finding for this case, or we infer it (the detail then says so first). */
  basis: Basis;
  /** The date (YYYY-MM-DD) the source page carried when the rule was last checked against it. */
  sourceDate: string;
}

/** Any blocker -> not-eligible; else any support -> support-required; else action or warning -> with actions. */
export function verdictFor(severities: Iterable<Severity>): Verdict {
  const seen = new Set(severities);
  if (seen.has('blocker')) return 'not-eligible';
  if (seen.has('support')) return 'support-required';
  if (seen.has('action') || seen.has('warning')) return 'eligible-with-actions';
  return 'eligible';
}

export function worstVerdict(verdicts: Iterable<Verdict>): Verdict {
  let worst = 0;
  for (const verdict of verdicts) worst = Math.max(worst, VERDICTS.indexOf(verdict));
  return VERDICTS[worst];
}

/** Code-unit comparison, never localeCompare: the order must not depend on the machine's locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Severity (blocker first), then environment (general findings first, then by name), then rule id. */
export function compareFindings(a: Finding, b: Finding): number {
  return SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity)
    || (a.environment === null ? (b.environment === null ? 0 : -1) : b.environment === null ? 1 : 0)
    || compareText((a.environment ?? '').toLowerCase(), (b.environment ?? '').toLowerCase())
    || compareText(a.environment ?? '', b.environment ?? '')
    || compareText(a.ruleId, b.ruleId);
}
