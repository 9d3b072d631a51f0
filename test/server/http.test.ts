import assert from 'node:assert/strict';
import { message, installationUpdate, botAdded, cardAction } from '../support/activities.js';
import { useRunningApp } from '../support/appHarness.js';

describe('HTTP server with a real CloudAdapter', () => {
  const app = useRunningApp({}, 'test');

  it('answers /healthz with status, version and storage kind', async () => {
    const res = await fetch(`${app.h.baseUrl}/healthz`);
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.equal(body.status, 'ok');
    assert.match(body.version, /^\d+\.\d+\.\d+/);
    assert.equal(typeof body.storage, 'string');
    assert.equal(body.mode, 'anonymous-local');
  });

  it('delivers the reply to a Teams message at the activity serviceUrl, as a reply to it', async () => {
    const activity = message({ serviceUrl: app.connector.url, text: 'help' });
    const res = await app.h.post(activity);
    assert.equal(res.status, 200);
    const reply = await app.connector.waitForMessage('What I can do');
    assert.equal(reply.method, 'POST');
    assert.equal(reply.url, `/v3/conversations/${encodeURIComponent(activity.conversation.id)}/activities/${encodeURIComponent(activity.id)}`);
    assert.equal(reply.body.replyToId, activity.id);
    assert.equal(reply.body.attachments[0].contentType, 'application/vnd.microsoft.card.adaptive');
  });

  it('points unknown text to help, naming what the user typed', async () => {
    await app.h.post(message({ serviceUrl: app.connector.url, text: 'make me a sandwich' }));
    const reply = await app.connector.waitForMessage('make me a sandwich');
    assert.match(reply.body.text, /help/);
  });

  it('strips the @mention in a channel before matching commands', async () => {
    await app.h.post(message({ serviceUrl: app.connector.url, text: 'help', channel: true, conversationId: '19:general@thread.tacv2' }));
    const reply = await app.connector.waitForMessage('What I can do');
    assert.match(JSON.stringify(reply.body), /mention me first/);
  });

  it('welcomes once on install, even when Teams sends both installationUpdate and conversationUpdate', async () => {
    await app.h.post(installationUpdate({ serviceUrl: app.connector.url }));
    await app.h.post(botAdded({ serviceUrl: app.connector.url }));
    await app.connector.waitForMessage('Tenant-to-tenant migration readiness');
    const welcomes = app.connector.activities().filter((a) => JSON.stringify(a).includes('Tenant-to-tenant migration readiness'));
    assert.equal(welcomes.length, 1);
  });

  it('"forget me" in a channel says it covered this thread only', async () => {
    await app.h.post(message({ serviceUrl: app.connector.url, text: 'forget me', channel: true, conversationId: '19:general@thread.tacv2;messageid=1700000000000' }));
    const reply = await app.connector.waitForMessage('Done.');
    assert.match(reply.body.text, /this channel thread; say \*\*forget me\*\* in other threads too/);
  });

  it('welcomes a team with channel wording', async () => {
    await app.h.post(installationUpdate({ serviceUrl: app.connector.url, channel: true, conversationId: '19:general@thread.tacv2' }));
    const card = await app.connector.waitForMessage('Tenant-to-tenant migration readiness');
    assert.match(JSON.stringify(card.body), /in this channel/);
  });

  it('ignores a redelivered activity (same id) instead of answering twice', async () => {
    const activity = message({ serviceUrl: app.connector.url, text: 'help' });
    await app.h.post(activity);
    await app.h.post(activity);
    await app.connector.waitForMessage('What I can do');
    assert.equal(app.connector.activities().filter((a) => JSON.stringify(a).includes('What I can do')).length, 1);
  });

  it('rejects a malformed body without crashing', async () => {
    const res = await fetch(`${app.h.baseUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json' });
    assert.ok(res.status >= 400 && res.status < 500, `status ${res.status}`);
    const ok = await fetch(`${app.h.baseUrl}/healthz`);
    assert.equal(ok.status, 200);
  });
});

describe('card submits outside a dialog', () => {
  const app = useRunningApp();

  it('answers a button from a finished step instead of treating it as unknown text', async () => {
    await app.h.post(message({ serviceUrl: app.connector.url, text: '', value: { command: 'assess' } }));
    const reply = await app.connector.waitForMessage('already finished');
    assert.match(reply.body.text, /check eligibility/);
  });
});

describe('a redelivered invoke', () => {
  const app = useRunningApp();

  it('gets the first answer again instead of a 501 ("Unable to reach app")', async () => {
    const invoke = cardAction({ serviceUrl: app.connector.url, verb: 'no.such.verb', data: { x: 1 } });
    const first = await app.h.post(invoke);
    const firstBody = await first.text();
    const second = await app.h.post(invoke);
    assert.equal(first.status, 200);
    assert.equal(second.status, 200);
    assert.equal(await second.text(), firstBody);
    assert.match(firstBody, /no longer supported/);
  });
});
