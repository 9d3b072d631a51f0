import assert from 'node:assert/strict';
import { MemoryStorage, type Storage, type StoreItems } from 'botbuilder';
import { ConversationReferenceStore, REFRESH_AFTER_MS } from '../../src/proactive/conversationReferenceStore.js';
import { installationUpdate, message, TENANT_ID } from '../support/activities.js';

const SERVICE_URL = 'https://smba.example.test/emea/';
const CHANNEL = '19:general@thread.tacv2';

/** MemoryStorage that counts writes, to prove unchanged references are not rewritten on every message. */
class CountingStorage implements Storage {
  readonly inner = new MemoryStorage();
  writes = 0;
  read(keys: string[]): Promise<StoreItems> {
    return this.inner.read(keys);
  }
  write(changes: StoreItems): Promise<void> {
    this.writes += Object.keys(changes).length;
    return this.inner.write(changes);
  }
  delete(keys: string[]): Promise<void> {
    return this.inner.delete(keys);
  }
}

describe('proactive: ConversationReferenceStore', () => {
  let now: Date;
  let storage: CountingStorage;
  let store: ConversationReferenceStore;

  beforeEach(() => {
    now = new Date('2026-12-01T09:00:00Z');
    storage = new CountingStorage();
    store = new ConversationReferenceStore(storage, () => now);
  });

  it('stores a channel message under its channel (thread suffix folded), without activity id or speaker', async () => {
    const activity = message({ serviceUrl: SERVICE_URL, text: 'help', channel: true, conversationId: `${CHANNEL};messageid=1700000000001` });
    await store.remember(activity as never);
    const stored = await store.forChannel(TENANT_ID, CHANNEL);
    assert.ok(stored);
    assert.equal(stored.kind, 'channel');
    assert.equal(stored.conversationId, CHANNEL);
    assert.equal(stored.channelId, CHANNEL);
    assert.equal(stored.teamId, '19:team-1@thread.tacv2');
    assert.equal(stored.reference.conversation?.id, CHANNEL);
    assert.equal(stored.reference.serviceUrl, SERVICE_URL);
    assert.equal(stored.reference.botAccount?.id, '28:bot-app-id');
    assert.equal((stored.reference as Record<string, unknown>).activityId, undefined);
    assert.equal(stored.reference.user, undefined);
    assert.equal(stored.dead, null);
    const team = await store.forTeam(TENANT_ID, '19:team-1@thread.tacv2');
    assert.deepEqual(team.map((t) => t.conversationId), [CHANNEL]);
  });

  it('finds a 1:1 chat by the person\'s Entra object id or Teams id', async () => {
    await store.remember(message({ serviceUrl: SERVICE_URL, text: 'hi', conversationId: 'a:chat-1', userId: '29:megan', aadObjectId: 'AAAA-1' }) as never);
    assert.equal((await store.forUser(TENANT_ID, 'aaaa-1'))?.conversationId, 'a:chat-1');
    assert.equal((await store.forUser(TENANT_ID, '29:megan'))?.reference.user?.id, '29:megan');
    assert.equal(await store.forUser(TENANT_ID, 'someone-else'), undefined);
    assert.equal(await store.forUser('another-tenant', 'aaaa-1'), undefined);
  });

  it('does not rewrite an unchanged reference on every message, but does when the serviceUrl moves or time passes', async () => {
    const say = (serviceUrl: string) => store.remember(message({ serviceUrl, text: 'x', channel: true, conversationId: `${CHANNEL};messageid=1` }) as never);
    await say(SERVICE_URL);
    const afterFirst = storage.writes;
    await say(SERVICE_URL);
    await say(SERVICE_URL);
    assert.equal(storage.writes, afterFirst);
    await say('https://smba.example.test/amer/');
    assert.equal((await store.forChannel(TENANT_ID, CHANNEL))?.reference.serviceUrl, 'https://smba.example.test/amer/');
    const afterMove = storage.writes;
    now = new Date(now.getTime() + REFRESH_AFTER_MS + 1);
    await say('https://smba.example.test/amer/');
    assert.ok(storage.writes > afterMove);
  });

  it('forgets every channel of a team on uninstall', async () => {
    await store.remember(installationUpdate({ serviceUrl: SERVICE_URL, channel: true, conversationId: CHANNEL }) as never, { installed: true });
    await store.remember(message({ serviceUrl: SERVICE_URL, text: 'x', channel: true, conversationId: '19:design@thread.tacv2;messageid=5' }) as never);
    assert.equal((await store.forTeam(TENANT_ID, '19:team-1@thread.tacv2')).length, 2);
    assert.equal((await store.forChannel(TENANT_ID, CHANNEL))?.installed, true);
    const removed = await store.removeFor(installationUpdate({ serviceUrl: SERVICE_URL, channel: true, conversationId: CHANNEL, action: 'remove' }) as never);
    assert.equal(removed, 2);
    assert.equal(await store.forChannel(TENANT_ID, CHANNEL), undefined);
    assert.equal(await store.forChannel(TENANT_ID, '19:design@thread.tacv2'), undefined);
    assert.deepEqual(await store.forTeam(TENANT_ID, '19:team-1@thread.tacv2'), []);
  });

  it('marks a conversation dead (a thread marks its channel) until it talks to the bot again', async () => {
    await store.remember(message({ serviceUrl: SERVICE_URL, text: 'x', channel: true, conversationId: `${CHANNEL};messageid=1` }) as never);
    const thread = { ...(await store.forChannel(TENANT_ID, CHANNEL))!.reference, conversation: { id: `${CHANNEL};messageid=99`, tenantId: TENANT_ID } };
    await store.markDead(thread as never, 'BotNotInConversationRoster');
    assert.equal(await store.isDead(thread as never), true);
    assert.equal((await store.forChannel(TENANT_ID, CHANNEL))?.dead?.reason, 'BotNotInConversationRoster');
    await store.remember(message({ serviceUrl: SERVICE_URL, text: 'x', channel: true, conversationId: `${CHANNEL};messageid=2` }) as never);
    assert.equal(await store.isDead(thread as never), false);
  });

  it('hooks: refresh on activities, store on install, remove on uninstall, and never resurrect on a removal event', async () => {
    const hooks = store.hooks();
    const ctx = (activity: unknown) => ({ activity }) as never;
    await hooks.onInstalled(ctx(installationUpdate({ serviceUrl: SERVICE_URL, channel: true, conversationId: CHANNEL })));
    assert.ok(await store.forChannel(TENANT_ID, CHANNEL));
    const removal = installationUpdate({ serviceUrl: SERVICE_URL, channel: true, conversationId: CHANNEL, action: 'remove' });
    await hooks.onActivity(ctx(removal));
    await hooks.onUninstalled(ctx(removal));
    assert.equal(await store.forChannel(TENANT_ID, CHANNEL), undefined);
    await hooks.onActivity(ctx(removal));
    assert.equal(await store.forChannel(TENANT_ID, CHANNEL), undefined);
  });

  it('hooks never break a turn when storage fails', async () => {
    const broken: Storage = {
      read: async () => { throw new Error('disk gone'); },
      write: async () => { throw new Error('disk gone'); },
      delete: async () => { throw new Error('disk gone'); },
    };
    const lines: string[] = [];
    const logger = { debug() {}, info() {}, warn: (m: string) => lines.push(m), error() {} };
    const hooks = new ConversationReferenceStore(broken, () => now, logger).hooks();
    await hooks.onActivity({ activity: message({ serviceUrl: SERVICE_URL, text: 'x' }) } as never);
    assert.deepEqual(lines, ['conversation reference not saved']);
  });

  it('"forget me" in a 1:1 chat removes that chat\'s reference only', async () => {
    await store.remember(message({ serviceUrl: SERVICE_URL, text: 'hi', conversationId: 'a:chat-1', aadObjectId: 'aaaa-1' }) as never);
    await store.remember(message({ serviceUrl: SERVICE_URL, text: 'x', channel: true, conversationId: `${CHANNEL};messageid=1`, aadObjectId: 'aaaa-1' }) as never);
    assert.equal(await store.forgetUser(TENANT_ID, 'aaaa-1', 'a:chat-1', 'personal'), 1);
    assert.equal(await store.forUser(TENANT_ID, 'aaaa-1'), undefined);
    assert.ok(await store.forChannel(TENANT_ID, CHANNEL));
  });

  it('three channels of one team seen at once are all in the team index', async () => {
    const channels = ['19:a@thread.tacv2', '19:b@thread.tacv2', '19:c@thread.tacv2'];
    await Promise.all(channels.map((c) => store.remember(message({ serviceUrl: SERVICE_URL, text: 'hi', channel: true, conversationId: c }) as never)));
    const team = await store.forTeam(TENANT_ID, '19:team-1@thread.tacv2');
    assert.deepEqual(team.map((t) => t.conversationId).sort(), channels);
  });
});
