/**
 * Stored mapping-file checks: what a check leaves for later (problem pages for "show more", the corrected file for
 * the consent card), tenant-scoped and expiring, never kept in memory: the next click may reach another process or
 * come after a restart. A check holds every user's addresses, so expired ones are swept from disk.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { MappingCheckHeader } from '../cards/mappingView.js';
import type { MappingProblemView } from '../domain/mapping/index.js';
import { casCreate, casModify, casUpdate, keyPart as safe } from './cas.js';
import { canListKeys, type KeyValueStore } from './kv.js';

/** How long a check's problem pages and corrected file are kept for "show more" and the consent card. */
export const MAPPING_CHECK_TTL_MS = 24 * 60 * 60 * 1000;
/** Checks kept per user; older ones are deleted when a new one is saved. */
export const MAPPING_CHECKS_PER_USER = 10;


export interface StoredMappingCheck {
  id: string;
  tenantId: string;
  userId: string;
  createdAt: string;
  expiresAt: string;
  header: MappingCheckHeader;
  /** The first MAX_STORED_PROBLEMS problems, ready for the card. */
  problems: MappingProblemView[];
  problemsTotal: number;
  /** The corrected file for the consent card; null when none was offered. */
  corrected: { csv: string; rows: number } | null;
  /** OneDrive ids of files already uploaded, so a repeated accept (Teams retries slow invokes) uploads once. */
  uploads: string[];
}

interface CheckIndex {
  checks: Array<{ id: string; expiresAt: string }>;
}

/** What the sweep needs to find an expired check without reading it. */
interface ExpiryEntry {
  tenantId: string;
  id: string;
  expiresAt: string;
}

// One partition per check and per user index (three key segments), like the assessments.
// Expiry entries: `records/mapping-expiry/<bucket>/<tenant>+{id}`. Keys of 4+ segments share a partition named by
// their first 3, so the sweep lists 16 small bucket partitions (one pinned listKeys each) instead of scanning every
// stored file. The bucket is the first hex digit of the check id's SHA-256.
export const EXPIRY_PREFIX = 'records/mapping-expiry/';
const EXPIRY_BUCKETS = 16;
const expiryKey = (tenantId: string, id: string): string =>
  `${EXPIRY_PREFIX}${createHash('sha256').update(id).digest('hex').slice(0, 1)}/${safe(tenantId)}+${safe(id)}`;
const checkKey = (tenantId: string, id: string): string => `records/mapping-checks/${safe(tenantId)}+${safe(id)}`;
const indexKey = (tenantId: string, userId: string): string => `records/mapping-check-index/${safe(tenantId)}+${safe(userId)}`;
const ID_PATTERN = /^[a-z0-9]{8,32}$/;

export class MappingCheckStore {
  constructor(private readonly storage: KeyValueStore, private readonly now: () => Date = () => new Date()) {}

  async save(input: Omit<StoredMappingCheck, 'id' | 'createdAt' | 'expiresAt' | 'uploads'>): Promise<StoredMappingCheck> {
    const created = this.now();
    let check: StoredMappingCheck;
    do {
      check = {
        ...input,
        id: newId(),
        createdAt: created.toISOString(),
        expiresAt: new Date(created.getTime() + MAPPING_CHECK_TTL_MS).toISOString(),
        uploads: [],
      };
    } while (!(await casCreate(this.storage, checkKey(check.tenantId, check.id), check)));
    const entry: ExpiryEntry = { tenantId: check.tenantId, id: check.id, expiresAt: check.expiresAt };
    await this.storage.write({ [expiryKey(check.tenantId, check.id)]: { ...entry, eTag: '*' } });
    // Surplus checks of this user go now; expired ones too (the sweep would take them a little later).
    const dropped = await this.updateIndex(check.tenantId, check.userId, (list) => {
      const live = list.filter((c) => Date.parse(c.expiresAt) > created.getTime());
      const kept = [{ id: check.id, expiresAt: check.expiresAt }, ...live].slice(0, MAPPING_CHECKS_PER_USER);
      return kept;
    });
    if (dropped.length > 0) await this.storage.delete(dropped.flatMap((id) => [checkKey(check.tenantId, id), expiryKey(check.tenantId, id)]));
    return check;
  }

  /** The check if it exists in this tenant, belongs to this user and has not expired. */
  async get(tenantId: string, userId: string, id: string): Promise<StoredMappingCheck | undefined> {
    if (!ID_PATTERN.test(id)) return undefined;
    const key = checkKey(tenantId, id);
    const item = (await this.storage.read([key]))[key] as (StoredMappingCheck & { eTag?: string }) | undefined;
    if (!item || item.tenantId !== tenantId || item.userId !== userId) return undefined;
    if (Date.parse(item.expiresAt) <= this.now().getTime()) {
      await this.storage.delete([key, expiryKey(tenantId, id)]);
      return undefined;
    }
    const { eTag: _eTag, ...check } = item;
    return check;
  }

  /** Records an upload; false when this file was uploaded already. */
  async markUploaded(check: StoredMappingCheck, uniqueId: string): Promise<boolean> {
    if (check.uploads.includes(uniqueId)) return false;
    // Against the stored copy: a retried accept running at the same time must not upload twice.
    const { result } = await casModify<StoredMappingCheck, boolean>(this.storage, checkKey(check.tenantId, check.id), (stored) =>
      (!stored || stored.uploads.includes(uniqueId)
        ? { next: null, result: false }
        : { next: { ...stored, uploads: [...stored.uploads, uniqueId] }, result: true }));
    return result;
  }

  /** "forget me": every check the user has in the tenant. */
  async deleteAllForUser(tenantId: string, userId: string): Promise<number> {
    const key = indexKey(tenantId, userId);
    const index = (await this.storage.read([key]))[key] as CheckIndex | undefined;
    const ids = (index?.checks ?? []).map((c) => c.id);
    const existing = Object.keys(await this.storage.read(ids.map((id) => checkKey(tenantId, id))));
    if (existing.length > 0) await this.storage.delete(existing);
    if (ids.length > 0) await this.storage.delete(ids.map((id) => expiryKey(tenantId, id)));
    if (index) await this.storage.delete([key]);
    return existing.length;
  }

  /**
   * Deletes every expired check (of every user) and its expiry entry; returns how many checks it deleted. Needs a
   * Storage that lists keys (LowdbStorage, BlobStorage). The owners' indexes keep the ids until their next save,
   * which drops ids whose check has expired; an id alone says nothing about anyone.
   */
  async sweepExpired(): Promise<number> {
    const storage = this.storage;
    if (!canListKeys(storage)) throw new TypeError('MappingCheckStore.sweepExpired needs a Storage with listKeys(prefix)');
    const at = this.now().getTime();
    let deleted = 0;
    for (let bucket = 0; bucket < EXPIRY_BUCKETS; bucket++) {
      const keys = await storage.listKeys(`${EXPIRY_PREFIX}${bucket.toString(16)}/`);
      if (keys.length === 0) continue;
      const entries = await storage.read(keys);
      const expired = keys
        .map((key) => ({ key, entry: entries[key] as ExpiryEntry | undefined }))
        .filter((e): e is { key: string; entry: ExpiryEntry } => !!e.entry && Date.parse(e.entry.expiresAt) <= at);
      if (expired.length === 0) continue;
      const checkKeys = expired.map((e) => checkKey(e.entry.tenantId, e.entry.id));
      deleted += Object.keys(await storage.read(checkKeys)).length;
      await storage.delete([...checkKeys, ...expired.map((e) => e.key)]);
    }
    return deleted;
  }

  /** Applies the change with optimistic concurrency; returns the ids it took out. */
  private async updateIndex(tenantId: string, userId: string, change: (list: CheckIndex['checks']) => CheckIndex['checks']): Promise<string[]> {
    const { result } = await casModify<CheckIndex, string[]>(this.storage, indexKey(tenantId, userId), (current) => {
      const before = current?.checks ?? [];
      const after = change(before);
      const keptIds = new Set(after.map((c) => c.id));
      return { next: { checks: after }, result: before.filter((c) => !keptIds.has(c.id)).map((c) => c.id) };
    });
    return result;
  }
}

function newId(): string {
  // 12 characters from an unambiguous alphabet (about 59 bits): ids travel in card data, so not guessable.
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  return Array.from(randomBytes(12), (b) => alphabet[b % alphabet.length]).join('');
}

