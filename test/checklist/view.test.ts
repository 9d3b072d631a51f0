/**
 * The checklist card's view model and its fit to Teams' message size: progress, phases, due dates, who ticked what,
 * paging, and every page of large checklists inside the budget (the sizes are printed, not asserted as timings).
 */
import assert from 'node:assert/strict';
import { assess, validateProfile } from '../../src/domain/assessment/index.js';
import { SOLUTION_IDS } from '../../src/domain/assessment/types.js';
import { buildChecklist, CHECKLIST_PHASES, setPhaseDue, toggleItem, type Checklist } from '../../src/domain/checklist/index.js';
import {
  CHECKLIST_CARD_BUDGET, CHECKLIST_PAGE_SIZE, checklistCardView, defaultPhase, fitChecklistCard, pageOfItem,
} from '../../src/cards/checklistView.js';
import { cardUtf16Bytes } from '../../src/cards/eligibilityView.js';
import { renderCard } from '../../src/cards/renderer.js';
import { validateCard } from '../support/cardValidator.js';
import { PROFILE } from './harness.js';

const NOW = new Date('2026-12-20T10:00:00.000Z');
const MEGAN = { id: 'aad-megan', name: 'Megan Bowen' };

function checklistFor(input: unknown): Checklist {
  const v = validateProfile(input);
  if (!v.ok) throw new Error(JSON.stringify(v.issues));
  return buildChecklist(v.profile, assess(v.profile), { assessmentId: 'k7m2q9xd' });
}

function tick(c: Checklist, itemId: string, at = '2026-12-01T10:42:00.000Z'): Checklist {
  const r = toggleItem(c, itemId, MEGAN, new Date(at), `t-${itemId}`);
  assert.ok(r.ok);
  return r.checklist;
}

const base = { checklistId: 'k7m2q9xd', now: NOW, refreshUserIds: ['29:megan'] };

describe('checklist card view', () => {
  const c0 = checklistFor(PROFILE);

  it('opens on the first phase with open items and shows progress with open blockers', () => {
    const view = checklistCardView(c0, base);
    assert.equal(view.shown.phase, 'plan');
    const blockers = c0.items.filter((i) => i.blocker).length;
    assert.equal(view.progressText, `0 of ${c0.items.length} done · ${blockers} must-do steps left before the move`);
    assert.equal(view.progressColor, 'Warning');
    assert.deepEqual(view.phases.map((p) => p.label), ['Plan', 'Identity', 'Request', 'Pre-move', 'Move', 'Post-move', 'Close']);
    assert.deepEqual(view.phases.filter((p) => p.isShown).map((p) => p.phase), ['plan']);
    assert.deepEqual(view.items.map((i) => i.itemId), c0.items.filter((i) => i.phase === 'plan').map((i) => i.id));
  });

  it('moves on when a phase is done, and shows who ticked each item and when', () => {
    let c = c0;
    for (const item of c0.items.filter((i) => i.phase === 'plan')) c = tick(c, item.id);
    assert.equal(defaultPhase(c), 'identity');
    const plan = checklistCardView(c, { ...base, phase: 'plan' });
    assert.ok(plan.items.every((i) => i.isDone && i.doneText === 'Done by Megan Bowen on 2026-12-01 10:42 UTC'));
    assert.ok(plan.items.every((i) => i.buttonTitle === 'Mark as not done' && i.target === false));
    assert.equal(plan.phases[0]!.icon, '▶');
    assert.equal(checklistCardView(c, base).phases[0]!.icon, '✓');
    assert.equal(checklistCardView(c, base).phases[0]!.color, 'Good');
  });

  it('shows owners, supporting roles, the environment, the source and open blockers per item', () => {
    const view = checklistCardView(c0, { ...base, phase: 'pre-move' });
    const lockbox = view.items.find((i) => i.itemId === 'pre-move:lockbox')!;
    assert.match(lockbox.detailText, /^Owner: Source admin · \[Source: learn\.microsoft\.com\]\(https:\/\/learn\.microsoft\.com\//);
    assert.equal(lockbox.isBlockerOpen, true);
    const apps = view.items.find((i) => i.itemId.startsWith('pre-move:') && /canvas apps/.test(i.text))!;
    assert.match(apps.detailText, /^Owner: App maker with Source admin · Contoso Sales · /);
  });

  it('shows due dates, and flags a phase overdue once its day has passed with items open', () => {
    const r = setPhaseDue(c0, 'pre-move', '2026-12-15');
    assert.ok(r.ok);
    const view = checklistCardView(r.checklist, { ...base, phase: 'pre-move' });
    assert.equal(view.shown.dueText, 'overdue since 2026-12-15');
    assert.equal(view.shown.dueColor, 'Attention');
    assert.match(view.phases.find((p) => p.phase === 'pre-move')!.summary, /overdue since 2026-12-15$/);
    const early = checklistCardView(r.checklist, { ...base, phase: 'pre-move', now: new Date('2026-12-15T23:59:00Z') });
    assert.equal(early.shown.dueText, 'due 2026-12-15');
  });

  it('keeps user text from being read as a template expression', () => {
    const c = checklistFor({ ...PROFILE, environments: [{ name: 'Sales ${title}', type: 'sandbox' }] });
    const card = renderCard('checklist', checklistCardView(c, { ...base, phase: 'identity' }));
    assert.match(JSON.stringify(card), /Sales \$\u200B\{title\}/);
  });

  it('pages a long phase, and keeps an item on the page its button came from', () => {
    const big = checklistFor({
      ...PROFILE,
      environments: Array.from({ length: 5 }, (_, i) => ({ name: `Env ${i}`, type: 'production', solutions: [...SOLUTION_IDS] })),
    });
    const preMove = big.items.filter((i) => i.phase === 'pre-move');
    assert.ok(preMove.length > CHECKLIST_PAGE_SIZE, `pre-move has ${preMove.length} items`);
    const first = checklistCardView(big, { ...base, phase: 'pre-move' });
    assert.equal(first.items.length, CHECKLIST_PAGE_SIZE);
    assert.equal(first.shown.pageText, `Items 1 to ${CHECKLIST_PAGE_SIZE} of ${preMove.length}`);
    assert.deepEqual([first.shown.hasPrevious, first.shown.hasNext], [false, true]);
    const lastPage = Math.ceil(preMove.length / CHECKLIST_PAGE_SIZE) - 1;
    const last = checklistCardView(big, { ...base, phase: 'pre-move', page: 99 });
    assert.equal(last.shown.page, lastPage, 'a page past the end shows the last page');
    assert.deepEqual([last.shown.hasPrevious, last.shown.hasNext], [true, false]);
    const item = preMove[CHECKLIST_PAGE_SIZE + 1]!;
    assert.equal(pageOfItem(big, item.id), 1);
    assert.ok(checklistCardView(big, { ...base, phase: 'pre-move', page: 1 }).items.some((i) => i.itemId === item.id));
  });

  it('fits every page of every phase in the budget, from one environment to fifty (sizes printed)', function () {
    this.timeout(60_000);
    const figures: string[] = [];
    for (const n of [1, 5, 20, 50]) {
      let c = checklistFor({
        ...PROFILE,
        environments: Array.from({ length: n }, (_, i) => ({
          name: `Contoso Production Environment With A Long Name ${i}`, type: 'production', solutions: [...SOLUTION_IDS],
        })),
      });
      // Half ticked, so "Done by" lines are there too.
      c.items.filter((_, i) => i % 2 === 0).forEach((item) => { c = tick(c, item.id); });
      let largest = 0;
      for (const phase of CHECKLIST_PHASES) {
        const pages = Math.max(1, Math.ceil(c.items.filter((i) => i.phase === phase).length / CHECKLIST_PAGE_SIZE));
        for (let page = 0; page < pages; page++) {
          const fitted = fitChecklistCard(c, { ...base, phase, page });
          assert.ok(fitted.bytes <= CHECKLIST_CARD_BUDGET, `${n} environments, ${phase} page ${page}: ${fitted.bytes} bytes`);
          largest = Math.max(largest, fitted.bytes);
        }
      }
      figures.push(`${n} env: ${c.items.length} items, largest card ${largest} UTF-16 bytes`);
    }
    const sample = renderCard('checklist', checklistCardView(checklistFor(PROFILE), base));
    assert.deepEqual(validateCard(sample), []);
    console.log(`      checklist card sizes (budget ${CHECKLIST_CARD_BUDGET}): ${figures.join('; ')}`);
  });

  it('halves the page size until an oversized page fits, keeping the viewer on the same items', () => {
    const c = checklistFor(PROFILE);
    const full = fitChecklistCard(c, { ...base, phase: 'pre-move' });
    const small = fitChecklistCard(c, { ...base, phase: 'pre-move', page: 0 }, Math.floor(full.bytes * 0.8));
    assert.ok(small.pageSize < CHECKLIST_PAGE_SIZE);
    assert.ok(small.bytes <= Math.floor(full.bytes * 0.8));
    assert.equal(small.view.pageSize, small.pageSize);
    assert.equal(cardUtf16Bytes(small.card), small.bytes);
  });
});
