/**
 * BlobStorage against a real Azurite: the shared Storage contract, prefix listing for "forget me", and what
 * two processes sharing one container see of each other.
 */
import assert from 'node:assert/strict';
import { ConversationState, TestAdapter } from 'botbuilder';
import { DialogSet, WaterfallDialog, type DialogState } from 'botbuilder-dialogs';
import { BlobServiceClient } from '@azure/storage-blob';
import { BlobStorage, blobNameOfKey, openBlobStores, BlobStoreUnavailableError, STATE_BLOB_PREFIX } from '../../src/storage/blob/index.js';
import { AZURITE_ACCOUNT_KEY, azuriteConnectionString, startAzurite, type Azurite } from '../support/azurite.js';
import { ETAG_CONFLICT, runStorageContract, waterfallSteps } from './storageContract.js';

describe('BlobStorage over Azurite', function () {
  this.timeout(60_000);
  let azurite: Azurite;

  before(async () => {
    azurite = await startAzurite();
  });
  after(async () => {
    await azurite?.stop();
  });

  /** A store over a fresh container; `dispose` deletes the container. */
  function freshStorage(label: string, containerName = azurite.containerName(label)) {
    const storage = BlobStorage.fromConnectionString({ connectionString: azurite.connectionString, containerName });
    return {
      storage,
      containerName,
      dispose: async () => {
        await storage.close();
        await azurite.deleteContainer(containerName);
      },
    };
  }

  runStorageContract('BlobStorage', () => freshStorage('contract'), { atomicBatches: true, prototypeKeys: true });

  describe('prefixes, sharing and restarts', () => {
    let fixture: ReturnType<typeof freshStorage>;
    let storage: BlobStorage;

    beforeEach(() => {
      fixture = freshStorage('blob');
      storage = fixture.storage;
    });
    afterEach(async () => {
      await fixture.dispose();
    });

    it('lists and deletes keys by prefix, whatever their characters or length', async () => {
      const long = `msteams/conversations/a:1/${'x'.repeat(1500)}`;
      await storage.write({
        'msteams/conversations/a:1/ConversationState': { n: 1 },
        'msteams/conversations/a:1/users/29:ada/PrivateConversationState': { n: 2 },
        [long]: { n: 3 },
        'msteams/conversations/a:10/ConversationState': { n: 4 },
        'msteams/users/29:ada/UserState': { n: 5 },
        'msteams/users/29:ada😀/UserState': { n: 6 },
      });
      assert.deepEqual(await storage.listKeys('msteams/conversations/a:1/'), [
        'msteams/conversations/a:1/ConversationState',
        'msteams/conversations/a:1/users/29:ada/PrivateConversationState',
        long,
      ]);
      assert.deepEqual(await storage.listKeys(`msteams/conversations/a:1/${'x'.repeat(1200)}`), [long], 'a prefix longer than a blob name');
      assert.deepEqual(await storage.listKeys('msteams/users/29:ada'), ['msteams/users/29:ada/UserState', 'msteams/users/29:ada😀/UserState']);
      assert.equal((await storage.listKeys('')).length, 6);
      assert.deepEqual(await storage.listKeys('nothing/'), []);

      assert.equal(await storage.deleteByPrefix('msteams/conversations/a:1/'), 3);
      assert.deepEqual(await storage.listKeys('msteams/conversations/'), ['msteams/conversations/a:10/ConversationState']);
      assert.equal(Object.keys(await storage.read([long])).length, 0);
      assert.equal(await storage.deleteByPrefix('msteams/conversations/a:1/'), 0);
      await assert.rejects(storage.listKeys(undefined as unknown as string), TypeError);
    });

    it('stores a long key under a hashed name that still reads back exactly', async () => {
      const a = 'k'.repeat(2000);
      const b = `${'k'.repeat(1999)}j`;
      await storage.write({ [a]: { which: 'a' }, [b]: { which: 'b' } });
      const read = await storage.read([a, b]);
      assert.equal(read[a].which, 'a');
      assert.equal(read[b].which, 'b');
      assert.notEqual(blobNameOfKey(a), blobNameOfKey(b));
    });

    it('stores bodies by their byte length, so non-ASCII content survives whole', async () => {
      const text = 'Größe 😀 façade — 東京 '.repeat(50);
      await storage.write({ unicode: { text } });
      assert.equal((await storage.read(['unicode'])).unicode.text, text);
    });

    it('keeps the blobs under state/ in the container it was given', async () => {
      await storage.write({ 'msteams/users/29:ada/UserState': { n: 1 } });
      const container = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient(fixture.containerName);
      const names: string[] = [];
      for await (const blob of container.listBlobsFlat()) names.push(blob.name);
      assert.deepEqual(names, [blobNameOfKey('msteams/users/29:ada/UserState')]);
      assert.ok(names[0]!.startsWith(STATE_BLOB_PREFIX));
    });

    it('lets two processes share a container: writes are seen and eTags guard records across them', async () => {
      const other = BlobStorage.fromConnectionString({ connectionString: azurite.connectionString, containerName: fixture.containerName });
      try {
        await storage.write({ 'records/1': { v: 1 } });
        const mine = (await storage.read(['records/1']))['records/1'];
        const theirs = (await other.read(['records/1']))['records/1'];
        assert.equal(theirs.v, 1);
        assert.equal(theirs.eTag, mine.eTag, 'both see the same eTag');
        await other.write({ 'records/1': { ...theirs, v: 2 } });
        await assert.rejects(storage.write({ 'records/1': { ...mine, v: 3 } }), ETAG_CONFLICT('records/1'));
        assert.equal((await storage.read(['records/1']))['records/1'].v, 2);
      } finally {
        await other.close();
      }
    });

    it('checks every eTag of a batch before writing any item that carries one', async () => {
      await storage.write({ fresh: { v: 1 }, stale: { v: 1 } });
      const loaded = await storage.read(['fresh', 'stale']);
      await storage.write({ stale: { ...loaded.stale, v: 2 } });
      await assert.rejects(
        storage.write({
          fresh: { ...loaded.fresh, v: 9 },
          created: { v: 9, eTag: 'from-elsewhere' },
          stale: { ...loaded.stale, v: 9 },
          plain: { v: 9 },
        }),
        ETAG_CONFLICT('stale'),
      );
      const after = await storage.read(['fresh', 'created', 'stale', 'plain']);
      assert.deepEqual(Object.keys(after).sort(), ['fresh', 'stale']);
      assert.equal(after.fresh.v, 1);
      assert.equal(after.stale.v, 2);
      // The same batch with current eTags goes through whole.
      await storage.write({ fresh: { ...after.fresh, v: 3 }, created: { v: 3, eTag: 'from-elsewhere' }, stale: { ...after.stale, v: 3 } });
      const done = await storage.read(['fresh', 'created', 'stale']);
      assert.deepEqual([done.fresh.v, done.created.v, done.stale.v], [3, 3, 3]);
    });

    it('lets exactly one of many concurrent writers with the same eTag win', async () => {
      await storage.write({ contested: { v: 0 } });
      const { contested } = await storage.read(['contested']);
      const writers = Array.from({ length: 8 }, (_, i) =>
        BlobStorage.fromConnectionString({ connectionString: azurite.connectionString, containerName: fixture.containerName }).write({
          contested: { ...contested, v: i + 1 },
        }),
      );
      const results = await Promise.allSettled(writers);
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      for (const r of results) if (r.status === 'rejected') assert.match((r.reason as Error).message, /due to eTag conflict/);
    });

    it('continues a waterfall dialog in a new instance over the same container (restart)', async () => {
      const run = async (instance: BlobStorage, text: string, expected: string) => {
        const conversationState = new ConversationState(instance);
        const dialogs = new DialogSet(conversationState.createProperty<DialogState>('dialogState'));
        dialogs.add(new WaterfallDialog('waterfall', waterfallSteps()));
        const adapter = new TestAdapter(async (context) => {
          const dc = await dialogs.createContext(context);
          await dc.continueDialog();
          if (!context.responded) await dc.beginDialog('waterfall');
          await conversationState.saveChanges(context);
        });
        await adapter.send(text).assertReply(expected);
      };
      await run(storage, 'hi', 'step1');
      await storage.close();
      const restarted = BlobStorage.fromConnectionString({ connectionString: azurite.connectionString, containerName: fixture.containerName });
      await run(restarted, 'hi', 'step2');
      await run(restarted, 'hi', 'step3');
      await restarted.close();
    });

    it('refuses work after close', async () => {
      await storage.close();
      await assert.rejects(storage.read(['a']), /closed/);
    });
  });

  describe('opening', () => {
    it('creates the container at start-up and reports kind blob', async () => {
      const containerName = azurite.containerName('open');
      const stores = await openBlobStores({ connectionString: azurite.connectionString, containerName });
      try {
        assert.equal(stores.kind, 'blob');
        const exists = await BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient(containerName).exists();
        assert.ok(exists);
      } finally {
        await stores.close();
        await azurite.deleteContainer(containerName);
      }
    });

    it('fails plainly when nothing answers, naming the endpoint and never the key', async () => {
      const deadPort = azurite.port === 1 ? 2 : 1; // a privileged port nothing listens on here
      const error = await openBlobStores({
        connectionString: azuriteConnectionString(deadPort),
        containerName: 'unreachable',
        pipeline: { retryOptions: { maxTries: 1 } },
      }).then(
        () => assert.fail('opened a store on a dead port'),
        (e: unknown) => e,
      );
      assert.ok(error instanceof BlobStoreUnavailableError);
      assert.match(error.message, new RegExp(`^Azure Blob Storage is not usable: container "unreachable" at http://127\\.0\\.0\\.1:${deadPort}/devstoreaccount1: nothing answered`));
      assert.ok(!error.message.includes(AZURITE_ACCOUNT_KEY.slice(0, 10)));
    });

    it('fails plainly when the key is wrong', async () => {
      const wrongKey = Buffer.alloc(64, 1).toString('base64');
      const error = await openBlobStores({
        connectionString: azurite.connectionString.replace(AZURITE_ACCOUNT_KEY, wrongKey),
        containerName: azurite.containerName('wrong-key'),
        pipeline: { retryOptions: { maxTries: 1 } },
      }).then(
        () => assert.fail('opened a store with a wrong key'),
        (e: unknown) => e,
      );
      assert.ok(error instanceof BlobStoreUnavailableError);
      assert.match(error.message, /refused the credentials \(403\)/);
      assert.ok(!error.message.includes(wrongKey.slice(0, 10)));
    });
  });
});
