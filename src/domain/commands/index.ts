/** Move commands per admin and packaging per app: the public surface. Pure: no SDK, server or storage imports. */
export * from './types.js';
export {
  buildCommandPlan, buildPackagingPlan, commandsForInput, packagingForInput, type CommandsOptions,
} from './build.js';
export {
  ADMIN_CENTER_URL, MODULE_MIGRATION_ID_VERSION, MODULE_MINIMUM_VERSION, MODULE_NAME, NONEXISTENT_CMDLETS,
  SIGN_IN_ENDPOINTS, TENANT_TO_TENANT_CMDLETS, unknownTenantToTenantCmdlets, type TenantToTenantCmdlet,
} from './cmdlets.js';
export { PACKAGING_KINDS, packagingEntries, type PackagingKind } from './packaging.js';
export { renderCommandsMarkdown, renderPackagingMarkdown, SIDE_LABELS } from './markdown.js';
export { labelFor } from './values.js';
export { PAGES } from './sources.js';
