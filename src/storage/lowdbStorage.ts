/**
 * botbuilder `Storage` over lowdb, partitioned so a write costs the same with ten or a million stored
 * conversations.
 *
 * Semantics are MemoryStorage's (botbuilder-core memoryStorage.ts), with two of its quirks fixed:
 * - read/write/delete reject with a ReferenceError when the keys (changes) argument is missing;
 * - read returns only keys that exist, each with a string eTag; JSON deep copies in and out;
 * - write: a falsy or `*` eTag, or no stored item, overwrites; an equal eTag writes; anything else rejects with
 *   `Storage: error writing "<key>" due to eTag conflict.`; every write assigns a new eTag;
 * - delete ignores missing keys.
 * Fixed: MemoryStorage keeps writing the rest of a batch after a conflict; here the whole batch is checked
 * before anything is applied. MemoryStorage breaks on keys named like Object.prototype members (`__proto__`,
 * `constructor`); here any string is a key.
 *
 * Partitioning: keys with at least four '/'-separated segments are grouped by their first three, which is
 * exactly botbuilder's `<channel>/conversations/<id>/...` and `<channel>/users/<id>/...` (private conversation
 * state `<channel>/conversations/<id>/users/<user>/...` lands with its conversation). Other keys are a partition
 * of their own. A write rewrites only the partition files it touched; partitions are locked one by one (sorted,
 * so batches cannot deadlock), so different conversations write in parallel and one conversation's writes queue.
 *
 * A batch spanning several partitions is checked atomically, but on disk each file is replaced on its own: a
 * crash between two renames can leave part of a multi-partition batch applied. BotState writes one key per
 * batch, so turns are unaffected.
 *
 * One process per directory: lowdb has no cross-process locking, and the cache assumes it is the only writer.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Storage, StoreItems } from 'botbuilder';
import { CommitLog, type Change, type CommitLogOptions } from './commitLog.js';
import { DurableJsonFile, type CorruptFileHandler } from './durableFiles.js';
import { sha256Hex } from './hashing.js';
import { InFlight } from './inFlight.js';
import { KeyedMutex } from '../util/keyedMutex.js';
import { LruCache } from './lruCache.js';
import { defineItem, eTagConflict, isOverwriteETag, rememberStoredText, serialiseItem, type SerialisedItem } from './storeItems.js';
import { listShardEntries, readJsonIfExists, shardDirectory } from './partitionFiles.js';

export const LOWDB_STORAGE_KIND = 'lowdb';
export const STATE_FILE_FORMAT_VERSION = 1;
export const DEFAULT_MAX_OPEN_PARTITIONS = 1000;
/**
 * ...and at most this many bytes of stored text (UTF-16, 2 bytes a character): a conversation state carries the
 * turn journal (the last turns' replies, cards included), up to about 770 KB, so 1,000 of them could hold 770 MB.
 */
export const DEFAULT_MAX_OPEN_PARTITION_BYTES = 32 * 1024 * 1024;

/** What one partition file holds. Items are an array, not an object, so no key can collide with a prototype. */
export interface StatePartitionFile {
  version: typeof STATE_FILE_FORMAT_VERSION;
  partition: string;
  items: StoredRecord[];
}

export interface StoredRecord {
  key: string;
  eTag: string;
  /** The item as written, without its eTag. */
  value: Record<string, unknown>;
}

export interface LowdbStorageOptions {
  /** Directory for the partition files; created on first write. The caller picks it (e.g. `<DATA_DIR>/state`). */
  directory: string;
  /** Partitions kept open in memory; the least recently used idle ones are dropped beyond this. */
  maxOpenPartitions?: number;
  /** Bytes of stored text kept open in memory (DEFAULT_MAX_OPEN_PARTITION_BYTES); same eviction. */
  maxOpenPartitionBytes?: number;
  /** Told once per partition file that did not parse and was moved aside (that partition then starts empty). */
  onCorruptFile?: CorruptFileHandler;
  /** Group commit tuning (commitLog.ts); the defaults suit a bot. */
  commitLog?: CommitLogOptions;
}

/** Storage that can also enumerate and bulk-delete keys, which "forget me" needs. */
export interface PrefixStorage extends Storage {
  listKeys(prefix: string): Promise<string[]>;
  deleteByPrefix(prefix: string): Promise<number>;
}

/** The partition a key lives in. Exported so tests and tools can reason about file layout. */
export function partitionOfKey(key: string): string {
  const segments = key.split('/');
  return segments.length >= 4 ? segments.slice(0, 3).join('/') : key;
}

/**
 * The one partition that can hold every key starting with `prefix`, when there is one: a prefix with three
 * complete segments (`msteams/conversations/<id>/`) pins the first three segments of all its keys. Otherwise
 * undefined, and a listing has to scan.
 */
export function partitionOfPrefix(prefix: string): string | undefined {
  const segments = prefix.split('/');
  return segments.length >= 4 ? segments.slice(0, 3).join('/') : undefined;
}

/** A stored item in memory: its value kept as the JSON text it is written as, so no caller can reach it. */
interface MemoryRecord {
  readonly eTag: string;
  /** The item without its eTag, as compact JSON. */
  readonly json: string;
}

interface Partition {
  readonly name: string;
  readonly file: string;
  readonly records: Map<string, MemoryRecord>;
  onDisk: boolean;
}

export class LowdbStorage implements PrefixStorage {
  readonly kind = LOWDB_STORAGE_KIND;
  readonly directory: string;
  readonly #mutex = new KeyedMutex();
  readonly #cache: LruCache<string, Partition>;
  readonly #inFlight = new InFlight('LowdbStorage');
  readonly #onCorruptFile: CorruptFileHandler | undefined;
  readonly #log: CommitLog;

  constructor(options: LowdbStorageOptions) {
    if (!options?.directory) throw new TypeError('LowdbStorage needs a directory');
    this.directory = path.resolve(options.directory);
    this.#onCorruptFile = options.onCorruptFile;
    this.#log = new CommitLog(this.directory, options.commitLog);
    this.#cache = new LruCache(options.maxOpenPartitions ?? DEFAULT_MAX_OPEN_PARTITIONS, (name) => this.#mutex.isBusy(name), {
      maxBytes: options.maxOpenPartitionBytes ?? DEFAULT_MAX_OPEN_PARTITION_BYTES,
      sizeOf: partitionBytes,
    });
  }

  read(keys: string[]): Promise<StoreItems> {
    if (!keys) return Promise.reject(new ReferenceError('Keys are required when reading.'));
    const byPartition = groupBy(keys, partitionOfKey);
    return this.#track(() =>
      this.#withPartitions(byPartition.keys(), (partitions) => {
        const result: StoreItems = {};
        for (const [name, partitionKeys] of byPartition) {
          const partition = partitions.get(name)!;
          for (const key of partitionKeys) {
            const record = partition.records.get(key);
            if (record) {
              // Parsing the stored text hands out a fresh object: the caller owns it, the store keeps its text.
              const item = JSON.parse(record.json) as Record<string, unknown>;
              item.eTag = record.eTag;
              rememberStoredText(item, record.json);
              defineItem(result, key, item);
            }
          }
        }
        return result;
      }),
    );
  }

  write(changes: StoreItems): Promise<void> {
    if (!changes) return Promise.reject(new ReferenceError('Changes are required when writing.'));
    let prepared: SerialisedItem[];
    try {
      // Serialise everything first: an item JSON cannot represent fails the batch before anything is written,
      // and the caller may keep mutating its objects once write() has returned.
      prepared = Object.keys(changes).map((key) => serialiseItem(key, changes[key]));
    } catch (error) {
      return Promise.reject(error);
    }
    if (prepared.length === 0) return Promise.resolve();
    const byPartition = groupBy(prepared, (change) => partitionOfKey(change.key));
    return this.#track(() =>
      this.#withPartitions(byPartition.keys(), async (partitions) => {
        // Check the whole batch, then apply it; no await in between, so nothing can interleave.
        for (const change of prepared) {
          if (isOverwriteETag(change.eTag)) continue;
          const stored = partitions.get(partitionOfKey(change.key))!.records.get(change.key);
          if (stored && stored.eTag !== change.eTag) throw eTagConflict(change.key);
        }
        for (const change of prepared) {
          partitions.get(partitionOfKey(change.key))!.records.set(change.key, { eTag: newETag(), json: change.json });
        }
        await this.#persistAll([...byPartition.keys()].map((name) => partitions.get(name)!));
      }),
    );
  }

  delete(keys: string[]): Promise<void> {
    if (!keys) return Promise.reject(new ReferenceError('Keys are required when deleting.'));
    const byPartition = groupBy(keys, partitionOfKey);
    return this.#track(() =>
      this.#withPartitions(byPartition.keys(), async (partitions) => {
        const changed: Partition[] = [];
        for (const [name, partitionKeys] of byPartition) {
          const partition = partitions.get(name)!;
          let removed = false;
          for (const key of partitionKeys) removed = partition.records.delete(key) || removed;
          if (removed) changed.push(partition);
        }
        await this.#persistAll(changed);
      }),
    );
  }

  /**
   * Every stored key starting with `prefix`, sorted. A prefix of three complete segments
   * (`msteams/conversations/<id>/`) reads one partition; any other prefix scans all partition files.
   */
  listKeys(prefix: string): Promise<string[]> {
    if (typeof prefix !== 'string') return Promise.reject(new TypeError('listKeys needs a string prefix'));
    const pinned = partitionOfPrefix(prefix);
    if (pinned !== undefined) {
      return this.#track(() =>
        this.#withPartitions([pinned], (partitions) =>
          [...partitions.get(pinned)!.records.keys()].filter((key) => key.startsWith(prefix)).sort(),
        ),
      );
    }
    return this.#track(
      async () => {
        // Each file is replaced by rename, so a plain read sees a whole old or a whole new version; scanning
        // without locks or the cache keeps a full listing from evicting the partitions live turns use.
        const keys: string[] = [];
        for (const file of await this.#scanPartitionFiles(prefix)) {
          for (const record of file.items) if (record.key.startsWith(prefix)) keys.push(record.key);
        }
        return keys.sort();
      },
    );
  }

  /** Deletes every key starting with `prefix` and returns how many there were. Same cost rules as listKeys. */
  deleteByPrefix(prefix: string): Promise<number> {
    if (typeof prefix !== 'string') return Promise.reject(new TypeError('deleteByPrefix needs a string prefix'));
    return this.#track(
      async () => {
        let deleted = 0;
        for (const name of await this.#candidatePartitions(prefix)) {
          deleted += await this.#withPartitions([name], async (partitions) => {
            const partition = partitions.get(name)!;
            let count = 0;
            for (const key of [...partition.records.keys()]) {
              if (key.startsWith(prefix)) {
                partition.records.delete(key);
                count++;
              }
            }
            if (count > 0) await this.#persistAll([partition]);
            return count;
          });
        }
        return deleted;
      },
    );
  }

  /** Resolves once every read, write and delete started so far has finished (used by graceful shutdown). */
  flush(): Promise<void> {
    return this.#inFlight.flush();
  }

  /** Refuses new work, waits for pending work, then drops the cache. Safe to call twice. */
  async close(): Promise<void> {
    await this.#inFlight.close();
    await this.#log.close();
    this.#cache.clear();
  }

  /** Partitions currently held in memory; for health output and the memory-bound test. */
  get openPartitions(): number {
    return this.#cache.size;
  }

  /** Group commit figures (how many writes shared each fsync); for tests and benchmarks. */
  get commitStats(): Readonly<CommitLog['stats']> {
    return this.#log.stats;
  }

  #track<T>(start: () => Promise<T>): Promise<T> {
    return this.#inFlight.track(start);
  }

  async #candidatePartitions(prefix: string): Promise<string[]> {
    const pinned = partitionOfPrefix(prefix);
    if (pinned !== undefined) return [pinned];
    return (await this.#scanPartitionFiles(prefix)).map((file) => file.partition);
  }

  /** Reads every partition file that may hold keys starting with `prefix`: the slow path, O(stored partitions). */
  async #scanPartitionFiles(prefix: string): Promise<StatePartitionFile[]> {
    await this.#log.open();
    const files: StatePartitionFile[] = [];
    for (const entry of await listShardEntries(this.directory)) {
      if (!entry.name.endsWith('.json')) continue;
      const content = (await readJsonIfExists(entry.fullPath)) as StatePartitionFile | undefined;
      const name = content?.partition;
      if (typeof name !== 'string' || !Array.isArray(content?.items)) continue;
      // A partition named N only holds keys equal to N or starting with N + '/'.
      if (name.startsWith(prefix) || prefix.startsWith(`${name}/`)) files.push(content);
    }
    return files;
  }

  /** Runs `work` holding the locks of the named partitions, loaded and pinned in the cache. */
  async #withPartitions<T>(names: Iterable<string>, work: (partitions: Map<string, Partition>) => T | Promise<T>): Promise<T> {
    if (this.#inFlight.closed) throw this.#inFlight.closedError();
    const wanted = [...new Set(names)];
    const release = await this.#mutex.lockMany(wanted);
    try {
      // Whatever a crash left in the journal is replayed before any partition file is read.
      await this.#log.open();
      const partitions = new Map<string, Partition>();
      for (const [index, partition] of (await Promise.all(wanted.map((name) => this.#load(name)))).entries()) {
        partitions.set(wanted[index]!, partition);
      }
      return await work(partitions);
    } finally {
      release();
    }
  }

  async #load(name: string): Promise<Partition> {
    const cached = this.#cache.get(name);
    if (cached) return cached;
    const hash = sha256Hex(name);
    const file = path.join(shardDirectory(this.directory, hash), `${hash}.json`);
    // Old files are pretty-printed, new ones compact: JSON.parse reads both.
    const data = await new DurableJsonFile<StatePartitionFile>(file, this.#onCorruptFile).read();
    if (data && (data.version !== STATE_FILE_FORMAT_VERSION || data.partition !== name || !Array.isArray(data.items))) {
      throw new Error(`Storage file ${file} is not a version ${STATE_FILE_FORMAT_VERSION} partition of this store`);
    }
    const records = new Map<string, MemoryRecord>();
    for (const record of data?.items ?? []) records.set(record.key, { eTag: record.eTag, json: JSON.stringify(record.value) });
    const partition: Partition = { name, file, records, onDisk: data !== null };
    this.#cache.set(name, partition);
    return partition;
  }

  /** Writes the changed partitions as one commit: they share one fsync with every concurrent write. */
  async #persistAll(partitions: Partition[]): Promise<void> {
    const changes: Change[] = [];
    for (const partition of partitions) {
      if (partition.records.size > 0) changes.push({ op: 'write', file: partition.file, text: partitionText(partition) });
      // An empty partition leaves no file behind, so deleted conversations do not accumulate on disk.
      else if (partition.onDisk) changes.push({ op: 'remove', file: partition.file });
    }
    try {
      await this.#log.commit(changes);
    } catch (error) {
      // Memory is ahead of disk now; drop those partitions so the next access reloads what is really stored.
      for (const partition of partitions) this.#cache.delete(partition.name);
      throw error;
    }
    for (const partition of partitions) {
      partition.onDisk = partition.records.size > 0;
      // Its size changed: counted again (and evicted from others' side if the cache is now over its bytes).
      if (this.#cache.peek(partition.name) === partition) this.#cache.set(partition.name, partition);
    }
  }
}

/** What a partition keeps alive, counted as UTF-16 (2 bytes a character) plus a fixed overhead per record. */
function partitionBytes(partition: Partition): number {
  let bytes = 256 + partition.name.length * 2;
  for (const [key, record] of partition.records) bytes += 64 + (key.length + record.json.length + record.eTag.length) * 2;
  return bytes;
}

/** A partition file as compact JSON, built from the records' stored text without parsing them again. */
function partitionText(partition: Partition): string {
  const items: string[] = [];
  for (const [key, record] of partition.records) {
    items.push(`{"key":${JSON.stringify(key)},"eTag":${JSON.stringify(record.eTag)},"value":${record.json}}`);
  }
  return `{"version":${STATE_FILE_FORMAT_VERSION},"partition":${JSON.stringify(partition.name)},"items":[${items.join(',')}]}`;
}

// Random rather than a counter: a counter restarts with the process and could hand out an eTag a client
// still holds from before the restart.
function newETag(): string {
  return randomUUID();
}

function groupBy<T>(values: Iterable<T>, keyOf: (value: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const value of values) {
    const key = keyOf(value);
    const group = groups.get(key);
    if (group) group.push(value);
    else groups.set(key, [value]);
  }
  return groups;
}
