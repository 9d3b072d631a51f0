import assert from 'node:assert/strict';
import { FakeConnector } from '../support/fakeConnector.js';
import { cardAction, installationUpdate, message, TENANT_ID } from '../support/activities.js';
import { removeDir } from '../support/appHarness.js';
import { statusAppPerTest } from '../support/statusApp.js';
import { MigrationRepository } from '../../src/records/migrationRepository.js';
import { AssessmentRepository } from '../../src/records/assessmentRepository.js';
import { assessInput } from '../../src/domain/assessment/index.js';
import { CHANNEL, Clock, cardOf, cardText, isNewThread, isUpdate, startStatusApp, type StatusHarness } from './statusHarness.js';

const T0 = new Date('2026-12-01T09:00:00Z');

async function replyText(h: StatusHarness, contains: RegExp): Promise<string> {
  const r = await h.connector.waitFor((x) => x.method === 'POST' && typeof x.body?.text === 'string' && contains.test(x.body.text));
  return r.body.text as string;
}

/** Tracks a migration by name in the channel; returns its id and where its card was posted (from storage). */
async function track(h: StatusHarness, name: string): Promise<{ id: string; thread: string; activityId: string }> {
  const expected = h.nextThread();
  await h.say(`track ${name}`);
  const text = await replyText(h, new RegExp(`Tracking \\*\\*${name}\\*\\*`));
  const id = /migration \*\*(m-[a-z0-9]{8})\*\*/.exec(text)![1]!;
  await h.settle();
  const position = await cardPosition(h, id);
  assert.deepEqual(position, expected);
  return { id, ...position };
}

async function cardPosition(h: StatusHarness, id: string): Promise<{ thread: string; activityId: string }> {
  const record = await new MigrationRepository(h.app.stores.storage).get(TENANT_ID, id);
  assert.ok(record?.card?.thread && record.card.activityId, 'card posted');
  return { thread: record.card.thread.conversation!.id, activityId: record.card.activityId };
}

describe('status: channel card, people and automation over HTTP (fake connector)', () => {
  let connector: FakeConnector;
  let h: StatusHarness;
  statusAppPerTest(T0, (started) => ({ connector, h } = started));

  it('stores the channel reference on install and removes it on uninstall', async () => {
    await h.post(installationUpdate({ serviceUrl: connector.url, channel: true, conversationId: CHANNEL }));
    const stored = await h.references.forChannel(TENANT_ID, CHANNEL);
    assert.ok(stored, 'reference stored');
    assert.equal(stored.installed, true);
    assert.equal(stored.teamId, '19:team-1@thread.tacv2');
    assert.equal(stored.reference.serviceUrl, connector.url);
    await h.post(installationUpdate({ serviceUrl: connector.url, channel: true, conversationId: CHANNEL, action: 'remove' }));
    assert.equal(await h.references.forChannel(TENANT_ID, CHANNEL), undefined);
  });

  it('forgets every channel of a team when the team is deleted', async () => {
    await h.post(installationUpdate({ serviceUrl: connector.url, channel: true, conversationId: CHANNEL }));
    await h.say('migrations', undefined, { conversation: { id: '19:design@thread.tacv2;messageid=3', conversationType: 'channel', isGroup: true, tenantId: TENANT_ID } });
    assert.equal((await h.references.forTeam(TENANT_ID, '19:team-1@thread.tacv2')).length, 2);
    const deleted = installationUpdate({ serviceUrl: connector.url, channel: true, conversationId: CHANNEL });
    await h.post({ ...deleted, type: 'conversationUpdate', action: undefined, channelData: { ...deleted.channelData, eventType: 'teamDeleted' } });
    assert.deepEqual(await h.references.forTeam(TENANT_ID, '19:team-1@thread.tacv2'), []);
    assert.equal(await h.references.forChannel(TENANT_ID, '19:design@thread.tacv2'), undefined);
  });

  it('track posts the status card as a new thread in the channel and answers with the migration id', async () => {
    await h.say('track Contoso Sales');
    const text = await replyText(h, /Tracking \*\*Contoso Sales\*\*/);
    const id = /migration \*\*(m-[a-z0-9]{8})\*\*/.exec(text)![1]!;
    const created = await connector.waitFor(isNewThread);
    assert.equal(created.body.isGroup, true);
    assert.deepEqual(created.body.channelData, { channel: { id: CHANNEL } });
    const card = cardText(cardOf(created));
    assert.match(card, /Contoso Sales/);
    assert.match(card, /Request submitted/);
    assert.match(card, new RegExp(id));
    assert.match(card, /Submit request.*Verify prerequisites.*Migrate environment.*User mapping and sync.*Post migration.*Migration completed/);
    assert.match(card, /Megan Bowen \(a person\)/);
    assert.match(card, /As of 2026-12-01 09:00 UTC/);
    assert.match(card, /Request expires 2026-12-08 09:00 UTC/);

    // One card per migration: tracking it again points to the existing one.
    await h.say('track contoso sales');
    const again = await replyText(h, /already tracked/);
    assert.match(again, new RegExp(id));
    await h.settle();
    assert.equal(connector.requests.filter(isNewThread).length, 1);
  });

  it('track <assessment id> takes the environment and both tenants from a stored assessment', async () => {
    const input = {
      source: { tenantDomain: 'contoso.onmicrosoft.com', region: 'NA' },
      destination: { tenantDomain: 'fabrikam.onmicrosoft.com', region: 'NA' },
      environments: [
        { name: 'Contoso Sales', type: 'sandbox', managedEnvironment: false, linkedToFinanceAndOperations: false },
        { name: 'Contoso HR', type: 'production', managedEnvironment: false, linkedToFinanceAndOperations: false },
      ],
    };
    const outcome = assessInput(input);
    assert.ok(outcome.ok);
    const saved = await new AssessmentRepository(h.app.stores.storage).save({
      tenantId: TENANT_ID, userId: 'someone', userName: 'Someone', profile: outcome.profile, assessment: outcome.assessment,
    });

    await h.say(`track ${saved.id}`);
    assert.match(await replyText(h, /covers 2 environments/), new RegExp(`track ${saved.id} Contoso Sales`));
    await h.say(`track ${saved.id} Contoso Finance`);
    assert.match(await replyText(h, /no environment called/), /"Contoso Finance"/);

    h.nextThread();
    await h.say(`track ${saved.id} contoso hr`);
    const text = await replyText(h, /Tracking \*\*Contoso HR\*\*/);
    const id = /migration \*\*(m-[a-z0-9]{8})\*\*/.exec(text)![1]!;
    await h.settle();
    const view = await (await h.api('GET', id)).json();
    assert.equal(view.environment, 'Contoso HR');
    assert.equal(view.sourceTenant, 'contoso.onmicrosoft.com');
    assert.equal(view.destinationTenant, 'fabrikam.onmicrosoft.com');
    assert.equal(view.assessmentId, saved.id);
    const card = cardText(cardOf(connector.requests.filter(isNewThread).at(-1)!));
    assert.match(card, /contoso\.onmicrosoft\.com to fabrikam\.onmicrosoft\.com/);

    await h.say(`track ${saved.id} Contoso HR`);
    assert.match(await replyText(h, /already tracked/), new RegExp(id));
  });

  it('an automation update updates the same activity id in place and replies in the thread', async () => {
    const { id, thread, activityId } = await track(h, 'Contoso Sales');
    h.clock.advance(60 * 60 * 1000);
    const res = await h.api('POST', id, { phase: 'awaiting-approval', note: 'Request id 42 sent to Fabrikam', by: 'release pipeline' });
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.equal(body.phase, 'awaiting-approval');
    assert.equal(body.badge.text, 'Awaiting destination approval');
    assert.equal(body.lastChange.by, 'release pipeline');
    assert.equal(body.lastChange.via, 'automation');
    assert.equal(body.asOf, '2026-12-01T10:00:00.000Z');

    const put = await connector.waitFor(isUpdate);
    assert.equal(put.url, `/v3/conversations/${encodeURIComponent(thread)}/activities/${activityId}`);
    assert.equal(put.body.id, activityId);
    assert.match(cardText(cardOf(put)), /Awaiting destination approval/);
    assert.match(cardText(cardOf(put)), /release pipeline \(automation\)/);
    const reply = await connector.waitFor((r) => r.method === 'POST' && r.url.startsWith(`/v3/conversations/${encodeURIComponent(thread)}/activities`) && /Awaiting destination approval/.test(r.body?.text ?? ''));
    assert.match(reply.body.text, /^Contoso Sales: Awaiting destination approval \(was Request submitted\), by release pipeline \(automation\) at 2026-12-01 10:00 UTC\. Note: Request id 42 sent to Fabrikam$/);

    const got = await h.api('GET', id);
    assert.equal(got.status, 200);
    assert.equal((await got.json()).revision, 2);
  });

  it('an idempotent replay returns the first result and changes nothing', async () => {
    const { id } = await track(h, 'Contoso Sales');
    const key = { 'idempotency-key': 'run-7781-step-3' };
    const first = await h.api('POST', id, { phase: 'approved', by: 'pipeline' }, key);
    assert.equal(first.status, 200);
    const firstBody = await first.json();
    await h.settle();
    const sentBefore = connector.requests.length;

    h.clock.advance(5 * 60 * 1000);
    const replay = await h.api('POST', id, { phase: 'approved', by: 'pipeline' }, key);
    assert.equal(replay.status, 200);
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(await replay.json(), firstBody);
    await h.settle();
    assert.equal(connector.requests.length, sentBefore, 'no card update or thread reply for a replay');
    assert.equal((await (await h.api('GET', id)).json()).revision, firstBody.revision);

    // The same key with another request is refused, and changes nothing either.
    const reused = await h.api('POST', id, { phase: 'mapping-uploaded', by: 'pipeline' }, key);
    assert.equal(reused.status, 422);
    assert.match((await reused.json()).message, /Idempotency-Key was already used/);
    assert.equal((await (await h.api('GET', id)).json()).phase, 'approved');
  });

  it('answers 401 without a valid token, 404 for an unknown id, 400 for a bad phase or body, 409 for a move the flow does not allow', async () => {
    const { id } = await track(h, 'Contoso Sales');
    const noToken = await fetch(`${h.baseUrl}/api/migrations/${id}/status`);
    assert.equal(noToken.status, 401);
    assert.match(noToken.headers.get('www-authenticate') ?? '', /^Bearer/);
    const wrong = await h.api('POST', id, { phase: 'approved' }, { authorization: 'Bearer not-the-token-at-all' });
    assert.equal(wrong.status, 401);
    assert.match((await wrong.json()).message, /Authorization: Bearer/);
    const wrongGet = await h.api('GET', id, undefined, { authorization: 'Basic abc' });
    assert.equal(wrongGet.status, 401);

    const unknown = await h.api('POST', 'm-nosuchid', { phase: 'approved' });
    assert.equal(unknown.status, 404);
    assert.match((await unknown.json()).message, /No migration has the id "m-nosuchid"/);
    assert.equal((await h.api('GET', 'm-nosuchid')).status, 404);

    const badPhase = await h.api('POST', id, { phase: 'half-done' });
    assert.equal(badPhase.status, 400);
    const badPhaseBody = await badPhase.json();
    assert.equal(badPhaseBody.error, 'unknown-phase');
    assert.match(badPhaseBody.message, /'half-done' is not a migration phase\. Use one of: submitted, awaiting-approval/);

    const noPhase = await h.api('POST', id, { note: 'x' });
    assert.equal(noPhase.status, 400);
    assert.match((await noPhase.json()).message, /no "phase"/);
    const notJson = await h.api('POST', id, '{"phase": ');
    assert.equal(notJson.status, 400);
    const notJsonBody = await notJson.json();
    assert.equal(notJsonBody.error, 'malformed-body');
    assert.match(notJsonBody.message, /not valid JSON/);
    assert.doesNotMatch(JSON.stringify(notJsonBody), /Unexpected|position/);
    const array = await h.api('POST', id, [{ phase: 'approved' }]);
    assert.equal(array.status, 400);
    const badBy = await h.api('POST', id, { phase: 'approved', by: 42 });
    assert.equal(badBy.status, 400);
    assert.match((await badBy.json()).message, /"by" must be text/);

    const skipBack = await h.api('POST', id, { phase: 'completed' });
    assert.equal(skipBack.status, 200);
    const after = await h.api('POST', id, { phase: 'submitted' });
    assert.equal(after.status, 409);
    assert.match((await after.json()).message, /cannot change any more/);
    await h.settle();
  });

  it('turns the endpoint off with a clear answer when no token is configured', async () => {
    const other = await startStatusApp({ connector, clock: new Clock(T0), env: { STATUS_API_TOKEN: '' } });
    try {
      const res = await other.api('GET', 'm-anything');
      assert.equal(res.status, 503);
      assert.match((await res.json()).message, /turned off.*STATUS_API_TOKEN/);
    } finally {
      await other.stop();
      removeDir(other.dataDir);
    }
  });

  it('people change the phase by typing in the channel; inside the card\'s thread the thread reply is the answer', async () => {
    const { id, thread, activityId } = await track(h, 'Contoso Sales');
    await h.say(`status ${id} awaiting approval sent to Fabrikam's admin`);
    const done = await replyText(h, /^Done: Contoso Sales is now \*\*Awaiting destination approval\*\*/);
    assert.ok(done);
    await h.settle();
    const put = connector.requests.filter(isUpdate).at(-1)!;
    assert.equal(put.url, `/v3/conversations/${encodeURIComponent(thread)}/activities/${activityId}`);
    assert.match(cardText(cardOf(put)), /Megan Bowen \(a person\)/);
    assert.match(cardText(cardOf(put)), /Note: sent to Fabrikam's admin/);

    // Typed in the card's own thread: the thread reply is the only answer.
    const before = connector.requests.length;
    await h.post(message({ serviceUrl: connector.url, text: `status ${id} approved`, channel: true, conversationId: thread }));
    await h.settle();
    const posted = connector.requests.slice(before).filter((r) => r.method === 'POST');
    assert.deepEqual(posted.map((r) => r.body.text), ['Contoso Sales: Approved (was Awaiting destination approval), by Megan Bowen (person) at 2026-12-01 09:00 UTC.']);

    await h.say(`status ${id} cancelled`);
    assert.match(await replyText(h, /is now \*\*Cancelled\*\*/), /^Done: Contoso Sales is now \*\*Cancelled\*\*/);
    await h.say(`status ${id} approved`);
    assert.match(await replyText(h, /cannot change any more/), /^Contoso Sales is at Cancelled and cannot change any more/);
    await h.say(`status ${id} sideways`);
    assert.match(await replyText(h, /does not start with a phase/), /"sideways" does not start with a phase/);
    await h.say(`status ${id} aproved`);
    assert.match(await replyText(h, /Did you mean/), /"aproved" is not a phase\. Did you mean \*\*approved\*\*\?/);
    await h.say('status m-unknown1 approved');
    assert.match(await replyText(h, /I don't know a migration "m-unknown1"/), /migrations/);
    await h.settle();
  });

  it('card buttons (Action.Execute) change the phase, answer with the new card, and update it for everyone', async () => {
    const { id, thread, activityId } = await track(h, 'Contoso Sales');
    const created = connector.requests.find(isNewThread)!;
    const buttons = (cardOf(created)!.actions as Array<{ verb: string; title: string; data: Record<string, unknown> }>);
    assert.deepEqual(buttons.map((b) => b.title), ['Awaiting approval', 'Approved', 'Cancel migration', 'Open plan']);
    const approve = buttons.find((b) => b.title === 'Approved')!;
    assert.deepEqual(approve.data, { migrationId: id, phase: 'approved', revision: 1 });

    const res = await h.post(cardAction({ serviceUrl: connector.url, channel: true, conversationId: thread, verb: approve.verb, data: approve.data, replyToId: activityId }));
    assert.equal(res.status, 200);
    const invoke = await res.json();
    assert.equal(invoke.type, 'application/vnd.microsoft.card.adaptive');
    assert.match(cardText(invoke.value), /✔ Approved/);
    await h.settle();
    const put = connector.requests.filter(isUpdate).at(-1)!;
    assert.equal(put.url, `/v3/conversations/${encodeURIComponent(thread)}/activities/${activityId}`);
    assert.match(cardText(cardOf(put)), /✔ Approved/);

    // Teams retries a slow invoke: the retried click (drawn at revision 1) changes nothing and shows the current card.
    const retry = await h.post(cardAction({ serviceUrl: connector.url, channel: true, conversationId: thread, verb: approve.verb, data: approve.data, replyToId: activityId }));
    assert.match(cardText((await retry.json()).value), /✔ Approved/);
    await h.settle();
    assert.equal((await (await h.api('GET', id)).json()).revision, 2);

    // Refresh is read-only.
    const refresh = await h.post(cardAction({ serviceUrl: connector.url, channel: true, conversationId: thread, verb: 'status.refresh', data: { migrationId: id } }));
    assert.match(cardText((await refresh.json()).value), /✔ Approved/);

    // Another organisation cannot press the buttons of this one.
    const foreign = await h.post(cardAction({ serviceUrl: connector.url, channel: true, conversationId: thread, verb: approve.verb, data: { ...approve.data, revision: 2, phase: 'cancelled' }, tenantId: 'another-tenant' }));
    assert.match(JSON.stringify(await foreign.json()), /could not find that migration/);
  });

  it('posts a fresh card when the card was deleted, and keeps updating the new one', async () => {
    const { id, thread, activityId } = await track(h, 'Contoso Sales');
    connector.answerNext({ status: 404, body: { error: { code: 'ActivityNotFoundInConversation', message: 'gone' } }, match: isUpdate });
    const fresh = h.nextThread();
    await h.api('POST', id, { phase: 'approved', by: 'pipeline' });
    await h.settle();
    const firstPut = connector.requests.filter(isUpdate)[0]!;
    assert.equal(firstPut.url, `/v3/conversations/${encodeURIComponent(thread)}/activities/${activityId}`);
    const repost = connector.requests.filter(isNewThread).at(-1)!;
    assert.match(cardText(cardOf(repost)), /✔ Approved/);
    assert.deepEqual(repost.body.channelData, { channel: { id: CHANNEL } });
    const moved = await cardPosition(h, id);
    assert.deepEqual(moved, fresh);
    // The change's thread reply goes to the new thread.
    assert.ok(connector.requests.some((r) => r.url.startsWith(`/v3/conversations/${encodeURIComponent(moved.thread)}/activities`) && /Approved/.test(r.body?.text ?? '')));

    await h.api('POST', id, { phase: 'mapping-uploaded', by: 'pipeline' });
    await h.settle();
    const nextPut = connector.requests.filter(isUpdate).at(-1)!;
    assert.equal(nextPut.url, `/v3/conversations/${encodeURIComponent(moved.thread)}/activities/${moved.activityId}`);
  });

  it('stops posting into a team the bot was removed from (403), instead of retrying', async () => {
    const { id } = await track(h, 'Contoso Sales');
    connector.answerNext({ status: 403, body: { error: { code: 'BotNotInConversationRoster', message: 'The bot is not part of the conversation roster.' } }, match: isUpdate });
    await h.api('POST', id, { phase: 'approved' });
    await h.settle();
    assert.ok((await h.references.forChannel(TENANT_ID, CHANNEL))?.dead);
    const before = connector.requests.length;
    const res = await h.api('POST', id, { phase: 'mapping-uploaded' });
    assert.equal(res.status, 200, 'the status itself is still stored');
    await h.settle();
    await h.app.status.runDueReminders();
    assert.equal(connector.requests.length, before, 'nothing sent to a dead conversation');
  });

  it('lists tracked migrations and shows one on request', async () => {
    const { id } = await track(h, 'Finance move');
    await h.say('migrations');
    assert.match(await replyText(h, /Migrations being tracked/), new RegExp(`\\*\\*${id}\\*\\*: Finance move, Request submitted`));
    await h.say(`status ${id}`);
    const shown = await replyText(h, /is at \*\*/);
    assert.match(shown, /Request submitted/);
    assert.match(shown, /Request expires 2026-12-08 09:00 UTC \(7 days left\)/);
  });
});

describe('status API tokens scoped to a tenant', () => {
  const OWN = `${TENANT_ID}=own-tenant-token-0123456789`;
  const OTHER = '99999999-0000-0000-0000-000000000000=other-tenant-token-0123456789';
  let connector: FakeConnector;
  let h: StatusHarness;

  beforeEach(async () => {
    connector = new FakeConnector();
    await connector.start();
    h = await startStatusApp({ connector, clock: new Clock(T0), env: { STATUS_API_TOKEN: `${OWN},${OTHER}` } });
  });
  afterEach(async () => {
    await h.stop();
    await connector.stop();
    removeDir(h.dataDir);
  });

  it("a tenant's token reaches its own migrations and finds no other tenant's", async () => {
    const { id } = await track(h, 'Contoso Sales');
    const own = await h.api('GET', id, undefined, { authorization: 'Bearer own-tenant-token-0123456789' });
    assert.equal(own.status, 200);
    const other = await h.api('GET', id, undefined, { authorization: 'Bearer other-tenant-token-0123456789' });
    assert.equal(other.status, 404);
    const otherPost = await h.api('POST', id, { phase: 'cancelled' }, { authorization: 'Bearer other-tenant-token-0123456789' });
    assert.equal(otherPost.status, 404);
    assert.notEqual((await (await h.api('GET', id, undefined, { authorization: 'Bearer own-tenant-token-0123456789' })).json()).phase, 'cancelled', 'the other tenant changed nothing');
    await h.settle();
  });
});
