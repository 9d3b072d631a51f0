/**
 * Scale-out without affinity: two bot processes share one Azurite container (STORAGE_KIND=blob), as two instances
 * behind a load balancer that cannot keep a conversation on one of them. A person who types two answers in quick
 * succession has them delivered to both instances at the same instant; both must be kept, each in its own field.
 * Pairs of consecutive questions that take the same text are used, so the check does not depend on which of the
 * two turns runs first. Also: `track` of the same migration in two posts of one channel, one per instance, at the
 * same instant, gives one migration and one card.
 */
import assert from 'node:assert/strict';
import { message } from '../support/activities.js';
import { removeDir, tempDataDir } from '../support/appHarness.js';
import { startAzurite, type Azurite } from '../support/azurite.js';
import { FakeConnector } from '../support/fakeConnector.js';
import { InterviewUser } from './interviewUser.js';
import { cardKind, INTERVIEW_ANSWERS, INTERVIEW_ORDER, postActivity, startBotProcess, type BotProcess } from './support.js';

const CONVERSATIONS = 8;
/** First questions of pairs whose next question takes the same text. */
const PAIRS = ['destination.availableLicenses|0', 'env.managedEnvironment|0', 'env.storageGb|0'];

describe('reliability: two instances over Azurite, one conversation', function () {
  this.timeout(120_000);
  let azurite: Azurite;
  let connector: FakeConnector;
  let container: string;
  let a: BotProcess;
  let b: BotProcess;
  const dirs = [tempDataDir(), tempDataDir()];

  before(async () => {
    azurite = await startAzurite();
    connector = new FakeConnector();
    await connector.start();
    container = azurite.containerName('two');
    const env = { STORAGE_KIND: 'blob', AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString, AZURE_STORAGE_CONTAINER: container };
    [a, b] = await Promise.all([startBotProcess({ ...env, DATA_DIR: dirs[0]! }), startBotProcess({ ...env, DATA_DIR: dirs[1]! })]);
  });
  after(async () => {
    await a?.kill();
    await b?.kill();
    await connector?.stop();
    await azurite?.deleteContainer(container).catch(() => undefined);
    await azurite?.stop();
    dirs.forEach(removeDir);
  });

  it('keeps both of two answers that reach two instances at the same instant', async () => {
    const lost: string[] = [];
    await Promise.all(Array.from({ length: CONVERSATIONS }, async (_, i) => {
      const user = new InterviewUser(connector, `two${i}`);
      await user.start(i % 2 ? a.url : b.url);
      for (let step = 0; step < 40 && !user.done(); step++) {
        const key = user.nextQuestion();
        if (!key) break;
        const index = INTERVIEW_ORDER.indexOf(key);
        if (PAIRS.includes(key)) {
          const second = INTERVIEW_ORDER[index + 1]!;
          assert.equal(INTERVIEW_ANSWERS[second], INTERVIEW_ANSWERS[key]);
          const first = user.activity(INTERVIEW_ANSWERS[key]!);
          const next = user.activity(INTERVIEW_ANSWERS[second]!);
          user.answered.add(key).add(second);
          const [ra, rb] = await Promise.all([postActivity(a.url, first), postActivity(b.url, next)]);
          assert.deepEqual([ra.status, rb.status], [200, 200], 'both instances answer within the deadline');
          const replies = connector.activities().filter((r) => r.replyToId === first.id || r.replyToId === next.id).map(cardKind);
          const after = INTERVIEW_ORDER[index + 2]!;
          if (!replies.includes(after)) lost.push(`${user.label} ${key}+${second}: replies asked ${replies.join(', ')}`);
          continue;
        }
        user.answered.add(key);
        const res = await postActivity(step % 2 ? a.url : b.url, user.activity(INTERVIEW_ANSWERS[key]!));
        assert.equal(res.status, 200);
      }
    }));
    assert.deepEqual(lost, [], `${lost.length} of ${CONVERSATIONS * PAIRS.length} same-instant pairs lost an answer`);
  });

  it('posts one card when two people track the same migration on two instances at the same instant', async () => {
    const channel = '19:two-instances@thread.tacv2';
    const cardsBefore = connector.requests.filter((r) => r.method === 'POST' && /\/v3\/conversations\/?$/.test(r.url)).length;
    const posts = [1001, 1002].map((n, i) => message({
      serviceUrl: connector.url, text: 'track Tailspin move', channel: true, conversationId: `${channel};messageid=${n}`,
      userId: `29:tracker-${i}`, aadObjectId: `00000000-0000-0000-0000-00000000100${i}`,
    }));
    const results = await Promise.all([postActivity(a.url, posts[0]), postActivity(b.url, posts[1])]);
    assert.deepEqual(results.map((r) => r.status), [200, 200]);
    // Card posts run in the background: wait until both answers are in and the card had time to go out.
    await connector.waitFor((r) => r.body?.replyToId === posts[0]!.id);
    await connector.waitFor((r) => r.body?.replyToId === posts[1]!.id);
    await new Promise((r) => setTimeout(r, 1500));
    const cards = connector.requests.filter((r) => r.method === 'POST' && /\/v3\/conversations\/?$/.test(r.url)).length - cardsBefore;
    const answers = connector.activities().filter((r) => r.replyToId === posts[0]!.id || r.replyToId === posts[1]!.id).map((r) => r.text as string);
    assert.equal(answers.filter((t) => /^Tracking \*\*Tailspin move\*\*/.test(t)).length, 1, answers.join('\n'));
    assert.equal(answers.filter((t) => /already tracked/.test(t)).length, 1, answers.join('\n'));
    assert.equal(cards, 1, 'one status card');
  });
});
