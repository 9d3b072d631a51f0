import assert from 'node:assert/strict';
import type { TurnContext } from 'botbuilder';
import { TurnLock } from '../../src/bot/turnLock.js';

function ctx(type: string, id?: string, conversation = 'c1'): TurnContext {
  return { activity: { type, id, channelId: 'msteams', conversation: { id: conversation } }, turnState: new Map() } as unknown as TurnContext;
}

describe('TurnLock', () => {
  it('runs overlapping turns of one conversation one after another, other conversations in parallel', async () => {
    const lock = new TurnLock();
    const order: string[] = [];
    let releaseFirst!: () => void;
    const first = lock.onTurn(ctx('message', 'a'), () => new Promise<void>((r) => { order.push('a-start'); releaseFirst = () => { order.push('a-end'); r(); }; }));
    const second = lock.onTurn(ctx('message', 'b'), async () => { order.push('b'); });
    const other = lock.onTurn(ctx('message', 'x', 'c2'), async () => { order.push('other'); });
    await other;
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(order, ['a-start', 'other']);
    releaseFirst();
    await Promise.all([first, second]);
    assert.deepEqual(order, ['a-start', 'other', 'a-end', 'b']);
  });

  it('drops a redelivered message, but lets a retry through when the first attempt failed', async () => {
    const lock = new TurnLock();
    let runs = 0;
    await lock.onTurn(ctx('message', 'm1'), async () => { runs++; });
    await lock.onTurn(ctx('message', 'm1'), async () => { runs++; });
    assert.equal(runs, 1);
    await assert.rejects(lock.onTurn(ctx('message', 'm2'), async () => { runs++; throw new Error('boom'); }));
    await lock.onTurn(ctx('message', 'm2'), async () => { runs++; });
    assert.equal(runs, 3);
  });

  it('does not make proactive (event) turns wait for the conversation\'s running turn', async () => {
    const lock = new TurnLock();
    let release!: () => void;
    const held = lock.onTurn(ctx('message', 'm'), () => new Promise<void>((r) => (release = r)));
    let proactiveRan = false;
    await lock.onTurn(ctx('event'), async () => { proactiveRan = true; });
    assert.equal(proactiveRan, true);
    release();
    await held;
  });
});
