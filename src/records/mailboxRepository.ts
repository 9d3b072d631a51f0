/**
 * Stored mailbox-move checks, scoped to the Teams tenant: a readiness record per `mailbox move` (the profile and
 * the readiness, so a migration plan can join it by the tenants' initial domains) and a log-check record per
 * `check mailbox log` (file name, counts and the causes as the card summarises them; never the log's text, never
 * the mailbox addresses). Files offered through a FileConsentCard (the blocked-mailbox CSV, the batch and
 * validation CSVs) are kept apart, expire after FILE_OFFER_TTL_MS and are deleted once saved or declined.
 *
 * Keys: `records/mailbox/<tenant>+<id>` (one partition per record), `records/mailbox-index/<tenant>` (the tenant's
 * records and offers, newest first, with their owner so "forget me" deletes through it),
 * `records/mailbox-files/<tenant>+<id>` (offers).
 */
import { randomBytes } from 'node:crypto';
import type { LogCounts, MailboxMoveProfile, MailboxReadiness } from '../domain/mailbox/index.js';
import { casCreate, casModify, keyPart as safe } from './cas.js';
import type { KeyValueStore } from './kv.js';

/** How long an offered file waits for its consent card to be answered. */
export const FILE_OFFER_TTL_MS = 24 * 60 * 60 * 1000;
/** Records listed per tenant; older ones are deleted when a new one is saved. */
export const MAILBOX_RECORDS_PER_TENANT = 200;

export interface MailboxActor {
  id: string;
  name: string;
}

export interface StoredMailboxReadiness {
  kind: 'readiness';
  id: string;
  tenantId: string;
  createdAt: string;
  createdBy: MailboxActor;
  profile: MailboxMoveProfile;
  readiness: MailboxReadiness;
}

/** One cause as the card counts it: "12 mailboxes are on litigation hold" without the names. */
export interface LogGroupSummary {
  ruleId: string;
  severity: string;
  headline: string;
  mailboxes: number;
  /** What to do about it (the reader's fix text); absent in records written before the plan read logs. */
  fix?: string;
}

export interface StoredMailboxLogCheck {
  kind: 'log';
  id: string;
  tenantId: string;
  createdAt: string;
  createdBy: MailboxActor;
  /** The uploaded file's name, or null for pasted text. */
  fileName: string | null;
  counts: LogCounts;
  groups: LogGroupSummary[];
  /** Titles of the organisation findings (relationships, endpoint, app). */
  organization: string[];
  /**
   * The domains of the addresses the script named (source side and target side, lower case, sorted), never the
   * addresses: the migration plan matches the log to the readiness check of the same tenants by them.
   */
  domains?: { source: string[]; target: string[] };
}

export type StoredMailboxRecord = StoredMailboxReadiness | StoredMailboxLogCheck;

export interface StoredFileOffer {
  id: string;
  tenantId: string;
  userId: string;
  createdAt: string;
  expiresAt: string;
  fileName: string;
  description: string;
  content: string;
  /** OneDrive ids already written, so a retried accept uploads once. */
  uploads: string[];
}

interface IndexEntry {
  id: string;
  kind: 'readiness' | 'log' | 'file';
  userId: string;
  createdAt: string;
  expiresAt?: string;
}

interface TenantIndex {
  entries: IndexEntry[];
}

const recordKey = (tenantId: string, id: string): string => `records/mailbox/${safe(tenantId)}+${safe(id)}`;
const offerKey = (tenantId: string, id: string): string => `records/mailbox-files/${safe(tenantId)}+${safe(id)}`;
const indexKey = (tenantId: string): string => `records/mailbox-index/${safe(tenantId)}`;
const ID_PATTERN = /^[a-z0-9]{8,32}$/;

type NewRecord<T> = Omit<T, 'id' | 'createdAt' | 'kind'>;

export class MailboxRepository {
  constructor(private readonly storage: KeyValueStore, private readonly now: () => Date = () => new Date()) {}

  saveReadiness(input: NewRecord<StoredMailboxReadiness>): Promise<StoredMailboxReadiness> {
    return this.create({ ...input, kind: 'readiness' } as Omit<StoredMailboxReadiness, 'id' | 'createdAt'>);
  }

  saveLogCheck(input: NewRecord<StoredMailboxLogCheck>): Promise<StoredMailboxLogCheck> {
    return this.create({ ...input, kind: 'log' } as Omit<StoredMailboxLogCheck, 'id' | 'createdAt'>);
  }

  async get(tenantId: string, id: string): Promise<StoredMailboxRecord | undefined> {
    if (!ID_PATTERN.test(id)) return undefined;
    const key = recordKey(tenantId, id);
    const item = (await this.storage.read([key]))[key] as (StoredMailboxRecord & { eTag?: string }) | undefined;
    if (!item || item.tenantId !== tenantId) return undefined;
    const { eTag: _eTag, ...record } = item;
    return record as StoredMailboxRecord;
  }

  /** The tenant's readiness records and log checks, newest first. */
  async listForTenant(tenantId: string, limit = MAILBOX_RECORDS_PER_TENANT): Promise<StoredMailboxRecord[]> {
    const entries = (await this.index(tenantId)).filter((e) => e.kind !== 'file').slice(0, limit);
    if (entries.length === 0) return [];
    const keys = entries.map((e) => recordKey(tenantId, e.id));
    const items = await this.storage.read(keys);
    return keys
      .map((k) => items[k] as (StoredMailboxRecord & { eTag?: string }) | undefined)
      .filter((r): r is StoredMailboxRecord & { eTag?: string } => !!r && r.tenantId === tenantId)
      .map(({ eTag: _eTag, ...r }) => r as StoredMailboxRecord);
  }

  /** The tenant's newest readiness record (for the migration plan), undefined when none. */
  async latestForTenant(tenantId: string): Promise<StoredMailboxReadiness | undefined> {
    const entry = (await this.index(tenantId)).find((e) => e.kind === 'readiness');
    if (!entry) return undefined;
    const record = await this.get(tenantId, entry.id);
    return record?.kind === 'readiness' ? record : undefined;
  }

  // ---------------------------------------------------------------------------------------------- file offers

  async saveOffer(input: Pick<StoredFileOffer, 'tenantId' | 'userId' | 'fileName' | 'description' | 'content'>): Promise<StoredFileOffer> {
    const at = this.now();
    let offer: StoredFileOffer;
    do offer = { ...input, id: newId(), createdAt: at.toISOString(), expiresAt: new Date(at.getTime() + FILE_OFFER_TTL_MS).toISOString(), uploads: [] };
    while (!(await casCreate(this.storage, offerKey(input.tenantId, offer.id), offer)));
    const entry: IndexEntry = { id: offer.id, kind: 'file', userId: input.userId, createdAt: offer.createdAt, expiresAt: offer.expiresAt };
    const expired = await this.changeIndex(input.tenantId, (entries) => {
      const nowIso = at.toISOString();
      const gone = entries.filter((e) => e.kind === 'file' && (e.expiresAt ?? '') <= nowIso);
      return { entries: [entry, ...entries.filter((e) => !gone.includes(e))], removed: gone };
    });
    if (expired.length > 0) await this.storage.delete(expired.map((e) => offerKey(input.tenantId, e.id)));
    return offer;
  }

  /** The offer, when it is this user's and has not expired. */
  async getOffer(tenantId: string, userId: string, id: string): Promise<StoredFileOffer | undefined> {
    if (!ID_PATTERN.test(id)) return undefined;
    const key = offerKey(tenantId, id);
    const item = (await this.storage.read([key]))[key] as (StoredFileOffer & { eTag?: string }) | undefined;
    if (!item || item.tenantId !== tenantId || item.userId !== userId) return undefined;
    if (item.expiresAt <= this.now().toISOString()) {
      await this.deleteOffer(tenantId, id);
      return undefined;
    }
    const { eTag: _eTag, ...offer } = item;
    return offer;
  }

  /** Records an upload; false when this OneDrive id was already recorded (a retried accept). */
  async markUploaded(tenantId: string, id: string, uniqueId: string): Promise<boolean> {
    const outcome = await casModify<StoredFileOffer, boolean>(this.storage, offerKey(tenantId, id), (current) => {
      if (!current) return { next: null, result: true };
      if (current.uploads.includes(uniqueId)) return { next: null, result: false };
      return { next: { ...current, uploads: [...current.uploads, uniqueId] }, result: true };
    });
    return outcome.result;
  }

  async deleteOffer(tenantId: string, id: string): Promise<void> {
    await this.storage.delete([offerKey(tenantId, id)]);
    await this.changeIndex(tenantId, (entries) => ({ entries: entries.filter((e) => !(e.kind === 'file' && e.id === id)), removed: [] }));
  }

  // ---------------------------------------------------------------------------------------------- forget me

  /** Deletes what the user created in the tenant (records and offers); returns how many were deleted. */
  async deleteAllForUser(tenantId: string, userId: string): Promise<number> {
    const removed = await this.changeIndex(tenantId, (entries) => {
      const mine = entries.filter((e) => e.userId === userId);
      return { entries: entries.filter((e) => e.userId !== userId), removed: mine };
    });
    if (removed.length === 0) return 0;
    await this.storage.delete(removed.map((e) => (e.kind === 'file' ? offerKey(tenantId, e.id) : recordKey(tenantId, e.id))));
    return removed.length;
  }

  // ---------------------------------------------------------------------------------------------- internals

  private async create<T extends StoredMailboxRecord>(input: Omit<T, 'id' | 'createdAt'>): Promise<T> {
    let record: T;
    do record = { ...input, id: newId(), createdAt: this.now().toISOString() } as T;
    while (!(await casCreate(this.storage, recordKey(input.tenantId, record.id), record)));
    const entry: IndexEntry = { id: record.id, kind: record.kind, userId: record.createdBy.id, createdAt: record.createdAt };
    const evicted = await this.changeIndex(input.tenantId, (entries) => {
      const records = entries.filter((e) => e.kind !== 'file');
      const over = records.slice(MAILBOX_RECORDS_PER_TENANT - 1);
      return { entries: [entry, ...entries.filter((e) => !over.includes(e))], removed: over };
    });
    if (evicted.length > 0) await this.storage.delete(evicted.map((e) => recordKey(input.tenantId, e.id)));
    return record;
  }

  private async index(tenantId: string): Promise<IndexEntry[]> {
    const key = indexKey(tenantId);
    const item = (await this.storage.read([key]))[key] as TenantIndex | undefined;
    return item?.entries ?? [];
  }

  /** Changes the index by compare-and-swap; returns the entries the winning round removed. */
  private async changeIndex(tenantId: string, change: (entries: IndexEntry[]) => { entries: IndexEntry[]; removed: IndexEntry[] }): Promise<IndexEntry[]> {
    const outcome = await casModify<TenantIndex, IndexEntry[]>(this.storage, indexKey(tenantId), (current) => {
      const { entries, removed } = change(current?.entries ?? []);
      return { next: { entries }, result: removed };
    });
    return outcome.result;
  }
}

function newId(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  return Array.from(randomBytes(10), (b) => alphabet[b % alphabet.length]).join('');
}
