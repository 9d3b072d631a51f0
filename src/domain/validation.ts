/**
 * The field-reading machinery both profile validators share (the Power Platform profile in assessment/, the
 * mailbox-move profile in mailbox/): every problem is collected with its field path, unknown fields are reported
 * with a "did you mean", and absent or null reads as unknown. Pure; never throws.
 */
import type { ValidationIssue } from './assessment/types.js';
import { parseYesNo, quoteInput } from './assessment/inputParsing.js';

export type Fields = Record<string, unknown>;

export function isPlainObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `base.key`, or `base["odd key"]` for a key that is not an identifier. */
export function fieldPath(base: string, key: string): string {
  const part = /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
  if (base === '') return part;
  return part.startsWith('"') ? `${base}[${part}]` : `${base}.${part}`;
}

/** What was given, for "got ..." in a message: short, never the whole value. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return quoteInput(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'a number out of range';
  if (typeof value === 'boolean') return String(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : typeof value;
}

/** Edit distance counting a swap of neighbours as one edit ("regoin" is one from "region"). */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The allowed field name a mistyped key most likely meant, if it is close enough. */
export function closest(key: string, allowed: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of allowed) {
    const distance = editDistance(lower, name.toLowerCase());
    if (distance < bestDistance) {
      best = name;
      bestDistance = distance;
    }
  }
  return bestDistance <= Math.max(1, Math.floor(key.length / 4)) ? best : undefined;
}

/** Drops undefined fields so an unknown fact is absent from the profile, not present as undefined. */
export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}

/** Past `max` problems the rest are summarised in one line: a pasted wrong file should not print thousands. */
export function capIssues(issues: ValidationIssue[], max: number): ValidationIssue[] {
  if (issues.length <= max) return issues;
  const shown = issues.slice(0, max - 1);
  shown.push({ path: 'profile', message: `${issues.length - shown.length} more problems not shown; fix the ones above first` });
  return shown;
}

/** Collects issues in traversal order and reads fields: absent and null both read as undefined (unknown). */
export class FieldValidator {
  readonly issues: ValidationIssue[] = [];

  add(path: string, message: string): void {
    this.issues.push({ path, message });
  }

  /** The object's fields, after reporting every unknown one; null when the value is not an object. */
  object(value: unknown, path: string, allowed: readonly string[], what: string, keyBase = path): Fields | null {
    if (!isPlainObject(value)) {
      this.add(path, `expected ${what}; got ${describe(value)}`);
      return null;
    }
    for (const key of Object.keys(value)) {
      if (allowed.includes(key)) continue;
      const guess = closest(key, allowed);
      this.add(fieldPath(keyBase, key), guess
        ? `unknown field; did you mean "${guess}"?`
        : `unknown field; accepted fields are ${allowed.join(', ')}`);
    }
    return value;
  }

  present(fields: Fields, key: string): unknown {
    return Object.prototype.hasOwnProperty.call(fields, key) && fields[key] !== null ? fields[key] : undefined;
  }

  boolean(fields: Fields, key: string, path: string): boolean | undefined {
    const value = this.present(fields, key);
    if (value === undefined || typeof value === 'boolean') return value;
    let hint = '';
    if (typeof value === 'string') {
      const answer = parseYesNo(value);
      if (answer.ok) hint = answer.value === null ? ' (leave the field out when unknown)' : ` (write ${answer.value} without quotes)`;
    }
    this.add(fieldPath(path, key), `expected true or false${hint}; got ${describe(value)}`);
    return undefined;
  }
}

/**
 * Profile text (a file, standard input) as JSON, or the one issue that says why not: empty, or where the syntax
 * breaks. The engine's own message is not shown (it differs between Node versions); only the position is used.
 */
export function parseJsonText(text: string): { ok: true; value: unknown } | { ok: false; issues: ValidationIssue[] } {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') return { ok: false, issues: [{ path: 'profile', message: 'empty input; expected a JSON object' }] };
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch (error) {
    const position = /position (\d+)/.exec(error instanceof Error ? error.message : '');
    let where = '';
    if (position) {
      const before = body.slice(0, Number(position[1]));
      where = ` near line ${before.split('\n').length}, column ${before.length - before.lastIndexOf('\n')}`;
    }
    return { ok: false, issues: [{ path: 'profile', message: `not valid JSON${where}; check for a missing comma, quote or bracket` }] };
  }
}
