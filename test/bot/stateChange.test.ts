import assert from 'node:assert/strict';
import { MemoryStorage, TestAdapter, type StoreItems } from 'botbuilder';
import { changeText } from '../../src/bot/stateChange.js';
import { JOURNAL_PROPERTY, JournalConversationState, TurnJournal } from '../../src/bot/turnJournal.js';
import { createLogger } from '../../src/logging.js';
import { LowdbStorage } from '../../src/storage/lowdbStorage.js';
import { takeStoredText } from '../../src/storage/storeItems.js';
import { makeTempDir, removeDir } from '../storage/tempDir.js';

/** MemoryStorage whose writes take a few milliseconds (like a durable write) and are counted. */
class SlowCountingStorage extends MemoryStorage {
  writes: StoreItems[] = [];
  override async write(changes: StoreItems): Promise<void> {
    this.writes.push(JSON.parse(JSON.stringify(changes)) as StoreItems);
    await new Promise((resolve) => setTimeout(resolve, 5));
    return super.write(changes);
  }
}

describe('conversation state change detection (stateChange.ts)', () => {
  it('changeText is the state without its eTag as compact JSON, and never equal for a state JSON cannot hold', () => {
    assert.equal(changeText({ eTag: 'x', a: 1, b: [true] }), '{"a":1,"b":[true]}');
    assert.equal(changeText({ a: 1 }), changeText({ a: 1, eTag: '*' }));
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    assert.notEqual(changeText(circular), changeText(circular));
  });

  it('writes a turn\'s state once: the journal\'s save after the bot\'s finds nothing new; a changed state is written', async () => {
    const storage = new SlowCountingStorage();
    const state = new JournalConversationState(storage);
    const counter = state.createProperty<number>('counter');
    const adapter = new TestAdapter(async (context) => {
      const text = context.activity.text ?? '';
      if (text === 'count') await counter.set(context, (await counter.get(context, 0)) + 1);
      await context.sendActivity(`got ${text}`);
      await state.saveChanges(context, false); // as TeamsBot.run does; the journal saves again after the turn
    });
    adapter.use(new TurnJournal(state, createLogger('error')));

    await adapter.send('count').assertReply('got count');
    assert.equal(storage.writes.length, 1);
    await adapter.send('count').assertReply('got count');
    assert.equal(storage.writes.length, 2);
    const [item] = Object.values(storage.writes[1]!) as Array<Record<string, unknown>>;
    assert.equal(item!.counter, 2);
    assert.equal((item![JOURNAL_PROPERTY] as unknown[]).length, 2, 'each turn is journaled in the same write');
  });

  it('takes the state store\'s own text of an item it just read as the change text, once', async () => {
    const directory = await makeTempDir();
    const storage = new LowdbStorage({ directory });
    try {
      const value = { b: [1, 'two', { c: null }], a: 0.5, 10: 'x', text: 'caf\u00e9 \u2019 \ud83d\ude00' };
      await storage.write({ 'msteams/conversations/c1/state': value });
      const item = (await storage.read(['msteams/conversations/c1/state']))['msteams/conversations/c1/state'] as Record<string, unknown>;
      assert.equal(typeof item.eTag, 'string');
      assert.equal(takeStoredText(item), changeText(item));
      assert.equal(takeStoredText(item), undefined, 'taken once: the caller may change the item afterwards');
    } finally {
      await storage.close();
      await removeDir(directory);
    }
  });
});
