/**
 * One tracked migration and its pure state transitions. JSON-safe: storage keeps it as is.
 * Times are ISO 8601 strings in UTC; every function takes the time it should use (no clock inside).
 */
import {
  allowedPhases, canTransition, isTerminal, MAIN_LINE, PHASE_INFO, parsePhase, STATUS_PHASES, type StatusPhase,
} from './phases.js';

export const CHANGE_VIA = ['person', 'automation'] as const;
export type ChangeVia = (typeof CHANGE_VIA)[number];

/** Who changed a status: a Teams user (with id) or the name an automation gave in `by`. */
export interface Actor {
  name: string;
  id?: string;
}

export interface StatusChange {
  /** The migration's revision after this change. */
  revision: number;
  phase: StatusPhase;
  /** Null for the change that started tracking. */
  from: StatusPhase | null;
  by: Actor;
  via: ChangeVia;
  at: string;
  note: string | null;
}

export interface MigrationStatus {
  version: 1;
  /** Assigned by the caller (storage); safe in a URL path. */
  id: string;
  name: string;
  environment: string | null;
  sourceTenant: string | null;
  destinationTenant: string | null;
  assessmentId: string | null;
  phase: StatusPhase;
  /** For failed and cancelled: the phase the migration was in when it stopped. */
  stoppedAt: StatusPhase | null;
  /** Start of the 7-day approval clock (entering submitted or awaiting-approval). */
  submittedAt: string | null;
  /** Start of the 7-day clock to start the move (entering validation-passed). */
  validationPassedAt: string | null;
  createdAt: string;
  lastChange: StatusChange;
  /** Oldest first, bounded; the channel thread keeps the full trail. */
  history: StatusChange[];
  revision: number;
}

/** History kept on the record; older entries live on in the card's thread. */
export const MAX_HISTORY = 100;
export const MAX_NOTE_LENGTH = 500;
export const MAX_NAME_LENGTH = 120;
export const MAX_ACTOR_LENGTH = 100;
/** Migration ids appear in `/api/migrations/{id}/status`: keep them URL-safe without encoding. */
export const MIGRATION_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export type StatusErrorCode = 'unknown-phase' | 'not-allowed' | 'invalid-input';

export type StatusResult =
  | { ok: true; migration: MigrationStatus; changed: boolean; change: StatusChange | null }
  | { ok: false; code: StatusErrorCode; message: string };

export interface NewMigration {
  id: string;
  name: string;
  environment?: string | null;
  sourceTenant?: string | null;
  destinationTenant?: string | null;
  assessmentId?: string | null;
  /** Phase tracking starts in; a phase on the main line, default `submitted`. */
  phase?: StatusPhase | string;
  /** When the request was really submitted, if before tracking started (starts the approval clock). */
  submittedAt?: Date;
  /** When validation really passed, if before tracking started (starts the move clock). */
  validationPassedAt?: Date;
  note?: string;
  by: Actor;
  via: ChangeVia;
  at: Date;
}

export interface StatusChangeRequest {
  phase: StatusPhase | string;
  note?: string | null;
  by: Actor;
  via: ChangeVia;
  at: Date;
}

const APPROVAL_PHASES: readonly StatusPhase[] = ['submitted', 'awaiting-approval'];

type Checked<T> = { ok: true; value: T } | { ok: false; code: StatusErrorCode; message: string };

const invalid = (message: string): { ok: false; code: 'invalid-input'; message: string } => (
  { ok: false, code: 'invalid-input', message });

/** One line of plain text: the thread reply and the card show notes and names on one line. */
function oneLine(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();
}

function isValidDate(value: unknown): value is Date {
  return value instanceof Date && !Number.isNaN(value.getTime());
}

function checkNote(note: string | null | undefined): Checked<string | null> {
  if (note === undefined || note === null) return { ok: true, value: null };
  if (typeof note !== 'string') return invalid('The note must be text.');
  const clean = oneLine(note);
  if (clean.length > MAX_NOTE_LENGTH) {
    return invalid(`The note is ${clean.length} characters long; keep it to ${MAX_NOTE_LENGTH}.`);
  }
  return { ok: true, value: clean === '' ? null : clean };
}

function checkActor(by: Actor | undefined): Checked<Actor> {
  if (by === undefined || by === null || typeof by.name !== 'string') return invalid('Say who made the change (by).');
  const name = oneLine(by.name);
  if (name === '') return invalid('Say who made the change (by).');
  if (name.length > MAX_ACTOR_LENGTH) return invalid(`The name in 'by' is too long; keep it to ${MAX_ACTOR_LENGTH} characters.`);
  return { ok: true, value: by.id !== undefined && by.id !== '' ? { name, id: by.id } : { name } };
}

function checkCommon(by: Actor, via: ChangeVia, at: Date, note: string | null | undefined):
Checked<{ by: Actor; at: string; note: string | null }> {
  const actor = checkActor(by);
  if (!actor.ok) return actor;
  if (!CHANGE_VIA.includes(via)) return invalid(`'via' must be ${CHANGE_VIA.join(' or ')}.`);
  if (!isValidDate(at)) return invalid('The time of the change is not a valid date.');
  const checkedNote = checkNote(note);
  if (!checkedNote.ok) return checkedNote;
  return { ok: true, value: { by: actor.value, at: at.toISOString(), note: checkedNote.value } };
}

function unknownPhase(text: string): { ok: false; code: 'unknown-phase'; message: string } {
  return {
    ok: false, code: 'unknown-phase',
    message: `'${text}' is not a migration phase. Use one of: ${STATUS_PHASES.join(', ')}.`,
  };
}

function optionalText(value: string | null | undefined, field: string, max: number): Checked<string | null> {
  if (value === undefined || value === null) return { ok: true, value: null };
  if (typeof value !== 'string') return invalid(`${field} must be text.`);
  const clean = oneLine(value);
  if (clean.length > max) return invalid(`${field} is too long; keep it to ${max} characters.`);
  return { ok: true, value: clean === '' ? null : clean };
}

/** Starts tracking a migration. The first history entry records who started it and how. */
export function createMigration(input: NewMigration): StatusResult {
  if (typeof input.id !== 'string' || !MIGRATION_ID_PATTERN.test(input.id)) {
    return invalid('A migration id is 1 to 64 letters, digits, hyphens or underscores, starting with a letter or digit.');
  }
  const name = optionalText(input.name, 'The migration name', MAX_NAME_LENGTH);
  if (!name.ok) return name;
  if (name.value === null) return invalid('Give the migration a name, for example the environment it moves.');
  const environment = optionalText(input.environment, 'The environment name', MAX_NAME_LENGTH);
  if (!environment.ok) return environment;
  const sourceTenant = optionalText(input.sourceTenant, 'The source tenant', 253);
  if (!sourceTenant.ok) return sourceTenant;
  const destinationTenant = optionalText(input.destinationTenant, 'The destination tenant', 253);
  if (!destinationTenant.ok) return destinationTenant;

  const phaseText = input.phase ?? 'submitted';
  const phase = parsePhase(phaseText);
  if (phase === null) return unknownPhase(phaseText);
  if (!MAIN_LINE.includes(phase) || isTerminal(phase)) {
    return {
      ok: false, code: 'not-allowed',
      message: `Tracking cannot start at ${PHASE_INFO[phase].label}. Start at one of: `
        + `${MAIN_LINE.filter((p) => !isTerminal(p)).join(', ')}.`,
    };
  }
  const common = checkCommon(input.by, input.via, input.at, input.note);
  if (!common.ok) return common;
  for (const [field, value] of [['submittedAt', input.submittedAt], ['validationPassedAt', input.validationPassedAt]] as const) {
    if (value !== undefined && !isValidDate(value)) return invalid(`${field} is not a valid date.`);
  }

  const { by, at, note } = common.value;
  const change: StatusChange = { revision: 1, phase, from: null, by, via: input.via, at, note };
  const migration: MigrationStatus = {
    version: 1,
    id: input.id,
    name: name.value,
    environment: environment.value,
    sourceTenant: sourceTenant.value,
    destinationTenant: destinationTenant.value,
    assessmentId: input.assessmentId ?? null,
    phase,
    stoppedAt: null,
    submittedAt: APPROVAL_PHASES.includes(phase) ? (input.submittedAt?.toISOString() ?? at) : null,
    validationPassedAt: phase === 'validation-passed' ? (input.validationPassedAt?.toISOString() ?? at) : null,
    createdAt: at,
    lastChange: change,
    history: [change],
    revision: 1,
  };
  return { ok: true, migration, changed: true, change };
}

/**
 * Applies a phase change from a person or an automation. Returns the new state, or a user-safe error
 * naming the phases allowed from here. Setting the phase it is already in changes nothing
 * (`changed: false`): a retried card action or a polling automation reporting the same state must not
 * add history, thread replies or reset clocks.
 */
export function applyStatusChange(migration: MigrationStatus, request: StatusChangeRequest): StatusResult {
  if (typeof request.phase !== 'string') {
    return { ok: false, code: 'unknown-phase', message: `Give the phase as text, one of: ${STATUS_PHASES.join(', ')}.` };
  }
  const to = parsePhase(request.phase);
  if (to === null) return unknownPhase(request.phase);
  const common = checkCommon(request.by, request.via, request.at, request.note);
  if (!common.ok) return common;
  const from = migration.phase;
  if (to === from) return backdated(migration, common.value.at);
  if (!canTransition(from, to, migration.stoppedAt)) {
    const allowed = allowedPhases(from, migration.stoppedAt);
    const here = `${migration.name} is at ${PHASE_INFO[from].label}`;
    return {
      ok: false, code: 'not-allowed',
      message: allowed.length === 0
        ? `${here} and cannot change any more. Track it again to follow a new attempt.`
        : `${here}; it cannot go to ${to} from there. It can go to: ${allowed.join(', ')}.`,
    };
  }
  const { by, at, note } = common.value;
  const revision = migration.revision + 1;
  const change: StatusChange = { revision, phase: to, from, by, via: request.via, at, note };
  const stopping = to === 'failed' || to === 'cancelled';
  const next: MigrationStatus = {
    ...migration,
    phase: to,
    // failed -> cancelled keeps the phase where the work really stopped.
    stoppedAt: stopping ? (from === 'failed' ? migration.stoppedAt : from) : null,
    // The approval clock restarts only on a new submission, not when moving between its two phases.
    submittedAt: APPROVAL_PHASES.includes(to) && !APPROVAL_PHASES.includes(from) ? at : migration.submittedAt,
    // A new successful validation opens a new 7-day window (the docs: migrate within 7 days or prepare again).
    validationPassedAt: to === 'validation-passed' ? at : migration.validationPassedAt,
    lastChange: change,
    history: [...migration.history, change].slice(-MAX_HISTORY),
    revision,
  };
  return { ok: true, migration: next, changed: true, change };
}

/**
 * The phase the migration is already at, reported as having happened earlier than recorded (an automation that
 * reports late, `"at"`): the phase's time and the clocks it started move back to it, so reminders and deadlines
 * run from the real time. The same phase at the same or a later time changes nothing (a retry).
 */
function backdated(migration: MigrationStatus, at: string): StatusResult {
  const recorded = migration.lastChange.at;
  if (Date.parse(at) >= Date.parse(recorded)) return { ok: true, migration, changed: false, change: null };
  const lastChange = { ...migration.lastChange, at };
  const next: MigrationStatus = {
    ...migration,
    submittedAt: migration.submittedAt === recorded ? at : migration.submittedAt,
    validationPassedAt: migration.validationPassedAt === recorded ? at : migration.validationPassedAt,
    lastChange,
    history: [...migration.history.slice(0, -1), lastChange],
    revision: migration.revision + 1,
  };
  return { ok: true, migration: next, changed: true, change: null };
}

export interface MigrationDetails {
  name?: string;
  environment?: string | null;
  sourceTenant?: string | null;
  destinationTenant?: string | null;
}

/**
 * Fills in or corrects the descriptive fields (a migration tracked by name alone learns its tenants
 * later). Not a phase change: no history entry, but the revision moves so cards refresh.
 */
export function setMigrationDetails(migration: MigrationStatus, details: MigrationDetails): StatusResult {
  const next = { ...migration };
  if (details.name !== undefined) {
    const name = optionalText(details.name, 'The migration name', MAX_NAME_LENGTH);
    if (!name.ok) return name;
    if (name.value === null) return invalid('A migration name cannot be empty.');
    next.name = name.value;
  }
  const fields = [
    ['environment', 'The environment name', MAX_NAME_LENGTH],
    ['sourceTenant', 'The source tenant', 253],
    ['destinationTenant', 'The destination tenant', 253],
  ] as const;
  for (const [field, label, max] of fields) {
    if (details[field] === undefined) continue;
    const value = optionalText(details[field], label, max);
    if (!value.ok) return value;
    next[field] = value.value;
  }
  const changed = next.name !== migration.name || next.environment !== migration.environment
    || next.sourceTenant !== migration.sourceTenant || next.destinationTenant !== migration.destinationTenant;
  if (!changed) return { ok: true, migration, changed: false, change: null };
  return { ok: true, migration: { ...next, revision: migration.revision + 1 }, changed: true, change: null };
}
