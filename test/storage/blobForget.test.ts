/** "forget me" over the blob stores (openBlobStores), against a real Azurite. */
import assert from 'node:assert/strict';
import { ActivityTypes, type Activity } from 'botbuilder';
import {
  describeForgetResult,
  FORGET_CONVERSATION_STATE,
  FORGET_TRANSCRIPT,
  FORGET_USER_STATE,
  type ForgetSubject,
} from '../../src/storage/forgetService.js';
import { openBlobStores, type BlobStores } from '../../src/storage/blob/index.js';
import { startAzurite, type Azurite } from '../support/azurite.js';

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

describe('forget me over Azure Blob Storage (Azurite)', function () {
  this.timeout(60_000);
  let azurite: Azurite;
  let containerName: string;
  let stores: BlobStores;
  const ada: ForgetSubject = { channelId: 'msteams', conversationId: 'a:ada-chat', userId: '29:ada', conversationType: 'personal' };

  before(async () => {
    azurite = await startAzurite();
  });
  after(async () => {
    await azurite?.stop();
  });

  beforeEach(async () => {
    containerName = azurite.containerName('forget');
    stores = await openBlobStores({ connectionString: azurite.connectionString, containerName });
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
    await azurite.deleteContainer(containerName);
  });

  it('in a personal chat deletes the conversation state, the user state and the whole transcript', async () => {
    const result = await stores.forget.forgetConversation(ada);
    assert.deepEqual(result.items, [
      { id: FORGET_CONVERSATION_STATE, what: 'conversation state records', count: 2 },
      { id: FORGET_USER_STATE, what: 'user state record', count: 1 },
      { id: FORGET_TRANSCRIPT, what: 'transcript messages', count: 4 },
    ]);
    assert.equal(describeForgetResult(result), 'Deleted 2 conversation state records, 1 user state record and 4 transcript messages.');

    assert.deepEqual(await stores.storage.listKeys('msteams/conversations/a:ada-chat/'), []);
    assert.deepEqual(await stores.storage.listKeys('msteams/users/'), ['msteams/users/29:adam/UserState']);
    assert.equal((await stores.storage.listKeys('msteams/conversations/')).length, 4, 'other conversations stay');
    assert.equal((await stores.transcripts.getTranscriptActivities('msteams', 'a:ada-chat-2')).items.length, 1);
    assert.deepEqual((await stores.transcripts.getTranscriptActivities('msteams', 'a:ada-chat')).items, []);
  });

  it('in a team channel deletes only the user’s own records and messages', async () => {
    const result = await stores.forget.forgetConversation({ ...ada, conversationId: '19:general@thread.tacv2', conversationType: 'channel' });
    assert.deepEqual(result.items.map((item) => item.count), [1, 1, 2]);
    assert.deepEqual(await stores.storage.listKeys('msteams/conversations/19:general@thread.tacv2/'), [
      'msteams/conversations/19:general@thread.tacv2/ConversationState',
      'msteams/conversations/19:general@thread.tacv2/users/29:bob/PrivateConversationState',
    ]);
    const left = await stores.transcripts.getTranscriptActivities('msteams', '19:general@thread.tacv2');
    assert.deepEqual(left.items.map((a) => a.id), ['bob-1']);
  });

  it('reports zero when there was nothing, and runs hooks other features register', async () => {
    let seen: ForgetSubject | undefined;
    stores.forget.register({ id: 'assessments', noun: { one: 'saved assessment', other: 'saved assessments' }, forget: async (s) => ((seen = s), 0) });
    const result = await stores.forget.forgetConversation({ ...ada, conversationId: 'a:nobody', userId: '29:nobody' });
    assert.equal(result.total, 0);
    assert.equal(describeForgetResult(result), 'There was nothing stored to delete.');
    assert.equal(seen?.userId, '29:nobody');
  });
});
