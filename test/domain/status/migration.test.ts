import assert from 'node:assert/strict';
import {
  applyStatusChange, createMigration, MAX_HISTORY, setMigrationDetails, type MigrationStatus, type NewMigration,
  type StatusChangeRequest, type StatusResult,
} from '../../../src/domain/status/index.js';

const ana = { id: '29:ana', name: 'Ana Lopez' };
const t0 = new Date('2026-12-01T09:00:00Z');
const hours = (n: number): Date => new Date(t0.getTime() + n * 3600_000);

function ok(result: StatusResult): Extract<StatusResult, { ok: true }> {
  assert.equal(result.ok, true, JSON.stringify(result));
  return result as Extract<StatusResult, { ok: true }>;
}

function newMigration(extra: Partial<NewMigration> = {}): MigrationStatus {
  return ok(createMigration({
    id: 'm-1', name: 'Contoso Sales move', environment: 'Contoso Sales',
    sourceTenant: 'contoso.onmicrosoft.com', destinationTenant: 'fabrikam.onmicrosoft.com',
    by: ana, via: 'person', at: t0, ...extra,
  })).migration;
}

function change(phase: string, at: Date, extra: Partial<StatusChangeRequest> = {}): StatusChangeRequest {
  return { phase, by: { name: 'release-pipeline' }, via: 'automation', at, ...extra };
}

describe('status: createMigration', () => {
  it('starts at submitted with the approval clock running and one history entry', () => {
    const m = newMigration();
    assert.equal(m.phase, 'submitted');
    assert.equal(m.submittedAt, '2026-12-01T09:00:00.000Z');
    assert.equal(m.validationPassedAt, null);
    assert.equal(m.revision, 1);
    assert.deepEqual(m.history, [m.lastChange]);
    assert.deepEqual(m.lastChange, {
      revision: 1, phase: 'submitted', from: null, by: { name: 'Ana Lopez', id: '29:ana' }, via: 'person',
      at: '2026-12-01T09:00:00.000Z', note: null,
    });
  });

  it('can start later in the flow, with clocks from the real dates', () => {
    const submitted = newMigration({ phase: 'awaiting approval', submittedAt: new Date('2026-11-29T08:00:00Z') });
    assert.equal(submitted.phase, 'awaiting-approval');
    assert.equal(submitted.submittedAt, '2026-11-29T08:00:00.000Z');
    const passed = newMigration({ phase: 'validation-passed' });
    assert.equal(passed.submittedAt, null);
    assert.equal(passed.validationPassedAt, '2026-12-01T09:00:00.000Z');
  });

  const refusals: [string, Partial<NewMigration>, string, RegExp][] = [
    ['an id with a slash', { id: 'a/b' }, 'invalid-input', /migration id/],
    ['an empty name', { name: '  ' }, 'invalid-input', /name/],
    ['an unknown phase', { phase: 'started' }, 'unknown-phase', /'started' is not a migration phase\. Use one of: submitted, awaiting-approval/],
    ['a final phase', { phase: 'completed' }, 'not-allowed', /cannot start at Completed/],
    ['failed', { phase: 'failed' }, 'not-allowed', /cannot start at Failed/],
    ['no author', { by: { name: '' } }, 'invalid-input', /who made the change/],
    ['an invalid time', { at: new Date('x') }, 'invalid-input', /not a valid date/],
  ];
  for (const [name, extra, code, message] of refusals) {
    it(`refuses ${name}`, () => {
      const result = createMigration({
        id: 'm-1', name: 'Contoso Sales move', by: ana, via: 'person', at: t0, ...extra,
      });
      assert.equal(result.ok, false);
      if (!result.ok) {
        assert.equal(result.code, code);
        assert.match(result.message, message);
      }
    });
  }
});

describe('status: applyStatusChange', () => {
  it('walks the whole flow, recording who, how, when and the note', () => {
    let m = newMigration();
    const steps = ['awaiting-approval', 'approved', 'mapping-uploaded', 'validating', 'validation-passed', 'migrating',
      'migrated', 'post-migration', 'completed'];
    steps.forEach((phase, i) => {
      const result = ok(applyStatusChange(m, change(phase, hours(i + 1), { note: `step ${i + 1}` })));
      assert.equal(result.changed, true);
      assert.deepEqual(result.change, {
        revision: i + 2, phase, from: m.phase, by: { name: 'release-pipeline' }, via: 'automation',
        at: hours(i + 1).toISOString(), note: `step ${i + 1}`,
      });
      m = result.migration;
    });
    assert.equal(m.phase, 'completed');
    assert.equal(m.history.length, 10);
    assert.equal(m.revision, 10);
  });

  it('treats the current phase as no change (a retried button or a polling automation)', () => {
    const m = ok(applyStatusChange(newMigration(), change('approved', hours(1)))).migration;
    const again = ok(applyStatusChange(m, change('Approved', hours(2), { note: 'polled again' })));
    assert.equal(again.changed, false);
    assert.equal(again.change, null);
    assert.equal(again.migration, m);
  });

  it('refuses a move the flow does not have, naming the phases allowed from here', () => {
    const m = ok(applyStatusChange(newMigration(), change('migrated', hours(1)))).migration;
    const result = applyStatusChange(m, change('cancelled', hours(2)));
    assert.deepEqual(result, {
      ok: false, code: 'not-allowed',
      message: 'Contoso Sales move is at Moved; it cannot go to cancelled from there. It can go to: post-migration, completed.',
    });
  });

  it('refuses any change once completed or cancelled', () => {
    const m = ok(applyStatusChange(newMigration(), change('cancelled', hours(1)))).migration;
    const result = applyStatusChange(m, change('submitted', hours(2)));
    assert.equal(result.ok, false);
    if (!result.ok) assert.match(result.message, /is at Cancelled and cannot change any more/);
  });

  it('refuses an unknown phase listing every phase', () => {
    const result = applyStatusChange(newMigration(), change('launched', hours(1)));
    assert.equal(result.ok, false);
    if (!result.ok) {
      assert.equal(result.code, 'unknown-phase');
      assert.match(result.message, /'launched' is not a migration phase\. Use one of: submitted, .*, failed, cancelled\./);
    }
  });

  it('refuses a phase that is not text (a malformed automation body)', () => {
    const result = applyStatusChange(newMigration(), change(42 as unknown as string, hours(1)));
    assert.equal(result.ok, false);
    if (!result.ok) assert.match(result.message, /^Give the phase as text, one of: submitted, /);
  });

  const badInputs: [string, Partial<StatusChangeRequest>, RegExp][] = [
    ['a note over 500 characters', { note: 'x'.repeat(501) }, /501 characters long; keep it to 500/],
    ['no author', { by: { name: ' ' } }, /who made the change/],
    ['an unknown channel', { via: 'email' as 'person' }, /'via' must be person or automation/],
    ['an invalid time', { at: new Date('nope') }, /not a valid date/],
  ];
  for (const [name, extra, message] of badInputs) {
    it(`refuses ${name}`, () => {
      const result = applyStatusChange(newMigration(), change('approved', hours(1), extra));
      assert.equal(result.ok, false);
      if (!result.ok) {
        assert.equal(result.code, 'invalid-input');
        assert.match(result.message, message);
      }
    });
  }

  it('keeps notes and names on one line', () => {
    const result = ok(applyStatusChange(newMigration(), change('approved', hours(1), {
      note: '  approved\nby  the\tboard ', by: { name: ' Ben\r\nOkafor ' },
    })));
    assert.equal(result.change?.note, 'approved by the board');
    assert.equal(result.change?.by.name, 'Ben Okafor');
    const blank = ok(applyStatusChange(newMigration(), change('approved', hours(1), { note: '   ' })));
    assert.equal(blank.change?.note, null);
  });

  it('remembers where a failed migration stopped, and resumes from there', () => {
    let m = newMigration({ phase: 'validation-passed' });
    m = ok(applyStatusChange(m, change('migrating', hours(1)))).migration;
    m = ok(applyStatusChange(m, change('failed', hours(2), { note: 'timeout' }))).migration;
    assert.equal(m.stoppedAt, 'migrating');
    const cancelled = ok(applyStatusChange(m, change('cancelled', hours(3)))).migration;
    assert.equal(cancelled.stoppedAt, 'migrating');
    const retried = ok(applyStatusChange(m, change('migrating', hours(3)))).migration;
    assert.equal(retried.stoppedAt, null);
    assert.equal(retried.phase, 'migrating');
  });

  it('restarts the approval clock only on a new submission', () => {
    let m = newMigration();
    m = ok(applyStatusChange(m, change('awaiting-approval', hours(5)))).migration;
    assert.equal(m.submittedAt, t0.toISOString());
    m = ok(applyStatusChange(m, change('failed', hours(6), { note: 'rejected' }))).migration;
    m = ok(applyStatusChange(m, change('submitted', hours(30)))).migration;
    assert.equal(m.submittedAt, hours(30).toISOString());
  });

  it('opens a new move window on every successful validation', () => {
    let m = newMigration({ phase: 'validating' });
    m = ok(applyStatusChange(m, change('validation-passed', hours(1)))).migration;
    assert.equal(m.validationPassedAt, hours(1).toISOString());
    m = ok(applyStatusChange(m, change('validating', hours(200)))).migration;
    m = ok(applyStatusChange(m, change('validation-passed', hours(201)))).migration;
    assert.equal(m.validationPassedAt, hours(201).toISOString());
  });

  it('bounds the history it keeps', () => {
    let m = newMigration({ phase: 'validating' });
    for (let i = 0; i < MAX_HISTORY + 10; i += 1) {
      m = ok(applyStatusChange(m, change(i % 2 === 0 ? 'validation-failed' : 'validating', hours(i + 1)))).migration;
    }
    assert.equal(m.history.length, MAX_HISTORY);
    assert.deepEqual(m.history.at(-1), m.lastChange);
    assert.equal(m.revision, MAX_HISTORY + 11);
  });

  it('does not modify the migration it is given', () => {
    const m = newMigration();
    const snapshot = JSON.stringify(m);
    ok(applyStatusChange(m, change('approved', hours(1))));
    assert.equal(JSON.stringify(m), snapshot);
  });
});

describe('status: setMigrationDetails', () => {
  it('fills in the tenants of a migration tracked by name, without a history entry', () => {
    const m = ok(createMigration({ id: 'm-2', name: 'Finance move', by: ana, via: 'person', at: t0 })).migration;
    assert.equal(m.sourceTenant, null);
    const result = ok(setMigrationDetails(m, { sourceTenant: 'contoso.onmicrosoft.com', destinationTenant: 'fabrikam.onmicrosoft.com' }));
    assert.equal(result.changed, true);
    assert.equal(result.migration.destinationTenant, 'fabrikam.onmicrosoft.com');
    assert.equal(result.migration.history.length, 1);
    assert.equal(result.migration.revision, 2);
    const same = ok(setMigrationDetails(result.migration, { sourceTenant: 'contoso.onmicrosoft.com' }));
    assert.equal(same.changed, false);
    assert.equal(setMigrationDetails(m, { name: ' ' }).ok, false);
  });
});
