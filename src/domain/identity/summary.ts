/** The identity map in a few numbers: what the plan, the evidence pack and the assessment's seat check read. */
import type { IdentityMapReport, IdentityMapSummary, IdentitySeverity } from './types.js';

export function summariseIdentityMap(report: IdentityMapReport): IdentityMapSummary {
  const byCheck = new Map<string, { checkId: string; severity: IdentitySeverity; count: number }>();
  for (const p of report.problems) {
    const key = `${p.severity}\n${p.checkId}`;
    const item = byCheck.get(key);
    if (item) item.count++;
    else byCheck.set(key, { checkId: p.checkId, severity: p.severity, count: 1 });
  }
  const problemCounts = [...byCheck.values()].sort((a, b) =>
    (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1) || (a.checkId < b.checkId ? -1 : a.checkId > b.checkId ? 1 : 0));
  return {
    fileName: report.fileName,
    layout: report.layout,
    readable: report.readable,
    counts: { ...report.counts },
    errors: report.errors,
    warnings: report.warnings,
    problemCounts,
  };
}

/**
 * The people each workstream counts, for the assessment's seat check (environments) and the mailbox count
 * (mailboxes). Null when the map has errors: a count from a map still being fixed would mislead both checks.
 */
export function identityCountsForChecks(report: IdentityMapReport): { mappedUsers: number; mailboxes: number; onedrive: number } | null {
  if (!report.readable || report.errors > 0) return null;
  return { mappedUsers: report.counts.environments, mailboxes: report.counts.mailboxes, onedrive: report.counts.onedrive };
}
