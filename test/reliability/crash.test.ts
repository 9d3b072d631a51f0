/**
 * At-least-once delivery across a crash: a burst of interview turns in several conversations, the bot process
 * killed with SIGKILL in the middle, restarted on the same data, the cut activities delivered again (same ids, as
 * Teams does) together with one answered activity per conversation (Teams also redelivers slow answers). Every
 * person answers the newest question card they saw. In the end every conversation's review card must equal the
 * review of an uninterrupted conversation with the same answers: no answer lost, none in the wrong field.
 */
import assert from 'node:assert/strict';
import { FakeConnector } from '../support/fakeConnector.js';
import { removeDir, tempDataDir } from '../support/appHarness.js';
import { InterviewUser } from './interviewUser.js';
import { reviewContent, startBotProcess, type BotProcess } from './support.js';

const CONVERSATIONS = 6;

describe('reliability: SIGKILL during a burst of interview turns', function () {
  this.timeout(120_000);
  let connector: FakeConnector;
  let bot: BotProcess | undefined;
  const dataDir = tempDataDir();

  before(async () => {
    connector = new FakeConnector();
    await connector.start();
  });
  after(async () => {
    await bot?.kill();
    await connector.stop();
    removeDir(dataDir);
  });

  it('loses no answer and puts none in the wrong field after a restart and redelivery', async () => {
    bot = await startBotProcess({ DATA_DIR: dataDir });
    const users = Array.from({ length: CONVERSATIONS }, (_, i) => new InterviewUser(connector, `crash${i}`));
    // Kill somewhere in the middle of the burst (about 25 questions per conversation); the point is printed so a
    // failure can be replayed by reading it.
    const killAfter = 20 + Math.floor(Math.random() * (CONVERSATIONS * 12));
    let killed = false;
    const sentSoFar = () => users.reduce((n, u) => n + u.sent, 0);
    const first = bot;
    const killer = (async () => {
      while (!killed && sentSoFar() < killAfter) await new Promise((r) => setTimeout(r, 2));
      killed = true;
      await first.kill('SIGKILL');
    })();
    await Promise.all(users.map(async (u) => {
      if (await u.start(first.url)) await u.answerAll(first.url, () => killed);
    }));
    killed = true;
    await killer;

    bot = await startBotProcess({ DATA_DIR: dataDir });
    const url = bot.url;
    // People who saw a new question answer it; Teams' redelivery comes after.
    await Promise.all(users.map((u) => u.answerAll(url, () => false, 1)));
    await Promise.all(users.map((u) => u.redeliver(url)));
    await Promise.all(users.map(async (u) => {
      if (!u.cards().some((c) => c.kind !== 'review')) await u.start(url);
      await u.answerAll(url);
    }));

    const control = new InterviewUser(connector, 'control');
    await control.start(url);
    await control.answerAll(url);
    assert.ok(control.done(), 'the uninterrupted conversation reaches its review');
    const expected = reviewContent(control.review());
    const wrong = users.filter((u) => !u.done() || reviewContent(u.review()) !== expected).map((u) => u.label);
    const detail = users.filter((u) => wrong.includes(u.label)).map((u) => `${u.label}: ${u.done() ? `review differs: ${firstDifference(reviewContent(u.review()), expected)}` : `no review, waiting at ${u.nextQuestion() ?? 'nothing'}`}`);
    assert.deepEqual(wrong, [], `killed after ${killAfter} activities: conversations with a lost or misplaced answer:\n${detail.join('\n')}`);
  });
});

function firstDifference(actual: string, expected: string): string {
  let i = 0;
  while (i < actual.length && actual[i] === expected[i]) i++;
  return `...${actual.slice(Math.max(0, i - 80), i + 60)}... (expected ...${expected.slice(Math.max(0, i - 80), i + 60)}...)`;
}
