/**
 * Public documentation each checklist item cites. The legacy URL pins the support-ticket version of the
 * tenant-to-tenant page (Microsoft's docs repository, 2022-11-04 revision): today's page no longer states
 * the rehearsal, subscription, licence-count and storage prerequisites, so they cite the text that did.
 */
export const CHECKLIST_SOURCES = {
  tenantMove: 'https://learn.microsoft.com/power-platform/admin/move-environment-tenant',
  tenantMoveSupportPath:
    'https://github.com/MicrosoftDocs/power-platform/blob/03ef4efbb3680edd2064155e7ff2c946cf105907/power-platform/admin/move-environment-tenant.md',
  submitMigrationRequest:
    'https://learn.microsoft.com/powershell/module/microsoft.powerapps.administration.powershell/tenanttotenant-submitmigrationrequest',
  canvasPackages: 'https://learn.microsoft.com/power-apps/maker/canvas-apps/export-import-app-package',
  marketingTenantMove: 'https://learn.microsoft.com/dynamics365/customer-insights/journeys/tenant-to-tenant',
  mailboxMigration: 'https://learn.microsoft.com/microsoft-365/enterprise/cross-tenant-mailbox-migration',
} as const;
