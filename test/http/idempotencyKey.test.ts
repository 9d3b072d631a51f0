import assert from 'node:assert/strict';
import { checkIdempotencyKey } from '../../src/http/idempotencyKey.js';

describe('Idempotency-Key check', () => {
  it('takes an absent header as no key, and a good key as is', () => {
    assert.deepEqual(checkIdempotencyKey(undefined), { ok: true, key: null });
    assert.deepEqual(checkIdempotencyKey('2f1c-release-42'), { ok: true, key: '2f1c-release-42' });
    assert.deepEqual(checkIdempotencyKey('k'.repeat(255)), { ok: true, key: 'k'.repeat(255) });
  });
  for (const bad of ['', '   ', ' padded', 'k'.repeat(256), 'tab\there', 'ünïcode', ['a', 'b']]) {
    it(`answers 400 for ${JSON.stringify(bad).slice(0, 30)}`, () => {
      const r = checkIdempotencyKey(bad as string);
      assert.ok(!r.ok && r.status === 400 && r.error === 'malformed-idempotency-key');
    });
  }
});
