/**
 * Transcripts in files: every inbound and outbound activity of every conversation, redacted before it is written.
 *
 * Layout, partitioned like the state store so a write never grows with the number of conversations:
 *   <directory>/<shard>/<sha256 of [channelId, conversationId]>/conversation.json   who and since when
 *   <directory>/<shard>/<same hash>/<YYYY-MM-DD>.jsonl                            that UTC day's activities
 * A day file is JSON Lines, one redacted activity per line, and logging appends one line (then fsyncs, as every
 * storage write does; see durableFiles.ts), so a write costs the same with 10 or 10,000 activities that day. A
 * crash mid-append can leave a torn last line: readers skip any line that does not parse, and the next append
 * starts on a fresh line so it never glues onto the torn one. Whole-file rewrites (temp file, fsync, rename) happen
 * only when something is removed: "forget me" and retention pruning.
 *
 * Memory holds metadata only (does the conversation file exist, which day files end cleanly), never activities.
 *
 * Implements botbuilder's TranscriptStore (so TranscriptLoggerMiddleware or our own middleware can feed it), in pages
 * of 20 with a position-based continuation token (paging.ts): an activity's position is its time, day file and
 * line, a conversation's its creation time and id. listTranscripts and pruneOlderThan visit every conversation directory: they are maintenance calls,
 * not turn-path calls.
 */
import { open, rm, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Activity, PagedResult, TranscriptInfo, TranscriptStore } from 'botbuilder';
import {
  appendFileDurably,
  quarantineCorruptFile,
  readTextIfExists,
  syncDirectory,
  writeFileDurably,
  type CorruptFileHandler,
} from './durableFiles.js';
import { sha256Hex } from './hashing.js';
import { InFlight } from './inFlight.js';
import { KeyedMutex } from '../util/keyedMutex.js';
import { LruCache } from './lruCache.js';
import {
  ensureDirectory,
  isNotFound,
  listShardEntries,
  readdirIfExists,
  readJsonIfExists,
  shardDirectory,
} from './partitionFiles.js';
import { pad15, pageByPosition } from './paging.js';
import { redactDeep } from './redact.js';
import { userActivitySelector } from './transcriptRules.js';

export { TRANSCRIPT_PAGE_SIZE } from './paging.js';

export const TRANSCRIPT_FILE_FORMAT_VERSION = 1;
export const CONVERSATION_FILE_NAME = 'conversation.json';
/** Extension of a day file: JSON Lines. */
export const DAY_FILE_EXTENSION = '.jsonl';
export const DEFAULT_MAX_OPEN_TRANSCRIPT_FILES = 500;
const CONVERSATION_HASH = /^[0-9a-f]{64}$/;
const DAY_FILE = /^(\d{4}-\d{2}-\d{2})\.jsonl$/;
const DAY_MS = 24 * 60 * 60 * 1000;
const NEWLINE = 0x0a;

export interface ConversationFile {
  version: typeof TRANSCRIPT_FILE_FORMAT_VERSION;
  channelId: string;
  conversationId: string;
  /** ISO time of the first logged activity. */
  created: string;
}

export interface LowdbTranscriptStoreOptions {
  /** Directory for transcript files (e.g. `<DATA_DIR>/transcripts`); created on first write. */
  directory: string;
  /** Conversations whose file metadata is kept in memory; the least recently used idle ones are dropped. */
  maxOpenFiles?: number;
  /** Clock for activities that arrive without a timestamp; tests pass a fixed one. */
  now?: () => Date;
  /** Told once for each conversation file that did not parse and was moved aside. */
  onCorruptFile?: CorruptFileHandler;
}

export interface PruneResult {
  activitiesDeleted: number;
  transcriptsDeleted: number;
}

/** What memory keeps about one conversation: no activity content. */
interface ConversationMeta {
  /** Days whose file is known to exist and to end with a newline, so the next append needs no check. */
  readonly cleanDays: Set<string>;
}

/** One parsed line of a day file; `line` is its 0-based line number in that file. */
interface StoredLine {
  readonly day: string;
  readonly line: number;
  readonly activity: Record<string, unknown>;
}

export class LowdbTranscriptStore implements TranscriptStore {
  readonly directory: string;
  readonly #mutex = new KeyedMutex();
  readonly #cache: LruCache<string, ConversationMeta>;
  readonly #inFlight = new InFlight('LowdbTranscriptStore');
  readonly #now: () => Date;
  readonly #onCorruptFile: CorruptFileHandler | undefined;

  constructor(options: LowdbTranscriptStoreOptions) {
    if (!options?.directory) throw new TypeError('LowdbTranscriptStore needs a directory');
    this.directory = path.resolve(options.directory);
    this.#now = options.now ?? (() => new Date());
    this.#onCorruptFile = options.onCorruptFile;
    // Keyed by conversation hash; a conversation with work queued keeps its entry.
    this.#cache = new LruCache(options.maxOpenFiles ?? DEFAULT_MAX_OPEN_TRANSCRIPT_FILES, (hash) =>
      this.#mutex.isBusy(hash),
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
    return this.#track(() =>
      this.#locked(hash, async () => {
        try {
          const meta = await this.#meta(hash, {
            version: TRANSCRIPT_FILE_FORMAT_VERSION,
            channelId,
            conversationId,
            created: stored.timestamp as string,
          });
          const file = this.#dayFilePath(hash, day);
          const lead = meta.cleanDays.has(day) ? '' : await this.#leadFor(file);
          await appendFileDurably(file, `${lead ?? ''}${JSON.stringify(stored)}\n`);
          // A new day file is a new directory entry: make it durable like a rename.
          if (lead === undefined) await syncDirectory(path.dirname(file));
          meta.cleanDays.add(day);
        } catch (error) {
          // Whatever the failure left on disk, look again next time rather than trust memory.
          this.#cache.delete(hash);
          throw error;
        }
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
    const lines = await this.#track(() =>
      this.#locked(hash, () => this.#readLines(hash, startDate ? isoDay(startDate) : undefined)),
    );
    const dated = lines
      .map((stored) => ({ stored, time: new Date(stored.activity.timestamp as string).getTime() }))
      .filter(({ time }) => !startDate || time >= startDate.getTime());
    const result = pageByPosition(
      dated,
      // Lines only ever append, so a position stays put while a reader pages.
      ({ stored, time }) => `${pad15(time)}-${stored.day}-${String(stored.line).padStart(10, '0')}`,
      continuationToken,
    );
    return { items: result.items.map(({ stored }) => revive(stored.activity)), continuationToken: result.continuationToken };
  }

  /** Conversations of a channel, oldest first. Scans every conversation directory. */
  async listTranscripts(channelId: string, continuationToken?: string): Promise<PagedResult<TranscriptInfo>> {
    if (!channelId) throw new Error('Missing channelId');
    const found: TranscriptInfo[] = [];
    for (const entry of await this.#track(() => listShardEntries(this.directory))) {
      const meta = (await readJsonIfExists(path.join(entry.fullPath, CONVERSATION_FILE_NAME))) as
        | ConversationFile
        | undefined;
      if (meta?.channelId === channelId) {
        found.push({ channelId, id: meta.conversationId, created: new Date(meta.created) });
      }
    }
    return pageByPosition(found, (info) => `${pad15(info.created.getTime())}-${info.id}`, continuationToken);
  }

  async deleteTranscript(channelId: string, conversationId: string): Promise<void> {
    await this.deleteTranscriptCounted(channelId, conversationId);
  }

  /** Deletes a conversation's transcript and returns how many activities it held. */
  deleteTranscriptCounted(channelId: string, conversationId: string): Promise<number> {
    if (!channelId) return Promise.reject(new Error('Missing channelId'));
    if (!conversationId) return Promise.reject(new Error('Missing conversationId'));
    const hash = conversationHash(channelId, conversationId);
    return this.#track(() =>
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
    return this.#track(() =>
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
    return this.#track(() =>
      this.#locked(hash, async () => {
        const isTheirs = userActivitySelector(await this.#readActivities(hash), userId);
        return this.#rewriteDays(hash, (_day, stored) => isTheirs(stored as Partial<Activity>));
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
    for (const entry of await this.#track(() => listShardEntries(this.directory))) {
      const hash = entry.name;
      if (!CONVERSATION_HASH.test(hash)) continue;
      const outcome = await this.#track(() =>
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

  /**
   * Deletes every stored transcript: TRANSCRIPT_RETENTION_DAYS=0 ("keep none") runs it once at start-up so what was
   * logged under an earlier setting does not stay forever. Returns what it deleted.
   */
  async deleteAll(): Promise<PruneResult> {
    const result: PruneResult = { activitiesDeleted: 0, transcriptsDeleted: 0 };
    for (const entry of await this.#track(() => listShardEntries(this.directory))) {
      const hash = entry.name;
      if (!CONVERSATION_HASH.test(hash)) continue;
      result.activitiesDeleted += await this.#track(() =>
        this.#locked(hash, async () => {
          const count = (await this.#readLines(hash)).length;
          await this.#removeConversation(hash);
          return count;
        }),
      );
      result.transcriptsDeleted++;
    }
    return result;
  }

  flush(): Promise<void> {
    return this.#inFlight.flush();
  }

  async close(): Promise<void> {
    await this.#inFlight.close();
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

  #track<T>(start: () => Promise<T>): Promise<T> {
    return this.#inFlight.track(start);
  }

  async #locked<T>(hash: string, work: () => Promise<T>): Promise<T> {
    if (this.#inFlight.closed) throw this.#inFlight.closedError();
    const release = await this.#mutex.lock(hash);
    try {
      return await work();
    } finally {
      release();
    }
  }

  #dayFilePath(hash: string, day: string): string {
    return path.join(this.#conversationDirectory(hash), `${day}${DAY_FILE_EXTENSION}`);
  }

  /** The conversation's metadata, writing conversation.json first if it is missing (or was moved aside). */
  async #meta(hash: string, initial: ConversationFile): Promise<ConversationMeta> {
    const cached = this.#cache.get(hash);
    if (cached) return cached;
    const file = path.join(this.#conversationDirectory(hash), CONVERSATION_FILE_NAME);
    const text = await readTextIfExists(file);
    let existing: ConversationFile | undefined;
    if (text !== undefined) {
      try {
        existing = JSON.parse(text) as ConversationFile;
      } catch (error) {
        if (!(error instanceof SyntaxError)) throw error;
        await quarantineCorruptFile(file, this.#onCorruptFile);
      }
    }
    if (existing && existing.version !== TRANSCRIPT_FILE_FORMAT_VERSION) {
      throw new Error(`Transcript file ${CONVERSATION_FILE_NAME} of ${hash} is not format version ${TRANSCRIPT_FILE_FORMAT_VERSION}`);
    }
    if (!existing) {
      await ensureDirectory(path.dirname(file));
      // The time of this activity is the best "created" left when the old file was lost.
      await writeFileDurably(file, JSON.stringify(initial, null, 2));
    }
    const meta: ConversationMeta = { cleanDays: new Set() };
    this.#cache.set(hash, meta);
    return meta;
  }

  /**
   * What to write before the next line of a day file not yet seen by this process: '' when the file ends with a
   * newline (or is empty), '\n' when a crash left a torn last line, undefined when the file does not exist yet.
   * Reads one byte, whatever the file's size.
   */
  async #leadFor(file: string): Promise<string | undefined> {
    let handle;
    try {
      handle = await open(file, 'r');
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
    try {
      const { size } = await handle.stat();
      if (size === 0) return '';
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      return last[0] === NEWLINE ? '' : '\n';
    } finally {
      await handle.close();
    }
  }

  async #dayFiles(hash: string): Promise<string[]> {
    return (await readdirIfExists(this.#conversationDirectory(hash))).filter((name) => DAY_FILE.test(name)).sort();
  }

  /** The activities of one day file, skipping lines that do not parse (a torn last line after a crash). */
  async #readDay(hash: string, fileName: string): Promise<StoredLine[]> {
    const text = await readTextIfExists(path.join(this.#conversationDirectory(hash), fileName));
    if (text === undefined) return [];
    const day = fileName.slice(0, 10);
    const lines: StoredLine[] = [];
    text.split('\n').forEach((raw, line) => {
      if (raw.trim() === '') return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw);
      } catch {
        return;
      }
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
        lines.push({ day, line, activity: parsed as Record<string, unknown> });
      }
    });
    return lines;
  }

  async #readLines(hash: string, fromDay?: string): Promise<StoredLine[]> {
    const lines: StoredLine[] = [];
    for (const fileName of await this.#dayFiles(hash)) {
      if (fromDay && fileName.slice(0, 10) < fromDay) continue;
      lines.push(...(await this.#readDay(hash, fileName)));
    }
    return lines;
  }

  async #readActivities(hash: string, fromDay?: string): Promise<Activity[]> {
    return (await this.#readLines(hash, fromDay)).map((stored) => revive(stored.activity));
  }

  /**
   * Removes matching activities from the day files `daySelector` picks, rewriting each changed file whole (the
   * only rewrites this store does); returns how many were removed.
   */
  async #rewriteDays(
    hash: string,
    remove: (day: string, activity: Record<string, unknown>) => boolean,
    daySelector: (day: string) => boolean = () => true,
  ): Promise<number> {
    let removed = 0;
    try {
      for (const fileName of await this.#dayFiles(hash)) {
        const day = fileName.slice(0, 10);
        if (!daySelector(day)) continue;
        const file = path.join(this.#conversationDirectory(hash), fileName);
        const lines = await this.#readDay(hash, fileName);
        const kept = lines.filter((stored) => !remove(day, stored.activity));
        const count = lines.length - kept.length;
        if (count === 0) continue;
        removed += count;
        if (kept.length === 0) {
          try {
            await unlink(file);
          } catch (error) {
            if (!isNotFound(error)) throw error;
          }
        } else {
          await writeFileDurably(file, kept.map((stored) => `${JSON.stringify(stored.activity)}\n`).join(''));
        }
        this.#cache.peek(hash)?.cleanDays.delete(day);
      }
    } catch (error) {
      this.#cache.delete(hash);
      throw error;
    }
    return removed;
  }

  async #removeConversation(hash: string): Promise<void> {
    this.#cache.delete(hash);
    await rm(this.#conversationDirectory(hash), { recursive: true, force: true });
  }
}

/** The directory name of a conversation's transcript: never derived from raw id text. */
export function conversationHash(channelId: string, conversationId: string): string {
  return sha256Hex(JSON.stringify([channelId, conversationId]));
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function revive(stored: Record<string, unknown>): Activity {
  const activity = JSON.parse(JSON.stringify(stored)) as Record<string, unknown>;
  activity.timestamp = new Date(stored.timestamp as string);
  return activity as unknown as Activity;
}
