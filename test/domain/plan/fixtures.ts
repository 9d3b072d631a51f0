/** Small builders for plan, card and evidence tests: assessments and findings as the engines shape them. */
import type { Assessment } from '../../../src/domain/assessment/types.js';
import { verdictFor, worstVerdict, type Finding, type Severity } from '../../../src/domain/findings.js';

export function finding(ruleId: string, severity: Severity, environment: string | null, extra: Partial<Finding> = {}): Finding {
  return {
    ruleId, severity, environment,
    title: `${ruleId} title`,
    detail: `${ruleId} detail`,
    source: 'https://learn.microsoft.com/power-platform/admin/move-environment-tenant',
    guidance: 'current',
    basis: 'documented',
    sourceDate: '2026-02-13',
    ...extra,
  };
}

/** An assessment of the named environments; each gets the findings given for it plus tenant-wide ones. */
export function assessment(envs: Record<string, Array<[string, Severity]>>, tenantWide: Array<[string, Severity]> = []): Assessment {
  const findings: Finding[] = [];
  const environments = Object.entries(envs).map(([name, list]) => {
    const own = list.map(([id, sev]) => finding(id, sev, name));
    findings.push(...own);
    return { name, verdict: verdictFor([...own, ...tenantWide.map(([, s]) => ({ severity: s }))].map((f) => f.severity)), findings: own };
  });
  findings.push(...tenantWide.map(([id, sev]) => finding(id, sev, null)));
  return {
    verdict: worstVerdict(environments.map((e) => e.verdict)),
    summary: `${environments.length} environments`,
    environments,
    findings,
    marketing: null,
  };
}
