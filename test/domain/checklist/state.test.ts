import assert from 'node:assert/strict';
import {
  buildChecklist, MAX_APPLIED_ACTION_KEYS, parseChecklistPhase, parseDueArgs, progress, setPhaseDue, toggleItem,
  type Checklist, type ChecklistPhase,
} from '../../../src/domain/checklist/index.js';
import { assessment, finding, profile } from './fixtures.js';

const ana = { id: '29:ana', name: 'Ana Lopez' };
const ben = { id: '29:ben', name: 'Ben Okafor' };
const t1 = new Date('2026-11-02T10:00:00Z');
const t2 = new Date('2026-11-02T11:30:00Z');

function sample(): Checklist {
  const p = profile([{ name: 'Contoso Sales', type: 'production', sandboxCopyTested: false, solutions: ['power-automate'] }], { customerLockbox: true });
  return buildChecklist(p, assessment(p, [
    finding('env-sandbox-rehearsal', 'action', 'Contoso Sales'),
    finding('sol-power-automate', 'action', 'Contoso Sales'),
    finding('lockbox-approval', 'action', null),
  ]));
}

function ok<T extends { ok: boolean }>(result: T): Extract<T, { ok: true }> {
  assert.equal(result.ok, true, JSON.stringify(result));
  return result as Extract<T, { ok: true }>;
}

describe('checklist: toggleItem', () => {
  it('ticks an item once per action key; a retry changes nothing; a new key unticks it', () => {
    const start = sample();
    const first = ok(toggleItem(start, 'pre-move:flows:contoso-sales', ana, t1, 'invoke-1'));
    assert.equal(first.changed, true);
    assert.deepEqual(first.item.done, { by: ana, at: '2026-11-02T10:00:00.000Z' });
    assert.equal(first.checklist.revision, 1);

    const retry = ok(toggleItem(first.checklist, 'pre-move:flows:contoso-sales', ana, t2, 'invoke-1'));
    assert.equal(retry.changed, false);
    assert.equal(retry.checklist, first.checklist);
    assert.deepEqual(retry.item.done, { by: ana, at: '2026-11-02T10:00:00.000Z' });

    const again = ok(toggleItem(retry.checklist, 'pre-move:flows:contoso-sales', ben, t2, 'invoke-2'));
    assert.equal(again.changed, true);
    assert.equal(again.item.done, null);
    assert.equal(again.checklist.revision, 2);
    assert.deepEqual(again.checklist.appliedActionKeys, ['invoke-1', 'invoke-2']);
  });

  it('leaves the input checklist untouched', () => {
    const start = sample();
    const snapshot = JSON.stringify(start);
    ok(toggleItem(start, 'plan:inventory', ana, t1, 'k'));
    assert.equal(JSON.stringify(start), snapshot);
  });

  it('changes only the named item', () => {
    const start = sample();
    const { checklist } = ok(toggleItem(start, 'plan:cutover', ana, t1, 'k'));
    const changed = checklist.items.filter((item, i) => item !== start.items[i]).map((i) => i.id);
    assert.deepEqual(changed, ['plan:cutover']);
  });

  const failures: [string, string, { id: string; name: string }, Date, string, string][] = [
    ['unknown item', 'plan:nothing', ana, t1, 'k', 'unknown-item'],
    ['empty action key', 'plan:inventory', ana, t1, '  ', 'invalid-input'],
    ['over-long action key', 'plan:inventory', ana, t1, 'x'.repeat(201), 'invalid-input'],
    ['invalid time', 'plan:inventory', ana, new Date('nope'), 'k', 'invalid-input'],
    ['nameless person', 'plan:inventory', { id: '29:x', name: ' ' }, t1, 'k', 'invalid-input'],
  ];
  for (const [name, itemId, by, at, key, code] of failures) {
    it(`refuses ${name}`, () => {
      const result = toggleItem(sample(), itemId, by, at, key);
      assert.equal(result.ok, false);
      if (!result.ok) {
        assert.equal(result.code, code);
        assert.doesNotMatch(result.message, /Error|undefined|at \w+ \(/);
      }
    });
  }

  it('remembers a bounded number of action keys, most recent last', () => {
    let checklist = sample();
    for (let i = 0; i < MAX_APPLIED_ACTION_KEYS + 5; i += 1) {
      checklist = ok(toggleItem(checklist, 'plan:inventory', ana, t1, `k${i}`)).checklist;
    }
    assert.equal(checklist.appliedActionKeys.length, MAX_APPLIED_ACTION_KEYS);
    assert.equal(checklist.appliedActionKeys[0], 'k5');
    assert.equal(checklist.appliedActionKeys.at(-1), `k${MAX_APPLIED_ACTION_KEYS + 4}`);
    // An even number of flips plus the odd five: done.
    assert.notEqual(checklist.items.find((i) => i.id === 'plan:inventory')!.done, null);
  });
});

describe('checklist: phases and due dates', () => {
  const phases: [string, ChecklistPhase | null][] = [
    ['pre-move', 'pre-move'], ['Pre move', 'pre-move'], ['PRE_MOVE', 'pre-move'], ['premove', 'pre-move'],
    ['post-move', 'post-move'], ['post', 'post-move'], ['Plan', 'plan'], ['identity', 'identity'],
    ['request', 'request'], ['move', 'move'], ['close', 'close'], ['closing', 'close'],
    ['', null], ['premoov', null], ['cutover', null],
  ];
  for (const [text, expected] of phases) {
    it(`reads ${JSON.stringify(text)} as ${expected ?? 'no phase'}`, () => {
      assert.equal(parseChecklistPhase(text), expected);
    });
  }

  it('sets, replaces and clears a due date, bumping the revision only on change', () => {
    const start = sample();
    const set = ok(setPhaseDue(start, 'Pre move', '2026-12-15'));
    assert.equal(set.phase, 'pre-move');
    assert.deepEqual(set.checklist.due, { 'pre-move': '2026-12-15' });
    assert.equal(set.checklist.revision, 1);
    assert.deepEqual(start.due, {});

    const same = ok(setPhaseDue(set.checklist, 'pre-move', '2026-12-15'));
    assert.equal(same.checklist, set.checklist);

    const moved = ok(setPhaseDue(same.checklist, 'pre-move', '2026-12-20'));
    assert.deepEqual(moved.checklist.due, { 'pre-move': '2026-12-20' });
    assert.equal(moved.checklist.revision, 2);

    const cleared = ok(setPhaseDue(moved.checklist, 'pre-move', null));
    assert.deepEqual(cleared.checklist.due, {});
    assert.equal(cleared.due, null);
  });

  const badDates = ['2026-02-30', '2026-13-01', '15/12/2026', '2026-12-5', 'tomorrow', ''];
  for (const date of badDates) {
    it(`refuses the date ${JSON.stringify(date)} naming the format`, () => {
      const result = setPhaseDue(sample(), 'move', date);
      assert.equal(result.ok, false);
      if (!result.ok) {
        assert.equal(result.code, 'invalid-date');
        assert.match(result.message, /YYYY-MM-DD/);
        assert.match(result.message, /Move/);
      }
    });
  }

  it('refuses an unknown phase, listing the phases', () => {
    const result = setPhaseDue(sample(), 'cutover', '2026-12-15');
    assert.deepEqual(result, {
      ok: false, code: 'unknown-phase',
      message: "'cutover' is not a checklist phase. Use one of: plan, identity, request, pre-move, move, post-move, close.",
    });
  });

  const args: [string, ReturnType<typeof parseDueArgs>][] = [
    ['pre-move 2026-12-15', { ok: true, phase: 'pre-move', date: '2026-12-15' }],
    ['pre move 2026-12-15', { ok: true, phase: 'pre-move', date: '2026-12-15' }],
    ['  Post-Move   2027-01-31 ', { ok: true, phase: 'post-move', date: '2027-01-31' }],
    ['close none', { ok: true, phase: 'close', date: null }],
  ];
  for (const [text, expected] of args) {
    it(`parses "due ${text.trim()}"`, () => assert.deepEqual(parseDueArgs(text), expected));
  }
  const badArgs: [string, RegExp][] = [
    ['', /Which phase and which date/],
    ['pre-move', /Which phase and which date/],
    ['launch 2026-12-15', /'launch' is not a checklist phase/],
    ['pre-move 2026-12-32', /'2026-12-32' is not a date for Pre-move/],
  ];
  for (const [text, message] of badArgs) {
    it(`explains what is wrong with "due ${text}"`, () => {
      const result = parseDueArgs(text);
      assert.equal(result.ok, false);
      if (!result.ok) assert.match(result.message, message);
    });
  }
});

describe('checklist: progress', () => {
  it('counts done items and open blockers overall and per phase', () => {
    let checklist = sample();
    const before = progress(checklist);
    assert.equal(before.total, checklist.items.length);
    assert.equal(before.done, 0);
    // rehearsal, flows into solutions, Lockbox
    assert.equal(before.openBlockers, 3);
    assert.deepEqual(before.perPhase.map((p) => p.phase), ['plan', 'identity', 'request', 'pre-move', 'move', 'post-move', 'close']);
    assert.deepEqual(before.perPhase.map((p) => [p.total, p.openBlockers]), [[4, 1], [2, 0], [2, 0], [2, 2], [1, 0], [5, 0], [2, 0]]);

    checklist = ok(toggleItem(checklist, 'pre-move:lockbox', ana, t1, 'a')).checklist;
    checklist = ok(toggleItem(checklist, 'plan:inventory', ana, t1, 'b')).checklist;
    const after = progress(checklist);
    assert.equal(after.done, 2);
    assert.equal(after.openBlockers, 2);
    const preMove = after.perPhase.find((p) => p.phase === 'pre-move')!;
    assert.deepEqual([preMove.done, preMove.total, preMove.openBlockers], [1, 2, 1]);
    assert.equal(preMove.label, 'Pre-move');
  });

  it('marks a phase overdue only after its due day ends (UTC) with items still open', () => {
    const checklist = ok(setPhaseDue(sample(), 'move', '2026-12-15')).checklist;
    const phase = (now?: Date) => progress(checklist, now).perPhase.find((p) => p.phase === 'move')!;
    assert.equal(phase().due, '2026-12-15');
    assert.equal(phase().overdue, false);
    assert.equal(phase(new Date('2026-12-15T23:59:00Z')).overdue, false);
    assert.equal(phase(new Date('2026-12-16T00:00:00Z')).overdue, true);
    const done = ok(toggleItem(checklist, 'move:run:contoso-sales', ana, t1, 'k')).checklist;
    assert.equal(progress(done, new Date('2026-12-16T00:00:00Z')).perPhase.find((p) => p.phase === 'move')!.overdue, false);
  });
});
