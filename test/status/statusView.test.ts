import assert from 'node:assert/strict';
import { STATUS_SET_VERB, statusCardView } from '../../src/cards/statusView.js';
import { renderCard } from '../../src/cards/renderer.js';
import { loadConfig, ConfigError } from '../../src/config.js';
import { applyStatusChange, createMigration, describeStatus, type MigrationStatus, type StatusResult } from '../../src/domain/status/index.js';
import { tokenMatches } from '../../src/services/statusService.js';

const t0 = new Date('2026-12-01T09:00:00Z');

function ok(result: StatusResult): MigrationStatus {
  assert.equal(result.ok, true, JSON.stringify(result));
  return (result as Extract<StatusResult, { ok: true }>).migration;
}

function contoso(phase = 'awaiting-approval'): MigrationStatus {
  return ok(createMigration({
    id: 'm-k7m2q9xd', name: 'Contoso Sales', environment: 'Contoso Sales', sourceTenant: 'contoso.onmicrosoft.com',
    destinationTenant: 'fabrikam.onmicrosoft.com', phase, by: { name: 'Ana Lopez' }, via: 'person', at: t0,
  }));
}

describe('status card view', () => {
  it('shows the badge with a shape and words, the flow steps in words, tenants, who changed it and how', () => {
    const card = statusCardView(describeStatus(contoso(), new Date('2026-12-07T10:15:30.123Z')));
    assert.equal(card.badgeText, '⚠ Awaiting destination approval');
    assert.equal(card.badgeColor, 'Warning');
    assert.deepEqual(card.steps.map((s) => `${s.icon} ${s.label}: ${s.stateText}`), [
      '➜ Submit request: in progress', '○ Verify prerequisites: to do', '○ Migrate environment: to do',
      '○ User mapping and sync: to do', '○ Post migration: to do', '○ Migration completed: to do',
    ]);
    assert.equal(card.subtitle, 'contoso.onmicrosoft.com to fabrikam.onmicrosoft.com');
    assert.equal(card.lastChangeText, 'Tracking started at Awaiting destination approval by Ana Lopez (a person) at 2026-12-01 09:00 UTC.');
    assert.equal(card.nextHeading, 'Next step (Destination admin)');
    // 22 h 44 min left: the clock line turns amber within the last day.
    assert.deepEqual(card.clocks, [{ text: 'Request expires 2026-12-08 09:00 UTC (22 hours 44 minutes left).', color: 'Warning' }]);
    assert.equal(card.asOfText, 'As of 2026-12-07 10:15 UTC ({{DATE(2026-12-07T10:15:30Z, SHORT)}} {{TIME(2026-12-07T10:15:30Z)}} your time).');
  });

  it('offers the next sensible phases as Action.Execute buttons carrying the revision they were drawn at', () => {
    let m = contoso('validation-passed');
    m = ok(applyStatusChange(m, { phase: 'migrating', by: { name: 'pipeline' }, via: 'automation', at: t0 }));
    const card = renderCard('status', statusCardView(describeStatus(m, t0))) as { actions: Array<Record<string, unknown>> };
    assert.deepEqual(card.actions.map((a) => [a.title, a.verb, a.style, a.data]), [
      ['Move finished', STATUS_SET_VERB, 'positive', { migrationId: 'm-k7m2q9xd', phase: 'migrated', revision: 2 }],
      ['Failed', STATUS_SET_VERB, 'destructive', { migrationId: 'm-k7m2q9xd', phase: 'failed', revision: 2 }],
      // The channel status card links to the migration's plan (a typed command, so it works like typing it).
      ['Open plan', undefined, undefined, { typed: 'plan m-k7m2q9xd' }],
    ]);
    assert.match(JSON.stringify(card), /pipeline \(automation\)/);
  });

  it('a finished migration has no buttons and no next step', () => {
    const done = ok(applyStatusChange(contoso('post-migration'), { phase: 'completed', by: { name: 'Ana' }, via: 'person', at: t0 }));
    const card = statusCardView(describeStatus(done, t0));
    assert.deepEqual(card.actions, []);
    assert.equal(card.hasNext, false);
    assert.ok(card.steps.every((s) => s.stateText === 'done'));
    const rendered = renderCard('status', card) as { body: Array<{ text?: string }> };
    assert.ok(!JSON.stringify(rendered).includes('Next step'));
  });
});

describe('status API token and settings', () => {
  it('compares tokens in constant time and never accepts an empty configured token', () => {
    assert.equal(tokenMatches('a'.repeat(32), 'a'.repeat(32)), true);
    assert.equal(tokenMatches('a'.repeat(31), 'a'.repeat(32)), false);
    assert.equal(tokenMatches('', ''), false);
  });

  it('REMINDER_CHECK_SECONDS defaults to 5 minutes, 0 turns the timer off, and bad values are named', () => {
    assert.equal(loadConfig({}).reminderCheckSeconds, 300);
    assert.equal(loadConfig({ REMINDER_CHECK_SECONDS: '0' }).reminderCheckSeconds, 0);
    assert.throws(() => loadConfig({ REMINDER_CHECK_SECONDS: 'often' }), (e: unknown) => e instanceof ConfigError
      && e.problems.some((p) => p.startsWith('REMINDER_CHECK_SECONDS="often" is not valid')));
  });
});
