/** Wording helpers every part of the product shares, so lists, counts and sizes read the same everywhere. */
import type { StorageGb } from './assessment/types.js';

/** "A", "A and B", "A, B and C". */
export function listText(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** "1 user", "3 users"; irregular plurals are passed in. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** "2026-11-22 18:03 UTC": the one way the product writes a moment; an unparseable value is shown as given. */
export function formatUtc(at: Date | string): string {
  const date = at instanceof Date ? at : new Date(at);
  if (Number.isNaN(date.getTime())) return String(at);
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** "1 mapped user", "1,536 mapped users": plural() with the number formatted like every other count. */
export function countText(count: number, one: string, many = `${one}s`): string {
  return `${formatNumber(count)} ${count === 1 ? one : many}`;
}

/** Thousands separators without locale data, so the output is the same on every machine: 1536 -> "1,536". */
export function formatNumber(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  const [whole, fraction] = String(Math.abs(rounded)).split('.');
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${rounded < 0 ? '-' : ''}${grouped}${fraction ? `.${fraction}` : ''}`;
}

/** "800 GB", or per capacity type "50 GB database, 1,536 GB file"; `unknown` when nothing is given. */
export function formatStorage(storage: StorageGb | undefined, unknown = 'Unknown'): string {
  if (storage === undefined) return unknown;
  if (typeof storage === 'number') return `${formatNumber(storage)} GB`;
  const parts = (['database', 'file', 'log'] as const)
    .filter((kind) => storage[kind] !== undefined)
    .map((kind) => `${formatNumber(storage[kind]!)} GB ${kind}`);
  return parts.length > 0 ? parts.join(', ') : unknown;
}

/**
 * Trim, collapse whitespace, strip trailing punctuation people add ("help!", "assess."). A lone "?" (or "??") is
 * kept as "?": it is how people ask for help.
 */
export function normaliseCommandText(text: string | undefined): string {
  const collapsed = (text ?? '')
    .replace(/\u00a0/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const stripped = collapsed.replace(/[.!?]+$/, '').trim();
  return stripped === '' && /^\?+$/.test(collapsed) ? '?' : stripped;
}
