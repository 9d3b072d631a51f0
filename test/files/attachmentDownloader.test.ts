import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DOWNLOAD_REASONS, downloadAttachment, isAllowedHost, megabytes, type DownloadOptions, type DownloadResult,
} from '../../src/files/attachmentDownloader.js';
import { checkMappingFile } from '../../src/domain/mapping/index.js';

const CSV = 'Source,Destination\r\na@contoso.com,a@fabrikam.com\r\n';
const SECRET = 'tempauth-SECRET-123';
const MAX = 64 * 1024;

interface Seen { path: string; headers: IncomingHttpHeaders }

describe('attachment downloader', function () {
  this.timeout(20_000);
  let dir: string;
  let cert: string;
  let server: https.Server;
  let plain: http.Server;
  let port: number;
  let plainPort: number;
  const seen: Seen[] = [];
  const plainSeen: Seen[] = [];
  const failures: DownloadResult[] = [];

  const base = (): string => `https://127.0.0.1:${port}`;
  const options = (extra: Partial<DownloadOptions> = {}): DownloadOptions =>
    ({ allowedHosts: [`127.0.0.1:${port}`], maxBytes: MAX, timeoutMs: 5_000, ca: cert, ...extra });
  const download = async (url: string, extra: Partial<DownloadOptions> = {}): Promise<DownloadResult> => {
    const result = await downloadAttachment(url, options(extra));
    if (!result.ok) failures.push(result);
    return result;
  };

  // Not chained: restify, loaded by other suites in the same run, patches writeHead to return nothing.
  function reply(res: ServerResponse, status: number, headers: Record<string, string | number> = {}, body?: string | Buffer): void {
    res.writeHead(status, headers);
    res.end(body);
  }

  function route(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '').split('?')[0];
    seen.push({ path, headers: req.headers });
    switch (path) {
      case '/file':
        reply(res, 200, { 'content-type': 'text/csv', 'content-length': Buffer.byteLength(CSV) }, CSV);
        return;
      case '/redirect-same':
        reply(res, 302, { location: `/file?${SECRET}` });
        return;
      case '/redirect-off':
        reply(res, 302, { location: `https://localhost:${port}/file` });
        return;
      case '/redirect-http':
        reply(res, 301, { location: `http://127.0.0.1:${port}/file` });
        return;
      case '/redirect-loop':
        reply(res, 307, { location: '/redirect-loop' });
        return;
      case '/big':
        reply(res, 200, { 'content-type': 'text/csv', 'content-length': MAX + 1 }, Buffer.alloc(MAX + 1, 0x61));
        return;
      case '/big-chunked': {
        // No length announced: the cap must hold while streaming.
        res.writeHead(200, { 'content-type': 'text/csv' });
        let sent = 0;
        const timer = setInterval(() => {
          if (sent > MAX * 4 || res.destroyed) {
            clearInterval(timer);
            res.end();
            return;
          }
          res.write(Buffer.alloc(4096, 0x61));
          sent += 4096;
        }, 1);
        res.on('close', () => clearInterval(timer));
        return;
      }
      case '/slow': {
        res.writeHead(200, { 'content-type': 'text/csv' });
        const timer = setInterval(() => res.write('a'), 100);
        res.on('close', () => clearInterval(timer));
        return;
      }
      case '/hang':
        return;
      case '/page':
        reply(res, 200, { 'content-type': 'text/html; charset=utf-8' }, '<!DOCTYPE html><html>Sign in</html>');
        return;
      default:
        reply(res, 404);
    }
  }

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'downloader-test-'));
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
    ], { stdio: 'ignore' });
    cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
    server = https.createServer({ key: readFileSync(join(dir, 'key.pem')), cert }, route);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    plain = http.createServer((req, res) => {
      plainSeen.push({ path: req.url ?? '', headers: req.headers });
      res.end(CSV);
    });
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    plainPort = (plain.address() as AddressInfo).port;
  });

  after(async () => {
    server.closeAllConnections();
    plain.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await new Promise((resolve) => plain.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(() => {
    seen.length = 0;
    plainSeen.length = 0;
  });

  it('downloads from an allowed host, sending no token, cookie or header of the bot', async () => {
    const result = await download(`${base()}/file?${SECRET}`);
    assert.equal(result.ok, true);
    assert.ok(result.ok);
    assert.equal(new TextDecoder().decode(result.bytes), CSV);
    assert.equal(result.contentType, 'text/csv');
    assert.equal(seen.length, 1);
    assert.equal(seen[0].headers.authorization, undefined);
    assert.equal(seen[0].headers.cookie, undefined);
    assert.deepEqual(Object.keys(seen[0].headers).sort(), ['accept', 'accept-encoding', 'connection', 'host']);
    assert.equal(checkMappingFile({ fileName: 'usermapping.csv', bytes: result.bytes }).mappedUsers, 1);
  });

  it('follows a redirect that stays on the list, still without a token', async () => {
    const result = await download(`${base()}/redirect-same`);
    assert.equal(result.ok, true);
    assert.deepEqual(seen.map((s) => s.path), ['/redirect-same', '/file']);
    assert.ok(seen.every((s) => s.headers.authorization === undefined && s.headers.cookie === undefined));
  });

  it('refuses a host that is not on the list, before connecting', async () => {
    const result = await download(`https://localhost:${port}/file`);
    assert.deepEqual(result, { ok: false, code: 'host-not-allowed', reason: DOWNLOAD_REASONS['host-not-allowed'] });
    assert.equal(seen.length, 0);
  });

  it('refuses http, even to a listed host, before connecting', async () => {
    const result = await download(`http://127.0.0.1:${plainPort}/file`, { allowedHosts: [`127.0.0.1:${plainPort}`] });
    assert.equal(result.ok ? 'ok' : result.code, 'not-https');
    assert.equal(plainSeen.length, 0);
  });

  it('refuses credentials in the URL', async () => {
    const result = await download(`https://bot:password@127.0.0.1:${port}/file`);
    assert.equal(result.ok ? 'ok' : result.code, 'host-not-allowed');
    assert.equal(seen.length, 0);
  });

  it('refuses a redirect off the list without following it', async () => {
    const result = await download(`${base()}/redirect-off`);
    assert.deepEqual(result, { ok: false, code: 'redirect-not-allowed', reason: DOWNLOAD_REASONS['redirect-not-allowed'] });
    assert.deepEqual(seen.map((s) => s.path), ['/redirect-off']);
  });

  it('refuses a redirect to http', async () => {
    const result = await download(`${base()}/redirect-http`);
    assert.equal(result.ok ? 'ok' : result.code, 'redirect-not-allowed');
    assert.deepEqual(seen.map((s) => s.path), ['/redirect-http']);
  });

  it('gives up on a redirect loop', async () => {
    const result = await download(`${base()}/redirect-loop`, { maxRedirects: 2 });
    assert.equal(result.ok ? 'ok' : result.code, 'too-many-redirects');
    assert.equal(seen.length, 3);
  });

  it('refuses a file over the size cap, announced or streamed', async () => {
    const announced = await download(`${base()}/big`);
    assert.equal(announced.ok ? 'ok' : announced.code, 'too-large');
    const streamed = await download(`${base()}/big-chunked`);
    assert.equal(streamed.ok ? 'ok' : streamed.code, 'too-large');
    const exact = await download(`${base()}/file`, { maxBytes: Buffer.byteLength(CSV) });
    assert.equal(exact.ok, true, 'a file of exactly the cap is accepted');
  });

  it('gives up on a slow body and on a server that never answers', async () => {
    const slow = await download(`${base()}/slow`, { timeoutMs: 400 });
    assert.deepEqual(slow, { ok: false, code: 'timeout', reason: DOWNLOAD_REASONS.timeout });
    const hang = await download(`${base()}/hang`, { timeoutMs: 400 });
    assert.equal(hang.ok ? 'ok' : hang.code, 'timeout');
  });

  it('refuses a web page (a share link instead of the file) and an error status', async () => {
    const page = await download(`${base()}/page`);
    assert.equal(page.ok ? 'ok' : page.code, 'web-page');
    const gone = await download(`${base()}/gone`);
    assert.equal(gone.ok ? 'ok' : gone.code, 'http-error');
  });

  it('verifies the certificate: an untrusted one is a network error', async () => {
    const result = await download(`${base()}/file`, { ca: undefined });
    assert.equal(result.ok ? 'ok' : result.code, 'network-error');
  });

  it('refuses what is not a URL', async () => {
    const result = await download('not a url');
    assert.equal(result.ok ? 'ok' : result.code, 'invalid-url');
  });

  it('never puts the URL, its token or its host into a reason', () => {
    assert.ok(failures.length >= 10);
    for (const f of failures) {
      assert.ok(!f.ok);
      assert.ok(!f.reason.includes(SECRET) && !f.reason.includes('127.0.0.1') && !f.reason.includes('localhost'), f.reason);
      assert.equal(f.reason, DOWNLOAD_REASONS[f.code]);
    }
  });
});

describe('download host allow-list', () => {
  const list = ['*.sharepoint.com', 'files.example.org', 'local.test:8443'];
  const table: Array<[string, boolean]> = [
    ['https://contoso.sharepoint.com/x', true],
    ['https://contoso-my.sharepoint.com/personal/x', true],
    ['https://CONTOSO.SharePoint.com/x', true],
    ['https://sharepoint.com/x', false],
    ['https://evilsharepoint.com/x', false],
    ['https://contoso.sharepoint.com.evil.net/x', false],
    ['https://contoso.sharepoint.com:8443/x', false],
    ['https://files.example.org/x', true],
    ['https://a.files.example.org/x', false],
    ['https://files.example.org.evil.net/x', false],
    ['https://local.test:8443/x', true],
    ['https://local.test/x', false],
  ];
  for (const [url, allowed] of table) {
    it(`${allowed ? 'allows' : 'refuses'} ${url}`, () => {
      assert.equal(isAllowedHost(new URL(url), list), allowed);
    });
  }

  it('converts the megabyte setting to bytes', () => {
    assert.equal(megabytes(5), 5 * 1024 * 1024);
  });
});
