/**
 * The plan card follows every workstream, over HTTP with lowdb on disk and a fake Bot Connector: after `plan {id}`
 * in a channel, a mailbox validation log read in a personal chat and a re-check of the assessment's mapping file (which
 * saves a new assessment) each update the posted plan card in place (a PUT to its activity id).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assess } from '../../src/domain/assessment/index.js';
import type { MigrationProfile } from '../../src/domain/assessment/types.js';
import { assessMailboxInput } from '../../src/domain/mailbox/index.js';
import { projectRoot } from '../../src/paths.js';
import { AssessmentRepository } from '../../src/records/assessmentRepository.js';
import { MailboxRepository } from '../../src/records/mailboxRepository.js';
import { joinsOf, MigrationRepository } from '../../src/records/migrationRepository.js';
import { FakeConnector, type RecordedRequest } from '../support/fakeConnector.js';
import { message, TENANT_ID } from '../support/activities.js';
import { removeDir } from '../support/appHarness.js';
import { CHANNEL, Clock, cardOf, cardText, startStatusApp, type StatusHarness } from '../status/statusHarness.js';
import { SHORT_LOG } from '../mailbox/support.js';

const T0 = new Date('2026-12-01T09:00:00Z');
const profile: MigrationProfile = {
  source: { tenantDomain: 'contoso.onmicrosoft.com', region: 'EUR', activeLicensedUsers: 40 },
  destination: { tenantDomain: 'fabrikam.onmicrosoft.com', tenantId: '66666666-7777-8888-9999-000000000000', region: 'EUR', availableLicenses: 50, paidSubscription: true },
  environments: [{ name: 'Sales', type: 'production', mappedUsers: 30, solutions: ['power-automate', 'mailboxes'] }],
};

const isPlanCard = (r: RecordedRequest): boolean => /"Plan: /.test(JSON.stringify(cardOf(r) ?? {}));

describe('plan card updated in place from the mailbox and assessment workstreams (HTTP, lowdb)', function () {
  this.timeout(60_000);
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

  async function setUp() {
    const a = await new AssessmentRepository(h.app.stores.storage).save({ tenantId: TENANT_ID, userId: '11111111-0000-0000-0000-000000000001', userName: 'Megan Bowen', profile, assessment: assess(profile) });
    const ready = assessMailboxInput(JSON.parse(readFileSync(join(projectRoot, 'examples/mailbox/ready.json'), 'utf8')));
    if (!ready.ok) throw new Error('example');
    const mailbox = await new MailboxRepository(h.app.stores.storage, () => new Date(T0.getTime() - 60_000)).saveReadiness({
      tenantId: TENANT_ID, createdBy: { id: 'aad-eve', name: 'Eve Exchange' }, profile: ready.profile, readiness: ready.readiness,
    });
    const res = await h.say(`plan ${a.id}`, '555');
    assert.equal(res.status, 200);
    const posted = await connector.waitFor((r) => r.method === 'POST' && isPlanCard(r));
    const migrationId = /"migrationId":"(m-[a-z0-9]{8})"/.exec(JSON.stringify(cardOf(posted)))![1]!;
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
