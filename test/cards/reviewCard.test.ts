import assert from 'node:assert/strict';
import { ENVIRONMENT_TYPES, SOLUTION_IDS } from '../../src/domain/assessment/index.js';
import { newState, review, type InterviewState } from '../../src/domain/interview/interview.js';
import { cardUtf16Bytes } from '../../src/cards/eligibilityView.js';
import { REVIEW_CARD_BUDGET, reviewCardView, reviewCardViewAt } from '../../src/cards/interviewView.js';
import { ADAPTIVE_CARD_CONTENT_TYPE, renderCard } from '../../src/cards/renderer.js';
import { validateCard } from '../support/cardValidator.js';

/** Teams' message budget (80 KB counted in UTF-16), for the whole activity around the card. */
const MESSAGE_BUDGET = 80 * 1024;
const REGIONS = ['NA', 'EUR', 'OCE', 'UK'];

/** An interview at its review with `count` environments, every solution in each (the largest review there is). */
function reviewState(count: number, withMissing = false): InterviewState {
  const state = newState();
  state.draft = {
    source: { tenantDomain: 'contoso.onmicrosoft.com', region: 'NA', activeLicensedUsers: 5000, customerLockbox: true },
    destination: {
      tenantDomain: 'fabrikam.onmicrosoft.com', region: 'NA', availableLicenses: 3000, paidSubscription: true,
      marketingLicenses: false, availableStorageGb: { database: 500, file: 2000, log: 100 },
    },
    environments: Array.from({ length: count }, (_, i) => ({
      name: `Contoso environment ${String(i + 1).padStart(2, '0')} with a long descriptive name`,
      // The last environment has no type when asked for a gap (a required answer): it must stay on the card.
      type: withMissing && i === count - 1 ? undefined : ENVIRONMENT_TYPES[i % ENVIRONMENT_TYPES.length],
      region: REGIONS[i % REGIONS.length],
      storageGb: { database: 10 + i, file: 30 + i, log: 1 },
      mappedUsers: 40 + i,
      solutions: [...SOLUTION_IDS],
    })),
  } as InterviewState['draft'];
  return state;
}

function messageBytes(card: object): number {
  // What the bot posts: a message activity carrying the card as its one attachment.
  const activity = {
    type: 'message', id: 'x'.repeat(40), timestamp: new Date().toISOString(), serviceUrl: 'https://smba.trafficmanager.net/emea/',
    channelId: 'msteams', from: { id: `28:${'b'.repeat(36)}`, name: 'Migration Readiness' },
    conversation: { id: `a:${'c'.repeat(120)}` }, recipient: { id: `29:${'u'.repeat(120)}` }, replyToId: 'r'.repeat(40),
    inputHint: 'acceptingInput', attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card }],
  };
  return cardUtf16Bytes(activity);
}

describe('review card fitting', () => {
  it('keeps every answer and every change choice when the review is small', () => {
    const r = review(reviewState(2));
    const view = reviewCardView(r);
    assert.equal(view.hasNote, false);
    assert.deepEqual(view, reviewCardViewAt(r, 'full'));
    assert.equal(view.changeChoices.length, r.changeChoices.length);
    assert.equal(view.sections.length, r.sections.length);
  });

  for (const count of [17, 21, 25, 50]) {
    it(`stays within Teams' budget with ${count} environments and every solution, listing every environment`, () => {
      const r = review(reviewState(count));
      const view = reviewCardView(r);
      const card = renderCard('review', view);
      assert.ok(cardUtf16Bytes(card) <= REVIEW_CARD_BUDGET, `card: ${cardUtf16Bytes(card)} bytes`);
      assert.ok(messageBytes(card) <= MESSAGE_BUDGET, `message: ${messageBytes(card)} bytes`);
      assert.deepEqual(validateCard(card), []);
      const listed = JSON.stringify(card);
      for (let i = 1; i <= count; i++) assert.ok(listed.includes(`Contoso environment ${String(i).padStart(2, '0')}`), `environment ${i} listed`);
      if (view.hasNote) assert.match(view.note, /type \*\*change\*\* with its name .*\*\*change Contoso environment 01 with a long descriptive name region\*\*/);
    });
  }

  it('in a condensed card, offers the tenant answers and the missing ones in the list, and says how to change the rest', () => {
    const r = review(reviewState(50, true));
    const view = reviewCardView(r);
    assert.equal(view.hasNote, true);
    assert.equal(view.hasMissing, true);
    const missingKey = r.changeChoices.find((c) => c.title.endsWith('type') && c.title.startsWith('Contoso environment 50'))!.value;
    assert.ok(view.changeChoices.some((c) => c.value === missingKey), 'the missing answer can be picked');
    assert.ok(view.changeChoices.every((c) => !c.value.startsWith('env.') || c.value === missingKey));
    assert.ok(view.changeChoices.some((c) => c.value.startsWith('source.')));
    const environments = view.sections.find((s) => s.title.startsWith('Environments'))!;
    assert.equal(environments.title, 'Environments (50)');
    assert.deepEqual(environments.facts.map((f) => f.title.split(':')[0]), Array.from({ length: 50 }, (_, i) => String(i + 1)), 'in their order');
    assert.match(environments.facts[49]!.value, /Type: Missing: needed to assess/);
  });

  it('lists as many environments as fit when even one line each is too much, and says how many are left out', () => {
    const r = review(reviewState(50, true));
    const budget = 20_000;
    const view = reviewCardView(r, budget);
    const card = renderCard('review', view);
    assert.ok(cardUtf16Bytes(card) <= budget);
    const environments = view.sections.find((s) => s.title.startsWith('Environments'))!;
    assert.ok(environments.facts.length > 0 && environments.facts.length < 50, `listed: ${environments.facts.length}`);
    assert.ok(environments.facts.some((f) => /^50: /.test(f.title)), 'the environment that needs an answer is kept');
    assert.match(environments.facts[0]!.title, /^1: /, 'the rest from the first');
    assert.match(view.note, new RegExp(`^${50 - environments.facts.length} of your 50 environments are not listed`));
  });
});
