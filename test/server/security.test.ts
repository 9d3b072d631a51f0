import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { startApp, removeDir, type Harness } from '../support/appHarness.js';

const TOKEN = 'a-long-test-token-0123456789';

describe('HTTP endpoint hardening', () => {
  let h: Harness;
  before(async () => {
    h = await startApp({ STATUS_API_TOKEN: TOKEN });
  });
  after(async () => {
    await h.stop();
    removeDir(h.dataDir);
  });

  for (const path of ['/api/migrations/m-abc/status', '/api/%6Digrations/m-abc/status', '/%61pi/migrations/m-abc/status', '/api/migrations/m-abc/%73tatus']) {
    it(`asks for the token on ${path}, also when the path is percent-encoded`, async () => {
      const get = await fetch(`${h.baseUrl}${path}`);
      assert.equal(get.status, 401);
      const post = await fetch(`${h.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"phase":"cancelled"}' });
      assert.equal(post.status, 401);
    });
  }

  it('refuses a multipart upload to /api/messages without writing it anywhere', async () => {
    const before = new Set(readdirSync(tmpdir()));
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(256 * 1024)]), 'big.bin');
    const res = await fetch(`${h.baseUrl}/api/messages`, { method: 'POST', body: form });
    assert.equal(res.status, 415);
    const added = readdirSync(tmpdir()).filter((f) => !before.has(f) && !f.startsWith('mrb-test-'));
    assert.deepEqual(added.filter((f) => /^upload_/.test(f)), []);
  });

  it('answers an activity without a type with a generic error, not the SDK\'s message', async () => {
    const res = await fetch(`${h.baseUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text":"hi"}' });
    const body = await res.text();
    assert.ok(res.status >= 400);
    assert.doesNotMatch(body, /validateAndFixActivity|missing activity type/);
  });
});

describe('status API without a token configured', () => {
  it('is turned off, with a message saying how to turn it on', async () => {
    const h = await startApp({});
    try {
      const res = await fetch(`${h.baseUrl}/api/%6Digrations/m-abc/status`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer x' }, body: '{"phase":"cancelled"}' });
      assert.equal(res.status, 503);
      assert.match(await res.text(), /STATUS_API_TOKEN/);
    } finally {
      await h.stop();
      removeDir(h.dataDir);
    }
  });
});
