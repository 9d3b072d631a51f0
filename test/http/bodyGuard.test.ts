import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { BodyError, parseJsonBody, readLimitedBody } from '../../src/http/bodyGuard.js';

/**
 * A real HTTP server whose handler reads the body with the guard and answers what happened. writeHead and end are
 * called apart: restify (loaded by other test files in the same run) patches ServerResponse.writeHead, and its
 * version does not return the response.
 */
describe('body guard over HTTP', () => {
  let server: Server;
  let url = '';
  let peakInflated = 0;
  before(async () => {
    server = createServer((req, res) => {
      readLimitedBody(req, { maxWireBytes: 64 * 1024, maxInflatedBytes: 256 * 1024 }).then(
        (body) => {
          peakInflated = Math.max(peakInflated, body.length);
          try {
            const parsed = parseJsonBody(body);
            res.writeHead(200);
            res.end(JSON.stringify({ length: body.length, type: typeof parsed }));
          } catch (error) {
            res.writeHead((error as BodyError).status);
            res.end(JSON.stringify((error as BodyError).body));
          }
        },
        (error: BodyError) => {
          res.setHeader('connection', 'close');
          res.writeHead(error.status);
          res.end(JSON.stringify(error.body));
        },
      );
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  const post = (body: Buffer, headers: Record<string, string> = {}) => new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(body.length), ...headers } }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', (e: NodeJS.ErrnoException) => (e.code === 'ECONNRESET' || e.code === 'EPIPE' ? resolve({ status: 413, text: 'reset' }) : reject(e)));
    req.end(body);
  });

  it('reads plain, gzip, deflate and br bodies within the limits', async () => {
    const json = Buffer.from(JSON.stringify({ type: 'message', text: 'x'.repeat(10_000) }));
    for (const [encoding, body] of [['identity', json], ['gzip', gzipSync(json)], ['deflate', deflateSync(json)], ['br', brotliCompressSync(json)]] as const) {
      const res = await post(body, { 'content-encoding': encoding });
      assert.equal(res.status, 200, encoding);
      assert.equal(JSON.parse(res.text).length, json.length);
    }
  });

  it('refuses a 50 KB gzip body that inflates to 50 MB after the limit, without inflating it all', async () => {
    const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024, 0x20));
    assert.ok(bomb.length < 64 * 1024);
    const res = await post(bomb, { 'content-encoding': 'gzip' });
    assert.equal(res.status, 413);
    assert.deepEqual(JSON.parse(res.text), { error: 'too-large', message: 'The request body is too large.' });
    assert.ok(peakInflated <= 256 * 1024);
  });

  it('refuses a declared length over the wire limit before reading, stacked and unknown encodings, bad gzip', async () => {
    assert.equal((await post(Buffer.alloc(100 * 1024, 0x20))).status, 413);
    assert.equal((await post(gzipSync(gzipSync(Buffer.from('{}'))), { 'content-encoding': 'gzip, gzip' })).status, 415);
    assert.equal((await post(Buffer.from('{}'), { 'content-encoding': 'compress' })).status, 415);
    const broken = await post(Buffer.from('not gzip at all'), { 'content-encoding': 'gzip' });
    assert.equal(broken.status, 400);
    assert.doesNotMatch(broken.text, /incorrect header|zlib|Z_/i);
  });

  it('answers malformed JSON with a generic 400', async () => {
    for (const body of ['{"type":', '', '   ', '\u{feff}']) {
      const res = await post(Buffer.from(body));
      assert.equal(res.status, 400);
      assert.deepEqual(JSON.parse(res.text), { error: 'malformed-body', message: 'The body is not valid JSON.' });
    }
    assert.equal((await post(Buffer.from('\u{feff}{"a":1}'))).status, 200);
  });
});
