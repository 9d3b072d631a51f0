/**
 * The botbuilder Storage rules both stores share (MemoryStorage's, see lowdbStorage.ts): what a writable item is,
 * the exact eTag-conflict error BotState callers match on, and result objects safe for any key.
 */
import type { StoreItems } from 'botbuilder';

/** One item of a write batch, checked and deep-copied before anything is written. */
export interface PreparedItem {
  readonly key: string;
  /** The item as JSON, without its eTag. */
  readonly value: Record<string, unknown>;
  /** The eTag the caller sent, as sent (falsy or '*' means "overwrite"). */
  readonly eTag: unknown;
}

/**
 * Checks and copies one item of a write: an item JSON cannot represent fails the whole batch before anything is
 * written, and the caller may keep mutating its object after write() returns.
 */
export function prepareItem(key: string, item: unknown): PreparedItem {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) {
    throw new TypeError(`Storage: the item for "${key}" must be a JSON object`);
  }
  const value = cloneJson(item) as Record<string, unknown>;
  delete value.eTag;
  return { key, value, eTag: (item as { eTag?: unknown }).eTag };
}

/** One item of a write batch as the JSON text it is stored as: one serialisation, no copy of the object. */
export interface SerialisedItem {
  readonly key: string;
  /** The item without its eTag, as compact JSON. */
  readonly json: string;
  /** The eTag the caller sent, as sent (falsy or '*' means "overwrite"). */
  readonly eTag: unknown;
}

/**
 * Checks and serialises one item of a write. Same outcome as prepareItem (an item JSON cannot represent fails the
 * batch; later changes to the caller's object do not reach the store) for the price of one JSON.stringify.
 */
export function serialiseItem(key: string, item: unknown): SerialisedItem {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) {
    throw new TypeError(`Storage: the item for "${key}" must be a JSON object`);
  }
  const record = item as Record<string, unknown> & { toJSON?: unknown };
  if (typeof record.toJSON === 'function') {
    const value = prepareItem(key, item).value;
    return { key, json: JSON.stringify(value), eTag: record.eTag };
  }
  let json: string;
  if (Object.prototype.hasOwnProperty.call(record, 'eTag')) {
    const { eTag: _eTag, ...rest } = record;
    json = JSON.stringify(rest);
  } else {
    json = JSON.stringify(record);
  }
  return { key, json, eTag: record.eTag };
}

/** True when the eTag asks for an unconditional write. */
export function isOverwriteETag(eTag: unknown): boolean {
  return !eTag || eTag === '*';
}

/** The exact error MemoryStorage raises, which BotState callers match on. */
export function eTagConflict(key: string): Error {
  return new Error(`Storage: error writing "${key}" due to eTag conflict.`);
}

/** Plain assignment would hit the `__proto__` setter; defineProperty always makes an own property. */
export function defineItem(target: StoreItems, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

export function cloneJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

// The stored text of each item a read handed out (LowdbStorage keeps items as text): a reader that needs the
// item's compact JSON right after reading it (conversation-state change detection) takes it instead of
// serialising the item again. Only valid until the caller changes the item, so it is taken at once or not at all.
const storedText = new WeakMap<object, string>();

/** Records that `item` (just parsed from `json`, eTag added afterwards) serialises, without its eTag, to `json`. */
export function rememberStoredText(item: object, json: string): void {
  storedText.set(item, json);
}

/** The item's stored text as recorded by the read that returned it, once; undefined otherwise. */
export function takeStoredText(item: object): string | undefined {
  const json = storedText.get(item);
  storedText.delete(item);
  return json;
}
