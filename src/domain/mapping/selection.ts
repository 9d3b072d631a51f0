/**
 * Which lines map users, and which repeat or contradict each other. One pass serves both the duplicate checks
 * and the corrected file, so a 100,000-line file is grouped once (bench/mapping.bench.ts).
 */
import { MAP_COLUMNS, MAP_DUP_DESTINATION, MAP_DUP_SOURCE, MAP_SAME_AS_SOURCE, type MappingCheckId } from './checks.js';
import { isAddress } from './email.js';
import type { MappingRow } from './types.js';

export interface RemovedRow {
  line: number;
  source: string;
  destination: string;
  checkId: MappingCheckId;
  reason: string;
}

export interface MappingAnalysis {
  /** The rows a corrected file keeps, in file order. */
  kept: MappingRow[];
  /** Every other row with the reason, by line. */
  removed: RemovedRow[];
  /** Rows sharing a source (case-insensitive), repeats and self-mappings included; only groups of two or more. */
  sameSource: MappingRow[][];
  /** Rows sharing a destination, one row per distinct line pair (exact repeats are in sameSource). */
  sameDestination: MappingRow[][];
}

interface Candidate { row: MappingRow; src: string; dst: string; out: boolean; repeat: boolean }

/**
 * Finds keys seen more than once. Only repeated keys get an array: an array per key was most of the checker's
 * time on a large file.
 */
class RepeatFinder {
  private readonly first = new Map<string, Candidate>();
  readonly repeated = new Map<string, Candidate[]>();

  add(key: string, item: Candidate): void {
    const earlier = this.first.get(key);
    if (earlier === undefined) {
      this.first.set(key, item);
      return;
    }
    const list = this.repeated.get(key);
    if (list) list.push(item);
    else this.repeated.set(key, [earlier, item]);
  }
}

function linesText(lines: number[]): string {
  return lines.length === 1 ? `line ${lines[0]}` : `lines ${lines.join(', ')}`;
}

/**
 * An exact repeat keeps its first line. When one source is mapped to two different destinations (or two sources
 * to one destination) the bot cannot know which line is right, so every line of the conflict is left out and
 * listed for the admin to decide. Self-mappings take part in the comparison (a@ -> a@ beside a@ -> b@ is a
 * conflict too), and are left out in any case.
 */
export function analyseMappings(rows: readonly MappingRow[]): MappingAnalysis {
  const removed: RemovedRow[] = [];
  const drop = (c: Candidate, checkId: MappingCheckId, reason: string): void => {
    c.out = true;
    removed.push({ line: c.row.line, source: c.row.source, destination: c.row.destination, checkId, reason });
  };

  const candidates: Candidate[] = [];
  const bySource = new RepeatFinder();
  for (const row of rows) {
    if (row.rejectedBy === MAP_COLUMNS) {
      removed.push({ ...rowOf(row), checkId: MAP_COLUMNS, reason: 'the line does not have exactly two values' });
      continue;
    }
    if (row.rejectedBy !== null) {
      const bad = [row.source, row.destination].filter((v) => !isAddress(v)).map((v) => (v === '' ? 'an empty cell' : `"${v}"`));
      removed.push({ ...rowOf(row), checkId: row.rejectedBy, reason: `${bad.join(' and ')} ${bad.length === 1 ? 'is not a valid address' : 'are not valid addresses'}` });
      continue;
    }
    const c: Candidate = { row, src: row.source.toLowerCase(), dst: row.destination.toLowerCase(), out: false, repeat: false };
    candidates.push(c);
    if (c.src === c.dst) drop(c, MAP_SAME_AS_SOURCE, 'the destination is the same as the source');
    bySource.add(c.src, c);
  }

  const sameSource: MappingRow[][] = [];
  for (const group of bySource.repeated.values()) {
    sameSource.push(group.map((c) => c.row));
    const firstLineOf = new Map<string, number>();
    for (const c of group) {
      const first = firstLineOf.get(c.dst);
      if (first === undefined) {
        firstLineOf.set(c.dst, c.row.line);
      } else {
        c.repeat = true;
        if (!c.out) drop(c, MAP_DUP_SOURCE, `it repeats line ${first}`);
      }
    }
    if (firstLineOf.size > 1) {
      const lines = linesText(group.filter((c) => !c.repeat).map((c) => c.row.line));
      for (const c of group) if (!c.out) drop(c, MAP_DUP_SOURCE, `${c.row.source} is mapped to different destinations on ${lines}`);
    }
  }

  // Lines already out for a source conflict still count here: if a@ might go to x@, then c@ -> x@ is in doubt too.
  const byDestination = new RepeatFinder();
  for (const c of candidates) if (!c.repeat) byDestination.add(c.dst, c);
  const sameDestination: MappingRow[][] = [];
  for (const group of byDestination.repeated.values()) {
    sameDestination.push(group.map((c) => c.row));
    const lines = linesText(group.map((c) => c.row.line));
    for (const c of group) if (!c.out) drop(c, MAP_DUP_DESTINATION, `${c.row.destination} is the destination of different sources on ${lines}`);
  }

  const kept: MappingRow[] = [];
  for (const c of candidates) if (!c.out) kept.push(c.row);
  removed.sort((a, b) => a.line - b.line);
  return { kept, removed, sameSource, sameDestination };
}

function rowOf(row: MappingRow): Pick<RemovedRow, 'line' | 'source' | 'destination'> {
  return { line: row.line, source: row.source, destination: row.destination };
}
