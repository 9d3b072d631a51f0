/**
 * Transcripts in Azure Blob Storage: every inbound and outbound activity, redacted with the same rules as the lowdb
 * transcript store (redact.ts) before it leaves the process.
 *
 * One blob per activity, so several bot processes can log into one conversation without read-modify-write races:
 *   transcripts/<sha256 of channelId>/<sha256 of [channelId, conversationId]>/<time>-<logged>-<seq>-<random>.json
 * `time` is the activity's timestamp and `logged` the moment it was logged, both as 15-digit epoch milliseconds,
 * then a per-process counter and a random tag, so names sort in time order (and in logging order within a
 * process) and two processes never pick the same name. No raw id appears in a name, as with the lowdb files.
 * Blob listings come back sorted by name, so reading a transcript, starting from a date and pruning old activities
 * all work from the names alone, and only the activities actually returned (or, for "forget me" in a shared
 * conversation, inspected) are downloaded.
 *
 * Why not botbuilder-azure-blobs' BlobsTranscriptStore: it stores activities unredacted, its conversation prefix
 * also matches longer conversation ids that start with the same text, listTranscripts returns one entry per
 * activity rather than per conversation, and it has no pruning or counted deletes, which retention and "forget me"
 * need.
 *
 * Paging is shared with LowdbTranscriptStore (paging.ts): position-based tokens, here an activity blob's name
 * (unique, in time order) and a conversation's creation time and id. Difference from LowdbTranscriptStore: a
 * conversation's `created` is the time of its oldest stored activity, so it moves forward after pruning.
 * listTranscripts reads the first activity of every conversation of the channel: a maintenance call.
 */
import { randomBytes } from 'node:crypto';
import type { Activity, PagedResult, TranscriptInfo, TranscriptStore } from 'botbuilder';
import { logPreparedActivity, prepareTranscriptEntry, type TranscriptEntry } from '../transcriptEntry.js';
import { userActivitySelector } from '../transcriptRules.js';
import type { ForgettableTranscripts } from '../forgetService.js';
import type { Prunable } from '../transcriptRetention.js';
import { compareStrings, pad15, pageByPosition, TRANSCRIPT_PAGE_SIZE } from '../paging.js';
import { sha256Hex } from '../hashing.js';
import {
  BlobContainer,
  byteLength,
  containerClientFor,
  DEFAULT_BLOB_CONCURRENCY,
  downloadJson,
  InFlight,
  isNotFound,
  JSON_HEADERS,
  mapLimit,
  type BlobConnectionOptions,
} from './blobSupport.js';

export const TRANSCRIPTS_BLOB_PREFIX = 'transcripts/';
export const BLOB_TRANSCRIPT_PAGE_SIZE = TRANSCRIPT_PAGE_SIZE;
const ACTIVITY_FILE = /^(\d{15})-(\d{15})-(\d{10})-([0-9a-f]{8})\.json$/;
const MAX_TIME = 999_999_999_999_999;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface BlobTranscriptStoreOptions {
  container: BlobContainer;
  concurrency?: number;
  /** Clock for activities that arrive without a timestamp, and for the logging time; tests pass a fixed one. */
  now?: () => Date;
}

export interface BlobPruneResult {
  activitiesDeleted: number;
  transcriptsDeleted: number;
}

interface ActivityBlob {
  /** Full blob name. */
  readonly name: string;
  /** Name within its conversation, the continuation token form. */
  readonly file: string;
  readonly time: number;
}

export class BlobTranscriptStore implements TranscriptStore, ForgettableTranscripts, Prunable {
  readonly container: BlobContainer;
  readonly #concurrency: number;
  readonly #now: () => Date;
  readonly #inFlight = new InFlight('BlobTranscriptStore');
  #sequence = 0;

  constructor(options: BlobTranscriptStoreOptions) {
    if (!options?.container) throw new TypeError('BlobTranscriptStore needs a container');
    this.container = options.container;
    this.#concurrency = options.concurrency ?? DEFAULT_BLOB_CONCURRENCY;
    this.#now = options.now ?? (() => new Date());
  }

  static fromConnectionString(options: BlobConnectionOptions & { concurrency?: number; now?: () => Date }): BlobTranscriptStore {
    return new BlobTranscriptStore({
      container: new BlobContainer(containerClientFor(options)),
      concurrency: options.concurrency,
      now: options.now,
    });
  }

  /** Redacts and stores one activity. */
  logActivity(activity: Partial<Activity>): Promise<void> {
    return logPreparedActivity(activity, this.#now, (entries) => this.logEntries(entries));
  }

  /** The entry logActivity would store for `activity`, prepared now (one redacting serialisation). */
  prepareEntry(activity: Partial<Activity>): TranscriptEntry {
    return prepareTranscriptEntry(activity, this.#now);
  }

  /** Stores prepared entries (one blob each). */
  logEntries(entries: readonly TranscriptEntry[]): Promise<void> {
    // Named now, in call order: the sequence number orders activities logged in the same millisecond.
    const named = entries.map((entry) => {
      const file = [
        pad15(new Date(entry.timestamp).getTime()),
        pad15(this.#now().getTime()),
        String(this.#sequence++ % 10_000_000_000).padStart(10, '0'),
        randomBytes(4).toString('hex'),
      ].join('-') + '.json';
      return { name: `${conversationPrefix(entry.channelId, entry.conversationId)}${file}`, body: entry.json };
    });
    return this.#inFlight.track(async () => {
      await this.container.ready();
      await Promise.all(
        named.map(({ name, body }) =>
          this.container.client
            .getBlockBlobClient(name)
            .upload(body, byteLength(body), { conditions: { ifNoneMatch: '*' }, blobHTTPHeaders: JSON_HEADERS }),
        ),
      );
    });
  }

  /**
   * A page of a conversation's activities in time order. `continuationToken` is the token of the previous page
   * (opaque); `startDate` leaves out activities before it.
   */
  getTranscriptActivities(
    channelId: string,
    conversationId: string,
    continuationToken?: string,
    startDate?: Date,
  ): Promise<PagedResult<Activity>> {
    if (!channelId) return Promise.reject(new Error('Missing channelId'));
    if (!conversationId) return Promise.reject(new Error('Missing conversationId'));
    return this.#inFlight.track(async () => {
      const blobs = (await this.#activityBlobs(conversationPrefix(channelId, conversationId))).filter(
        (blob) => !startDate || blob.time >= startDate.getTime(),
      );
      // Paged by name, so only the page's activities are downloaded.
      const page = pageByPosition(blobs, (blob) => blob.file, continuationToken);
      const activities = await mapLimit(page.items, this.#concurrency, (blob) => this.#download(blob.name));
      const items = activities.filter((activity): activity is Activity => !!activity);
      return { items, continuationToken: page.continuationToken };
    });
  }

  /** Conversations of a channel, oldest first, in pages of 20. */
  listTranscripts(channelId: string, continuationToken?: string): Promise<PagedResult<TranscriptInfo>> {
    if (!channelId) return Promise.reject(new Error('Missing channelId'));
    return this.#inFlight.track(async () => {
      await this.container.ready();
      const prefixes: string[] = [];
      for await (const item of this.container.client.listBlobsByHierarchy('/', { prefix: channelPrefix(channelId) })) {
        if (item.kind === 'prefix') prefixes.push(item.name);
      }
      const found = await mapLimit(prefixes, this.#concurrency, (prefix) => this.#describeConversation(channelId, prefix));
      const infos = found.filter((info): info is TranscriptInfo => !!info);
      return pageByPosition(infos, (info) => `${pad15(info.created.getTime())}-${info.id}`, continuationToken);
    });
  }

  async deleteTranscript(channelId: string, conversationId: string): Promise<void> {
    await this.deleteTranscriptCounted(channelId, conversationId);
  }

  /** Deletes a conversation's transcript and returns how many activities it held. */
  deleteTranscriptCounted(channelId: string, conversationId: string): Promise<number> {
    if (!channelId) return Promise.reject(new Error('Missing channelId'));
    if (!conversationId) return Promise.reject(new Error('Missing conversationId'));
    return this.#inFlight.track(async () => {
      const blobs = await this.#activityBlobs(conversationPrefix(channelId, conversationId));
      return this.#deleteBlobs(blobs.map((blob) => blob.name));
    });
  }

  /** Deletes the activities of one conversation that match; returns how many. Downloads the whole transcript. */
  deleteActivitiesWhere(channelId: string, conversationId: string, predicate: (activity: Activity) => boolean): Promise<number> {
    if (!channelId) return Promise.reject(new Error('Missing channelId'));
    if (!conversationId) return Promise.reject(new Error('Missing conversationId'));
    return this.#inFlight.track(async () => {
      const all = await this.#downloadAll(conversationPrefix(channelId, conversationId));
      return this.#deleteBlobs(all.filter(({ activity }) => predicate(activity)).map(({ name }) => name));
    });
  }

  /**
   * Deletes one user's part of a shared conversation: activities from them, addressed to them, and replies to
   * their activities (the bot's answers carry the user's activity id in replyToId). Returns how many.
   */
  deleteUserActivities(channelId: string, conversationId: string, userId: string): Promise<number> {
    if (!channelId) return Promise.reject(new Error('Missing channelId'));
    if (!conversationId) return Promise.reject(new Error('Missing conversationId'));
    if (!userId) return Promise.reject(new Error('Missing userId'));
    return this.#inFlight.track(async () => {
      const all = await this.#downloadAll(conversationPrefix(channelId, conversationId));
      const isTheirs = userActivitySelector(all.map(({ activity }) => activity), userId);
      const doomed = all.filter(({ activity }) => isTheirs(activity));
      return this.#deleteBlobs(doomed.map(({ name }) => name));
    });
  }

  /**
   * Deletes activities older than `days` days before `now`; a conversation whose every activity went counts as a
   * deleted transcript. Lists every transcript blob's name (no downloads): run it from the retention timer, not
   * from a turn.
   */
  pruneOlderThan(days: number, now: Date = this.#now()): Promise<BlobPruneResult> {
    if (typeof days !== 'number' || !Number.isFinite(days) || days <= 0) {
      return Promise.reject(new RangeError(`Transcript retention must be a positive number of days, got ${String(days)}`));
    }
    const cutoff = now.getTime() - days * DAY_MS;
    return this.#inFlight.track(async () => {
      await this.container.ready();
      const conversations = new Map<string, { total: number; old: string[] }>();
      for await (const blob of this.container.client.listBlobsFlat({ prefix: TRANSCRIPTS_BLOB_PREFIX })) {
        const at = blob.name.lastIndexOf('/');
        const match = ACTIVITY_FILE.exec(blob.name.slice(at + 1));
        if (!match) continue;
        const conversation = blob.name.slice(0, at);
        const entry = conversations.get(conversation) ?? { total: 0, old: [] };
        entry.total++;
        if (Number(match[1]) < cutoff) entry.old.push(blob.name);
        conversations.set(conversation, entry);
      }
      const result: BlobPruneResult = { activitiesDeleted: 0, transcriptsDeleted: 0 };
      for (const { total, old } of conversations.values()) {
        if (old.length === 0) continue;
        const deleted = await this.#deleteBlobs(old);
        result.activitiesDeleted += deleted;
        if (deleted === total) result.transcriptsDeleted++;
      }
      return result;
    });
  }

  /** Deletes every transcript blob (TRANSCRIPT_RETENTION_DAYS=0 at start-up); lists names only, no downloads. */
  deleteAll(): Promise<BlobPruneResult> {
    return this.#inFlight.track(async () => {
      await this.container.ready();
      const names: string[] = [];
      const conversations = new Set<string>();
      for await (const blob of this.container.client.listBlobsFlat({ prefix: TRANSCRIPTS_BLOB_PREFIX })) {
        const at = blob.name.lastIndexOf('/');
        if (!ACTIVITY_FILE.test(blob.name.slice(at + 1))) continue;
        names.push(blob.name);
        conversations.add(blob.name.slice(0, at));
      }
      const activitiesDeleted = await this.#deleteBlobs(names);
      return { activitiesDeleted, transcriptsDeleted: conversations.size };
    });
  }

  flush(): Promise<void> {
    return this.#inFlight.flush();
  }

  close(): Promise<void> {
    return this.#inFlight.close();
  }

  #timestampOf(value: unknown): Date {
    const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : undefined;
    const valid = date && !Number.isNaN(date.getTime()) && date.getTime() >= 0 && date.getTime() <= MAX_TIME;
    return valid ? new Date(date.getTime()) : this.#now();
  }

  async #activityBlobs(prefix: string): Promise<ActivityBlob[]> {
    await this.container.ready();
    const blobs: ActivityBlob[] = [];
    for await (const blob of this.container.client.listBlobsFlat({ prefix })) {
      const file = blob.name.slice(prefix.length);
      const match = ACTIVITY_FILE.exec(file);
      if (match) blobs.push({ name: blob.name, file, time: Number(match[1]) });
    }
    // The service lists in name order already; sorting keeps the order independent of that promise.
    return blobs.sort((a, b) => compareStrings(a.file, b.file));
  }

  async #download(name: string): Promise<Activity | undefined> {
    const found = await downloadJson(this.container.client, name);
    if (!found) return undefined; // deleted since it was listed
    const activity = found.body as Record<string, unknown>;
    activity.timestamp = new Date(activity.timestamp as string);
    return activity as unknown as Activity;
  }

  async #downloadAll(prefix: string): Promise<Array<{ name: string; activity: Activity }>> {
    const blobs = await this.#activityBlobs(prefix);
    const activities = await mapLimit(blobs, this.#concurrency, (blob) => this.#download(blob.name));
    return blobs.flatMap((blob, index) => (activities[index] ? [{ name: blob.name, activity: activities[index]! }] : []));
  }

  /** The conversation behind a prefix, from its oldest activity (the first in name order): one small listing. */
  async #describeConversation(channelId: string, prefix: string): Promise<TranscriptInfo | undefined> {
    const page = await this.container.client.listBlobsFlat({ prefix }).byPage({ maxPageSize: 5 }).next();
    const names = page.done ? [] : page.value.segment.blobItems.map((blob) => blob.name);
    for (const name of names) {
      const match = ACTIVITY_FILE.exec(name.slice(prefix.length));
      if (!match) continue;
      const id = (await this.#download(name))?.conversation?.id;
      if (typeof id === 'string') return { channelId, id, created: new Date(Number(match[1])) };
    }
    return undefined;
  }

  async #deleteBlobs(names: string[]): Promise<number> {
    const deleted = await mapLimit(names, this.#concurrency, (name) =>
      this.container.client.deleteBlob(name).then(
        () => true,
        (error: unknown) => {
          if (isNotFound(error)) return false;
          throw error;
        },
      ),
    );
    return deleted.filter(Boolean).length;
  }
}

/** Where a channel's conversations live; the hashes keep raw ids out of blob names. */
export function channelPrefix(channelId: string): string {
  return `${TRANSCRIPTS_BLOB_PREFIX}${sha256Hex(channelId)}/`;
}

export function conversationPrefix(channelId: string, conversationId: string): string {
  return `${channelPrefix(channelId)}${sha256Hex(JSON.stringify([channelId, conversationId]))}/`;
}
