import assert from 'node:assert/strict';
import {
  applyStatusChange, changeSummary, createMigration, describeStatus, nextStep, STATUS_PHASES, type MigrationStatus,
  type StatusResult,
} from '../../../src/domain/status/index.js';

const t0 = new Date('2026-12-01T09:00:00Z');

function ok(result: StatusResult): Extract<StatusResult, { ok: true }> {
  assert.equal(result.ok, true, JSON.stringify(result));
  return result as Extract<StatusResult, { ok: true }>;
}

function tracked(phase = 'submitted'): MigrationStatus {
  return ok(createMigration({
    id: 'm-1', name: 'Contoso Sales move', environment: 'Contoso Sales', sourceTenant: 'contoso.onmicrosoft.com',
    destinationTenant: 'fabrikam.onmicrosoft.com', phase, by: { name: 'Ana Lopez', id: '29:ana' }, via: 'person', at: t0,
  })).migration;
}

describe('status: describeStatus', () => {
  it('shows the badge, flow steps, next step with owner and deadline, buttons and the as-of time', () => {
    const view = describeStatus(tracked('awaiting-approval'), new Date('2026-12-02T10:15:30Z'));
    assert.deepEqual(view.badge, { text: 'Awaiting destination approval', colour: 'Warning', colourName: 'amber' });
    assert.deepEqual(view.steps.map((s) => s.state), ['current', 'upcoming', 'upcoming', 'upcoming', 'upcoming', 'upcoming']);
    assert.equal(view.next?.owner, 'destination-admin');
    assert.equal(view.next?.ownerLabel, 'Destination admin');
    assert.equal(view.next?.dueAt, '2026-12-08T09:00:00.000Z');
    assert.match(view.next!.text, /Approve or reject the move request for Contoso Sales in fabrikam\.onmicrosoft\.com .* before 2026-12-08 09:00 UTC\./);
    assert.deepEqual(view.deadlines.map((d) => [d.kind, d.timeLeft]), [['approval-expiry', '5 days 22 hours left']]);
    assert.deepEqual(view.actions, [{ phase: 'approved', label: 'Approved' }, { phase: 'cancelled', label: 'Cancel migration' }]);
    assert.deepEqual(view.lastChange, {
      phase: 'awaiting-approval', from: null, by: 'Ana Lopez', via: 'person', at: '2026-12-01T09:00:00.000Z',
      atText: '2026-12-01 09:00 UTC', note: null,
    });
    assert.equal(view.asOf, '2026-12-02T10:15:30.000Z');
    assert.equal(view.asOfText, '2026-12-02 10:15 UTC');
    assert.equal(view.sourceTenant, 'contoso.onmicrosoft.com');
    assert.deepEqual(JSON.parse(JSON.stringify(view)), view);
  });

  it('marks the step a failed migration stopped at', () => {
    let m = tracked('validation-passed');
    m = ok(applyStatusChange(m, { phase: 'migrating', by: { name: 'p' }, via: 'automation', at: new Date('2026-12-02T09:00:00Z') })).migration;
    m = ok(applyStatusChange(m, { phase: 'failed', by: { name: 'p' }, via: 'automation', at: new Date('2026-12-02T10:00:00Z') })).migration;
    const view = describeStatus(m, new Date('2026-12-02T11:00:00Z'));
    assert.deepEqual(view.steps.map((s) => s.state), ['done', 'done', 'stopped', 'upcoming', 'upcoming', 'upcoming']);
    assert.deepEqual(view.badge, { text: 'Failed', colour: 'Attention', colourName: 'red' });
    assert.match(view.next!.text, /Find out why Contoso Sales failed at Moving/);
    assert.deepEqual(view.actions.map((a) => a.phase), ['migrating', 'submitted', 'cancelled']);
    assert.deepEqual(view.deadlines, []);
  });

  it('shows every step done and no next step once completed', () => {
    const post = describeStatus(tracked('post-migration'), t0);
    assert.deepEqual(post.steps.map((s) => s.state), ['done', 'done', 'done', 'done', 'current', 'upcoming']);
    const done = ok(applyStatusChange(tracked('post-migration'), { phase: 'completed', by: { name: 'p' }, via: 'person', at: t0 })).migration;
    const finished = describeStatus(done, t0);
    assert.ok(finished.steps.every((s) => s.state === 'done'));
    assert.equal(finished.next, null);
    assert.deepEqual(finished.actions, []);
  });

  it('has a next step with an owner for every phase except the final ones', () => {
    for (const phase of STATUS_PHASES) {
      const m: MigrationStatus = { ...tracked(), phase, stoppedAt: phase === 'failed' ? 'validating' : null };
      const next = nextStep(m, t0);
      if (phase === 'completed' || phase === 'cancelled') assert.equal(next, null, phase);
      else {
        assert.ok(next && next.text.length > 0 && next.ownerLabel.length > 0, phase);
        assert.doesNotMatch(next.text, /undefined|null/, phase);
      }
    }
  });

  it('falls back to plain words when the tenants are unknown', () => {
    const m = ok(createMigration({ id: 'm-2', name: 'Finance move', by: { name: 'Ana' }, via: 'person', at: t0 })).migration;
    const view = describeStatus(m, t0);
    assert.match(view.next!.text, /for Finance move in the destination tenant/);
  });
});

describe('status: changeSummary', () => {
  it('writes one line per change for the thread', () => {
    const m = tracked();
    const result = ok(applyStatusChange(m, {
      phase: 'approved', note: 'approved in Review moves', by: { name: 'Ben Okafor' }, via: 'person', at: new Date('2026-12-02T08:00:00Z'),
    }));
    assert.equal(changeSummary(result.migration, result.change!),
      'Contoso Sales move: Approved (was Request submitted), by Ben Okafor (person) at 2026-12-02 08:00 UTC. Note: approved in Review moves');
    assert.equal(changeSummary(m, m.lastChange), 'Tracking Contoso Sales move from Request submitted, by Ana Lopez (person) at 2026-12-01 09:00 UTC.');
  });
});
