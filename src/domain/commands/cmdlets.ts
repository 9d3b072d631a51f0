/**
 * The closed list of tenant-to-tenant cmdlets. Module 2.0.217 of Microsoft.PowerApps.Administration.PowerShell
 * exports exactly these nine; names seen in blog posts and older pages do not exist and must never be generated
 * (test/domain/commands proves every TenantToTenant- token in any generated text is on the list).
 */
import type { Cloud } from '../assessment/types.js';

export const MODULE_NAME = 'Microsoft.PowerApps.Administration.PowerShell';
/** 2.0.209 added TenantToTenant-UploadUserMappingFile, which today's guide uses; 2.0.198 the -MigrationId forms. */
export const MODULE_MINIMUM_VERSION = '2.0.209';
export const MODULE_MIGRATION_ID_VERSION = '2.0.198';

export const TENANT_TO_TENANT_CMDLETS = [
  'TenantToTenant-SubmitMigrationRequest',
  'TenantToTenant-ViewMigrationRequest',
  'TenantToTenant-ViewApprovalRequest',
  'TenantToTenant-ManageMigrationRequest',
  'TenantToTenant-UploadUserMappingFile',
  'TenantToTenant-PrepareMigration',
  'TenantToTenant-GetMigrationStatus',
  'TenantToTenant-MigratePowerAppEnvironment',
  'TenantToTenant-DeleteMigrationRequest',
] as const;
export type TenantToTenantCmdlet = (typeof TENANT_TO_TENANT_CMDLETS)[number];

/** Names that circulate but exist in no module release (or were removed in 2.0.198). */
export const NONEXISTENT_CMDLETS = [
  'TenantToTenant-ApproveMigrationRequest',
  'TenantToTenant-ApproveMigration',
  'TenantToTenant-MigrateEnvironment',
  'TenantToTenant-GetStatus',
] as const;

/** Every `TenantToTenant-...` token in a text that is not one of the nine (empty when the text is clean). */
export function unknownTenantToTenantCmdlets(text: string): string[] {
  const allowed = new Set<string>(TENANT_TO_TENANT_CMDLETS.map((name) => name.toLowerCase()));
  const found = text.match(/TenantToTenant-[A-Za-z]+/gi) ?? [];
  return [...new Set(found.filter((name) => !allowed.has(name.toLowerCase())))];
}

/**
 * The -Endpoint value of Add-PowerAppsAccount per cloud. Microsoft's Add-PowerAppsAccount page shows only
 * "prod" (and test rings); the other names are the keys of the module's own endpoint table
 * (Microsoft.PowerApps.AuthModule.psm1, Get-DefaultAudienceForEndPoint, unchanged from 2.0.204 to 2.0.220).
 */
export const SIGN_IN_ENDPOINTS: Readonly<Record<Cloud, string>> = {
  commercial: 'prod',
  gcc: 'usgov',
  'gcc-high': 'usgovhigh',
  dod: 'dod',
  china: 'china',
};

/** The admin center address the guide gives; only the commercial one is stated there. */
export const ADMIN_CENTER_URL = 'https://admin.powerplatform.microsoft.com';
