import assert from 'node:assert/strict';
import { logFields, logValue, truncateForLog, MAX_LOGGED_TEXT } from '../../../src/domain/reliability/logValues.js';

describe('log value truncation', () => {
  it('cuts a long value and says how much was left out', () => {
    const cut = truncateForLog('x'.repeat(206 * 1024));
    assert.equal(cut, `${'x'.repeat(MAX_LOGGED_TEXT)}...(+${206 * 1024 - MAX_LOGGED_TEXT})`);
  });

  it('keeps short values as they are, but never line breaks or escape sequences', () => {
    assert.equal(truncateForLog('track Contoso'), 'track Contoso');
    assert.equal(truncateForLog('a\nb\r\u001b[31mc\u2028'), 'a b  [31mc ');
  });

  it('never splits a surrogate pair', () => {
    const cut = truncateForLog(`${'a'.repeat(9)}😀😀`, 10);
    assert.equal(cut, `${'a'.repeat(9)}...(+4)`);
  });

  it('bounds objects in depth and width, survives cycles and throwing getters', () => {
    const deep: Record<string, unknown> = {};
    let at = deep;
    for (let i = 0; i < 10; i++) at = (at.next = {}) as Record<string, unknown>;
    const cyclic: Record<string, unknown> = { name: 'a' };
    cyclic.self = cyclic;
    const hostile = Object.defineProperty({}, 'boom', { enumerable: true, get() { throw new Error('no'); } });
    const wide = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, i]));
    const out = logFields({ deep, cyclic, hostile, wide, list: Array.from({ length: 30 }, () => 'v'.repeat(500)) })!;
    const text = JSON.stringify(out);
    assert.match(text, /\[\.\.\.\]/);
    assert.match(text, /\[cycle\]/);
    assert.match(text, /\[unreadable\]/);
    assert.match(text, /\+30 keys/);
    assert.match(text, /\+10 items/);
    assert.ok(text.length < 12_000, `bounded: ${text.length}`);
  });

  it('gives a key named __proto__ back as data, not as a prototype', () => {
    const parsed = JSON.parse('{"__proto__": {"polluted": true}}') as unknown;
    const out = logValue(parsed) as Record<string, unknown>;
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.deepEqual(Object.keys(out), ['__proto__']);
  });
});
