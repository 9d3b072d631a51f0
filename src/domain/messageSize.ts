/**
 * The size Teams counts for a message: the activity's JSON in UTF-16, two bytes per code unit. Teams refuses a
 * message over about 100 KB counted this way; the bot keeps every message within one budget of 80 KB, leaving room
 * for what the connector and Teams add on the way.
 */

/** The one budget every message the bot sends is held to: 80 KB counted as UTF-16. */
export const MESSAGE_BUDGET_BYTES = 80 * 1024;

/** UTF-16 bytes of a value's JSON (an activity, a card, an invoke response). 0 when it has no JSON form. */
export function utf16Bytes(value: unknown): number {
  const text = JSON.stringify(value);
  return text === undefined ? 0 : text.length * 2;
}

/** Whether a value's JSON is within the budget. */
export function withinBudget(value: unknown, budget: number = MESSAGE_BUDGET_BYTES): boolean {
  return utf16Bytes(value) <= budget;
}

/** "81.3 KB": a size as a person reads it (1 KB = 1,024 bytes, one decimal). */
export function kilobytes(bytes: number): string {
  return `${(Math.round((bytes / 1024) * 10) / 10).toFixed(1)} KB`;
}
