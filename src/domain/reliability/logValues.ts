/**
 * Values that reach the log from outside (verbs, actions, ids, header values) are cut to a bounded length, so an
 * attacker cannot write lines of hundreds of kilobytes or smuggle line breaks into the log. Pure: no I/O.
 */

/** Longest logged text value, in UTF-16 code units, before the "...(+N)" marker. */
export const MAX_LOGGED_TEXT = 200;
/** Deepest nesting kept when a structured value is logged; deeper parts become "[...]". */
export const MAX_LOGGED_DEPTH = 4;
/** Most keys or items kept per object or array. */
export const MAX_LOGGED_ENTRIES = 20;

/**
 * A string cut to `max` code units, with the number of code units left out. Control characters (line breaks,
 * escape sequences) become spaces; a surrogate pair is never split in half.
 */
export function truncateForLog(value: string, max = MAX_LOGGED_TEXT): string {
  let cut = value.length > max ? value.slice(0, max) : value;
  if (cut.length > 0 && cut.length < value.length) {
    const last = cut.charCodeAt(cut.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  }
  // eslint-disable-next-line no-control-regex
  cut = cut.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, ' ');
  return cut.length < value.length ? `${cut}...(+${value.length - cut.length})` : cut;
}

/**
 * Any value made safe to log: strings truncated, objects and arrays bounded in depth and width, functions and
 * symbols described, never thrown on (getters that throw, cycles).
 */
export function logValue(value: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof value === 'string') return truncateForLog(value);
  if (value === null || typeof value === 'number' || typeof value === 'boolean' || value === undefined) return value;
  if (typeof value === 'bigint') return truncateForLog(value.toString());
  if (typeof value !== 'object') return `[${typeof value}]`;
  if (seen.has(value)) return '[cycle]';
  if (depth >= MAX_LOGGED_DEPTH) return '[...]';
  seen.add(value);
  try {
    if (Array.isArray(value)) {
      const items = value.slice(0, MAX_LOGGED_ENTRIES).map((v) => logValue(v, depth + 1, seen));
      if (value.length > MAX_LOGGED_ENTRIES) items.push(`...(+${value.length - MAX_LOGGED_ENTRIES} items)`);
      return items;
    }
    const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    const keys = Object.keys(value);
    for (const key of keys.slice(0, MAX_LOGGED_ENTRIES)) {
      let inner: unknown;
      try {
        inner = (value as Record<string, unknown>)[key];
      } catch {
        inner = '[unreadable]';
      }
      out[truncateForLog(key, 64)] = logValue(inner, depth + 1, seen);
    }
    if (keys.length > MAX_LOGGED_ENTRIES) out['...'] = `+${keys.length - MAX_LOGGED_ENTRIES} keys`;
    return out;
  } finally {
    seen.delete(value);
  }
}

/** Every field of a log record made safe (the logger can apply this to all fields it is given). */
export function logFields(fields: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!fields) return fields;
  return logValue(fields) as Record<string, unknown>;
}
