import assert from 'node:assert/strict';
import { TurnContext, type Activity } from 'botbuilder';
import { SENDER_TENANT, SenderTenantMiddleware } from '../../src/bot/senderTenant.js';
import { createLogger } from '../../src/logging.js';

const HOST = 'aaaaaaaa-0000-0000-0000-00000000000a';
const OTHER = 'bbbbbbbb-0000-0000-0000-00000000000b';

function turn(overrides: Partial<Activity> & { tenant?: string; type?: string } = {}): TurnContext {
  const activity = {
    type: overrides.type ?? 'message',
    id: 'a1',
    from: { id: overrides.from?.id ?? '29:farah' },
    conversation: { id: '19:channel@thread.tacv2;messageid=1', conversationType: overrides.conversation?.conversationType ?? 'channel', tenantId: HOST },
    channelData: { tenant: { id: overrides.tenant ?? HOST } },
  } as unknown as Activity;
  return new TurnContext({} as never, activity);
}

describe('SenderTenantMiddleware (the tenant of a person in a channel)', () => {
  const logger = createLogger('error');

  it('takes a channelData tenant that differs from the host tenant without reading the roster', async () => {
    let reads = 0;
    const m = new SenderTenantMiddleware({ logger, lookup: async () => { reads++; return OTHER; } });
    const context = turn({ tenant: OTHER.toUpperCase() });
    await m.onTurn(context, async () => {});
    assert.equal(context.turnState.get(SENDER_TENANT), OTHER);
    assert.equal(reads, 0);
  });

  it('reads the roster once per person and channel for an hour, and again after', async () => {
    let now = 0;
    let reads = 0;
    const m = new SenderTenantMiddleware({ logger, now: () => now, lookup: async () => { reads++; return OTHER; } });
    for (let i = 0; i < 3; i++) {
      const context = turn();
      await m.onTurn(context, async () => {});
      assert.equal(context.turnState.get(SENDER_TENANT), OTHER);
    }
    assert.equal(reads, 1);
    await m.onTurn(turn({ from: { id: '29:megan' } as never }), async () => {});
    assert.equal(reads, 2, 'another person is read on their own');
    now += 60 * 60 * 1000;
    await m.onTurn(turn(), async () => {});
    assert.equal(reads, 3);
  });

  it('leaves the turn alone when the roster cannot be read (tenantOf falls back on the activity), and retries after 10 minutes', async () => {
    let now = 0;
    let reads = 0;
    const m = new SenderTenantMiddleware({ logger, now: () => now, lookup: async () => { reads++; throw new Error('403'); } });
    const context = turn();
    let ran = false;
    await m.onTurn(context, async () => { ran = true; });
    assert.equal(ran, true);
    assert.equal(context.turnState.get(SENDER_TENANT), undefined);
    await m.onTurn(turn(), async () => {});
    assert.equal(reads, 1);
    now += 10 * 60 * 1000;
    await m.onTurn(turn(), async () => {});
    assert.equal(reads, 2);
  });

  it('does nothing outside channels and for other activity types', async () => {
    let reads = 0;
    const m = new SenderTenantMiddleware({ logger, lookup: async () => { reads++; return OTHER; } });
    await m.onTurn(turn({ conversation: { conversationType: 'personal' } as never }), async () => {});
    await m.onTurn(turn({ type: 'conversationUpdate' }), async () => {});
    assert.equal(reads, 0);
  });
});
