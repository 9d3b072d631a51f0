/**
 * One transcript entry, ready to store: the activity redacted and serialised in a single pass (redactToJson), with
 * its timestamp normalised to ISO time. Both transcript stores (files and Blob) store exactly this text, and the
 * transcript middleware prepares entries when an activity is seen, so the live activity is never cloned.
 */
import type { Activity } from 'botbuilder';
import { redactToJson } from './redact.js';

export interface TranscriptEntry {
  readonly channelId: string;
  readonly conversationId: string;
  /** ISO time the entry is filed under. */
  readonly timestamp: string;
  /** The redacted activity as compact JSON, `timestamp` included. */
  readonly json: string;
}

/** Throws like logActivity rejects: no activity, or one without channelId and conversation.id. */
export function prepareTranscriptEntry(activity: Partial<Activity>, now: () => Date): TranscriptEntry {
  if (!activity) throw new Error('activity cannot be null for logActivity()');
  const channelId = activity.channelId;
  const conversationId = activity.conversation?.id;
  if (!channelId || !conversationId) {
    throw new TypeError('logActivity needs an activity with channelId and conversation.id');
  }
  const timestamp = timestampOf(activity.timestamp, now);
  const source = Object.prototype.hasOwnProperty.call(activity, 'timestamp') ? activity : { ...activity, timestamp };
  return { channelId, conversationId, timestamp, json: redactToJson(source, { timestamp }) };
}

function timestampOf(value: unknown, now: () => Date): string {
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date.toISOString() : now().toISOString();
}

/**
 * logActivity of a store that stores prepared entries: the activity is redacted and serialised now (the caller may
 * keep mutating the live activity after the call returns), then stored; a failure to prepare is a rejected promise.
 */
export function logPreparedActivity(
  activity: Partial<Activity>,
  now: () => Date,
  logEntries: (entries: readonly TranscriptEntry[]) => Promise<void>,
): Promise<void> {
  let entry: TranscriptEntry;
  try {
    entry = prepareTranscriptEntry(activity, now);
  } catch (error) {
    return Promise.reject(error);
  }
  return logEntries([entry]);
}
