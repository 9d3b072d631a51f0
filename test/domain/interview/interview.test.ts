import assert from 'node:assert/strict';
import { handle, start, type InterviewState, type Output, type Step } from '../../../src/domain/interview/interview.js';

/** Drives the interview with typed answers; returns the last step. */
function drive(answers: string[], from?: Step): Step {
  let step = from ?? start();
  for (const a of answers) step = handle(step.state, { text: a });
  return step;
}

const lastAsk = (s: Step) => {
  const o = [...s.outputs].reverse().find((x) => x.type === 'ask') as Extract<Output, { type: 'ask' }> | undefined;
  return o?.view;
};
const says = (s: Step) => s.outputs.filter((o): o is Extract<Output, { type: 'say' }> => o.type === 'say').map((o) => o.text).join('\n');

const TENANTS = [
  'contoso.onmicrosoft.com', 'skip', 'Europe', 'commercial', '1,200', 'no',
  'fabrikam.onmicrosoft.com', '66666666-7777-8888-9999-000000000000', 'emea', 'commercial', 'yes', '1 500', '1.5 TB',
];
const ENV1 = ['Contoso Sales', 'prod', 'same', 'y', 'n', 'no', '800 GB', '120', 'no', 'power automate, portals, marketing'];
const ENV2 = ['Contoso Dev', 'developer', 'UK', 'yes', "don't know", 'no', '2 TiB', '15', 'none'];

describe('eligibility interview (pure state machine)', () => {
  it('starts with an introduction and the first question', () => {
    const s = start();
    assert.match(says(s), /help.*back.*skip.*restart.*cancel/s);
    assert.equal(lastAsk(s)?.id, 'source.tenantDomain');
  });

  it('collects a whole profile for one environment, in order, and reviews it', () => {
    const asked: string[] = [];
    let s = start();
    for (const a of [...TENANTS, ...ENV1, 'no', 'yes']) {
      asked.push(lastAsk(s)?.id ?? 'review');
      s = handle(s.state, { text: a });
    }
    assert.deepEqual(asked, [
      'source.tenantDomain', 'source.tenantId', 'source.region', 'source.cloud', 'source.activeLicensedUsers', 'source.customerLockbox',
      'destination.tenantDomain', 'destination.tenantId', 'destination.region', 'destination.cloud', 'destination.paidSubscription',
      'destination.availableLicenses', 'destination.availableStorageGb',
      'env.name', 'env.type', 'env.region', 'env.hasDataverse', 'env.managedEnvironment', 'env.linkedToFinanceAndOperations',
      'env.storageGb', 'env.mappedUsers', 'env.sandboxCopyTested', 'env.solutions', 'env.another', 'destination.marketingLicenses',
    ]);
    const review = s.outputs.find((o) => o.type === 'review');
    assert.ok(review, 'the review follows the last question');
    s = handle(s.state, { text: 'assess' });
    assert.equal(s.ended, 'complete');
    const complete = s.outputs.find((o) => o.type === 'complete') as Extract<Output, { type: 'complete' }>;
    assert.deepEqual(complete.draft, {
      source: { tenantDomain: 'contoso.onmicrosoft.com', region: 'EUR', cloud: 'commercial', activeLicensedUsers: 1200, customerLockbox: false },
      destination: {
        tenantDomain: 'fabrikam.onmicrosoft.com', tenantId: '66666666-7777-8888-9999-000000000000', region: 'EUR', cloud: 'commercial',
        paidSubscription: true, availableLicenses: 1500, availableStorageGb: 1536, marketingLicenses: true,
      },
      environments: [{
        name: 'Contoso Sales', type: 'production', hasDataverse: true, managedEnvironment: false, linkedToFinanceAndOperations: false,
        storageGb: 800, mappedUsers: 120, sandboxCopyTested: false, solutions: ['power-automate', 'power-pages', 'marketing'],
      }],
    });
  });

  it('collects two environments; a non-production one is not asked about a sandbox rehearsal', () => {
    const s = drive([...TENANTS, ...ENV1, 'yes', ...ENV2, 'no', 'no', 'assess']);
    assert.equal(s.ended, 'complete');
    const draft = (s.outputs[0] as Extract<Output, { type: 'complete' }>).draft;
    assert.equal(draft.environments.length, 2);
    assert.deepEqual(draft.environments[1], {
      name: 'Contoso Dev', type: 'developer', region: 'UK', hasDataverse: true, linkedToFinanceAndOperations: false,
      storageGb: 2048, mappedUsers: 15, solutions: [],
    });
    assert.equal('managedEnvironment' in draft.environments[1]!, false, "don't know stays unknown, not false");
    assert.equal(draft.destination.marketingLicenses, false);
  });

  const reasks: Array<[string, string[], string, RegExp]> = [
    ['a domain', [], 'not a domain', /not a domain name/],
    ['a region', ['contoso.com', 'skip'], 'Atlantis', /"Atlantis" is not a Power Platform region; expected one of NA, SAM/],
    ['a GUID', ['contoso.com'], '1234', /not a tenant ID/],
    ['a count', TENANTS.slice(0, 4), 'lots', /"lots" is not a number/],
    ['the same tenant twice', TENANTS.slice(0, 6), 'contoso.onmicrosoft.com', /source tenant too/],
    ['a storage amount', TENANTS.slice(0, 12), '12 bananas', /not an amount of storage/],
    ['an environment type', TENANTS.concat('Contoso Sales'), 'dev', /could be a sandbox or a Developer environment/],
    ['a solution list', TENANTS.concat(ENV1.slice(0, 9)), 'power automate, teleporter', /Not recognised: "teleporter"/],
    ['a duplicate environment name', [...TENANTS, ...ENV1, 'yes'], 'contoso sales', /already named environment 1/],
  ];
  for (const [what, before, bad, reason] of reasks) {
    it(`re-asks ${what} with the reason and an example, keeping earlier answers`, () => {
      const s0 = drive(before);
      const asked = lastAsk(s0)!;
      const s1 = handle(s0.state, { text: bad });
      const again = lastAsk(s1)!;
      assert.equal(again.id, asked.id);
      assert.match(again.reason ?? '', reason);
      assert.ok((again.example ?? '').length > 0);
      assert.deepEqual(s1.state.draft, s0.state.draft);
    });
  }

  it('offers to skip after three wrong answers to the same question, and then accepts skip', () => {
    let s = drive(['contoso.com', 'skip']);
    assert.equal(lastAsk(s)!.id, 'source.region');
    s = handle(s.state, { text: 'skip' });
    assert.match(says(s), /can't be skipped/);
    for (let i = 0; i < 2; i++) s = handle(s.state, { text: 'Mars' });
    assert.equal(lastAsk(s)!.offerSkip, false);
    s = handle(s.state, { text: 'Mars' });
    assert.equal(lastAsk(s)!.offerSkip, true);
    s = handle(s.state, { text: 'skip' });
    assert.equal(lastAsk(s)!.id, 'source.cloud');
    assert.match(says(s), /ask again before the assessment/);
    assert.deepEqual(s.state.skippedRequired, ['source.region|0']);
  });

  it('asks again for a skipped required answer before assessing, then returns to the review', () => {
    let s = drive(['contoso.com', 'skip', 'Mars', 'Mars', 'Mars', 'skip', ...TENANTS.slice(3), ...ENV2, 'no']);
    assert.ok(s.outputs.some((o) => o.type === 'review'));
    s = handle(s.state, { text: 'assess' });
    assert.match(says(s), /still need: Source region/);
    assert.equal(lastAsk(s)!.id, 'source.region');
    s = handle(s.state, { text: 'NA' });
    assert.ok(s.outputs.some((o) => o.type === 'review'));
    s = handle(s.state, { text: 'assess' });
    assert.equal(s.ended, 'complete');
  });

  it('skip and "don\'t know" leave an optional fact unknown', () => {
    const s = drive(['contoso.com', "I don't know"]);
    assert.equal(lastAsk(s)!.id, 'source.region');
    assert.equal('tenantId' in s.state.draft.source, false);
  });

  it('back returns to the previous question, showing the answer given, and keeps it until changed', () => {
    let s = drive(['contoso.com', 'skip', 'EUR']);
    assert.equal(lastAsk(s)!.id, 'source.cloud');
    s = handle(s.state, { text: 'back' });
    assert.equal(lastAsk(s)!.id, 'source.region');
    assert.equal(lastAsk(s)!.current, 'Europe (EUR)');
    assert.equal(s.state.draft.source.region, 'EUR');
    s = handle(s.state, { text: 'UK' });
    assert.equal(s.state.draft.source.region, 'UK');
    assert.equal(lastAsk(s)!.id, 'source.cloud');
  });

  it('back on the first question says so', () => {
    const s = drive(['back']);
    assert.match(says(s), /first question/);
    assert.equal(lastAsk(s)!.id, 'source.tenantDomain');
  });

  it('help explains what is accepted and re-asks the same question', () => {
    const s = drive(['contoso.com', 'skip', 'help']);
    assert.match(says(s), /region code/);
    assert.equal(lastAsk(s)!.id, 'source.region');
  });

  it('cancel says what was discarded', () => {
    const s = drive([...TENANTS, 'Contoso Sales', 'cancel']);
    assert.equal(s.ended, 'cancelled');
    const text = (s.outputs[0] as Extract<Output, { type: 'cancelled' }>).text;
    assert.match(text, /discarded 13 answers/);
    assert.match(text, /contoso\.onmicrosoft\.com to fabrikam\.onmicrosoft\.com/);
    assert.match(text, /1 environment \(Contoso Sales\)/);
  });

  it('restart discards the answers and starts from the first question', () => {
    const s = drive(['contoso.com', 'skip', 'EUR', 'restart']);
    assert.match(says(s), /discarded the 2 answers/);
    assert.equal(lastAsk(s)!.id, 'source.tenantDomain');
    assert.deepEqual(s.state.draft, { source: {}, destination: {}, environments: [] });
  });

  describe('review', () => {
    const reviewed = () => drive([...TENANTS, ...ENV1, 'yes', ...ENV2, 'no', 'no']);

    it('shows every answer grouped by tenant and environment', () => {
      const s = reviewed();
      const r = s.outputs.find((o) => o.type === 'review') as Extract<Output, { type: 'review' }>;
      assert.deepEqual(r.view.sections.map((x) => x.title), [
        'Source tenant: contoso.onmicrosoft.com', 'Destination tenant: fabrikam.onmicrosoft.com',
        'Environment 1: Contoso Sales', 'Environment 2: Contoso Dev', 'Marketing',
      ]);
      const env1 = r.view.sections[2]!.rows;
      assert.deepEqual(env1.find((x) => x.label === 'Storage used'), { key: 'env.storageGb|0', label: 'Storage used', value: '800 GB', missing: false });
      assert.equal(r.view.sections[0]!.rows.find((x) => x.label === 'Source tenant ID')!.value, 'Not known');
    });

    it('"change region" is ambiguous and asks which one', () => {
      const s = handle(reviewed().state, { text: 'change region' });
      assert.match(says(s), /Which one\? \*\*change source region\*\*, or \*\*change destination region\*\*, or \*\*change contoso sales region\*\*, or \*\*change contoso dev region\*\*/);
    });

    it('typed "change destination region" asks that question and returns to the review', () => {
      let s = handle(reviewed().state, { text: 'change destination region' });
      assert.equal(lastAsk(s)!.id, 'destination.region');
      assert.equal(lastAsk(s)!.current, 'Europe (EUR)');
      s = handle(s.state, { text: 'UK' });
      assert.equal(s.state.draft.destination.region, 'UK');
      assert.ok(s.outputs.some((o) => o.type === 'review'));
    });

    it('a change from the card (command + field) works the same', () => {
      let s = handle(reviewed().state, { value: { command: 'change', field: 'env.type|1' } });
      assert.equal(lastAsk(s)!.id, 'env.type');
      assert.equal(lastAsk(s)!.section, 'Environment 2: Contoso Dev');
      s = handle(s.state, { text: 'sandbox' });
      assert.equal(s.state.draft.environments[1]!.type, 'sandbox');
    });

    it('changing a sandbox to production then asks the rehearsal question before the review', () => {
      let s = handle(reviewed().state, { text: 'change contoso dev type' });
      s = handle(s.state, { text: 'production' });
      assert.equal(lastAsk(s)!.id, 'env.sandboxCopyTested');
      s = handle(s.state, { text: 'yes' });
      assert.ok(s.outputs.some((o) => o.type === 'review'));
      assert.equal(s.state.draft.environments[1]!.sandboxCopyTested, true);
    });

    it('add environment and remove <name> work from the review', () => {
      let s = handle(reviewed().state, { text: 'add environment' });
      assert.equal(lastAsk(s)!.id, 'env.name');
      assert.equal(lastAsk(s)!.section, 'Environment 3');
      s = drive(['Contoso UAT', 'sandbox', 'same', 'yes', 'no', 'no', 'skip', 'skip', 'none', 'no'], s);
      assert.ok(s.outputs.some((o) => o.type === 'review'));
      assert.equal(s.state.draft.environments.length, 3);
      s = handle(s.state, { text: 'remove contoso dev' });
      assert.deepEqual(s.state.draft.environments.map((e) => e.name), ['Contoso Sales', 'Contoso UAT']);
    });

    it('an unknown change target is answered with what can be typed', () => {
      const s = handle(reviewed().state, { text: 'change the weather' });
      assert.match(says(s), /couldn't find "the weather"/);
    });
  });

  it('a button from an older question card does not answer the current question', () => {
    let s = drive(['contoso.com', 'skip']);
    assert.equal(lastAsk(s)!.id, 'source.region');
    s = handle(s.state, { value: { answer: 'yes', q: 'source.customerLockbox|0' } });
    assert.match(says(s), /earlier question/);
    assert.equal(s.state.draft.source.region, undefined);
    s = handle(s.state, { value: { answer: 'EUR', q: 'source.region|0' } });
    assert.equal(s.state.draft.source.region, 'EUR');
  });

  it('solutions chosen on the card arrive as a comma list of ids', () => {
    let s = drive([...TENANTS, ...ENV2.slice(0, 8)]);
    assert.equal(lastAsk(s)!.id, 'env.solutions');
    s = handle(s.state, { value: { answer: 'power-automate,mailboxes', q: 'env.solutions|0' } });
    assert.deepEqual(s.state.draft.environments[0]!.solutions, ['power-automate', 'mailboxes']);
  });

  it('answering "no more" after going back drops the environments started after it', () => {
    let s = drive([...TENANTS, ...ENV1, 'yes', 'Contoso Dev', 'back', 'back']);
    assert.equal(lastAsk(s)!.id, 'env.another');
    s = handle(s.state, { text: 'no' });
    assert.match(says(s), /left out Contoso Dev/);
    assert.equal(s.state.draft.environments.length, 1);
  });

  it('state is plain JSON, so a stored position continues after a restart', () => {
    const s = drive(['contoso.com', 'skip']);
    const restored = JSON.parse(JSON.stringify(s.state)) as InterviewState;
    const next = handle(restored, { text: 'Europe' });
    assert.equal(next.state.draft.source.region, 'EUR');
    assert.equal(lastAsk(next)!.id, 'source.cloud');
  });
});

describe('interview: forgiving input', () => {
  it('accepts hedged counts ("about 250 users")', () => {
    const s = drive(['contoso.com', 'skip', 'EUR', 'commercial', 'about 250 users']);
    assert.equal(s.state.draft.source.activeLicensedUsers, 250);
  });

  it('asks about a misspelt onmicrosoft.com domain instead of accepting it', () => {
    const s = drive(['contoso.onmicrsoft.com']);
    assert.equal(lastAsk(s)!.id, 'source.tenantDomain');
    assert.match(lastAsk(s)!.reason!, /did you mean contoso\.onmicrosoft\.com\?/);
  });

  it('suggests the solution a typo was meant to be', () => {
    const s = drive([...TENANTS, ...ENV1.slice(0, 9), 'power automate, portlas']);
    assert.match(lastAsk(s)!.reason!, /"portlas" \(did you mean Power Pages sites\?\)/);
  });

  it('shows an environment region by name in the review', () => {
    const s = drive([...TENANTS, 'Contoso Dev', 'sandbox', 'NA', 'skip', 'skip', 'skip', 'skip', 'skip', 'none', 'no', 'no']);
    const r = s.outputs.find((o) => o.type === 'review') as Extract<Output, { type: 'review' }>;
    assert.equal(r.view.sections[2]!.rows.find((x) => x.label === 'Region')!.value, 'United States (NA)');
  });
});
