/**
 * The migration plan: every workstream of one tenant-to-tenant move with its readiness, what it waits for, who
 * owns its next step (and in which tenant), and the order across workstreams derived from the findings, each edge
 * with its reason and source. Ids (workstreams, step ids, states) are part of the card and evidence API.
 */
import type { Assessment } from '../assessment/types.js';
import type { OwnerRole } from '../checklist/roles.js';
import type { Basis, Finding, Verdict } from '../findings.js';
import type { IdentityMapSummary } from '../identity/types.js';
import type { StatusPhase } from '../status/phases.js';

export const PLAN_WORKSTREAMS = ['identities', 'onedrive', 'mailboxes', 'apps-flows', 'environments'] as const;
export type PlanWorkstream = (typeof PLAN_WORKSTREAMS)[number];

export const PLAN_WORKSTREAM_LABELS: Readonly<Record<PlanWorkstream, string>> = {
  identities: 'Identities',
  onedrive: 'OneDrive',
  mailboxes: 'Mailboxes',
  'apps-flows': 'Apps and flows',
  environments: 'Power Platform environments',
};

/** Which tenant's admin acts; null for the project manager and Microsoft support. */
export type TenantSide = 'source' | 'destination';

/** The mailbox-move readiness as the plan reads it (the mailbox contract's verdict and findings). */
export interface MailboxReadinessInput {
  verdict: Verdict;
  findings: Finding[];
  counts?: { mailboxes?: number; blocked?: number; errors?: number; warnings?: number };
}

export interface PlanAssessmentInput {
  id: string;
  assessment: Assessment;
}

export interface PlanInput {
  migration: {
    id: string;
    name: string;
    sourceTenant: string | null;
    destinationTenant: string | null;
    /** The status card's phase (the Power Platform move), null when not tracked yet. */
    phase: StatusPhase | null;
    /** The environment the status card tracks, when it tracks one. */
    environment?: string | null;
  };
  /** Oldest first: a later assessment of the same environment replaces the earlier one. */
  assessments: PlanAssessmentInput[];
  mailbox?: MailboxReadinessInput | null;
  identityMap?: IdentityMapSummary | null;
  checklist?: { done: number; total: number; openBlockers: number } | null;
  /** Step ids recorded as done elsewhere (for example a ticked checklist item), besides those the records show. */
  doneSteps?: readonly string[];
}

export type StepState = 'done' | 'ready' | 'waiting' | 'blocked';

export interface PlanStep {
  /** `identity-create`, `env-move:contoso-sales`, ...: stable for the same inputs. */
  id: string;
  workstream: PlanWorkstream;
  title: string;
  owner: OwnerRole;
  tenant: TenantSide | null;
  /** "Destination admin (fabrikam.onmicrosoft.com)". */
  ownerText: string;
  environment: string | null;
  state: StepState;
  /** Why it is blocked or waiting, in words; empty when done or ready. */
  stateReason: string;
  /** Steps that must come first (ids), in plan order. */
  after: string[];
  /** Finding rule ids that put this step in the plan. */
  ruleIds: string[];
}

export interface PlanEdge {
  from: string;
  to: string;
  reason: string;
  source: string;
  sourceDate: string;
  basis: Basis;
  /** The findings that made this edge (empty when the steps' presence alone does). */
  ruleIds: string[];
}

export type WorkstreamStatus = 'done' | 'ready' | 'actions' | 'support' | 'blocked' | 'not-checked';

export interface PlanWorkstreamView {
  id: PlanWorkstream;
  label: string;
  verdict: Verdict | null;
  status: WorkstreamStatus;
  /** "850 mailboxes, 3 blocked". */
  countsText: string;
  /** What must happen elsewhere first, or what is missing ("the identity map"). */
  waitsFor: string[];
  next: { stepId: string; title: string; owner: OwnerRole; tenant: TenantSide | null; ownerText: string } | null;
}

export interface MigrationPlan {
  migrationId: string;
  name: string;
  sourceTenant: string | null;
  destinationTenant: string | null;
  workstreams: PlanWorkstreamView[];
  /** In plan order: every step after the steps it waits for. */
  steps: PlanStep[];
  edges: PlanEdge[];
  checklist: { done: number; total: number; openBlockers: number } | null;
  /** Environments no step moves, with the reason (their blockers). */
  excluded: Array<{ environment: string; reason: string }>;
}
