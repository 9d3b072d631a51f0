/**
 * The two 7-day clocks of a tenant-to-tenant move, and the reminders a day before each closes.
 * - A request expires 7 days after submission if the destination admin has not approved it
 *   (admin-center flow: "Requests expire after 7 days").
 * - After validation (PrepareMigration) succeeds, the move must start within 7 days, else validate again.
 * Source: https://learn.microsoft.com/power-platform/admin/move-environment-tenant
 */
import type { OwnerRole } from '../checklist/roles.js';
import type { MigrationStatus } from './migration.js';
import { formatUtc, plural } from '../text.js';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

export const APPROVAL_WINDOW_MS = 7 * DAY_MS;
export const MOVE_WINDOW_MS = 7 * DAY_MS;
/** Reminders go out this long before a window closes. */
export const REMINDER_LEAD_MS = DAY_MS;

export const DEADLINE_KINDS = ['approval-expiry', 'move-window'] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

export interface Deadline {
  kind: DeadlineKind;
  label: string;
  owner: OwnerRole;
  /** ISO 8601: when the clock started. */
  startedAt: string;
  /** ISO 8601: when the window closes. */
  dueAt: string;
  /** ISO 8601: when the reminder is due. */
  remindAt: string;
  /** The clock runs only in its phases (awaiting approval; validation passed). */
  active: boolean;
  /** Active and past its due time. */
  expired: boolean;
  /** "2 days 3 hours left", "closed 5 hours ago"; meaningful only while active. */
  timeLeft: string;
}

export interface Reminder {
  /** Stable per migration, clock and window start: record it to send each reminder once. */
  id: string;
  migrationId: string;
  kind: DeadlineKind;
  owner: OwnerRole;
  remindAt: string;
  dueAt: string;
  /** One line for the card's thread, naming the migration, the date and who must act. */
  text: string;
}

/** "2026-12-15 14:00 UTC" (one formatter for the whole product, in domain/text.ts). */
export { formatUtc };

function unit(count: number, name: string): string {
  return plural(count, name);
}

function span(ms: number): string {
  const minutes = Math.floor(ms / 60000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) return hours > 0 ? `${unit(days, 'day')} ${unit(hours, 'hour')}` : unit(days, 'day');
  if (hours > 0) return mins > 0 ? `${unit(hours, 'hour')} ${unit(mins, 'minute')}` : unit(hours, 'hour');
  return minutes > 0 ? unit(minutes, 'minute') : 'less than a minute';
}

/** Rounded down to the minute, so the card never promises more time than there is. */
export function describeTimeLeft(dueAt: Date | string, now: Date): string {
  const due = (typeof dueAt === 'string' ? new Date(dueAt) : dueAt).getTime();
  const left = due - now.getTime();
  return left > 0 ? `${span(left)} left` : `closed ${span(-left)} ago`;
}

function deadline(kind: DeadlineKind, startedAt: string, windowMs: number, active: boolean, now: Date): Deadline {
  const start = Date.parse(startedAt);
  const due = start + windowMs;
  return {
    kind,
    label: kind === 'approval-expiry' ? 'Request expires' : 'Move must start by',
    owner: kind === 'approval-expiry' ? 'destination-admin' : 'source-admin',
    startedAt: new Date(start).toISOString(),
    dueAt: new Date(due).toISOString(),
    remindAt: new Date(due - REMINDER_LEAD_MS).toISOString(),
    active,
    expired: active && now.getTime() >= due,
    timeLeft: describeTimeLeft(new Date(due), now),
  };
}

/** The clocks this migration has started, running or not (a card shows only the active ones). */
export function deadlines(migration: MigrationStatus, now: Date): Deadline[] {
  const list: Deadline[] = [];
  if (migration.submittedAt !== null) {
    const active = migration.phase === 'submitted' || migration.phase === 'awaiting-approval';
    list.push(deadline('approval-expiry', migration.submittedAt, APPROVAL_WINDOW_MS, active, now));
  }
  if (migration.validationPassedAt !== null) {
    list.push(deadline('move-window', migration.validationPassedAt, MOVE_WINDOW_MS, migration.phase === 'validation-passed', now));
  }
  return list;
}

/**
 * Reminders due now: a clock is running, its reminder time has come and its window is still open.
 * A sender records each id once sent; ids change only when a clock restarts (a new submission or a new
 * validation), so a restart of the bot sends nothing twice and a new window gets its own reminder.
 */
export function dueReminders(migration: MigrationStatus, now: Date): Reminder[] {
  const t = now.getTime();
  return deadlines(migration, now)
    .filter((d) => d.active && t >= Date.parse(d.remindAt) && t < Date.parse(d.dueAt))
    .map((d) => ({
      id: `${migration.id}:${d.kind}:${d.startedAt}`,
      migrationId: migration.id,
      kind: d.kind,
      owner: d.owner,
      remindAt: d.remindAt,
      dueAt: d.dueAt,
      text: reminderText(migration, d),
    }));
}

function reminderText(migration: MigrationStatus, d: Deadline): string {
  const due = formatUtc(d.dueAt);
  if (d.kind === 'approval-expiry') {
    const where = migration.destinationTenant ? ` in ${migration.destinationTenant}` : '';
    return `Reminder: the move request for ${migration.name} expires at ${due} (${d.timeLeft}). `
      + `Destination admin${where}: approve or reject it before then, or it has to be submitted again.`;
  }
  return `Reminder: ${migration.name} passed validation on ${formatUtc(d.startedAt)}; start the move before ${due} `
    + `(${d.timeLeft}), or validation has to run again. Owner: source admin.`;
}
