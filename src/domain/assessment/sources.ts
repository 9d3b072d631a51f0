/**
 * Public documentation each finding cites. `current` findings cite today's Microsoft Learn pages; `legacy`
 * findings cite the older support-ticket version of the tenant-to-tenant page (Microsoft's own docs repository,
 * pinned to the commit of its 2022-11-04 revision), because today's page no longer says what they rely on.
 */
export const DOCS = {
  /** Tenant-to-tenant migration: self-service PowerShell and admin-center move (2024 onwards). */
  tenantMove: 'https://learn.microsoft.com/power-platform/admin/move-environment-tenant',
  /** The same page as it read when moves went through a support ticket (ms.date 2022-11-04). */
  tenantMoveSupportPath:
    'https://github.com/MicrosoftDocs/power-platform/blob/03ef4efbb3680edd2064155e7ff2c946cf105907/power-platform/admin/move-environment-tenant.md',
  /** The request cmdlet: -TargetTenantID takes the tenant GUID. */
  submitMigrationRequest:
    'https://learn.microsoft.com/powershell/module/microsoft.powerapps.administration.powershell/tenanttotenant-submitmigrationrequest',
  /** Geo to geo migrations: restricted geographies and clouds, what a region change implies. */
  geoMigration: 'https://learn.microsoft.com/power-platform/admin/geo-to-geo-migrations',
  /** Tenant-to-tenant migration for Customer Insights - Journeys (formerly Dynamics 365 Marketing). */
  marketingTenantMove: 'https://learn.microsoft.com/dynamics365/customer-insights/journeys/tenant-to-tenant',
  /** Exporting and importing canvas app packages. */
  canvasPackages: 'https://learn.microsoft.com/power-apps/maker/canvas-apps/export-import-app-package',
} as const;
