import assert from 'node:assert/strict';
import { MemoryStorage } from 'botbuilder';
import { createAdapter, installErrorHandler } from '../../src/adapter.js';
import { loadConfig } from '../../src/config.js';
import { memoryLogger } from '../../src/logging.js';
import { BotNotifier, parseRetryAfter } from '../../src/bot/botNotifier.js';
import { ConversationReferenceStore } from '../../src/proactive/conversationReferenceStore.js';
import type { Reference } from '../../src/proactive/notifier.js';
import { FakeConnector } from '../support/fakeConnector.js';
import { message, TENANT_ID } from '../support/activities.js';

const CHANNEL = '19:general@thread.tacv2';
const card = (text: string) => ({
  type: 'message' as const,
  attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text }] } }],
});

describe('proactive: BotNotifier against a fake Bot Connector over HTTP', () => {
  let connector: FakeConnector;
  let references: ConversationReferenceStore;
  let notifier: BotNotifier;
  let sleeps: number[];
  let channel: Reference;
  let logger: ReturnType<typeof memoryLogger>;
  let resets: number;

  beforeEach(async () => {
    connector = new FakeConnector();
    await connector.start();
    logger = memoryLogger();
    // The same adapter the app uses (anonymous local mode, turn lock, transcripts off).
    const { adapter } = createAdapter(loadConfig({ TYPING_DELAY_MS: '0' }), logger);
    // As in the app: an error handler that would swallow errors and reset the conversation if it ever saw them.
    resets = 0;
    installErrorHandler(adapter, logger, { resetConversation: async () => { resets++; } });
    references = new ConversationReferenceStore(new MemoryStorage());
    sleeps = [];
    notifier = new BotNotifier({
      adapter, appId: '', logger, references, retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000 },
      sleep: async (ms) => { sleeps.push(ms); }, random: () => 1,
    });
    await references.remember(message({ serviceUrl: connector.url, text: 'track', channel: true, conversationId: `${CHANNEL};messageid=1` }) as never);
    channel = (await references.forChannel(TENANT_ID, CHANNEL))!.reference;
  });
  afterEach(async () => {
    await connector.stop();
  });

  it('holds proactive sends, updates and new channel posts to the message budget (80 KB as UTF-16)', async () => {
    const huge = card('x'.repeat(50_000));
    const sent = await notifier.send(channel, huge);
    assert.equal(sent.ok, true);
    const updated = await notifier.update(channel, 'act-9', huge);
    assert.equal(updated.ok, true);
    const thread = await notifier.startThread(channel, huge);
    assert.equal(thread.ok, true);
    const bodies = connector.requests.filter((r) => r.method === 'POST' || r.method === 'PUT').map((r) => r.body.activity ?? r.body);
    assert.equal(bodies.length, 3);
    for (const body of bodies) {
      assert.equal(body.attachments, undefined);
      assert.match(body.text, /too long to send as one Teams message/);
    }
    assert.deepEqual(logger.lines.filter((l) => l.level === 'error').map((l) => l.operation), ['send', 'update', 'startThread']);
  });

  it('starts a thread in a channel and returns the root activity id and the thread reference', async () => {
    const result = await notifier.startThread(channel, card('Status'));
    assert.equal(result.ok, true);
    if (!result.ok) return;
    const created = connector.requests.find((r) => r.method === 'POST' && r.url === '/v3/conversations')!;
    assert.equal(created.body.isGroup, true);
    assert.deepEqual(created.body.channelData, { channel: { id: CHANNEL } });
    assert.equal(created.body.activity.attachments[0].content.body[0].text, 'Status');
    assert.match(result.activityId, /^act-\d+$/);
    assert.match(result.threadReference.conversation!.id, /^conv-\d+$/);
    assert.equal(result.threadReference.serviceUrl, connector.url);
  });

  it('replies in a thread and updates the root card in place with the same activity id', async () => {
    const thread = { ...channel, conversation: { ...channel.conversation!, id: `${CHANNEL};messageid=1700` } };
    const sent = await notifier.send(thread, { type: 'message', text: 'Validation passed' });
    assert.deepEqual(sent.ok && typeof sent.activityId, 'string');
    const reply = connector.requests.find((r) => r.body?.text === 'Validation passed')!;
    assert.equal(reply.method, 'POST');
    assert.ok(reply.url.startsWith(`/v3/conversations/${encodeURIComponent(`${CHANNEL};messageid=1700`)}/activities`));

    const updated = await notifier.update(thread, '1700', card('Updated'));
    assert.deepEqual(updated, { ok: true, activityId: '1700', reposted: false, reference: thread });
    const put = connector.requests.find((r) => r.method === 'PUT')!;
    assert.equal(put.url, `/v3/conversations/${encodeURIComponent(`${CHANNEL};messageid=1700`)}/activities/1700`);
    assert.equal(put.body.id, '1700');
    assert.equal(put.body.attachments[0].content.body[0].text, 'Updated');
  });

  it('posts a fresh card as a new thread when the card to update was deleted', async () => {
    connector.answerNext({ status: 404, body: { error: { code: 'ActivityNotFoundInConversation', message: 'gone' } }, match: (r) => r.method === 'PUT' });
    const thread = { ...channel, conversation: { ...channel.conversation!, id: `${CHANNEL};messageid=1700` } };
    const result = await notifier.update(thread, '1700', card('Fresh'));
    assert.equal(result.ok, true);
    if (!result.ok) return;
    assert.equal(result.reposted, true);
    assert.match(result.activityId, /^act-\d+$/);
    assert.match(result.reference.conversation!.id, /^conv-\d+$/);
    const created = connector.requests.find((r) => r.method === 'POST' && r.url === '/v3/conversations')!;
    assert.deepEqual(created.body.channelData, { channel: { id: CHANNEL } });
  });

  it('backs off on 429 and retries a bounded number of times', async () => {
    connector.answerNext({ status: 429, body: { error: { code: 'Throttled' } } });
    connector.answerNext({ status: 429, body: { error: { code: 'Throttled' } } });
    const ok = await notifier.send(channel, { type: 'message', text: 'third time lucky' });
    assert.equal(ok.ok, true);
    assert.deepEqual(sleeps, [100, 200]);
    assert.equal(connector.requests.filter((r) => r.body?.text === 'third time lucky').length, 3);

    sleeps = [];
    for (let i = 0; i < 5; i++) connector.answerNext({ status: 429, body: { error: { code: 'Throttled' } } });
    const throttled = await notifier.send(channel, { type: 'message', text: 'never' });
    assert.deepEqual(throttled, { ok: false, reason: 'throttled', status: 429 });
    assert.equal(connector.requests.filter((r) => r.body?.text === 'never').length, 3);
    assert.deepEqual(sleeps, [100, 200]);
  });

  it('marks the conversation dead on 403 bot not in conversation, without retrying, and skips later sends', async () => {
    connector.answerNext({ status: 403, body: { error: { code: 'BotNotInConversationRoster', message: 'The bot is not part of the conversation roster.' } } });
    const first = await notifier.send(channel, { type: 'message', text: 'hello?' });
    assert.deepEqual(first, { ok: false, reason: 'not-in-conversation', status: 403 });
    assert.equal(connector.requests.filter((r) => r.body?.text === 'hello?').length, 1);
    assert.deepEqual(sleeps, []);
    assert.equal((await references.forChannel(TENANT_ID, CHANNEL))?.dead?.reason, 'BotNotInConversationRoster');
    assert.equal(resets, 0, 'a failed proactive send never reaches onTurnError (which would reset the conversation)');

    const before = connector.requests.length;
    const thread = { ...channel, conversation: { ...channel.conversation!, id: `${CHANNEL};messageid=5` } };
    assert.deepEqual(await notifier.send(thread, { type: 'message', text: 'still?' }), { ok: false, reason: 'dead-reference' });
    assert.equal(connector.requests.length, before);

    // Someone talks to the bot in that channel again: it is alive.
    await references.remember(message({ serviceUrl: connector.url, text: 'help', channel: true, conversationId: `${CHANNEL};messageid=9` }) as never);
    assert.equal((await notifier.send(channel, { type: 'message', text: 'back' })).ok, true);
  });

  it('reports a person who blocked the bot as blocked', async () => {
    connector.answerNext({ status: 403, body: { error: { code: 'Forbidden', message: 'x', innerHttpError: { statusCode: 403, body: { error: { code: 'MessageWritesBlocked' } } } } } });
    const result = await notifier.send(channel, { type: 'message', text: 'hi' });
    assert.deepEqual(result, { ok: false, reason: 'blocked', status: 403 });
  });

  it('opens a 1:1 chat with a person and posts in it', async () => {
    const result = await notifier.createPersonalConversation(
      { tenantId: TENANT_ID, serviceUrl: connector.url, userId: '29:pm', botId: '28:bot-app-id' },
      { type: 'message', text: 'Your checklist' },
    );
    assert.equal(result.ok, true);
    if (!result.ok) return;
    const create = connector.requests.find((r) => r.method === 'POST' && r.url === '/v3/conversations')!;
    assert.equal(create.body.isGroup, false);
    assert.deepEqual(create.body.members, [{ id: '29:pm', name: '' }]);
    assert.equal(create.body.tenantId, TENANT_ID);
    assert.deepEqual(create.body.channelData, { tenant: { id: TENANT_ID } });
    assert.match(result.reference.conversation!.id, /^conv-\d+$/);
    assert.equal(result.reference.conversation!.tenantId, TENANT_ID);
    const post = connector.requests.find((r) => r.body?.text === 'Your checklist')!;
    assert.ok(post.url.startsWith(`/v3/conversations/${result.reference.conversation!.id}/activities`));
    assert.equal(typeof result.activityId, 'string');
  });

  it('says not-in-conversation when the app is not installed for the person', async () => {
    connector.answerNext({ status: 403, body: { error: { code: 'BotNotInConversationRoster', message: 'not installed' } } });
    const result = await notifier.createPersonalConversation({ tenantId: TENANT_ID, serviceUrl: connector.url, userId: '29:stranger' }, { type: 'message', text: 'x' });
    assert.deepEqual(result, { ok: false, reason: 'not-in-conversation', status: 403 });
  });

  it('gives up waiting between retries when closed (shutdown)', async () => {
    const { adapter } = createAdapter(loadConfig({ TYPING_DELAY_MS: '0' }), logger);
    const slow = new BotNotifier({ adapter, appId: '', logger, retry: { maxAttempts: 5, baseDelayMs: 600_000, maxDelayMs: 600_000 } });
    connector.answerNext({ status: 429, body: {} });
    const pending = slow.send(channel, { type: 'message', text: 'shutdown' });
    await connector.waitFor((r) => r.body?.text === 'shutdown');
    slow.close();
    assert.deepEqual(await pending, { ok: false, reason: 'throttled', status: 429 });
  });

  it('reports an unreachable connector without throwing', async () => {
    const gone = { ...channel, serviceUrl: 'http://127.0.0.1:9/' };
    const result = await notifier.send(gone, { type: 'message', text: 'x' });
    assert.equal(result.ok, false);
  });
});

describe('proactive: retry timing', () => {
  it('reads Retry-After in seconds or as a date', () => {
    assert.equal(parseRetryAfter('2'), 2000);
    const now = Date.parse('2026-12-01T09:00:00Z');
    assert.equal(parseRetryAfter('Tue, 01 Dec 2026 09:00:03 GMT', now), 3000);
    assert.equal(parseRetryAfter('soon'), undefined);
    assert.equal(parseRetryAfter(undefined), undefined);
  });
});
