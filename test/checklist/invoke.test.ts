/**
 * Ticking items with Action.Execute inside the real bot: the invoke response carries the updated card, a retried
 * invoke changes nothing twice, copies elsewhere are updated in place after the response, and the refresh and show
 * verbs are read-only for the checklist.
 */
import assert from 'node:assert/strict';
import { CHECKLIST_REFRESH_VERB, CHECKLIST_SHOW_VERB, CHECKLIST_TOGGLE_VERB } from '../../src/bot/checklistRoutes.js';
import {
  ADELE, ALEX, MEGAN, OTHER_TENANT, PROFILE, TENANT, cardOf, createHarness, executeActions, toggleOf, type Harness,
} from './harness.js';

const text = (card: unknown): string => JSON.stringify(card);

describe('checklist card actions (Action.Execute)', () => {
  let h: Harness;
  let checklistId: string;
  let postedId: string;
  let card: any;

  beforeEach(async () => {
    h = createHarness();
    checklistId = (await h.seedAssessment(PROFILE)).id;
    const [posted] = await h.say('checklist');
    assert.ok(posted?.id);
    postedId = posted.id;
    card = cardOf(posted);
  });

  afterEach(() => h.feature.idle());

  it('ticks an item, ignores the retried invoke, and unticks it from the updated card', async () => {
    const first = toggleOf(card, 'plan:inventory');
    assert.equal(first.title, 'Mark done');
    assert.deepEqual({ ...first.data }, {
      checklistId, itemId: 'plan:inventory', revision: 0, done: true, phase: 'plan', page: 0, pageSize: 12,
    });

    // 1. The press.
    const invoke = h.invokeActivity(CHECKLIST_TOGGLE_VERB, first.data, { replyToId: postedId });
    const r1 = await h.deliver(invoke);
    assert.equal(r1.status, 200);
    const card1 = cardOf(r1);
    assert.match(text(card1), /Done by Megan Bowen on 2026-12-01 09:00 UTC/);
    assert.equal(toggleOf(card1, 'plan:inventory').title, 'Mark as not done');
    assert.match(text(card1), /1 of \d+ done/);
    let stored = (await h.checklists.get(TENANT, checklistId))!;
    const item = () => stored.checklist.items.find((i) => i.id === 'plan:inventory')!;
    assert.equal(stored.checklist.revision, 1);
    assert.deepEqual(item().done, { by: { id: MEGAN.aadObjectId, name: 'Megan Bowen' }, at: '2026-12-01T09:00:00.000Z' });

    // 2. Teams retries the same invoke a little later: nothing changes, and the answer is the same card.
    h.clock.now = new Date('2026-12-01T09:00:05.000Z');
    const r2 = await h.deliver(invoke);
    assert.equal(r2.status, 200);
    const card2 = cardOf(r2);
    assert.equal(toggleOf(card2, 'plan:inventory').title, 'Mark as not done');
    assert.match(text(card2), /Done by Megan Bowen on 2026-12-01 09:00 UTC/);
    stored = (await h.checklists.get(TENANT, checklistId))!;
    assert.equal(stored.checklist.revision, 1);
    assert.equal(item().done?.at, '2026-12-01T09:00:00.000Z');

    // 3. Once more, from the card the first press returned: this time it unticks.
    const again = toggleOf(card1, 'plan:inventory');
    assert.equal(again.data.revision, 1);
    assert.equal(again.data.done, false);
    const r3 = await h.deliver(h.invokeActivity(CHECKLIST_TOGGLE_VERB, again.data, { replyToId: postedId }));
    const card3 = cardOf(r3);
    assert.equal(toggleOf(card3, 'plan:inventory').title, 'Mark done');
    assert.doesNotMatch(text(card3), /Done by/);
    stored = (await h.checklists.get(TENANT, checklistId))!;
    assert.equal(stored.checklist.revision, 2);
    assert.equal(item().done, null);

    // The posted card was updated in place for everyone after each change, and not for the retry.
    await h.feature.idle();
    const updates = h.notifier.calls.filter((c) => c.kind === 'update');
    assert.equal(updates.length, 2);
    assert.ok(updates.every((u) => u.activityId === postedId && u.reference?.conversation?.id === `a:personal-${MEGAN.id}`));
    assert.match(text(updates[0]!.activity.attachments![0]!.content), /Done by Megan Bowen/);
    assert.doesNotMatch(text(updates[1]!.activity.attachments![0]!.content), /Done by/);
  });

  it('ignores a retry that arrives after someone else has already unticked the item', async () => {
    const invoke = h.invokeActivity(CHECKLIST_TOGGLE_VERB, toggleOf(card, 'plan:inventory').data, { who: MEGAN });
    const ticked = cardOf(await h.deliver(invoke));
    await h.deliver(h.invokeActivity(CHECKLIST_TOGGLE_VERB, toggleOf(ticked, 'plan:inventory').data, { who: ADELE }));
    const late = cardOf(await h.deliver(invoke));
    assert.equal(toggleOf(late, 'plan:inventory').title, 'Mark done');
    const stored = (await h.checklists.get(TENANT, checklistId))!;
    assert.equal(stored.checklist.revision, 2);
    assert.equal(stored.checklist.items.find((i) => i.id === 'plan:inventory')!.done, null);
  });

  it('applies one press when two people press the same button on the same card', async () => {
    const button = toggleOf(card, 'plan:inventory');
    await h.deliver(h.invokeActivity(CHECKLIST_TOGGLE_VERB, button.data, { who: MEGAN }));
    const r = await h.deliver(h.invokeActivity(CHECKLIST_TOGGLE_VERB, button.data, { who: ADELE }));
    assert.match(text(cardOf(r)), /Done by Megan Bowen/);
    const stored = (await h.checklists.get(TENANT, checklistId))!;
    assert.equal(stored.checklist.revision, 1);
  });

  it('never undoes a tick from a card that is out of date (the button asks for a state, not a flip)', async () => {
    // Adele opens the checklist after a due date changed it, so her card has a newer revision than Megan's.
    await h.say('due plan 2026-12-10');
    const [adeleCard] = await h.say(`checklist ${checklistId}`, { who: ADELE });
    const megans = toggleOf(card, 'plan:inventory');
    const adeles = toggleOf(cardOf(adeleCard!), 'plan:inventory');
    assert.notEqual(megans.data.revision, adeles.data.revision);
    await h.deliver(h.invokeActivity(CHECKLIST_TOGGLE_VERB, megans.data, { who: MEGAN }));
    const r = await h.deliver(h.invokeActivity(CHECKLIST_TOGGLE_VERB, adeles.data, { who: ADELE }));
    assert.match(text(cardOf(r)), /Done by Megan Bowen/);
    const stored = (await h.checklists.get(TENANT, checklistId))!;
    assert.equal(stored.checklist.items.find((i) => i.id === 'plan:inventory')!.done?.by.name, 'Megan Bowen');
  });

  it('keeps the presser on the phase they were working in, and refresh shows each person their own view', async () => {
    const show = executeActions(card).find((a) => a.verb === CHECKLIST_SHOW_VERB && a.data.phase === 'pre-move')!;
    const shown = cardOf(await h.deliver(h.invokeActivity(CHECKLIST_SHOW_VERB, show.data, { who: ADELE })));
    assert.match(text(shown), /Pre-move: 0 of \d+ done/);
    const before = JSON.stringify((await h.checklists.get(TENANT, checklistId))!.checklist);

    const firstPreMove = executeActions(shown).find((a) => a.verb === CHECKLIST_TOGGLE_VERB)!;
    assert.equal(firstPreMove.data.phase, 'pre-move');
    const ticked = cardOf(await h.deliver(h.invokeActivity(CHECKLIST_TOGGLE_VERB, firstPreMove.data, { who: ADELE })));
    assert.match(text(ticked), /Pre-move: 1 of \d+ done/);
    assert.match(text(ticked), /Done by Adele Vance/);
    assert.notEqual(JSON.stringify((await h.checklists.get(TENANT, checklistId))!.checklist), before);

    const refresh = card.refresh.action;
    assert.equal(refresh.verb, CHECKLIST_REFRESH_VERB);
    const forAdele = cardOf(await h.deliver(h.invokeActivity(CHECKLIST_REFRESH_VERB, refresh.data, { who: ADELE })));
    const forMegan = cardOf(await h.deliver(h.invokeActivity(CHECKLIST_REFRESH_VERB, refresh.data, { who: MEGAN })));
    assert.match(text(forAdele), /Pre-move: 1 of \d+ done/);
    assert.match(text(forMegan), /"Plan: 0 of \d+ done"/);
    // Both see the tick, whichever phase they look at.
    assert.match(text(forMegan), /1 of \d+ done · /);
  });

  it('refresh is read-only: the stored record is byte-for-byte the same afterwards', async () => {
    const before = JSON.stringify(await h.storage.read([`records/checklists/${TENANT}+${checklistId}`]));
    const r = await h.deliver(h.invokeActivity(CHECKLIST_REFRESH_VERB, { checklistId }, { who: ALEX }));
    assert.equal(r.status, 200);
    assert.equal(cardOf(r).type, 'AdaptiveCard');
    const after = JSON.stringify(await h.storage.read([`records/checklists/${TENANT}+${checklistId}`]));
    assert.equal(after, before);
  });

  it('lists the people working on the checklist for automatic refresh', async () => {
    assert.deepEqual(card.refresh.userIds, [MEGAN.id]);
    const r = await h.deliver(h.invokeActivity(CHECKLIST_TOGGLE_VERB, toggleOf(card, 'plan:inventory').data, { who: ADELE }));
    assert.deepEqual(cardOf(r).refresh.userIds, [MEGAN.id, ADELE.id]);
  });

  it('remembers the card an invoke came from, so a copy it did not post itself is updated too', async () => {
    const r = await h.deliver(h.invokeActivity(CHECKLIST_TOGGLE_VERB, toggleOf(card, 'plan:inventory').data, {
      who: ADELE, channel: true, conversationId: '19:general@thread.tacv2;messageid=42', replyToId: 'forwarded-card-7',
    }));
    assert.equal(r.status, 200);
    await h.feature.idle();
    const stored = (await h.checklists.get(TENANT, checklistId))!;
    assert.ok(stored.cards.some((c) => c.activityId === 'forwarded-card-7' && c.reference.conversation?.id === '19:general@thread.tacv2;messageid=42'));
    const updated = h.notifier.calls.filter((c) => c.kind === 'update').map((c) => c.activityId).sort();
    assert.deepEqual(updated, ['forwarded-card-7', postedId].sort());
  });

  it('forgets a copy Teams says is gone, and stores the new id of a reposted copy', async () => {
    await h.deliver(h.invokeActivity(CHECKLIST_TOGGLE_VERB, toggleOf(card, 'plan:inventory').data, {
      channel: true, conversationId: '19:general@thread.tacv2;messageid=42', replyToId: 'channel-card',
    }));
    await h.feature.idle();
    h.notifier.answers.update.push(
      { ok: true, activityId: 'reposted-1', reposted: true, reference: { conversation: { id: 'a:new', conversationType: 'personal', isGroup: false, name: '' } } },
      { ok: false, reason: 'not-in-conversation', status: 403 },
    );
    const stored0 = (await h.checklists.get(TENANT, checklistId))!;
    const next = toggleOf(cardOf(await h.deliver(h.invokeActivity(CHECKLIST_REFRESH_VERB, { checklistId }))), 'plan:inventory');
    await h.deliver(h.invokeActivity(CHECKLIST_TOGGLE_VERB, next.data));
    await h.feature.idle();
    const stored = (await h.checklists.get(TENANT, checklistId))!;
    assert.equal(stored0.cards.length, 2);
    assert.deepEqual(stored.cards.map((c) => c.activityId), ['reposted-1']);
  });

  it('answers in plain words for an unknown item, a checklist from another tenant, and a missing id', async () => {
    const unknown = await h.deliver(h.invokeActivity(CHECKLIST_TOGGLE_VERB, { ...toggleOf(card, 'plan:inventory').data, itemId: 'plan:nope' }));
    assert.equal((unknown.body as any).type, 'application/vnd.microsoft.activity.message');
    assert.match((unknown.body as any).value, new RegExp(`no longer on checklist ${checklistId}`));

    const foreign = await h.deliver(h.invokeActivity(CHECKLIST_TOGGLE_VERB, toggleOf(card, 'plan:inventory').data, { tenantId: OTHER_TENANT }));
    assert.match((foreign.body as any).value, /could not find that checklist in your organisation/);
    const foreignRefresh = await h.deliver(h.invokeActivity(CHECKLIST_REFRESH_VERB, { checklistId }, { tenantId: OTHER_TENANT }));
    assert.match((foreignRefresh.body as any).value, /could not find that checklist/);
    const stored = (await h.checklists.get(TENANT, checklistId))!;
    assert.equal(stored.checklist.revision, 0);

    const missing = await h.deliver(h.invokeActivity(CHECKLIST_SHOW_VERB, {}));
    assert.match((missing.body as any).value, /could not find that checklist/);
  });

  it('every verb on the checklist card has a handler that answers with a card', async () => {
    const verbs = new Set(executeActions(card).map((a) => a.verb));
    assert.deepEqual([...verbs].sort(), [CHECKLIST_REFRESH_VERB, CHECKLIST_SHOW_VERB, CHECKLIST_TOGGLE_VERB].sort());
    for (const action of executeActions(card)) {
      const r = await h.deliver(h.invokeActivity(action.verb, action.data));
      assert.equal(r.status, 200, action.verb);
      assert.equal(cardOf(r).type, 'AdaptiveCard', action.verb);
    }
    assert.ok(!h.logger.lines.some((l) => l.msg === 'unknown card verb'));
  });
});
