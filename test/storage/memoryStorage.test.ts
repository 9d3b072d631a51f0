import assert from 'node:assert/strict';
import { MemoryStorage } from 'botbuilder';
import { runStorageContract } from './storageContract.js';

// The reference implementation: if it fails a contract test, the test is wrong, not the store.
runStorageContract('botbuilder MemoryStorage', () => ({ storage: new MemoryStorage() }), {
  atomicBatches: false,
  prototypeKeys: false,
});

// Why two contract options are off for MemoryStorage: these pin the quirks LowdbStorage fixes, so the skips
// above stay honest. If botbuilder ever fixes them, these fail and the options can be switched on.
describe('botbuilder MemoryStorage known quirks', () => {
  it('keeps writing the rest of a batch after an eTag conflict', async () => {
    const storage = new MemoryStorage();
    await storage.write({ stale: { v: 1 } });
    const { stale } = await storage.read(['stale']);
    await storage.write({ stale: { v: 2 } });
    await assert.rejects(storage.write({ stale: { ...stale, v: 9 }, after: { v: 9 } }));
    assert.equal((await storage.read(['after'])).after?.v, 9);
  });

  it('cannot read a key named __proto__', async () => {
    await assert.rejects(new MemoryStorage().read(['__proto__']), SyntaxError);
  });
});
