/**
 * The migration plan, the application service: one migration per tenant pair, joined to its assessment(s), its
 * mailbox-move readiness, its checklist, its status history and its identity map; the plan card built from those
 * (src/domain/plan) and updated in place when a workstream changes; the evidence pack (src/domain/evidence) as files.
 *
 * Plain inputs in, outcomes out (the Teams route file src/bot/planRoutes.ts translates). Records stay with the tenant
 * that created them: every read names the asking tenant, so a person from the other organisation in a shared
 * channel sees the cards posted there and gets "not found" for anything asked by id.
 */
import { ADAPTIVE_CARD_CONTENT_TYPE } from '../cards/renderer.js';
import { fitPlanCard } from '../cards/planView.js';
import { worstVerdict, type Verdict, type Finding } from '../domain/findings.js';
import { progress } from '../domain/checklist/state.js';
import { buildPlan, type MailboxReadinessInput, type MigrationPlan } from '../domain/plan/index.js';
import {
  evidenceFileNames, renderEvidenceHtml, renderEvidenceMarkdown, type EvidenceInput, type EvidenceMailbox,
} from '../domain/evidence/index.js';
import type { IdentityMapSummary } from '../domain/identity/types.js';
import { createMigration } from '../domain/status/index.js';
import type { Logger } from '../logging.js';
import type { BackgroundTasks } from '../proactive/backgroundTasks.js';
import type { Notifier, OutboundActivity, Reference } from '../proactive/notifier.js';
import type { AssessmentRepository, StoredAssessment } from '../records/assessmentRepository.js';
import type { ChecklistRepository, StoredChecklist } from '../records/checklistRepository.js';
import { joinsOf, type MigrationJoins, type MigrationRepository, type StoredMigration } from '../records/migrationRepository.js';
import { KeyedMutex } from '../util/keyedMutex.js';
import type { PlanUpdates, WorkstreamTarget } from './planUpdates.js';
import {
  consentCardActivity, declinedText, offerInPersonalChat, saveReportFile, type ConsentUpload, type FileConsentOutcome,
  type FileUploadInfo, type PersonalChatTarget, type ReportFile,
} from './fileOffers.js';
import type { TurnFacts } from './turn.js';

/**
 * A stored mailbox-move readiness, as the mailbox workstream keeps it (src/records/mailboxRepository.ts, being added
 * on another branch): only the fields the plan reads. A port, so the plan does not wait for that store.
 */
export interface MailboxRecordLike {
  id: string;
  tenantId: string;
  createdAt: string;
  createdBy: { id?: string; name: string };
  profile: { source: { initialDomain: string }; target: { initialDomain: string }; mailboxes?: number };
  readiness: { verdict: Verdict; findings: Finding[] };
  /** How it was checked, when the record says. */
  method?: 'profile' | 'validation-log';
  /** The latest validation-script log read for the same tenants, when there is one (src/services/mailboxPlanSource.ts). */
  log?: MailboxLogLike | null;
}

/** A validation log as the plan reads it: its counts and its causes as findings (never the mailboxes' addresses). */
export interface MailboxLogLike {
  id: string;
  createdAt: string;
  counts: { mailboxes: number; ready: number; blocked: number };
  verdict: Verdict;
  findings: Finding[];
}

export interface MailboxReadinessSource {
  /** Newest first. */
  listForTenant(tenantId: string): Promise<MailboxRecordLike[]>;
}

export interface PlanServiceDeps {
  migrations: MigrationRepository;
  assessments: AssessmentRepository;
  checklists: Pick<ChecklistRepository, 'get'>;
  /** Absent until the mailbox store is on main: the plan then says the mailboxes are not checked. */
  mailboxes?: MailboxReadinessSource | null;
  notifier: Notifier;
  background: BackgroundTasks;
  logger: Logger;
  now: () => Date;
  /** Listens here for workstream changes (status, checklist, ...). */
  updates?: PlanUpdates;
  /** PUTs an accepted evidence file to its FileConsentCard upload URL (src/files/consentUpload.ts). */
  upload?: ConsentUpload;
}

export type PlanService = ReturnType<typeof planService>;

/** What a `plan` command gives: the card to post (then `remember` where it went), or a message. */
export type PlanOutcome =
  | { kind: 'card'; migrationId: string; activity: OutboundActivity; text: string | null }
  | { kind: 'message'; text: string };

export type PlanCardAnswer = { card: Record<string, unknown> } | { message: string };

export type EvidenceFormat = ReportFile['format'];
export type EvidenceFile = ReportFile;

/** The context an evidence file's FileConsentCard carries (no `purpose`: src/bot/planRoutes.ts routes it by `evidence`). */
export function evidenceContext(context: unknown): { migrationId: string; format: string } | null {
  const c = context as { evidence?: unknown; format?: unknown } | undefined;
  return typeof c?.evidence === 'string' && typeof c.format === 'string' ? { migrationId: c.evidence, format: c.format } : null;
}

export const MIGRATION_ID = /^m-[a-z0-9]{8}$/i;

const sameDomain = (a: string | null | undefined, b: string | null | undefined): boolean =>
  !!a && !!b && a.trim().toLowerCase() === b.trim().toLowerCase();

export function planService(deps: PlanServiceDeps) {
  const { migrations, assessments, checklists, notifier, background, logger, now } = deps;
  const cardLocks = new KeyedMutex();

  const notFound = (id: string): string => `I don't know a migration or assessment "${id}" in your organisation. Type **migrations** to see the tracked ones, or **my assessments** for your assessments.`;

  // ---- reading the joined workstreams -----------------------------------------------------------------------------

  const joinedAssessments = async (record: StoredMigration): Promise<StoredAssessment[]> => {
    const found = await Promise.all(joinsOf(record).assessmentIds.map((id) => assessments.get(record.tenantId, id)));
    return found.filter((a): a is StoredAssessment => !!a);
  };

  const joinedMailbox = async (record: StoredMigration): Promise<MailboxRecordLike | null> => {
    const id = joinsOf(record).mailboxId;
    if (!id || !deps.mailboxes) return null;
    return (await deps.mailboxes.listForTenant(record.tenantId)).find((m) => m.id === id) ?? null;
  };

  const joinedChecklist = async (record: StoredMigration, found: StoredAssessment[]): Promise<StoredChecklist | null> => {
    for (const a of [...found].reverse()) {
      const checklist = await checklists.get(record.tenantId, a.id);
      if (checklist) return checklist;
    }
    return null;
  };

  /** The readiness, with what the latest validation log found for the same tenants (its causes and counts) added. */
  const mailboxInput = (m: MailboxRecordLike | null): MailboxReadinessInput | null => {
    if (!m) return null;
    const log = m.log;
    const mailboxes = log ? log.counts.mailboxes : m.profile.mailboxes;
    const counts = { ...(typeof mailboxes === 'number' ? { mailboxes } : {}), ...(log ? { blocked: log.counts.blocked } : {}) };
    return {
      verdict: log ? worstVerdict([m.readiness.verdict, log.verdict]) : m.readiness.verdict,
      findings: log ? [...m.readiness.findings, ...log.findings] : m.readiness.findings,
      ...(Object.keys(counts).length > 0 ? { counts } : {}),
    };
  };

  const planOf = async (record: StoredMigration): Promise<{
    plan: MigrationPlan; found: StoredAssessment[]; mailbox: MailboxRecordLike | null; checklist: StoredChecklist | null;
  }> => {
    const found = await joinedAssessments(record);
    const mailbox = await joinedMailbox(record);
    const checklist = await joinedChecklist(record, found);
    const joins = joinsOf(record);
    const m = record.migration;
    const plan = buildPlan({
      migration: {
        id: m.id, name: m.name, sourceTenant: m.sourceTenant, destinationTenant: m.destinationTenant,
        // A migration opened by `plan` alone has no status card: its phase is not tracked yet.
        phase: record.card ? m.phase : null,
        environment: m.environment,
      },
      assessments: found.map((a) => ({ id: a.id, assessment: a.assessment })),
      mailbox: mailboxInput(mailbox),
      identityMap: joins.identityMap?.summary ?? null,
      checklist: checklist ? (({ done, total, openBlockers }) => ({ done, total, openBlockers }))(progress(checklist.checklist)) : null,
    });
    return { plan, found, mailbox, checklist };
  };

  const cardOf = (plan: MigrationPlan): { card: Record<string, unknown>; summary: string } => {
    const fitted = fitPlanCard(plan);
    return { card: fitted.card, summary: fitted.view.fallbackText };
  };

  const activityOf = (plan: MigrationPlan): OutboundActivity => {
    const { card, summary } = cardOf(plan);
    return { type: 'message', summary, attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card }] };
  };

  // ---- the migration for an assessment ----------------------------------------------------------------------------

  /** The latest mailbox readiness for the assessment's tenant pair, when the mailbox store is there. */
  const matchingMailbox = async (tenantId: string, a: StoredAssessment): Promise<string | null> => {
    if (!deps.mailboxes) return null;
    const list = await deps.mailboxes.listForTenant(tenantId);
    const hit = list.find((m) => sameDomain(m.profile.source.initialDomain, a.profile.source.tenantDomain)
      && sameDomain(m.profile.target.initialDomain, a.profile.destination.tenantDomain));
    return hit?.id ?? null;
  };

  /** An existing migration for this assessment (one made by `track` or an earlier `plan`), else a new one. */
  const migrationFor = async (turn: TurnFacts, a: StoredAssessment): Promise<{ record: StoredMigration; created: boolean }> => {
    const { tenantId, user } = turn;
    const source = a.profile.source.tenantDomain;
    const destination = a.profile.destination.tenantDomain;
    const samePair: StoredMigration[] = [];
    for (const entry of await migrations.open(tenantId)) {
      const record = await migrations.get(tenantId, entry.id);
      if (!record) continue;
      if (joinsOf(record).assessmentIds.includes(a.id)) return { record, created: false };
      if (sameDomain(record.migration.sourceTenant, source) && sameDomain(record.migration.destinationTenant, destination)) samePair.push(record);
    }
    // One migration per tenant pair: a later assessment of the same pair joins it (the plan card's one first).
    const pair = samePair.find((r) => joinsOf(r).planCard) ?? samePair.sort((x, y) => x.migration.createdAt.localeCompare(y.migration.createdAt))[0];
    if (pair) {
      const joined = await migrations.update(tenantId, pair.migration.id, (current) => {
        const joins = joinsOf(current);
        return joins.assessmentIds.includes(a.id) ? null : { ...current, joins: { ...joins, assessmentIds: [...joins.assessmentIds, a.id] } };
      });
      return { record: joined?.record ?? pair, created: false };
    }
    const id = await migrations.newId();
    const made = createMigration({
      id, name: `${source} to ${destination}`, sourceTenant: source, destinationTenant: destination, assessmentId: a.id,
      by: { name: user.name, id: user.id }, via: 'person', at: now(),
    });
    if (!made.ok) throw new Error('A migration for a stored assessment could not be made');
    const joins: MigrationJoins = { assessmentIds: [a.id], mailboxId: await matchingMailbox(tenantId, a), identityMap: null, planCard: null };
    const record = await migrations.create({ tenantId, migration: made.migration, trackedBy: user, card: null, joins });
    logger.info('migration opened for a plan', { migrationId: id });
    return { record, created: true };
  };

  /** Joins the latest matching mailbox readiness to a migration that has none yet. */
  const joinMailboxIfAny = async (record: StoredMigration, found: StoredAssessment[]): Promise<StoredMigration> => {
    if (joinsOf(record).mailboxId || found.length === 0) return record;
    const mailboxId = await matchingMailbox(record.tenantId, found[found.length - 1]!);
    if (!mailboxId) return record;
    const updated = await migrations.update(record.tenantId, record.migration.id, (current) => (joinsOf(current).mailboxId
      ? null : { ...current, joins: { ...joinsOf(current), mailboxId } }));
    return updated?.record ?? record;
  };

  /** `plan {assessment id}` creates or opens the migration; `plan {migration id}` opens it. */
  const plan = async (turn: TurnFacts, rawId: string): Promise<PlanOutcome> => {
    const id = rawId.trim().toLowerCase();
    let record: StoredMigration | undefined;
    let created = false;
    if (MIGRATION_ID.test(id)) {
      record = await migrations.get(turn.tenantId, id);
    } else if (/^[a-z0-9]{4,32}$/.test(id)) {
      const a = await assessments.get(turn.tenantId, id);
      if (a) ({ record, created } = await migrationFor(turn, a));
    }
    if (!record) return { kind: 'message', text: notFound(rawId.trim()) };
    record = await joinMailboxIfAny(record, await joinedAssessments(record));
    const built = await planOf(record);
    const mid = record.migration.id;
    const text = created
      ? `This is the plan for migration **${mid}**. It is updated in place when a checklist item is ticked or the status changes. Open it again with **plan ${mid}**; get the evidence pack with **evidence ${mid}**.`
      : null;
    return { kind: 'card', migrationId: mid, activity: activityOf(built.plan), text };
  };

  /** After the edge posted the card: where it is, so later changes update it in place (the latest post wins). */
  const remember = async (tenantId: string, migrationId: string, address: Reference, activityId: string | null): Promise<void> => {
    const stamp = now().toISOString();
    await migrations.update(tenantId, migrationId, (current) => ({
      ...current,
      joins: { ...joinsOf(current), planCard: { address, activityId, postedAt: stamp, updatedAt: null, failing: null } },
    }));
  };

  /** `plan add mailbox {id}` / `plan add assessment {id}` for a migration. */
  const add = async (turn: TurnFacts, rawMigrationId: string, kind: 'mailbox' | 'assessment', rawId: string): Promise<string> => {
    const mid = rawMigrationId.toLowerCase();
    const id = rawId.trim().toLowerCase();
    const record = await migrations.get(turn.tenantId, mid);
    if (!record) return notFound(rawMigrationId);
    if (kind === 'assessment') {
      const a = await assessments.get(turn.tenantId, id);
      if (!a) return `I don't know an assessment "${rawId}" in your organisation. Type **my assessments** to see yours.`;
      await migrations.update(turn.tenantId, mid, (current) => {
        const joins = joinsOf(current);
        return joins.assessmentIds.includes(a.id) ? null : { ...current, joins: { ...joins, assessmentIds: [...joins.assessmentIds, a.id] } };
      });
    } else {
      const list = deps.mailboxes ? await deps.mailboxes.listForTenant(turn.tenantId) : [];
      if (!list.some((m) => m.id === id)) return `I don't know a mailbox-move check "${rawId}" in your organisation.`;
      await migrations.update(turn.tenantId, mid, (current) => ({ ...current, joins: { ...joinsOf(current), mailboxId: id } }));
    }
    onWorkstreamChanged(turn.tenantId, { migrationId: mid });
    return `Added ${kind} ${id} to migration **${mid}**. The plan card follows.`;
  };

  // ---- the card's buttons -----------------------------------------------------------------------------------------

  const refresh = async (turn: TurnFacts, data: Record<string, unknown>): Promise<PlanCardAnswer> => {
    const id = typeof data.migrationId === 'string' ? data.migrationId.toLowerCase() : '';
    const record = id ? await migrations.get(turn.tenantId, id) : undefined;
    if (!record) return { message: 'This plan belongs to another organisation or no longer exists; only its own tenant can refresh it.' };
    return { card: cardOf((await planOf(record)).plan).card };
  };

  // ---- in-place updates -------------------------------------------------------------------------------------------

  const updateCard = async (tenantId: string, migrationId: string): Promise<void> => {
    const release = await cardLocks.lock(`${tenantId}+${migrationId}`);
    try {
      const record = await migrations.get(tenantId, migrationId);
      const card = record && joinsOf(record).planCard;
      if (!record || !card?.activityId) return;
      const activity = activityOf((await planOf(record)).plan);
      const result = await notifier.update(card.address, card.activityId, activity);
      const stamp = now().toISOString();
      await migrations.update(tenantId, migrationId, (current) => {
        const joins = joinsOf(current);
        if (!joins.planCard || joins.planCard.activityId !== card.activityId) return null;
        const planCard = result.ok
          ? { ...joins.planCard, address: result.reference, activityId: result.activityId, updatedAt: stamp, failing: null }
          : { ...joins.planCard, failing: result.reason };
        return { ...current, joins: { ...joins, planCard } };
      });
      if (result.ok) logger.info('plan card updated', { migrationId, reposted: result.reposted });
      else logger.warn('plan card not updated', { migrationId, reason: result.reason });
    } finally {
      release();
    }
  };

  const openRecords = async (tenantId: string): Promise<StoredMigration[]> => {
    const records: StoredMigration[] = [];
    for (const entry of await migrations.open(tenantId)) {
      const record = await migrations.get(tenantId, entry.id);
      if (record) records.push(record);
    }
    return records;
  };

  const migrationsJoinedTo = async (tenantId: string, assessmentId: string): Promise<string[]> =>
    (await openRecords(tenantId)).filter((r) => joinsOf(r).planCard && joinsOf(r).assessmentIds.includes(assessmentId)).map((r) => r.migration.id);

  const joinAssessment = (tenantId: string, migrationId: string, assessmentId: string) => migrations.update(tenantId, migrationId, (current) => {
    const joins = joinsOf(current);
    return joins.assessmentIds.includes(assessmentId) ? null : { ...current, joins: { ...joins, assessmentIds: [...joins.assessmentIds, assessmentId] } };
  });

  /**
   * A new assessment was saved: the mapping re-check's revision joins every migration the assessment it `replaces` is
   * joined to; a re-run from the interview or the form joins its tenant pair's migration that has a plan card (the
   * one `plan {id}` would open). A later assessment of an environment replaces the earlier one in the plan.
   */
  const joinSavedAssessment = async (tenantId: string, id: string, replaces: string | undefined): Promise<string[]> => {
    const a = await assessments.get(tenantId, id);
    if (!a) return [];
    const open = await openRecords(tenantId);
    let targets = replaces ? open.filter((r) => joinsOf(r).assessmentIds.includes(replaces)) : [];
    if (targets.length === 0) {
      const pair = open.filter((r) => joinsOf(r).planCard
        && sameDomain(r.migration.sourceTenant, a.profile.source.tenantDomain) && sameDomain(r.migration.destinationTenant, a.profile.destination.tenantDomain))
        .sort((x, y) => x.migration.createdAt.localeCompare(y.migration.createdAt));
      targets = pair.slice(0, 1);
    }
    for (const r of targets) await joinAssessment(tenantId, r.migration.id, a.id);
    if (targets.length > 0) logger.info('assessment joined to a migration', { assessmentId: a.id, migrations: targets.length, replaces: replaces ?? null });
    return targets.map((r) => r.migration.id);
  };

  /**
   * A mailbox-move record changed: the migrations it is joined to, or whose joined readiness the log was matched to;
   * a new readiness check replaces the joined, older one of the same tenant pair (or joins a migration of that pair
   * that has none).
   */
  const mailboxTargets = async (tenantId: string, id: string): Promise<string[]> => {
    if (!deps.mailboxes) return [];
    const list = await deps.mailboxes.listForTenant(tenantId);
    const changed = list.find((m) => m.id === id);
    const ids: string[] = [];
    for (const r of await openRecords(tenantId)) {
      const joined = joinsOf(r).mailboxId;
      const current = joined ? list.find((m) => m.id === joined) : undefined;
      if (joined === id || (current?.log && current.log.id === id)) {
        ids.push(r.migration.id);
        continue;
      }
      if (!changed) continue;
      const samePair = current
        ? sameDomain(current.profile.source.initialDomain, changed.profile.source.initialDomain)
          && sameDomain(current.profile.target.initialDomain, changed.profile.target.initialDomain)
          && current.createdAt <= changed.createdAt
        : !joined && sameDomain(r.migration.sourceTenant, changed.profile.source.initialDomain)
          && sameDomain(r.migration.destinationTenant, changed.profile.target.initialDomain);
      if (!samePair) continue;
      await migrations.update(tenantId, r.migration.id, (cur) => (joinsOf(cur).mailboxId === joined
        ? { ...cur, joins: { ...joinsOf(cur), mailboxId: changed.id } } : null));
      ids.push(r.migration.id);
    }
    return ids;
  };

  /** A workstream changed: update the plan card(s) in place, in the background (never inside the caller's turn). */
  const onWorkstreamChanged = (tenantId: string, target: WorkstreamTarget): void => {
    if (!tenantId) return;
    background.run('plan.update', async () => {
      const ids = 'migrationId' in target ? [target.migrationId.toLowerCase()]
        : 'assessmentId' in target ? await migrationsJoinedTo(tenantId, target.assessmentId.toLowerCase())
          : 'assessmentSaved' in target ? await joinSavedAssessment(tenantId, target.assessmentSaved.toLowerCase(), target.replaces?.toLowerCase())
            : await mailboxTargets(tenantId, target.mailboxId.toLowerCase());
      for (const id of ids) await updateCard(tenantId, id);
    });
  };
  deps.updates?.listen(onWorkstreamChanged);

  // ---- the evidence pack ------------------------------------------------------------------------------------------

  /** The evidence pack of a migration in this tenant (both formats), or undefined when unknown here. */
  const evidenceFiles = async (tenantId: string, rawId: string): Promise<EvidenceFile[] | undefined> => {
    const record = await migrations.get(tenantId, rawId.trim().toLowerCase());
    if (!record) return undefined;
    const input = await evidenceInput(record);
    const names = evidenceFileNames(record.migration.id);
    const markdown = renderEvidenceMarkdown(input);
    const html = renderEvidenceHtml(input);
    return [
      { name: names.markdown, format: 'markdown', content: markdown, bytes: Buffer.byteLength(markdown, 'utf8') },
      { name: names.html, format: 'html', content: html, bytes: Buffer.byteLength(html, 'utf8') },
    ];
  };

  const evidenceInput = async (record: StoredMigration): Promise<EvidenceInput> => {
    const built = await planOf(record);
    const joins = joinsOf(record);
    const mailbox: EvidenceMailbox | null = built.mailbox && {
      ...mailboxInput(built.mailbox)!,
      checkedAt: built.mailbox.createdAt,
      checkedBy: { name: built.mailbox.createdBy.name },
      method: built.mailbox.method ?? 'profile',
    };
    return {
      migration: record.migration,
      assessments: built.found.map((a) => ({
        id: a.id, createdAt: a.createdAt, createdBy: { name: a.userName }, assessment: a.assessment,
        acknowledgement: a.marketingAcknowledgement ? { by: { name: a.marketingAcknowledgement.byName }, at: a.marketingAcknowledgement.at } : null,
      })),
      mailbox,
      identityMap: joins.identityMap ? { summary: joins.identityMap.summary, checkedAt: joins.identityMap.checkedAt, checkedBy: { name: joins.identityMap.checkedBy.name } } : null,
      checklist: built.checklist?.checklist ?? null,
      plan: built.plan,
    };
  };

  /** FileConsentCards for the evidence files: the person accepts, and the bot saves each file to their OneDrive. */
  const evidenceConsentActivities = (migrationId: string, files: EvidenceFile[]): OutboundActivity[] => files.map((f) => consentCardActivity({
    name: f.name,
    description: `The evidence pack for migration ${migrationId} (${f.format === 'html' ? 'printable page' : 'Markdown'}).`,
    sizeInBytes: f.bytes,
    context: { evidence: migrationId, format: f.format },
  }));

  /**
   * `evidence {migration id}`: in a personal chat, the consent cards to post there; elsewhere the cards go to the
   * person's personal chat (in the background) and the answer says so.
   */
  const evidence = async (turn: TurnFacts, rawId: string, personal: PersonalChatTarget | null):
  Promise<{ text: string | null; activities: OutboundActivity[] }> => {
    const files = await evidenceFiles(turn.tenantId, rawId);
    if (!files) return { text: notFound(rawId.trim()), activities: [] };
    const id = rawId.trim().toLowerCase();
    const cards = evidenceConsentActivities(id, files);
    const intro = `The evidence pack for **${id}**: Markdown for the change record, and a page to print or save as PDF. Accept each file to save it to your OneDrive.`;
    if (turn.conversation.scope === 'personal') return { text: intro, activities: cards };
    return {
      text: offerInPersonalChat({ notifier, background, logger }, turn, personal, {
        intro,
        cards,
        askThere: `Files come in our personal chat: open a chat with me and type **evidence ${id}**.`,
        sentThere: `The evidence pack for **${id}** comes in our personal chat (files cannot be offered here).`,
        what: { migrationId: id },
      }),
      activities: [],
    };
  };

  /** The bytes of an accepted evidence file, rebuilt from the records (the pack is deterministic). */
  const evidenceFile = async (tenantId: string, migrationId: string, format: string): Promise<EvidenceFile | undefined> => {
    const files = await evidenceFiles(tenantId, migrationId);
    return files?.find((f) => f.format === format);
  };

  /** The person accepted an evidence file: rebuilt from the records (this tenant's only) and saved to their OneDrive. */
  const acceptEvidenceFile = async (turn: TurnFacts, context: unknown, info: FileUploadInfo): Promise<FileConsentOutcome> => {
    const wanted = evidenceContext(context);
    if (!wanted) return { replies: [] };
    const file = await evidenceFile(turn.tenantId, wanted.migrationId, wanted.format);
    if (!file) {
      return { replies: [`I don't know a migration "${wanted.migrationId}" in your organisation any more, so there is no evidence pack to save.`] };
    }
    if (!deps.upload) return { replies: [`I cannot save files here. Type **evidence ${wanted.migrationId}** in our personal chat to get the evidence pack.`] };
    return saveReportFile({ upload: deps.upload, logger }, info, file, `evidence ${wanted.migrationId}`, { label: 'evidence', ids: { migrationId: wanted.migrationId } });
  };

  /** The person declined an evidence file. */
  const declineEvidenceFile = (context: unknown): FileConsentOutcome => {
    const wanted = evidenceContext(context);
    return { replies: wanted ? [declinedText('that file', `Type **evidence ${wanted.migrationId}** when you want it.`)] : [] };
  };

  return {
    plan, remember, add, refresh, evidence, evidenceFile, evidenceFiles, acceptEvidenceFile, declineEvidenceFile, onWorkstreamChanged,
    /** Resolves when no card update or personal-chat send is pending. */
    idle: () => background.idle(),
  };
}
