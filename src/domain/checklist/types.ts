/**
 * The migration checklist a project manager runs: generated from a profile and its assessment, then
 * ticked off item by item. Pure data (JSON-safe): storage keeps it as is, cards render it.
 * Ids (phases, item ids, roles) are part of the card-action and storage API: never rename silently.
 */
import type { Verdict } from '../assessment/types.js';
import type { OwnerRole } from './roles.js';

/** The phases of a move, in order (the project manager's view of the documented flow). */
export const CHECKLIST_PHASES = ['plan', 'identity', 'request', 'pre-move', 'move', 'post-move', 'close'] as const;
export type ChecklistPhase = (typeof CHECKLIST_PHASES)[number];

export const CHECKLIST_PHASE_LABELS: Readonly<Record<ChecklistPhase, string>> = {
  plan: 'Plan',
  identity: 'Identity',
  request: 'Request',
  'pre-move': 'Pre-move',
  move: 'Move',
  'post-move': 'Post-move',
  close: 'Close',
};

/** Someone who acted on a checklist (the Teams user behind an invoke). */
export interface Person {
  id: string;
  name: string;
}

export interface ItemDone {
  by: Person;
  /** ISO 8601, UTC. */
  at: string;
}

export interface ChecklistItem {
  /** Deterministic: `phase:key` or `phase:key:environment-key`, so a card action can name it. */
  id: string;
  phase: ChecklistPhase;
  /** Plain English, naming the user's environments and tenants. */
  text: string;
  /** The role that does it. */
  owner: OwnerRole;
  /** Other roles involved (may be empty). */
  supporting: OwnerRole[];
  /** Public documentation URL the step comes from. */
  source: string;
  /** The environment the item is about, or null for the whole project. */
  environment: string | null;
  /**
   * True when the move should not go ahead until this is done: the step resolves an assessment blocker or
   * support case, or skipping it before the move breaks something (apps left in place, flows outside
   * solutions, an unapproved Lockbox request). Ordinary steps of the flow are not blockers.
   */
  blocker: boolean;
  /** Assessment rule ids that put this item on the list (empty for steps every move has). */
  ruleIds: string[];
  done: ItemDone | null;
}

export interface ChecklistEnvironment {
  name: string;
  /** Slug used in item ids; unique within the checklist. */
  key: string;
}

export interface ExcludedEnvironment {
  name: string;
  /** Plain-English reason, from the assessment's blocker findings. */
  reason: string;
}

export interface Checklist {
  version: 1;
  assessmentId: string | null;
  /** ISO 8601 or null when the caller did not stamp it. */
  createdAt: string | null;
  sourceTenant: string;
  destinationTenant: string;
  verdict: Verdict;
  /** Environments the checklist covers, in profile order. */
  environments: ChecklistEnvironment[];
  /** Environments left out because they cannot move as assessed. */
  excludedEnvironments: ExcludedEnvironment[];
  /** Due dates per phase, `YYYY-MM-DD`, set by the project manager. */
  due: Partial<Record<ChecklistPhase, string>>;
  items: ChecklistItem[];
  /** Increments on every change; a card can carry it to detect stale views. */
  revision: number;
  /** Action keys already applied (most recent last, bounded), so a retried invoke changes nothing twice. */
  appliedActionKeys: string[];
}

export interface BuildChecklistOptions {
  assessmentId?: string;
  createdAt?: Date;
  /**
   * Environment names to cover (case-insensitive). Default: every environment the assessment does not
   * rule out; if it rules out all of them, every environment (so the blockers still get a plan).
   */
  environments?: string[];
}

export interface PhaseProgress {
  phase: ChecklistPhase;
  label: string;
  done: number;
  total: number;
  openBlockers: number;
  due: string | null;
  /** True when a due date has passed (needs `now`) and items are still open. */
  overdue: boolean;
}

export interface ChecklistProgress {
  done: number;
  total: number;
  openBlockers: number;
  perPhase: PhaseProgress[];
}

export type ToggleResult =
  | { ok: true; checklist: Checklist; item: ChecklistItem; changed: boolean }
  | { ok: false; code: 'unknown-item' | 'invalid-input'; message: string };

export type SetDueResult =
  | { ok: true; checklist: Checklist; phase: ChecklistPhase; due: string | null }
  | { ok: false; code: 'unknown-phase' | 'invalid-date'; message: string };
