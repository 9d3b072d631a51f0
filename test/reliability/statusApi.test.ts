/**
 * The status API under attack and from automation that reports late: failed authentication is rate-limited per
 * client address (429 with Retry-After), an empty or overlong Idempotency-Key is a 400, and a change can say when
 * the phase happened ("at", ISO 8601, not in the future), so the 7-day clocks start from the real time.
 */
import assert from 'node:assert/strict';
import { message } from '../support/activities.js';
import { useRunningApp } from '../support/appHarness.js';


const TOKEN = 'a-long-test-token-0123456789';

describe('reliability: status API', function () {
  this.timeout(60_000);
  const ctx = useRunningApp({ STATUS_API_TOKEN: TOKEN, REMINDER_CHECK_SECONDS: '0' }, 'test');

  const api = (path: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
    fetch(`${ctx.h.baseUrl}${path}`, { ...init, headers: { 'content-type': 'application/json', ...init.headers } });

  async function track(name: string): Promise<string> {
    const post = message({ serviceUrl: ctx.connector.url, text: `track ${name}`, channel: true, conversationId: `19:api@thread.tacv2;messageid=${Date.now()}` });
    assert.equal((await ctx.h.post(post)).status, 200);
    const reply = ctx.connector.activities().find((a) => a.replyToId === post.id)?.text as string;
    return /migration \*\*(m-[a-z0-9]+)\*\*/.exec(reply)![1]!;
  }

  it('answers repeated wrong tokens from one address with 429 and Retry-After', async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 60; i++) {
      const res = await api('/api/migrations/m-abc/status', { headers: { authorization: `Bearer wrong-${i}-0123456789abcdef` } });
      statuses.push(res.status);
      if (res.status === 429) retryAfter ??= res.headers.get('retry-after');
      await res.arrayBuffer();
    }
    assert.ok(statuses.filter((s) => s === 401).length <= 20, `401s: ${statuses.filter((s) => s === 401).length}`);
    assert.ok(statuses.includes(429));
    assert.ok(statuses.every((s) => s === 401 || s === 429));
    assert.match(retryAfter ?? '', /^\d+$/);
    assert.ok(Number(retryAfter) >= 1);
  });

  it('answers an Idempotency-Key over 255 characters with 400', async () => {
    const id = await track('Key length move');
    const res = await api(`/api/migrations/${id}/status`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'idempotency-key': 'k'.repeat(256) }, body: '{"phase":"submitted"}' });
    assert.equal(res.status, 400);
    assert.equal((await res.json() as { error: string }).error, 'malformed-idempotency-key');
  });

  it('answers an empty Idempotency-Key with 400 instead of taking it as none', async () => {
    const id = await track('Empty key move');
    const res = await api(`/api/migrations/${id}/status`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'idempotency-key': '' }, body: '{"phase":"submitted"}' });
    assert.equal(res.status, 400);
    assert.equal((await res.json() as { error: string }).error, 'malformed-idempotency-key');
  });

  it('takes "at" as the time the phase happened, and refuses one in the future', async () => {
    const id = await track('Late report move');
    const at = new Date(Date.now() - 3 * 24 * 60 * 60 * 1000);
    at.setUTCMilliseconds(0);
    const ok = await api(`/api/migrations/${id}/status`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` }, body: JSON.stringify({ phase: 'submitted', at: at.toISOString() }) });
    assert.equal(ok.status, 200);
    const body = await ok.json() as { lastChange: { at: string }; deadlines: Array<{ endsAt?: string }> };
    assert.equal(new Date(body.lastChange.at).getTime(), at.getTime());
    const future = await api(`/api/migrations/${id}/status`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` }, body: JSON.stringify({ phase: 'approved', at: new Date(Date.now() + 3_600_000).toISOString() }) });
    assert.equal(future.status, 400);
    const malformed = await api(`/api/migrations/${id}/status`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` }, body: JSON.stringify({ phase: 'approved', at: 'last tuesday' }) });
    assert.equal(malformed.status, 400);
  });
});
