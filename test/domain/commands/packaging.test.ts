import assert from 'node:assert/strict';
import { assessInput } from '../../../src/domain/assessment/index.js';
import {
  PACKAGING_KINDS, buildPackagingPlan, packagingForInput, renderPackagingMarkdown, type PackagingPlan,
} from '../../../src/domain/commands/index.js';
import { commercial, env, type Raw } from './support.js';

function packaging(raw: Raw, environment?: string): PackagingPlan {
  const outcome = packagingForInput(raw, { environment });
  if (!outcome.ok) assert.fail(JSON.stringify(outcome.issues));
  return outcome.plan;
}

describe('packaging per environment', () => {
  const all = commercial([env('Sales', { solutions: [...PACKAGING_KINDS, 'marketing'] }), env('Dev', { type: 'developer' })]);

  it('gives one entry per kind the environment lists, in a fixed order, with source and date', () => {
    const plan = packaging(all);
    const sales = plan.environments[0]!;
    assert.deepEqual(sales.entries.map((e) => e.kind), [...PACKAGING_KINDS]);
    for (const entry of sales.entries) {
      assert.match(entry.source, /^https:\/\/learn\.microsoft\.com\//);
      assert.match(entry.sourceDate, /^\d{4}-\d{2}-\d{2}$/);
      assert.ok(entry.who.before && entry.who.after);
      if (entry.basis === 'inferred') assert.match(entry.summary, /^Microsoft's move guide/);
    }
  });

  it('solutions first: the legacy package is only the labelled fallback for canvas apps outside solutions', () => {
    const entries = packaging(all).environments[0]!.entries;
    const withFallback = entries.filter((e) => e.fallback !== null);
    assert.deepEqual(withFallback.map((e) => e.kind), ['canvas-non-solution-aware']);
    const canvas = withFallback[0]!;
    assert.equal(canvas.route, 'solution');
    assert.match(canvas.before[0]!, /custom solution.*cannot be undone/);
    const f = canvas.fallback!;
    assert.equal(f.route, 'legacy-package');
    assert.match(f.label, /^Fallback: legacy export package$/);
    assert.match(f.when, /without Dataverse dependencies/);
    assert.deepEqual(f.who, { export: 'the app\'s owner or a co-owner', import: 'someone with the Environment Maker role in the destination environment' });
    assert.ok(f.steps.includes('Do not edit the downloaded zip.'));
    assert.deepEqual(f.recreate.map((r) => r.split(' ')[0]), ['Custom', 'Connections', 'On-premises', 'Dataverse']);
  });

  it('flows: into a solution before, connection references and turning on (children first) after', () => {
    const flows = packaging(all).environments[0]!.entries.find((e) => e.kind === 'power-automate')!;
    assert.match(flows.before.join(' '), /Add-AdminFlowsToSolution/);
    assert.match(flows.after.join(' '), /connection reference.*Turn the flows on.*child flows before their parents/s);
  });

  it('an environment that cannot move keeps its blockers; unknown solutions are not "none"', () => {
    const plan = packaging(commercial([env('Sales'), env('Dev', { type: 'developer', solutions: ['power-automate'] })]));
    assert.equal(plan.environments[0]!.solutionsKnown, false);
    assert.equal(plan.environments[1]!.canMove, false);
    assert.deepEqual(plan.environments[1]!.blockers.map((b) => b.ruleId), ['env-type-unsupported']);
    const md = renderPackagingMarkdown(plan);
    assert.match(md, /## Dev: cannot move/);
    assert.match(md, /does not list what this environment holds/);
  });

  it('picks one environment', () => {
    const outcome = assessInput(all);
    assert.ok(outcome.ok);
    const one = buildPackagingPlan(outcome.profile, outcome.assessment, { environment: 'DEV' });
    assert.ok(one.ok && one.plan.environments.length === 1 && one.plan.environments[0]!.name === 'Dev');
  });
});
