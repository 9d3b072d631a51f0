/**
 * The identity map over real HTTP: Teams-shaped activities posted to /api/messages, replies read at the fake
 * connector, records in lowdb files on disk, a local https server standing in for SharePoint (the uploads) and
 * OneDrive (the consent upload). A map pasted, uploaded as CSV and as .xlsx; an export through the FileConsentCard
 * accept invoke, byte for byte the domain's export; a card button; the map joined to a migration with the plan card
 * updated in place; another tenant's "not found"; forget me.
 */
import assert from 'node:assert/strict';
import { IDENTITY_EXPORT_VERB, IDENTITY_JOIN_VERB } from '../../src/cards/identityView.js';
import { assess } from '../../src/domain/assessment/index.js';
import type { MigrationProfile } from '../../src/domain/assessment/types.js';
import { exportIdentityMap, readIdentityMap } from '../../src/domain/identity/index.js';
import { AssessmentRepository } from '../../src/records/assessmentRepository.js';
import { IdentityMapRepository } from '../../src/records/identityMapRepository.js';
import { joinsOf, MigrationRepository } from '../../src/records/migrationRepository.js';
import { FakeConnector } from '../support/fakeConnector.js';
import { cardAction, message, TENANT_ID } from '../support/activities.js';
import { removeDir, type Harness } from '../support/appHarness.js';
import { consentCards, fileConsentInvoke, fileUpload, LocalFileHost, reply, startMappingApp } from '../mapping/support.js';
import { xlsx } from '../domain/identity/xlsxFixture.js';

const CONVERSATION = 'a:identity-conversation-1';
const OTHER_TENANT = 'bbbbbbbb-0000-0000-0000-00000000000b';
const USER = '11111111-0000-0000-0000-000000000001';

const MAP = [
  'Source,Target,TargetEmail,Workstreams',
  'adele@contoso.com,adele@fabrikam.com,adele.vance@fabrikam.com,',
  'alex@contoso.com,alex@fabrikam.com,,environments;mailboxes',
  'megan@contoso.com,megan@fabrikam.com,,environments',
].join('\r\n');
const WORKBOOK = xlsx([
  ['Source', 'Target', 'TargetEmail', 'DisplayName'],
  ['adele@contoso.com', 'adele@fabrikam.com', 'adele.vance@fabrikam.com', 'Adele Vance'],
  ['alex@contoso.com', 'alex@fabrikam.com', null, 'Alex Wilber'],
  ['lee@contoso.com', 'lee@fabrikam.com', null, 'Lee Gu'],
  ['nestor@contoso.com', 'nestor@fabrikam.com', null, 'Nestor Wilke'],
  ['pradeep@contoso.com', 'pradeep@fabrikam.com', null, 'Pradeep Gupta'],
]);

const profile: MigrationProfile = {
  source: { tenantDomain: 'contoso.onmicrosoft.com', region: 'EUR', activeLicensedUsers: 40 },
  destination: { tenantDomain: 'fabrikam.onmicrosoft.com', tenantId: '66666666-7777-8888-9999-000000000000', region: 'EUR', availableLicenses: 50, paidSubscription: true },
  environments: [{ name: 'Sales', type: 'production', mappedUsers: 30, solutions: ['power-automate'] }],
};

describe('identity map over HTTP with lowdb on disk', function () {
  this.timeout(60_000);
  const host = new LocalFileHost();
  const connector = new FakeConnector();
  let h: Harness;

  async function send(activity: any): Promise<any[]> {
    const before = connector.activities().length;
    const res = await h.post(activity);
    assert.equal(res.status, 200);
    return connector.activities().slice(before);
  }
  const say = (text: string, extra: Record<string, unknown> = {}) => send(message({ serviceUrl: connector.url, text, conversationId: CONVERSATION, ...extra }));
  const upload = (name: string, path: string, text = '') => {
    const activity = fileUpload({ serviceUrl: connector.url, name, downloadUrl: host.url(path), text }) as any;
    return send({ ...activity, conversation: { ...activity.conversation, id: CONVERSATION } });
  };
  const all = (replies: any[]) => replies.map((a) => `${a.text ?? ''} ${JSON.stringify(a.attachments ?? [])}`).join('\n');
  const identityCards = (replies: any[]) => replies.flatMap((a) => a.attachments ?? [])
    .filter((x: any) => JSON.stringify(x.content ?? {}).includes('Identity map check')).map((x: any) => x.content);
  const accept = (context: Record<string, unknown>, uniqueId: string, name: string) => send({
    ...fileConsentInvoke({ serviceUrl: connector.url, action: 'accept', checkId: '' }),
    conversation: { id: CONVERSATION, conversationType: 'personal', tenantId: TENANT_ID },
    value: {
      type: 'fileUpload', action: 'accept', context,
      uploadInfo: { name, uploadUrl: host.url('/upload'), contentUrl: `https://contoso-my.sharepoint.com/${name}`, uniqueId, fileType: 'csv' },
    },
  });

  before(async () => {
    await host.start();
    await connector.start();
    host.serve('/map.csv', MAP);
    host.serve('/map.xlsx', WORKBOOK, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    host.serve('/empty.csv', '');
    host.serve('/damaged.xlsx', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8]), 'application/octet-stream');
    host.routes.set('/upload', (_req, res) => reply(res, 201, { 'content-type': 'application/json' }, '{"id":"01ABC"}'));
    h = await startMappingApp({ fileTransfer: { allowedHosts: [host.host], ca: host.cert, timeoutMs: 3_000 } });
  });
  after(async () => {
    await h?.stop();
    await connector.stop();
    await host.stop();
    removeDir(h.dataDir);
  });

  it('identity map, then the lines pasted: the check card; help and cancel work while it waits', async () => {
    assert.match(all(await say('identity map')), /Send me the identity map/);
    assert.match(all(await say('help')), /Send me the identity map/);
    assert.match(all(await say('cancel')), /did not read an identity map/);
    await say('identity map');
    const replies = await say(MAP);
    const [card] = identityCards(replies);
    assert.ok(card, 'a check card');
    assert.match(JSON.stringify(card), /"title":"Environments","value":"3"/);
    assert.match(all(replies), /identity map export \{format\}/);
    // The wait is over: the next message is a command again.
    assert.match(all(await say('identity map export')), /The exports: \*\*usermapping\*\*/);
  });

  it('a CSV uploaded with the command text, an .xlsx uploaded after it: both checked; an empty file is named as such', async () => {
    const csv = await upload('identity-map.csv', '/map.csv', 'identity map');
    assert.match(JSON.stringify(identityCards(csv)[0]), /identity-map\.csv/);
    assert.doesNotMatch(all(csv), /Mapping file check/, 'not taken for a usermapping.csv check');

    assert.match(all(await say('identity map')), /Send me the identity map/);
    const book = await upload('people.xlsx', '/map.xlsx');
    const card = JSON.stringify(identityCards(book)[0]);
    assert.match(card, /people\.xlsx/);
    assert.match(card, /"title":"Rows read","value":"5"/);

    const empty = await upload('empty.csv', '/empty.csv', 'identity map');
    assert.match(all(empty), /"empty\.csv" is empty/);

    // A damaged workbook: said so, with what is accepted; the map read before stays the one in use.
    const kept = await new IdentityMapRepository(h.app.stores.storage).latest(TENANT_ID, USER);
    assert.ok(kept);
    const damaged = await upload('damaged.xlsx', '/damaged.xlsx', 'identity map');
    assert.match(all(damaged), /damaged or not an Excel file/);
    assert.match(all(damaged), /Nothing was checked\. .*CSV file \(\.csv\) or an Excel workbook \(\.xlsx/);
    assert.equal((await new IdentityMapRepository(h.app.stores.storage).latest(TENANT_ID, USER))?.id, kept?.id);
  });

  it('exports through the FileConsentCard: the accept invoke PUTs byte for byte the domain\'s export; the card button offers another', async () => {
    await upload('people.xlsx', '/map.xlsx', 'identity map');
    const replies = await say('identity map export usermapping');
    const [consent] = consentCards(replies);
    assert.equal(consent.name, 'usermapping.csv');
    assert.equal(consent.content.acceptContext.purpose, 'identity-map-file');

    const expected = exportIdentityMap(await readIdentityMap({ fileName: 'people.xlsx', bytes: WORKBOOK }), 'usermapping');
    assert.ok(expected.ok);
    const before = host.seen.length;
    const accepted = await accept(consent.content.acceptContext, 'ID-1', 'usermapping.csv');
    const put = host.seen.slice(before).filter((r) => r.method === 'PUT');
    assert.equal(put.length, 1);
    assert.equal(put[0]!.headers.authorization, undefined);
    assert.equal(put[0]!.body.toString('utf8'), expected.text);
    assert.equal(put[0]!.body.length, consent.content.sizeInBytes);
    assert.match(all(accepted), /Saved usermapping\.csv to your OneDrive \(5 people\)/);
    // Teams retries a slow invoke: the same OneDrive id is not uploaded twice.
    const retried = await accept(consent.content.acceptContext, 'ID-1', 'usermapping.csv');
    assert.equal(host.seen.slice(before).filter((r) => r.method === 'PUT').length, 1);
    assert.doesNotMatch(all(retried), /Saved/);

    const mapId = consent.content.acceptContext.mapId as string;
    const res = await h.post(cardAction({ serviceUrl: connector.url, conversationId: CONVERSATION, verb: IDENTITY_EXPORT_VERB, data: { mapId, format: 'onedrive', sourceTenantId: '11111111-2222-3333-4444-555555555555' } }));
    assert.equal(res.status, 200);
    assert.match(await res.text(), /The file follows/);
    const offered = consentCards(connector.activities()).at(-1);
    assert.equal(offered.name, 'onedrive-identity-map.csv');
    const declined = await send({ ...fileConsentInvoke({ serviceUrl: connector.url, action: 'decline', checkId: '' }), value: { type: 'fileUpload', action: 'decline', context: offered.content.declineContext } });
    assert.match(all(declined), /did not save onedrive-identity-map\.csv/);
  });

  it('joins the map to a migration: the plan card is updated in place; another tenant gets "not found"', async () => {
    const a = await new AssessmentRepository(h.app.stores.storage).save({ tenantId: TENANT_ID, userId: USER, userName: 'Megan Bowen', profile, assessment: assess(profile) });
    const planned = await say(`plan ${a.id}`);
    const migrationId = /"migrationId":"(m-[a-z0-9]{8})"/.exec(JSON.stringify(planned))![1]!;
    const cardId = joinsOf((await new MigrationRepository(h.app.stores.storage).get(TENANT_ID, migrationId))!).planCard!.activityId!;

    const checked = await upload('people.xlsx', '/map.xlsx', 'identity map');
    const card = JSON.stringify(identityCards(checked)[0]);
    assert.match(card, new RegExp(`"verb":"${IDENTITY_JOIN_VERB.replace('.', '\\.')}","data":\\{"mapId":"[a-z0-9]+","migrationId":"${migrationId}"`));

    const other = await send(message({ serviceUrl: connector.url, text: `identity map for ${migrationId}`, conversationId: 'a:farah', tenantId: OTHER_TENANT, userId: '29:farah', aadObjectId: '22222222-0000-0000-0000-000000000002' }));
    assert.match(all(other), /I don't know a migration/);

    const puts = connector.requests.filter((r) => r.method === 'PUT').length;
    const joined = await say(`identity map for ${migrationId}`);
    assert.match(all(joined), new RegExp(`Joined the identity map \\(5 people: 5 for environments.*\\) to migration \\*\\*${migrationId}\\*\\*`));
    assert.match(all(joined), /\*\*Sales\*\* now has 5 mapped users/);
    assert.match(all(joined), /Licence check: passed/);
    await h.app.status.idle();
    const update = await connector.waitFor((r) => r.method === 'PUT' && r.url.endsWith(`/activities/${encodeURIComponent(cardId)}`));
    assert.ok(connector.requests.filter((r) => r.method === 'PUT').length > puts);
    assert.match(JSON.stringify(update.body), /5 people mapped \(5 for environments, 5 for mailboxes, 5 for OneDrive\)/);
    const record = (await new MigrationRepository(h.app.stores.storage).get(TENANT_ID, migrationId))!;
    assert.equal(joinsOf(record).identityMap!.summary.counts.people, 5);
    assert.equal(await new MigrationRepository(h.app.stores.storage).get(OTHER_TENANT, migrationId), undefined);
  });

  it('in a channel: no map is read there, and an export goes to the personal chat', async () => {
    const channel = '19:identity@thread.tacv2;messageid=1';
    assert.match(all(await send(message({ serviceUrl: connector.url, text: 'identity map', channel: true, conversationId: channel }))), /read it in our personal chat/);
    const replies = await send(message({ serviceUrl: connector.url, text: 'identity map export exchange-batch', channel: true, conversationId: channel }));
    assert.match(all(replies), /comes in our personal chat: I sent it there/);
    const inChannel = replies.filter((a) => a.conversation?.id === channel);
    assert.ok(inChannel.length > 0);
    assert.equal(consentCards(inChannel).length, 0, 'no file card in the channel');
    await h.app.status.idle();
    const personal = await connector.waitFor((r) => r.method === 'POST' && /exchange-batch\.csv/.test(JSON.stringify(r.body ?? {})) && /file\.consent/.test(JSON.stringify(r.body ?? {})));
    assert.doesNotMatch(personal.url, /identity@thread/, 'the file card goes to another (the personal) conversation');
  });

  it('forget me deletes the identity maps', async () => {
    assert.match(all(await say('forget me')), /identity maps? you checked/);
    assert.equal(await new IdentityMapRepository(h.app.stores.storage).latest(TENANT_ID, USER), undefined);
  });
});
