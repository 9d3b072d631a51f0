/**
 * The whole eligibility flow over real HTTP: a Teams-shaped conversation posted to /api/messages, replies read at
 * the fake connector, state in lowdb files on disk, and a bot restart in the middle.
 */
import assert from 'node:assert/strict';
import { FakeConnector } from '../support/fakeConnector.js';
import { message } from '../support/activities.js';
import { startApp, removeDir, tempDataDir, type Harness } from '../support/appHarness.js';

const ANSWERS = [
  'check eligibility', 'contoso.onmicrosoft.com', 'skip', 'Europe', 'commercial', '250', 'no',
  'fabrikam.onmicrosoft.com', '66666666-7777-8888-9999-000000000000', 'EUR', 'commercial', 'yes', '300', '1 TB',
  'Contoso Sales', 'production', 'same', 'yes', 'no', 'no', '200 GB', '120', 'yes', 'power automate, marketing', 'yes',
  'Contoso Dev', 'developer', 'same', 'yes', 'no', 'no', '5 GB', '10', 'none', 'no',
  'yes',
];

describe('eligibility over HTTP with lowdb on disk', function () {
  this.timeout(60_000);
  let connector: FakeConnector;
  let h: Harness | undefined;
  const dataDir = tempDataDir();

  before(async () => {
    connector = new FakeConnector();
    await connector.start();
  });
  after(async () => {
    await h?.stop();
    await connector.stop();
    removeDir(dataDir);
  });

  /** Posts one message and waits until the bot has answered it. */
  async function say(text: string, opts: { tenantId?: string; conversationId?: string; userId?: string; aadObjectId?: string } = {}): Promise<any[]> {
    const before = connector.activities().length;
    const activity = message({ serviceUrl: connector.url, text, ...opts });
    const res = await h!.post(activity);
    assert.equal(res.status, 200, `posting "${text}"`);
    const replies = connector.activities().slice(before).filter((a) => a.replyToId === activity.id);
    assert.ok(replies.length > 0, `no reply to "${text}"`);
    return replies;
  }

  let assessmentId = '';

  it('runs the interview, survives a restart between two answers, and shows the verdict', async () => {
    h = await startApp({}, dataDir);
    for (const a of ANSWERS.slice(0, 5)) await say(a);
    // Restart the bot on the same DATA_DIR in the middle of the interview.
    await h.stop();
    h = await startApp({}, dataDir);
    const afterRestart = await say(ANSWERS[5]!);
    assert.match(JSON.stringify(afterRestart), /Customer Lockbox/);
    let last: any[] = [];
    for (const a of ANSWERS.slice(6)) last = await say(a);
    assert.match(JSON.stringify(last), /Review your answers/);

    const result = await say('assess');
    const json = JSON.stringify(result);
    assert.match(json, /Not eligible/);
    assert.match(json, /Contoso Dev/);
    const marketing = result.find((a) => JSON.stringify(a).includes('marketing.acknowledge'));
    assert.ok(marketing, 'a Marketing card follows when an environment has Marketing');
    assessmentId = /Assessment ([a-z0-9]{8})/.exec(json)![1]!;
  });

  it('lists and reopens the saved assessment, and exports the Markdown report', async () => {
    const list = await say('my assessments');
    assert.match(list[0].text, new RegExp(`\\*\\*${assessmentId}\\*\\*: contoso\\.onmicrosoft\\.com to fabrikam\\.onmicrosoft\\.com, Contoso Sales, Contoso Dev`));
    const opened = await say(`open ${assessmentId}`);
    assert.match(JSON.stringify(opened), /Not eligible/);
    const exported = await say(`export ${assessmentId}`);
    assert.match(exported[0].text, /```[\s\S]*Contoso Sales[\s\S]*```/);
  });

  it('answers an id from another tenant as unknown', async () => {
    const other = await say(`open ${assessmentId}`, { tenantId: '99999999-0000-0000-0000-000000000000', conversationId: 'a:other-tenant', userId: '29:other', aadObjectId: '99999999-0000-0000-0000-000000000001' });
    assert.match(other[0].text, new RegExp(`don't know an assessment "${assessmentId}" in your organisation`));
  });

  it('"forget me" deletes the conversation, the transcript and the saved assessments, and says so', async () => {
    const reply = await say('forget me');
    assert.match(reply[0].text, /Done\. I deleted:/);
    assert.match(reply[0].text, /transcript messages/);
    assert.match(reply[0].text, /1 saved assessment/);
    const list = await say('my assessments');
    assert.match(list[0].text, /no saved assessments/);
  });
});
