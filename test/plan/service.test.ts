/**
 * The plan service on its own: a temporary lowdb store, a recording Notifier, a fixed clock, a fake mailbox store;
 * no Teams and no HTTP server. The migration as the unit (one per tenant pair, reusing track's), the card updated in
 * place when a workstream changes, the evidence pack's files, and records scoped to the tenant that made them.
 */
import assert from 'node:assert/strict';
import { assess } from '../../src/domain/assessment/index.js';
import type { MigrationProfile } from '../../src/domain/assessment/types.js';
import { buildChecklist } from '../../src/domain/checklist/index.js';
import { checkIdentityMap, summariseIdentityMap } from '../../src/domain/identity/index.js';
import { createMigration } from '../../src/domain/status/index.js';
import { memoryLogger } from '../../src/logging.js';
import { BackgroundTasks } from '../../src/proactive/backgroundTasks.js';
import type { Reference } from '../../src/proactive/notifier.js';
import { AssessmentRepository } from '../../src/records/assessmentRepository.js';
import { ChecklistRepository } from '../../src/records/checklistRepository.js';
import { joinsOf, MigrationRepository } from '../../src/records/migrationRepository.js';
import { FILE_CONSENT_CONTENT_TYPE } from '../../src/services/fileOffers.js';
import { planService, type MailboxRecordLike, type PlanService } from '../../src/services/planService.js';
import { planUpdatesHub } from '../../src/services/planUpdates.js';
import type { TurnFacts } from '../../src/services/turn.js';
import { openLowdbStores, type LowdbStores } from '../../src/storage/index.js';
import { removeDir, tempDataDir } from '../support/appHarness.js';
import { RecordingNotifier } from '../support/recordingNotifier.js';

const TENANT = 'aaaaaaaa-1111-2222-3333-444444444444';
const OTHER = 'bbbbbbbb-1111-2222-3333-444444444444';
const CHANNEL = '19:shared@thread.tacv2';
const channelAddress: Reference = {
  channelId: 'msteams', serviceUrl: 'https://smba.example.test/emea/',
  conversation: { id: `${CHANNEL};messageid=7`, conversationType: 'channel', tenantId: TENANT },
  botAccount: { id: '28:bot' },
};
const megan: TurnFacts = { tenantId: TENANT, user: { id: 'aad-megan', name: 'Megan Bowen' }, conversation: { id: `${CHANNEL};messageid=7`, scope: 'team' } };
const meganPersonal: TurnFacts = { ...megan, conversation: { id: 'a:1personal', scope: 'personal' } };
/** The destination's admin in the same shared channel: another organisation, another tenant id. */
const fabrikamAdmin: TurnFacts = { tenantId: OTHER, user: { id: 'aad-farah', name: 'Farah Fabrikam' }, conversation: { id: `${CHANNEL};messageid=7`, scope: 'team' } };

const profile: MigrationProfile = {
  source: { tenantDomain: 'contoso.onmicrosoft.com', region: 'EUR', activeLicensedUsers: 40 },
  destination: { tenantDomain: 'fabrikam.onmicrosoft.com', tenantId: '66666666-7777-8888-9999-000000000000', region: 'EUR', availableLicenses: 50, paidSubscription: true },
  environments: [{ name: 'Sales', type: 'production', mappedUsers: 30, solutions: ['power-automate', 'mailboxes'] }],
};

const mailboxRecord: MailboxRecordLike = {
  id: 'mbx12345', tenantId: TENANT, createdAt: '2026-11-30T08:00:00.000Z', createdBy: { id: 'aad-eve', name: 'Eve Exchange' },
  profile: { source: { initialDomain: 'Contoso.onmicrosoft.com' }, target: { initialDomain: 'fabrikam.onmicrosoft.com' }, mailboxes: 850 },
  readiness: {
    verdict: 'eligible-with-actions',
    findings: [{
      ruleId: 'exo-batch-size', severity: 'warning', environment: null, title: 'Batches of at most 2,000',
      detail: 'Split the mailboxes into batches.', source: 'https://learn.microsoft.com/microsoft-365/enterprise/cross-tenant-mailbox-migration',
      sourceDate: '2024-02-01', basis: 'documented', guidance: 'current',
    } as never],
  },
};

describe('plan service (no Teams, no HTTP)', () => {
  let dir: string;
  let stores: LowdbStores;
  let notifier: RecordingNotifier;
  let background: BackgroundTasks;
  let migrations: MigrationRepository;
  let assessments: AssessmentRepository;
  let checklists: ChecklistRepository;
  let service: PlanService;
  const updates = planUpdatesHub();
  /** A newer readiness check of the same tenants, when a test adds one. */
  let newer: MailboxRecordLike | null = null;
  const at = new Date('2026-12-01T09:00:00.000Z');

  beforeEach(() => {
    newer = null;
    dir = tempDataDir();
    stores = openLowdbStores({ dataDir: dir });
    notifier = new RecordingNotifier();
    background = new BackgroundTasks(memoryLogger());
    migrations = new MigrationRepository(stores.storage, () => at);
    assessments = new AssessmentRepository(stores.storage, () => at);
    checklists = new ChecklistRepository(stores.storage);
    service = planService({
      migrations, assessments, checklists, notifier, background, logger: memoryLogger(), now: () => at, updates,
      mailboxes: { listForTenant: async (tenantId) => (tenantId === TENANT ? [...(newer ? [newer] : []), mailboxRecord] : []) },
    });
  });
  afterEach(async () => {
    await background.close();
    await stores.close();
    removeDir(dir);
  });

  const saveAssessment = async (tenantId = TENANT) => assessments.save({ tenantId, userId: 'aad-megan', userName: 'Megan Bowen', profile, assessment: assess(profile) });

  async function openPlan(turn: TurnFacts, id: string): Promise<{ migrationId: string; card: Record<string, unknown> }> {
    const outcome = await service.plan(turn, id);
    assert.equal(outcome.kind, 'card', outcome.kind === 'message' ? outcome.text : '');
    if (outcome.kind !== 'card') throw new Error('no card');
    const attachment = outcome.activity.attachments![0] as { contentType: string; content: Record<string, unknown> };
    assert.equal(attachment.contentType, 'application/vnd.microsoft.card.adaptive');
    return { migrationId: outcome.migrationId, card: attachment.content };
  }

  it('creates one migration for the assessment\'s tenant pair, joins the matching mailbox check, and opens it again', async () => {
    const a = await saveAssessment();
    const first = await openPlan(megan, a.id);
    assert.match(first.migrationId, /^m-[a-z0-9]{8}$/);
    const record = (await migrations.get(TENANT, first.migrationId))!;
    assert.deepEqual(joinsOf(record).assessmentIds, [a.id]);
    assert.equal(joinsOf(record).mailboxId, 'mbx12345', 'the latest mailbox check of the same domains (case aside) is joined');
    assert.equal(record.card, null, 'no status card until someone tracks it');
    const text = JSON.stringify(first.card);
    assert.match(text, /Plan: contoso\.onmicrosoft\.com to fabrikam\.onmicrosoft\.com/);
    assert.match(text, /850 mailboxes/);
    assert.match(text, /Destination admin \(fabrikam\.onmicrosoft\.com\)/, 'the card says which tenant\'s admin owns a next step');
    assert.match(text, /"verb":"plan\.refresh"/);

    assert.equal((await openPlan(megan, a.id)).migrationId, first.migrationId, 'plan {assessment id} again opens the same migration');
    assert.equal((await openPlan(megan, first.migrationId.toUpperCase())).migrationId, first.migrationId, 'plan {migration id} opens it');
    const second = await saveAssessment();
    assert.equal((await openPlan(megan, second.id)).migrationId, first.migrationId, 'a later assessment of the same pair joins the same migration');
    assert.deepEqual(joinsOf((await migrations.get(TENANT, first.migrationId))!).assessmentIds, [a.id, second.id]);
  });

  it('reuses the migration `track` made (a record written before plans: nothing joined yet)', async () => {
    const a = await saveAssessment();
    const made = createMigration({
      id: 'm-trackd01', name: 'Sales', environment: 'Sales', sourceTenant: 'contoso.onmicrosoft.com', destinationTenant: 'fabrikam.onmicrosoft.com',
      assessmentId: a.id, by: { name: 'Megan Bowen', id: 'aad-megan' }, via: 'person', at,
    });
    assert.ok(made.ok);
    await migrations.create({ tenantId: TENANT, migration: made.migration, trackedBy: megan.user, card: null });
    assert.equal((await migrations.get(TENANT, 'm-trackd01'))!.joins, undefined);
    assert.equal((await openPlan(megan, a.id)).migrationId, 'm-trackd01');
  });

  it('updates the posted card in place when a checklist tick or a status change is reported', async () => {
    const a = await saveAssessment();
    const { migrationId } = await openPlan(megan, a.id);
    await service.remember(TENANT, migrationId, channelAddress, 'act-42');
    await checklists.getOrCreate(TENANT, a.id, () => ({
      id: a.id, tenantId: TENANT, createdBy: megan.user, createdAt: at.toISOString(), views: {}, refreshUserIds: [], cards: [],
      checklist: buildChecklist(profile, a.assessment, { assessmentId: a.id, createdAt: at }),
    }));

    updates.onWorkstreamChanged(TENANT, { assessmentId: a.id });
    await service.idle();
    const update = notifier.calls.find((c) => c.kind === 'update')!;
    assert.ok(update, 'the card was updated');
    assert.equal(update.activityId, 'act-42');
    assert.equal(update.reference.conversation?.id, `${CHANNEL};messageid=7`);
    assert.match(JSON.stringify(update.activity), /Checklist: 0 of \d+ items done/);
    assert.ok(joinsOf((await migrations.get(TENANT, migrationId))!).planCard?.updatedAt);

    updates.onWorkstreamChanged(TENANT, { migrationId });
    updates.onWorkstreamChanged(OTHER, { migrationId });
    await service.idle();
    assert.equal(notifier.calls.filter((c) => c.kind === 'update').length, 2, 'the other tenant\'s change finds nothing of this tenant');
  });

  it('a re-run of the same tenant pair joins the migration with a plan card and updates it; another pair or tenant does not', async () => {
    const a = await saveAssessment();
    const { migrationId } = await openPlan(megan, a.id);
    await service.remember(TENANT, migrationId, channelAddress, 'act-42');
    const rerun = await saveAssessment();
    const otherPairProfile = { ...profile, destination: { ...profile.destination, tenantDomain: 'northwind.onmicrosoft.com' } };
    const otherPair = await assessments.save({ tenantId: TENANT, userId: 'aad-megan', userName: 'Megan Bowen', profile: otherPairProfile, assessment: assess(otherPairProfile) });
    const elsewhere = await saveAssessment(OTHER);
    updates.onWorkstreamChanged(TENANT, { assessmentSaved: otherPair.id });
    updates.onWorkstreamChanged(OTHER, { assessmentSaved: elsewhere.id });
    await service.idle();
    assert.equal(notifier.calls.filter((c) => c.kind === 'update').length, 0, 'another tenant pair and another tenant leave the plan alone');
    updates.onWorkstreamChanged(TENANT, { assessmentSaved: rerun.id });
    await service.idle();
    assert.deepEqual(joinsOf((await migrations.get(TENANT, migrationId))!).assessmentIds, [a.id, rerun.id]);
    assert.equal(notifier.calls.filter((c) => c.kind === 'update').length, 1);
    // A revision (the mapping re-check) joins the migrations of the assessment it replaces, card or not.
    const revision = await saveAssessment();
    updates.onWorkstreamChanged(TENANT, { assessmentSaved: revision.id, replaces: rerun.id });
    await service.idle();
    assert.deepEqual(joinsOf((await migrations.get(TENANT, migrationId))!).assessmentIds, [a.id, rerun.id, revision.id]);
    assert.equal(notifier.calls.filter((c) => c.kind === 'update').length, 2);
  });

  it('a mailbox change updates the migrations joined to it; a newer readiness of the same tenants replaces the joined one', async () => {
    const a = await saveAssessment();
    const { migrationId } = await openPlan(megan, a.id);
    await service.remember(TENANT, migrationId, channelAddress, 'act-42');
    updates.onWorkstreamChanged(TENANT, { mailboxId: 'unknown1' });
    await service.idle();
    assert.equal(notifier.calls.filter((c) => c.kind === 'update').length, 0);
    updates.onWorkstreamChanged(TENANT, { mailboxId: mailboxRecord.id });
    await service.idle();
    assert.equal(notifier.calls.filter((c) => c.kind === 'update').length, 1);
    newer = { ...mailboxRecord, id: 'mbx99999', createdAt: '2026-12-01T08:00:00.000Z' };
    updates.onWorkstreamChanged(TENANT, { mailboxId: 'mbx99999' });
    await service.idle();
    assert.equal(joinsOf((await migrations.get(TENANT, migrationId))!).mailboxId, 'mbx99999');
    assert.equal(notifier.calls.filter((c) => c.kind === 'update').length, 2);
  });

  it('keeps records with the tenant that made them: the other organisation in the shared channel gets "not found"', async () => {
    const a = await saveAssessment();
    const { migrationId } = await openPlan(megan, a.id);
    for (const id of [migrationId, a.id]) {
      const outcome = await service.plan(fabrikamAdmin, id);
      assert.equal(outcome.kind, 'message');
      assert.match((outcome as { text: string }).text, /I don't know a migration or assessment/);
    }
    assert.deepEqual(await service.refresh(fabrikamAdmin, { migrationId }), { message: 'This plan belongs to another organisation or no longer exists; only its own tenant can refresh it.' });
    assert.ok('card' in (await service.refresh(megan, { migrationId })));
    const evidence = await service.evidence(fabrikamAdmin, migrationId, { serviceUrl: 'https://smba.example.test/emea/', userId: '29:farah' });
    assert.match(evidence.text!, /I don't know a migration/);
    assert.equal(await service.evidenceFiles(OTHER, migrationId), undefined);
    assert.equal(await service.evidenceFile(OTHER, migrationId, 'markdown'), undefined);
    assert.match(await service.add(fabrikamAdmin, migrationId, 'assessment', a.id), /I don't know a migration/);
  });

  it('gives the evidence pack as two files, in the personal chat; asked in a channel, it goes there in the background', async () => {
    const a = await saveAssessment();
    const { migrationId } = await openPlan(megan, a.id);
    const personal = await service.evidence(meganPersonal, migrationId, null);
    assert.deepEqual(personal.activities.map((x) => (x.attachments![0] as { contentType: string; name: string }).name),
      [`evidence-${migrationId}.md`, `evidence-${migrationId}.html`]);
    for (const x of personal.activities) {
      const card = x.attachments![0] as { contentType: string; content: { sizeInBytes: number; acceptContext: unknown } };
      assert.equal(card.contentType, FILE_CONSENT_CONTENT_TYPE);
      assert.ok(card.content.sizeInBytes > 500);
    }
    const inChannel = await service.evidence(megan, migrationId, { serviceUrl: 'https://smba.example.test/emea/', userId: '29:megan' });
    assert.equal(inChannel.activities.length, 0);
    assert.match(inChannel.text!, /comes in our personal chat/);
    await service.idle();
    assert.equal(notifier.calls.filter((c) => c.kind === 'personal').length, 1);
    assert.equal(notifier.calls.filter((c) => c.kind === 'send').length, 2, 'both consent cards follow in the personal chat');
  });

  it('saves an accepted evidence file to OneDrive, rebuilt from the records; other tenants, failures and declines get their answers', async () => {
    const a = await saveAssessment();
    const { migrationId } = await openPlan(megan, a.id);
    const puts: Array<{ url: string; bytes: number }> = [];
    let fail = false;
    const withUpload = planService({
      migrations, assessments, checklists, notifier, background, logger: memoryLogger(), now: () => at,
      upload: async (url, bytes) => {
        puts.push({ url, bytes: bytes.length });
        return fail ? { ok: false, code: 'http-error' } : { ok: true };
      },
    });
    const context = { evidence: migrationId, format: 'html' };
    const info = { uploadUrl: 'https://contoso-my.sharepoint.com/upload/1', name: `evidence-${migrationId}.html`, contentUrl: 'https://contoso-my.sharepoint.com/e.html', uniqueId: 'U-1' };
    const saved = await withUpload.acceptEvidenceFile(meganPersonal, context, info);
    assert.deepEqual(saved.replies, [`Saved evidence-${migrationId}.html to your OneDrive.`]);
    assert.deepEqual(saved.fileInfo, { name: `evidence-${migrationId}.html`, contentUrl: info.contentUrl, uniqueId: 'U-1', fileType: 'html' });
    const html = (await withUpload.evidenceFile(TENANT, migrationId, 'html'))!;
    assert.deepEqual(puts, [{ url: info.uploadUrl, bytes: html.bytes }]);
    assert.match((await withUpload.acceptEvidenceFile(fabrikamAdmin, context, info)).replies[0]!, /I don't know a migration/);
    fail = true;
    assert.match((await withUpload.acceptEvidenceFile(meganPersonal, context, info)).replies[0]!, new RegExp(`^I could not save evidence-${migrationId}\\.html: .* Type \\*\\*evidence ${migrationId}\\*\\* to try again\\.$`));
    assert.deepEqual(withUpload.declineEvidenceFile(context).replies, [`All right, I did not save that file. Type **evidence ${migrationId}** when you want it.`]);
    assert.deepEqual(withUpload.declineEvidenceFile({ checkId: 'x' }).replies, [], 'not an evidence file');
  });

  it('puts every kind of record in the evidence pack, deterministically, with no secret, chat address or stray URL', async () => {
    const a = await saveAssessment();
    const { migrationId } = await openPlan(megan, a.id);
    await service.remember(TENANT, migrationId, channelAddress, 'act-42');
    await checklists.getOrCreate(TENANT, a.id, () => ({
      id: a.id, tenantId: TENANT, createdBy: megan.user, createdAt: at.toISOString(), views: {}, refreshUserIds: [], cards: [],
      checklist: buildChecklist(profile, a.assessment, { assessmentId: a.id, createdAt: at }),
    }));
    const summary = summariseIdentityMap(checkIdentityMap({ text: 'Source,Target\nada@contoso.onmicrosoft.com,ada@fabrikam.onmicrosoft.com\n', fileName: 'people.csv' }));
    await migrations.update(TENANT, migrationId, (current) => ({
      ...current, joins: { ...joinsOf(current), identityMap: { summary, checkedAt: at.toISOString(), checkedBy: { id: 'aad-ida', name: 'Ida Identity' } } },
    }));
    const files = (await service.evidenceFiles(TENANT, migrationId))!;
    const again = (await service.evidenceFiles(TENANT, migrationId))!;
    assert.deepEqual(files, again, 'the same records give the same bytes');
    const [md, html] = files.map((f) => f.content);
    for (const wanted of [`Power Platform assessment ${a.id}`, 'Mailbox-move readiness', 'Eve Exchange', 'Identity map', 'Ida Identity', 'people.csv', 'Checklist', migrationId]) {
      assert.ok(md!.includes(wanted), `Markdown names ${wanted}`);
      assert.ok(html!.includes(wanted), `HTML names ${wanted}`);
    }
    for (const text of [md!, html!]) {
      assert.ok(!text.includes('smba.example.test'), 'no conversation address');
      assert.ok(!text.includes(CHANNEL) && !text.includes('act-42'), 'no chat ids');
      assert.ok(!text.includes('aad-'), 'no user object ids');
      assert.ok(!text.includes('ada@contoso'), 'no people from the identity map');
      // Links only to the documentation pages the findings rest on (Microsoft Learn, or its source on GitHub).
      const docs = /^https:\/\/(?:learn\.microsoft\.com\/|github\.com\/MicrosoftDocs\/)/;
      const urls = [...text.matchAll(/https?:\/\/[^\s"'<>)\]]+/g)].map((m) => m[0]);
      assert.ok(urls.length > 0);
      assert.deepEqual(urls.filter((u) => !docs.test(u)), [], 'only documentation links');
    }
  });

  it('joins another assessment or a mailbox check by id, and says what it does not know', async () => {
    const a = await saveAssessment();
    const { migrationId } = await openPlan(megan, a.id);
    assert.match(await service.add(megan, migrationId, 'mailbox', 'MBX12345'), /Added mailbox mbx12345/);
    assert.match(await service.add(megan, migrationId, 'mailbox', 'nope0000'), /I don't know a mailbox-move check "nope0000"/);
    assert.match(await service.add(megan, migrationId, 'assessment', 'zzzz9999'), /I don't know an assessment "zzzz9999"/);
    assert.match((await service.plan(megan, 'm-unknown1') as { text: string }).text, /I don't know a migration or assessment "m-unknown1"/);
  });
});
