import assert from 'node:assert/strict';
import { buildPlan, type PlanInput } from '../../../src/domain/plan/index.js';
import type { IdentityMapSummary } from '../../../src/domain/identity/index.js';
import { assessment, finding } from './fixtures.js';

const migration: PlanInput['migration'] = {
  id: 'm-abc12345', name: 'Contoso to Fabrikam', sourceTenant: 'contoso.onmicrosoft.com', destinationTenant: 'fabrikam.onmicrosoft.com', phase: null,
};

function identity(counts: Partial<IdentityMapSummary['counts']> = {}, errors = 0): IdentityMapSummary {
  return {
    fileName: 'people.csv', layout: 'identity-map', readable: true,
    counts: { people: 10, environments: 10, mailboxes: 10, onedrive: 0, ...counts },
    errors, warnings: 0, problemCounts: errors > 0 ? [{ checkId: 'map-dup-source', severity: 'error', count: errors }] : [],
  };
}

const order = (plan: ReturnType<typeof buildPlan>): string[] => plan.steps.map((s) => s.id);
const edgeIds = (plan: ReturnType<typeof buildPlan>): string[] => plan.edges.map((e) => `${e.from} -> ${e.to}`);
const before = (ids: string[], a: string, b: string): boolean => ids.indexOf(a) >= 0 && ids.indexOf(a) < ids.indexOf(b);

describe('migration plan: ordering rules from the findings', () => {
  it('a plain environment: identities first, then the move, then the System Administrator role', () => {
    const plan = buildPlan({ migration, assessments: [{ id: 'a-1', assessment: assessment({ Sales: [['mapping-file-required', 'info']] }) }] });
    assert.deepEqual(order(plan), ['identity-create', 'identity-map', 'env-move:sales', 'sysadmin:sales']);
    assert.deepEqual(edgeIds(plan), [
      'identity-create -> identity-map', 'identity-create -> env-move:sales', 'identity-map -> env-move:sales', 'env-move:sales -> sysadmin:sales',
    ]);
    const mapEdge = plan.edges.find((e) => e.from === 'identity-map')!;
    assert.deepEqual(mapEdge.ruleIds, ['mapping-file-required']);
    assert.equal(mapEdge.source, 'https://learn.microsoft.com/power-platform/admin/move-environment-tenant');
    assert.equal(mapEdge.sourceDate, '2026-02-13');
    assert.equal(plan.steps[2].ownerText, 'Source admin (contoso.onmicrosoft.com)');
    assert.equal(plan.steps[3].ownerText, 'Destination admin (fabrikam.onmicrosoft.com)');
    assert.equal(plan.steps[0].state, 'ready');
    assert.equal(plan.steps[2].state, 'waiting');
    assert.equal(plan.workstreams.find((w) => w.id === 'identities')!.status, 'not-checked');
    assert.equal(plan.workstreams.some((w) => w.id === 'mailboxes' || w.id === 'apps-flows' || w.id === 'onedrive'), false);
  });

  it('mail features used: mailboxes before the environment move; without a mailbox check, the check comes first', () => {
    const a = assessment({ Sales: [['sol-mailboxes', 'action']], Ops: [] });
    const unchecked = buildPlan({ migration, assessments: [{ id: 'a-1', assessment: a }] });
    assert.ok(edgeIds(unchecked).includes('mailbox-check -> env-move:sales'));
    assert.ok(!edgeIds(unchecked).includes('mailbox-check -> env-move:ops'), 'only the environment that uses mail waits');
    assert.deepEqual(unchecked.workstreams.find((w) => w.id === 'mailboxes')!.waitsFor, ['the mailbox-move readiness check']);

    const plan = buildPlan({ migration, assessments: [{ id: 'a-1', assessment: a }], mailbox: { verdict: 'eligible-with-actions', findings: [finding('exo-scope-group-missing', 'action', null)], counts: { mailboxes: 850 } } });
    const ids = order(plan);
    assert.ok(before(ids, 'mailbox-move', 'env-move:sales'));
    assert.ok(before(ids, 'mailbox-prepare', 'mailbox-licence'));
    const e = plan.edges.find((x) => x.from === 'mailbox-move' && x.to === 'env-move:sales')!;
    assert.deepEqual(e.ruleIds, ['sol-mailboxes']);
    assert.match(e.reason, /^Sales uses mail features/);
    assert.equal(plan.workstreams.find((w) => w.id === 'mailboxes')!.countsText, '850 mailboxes, 0 blockers, 1 action, 0 warnings.');
  });

  it('the mailbox workstream shows how many people a clean identity map lists for mailboxes (not from a map with errors)', () => {
    const a = assessment({ Sales: [['sol-mailboxes', 'action']] });
    const summary = (errors: number) => ({
      fileName: 'map.csv', layout: 'identity-map' as const, readable: true, errors, warnings: 0, problemCounts: [],
      counts: { people: 1240, environments: 1240, mailboxes: 1200, onedrive: 0 },
    });
    const mailbox = { verdict: 'eligible' as const, findings: [], counts: { mailboxes: 850 } };
    const checked = buildPlan({ migration, assessments: [{ id: 'a-1', assessment: a }], mailbox, identityMap: summary(0) });
    assert.equal(checked.workstreams.find((w) => w.id === 'mailboxes')!.countsText, '850 mailboxes, 1,200 people listed for mailboxes in the identity map, 0 blockers, 0 actions, 0 warnings.');
    const unchecked = buildPlan({ migration, assessments: [{ id: 'a-1', assessment: a }], identityMap: summary(0) });
    assert.match(unchecked.workstreams.find((w) => w.id === 'mailboxes')!.countsText, /not been checked; 1,200 people listed for mailboxes in the identity map\.$/);
    const withErrors = buildPlan({ migration, assessments: [{ id: 'a-1', assessment: a }], mailbox, identityMap: summary(2) });
    assert.doesNotMatch(withErrors.workstreams.find((w) => w.id === 'mailboxes')!.countsText, /identity map/);
  });

  it('mail features not used: mailboxes and environments are independent', () => {
    const plan = buildPlan({ migration, assessments: [{ id: 'a-1', assessment: assessment({ Sales: [] }) }], mailbox: { verdict: 'eligible', findings: [] } });
    assert.equal(plan.edges.some((e) => e.from.startsWith('mailbox') && e.to.startsWith('env-move')), false);
    assert.ok(plan.edges.some((e) => e.from === 'mailbox-prepare' && e.to === 'mailbox-licence'));
  });

  it('the Exchange licence after ExchangeGuid, naming the finding that shows it went wrong', () => {
    const plan = buildPlan({ migration, assessments: [], mailbox: { verdict: 'eligible-with-actions', findings: [finding('exo-license-before-guid', 'warning', null)] } });
    const e = plan.edges.find((x) => x.to === 'mailbox-licence')!;
    assert.equal(e.from, 'mailbox-prepare');
    assert.deepEqual(e.ruleIds, ['exo-license-before-guid']);
    assert.match(e.reason, /only after ExchangeGuid is stamped.*already reports this \(exo-license-before-guid\)/);
    assert.equal(e.source, 'https://learn.microsoft.com/microsoft-365/enterprise/cross-tenant-mailbox-migration');
    assert.equal(plan.workstreams.some((w) => w.id === 'environments'), false);
  });

  it('holds block the mailbox move, and the plan says why', () => {
    const plan = buildPlan({ migration, assessments: [], mailbox: { verdict: 'not-eligible', findings: [finding('exo-hold', 'blocker', null, { title: 'Mailboxes on hold cannot move' })] } });
    const move = plan.steps.find((s) => s.id === 'mailbox-move')!;
    assert.equal(move.state, 'blocked');
    assert.equal(move.stateReason, 'The mailbox check found 1 blocker: Mailboxes on hold cannot move.');
    assert.equal(plan.workstreams.find((w) => w.id === 'mailboxes')!.status, 'blocked');
  });

  it('apps not in solutions: into a solution before the move; flows turned on after it', () => {
    const a = assessment({ Sales: [['sol-canvas-non-solution-aware', 'action'], ['sol-power-automate', 'action']], Ops: [['sol-canvas-solution-aware', 'action']] });
    const plan = buildPlan({ migration, assessments: [{ id: 'a-1', assessment: a }] });
    const ids = order(plan);
    assert.ok(before(ids, 'apps-prepare:sales', 'env-move:sales'));
    assert.ok(before(ids, 'apps-prepare:ops', 'env-move:ops'));
    assert.ok(before(ids, 'env-move:sales', 'flows-on:sales'));
    assert.equal(ids.includes('flows-on:ops'), false);
    const prep = plan.steps.find((s) => s.id === 'apps-prepare:sales')!;
    assert.equal(prep.ownerText, 'App maker (contoso.onmicrosoft.com)');
    assert.deepEqual(prep.ruleIds, ['sol-canvas-non-solution-aware', 'sol-power-automate']);
    assert.match(plan.edges.find((e) => e.from === 'apps-prepare:sales')!.reason, /cannot be undone/);
    assert.equal(plan.steps.find((s) => s.id === 'flows-on:sales')!.tenant, 'destination');
    assert.equal(plan.workstreams.find((w) => w.id === 'apps-flows')!.countsText, '2 environments with apps or flows to prepare before the move.');
  });

  it('OneDrive in scope: provisioning off right after the users are created, before licences (inferred, and says so)', () => {
    const plan = buildPlan({ migration, assessments: [], mailbox: { verdict: 'eligible', findings: [] }, identityMap: identity({ onedrive: 4 }) });
    const ids = order(plan);
    assert.ok(before(ids, 'identity-create', 'onedrive-provisioning-off'));
    assert.ok(before(ids, 'onedrive-provisioning-off', 'mailbox-licence'));
    const off = plan.edges.find((e) => e.to === 'onedrive-provisioning-off')!;
    assert.equal(off.basis, 'documented');
    assert.equal(off.source, 'https://learn.microsoft.com/microsoft-365/enterprise/migration-orchestrator-2-planning-prerequisites');
    const inferred = plan.edges.find((e) => e.from === 'onedrive-provisioning-off')!;
    assert.equal(inferred.basis, 'inferred');
    assert.match(inferred.reason, /^Microsoft's pages do not say this in so many words; we infer it/);
    const none = buildPlan({ migration, assessments: [], mailbox: { verdict: 'eligible', findings: [] }, identityMap: identity({ onedrive: 0 }) });
    assert.equal(order(none).includes('onedrive-provisioning-off'), false);
  });

  it('no identity map yet vs a map with errors vs a clean map', () => {
    const a = { id: 'a-1', assessment: assessment({ Sales: [] }) };
    const bad = buildPlan({ migration, assessments: [a], identityMap: identity({}, 2) });
    assert.equal(bad.steps.find((s) => s.id === 'identity-map')!.state, 'blocked');
    assert.equal(bad.workstreams[0].status, 'blocked');
    const good = buildPlan({ migration, assessments: [a], identityMap: identity(), doneSteps: ['identity-create'] });
    assert.equal(good.steps.find((s) => s.id === 'identity-map')!.state, 'done');
    assert.equal(good.steps.find((s) => s.id === 'env-move:sales')!.state, 'ready');
    assert.equal(good.workstreams[0].status, 'done');
    assert.equal(good.workstreams.find((w) => w.id === 'environments')!.next!.ownerText, 'Source admin (contoso.onmicrosoft.com)');
  });

  it('blocked environments get no steps and are listed with their blockers; support cases wait for Microsoft', () => {
    const a = assessment({ Dev: [['env-type-unsupported', 'blocker']], Sales: [['region-change', 'support']] });
    const plan = buildPlan({ migration, assessments: [{ id: 'a-1', assessment: a }] });
    assert.deepEqual(plan.excluded, [{ environment: 'Dev', reason: 'env-type-unsupported title' }]);
    assert.equal(order(plan).some((id) => id.endsWith(':dev')), false);
    const move = plan.steps.find((s) => s.id === 'env-move:sales')!;
    assert.equal(move.state, 'blocked');
    assert.equal(move.stateReason, 'Microsoft support must act first: region-change title.');
    assert.equal(plan.workstreams.find((w) => w.id === 'environments')!.countsText, '1 of 2 environments can move; 1 cannot move (Dev).');
  });

  it('a later assessment of an environment replaces the earlier one; a moved environment is done', () => {
    const first = assessment({ Sales: [['env-managed', 'blocker']] });
    const second = assessment({ Sales: [] });
    const plan = buildPlan({ migration: { ...migration, phase: 'migrated', environment: 'Sales' }, assessments: [{ id: 'a-1', assessment: first }, { id: 'a-2', assessment: second }] });
    assert.deepEqual(plan.excluded, []);
    assert.equal(plan.steps.find((s) => s.id === 'env-move:sales')!.state, 'done');
    assert.equal(plan.steps.find((s) => s.id === 'sysadmin:sales')!.state, 'ready');
  });

  it('is deterministic and every edge has a reason, an https source and a date', () => {
    const input: PlanInput = {
      migration,
      assessments: [{ id: 'a-1', assessment: assessment({ 'Sales EU': [['sol-mailboxes', 'action'], ['sol-power-automate', 'action']], 'Sales-EU': [] }) }],
      mailbox: { verdict: 'eligible-with-actions', findings: [finding('exo-license-before-guid', 'warning', null)] },
      identityMap: identity({ onedrive: 3 }),
    };
    const a = buildPlan(input);
    assert.deepEqual(buildPlan(structuredClone(input)), a);
    assert.deepEqual(a.steps.filter((s) => s.id.startsWith('env-move')).map((s) => s.id), ['env-move:sales-eu', 'env-move:sales-eu-2']);
    for (const e of a.edges) {
      assert.ok(e.reason.length > 20);
      assert.match(e.source, /^https:\/\/learn\.microsoft\.com\//);
      assert.match(e.sourceDate, /^\d{4}-\d{2}-\d{2}$/);
    }
    const ids = order(a);
    for (const e of a.edges) assert.ok(before(ids, e.from, e.to), `${e.from} before ${e.to}`);
  });
});
