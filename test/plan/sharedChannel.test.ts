/**
 * A shared channel between two organisations, over HTTP with lowdb on disk: activities shaped as Teams sends a
 * shared-channel message from a member of the other organisation (the conversation's `tenantId` is the host's, as
 * for every activity in that channel; `channelData.tenant.id` is the sender's own tenant; their own Entra object id).
 * Records stay with the tenant that made them: the external member sees the cards posted in the channel, and gets
 * "not found" for every id they type or press; the host's people in the same channel keep working.
 */
import assert from 'node:assert/strict';
import { PLAN_REFRESH_VERB } from '../../src/cards/planView.js';
import { MigrationRepository } from '../../src/records/migrationRepository.js';
import type { FakeConnector } from '../support/fakeConnector.js';
import { contosoToFabrikam, isPlanCard, postPlan, saveMeganAssessment } from './planHarness.js';
import { cardAction, message, TENANT_ID } from '../support/activities.js';
import { statusAppPerTest } from '../support/statusApp.js';
import { CHANNEL, type StatusHarness } from '../status/statusHarness.js';

const T0 = new Date('2026-12-01T09:00:00Z');
/** The other organisation (Fabrikam), whose admin is a member of Contoso's shared channel. */
const FABRIKAM_TENANT = 'bbbbbbbb-0000-0000-0000-00000000000b';
const profile = contosoToFabrikam([{ name: 'Sales', type: 'production', mappedUsers: 30, solutions: [] }]);

/** An activity from Farah (Fabrikam) in Contoso's shared channel: host tenant on the conversation, hers in channelData. */
function fromExternal<T extends { conversation: Record<string, unknown>; channelData: Record<string, unknown> }>(activity: T): T {
  return {
    ...activity,
    conversation: { ...activity.conversation, tenantId: TENANT_ID },
    channelData: { ...activity.channelData, tenant: { id: FABRIKAM_TENANT }, channel: { id: CHANNEL, name: 'Contoso and Fabrikam', membershipType: 'shared' } },
  };
}
const farah = { userId: '29:farah-fabrikam', userName: 'Farah (Fabrikam)', aadObjectId: '22222222-0000-0000-0000-000000000002' };

describe('shared channel: the other organisation\'s member (HTTP, lowdb)', function () {
  this.timeout(60_000);
  let connector: FakeConnector;
  let h: StatusHarness;
  statusAppPerTest(T0, (started) => ({ connector, h } = started));

  it('sees the cards in the channel, gets "not found" for every id, and creates nothing in the host\'s records', async () => {
    const a = await saveMeganAssessment(h, profile);
    const { posted: planPost, migrationId } = await postPlan(h, connector, a.id);
    assert.ok(planPost.url.includes(encodeURIComponent(CHANNEL)), 'the plan card is a message in the shared channel, which every member sees');

    const answersTo = async (text: string): Promise<string> => {
      const activity = fromExternal(message({ serviceUrl: connector.url, text, channel: true, conversationId: `${CHANNEL};messageid=555`, ...farah }));
      const before = connector.requests.length;
      assert.equal((await h.post(activity)).status, 200);
      await h.settle();
      return connector.requests.slice(before).filter((r) => r.method === 'POST').map((r) => String(r.body?.text ?? JSON.stringify(r.body ?? {}))).join('\n');
    };
    for (const [text, expected] of [
      [`plan ${migrationId}`, /I don't know a migration or assessment/],
      [`plan ${a.id}`, /I don't know a migration or assessment/],
      [`evidence ${migrationId}`, /I don't know a migration or assessment/],
      [`status ${migrationId}`, /I don't know a migration/],
      [`open ${a.id}`, /I don't know an assessment/],
      [`export ${a.id}`, /I don't know an assessment/],
      [`checklist ${a.id}`, /don't know|not found|could not find/i],
      ['my assessments', /no saved assessments/],
    ] as const) {
      assert.match(await answersTo(text), expected, `"${text}" from the other organisation`);
    }
    assert.equal(connector.requests.filter((r) => r.method === 'POST' && isPlanCard(r)).length, 1, 'no plan card for the other organisation');

    // The plan card's Refresh button, pressed by the external member: the card stays, the answer says whose it is.
    const refresh = fromExternal(cardAction({ serviceUrl: connector.url, verb: PLAN_REFRESH_VERB, data: { migrationId }, channel: true, conversationId: `${CHANNEL};messageid=555`, ...farah }));
    const res = await h.post(refresh);
    assert.equal(res.status, 200);
    assert.match(await res.text(), /belongs to another organisation/);

    // Nothing of Contoso's was read or written under Fabrikam, and nothing of Fabrikam's appeared under Contoso.
    const migrations = new MigrationRepository(h.app.stores.storage);
    assert.deepEqual((await migrations.open(TENANT_ID)).map((o) => o.id), [migrationId]);
    assert.deepEqual(await migrations.open(FABRIKAM_TENANT), []);

    // Megan (Contoso) in the same channel still gets her plan.
    await h.say(`plan ${migrationId}`, '555');
    await connector.waitFor((r) => r.method === 'POST' && isPlanCard(r) && r !== planPost);
  });

  it('reads the tenant from the channel roster when the activity names the host tenant for the external member', async () => {
    const a = await saveMeganAssessment(h, profile);
    const { migrationId } = await postPlan(h, connector, a.id);
    // Teams could put the host tenant in channelData.tenant too: then only the roster tells Farah's organisation.
    connector.answerNext({
      status: 200,
      body: { id: farah.userId, name: farah.userName, aadObjectId: farah.aadObjectId, tenantId: FABRIKAM_TENANT },
      match: (r) => r.method === 'GET' && r.url.includes('/members/'),
    });
    const activity = message({ serviceUrl: connector.url, text: `plan ${migrationId}`, channel: true, conversationId: `${CHANNEL};messageid=556`, ...farah });
    const hostEverywhere = { ...activity, conversation: { ...activity.conversation, tenantId: TENANT_ID }, channelData: { ...activity.channelData, tenant: { id: TENANT_ID } } };
    const before = connector.requests.length;
    assert.equal((await h.post(hostEverywhere)).status, 200);
    await h.settle();
    const after = connector.requests.slice(before);
    assert.ok(after.some((r) => r.method === 'GET' && r.url.includes(`/members/${encodeURIComponent(farah.userId)}`)), 'the roster entry was read');
    const said = after.filter((r) => r.method === 'POST').map((r) => String(r.body?.text ?? '')).join('\n');
    assert.match(said, /I don't know a migration or assessment/);
    assert.equal(after.filter((r) => r.method === 'POST' && isPlanCard(r)).length, 0, 'no plan card for the other organisation');
  });
});
