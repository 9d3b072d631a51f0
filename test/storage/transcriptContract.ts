/**
 * What every transcript store promises, run by the lowdb suite and by the blob suite against Azurite: both sides of a
 * conversation through botbuilder's middleware, paging by position, and deleting one person's part of a channel.
 */
import assert from 'node:assert/strict';
import { ActivityTypes, TestAdapter, TranscriptLoggerMiddleware, type Activity, type PagedResult } from 'botbuilder';

export interface TranscriptStoreUnderTest {
  logActivity(activity: Partial<Activity>): Promise<void> | void;
  getTranscriptActivities(channelId: string, conversationId: string, continuationToken?: string): Promise<PagedResult<Activity>>;
  deleteUserActivities(channelId: string, conversationId: string, userId: string): Promise<number>;
  flush(): Promise<void>;
}

export function activity(overrides: Partial<Activity> & { at?: string }): Partial<Activity> {
  const { at, ...rest } = overrides;
  return {
    type: ActivityTypes.Message,
    channelId: 'msteams',
    conversation: { id: 'a:personal-1', isGroup: false, conversationType: 'personal', name: '' },
    from: { id: '29:user-1', name: 'Ada' },
    recipient: { id: '28:bot', name: 'Bot' },
    timestamp: at ? new Date(at) : undefined,
    ...rest,
  };
}

export async function allActivities(store: TranscriptStoreUnderTest, channelId: string, conversationId: string): Promise<Activity[]> {
  const result: Activity[] = [];
  let token: string | undefined;
  do {
    const page = await store.getTranscriptActivities(channelId, conversationId, token);
    result.push(...page.items);
    token = page.continuationToken;
  } while (token);
  return result;
}

/** Call inside a describe whose hooks create a fresh, empty store for each test. */
export function transcriptStoreContract(current: () => TranscriptStoreUnderTest, pageSize: number): void {
  let store: TranscriptStoreUnderTest;
  beforeEach(() => {
    store = current();
  });

  it('keeps both sides of a conversation when fed by TranscriptLoggerMiddleware', async () => {
    const adapter = new TestAdapter(async (context) => {
      await context.sendActivity(`you said ${context.activity.text}`);
    }).use(new TranscriptLoggerMiddleware(store));
    await adapter.send('hello').assertReply('you said hello').send('bye').assertReply('you said bye');
    await store.flush(); // the middleware does not await the logger

    const transcript = await allActivities(store, 'test', 'Convo1');
    assert.deepEqual(
      transcript.map((a) => [a.from.id, a.text]),
      [
        ['user1', 'hello'],
        ['bot', 'you said hello'],
        ['user1', 'bye'],
        ['bot', 'you said bye'],
      ],
    );
    assert.equal(transcript[0]!.from.role, 'user');
    assert.ok(transcript.every((a) => a.timestamp instanceof Date));
  });

  it('pages by position, so a card update logged with the original message’s id neither restarts nor loops', async () => {
    const at = (minute: number) => new Date(Date.UTC(2025, 5, 10, 0, minute)).toISOString();
    const expected: string[] = [];
    const log = async (id: string, minute: number, text: string) => {
      await store.logActivity(activity({ id, at: at(minute), text }));
      expected.push(text);
    };
    for (let i = 0; i < pageSize - 1; i++) await log(`m${i}`, i, `message ${i}`);
    // Teams logs the update of a card under the id of the message it replaces: the last item of page one.
    await log('m3', pageSize - 1, 'card m3 updated');
    for (let i = pageSize - 1; i < pageSize + 5; i++) await log(`m${i}`, i + 1, `message ${i}`);

    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const result = await store.getTranscriptActivities('msteams', 'a:personal-1', token);
      seen.push(...result.items.map((a) => a.text));
      token = result.continuationToken;
      pages++;
    } while (token && pages < 10);
    assert.deepEqual(seen, expected);
    assert.equal(pages, 2);
  });

  it('deletes one user’s part of a shared conversation', async () => {
    const channel = { conversation: { id: '19:general@thread.tacv2', isGroup: true, conversationType: 'channel', name: '' } };
    await store.logActivity(activity({ ...channel, id: 'ada-1', from: { id: '29:ada', name: 'Ada' } }));
    await store.logActivity(activity({ ...channel, id: 'bot-1', from: { id: '28:bot', name: 'Bot' }, recipient: { id: '29:ada', name: 'Ada' }, replyToId: 'ada-1' }));
    await store.logActivity(activity({ ...channel, id: 'bob-1', from: { id: '29:bob', name: 'Bob' } }));
    await store.logActivity(activity({ ...channel, id: 'bot-2', from: { id: '28:bot', name: 'Bot' }, recipient: { id: '29:bob', name: 'Bob' }, replyToId: 'bob-1' }));
    await store.logActivity(activity({ ...channel, id: 'bot-3', from: { id: '28:bot', name: 'Bot' }, replyToId: 'ada-1' }));

    assert.equal(await store.deleteUserActivities('msteams', '19:general@thread.tacv2', '29:ada'), 3);
    assert.deepEqual((await allActivities(store, 'msteams', '19:general@thread.tacv2')).map((a) => a.id), ['bob-1', 'bot-2']);
  });
}
