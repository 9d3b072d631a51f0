/** The message budget middleware: what is within the budget passes untouched; what is over is replaced and logged. */
import assert from 'node:assert/strict';
import { ActivityTypes, CardFactory, TestAdapter, type Activity } from 'botbuilder';
import { MessageBudgetMiddleware, checkActivity, oversizeNotice } from '../../src/bot/messageBudget.js';
import { MESSAGE_BUDGET_BYTES, utf16Bytes } from '../../src/domain/messageSize.js';
import { renderCard } from '../../src/cards/renderer.js';
import { memoryLogger } from '../../src/logging.js';

function adapterWith(logic: (context: any) => Promise<void>) {
  const logger = memoryLogger();
  const adapter = new TestAdapter(logic);
  adapter.use(new MessageBudgetMiddleware({ logger }));
  return { adapter, logger };
}

describe('message budget middleware', () => {
  it('counts UTF-16: two bytes per code unit, so non-ASCII text counts as Teams counts it', () => {
    assert.equal(utf16Bytes('ab'), 8); // "ab" with its quotes
    assert.equal(utf16Bytes('é😀'), 2 * (2 + 1 + 2));
    assert.equal(MESSAGE_BUDGET_BYTES, 81_920);
  });

  it('passes a message within the budget untouched', async () => {
    const text = 'x'.repeat(30_000);
    const { adapter, logger } = adapterWith(async (context) => { await context.sendActivity(text); });
    await adapter.send('hi').assertReply((a) => assert.equal(a.text, text));
    assert.equal(logger.lines.filter((l) => l.level === 'error').length, 0);
  });

  it('replaces a text over the budget by a short notice, keeps the reply routing and logs no content', async () => {
    const secret = 'SECRET-CONTENT ';
    const { adapter, logger } = adapterWith(async (context) => {
      await context.sendActivity(secret.repeat(4_000));
      await context.sendActivity('after');
    });
    await adapter.send('export abcd1234')
      .assertReply((a) => {
        assert.ok(utf16Bytes(a) < 4_000);
        assert.match(a.text!, /report of assessment abcd1234 is too long to send as one Teams message/);
        assert.match(a.text!, /open abcd1234/);
        assert.equal(a.type, 'message');
        assert.ok(a.replyToId, 'still a reply to the user');
      })
      .assertReply('after');
    const line = logger.lines.find((l) => l.level === 'error');
    assert.ok(line);
    assert.equal(line.content, 'text');
    assert.equal(line.operation, 'send');
    assert.ok((line.bytes as number) > MESSAGE_BUDGET_BYTES);
    assert.doesNotMatch(JSON.stringify(logger.lines), /SECRET-CONTENT/);
  });

  it('names the card template of an oversized card in the log', async () => {
    const view = { title: 'T', intro: 'x'.repeat(50_000), commands: [], inChannel: false, hasEligibility: false, hasForm: false, footer: 'f' };
    const { adapter, logger } = adapterWith(async (context) => {
      await context.sendActivity({ attachments: [CardFactory.adaptiveCard(renderCard('welcome', view))] });
    });
    await adapter.send('hi').assertReply((a) => {
      assert.equal(a.attachments, undefined);
      assert.match(a.text!, /too long to send as one Teams message/);
    });
    assert.equal(logger.lines.find((l) => l.level === 'error')?.content, 'welcome');
  });

  it('replaces an oversized update in place, keeping the activity id', async () => {
    const updates: Partial<Activity>[] = [];
    const logger = memoryLogger();
    const adapter = new TestAdapter(async (context) => {
      await context.updateActivity({ id: 'act-1', type: 'message', text: 'y'.repeat(50_000) });
    });
    adapter.updateActivity = async (_context, activity) => { updates.push(activity); };
    adapter.use(new MessageBudgetMiddleware({ logger }));
    await adapter.send('hi');
    assert.equal(updates.length, 1);
    assert.equal(updates[0]!.id, 'act-1');
    assert.match(updates[0]!.text!, /too long/);
    assert.equal(logger.lines.find((l) => l.level === 'error')?.operation, 'update');
  });

  it('answers an oversized Action.Execute card with a message response instead', () => {
    const logger = memoryLogger();
    const card = renderCard('welcome', { title: 'T', intro: 'z'.repeat(50_000), commands: [], inChannel: false, hasEligibility: false, hasForm: false, footer: 'f' });
    const invoke = { type: ActivityTypes.InvokeResponse, value: { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card } } };
    const checked = checkActivity(invoke, 'send', { logger });
    assert.ok(checked);
    assert.equal(checked.replacement.type, ActivityTypes.InvokeResponse);
    const body = (checked.replacement.value as any).body;
    assert.equal(body.type, 'application/vnd.microsoft.activity.message');
    assert.match(body.value, /too long to send as one Teams message/);
    assert.equal(checked.facts.operation, 'invoke');
    assert.equal(checked.facts.content, 'welcome');
    const small = { type: ActivityTypes.InvokeResponse, value: { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: { type: 'AdaptiveCard' } } } };
    assert.equal(checkActivity(small, 'send', { logger }), undefined);
  });

  it('words the notice with the sizes', () => {
    const notice = oversizeNotice({ bytes: 100_000, budget: MESSAGE_BUDGET_BYTES, reference: 'abcd' });
    assert.match(notice, /97\.7 KB; Teams takes about 80\.0 KB at most/);
    assert.match(notice, /reference: \*\*abcd\*\*/);
  });
});
