/**
 * Stored assessments, kept through botbuilder's Storage interface (lowdb by default) under namespaced keys.
 * Every read names the Teams tenant: an id from another tenant is simply not found, so one organisation can never
 * open another's assessment by guessing an id.
 */
import { randomBytes } from 'node:crypto';
import type { KeyValueStore } from './kv.js';
import type { Assessment, MigrationProfile } from '../domain/assessment/types.js';
import { casCreate, casUpdate, keyPart as safe } from './cas.js';

export interface Acknowledgement {
  byId: string;
  byName: string;
  at: string;
}

export interface StoredAssessment {
  id: string;
  tenantId: string;
  userId: string;
  userName: string;
  createdAt: string;
  profile: MigrationProfile;
  assessment: Assessment;
  marketingAcknowledgement?: Acknowledgement;
}

export interface AssessmentSummary {
  id: string;
  createdAt: string;
  verdict: Assessment['verdict'];
  source: string;
  destination: string;
  environments: string[];
}


// One storage partition per record and per user index (three key segments), so saving an assessment rewrites
// only that record's file, however many assessments a tenant has. "+" cannot occur in an encoded component.
const recordKey = (tenantId: string, id: string): string => `records/assessments/${safe(tenantId)}+${safe(id)}`;
const indexKey = (tenantId: string, userId: string): string => `records/assessment-index/${safe(tenantId)}+${safe(userId)}`;

interface UserIndex {
  ids: string[];
}

export class AssessmentRepository {
  constructor(private readonly storage: KeyValueStore, private readonly now: () => Date = () => new Date()) {}

  async save(input: Omit<StoredAssessment, 'id' | 'createdAt'>): Promise<StoredAssessment> {
    let record: StoredAssessment;
    // Create-only: an id that is taken (however unlikely) is never overwritten, another one is drawn.
    do record = { ...input, id: newId(), createdAt: this.now().toISOString() };
    while (!(await casCreate(this.storage, recordKey(input.tenantId, record.id), record)));
    const id = record.id;
    // The index lists every assessment the user saved (newest first), not just recent ones: "forget me" deletes
    // through it, so a capped list would leave older records behind. "my assessments" shows only the first few.
    await this.updateIndex(input.tenantId, input.userId, (ids) => [id, ...ids.filter((x) => x !== id)]);
    return record;
  }

  /** undefined when the id is unknown in this tenant (including ids that exist in another tenant). */
  async get(tenantId: string, id: string): Promise<StoredAssessment | undefined> {
    if (!/^[a-z0-9]{4,32}$/i.test(id)) return undefined;
    const key = recordKey(tenantId, id);
    const item = (await this.storage.read([key]))[key] as (StoredAssessment & { eTag?: string }) | undefined;
    if (!item || item.tenantId.toLowerCase() !== tenantId.toLowerCase()) return undefined;
    const { eTag: _eTag, ...record } = item;
    return record;
  }

  async recent(tenantId: string, userId: string, limit = 10): Promise<AssessmentSummary[]> {
    const key = indexKey(tenantId, userId);
    const index = (await this.storage.read([key]))[key] as UserIndex | undefined;
    const ids = (index?.ids ?? []).slice(0, limit);
    if (ids.length === 0) return [];
    const keys = ids.map((id) => recordKey(tenantId, id));
    const items = await this.storage.read(keys);
    return keys
      .map((k) => items[k] as StoredAssessment | undefined)
      .filter((r): r is StoredAssessment => !!r)
      .map(summarise);
  }

  async acknowledgeMarketing(tenantId: string, id: string, by: { id: string; name: string }): Promise<StoredAssessment | undefined> {
    if (!(await this.get(tenantId, id))) return undefined;
    await casUpdate<StoredAssessment>(this.storage, recordKey(tenantId, id), (item) => {
      if (!item || item.tenantId.toLowerCase() !== tenantId.toLowerCase()) return null;
      if (item.marketingAcknowledgement) return null; // the first acknowledgement stands
      return { ...item, marketingAcknowledgement: { byId: by.id, byName: by.name, at: this.now().toISOString() } };
    });
    return this.get(tenantId, id);
  }

  /** Deletes everything a user saved in a tenant ("forget me"); returns how many assessments were deleted. */
  async deleteAllForUser(tenantId: string, userId: string): Promise<number> {
    const key = indexKey(tenantId, userId);
    const index = (await this.storage.read([key]))[key] as UserIndex | undefined;
    const ids = index?.ids ?? [];
    const existing = await this.storage.read(ids.map((id) => recordKey(tenantId, id)));
    const owned = Object.entries(existing)
      .filter(([, v]) => (v as StoredAssessment).userId === userId)
      .map(([k]) => k);
    if (owned.length > 0) await this.storage.delete(owned);
    if (index) await this.storage.delete([key]);
    return owned.length;
  }

  private async updateIndex(tenantId: string, userId: string, change: (ids: string[]) => string[]): Promise<void> {
    await casUpdate<UserIndex>(this.storage, indexKey(tenantId, userId), (current) => ({ ids: change(current?.ids ?? []) }));
  }
}

export function summarise(r: StoredAssessment): AssessmentSummary {
  return {
    id: r.id,
    createdAt: r.createdAt,
    verdict: r.assessment.verdict,
    source: r.profile.source.tenantDomain,
    destination: r.profile.destination.tenantDomain,
    environments: r.profile.environments.map((e) => e.name),
  };
}

function newId(): string {
  // 8 characters from an unambiguous alphabet: short enough to type ("open k7m2q9xd"), 40 bits of randomness.
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(8);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}
