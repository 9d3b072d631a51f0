import assert from 'node:assert/strict';
import type { PruneResult } from '../../src/storage/lowdbTranscriptStore.js';
import { scheduleTranscriptPruning } from '../../src/storage/transcriptRetention.js';

describe('transcript retention schedule', () => {
  it('prunes once at start with the configured days and reports the result', async () => {
    const calls: number[] = [];
    const results: PruneResult[] = [];
    const schedule = scheduleTranscriptPruning(
      { pruneOlderThan: async (days) => { calls.push(days); return { activitiesDeleted: 3, transcriptsDeleted: 1 }; } },
      { retentionDays: 30, intervalMs: 3_600_000, onPruned: (r) => results.push(r) },
    );
    assert.deepEqual(await schedule.runOnce(), { activitiesDeleted: 3, transcriptsDeleted: 1 });
    await schedule.stop();
    assert.deepEqual(calls, [30], 'the start-up run and the explicit run overlapped into one prune');
    assert.equal(results.length, 1);
    assert.equal(await schedule.runOnce(), undefined, 'nothing runs after stop');
  });

  it('hands failures to onError instead of throwing', async () => {
    const errors: unknown[] = [];
    const schedule = scheduleTranscriptPruning(
      { pruneOlderThan: async () => { throw new Error('disk full'); } },
      { retentionDays: 1, intervalMs: 3_600_000, onError: (e) => errors.push(e) },
    );
    await schedule.runOnce();
    await schedule.stop();
    assert.equal(errors.length, 1);
  });

  it('rejects a retention that is not a positive number of days', () => {
    assert.throws(() => scheduleTranscriptPruning({ pruneOlderThan: async () => ({ activitiesDeleted: 0, transcriptsDeleted: 0 }) }, { retentionDays: 0 }), RangeError);
  });
});
