/**
 * The corrected file: what the admin can upload instead. It keeps only lines Microsoft's validation accepts,
 * and lists every line it left out with the reason, so nothing disappears silently.
 */
import {
  MAP_COLUMNS, MAP_DUP_DESTINATION, MAP_DUP_SOURCE, MAP_SAME_AS_SOURCE, MAPPING_FILE_NAME,
  MAPPING_HEADER, type MappingCheckId,
} from './checks.js';
import { isAddress } from './email.js';
import type { MappingReport, MappingRow } from './types.js';

export interface RemovedRow {
  line: number;
  source: string;
  destination: string;
  checkId: MappingCheckId;
  reason: string;
}

export interface NormalisedMappingFile {
  fileName: typeof MAPPING_FILE_NAME;
  /** `Source,Destination` then one `source,destination` line per user; CRLF line ends, no byte-order mark. */
  csv: string;
  /** Users in the corrected file. */
  rows: number;
  removed: RemovedRow[];
}

function linesText(lines: number[]): string {
  return lines.length === 1 ? `line ${lines[0]}` : `lines ${lines.join(', ')}`;
}

/**
 * Which rows a corrected file keeps. An exact repeat keeps its first line. When one source is mapped to two
 * different destinations (or two sources to one destination) the bot cannot know which line is right, so every
 * line of the conflict is left out and listed for the admin to decide.
 */
export function selectMappings(rows: readonly MappingRow[]): { kept: MappingRow[]; removed: RemovedRow[] } {
  const removed: RemovedRow[] = [];
  const drop = (row: MappingRow, checkId: MappingCheckId, reason: string): void => {
    removed.push({ line: row.line, source: row.source, destination: row.destination, checkId, reason });
  };

  const unique: MappingRow[] = [];
  const firstLineOfPair = new Map<string, number>();
  for (const row of rows) {
    if (row.rejectedBy === MAP_COLUMNS) {
      drop(row, MAP_COLUMNS, 'the line does not have exactly two values');
      continue;
    }
    if (row.rejectedBy !== null) {
      const bad = [row.source, row.destination].filter((v) => !isAddress(v)).map((v) => (v === '' ? 'an empty cell' : `"${v}"`));
      drop(row, row.rejectedBy, `${bad.join(' and ')} ${bad.length === 1 ? 'is' : 'are'} not a valid address`);
      continue;
    }
    const src = row.source.toLowerCase();
    const dst = row.destination.toLowerCase();
    if (src === dst) {
      drop(row, MAP_SAME_AS_SOURCE, 'the destination is the same as the source');
      continue;
    }
    const pair = `${src}\n${dst}`;
    const first = firstLineOfPair.get(pair);
    if (first !== undefined) {
      drop(row, MAP_DUP_SOURCE, `it repeats line ${first}`);
      continue;
    }
    firstLineOfPair.set(pair, row.line);
    unique.push(row);
  }

  const bySource = new Map<string, number[]>();
  const byDestination = new Map<string, number[]>();
  for (const row of unique) {
    push(bySource, row.source.toLowerCase(), row.line);
    push(byDestination, row.destination.toLowerCase(), row.line);
  }
  const kept: MappingRow[] = [];
  for (const row of unique) {
    const sameSource = bySource.get(row.source.toLowerCase())!;
    const sameDestination = byDestination.get(row.destination.toLowerCase())!;
    if (sameSource.length > 1) {
      drop(row, MAP_DUP_SOURCE, `${row.source} is mapped to different destinations on ${linesText(sameSource)}`);
    } else if (sameDestination.length > 1) {
      drop(row, MAP_DUP_DESTINATION, `${row.destination} is the destination of different sources on ${linesText(sameDestination)}`);
    } else {
      kept.push(row);
    }
  }
  removed.sort((a, b) => a.line - b.line);
  return { kept, removed };
}

function push(map: Map<string, number[]>, key: string, line: number): void {
  const list = map.get(key);
  if (list) list.push(line);
  else map.set(key, [line]);
}

/**
 * The corrected file for a checked report: trimmed, unquoted, comma-separated, with the header as Microsoft's
 * current page shows it. Null when the upload could not be read at all (a workbook, binary): there is nothing
 * to correct, only to re-save.
 */
export function normaliseMappingFile(report: MappingReport): NormalisedMappingFile | null {
  if (!report.readable) return null;
  const { kept, removed } = selectMappings(report.rows);
  const lines = [MAPPING_HEADER];
  for (const row of kept) lines.push(`${row.source},${row.destination}`);
  return { fileName: MAPPING_FILE_NAME, csv: `${lines.join('\r\n')}\r\n`, rows: kept.length, removed };
}
