/**
 * Status phases of one tenant-to-tenant migration, as a channel card shows them.
 *
 * The phase ids follow the states the self-service flow reports (submit, approve, upload mapping,
 * validate, migrate), so a card never contradicts the admin center or `TenantToTenant-GetMigrationStatus`.
 * Each phase sits on one step of the documented flow (Submit request ... Migration completed).
 * Phase ids and flow step ids are part of the HTTP API: never rename silently.
 */
import { levenshtein } from '../assessment/inputParsing.js';
import type { OwnerRole } from '../checklist/roles.js';
import { normaliseWord } from '../checklist/text.js';

export const STATUS_PHASES = [
  'submitted', 'awaiting-approval', 'approved', 'mapping-uploaded', 'validating', 'validation-failed',
  'validation-passed', 'migrating', 'migrated', 'post-migration', 'completed', 'failed', 'cancelled',
] as const;
export type StatusPhase = (typeof STATUS_PHASES)[number];

/** The happy path in order; `validation-failed` sits where a re-validation loops back from. */
export const MAIN_LINE: readonly StatusPhase[] = [
  'submitted', 'awaiting-approval', 'approved', 'mapping-uploaded', 'validating', 'validation-failed',
  'validation-passed', 'migrating', 'migrated', 'post-migration', 'completed',
];

/** Steps of the documented flow, as the card lists them. */
export const FLOW_STEPS = [
  { id: 'submit-request', label: 'Submit request' },
  { id: 'verify-prerequisites', label: 'Verify prerequisites' },
  { id: 'migrate-environment', label: 'Migrate environment' },
  { id: 'user-mapping-and-sync', label: 'User mapping and sync' },
  { id: 'post-migration', label: 'Post migration' },
  { id: 'migration-completed', label: 'Migration completed' },
] as const;
export type FlowStepId = (typeof FLOW_STEPS)[number]['id'];

/** Adaptive Card text colours, so the card template can bind the badge colour directly. */
export type BadgeColour = 'Default' | 'Accent' | 'Good' | 'Warning' | 'Attention';

export interface PhaseInfo {
  /** Badge text: the card never relies on colour alone. */
  label: string;
  colour: BadgeColour;
  /** The colour in words, for text-only surfaces and accessibility. */
  colourName: 'grey' | 'blue' | 'green' | 'amber' | 'red';
  /** Flow step the phase belongs to; null for failed and cancelled (they stop on the step they left). */
  step: FlowStepId | null;
  /** Button text on the card for moving to this phase. */
  actionLabel: string;
  /** Who acts next and what they do (the view fills in names and dates). */
  nextOwner: OwnerRole | null;
}

export const PHASE_INFO: Readonly<Record<StatusPhase, PhaseInfo>> = {
  submitted: {
    label: 'Request submitted', colour: 'Accent', colourName: 'blue', step: 'submit-request',
    actionLabel: 'Request submitted', nextOwner: 'destination-admin',
  },
  'awaiting-approval': {
    label: 'Awaiting destination approval', colour: 'Warning', colourName: 'amber', step: 'submit-request',
    actionLabel: 'Awaiting approval', nextOwner: 'destination-admin',
  },
  approved: {
    // Approval closes "Submit request": what is in progress now is preparing the prerequisites (the mapping file).
    label: 'Approved', colour: 'Good', colourName: 'green', step: 'verify-prerequisites',
    actionLabel: 'Approved', nextOwner: 'source-admin',
  },
  'mapping-uploaded': {
    label: 'Mapping file uploaded', colour: 'Accent', colourName: 'blue', step: 'verify-prerequisites',
    actionLabel: 'Mapping uploaded', nextOwner: 'source-admin',
  },
  validating: {
    label: 'Validating', colour: 'Accent', colourName: 'blue', step: 'verify-prerequisites',
    actionLabel: 'Validation started', nextOwner: 'source-admin',
  },
  'validation-failed': {
    label: 'Validation failed', colour: 'Attention', colourName: 'red', step: 'verify-prerequisites',
    actionLabel: 'Validation failed', nextOwner: 'source-admin',
  },
  'validation-passed': {
    label: 'Validation passed', colour: 'Good', colourName: 'green', step: 'verify-prerequisites',
    actionLabel: 'Validation passed', nextOwner: 'source-admin',
  },
  migrating: {
    label: 'Moving', colour: 'Accent', colourName: 'blue', step: 'migrate-environment',
    actionLabel: 'Move started', nextOwner: 'source-admin',
  },
  migrated: {
    label: 'Moved', colour: 'Good', colourName: 'green', step: 'user-mapping-and-sync',
    actionLabel: 'Move finished', nextOwner: 'destination-admin',
  },
  'post-migration': {
    label: 'Post-move steps', colour: 'Accent', colourName: 'blue', step: 'post-migration',
    actionLabel: 'Post-move steps started', nextOwner: 'project-manager',
  },
  completed: {
    label: 'Completed', colour: 'Good', colourName: 'green', step: 'migration-completed',
    actionLabel: 'Completed', nextOwner: null,
  },
  failed: {
    label: 'Failed', colour: 'Attention', colourName: 'red', step: null,
    actionLabel: 'Failed', nextOwner: 'source-admin',
  },
  cancelled: {
    label: 'Cancelled', colour: 'Default', colourName: 'grey', step: null,
    actionLabel: 'Cancel migration', nextOwner: null,
  },
};

export function phaseLabel(phase: StatusPhase): string {
  return PHASE_INFO[phase].label;
}

export function isTerminal(phase: StatusPhase): boolean {
  return phase === 'completed' || phase === 'cancelled';
}

const ALIASES: Readonly<Record<string, StatusPhase>> = {
  submit: 'submitted',
  requested: 'submitted',
  requestsubmitted: 'submitted',
  pending: 'awaiting-approval',
  pendingapproval: 'awaiting-approval',
  awaiting: 'awaiting-approval',
  waitingforapproval: 'awaiting-approval',
  awaitingdestinationapproval: 'awaiting-approval',
  awaitingtargetapproval: 'awaiting-approval',
  approve: 'approved',
  uploaded: 'mapping-uploaded',
  mappingfileuploaded: 'mapping-uploaded',
  validate: 'validating',
  validation: 'validating',
  preparing: 'validating',
  validationsucceeded: 'validation-passed',
  validated: 'validation-passed',
  validationerror: 'validation-failed',
  moving: 'migrating',
  migrate: 'migrating',
  movestarted: 'migrating',
  moved: 'migrated',
  movefinished: 'migrated',
  postmove: 'post-migration',
  postmovesteps: 'post-migration',
  postmigrationsteps: 'post-migration',
  complete: 'completed',
  done: 'completed',
  fail: 'failed',
  error: 'failed',
  canceled: 'cancelled',
  cancel: 'cancelled',
  cancelmigration: 'cancelled',
};

const BY_WORD: ReadonlyMap<string, StatusPhase> = new Map<string, StatusPhase>([
  ...STATUS_PHASES.map((p): [string, StatusPhase] => [normaliseWord(p), p]),
  ...STATUS_PHASES.map((p): [string, StatusPhase] => [normaliseWord(PHASE_INFO[p].label), p]),
  ...Object.entries(ALIASES).map(([word, p]): [string, StatusPhase] => [word, p]),
]);

/** Tolerant of case, spaces, hyphens and underscores ("Validation Passed", "VALIDATION_PASSED"); null if unknown. */
export function parsePhase(text: string): StatusPhase | null {
  const word = normaliseWord(text);
  if (word === '') return null;
  return BY_WORD.get(word) ?? null;
}

/**
 * Splits "validation passed fixed two addresses" into the phase and the note, trying the longest phase
 * first (phases are up to three words when typed with spaces). Null when no leading words name a phase.
 */
export function splitPhaseAndNote(text: string): { phase: StatusPhase; note: string | null } | null {
  const words = text.trim().split(/\s+/).filter((w) => w !== '');
  for (let take = Math.min(3, words.length); take >= 1; take -= 1) {
    const phase = parsePhase(words.slice(0, take).join(' '));
    if (phase !== null) {
      const note = words.slice(take).join(' ');
      return { phase, note: note === '' ? null : note };
    }
  }
  return null;
}

/** The phase a mistyped word was probably meant to be ("aproved" -> approved), or null. */
export function suggestPhase(text: string): StatusPhase | null {
  const words = text.trim().split(/\s+/).filter((w) => w !== '');
  let best: { phase: StatusPhase; distance: number } | null = null;
  for (let take = Math.min(3, words.length); take >= 1; take -= 1) {
    const word = normaliseWord(words.slice(0, take).join(' '));
    if (word.length < 4) continue;
    for (const [candidate, phase] of BY_WORD) {
      const distance = levenshtein(word, candidate);
      if (distance <= 2 && (!best || distance < best.distance)) best = { phase, distance };
    }
  }
  return best?.phase ?? null;
}

const rank = (phase: StatusPhase): number => MAIN_LINE.indexOf(phase);

/** Phases from which the move has not yet happened: cancelling and failing are still possible. */
function beforeMove(phase: StatusPhase): boolean {
  return rank(phase) >= 0 && rank(phase) < rank('migrated');
}

/** Backward moves that the documented flow has: fixing the mapping file and validating again. */
const BACKWARD: Readonly<Partial<Record<StatusPhase, readonly StatusPhase[]>>> = {
  'validation-failed': ['mapping-uploaded', 'validating'],
  // Re-validating with a new file, or because the 7-day window to start the move has closed.
  'validation-passed': ['mapping-uploaded', 'validating', 'validation-failed'],
};

/**
 * Whether a migration may go from one phase to another.
 * - Forward along the main line, skipping phases: automation that polls can miss short phases.
 * - Back only where the flow loops (a failed or expired validation goes back to upload or validate).
 * - `failed` and `cancelled` from any phase before the move finished (the admin center offers
 *   Cancel move until the move completes).
 * - From `failed`: retry from the phase it stopped at or any earlier one, or cancel.
 * - `completed` and `cancelled` are final.
 * Staying in the same phase is not a transition (see applyStatusChange: it changes nothing).
 */
export function canTransition(from: StatusPhase, to: StatusPhase, stoppedAt: StatusPhase | null = null): boolean {
  if (from === to || isTerminal(from)) return false;
  if (from === 'failed') {
    if (to === 'cancelled') return true;
    const limit = stoppedAt !== null && beforeMove(stoppedAt) ? stoppedAt : 'migrating';
    return rank(to) >= 0 && rank(to) <= rank(limit);
  }
  if (to === 'failed' || to === 'cancelled') return beforeMove(from);
  if (rank(to) > rank(from)) return true;
  return (BACKWARD[from] ?? []).includes(to);
}

const NEXT: Readonly<Record<StatusPhase, readonly StatusPhase[]>> = {
  submitted: ['awaiting-approval', 'approved', 'cancelled'],
  'awaiting-approval': ['approved', 'cancelled'],
  approved: ['mapping-uploaded', 'cancelled'],
  'mapping-uploaded': ['validating', 'cancelled'],
  validating: ['validation-passed', 'validation-failed'],
  'validation-failed': ['mapping-uploaded', 'validating', 'cancelled'],
  'validation-passed': ['migrating', 'validating', 'cancelled'],
  migrating: ['migrated', 'failed'],
  migrated: ['post-migration', 'completed'],
  'post-migration': ['completed'],
  completed: [],
  failed: [],
  cancelled: [],
};

/**
 * The few sensible next phases, for the card's buttons (in button order). For `failed`, pass the phase
 * it stopped at: the first button retries that phase.
 */
export function nextPhases(phase: StatusPhase, stoppedAt: StatusPhase | null = null): StatusPhase[] {
  if (phase !== 'failed') return [...NEXT[phase]];
  const retry = retryPhase(stoppedAt);
  return retry === 'submitted' ? ['submitted', 'cancelled'] : [retry, 'submitted', 'cancelled'];
}

/** Where a failed migration resumes: the step it stopped at (a failed validation is run again). */
export function retryPhase(stoppedAt: StatusPhase | null): StatusPhase {
  switch (stoppedAt) {
    case 'approved':
    case 'mapping-uploaded':
    case 'migrating':
      return stoppedAt;
    case 'validating':
    case 'validation-failed':
    case 'validation-passed':
      return 'validating';
    default:
      return 'submitted';
  }
}

/** Every phase reachable from here under canTransition, in STATUS_PHASES order (for error messages). */
export function allowedPhases(phase: StatusPhase, stoppedAt: StatusPhase | null = null): StatusPhase[] {
  return STATUS_PHASES.filter((to) => canTransition(phase, to, stoppedAt));
}
