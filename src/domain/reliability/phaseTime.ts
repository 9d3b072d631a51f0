/**
 * When a phase happened, as told by a person or an automation ("at"): an ISO 8601 date-time with a time zone, not
 * in the future, and not absurdly far in the past. Pure: the caller passes the current time.
 */

/** A little tolerance for clocks that run slightly ahead of ours. */
export const FUTURE_TOLERANCE_MS = 2 * 60 * 1000;
/** The earliest "at" accepted, counted back from now (a tenant move is planned in weeks, not years). */
export const MAX_PAST_MS = 366 * 24 * 60 * 60 * 1000;

export type ParsedAt =
  | { ok: true; at: Date }
  | { ok: false; code: 'malformed' | 'future' | 'too-old'; message: string };

// Date, 'T' or space, time with optional seconds and fraction, then Z or an offset. A time zone is required: a
// bare local time is read differently by every client.
const ISO = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?([Zz]|[+-]\d{2}:?\d{2})$/;

export function parsePhaseTime(raw: unknown, now: Date, options: { maxPastMs?: number } = {}): ParsedAt {
  const example = 'for example "2026-11-30T14:05:00Z" or "2026-11-30T15:05:00+01:00"';
  if (typeof raw !== 'string' || raw.length > 40) {
    return { ok: false, code: 'malformed', message: `"at" must be an ISO 8601 date and time with a time zone, ${example}.` };
  }
  const m = ISO.exec(raw.trim());
  if (!m) return { ok: false, code: 'malformed', message: `"at" must be an ISO 8601 date and time with a time zone, ${example}.` };
  const [, y, mo, d, h, mi, s] = m;
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = s === undefined ? 0 : Number(s);
  const daysInMonth = new Date(Date.UTC(Number(y), month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59) {
    return { ok: false, code: 'malformed', message: `"at" is not a real date and time, ${example}.` };
  }
  const zone = m[8]!;
  if (zone.toUpperCase() !== 'Z') {
    const offset = /^[+-](\d{2}):?(\d{2})$/.exec(zone)!;
    if (Number(offset[1]) > 14 || Number(offset[2]) > 59) {
      return { ok: false, code: 'malformed', message: `"at" has a time zone offset that does not exist, ${example}.` };
    }
  }
  const normalised = raw.trim().replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const at = new Date(normalised);
  if (Number.isNaN(at.getTime())) return { ok: false, code: 'malformed', message: `"at" is not a date and time, ${example}.` };
  if (at.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) {
    return { ok: false, code: 'future', message: '"at" is in the future: tell me when the phase happened, not when it is planned.' };
  }
  const maxPast = options.maxPastMs ?? MAX_PAST_MS;
  if (at.getTime() < now.getTime() - maxPast) {
    return { ok: false, code: 'too-old', message: `"at" is more than ${Math.round(maxPast / 86_400_000)} days ago; check the date.` };
  }
  // Never later than now: a clock slightly ahead must not start a window in our future.
  return { ok: true, at: at.getTime() > now.getTime() ? new Date(now.getTime()) : at };
}
