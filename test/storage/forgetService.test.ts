import assert from 'node:assert/strict';
import path from 'node:path';
import { ActivityTypes, type Activity } from 'botbuilder';
import {
  describeForgetResult,
  FORGET_CONVERSATION_STATE,
  FORGET_TRANSCRIPT,
  FORGET_USER_STATE,
  ForgetService,
  type ForgetSubject,
} from '../../src/storage/forgetService.js';
import { openLowdbStores, type LowdbStores } from '../../src/storage/index.js';
import { makeTempDir, removeDir } from './tempDir.js';

function message(conversationId: string, id: string, fromId: string, extra: Partial<Activity> = {}): Partial<Activity> {
  return {
    type: ActivityTypes.Message,
    id,
    channelId: 'msteams',
    conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
    from: { id: fromId, name: fromId },
    text: id,
    ...extra,
  };
}

describe('forget me', () => {
  let dataDir: string;
  let stores: LowdbStores;
  const ada: ForgetSubject = { channelId: 'msteams', conversationId: 'a:ada-chat', userId: '29:ada', conversationType: 'personal' };

  beforeEach(async () => {
    dataDir = await makeTempDir('forget');
    stores = openLowdbStores({ dataDir });
    await stores.storage.write({
      'msteams/conversations/a:ada-chat/ConversationState': { dialogState: {} },
      'msteams/conversations/a:ada-chat/users/29:ada/PrivateConversationState': { x: 1 },
      'msteams/conversations/a:ada-chat-2/ConversationState': { other: 'conversation with a longer id' },
      'msteams/users/29:ada/UserState': { prefs: {} },
      'msteams/users/29:adam/UserState': { prefs: {} },
      'msteams/conversations/19:general@thread.tacv2/ConversationState': { shared: true },
      'msteams/conversations/19:general@thread.tacv2/users/29:ada/PrivateConversationState': { mine: true },
      'msteams/conversations/19:general@thread.tacv2/users/29:bob/PrivateConversationState': { bobs: true },
    });
    for (let i = 0; i < 4; i++) await stores.transcripts.logActivity(message('a:ada-chat', `p${i}`, i % 2 ? '28:bot' : '29:ada'));
    await stores.transcripts.logActivity(message('a:ada-chat-2', 'q', '29:ada'));
    await stores.transcripts.logActivity(message('19:general@thread.tacv2', 'ada-1', '29:ada'));
    await stores.transcripts.logActivity(message('19:general@thread.tacv2', 'bot-1', '28:bot', { replyToId: 'ada-1' }));
    await stores.transcripts.logActivity(message('19:general@thread.tacv2', 'bob-1', '29:bob'));
  });
  afterEach(async () => {
    await stores.close();
    await removeDir(dataDir);
  });

  it('in a personal chat deletes the conversation state, the user state and the whole transcript', async () => {
    const result = await stores.forget.forgetConversation(ada);
    assert.deepEqual(result.items, [
      { id: FORGET_CONVERSATION_STATE, what: 'conversation state records', count: 2 },
      { id: FORGET_USER_STATE, what: 'user state record', count: 1 },
      { id: FORGET_TRANSCRIPT, what: 'transcript messages', count: 4 },
    ]);
    assert.equal(result.total, 7);
    assert.equal(describeForgetResult(result), 'Deleted 2 conversation state records, 1 user state record and 4 transcript messages.');

    assert.deepEqual(await stores.storage.listKeys('msteams/conversations/a:ada-chat/'), []);
    assert.deepEqual(await stores.storage.listKeys('msteams/users/'), ['msteams/users/29:adam/UserState']);
    assert.equal((await stores.storage.listKeys('msteams/conversations/')).length, 4, 'other conversations stay');
    assert.equal((await stores.transcripts.getTranscriptActivities('msteams', 'a:ada-chat-2')).items.length, 1);
    assert.deepEqual((await stores.transcripts.getTranscriptActivities('msteams', 'a:ada-chat')).items, []);
  });

  it('in a team channel deletes only the user’s own records and messages', async () => {
    const result = await stores.forget.forgetConversation({
      ...ada,
      conversationId: '19:general@thread.tacv2',
      conversationType: 'channel',
    });
    assert.deepEqual(result.items.map((item) => item.count), [1, 1, 2]);
    assert.deepEqual(await stores.storage.listKeys('msteams/conversations/19:general@thread.tacv2/'), [
      'msteams/conversations/19:general@thread.tacv2/ConversationState',
      'msteams/conversations/19:general@thread.tacv2/users/29:bob/PrivateConversationState',
    ]);
    const left = await stores.transcripts.getTranscriptActivities('msteams', '19:general@thread.tacv2');
    assert.deepEqual(left.items.map((a) => a.id), ['bob-1']);
  });

  it('reports zero when there was nothing, and says so', async () => {
    const result = await stores.forget.forgetConversation({ ...ada, conversationId: 'a:nobody', userId: '29:nobody' });
    assert.equal(result.total, 0);
    assert.equal(describeForgetResult(result), 'There was nothing stored to delete.');
  });

  it('runs hooks other features register, and lets them unregister', async () => {
    const seen: ForgetSubject[] = [];
    const unregister = stores.forget.register({
      id: 'assessments',
      noun: { one: 'saved assessment', other: 'saved assessments' },
      forget: async (subject) => {
        seen.push(subject);
        return 1;
      },
    });
    const result = await stores.forget.forgetConversation(ada);
    assert.deepEqual(result.items.at(-1), { id: 'assessments', what: 'saved assessment', count: 1 });
    assert.deepEqual(seen, [ada]);
    assert.throws(() => stores.forget.register({ id: 'assessments', noun: { one: 'x', other: 'x' }, forget: async () => 0 }));
    unregister();
    assert.deepEqual(stores.forget.hookIds, [FORGET_CONVERSATION_STATE, FORGET_USER_STATE, FORGET_TRANSCRIPT]);
  });

  it('still runs every hook when one fails, then reports the failure', async () => {
    const forget = new ForgetService({ storage: stores.storage });
    forget.register({ id: 'broken', noun: { one: 'x', other: 'x' }, forget: async () => { throw new Error('disk on fire'); } });
    let ran = false;
    forget.register({ id: 'after', noun: { one: 'y', other: 'y' }, forget: async () => { ran = true; return 0; } });
    await assert.rejects(forget.forgetConversation(ada), /disk on fire/);
    assert.ok(ran);
    assert.deepEqual(await stores.storage.listKeys('msteams/users/29:ada/'), [], 'the built-in hooks ran too');
  });

  it('refuses a subject without ids', async () => {
    await assert.rejects(stores.forget.forgetConversation({ ...ada, userId: '' }), TypeError);
  });

  it('keeps its data under the data directory it was given', () => {
    assert.equal(stores.storage.directory, path.join(path.resolve(dataDir), 'state'));
    assert.equal(stores.transcripts.directory, path.join(path.resolve(dataDir), 'transcripts'));
  });
});
