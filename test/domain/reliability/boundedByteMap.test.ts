import assert from 'node:assert/strict';
import { BoundedByteMap, ENTRY_OVERHEAD_BYTES } from '../../../src/domain/reliability/boundedByteMap.js';

describe('BoundedByteMap', () => {
  it('keeps at most maxBytes, evicting the least recently set first', () => {
    const map = new BoundedByteMap<string, string>({ maxBytes: 10_000 });
    for (let i = 0; i < 100; i++) map.set(`k${i}`, 'v'.repeat(100));
    assert.ok(map.bytes <= 10_000);
    assert.ok(map.size < 100 && map.size > 10);
    assert.equal(map.has('k0'), false);
    assert.equal(map.get('k99'), 'v'.repeat(100));
  });

  it('counts the key too: 200 huge keys stay within the budget', () => {
    const map = new BoundedByteMap<string, string[]>({ maxBytes: 1024 * 1024, maxEntryBytes: 64 * 1024 });
    let refused = 0;
    for (let i = 0; i < 200; i++) if (!map.set(`${i}:${'x'.repeat(500 * 1024)}`, [])) refused++;
    assert.equal(refused, 200, 'an entry larger than maxEntryBytes is refused, not stored');
    for (let i = 0; i < 200; i++) map.set(`${i}:${'x'.repeat(10 * 1024)}`, ['id']);
    assert.ok(map.bytes <= 1024 * 1024);
  });

  it('also bounds the count, replaces in place and tracks bytes exactly', () => {
    const map = new BoundedByteMap<string, string>({ maxBytes: 1_000_000, maxEntries: 3 });
    map.set('a', '1');
    map.set('b', '1');
    map.set('a', '22');
    map.set('c', '1');
    map.set('d', '1');
    assert.deepEqual([...map.keys()], ['a', 'c', 'd']);
    assert.equal(map.bytes, 3 * (2 + ENTRY_OVERHEAD_BYTES) + 2 + 2 + 2 + 2);
    map.delete('a');
    map.clear();
    assert.equal(map.bytes, 0);
  });
});
