/**
 * `plan {assessment id}` then `track {assessment id} {environment}` in a channel, over HTTP with lowdb on disk: track
 * gives the plan's migration its status card instead of making a second migration for the same tenant pair; three
 * `track` posts at the same instant still make one card (the create-only claim); the plan card follows the status.
 */
import assert from 'node:assert/strict';
import { joinsOf, MigrationRepository } from '../../src/records/migrationRepository.js';
import type { FakeConnector } from '../support/fakeConnector.js';
import { contosoToFabrikam, postPlan, saveMeganAssessment } from './planHarness.js';
import { message, TENANT_ID } from '../support/activities.js';
import { statusAppPerTest } from '../support/statusApp.js';
import { CHANNEL, cardOf, cardText, isNewThread, type StatusHarness } from '../status/statusHarness.js';

const T0 = new Date('2026-12-01T09:00:00Z');
const profile = contosoToFabrikam([{ name: 'Sales', type: 'production', mappedUsers: 30, solutions: [] }, { name: 'Service', type: 'sandbox', mappedUsers: 10, solutions: [] }]);

describe('track after plan: one migration for the tenant pair (HTTP, lowdb)', function () {
  this.timeout(60_000);
  let connector: FakeConnector;
  let h: StatusHarness;
  statusAppPerTest(T0, (started) => ({ connector, h } = started));

  it('track joins the migration plan opened, once, even when three posts arrive at the same instant; the plan card shows its phase', async () => {
    const a = await saveMeganAssessment(h, profile);
    const { posted: planPost, migrationId } = await postPlan(h, connector, a.id);
    const planActivityId = joinsOf((await new MigrationRepository(h.app.stores.storage).get(TENANT_ID, migrationId))!).planCard!.activityId!;

    h.nextThread();
    const posts = Array.from({ length: 3 }, (_, i) => message({
      serviceUrl: connector.url, text: `track ${a.id} Sales`, channel: true, conversationId: `${CHANNEL};messageid=${3000 + i}`,
      userId: `29:tracker-${i}`, aadObjectId: `00000000-0000-0000-0000-00000000300${i}`,
    }));
    const results = await Promise.all(posts.map((p) => h.post(p)));
    assert.deepEqual(results.map((r) => r.status), [200, 200, 200]);
    await h.settle();
    const answers = connector.activities().filter((r) => posts.some((p) => p.id === r.replyToId)).map((r) => r.text as string);
    assert.equal(answers.filter((t) => t.startsWith(`Tracking **Sales** in migration **${migrationId}**, the one its plan opened`)).length, 1, answers.join('\n'));
    assert.equal(answers.filter((t) => /already tracked as \*\*m-/.test(t)).length, 2, answers.join('\n'));
    assert.equal(connector.requests.filter(isNewThread).length, 1, 'one status card');

    const migrations = new MigrationRepository(h.app.stores.storage);
    const open = await migrations.open(TENANT_ID);
    assert.deepEqual(open.map((o) => o.id), [migrationId], 'no second migration for the tenant pair');
    const record = (await migrations.get(TENANT_ID, migrationId))!;
    assert.ok(record.card, 'the plan\'s migration has its status card');
    assert.equal(record.migration.environment, 'Sales');
    assert.deepEqual(joinsOf(record).assessmentIds, [a.id]);
    assert.ok(joinsOf(record).planCard, 'the plan card is still where it was');

    // Again later: the same answer as for any tracked environment; another environment gets its own migration.
    await h.say(`track ${a.id} Sales`);
    await h.settle();
    assert.match(connector.activities().at(-1)!.text as string, new RegExp(`already tracked as \\*\\*${migrationId}\\*\\*`));
    h.nextThread();
    await h.say(`track ${a.id} Service`);
    await h.settle();
    assert.equal((await migrations.open(TENANT_ID)).length, 2, 'each environment moves on its own');

    // The status card's changes reach the plan card: at Migrated, the environment's move step is done.
    for (const phase of ['awaiting-approval', 'approved', 'mapping-uploaded', 'validating', 'validation-passed', 'migrating', 'migrated']) {
      assert.equal((await h.say(`status ${migrationId} ${phase}`)).status, 200);
    }
    await h.settle();
    await h.app.status.idle();
    const updates = connector.requests.filter((r) => r.method === 'PUT' && r.url.endsWith(`/activities/${encodeURIComponent(planActivityId)}`));
    assert.ok(updates.length > 0, 'the plan card was updated in place');
    const last = cardText(cardOf(updates.at(-1)!));
    assert.match(last, /✔ \d+\. Move Sales: submit, approve, upload usermapping\.csv, validate, migrate/, 'the move of Sales is done');
  });
});
