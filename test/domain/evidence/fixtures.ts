/** A migration with every kind of record, built with the real domain functions, for the evidence pack tests. */
import { assess } from '../../../src/domain/assessment/index.js';
import type { MigrationProfile } from '../../../src/domain/assessment/types.js';
import { buildChecklist, toggleItem } from '../../../src/domain/checklist/index.js';
import type { EvidenceInput } from '../../../src/domain/evidence/index.js';
import { checkIdentityMap, summariseIdentityMap } from '../../../src/domain/identity/index.js';
import { buildPlan } from '../../../src/domain/plan/index.js';
import { applyStatusChange, createMigration, type MigrationStatus } from '../../../src/domain/status/index.js';
import { finding } from '../plan/fixtures.js';

export const profile: MigrationProfile = {
  source: { tenantDomain: 'contoso.onmicrosoft.com', region: 'EUR', activeLicensedUsers: 40 },
  destination: { tenantDomain: 'fabrikam.onmicrosoft.com', tenantId: '66666666-7777-8888-9999-000000000000', region: 'EUR', availableLicenses: 50, paidSubscription: true },
  environments: [
    { name: 'Sales <EU>', type: 'production', mappedUsers: 30, solutions: ['canvas-non-solution-aware', 'power-automate', 'mailboxes'] },
    { name: 'Dev', type: 'developer' },
  ],
};

function ok(result: ReturnType<typeof createMigration>): MigrationStatus {
  if (!result.ok) throw new Error(result.message);
  return result.migration;
}

export function everyRecord(): EvidenceInput {
  const assessment = assess(profile);
  let migration = ok(createMigration({
    id: 'm-ab12cd34', name: 'Contoso & Fabrikam', environment: 'Sales <EU>', sourceTenant: 'contoso.onmicrosoft.com',
    destinationTenant: 'fabrikam.onmicrosoft.com', assessmentId: 'a-1', phase: 'submitted',
    by: { name: 'Pat <PM>', id: 'aad-pat' }, via: 'person', at: new Date('2026-11-20T09:00:00Z'), note: 'Started after the CAB on Monday',
  }));
  migration = ok(applyStatusChange(migration, {
    phase: 'awaiting-approval', by: { name: 'Status bot' }, via: 'automation', at: new Date('2026-11-21T10:30:00Z'),
    note: 'see https://contoso.sharepoint.com/x.csv?tempauth=SECRET-TEMPAUTH-123 and client_secret=SECRET-CLIENT-456',
  }));
  let checklist = buildChecklist(profile, assessment, { assessmentId: 'a-1', createdAt: new Date('2026-11-20T09:05:00Z') });
  const t = toggleItem(checklist, checklist.items[0].id, { id: 'aad-ada', name: 'Ada Admin' }, new Date('2026-11-22T08:00:00Z'), 'key-1');
  if (!t.ok) throw new Error(t.message);
  checklist = t.checklist;
  const report = checkIdentityMap({ text: 'Source,Target,Workstreams\nada@contoso.onmicrosoft.com,ada@fabrikam.onmicrosoft.com,\nbob@contoso.onmicrosoft.com,bob@contoso.onmicrosoft.com,mailboxes\n', fileName: 'people.csv' });
  const identity = summariseIdentityMap(report);
  const mailbox = {
    verdict: 'not-eligible' as const,
    findings: [
      finding('exo-hold', 'blocker', null, { title: 'A mailbox is on litigation hold', source: 'https://learn.microsoft.com/microsoft-365/enterprise/cross-tenant-mailbox-migration', sourceDate: '2024-02-01' }),
      finding('exo-batch-size', 'warning', null, { basis: 'inferred', detail: "Microsoft's documentation does not cover batches this size; we assume 2,000 per batch." }),
    ],
    counts: { mailboxes: 2, blocked: 1 },
  };
  const plan = buildPlan({
    migration: { id: migration.id, name: migration.name, sourceTenant: migration.sourceTenant, destinationTenant: migration.destinationTenant, phase: migration.phase, environment: migration.environment },
    assessments: [{ id: 'a-1', assessment }],
    mailbox,
    identityMap: identity,
    checklist: { done: 1, total: checklist.items.length, openBlockers: 0 },
  });
  return {
    migration,
    assessments: [{ id: 'a-1', createdAt: '2026-11-19T16:00:00.000Z', createdBy: { name: 'Ada Admin' }, assessment }],
    mailbox: { ...mailbox, checkedAt: '2026-11-19T17:00:00.000Z', checkedBy: { name: 'Eve Exchange' }, method: 'validation-log' },
    identityMap: { summary: identity, checkedAt: '2026-11-19T18:00:00.000Z', checkedBy: { name: 'Pat <PM>' } },
    checklist,
    plan,
  };
}
