/**
 * Checklists through the real app over HTTP: restify, CloudAdapter, lowdb on disk, the real BotNotifier, and a fake
 * Bot Connector that records what the bot sends and can answer 403 or 429.
 */
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { assess, validateProfile } from '../../src/domain/assessment/index.js';
import { AssessmentRepository } from '../../src/records/assessmentRepository.js';
import { ChecklistRepository } from '../../src/records/checklistRepository.js';
import { renderCard } from '../../src/cards/renderer.js';
import { FakeConnector, type RecordedRequest } from '../support/fakeConnector.js';
import { cardAction, message, TENANT_ID } from '../support/activities.js';
import { startApp, removeDir, type Harness } from '../support/appHarness.js';
import { executeActions, PROFILE } from './harness.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../src/paths.js';

const MEGAN_AAD = '11111111-0000-0000-0000-000000000001';
const CONVERSATION = 'a:personal-conversation-1';

describe('checklists over HTTP with the real app', function () {
  this.timeout(30_000);
  let connector: FakeConnector;
  let h: Harness;
  let assessmentId: string;

  beforeEach(async () => {
    connector = new FakeConnector();
    await connector.start();
    h = await startApp();
    const v = validateProfile(PROFILE);
    assert.ok(v.ok);
    const saved = await new AssessmentRepository(h.app.stores.storage).save({
      tenantId: TENANT_ID, userId: MEGAN_AAD, userName: 'Megan Bowen', profile: v.profile, assessment: assess(v.profile),
    });
    assessmentId = saved.id;
  });
  afterEach(async () => {
    await h.stop();
    await connector.stop();
    removeDir(h.dataDir);
  });

  async function say(text: string, extra: Record<string, unknown> = {}): Promise<{ activity: any; replies: any[] }> {
    const activity = { ...message({ serviceUrl: connector.url, text }), ...extra };
    const before = connector.activities().length;
    const res = await h.post(activity);
    assert.equal(res.status, 200);
    return { activity, replies: connector.activities().slice(before).filter((a) => a.replyToId === activity.id) };
  }

  /** Posts `checklist` and returns the card and the id the connector gave the message. */
  async function openChecklist(): Promise<{ card: any; activityId: string }> {
    const { activity } = await say('checklist');
    const request = await connector.waitFor((r) => r.method === 'POST' && r.body?.replyToId === activity.id && !!r.body?.attachments);
    // The id the connector answered the post with is the one the bot keeps for in-place updates.
    const stored = (await new ChecklistRepository(h.app.stores.storage).get(TENANT_ID, assessmentId))!;
    assert.equal(stored.cards.length, 1);
    assert.match(stored.cards[0]!.activityId, /^reply-\d+$/);
    return { card: request.body.attachments[0].content, activityId: stored.cards[0]!.activityId };
  }

  it('opens the checklist, ticks an item with an invoke answered with the card, and updates the posted card in place', async () => {
    const { card, activityId } = await openChecklist();

    const toggle = executeActions(card).find((a) => a.verb === 'checklist.toggle')!;
    const invoke = cardAction({ serviceUrl: connector.url, verb: toggle.verb, data: toggle.data, replyToId: activityId });
    const started = performance.now();
    const res = await h.post(invoke);
    const elapsed = performance.now() - started;
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.equal(body.type, 'application/vnd.microsoft.card.adaptive');
    assert.match(JSON.stringify(body.value), /Done by Megan Bowen/);
    console.log(`      toggle invoke answered in ${elapsed.toFixed(1)} ms (lowdb on disk, fake connector)`);

    const put = await connector.waitFor((r) => r.method === 'PUT' && r.url === `/v3/conversations/${encodeURIComponent(CONVERSATION)}/activities/${activityId}`);
    assert.match(JSON.stringify(put.body), /Done by Megan Bowen/);

    // Pressed again from the same card (a new delivery of the same press): same card back, nothing changes.
    const again = await h.post(cardAction({ serviceUrl: connector.url, verb: toggle.verb, data: toggle.data, replyToId: activityId }));
    assert.equal(again.status, 200);
    assert.match(JSON.stringify((await again.json()).value), /Done by Megan Bowen/);
    // Teams retrying the very same invoke (same activity id) gets the first answer again, not "Unable to reach app".
    const retried = await h.post(invoke);
    assert.equal(retried.status, 200);
    assert.match(JSON.stringify((await retried.json()).value), /Done by Megan Bowen/);
    const after = (await new ChecklistRepository(h.app.stores.storage).get(TENANT_ID, assessmentId))!;
    assert.equal(after.checklist.revision, 1);
  });

  it('sets a due date and edits the card in this chat in place', async () => {
    const { activityId } = await openChecklist();
    const { replies } = await say('due pre-move 2026-12-15');
    assert.match(replies.at(-1).text, /Pre-move is now due 2026-12-15/);
    const put = await connector.waitFor((r) => r.method === 'PUT' && r.url.endsWith(`/activities/${activityId}`));
    assert.match(JSON.stringify(put.body), /due 2026-12-15/);
  });

  it('forget me deletes the checklists the person generated', async () => {
    await openChecklist();
    const { replies } = await say('forget me');
    assert.match(replies.at(-1).text, /- 1 checklist you generated/);
    assert.equal(await new ChecklistRepository(h.app.stores.storage).get(TENANT_ID, assessmentId), undefined);
  });

  describe('send checklist to a person (real Notifier, fake connector)', () => {
    const members = {
      members: [
        { id: '29:user-1', name: 'Megan Bowen', aadObjectId: MEGAN_AAD, email: 'megan@contoso.com' },
        { id: '29:adele', name: 'Adele Vance', aadObjectId: '11111111-0000-0000-0000-000000000002', email: 'adele@contoso.com' },
      ],
    };
    const isMembers = (r: RecordedRequest): boolean => r.method === 'GET' && /\/pagedmembers/.test(r.url);
    const isCreate = (r: RecordedRequest): boolean => r.method === 'POST' && /^\/v3\/conversations\/?$/.test(r.url);

    it('looks the person up among the members, opens a 1:1 chat and posts the card there', async () => {
      await openChecklist();
      connector.answerNext({ status: 200, body: members, match: isMembers });
      const { replies } = await say('send checklist to adele@contoso.com');
      assert.match(replies.at(-1).text, /^Sent\. Adele Vance has the checklist/);
      const create = connector.requests.find(isCreate)!;
      assert.equal(create.body.members[0].id, '29:adele');
      assert.equal(create.body.tenantId, TENANT_ID);
      const posted = connector.requests.filter((r) => r.method === 'POST' && /^\/v3\/conversations\/conv-\d+\/activities/.test(r.url));
      assert.equal(posted.length, 2);
      assert.match(posted[0]!.body.text, /^Megan Bowen sent you the migration checklist/);
      assert.equal(posted[1]!.body.attachments[0].contentType, 'application/vnd.microsoft.card.adaptive');
      const stored = (await new ChecklistRepository(h.app.stores.storage).get(TENANT_ID, assessmentId))!;
      assert.equal(stored.cards.length, 2, 'the copy in the 1:1 chat is kept for in-place updates');
    });

    it('tells the requester when the app is not installed for the person (403 bot not in conversation)', async () => {
      await openChecklist();
      connector.answerNext({ status: 200, body: members, match: isMembers });
      connector.answerNext({
        status: 403, match: isCreate,
        body: { error: { code: 'BotNotInConversationRoster', message: 'The bot is not part of the conversation roster.' } },
      });
      const { replies } = await say('send checklist to Adele Vance');
      const text = replies.at(-1).text as string;
      assert.match(text, /^I couldn't reach Adele Vance: /);
      assert.match(text, /Migration Readiness is not installed for them|Usually Migration Readiness is not installed for them/);
      assert.match(text, /send checklist to Adele Vance\*\* again/);
      assert.doesNotMatch(text, /roster|Error|status/i);
    });

    it('backs off on 429 and sends once Teams lets it', async () => {
      await openChecklist();
      connector.answerNext({ status: 200, body: members, match: isMembers });
      connector.answerNext({ status: 429, match: isCreate, headers: { 'retry-after': '0' }, body: { error: { code: 'TooManyRequests', message: 'slow down' } } });
      const { replies } = await say('send checklist to adele');
      assert.match(replies.at(-1).text, /^Sent\. Adele Vance/);
      assert.equal(connector.requests.filter(isCreate).length, 2);
    });
  });

  it('every Action.Execute verb on the checklist card (fixtures and a live card) has a handler in the running app', async () => {
    const { card } = await openChecklist();
    const fixtures = JSON.parse(readFileSync(join(projectRoot, 'test', 'fixtures', 'cards', 'checklist.json'), 'utf8')) as object[];
    const actions = [card, ...fixtures.map((f) => renderCard('checklist', f))].flatMap((c) => executeActions(c));
    assert.deepEqual([...new Set(actions.map((a) => a.verb))].sort(), ['checklist.refresh', 'checklist.show', 'checklist.toggle']);
    for (const action of executeActions(card)) {
      const res = await h.post(cardAction({ serviceUrl: connector.url, verb: action.verb, data: action.data }));
      assert.equal(res.status, 200, action.verb);
      const body = await res.json();
      assert.equal(body.type, 'application/vnd.microsoft.card.adaptive', `${action.verb}: ${JSON.stringify(body)}`);
    }
    assert.ok(!h.logger.lines.some((l) => l.msg === 'unknown card verb'));
  });
});
