import assert from 'node:assert/strict';
import {
  allowedPhases, canTransition, FLOW_STEPS, nextPhases, PHASE_INFO, parsePhase, retryPhase, splitPhaseAndNote,
  STATUS_PHASES, type StatusPhase,
} from '../../../src/domain/status/index.js';

describe('status: phases', () => {
  it('has exactly the documented phase ids, in order', () => {
    assert.deepEqual([...STATUS_PHASES], [
      'submitted', 'awaiting-approval', 'approved', 'mapping-uploaded', 'validating', 'validation-failed',
      'validation-passed', 'migrating', 'migrated', 'post-migration', 'completed', 'failed', 'cancelled',
    ]);
  });

  it('maps the phases onto the documented flow steps', () => {
    assert.deepEqual(FLOW_STEPS.map((s) => s.label), [
      'Submit request', 'Verify prerequisites', 'Migrate environment', 'User mapping and sync', 'Post migration',
      'Migration completed',
    ]);
    const byStep = Object.fromEntries(FLOW_STEPS.map((s) => [s.id, STATUS_PHASES.filter((p) => PHASE_INFO[p].step === s.id)]));
    assert.deepEqual(byStep, {
      'submit-request': ['submitted', 'awaiting-approval'],
      'verify-prerequisites': ['approved', 'mapping-uploaded', 'validating', 'validation-failed', 'validation-passed'],
      'migrate-environment': ['migrating'],
      'user-mapping-and-sync': ['migrated'],
      'post-migration': ['post-migration'],
      'migration-completed': ['completed'],
    });
    assert.equal(PHASE_INFO.failed.step, null);
    assert.equal(PHASE_INFO.cancelled.step, null);
  });

  it('gives every phase a badge text, a colour and the colour in words', () => {
    const colours: Record<string, string> = { Default: 'grey', Accent: 'blue', Good: 'green', Warning: 'amber', Attention: 'red' };
    for (const phase of STATUS_PHASES) {
      const info = PHASE_INFO[phase];
      assert.ok(info.label.length > 0 && info.actionLabel.length > 0, phase);
      assert.equal(colours[info.colour], info.colourName, phase);
    }
    assert.equal(PHASE_INFO['validation-failed'].colourName, 'red');
    assert.equal(PHASE_INFO.completed.colourName, 'green');
    assert.equal(PHASE_INFO['awaiting-approval'].colourName, 'amber');
  });

  const parses: [string, StatusPhase | null][] = [
    ['submitted', 'submitted'], ['Awaiting Approval', 'awaiting-approval'], ['AWAITING_APPROVAL', 'awaiting-approval'],
    ['  validation   passed ', 'validation-passed'], ['validation-failed', 'validation-failed'],
    ['Mapping uploaded', 'mapping-uploaded'], ['post migration', 'post-migration'], ['post-move', 'post-migration'],
    ['canceled', 'cancelled'], ['Cancelled', 'cancelled'], ['moving', 'migrating'], ['moved', 'migrated'],
    ['done', 'completed'], ['Request submitted', 'submitted'], ['pending approval', 'awaiting-approval'],
    ['validation succeeded', 'validation-passed'], ['', null], ['approve it', null], ['rejected', null], ['migrat', null],
  ];
  for (const [text, expected] of parses) {
    it(`parsePhase(${JSON.stringify(text)}) is ${expected ?? 'null'}`, () => assert.equal(parsePhase(text), expected));
  }

  const splits: [string, ReturnType<typeof splitPhaseAndNote>][] = [
    ['validation passed fixed two addresses', { phase: 'validation-passed', note: 'fixed two addresses' }],
    ['awaiting approval', { phase: 'awaiting-approval', note: null }],
    ['migrating started by Ana', { phase: 'migrating', note: 'started by Ana' }],
    ['post migration steps started', { phase: 'post-migration', note: 'started' }],
    ['nonsense here', null],
  ];
  for (const [text, expected] of splits) {
    it(`splitPhaseAndNote(${JSON.stringify(text)})`, () => assert.deepEqual(splitPhaseAndNote(text), expected));
  }
});

describe('status: transitions', () => {
  const table: [StatusPhase, StatusPhase, boolean, StatusPhase | null][] = [
    ['submitted', 'awaiting-approval', true, null],
    ['submitted', 'approved', true, null],
    ['awaiting-approval', 'submitted', false, null],
    ['approved', 'validating', true, null], // automation may miss short phases
    ['validating', 'validation-failed', true, null],
    ['validation-failed', 'mapping-uploaded', true, null],
    ['validation-failed', 'validating', true, null],
    ['validation-passed', 'validating', true, null],
    ['validation-passed', 'validation-failed', true, null],
    ['validation-passed', 'approved', false, null],
    ['migrating', 'cancelled', true, null], // Cancel move is offered until the move completes
    ['migrating', 'failed', true, null],
    ['migrated', 'cancelled', false, null],
    ['migrated', 'failed', false, null],
    ['migrated', 'migrating', false, null],
    ['post-migration', 'completed', true, null],
    ['completed', 'post-migration', false, null],
    ['cancelled', 'submitted', false, null],
    ['failed', 'migrating', true, 'migrating'],
    ['failed', 'validating', true, 'migrating'],
    ['failed', 'migrating', false, 'validating'],
    ['failed', 'submitted', true, 'awaiting-approval'],
    ['failed', 'cancelled', true, 'validating'],
    ['failed', 'completed', false, 'migrating'],
    ['approved', 'approved', false, null],
  ];
  for (const [from, to, expected, stoppedAt] of table) {
    it(`${from} -> ${to}${stoppedAt ? ` (stopped at ${stoppedAt})` : ''}: ${expected ? 'allowed' : 'refused'}`, () => {
      assert.equal(canTransition(from, to, stoppedAt), expected);
    });
  }

  it('offers only buttons that are allowed transitions', () => {
    for (const phase of STATUS_PHASES) {
      for (const stoppedAt of [null, ...STATUS_PHASES.slice(0, 8)] as (StatusPhase | null)[]) {
        const stop = phase === 'failed' ? stoppedAt : null;
        for (const to of nextPhases(phase, stop)) {
          assert.ok(canTransition(phase, to, stop), `${phase} (${String(stop)}) -> ${to}`);
        }
      }
    }
  });

  const buttons: [StatusPhase, StatusPhase | null, StatusPhase[]][] = [
    ['submitted', null, ['awaiting-approval', 'approved', 'cancelled']],
    ['validating', null, ['validation-passed', 'validation-failed']],
    ['validation-passed', null, ['migrating', 'validating', 'cancelled']],
    ['migrating', null, ['migrated', 'failed']],
    ['completed', null, []],
    ['cancelled', null, []],
    ['failed', 'migrating', ['migrating', 'submitted', 'cancelled']],
    ['failed', 'validation-failed', ['validating', 'submitted', 'cancelled']],
    ['failed', 'awaiting-approval', ['submitted', 'cancelled']],
  ];
  for (const [phase, stoppedAt, expected] of buttons) {
    it(`buttons for ${phase}${stoppedAt ? ` (stopped at ${stoppedAt})` : ''}`, () => {
      assert.deepEqual(nextPhases(phase, stoppedAt), expected);
    });
  }

  it('lists nothing reachable from the final phases', () => {
    assert.deepEqual(allowedPhases('completed'), []);
    assert.deepEqual(allowedPhases('cancelled'), []);
    assert.deepEqual(allowedPhases('post-migration'), ['completed']);
    assert.equal(retryPhase(null), 'submitted');
  });
});

describe('suggestPhase', () => {
  it('finds the phase a typo meant, and nothing for unrelated words', async () => {
    const { suggestPhase } = await import('../../../src/domain/status/phases.js');
    assert.equal(suggestPhase('aproved'), 'approved');
    assert.equal(suggestPhase('validaton passed all good'), 'validation-passed');
    assert.equal(suggestPhase('banana'), null);
  });
});
