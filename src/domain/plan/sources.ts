/**
 * The pages each ordering rule of the plan rests on, with the date each page carried when the rule was checked
 * against it (the same convention as a finding's source and sourceDate).
 */
export interface PlanSource {
  url: string;
  /** YYYY-MM-DD: the page's date when the rule was last checked. */
  date: string;
  title: string;
}

export const PLAN_SOURCES = {
  environmentMove: {
    url: 'https://learn.microsoft.com/power-platform/admin/move-environment-tenant',
    date: '2026-02-13',
    title: 'Move an environment to another tenant (Power Platform)',
  },
  mailboxMove: {
    url: 'https://learn.microsoft.com/microsoft-365/enterprise/cross-tenant-mailbox-migration',
    date: '2024-02-01',
    title: 'Cross-tenant mailbox migration (Exchange Online)',
  },
  orchestratorPrerequisites: {
    url: 'https://learn.microsoft.com/microsoft-365/enterprise/migration-orchestrator-2-planning-prerequisites',
    date: '2025-12-11',
    title: 'Microsoft 365 migration orchestrator: planning and prerequisites',
  },
  solutionsByDefault: {
    url: 'https://learn.microsoft.com/power-apps/maker/canvas-apps/add-app-solution-default',
    date: '2025-07-28',
    title: 'Create canvas apps and cloud flows in Dataverse solutions by default',
  },
} as const satisfies Record<string, PlanSource>;
