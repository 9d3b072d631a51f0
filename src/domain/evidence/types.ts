/**
 * The evidence pack's input: plain record fields only. The renderer reads the fields named here and nothing
 * else, so a record's other fields (download links, conversation state, tokens, chat messages) cannot reach it.
 */
import type { Assessment } from '../assessment/types.js';
import type { Checklist } from '../checklist/types.js';
import type { Finding, Verdict } from '../findings.js';
import type { IdentityMapSummary } from '../identity/types.js';
import type { MigrationPlan } from '../plan/types.js';
import type { MigrationStatus } from '../status/migration.js';

export interface EvidenceActor {
  name: string;
}

export interface EvidenceAssessment {
  id: string;
  /** ISO 8601 UTC. */
  createdAt: string | null;
  createdBy: EvidenceActor | null;
  assessment: Assessment;
  /** Who acknowledged the Marketing post-migration state, when anyone did. */
  acknowledgement?: { by: EvidenceActor; at: string } | null;
}

export interface EvidenceMailbox {
  verdict: Verdict;
  findings: Finding[];
  counts?: { mailboxes?: number; blocked?: number; errors?: number; warnings?: number };
  checkedAt: string | null;
  checkedBy: EvidenceActor | null;
  /** How it was checked: the mailbox profile, or Microsoft's validation script log. */
  method?: 'profile' | 'validation-log' | null;
}

export interface EvidenceIdentityMap {
  summary: IdentityMapSummary;
  checkedAt: string | null;
  checkedBy: EvidenceActor | null;
}

export interface EvidenceInput {
  migration: MigrationStatus;
  assessments: EvidenceAssessment[];
  mailbox?: EvidenceMailbox | null;
  identityMap?: EvidenceIdentityMap | null;
  checklist?: Checklist | null;
  plan?: MigrationPlan | null;
  /** When the pack was made (ISO 8601); absent keeps the output independent of the clock. */
  generatedAt?: string | null;
}

/** The document both renderers print: the shared printable document (src/domain/printable.ts). */
export type {
  PrintDocument as EvidenceDocument, PrintField as EvidenceField, PrintItem as EvidenceItem, PrintSection as EvidenceSection,
} from '../printable.js';
