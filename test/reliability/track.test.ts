/**
 * Two people type `track` for the same migration at the same moment, in two posts of one channel (so two
 * conversations: the turn lock does not serialise them), on one instance: one migration, one card.
 */
import assert from 'node:assert/strict';
import { message } from '../support/activities.js';
import { useRunningApp } from '../support/appHarness.js';


describe('reliability: concurrent track on one instance', function () {
  this.timeout(30_000);
  const ctx = useRunningApp({ REMINDER_CHECK_SECONDS: '0' });

  it('creates one migration and posts one card', async () => {
    const { h, connector } = ctx;
    const posts = Array.from({ length: 4 }, (_, i) => message({
      serviceUrl: connector.url, text: 'track Northwind move', channel: true, conversationId: `19:general@thread.tacv2;messageid=${2000 + i}`,
      userId: `29:tracker-${i}`, aadObjectId: `00000000-0000-0000-0000-00000000200${i}`,
    }));
    const results = await Promise.all(posts.map((p) => h.post(p)));
    assert.deepEqual(results.map((r) => r.status), [200, 200, 200, 200]);
    await h.app.status.idle();
    const answers = connector.activities().filter((r) => posts.some((p) => p.id === r.replyToId)).map((r) => r.text as string);
    assert.equal(answers.filter((t) => /^Tracking \*\*Northwind move\*\*/.test(t)).length, 1, answers.join('\n'));
    assert.equal(answers.filter((t) => /already tracked/.test(t)).length, 3, answers.join('\n'));
    const cards = connector.requests.filter((r) => r.method === 'POST' && /\/v3\/conversations\/?$/.test(r.url));
    assert.equal(cards.length, 1, 'one status card');
    const list = message({ serviceUrl: connector.url, text: 'migrations' });
    await h.post(list);
    const listed = connector.activities().find((r) => r.replyToId === list.id)?.text as string;
    assert.equal((listed.match(/Northwind move/g) ?? []).length, 1);
  });
});
