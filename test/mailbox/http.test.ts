/**
 * Mailbox moves over real HTTP: Teams-shaped activities posted to /api/messages, replies read at the fake connector,
 * state and records in lowdb files on disk, a bot restart in the middle of the interview, the log pasted and
 * uploaded (a local https server stands in for SharePoint and OneDrive), and the blocked-mailbox CSV through the
 * FileConsentCard flow, routed by its purpose next to the mapping flow's.
 */
import assert from 'node:assert/strict';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { memoryLogger } from '../../src/logging.js';
import { MailboxRepository } from '../../src/records/mailboxRepository.js';
import { FakeConnector } from '../support/fakeConnector.js';
import { message, TENANT_ID } from '../support/activities.js';
import { removeDir, tempDataDir, type Harness } from '../support/appHarness.js';
import { consentCards, fileConsentInvoke, fileUpload, LocalFileHost, reply } from '../mapping/support.js';
import { generatedTranscript, utf16le } from '../domain/mailbox/transcript.js';
import { INTERVIEW, SHORT_LOG } from './support.js';

const CONVERSATION = 'a:mailbox-conversation-1';

describe('mailbox moves over HTTP with lowdb on disk', function () {
  this.timeout(60_000);
  const host = new LocalFileHost();
  const connector = new FakeConnector();
  const dataDir = tempDataDir();
  let h: Harness | undefined;

  async function start(): Promise<Harness> {
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, TYPING_DELAY_MS: '0' });
    const app = await createApp(config, memoryLogger(), { fileTransfer: { allowedHosts: [host.host], ca: host.cert, timeoutMs: 3_000 } });
    const port = await app.start();
    const baseUrl = `http://127.0.0.1:${port}`;
    return {
      app, baseUrl, dataDir, logger: memoryLogger(), stop: () => app.stop(),
      post: (activity, headers = {}) => fetch(`${baseUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(activity) }),
    };
  }

  /** Posts an activity and returns what the bot sent because of it. */
  async function send(activity: any): Promise<any[]> {
    const before = connector.activities().length;
    const res = await h!.post(activity);
    assert.equal(res.status, 200);
    return connector.activities().slice(before);
  }
  const upload = (name: string, downloadUrl: string, text = '') => {
    const activity = fileUpload({ serviceUrl: connector.url, name, downloadUrl, text }) as any;
    return send({ ...activity, conversation: { ...activity.conversation, id: CONVERSATION } });
  };
  const say = (text: string, extra: Record<string, unknown> = {}) => send(message({ serviceUrl: connector.url, text, conversationId: CONVERSATION, ...extra }));
  const all = (replies: any[]) => replies.map((a) => `${a.text ?? ''} ${JSON.stringify(a.attachments ?? [])}`).join('\n');
  const logCards = (replies: any[]) => replies.flatMap((a) => a.attachments ?? []).filter((x: any) => JSON.stringify(x.content ?? {}).includes('Validation log'));

  before(async () => {
    await host.start();
    await connector.start();
    host.serve('/ctmm-users.log', utf16le(generatedTranscript(30)), 'application/octet-stream');
    host.routes.set('/upload', (_req, res) => reply(res, 201, { 'content-type': 'application/json' }, '{"id":"01ABC"}'));
    h = await start();
  });
  after(async () => {
    await h?.stop();
    await connector.stop();
    await host.stop();
    removeDir(dataDir);
  });

  it('runs mailbox move, survives a restart between two answers, and answers with the readiness card and the commands', async () => {
    assert.match(all(await say('mailbox move')), /mailboxes are ready to move/);
    for (const answer of INTERVIEW.slice(0, 7)) await say(answer);
    // "back" and a wrong answer are the machine's; the answers so far stay.
    assert.match(all(await say('back')), /tenant ID/i);
    await say(INTERVIEW[6]!);

    await h!.stop();
    h = await start();

    const afterRestart = await say(INTERVIEW[7]!);
    assert.match(all(afterRestart), /fabrikam\.onmicrosoft\.com/);
    let last: any[] = [];
    for (const answer of INTERVIEW.slice(8)) last = await say(answer);
    assert.match(all(last), /Review/);
    const result = await say('check');
    const text = all(result);
    assert.match(text, /Mailbox move: contoso.onmicrosoft.com to fabrikam.onmicrosoft.com/);
    assert.match(text, /Blockers \(1\)/);
    const blocks = result.filter((a) => typeof a.text === 'string' && a.text.includes('```'));
    assert.equal(blocks.length, 2);
    assert.match(blocks[0].text, /^\*\*Target tenant admin/);
    assert.match(blocks[0].text, /-SourceIsOffline -PathForCollectedData/);
    assert.match(blocks[1].text, /-CollectSourceOnly/);

    // The record is on disk, for the tenant, newest first; the interview is over.
    const records = new MailboxRepository(h!.app.stores.storage);
    const latest = await records.latestForTenant(TENANT_ID);
    assert.equal(latest?.readiness.verdict, 'not-eligible');
    assert.match(all(await say('check')), /don't know "check"/);
  });

  it('check mailbox log with the log pasted in the same message: the card, and the blocked CSV offered in personal chat', async () => {
    const replies = await say(`check mailbox log\n${SHORT_LOG}`);
    const [card] = logCards(replies);
    assert.ok(card, 'a log card');
    assert.match(JSON.stringify(card.content), /2 mailboxes are on litigation hold/);
    const [consent] = consentCards(replies);
    assert.equal(consent.name, 'blocked-mailboxes.csv');
    assert.equal(consent.content.acceptContext.purpose, 'mailbox-file');

    // Accepting goes to the mailbox handler (not the mapping one) and PUTs the CSV without a token.
    const before = host.seen.length;
    const accepted = await send({
      ...fileConsentInvoke({ serviceUrl: connector.url, action: 'accept', checkId: '', uploadUrl: host.url('/upload'), uniqueId: 'MBX-1', name: 'blocked-mailboxes.csv' }),
      value: {
        type: 'fileUpload', action: 'accept', context: consent.content.acceptContext,
        uploadInfo: { name: 'blocked-mailboxes.csv', uploadUrl: host.url('/upload'), contentUrl: 'https://contoso-my.sharepoint.com/x.csv', uniqueId: 'MBX-1', fileType: 'csv' },
      },
    });
    const put = host.seen.slice(before).filter((r) => r.method === 'PUT');
    assert.equal(put.length, 1);
    assert.equal(put[0]!.headers.authorization, undefined);
    assert.match(put[0]!.body.toString('utf8'), /^SourceUser,TargetUser,Causes,DirSynced\r\nada@contoso\.com/);
    assert.match(all(accepted), /Saved blocked-mailboxes.csv/);
  });

  it('check mailbox log, then the log in the next message, also when its line breaks were lost', async () => {
    assert.match(all(await say('check mailbox log')), /Send me the log/);
    const replies = await say(SHORT_LOG.replace(/\r\n/g, ' '));
    assert.match(all(replies), /arrived as a single line/);
    assert.match(JSON.stringify(logCards(replies)[0].content), /2 mailboxes are on litigation hold/);
    // Not a log: a clear answer, nothing crashes.
    await say('check mailbox log');
    assert.match(all(await say('Source,Destination\nada@contoso.com,ada@fabrikam.com')), /not a log/);
    // Cancel while waiting.
    await say('check mailbox log');
    assert.match(all(await say('cancel')), /did not read a validation log/);
  });

  it('reads an uploaded UTF-16 log sent after the command, from an allowed host', async () => {
    await say('check mailbox log');
    const replies = await upload('ctmm-users.log', host.url('/ctmm-users.log'));
    const [card] = logCards(replies);
    assert.ok(card, 'a log card');
    assert.match(JSON.stringify(card.content), /ctmm-users\.log/);
    assert.equal(consentCards(replies).length, 1);
  });

  it('a file sent with the command text is read as the log; a refused host is explained without its address', async () => {
    const replies = await upload('ctmm-users.log', host.url('/ctmm-users.log'), 'check mailbox log');
    assert.equal(logCards(replies).length, 1);
    const refused = await upload('ctmm-users.log', 'https://evil.example.net/x.log?tempauth=SECRET', 'check mailbox log');
    assert.match(all(refused), /not allowed to download from/);
    assert.doesNotMatch(all(refused), /evil|SECRET/);
  });

  it('a .log file sent on its own is read as a validation log, not as a mapping file', async () => {
    const replies = await upload('ctmm-users.log', host.url('/ctmm-users.log'));
    assert.equal(logCards(replies).length, 1);
    assert.doesNotMatch(all(replies), /Mapping file check/);
  });

  it('in a channel: the card only, and the CSV is said to come in personal chat', async () => {
    const replies = await send(message({ serviceUrl: connector.url, text: `check mailbox log ${SHORT_LOG.replace(/\r\n/g, ' ')}`, channel: true, conversationId: '19:general@thread.tacv2;messageid=1' }));
    assert.equal(logCards(replies).length, 1);
    assert.equal(consentCards(replies).length, 0);
    assert.match(all(replies), /comes only in personal chat/);
  });

  it('forget me deletes the mailbox checks', async () => {
    const replies = await say('forget me');
    assert.match(all(replies), /mailbox checks and file offers/);
    const records = new MailboxRepository(h!.app.stores.storage);
    assert.deepEqual((await records.listForTenant(TENANT_ID)).filter((r) => r.createdBy.id === '11111111-0000-0000-0000-000000000001'), []);
  });
});
