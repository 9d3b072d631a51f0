/**
 * Stored assessments, kept through botbuilder's Storage interface (lowdb by default) under namespaced keys.
 * Every read names the Teams tenant: an id from another tenant is simply not found, so one organisation can never
 * open another's assessment by guessing an id.
 */
import { randomBytes } from 'node:crypto';
import type { Storage } from 'botbuilder';
import type { Assessment, MigrationProfile } from '../domain/assessment/types.js';

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
const safe = (s: string): string => encodeURIComponent(s.toLowerCase());
const recordKey = (tenantId: string, id: string): string => `records/assessments/${safe(tenantId)}+${safe(id)}`;
const indexKey = (tenantId: string, userId: string): string => `records/assessment-index/${safe(tenantId)}+${safe(userId)}`;

interface UserIndex {
  ids: string[];
  eTag?: string;
}

export class AssessmentRepository {
  constructor(private readonly storage: Storage, private readonly now: () => Date = () => new Date()) {}

  async save(input: Omit<StoredAssessment, 'id' | 'createdAt'>): Promise<StoredAssessment> {
    let id = newId();
    while (Object.keys(await this.storage.read([recordKey(input.tenantId, id)])).length > 0) id = newId();
    const record: StoredAssessment = { ...input, id, createdAt: this.now().toISOString() };
    await this.storage.write({ [recordKey(input.tenantId, id)]: { ...record, eTag: '*' } });
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
    for (let attempt = 0; attempt < 3; attempt++) {
      const key = recordKey(tenantId, id);
      const item = (await this.storage.read([key]))[key] as (StoredAssessment & { eTag?: string }) | undefined;
      if (!item || item.tenantId.toLowerCase() !== tenantId.toLowerCase()) return undefined;
      if (item.marketingAcknowledgement) return this.get(tenantId, id); // the first acknowledgement stands
      item.marketingAcknowledgement = { byId: by.id, byName: by.name, at: this.now().toISOString() };
      try {
        await this.storage.write({ [key]: item });
        return this.get(tenantId, id);
      } catch (error) {
        if (!/eTag conflict/i.test(String((error as Error)?.message))) throw error;
      }
    }
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
    const key = indexKey(tenantId, userId);
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = (await this.storage.read([key]))[key] as UserIndex | undefined;
      const next: UserIndex = { ids: change(current?.ids ?? []), eTag: current?.eTag ?? '*' };
      try {
        await this.storage.write({ [key]: next });
        return;
      } catch (error) {
        if (!/eTag conflict/i.test(String((error as Error)?.message))) throw error;
      }
    }
    throw new Error('Could not update the assessment index after 5 attempts');
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
