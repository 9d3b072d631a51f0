import assert from 'node:assert/strict';
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { DAY_INDEX_DIRECTORY, LowdbTranscriptStore, type PruneResult } from '../../src/storage/lowdbTranscriptStore.js';
import { scheduleTranscriptPruning } from '../../src/storage/transcriptRetention.js';
import { activity, allActivities } from './transcriptContract.js';
import { makeTempDir, removeDir } from './tempDir.js';

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

describe('transcript retention over the day index (LowdbTranscriptStore)', () => {
  const now = new Date('2025-06-15T12:00:00.000Z');
  let directory: string;
  let store: LowdbTranscriptStore;
  beforeEach(async () => {
    directory = await makeTempDir('retention');
    store = new LowdbTranscriptStore({ directory, now: () => now });
  });
  afterEach(async () => {
    await store.close();
    await removeDir(directory);
  });

  const conversation = (id: string) => ({ id, isGroup: false, conversationType: 'personal', name: '' });
  async function seed(): Promise<void> {
    // 30 conversations entirely expired, 5 with one expired and one kept activity, 5 recent only.
    for (let i = 0; i < 30; i++) await store.logActivity(activity({ conversation: conversation(`old-${i}`), id: `o${i}`, at: '2025-05-01T10:00:00Z' }));
    for (let i = 0; i < 5; i++) {
      await store.logActivity(activity({ conversation: conversation(`mixed-${i}`), id: `m${i}-old`, at: '2025-06-08T11:00:00Z' }));
      await store.logActivity(activity({ conversation: conversation(`mixed-${i}`), id: `m${i}-new`, at: '2025-06-08T13:00:00Z' }));
    }
    for (let i = 0; i < 5; i++) await store.logActivity(activity({ conversation: conversation(`new-${i}`), id: `n${i}`, at: '2025-06-14T10:00:00Z' }));
  }

  async function ids(conversationId: string): Promise<string[]> {
    return (await allActivities(store, 'msteams', conversationId)).map((a) => a.id!);
  }

  it('deletes exactly what is expired, and leaves nothing due for the next pass', async () => {
    await seed();
    assert.deepEqual(await store.pruneOlderThan(7, now), { activitiesDeleted: 35, transcriptsDeleted: 30 });
    assert.deepEqual(await ids('old-3'), []);
    assert.deepEqual(await ids('mixed-2'), ['m2-new']);
    assert.deepEqual(await ids('new-4'), ['n4']);
    assert.equal((await store.listTranscripts('msteams')).items.length, 10);
    // The expired day's markers are gone; the cutoff day's stay (it still holds activities after the cutoff).
    assert.deepEqual((await readdir(path.join(directory, DAY_INDEX_DIRECTORY))).sort(), ['.built', '2025-06-08', '2025-06-14']);
    assert.deepEqual(await store.pruneOlderThan(7, now), { activitiesDeleted: 0, transcriptsDeleted: 0 });
    // A week later the rest expires too.
    assert.deepEqual(await store.pruneOlderThan(7, new Date('2025-06-22T12:00:00Z')), { activitiesDeleted: 10, transcriptsDeleted: 10 });
  });

  it('indexes a data directory written before the index existed, then prunes it', async () => {
    await seed();
    await store.close();
    await rm(path.join(directory, DAY_INDEX_DIRECTORY), { recursive: true });
    store = new LowdbTranscriptStore({ directory, now: () => now });
    assert.deepEqual(await store.pruneOlderThan(7, now), { activitiesDeleted: 35, transcriptsDeleted: 30 });
    assert.equal(await readFile(path.join(directory, DAY_INDEX_DIRECTORY, '.built'), 'utf8'), 'complete');
    assert.deepEqual(await ids('mixed-0'), ['m0-new']);
  });

  it('stops a pass promptly when aborted, and the next pass finishes the work', async () => {
    await seed();
    const abort = new AbortController();
    const pass = store.pruneOlderThan(7, now, { signal: abort.signal });
    abort.abort();
    const partial = await pass;
    assert.ok(partial.transcriptsDeleted < 30, `stopped early: ${JSON.stringify(partial)}`);
    const rest = await store.pruneOlderThan(7, now);
    assert.equal(partial.activitiesDeleted + rest.activitiesDeleted, 35);
    assert.equal(partial.transcriptsDeleted + rest.transcriptsDeleted, 30);
  });

  it('stop() aborts the running pass of a schedule', async () => {
    await seed();
    let seen: AbortSignal | undefined;
    const schedule = scheduleTranscriptPruning(
      { pruneOlderThan: (days, at, options) => { seen = options?.signal; return store.pruneOlderThan(days, now, options); } },
      { retentionDays: 7, intervalMs: 3_600_000 },
    );
    await schedule.stop();
    assert.equal(seen?.aborted, true);
    // Whatever the aborted pass left is found by the next one.
    const rest = await store.pruneOlderThan(7, now);
    assert.ok(rest.transcriptsDeleted <= 30);
    assert.deepEqual(await ids('old-1'), []);
  });

  it('a stale marker (the conversation was forgotten) costs nothing and counts nothing', async () => {
    await store.logActivity(activity({ conversation: conversation('gone'), id: 'g', at: '2025-05-01T10:00:00Z' }));
    await store.deleteTranscript('msteams', 'gone');
    assert.deepEqual(await store.pruneOlderThan(7, now), { activitiesDeleted: 0, transcriptsDeleted: 0 });
  });
});
