/**
 * The user mapping file checks: ids, severities and where each rule comes from.
 * Ids are a public interface (cards, docs/mapping-file.md, the command line's JSON): never rename one silently.
 * Pure code: no botbuilder, restify or lowdb imports under src/domain.
 */

export const MAPPING_FILE_NAME = 'usermapping.csv';
export const MAPPING_HEADER = 'Source,Destination';

/** Microsoft's tenant-to-tenant page: file name, separator, header and the validation messages quoted below. */
export const MOVE_TENANT_DOC = 'https://learn.microsoft.com/power-platform/admin/move-environment-tenant';
/** Entra ID user name rules (UPN format, verified domains). */
const ENTRA_UPN_DOC = 'https://learn.microsoft.com/entra/identity/hybrid/connect/plan-connect-userprincipalname';

export const MAP_FILENAME = 'map-filename';
export const MAP_ENCODING = 'map-encoding';
export const MAP_BOM = 'map-bom';
export const MAP_EMPTY = 'map-empty';
export const MAP_SEPARATOR = 'map-separator';
export const MAP_COLUMNS = 'map-columns';
export const MAP_HEADER = 'map-header';
export const MAP_EMAIL_FORMAT = 'map-email-format';
export const MAP_QUOTES = 'map-quotes';
export const MAP_WHITESPACE = 'map-whitespace';
export const MAP_BLANK_LINE = 'map-blank-line';
export const MAP_DUP_SOURCE = 'map-dup-source';
export const MAP_DUP_DESTINATION = 'map-dup-destination';
export const MAP_SAME_AS_SOURCE = 'map-same-as-source';
export const MAP_SRC_DOMAIN = 'map-src-domain';
export const MAP_DST_DOMAIN = 'map-dst-domain';

export const MAPPING_CHECK_IDS = [
  MAP_FILENAME, MAP_ENCODING, MAP_BOM, MAP_EMPTY, MAP_SEPARATOR, MAP_COLUMNS, MAP_HEADER, MAP_EMAIL_FORMAT, MAP_QUOTES,
  MAP_WHITESPACE, MAP_BLANK_LINE, MAP_DUP_SOURCE, MAP_DUP_DESTINATION, MAP_SAME_AS_SOURCE, MAP_SRC_DOMAIN,
  MAP_DST_DOMAIN,
] as const;
export type MappingCheckId = (typeof MAPPING_CHECK_IDS)[number];

export const MAPPING_SEVERITIES = ['error', 'warning'] as const;
/** error: Microsoft's validation rejects the file (or would read it wrongly). warning: worth fixing, may pass. */
export type MappingSeverity = (typeof MAPPING_SEVERITIES)[number];

export interface MappingCheck {
  id: MappingCheckId;
  severity: MappingSeverity;
  /** Short name for a card's problem list. */
  title: string;
  source: string;
}

/**
 * The catalogue. Severity is the check's own: a check never reports at two severities, so an admin can tell
 * from the id alone whether Microsoft would refuse the file.
 */
export const MAPPING_CHECKS: Readonly<Record<MappingCheckId, MappingCheck>> = Object.freeze({
  // The name is case-sensitive in both the PowerShell and the admin-center flows.
  [MAP_FILENAME]: { id: MAP_FILENAME, severity: 'error', title: 'File name', source: MOVE_TENANT_DOC },
  // Binary content, Excel workbooks, UTF-16 and text that is not UTF-8.
  [MAP_ENCODING]: { id: MAP_ENCODING, severity: 'error', title: 'File type and encoding', source: MOVE_TENANT_DOC },
  // Excel's "CSV UTF-8" writes a byte-order mark; tolerated, reported, and left out of the corrected file.
  [MAP_BOM]: { id: MAP_BOM, severity: 'warning', title: 'Byte-order mark', source: MOVE_TENANT_DOC },
  [MAP_EMPTY]: { id: MAP_EMPTY, severity: 'error', title: 'No users in the file', source: MOVE_TENANT_DOC },
  [MAP_SEPARATOR]: { id: MAP_SEPARATOR, severity: 'error', title: 'Separator', source: MOVE_TENANT_DOC },
  [MAP_COLUMNS]: { id: MAP_COLUMNS, severity: 'error', title: 'Two columns per line', source: MOVE_TENANT_DOC },
  // The docs disagree (older steps: no header; current page: a Source,Destination header), so both pass.
  [MAP_HEADER]: { id: MAP_HEADER, severity: 'warning', title: 'Header line', source: MOVE_TENANT_DOC },
  [MAP_EMAIL_FORMAT]: { id: MAP_EMAIL_FORMAT, severity: 'error', title: 'Email format', source: ENTRA_UPN_DOC },
  [MAP_QUOTES]: { id: MAP_QUOTES, severity: 'warning', title: 'Quotes around values', source: MOVE_TENANT_DOC },
  [MAP_WHITESPACE]: { id: MAP_WHITESPACE, severity: 'warning', title: 'Stray spaces', source: MOVE_TENANT_DOC },
  [MAP_BLANK_LINE]: { id: MAP_BLANK_LINE, severity: 'warning', title: 'Blank lines', source: MOVE_TENANT_DOC },
  [MAP_DUP_SOURCE]: { id: MAP_DUP_SOURCE, severity: 'error', title: 'Duplicate source user', source: MOVE_TENANT_DOC },
  [MAP_DUP_DESTINATION]: { id: MAP_DUP_DESTINATION, severity: 'error', title: 'Duplicate destination user', source: MOVE_TENANT_DOC },
  [MAP_SAME_AS_SOURCE]: { id: MAP_SAME_AS_SOURCE, severity: 'error', title: 'Destination same as source', source: MOVE_TENANT_DOC },
  // Warnings only: a tenant can own many verified domains and the bot rarely knows them all.
  [MAP_SRC_DOMAIN]: { id: MAP_SRC_DOMAIN, severity: 'warning', title: 'Source domain', source: ENTRA_UPN_DOC },
  [MAP_DST_DOMAIN]: { id: MAP_DST_DOMAIN, severity: 'warning', title: 'Destination domain', source: ENTRA_UPN_DOC },
});

/**
 * Microsoft's own validation messages, word for word from the tenant-to-tenant page, so an admin who later sees
 * one in the error file recognises the problem the bot reported.
 */
export const MICROSOFT_MESSAGES = Object.freeze({
  invalidFile: 'The User mapping file provided for Tenant To Tenant migration is invalid',
  sameValue: (lines: string, email: string) => `Line '${lines}' have the same '${email}'`,
  invalidEmail: (email: string) => `Invalid Email Format '${email}'`,
  targetSameAsSource: (line: number) => `Target on line '${line}' is same as source email ID`,
  twoColumns: (lines: string) => `Each line must have exactly two columns: '${lines}'`,
});
