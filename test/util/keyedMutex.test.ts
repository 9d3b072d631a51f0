import assert from 'node:assert/strict';
import { KeyedMutex } from '../../src/util/keyedMutex.js';
import { LruCache } from '../../src/storage/lruCache.js';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('KeyedMutex', () => {
  it('hands one name to waiters in call order and forgets idle names', async () => {
    const mutex = new KeyedMutex();
    const order: number[] = [];
    await Promise.all(
      [0, 1, 2, 3, 4].map(async (i) => {
        const release = await mutex.lock('a');
        order.push(i);
        await tick();
        release();
      }),
    );
    assert.deepEqual(order, [0, 1, 2, 3, 4]);
    assert.equal(mutex.busyCount, 0);
    assert.equal(mutex.isBusy('a'), false);
  });

  it('lets different names run at the same time', async () => {
    const mutex = new KeyedMutex();
    const a = await mutex.lock('a');
    const b = await mutex.lock('b'); // would never resolve if names shared one lock
    assert.ok(mutex.isBusy('a') && mutex.isBusy('b'));
    a();
    b();
  });

  it('never deadlocks two batches that name the same partitions in opposite order', async () => {
    const mutex = new KeyedMutex();
    const held: string[] = [];
    await Promise.all([
      mutex.lockMany(['x', 'y']).then(async (release) => { held.push('xy'); await tick(); release(); }),
      mutex.lockMany(['y', 'x']).then(async (release) => { held.push('yx'); await tick(); release(); }),
    ]);
    assert.deepEqual(held.sort(), ['xy', 'yx']);
    assert.equal(mutex.busyCount, 0);
  });
});

describe('LruCache', () => {
  it('evicts the least recently used entry that is not in use', () => {
    const pinned = new Set(['a']);
    const cache = new LruCache<string, number>(2, (key) => pinned.has(key));
    cache.set('a', 1);
    cache.set('b', 2);
    cache.get('b');
    cache.set('c', 3); // 'a' is oldest but pinned, so 'b' goes
    assert.equal(cache.peek('a'), 1);
    assert.equal(cache.peek('b'), undefined);
    assert.equal(cache.peek('c'), 3);
    pinned.clear();
    cache.set('d', 4);
    assert.equal(cache.peek('a'), undefined);
    assert.equal(cache.size, 2);
  });

  it('refuses a size below one', () => {
    assert.throws(() => new LruCache(0), RangeError);
  });
});
