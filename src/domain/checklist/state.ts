/**
 * Pure state transitions of a checklist: ticking items, phase due dates, progress.
 * Every function returns a new checklist and leaves its input untouched, so a caller can compare,
 * retry a storage write with an eTag, or discard the result.
 */
import { normaliseWord } from './text.js';
import type {
  Checklist, ChecklistPhase, ChecklistProgress, Person, PhaseProgress, SetDueResult, ToggleResult,
} from './types.js';
import { CHECKLIST_PHASE_LABELS, CHECKLIST_PHASES } from './types.js';

/**
 * How many applied action keys a checklist remembers. Teams retries an invoke within seconds; people
 * tick a few dozen items over weeks. 500 keys covers every realistic retry while keeping the record small.
 */
export const MAX_APPLIED_ACTION_KEYS = 500;
export const MAX_ACTION_KEY_LENGTH = 200;

const PHASE_ALIASES: Readonly<Record<string, ChecklistPhase>> = {
  planning: 'plan',
  identities: 'identity',
  users: 'identity',
  requests: 'request',
  pre: 'pre-move',
  premigration: 'pre-move',
  before: 'pre-move',
  moving: 'move',
  migrate: 'move',
  migration: 'move',
  post: 'post-move',
  postmigration: 'post-move',
  after: 'post-move',
  closing: 'close',
  closure: 'close',
  closeout: 'close',
};

/** "pre-move", "Pre move", "PRE_MOVE", "premove" and a few synonyms; null when not a phase. */
export function parseChecklistPhase(text: string): ChecklistPhase | null {
  const word = normaliseWord(text);
  if (word === '') return null;
  const exact = CHECKLIST_PHASES.find((phase) => normaliseWord(phase) === word);
  return exact ?? PHASE_ALIASES[word] ?? null;
}

function phaseListText(): string {
  return CHECKLIST_PHASES.join(', ');
}

/** `YYYY-MM-DD` naming a real calendar day (2026-02-30 is not). */
export function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function isValidDate(value: Date): boolean {
  return value instanceof Date && !Number.isNaN(value.getTime());
}

/**
 * Ticks an item, or unticks it when it is done. Idempotent per action key: an invoke retried with the
 * same key returns the checklist unchanged (`changed: false`), so a retry never flips an item back.
 * A good key is the card's item id plus the revision the card showed (two people pressing the same
 * stale button flip it once), or the invoke's activity id.
 */
export function toggleItem(
  checklist: Checklist, itemId: string, by: Person, at: Date, actionKey: string,
): ToggleResult {
  const index = checklist.items.findIndex((item) => item.id === itemId);
  if (index < 0) {
    return { ok: false, code: 'unknown-item', message: `This checklist has no item '${itemId}'. Open the checklist again to see its items.` };
  }
  const key = actionKey.trim();
  if (key === '' || key.length > MAX_ACTION_KEY_LENGTH) {
    return { ok: false, code: 'invalid-input', message: 'The action did not carry a usable key; open the checklist again and retry.' };
  }
  if (!isValidDate(at) || by.id.trim() === '' || by.name.trim() === '') {
    return { ok: false, code: 'invalid-input', message: 'The action did not say who ticked the item and when; retry from the card.' };
  }
  if (checklist.appliedActionKeys.includes(key)) {
    return { ok: true, checklist, item: checklist.items[index]!, changed: false };
  }
  const current = checklist.items[index]!;
  const item = { ...current, done: current.done ? null : { by: { id: by.id, name: by.name }, at: at.toISOString() } };
  const items = checklist.items.slice();
  items[index] = item;
  const appliedActionKeys = [...checklist.appliedActionKeys, key].slice(-MAX_APPLIED_ACTION_KEYS);
  return { ok: true, checklist: { ...checklist, items, appliedActionKeys, revision: checklist.revision + 1 }, item, changed: true };
}

/**
 * Sets or clears (null) a phase's due date. The phase may be typed loosely ("pre move"); the date must
 * be `YYYY-MM-DD`. Past dates are accepted: a project manager may record a date that has already slipped.
 */
export function setPhaseDue(checklist: Checklist, phase: ChecklistPhase | string, date: string | null): SetDueResult {
  const parsed = parseChecklistPhase(phase);
  if (parsed === null) {
    return { ok: false, code: 'unknown-phase', message: `'${phase}' is not a checklist phase. Use one of: ${phaseListText()}.` };
  }
  const label = CHECKLIST_PHASE_LABELS[parsed];
  if (date === null) {
    if (checklist.due[parsed] === undefined) return { ok: true, checklist, phase: parsed, due: null };
    const due = { ...checklist.due };
    delete due[parsed];
    return { ok: true, checklist: { ...checklist, due, revision: checklist.revision + 1 }, phase: parsed, due: null };
  }
  const trimmed = date.trim();
  if (!isCalendarDate(trimmed)) {
    return {
      ok: false, code: 'invalid-date',
      message: `'${date}' is not a date for ${label}. Write it as YYYY-MM-DD, for example 2026-12-15.`,
    };
  }
  if (checklist.due[parsed] === trimmed) return { ok: true, checklist, phase: parsed, due: trimmed };
  return {
    ok: true, checklist: { ...checklist, due: { ...checklist.due, [parsed]: trimmed }, revision: checklist.revision + 1 },
    phase: parsed, due: trimmed,
  };
}

export type DueArgs =
  | { ok: true; phase: ChecklistPhase; date: string | null }
  | { ok: false; message: string };

/**
 * Reads what follows `due` in a message: "pre-move 2026-12-15", "pre move 2026-12-15", or
 * "pre-move none" to clear it. Validates both parts so the reply can name the one that is wrong.
 */
export function parseDueArgs(text: string): DueArgs {
  const words = text.trim().split(/\s+/).filter((w) => w !== '');
  const usage = 'Write it as: due {phase} {YYYY-MM-DD}, for example due pre-move 2026-12-15 (or due pre-move none to clear it).';
  if (words.length < 2) return { ok: false, message: `Which phase and which date? ${usage}` };
  const last = words[words.length - 1]!;
  const phaseText = words.slice(0, -1).join(' ');
  const phase = parseChecklistPhase(phaseText);
  if (phase === null) return { ok: false, message: `'${phaseText}' is not a checklist phase. Use one of: ${phaseListText()}.` };
  if (['none', 'clear', 'remove', '-'].includes(last.toLowerCase())) return { ok: true, phase, date: null };
  if (!isCalendarDate(last)) {
    return { ok: false, message: `'${last}' is not a date for ${CHECKLIST_PHASE_LABELS[phase]}. ${usage}` };
  }
  return { ok: true, phase, date: last };
}

/** The last millisecond of a `YYYY-MM-DD` day in UTC: a phase due "on" a day is late only after it. */
function endOfDayUtc(date: string): number {
  return Date.parse(`${date}T23:59:59.999Z`);
}

/** x of y done and blockers open, overall and per phase (all phases, in order, empty ones included). */
export function progress(checklist: Checklist, now?: Date): ChecklistProgress {
  const perPhase: PhaseProgress[] = CHECKLIST_PHASES.map((phase) => {
    const items = checklist.items.filter((item) => item.phase === phase);
    const done = items.filter((item) => item.done !== null).length;
    const due = checklist.due[phase] ?? null;
    const overdue = due !== null && now !== undefined && isValidDate(now)
      && done < items.length && now.getTime() > endOfDayUtc(due);
    return {
      phase,
      label: CHECKLIST_PHASE_LABELS[phase],
      done,
      total: items.length,
      openBlockers: items.filter((item) => item.blocker && item.done === null).length,
      due,
      overdue,
    };
  });
  return {
    done: perPhase.reduce((sum, p) => sum + p.done, 0),
    total: perPhase.reduce((sum, p) => sum + p.total, 0),
    openBlockers: perPhase.reduce((sum, p) => sum + p.openBlockers, 0),
    perPhase,
  };
}
