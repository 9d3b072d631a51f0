/**
 * Pages the steps and packaging entries cite, with the date each carried when last checked (its ms.date).
 * The cmdlet reference pages carry no date we could read, so steps cite the move guide, which shows every
 * command it uses; the reference pages are linked from docs/commands.md.
 */
export interface CitedPage {
  url: string;
  date: string;
}

export const PAGES = {
  /** "Move environments to another tenant": PowerShell and admin-center routes, the 7-day windows. */
  tenantMove: { url: 'https://learn.microsoft.com/power-platform/admin/move-environment-tenant', date: '2026-02-13' },
  /** Exporting and importing canvas app packages (the legacy package). */
  canvasPackages: {
    url: 'https://learn.microsoft.com/power-apps/maker/canvas-apps/export-import-app-package', date: '2024-09-30',
  },
  /** Overview of exporting and importing canvas apps: packages only where Dataverse is not accessible. */
  canvasExportOverview: { url: 'https://learn.microsoft.com/power-apps/maker/canvas-apps/export-import-app', date: '2024-10-01' },
  /** Adding canvas apps and flows outside solutions to a solution (one way). */
  addToSolution: {
    url: 'https://learn.microsoft.com/power-apps/maker/canvas-apps/add-app-solution-default', date: '2025-07-28',
  },
} as const satisfies Record<string, CitedPage>;

/** The cmdlet reference for bulk-adding flows to a solution (no readable date: the move guide names it too). */
export const ADD_FLOWS_REFERENCE =
  'https://learn.microsoft.com/powershell/module/microsoft.powerapps.administration.powershell/add-adminflowstosolution';
