/**
 * What a status card, a thread reply and the status JSON show: a pure view of a migration at a time.
 * The card template binds to StatusView; GET/POST /api/migrations/{id}/status answer with it.
 */
import { ownerRoleLabel, type OwnerRole } from '../checklist/roles.js';
import { deadlines, formatUtc, type Deadline } from './clocks.js';
import type { MigrationStatus, StatusChange } from './migration.js';
import {
  FLOW_STEPS, nextPhases, PHASE_INFO, type BadgeColour, type FlowStepId, type StatusPhase,
} from './phases.js';

export interface NextStep {
  text: string;
  owner: OwnerRole;
  ownerLabel: string;
  /** ISO 8601 when a running clock bounds this step. */
  dueAt: string | null;
}

export type StepState = 'done' | 'current' | 'upcoming' | 'stopped';

export interface StatusView {
  id: string;
  name: string;
  environment: string | null;
  sourceTenant: string | null;
  destinationTenant: string | null;
  assessmentId: string | null;
  phase: StatusPhase;
  badge: { text: string; colour: BadgeColour; colourName: string };
  steps: { id: FlowStepId; label: string; state: StepState }[];
  stoppedAt: StatusPhase | null;
  next: NextStep | null;
  /** Clocks that are running now. */
  deadlines: Deadline[];
  /** Buttons for the card, in order. */
  actions: { phase: StatusPhase; label: string }[];
  lastChange: {
    phase: StatusPhase;
    from: StatusPhase | null;
    by: string;
    via: 'person' | 'automation';
    at: string;
    atText: string;
    note: string | null;
  };
  asOf: string;
  asOfText: string;
  revision: number;
}

function stepIndex(phase: StatusPhase | null): number {
  if (phase === null) return -1;
  const step = PHASE_INFO[phase].step;
  return FLOW_STEPS.findIndex((s) => s.id === step);
}

function stepStates(migration: MigrationStatus): StatusView['steps'] {
  const stopped = migration.phase === 'failed' || migration.phase === 'cancelled';
  const current = stepIndex(stopped ? migration.stoppedAt : migration.phase);
  return FLOW_STEPS.map((s, i) => {
    let state: StepState;
    if (migration.phase === 'completed' || i < current) state = 'done';
    else if (i === current) state = stopped ? 'stopped' : 'current';
    else state = 'upcoming';
    return { id: s.id, label: s.label, state };
  });
}

/** The next step with its owner, naming the user's environment, tenants and the running clock. */
export function nextStep(migration: MigrationStatus, now: Date): NextStep | null {
  const info = PHASE_INFO[migration.phase];
  if (info.nextOwner === null) return null;
  const env = migration.environment ?? migration.name;
  const dst = migration.destinationTenant ?? 'the destination tenant';
  const running = deadlines(migration, now).find((d) => d.active);
  const by = running ? ` before ${formatUtc(running.dueAt)}` : '';
  const texts: Record<StatusPhase, string> = {
    submitted: `Approve or reject the move request for ${env} in ${dst} (Review moves in the admin center, or TenantToTenant-ManageMigrationRequest)${by}.`,
    'awaiting-approval': `Approve or reject the move request for ${env} in ${dst} (Review moves in the admin center, or TenantToTenant-ManageMigrationRequest)${by}.`,
    approved: `Upload usermapping.csv for ${env} and validate it.`,
    'mapping-uploaded': `Validate ${env} (Validate in the admin center, or TenantToTenant-PrepareMigration).`,
    validating: `Wait for validation of ${env} to finish, then record the result (TenantToTenant-GetMigrationStatus shows it).`,
    'validation-failed': `Download the validation errors for ${env}, fix usermapping.csv, upload it again and validate again.`,
    'validation-passed': `Start the move of ${env} (Move environment in the admin center, or TenantToTenant-MigratePowerAppEnvironment)${by}, or validation has to run again.`,
    migrating: `Wait for the move of ${env} to finish: the environment stays in administration mode until then.`,
    migrated: `Check ${env} in ${dst}, then start the post-move steps.`,
    'post-migration': `Finish the post-move checklist for ${env}, then mark the migration completed.`,
    completed: '',
    failed: `Find out why ${env} failed${migration.stoppedAt ? ` at ${PHASE_INFO[migration.stoppedAt].label}` : ''}, `
      + 'fix the cause and retry; ask Microsoft support if the commands keep failing.',
    cancelled: '',
  };
  return {
    text: texts[migration.phase],
    owner: info.nextOwner,
    ownerLabel: ownerRoleLabel(info.nextOwner),
    dueAt: running ? running.dueAt : null,
  };
}

/** The status JSON and card view model at `now` (the card's "as of" time). */
export function describeStatus(migration: MigrationStatus, now: Date): StatusView {
  const info = PHASE_INFO[migration.phase];
  const last = migration.lastChange;
  return {
    id: migration.id,
    name: migration.name,
    environment: migration.environment,
    sourceTenant: migration.sourceTenant,
    destinationTenant: migration.destinationTenant,
    assessmentId: migration.assessmentId,
    phase: migration.phase,
    badge: { text: info.label, colour: info.colour, colourName: info.colourName },
    steps: stepStates(migration),
    stoppedAt: migration.stoppedAt,
    next: nextStep(migration, now),
    deadlines: deadlines(migration, now).filter((d) => d.active),
    actions: nextPhases(migration.phase, migration.stoppedAt).map((phase) => ({ phase, label: PHASE_INFO[phase].actionLabel })),
    lastChange: {
      phase: last.phase, from: last.from, by: last.by.name, via: last.via, at: last.at, atText: formatUtc(last.at), note: last.note,
    },
    asOf: now.toISOString(),
    asOfText: formatUtc(now),
    revision: migration.revision,
  };
}

/**
 * The one-line reply posted in the card's thread for a change: an edited card notifies nobody, the
 * reply does, and the thread keeps the timestamped trail.
 */
export function changeSummary(migration: MigrationStatus, change: StatusChange): string {
  const label = PHASE_INFO[change.phase].label;
  const head = change.from === null
    ? `Tracking ${migration.name} from ${label}`
    : `${migration.name}: ${label} (was ${PHASE_INFO[change.from].label})`;
  const note = change.note ? ` Note: ${change.note}` : '';
  return `${head}, by ${change.by.name} (${change.via}) at ${formatUtc(change.at)}.${note}`;
}
