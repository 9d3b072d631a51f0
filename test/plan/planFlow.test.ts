/**
 * The plan over HTTP: the real app (restify, CloudAdapter, lowdb on disk) and a fake Bot Connector. `plan {assessment
 * id}` in a channel posts the plan card; ticking a checklist item (a card button in a personal chat) updates that
 * card in place; the status card's "Open plan" button opens it; a person from the other tenant in the shared channel
 * gets "not found" for the same ids.
 */
import assert from 'node:assert/strict';
import { assess } from '../../src/domain/assessment/index.js';
import type { MigrationProfile } from '../../src/domain/assessment/types.js';
import { CHECKLIST_TOGGLE_VERB } from '../../src/cards/checklistView.js';
import { AssessmentRepository } from '../../src/records/assessmentRepository.js';
import { joinsOf, MigrationRepository } from '../../src/records/migrationRepository.js';
import { FakeConnector, type RecordedRequest } from '../support/fakeConnector.js';
import { cardAction, message, TENANT_ID } from '../support/activities.js';
import { removeDir } from '../support/appHarness.js';
import { CHANNEL, Clock, cardOf, cardText, startStatusApp, type StatusHarness } from '../status/statusHarness.js';

const T0 = new Date('2026-12-01T09:00:00Z');
const OTHER_TENANT = 'bbbbbbbb-0000-0000-0000-00000000000b';
const profile: MigrationProfile = {
  source: { tenantDomain: 'contoso.onmicrosoft.com', region: 'EUR', activeLicensedUsers: 40 },
  destination: { tenantDomain: 'fabrikam.onmicrosoft.com', tenantId: '66666666-7777-8888-9999-000000000000', region: 'EUR', availableLicenses: 50, paidSubscription: true },
  environments: [{ name: 'Sales', type: 'production', mappedUsers: 30, solutions: ['power-automate'] }],
};

const isPlanCard = (r: RecordedRequest): boolean => /"Plan: /.test(JSON.stringify(cardOf(r) ?? {}));

describe('plan: card over HTTP (fake connector)', () => {
  let connector: FakeConnector;
  let h: StatusHarness;

  beforeEach(async () => {
    connector = new FakeConnector();
    await connector.start();
    h = await startStatusApp({ connector, clock: new Clock(T0) });
  });
  afterEach(async () => {
    await h.stop();
    await connector.stop();
    removeDir(h.dataDir);
  });

  async function postPlan(id: string): Promise<{ migrationId: string; activityId: string; conversationId: string }> {
    const res = await h.say(`plan ${id}`, '555');
    assert.equal(res.status, 200);
    const posted = await connector.waitFor((r) => r.method === 'POST' && isPlanCard(r));
    assert.match(posted.url, new RegExp(`/v3/conversations/${encodeURIComponent(`${CHANNEL};messageid=555`).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/activities`));
    const migrationId = /"migrationId":"(m-[a-z0-9]{8})"/.exec(JSON.stringify(cardOf(posted)))![1]!;
    const record = (await new MigrationRepository(h.app.stores.storage).get(TENANT_ID, migrationId))!;
    const card = joinsOf(record).planCard!;
    assert.ok(card.activityId, 'where the card went is remembered');
    return { migrationId, activityId: card.activityId, conversationId: card.address.conversation!.id };
  }

  it('updates the plan card in place when a checklist item is ticked', async () => {
    const a = await new AssessmentRepository(h.app.stores.storage).save({ tenantId: TENANT_ID, userId: '11111111-0000-0000-0000-000000000001', userName: 'Megan Bowen', profile, assessment: assess(profile) });
    const plan = await postPlan(a.id);
    assert.equal(plan.conversationId, `${CHANNEL};messageid=555`);

    // The checklist of the same assessment, in Megan's personal chat; she ticks its first item.
    await h.post(message({ serviceUrl: connector.url, text: `checklist ${a.id}` }));
    const checklistPost = await connector.waitFor((r) => r.method === 'POST' && /checklist\.toggle/.test(JSON.stringify(cardOf(r) ?? {})));
    const toggle = JSON.stringify(cardOf(checklistPost));
    const data = JSON.parse(/"verb":"checklist\.toggle","data":(\{[^}]*\})/.exec(toggle)![1]!) as Record<string, unknown>;
    const before = connector.requests.filter((r) => r.method === 'PUT').length;
    const res = await h.post(cardAction({ serviceUrl: connector.url, verb: CHECKLIST_TOGGLE_VERB, data, replyToId: 'reply-1' }));
    assert.equal(res.status, 200);
    await h.settle();

    const update = await connector.waitFor((r) => r.method === 'PUT' && r.url.endsWith(`/activities/${encodeURIComponent(plan.activityId)}`));
    assert.ok(connector.requests.filter((r) => r.method === 'PUT').length > before);
    assert.ok(update.url.includes(encodeURIComponent(`${CHANNEL};messageid=555`)), update.url);
    assert.match(cardText(cardOf(update)), /Checklist: 1 of \d+ items done/);
  });

  it('keeps the plan with its tenant: the other organisation in the shared channel gets "not found"', async () => {
    const a = await new AssessmentRepository(h.app.stores.storage).save({ tenantId: TENANT_ID, userId: '11111111-0000-0000-0000-000000000001', userName: 'Megan Bowen', profile, assessment: assess(profile) });
    const plan = await postPlan(a.id);
    const notFound = (): RecordedRequest[] => connector.requests.filter((r) => r.method === 'POST' && typeof r.body?.text === 'string' && r.body.text.includes("I don't know a migration or assessment"));
    for (const text of [`plan ${plan.migrationId}`, `evidence ${plan.migrationId}`, `plan ${a.id}`]) {
      const activity = message({ serviceUrl: connector.url, text, channel: true, conversationId: `${CHANNEL};messageid=555`, tenantId: OTHER_TENANT, userId: '29:farah', aadObjectId: '22222222-0000-0000-0000-000000000002' });
      const seen = notFound().length;
      // A shared channel: Teams marks the channel's membership type; the person's tenant is the other organisation's.
      const res = await h.post({ ...activity, channelData: { ...activity.channelData, channel: { id: CHANNEL, membershipType: 'shared' } } });
      assert.equal(res.status, 200);
      await h.settle();
      assert.equal(notFound().length, seen + 1, `"${text}" from the other tenant is answered "not found"`);
    }
    assert.equal(connector.requests.filter((r) => r.method === 'POST' && isPlanCard(r)).length, 1, 'no plan card for the other tenant');
  });
});
