import assert from 'node:assert/strict';
import {
  JOURNAL_MAX_AGE_MS, JOURNAL_MAX_TURNS, JOURNAL_REPLAY_MAX_AGE_MS, JOURNAL_REPLAY_TURNS, withRecord, type JournalRecord,
} from '../../src/bot/turnJournal.js';

const T0 = Date.parse('2026-12-02T08:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();
const record = (id: string, ms: number): JournalRecord => ({
  id, at: at(ms), replies: [{ type: 'message', text: `answer to ${id}` }], invokeResponse: { status: 200, body: { id } },
});

/** Adds records one a second, as turns of one conversation would. */
function journalOf(count: number, startMs = 0): JournalRecord[] {
  let journal: JournalRecord[] = [];
  for (let i = 0; i < count; i++) journal = withRecord(journal, record(`a${i}`, startMs + i * 1000), T0 + startMs + i * 1000);
  return journal;
}

describe('turn journal bounds (withRecord)', () => {
  it(`keeps the replies of the newest ${JOURNAL_REPLAY_TURNS} turns and only the ids of older ones`, () => {
    const journal = journalOf(10);
    assert.equal(journal.length, 10);
    const withReplies = journal.filter((r) => !r.done).map((r) => r.id);
    assert.deepEqual(withReplies, ['a7', 'a8', 'a9']);
    for (const r of journal.slice(0, 7)) assert.deepEqual(r, { id: r.id, at: r.at, done: true });
    assert.deepEqual(journal[9]!.replies, [{ type: 'message', text: 'answer to a9' }]);
    assert.deepEqual(journal[9]!.invokeResponse, { status: 200, body: { id: 'a9' } });
  });

  it(`remembers at most ${JOURNAL_MAX_TURNS} ids`, () => {
    const journal = journalOf(JOURNAL_MAX_TURNS + 5);
    assert.equal(journal.length, JOURNAL_MAX_TURNS);
    assert.equal(journal[0]!.id, 'a5');
  });

  it('drops the replies of a turn older than the replay window even when it is among the newest', () => {
    let journal = withRecord([], record('old', 0), T0);
    journal = withRecord(journal, record('new', JOURNAL_REPLAY_MAX_AGE_MS), T0 + JOURNAL_REPLAY_MAX_AGE_MS);
    assert.deepEqual(journal[0], { id: 'old', at: at(0), done: true });
    assert.ok(journal[1]!.replies);
  });

  it('forgets ids older than a day', () => {
    let journal = withRecord([], record('old', 0), T0);
    journal = withRecord(journal, record('new', JOURNAL_MAX_AGE_MS), T0 + JOURNAL_MAX_AGE_MS);
    assert.deepEqual(journal.map((r) => r.id), ['new']);
  });

  it('replaces a record with the same id', () => {
    let journal = withRecord([], record('a', 0), T0);
    journal = withRecord(journal, { id: 'a', at: at(1000), replies: [] }, T0 + 1000);
    assert.equal(journal.length, 1);
    assert.deepEqual(journal[0]!.replies, []);
  });

  it('keeps only the id of a record too large to replay', () => {
    const big: JournalRecord = { id: 'big', at: at(0), replies: [{ type: 'message', text: 'x'.repeat(200 * 1024) }] };
    assert.deepEqual(withRecord([], big, T0), [{ id: 'big', at: at(0), done: true }]);
  });
});
