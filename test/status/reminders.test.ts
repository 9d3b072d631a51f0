import assert from 'node:assert/strict';
import { FakeConnector, type RecordedRequest } from '../support/fakeConnector.js';
import { removeDir, tempDataDir } from '../support/appHarness.js';
import { Clock, startStatusApp, type StatusHarness } from './statusHarness.js';

const T0 = new Date('2026-12-01T09:00:00Z');
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

const isReminder = (r: RecordedRequest): boolean => r.method === 'POST' && /^Reminder:/.test(r.body?.text ?? '');

async function trackByName(h: StatusHarness, name: string): Promise<{ id: string; thread: string }> {
  const { thread } = h.nextThread();
  await h.say(`track ${name}`);
  const reply = await h.connector.waitFor((r) => /Tracking \*\*/.test(r.body?.text ?? '') && r.body.text.includes(name));
  await h.settle();
  return { id: /\*\*(m-[a-z0-9]{8})\*\*/.exec(reply.body.text)![1]!, thread };
}

describe('status: reminders a day before a 7-day window closes', () => {
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

  it('sends the approval-expiry reminder once in the card\'s thread, also across a restart', async () => {
    h = await startStatusApp({ connector, clock, dataDir });
    const { thread } = await trackByName(h, 'Contoso Sales');

    clock.advance(6 * DAY - HOUR); // 25 hours before the request expires: not yet
    assert.equal(await h.app.status.runDueReminders(), 0);
    assert.equal(connector.requests.filter(isReminder).length, 0);

    clock.advance(2 * HOUR); // 23 hours left
    assert.equal(await h.app.status.runDueReminders(), 1);
    const reminder = connector.requests.find(isReminder)!;
    assert.ok(reminder.url.startsWith(`/v3/conversations/${encodeURIComponent(thread)}/activities`), 'posted in the card\'s thread');
    assert.equal(reminder.body.text, 'Reminder: the move request for Contoso Sales expires at 2026-12-08 09:00 UTC (23 hours left). Destination admin: approve or reject it before then, or it has to be submitted again.');
    await h.settle();
    // The card is redrawn with the clock in amber.
    const put = connector.requests.filter((r) => r.method === 'PUT').at(-1)!;
    assert.match(JSON.stringify(put.body), /Request expires 2026-12-08 09:00 UTC \(23 hours left\)\.","color":"Warning"/);

    clock.advance(HOUR);
    assert.equal(await h.app.status.runDueReminders(), 0, 'sent once');
    await h.stop();
    h = undefined;

    h = await startStatusApp({ connector, clock, dataDir });
    clock.advance(HOUR);
    assert.equal(await h.app.status.runDueReminders(), 0, 'not again after a restart');
    assert.equal(connector.requests.filter(isReminder).length, 1);
  });

  it('reminds to start the move within 7 days of a passed validation, and a new validation gets its own reminder', async () => {
    h = await startStatusApp({ connector, clock, dataDir });
    const { id } = await trackByName(h, 'Finance move');
    for (const phase of ['approved', 'mapping-uploaded', 'validating', 'validation-passed']) {
      assert.equal((await h.api('POST', id, { phase, by: 'pipeline' })).status, 200);
    }
    clock.advance(6 * DAY + HOUR);
    assert.equal(await h.app.status.runDueReminders(), 1);
    const texts = connector.requests.filter(isReminder).map((r) => r.body.text as string);
    assert.deepEqual(texts, ['Reminder: Finance move passed validation on 2026-12-01 09:00 UTC; start the move before 2026-12-08 09:00 UTC (23 hours left), or validation has to run again. Owner: source admin.']);

    // Validation runs again (the window was about to close): a new window, a new reminder when its time comes.
    await h.api('POST', id, { phase: 'validating', by: 'pipeline' });
    await h.api('POST', id, { phase: 'validation-passed', by: 'pipeline' });
    assert.equal(await h.app.status.runDueReminders(), 0);
    clock.advance(6 * DAY);
    assert.equal(await h.app.status.runDueReminders(), 1);
    assert.equal(connector.requests.filter(isReminder).length, 2);
  });

  it('sends nothing for a migration that moved on before its reminder', async () => {
    h = await startStatusApp({ connector, clock, dataDir });
    const { id } = await trackByName(h, 'HR move');
    await h.api('POST', id, { phase: 'approved', by: 'pipeline' });
    clock.advance(6 * DAY + HOUR);
    assert.equal(await h.app.status.runDueReminders(), 0);
    assert.equal(connector.requests.filter(isReminder).length, 0);
  });

  it('tries a reminder again on a later pass when Teams could not be reached, and at most three times', async () => {
    h = await startStatusApp({ connector, clock, dataDir });
    await trackByName(h, 'Ops move');
    clock.advance(6 * DAY + HOUR);
    for (let i = 0; i < 20; i++) connector.answerNext({ status: 429, body: {}, match: isReminder });
    assert.equal(await h.app.status.runDueReminders(), 0);
    assert.equal(await h.app.status.runDueReminders(), 0);
    assert.equal(await h.app.status.runDueReminders(), 0);
    assert.equal(await h.app.status.runDueReminders(), 0);
    // 3 passes x 4 attempts each (the Notifier's own bounded retries), then it stops trying.
    assert.equal(connector.requests.filter(isReminder).length, 12);
  });

  it('the timer started by app.start sends a due reminder without being asked', async () => {
    h = await startStatusApp({ connector, clock, dataDir });
    await trackByName(h, 'Contoso Sales');
    await h.stop();
    clock.advance(6 * DAY + HOUR);
    h = await startStatusApp({ connector, clock, dataDir, env: { REMINDER_CHECK_SECONDS: '3600' } });
    const reminder = await connector.waitFor(isReminder);
    assert.match(reminder.body.text, /expires at 2026-12-08 09:00 UTC/);
  });
});
