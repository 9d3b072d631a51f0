/**
 * Public documentation each checklist item cites. The legacy URL pins the support-ticket version of the
 * tenant-to-tenant page (Microsoft's docs repository, 2022-11-04 revision): today's page no longer states
 * the rehearsal, subscription, licence-count and storage prerequisites, so they cite the text that did.
 */
import { DOCS } from '../assessment/sources.js';

export const CHECKLIST_SOURCES = {
  tenantMove: DOCS.tenantMove,
  tenantMoveSupportPath: DOCS.tenantMoveSupportPath,
  submitMigrationRequest:
    'https://learn.microsoft.com/powershell/module/microsoft.powerapps.administration.powershell/tenanttotenant-submitmigrationrequest',
  lockbox: DOCS.lockbox,
  canvasPackages: DOCS.canvasPackages,
  marketingTenantMove: DOCS.marketingTenantMove,
  mailboxMigration: 'https://learn.microsoft.com/microsoft-365/enterprise/cross-tenant-mailbox-migration',
} as const;
