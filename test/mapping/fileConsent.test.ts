import assert from 'node:assert/strict';
import { FakeConnector } from '../support/fakeConnector.js';
import { message } from '../support/activities.js';
import { removeDir, type Harness } from '../support/appHarness.js';
import { consentCards, fileConsentInvoke, LocalFileHost, reply, SECRET, startMappingApp, transcriptOf } from './support.js';

const PASTE = [
  'check mapping file',
  'Source,Destination',
  'adele.vance@contoso.com , adele.vance@fabrikam.com',
  'alex.wilber@contoso.com,alex.wilber@contoso.com',
  'megan.bowen@contoso.com,megan.bowen@fabrikam.com',
].join('\n');
const CORRECTED = 'Source,Destination\r\nadele.vance@contoso.com,adele.vance@fabrikam.com\r\nmegan.bowen@contoso.com,megan.bowen@fabrikam.com\r\n';

describe('corrected file through the FileConsentCard flow (HTTP, fake connector, local https OneDrive)', function () {
  this.timeout(30_000);
  const host = new LocalFileHost();
  const connector = new FakeConnector();
  let h: Harness;

  async function send(activity: unknown): Promise<{ status: number; body: string; replies: any[] }> {
    const before = connector.activities().length;
    const res = await h.post(activity);
    return { status: res.status, body: await res.text(), replies: connector.activities().slice(before) };
  }
  async function checkId(): Promise<string> {
    const { replies } = await send(message({ serviceUrl: connector.url, text: PASTE }));
    const [consent] = consentCards(replies);
    assert.ok(consent, 'a consent card');
    return consent.content.acceptContext.checkId as string;
  }
  const puts = () => host.seen.filter((r) => r.method === 'PUT');

  before(async () => {
    await host.start();
    await connector.start();
    host.routes.set('/upload', (_req, res) => reply(res, 201, { 'content-type': 'application/json' }, '{"id":"01ABC"}'));
    host.routes.set('/upload-fails', (_req, res) => reply(res, 500));
    host.routes.set('/upload-hangs', () => undefined);
    host.routes.set('/upload-redirects', (_req, res) => reply(res, 307, { location: 'https://example.com/steal' }));
    h = await startMappingApp({ fileTransfer: { allowedHosts: [host.host], ca: host.cert, timeoutMs: 2_000 } });
  });
  after(async () => {
    await h.stop();
    await connector.stop();
    await host.stop();
    removeDir(h.dataDir);
  });

  it('accept: PUTs the corrected bytes to the upload URL without a token, then sends a file info card', async () => {
    const id = await checkId();
    const before = puts().length;
    const { status, replies } = await send(fileConsentInvoke({
      serviceUrl: connector.url, action: 'accept', checkId: id, uploadUrl: host.url('/upload'), uniqueId: 'FILE-1',
      contentUrl: 'https://contoso-my.sharepoint.com/personal/megan/Documents/usermapping.csv',
    }));
    assert.equal(status, 200);
    const put = puts().slice(before);
    assert.equal(put.length, 1);
    assert.equal(put[0]!.body.toString('utf8'), CORRECTED);
    assert.equal(put[0]!.headers['content-range'], `bytes 0-${Buffer.byteLength(CORRECTED) - 1}/${Buffer.byteLength(CORRECTED)}`);
    assert.equal(put[0]!.headers['content-length'], String(Buffer.byteLength(CORRECTED)));
    assert.equal(put[0]!.headers.authorization, undefined);
    assert.equal(put[0]!.headers.cookie, undefined);

    assert.match(transcriptOf(replies), /Saved the corrected file to your OneDrive \(2 users\)/);
    const info = replies.flatMap((a) => a.attachments ?? []).find((a: any) => a.contentType === 'application/vnd.microsoft.teams.card.file.info');
    assert.ok(info, 'a file info card');
    assert.equal(info.name, 'usermapping.csv');
    assert.equal(info.contentUrl, 'https://contoso-my.sharepoint.com/personal/megan/Documents/usermapping.csv');
    assert.deepEqual(info.content, { uniqueId: 'FILE-1', fileType: 'csv' });

    // Teams retries an invoke it thinks went unanswered: the same file is not uploaded twice.
    const again = await send(fileConsentInvoke({ serviceUrl: connector.url, action: 'accept', checkId: id, uploadUrl: host.url('/upload'), uniqueId: 'FILE-1' }));
    assert.equal(again.status, 200);
    assert.equal(puts().length, before + 1);
  });

  it('says so when OneDrive renamed the file', async () => {
    const id = await checkId();
    const { replies } = await send(fileConsentInvoke({ serviceUrl: connector.url, action: 'accept', checkId: id, uploadUrl: host.url('/upload'), uniqueId: 'FILE-2', name: 'usermapping 1.csv' }));
    assert.match(transcriptOf(replies), /OneDrive named it "usermapping 1.csv"[\s\S]*rename it to usermapping.csv/);
  });

  const refused: Array<{ name: string; url: () => string; expect: RegExp; reaches: boolean }> = [
    { name: 'an upload URL on a host not on the allow-list', url: () => `https://localhost:${host.port}/upload?tempauth=${SECRET}`, expect: /not allowed to send files to/, reaches: false },
    { name: 'a plain http upload URL', url: () => `http://127.0.0.1:${host.port}/upload?tempauth=${SECRET}`, expect: /not a secure \(https\) address/, reaches: false },
    { name: 'an upload that OneDrive refuses', url: () => host.url('/upload-fails'), expect: /OneDrive did not accept the file/, reaches: true },
    { name: 'an upload that never finishes', url: () => host.url('/upload-hangs'), expect: /took too long/, reaches: true },
    { name: 'an upload answered with a redirect', url: () => host.url('/upload-redirects'), expect: /OneDrive did not accept the file/, reaches: true },
  ];
  for (const r of refused) {
    it(`refuses ${r.name} with a clear message`, async () => {
      const id = await checkId();
      const before = puts().length;
      const { status, replies } = await send(fileConsentInvoke({ serviceUrl: connector.url, action: 'accept', checkId: id, uploadUrl: r.url(), uniqueId: `X-${Math.random()}` }));
      assert.equal(status, 200);
      assert.match(transcriptOf(replies), /^I could not save the corrected file: /);
      assert.match(transcriptOf(replies), r.expect);
      assert.ok(!transcriptOf(replies).includes(SECRET));
      assert.equal(puts().length - before, r.reaches ? 1 : 0);
    });
  }

  it('decline: a short reply and no upload', async () => {
    const id = await checkId();
    const before = puts().length;
    const { status, replies } = await send(fileConsentInvoke({ serviceUrl: connector.url, action: 'decline', checkId: id }));
    assert.equal(status, 200);
    assert.match(transcriptOf(replies), /did not save the corrected file/);
    assert.equal(puts().length, before);
  });

  it('another person cannot take someone\'s corrected file, and an unknown check is answered plainly', async () => {
    const id = await checkId();
    const before = puts().length;
    const other = await send(fileConsentInvoke({ serviceUrl: connector.url, action: 'accept', checkId: id, uploadUrl: host.url('/upload'), aadObjectId: '33333333-0000-0000-0000-000000000003' }));
    assert.match(transcriptOf(other.replies), /has expired/);
    const unknown = await send(fileConsentInvoke({ serviceUrl: connector.url, action: 'accept', checkId: 'nope', uploadUrl: host.url('/upload') }));
    assert.match(transcriptOf(unknown.replies), /has expired/);
    assert.equal(puts().length, before);
  });

  it('never logs the upload URL', () => {
    assert.ok(h.logger.lines.some((l) => l.msg === 'corrected mapping file uploaded'));
    assert.ok(!JSON.stringify(h.logger.lines).includes(SECRET));
  });
});
