import type { MappingCheckId, MappingSeverity } from './checks.js';
import type { MappingEncoding } from './decode.js';

/** What to check: an uploaded file's bytes, or text pasted into the chat (no file name, no encoding). */
export interface CheckMappingInput {
  /** The upload's name, compared with usermapping.csv; never used as a path. Null or absent for pasted text. */
  fileName?: string | null;
  bytes?: Uint8Array;
  text?: string;
  /** The source tenant's domains when known (e.g. from an assessment); enables map-src-domain. */
  sourceDomains?: readonly string[];
  /** The destination tenant's domains when known; enables map-dst-domain. */
  destinationDomains?: readonly string[];
}

export interface MappingProblem {
  checkId: MappingCheckId;
  severity: MappingSeverity;
  /** 1-based line numbers as an editor shows them, ascending; empty when the problem is about the whole file. */
  lines: number[];
  /** Plain English, naming the user's own values. */
  message: string;
  /** What to do about it. */
  fix: string;
  /** Microsoft's validation message for the same mistake, when it has one. */
  microsoftMessage: string | null;
}

/** standard: exactly `Source,Destination`; variant: those words with other case, spaces, quotes or separator. */
export type MappingHeaderKind = 'standard' | 'variant' | 'other' | 'none';

export interface MappingHeader {
  kind: MappingHeaderKind;
  line: number | null;
  /** The header line as found (trimmed), null when there is none. */
  text: string | null;
}

export interface MappingRow {
  line: number;
  /** Trimmed and unquoted; '' when missing. */
  source: string;
  destination: string;
  /** Why the row cannot go into a corrected file as it stands; null when both values are well-formed addresses. */
  rejectedBy: MappingCheckId | null;
}

export interface MappingReport {
  fileName: string | null;
  /** False when the content was refused (a workbook, binary, UTF-16, a web page): no row was read. */
  readable: boolean;
  encoding: MappingEncoding;
  header: MappingHeader;
  /** Physical lines, a final line break not counting as one more. */
  lineCount: number;
  /** Lines that are neither blank nor the header. */
  dataRows: number;
  /** Users the corrected file maps: well-formed, not mapped to themselves, not in conflicting duplicates. */
  mappedUsers: number;
  errors: number;
  warnings: number;
  /** Errors first, then by first line. */
  problems: MappingProblem[];
  rows: MappingRow[];
  /** The domains the check used, lower-cased; empty when not known. */
  sourceDomains: string[];
  destinationDomains: string[];
}
