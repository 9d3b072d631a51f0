/**
 * The plan card follows every workstream, over HTTP with lowdb on disk and a fake Bot Connector: after `plan {id}`
 * in a channel, a mailbox validation log read in a personal chat and a re-check of the assessment's mapping file (which
 * saves a new assessment) each update the posted plan card in place (a PUT to its activity id).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assessMailboxInput } from '../../src/domain/mailbox/index.js';
import { projectRoot } from '../../src/paths.js';
import { AssessmentRepository } from '../../src/records/assessmentRepository.js';
import { MailboxRepository } from '../../src/records/mailboxRepository.js';
import { joinsOf, MigrationRepository } from '../../src/records/migrationRepository.js';
import type { FakeConnector, RecordedRequest } from '../support/fakeConnector.js';
import { contosoToFabrikam, postPlan, saveMeganAssessment } from './planHarness.js';
import { message, TENANT_ID } from '../support/activities.js';
import { statusAppPerTest } from '../support/statusApp.js';
import { CHANNEL, cardOf, cardText, type StatusHarness } from '../status/statusHarness.js';
import { SHORT_LOG } from '../mailbox/support.js';

const T0 = new Date('2026-12-01T09:00:00Z');
const profile = contosoToFabrikam([{ name: 'Sales', type: 'production', mappedUsers: 30, solutions: ['power-automate', 'mailboxes'] }]);


describe('plan card updated in place from the mailbox and assessment workstreams (HTTP, lowdb)', function () {
  this.timeout(60_000);
  let connector: FakeConnector;
  let h: StatusHarness;
  statusAppPerTest(T0, (started) => ({ connector, h } = started));

  async function setUp() {
    const a = await saveMeganAssessment(h, profile);
    const ready = assessMailboxInput(JSON.parse(readFileSync(join(projectRoot, 'examples/mailbox/ready.json'), 'utf8')));
    if (!ready.ok) throw new Error('example');
    const mailbox = await new MailboxRepository(h.app.stores.storage, () => new Date(T0.getTime() - 60_000)).saveReadiness({
      tenantId: TENANT_ID, createdBy: { id: 'aad-eve', name: 'Eve Exchange' }, profile: ready.profile, readiness: ready.readiness,
    });
    const { posted, migrationId } = await postPlan(h, connector, a.id);
    const record = (await new MigrationRepository(h.app.stores.storage).get(TENANT_ID, migrationId))!;
    assert.equal(joinsOf(record).mailboxId, mailbox.id, 'the readiness check of the same tenants is joined');
    return { a, migrationId, activityId: joinsOf(record).planCard!.activityId!, cardBefore: cardText(cardOf(posted)) };
  }

  const planUpdates = (activityId: string): RecordedRequest[] =>
    connector.requests.filter((r) => r.method === 'PUT' && r.url.endsWith(`/activities/${encodeURIComponent(activityId)}`));

  it('a mailbox validation log read in a personal chat updates the plan card in the channel', async () => {
    const plan = await setUp();
    assert.doesNotMatch(plan.cardBefore, /blocked/i);
    const res = await h.post(message({ serviceUrl: connector.url, text: `check mailbox log\n${SHORT_LOG}`, conversationId: 'a:eve-personal' }));
    assert.equal(res.status, 200);
    await h.settle();
    const update = await connector.waitFor((r) => planUpdates(plan.activityId).includes(r));
    assert.ok(update.url.includes(encodeURIComponent(`${CHANNEL};messageid=555`)), update.url);
    const text = cardText(cardOf(update));
    assert.match(text, /3 mailboxes, 2 blocked/, 'the log\'s counts');
    assert.match(text, /litigation hold/i, 'the log\'s blocker is what the mailboxes wait for');
  });

  it('a re-check of the assessment\'s mapping file saves a new assessment that joins the plan and updates its card', async () => {
    const plan = await setUp();
    const lines = ['Source,Destination', ...Array.from({ length: 45 }, (_, i) => `user${i}@contoso.com,user${i}@fabrikam.com`)];
    const res = await h.post(message({ serviceUrl: connector.url, text: `check mapping file for ${plan.a.id} Sales\n${lines.join('\n')}`, conversationId: 'a:megan-personal' }));
    assert.equal(res.status, 200);
    await h.settle();
    const update = await connector.waitFor((r) => planUpdates(plan.activityId).includes(r));
    const record = (await new MigrationRepository(h.app.stores.storage).get(TENANT_ID, plan.migrationId))!;
    const ids = joinsOf(record).assessmentIds;
    assert.equal(ids.length, 2, 'the new assessment joined the migration');
    assert.equal(ids[0], plan.a.id);
    const revised = (await new AssessmentRepository(h.app.stores.storage).get(TENANT_ID, ids[1]!))!;
    assert.equal(revised.profile.environments[0]!.mappedUsers, 45);
    assert.ok(cardOf(update), 'the update carries the redrawn card');
  });
});
