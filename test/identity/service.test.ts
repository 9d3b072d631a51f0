/**
 * The identity service on its own: a temporary lowdb store, a recording Notifier, the real plan service listening on
 * the same plan-updates hub; no Teams and no HTTP. A pasted map checked once and kept (never the raw text), the card
 * within the budget for 2,000 rows, the waiting rules, the exports and their refusals, joining a map to a migration
 * (the seat check run again, the plan card updated in place) and records scoped to their tenant.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join as joinPath } from 'node:path';
import { IDENTITY_CARD_BUDGET } from '../../src/cards/identityView.js';
import { assess } from '../../src/domain/assessment/index.js';
import type { MigrationProfile } from '../../src/domain/assessment/types.js';
import { MESSAGE_BUDGET_BYTES, utf16Bytes } from '../../src/domain/messageSize.js';
import { memoryLogger } from '../../src/logging.js';
import { BackgroundTasks } from '../../src/proactive/backgroundTasks.js';
import { AssessmentRepository } from '../../src/records/assessmentRepository.js';
import { ChecklistRepository } from '../../src/records/checklistRepository.js';
import { IdentityMapRepository } from '../../src/records/identityMapRepository.js';
import { joinsOf, MigrationRepository } from '../../src/records/migrationRepository.js';
import {
  IDENTITY_FILE_PURPOSE, currentAssessments, identityService, rejoinedPaste, type IdentityReply, type IdentityService,
} from '../../src/services/identityService.js';
import { planService, type PlanService } from '../../src/services/planService.js';
import { planUpdatesHub } from '../../src/services/planUpdates.js';
import type { TurnFacts } from '../../src/services/turn.js';
import { openLowdbStores, type LowdbStores } from '../../src/storage/index.js';
import { removeDir, tempDataDir } from '../support/appHarness.js';
import { RecordingNotifier } from '../support/recordingNotifier.js';

const TENANT = 'aaaaaaaa-1111-2222-3333-444444444444';
const OTHER = 'bbbbbbbb-1111-2222-3333-444444444444';
const megan: TurnFacts = { tenantId: TENANT, user: { id: 'aad-megan', name: 'Megan Bowen' }, conversation: { id: 'a:megan', scope: 'personal' } };
const meganInChannel: TurnFacts = { ...megan, conversation: { id: '19:x@thread.tacv2;messageid=1', scope: 'team' } };
const farah: TurnFacts = { tenantId: OTHER, user: { id: 'aad-farah', name: 'Farah Fabrikam' }, conversation: { id: 'a:farah', scope: 'personal' } };
const SOURCE_TENANT = '11111111-2222-3333-4444-555555555555';

const profile: MigrationProfile = {
  source: { tenantDomain: 'contoso.onmicrosoft.com', region: 'EUR', activeLicensedUsers: 40 },
  destination: { tenantDomain: 'fabrikam.onmicrosoft.com', tenantId: '66666666-7777-8888-9999-000000000000', region: 'EUR', availableLicenses: 3, paidSubscription: true },
  environments: [{ name: 'Sales', type: 'production', mappedUsers: 2, solutions: ['power-automate'] }],
};

const MAP = [
  'Source,Target,TargetEmail,DisplayName,Workstreams',
  'adele@contoso.com,adele@fabrikam.com,adele.vance@fabrikam.com,Adele Vance,',
  'alex@contoso.com,alex@fabrikam.com,,Alex Wilber,environments;mailboxes',
  'megan@contoso.com,megan@fabrikam.com,,Megan Bowen,environments',
  'lee@contoso.com,lee@fabrikam.com,,Lee Gu,environments',
].join('\n');

const texts = (replies: IdentityReply[]): string => replies.map((r) => (typeof r === 'string' ? r : `${r.text ?? ''} ${JSON.stringify(r.attachments ?? [])}`)).join('\n');
const attachmentsOf = (replies: IdentityReply[], contentType: string): any[] =>
  replies.flatMap((r) => (typeof r === 'string' ? [] : (r.attachments ?? []) as any[])).filter((a) => a.contentType === contentType);
const cardsOf = (replies: IdentityReply[]) => attachmentsOf(replies, 'application/vnd.microsoft.card.adaptive').map((a) => a.content);
/** The number a card shows above a label ("667" above "errors"). */
const shown = (card: unknown, label: string): string | undefined => {
  const columns = JSON.stringify(card).match(/"text":"([0-9,]+)","size":"ExtraLarge"[^\]]*?"text":"([a-z]+)"/g) ?? [];
  for (const c of columns) {
    const m = /"text":"([0-9,]+)".*"text":"([a-z]+)"$/.exec(c);
    if (m && m[2] === label) return m[1];
  }
  return undefined;
};
const consentsOf = (replies: IdentityReply[]) => attachmentsOf(replies, 'application/vnd.microsoft.teams.card.file.consent');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = joinPath(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('identity service (no Teams, no HTTP)', () => {
  let dir: string;
  let stores: LowdbStores;
  let notifier: RecordingNotifier;
  let background: BackgroundTasks;
  let migrations: MigrationRepository;
  let assessments: AssessmentRepository;
  let maps: IdentityMapRepository;
  let service: IdentityService;
  let plans: PlanService;
  const at = new Date('2026-12-02T09:00:00.000Z');

  beforeEach(() => {
    dir = tempDataDir();
    stores = openLowdbStores({ dataDir: dir });
    notifier = new RecordingNotifier();
    background = new BackgroundTasks(memoryLogger());
    migrations = new MigrationRepository(stores.storage, () => at);
    assessments = new AssessmentRepository(stores.storage, () => at);
    maps = new IdentityMapRepository(stores.storage, () => at);
    const updates = planUpdatesHub();
    plans = planService({ migrations, assessments, checklists: new ChecklistRepository(stores.storage), notifier, background, logger: memoryLogger(), now: () => at, updates });
    service = identityService({
      maps, migrations, assessments, planUpdates: updates, notifier, background, logger: memoryLogger(),
      transfer: { allowedHosts: ['*.sharepoint.com'], maxBytes: 5 * 1024 * 1024, timeoutMs: 1_000 },
    });
  });
  afterEach(async () => {
    await background.close();
    await stores.close();
    removeDir(dir);
  });

  const paste = (turn: TurnFacts, lines: string) => service.request(turn, { text: `identity map\n${lines}`, files: [] });

  it('checks a pasted map once, answers with the card naming the counts, and keeps the checked people, never the raw text', async () => {
    const outcome = await paste(megan, MAP);
    assert.equal(outcome.waitFor, undefined);
    const [card] = cardsOf(outcome.replies);
    const json = JSON.stringify(card);
    assert.match(json, /Identity map check/);
    assert.match(json, /"title":"Environments","value":"4"/);
    assert.match(json, /"title":"Mailboxes","value":"2"/);
    assert.match(json, /"title":"OneDrive","value":"1"/);
    assert.match(json, /identity\.export/);
    assert.match(texts(outcome.replies), /identity map export \{format\}/);

    const kept = (await maps.latest(TENANT, 'aad-megan'))!;
    assert.equal(kept.summary.counts.people, 4);
    assert.equal(kept.entries.length, 4);
    assert.equal(kept.checkedBy.name, 'Megan Bowen');
    await stores.close();
    const onDisk = filesUnder(dir).map((f) => readFileSync(f, 'utf8')).join('\n');
    assert.doesNotMatch(onDisk, /Source,Target,TargetEmail/, 'the raw text is not stored');
    stores = openLowdbStores({ dataDir: dir });
  });

  it('a map with errors: the card lists them with their lines; nothing is exported and no people are kept', async () => {
    const outcome = await paste(megan, 'Source,Target,TargetObjectId\nadele@contoso.com,adele@fabrikam.com,not-a-guid\nalex@contoso.com,adele@fabrikam.com,\n');
    const json = JSON.stringify(cardsOf(outcome.replies)[0]);
    assert.match(json, /TargetObjectId format/);
    assert.match(json, /not-a-guid/);
    assert.match(json, /Lines 2, 3/);
    assert.doesNotMatch(json, /identity\.export/);
    assert.match(texts(outcome.replies), /nothing is exported from a map with errors/);
    assert.deepEqual((await maps.latest(TENANT, 'aad-megan'))!.entries, []);
    const refused = await service.exportFile(megan, { format: 'usermapping' }, null);
    assert.match(texts(refused.replies), /2 errors: fix them first; nothing is exported/);
    assert.equal(consentsOf(refused.replies).length, 0);
  });

  it('2,000 rows with an error on every third: the card fits the budget, names rows and counts the rest', async () => {
    const lines = ['Source,Target,Workstreams', ...Array.from({ length: 2000 }, (_, i) => `user${i}@contoso.com,${i % 3 === 0 ? `not-an-address-${i}` : `user${i}@fabrikam.com`},${i % 2 ? 'mailboxes' : ''}`)];
    const outcome = await paste(megan, lines.join('\n'));
    const message = outcome.replies.find((r) => typeof r !== 'string')!;
    assert.ok(utf16Bytes(message) <= MESSAGE_BUDGET_BYTES, `${utf16Bytes(message)} bytes`);
    assert.ok(utf16Bytes(cardsOf(outcome.replies)[0]) <= IDENTITY_CARD_BUDGET);
    const json = JSON.stringify(cardsOf(outcome.replies)[0]);
    assert.match(json, /not-an-address-0/);
    assert.match(json, /more problems like this/);
    assert.equal(shown(cardsOf(outcome.replies)[0], 'errors'), '667');
    assert.equal(shown(cardsOf(outcome.replies)[0], 'people'), '1,333');
  });

  it('a one-line paste (line breaks lost) is split again when every piece has the header\'s commas, else refused', async () => {
    const oneLine = MAP.split('\n').filter((l) => !/Vance|Wilber|Bowen|Gu/.test(l)).concat(['adele@contoso.com,adele@fabrikam.com,,Adele,', 'alex@contoso.com,alex@fabrikam.com,,Alex,']).join(' ');
    const split = await paste(megan, oneLine);
    assert.match(texts(split.replies), /arrived as a single line .* split it again/);
    assert.equal(shown(cardsOf(split.replies)[0], 'people'), '2');
    const names = await paste(megan, MAP.replace(/\n/g, ' '));
    assert.match(texts(names.replies), /cannot tell where each person starts/);
    assert.equal(cardsOf(names.replies).length, 0);
    assert.equal(rejoinedPaste('a@b.com c@d.com'), null);
  });

  it('waits for the map: help repeats the ask, cancel stops, a command ends the wait, the map is checked', async () => {
    const asked = await service.request(megan, { text: 'identity map', files: [] });
    assert.deepEqual(asked.waitFor, { migrationId: null });
    assert.match(service.askForMap(null), /CSV file \(\.csv\) or an Excel workbook \(\.xlsx/);
    const help = await service.whileWaiting(megan, { migrationId: null }, { text: 'help', files: [] });
    assert.deepEqual([help.handled, help.waiting], [true, true]);
    const cancel = await service.whileWaiting(megan, { migrationId: null }, { text: 'cancel', files: [] });
    assert.deepEqual([cancel.handled, cancel.waiting], [true, false]);
    assert.match(texts(cancel.replies), /did not read an identity map/);
    const other = await service.whileWaiting(megan, { migrationId: null }, { text: 'my assessments', files: [] });
    assert.deepEqual([other.handled, other.waiting], [false, false]);
    assert.match(texts(other.replies), /stopped waiting/);
    const map = await service.whileWaiting(megan, { migrationId: null }, { text: MAP, files: [] });
    assert.equal(map.handled, true);
    assert.equal(cardsOf(map.replies).length, 1);
    const talk = await service.request(megan, { text: 'identity map please check it', files: [] });
    assert.match(texts(talk.replies), /is not an identity map/);
  });

  it('a file that is neither CSV nor .xlsx is refused by name before anything is downloaded', async () => {
    const outcome = await service.request(megan, { text: 'identity map', files: [{ name: 'people.pdf', downloadUrl: 'https://contoso.sharepoint.com/x' }] });
    assert.match(texts(outcome.replies), /"people\.pdf": an identity map comes as a CSV file \(\.csv\) or an Excel workbook \(\.xlsx\)/);
    const refused = await service.request(megan, { text: 'identity map', files: [{ name: 'map.csv', downloadUrl: 'https://evil.example.net/map.csv?tempauth=SECRET' }] });
    assert.match(texts(refused.replies), /not allowed to download from/);
    assert.doesNotMatch(texts(refused.replies), /evil|SECRET/);
  });

  it('exports: a consent card in personal chat carrying the purpose; the OneDrive file needs a valid source tenant id', async () => {
    await paste(megan, MAP);
    const usermapping = await service.exportFile(megan, { format: 'usermapping' }, null);
    const [consent] = consentsOf(usermapping.replies);
    assert.equal(consent.name, 'usermapping.csv');
    assert.equal(consent.content.acceptContext.purpose, IDENTITY_FILE_PURPOSE);
    assert.equal(consent.content.acceptContext.format, 'usermapping');
    assert.equal(consent.content.sizeInBytes, Buffer.byteLength('Source,Destination\r\nadele@contoso.com,adele@fabrikam.com\r\nalex@contoso.com,alex@fabrikam.com\r\nmegan@contoso.com,megan@fabrikam.com\r\nlee@contoso.com,lee@fabrikam.com\r\n'));

    assert.match(texts((await service.exportFile(megan, { format: 'onedrive' }, null)).replies), /needs the source tenant's id/);
    assert.match(texts((await service.exportFile(megan, { format: 'onedrive', sourceTenantId: 'contoso' }, null)).replies), /"contoso" is not a tenant id/);
    const onedrive = await service.exportFile(megan, { format: 'onedrive', sourceTenantId: SOURCE_TENANT.toUpperCase() }, null);
    assert.equal(consentsOf(onedrive.replies)[0].content.acceptContext.sourceTenantId, SOURCE_TENANT);
    assert.match(texts((await service.exportFile(megan, { format: 'csv' }, null)).replies), /"csv" is not an export I make/);
    assert.match(texts((await service.exportFile(farah, { format: 'usermapping' }, null)).replies), /no identity map yet/, 'another tenant has none');

    const declined = service.consentDeclined({ format: 'exchange-batch' });
    assert.match(texts(declined.replies), /did not save exchange-batch\.csv/);
    const gone = await service.consentAccepted(farah, consent.content.acceptContext, { uploadUrl: 'https://contoso.sharepoint.com/u' });
    assert.match(texts(gone.replies), /no longer kept/, 'another tenant cannot use the offer');
  });

  it('in a channel the file goes to the personal chat, and the answer says so', async () => {
    await paste(megan, MAP);
    const outcome = await service.exportFile(meganInChannel, { format: 'exchange-batch' }, { serviceUrl: 'https://smba.example.test/emea/', userId: '29:megan' });
    assert.match(texts(outcome.replies), /comes in our personal chat: I sent it there/);
    await background.idle();
    assert.deepEqual(notifier.calls.map((c) => c.kind), ['personal', 'send']);
    assert.equal((notifier.calls[1]!.activity.attachments![0] as any).name, 'exchange-batch.csv');
  });

  it('joins the map to a migration: the summary on the record, the seat check run again, the plan card updated in place; other tenants get "not found"', async () => {
    const a = await assessments.save({ tenantId: TENANT, userId: 'aad-megan', userName: 'Megan Bowen', profile, assessment: assess(profile) });
    const opened = await plans.plan(megan, a.id);
    assert.equal(opened.kind, 'card');
    const migrationId = opened.kind === 'card' ? opened.migrationId : '';
    await plans.remember(TENANT, migrationId, { serviceUrl: 'https://smba.example.test/emea/', conversation: { id: 'a:megan', conversationType: 'personal', tenantId: TENANT } }, 'card-1');

    const checked = await paste(megan, MAP);
    assert.match(JSON.stringify(cardsOf(checked.replies)[0]), new RegExp(`identity\\.join.*${migrationId}`), 'a button for the person\'s migration');

    assert.match(texts((await service.requestFor(farah, migrationId, { text: `identity map for ${migrationId}`, files: [] })).replies), /don't know a migration/);
    const joined = await service.requestFor(megan, migrationId.toUpperCase(), { text: `identity map for ${migrationId}`, files: [] });
    const said = texts(joined.replies);
    assert.match(said, new RegExp(`Joined the identity map \\(4 people: 4 for environments, 2 for mailboxes, 1 for OneDrive\\) to migration \\*\\*${migrationId}\\*\\*`));
    assert.match(said, /\*\*Sales\*\* now has 4 mapped users/);
    assert.match(said, /fabrikam\.onmicrosoft\.com needs up to 1 more licence/);
    assert.match(said, /2 people the map lists for mailboxes/);

    const record = (await migrations.get(TENANT, migrationId))!;
    assert.equal(joinsOf(record).identityMap!.summary.counts.people, 4);
    assert.equal(joinsOf(record).identityMap!.checkedBy.name, 'Megan Bowen');
    const ids = joinsOf(record).assessmentIds;
    assert.equal(ids.length, 2);
    const rerun = (await assessments.get(TENANT, ids[1]!))!;
    assert.equal(rerun.profile.environments[0]!.mappedUsers, 4);
    assert.ok(rerun.assessment.findings.some((f) => f.ruleId === 'dst-licenses-mapped'));

    await background.idle();
    const update = notifier.calls.find((c) => c.kind === 'update' && c.activityId === 'card-1');
    assert.ok(update, 'the plan card is updated in place');
    assert.match(JSON.stringify(update.activity), /4 people mapped \(4 for environments, 2 for mailboxes, 1 for OneDrive\)/);

    // Joining again with the same counts changes nothing in the assessment.
    const again = await service.joinMap(megan, migrationId, null);
    assert.match(texts(again.replies), /already counts 4 mapped users per environment/);
    assert.equal(joinsOf((await migrations.get(TENANT, migrationId))!).assessmentIds.length, 2);
  });

  it('a map with errors joins as blocked and its counts are not used; a check for a migration uses its tenants\' domains', async () => {
    const a = await assessments.save({ tenantId: TENANT, userId: 'aad-megan', userName: 'Megan Bowen', profile, assessment: assess(profile) });
    const opened = await plans.plan(megan, a.id);
    const migrationId = opened.kind === 'card' ? opened.migrationId : '';
    const outcome = await service.requestFor(megan, migrationId, { text: `identity map for ${migrationId}\nSource,Target\nadele@contoso.com,adele@elsewhere.com\nalex@contoso.com,adele@elsewhere.com`, files: [] });
    const said = texts(outcome.replies);
    assert.match(said, /Destination domain/, 'checked against the migration\'s destination tenant');
    assert.match(said, /1 error, so its counts are not used/);
    const record = (await migrations.get(TENANT, migrationId))!;
    assert.equal(joinsOf(record).identityMap!.summary.errors, 1);
    assert.deepEqual(joinsOf(record).assessmentIds, [a.id], 'no new assessment');
  });

  it('identity map for a migration with no map yet waits for one (in personal chat) and says where to send it elsewhere', async () => {
    const a = await assessments.save({ tenantId: TENANT, userId: 'aad-megan', userName: 'Megan Bowen', profile, assessment: assess(profile) });
    const opened = await plans.plan(megan, a.id);
    const migrationId = opened.kind === 'card' ? opened.migrationId : '';
    assert.deepEqual((await service.requestFor(megan, migrationId, { text: '', files: [] })).waitFor, { migrationId });
    assert.match(texts((await service.requestFor(meganInChannel, migrationId, { text: '', files: [] })).replies), /in our personal chat/);
    const inChannel = await service.requestFor(meganInChannel, migrationId, { text: `identity map for ${migrationId}\n${MAP}`, files: [] });
    assert.match(texts(inChannel.replies), /I read it only in our personal chat/);
    assert.equal(await maps.latest(TENANT, 'aad-megan'), undefined, 'nothing read in the channel');
    const waited = await service.whileWaiting(megan, { migrationId }, { text: MAP, files: [] });
    assert.match(texts(waited.replies), new RegExp(`to migration \\*\\*${migrationId}\\*\\*`));
  });

  it('keeps the latest five maps per person and forgets them all on request', async () => {
    for (let i = 0; i < 7; i++) await paste(megan, MAP);
    assert.equal(await maps.deleteAllForUser(TENANT, 'aad-megan'), 5);
    assert.equal(await maps.latest(TENANT, 'aad-megan'), undefined);
  });

  it('the seat check runs on the assessments the plan still counts (a later assessment of an environment replaces the earlier one)', () => {
    const a = (id: string, envs: string[]) => ({ id, profile: { environments: envs.map((name) => ({ name })) } }) as never;
    assert.deepEqual(currentAssessments([a('a1', ['Sales']), a('a2', ['Ops']), a('a3', ['sales'])]).map((x: any) => x.id), ['a2', 'a3']);
  });
});
