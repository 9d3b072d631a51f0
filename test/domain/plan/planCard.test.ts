import assert from 'node:assert/strict';
import { fitPlanCard, PLAN_CARD_BUDGET, planCardView } from '../../../src/cards/planView.js';
import { buildPlan } from '../../../src/domain/plan/index.js';
import { validateCard } from '../../support/cardValidator.js';
import { everyRecord } from '../evidence/fixtures.js';
import { assessment } from './fixtures.js';

const text = (card: object): string => JSON.stringify(card);

describe('plan card', () => {
  it('shows each workstream\'s readiness in words, what it waits for and which tenant\'s admin acts next', () => {
    const plan = everyRecord().plan!;
    const { card, view, bytes } = fitPlanCard(plan);
    assert.deepEqual(validateCard(card), []);
    assert.ok(bytes < PLAN_CARD_BUDGET);
    assert.deepEqual(view.workstreams.map((w) => `${w.label}: ${w.statusText}`), [
      'Identities: ✖ Blocked', 'OneDrive: ○ Not checked yet', 'Mailboxes: ✖ Blocked', 'Apps and flows: ⚠ Ready after actions',
      'Power Platform environments: ⚠ Ready after actions',
    ]);
    const mailboxes = view.workstreams[2];
    assert.equal(mailboxes.nextText, 'Next: Prepare the target mail users: ExchangeGuid, ArchiveGuid and x500 addresses stamped. Owner: **Destination admin (fabrikam.onmicrosoft.com)**');
    assert.match(mailboxes.waitsText, /^Waits for: Identities: create the people who move/);
    const apps = view.workstreams[3];
    assert.match(apps.nextText, /Owner: \*\*App maker \(contoso\.onmicrosoft\.com\)\*\*$/);
    // Order with reasons and sources.
    const move = view.steps.find((s) => s.heading.includes('Move Sales'))!;
    assert.match(move.reasonsText, /\[Source, 2026-02-13\]\(https:\/\/learn\.microsoft\.com\/power-platform\/admin\/move-environment-tenant\)/);
    assert.match(text(card), /\(inferred\) \[Source, 2025-12-11\]/);
    assert.match(view.excludedText, /^Not in the move: Dev/);
  });

  it('keeps user values as text: no template expansion, links or markup from names', () => {
    const plan = buildPlan({
      migration: { id: 'm-x', name: '${evil} [click](https://evil.example) **bold**', sourceTenant: 'contoso.com', destinationTenant: 'fabrikam.com', phase: null },
      assessments: [{ id: 'a-1', assessment: assessment({ '[Sales](https://evil.example)': [] }) }],
    });
    const view = planCardView(plan);
    assert.equal(view.title, 'Plan: $\u200B{evil} \\[click\\](https://evil.example) \\*\\*bold\\*\\*');
    assert.ok(view.steps.every((s) => !s.heading.includes('[Sales]')));
    assert.deepEqual(validateCard(fitPlanCard(plan).card), []);
  });

  it('fits the 80 KB budget with 50 environments, each with apps, flows and mail', () => {
    const envs: Record<string, Array<[string, 'action' | 'info']>> = {};
    for (let i = 0; i < 50; i++) {
      envs[`Environment number ${i} with a long name for the card`] = [['sol-canvas-non-solution-aware', 'action'], ['sol-power-automate', 'action'], ['sol-mailboxes', 'action'], ['mapping-file-required', 'info']];
    }
    const plan = buildPlan({
      migration: { id: 'm-big', name: 'Big', sourceTenant: 'contoso.com', destinationTenant: 'fabrikam.com', phase: null },
      assessments: [{ id: 'a-1', assessment: assessment(envs) }],
      mailbox: { verdict: 'eligible', findings: [] },
    });
    assert.ok(plan.steps.length > 200);
    const unfitted = planCardView(plan, { stepsShown: plan.steps.length });
    assert.ok(JSON.stringify(unfitted).length * 2 > PLAN_CARD_BUDGET, 'the test plan is big enough to need fitting');
    const { card, view, bytes } = fitPlanCard(plan);
    assert.ok(bytes <= PLAN_CARD_BUDGET, `${bytes} bytes`);
    assert.ok(view.hasMoreSteps);
    assert.match(view.moreStepsText, /^And \d+ more steps: the evidence pack lists them all\.$/);
    assert.deepEqual(validateCard(card), []);
  });
});
