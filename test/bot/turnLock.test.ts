import assert from 'node:assert/strict';
import { INVOKE_RESPONSE_KEY, type TurnContext } from 'botbuilder';
import { TURN_LOCK_LIMITS, TurnLock } from '../../src/bot/turnLock.js';

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

  /** An invoke turn that answers with `body` (an Action.Execute refresh answers with a whole card). */
  const invokeTurn = (lock: TurnLock, id: string, body: string, runs: { n: number }, conversation = 'c1') => {
    const context = ctx('invoke', id, conversation);
    return lock
      .onTurn(context, async () => {
        runs.n++;
        context.turnState.set(INVOKE_RESPONSE_KEY, { type: 'invokeResponse', value: { status: 200, body } });
      })
      .then(() => (context.turnState.get(INVOKE_RESPONSE_KEY) as { value: { body: string } } | undefined)?.value.body);
  };

  it('answers a redelivered invoke with the first response, and forgets both by age (injected clock)', async () => {
    let now = 1_000_000;
    const lock = new TurnLock({ now: () => now });
    const runs = { n: 0 };
    assert.equal(await invokeTurn(lock, 'i1', 'card-1', runs), 'card-1');
    now += 5_000;
    assert.equal(await invokeTurn(lock, 'i1', 'card-2', runs), 'card-1', 'the redelivery gets the first response');
    assert.equal(runs.n, 1);
    let messageRuns = 0;
    await lock.onTurn(ctx('message', 'm1'), async () => { messageRuns++; });
    assert.deepEqual(lock.stats().responses, 1);
    assert.deepEqual(lock.stats().ids, 2);

    // Past the response's age the invoke is no longer answered here (the journal answers it durably).
    now += TURN_LOCK_LIMITS.responseMaxAgeMs;
    assert.equal(lock.stats().responses, 0);
    assert.equal(lock.stats().responseBytes, 0);
    assert.equal(await invokeTurn(lock, 'i1', 'card-3', runs), 'card-3');
    assert.equal(runs.n, 2);
    await lock.onTurn(ctx('message', 'm1'), async () => { messageRuns++; });
    assert.equal(messageRuns, 1, 'a message is still dropped while its id is remembered');

    // Past the id's age nothing is left.
    now += TURN_LOCK_LIMITS.idMaxAgeMs + 1;
    assert.deepEqual(lock.stats(), { ids: 0, idBytes: 0, responses: 0, responseBytes: 0 });
    await lock.onTurn(ctx('message', 'm1'), async () => { messageRuns++; });
    assert.equal(messageRuns, 2);
  });

  it('keeps invoke responses within their byte budget, newest first, and does not keep one that is too big', async () => {
    const lock = new TurnLock({ responseMaxBytes: 1_000_000, responseMaxEntryBytes: 200_000 });
    const runs = { n: 0 };
    const card = (i: number) => `${i}`.padEnd(40 * 1024, 'x'); // about 80 KB counted as UTF-16
    for (let i = 0; i < 100; i++) await invokeTurn(lock, `i${i}`, card(i), runs, `c${i}`);
    const stats = lock.stats();
    assert.ok(stats.responseBytes <= 1_000_000, `${stats.responseBytes} bytes`);
    assert.ok(stats.responses >= 10 && stats.responses < 100, `${stats.responses} responses`);
    assert.equal(await invokeTurn(lock, 'i99', 'again', runs, 'c99'), card(99), 'the newest is still answered');
    assert.equal(runs.n, 100);
    assert.equal(await invokeTurn(lock, 'i0', 'again', runs, 'c0'), 'again', 'the oldest was evicted: it runs (the journal would answer it)');

    await invokeTurn(lock, 'huge', 'y'.repeat(150 * 1024), runs, 'c-huge');
    assert.equal(await invokeTurn(lock, 'huge', 'second run', runs, 'c-huge'), 'second run', 'a response over the per-entry limit is not kept');
    assert.ok(lock.stats().responseBytes <= 1_000_000);
  });

  it('keeps the ids of finished turns within their byte budget, oldest out first', async () => {
    const lock = new TurnLock({ idMaxBytes: 64 * 1024 });
    let runs = 0;
    for (let i = 0; i < 2000; i++) await lock.onTurn(ctx('message', `m${i}`, `conversation-${i % 50}`), async () => { runs++; });
    const stats = lock.stats();
    assert.ok(stats.idBytes <= 64 * 1024, `${stats.idBytes} bytes`);
    assert.ok(stats.ids > 100 && stats.ids < 2000, `${stats.ids} ids`);
    await lock.onTurn(ctx('message', 'm1999', 'conversation-49'), async () => { runs++; });
    assert.equal(runs, 2000, 'the newest is still dropped as a redelivery');
    await lock.onTurn(ctx('message', 'm0', 'conversation-0'), async () => { runs++; });
    assert.equal(runs, 2001, 'the oldest was forgotten');
  });
});
