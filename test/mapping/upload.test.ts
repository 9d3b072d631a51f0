import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { FakeConnector } from '../support/fakeConnector.js';
import { message } from '../support/activities.js';
import { removeDir, type Harness } from '../support/appHarness.js';
import { consentCards, fileUpload, LocalFileHost, reply, resultCards, SECRET, startMappingApp, transcriptOf } from './support.js';

const GOOD = [
  'Source,Destination',
  'adele.vance@contoso.com,adele.vance@fabrikam.com',
  ' alex.wilber@contoso.com , alex.wilber@fabrikam.com',
  'megan.bowen@contoso.com,megan.bowen@fabrikam.com',
  'megan.bowen@contoso.com,megan.bowen@fabrikam.com',
].join('\r\n');
const XLSX = new Uint8Array([
  0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00, 0x21, 0x00,
  ...new TextEncoder().encode('[Content_Types].xml'), 0x00, 0x00, 0x01, 0x02,
]);
const ONE_MB = 1024 * 1024;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('mapping file uploaded in the personal chat (HTTP, fake connector, local https file host)', function () {
  this.timeout(30_000);
  const host = new LocalFileHost();
  const connector = new FakeConnector();
  let h: Harness;

  /** Posts an activity and returns what the bot sent because of it. */
  async function send(activity: unknown): Promise<{ status: number; replies: any[] }> {
    const before = connector.activities().length;
    const res = await h.post(activity);
    return { status: res.status, replies: connector.activities().slice(before) };
  }
  const upload = (name: string, path: string, extra: { url?: string; text?: string } = {}) =>
    send(fileUpload({ serviceUrl: connector.url, name, downloadUrl: extra.url ?? host.url(path), text: extra.text }));

  before(async () => {
    await host.start();
    await connector.start();
    host.serve('/good.csv', GOOD);
    host.serve('/clean.csv', 'Source,Destination\r\nadele.vance@contoso.com,adele.vance@fabrikam.com\r\n');
    host.serve('/workbook.xlsx', XLSX, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    host.serve('/big.csv', Buffer.alloc(ONE_MB + 1, 0x61));
    host.serve('/page', '<!DOCTYPE html><html><body>Sign in</body></html>', 'text/html; charset=utf-8');
    host.routes.set('/redirect-off', (_req, res) => reply(res, 302, { location: `https://localhost:${host.port}/good.csv` }));
    host.routes.set('/redirect-on', (_req, res) => reply(res, 302, { location: `/good.csv?tempauth=${SECRET}` }));
    host.routes.set('/slow.csv', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/csv' });
      const timer = setInterval(() => res.write('a'), 100);
      res.on('close', () => clearInterval(timer));
    });
    h = await startMappingApp({ env: { MAX_MAPPING_FILE_MB: '1' }, fileTransfer: { allowedHosts: [host.host], ca: host.cert, timeoutMs: 1_500 } });
  });

  after(async () => {
    await h.stop();
    await connector.stop();
    await host.stop();
    removeDir(h.dataDir);
  });

  it('downloads from an allowed host without any token, and answers with the result card, the corrected file and a consent card', async () => {
    const seenBefore = host.seen.length;
    const { status, replies } = await upload('usermapping.csv', '/good.csv');
    assert.equal(status, 200);
    const fetched = host.seen.slice(seenBefore);
    assert.equal(fetched.length, 1);
    assert.equal(fetched[0]!.method, 'GET');
    assert.equal(fetched[0]!.headers.authorization, undefined);
    assert.equal(fetched[0]!.headers.cookie, undefined);

    const [card] = resultCards(replies);
    assert.ok(card, 'a result card');
    const text = JSON.stringify(card);
    assert.match(text, /"text":"3".*"text":"users mapped"/);
    assert.match(text, /"text":"1".*"text":"error"/); // the repeated line
    assert.match(text, /Duplicate source user/);
    assert.match(text, /Lines 4–5/);
    assert.match(text, /Line '4, 5' have the same 'megan.bowen@contoso.com'/); // Microsoft's own message
    assert.match(text, /Stray spaces/);

    const all = transcriptOf(replies);
    assert.match(all, /```\nSource,Destination\nadele.vance@contoso.com,adele.vance@fabrikam.com\nalex.wilber@contoso.com,alex.wilber@fabrikam.com\nmegan.bowen@contoso.com,megan.bowen@fabrikam.com\n```/);
    assert.match(all, /Line 5 \(megan.bowen@contoso.com → megan.bowen@fabrikam.com\): it repeats line 4/);
    const [consent] = consentCards(replies);
    assert.equal(consent.name, 'usermapping.csv');
    assert.match(consent.content.acceptContext.checkId, /^[a-z0-9]{12}$/);
    assert.equal(consent.content.sizeInBytes, Buffer.byteLength('Source,Destination\r\nadele.vance@contoso.com,adele.vance@fabrikam.com\r\nalex.wilber@contoso.com,alex.wilber@fabrikam.com\r\nmegan.bowen@contoso.com,megan.bowen@fabrikam.com\r\n'));
    assert.ok(!all.includes(SECRET), 'the download URL is never echoed');
  });

  it('follows a redirect that stays on the allow-list', async () => {
    const { replies } = await upload('usermapping.csv', '/redirect-on');
    assert.equal(resultCards(replies).length, 1);
  });

  it('a clean file gets a ready card and no corrected file', async () => {
    const { replies } = await upload('usermapping.csv', '/clean.csv');
    assert.match(JSON.stringify(resultCards(replies)[0]), /Ready for Microsoft's validation/);
    assert.equal(consentCards(replies).length, 0);
    assert.doesNotMatch(transcriptOf(replies), /```/);
  });

  it('a large file (15,000 lines, under the size cap) is checked; its corrected file comes as a file, not as text', async () => {
    const lines = ['Source,Destination'];
    for (let i = 0; i < 15_000; i++) lines.push(i === 7_000 ? 'user1@contoso.com;user1@fabrikam.com' : `first.last${i}@contoso.com,first.last${i}@fabrikam.com`);
    host.serve('/large.csv', lines.join('\r\n'));
    const { replies } = await upload('usermapping.csv', '/large.csv');
    const card = JSON.stringify(resultCards(replies)[0]);
    assert.match(card, /"text":"15,000".*"text":"users mapped"/); // the semicolon line is fixed in the corrected file
    assert.match(card, /Line 7002/);
    assert.match(transcriptOf(replies), /too long to show in a message\. Accept the file below/);
    assert.equal(consentCards(replies)[0].content.sizeInBytes > 500_000, true);
  });

  it('checks the name: a file not named exactly usermapping.csv is an error with Microsoft\'s message', async () => {
    const { replies } = await upload('UserMapping.csv', '/clean.csv');
    const text = JSON.stringify(resultCards(replies)[0]);
    assert.match(text, /UserMapping.csv/);
    assert.match(text, /File name/);
    assert.match(text, /The User mapping file provided for Tenant To Tenant migration is invalid/);
  });

  it('refuses an Excel workbook with the save-as advice and offers no corrected file', async () => {
    const { replies } = await upload('usermapping.xlsx', '/workbook.xlsx');
    const text = JSON.stringify(resultCards(replies)[0]);
    assert.match(text, /Not a CSV text file/);
    assert.match(text, /CSV UTF-8/);
    assert.equal(consentCards(replies).length, 0);
  });

  const refusals: Array<{ name: string; url: () => string; expect: RegExp }> = [
    { name: 'a host not on the allow-list', url: () => `https://localhost:${host.port}/good.csv?tempauth=${SECRET}`, expect: /somewhere I am not allowed to download from/ },
    { name: 'a look-alike SharePoint host', url: () => `https://contoso.sharepoint.com.evil.example/usermapping.csv?tempauth=${SECRET}`, expect: /somewhere I am not allowed to download from/ },
    { name: 'plain http', url: () => `http://127.0.0.1:${host.port}/good.csv?tempauth=${SECRET}`, expect: /not a secure \(https\) link/ },
    { name: 'a redirect off the list', url: () => host.url('/redirect-off'), expect: /sent me somewhere I am not allowed to download from/ },
    { name: 'a file over MAX_MAPPING_FILE_MB', url: () => host.url('/big.csv'), expect: /larger than I accept/ },
    { name: 'a download slower than the deadline', url: () => host.url('/slow.csv'), expect: /took too long/ },
    { name: 'a web page instead of the file', url: () => host.url('/page'), expect: /link to a web page instead of the file/ },
  ];
  for (const r of refusals) {
    it(`refuses ${r.name} with a clear message naming the file, and keeps working`, async () => {
      const seenBefore = host.seen.length;
      const { status, replies } = await upload('usermapping.csv', '', { url: r.url() });
      assert.equal(status, 200);
      assert.equal(replies.length, 1, transcriptOf(replies));
      assert.match(replies[0].text, /^I could not check "usermapping.csv": /);
      assert.match(replies[0].text, r.expect);
      assert.equal(resultCards(replies).length, 0);
      assert.ok(!replies[0].text.includes(SECRET) && !replies[0].text.includes('127.0.0.1') && !replies[0].text.includes('localhost'));
      if (r.name.includes('allow-list') || r.name.includes('http') || r.name.includes('look-alike')) {
        assert.equal(host.seen.slice(seenBefore).length, 0, 'nothing was requested');
      }
      const after = await send(message({ serviceUrl: connector.url, text: 'help' }));
      assert.match(transcriptOf(after.replies), /What I can do/);
    });
  }

  it('ignores the text/html copy of a message: a message without a file still gets the usual answer', async () => {
    const { replies } = await send(message({
      serviceUrl: connector.url, text: 'hello there',
      attachments: [{ contentType: 'text/html', content: '<p>hello there</p>' }],
    }));
    assert.match(transcriptOf(replies), /I don't know "hello there"/);
  });

  it('never logs or stores the download URL', async () => {
    assert.ok(!JSON.stringify(h.logger.lines).includes(SECRET), 'logs');
    assert.ok(h.logger.lines.some((l) => l.msg === 'mapping file checked'));
    assert.ok(h.logger.lines.some((l) => l.msg === 'mapping file download refused' && l.code === 'timeout'));
    await h.stop();
    const files = filesUnder(h.dataDir).map((f) => ({ f, text: readFileSync(f, 'utf8') }));
    // The scan reads what the bot wrote: the transcripts and the stored checks.
    assert.ok(files.some(({ text }) => text.includes('UserMapping.csv')), 'transcripts were written');
    assert.ok(files.some(({ text }) => text.includes('problemsTotal')), 'checks were stored');
    for (const { f, text } of files) assert.ok(!text.includes(SECRET), `${f} holds the download URL's token`);
  });
});
