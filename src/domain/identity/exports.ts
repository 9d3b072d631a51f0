/**
 * The identity map in each workstream's own file format. Every file has CRLF line ends and a final CRLF, no
 * byte-order mark, like the mapping checker's corrected usermapping.csv and Microsoft's Windows tools. Values are
 * written bare: the checker has already refused anything but plain addresses and GUIDs, so no value can hold a
 * comma, a quote or a line break. Nothing is exported from a map with errors.
 */
import { MAPPING_FILE_NAME, MAPPING_HEADER } from '../mapping/index.js';
import { isGuid } from '../powershell.js';
import type { IdentityEntry, IdentityExportFormat, IdentityMapReport, IdentityWorkstream } from './types.js';
import { IDENTITY_EXPORTS } from './types.js';

export interface IdentityExportOptions {
  /** The source tenant's id (GUID): the OneDrive identity map's second column. */
  sourceTenantId?: string;
}

export type IdentityExport =
  | { ok: true; format: IdentityExportFormat; fileName: string; text: string; rows: number }
  | { ok: false; format: IdentityExportFormat | null; message: string };

/** What each file is for, where it goes and which people it holds. */
export const IDENTITY_EXPORT_INFO: Readonly<Record<IdentityExportFormat, { fileName: string; workstream: IdentityWorkstream; purpose: string }>> = {
  usermapping: {
    fileName: MAPPING_FILE_NAME, workstream: 'environments',
    purpose: 'Power Platform environment move: TenantToTenant-UploadUserMappingFile or the admin center upload.',
  },
  'exchange-batch': {
    fileName: 'exchange-batch.csv', workstream: 'mailboxes',
    purpose: 'Exchange mailbox move: New-MigrationBatch -CSVData, target addresses.',
  },
  'exchange-validation': {
    fileName: 'exchange-validation.csv', workstream: 'mailboxes',
    purpose: 'Microsoft\'s CrossTenantMailboxMigrationValidation.ps1 -CheckObjects -CSV.',
  },
  onedrive: {
    fileName: 'onedrive-identity-map.csv', workstream: 'onedrive',
    purpose: 'Cross-tenant OneDrive move: Add-SPOTenantIdentityMap -IdentityMapPath (no header, six columns).',
  },
};

export function parseExportFormat(text: string): IdentityExportFormat | null {
  const t = text.trim().toLowerCase();
  return (IDENTITY_EXPORTS as readonly string[]).includes(t) ? (t as IdentityExportFormat) : null;
}

function lines(list: readonly string[]): string {
  return list.map((l) => `${l}\r\n`).join('');
}

const targetEmail = (e: IdentityEntry): string => e.targetEmail ?? e.target;
const sourceEmail = (e: IdentityEntry): string => e.sourceEmail ?? e.source;

/** One export of a checked map. Refused (ok: false, a message to show) when the map has errors or nobody is listed. */
export function exportIdentityMap(report: IdentityMapReport, format: IdentityExportFormat, options: IdentityExportOptions = {}): IdentityExport {
  if (!(IDENTITY_EXPORTS as readonly string[]).includes(format)) {
    return { ok: false, format: null, message: `Unknown export "${String(format)}". Use one of: ${IDENTITY_EXPORTS.join(', ')}.` };
  }
  if (!report.readable || report.errors > 0) {
    const n = report.readable ? report.errors : 1;
    return { ok: false, format, message: `The identity map has ${n === 1 ? '1 error' : `${n} errors`}: fix ${n === 1 ? 'it' : 'them'} first; nothing is exported from a map with errors.` };
  }
  const info = IDENTITY_EXPORT_INFO[format];
  const people = report.entries.filter((e) => e.workstreams.includes(info.workstream));
  if (people.length === 0) {
    return { ok: false, format, message: `Nobody in the identity map is listed for ${info.workstream}, so there is no ${info.fileName} to make.` };
  }
  let text: string;
  switch (format) {
    case 'usermapping':
      text = lines([MAPPING_HEADER, ...people.map((e) => `${e.source},${e.target}`)]);
      break;
    case 'exchange-batch':
      text = lines(['EmailAddress', ...people.map(targetEmail)]);
      break;
    case 'exchange-validation':
      text = lines(['SourceUser,TargetUser', ...people.map((e) => `${sourceEmail(e)},${targetEmail(e)}`)]);
      break;
    case 'onedrive': {
      const id = options.sourceTenantId?.trim() ?? '';
      if (!isGuid(id)) {
        return {
          ok: false, format,
          message: id === ''
            ? 'The OneDrive identity map needs the source tenant\'s id (a GUID): give --source-tenant-id, or the source tenant id in the migration.'
            : `"${id.slice(0, 80)}" is not a tenant id: the OneDrive identity map needs the source tenant's GUID.`,
        };
      }
      text = lines(people.map((e) => `User,${id.toLowerCase()},${e.source},${e.target},${targetEmail(e)},User`));
      break;
    }
  }
  return { ok: true, format, fileName: info.fileName, text, rows: people.length };
}
