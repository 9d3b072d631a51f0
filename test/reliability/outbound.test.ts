/**
 * Proactive sends through the outbound throttle, against the fake Bot Connector over real HTTP, with the adapter the
 * app uses: Teams' per-conversation rates as counted by the connector, Retry-After honoured, and no POST of a new
 * message sent twice after a 5xx (the connector client's own retry policy would send it four times). Time is a
 * fake clock that moves only when the throttle sleeps, so the test does not wait 30 seconds and cannot be flaky
 * about them; the connector stamps every request with that clock. The time-out of a hung request is the one real
 * wait: a small configured time-out (HUNG_TIMEOUT_MS), nothing asserted about how long it took.
 */
import assert from 'node:assert/strict';
import { MemoryStorage } from 'botbuilder';
import { createAdapter, installErrorHandler } from '../../src/adapter.js';
import { BotNotifier } from '../../src/bot/botNotifier.js';
import { loadConfig } from '../../src/config.js';
import { memoryLogger } from '../../src/logging.js';
import { ConversationReferenceStore } from '../../src/proactive/conversationReferenceStore.js';
import type { Reference } from '../../src/proactive/notifier.js';
import { OutboundThrottle } from '../../src/proactive/outboundThrottle.js';
import { message, TENANT_ID } from '../support/activities.js';
import { FakeConnector, type RecordedRequest } from '../support/fakeConnector.js';

const CHANNEL = '19:ops@thread.tacv2';
/** The throttle's per-request time-out in the hung-connector tests: short, but far above a local round trip. */
const HUNG_TIMEOUT_MS = 1_000;

/** Most requests in any window of `windowMs` ending at a request (inclusive start excluded, as the limit counts). */
function busiestWindow(times: number[], windowMs: number): number {
  let most = 0;
  for (const end of times) most = Math.max(most, times.filter((t) => t > end - windowMs && t <= end).length);
  return most;
}

describe('reliability: proactive sends through the outbound throttle (fake connector over HTTP)', () => {
  let connector: FakeConnector;
  let notifier: BotNotifier;
  let channel: Reference;
  let time: number;
  let sleeps: number[];
  let logger: ReturnType<typeof memoryLogger>;

  beforeEach(async () => {
    connector = new FakeConnector();
    await connector.start();
    time = 1_000_000;
    sleeps = [];
    connector.clock = () => time;
    logger = memoryLogger();
    const { adapter } = createAdapter(loadConfig({ TYPING_DELAY_MS: '0' }), logger);
    installErrorHandler(adapter, logger, { resetConversation: async () => {} });
    const throttle = new OutboundThrottle({
      now: () => time,
      // The fake clock jumps; a real turn of the event loop lets the HTTP exchange of other sends go on.
      sleep: async (ms) => {
        sleeps.push(ms);
        time += ms;
        await new Promise((resolve) => setImmediate(resolve));
      },
      random: () => 0.5,
    });
    const references = new ConversationReferenceStore(new MemoryStorage());
    notifier = new BotNotifier({ adapter, appId: '', logger, references, throttle });
    await references.remember(message({ serviceUrl: connector.url, text: 'hi', channel: true, conversationId: `${CHANNEL};messageid=1` }) as never);
    channel = (await references.forChannel(TENANT_ID, CHANNEL))!.reference;
  });
  afterEach(async () => {
    await connector.stop();
  });

  const posts = (text: RegExp): RecordedRequest[] => connector.requests.filter((r) => r.method === 'POST' && text.test(r.body?.text ?? ''));

  it('a burst of 100 sends to one conversation (its channel and a thread) stays within 7 a second, 8 per 2 s and 60 per 30 s', async () => {
    const thread = { ...channel, conversation: { ...channel.conversation!, id: `${CHANNEL};messageid=1` } };
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => notifier.send(i % 2 ? thread : channel, { type: 'message', text: `burst ${i}` })));
    assert.equal(results.filter((r) => r.ok).length, 100);
    const sent = posts(/^burst /);
    assert.equal(sent.length, 100, 'every send reached the connector once');
    assert.deepEqual(sent.map((r) => r.body.text), Array.from({ length: 100 }, (_, i) => `burst ${i}`), 'in the order they were queued');
    const times = sent.map((r) => r.at);
    assert.ok(busiestWindow(times, 1_000) <= 7, `${busiestWindow(times, 1_000)} in one second`);
    assert.ok(busiestWindow(times, 2_000) <= 8, `${busiestWindow(times, 2_000)} in two seconds`);
    assert.ok(busiestWindow(times, 30_000) <= 60, `${busiestWindow(times, 30_000)} in 30 seconds`);
    // 100 sends at 60 per 30 s cannot take less than 30 s of (fake) time; the throttle really waited.
    assert.ok(times[99]! - times[0]! >= 30_000);
  });

  it('honours Retry-After on 429: the next attempt, and the next send to that conversation, wait for it', async () => {
    connector.answerNext({ status: 429, headers: { 'retry-after': '7' }, body: { error: { code: 'Throttled' } }, match: (r) => r.body?.text === 'first' });
    const [first, second] = await Promise.all([
      notifier.send(channel, { type: 'message', text: 'first' }),
      notifier.send(channel, { type: 'message', text: 'second' }),
    ]);
    assert.equal(first.ok, true);
    assert.equal(second.ok, true);
    const tries = posts(/^first$/);
    assert.equal(tries.length, 2);
    assert.ok(tries[1]!.at - tries[0]!.at >= 7_000, `retried after ${tries[1]!.at - tries[0]!.at} ms`);
    assert.ok(posts(/^second$/)[0]!.at >= tries[1]!.at, 'the conversation waits as a whole');
  });

  it('never sends a new message again after a 500, 502 or 503, but retries an update (PUT)', async () => {
    for (const status of [500, 502, 503]) {
      for (let i = 0; i < 4; i++) connector.answerNext({ status, body: { error: { code: 'ServiceError' } }, match: (r) => r.body?.text === `post ${status}` });
      const result = await notifier.send(channel, { type: 'message', text: `post ${status}` });
      assert.deepEqual(result, { ok: false, reason: 'unknown-outcome', status });
      assert.equal(posts(new RegExp(`^post ${status}$`)).length, 1, `one POST after a ${status}`);
    }
    // A new channel post (the status card's first post) is a POST too.
    connector.answerNext({ status: 500, body: {}, match: (r) => r.method === 'POST' && r.url === '/v3/conversations' });
    connector.answerNext({ status: 500, body: {}, match: (r) => r.method === 'POST' && r.url === '/v3/conversations' });
    assert.deepEqual(await notifier.startThread(channel, { type: 'message', text: 'card' }), { ok: false, reason: 'unknown-outcome', status: 500 });
    assert.equal(connector.requests.filter((r) => r.method === 'POST' && r.url === '/v3/conversations').length, 1);

    connector.answerNext({ status: 500, body: {}, match: (r) => r.method === 'PUT' });
    connector.answerNext({ status: 504, body: {}, match: (r) => r.method === 'PUT' });
    const updated = await notifier.update(channel, 'act-1', { type: 'message', text: 'updated' });
    assert.equal(updated.ok, true);
    assert.equal(connector.requests.filter((r) => r.method === 'PUT').length, 3, 'an update of a known id is safe to send again');
    assert.ok(logger.lines.some((l) => l.msg === 'proactive send outcome unknown; not sent again'));
  });

  it('keeps a 403 (bot removed) as it was: not retried, the conversation marked dead', async () => {
    connector.answerNext({ status: 403, body: { error: { code: 'BotNotInConversationRoster', message: 'The bot is not part of the conversation roster.' } } });
    assert.deepEqual(await notifier.send(channel, { type: 'message', text: 'gone?' }), { ok: false, reason: 'not-in-conversation', status: 403 });
    assert.deepEqual(await notifier.send(channel, { type: 'message', text: 'still?' }), { ok: false, reason: 'dead-reference' });
    assert.equal(posts(/^(gone\?|still\?)$/).length, 1);
    assert.deepEqual(sleeps, []);
  });

  describe('a connector that never answers (PROACTIVE_TIMEOUT_MS)', () => {
    let timed: BotNotifier;
    beforeEach(() => {
      const { adapter } = createAdapter(loadConfig({ TYPING_DELAY_MS: '0' }), logger);
      installErrorHandler(adapter, logger, { resetConversation: async () => {} });
      const throttle = new OutboundThrottle({
        now: () => time,
        sleep: async (ms) => {
          sleeps.push(ms);
          time += ms;
          await new Promise((resolve) => setImmediate(resolve));
        },
        random: () => 0.5,
        attemptTimeoutMs: HUNG_TIMEOUT_MS,
      });
      timed = new BotNotifier({ adapter, appId: '', logger, throttle });
    });

    it('a hung POST is outcome-unknown after the time-out, is not sent again, and the next send to that conversation goes through', async () => {
      connector.answerNext({ status: 200, hang: true, match: (r) => r.method === 'POST' && r.body?.text === 'hung post' });
      const [hung, next] = await Promise.all([
        timed.send(channel, { type: 'message', text: 'hung post' }),
        timed.send(channel, { type: 'message', text: 'queued behind it' }),
      ]);
      assert.deepEqual(hung, { ok: false, reason: 'unknown-outcome' });
      assert.equal(next.ok, true);
      assert.equal(posts(/^hung post$/).length, 1, 'never posted again');
      assert.equal(posts(/^queued behind it$/).length, 1);
      assert.ok(logger.lines.some((l) => l.msg === 'proactive send outcome unknown; not sent again' && l.operation === 'send'));
      // The hung request was aborted (the connection closed), not left open: its late end is the abort.
      await waitForLog(logger, 'timed-out proactive request aborted');
      assert.ok(!logger.lines.some((l) => l.msg === 'proactive request answered after its time-out; result ignored'));
    });

    it('a hung new channel post (the first status card) is outcome-unknown too', async () => {
      connector.answerNext({ status: 200, hang: true, match: (r) => r.method === 'POST' && r.url === '/v3/conversations' });
      assert.deepEqual(await timed.startThread(channel, { type: 'message', text: 'card' }), { ok: false, reason: 'unknown-outcome' });
      assert.equal(connector.requests.filter((r) => r.method === 'POST' && r.url === '/v3/conversations').length, 1);
    });

    it('a hung update (PUT) is sent again after the time-out and succeeds', async () => {
      connector.answerNext({ status: 200, hang: true, match: (r) => r.method === 'PUT' });
      const updated = await timed.update(channel, 'act-1', { type: 'message', text: 'updated' });
      assert.equal(updated.ok, true);
      const puts = connector.requests.filter((r) => r.method === 'PUT');
      assert.equal(puts.length, 2, 'an update of a known id is safe to send again');
      assert.deepEqual(puts.map((r) => r.body?.text), ['updated', 'updated']);
      assert.equal(sleeps.length, 1, 'one back-off between the attempts');
    });
  });
});

async function waitForLog(logger: ReturnType<typeof memoryLogger>, msg: string): Promise<void> {
  for (let i = 0; i < 200 && !logger.lines.some((l) => l.msg === msg); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.ok(logger.lines.some((l) => l.msg === msg), `logged: ${msg}`);
}
