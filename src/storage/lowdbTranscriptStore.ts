/**
 * Transcripts in lowdb: every inbound and outbound activity of every conversation, redacted before it is written.
 *
 * Layout, partitioned like the state store so a write never grows with the number of conversations:
 *   <directory>/<shard>/<sha256 of [channelId, conversationId]>/conversation.json   who and since when
 *   <directory>/<shard>/<same hash>/<YYYY-MM-DD>.json                             that UTC day's activities
 * Logging an activity rewrites only that conversation's current day file, so a long-lived team channel costs
 * one day of messages per write, not its whole history; retention drops whole day files.
 *
 * Implements botbuilder's TranscriptStore (so TranscriptLoggerMiddleware or our own middleware can feed it) with
 * MemoryTranscriptStore's paging: pages of 20, continuation token = id of the last activity (or conversation) on
 * the page. listTranscripts and pruneOlderThan visit every conversation directory: they are maintenance calls,
 * not turn-path calls.
 */
import { rm, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Activity, PagedResult, TranscriptInfo, TranscriptStore } from 'botbuilder';
import type { Low } from 'lowdb';
import { KeyedMutex } from './keyedMutex.js';
import { LruCache } from './lruCache.js';
import {
  ensureDirectory,
  hashName,
  isNotFound,
  listShardEntries,
  openLowFile,
  readdirIfExists,
  readJsonIfExists,
  shardDirectory,
} from './partitionFiles.js';
import { redactDeep } from './redact.js';

export const TRANSCRIPT_FILE_FORMAT_VERSION = 1;
export const TRANSCRIPT_PAGE_SIZE = 20;
export const CONVERSATION_FILE_NAME = 'conversation.json';
export const DEFAULT_MAX_OPEN_TRANSCRIPT_FILES = 500;
const CONVERSATION_HASH = /^[0-9a-f]{64}$/;
const DAY_FILE = /^(\d{4}-\d{2}-\d{2})\.json$/;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface ConversationFile {
  version: typeof TRANSCRIPT_FILE_FORMAT_VERSION;
  channelId: string;
  conversationId: string;
  /** ISO time of the first logged activity. */
  created: string;
}

export interface DayFile {
  version: typeof TRANSCRIPT_FILE_FORMAT_VERSION;
  channelId: string;
  conversationId: string;
  day: string;
  /** Redacted activities as JSON; `timestamp` is always an ISO string. */
  activities: Array<Record<string, unknown>>;
}

export interface LowdbTranscriptStoreOptions {
  /** Directory for transcript files (e.g. `<DATA_DIR>/transcripts`); created on first write. */
  directory: string;
  maxOpenFiles?: number;
  /** Clock for activities that arrive without a timestamp; tests pass a fixed one. */
  now?: () => Date;
}

export interface PruneResult {
  activitiesDeleted: number;
  transcriptsDeleted: number;
}

interface OpenFile<T> {
  readonly db: Low<T>;
  onDisk: boolean;
}

export class LowdbTranscriptStore implements TranscriptStore {
  readonly directory: string;
  readonly #mutex = new KeyedMutex();
  readonly #cache: LruCache<string, OpenFile<ConversationFile | DayFile>>;
  readonly #inFlight = new Set<Promise<unknown>>();
  readonly #now: () => Date;
  #closed = false;

  constructor(options: LowdbTranscriptStoreOptions) {
    if (!options?.directory) throw new TypeError('LowdbTranscriptStore needs a directory');
    this.directory = path.resolve(options.directory);
    this.#now = options.now ?? (() => new Date());
    // Cache keys are "<conversation hash>/<file name>"; a conversation with work queued keeps its files.
    this.#cache = new LruCache(options.maxOpenFiles ?? DEFAULT_MAX_OPEN_TRANSCRIPT_FILES, (key) =>
      this.#mutex.isBusy(key.slice(0, key.indexOf('/'))),
    );
  }

  /** Redacts and appends one activity. Calls for one conversation are written in call order. */
  logActivity(activity: Partial<Activity>): Promise<void> {
    if (!activity) return Promise.reject(new Error('activity cannot be null for logActivity()'));
    const channelId = activity.channelId;
    const conversationId = activity.conversation?.id;
    if (!channelId || !conversationId) {
      return Promise.reject(new TypeError('logActivity needs an activity with channelId and conversation.id'));
    }
    // Redact and copy now: the caller may keep mutating the live activity after this call returns.
    const stored = redactDeep(activity) as Record<string, unknown>;
    stored.timestamp = this.#timestampOf(activity.timestamp);
    const day = (stored.timestamp as string).slice(0, 10);
    const hash = conversationHash(channelId, conversationId);
    return this.#track(
      this.#locked(hash, async () => {
        const conversationDir = this.#conversationDirectory(hash);
        const meta = await this.#open<ConversationFile>(hash, CONVERSATION_FILE_NAME, {
          version: TRANSCRIPT_FILE_FORMAT_VERSION,
          channelId,
          conversationId,
          created: stored.timestamp as string,
        });
        if (!meta.onDisk) {
          await ensureDirectory(conversationDir);
          await meta.db.write();
          meta.onDisk = true;
        }
        const dayFile = await this.#open<DayFile>(hash, `${day}.json`, {
          version: TRANSCRIPT_FILE_FORMAT_VERSION,
          channelId,
          conversationId,
          day,
          activities: [],
        });
        dayFile.db.data.activities.push(stored);
        try {
          await dayFile.db.write();
        } catch (error) {
          this.#cache.delete(`${hash}/${day}.json`);
          throw error;
        }
        dayFile.onDisk = true;
      }),
    );
  }

  async getTranscriptActivities(
    channelId: string,
    conversationId: string,
    continuationToken?: string,
    startDate?: Date,
  ): Promise<PagedResult<Activity>> {
    if (!channelId) throw new Error('Missing channelId');
    if (!conversationId) throw new Error('Missing conversationId');
    const hash = conversationHash(channelId, conversationId);
    const activities = await this.#track(
      this.#locked(hash, () => this.#readActivities(hash, startDate ? isoDay(startDate) : undefined)),
    );
    const sorted = activities
      .filter((activity) => !startDate || (activity.timestamp as Date) >= startDate)
      .sort((a, b) => (a.timestamp as Date).getTime() - (b.timestamp as Date).getTime());
    return page(sorted, (activity) => activity.id, continuationToken);
  }

  /** Conversations of a channel, oldest first. Scans every conversation directory. */
  async listTranscripts(channelId: string, continuationToken?: string): Promise<PagedResult<TranscriptInfo>> {
    if (!channelId) throw new Error('Missing channelId');
    const found: TranscriptInfo[] = [];
    for (const entry of await this.#track(listShardEntries(this.directory))) {
      const meta = (await readJsonIfExists(path.join(entry.fullPath, CONVERSATION_FILE_NAME))) as
        | ConversationFile
        | undefined;
      if (meta?.channelId === channelId) {
        found.push({ channelId, id: meta.conversationId, created: new Date(meta.created) });
      }
    }
    found.sort((a, b) => a.created.getTime() - b.created.getTime() || compareStrings(a.id, b.id));
    return page(found, (info) => info.id, continuationToken);
  }

  async deleteTranscript(channelId: string, conversationId: string): Promise<void> {
    await this.deleteTranscriptCounted(channelId, conversationId);
  }

  /** Deletes a conversation's transcript and returns how many activities it held. */
  deleteTranscriptCounted(channelId: string, conversationId: string): Promise<number> {
    if (!channelId) return Promise.reject(new Error('Missing channelId'));
    if (!conversationId) return Promise.reject(new Error('Missing conversationId'));
    const hash = conversationHash(channelId, conversationId);
    return this.#track(
      this.#locked(hash, async () => {
        const count = (await this.#readActivities(hash)).length;
        await this.#removeConversation(hash);
        return count;
      }),
    );
  }

  /**
   * Deletes the activities of one conversation that match, e.g. one user's messages and the bot's replies to
   * them in a shared channel. Returns how many were deleted.
   */
  deleteActivitiesWhere(
    channelId: string,
    conversationId: string,
    predicate: (activity: Activity) => boolean,
  ): Promise<number> {
    if (!channelId) return Promise.reject(new Error('Missing channelId'));
    if (!conversationId) return Promise.reject(new Error('Missing conversationId'));
    const hash = conversationHash(channelId, conversationId);
    return this.#track(
      this.#locked(hash, () => this.#rewriteDays(hash, (_day, activity) => predicate(revive(activity)))),
    );
  }

  /**
   * Deletes one user's part of a shared conversation: activities from them, addressed to them, and replies to
   * their activities (the bot's answers carry the user's activity id in replyToId). Returns how many.
   */
  deleteUserActivities(channelId: string, conversationId: string, userId: string): Promise<number> {
    if (!channelId) return Promise.reject(new Error('Missing channelId'));
    if (!conversationId) return Promise.reject(new Error('Missing conversationId'));
    if (!userId) return Promise.reject(new Error('Missing userId'));
    const hash = conversationHash(channelId, conversationId);
    return this.#track(
      this.#locked(hash, async () => {
        const ownIds = new Set<string>();
        for (const activity of await this.#readActivities(hash)) {
          if (activity.from?.id === userId && activity.id) ownIds.add(activity.id);
        }
        return this.#rewriteDays(hash, (_day, stored) => {
          const activity = stored as Partial<Activity>;
          return (
            activity.from?.id === userId ||
            activity.recipient?.id === userId ||
            (typeof activity.replyToId === 'string' && ownIds.has(activity.replyToId))
          );
        });
      }),
    );
  }

  /**
   * Deletes activities older than `days` days before `now` (and conversations left empty). Run it at start-up
   * and then periodically with TRANSCRIPT_RETENTION_DAYS.
   */
  async pruneOlderThan(days: number, now: Date = this.#now()): Promise<PruneResult> {
    if (typeof days !== 'number' || !Number.isFinite(days) || days <= 0) {
      throw new RangeError(`Transcript retention must be a positive number of days, got ${String(days)}`);
    }
    const cutoff = new Date(now.getTime() - days * DAY_MS);
    const cutoffDay = isoDay(cutoff);
    const result: PruneResult = { activitiesDeleted: 0, transcriptsDeleted: 0 };
    for (const entry of await this.#track(listShardEntries(this.directory))) {
      const hash = entry.name;
      if (!CONVERSATION_HASH.test(hash)) continue;
      const outcome = await this.#track(
        this.#locked(hash, async () => {
          const deleted = await this.#rewriteDays(
            hash,
            (day, activity) => day < cutoffDay || (day === cutoffDay && new Date(activity.timestamp as string) < cutoff),
            (day) => day <= cutoffDay,
          );
          const emptied = (await this.#dayFiles(hash)).length === 0;
          if (emptied) await this.#removeConversation(hash);
          return { deleted, emptied };
        }),
      );
      result.activitiesDeleted += outcome.deleted;
      if (outcome.emptied) result.transcriptsDeleted++;
    }
    return result;
  }

  async flush(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.flush();
    this.#cache.clear();
  }

  get openFiles(): number {
    return this.#cache.size;
  }

  #timestampOf(value: unknown): string {
    const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : undefined;
    return date && !Number.isNaN(date.getTime()) ? date.toISOString() : this.#now().toISOString();
  }

  #conversationDirectory(hash: string): string {
    return path.join(shardDirectory(this.directory, hash), hash);
  }

  #track<T>(operation: Promise<T>): Promise<T> {
    this.#inFlight.add(operation);
    const forget = () => this.#inFlight.delete(operation);
    operation.then(forget, forget);
    return operation;
  }

  async #locked<T>(hash: string, work: () => Promise<T>): Promise<T> {
    if (this.#closed) throw new Error('LowdbTranscriptStore is closed');
    const release = await this.#mutex.lock(hash);
    try {
      return await work();
    } finally {
      release();
    }
  }

  async #open<T extends ConversationFile | DayFile>(hash: string, fileName: string, defaultData: T): Promise<OpenFile<T>> {
    const cacheKey = `${hash}/${fileName}`;
    const cached = this.#cache.get(cacheKey) as OpenFile<T> | undefined;
    if (cached) return cached;
    const { db, existed } = await openLowFile<T>(path.join(this.#conversationDirectory(hash), fileName), defaultData);
    if (db.data.version !== TRANSCRIPT_FILE_FORMAT_VERSION) {
      throw new Error(`Transcript file ${fileName} of ${hash} is not format version ${TRANSCRIPT_FILE_FORMAT_VERSION}`);
    }
    const opened: OpenFile<T> = { db, onDisk: existed };
    this.#cache.set(cacheKey, opened as unknown as OpenFile<ConversationFile | DayFile>);
    return opened;
  }

  async #dayFiles(hash: string): Promise<string[]> {
    return (await readdirIfExists(this.#conversationDirectory(hash))).filter((name) => DAY_FILE.test(name)).sort();
  }

  /** Day files hold the truth on disk whenever the lock is free, so a plain read is current. */
  async #readDay(hash: string, fileName: string): Promise<DayFile | undefined> {
    const cached = this.#cache.peek(`${hash}/${fileName}`) as OpenFile<DayFile> | undefined;
    if (cached) return cached.onDisk ? cached.db.data : undefined;
    return (await readJsonIfExists(path.join(this.#conversationDirectory(hash), fileName))) as DayFile | undefined;
  }

  async #readActivities(hash: string, fromDay?: string): Promise<Activity[]> {
    const activities: Activity[] = [];
    for (const fileName of await this.#dayFiles(hash)) {
      if (fromDay && fileName.slice(0, 10) < fromDay) continue;
      const day = await this.#readDay(hash, fileName);
      for (const activity of day?.activities ?? []) activities.push(revive(activity));
    }
    return activities;
  }

  /** Removes matching activities from the day files `daySelector` picks; returns how many were removed. */
  async #rewriteDays(
    hash: string,
    remove: (day: string, activity: Record<string, unknown>) => boolean,
    daySelector: (day: string) => boolean = () => true,
  ): Promise<number> {
    let removed = 0;
    for (const fileName of await this.#dayFiles(hash)) {
      const day = fileName.slice(0, 10);
      if (!daySelector(day)) continue;
      const content = await this.#readDay(hash, fileName);
      if (!content) continue;
      const kept = content.activities.filter((activity) => !remove(day, activity));
      const count = content.activities.length - kept.length;
      if (count === 0) continue;
      removed += count;
      const cacheKey = `${hash}/${fileName}`;
      if (kept.length === 0) {
        this.#cache.delete(cacheKey);
        try {
          await unlink(path.join(this.#conversationDirectory(hash), fileName));
        } catch (error) {
          if (!isNotFound(error)) throw error;
        }
      } else {
        const file = await this.#open<DayFile>(hash, fileName, { ...content, activities: [] });
        file.db.data = { ...content, activities: kept };
        try {
          await file.db.write();
        } catch (error) {
          this.#cache.delete(cacheKey);
          throw error;
        }
        file.onDisk = true;
      }
    }
    return removed;
  }

  async #removeConversation(hash: string): Promise<void> {
    this.#cache.deleteWhere((key) => key.startsWith(`${hash}/`));
    await rm(this.#conversationDirectory(hash), { recursive: true, force: true });
  }
}

/** The directory name of a conversation's transcript: never derived from raw id text. */
export function conversationHash(channelId: string, conversationId: string): string {
  return hashName(JSON.stringify([channelId, conversationId]));
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function revive(stored: Record<string, unknown>): Activity {
  const activity = JSON.parse(JSON.stringify(stored)) as Record<string, unknown>;
  activity.timestamp = new Date(stored.timestamp as string);
  return activity as unknown as Activity;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** MemoryTranscriptStore's paging: skip past the token's item, take a page, hand out a token if the page is full. */
function page<T>(sorted: T[], idOf: (item: T) => string | undefined, continuationToken?: string): PagedResult<T> {
  let start = 0;
  if (continuationToken) {
    const at = sorted.findIndex((item) => idOf(item) === continuationToken);
    start = at === -1 ? sorted.length : at + 1;
  }
  const items = sorted.slice(start, start + TRANSCRIPT_PAGE_SIZE);
  const full = items.length === TRANSCRIPT_PAGE_SIZE;
  // botbuilder types the token as string but its own stores leave it undefined on the last page.
  return { items, continuationToken: (full ? idOf(items[items.length - 1]!) : undefined) as string };
}
