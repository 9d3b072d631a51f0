import assert from 'node:assert/strict';
import {
  applyStatusChange, createMigration, deadlines, describeTimeLeft, dueReminders, formatUtc, type MigrationStatus,
  type StatusResult,
} from '../../../src/domain/status/index.js';

const t0 = new Date('2026-12-01T09:00:00Z');
const at = (iso: string): Date => new Date(iso);

function ok(result: StatusResult): MigrationStatus {
  assert.equal(result.ok, true, JSON.stringify(result));
  return (result as Extract<StatusResult, { ok: true }>).migration;
}

function tracked(phase = 'submitted'): MigrationStatus {
  return ok(createMigration({
    id: 'm-1', name: 'Contoso Sales move', environment: 'Contoso Sales', sourceTenant: 'contoso.onmicrosoft.com',
    destinationTenant: 'fabrikam.onmicrosoft.com', phase, by: { name: 'Ana Lopez' }, via: 'person', at: t0,
  }));
}

const move = (m: MigrationStatus, phase: string, when: string): MigrationStatus => ok(applyStatusChange(m, {
  phase, by: { name: 'pipeline' }, via: 'automation', at: at(when),
}));

describe('status: 7-day clocks', () => {
  it('runs the approval clock for 7 days from submission', () => {
    const [d] = deadlines(tracked(), at('2026-12-03T09:00:00Z'));
    assert.deepEqual(d, {
      kind: 'approval-expiry', label: 'Request expires', owner: 'destination-admin',
      startedAt: '2026-12-01T09:00:00.000Z', dueAt: '2026-12-08T09:00:00.000Z', remindAt: '2026-12-07T09:00:00.000Z',
      active: true, expired: false, timeLeft: '5 days left',
    });
  });

  it('stops the approval clock once approved and starts the move clock on validation passed', () => {
    let m = move(tracked(), 'approved', '2026-12-02T09:00:00Z');
    m = move(m, 'validation-passed', '2026-12-04T12:30:00Z');
    const list = deadlines(m, at('2026-12-05T12:30:00Z'));
    assert.deepEqual(list.map((d) => [d.kind, d.active, d.dueAt]), [
      ['approval-expiry', false, '2026-12-08T09:00:00.000Z'],
      ['move-window', true, '2026-12-11T12:30:00.000Z'],
    ]);
    const moving = move(m, 'migrating', '2026-12-06T08:00:00Z');
    assert.ok(deadlines(moving, at('2026-12-06T09:00:00Z')).every((d) => !d.active));
  });

  it('marks an active clock expired at its due time', () => {
    const m = tracked();
    assert.equal(deadlines(m, at('2026-12-08T08:59:59Z'))[0]!.expired, false);
    assert.equal(deadlines(m, at('2026-12-08T09:00:00Z'))[0]!.expired, true);
    assert.equal(deadlines(m, at('2026-12-08T14:00:00Z'))[0]!.timeLeft, 'closed 5 hours ago');
  });
});

describe('status: dueReminders', () => {
  const windows: [string, string, number][] = [
    ['six days in: none yet', '2026-12-07T08:59:59Z', 0],
    ['a day before the request expires: one', '2026-12-07T09:00:00Z', 1],
    ['an hour before: still due (a sender records it once)', '2026-12-08T08:00:00Z', 1],
    ['after expiry: none', '2026-12-08T09:00:00Z', 0],
  ];
  for (const [name, now, count] of windows) {
    it(name, () => assert.equal(dueReminders(tracked(), at(now)).length, count));
  }

  it('gives the same reminder id at every check in the window, naming who must act and by when', () => {
    const first = dueReminders(tracked(), at('2026-12-07T09:00:00Z'));
    const later = dueReminders(tracked(), at('2026-12-07T20:00:00Z'));
    assert.equal(first[0]!.id, later[0]!.id);
    assert.deepEqual({ ...first[0], text: undefined }, {
      id: 'm-1:approval-expiry:2026-12-01T09:00:00.000Z', migrationId: 'm-1', kind: 'approval-expiry',
      owner: 'destination-admin', remindAt: '2026-12-07T09:00:00.000Z', dueAt: '2026-12-08T09:00:00.000Z', text: undefined,
    });
    assert.equal(first[0]!.text, 'Reminder: the move request for Contoso Sales move expires at 2026-12-08 09:00 UTC (1 day left). '
      + 'Destination admin in fabrikam.onmicrosoft.com: approve or reject it before then, or it has to be submitted again.');
  });

  it('reminds before the move window closes, with a new id for a new validation', () => {
    let m = move(tracked('approved'), 'validation-passed', '2026-12-02T10:00:00Z');
    const [r] = dueReminders(m, at('2026-12-08T10:00:00Z'));
    assert.equal(r!.kind, 'move-window');
    assert.equal(r!.owner, 'source-admin');
    assert.match(r!.text, /start the move before 2026-12-09 10:00 UTC \(1 day left\), or validation has to run again/);
    m = move(m, 'validating', '2026-12-08T11:00:00Z');
    assert.deepEqual(dueReminders(m, at('2026-12-08T12:00:00Z')), []);
    m = move(m, 'validation-passed', '2026-12-08T12:00:00Z');
    assert.deepEqual(dueReminders(m, at('2026-12-14T12:00:00Z')).map((x) => x.id), ['m-1:move-window:2026-12-08T12:00:00.000Z']);
    assert.notEqual(r!.id, 'm-1:move-window:2026-12-08T12:00:00.000Z');
  });

  it('sends nothing once the migration left the clock phase', () => {
    const m = move(tracked(), 'approved', '2026-12-07T10:00:00Z');
    assert.deepEqual(dueReminders(m, at('2026-12-07T12:00:00Z')), []);
  });
});

describe('status: time wording', () => {
  const spans: [string, string][] = [
    ['2026-12-01T09:00:00Z', '7 days left'],
    ['2026-12-06T06:00:00Z', '2 days 3 hours left'],
    ['2026-12-08T07:59:00Z', '1 hour 1 minute left'],
    ['2026-12-08T08:59:30Z', 'less than a minute left'],
    ['2026-12-08T09:45:00Z', 'closed 45 minutes ago'],
  ];
  for (const [now, text] of spans) {
    it(`${now}: ${text}`, () => assert.equal(describeTimeLeft('2026-12-08T09:00:00.000Z', at(now)), text));
  }
  it('formats UTC times for cards', () => assert.equal(formatUtc('2026-12-08T09:05:59.000Z'), '2026-12-08 09:05 UTC'));
});
