/**
 * The mailbox workstream as the migration plan reads it (src/services/planService.ts `MailboxReadinessSource`):
 * the tenant's readiness checks (`mailbox move`), newest first, each with the latest validation log read for the same
 * tenants (`check mailbox log`) as its counts and its causes as findings. Never the mailboxes' addresses.
 *
 * A log names mailboxes, not tenants, so it is matched by the domains of the addresses the script named (kept with
 * the log record): every source-side domain must be one of the readiness check's source domains (initial domain and
 * the custom domains given) and every target-side domain one of the target's. When a check lists no custom domains,
 * we infer that `contoso.com` belongs to `contoso.onmicrosoft.com` (the same first label): Microsoft does not tie the
 * two, so this is our assumption, and a log matched that way says so in its first finding's detail.
 */
import { LOG_MESSAGE_KINDS } from '../domain/mailbox/index.js';
import { EXO_SOURCES } from '../domain/mailbox/sources.js';
import { SEVERITIES, verdictFor, type Finding, type Severity } from '../domain/findings.js';
import type { MailboxRepository, StoredMailboxLogCheck, StoredMailboxReadiness } from '../records/mailboxRepository.js';
import type { MailboxLogLike, MailboxReadinessSource, MailboxRecordLike } from './planService.js';

const lower = (d: string): string => d.trim().toLowerCase();
const firstLabel = (d: string): string => lower(d).split('.')[0] ?? '';

type Match = 'domains' | 'inferred' | null;

function sideMatch(logDomains: readonly string[], tenant: { initialDomain: string; domains?: string[] }): Match {
  if (logDomains.length === 0) return null;
  const known = new Set([lower(tenant.initialDomain), ...(tenant.domains ?? []).map(lower)]);
  if (logDomains.every((d) => known.has(d))) return 'domains';
  if ((tenant.domains ?? []).length > 0) return null;
  const label = firstLabel(tenant.initialDomain);
  return label !== '' && logDomains.every((d) => d === lower(tenant.initialDomain) || firstLabel(d) === label) ? 'inferred' : null;
}

/** How a log belongs to a readiness check: by its domains, by our inference, or not at all. */
export function logMatch(log: StoredMailboxLogCheck, readiness: StoredMailboxReadiness): Match {
  if (!log.domains) return null;
  const source = sideMatch(log.domains.source, readiness.profile.source);
  const target = sideMatch(log.domains.target, readiness.profile.target);
  if (!source || !target) return null;
  return source === 'domains' && target === 'domains' ? 'domains' : 'inferred';
}

const isSeverity = (s: string): s is Severity => (SEVERITIES as readonly string[]).includes(s);

/** The log as the plan reads it: a finding per cause (with the validation script's page as its source). */
export function logForPlan(log: StoredMailboxLogCheck, match: Exclude<Match, null>): MailboxLogLike {
  const page = EXO_SOURCES.validationScript;
  const findings: Finding[] = [];
  for (const g of log.groups) {
    if (!isSeverity(g.severity)) continue;
    const inferred = g.ruleId === 'exo-log-unrecognised';
    findings.push({
      ruleId: g.ruleId, severity: g.severity, environment: null,
      title: `Validation log: ${g.headline}`,
      detail: inferred
        ? 'We infer that these lines need a look: the validation script printed them in words this reader does not know.'
        : `${g.fix ?? LOG_MESSAGE_KINDS.find((k) => k.ruleId === g.ruleId)?.fix ?? 'See the validation script\'s log.'}`,
      source: page.url, sourceDate: page.date, guidance: 'current', basis: inferred ? 'inferred' : 'documented',
    });
  }
  for (const title of log.organization) {
    const kind = LOG_MESSAGE_KINDS.find((k) => k.title === title && k.scope === 'organization');
    if (!kind) continue;
    findings.push({
      ruleId: kind.ruleId, severity: kind.severity, environment: null, title: `Validation log: ${kind.title}`, detail: kind.fix,
      source: page.url, sourceDate: page.date, guidance: 'current', basis: 'documented',
    });
  }
  if (match === 'inferred' && findings.length > 0) {
    const first = findings[0]!;
    findings[0] = {
      ...first,
      basis: 'inferred',
      detail: `Microsoft's documentation does not tie a log's addresses to a tenant; we assume this log belongs to these tenants because its address domains start like their initial domains. ${first.detail}`,
    };
  }
  return {
    id: log.id,
    createdAt: log.createdAt,
    counts: { mailboxes: log.counts.mailboxes, ready: log.counts.ready, blocked: log.counts.blocked },
    verdict: verdictFor(findings.map((f) => f.severity)),
    findings,
  };
}

export function mailboxPlanSource(repository: Pick<MailboxRepository, 'listForTenant'>): MailboxReadinessSource {
  return {
    async listForTenant(tenantId: string): Promise<MailboxRecordLike[]> {
      const all = await repository.listForTenant(tenantId);
      const logs = all.filter((r): r is StoredMailboxLogCheck => r.kind === 'log');
      return all.filter((r): r is StoredMailboxReadiness => r.kind === 'readiness').map((r) => {
        // Newest first: the first log that belongs to this check's tenants, read after the check was made.
        for (const log of logs) {
          if (log.createdAt < r.createdAt) continue;
          const match = logMatch(log, r);
          if (match) return { ...r, log: logForPlan(log, match) };
        }
        return { ...r, log: null };
      });
    },
  };
}
