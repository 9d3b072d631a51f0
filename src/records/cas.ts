/**
 * Compare-and-swap over the project's key-value port (kv.ts): the one read-change-write loop every record and index uses.
 *
 * Why a helper: a first write with eTag '*' overwrites whatever another writer stored in the meantime, so three
 * concurrent first saves of one index kept one entry. botbuilder's Storage has no create-only write, but every
 * Storage we ship (botbuilder's MemoryStorage, LowdbStorage, BlobStorage; test/storage/storageContract.ts) treats a
 * write carrying a real eTag like this:
 *   - the key does not exist: the item is created;
 *   - the key exists with another eTag: the write fails with the standard eTag-conflict error.
 * A made-up eTag no store ever assigns (CREATE_ONLY_ETAG) therefore means "create, unless someone else already
 * did", atomically: MemoryStorage checks and stores synchronously, LowdbStorage under its partition lock, and
 * BlobStorage with If-None-Match: * in the service. The conflict sends us round the loop again, now with the
 * other writer's item and its eTag, so nothing is lost in this process or between processes sharing a store.
 *
 * In addition, updates of one key are queued per storage in this process (KeyedMutex), so concurrent turns of one
 * process do not spend their attempts conflicting with each other; the eTag check is what covers other processes.
 */
import { KeyedMutex } from '../util/keyedMutex.js';
import type { KeyValueStore } from './kv.js';

export { canListKeys, type KeyListingStore, type KeyValueStore } from './kv.js';
/** @deprecated the old name of KeyListingStore. */
export type { KeyListingStore as KeyListingStorage } from './kv.js';

/** An eTag no store assigns: MemoryStorage counts ("1", "2"), lowdb uses UUIDs, Blob Storage quoted hex. */
export const CREATE_ONLY_ETAG = 'cas:create-only';
/** Default attempts: every conflicting round lets one writer through, so N writers of one key need N rounds. */
export const DEFAULT_CAS_ATTEMPTS = 25;

/** The standard conflict error (botbuilder's MemoryStorage wording, which every store we ship reuses). */
export function isETagConflict(error: unknown): boolean {
  return /eTag conflict/i.test(String((error as Error)?.message));
}

/** One key segment: lower-cased and URI-encoded, so "/" and "+" never occur inside it. */
export function keyPart(value: string): string {
  return encodeURIComponent(value.toLowerCase());
}

export class CasExhaustedError extends Error {
  constructor(readonly key: string, readonly attempts: number) {
    super(`Could not update "${key}" after ${attempts} attempts (eTag conflicts)`);
    this.name = 'CasExhaustedError';
  }
}

export interface CasOptions {
  /** How many read-change-write rounds before giving up (DEFAULT_CAS_ATTEMPTS). */
  attempts?: number;
}

/**
 * Computes the next value from the stored one (undefined when the key does not exist). Return null to leave the
 * stored value as it is. It may run more than once (after a conflict): keep it free of side effects.
 */
export type CasChange<T> = (current: T | undefined) => T | null;

/**
 * A change that also says something about what it saw: `next` as for CasChange, and `result`, which casModify
 * returns from the round that won. It may run more than once: never write to captured variables, return instead.
 */
export type CasStep<T, R> = (current: T | undefined) => { next: T | null; result: R };

export interface CasResult<T> {
  /** What is stored after the call (undefined only when the key did not exist and the change returned null). */
  value: T | undefined;
  changed: boolean;
}

export interface CasOutcome<T, R> extends CasResult<T> {
  /** The `result` of the round whose value is now stored (or that decided to leave it). */
  result: R;
}

const mutexes = new WeakMap<KeyValueStore, KeyedMutex>();

function mutexOf(storage: KeyValueStore): KeyedMutex {
  let mutex = mutexes.get(storage);
  if (!mutex) {
    mutex = new KeyedMutex();
    mutexes.set(storage, mutex);
  }
  return mutex;
}

/** Runs `work` holding this process's lock for `key` in `storage`. */
export async function withKeyLock<R>(storage: KeyValueStore, key: string, work: () => Promise<R>): Promise<R> {
  const release = await mutexOf(storage).lock(key);
  try {
    return await work();
  } finally {
    release();
  }
}

/** Reads one key; the item without its eTag, and the eTag. */
export async function readItem<T extends object>(storage: KeyValueStore, key: string): Promise<{ value: T; eTag: string | undefined } | undefined> {
  const item = (await storage.read([key]))[key] as (T & { eTag?: string }) | undefined;
  if (!item) return undefined;
  const { eTag, ...value } = item;
  return { value: value as unknown as T, eTag };
}

/** Read, change, write with the read eTag (or create-only when absent), retried on conflict. */
export async function casUpdate<T extends object>(
  storage: KeyValueStore, key: string, change: CasChange<T>, options: CasOptions = {},
): Promise<CasResult<T>> {
  const { value, changed } = await casModify<T, undefined>(storage, key, (current) => ({ next: change(current), result: undefined }), options);
  return { value, changed };
}

/**
 * casUpdate whose step returns `{ next, result }`: the result of the winning round comes back with the value, so
 * callers learn what the change saw (missing item, refused change, whether it changed) without side effects.
 */
export function casModify<T extends object, R>(
  storage: KeyValueStore, key: string, step: CasStep<T, R>, options: CasOptions = {},
): Promise<CasOutcome<T, R>> {
  const attempts = options.attempts ?? DEFAULT_CAS_ATTEMPTS;
  return withKeyLock(storage, key, async () => {
    for (let attempt = 0; attempt < attempts; attempt++) {
      const stored = await readItem<T>(storage, key);
      const { next, result } = step(stored ? structuredClone(stored.value) : undefined);
      if (next === null) return { value: stored?.value, changed: false, result };
      // A stored item without an eTag cannot be compared; only a foreign store would return one.
      const eTag = stored ? (stored.eTag ?? '*') : CREATE_ONLY_ETAG;
      try {
        await storage.write({ [key]: { ...next, eTag } });
        return { value: next, changed: true, result };
      } catch (error) {
        if (!isETagConflict(error)) throw error;
      }
    }
    throw new CasExhaustedError(key, attempts);
  });
}

/** Stores `value` only if the key does not exist yet; false (and nothing written) when it does. */
export function casCreate<T extends object>(storage: KeyValueStore, key: string, value: T): Promise<boolean> {
  return withKeyLock(storage, key, async () => {
    try {
      await storage.write({ [key]: { ...value, eTag: CREATE_ONLY_ETAG } });
      return true;
    } catch (error) {
      if (isETagConflict(error)) return false;
      throw error;
    }
  });
}
