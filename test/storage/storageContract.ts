/**
 * The botbuilder Storage contract, after botbuilder-core's storageBaseTests and MemoryStorage: any Storage we
 * ship runs this suite, and botbuilder's own MemoryStorage runs it too, so the suite itself is checked against
 * the reference implementation.
 */
import assert from 'node:assert/strict';
import { ConversationState, TestAdapter, UserState, type Storage, type StoreItems } from 'botbuilder';
import { Dialog, DialogSet, WaterfallDialog, type DialogState } from 'botbuilder-dialogs';

export interface StorageContractOptions {
  /**
   * A batch with a stale eTag writes nothing. MemoryStorage keeps writing the other keys after a conflict
   * (a known botbuilder quirk), so it runs with this off.
   */
  atomicBatches: boolean;
  /** Keys named like Object.prototype members (`__proto__`, `constructor`); MemoryStorage throws on them. */
  prototypeKeys: boolean;
}

export interface StorageFixture {
  storage: Storage;
  /** Called after each test, e.g. to close the store and remove its directory. */
  dispose?: () => Promise<void>;
}

export const CRAZY_KEYS: readonly string[] = [
  '!@#$%^&*()_+??><":QASD~`',
  '/\\\'"`<>/',
  '//',
  '',
  '.',
  '..',
  '../../etc/passwd',
  'C:\\Windows\\System32',
  'msteams/conversations/19:abc@thread.tacv2;messageid=1700000000000/',
  'a:1xYz-ÜñíçødĘ-😀',
  'nul\u0000byte',
  'x'.repeat(2000),
];

export const PROTOTYPE_KEYS: readonly string[] = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'prototype'];

/** The exact error MemoryStorage raises (and BotState callers match on). */
export const ETAG_CONFLICT = (key: string): { name: string; message: string } => ({
  name: 'Error',
  message: `Storage: error writing "${key}" due to eTag conflict.`,
});

/** Builds StoreItems with computed keys, so `__proto__` becomes an own property, not the prototype. */
function items(entries: Array<[string, unknown]>): StoreItems {
  const result: StoreItems = {};
  for (const [key, value] of entries) {
    Object.defineProperty(result, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return result;
}

function own(result: StoreItems, key: string): Record<string, unknown> | undefined {
  return Object.prototype.hasOwnProperty.call(result, key) ? (result[key] as Record<string, unknown>) : undefined;
}

export function runStorageContract(
  name: string,
  createFixture: () => Promise<StorageFixture> | StorageFixture,
  options: StorageContractOptions,
): void {
  describe(`Storage contract: ${name}`, () => {
    let fixture: StorageFixture;
    let storage: Storage;

    beforeEach(async () => {
      fixture = await createFixture();
      storage = fixture.storage;
    });
    afterEach(async () => {
      await fixture.dispose?.();
    });

    describe('read', () => {
      it('returns an empty object for unknown keys', async () => {
        const result = await storage.read(['unknown', 'also-unknown']);
        assert.deepEqual(Object.keys(result), []);
      });

      it('rejects with a ReferenceError when keys are missing', async () => {
        await assert.rejects(storage.read(undefined as unknown as string[]), ReferenceError);
        await assert.rejects(storage.read(null as unknown as string[]), ReferenceError);
      });

      it('returns only the keys that exist, each with a string eTag', async () => {
        await storage.write({ present: { n: 1 } });
        const result = await storage.read(['present', 'absent']);
        assert.deepEqual(Object.keys(result), ['present']);
        assert.equal(result.present.n, 1);
        assert.equal(typeof result.present.eTag, 'string');
        assert.ok(result.present.eTag.length > 0);
      });
    });

    describe('write', () => {
      it('creates items with and without an eTag', async () => {
        await storage.write({ createPoco: { id: 1 }, createPocoStoreItem: { id: 2, eTag: '*' } });
        const result = await storage.read(['createPoco', 'createPocoStoreItem']);
        assert.equal(result.createPoco.id, 1);
        assert.equal(result.createPocoStoreItem.id, 2);
        assert.equal(typeof result.createPoco.eTag, 'string');
        assert.notEqual(result.createPocoStoreItem.eTag, '*');
      });

      it('accepts an empty change set', async () => {
        await storage.write({});
      });

      it('rejects with a ReferenceError when changes are missing', async () => {
        await assert.rejects(storage.write(undefined as unknown as StoreItems), ReferenceError);
      });

      it('assigns a new eTag on every write, even of identical content', async () => {
        const eTags = new Set<string>();
        for (let i = 0; i < 5; i++) {
          await storage.write({ same: { v: 1 } });
          eTags.add((await storage.read(['same'])).same.eTag);
        }
        assert.equal(eTags.size, 5);
      });

      it('follows the eTag rules: equal writes, stale rejects, absent and * overwrite', async () => {
        await storage.write({ pocoItem: { id: 1, count: 1 }, pocoStoreItem: { id: 1, count: 1, eTag: '*' } });
        const loaded = await storage.read(['pocoItem', 'pocoStoreItem']);
        const pocoItem = loaded.pocoItem;
        delete pocoItem.eTag;
        const pocoStoreItem = loaded.pocoStoreItem;
        const firstETag = pocoStoreItem.eTag;

        pocoItem.count++;
        pocoStoreItem.count++;
        await storage.write({ pocoItem, pocoStoreItem }); // matching eTag
        const reloaded = await storage.read(['pocoItem', 'pocoStoreItem']);
        assert.equal(reloaded.pocoItem.count, 2);
        assert.equal(reloaded.pocoStoreItem.count, 2);
        assert.notEqual(reloaded.pocoStoreItem.eTag, firstETag);

        pocoItem.count = 123; // no eTag: last writer wins
        await storage.write({ pocoItem });
        pocoStoreItem.count = 123; // still carries firstETag: stale
        await assert.rejects(storage.write({ pocoStoreItem }), ETAG_CONFLICT('pocoStoreItem'));
        const afterStale = await storage.read(['pocoItem', 'pocoStoreItem']);
        assert.equal(afterStale.pocoItem.count, 123);
        assert.equal(afterStale.pocoStoreItem.count, 2);

        await storage.write({
          pocoItem: { ...afterStale.pocoItem, count: 100, eTag: '*' },
          pocoStoreItem: { ...afterStale.pocoStoreItem, count: 100, eTag: '*' },
        });
        const afterWildcard = await storage.read(['pocoItem', 'pocoStoreItem']);
        assert.equal(afterWildcard.pocoItem.count, 100);
        assert.equal(afterWildcard.pocoStoreItem.count, 100);

        // MemoryStorage treats any falsy eTag as "overwrite".
        await storage.write({ pocoStoreItem: { count: 7, eTag: '' } });
        await storage.write({ pocoStoreItem: { count: 8, eTag: null } });
        assert.equal((await storage.read(['pocoStoreItem'])).pocoStoreItem.count, 8);
      });

      it('writes a new key even when the item carries an eTag from elsewhere', async () => {
        await storage.write({ fresh: { v: 1, eTag: 'some-old-etag' } });
        assert.equal((await storage.read(['fresh'])).fresh.v, 1);
      });

      it('lets exactly one of two writers holding the same eTag win', async () => {
        await storage.write({ contested: { v: 0 } });
        const { contested } = await storage.read(['contested']);
        await storage.write({ contested: { ...contested, v: 1 } });
        await assert.rejects(storage.write({ contested: { ...contested, v: 2 } }), ETAG_CONFLICT('contested'));
        assert.equal((await storage.read(['contested'])).contested.v, 1);
      });

      it('rejects a batch that holds a stale eTag', async () => {
        await storage.write({ a: { v: 1 }, b: { v: 1 } });
        const { b } = await storage.read(['b']);
        await storage.write({ b: { ...b, v: 2 } });
        await assert.rejects(storage.write({ a: { v: 9 }, b: { ...b, v: 9 } }), ETAG_CONFLICT('b'));
      });

      (options.atomicBatches ? it : it.skip)(
        'writes nothing from a batch that holds a stale eTag, wherever the stale key sits',
        async () => {
          await storage.write({ first: { v: 1 }, stale: { v: 1 }, last: { v: 1 } });
          const { stale } = await storage.read(['stale']);
          await storage.write({ stale: { ...stale, v: 2 } });
          await assert.rejects(
            storage.write({ first: { v: 9 }, stale: { ...stale, v: 9 }, last: { v: 9 }, created: { v: 9 } }),
            ETAG_CONFLICT('stale'),
          );
          const after = await storage.read(['first', 'stale', 'last', 'created']);
          assert.equal(after.first.v, 1);
          assert.equal(after.stale.v, 2);
          assert.equal(after.last.v, 1);
          assert.equal(own(after, 'created'), undefined);
        },
      );

      it('rejects items JSON cannot hold', async () => {
        await assert.rejects(storage.write({ big: { n: 10n } }), TypeError);
        const circular: Record<string, unknown> = {};
        circular.self = circular;
        await assert.rejects(storage.write({ circular }), TypeError);
      });
    });

    describe('keys', () => {
      it('stores, reads and deletes keys made of any characters', async () => {
        const entries = CRAZY_KEYS.map((key, index): [string, unknown] => [key, { index }]);
        await storage.write(items(entries));
        const result = await storage.read([...CRAZY_KEYS]);
        for (const [index, key] of CRAZY_KEYS.entries()) {
          assert.equal(own(result, key)?.index, index, `key ${JSON.stringify(key).slice(0, 40)}`);
        }
        await storage.delete([...CRAZY_KEYS]);
        assert.deepEqual(Object.keys(await storage.read([...CRAZY_KEYS])), []);
      });

      it('keeps keys that differ only in case or trailing characters apart', async () => {
        const keys = ['Key', 'key', 'key ', 'key/', 'key//'];
        await storage.write(items(keys.map((key, index): [string, unknown] => [key, { index }])));
        const result = await storage.read(keys);
        for (const [index, key] of keys.entries()) assert.equal(own(result, key)?.index, index);
      });

      (options.prototypeKeys ? it : it.skip)('treats keys named like Object.prototype members as plain keys', async () => {
        const unknown = await storage.read([...PROTOTYPE_KEYS]);
        assert.deepEqual(Object.keys(unknown), []);
        await storage.write(items(PROTOTYPE_KEYS.map((key, index): [string, unknown] => [key, { index }])));
        const result = await storage.read([...PROTOTYPE_KEYS]);
        assert.deepEqual(Object.keys(result).sort(), [...PROTOTYPE_KEYS].sort());
        for (const [index, key] of PROTOTYPE_KEYS.entries()) assert.equal(own(result, key)?.index, index);
        assert.equal(Object.getPrototypeOf(result), Object.prototype);
        const { __proto__: proto } = result as { __proto__: { eTag: string } };
        await assert.rejects(storage.write(items([['__proto__', { index: 1, eTag: 'stale' }]])), ETAG_CONFLICT('__proto__'));
        await storage.write(items([['__proto__', { index: 42, eTag: proto.eTag }]]));
        assert.equal(own(await storage.read(['__proto__']), '__proto__')?.index, 42);
        await storage.delete([...PROTOTYPE_KEYS]);
        assert.deepEqual(Object.keys(await storage.read([...PROTOTYPE_KEYS])), []);
      });
    });

    describe('delete', () => {
      it('deletes existing keys and ignores missing ones', async () => {
        await storage.write({ keep: { v: 1 }, drop: { v: 2 } });
        await storage.delete(['drop', 'never-existed']);
        const result = await storage.read(['keep', 'drop']);
        assert.deepEqual(Object.keys(result), ['keep']);
        await storage.delete([]);
      });

      it('lets a deleted key be created again from scratch', async () => {
        await storage.write({ phoenix: { v: 1 } });
        const { phoenix } = await storage.read(['phoenix']);
        await storage.delete(['phoenix']);
        await storage.write({ phoenix: { v: 2, eTag: phoenix.eTag } });
        assert.equal((await storage.read(['phoenix'])).phoenix.v, 2);
      });

      it('handles batches: write three, delete two, read one', async () => {
        await storage.write({ batch1: { count: 10 }, batch2: { count: 20 }, batch3: { count: 30 } });
        const all = await storage.read(['batch1', 'batch2', 'batch3']);
        assert.deepEqual([all.batch1.count, all.batch2.count, all.batch3.count], [10, 20, 30]);
        await storage.delete(['batch1', 'batch2']);
        const left = await storage.read(['batch1', 'batch2', 'batch3']);
        assert.deepEqual(Object.keys(left), ['batch3']);
      });
    });

    describe('copies', () => {
      it('stores a deep copy: later changes to the written object are not stored', async () => {
        const item = { nested: { list: [1, 2] }, eTag: '*' };
        await storage.write({ copy: item });
        item.nested.list.push(3);
        assert.equal(item.eTag, '*', 'the caller’s object is not given an eTag');
        assert.deepEqual((await storage.read(['copy'])).copy.nested.list, [1, 2]);
      });

      it('returns a deep copy: changing what was read does not change what is stored', async () => {
        await storage.write({ copy: { nested: { list: [1, 2] } } });
        const first = await storage.read(['copy']);
        first.copy.nested.list.push(99);
        const second = await storage.read(['copy']);
        assert.deepEqual(second.copy.nested.list, [1, 2]);
        assert.notEqual(first.copy, second.copy);
      });

      it('round-trips through JSON: dates become strings, undefined disappears', async () => {
        const when = new Date('2025-01-02T03:04:05.000Z');
        await storage.write({ json: { when, gone: undefined, kept: null } });
        const { json } = await storage.read(['json']);
        assert.equal(json.when, when.toISOString());
        assert.equal('gone' in json, false);
        assert.equal(json.kept, null);
      });
    });

    describe('with botbuilder state', () => {
      it('carries a waterfall dialog through three turns', async () => {
        const conversationState = new ConversationState(storage);
        const dialogs = new DialogSet(conversationState.createProperty<DialogState>('dialogState'));
        dialogs.add(new WaterfallDialog('waterfall', waterfallSteps()));
        const adapter = new TestAdapter(async (context) => {
          const dc = await dialogs.createContext(context);
          await dc.continueDialog();
          if (!context.responded) await dc.beginDialog('waterfall');
          await conversationState.saveChanges(context);
        });
        await adapter.send('hi').assertReply('step1').send('hi').assertReply('step2').send('hi').assertReply('step3');
        const stored = await storage.read(['test/conversations/Convo1/']);
        assert.ok(own(stored, 'test/conversations/Convo1/')?.dialogState, 'dialog state is kept under ConversationState’s key');
      });

      it('keeps conversation and user state between turns', async () => {
        const conversationState = new ConversationState(storage);
        const userState = new UserState(storage);
        const turns = conversationState.createProperty<number>('turns');
        const seen = userState.createProperty<number>('seen');
        const adapter = new TestAdapter(async (context) => {
          const turnCount = (await turns.get(context, 0)) + 1;
          const seenCount = (await seen.get(context, 0)) + 1;
          await turns.set(context, turnCount);
          await seen.set(context, seenCount);
          await context.sendActivity(`${turnCount}/${seenCount}`);
          await conversationState.saveChanges(context);
          await userState.saveChanges(context);
        });
        await adapter.send('a').assertReply('1/1').send('b').assertReply('2/2').send('c').assertReply('3/3');
      });
    });
  });
}

export function waterfallSteps() {
  return [
    async (step: { context: { sendActivity(text: string): Promise<unknown> } }) => {
      await step.context.sendActivity('step1');
      return Dialog.EndOfTurn;
    },
    async (step: { context: { sendActivity(text: string): Promise<unknown> } }) => {
      await step.context.sendActivity('step2');
      return Dialog.EndOfTurn;
    },
    async (step: { context: { sendActivity(text: string): Promise<unknown> }; endDialog(): Promise<unknown> }) => {
      await step.context.sendActivity('step3');
      return step.endDialog();
    },
  ] as ConstructorParameters<typeof WaterfallDialog>[1];
}
