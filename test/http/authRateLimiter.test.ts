import assert from 'node:assert/strict';
import { AuthFailureRateLimiter, normaliseClient } from '../../src/http/authRateLimiter.js';

describe('auth failure rate limiter', () => {
  it('allows a burst of failures, then answers with a Retry-After until the bucket refills', () => {
    let now = 0;
    const limiter = new AuthFailureRateLimiter({ burst: 5, perMinute: 6, now: () => now });
    for (let i = 0; i < 4; i++) assert.deepEqual(limiter.fail('10.0.0.1'), { allowed: true });
    const blocked = limiter.fail('10.0.0.1');
    assert.deepEqual(blocked, { allowed: false, retryAfterSeconds: 10 });
    assert.deepEqual(limiter.check('10.0.0.1'), blocked);
    assert.deepEqual(limiter.check('10.0.0.2'), { allowed: true }, 'other clients are not affected');
    now += 9_000;
    assert.deepEqual(limiter.check('10.0.0.1'), { allowed: false, retryAfterSeconds: 1 });
    now += 1_000;
    assert.deepEqual(limiter.check('10.0.0.1'), { allowed: true });
  });

  it('keeps a bounded number of clients', () => {
    const limiter = new AuthFailureRateLimiter({ maxClients: 100, now: () => 0 });
    for (let i = 0; i < 10_000; i++) limiter.fail(`10.0.${i >> 8}.${i & 255}`);
    assert.equal(limiter.trackedClients, 100);
  });

  it('forgets a client whose bucket is full again', () => {
    let now = 0;
    const limiter = new AuthFailureRateLimiter({ burst: 2, perMinute: 60, now: () => now });
    limiter.fail('a');
    now += 60_000;
    limiter.check('a');
    assert.equal(limiter.trackedClients, 0);
  });

  it('treats IPv4-mapped IPv6 as IPv4 and an IPv6 /64 as one client', () => {
    assert.equal(normaliseClient('::ffff:10.1.2.3'), '10.1.2.3');
    assert.equal(normaliseClient('2001:db8:1:2:aaaa::1'), normaliseClient('2001:0db8:0001:0002:ffff:1:2:3'));
    assert.notEqual(normaliseClient('2001:db8:1:2::1'), normaliseClient('2001:db8:1:3::1'));
    assert.equal(normaliseClient(''), 'unknown');
  });
});
