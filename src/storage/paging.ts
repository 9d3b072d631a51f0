/**
 * Transcript paging shared by the lowdb and blob stores.
 *
 * The continuation token names a position, not an item id: Teams logs an updated card with the id of the message
 * it replaces, so one id can appear twice in a transcript, and resuming "after the first item with the token's id"
 * would restart a page or loop forever. Every item has a unique, sortable position string (its time plus where it
 * is stored); a page resumes at the first item whose position sorts after the token's. botbuilder's
 * TranscriptStore leaves the token's form to the store, and callers only hand it back.
 */
import type { PagedResult } from 'botbuilder';

/** Page size of getTranscriptActivities and listTranscripts, as botbuilder's MemoryTranscriptStore. */
export const TRANSCRIPT_PAGE_SIZE = 20;
const MAX_TIME = 999_999_999_999_999;

/** Plain code-unit order, the same on every platform and locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Epoch milliseconds as 15 digits, so positions sort by time as strings. */
export function pad15(milliseconds: number): string {
  return String(Math.min(Math.max(0, Math.floor(milliseconds)), MAX_TIME)).padStart(15, '0');
}

/** A token is the last position of a page, base64url-encoded so it stays one opaque URL-safe string. */
export function encodeContinuationToken(position: string): string {
  return Buffer.from(position, 'utf8').toString('base64url');
}

export function decodeContinuationToken(token: string): string {
  return Buffer.from(token, 'base64url').toString('utf8');
}

/**
 * The page after `continuationToken` of `items`, each with its unique position. Items need not be sorted. A token
 * is handed out only when more items follow, so the last page has none (botbuilder's stores leave it undefined
 * there although the type says string).
 */
export function pageByPosition<T>(
  items: readonly T[],
  positionOf: (item: T) => string,
  continuationToken?: string,
  pageSize = TRANSCRIPT_PAGE_SIZE,
): PagedResult<T> {
  const after = continuationToken ? decodeContinuationToken(continuationToken) : undefined;
  const positioned = items
    .map((item) => ({ item, position: positionOf(item) }))
    .filter((entry) => after === undefined || compareStrings(entry.position, after) > 0)
    .sort((a, b) => compareStrings(a.position, b.position));
  const page = positioned.slice(0, pageSize);
  const more = positioned.length > pageSize;
  return {
    items: page.map((entry) => entry.item),
    continuationToken: (more ? encodeContinuationToken(page[page.length - 1]!.position) : undefined) as string,
  };
}
