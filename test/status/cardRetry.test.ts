/**
 * A status card whose post fails for good (400, 401, 403 without "not in conversation", 413) is not posted again on
 * every reminder pass: attempts back off exponentially and stop after CARD_MAX_ATTEMPTS, until the migration
 * changes or the channel talks to the bot again.
 */
import assert from 'node:assert/strict';
import { CARD_MAX_ATTEMPTS, CARD_RETRY_CAP_MS } from '../../src/services/statusService.js';
import { FakeConnector } from '../support/fakeConnector.js';
import { removeDir, tempDataDir } from '../support/appHarness.js';
import { Clock, isNewThread, startStatusApp, type StatusHarness } from './statusHarness.js';

const T0 = new Date('2026-12-01T09:00:00Z');
const MINUTE = 60 * 1000;
const PASS = 5 * MINUTE;

describe('status: a card post that keeps failing backs off and gives up', () => {
  let connector: FakeConnector;
  let dataDir: string;
  let clock: Clock;
  let h: StatusHarness | undefined;

  beforeEach(async () => {
    connector = new FakeConnector();
    await connector.start();
    dataDir = tempDataDir();
    clock = new Clock(T0);
  });
  afterEach(async () => {
    await h?.stop();
    h = undefined;
    await connector.stop();
    removeDir(dataDir);
  });

  /** Tracks a migration whose card post is refused (400) every time; returns its id. */
  async function trackRefused(status: number): Promise<string> {
    for (let i = 0; i < 1000; i++) connector.answerNext({ status, body: { error: { code: 'BadArgument' } }, match: isNewThread });
    await h!.say('track Contoso Sales');
    const reply = await connector.waitFor((r) => /Tracking \*\*/.test(r.body?.text ?? ''));
    await h!.settle();
    return /\*\*(m-[a-z0-9]{8})\*\*/.exec(reply.body.text)![1]!;
  }

  /** Runs a reminder pass every 5 minutes for `ms`. */
  async function passes(ms: number): Promise<void> {
    const end = clock.value.getTime() + ms;
    while (clock.value.getTime() < end) {
      clock.advance(PASS);
      await h!.app.status.runDueReminders();
      await h!.settle();
    }
  }

  for (const status of [400, 413]) {
    it(`answered ${status}: at most ${CARD_MAX_ATTEMPTS} posts in two days, further and further apart, one give-up log`, async () => {
      h = await startStatusApp({ connector, clock, dataDir });
      const posts: number[] = [];
      const count = (): number => connector.requests.filter(isNewThread).length;
      await trackRefused(status);
      posts.push(clock.value.getTime());
      let seen = count();
      const end = clock.value.getTime() + 2 * 24 * 60 * MINUTE;
      while (clock.value.getTime() < end) {
        clock.advance(PASS);
        await h.app.status.runDueReminders();
        await h.settle();
        if (count() > seen) posts.push(clock.value.getTime());
        seen = count();
      }
      assert.equal(count(), CARD_MAX_ATTEMPTS, 'every attempt was one post; then it stopped');
      const gaps = posts.slice(1).map((t, i) => t - posts[i]!);
      for (let i = 1; i < gaps.length; i++) assert.ok(gaps[i]! >= gaps[i - 1]!, `gaps grow: ${gaps.map((g) => g / MINUTE).join(', ')} minutes`);
      assert.ok(gaps.at(-1)! > gaps[0]!, 'backs off');
      assert.ok(gaps.every((g) => g <= CARD_RETRY_CAP_MS + PASS), 'capped');
      const giveUps = h.logger.lines.filter((l) => l.msg === 'status card given up');
      assert.equal(giveUps.length, 1, 'logged once per give-up');
    });
  }

  it('after giving up, a message in the channel or a status change makes it try again', async () => {
    h = await startStatusApp({ connector, clock, dataDir });
    const id = await trackRefused(400);
    const count = (): number => connector.requests.filter(isNewThread).length;
    await passes(2 * 24 * 60 * MINUTE);
    assert.equal(count(), CARD_MAX_ATTEMPTS);

    // Nothing happens while nobody talks; then the channel talks to the bot: the next pass tries again.
    await passes(24 * 60 * MINUTE);
    assert.equal(count(), CARD_MAX_ATTEMPTS);
    await h.say('help');
    await h.settle();
    await passes(PASS);
    assert.equal(count(), CARD_MAX_ATTEMPTS + 1, 'tried again after the channel talked');
    await passes(2 * 24 * 60 * MINUTE);
    assert.equal(count(), 2 * CARD_MAX_ATTEMPTS, 'a fresh round of attempts, then stops again');

    // The migration changes: the card is tried again at once.
    const before = count();
    await h.say(`status ${id} awaiting-approval`);
    await h.settle();
    assert.equal(count(), before + 1);
    assert.equal(h.logger.lines.filter((l) => l.msg === 'status card given up').length, 2);
  });
});

describe('status: a first card post that Teams did not confirm (5xx, time-out)', () => {
  let connector: FakeConnector;
  let dataDir: string;
  let h: StatusHarness | undefined;

  beforeEach(async () => {
    connector = new FakeConnector();
    await connector.start();
    dataDir = tempDataDir();
  });
  afterEach(async () => {
    await h?.stop();
    h = undefined;
    await connector.stop();
    removeDir(dataDir);
  });

  it('is posted once, recorded as unconfirmed, not posted again by the timer or a message, and posted fresh on the next change', async () => {
    const clock = new Clock(T0);
    h = await startStatusApp({ connector, clock, dataDir });
    connector.answerNext({ status: 500, body: { error: { code: 'ServiceError' } }, match: isNewThread });
    await h.say('track Contoso Sales');
    const reply = await connector.waitFor((r) => /Tracking \*\*/.test(r.body?.text ?? ''));
    await h.settle();
    const id = /\*\*(m-[a-z0-9]{8})\*\*/.exec(reply.body.text)![1]!;
    const count = (): number => connector.requests.filter(isNewThread).length;
    assert.equal(count(), 1, 'a 500 on the new post is not sent again (the connector client would send it again at once)');

    for (let i = 0; i < 12; i++) {
      clock.advance(PASS);
      await h.app.status.runDueReminders();
      await h.settle();
    }
    await h.say('help'); // the channel talks to the bot again: still no blind second post
    await connector.waitForMessage(/help/i);
    clock.advance(PASS);
    await h.app.status.runDueReminders();
    await h.settle();
    assert.equal(count(), 1, 'the timer never posts an unconfirmed card again');

    await h.say(`status ${id}`);
    await connector.waitForMessage('did not confirm');

    const thread = h.nextThread();
    const changed = await h.api('POST', id, { phase: 'approved' });
    assert.equal(changed.status, 200);
    await h.settle();
    assert.equal(count(), 2, 'a change posts the card (with the new status)');
    await h.say(`status ${id}`);
    const summaries = (): string[] => connector.requests.map((r) => r.body?.text ?? '').filter((t: string) => /is at \*\*/.test(t));
    await connector.waitFor(() => summaries().length === 2);
    assert.match(summaries()[0]!, /did not confirm/);
    assert.doesNotMatch(summaries()[1]!, /did not confirm/, 'the doubt is gone once a card is posted');
    assert.equal(connector.requests.filter((r) => r.method === 'PUT').length, 0);
    assert.ok(thread.activityId);
  });
});
