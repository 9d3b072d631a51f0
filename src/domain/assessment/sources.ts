/**
 * Every public page a finding cites, with the date (`ms.date`) the page carried when the rules were last
 * checked against it. One table, so a re-check changes one date and every rule citing the page follows
 * (docs/rules.md is generated from the rules and this table).
 *
 * `current` findings cite today's Microsoft Learn pages; `legacy` findings cite the older support-ticket version
 * of the tenant-to-tenant page (Microsoft's own docs repository, pinned to the commit of its 2022-11-04
 * revision), because today's page no longer says what they rely on.
 */

export interface Source {
  /** Public documentation URL. */
  url: string;
  /** The page's date (YYYY-MM-DD) when the rules were last checked against it. */
  date: string;
  /** The page's title, as it reads on the page (shortened where long). */
  title: string;
}

export const SOURCES = {
  /** Tenant-to-tenant move: self-service PowerShell and admin-center move (2024 onwards). */
  tenantMove: {
    url: 'https://learn.microsoft.com/power-platform/admin/move-environment-tenant',
    date: '2026-02-13',
    title: 'Move an environment to another tenant (Power Platform)',
  },
  /** The same page as it read when moves went through a support ticket. */
  tenantMoveSupportPath: {
    url: 'https://github.com/MicrosoftDocs/power-platform/blob/03ef4efbb3680edd2064155e7ff2c946cf105907/power-platform/admin/move-environment-tenant.md',
    date: '2022-11-04',
    title: 'Tenant-to-tenant migration (older support-ticket version)',
  },
  /** Customer Lockbox; its Known issues section covers tenant-to-tenant moves. */
  lockbox: {
    url: 'https://learn.microsoft.com/power-platform/admin/about-lockbox',
    date: '2024-02-25',
    title: 'Securely access customer data using Customer Lockbox in Power Platform and Dynamics 365',
  },
  /** Geo to geo migrations: restricted geographies and clouds, what a region change implies. */
  geoMigration: {
    url: 'https://learn.microsoft.com/power-platform/admin/geo-to-geo-migrations',
    date: '2026-08-13',
    title: 'Geo to geo migrations (Power Platform)',
  },
  /** Tenant-to-tenant migration for Customer Insights - Journeys (formerly Dynamics 365 Marketing). */
  marketingTenantMove: {
    url: 'https://learn.microsoft.com/dynamics365/customer-insights/journeys/tenant-to-tenant',
    date: '2023-08-23',
    title: 'Tenant-to-tenant migration for Customer Insights - Journeys',
  },
  /** Customer Insights - Journeys overview: outbound marketing removed on 2025-06-30. */
  journeysOverview: {
    url: 'https://learn.microsoft.com/dynamics365/customer-insights/journeys/real-time-marketing-overview',
    date: '2024-08-13',
    title: 'Customer Insights - Journeys overview',
  },
  /** Moving a finance and operations Lifecycle Services project (and its environments) to another tenant. */
  lcsTenantMove: {
    url: 'https://learn.microsoft.com/dynamics365/fin-ops-core/dev-itpro/get-started/move-lcs-implementation-project-tenant',
    date: '2026-03-26',
    title: 'Move Lifecycle Services implementation projects to different Microsoft Entra tenants',
  },
  /** Exporting and importing canvas app packages. */
  canvasPackages: {
    url: 'https://learn.microsoft.com/power-apps/maker/canvas-apps/export-import-app-package',
    date: '2024-09-30',
    title: 'Export and import canvas app packages',
  },
} as const satisfies Record<string, Source>;

export type SourceKey = keyof typeof SOURCES;

/** The URLs alone, for code that only links (the checklist). */
export const DOCS: { readonly [K in SourceKey]: string } = Object.fromEntries(
  Object.entries(SOURCES).map(([key, source]) => [key, source.url]),
) as { readonly [K in SourceKey]: string };
