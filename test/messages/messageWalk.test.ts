/**
 * Every message the bot can send stays within one Teams message: the budget of 80 KB counted as UTF-16
 * (src/domain/messageSize.ts), for a 50-environment profile with every solution.
 *
 * 1. The producers built from view models and the domain (test/support/messageCatalogue.ts: one entry a producer).
 * 2. Over real HTTP with lowdb on disk: an interview with 25 environments to its verdict, then the commands that
 *    show what it made, the same for a saved 50-environment assessment, help and welcome, the mapping check of a
 *    long pasted file, unknown commands. The fake connector records every activity; each is sized.
 */
import assert from 'node:assert/strict';
import { checkActivity } from '../../src/bot/messageBudget.js';
import { MESSAGE_BUDGET_BYTES, utf16Bytes } from '../../src/domain/messageSize.js';
import { memoryLogger } from '../../src/logging.js';
import { AssessmentRepository } from '../../src/records/assessmentRepository.js';
import { assess } from '../../src/domain/assessment/index.js';
import { FakeConnector } from '../support/fakeConnector.js';
import { botAdded, cardAction, installationUpdate, message } from '../support/activities.js';
import { startApp, removeDir, tempDataDir, type Harness } from '../support/appHarness.js';
import { PRODUCERS, bigProfile, catalogueContext, interviewAnswers } from '../support/messageCatalogue.js';

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

describe('message sizes: every message within the Teams budget (50 environments, every solution)', function () {
  this.timeout(120_000);
  const context = catalogueContext(50);

  for (const producer of PRODUCERS) {
    it(producer.caughtByNet ? `${producer.kind}: over the budget today, replaced at send time (${producer.caughtByNet})` : producer.kind, () => {
      const messages = producer.messages(context);
      assert.ok(messages.length > 0, 'the producer made at least one message');
      if (producer.kind.startsWith('interview question')) {
        assert.ok(messages.filter((m) => m.label.startsWith('question')).length > 50 * 10, 'every question of every environment');
      }
      if (producer.kind.startsWith('interview review')) assert.ok(messages.length >= 4, 'the interview reached its review');
      for (const { label, activity } of messages) {
        const bytes = utf16Bytes(activity);
        if (!producer.caughtByNet) {
          assert.ok(bytes <= MESSAGE_BUDGET_BYTES, `${label}: ${kb(bytes)} is over the ${kb(MESSAGE_BUDGET_BYTES)} budget`);
          continue;
        }
        // Known gap: the net must catch it, and the flag must go once the producer fits.
        assert.ok(bytes > MESSAGE_BUDGET_BYTES, `${label} fits now (${kb(bytes)}): remove its caughtByNet flag`);
        const checked = checkActivity(activity, 'send', { logger: memoryLogger() });
        assert.ok(checked, `${label}: the net lets it through`);
        assert.ok(utf16Bytes(checked.replacement) <= MESSAGE_BUDGET_BYTES);
      }
    });
  }
});

describe('message sizes over HTTP: an interview with 25 environments to its verdict, and what follows (lowdb on disk)', function () {
  this.timeout(600_000);
  const connector = new FakeConnector();
  const dataDir = tempDataDir();
  let h: Harness;

  before(async () => {
    await connector.start();
    h = await startApp({}, dataDir);
  });
  after(async () => {
    await h?.stop();
    await connector.stop();
    removeDir(dataDir);
  });

  const personal = 'a:message-walk-personal';
  const channel = '19:walk@thread.tacv2';

  async function say(text: string, options: { channel?: boolean } = {}): Promise<any[]> {
    const before = connector.activities().length;
    const activity = message({ serviceUrl: connector.url, text, conversationId: options.channel ? channel : personal, channel: options.channel });
    const res = await h.post(activity);
    assert.equal(res.status, 200, `posting "${text.slice(0, 40)}"`);
    const body = await res.text();
    if (body) sizes.push({ label: `HTTP answer to "${text.slice(0, 30)}"`, bytes: 2 * body.length });
    return connector.activities().slice(before);
  }

  const sizes: Array<{ label: string; bytes: number }> = [];
  let assessmentId = '';

  /** Everything the bot sent to the connector: replies, proactive posts, updates, new conversations. */
  function sentBodies(): Array<{ label: string; bytes: number }> {
    return connector.requests
      .filter((r) => r.body && (r.method === 'POST' || r.method === 'PUT') && /\/v3\/conversations/.test(r.url))
      .map((r) => ({ label: `${r.method} ${r.url.replace(/\/v3\/conversations\/[^/]+/, '/v3/conversations/{id}')} ${JSON.stringify(r.body).slice(0, 80)}`, bytes: utf16Bytes(r.body) }));
  }

  function oversizeLogLines(): Array<Record<string, unknown>> {
    return h.logger.lines.filter((l) => String(l.msg ?? l.message ?? '').includes('over the Teams budget'));
  }

  it('reaches the verdict of a 25-environment interview without one message over the budget', async () => {
    await h.post(installationUpdate({ serviceUrl: connector.url, conversationId: personal }));
    await say('check eligibility');
    const answers = interviewAnswers(25);
    let last: any[] = [];
    for (const answer of answers) {
      last = await say(answer);
      assert.doesNotMatch(JSON.stringify(last), /Not recognised|Please answer|didn't understand/, `answer "${answer.slice(0, 40)}" was refused`);
    }
    assert.match(JSON.stringify(last), /Review your answers/);
    const verdict = await say('assess');
    const json = JSON.stringify(verdict);
    assert.match(json, /Contoso environment 25/);
    assessmentId = /Assessment ([a-z0-9]{8})/.exec(json)![1]!;
    const record = await new AssessmentRepository(h.app.stores.storage).get(verdict[0].conversation?.tenantId ?? '72f988bf-86f1-41af-91ab-2d7cd011db47', assessmentId);
    assert.equal(record?.profile.environments.length, 25);
    for (const s of sentBodies()) assert.ok(s.bytes <= MESSAGE_BUDGET_BYTES, `${s.label}: ${kb(s.bytes)}`);
    assert.deepEqual(oversizeLogLines(), [], 'no producer needed the send-time net');
  });

  it('keeps every later message within the budget, for the 25-environment assessment and a saved 50-environment one', async () => {
    const first = await new AssessmentRepository(h.app.stores.storage).get('72f988bf-86f1-41af-91ab-2d7cd011db47', assessmentId);
    assert.ok(first, 'the interview saved its assessment');
    const profile = bigProfile(50);
    const big = await new AssessmentRepository(h.app.stores.storage).save({
      tenantId: first.tenantId, userId: first.userId, userName: first.userName, profile, assessment: assess(profile),
    });
    await h.post(botAdded({ serviceUrl: connector.url, conversationId: channel, channel: true }));
    const expect = async (text: string, pattern: RegExp, options: { channel?: boolean } = {}): Promise<void> => {
      const before = connector.requests.length;
      await say(text, options);
      await h.app.status.idle();
      const sent = JSON.stringify(connector.requests.slice(before).map((r) => r.body));
      assert.match(sent, pattern, `what "${text.slice(0, 40)}" sent: ${sent.slice(0, 600)}`);
    };
    for (const id of [assessmentId, big.id]) {
      await expect(`open ${id}`, new RegExp(`Assessment ${id}`));
      await expect(`checklist ${id}`, /checklist\.toggle/);
      // Every solution in every environment blocks the move: the answer lists the environments instead of cards.
      await expect(`commands ${id}`, /AdaptiveCard|no move commands yet/);
      await expect(`commands ${id} Contoso environment 25`, /AdaptiveCard|can't move|cannot move|no move commands/);
      await expect(`packaging ${id}`, /AdaptiveCard|packag/i);
      await expect(`plan ${id}`, /AdaptiveCard|plan/i);
      await expect(`track ${id}`, /each one moves on its own/, { channel: true });
      await expect(`track ${id} Contoso environment 25`, /status\.set/, { channel: true });
    }
    // Every button of the 50-environment checklist card that shows another phase or page: the card each answers with.
    const before = connector.requests.length;
    await say(`checklist ${big.id}`);
    const actions: Array<{ verb: string; data: Record<string, unknown> }> = [];
    JSON.stringify(connector.requests.slice(before).map((r) => r.body), (_key, value) => {
      if (value && typeof value === 'object' && value.verb === 'checklist.show') actions.push({ verb: value.verb, data: value.data });
      return value;
    });
    assert.ok(actions.length >= 5, 'the checklist card offers its phases and pages');
    for (const action of actions) {
      const res = await h.post(cardAction({ serviceUrl: connector.url, conversationId: personal, verb: action.verb, data: action.data }));
      const body = await res.text();
      assert.match(body, /AdaptiveCard/, `checklist.show ${JSON.stringify(action.data)} answers with a card`);
      sizes.push({ label: `invoke checklist.show ${JSON.stringify(action.data)}`, bytes: 2 * body.length });
    }
    await expect('hello', /AdaptiveCard/);
    await expect('help', /AdaptiveCard/);
    await expect('help', /AdaptiveCard/, { channel: true });
    await expect('my assessments', new RegExp(big.id));
    await expect('migrations', /Contoso environment 50|Contoso environment 01|migration/i, { channel: true });
    await expect('frobnicate the widgets', /help/);
    // 2,000 lines stay under the edge's 100,000-character text limit (Teams itself caps a typed message near 28 KB).
    const lines = ['Source,Destination', ...Array.from({ length: 2000 }, (_, i) => (i % 3 === 0 ? `user${i}@contoso.com,not-an-address` : `user${i}@contoso.com,user${i}@fabrikam.com`))];
    await expect(`check mapping file\n${lines.join('\n')}`, /users mapped/);
    await say('cancel');
    // The identity map: 2,000 pasted lines with errors, then a clean map, its export and its join to the
    // 50-environment assessment's migration (the seat check's words for 50 environments).
    await expect(`identity map\n${lines.join('\n')}`, /Identity map check/);
    await expect(`identity map\n${lines.filter((_l, i) => (i - 1) % 3 !== 0).join('\n')}`, /identity\.export/);
    await expect('identity map export usermapping', /file\.consent/);
    await expect('identity map export onedrive', /needs the source tenant/);
    const planned = await say(`plan ${big.id}`);
    const migrationId = /"migrationId":"(m-[a-z0-9]{8})"/.exec(JSON.stringify(planned))![1]!;
    await expect(`identity map for ${migrationId}`, /Joined the identity map/);

    // Export of the 50-environment assessment (about 1 MB of Markdown) comes as files, a short report also as a code
    // block; asked in the channel, the files come in the personal chat.
    const exported = await say(`export ${big.id}`);
    assert.match(exported[0].text, new RegExp(`report of assessment \\*\\*${big.id}\\*\\* is [\\d.,]+ KB, too long to read well in a chat message`));
    assert.deepEqual(exported.slice(1).map((a) => a.attachments?.[0]?.name), [`assessment-${big.id}.md`, `assessment-${big.id}.html`]);
    await expect(`export ${assessmentId}`, /assessment-[a-z0-9]+\.html/);
    await expect(`export ${big.id}`, /comes as files/, { channel: true });
    await h.app.status.idle();
    assert.deepEqual(oversizeLogLines(), [], 'no producer needed the send-time net');

    const all = [...sentBodies(), ...sizes];
    assert.ok(all.length > 100);
    for (const s of all) assert.ok(s.bytes <= MESSAGE_BUDGET_BYTES, `${s.label}: ${kb(s.bytes)}`);
  });
});
