/**
 * Migration profile in, assessment out (docs/assessment.md). Pure and deterministic: the same profile gives
 * byte-identical JSON.
 */
import {
  type Assessment, type EnvironmentAssessment, type EnvironmentProfile, type Finding, type MigrationProfile,
  type Severity, type ValidationIssue, type Verdict,
} from './types.js';
import { compareFindings, verdictFor, worstVerdict } from '../findings.js';
import { marketingState } from './marketing.js';
import { PER_ENVIRONMENT_RULES, TENANT_WIDE_RULES, type Rule, type RuleHit } from './rules/index.js';
import { plural } from './rules/rule.js';
import { validateProfile } from './validateProfile.js';

function toFinding(rule: Rule, hit: RuleHit, environment: string | null): Finding {
  return {
    ruleId: rule.id,
    severity: hit.confirm ? 'action' : rule.severity,
    environment,
    title: hit.title,
    detail: hit.detail,
    source: rule.source.url,
    guidance: rule.guidance,
    basis: hit.inferred ? 'inferred' : rule.basis,
    sourceDate: rule.source.date,
  };
}

export { compareFindings, verdictFor, worstVerdict } from '../findings.js';

function environmentFindings(env: EnvironmentProfile, profile: MigrationProfile): Finding[] {
  const findings: Finding[] = [];
  for (const rule of PER_ENVIRONMENT_RULES) {
    const hit = rule.evaluate(env, profile);
    if (hit) findings.push(toFinding(rule, hit, env.name));
  }
  return findings.sort(compareFindings);
}

function countBy(findings: readonly Finding[], severity: Severity): number {
  return findings.filter((finding) => finding.severity === severity).length;
}

/**
 * "1 of 2 environments can move after 4 actions; 1 cannot move." Actions and warnings are counted over the
 * environments with that verdict, tenant-wide findings once.
 */
function summarise(environments: readonly EnvironmentAssessment[], tenantFindings: readonly Finding[]): string {
  const total = environments.length;
  const groups: Array<{ verdict: Verdict; text: (count: number, subject: string) => string }> = [
    { verdict: 'eligible', text: (_n, subject) => `${subject} can move as planned` },
    {
      verdict: 'eligible-with-actions',
      text: (_n, subject) => {
        const involved = environments.filter((env) => env.verdict === 'eligible-with-actions');
        const findings = [...tenantFindings, ...involved.flatMap((env) => env.findings)];
        const actions = countBy(findings, 'action');
        const warnings = countBy(findings, 'warning');
        const after = actions > 0 ? ` after ${plural(actions, 'action')}` : '';
        const warned = warnings > 0 ? `${actions > 0 ? ',' : ''} with ${plural(warnings, 'warning')} to accept` : '';
        return `${subject} can move${after}${warned}`;
      },
    },
    { verdict: 'support-required', text: (n, subject) => `${subject} ${n === 1 ? 'needs' : 'need'} Microsoft support` },
    { verdict: 'not-eligible', text: (_n, subject) => `${subject} cannot move` },
  ];
  const everyOne = total === 2 ? 'Both environments' : `All ${total} environments`;
  if (total === 1) {
    const [env] = environments;
    return `${groups.find((group) => group.verdict === env.verdict)!.text(1, env.name)}.`;
  }
  const parts: string[] = [];
  for (const group of groups) {
    const count = environments.filter((env) => env.verdict === group.verdict).length;
    if (count === 0) continue;
    if (count === total && group.verdict === 'not-eligible') {
      parts.push(total === 2 ? 'Neither environment can move' : `None of the ${total} environments can move`);
      continue;
    }
    const subject = parts.length > 0 ? String(count) : count === total ? everyOne : `${count} of ${total} environments`;
    parts.push(group.text(count, subject));
  }
  return `${parts.join('; ')}.`;
}

/** Assess a validated profile (see validateProfile). */
export function assess(profile: MigrationProfile): Assessment {
  const tenantFindings: Finding[] = [];
  for (const rule of TENANT_WIDE_RULES) {
    const hit = rule.evaluate(profile);
    if (hit) tenantFindings.push(toFinding(rule, hit, null));
  }
  const tenantSeverities = tenantFindings.map((finding) => finding.severity);
  // Tenant-wide findings (a same-tenant blocker, say) bind every environment, so they count in each verdict;
  // each environment lists only its own findings, and the top-level list has them all.
  const environments: EnvironmentAssessment[] = profile.environments.map((env) => {
    const findings = environmentFindings(env, profile);
    return {
      name: env.name,
      verdict: verdictFor([...tenantSeverities, ...findings.map((finding) => finding.severity)]),
      findings,
    };
  });
  const findings = [...tenantFindings, ...environments.flatMap((env) => env.findings)].sort(compareFindings);
  return {
    verdict: worstVerdict(environments.map((env) => env.verdict)),
    summary: summarise(environments, tenantFindings),
    environments,
    findings,
    marketing: profile.environments.some((env) => env.solutions?.includes('marketing')) ? marketingState() : null,
  };
}

export type AssessOutcome = { ok: true; profile: MigrationProfile; assessment: Assessment } | { ok: false; issues: ValidationIssue[] };

/** Validate untrusted input (parsed JSON, a card's submit data) and assess it. */
export function assessInput(input: unknown): AssessOutcome {
  const validation = validateProfile(input);
  if (!validation.ok) return validation;
  return { ok: true, profile: validation.profile, assessment: assess(validation.profile) };
}
