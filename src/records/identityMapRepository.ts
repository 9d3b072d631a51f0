/**
 * Checked identity maps, scoped to the Teams tenant and to the person who checked them: the summary (what the plan
 * and the evidence pack read), when and by whom, and, only when the map has no error, the people the exports need.
 * Never the raw file: a map is read, checked once, and what is kept is the checked result. A person keeps their
 * last IDENTITY_MAPS_PER_USER maps (the newest is the one `identity map export` and `identity map for` use);
 * `forget me` deletes them all.
 *
 * Keys: `records/identity-maps/<tenant>+<id>` (one partition per map), `records/identity-map-index/<tenant>+<user>`
 * (the person's maps, newest first).
 */
import { randomBytes } from 'node:crypto';
import type { IdentityEntry, IdentityMapSummary } from '../domain/identity/types.js';
import { casCreate, casModify, keyPart as safe } from './cas.js';
import type { KeyValueStore } from './kv.js';

/** Maps kept per person; older ones are deleted when a new one is saved. */
export const IDENTITY_MAPS_PER_USER = 5;

export interface StoredIdentityMap {
  id: string;
  tenantId: string;
  checkedAt: string;
  checkedBy: { id: string; name: string };
  summary: IdentityMapSummary;
  /** The people, as the exports need them; empty when the map has errors (nothing is exported from it then). */
  entries: IdentityEntry[];
  /** OneDrive ids of files already saved from it, so a retried consent accept (Teams retries slow invokes) uploads once. */
  uploads?: string[];
}

interface MapIndex {
  maps: Array<{ id: string; checkedAt: string }>;
}

const mapKey = (tenantId: string, id: string): string => `records/identity-maps/${safe(tenantId)}+${safe(id)}`;
const indexKey = (tenantId: string, userId: string): string => `records/identity-map-index/${safe(tenantId)}+${safe(userId)}`;
const ID_PATTERN = /^[a-z0-9]{8,32}$/;

export class IdentityMapRepository {
  constructor(private readonly storage: KeyValueStore, private readonly now: () => Date = () => new Date()) {}

  async save(input: Omit<StoredIdentityMap, 'id' | 'checkedAt'>): Promise<StoredIdentityMap> {
    const checkedAt = this.now().toISOString();
    let map: StoredIdentityMap;
    do map = { ...input, tenantId: input.tenantId.toLowerCase(), id: newId(), checkedAt };
    while (!(await casCreate(this.storage, mapKey(map.tenantId, map.id), map)));
    const { result: dropped } = await casModify<MapIndex, string[]>(this.storage, indexKey(map.tenantId, map.checkedBy.id), (current) => {
      const all = [{ id: map.id, checkedAt }, ...(current?.maps ?? []).filter((m) => m.id !== map.id)];
      return { next: { maps: all.slice(0, IDENTITY_MAPS_PER_USER) }, result: all.slice(IDENTITY_MAPS_PER_USER).map((m) => m.id) };
    });
    if (dropped.length > 0) await this.storage.delete(dropped.map((id) => mapKey(map.tenantId, id)));
    return map;
  }

  /** The map, when it exists in this tenant and this person checked it. */
  async get(tenantId: string, userId: string, id: string): Promise<StoredIdentityMap | undefined> {
    if (!ID_PATTERN.test(id)) return undefined;
    const key = mapKey(tenantId, id);
    const item = (await this.storage.read([key]))[key] as (StoredIdentityMap & { eTag?: string }) | undefined;
    if (!item || item.tenantId !== tenantId.toLowerCase() || item.checkedBy.id !== userId) return undefined;
    const { eTag: _eTag, ...map } = item;
    return map;
  }

  /** The person's newest map in the tenant, undefined when they have none. */
  async latest(tenantId: string, userId: string): Promise<StoredIdentityMap | undefined> {
    const key = indexKey(tenantId, userId);
    const index = (await this.storage.read([key]))[key] as MapIndex | undefined;
    for (const entry of index?.maps ?? []) {
      const map = await this.get(tenantId, userId, entry.id);
      if (map) return map;
    }
    return undefined;
  }

  /** Records a saved file; false when this OneDrive id was recorded already (a retried accept). */
  async markUploaded(tenantId: string, id: string, uniqueId: string): Promise<boolean> {
    const { result } = await casModify<StoredIdentityMap, boolean>(this.storage, mapKey(tenantId, id), (stored) =>
      (!stored || (stored.uploads ?? []).includes(uniqueId)
        ? { next: null, result: false }
        : { next: { ...stored, uploads: [...(stored.uploads ?? []), uniqueId] }, result: true }));
    return result;
  }

  /** "forget me": every map the person checked in the tenant; returns how many were deleted. */
  async deleteAllForUser(tenantId: string, userId: string): Promise<number> {
    const key = indexKey(tenantId, userId);
    const index = (await this.storage.read([key]))[key] as MapIndex | undefined;
    const keys = (index?.maps ?? []).map((m) => mapKey(tenantId, m.id));
    const existing = Object.keys(await this.storage.read(keys));
    if (existing.length > 0) await this.storage.delete(existing);
    if (index) await this.storage.delete([key]);
    return existing.length;
  }
}

function newId(): string {
  // 12 characters from an unambiguous alphabet (about 59 bits): ids travel in card data, so not guessable.
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  return Array.from(randomBytes(12), (b) => alphabet[b % alphabet.length]).join('');
}
