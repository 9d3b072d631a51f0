import assert from 'node:assert/strict';
import {
  MAILBOX_QUESTIONNAIRE as QN, assessMailboxInput, mailboxDraftToInput, type MailboxDraft,
} from '../../../src/domain/mailbox/index.js';
import {
  handleFlat, isFlatState, startFlat, type FlatOutput, type FlatStep,
} from '../../../src/domain/interview/flatInterview.js';

type Step = FlatStep<MailboxDraft>;
const drive = (answers: string[], from?: Step): Step => {
  let step = from ?? startFlat(QN);
  for (const a of answers) step = handleFlat(QN, step.state, { text: a });
  return step;
};
const lastAsk = (s: Step) => ([...s.outputs].reverse().find((o) => o.type === 'ask') as Extract<FlatOutput<MailboxDraft>, { type: 'ask' }> | undefined)?.view;
const says = (s: Step) => s.outputs.filter((o): o is Extract<FlatOutput<MailboxDraft>, { type: 'say' }> => o.type === 'say').map((o) => o.text).join('\n');
const review = (s: Step) => (s.outputs.find((o) => o.type === 'review') as Extract<FlatOutput<MailboxDraft>, { type: 'review' }> | undefined)?.view;

const ANSWERS = [
  'contoso.onmicrosoft.com', '11111111-2222-3333-4444-555555555555', 'commercial', 'contoso.com', 'no',
  'fabrikam', '66666666-7777-8888-9999-000000000000', 'skip', 'fabrikam.com, fabrikam.co.uk', 'no',
  '850 mailboxes', 'yes', '600', '0', 'no',
  'T2T movers', 'no', '850',
  'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee', 'no', 'no', 'partly', 'no', 'yes',
  '500', 'no',
];

describe('mailbox-move interview (flat state machine)', () => {
  it('asks every question in order, reviews, and completes with a draft that assesses', () => {
    const asked: string[] = [];
    let s = startFlat(QN);
    assert.match(says(s), /help.*back.*skip.*restart.*cancel/s);
    for (const a of ANSWERS) {
      asked.push(lastAsk(s)!.id);
      s = handleFlat(QN, s.state, { text: a });
    }
    assert.deepEqual(asked, [
      'source.initialDomain', 'source.tenantId', 'source.cloud', 'source.domains', 'source.hybrid',
      'target.initialDomain', 'target.tenantId', 'target.cloud', 'target.domains', 'target.hybrid',
      'mailboxes', 'holds', 'migrationLicences', 'maxAuxArchives', 'autoExpandingArchives',
      'scopeGroupName', 'scopeGroupNested', 'scopeGroupMembers',
      'appId', 'consentedInSource', 'previousMailboxes', 'targetMailUsers', 'licencesBeforeGuid', 'target.dehydrated',
      'batchSize', 'moveBack',
    ]);
    const view = review(s);
    assert.ok(view);
    assert.deepEqual(view.sections.map((x) => x.title), ['Source tenant: contoso.onmicrosoft.com', 'Target tenant: fabrikam.onmicrosoft.com', 'Mailboxes', 'Source setup', 'Target setup', 'Plan']);
    s = handleFlat(QN, s.state, { text: 'check' });
    assert.equal(s.ended, 'complete');
    const draft = (s.outputs[0] as Extract<FlatOutput<MailboxDraft>, { type: 'complete' }>).draft;
    const outcome = assessMailboxInput(mailboxDraftToInput(draft));
    assert.ok(outcome.ok, JSON.stringify(!outcome.ok && outcome.issues));
    assert.equal(outcome.readiness.verdict, 'not-eligible');
    assert.deepEqual(outcome.profile.scopeGroup, { name: 'T2T movers', nested: false, members: 850 });
    assert.equal(outcome.profile.target.initialDomain, 'fabrikam.onmicrosoft.com');
    assert.equal(outcome.profile.target.dehydrated, true);
    assert.ok(!('cloud' in draft.target), 'a skipped fact stays unknown');
  });

  it('re-asks with the reason after a wrong answer, and offers skip after three', () => {
    let s = drive(['contoso.com']);
    assert.match(lastAsk(s)!.reason!, /custom domain.*initial domain/);
    s = drive(['not a domain!', 'ada@@x'], s);
    assert.equal(lastAsk(s)!.offerSkip, true);
    s = drive(['skip'], s);
    assert.equal(lastAsk(s)!.id, 'source.tenantId');
    assert.match(says(s), /ask again before the check/);
  });

  it('a required question cannot be skipped at once', () => {
    const s = drive(['skip']);
    assert.match(says(s), /can't be skipped/);
    assert.equal(lastAsk(s)!.id, 'source.initialDomain');
  });

  it('help, back and a stale card', () => {
    let s = drive(['contoso']);
    s = handleFlat(QN, s.state, { text: 'help' });
    assert.match(says(s), /I accept a GUID/);
    s = handleFlat(QN, s.state, { text: 'back' });
    assert.equal(lastAsk(s)!.id, 'source.initialDomain');
    assert.equal(lastAsk(s)!.current, 'contoso.onmicrosoft.com');
    s = handleFlat(QN, s.state, { value: { q: 'mailboxes|0', answer: '5' } });
    assert.match(says(s), /earlier question/);
  });

  it('cancel says what was discarded; restart starts again', () => {
    const s = drive(['contoso', '11111111-2222-3333-4444-555555555555']);
    const cancelled = handleFlat(QN, s.state, { text: 'cancel' });
    assert.equal(cancelled.ended, 'cancelled');
    assert.match((cancelled.outputs[0] as { text: string }).text, /discarded 2 answers.*mailbox move/);
    const restarted = handleFlat(QN, s.state, { text: 'start over' });
    assert.equal(lastAsk(restarted)!.id, 'source.initialDomain');
    assert.match(says(restarted), /discarded the 2 answers/);
  });

  it('change from the review returns to the review; a newly applicable question is asked first', () => {
    const answers = [...ANSWERS];
    answers[15] = 'skip'; // no scope group yet: its follow-ups do not apply
    let s = drive(answers.filter((_, i) => i !== 16 && i !== 17));
    assert.ok(review(s));
    s = handleFlat(QN, s.state, { text: 'change scope group' });
    assert.equal(lastAsk(s)!.id, 'scopeGroupName');
    s = handleFlat(QN, s.state, { text: 'Movers' });
    assert.equal(lastAsk(s)!.id, 'scopeGroupNested');
    s = handleFlat(QN, s.state, { text: 'no' });
    assert.equal(lastAsk(s)!.id, 'scopeGroupMembers');
    s = handleFlat(QN, s.state, { text: '12' });
    assert.ok(review(s));
    s = handleFlat(QN, s.state, { value: { command: 'change', field: 'batchSize|0' } });
    assert.equal(lastAsk(s)!.id, 'batchSize');
    s = handleFlat(QN, s.state, { text: '2500' });
    assert.ok(review(s));
  });

  it('the state is plain JSON: an interview resumes where it was after a restart', () => {
    const s = drive(ANSWERS.slice(0, 7));
    const stored = JSON.parse(JSON.stringify(s.state));
    assert.ok(isFlatState(stored, QN.kind));
    assert.equal(isFlatState(stored, 'other'), false);
    const resumed = handleFlat(QN, stored as typeof s.state, { text: 'skip' });
    assert.equal(lastAsk(resumed)!.id, 'target.domains');
    assert.equal(resumed.state.draft.source.initialDomain, 'contoso.onmicrosoft.com');
  });

  it('a secret-looking answer to the app question is refused, not stored', () => {
    const s = drive([...ANSWERS.slice(0, 18), 'abc~Q8Q~secretvalue']);
    assert.equal(lastAsk(s)!.id, 'appId');
    assert.ok(!JSON.stringify(s.state).includes('secretvalue'));
  });
});
