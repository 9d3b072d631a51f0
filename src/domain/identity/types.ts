/**
 * One identity map per migration: the people who move, with every name each workstream needs, validated once and
 * exported in each Microsoft tool's own format. Column names, check ids, workstream ids and export ids are a
 * public interface (docs/plan.md): never rename one silently. Pure types.
 */
import type { MappingEncoding } from '../mapping/index.js';

/** Canonical columns, as the header spells them (matched case-insensitively, any order). */
export const IDENTITY_COLUMNS = [
  'Source', 'Target', 'SourceEmail', 'TargetEmail', 'TargetObjectId', 'DisplayName', 'Workstreams',
] as const;
export type IdentityColumn = (typeof IDENTITY_COLUMNS)[number];

/** The workstreams a person can be listed for; an empty Workstreams cell means all of them. */
export const IDENTITY_WORKSTREAMS = ['environments', 'mailboxes', 'onedrive'] as const;
export type IdentityWorkstream = (typeof IDENTITY_WORKSTREAMS)[number];

/** The files the map exports, one per Microsoft tool. */
export const IDENTITY_EXPORTS = ['usermapping', 'exchange-batch', 'exchange-validation', 'onedrive'] as const;
export type IdentityExportFormat = (typeof IDENTITY_EXPORTS)[number];

/** Identity-map checks on top of the mapping-file checker's (whose `map-*` ids are reused unchanged). */
export const IDENTITY_CHECK_IDS = [
  'id-header', 'id-column-unknown', 'id-column-repeated', 'id-cells', 'id-email-conflict', 'id-object-id-format',
  'id-object-id-duplicate', 'id-workstreams',
] as const;
export type IdentityCheckId = (typeof IDENTITY_CHECK_IDS)[number];

export type IdentitySeverity = 'error' | 'warning';

export interface IdentityProblem {
  /** An `id-*` check, or one of the mapping-file checker's `map-*` checks. */
  checkId: string;
  severity: IdentitySeverity;
  /** Lines (CSV) or rows (workbook), 1-based, ascending; empty for the whole file. */
  lines: number[];
  message: string;
  fix: string;
  /** Microsoft's validation message for the same mistake, when it has one. */
  microsoftMessage: string | null;
}

/** One person, as read (trimmed). Optional cells are null when empty or absent. */
export interface IdentityEntry {
  line: number;
  source: string;
  target: string;
  sourceEmail: string | null;
  targetEmail: string | null;
  targetObjectId: string | null;
  displayName: string | null;
  workstreams: IdentityWorkstream[];
}

export type IdentityLayout = 'identity-map' | 'usermapping';

export interface IdentityCounts {
  /** People in the map with no error of their own. */
  people: number;
  environments: number;
  mailboxes: number;
  onedrive: number;
}

export interface IdentityMapReport {
  fileName: string | null;
  /** False when the content could not be read at all (binary, UTF-16, a damaged workbook): nothing was checked. */
  readable: boolean;
  /** The mapping checker's encodings, plus `xlsx-read` for a workbook read as rows. */
  encoding: MappingEncoding | 'xlsx-read';
  /** identity-map: canonical columns; usermapping: the two-column Power Platform file. */
  layout: IdentityLayout;
  /** Canonical columns found, in file order. */
  columns: IdentityColumn[];
  /** Lines or rows that are neither blank nor the header. */
  dataRows: number;
  counts: IdentityCounts;
  errors: number;
  warnings: number;
  /** Errors first, then by first line. */
  problems: IdentityProblem[];
  /** People with no error of their own, in file order: what the exports hold once the map has no error. */
  entries: IdentityEntry[];
  sourceDomains: string[];
  destinationDomains: string[];
}

/** What to check. Exactly one of text, bytes (a CSV upload) or rows (cells read from a workbook). */
export interface CheckIdentityInput {
  fileName?: string | null;
  text?: string;
  bytes?: Uint8Array;
  rows?: readonly (readonly string[])[];
  sourceDomains?: readonly string[];
  destinationDomains?: readonly string[];
}

/** The map in a few numbers, for the plan, the evidence pack and the assessment's seat check. */
export interface IdentityMapSummary {
  fileName: string | null;
  layout: IdentityLayout;
  readable: boolean;
  counts: IdentityCounts;
  errors: number;
  warnings: number;
  /** checkId and how often, errors first; no addresses (the evidence pack prints this). */
  problemCounts: Array<{ checkId: string; severity: IdentitySeverity; count: number }>;
}
