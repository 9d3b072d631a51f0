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
 * line, a conversation's its creation time and id. listTranscripts and deleteAll visit every conversation directory:
 * they are maintenance calls, not turn-path calls. pruneOlderThan visits only conversations with a day due, found
 * through the day index (`.days/<day>/<conversation hash>` markers, written with a conversation's first activity of
 * each day).
 */
import { open, opendir, rmdir } from 'node:fs/promises';
import path from 'node:path';
import type { Activity, PagedResult, TranscriptInfo, TranscriptStore } from 'botbuilder';
import { CommitLog, type Change, type CommitLogOptions } from './commitLog.js';
import { quarantineCorruptFile, readTextIfExists, type CorruptFileHandler } from './durableFiles.js';
import { sha256Hex } from './hashing.js';
import { InFlight } from './inFlight.js';
import { KeyedMutex } from '../util/keyedMutex.js';
import { LruCache } from './lruCache.js';
import { isNotFound, listShardEntries, readdirIfExists, readJsonIfExists, shardDirectory } from './partitionFiles.js';
import { pad15, pageByPosition } from './paging.js';
import { logPreparedActivity, prepareTranscriptEntry, type TranscriptEntry } from './transcriptEntry.js';
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
  /** Group commit tuning (commitLog.ts). */
  commitLog?: CommitLogOptions;
}

/** Directory of the day index: `<directory>/.days/<YYYY-MM-DD>/<conversation hash>` (empty marker files). */
export const DAY_INDEX_DIRECTORY = '.days';
/** In the day index: which shards the one-time build for data written before the index has covered. */
export const DAY_INDEX_PROGRESS_FILE = '.built';
const DAY_INDEX_COMPLETE = 'complete';
const DAY_NAME = /^\d{4}-\d{2}-\d{2}$/;
/** Markers removed per commit while pruning. */
const PRUNE_BATCH = 100;

export interface PruneOptions {
  /** Checked between conversations: an aborted pass stops promptly and returns what it did so far. */
  signal?: AbortSignal;
}

export interface PruneResult {
  activitiesDeleted: number;
  transcriptsDeleted: number;
}

/** What memory keeps about one conversation: no activity content. */
interface ConversationMeta {
  /**
   * Days whose file is known to end with a newline, with its size in bytes: the next append needs no check, and
   * the size is the offset the commit log records for it.
   */
  readonly cleanDays: Map<string, number>;
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
  readonly #log: CommitLog;

  constructor(options: LowdbTranscriptStoreOptions) {
    if (!options?.directory) throw new TypeError('LowdbTranscriptStore needs a directory');
    this.directory = path.resolve(options.directory);
    this.#log = new CommitLog(this.directory, options.commitLog);
    this.#now = options.now ?? (() => new Date());
    this.#onCorruptFile = options.onCorruptFile;
    // Keyed by conversation hash; a conversation with work queued keeps its entry.
    this.#cache = new LruCache(options.maxOpenFiles ?? DEFAULT_MAX_OPEN_TRANSCRIPT_FILES, (hash) =>
      this.#mutex.isBusy(hash),
    );
  }

  /** Redacts and appends one activity. Calls for one conversation are written in call order. */
  logActivity(activity: Partial<Activity>): Promise<void> {
    return logPreparedActivity(activity, this.#now, (entries) => this.logEntries(entries));
  }

  /** The entry logActivity would store for `activity`, prepared now (one redacting serialisation, no copy). */
  prepareEntry(activity: Partial<Activity>): TranscriptEntry {
    return prepareTranscriptEntry(activity, this.#now);
  }

  /**
   * Appends prepared entries, in order: all of one conversation in one commit (a turn's activities share one
   * journal sync, with each other and with other conversations' turns).
   */
  logEntries(entries: readonly TranscriptEntry[]): Promise<void> {
    const byConversation = new Map<string, TranscriptEntry[]>();
    for (const entry of entries) {
      const hash = conversationHash(entry.channelId, entry.conversationId);
      const list = byConversation.get(hash);
      if (list) list.push(entry);
      else byConversation.set(hash, [entry]);
    }
    return this.#track(async () => {
      await Promise.all([...byConversation].map(([hash, list]) => this.#locked(hash, () => this.#append(hash, list))));
    });
  }

  async #append(hash: string, entries: readonly TranscriptEntry[]): Promise<void> {
    try {
      const first = entries[0]!;
      const changes: Change[] = [];
      const meta = await this.#meta(hash, changes, {
        version: TRANSCRIPT_FILE_FORMAT_VERSION,
        channelId: first.channelId,
        conversationId: first.conversationId,
        created: first.timestamp,
      });
      const sizes = new Map<string, number>();
      for (const entry of entries) {
        const day = entry.timestamp.slice(0, 10);
        const file = this.#dayFilePath(hash, day);
        let size = sizes.get(day) ?? meta.cleanDays.get(day);
        let lead = '';
        if (size === undefined) {
          const found = await this.#leadFor(file);
          lead = found?.lead ?? '';
          size = found?.size ?? 0;
          // A new day file: the day index learns of it in the same commit, so retention can find it.
          if (!found) changes.push({ op: 'write', file: this.#dayMarker(day, hash), text: '' });
        }
        const text = `${lead}${entry.json}\n`;
        changes.push({ op: 'append', file, offset: size, text });
        sizes.set(day, size + Buffer.byteLength(text));
      }
      await this.#log.commit(changes);
      for (const [day, size] of sizes) meta.cleanDays.set(day, size);
    } catch (error) {
      // Whatever the failure left on disk, look again next time rather than trust memory.
      this.#cache.delete(hash);
      throw error;
    }
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
    for (const entry of await this.#conversationEntries()) {
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
   *
   * Proportional to what is due: the day index names the conversations with a day file of each day, so only
   * conversations with a day at or before the cutoff are visited; markers of days fully pruned are removed, so
   * the next pass does not see them again. A data directory from before the index is indexed once, a shard at a
   * time (progress is kept, so a restart resumes). Memory stays bounded: day directories are read as a stream.
   * `signal` stops the pass between conversations.
   */
  async pruneOlderThan(days: number, now: Date = this.#now(), options: PruneOptions = {}): Promise<PruneResult> {
    if (typeof days !== 'number' || !Number.isFinite(days) || days <= 0) {
      throw new RangeError(`Transcript retention must be a positive number of days, got ${String(days)}`);
    }
    const { signal } = options;
    const cutoff = new Date(now.getTime() - days * DAY_MS);
    const cutoffDay = isoDay(cutoff);
    const result: PruneResult = { activitiesDeleted: 0, transcriptsDeleted: 0 };
    if (!(await this.#buildDayIndex(signal))) return result;
    const indexRoot = path.join(this.directory, DAY_INDEX_DIRECTORY);
    const dueDays = (await this.#track(() => readdirIfExists(indexRoot))).filter((day) => DAY_NAME.test(day) && day <= cutoffDay).sort();
    for (const day of dueDays) {
      const dayDirectory = path.join(indexRoot, day);
      const done: string[] = [];
      const removeMarkers = async (): Promise<void> => {
        // A day before the cutoff day is gone from every conversation visited; the cutoff day itself may keep
        // activities after the cutoff time, so its markers stay.
        if (day < cutoffDay && done.length > 0) {
          await this.#track(() => this.#log.commit(done.splice(0).map((hash) => ({ op: 'remove', file: path.join(dayDirectory, hash) }))));
        }
      };
      const directory = await this.#track(async () => opendir(dayDirectory).catch((error: unknown) => (isNotFound(error) ? undefined : Promise.reject(error))));
      if (!directory) continue;
      try {
        for await (const entry of directory) {
          if (signal?.aborted) {
            await removeMarkers();
            return result;
          }
          const hash = entry.name;
          if (!CONVERSATION_HASH.test(hash)) continue;
          const outcome = await this.#pruneConversation(hash, cutoff, cutoffDay);
          result.activitiesDeleted += outcome.deleted;
          if (outcome.emptied) result.transcriptsDeleted++;
          done.push(hash);
          if (done.length >= PRUNE_BATCH) await removeMarkers();
        }
      } finally {
        // for await closes the directory when it ends or throws; closing twice is refused, so only on early return.
        await directory.close().catch(() => undefined);
      }
      await removeMarkers();
      if (day < cutoffDay) {
        // Only once empty: a marker added meanwhile (an activity logged with an old time) keeps the day.
        await rmdir(dayDirectory).catch(() => undefined);
      }
    }
    return result;
  }

  async #pruneConversation(hash: string, cutoff: Date, cutoffDay: string): Promise<{ deleted: number; emptied: boolean }> {
    return this.#track(() =>
      this.#locked(hash, async () => {
        const deleted = await this.#rewriteDays(
          hash,
          (day, activity) => day < cutoffDay || (day === cutoffDay && new Date(activity.timestamp as string) < cutoff),
          (day) => day <= cutoffDay,
        );
        // A marker can outlive its conversation ("forget me" removed it): nothing there, nothing to count.
        const remaining = await readdirIfExists(this.#conversationDirectory(hash));
        const emptied = remaining.length > 0 && !remaining.some((name) => DAY_FILE.test(name));
        if (emptied) await this.#removeConversation(hash);
        return { deleted, emptied };
      }),
    );
  }

  /**
   * Indexes day files written before the index existed, one shard directory at a time, recording progress after
   * each. Resolves false when stopped by `signal` before it finished.
   */
  async #buildDayIndex(signal: AbortSignal | undefined): Promise<boolean> {
    const progressFile = path.join(this.directory, DAY_INDEX_DIRECTORY, DAY_INDEX_PROGRESS_FILE);
    const progress = (await this.#track(async () => {
      await this.#log.open();
      return readTextIfExists(progressFile);
    }))?.trim();
    if (progress === DAY_INDEX_COMPLETE) return true;
    const shards = (await this.#track(() => readdirIfExists(this.directory)))
      .filter((name) => /^[0-9a-f]{3}$/.test(name) && (progress === undefined || name > progress))
      .sort();
    for (const shard of shards) {
      if (signal?.aborted) return false;
      const changes: Change[] = [];
      for (const hash of await this.#track(() => readdirIfExists(path.join(this.directory, shard)))) {
        if (!CONVERSATION_HASH.test(hash)) continue;
        for (const fileName of await this.#track(() => this.#dayFiles(hash))) {
          changes.push({ op: 'write', file: this.#dayMarker(fileName.slice(0, 10), hash), text: '' });
        }
      }
      changes.push({ op: 'write', file: progressFile, text: shard });
      await this.#track(() => this.#log.commit(changes));
    }
    await this.#track(() => this.#log.commit([{ op: 'write', file: progressFile, text: DAY_INDEX_COMPLETE }]));
    return true;
  }

  #dayMarker(day: string, hash: string): string {
    return path.join(this.directory, DAY_INDEX_DIRECTORY, day, hash);
  }

  /**
   * Deletes every stored transcript: TRANSCRIPT_RETENTION_DAYS=0 ("keep none") runs it once at start-up so what was
   * logged under an earlier setting does not stay forever. Returns what it deleted.
   */
  async deleteAll(): Promise<PruneResult> {
    const result: PruneResult = { activitiesDeleted: 0, transcriptsDeleted: 0 };
    for (const entry of await this.#conversationEntries()) {
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
    // Every marker is stale now; a fresh index needs no build.
    await this.#track(() =>
      this.#log.commit([
        { op: 'remove', file: path.join(this.directory, DAY_INDEX_DIRECTORY) },
        { op: 'write', file: path.join(this.directory, DAY_INDEX_DIRECTORY, DAY_INDEX_PROGRESS_FILE), text: DAY_INDEX_COMPLETE },
      ]),
    );
    return result;
  }

  flush(): Promise<void> {
    return this.#inFlight.flush();
  }

  async close(): Promise<void> {
    await this.#inFlight.close();
    await this.#log.close();
    this.#cache.clear();
  }

  /** Group commit figures; for tests and benchmarks. */
  get commitStats(): Readonly<CommitLog['stats']> {
    return this.#log.stats;
  }

  get openFiles(): number {
    return this.#cache.size;
  }

  /** Every conversation directory (a scan: maintenance calls only). */
  #conversationEntries(): Promise<Array<{ name: string; fullPath: string }>> {
    return this.#track(async () => {
      await this.#log.open();
      return listShardEntries(this.directory);
    });
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
      // Whatever a crash left in the journal is replayed before any file is read.
      await this.#log.open();
      return await work();
    } finally {
      release();
    }
  }

  #dayFilePath(hash: string, day: string): string {
    return path.join(this.#conversationDirectory(hash), `${day}${DAY_FILE_EXTENSION}`);
  }

  /**
   * The conversation's metadata. When conversation.json is missing (or was moved aside), the change that writes it
   * is added to `changes`, so it goes out in the same commit as the first activity.
   */
  async #meta(hash: string, changes: Change[], initial: ConversationFile): Promise<ConversationMeta> {
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
    // The time of this activity is the best "created" left when the old file was lost.
    if (!existing) changes.push({ op: 'write', file, text: JSON.stringify(initial) });
    const meta: ConversationMeta = { cleanDays: new Map() };
    this.#cache.set(hash, meta);
    return meta;
  }

  /**
   * What to write before the next line of a day file not yet seen by this process, and the file's size: lead ''
   * when the file ends with a newline (or is empty), '\n' when a crash left a torn last line; undefined when the
   * file does not exist yet. Reads one byte, whatever the file's size.
   */
  async #leadFor(file: string): Promise<{ lead: string; size: number } | undefined> {
    let handle;
    try {
      handle = await open(file, 'r');
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
    try {
      const { size } = await handle.stat();
      if (size === 0) return { lead: '', size };
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      return { lead: last[0] === NEWLINE ? '' : '\n', size };
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
        await this.#log.commit([
          kept.length === 0
            ? { op: 'remove', file }
            : { op: 'write', file, text: kept.map((stored) => `${JSON.stringify(stored.activity)}\n`).join('') },
        ]);
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
    await this.#log.commit([{ op: 'remove', file: this.#conversationDirectory(hash) }]);
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
