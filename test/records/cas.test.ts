import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MemoryStorage, type Storage, type StoreItems } from 'botbuilder';
import { LowdbStorage } from '../../src/storage/lowdbStorage.js';
import { BlobStorage } from '../../src/storage/blob/index.js';
import { startAzurite, type Azurite } from '../support/azurite.js';
import { CREATE_ONLY_ETAG, CasExhaustedError, casCreate, casUpdate, isETagConflict } from '../../src/records/cas.js';

/**
 * Another handle on the same store, as a second process would have: a different object, so the in-process key
 * lock of cas.ts does not serialise it with the first handle; only the store's eTag check can.
 */
class OtherProcess implements Storage {
  constructor(private readonly inner: Storage) {}
  read(keys: string[]): Promise<StoreItems> { return this.inner.read(keys); }
  write(changes: StoreItems): Promise<void> { return this.inner.write(changes); }
  delete(keys: string[]): Promise<void> { return this.inner.delete(keys); }
}

interface List { ids: string[] }
const append = (id: string) => (current: List | undefined): List => ({ ids: [...(current?.ids ?? []), id] });

const stores: Array<{ name: string; open(): Promise<{ storage: Storage; close(): Promise<void> }> }> = [
  { name: 'MemoryStorage', open: async () => ({ storage: new MemoryStorage(), close: async () => {} }) },
  {
    name: 'LowdbStorage',
    open: async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'mrb-cas-'));
      const storage = new LowdbStorage({ directory: dir });
      return { storage, close: async () => { await storage.close(); await rm(dir, { recursive: true, force: true }); } };
    },
  },
];

for (const store of stores) {
  describe(`records: casUpdate / casCreate over ${store.name}`, () => {
    let storage: Storage;
    let close: () => Promise<void>;
    beforeEach(async () => ({ storage, close } = await store.open()));
    afterEach(() => close());

    it('a create-only write creates a missing key and conflicts on an existing one', async () => {
      await storage.write({ k: { v: 1, eTag: CREATE_ONLY_ETAG } });
      await assert.rejects(storage.write({ k: { v: 2, eTag: CREATE_ONLY_ETAG } }), (e) => isETagConflict(e));
      assert.equal(((await storage.read(['k'])).k as { v: number }).v, 1);
    });

    it('three concurrent first updates of one key keep all three entries (one handle)', async () => {
      await Promise.all(['a', 'b', 'c'].map((id) => casUpdate(storage, 'records/index/u1', append(id))));
      const stored = (await storage.read(['records/index/u1']))['records/index/u1'] as List;
      assert.deepEqual([...stored.ids].sort(), ['a', 'b', 'c']);
    });

    it('three concurrent first updates from three "processes" keep all three entries', async () => {
      const handles = [new OtherProcess(storage), new OtherProcess(storage), new OtherProcess(storage)];
      await Promise.all(['a', 'b', 'c'].map((id, i) => casUpdate(handles[i]!, 'records/index/u2', append(id))));
      const stored = (await storage.read(['records/index/u2']))['records/index/u2'] as List;
      assert.deepEqual([...stored.ids].sort(), ['a', 'b', 'c']);
    });

    it('only one of several concurrent creates wins, also across "processes"', async () => {
      const results = await Promise.all([
        casCreate(storage, 'records/x/1', { who: 'a' }),
        casCreate(new OtherProcess(storage), 'records/x/1', { who: 'b' }),
        casCreate(new OtherProcess(storage), 'records/x/1', { who: 'c' }),
      ]);
      assert.equal(results.filter(Boolean).length, 1);
      const winner = ['a', 'b', 'c'][results.indexOf(true)];
      assert.equal(((await storage.read(['records/x/1']))['records/x/1'] as { who: string }).who, winner);
    });

    it('a change returning null writes nothing; the stored value comes back', async () => {
      await casUpdate(storage, 'k2', append('a'));
      const result = await casUpdate<List>(storage, 'k2', () => null);
      assert.deepEqual(result, { value: { ids: ['a'] }, changed: false });
    });
  });
}

describe('records: casUpdate retries', () => {
  it('gives up after the given attempts with a CasExhaustedError, and passes other errors through', async () => {
    const inner = new MemoryStorage();
    let writes = 0;
    const conflicting: Storage = {
      read: (keys) => inner.read(keys),
      write: async () => { writes++; throw new Error('Storage: error writing "k" due to eTag conflict.'); },
      delete: (keys) => inner.delete(keys),
    };
    await assert.rejects(casUpdate(conflicting, 'k', append('a'), { attempts: 3 }), CasExhaustedError);
    assert.equal(writes, 3);
    const broken: Storage = { ...conflicting, write: async () => { throw new Error('disk full'); } };
    await assert.rejects(casUpdate(broken, 'k', append('a')), /disk full/);
  });
});

describe('records: casUpdate / casCreate over two BlobStorage processes (Azurite)', function () {
  this.timeout(60_000);
  let azurite: Azurite;
  before(async () => {
    azurite = await startAzurite();
  });
  after(async () => {
    await azurite?.stop();
  });

  it('concurrent first updates from two processes keep every entry; one concurrent create wins', async () => {
    const containerName = azurite.containerName('cas');
    const open = (): BlobStorage => BlobStorage.fromConnectionString({ connectionString: azurite.connectionString, containerName });
    const [a, b] = [open(), open()];
    try {
      await Promise.all(['a1', 'b1', 'a2', 'b2'].map((id) => casUpdate(id.startsWith('a') ? a : b, 'records/index/u1', append(id))));
      const stored = (await a.read(['records/index/u1']))['records/index/u1'] as List;
      assert.deepEqual([...stored.ids].sort(), ['a1', 'a2', 'b1', 'b2']);
      const created = await Promise.all([casCreate(a, 'records/x/1', { who: 'a' }), casCreate(b, 'records/x/1', { who: 'b' })]);
      assert.equal(created.filter(Boolean).length, 1);
    } finally {
      await a.close();
      await b.close();
      await azurite.deleteContainer(containerName);
    }
  });
});
