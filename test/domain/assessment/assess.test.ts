import assert from 'node:assert/strict';
import {
  MARKETING_STATE_IDS, SEVERITIES, VERDICTS, assess, compareFindings, verdictFor, worstVerdict,
  type Severity, type Verdict,
} from '../../../src/domain/assessment/index.js';
import { baseProfile, environment, profileWith, run } from './fixtures.js';

describe('verdicts', () => {
  const table: Array<[Severity[], Verdict]> = [
    [[], 'eligible'],
    [['info'], 'eligible'],
    [['warning'], 'eligible-with-actions'],
    [['action', 'info'], 'eligible-with-actions'],
    [['support', 'action', 'warning'], 'support-required'],
    [['blocker'], 'not-eligible'],
    [['info', 'warning', 'action', 'support', 'blocker'], 'not-eligible'],
  ];
  for (const [severities, verdict] of table) {
    it(`[${severities.join(', ')}] -> ${verdict}`, () => assert.equal(verdictFor(severities), verdict));
  }

  it('the overall verdict is the worst environment verdict', () => {
    assert.equal(worstVerdict(['eligible', 'support-required', 'eligible-with-actions']), 'support-required');
    assert.equal(worstVerdict(['eligible']), 'eligible');
    for (const verdict of VERDICTS) assert.equal(worstVerdict(['eligible', verdict]), verdict);
  });

  it('gives each environment its own verdict', () => {
    const { assessment } = run(profileWith((p) => {
      p.destination.region = 'EUR';
      p.environments = [
        environment('Clean', { region: 'EUR' }),
        environment('Flows', { region: 'EUR', solutions: ['power-automate'] }),
        environment('Moving region'),
        environment('Developer', { type: 'developer', region: 'EUR' }),
      ];
    }));
    assert.deepEqual(assessment.environments.map((env) => [env.name, env.verdict]), [
      ['Clean', 'eligible'], ['Flows', 'eligible-with-actions'], ['Moving region', 'support-required'], ['Developer', 'not-eligible'],
    ]);
    assert.equal(assessment.verdict, 'not-eligible');
    assert.equal(assessment.summary, '1 of 4 environments can move as planned; 1 can move after 1 action; 1 needs Microsoft support; 1 cannot move.');
  });

  it('tenant-wide findings bind every environment without being listed under each', () => {
    const { assessment } = run(profileWith((p) => {
      p.destination.tenantDomain = 'contoso.onmicrosoft.com';
      p.environments.push(environment('Second'));
    }));
    assert.deepEqual(assessment.environments.map((env) => env.verdict), ['not-eligible', 'not-eligible']);
    for (const env of assessment.environments) assert.ok(env.findings.every((f) => f.environment === env.name));
    assert.ok(assessment.findings.some((f) => f.ruleId === 'same-tenant' && f.environment === null));
  });
});

describe('assessment', () => {
  it('orders findings by severity, then environment (tenant-wide first), then rule id', () => {
    const { assessment } = run(profileWith((p) => {
      p.source.customerLockbox = true;
      p.destination.tenantId = undefined;
      p.environments = [
        environment('beta', { type: 'developer', solutions: ['mailboxes', 'power-automate', 'omnichannel'] }),
        environment('Alpha', { solutions: ['customer-voice', 'connections'] }),
      ];
    }));
    const sorted = [...assessment.findings].sort(compareFindings);
    assert.deepEqual(assessment.findings, sorted);
    assert.deepEqual(assessment.findings.map((f) => `${f.severity} ${f.environment} ${f.ruleId}`), [
      'blocker beta env-type-unsupported',
      'blocker beta sol-omnichannel',
      'action null lockbox-approval',
      'action null tenant-id-missing',
      'action Alpha sol-connections',
      'action beta sol-mailboxes',
      'action beta sol-power-automate',
      'warning Alpha sol-customer-voice',
      'info null admin-roles',
      'info null backups-not-migrated',
      'info null cutover-downtime',
      'info null integrations-reconfigure',
      'info null post-move-admin-role',
      'info null request-windows',
      'info Alpha mapping-file-required',
    ]);
    for (const env of assessment.environments) assert.deepEqual(env.findings, [...env.findings].sort(compareFindings));
    assert.equal(new Set(SEVERITIES).size, 5);
  });

  it('every finding appears at the top level, environment findings also under their environment', () => {
    const { assessment } = run(profileWith((p) => { p.environments.push(environment('Two', { solutions: ['power-pages'] })); }));
    const underEnvironments = assessment.environments.flatMap((env) => env.findings);
    assert.ok(underEnvironments.every((f) => assessment.findings.includes(f)));
    assert.deepEqual(assessment.findings.filter((f) => f.environment !== null).length, underEnvironments.length);
  });

  it('is deterministic: the same profile gives byte-identical JSON, whatever the input order', () => {
    const raw = profileWith((p) => {
      p.destination.region = 'EUR';
      p.environments = [environment('B', { solutions: ['marketing', 'power-automate'] }), environment('A', { type: 'trial' })];
    });
    const first = JSON.stringify(run(raw).assessment);
    assert.equal(JSON.stringify(run(structuredClone(raw)).assessment), first);
    const reordered = structuredClone(raw);
    reordered.environments.reverse();
    reordered.environments.find((env) => env.name === 'B')!.solutions = ['power-automate', 'marketing'];
    assert.deepEqual(run(reordered).assessment.findings, run(raw).assessment.findings);
  });

  it('does not share state between runs', () => {
    const { profile } = run(profileWith((p) => { p.environments[0].solutions = ['marketing']; }));
    const first = assess(profile);
    first.marketing![0].text = 'changed';
    first.findings[0].title = 'changed';
    assert.notEqual(assess(profile).marketing![0].text, 'changed');
    assert.notEqual(assess(profile).findings[0].title, 'changed');
  });

  it('unknown facts never produce a blocker', () => {
    const { assessment } = run({
      source: { tenantDomain: 'contoso.com', region: 'NA' },
      destination: { tenantDomain: 'fabrikam.com', region: 'NA' },
      environments: [
        { name: 'P', type: 'production', solutions: ['marketing', 'power-automate'] },
        { name: 'S', type: 'sandbox' },
      ],
    });
    assert.deepEqual(assessment.findings.filter((f) => f.severity === 'blocker'), []);
    const confirm = assessment.findings.filter((f) => f.title.startsWith('Confirm')).map((f) => `${f.environment} ${f.ruleId} ${f.severity}`);
    assert.deepEqual(confirm, [
      'P env-finops-linked action', 'P env-managed action', 'P sol-marketing-licenses action',
      'S env-finops-linked action', 'S env-managed action',
    ]);
  });

  it('adds the Marketing state only when an environment has Marketing', () => {
    assert.equal(run(baseProfile()).assessment.marketing, null);
    const { assessment } = run(profileWith((p) => {
      p.environments.push(environment('Journeys', { solutions: ['customer-insights-journeys'] }));
    }));
    assert.deepEqual(assessment.marketing!.map((item) => item.id), [...MARKETING_STATE_IDS]);
    assert.ok(assessment.marketing!.every((item) => item.text.length > 20));
    // Revision 2: the removal of outbound marketing comes first, and no item describes it as still there.
    assert.equal(assessment.marketing![0].id, 'outbound-retired');
    assert.match(assessment.marketing![0].text, /removed on 30 June 2025/);
    assert.ok(assessment.marketing!.slice(1).every((item) => !/lead-scoring|landing page/.test(item.text)));
  });

  it('handles 50 environments, each with its own verdict', () => {
    const { assessment } = run(profileWith((p) => {
      p.environments = Array.from({ length: 50 }, (_, i) => environment(`Env ${i}`, { type: i % 10 === 0 ? 'teams' : 'sandbox' }));
    }));
    assert.equal(assessment.environments.length, 50);
    assert.equal(assessment.environments.filter((env) => env.verdict === 'not-eligible').length, 5);
    assert.equal(assessment.summary, '45 of 50 environments can move as planned; 5 cannot move.');
  });
});

describe('summary', () => {
  const cases: Array<[string, ReturnType<typeof baseProfile>, string]> = [
    ['one clean environment', baseProfile(), 'Contoso Sales can move as planned.'],
    ['two clean environments', profileWith((p) => { p.environments.push(environment('B')); }), 'Both environments can move as planned.'],
    ['three with actions', profileWith((p) => {
      p.destination.tenantId = undefined;
      p.environments.push(environment('B', { solutions: ['power-automate', 'customer-voice'] }), environment('C'));
    }), 'All 3 environments can move after 2 actions, with 1 warning to accept.'],
    ['warnings only', profileWith((p) => { p.environments[0].solutions = ['component-library']; }), 'Contoso Sales can move with 1 warning to accept.'],
    ['none can move', profileWith((p) => { p.environments = [environment('A', { type: 'demo' }), environment('B', { type: 'trial' }), environment('C', { type: 'default' })]; }), 'None of the 3 environments can move.'],
    ['neither can move', profileWith((p) => { p.destination.cloud = 'gcc'; p.environments.push(environment('B')); }), 'Neither environment can move.'],
    ['support for both', profileWith((p) => { p.destination.region = 'EUR'; p.environments.push(environment('B')); }), 'Both environments need Microsoft support.'],
    ['the contract\'s example', profileWith((p) => {
      p.source.customerLockbox = true;
      p.destination.tenantId = undefined;
      p.environments = [environment('Contoso Sales', { solutions: ['power-automate', 'mailboxes'] }), environment('Contoso Dev', { type: 'developer' })];
    }), '1 of 2 environments can move after 4 actions; 1 cannot move.'],
  ];
  for (const [name, profile, summary] of cases) {
    it(name, () => assert.equal(run(profile).assessment.summary, summary));
  }
});

describe('review fixes: China and blocked environments', () => {
  it('a CHN tenant with no cloud given is in the china cloud, so the move is support-only, not self-service', async () => {
    const { assessInput } = await import('../../../src/domain/assessment/index.js');
    const outcome = assessInput({
      source: { tenantDomain: 'contoso.partner.onmschina.cn', region: 'CHN' },
      destination: { tenantDomain: 'fabrikam.partner.onmschina.cn', region: 'CHN', tenantId: '66666666-7777-8888-9999-000000000000' },
      environments: [{ name: 'Sales', type: 'sandbox', managedEnvironment: false, linkedToFinanceAndOperations: false }],
    });
    assert.ok(outcome.ok);
    assert.equal(outcome.profile.source.cloud, 'china');
    assert.ok(outcome.assessment.findings.some((f) => f.ruleId === 'cloud-sovereign'));
    assert.equal(outcome.assessment.verdict, 'support-required');
  });

  it('refuses CHN with another cloud, naming the field', async () => {
    const { assessInput } = await import('../../../src/domain/assessment/index.js');
    const outcome = assessInput({
      source: { tenantDomain: 'contoso.com', region: 'CHN', cloud: 'commercial' },
      destination: { tenantDomain: 'fabrikam.com', region: 'EUR', cloud: 'china' },
      environments: [{ name: 'Sales', type: 'sandbox' }],
    });
    assert.equal(outcome.ok, false);
    if (outcome.ok) return;
    assert.deepEqual(outcome.issues.map((i) => i.path).sort(), ['destination.cloud', 'source.cloud']);
  });

  it('asks no "confirm" questions about an environment that cannot move anyway', async () => {
    const { assessInput } = await import('../../../src/domain/assessment/index.js');
    const outcome = assessInput({
      source: { tenantDomain: 'contoso.com', region: 'EUR' },
      destination: { tenantDomain: 'fabrikam.com', region: 'EUR' },
      environments: [{ name: 'Dev', type: 'developer' }],
    });
    assert.ok(outcome.ok);
    const ids = outcome.assessment.findings.filter((f) => f.environment === 'Dev').map((f) => f.ruleId);
    assert.ok(ids.includes('env-type-unsupported'));
    assert.ok(!ids.includes('env-managed') && !ids.includes('env-finops-linked'), ids.join(', '));
  });
});
