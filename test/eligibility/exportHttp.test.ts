/**
 * `export {id}` over real HTTP (restify, CloudAdapter, lowdb on disk, a fake Bot Connector): a 50-environment report
 * comes as two FileConsentCards (never a message over the budget, never the send-time net); accepting one is routed
 * by its purpose to the export handler, which PUTs the bytes rebuilt from the record to the upload URL (a local https
 * server stands in for OneDrive); asked in a channel, the cards come in the person's personal chat.
 */
import assert from 'node:assert/strict';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { assess } from '../../src/domain/assessment/index.js';
import { MESSAGE_BUDGET_BYTES, utf16Bytes } from '../../src/domain/messageSize.js';
import { memoryLogger } from '../../src/logging.js';
import { AssessmentRepository } from '../../src/records/assessmentRepository.js';
import { exportFiles } from '../../src/services/eligibilityService.js';
import { FakeConnector } from '../support/fakeConnector.js';
import { message, TENANT_ID } from '../support/activities.js';
import { removeDir, tempDataDir } from '../support/appHarness.js';
import { bigProfile } from '../support/messageCatalogue.js';
import { consentCards, fileConsentInvoke, LocalFileHost, reply } from '../mapping/support.js';

const CONVERSATION = 'a:export-personal-1';
const CHANNEL = '19:export@thread.tacv2';

describe('export of an assessment as files over HTTP (lowdb on disk, fake connector, local upload host)', function () {
  this.timeout(120_000);
  const host = new LocalFileHost();
  const connector = new FakeConnector();
  const dataDir = tempDataDir();
  const logger = memoryLogger();
  let app: Awaited<ReturnType<typeof createApp>>;
  let baseUrl = '';

  const post = async (activity: unknown): Promise<Response> => fetch(`${baseUrl}/api/messages`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity),
  });
  async function send(activity: unknown): Promise<any[]> {
    const before = connector.activities().length;
    const res = await post(activity);
    assert.equal(res.status, 200);
    await res.text();
    return connector.activities().slice(before);
  }

  before(async () => {
    await host.start();
    await connector.start();
    host.routes.set('/upload/md', (_req, res) => reply(res, 201, { 'content-type': 'application/json' }, '{"id":"01MD"}'));
    host.routes.set('/upload/html', (_req, res) => reply(res, 201, { 'content-type': 'application/json' }, '{"id":"01HTML"}'));
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, TYPING_DELAY_MS: '0' });
    app = await createApp(config, logger, { fileTransfer: { allowedHosts: [host.host], ca: host.cert, timeoutMs: 3_000 } });
    baseUrl = `http://127.0.0.1:${await app.start()}`;
  });
  after(async () => {
    await app?.stop();
    await connector.stop();
    await host.stop();
    removeDir(dataDir);
  });

  it('offers a 50-environment report as two files and uploads the accepted one, byte for byte', async () => {
    const profile = bigProfile(50);
    const record = await new AssessmentRepository(app.stores.storage).save({
      tenantId: TENANT_ID, userId: '11111111-0000-0000-0000-000000000001', userName: 'Megan Bowen', profile, assessment: assess(profile),
    });
    const replies = await send(message({ serviceUrl: connector.url, text: `export ${record.id}`, conversationId: CONVERSATION }));
    assert.match(replies[0].text, new RegExp(`The report of assessment \\*\\*${record.id}\\*\\* is [\\d.,]+ KB, too long to read well in a chat message`));
    const cards = consentCards(replies);
    assert.deepEqual(cards.map((c) => c.name), [`assessment-${record.id}.md`, `assessment-${record.id}.html`]);
    for (const r of replies) assert.ok(utf16Bytes(r) <= MESSAGE_BUDGET_BYTES, `${kbOf(r)} within the budget`);
    assert.deepEqual(logger.lines.filter((l) => String(l.msg ?? l.message ?? '').includes('over the Teams budget')), [], 'the send-time net was not needed');

    for (const [card, path, format] of [[cards[1], '/upload/html', 'html'], [cards[0], '/upload/md', 'markdown']] as const) {
      const before = host.seen.length;
      const invoke = fileConsentInvoke({ serviceUrl: connector.url, action: 'accept', checkId: '', uploadUrl: host.url(path), name: card.name });
      const accepted = await send({
        ...invoke,
        conversation: { ...invoke.conversation, id: CONVERSATION },
        value: {
          type: 'fileUpload', action: 'accept', context: card.content.acceptContext,
          uploadInfo: { name: card.name, uploadUrl: host.url(path), contentUrl: `https://contoso-my.sharepoint.com/personal/megan/${card.name}`, uniqueId: `U-${format}`, fileType: format === 'html' ? 'html' : 'md' },
        },
      });
      const puts = host.seen.slice(before).filter((r) => r.method === 'PUT');
      assert.equal(puts.length, 1, `one PUT for the ${format} file`);
      assert.equal(puts[0]!.headers.authorization, undefined, 'no token of ours goes to the upload URL');
      const expected = exportFiles(record).find((f) => f.format === format)!;
      assert.equal(puts[0]!.body.toString('utf8'), expected.content);
      assert.equal(puts[0]!.body.length, card.content.sizeInBytes);
      assert.match(JSON.stringify(accepted), new RegExp(`Saved ${card.name.replace('.', '\\.')} to your OneDrive`));
      assert.ok(accepted.some((a) => (a.attachments ?? []).some((x: any) => x.contentType === 'application/vnd.microsoft.teams.card.file.info')));
    }
    assert.match(host.seen.find((r) => r.method === 'PUT' && r.path === '/upload/html')!.body.toString('utf8'), /^<!DOCTYPE html>/);

    // Declining answers plainly and uploads nothing.
    const before = host.seen.length;
    const decline = fileConsentInvoke({ serviceUrl: connector.url, action: 'decline', checkId: '' });
    const declined = await send({ ...decline, conversation: { ...decline.conversation, id: CONVERSATION }, value: { type: 'fileUpload', action: 'decline', context: cards[0].content.declineContext } });
    assert.match(JSON.stringify(declined), new RegExp(`did not save that file\\. Type \\*\\*export ${record.id}\\*\\*`));
    assert.equal(host.seen.length, before);
  });

  it('in a channel: a short report stays a code block there; the files come in the personal chat', async () => {
    const profile = { ...bigProfile(1), environments: [{ ...bigProfile(1).environments[0]!, solutions: [] }] };
    const record = await new AssessmentRepository(app.stores.storage).save({
      tenantId: TENANT_ID, userId: '11111111-0000-0000-0000-000000000001', userName: 'Megan Bowen', profile, assessment: assess(profile),
    });
    const before = connector.requests.length;
    await send(message({ serviceUrl: connector.url, text: `export ${record.id}`, conversationId: `${CHANNEL};messageid=9`, channel: true }));
    const replies = connector.requests.slice(before)
      .filter((r) => r.method === 'POST' && r.url.includes(encodeURIComponent(CHANNEL))).map((r) => r.body);
    assert.match(replies[0].text, /^Here is assessment [a-z0-9]+ as Markdown/);
    assert.match(replies[1].text, /comes in our personal chat/);
    assert.equal(consentCards(replies).length, 0, 'no consent card in the channel');
    const created = await connector.waitFor((r) => r.method === 'POST' && r.url === '/v3/conversations');
    assert.ok(connector.requests.indexOf(created) >= before);
    await connector.waitFor((r) => r.method === 'POST' && JSON.stringify(r.body ?? {}).includes(`assessment-${record.id}.html`));
    const personalCards = connector.requests.slice(before)
      .filter((r) => r.method === 'POST' && /\/v3\/conversations\/[^/]+\/activities/.test(r.url) && !r.url.includes(encodeURIComponent(CHANNEL)))
      .flatMap((r) => consentCards([r.body]));
    assert.deepEqual(personalCards.map((c) => c.name), [`assessment-${record.id}.md`, `assessment-${record.id}.html`]);
  });
});

function kbOf(activity: unknown): string {
  return `${(utf16Bytes(activity) / 1024).toFixed(1)} KB`;
}
