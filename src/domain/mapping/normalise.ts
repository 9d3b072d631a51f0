/**
 * The corrected file: what the admin can upload instead. It keeps only lines Microsoft's validation accepts,
 * and lists every line it left out with the reason, so nothing disappears silently.
 */
import { MAPPING_FILE_NAME, MAPPING_HEADER } from './checks.js';
import { analyseMappings, type RemovedRow } from './selection.js';
import type { MappingReport } from './types.js';

export interface NormalisedMappingFile {
  fileName: typeof MAPPING_FILE_NAME;
  /** `Source,Destination` then one `source,destination` line per user; CRLF line ends, no byte-order mark. */
  csv: string;
  /** Users in the corrected file (equals the report's mappedUsers). */
  rows: number;
  removed: RemovedRow[];
}

/**
 * The corrected file for a checked report: trimmed, unquoted, comma-separated, with the header as Microsoft's
 * current page shows it. Null when the upload could not be read at all (a workbook, binary): there is nothing
 * to correct, only to re-save.
 */
export function normaliseMappingFile(report: MappingReport): NormalisedMappingFile | null {
  if (!report.readable) return null;
  const { kept, removed } = analyseMappings(report.rows);
  const lines = [MAPPING_HEADER];
  for (const row of kept) lines.push(`${row.source},${row.destination}`);
  return { fileName: MAPPING_FILE_NAME, csv: `${lines.join('\r\n')}\r\n`, rows: kept.length, removed };
}
