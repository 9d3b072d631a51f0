import assert from 'node:assert/strict';
import { parsePhaseTime } from '../../../src/domain/reliability/phaseTime.js';

const NOW = new Date('2026-12-02T10:00:00Z');

describe('phase time ("at")', () => {
  it('accepts ISO 8601 with Z or an offset, and reads the offset', () => {
    const z = parsePhaseTime('2026-11-30T14:05:00Z', NOW);
    assert.ok(z.ok && z.at.toISOString() === '2026-11-30T14:05:00.000Z');
    const offset = parsePhaseTime('2026-11-30T15:05+01:00', NOW);
    assert.ok(offset.ok && offset.at.toISOString() === '2026-11-30T14:05:00.000Z');
    const compact = parsePhaseTime('2026-11-30 15:05:00.123+0100', NOW);
    assert.ok(compact.ok && compact.at.toISOString() === '2026-11-30T14:05:00.123Z');
  });

  for (const bad of ['', 'yesterday', '2026-11-30', '2026-11-30T14:05', '2026-02-30T10:00:00Z', '2026-11-30T24:00:00Z', '2026-11-30T10:00:00+15:00', 42, null, `2026-11-30T10:00:00Z${' '.repeat(50)}`]) {
    it(`refuses ${JSON.stringify(bad)} as malformed`, () => {
      const r = parsePhaseTime(bad, NOW);
      assert.ok(!r.ok && r.code === 'malformed');
      assert.match(r.message, /ISO 8601|real date|time zone|date and time/);
    });
  }

  it('refuses the future, tolerating a clock a little ahead (clamped to now)', () => {
    const future = parsePhaseTime('2026-12-02T11:00:00Z', NOW);
    assert.ok(!future.ok && future.code === 'future');
    const slightly = parsePhaseTime('2026-12-02T10:01:00Z', NOW);
    assert.ok(slightly.ok && slightly.at.getTime() === NOW.getTime());
  });

  it('refuses a time more than a year back', () => {
    const old = parsePhaseTime('2025-01-01T00:00:00Z', NOW);
    assert.ok(!old.ok && old.code === 'too-old');
  });
});
