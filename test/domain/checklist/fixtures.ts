/**
 * Hand-made profiles and assessments for checklist tests. The assessments are written the way the
 * assessment contract describes them (rule ids, severities, one finding per environment), so these tests
 * pin the checklist to the contract rather than to one engine's output.
 */
import type {
  Assessment, EnvironmentProfile, Finding, MigrationProfile, Severity, Verdict,
} from '../../../src/domain/assessment/types.js';

const T2T = 'https://learn.microsoft.com/power-platform/admin/move-environment-tenant';

export function profile(environments: EnvironmentProfile[], extra: {
  customerLockbox?: boolean; tenantId?: string | null; availableLicenses?: number; activeLicensedUsers?: number;
  availableStorageGb?: MigrationProfile['destination']['availableStorageGb'];
} = {}): MigrationProfile {
  return {
    source: {
      tenantDomain: 'contoso.onmicrosoft.com', region: 'EUR',
      ...(extra.customerLockbox !== undefined ? { customerLockbox: extra.customerLockbox } : {}),
      ...(extra.activeLicensedUsers !== undefined ? { activeLicensedUsers: extra.activeLicensedUsers } : {}),
    },
    destination: {
      tenantDomain: 'fabrikam.onmicrosoft.com', region: 'EUR',
      ...(extra.tenantId === null ? {} : { tenantId: extra.tenantId ?? '66666666-7777-8888-9999-000000000000' }),
      ...(extra.availableLicenses !== undefined ? { availableLicenses: extra.availableLicenses } : {}),
      ...(extra.availableStorageGb !== undefined ? { availableStorageGb: extra.availableStorageGb } : {}),
    },
    environments,
  };
}

export function finding(ruleId: string, severity: Severity, environment: string | null, title = `${ruleId} title`): Finding {
  return {
    ruleId, severity, environment, title, detail: `${ruleId} detail`, source: T2T, guidance: 'current', basis: 'documented', sourceDate: '2026-02-13',
  };
}

const ORDER: Severity[] = ['blocker', 'support', 'action', 'warning', 'info'];

function verdictOf(findings: Finding[]): Verdict {
  if (findings.some((f) => f.severity === 'blocker')) return 'not-eligible';
  if (findings.some((f) => f.severity === 'support')) return 'support-required';
  if (findings.some((f) => f.severity === 'action' || f.severity === 'warning')) return 'eligible-with-actions';
  return 'eligible';
}

/** The always-on findings every environment gets, plus the given ones; verdicts computed per the contract. */
export function assessment(p: MigrationProfile, specific: Finding[]): Assessment {
  const always = p.environments.flatMap((e) => [finding('mapping-file-required', 'info', e.name)]);
  const general = [
    finding('cutover-downtime', 'info', null), finding('backups-not-migrated', 'info', null),
    finding('integrations-reconfigure', 'info', null),
  ];
  const findings = [...specific, ...always, ...general]
    .sort((a, b) => ORDER.indexOf(a.severity) - ORDER.indexOf(b.severity));
  const environments = p.environments.map((e) => {
    const own = findings.filter((f) => f.environment === e.name || f.environment === null);
    return { name: e.name, verdict: verdictOf(own), findings: own };
  });
  const order: Verdict[] = ['eligible', 'eligible-with-actions', 'support-required', 'not-eligible'];
  const verdict = environments.reduce<Verdict>(
    (worst, e) => (order.indexOf(e.verdict) > order.indexOf(worst) ? e.verdict : worst), 'eligible',
  );
  return { verdict, summary: 'test', environments, findings, marketing: null };
}
