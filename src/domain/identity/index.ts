/** The identity map's public API: one list of people, checked once, exported in each workstream's format. */
export * from './types.js';
export { checkIdentityMap, MAX_IDENTITY_ROWS } from './check.js';
export {
  exportIdentityMap, parseExportFormat, IDENTITY_EXPORT_INFO, type IdentityExport, type IdentityExportOptions,
} from './exports.js';
export { summariseIdentityMap, identityCountsForChecks } from './summary.js';
export {
  readIdentityMap, readWorkbookRows, looksLikeXlsx, declaredUnpackedSize, MAX_XLSX_BYTES, MAX_XLSX_UNPACKED_BYTES,
  type WorkbookRows,
} from './xlsx.js';
export { withIdentityMapCount } from './profile.js';
