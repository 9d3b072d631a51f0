/**
 * The project's own key-value port: what records, indexes and stored conversation addresses need from a store.
 *
 * Records depend on this, never on an SDK's storage type, so a later SDK port (or a new store) only has to satisfy
 * these few methods. The stores we ship (src/storage: LowdbStorage, BlobStorage; botbuilder's MemoryStorage in
 * tests) satisfy it as they are: botbuilder's Storage interface has the same read/write/delete contract, and the
 * composition root hands the same object to botbuilder's state and to the repositories.
 *
 * The contract (test/storage/storageContract.ts proves it for every store):
 * - `read(keys)` returns the items that exist, each with the `eTag` it was stored under; missing keys are absent.
 * - `write(items)` stores items. An item without `eTag` (or with '*') overwrites. An item with an eTag is written
 *   only when the stored eTag is the same, or, when the key does not exist, it is created; any other case fails
 *   with an error whose message contains "eTag conflict" (records/cas.ts builds compare-and-swap on this).
 * - `delete(keys)` removes the keys (missing keys are fine).
 * - `listKeys(prefix)` (optional) lists the keys that start with a prefix; sweeps and listings need it.
 */

/** Items by key; a stored item carries its `eTag`. */
export type KvItems = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface KeyValueStore {
  read(keys: string[]): Promise<KvItems>;
  write(items: KvItems): Promise<void>;
  delete(keys: string[]): Promise<void>;
}

/** A store that can also list its keys by prefix (LowdbStorage and BlobStorage can; botbuilder's MemoryStorage cannot). */
export interface KeyListingStore extends KeyValueStore {
  listKeys(prefix: string): Promise<string[]>;
}

export function canListKeys(store: KeyValueStore): store is KeyListingStore {
  return typeof (store as Partial<KeyListingStore>).listKeys === 'function';
}
