/**
 * The plan over HTTP: the real app (restify, CloudAdapter, lowdb on disk) and a fake Bot Connector. `plan {assessment
 * id}` in a channel posts the plan card; ticking a checklist item (a card button in a personal chat) updates that
 * card in place; the status card's "Open plan" button opens it; a person from the other tenant in the shared channel
 * gets "not found" for the same ids.
 */
import assert from 'node:assert/strict';
import { CHECKLIST_TOGGLE_VERB } from '../../src/cards/checklistView.js';
import { joinsOf, MigrationRepository } from '../../src/records/migrationRepository.js';
import type { FakeConnector, RecordedRequest } from '../support/fakeConnector.js';
import { contosoToFabrikam, isPlanCard, postPlan, saveMeganAssessment } from './planHarness.js';
import { cardAction, message, TENANT_ID } from '../support/activities.js';
import { statusAppPerTest } from '../support/statusApp.js';
import { CHANNEL, cardOf, cardText, type StatusHarness } from '../status/statusHarness.js';

const T0 = new Date('2026-12-01T09:00:00Z');
const OTHER_TENANT = 'bbbbbbbb-0000-0000-0000-00000000000b';
const profile = contosoToFabrikam([{ name: 'Sales', type: 'production', mappedUsers: 30, solutions: ['power-automate'] }]);


describe('plan: card over HTTP (fake connector)', () => {
  let connector: FakeConnector;
  let h: StatusHarness;
  statusAppPerTest(T0, (started) => ({ connector, h } = started));

  async function openPlan(id: string): Promise<{ migrationId: string; activityId: string; conversationId: string }> {
    const { posted, migrationId } = await postPlan(h, connector, id);
    assert.match(posted.url, new RegExp(`/v3/conversations/${encodeURIComponent(`${CHANNEL};messageid=555`).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/activities`));
    const record = (await new MigrationRepository(h.app.stores.storage).get(TENANT_ID, migrationId))!;
    const card = joinsOf(record).planCard!;
    assert.ok(card.activityId, 'where the card went is remembered');
    return { migrationId, activityId: card.activityId, conversationId: card.address.conversation!.id };
  }

  it('updates the plan card in place when a checklist item is ticked', async () => {
    const a = await saveMeganAssessment(h, profile);
    const plan = await openPlan(a.id);
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
    const a = await saveMeganAssessment(h, profile);
    const plan = await openPlan(a.id);
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
