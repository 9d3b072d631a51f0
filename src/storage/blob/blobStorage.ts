/**
 * botbuilder `Storage` over Azure Blob Storage, one blob per key, for running more than one bot process on a
 * shared store. It passes the same contract suite as LowdbStorage (test/storage/storageContract.ts):
 * - read/write/delete reject with a ReferenceError when the keys (changes) argument is missing;
 * - read returns only keys that exist, each with a string eTag (the blob's own ETag); JSON deep copies in and out;
 * - write: a falsy or `*` eTag, or no stored item, overwrites; an equal eTag writes; anything else rejects with
 *   `Storage: error writing "<key>" due to eTag conflict.`; every write gets a new eTag from the service;
 * - delete ignores missing keys; keys may hold any characters (see blobNames.ts).
 *
 * Why not botbuilder-azure-blobs' BlobsStorage as it stands: it rejects the empty key and truncates long ones (so
 * two long keys can share a blob), URL-encodes keys into names with '%' (which the SDK sends unescaped, so the
 * stored name depends on how the service decodes the URL), sends an If-Match on a key that does not exist yet (a 412, where the contract says
 * "create"), writes each key of a batch independently, passes the character count as the byte length (a
 * non-ASCII body is cut short), and cannot list keys by prefix. The wire behaviour is the same idea: If-Match
 * conditions on the blob's ETag, 412 mapped to the standard conflict message.
 *
 * Batches, and the race that remains. A batch is checked whole before anything is written: every item that
 * carries a real eTag is compared with the blob's current ETag (HEAD requests, in parallel), and one stale eTag
 * rejects the batch with nothing written. Then the conditioned items are written with If-Match (If-None-Match: *
 * for keys that do not exist yet), and only when all of them succeeded the unconditioned ones. Blob Storage has no
 * multi-blob transaction, so another process can still change a checked key between the check and the write: that
 * write then fails with the conflict error, and conditioned items of the same batch that were already written
 * stay written. Nothing in the bot writes multi-key batches with real eTags (BotState writes one key per state
 * object with eTag '*'); single-key writes have no such window, since If-Match is atomic in the service.
 *
 * Cost: a '*' write is one PUT; a write with a real eTag is one PUT (two more requests when the key turns out not
 * to exist); a read is one GET per key; listKeys/deleteByPrefix list only the blobs whose names share the prefix.
 */
import type { StoreItems } from 'botbuilder';
import type { PrefixStorage } from '../lowdbStorage.js';
import { defineItem, eTagConflict, isOverwriteETag, prepareItem } from '../storeItems.js';
import { blobNameOfKey, keyOfBlobName, listingPrefixOf } from './blobNames.js';
import {
  BlobContainer,
  byteLength,
  containerClientFor,
  DEFAULT_BLOB_CONCURRENCY,
  downloadJson,
  InFlight,
  isConditionFailure,
  isNotFound,
  JSON_HEADERS,
  mapLimit,
  type BlobConnectionOptions,
} from './blobSupport.js';

export { eTagConflict };

export const BLOB_STORAGE_KIND = 'blob';
export const STATE_BLOB_FORMAT_VERSION = 1;

/** What one state blob holds: the key (so hashed names can be listed) and the item without its eTag. */
export interface StateBlob {
  version: typeof STATE_BLOB_FORMAT_VERSION;
  key: string;
  item: Record<string, unknown>;
}

export interface BlobStorageOptions {
  container: BlobContainer;
  /** Requests in flight per operation (default DEFAULT_BLOB_CONCURRENCY). */
  concurrency?: number;
}

/** An eTag that cannot match any stored blob (a non-string eTag such as a number). */
const NO_MATCH = Symbol('noMatch');

interface PreparedChange {
  readonly key: string;
  readonly name: string;
  readonly body: string;
  /** undefined: write unconditionally. */
  readonly expected: string | typeof NO_MATCH | undefined;
}

export class BlobStorage implements PrefixStorage {
  readonly kind = BLOB_STORAGE_KIND;
  readonly container: BlobContainer;
  readonly #concurrency: number;
  readonly #inFlight = new InFlight('BlobStorage');

  constructor(options: BlobStorageOptions) {
    if (!options?.container) throw new TypeError('BlobStorage needs a container');
    this.container = options.container;
    this.#concurrency = options.concurrency ?? DEFAULT_BLOB_CONCURRENCY;
  }

  static fromConnectionString(options: BlobConnectionOptions & { concurrency?: number }): BlobStorage {
    return new BlobStorage({ container: new BlobContainer(containerClientFor(options)), concurrency: options.concurrency });
  }

  read(keys: string[]): Promise<StoreItems> {
    if (!keys) return Promise.reject(new ReferenceError('Keys are required when reading.'));
    return this.#inFlight.track(async () => {
      await this.container.ready();
      const unique = [...new Set(keys)];
      const found = await mapLimit(unique, this.#concurrency, (key) => this.#readOne(key));
      const result: StoreItems = {};
      unique.forEach((key, index) => {
        const stored = found[index];
        if (stored) defineItem(result, key, { ...stored.item, eTag: stored.eTag });
      });
      return result;
    });
  }

  write(changes: StoreItems): Promise<void> {
    if (!changes) return Promise.reject(new ReferenceError('Changes are required when writing.'));
    let prepared: PreparedChange[];
    try {
      // Serialise everything first: an item JSON cannot represent fails the batch before anything is written.
      prepared = Object.keys(changes).map((key) => prepareChange(key, changes[key]));
    } catch (error) {
      return Promise.reject(error);
    }
    if (prepared.length === 0) return Promise.resolve();
    return this.#inFlight.track(async () => {
      await this.container.ready();
      const conditioned = prepared.filter((change) => change.expected !== undefined);
      const unconditioned = prepared.filter((change) => change.expected === undefined);
      let exists: Array<boolean | undefined> = conditioned.map(() => undefined);
      if (prepared.length > 1 && conditioned.length > 0) {
        const current = await mapLimit(conditioned, this.#concurrency, (change) => this.#currentETag(change.name));
        conditioned.forEach((change, index) => {
          if (current[index] !== undefined && current[index] !== change.expected) throw eTagConflict(change.key);
        });
        exists = current.map((eTag) => eTag !== undefined);
      }
      await mapLimit(conditioned, this.#concurrency, (change, index) => this.#writeConditioned(change, exists[index]));
      await mapLimit(unconditioned, this.#concurrency, (change) => this.#upload(change, {}));
    });
  }

  delete(keys: string[]): Promise<void> {
    if (!keys) return Promise.reject(new ReferenceError('Keys are required when deleting.'));
    return this.#inFlight.track(async () => {
      await this.container.ready();
      await mapLimit([...new Set(keys)], this.#concurrency, (key) =>
        this.container.client.deleteBlob(blobNameOfKey(key)).catch((error: unknown) => {
          if (!isNotFound(error)) throw error;
        }),
      );
    });
  }

  /** Every stored key starting with `prefix`, sorted. Lists only the blobs whose names share the prefix. */
  listKeys(prefix: string): Promise<string[]> {
    if (typeof prefix !== 'string') return Promise.reject(new TypeError('listKeys needs a string prefix'));
    return this.#inFlight.track(async () => (await this.#entries(prefix)).map((entry) => entry.key));
  }

  /**
   * Deletes every key starting with `prefix` and returns how many it deleted. Not atomic: a key written under the
   * prefix while this runs may stay.
   */
  deleteByPrefix(prefix: string): Promise<number> {
    if (typeof prefix !== 'string') return Promise.reject(new TypeError('deleteByPrefix needs a string prefix'));
    return this.#inFlight.track(async () => {
      const entries = await this.#entries(prefix);
      const deleted = await mapLimit(entries, this.#concurrency, async (entry) =>
        (await this.container.client.deleteBlob(entry.name).then(
          () => true,
          (error: unknown) => {
            if (isNotFound(error)) return false;
            throw error;
          },
        )),
      );
      return deleted.filter(Boolean).length;
    });
  }

  /** Resolves once every operation started so far has finished (used by graceful shutdown). */
  flush(): Promise<void> {
    return this.#inFlight.flush();
  }

  /** Waits for pending work, then refuses new work. Safe to call twice. */
  close(): Promise<void> {
    return this.#inFlight.close();
  }

  async #readOne(key: string): Promise<{ item: Record<string, unknown>; eTag: string } | undefined> {
    const found = await downloadJson(this.container.client, blobNameOfKey(key));
    if (!found) return undefined;
    const body = found.body as Partial<StateBlob> | null;
    if (body?.version !== STATE_BLOB_FORMAT_VERSION || typeof body.item !== 'object' || body.item === null) {
      throw new Error(`A blob in container "${this.container.name}" is not a version ${STATE_BLOB_FORMAT_VERSION} state item`);
    }
    // Only a hashed name could hold another key, and only through a SHA-256 collision; refuse rather than mix up.
    if (body.key !== key) throw new Error(`A blob in container "${this.container.name}" holds a different key than its name says`);
    return { item: body.item, eTag: found.eTag };
  }

  async #entries(prefix: string): Promise<Array<{ key: string; name: string }>> {
    await this.container.ready();
    const named: Array<{ key: string; name: string }> = [];
    const hashed: string[] = [];
    for await (const blob of this.container.client.listBlobsFlat({ prefix: listingPrefixOf(prefix) })) {
      const parsed = keyOfBlobName(blob.name);
      if (parsed === 'hashed') hashed.push(blob.name);
      else if (parsed && parsed.key.startsWith(prefix)) named.push({ key: parsed.key, name: blob.name });
    }
    const recovered = await mapLimit(hashed, this.#concurrency, async (name) => {
      const found = await downloadJson(this.container.client, name);
      const key = (found?.body as Partial<StateBlob> | undefined)?.key;
      return typeof key === 'string' && key.startsWith(prefix) ? { key, name } : undefined;
    });
    const entries = [...named, ...recovered.filter((entry): entry is { key: string; name: string } => !!entry)];
    return entries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async #currentETag(name: string): Promise<string | undefined> {
    try {
      return (await this.container.client.getBlobClient(name).getProperties()).etag;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  /** `exists` is what the batch check saw (undefined when there was no check). */
  async #writeConditioned(change: PreparedChange, exists: boolean | undefined): Promise<void> {
    if (typeof change.expected === 'string' && exists !== false) {
      try {
        await this.#upload(change, { ifMatch: change.expected });
        return;
      } catch (error) {
        if (!isConditionFailure(error) && !isNotFound(error)) throw error;
      }
      // If-Match failed: either the blob changed (a conflict) or it does not exist (the contract says create).
      if ((await this.#currentETag(change.name)) !== undefined) throw eTagConflict(change.key);
    } else if (exists === undefined && (await this.#currentETag(change.name)) !== undefined) {
      throw eTagConflict(change.key);
    }
    try {
      await this.#upload(change, { ifNoneMatch: '*' });
    } catch (error) {
      // Someone created it since we looked: the eTag we were given cannot be theirs.
      if (isConditionFailure(error)) throw eTagConflict(change.key);
      throw error;
    }
  }

  async #upload(change: PreparedChange, conditions: { ifMatch?: string; ifNoneMatch?: string }): Promise<void> {
    await this.container.client
      .getBlockBlobClient(change.name)
      .upload(change.body, byteLength(change.body), { conditions, blobHTTPHeaders: JSON_HEADERS });
  }
}

function prepareChange(key: string, item: unknown): PreparedChange {
  const { value, eTag } = prepareItem(key, item);
  const expected = isOverwriteETag(eTag) ? undefined : typeof eTag === 'string' ? eTag : NO_MATCH;
  const body: StateBlob = { version: STATE_BLOB_FORMAT_VERSION, key, item: value };
  return { key, name: blobNameOfKey(key), body: JSON.stringify(body), expected };
}
