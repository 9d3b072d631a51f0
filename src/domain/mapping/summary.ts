/**
 * The view model for a mapping check result card: counts, the first problems with where they are and how to fix
 * each, and the rest page by page on request. Pure data, no card JSON: the Teams side binds it to a template.
 */
import { MAPPING_CHECKS, MAPPING_HEADER, type MappingCheckId, type MappingSeverity } from './checks.js';
import { count, shortValue } from './text.js';
import type { MappingProblem, MappingReport } from './types.js';

/** How many problems the first card shows; the rest come with "show more". */
export const DEFAULT_PROBLEMS_SHOWN = 5;

export interface MappingProblemView {
  checkId: MappingCheckId;
  severity: MappingSeverity;
  severityLabel: 'Error' | 'Warning';
  title: string;
  /** "Line 4", "Lines 2–5, 9", "Whole file". */
  where: string;
  message: string;
  fix: string;
  microsoftMessage: string | null;
}

/** ready: no problem at all; unreadable: the content was refused, so there is nothing to correct, only to re-save. */
export type MappingStatus = 'ready' | 'ready-with-warnings' | 'fix-needed' | 'unreadable';

export interface MappingSummary {
  status: MappingStatus;
  /** One line: the file and the three counts. */
  headline: string;
  fileName: string | null;
  mappedUsers: number;
  errors: number;
  warnings: number;
  /** Which header was found; null when the file could not be read. */
  headerNote: string | null;
  problems: MappingProblemView[];
  /** Problems not on this card. */
  moreProblems: number;
  /** Offset for mappingProblemsPage, null when every problem is shown. */
  nextOffset: number | null;
  /** A corrected file is worth offering: the file was read and something in it needs changing. */
  offerCorrectedFile: boolean;
}

export interface MappingProblemsPage {
  problems: MappingProblemView[];
  offset: number;
  total: number;
  nextOffset: number | null;
}

export function summariseMappingReport(report: MappingReport, options: { limit?: number } = {}): MappingSummary {
  const limit = options.limit ?? DEFAULT_PROBLEMS_SHOWN;
  const page = mappingProblemsPage(report, 0, limit);
  const status: MappingStatus = !report.readable
    ? 'unreadable'
    : report.errors > 0 ? 'fix-needed' : report.warnings > 0 ? 'ready-with-warnings' : 'ready';
  const name = report.fileName ?? 'The pasted mapping';
  return {
    status,
    headline: `${name}: ${count(report.mappedUsers, 'user')} mapped, ${count(report.errors, 'error')}, ${count(report.warnings, 'warning')}.`,
    fileName: report.fileName,
    mappedUsers: report.mappedUsers,
    errors: report.errors,
    warnings: report.warnings,
    headerNote: report.readable ? headerNote(report) : null,
    problems: page.problems,
    moreProblems: page.total - page.problems.length,
    nextOffset: page.nextOffset,
    offerCorrectedFile: report.readable && report.problems.length > 0,
  };
}

/** Problems from `offset`, `limit` at a time, in the report's order (errors first, then by line). */
export function mappingProblemsPage(report: MappingReport, offset: number, limit = 10): MappingProblemsPage {
  const start = Math.max(0, Math.floor(offset));
  const size = Math.max(1, Math.floor(limit));
  const slice = report.problems.slice(start, start + size);
  const next = start + slice.length;
  return {
    problems: slice.map(problemView),
    offset: start,
    total: report.problems.length,
    nextOffset: next < report.problems.length ? next : null,
  };
}

export function problemView(problem: MappingProblem): MappingProblemView {
  return {
    checkId: problem.checkId,
    severity: problem.severity,
    severityLabel: problem.severity === 'error' ? 'Error' : 'Warning',
    title: MAPPING_CHECKS[problem.checkId].title,
    where: describeLines(problem.lines),
    message: problem.message,
    fix: problem.fix,
    microsoftMessage: problem.microsoftMessage,
  };
}

/** Runs of consecutive lines become ranges; past `maxParts` ranges the rest is counted, not listed. */
export function describeLines(lines: readonly number[], maxParts = 6): string {
  if (lines.length === 0) return 'Whole file';
  if (lines.length === 1) return `Line ${lines[0]}`;
  const parts: string[] = [];
  let shown = 0;
  let i = 0;
  while (i < lines.length && parts.length < maxParts) {
    let j = i;
    while (j + 1 < lines.length && lines[j + 1] === lines[j] + 1) j++;
    parts.push(j === i ? `${lines[i]}` : `${lines[i]}–${lines[j]}`);
    shown += j - i + 1;
    i = j + 1;
  }
  const rest = lines.length - shown;
  return `Lines ${parts.join(', ')}${rest > 0 ? ` and ${count(rest, 'more line')}` : ''}`;
}

function headerNote(report: MappingReport): string {
  const { kind, text } = report.header;
  switch (kind) {
    case 'standard':
      return `Header "${MAPPING_HEADER}" found, as Microsoft's current instructions show it.`;
    case 'none':
      return `No header line found. Microsoft's older instructions use none and the current page shows "${MAPPING_HEADER}": both are accepted here, and the corrected file has the header.`;
    default:
      return `Header "${shortValue(text ?? '')}" found; the corrected file uses "${MAPPING_HEADER}".`;
  }
}

