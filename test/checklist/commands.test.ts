/**
 * The typed checklist commands inside the real bot: opening (latest assessment, by id, reopening keeps ticks, other
 * tenants), phase due dates with the card updated in place, and sending to a person through the Notifier port.
 */
import assert from 'node:assert/strict';
import { CHECKLIST_TOGGLE_VERB } from '../../src/bot/checklistRoutes.js';
import { matchRecipients, type Recipient } from '../../src/domain/checklist/recipients.js';
import {
  ADELE, ALEX, MEGAN, OTHER_TENANT, PROFILE, TENANT, cardOf, createHarness, toggleOf, type Harness,
} from './harness.js';

const json = (x: unknown): string => JSON.stringify(x);

describe('checklist commands', () => {
  let h: Harness;

  beforeEach(() => {
    h = createHarness();
  });
  afterEach(() => h.feature.idle());

  describe('checklist', () => {
    it('says what to do when the person has no assessment yet', async () => {
      const [reply] = await h.say('checklist');
      assert.match(reply!.text!, /no saved assessments yet/);
      assert.match(reply!.text!, /check eligibility/);
    });

    it('opens the checklist of the latest assessment, generated with items, owners and sources', async () => {
      await h.seedAssessment({ ...PROFILE, environments: [{ name: 'Older Env', type: 'sandbox' }] });
      const latest = await h.seedAssessment(PROFILE);
      const [posted] = await h.say('Checklist');
      const card = cardOf(posted!);
      assert.equal(posted!.text, undefined, 'the card is a message of its own, so it can be updated in place');
      assert.match(posted!.summary!, /^Migration checklist for contoso\.onmicrosoft\.com to fabrikam\.onmicrosoft\.com: 0 of \d+ done\.$/);
      assert.match(json(card), /Contoso Sales/);
      assert.doesNotMatch(json(card), /Older Env/);
      assert.match(json(card), /Owner: Project manager/);
      assert.match(json(card), /Source: learn\.microsoft\.com/);
      const stored = (await h.checklists.get(TENANT, latest.id))!;
      assert.equal(stored.checklist.assessmentId, latest.id);
      assert.deepEqual(stored.createdBy, { id: MEGAN.aadObjectId, name: 'Megan Bowen' });
      assert.deepEqual(stored.cards.map((c) => c.activityId), [posted!.id]);
      assert.ok(stored.checklist.items.some((i) => i.id === 'pre-move:lockbox'), 'Lockbox is on for the source tenant');
      assert.equal((await h.checklists.current(TENANT, MEGAN.aadObjectId))?.id, latest.id);
    });

    it('reopens the same checklist with its ticks (by id, from the eligibility card button, by anyone in the tenant)', async () => {
      const a = await h.seedAssessment(PROFILE);
      const [first] = await h.say(`checklist ${a.id}`);
      await h.deliver(h.invokeActivity(CHECKLIST_TOGGLE_VERB, toggleOf(cardOf(first!), 'plan:inventory').data));
      const [again] = await h.say(`checklist ${a.id.toUpperCase()}`, { who: ADELE });
      assert.match(json(cardOf(again!)), /Done by Megan Bowen/);
      const stored = (await h.checklists.get(TENANT, a.id))!;
      assert.equal(stored.cards.length, 2);
      assert.equal(stored.createdBy.name, 'Megan Bowen');
    });

    it('does not open an assessment or checklist of another tenant', async () => {
      const a = await h.seedAssessment(PROFILE);
      await h.say(`checklist ${a.id}`);
      const [reply] = await h.say(`checklist ${a.id}`, { tenantId: OTHER_TENANT, who: ALEX });
      assert.match(reply!.text!, new RegExp(`I don't know an assessment or checklist "${a.id}" in your organisation`));
      assert.equal(await h.checklists.get(OTHER_TENANT, a.id), undefined);
    });

    it('works in a channel, where the message mentions the bot', async () => {
      const a = await h.seedAssessment(PROFILE);
      const [posted] = await h.say(`<at>Migration Readiness</at> checklist ${a.id}`, {
        channel: true, entities: [{ type: 'mention', text: '<at>Migration Readiness</at>', mentioned: { id: '28:bot', name: 'Migration Readiness' } }],
      });
      assert.equal(cardOf(posted!).type, 'AdaptiveCard');
    });
  });

  describe('due <phase> <date>', () => {
    let id: string;
    let postedId: string;

    beforeEach(async () => {
      id = (await h.seedAssessment(PROFILE)).id;
      const [posted] = await h.say('checklist');
      postedId = posted!.id!;
    });

    it('sets the due date, names the user\'s values, and updates the posted card in place', async () => {
      const [reply] = await h.say('due pre move 2026-12-15');
      assert.equal(reply!.text, `Pre-move is now due 2026-12-15 on the checklist for contoso.onmicrosoft.com to fabrikam.onmicrosoft.com (${id}). I updated the checklist card.`);
      assert.equal((await h.checklists.get(TENANT, id))!.checklist.due['pre-move'], '2026-12-15');
      const update = h.adapter.updates.find((u) => u.id === postedId);
      assert.ok(update, 'the card in this chat is updated in place');
      assert.match(json(update!.attachments![0]!.content), /due 2026-12-15/);
    });

    it('updates copies in other conversations after the turn, through the Notifier', async () => {
      await h.say(`checklist ${id}`, { channel: true });
      await h.say('due close 2027-01-31');
      await h.feature.idle();
      const elsewhere = h.notifier.calls.filter((c) => c.kind === 'update');
      assert.equal(elsewhere.length, 1);
      assert.equal(elsewhere[0]!.reference?.conversation?.id, '19:general@thread.tacv2;messageid=1');
      assert.match(json(elsewhere[0]!.activity), /due 2027-01-31/);
    });

    it('clears a due date, and says when nothing changed', async () => {
      await h.say('due move 2026-12-20');
      const [same] = await h.say('due move 2026-12-20');
      assert.match(same!.text!, /^Move was already due 2026-12-20/);
      const [cleared] = await h.say('due move none');
      assert.match(cleared!.text!, /^Move no longer has a due date/);
      assert.equal((await h.checklists.get(TENANT, id))!.checklist.due.move, undefined);
    });

    it('names what is wrong with the phase or the date', async () => {
      const [phase] = await h.say('due launch 2026-12-15');
      assert.match(phase!.text!, /'launch' is not a checklist phase/);
      const [date] = await h.say('due pre-move 2026-02-30');
      assert.match(date!.text!, /'2026-02-30' is not a date for Pre-move/);
      const [none] = await h.say('due');
      assert.match(none!.text!, /Which phase and which date\?/);
      assert.equal((await h.checklists.get(TENANT, id))!.checklist.revision, 0);
    });

    it('asks for a checklist first when the person has none open', async () => {
      const [reply] = await h.say('due pre-move 2026-12-15', { who: ALEX });
      assert.match(reply!.text!, /no checklist open yet/);
    });
  });

  describe('send checklist to <name or email>', () => {
    let id: string;

    beforeEach(async () => {
      id = (await h.seedAssessment(PROFILE)).id;
      await h.say('checklist');
      h.members.push(
        { id: MEGAN.id, name: MEGAN.name, aadObjectId: MEGAN.aadObjectId, email: 'megan@contoso.com' },
        { id: ADELE.id, name: ADELE.name, aadObjectId: ADELE.aadObjectId, email: 'adele@contoso.com' },
        { id: ALEX.id, name: ALEX.name, aadObjectId: ALEX.aadObjectId, email: 'alex@contoso.com' },
        { id: '29:adam', name: 'Adam Vance', aadObjectId: '11111111-0000-0000-0000-000000000009', email: 'adam@contoso.com' },
      );
    });

    it('opens a 1:1 chat with a member found by email, stores the copy, and makes it their current checklist', async () => {
      const [reply] = await h.say('send checklist to Adele@Contoso.com');
      assert.equal(reply!.text, `Sent. Adele Vance has the checklist for contoso.onmicrosoft.com to fabrikam.onmicrosoft.com (${id}) in a personal chat with me. A tick on any copy shows on every copy.`);
      const [create, card] = h.notifier.calls;
      assert.deepEqual(h.notifier.calls.map((c) => c.kind), ['create', 'send']);
      assert.deepEqual(create!.target, { tenantId: TENANT, serviceUrl: 'https://smba.example.test/emea/', userId: ADELE.id, botId: '28:bot' });
      assert.match(create!.activity.text!, /^Megan Bowen sent you the migration checklist for contoso\.onmicrosoft\.com to fabrikam\.onmicrosoft\.com\./);
      assert.equal(card!.reference?.conversation?.id, `a:personal-${ADELE.id}`);
      assert.deepEqual(card!.activity.attachments![0]!.content.refresh.userIds, [MEGAN.id, ADELE.id]);
      const stored = (await h.checklists.get(TENANT, id))!;
      assert.ok(stored.cards.some((c) => c.activityId === 'sent-2' && c.reference.conversation?.id === `a:personal-${ADELE.id}`));
      assert.equal((await h.checklists.current(TENANT, ADELE.aadObjectId))?.id, id);
      // Adele can now set a due date on it herself.
      const [due] = await h.say('due identity 2026-12-05', { who: ADELE });
      assert.match(due!.text!, /Identity is now due 2026-12-05/);
    });

    it('uses the 1:1 chat the bot already has with the person', async () => {
      h.references.set(`${TENANT}|${ALEX.aadObjectId}`, {
        tenantId: TENANT, conversationId: 'a:alex-chat', kind: 'personal', teamId: null, channelId: null, userIds: [ALEX.aadObjectId],
        reference: { channelId: 'msteams', serviceUrl: 'https://smba.example.test/emea/', conversation: { id: 'a:alex-chat', conversationType: 'personal', isGroup: false, name: '' } },
        installed: true, updatedAt: '2026-11-30T00:00:00.000Z', dead: null,
      });
      const [reply] = await h.say('send checklist to alex wilber');
      assert.match(reply!.text!, /^Sent\. Alex Wilber has the checklist/);
      assert.deepEqual(h.notifier.calls.map((c) => c.kind), ['send', 'send']);
      assert.ok(h.notifier.calls.every((c) => c.reference?.conversation?.id === 'a:alex-chat'));
    });

    it('takes the person from an @mention in a channel', async () => {
      const [reply] = await h.say('<at>Migration Readiness</at> send checklist to <at>Adele Vance</at>', {
        channel: true,
        entities: [
          { type: 'mention', text: '<at>Migration Readiness</at>', mentioned: { id: '28:bot', name: 'Migration Readiness' } },
          { type: 'mention', text: '<at>Adele Vance</at>', mentioned: { id: ADELE.id, name: 'Adele Vance' } },
        ],
      });
      assert.match(reply!.text!, /^Sent\. Adele Vance has the checklist/);
      assert.equal(h.notifier.calls[0]!.target?.userId, ADELE.id);
    });

    it('tells the requester exactly why a person cannot be reached and what to do', async () => {
      h.notifier.answers.create.push({ ok: false, reason: 'not-in-conversation', status: 403 });
      const [reply] = await h.say('send checklist to adele vance');
      assert.equal(reply!.text, 'I couldn\'t reach Adele Vance: Migration Readiness is not installed for them, so I can\'t start a chat with them. '
        + 'Ask Adele Vance to open Teams, find Migration Readiness in Apps and send me any message (or ask your Teams admin to install the app for them), '
        + 'then type **send checklist to Adele Vance** again.');
      assert.deepEqual((await h.checklists.get(TENANT, id))!.cards.length, 1);

      h.notifier.answers.create.push({ ok: false, reason: 'throttled', status: 429 });
      const [throttled] = await h.say('send checklist to adele vance');
      assert.match(throttled!.text!, /Teams asked me to slow down/);
      assert.match(throttled!.text!, /again in a few minutes/);

      h.notifier.answers.send.push({ ok: false, reason: 'too-large', status: 413 });
      const [cardFailed] = await h.say('send checklist to adele vance');
      assert.match(cardFailed!.text!, /^I reached Adele Vance, but the checklist card did not go through: Teams rejected the message\./);
      assert.deepEqual((await h.checklists.get(TENANT, id))!.cards.length, 1);
    });

    it('falls back to opening a chat when the stored chat is gone', async () => {
      h.references.set(`${TENANT}|${ADELE.aadObjectId}`, {
        tenantId: TENANT, conversationId: 'a:old', kind: 'personal', teamId: null, channelId: null, userIds: [],
        reference: { conversation: { id: 'a:old', conversationType: 'personal', isGroup: false, name: '' } },
        installed: true, updatedAt: '2026-11-30T00:00:00.000Z', dead: null,
      });
      h.notifier.answers.send.push({ ok: false, reason: 'not-in-conversation', status: 403 });
      const [reply] = await h.say('send checklist to adele');
      assert.match(reply!.text!, /^Sent\./);
      assert.deepEqual(h.notifier.calls.map((c) => c.kind), ['send', 'create', 'send']);
    });

    it('asks who, lists the people when a name is ambiguous, and names an unknown person', async () => {
      const [who] = await h.say('send checklist');
      assert.match(who!.text!, /Who should get the checklist\?/);
      const [ambiguous] = await h.say('send checklist to vance');
      assert.match(ambiguous!.text!, /More than one person matches "vance"/);
      assert.match(ambiguous!.text!, /Adele Vance \(adele@contoso\.com\)/);
      assert.match(ambiguous!.text!, /Adam Vance \(adam@contoso\.com\)/);
      const [unknown] = await h.say('send checklist to Nestor Wilke');
      assert.match(unknown!.text!, /I couldn't find "Nestor Wilke" in this chat/);
      assert.equal(h.notifier.calls.length, 0);
    });

    it('posts the card right here when a person sends it to themselves in their own chat', async () => {
      const [posted] = await h.say('send checklist to megan');
      assert.equal(cardOf(posted!).type, 'AdaptiveCard');
      assert.equal(h.notifier.calls.length, 0);
    });

    it('asks to open a checklist first', async () => {
      const [reply] = await h.say('send checklist to adele', { who: ALEX });
      assert.match(reply!.text!, /no checklist open yet/);
    });
  });
});

describe('matchRecipients', () => {
  const people: Recipient[] = [
    { id: '1', name: 'Adele Vance', email: 'AdeleV@contoso.com' },
    { id: '2', name: 'Adam Vance', userPrincipalName: 'adam@contoso.com' },
    { id: '3', name: 'Zoë Núñez' },
    { id: '4', name: 'Ad' },
  ];
  const ids = (q: string): string[] => matchRecipients(people, q).map((p) => p.id);

  it('matches emails and UPNs exactly, names by words, accents and case ignored', () => {
    assert.deepEqual(ids('adelev@CONTOSO.com'), ['1']);
    assert.deepEqual(ids('adam@contoso.com'), ['2']);
    assert.deepEqual(ids('a@contoso.com'), []);
    assert.deepEqual(ids('vance'), ['1', '2']);
    assert.deepEqual(ids('adele v'), ['1']);
    assert.deepEqual(ids('"Adele Vance"'), ['1']);
    assert.deepEqual(ids('@zoe nunez'), ['3']);
    assert.deepEqual(ids('ad'), ['4'], 'an exact name wins over prefixes');
    assert.deepEqual(ids(''), []);
  });
});
