/**
 * The pages the mailbox-move findings cite, each with the date the page carried when the rules were last checked
 * against it (its ms.date, or for the script the date it last changed). A finding names both.
 */
export interface SourcePage {
  url: string;
  date: string;
}

export const EXO_SOURCES = {
  /** Cross-tenant mailbox migration (Microsoft 365 Enterprise, Microsoft Learn). */
  crossTenant: {
    url: 'https://learn.microsoft.com/microsoft-365/enterprise/cross-tenant-mailbox-migration',
    date: '2024-02-01',
  },
  /** Microsoft's validation script (CSS-Exchange): what it checks and what its log says. */
  validationScript: {
    url: 'https://microsoft.github.io/CSS-Exchange/Admin/CrossTenantMailboxMigrationValidation/',
    date: '2025-04-16',
  },
  /** The Exchange team's 2024 introduction to cross-tenant mailbox migrations. */
  introBlog: {
    url: 'https://techcommunity.microsoft.com/t5/exchange-team-blog/introduction-to-cross-tenant-mailbox-migrations/ba-p/4169613',
    date: '2024-06-17',
  },
  /** New-MigrationBatch cmdlet reference. */
  newMigrationBatch: {
    url: 'https://learn.microsoft.com/powershell/module/exchange/new-migrationbatch',
    date: '2024-02-01',
  },
} as const satisfies Record<string, SourcePage>;

/** Microsoft's short link to the validation script download. */
export const VALIDATION_SCRIPT_DOWNLOAD = 'https://aka.ms/CrossTenantMailboxMigrationValidationScript';
export const VALIDATION_SCRIPT_FILE = 'CrossTenantMailboxMigrationValidation.ps1';
