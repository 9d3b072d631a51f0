import assert from 'node:assert/strict';
import {
  DOCS, RULE_IDS, RULES, SEVERITIES, SOLUTION_IDS, lookupSolution, type RuleId, type Severity,
} from '../../../src/domain/assessment/index.js';
import { baseProfile, environment, profileWith, run, type RawProfile } from './fixtures.js';

/** Expected findings of one rule: [environment or null for tenant-wide, severity]. Empty: the rule stays silent. */
type Expected = Array<[string | null, Severity]>;

interface Case {
  name: string;
  profile: RawProfile;
  expect: Expected;
}

const S = 'Contoso Sales';
const sol = (...solutions: string[]) => profileWith((p) => { p.environments[0].solutions = solutions; });
const envFields = (fields: Record<string, unknown>) => profileWith((p) => { Object.assign(p.environments[0], fields); });
const src = (fields: Record<string, unknown>) => profileWith((p) => { Object.assign(p.source, fields); });
const dst = (fields: Record<string, unknown>) => profileWith((p) => { Object.assign(p.destination, fields); });
const both = (fields: Record<string, unknown>) => profileWith((p) => {
  Object.assign(p.source, fields);
  Object.assign(p.destination, fields);
});

/** Rules that fire on every profile: tested for their count instead of a silent case. */
const ALWAYS: ReadonlySet<RuleId> = new Set(['mapping-file-required', 'cutover-downtime', 'backups-not-migrated', 'integrations-reconfigure']);

const CASES: Partial<Record<RuleId, Case[]>> = {
  'same-tenant': [
    { name: 'same domain, other case', profile: dst({ tenantDomain: 'Contoso.OnMicrosoft.com', tenantId: undefined }), expect: [[null, 'blocker']] },
    { name: 'same tenant id, different domains', profile: dst({ tenantId: '11111111-2222-3333-4444-555555555555' }), expect: [[null, 'blocker']] },
    { name: 'different tenants', profile: baseProfile(), expect: [] },
    { name: 'one tenant id unknown, domains differ', profile: src({ tenantId: undefined }), expect: [] },
  ],
  'cloud-mismatch': [
    { name: 'GCC to commercial', profile: src({ cloud: 'gcc' }), expect: [[null, 'blocker']] },
    { name: 'commercial to GCC', profile: dst({ cloud: 'gcc' }), expect: [[null, 'blocker']] },
    { name: 'DoD to GCC High', profile: profileWith((p) => { p.source.cloud = 'dod'; p.destination.cloud = 'gcc-high'; }), expect: [[null, 'blocker']] },
    { name: 'both GCC', profile: both({ cloud: 'gcc' }), expect: [] },
    { name: 'clouds default to commercial', profile: dst({ cloud: 'commercial' }), expect: [] },
  ],
  'cloud-sovereign': [
    { name: 'both GCC High', profile: both({ cloud: 'gcc-high' }), expect: [[null, 'support']] },
    { name: 'both DoD', profile: both({ cloud: 'dod' }), expect: [[null, 'support']] },
    { name: 'both China', profile: both({ cloud: 'china', region: 'CHN' }), expect: [[null, 'support']] },
    { name: 'both GCC', profile: both({ cloud: 'gcc' }), expect: [] },
    { name: 'GCC High to DoD is a mismatch, not this', profile: profileWith((p) => { p.source.cloud = 'gcc-high'; p.destination.cloud = 'dod'; }), expect: [] },
    { name: 'commercial', profile: baseProfile(), expect: [] },
  ],
  'cloud-gcc': [
    { name: 'both GCC', profile: both({ cloud: 'gcc' }), expect: [[null, 'info']] },
    { name: 'GCC to commercial', profile: src({ cloud: 'gcc' }), expect: [] },
    { name: 'commercial', profile: baseProfile(), expect: [] },
  ],
  'tenant-id-missing': [
    { name: 'destination tenant id absent', profile: dst({ tenantId: undefined }), expect: [[null, 'action']] },
    { name: 'destination tenant id null (unknown)', profile: dst({ tenantId: null }), expect: [[null, 'action']] },
    { name: 'destination tenant id given', profile: baseProfile(), expect: [] },
    { name: 'only the source tenant id absent', profile: src({ tenantId: undefined }), expect: [] },
  ],
  'region-change': [
    { name: 'NA environment to a EUR tenant', profile: dst({ region: 'EUR' }), expect: [[S, 'support']] },
    { name: 'environment region overrides the source region', profile: envFields({ region: 'CAN' }), expect: [[S, 'support']] },
    { name: 'same region', profile: baseProfile(), expect: [] },
    { name: 'environment already in the destination region', profile: profileWith((p) => { p.source.region = 'EUR'; p.environments[0].region = 'NA'; }), expect: [] },
    { name: 'China involved: the restricted rule instead', profile: dst({ region: 'CHN' }), expect: [] },
    { name: 'Australia involved: the OCE/IND rule instead', profile: dst({ region: 'OCE' }), expect: [] },
  ],
  'region-change-restricted': [
    { name: 'into China', profile: dst({ region: 'CHN' }), expect: [[S, 'blocker']] },
    { name: 'out of China', profile: envFields({ region: 'CHN' }), expect: [[S, 'blocker']] },
    { name: 'GCC tenants changing region', profile: profileWith((p) => { p.source.cloud = 'gcc'; p.destination.cloud = 'gcc'; p.destination.region = 'CAN'; }), expect: [[S, 'blocker']] },
    { name: 'DoD source changing region', profile: profileWith((p) => { p.source.cloud = 'dod'; p.destination.region = 'EUR'; }), expect: [[S, 'blocker']] },
    { name: 'GCC High, restricted geography too', profile: profileWith((p) => { p.source.cloud = 'gcc-high'; p.destination.cloud = 'gcc-high'; p.destination.region = 'OCE'; }), expect: [[S, 'blocker']] },
    { name: 'commercial region change', profile: dst({ region: 'EUR' }), expect: [] },
    { name: 'GCC, same region', profile: both({ cloud: 'gcc' }), expect: [] },
  ],
  'region-change-oce-ind': [
    { name: 'out of Australia', profile: envFields({ region: 'OCE' }), expect: [[S, 'support']] },
    { name: 'into India', profile: dst({ region: 'IND' }), expect: [[S, 'support']] },
    { name: 'Australia to Australia', profile: both({ region: 'OCE' }), expect: [] },
    { name: 'Australia with a GCC cloud: restricted instead', profile: profileWith((p) => { p.source.cloud = 'gcc'; p.destination.cloud = 'gcc'; p.destination.region = 'OCE'; }), expect: [] },
  ],
  'marketing-same-geo': [
    { name: 'Marketing changing region', profile: profileWith((p) => { p.destination.region = 'EUR'; p.environments[0].solutions = ['marketing']; }), expect: [[S, 'blocker']] },
    { name: 'Marketing, same region', profile: sol('marketing'), expect: [] },
    { name: 'region change without Marketing', profile: dst({ region: 'EUR' }), expect: [] },
  ],
  'env-type-unsupported': [
    ...['default', 'teams', 'trial', 'demo', 'developer'].map((type): Case => ({ name: type, profile: envFields({ type }), expect: [[S, 'blocker']] })),
    { name: 'production', profile: envFields({ type: 'production', sandboxCopyTested: true }), expect: [] },
    { name: 'sandbox', profile: baseProfile(), expect: [] },
  ],
  'env-no-dataverse': [
    { name: 'hasDataverse false', profile: envFields({ hasDataverse: false }), expect: [[S, 'blocker']] },
    { name: 'hasDataverse absent defaults to true', profile: baseProfile(), expect: [] },
    { name: 'hasDataverse true', profile: envFields({ hasDataverse: true }), expect: [] },
  ],
  'env-managed': [
    { name: 'Managed Environment', profile: envFields({ managedEnvironment: true }), expect: [[S, 'blocker']] },
    { name: 'unknown: confirm, never block', profile: envFields({ managedEnvironment: undefined }), expect: [[S, 'action']] },
    { name: 'not managed', profile: baseProfile(), expect: [] },
  ],
  'env-finops-linked': [
    { name: 'linked', profile: envFields({ linkedToFinanceAndOperations: true }), expect: [[S, 'blocker']] },
    { name: 'unknown: confirm, never block', profile: envFields({ linkedToFinanceAndOperations: null }), expect: [[S, 'action']] },
    { name: 'not linked', profile: baseProfile(), expect: [] },
  ],
  'env-sandbox-rehearsal': [
    { name: 'production, no rehearsal', profile: envFields({ type: 'production', sandboxCopyTested: false }), expect: [[S, 'action']] },
    { name: 'production, rehearsal unknown', profile: envFields({ type: 'production' }), expect: [[S, 'action']] },
    { name: 'production, rehearsed', profile: envFields({ type: 'production', sandboxCopyTested: true }), expect: [] },
    { name: 'sandbox', profile: envFields({ sandboxCopyTested: false }), expect: [] },
  ],
  'dst-paid-subscription': [
    { name: 'no paid subscription', profile: dst({ paidSubscription: false }), expect: [[null, 'action']] },
    { name: 'unknown', profile: baseProfile(), expect: [] },
    { name: 'paid', profile: dst({ paidSubscription: true }), expect: [] },
  ],
  'dst-licenses-mapped': [
    { name: '120 mapped, 100 free', profile: profileWith((p) => { p.destination.availableLicenses = 100; p.environments[0].mappedUsers = 120; }), expect: [[null, 'action']] },
    {
      name: 'summed over environments',
      profile: profileWith((p) => {
        p.destination.availableLicenses = 100;
        p.environments = [environment('A', { mappedUsers: 60 }), environment('B', { mappedUsers: 60 })];
      }),
      expect: [[null, 'action']],
    },
    {
      name: 'known files already exceed, one unknown',
      profile: profileWith((p) => {
        p.destination.availableLicenses = 10;
        p.environments = [environment('A', { mappedUsers: 11 }), environment('B')];
      }),
      expect: [[null, 'action']],
    },
    { name: 'exactly enough', profile: profileWith((p) => { p.destination.availableLicenses = 100; p.environments[0].mappedUsers = 100; }), expect: [] },
    { name: 'free licences unknown', profile: envFields({ mappedUsers: 5000 }), expect: [] },
    { name: 'mapped users unknown', profile: dst({ availableLicenses: 0 }), expect: [] },
  ],
  'dst-licenses-active': [
    {
      name: 'fewer seats than active users, mapped fit',
      profile: profileWith((p) => { p.source.activeLicensedUsers = 250; p.destination.availableLicenses = 100; p.environments[0].mappedUsers = 80; }),
      expect: [[null, 'warning']],
    },
    { name: 'mapped users unknown', profile: profileWith((p) => { p.source.activeLicensedUsers = 250; p.destination.availableLicenses = 100; }), expect: [[null, 'warning']] },
    {
      name: 'mapped users do not fit: the mapped rule instead',
      profile: profileWith((p) => { p.source.activeLicensedUsers = 250; p.destination.availableLicenses = 100; p.environments[0].mappedUsers = 120; }),
      expect: [],
    },
    { name: 'active users unknown', profile: dst({ availableLicenses: 1 }), expect: [] },
    { name: 'enough seats', profile: profileWith((p) => { p.source.activeLicensedUsers = 250; p.destination.availableLicenses = 250; }), expect: [] },
  ],
  'dst-storage': [
    {
      name: 'database short, per type',
      profile: profileWith((p) => { p.destination.availableStorageGb = { database: 10, file: 500, log: 10 }; p.environments[0].storageGb = { database: 20, file: 1 }; }),
      expect: [[null, 'action']],
    },
    {
      name: 'totals when the destination gives one number',
      profile: profileWith((p) => { p.destination.availableStorageGb = 100; p.environments[0].storageGb = { database: 60, file: 50 }; }),
      expect: [[null, 'action']],
    },
    {
      name: 'totals when an environment gives one number',
      profile: profileWith((p) => {
        p.destination.availableStorageGb = { database: 10, file: 10, log: 10 };
        p.environments = [environment('A', { storageGb: 25 }), environment('B', { storageGb: { log: 6 } })];
      }),
      expect: [[null, 'action']],
    },
    {
      name: 'per type fits',
      profile: profileWith((p) => { p.destination.availableStorageGb = { database: 50, file: 10, log: 10 }; p.environments[0].storageGb = { database: 40, file: 5 }; }),
      expect: [],
    },
    {
      name: 'the short type is unknown in the destination',
      profile: profileWith((p) => { p.destination.availableStorageGb = { file: 10 }; p.environments[0].storageGb = { database: 400, file: 5 }; }),
      expect: [],
    },
    {
      name: 'destination total unknown (partial object) against a total',
      profile: profileWith((p) => { p.destination.availableStorageGb = { database: 10 }; p.environments[0].storageGb = 400; }),
      expect: [],
    },
    { name: 'destination storage unknown', profile: envFields({ storageGb: 400 }), expect: [] },
    { name: 'environment storage unknown', profile: dst({ availableStorageGb: 0 }), expect: [] },
  ],
  'lockbox-approval': [
    { name: 'Lockbox on', profile: src({ customerLockbox: true }), expect: [[null, 'action']] },
    { name: 'Lockbox off', profile: src({ customerLockbox: false }), expect: [] },
    { name: 'unknown', profile: baseProfile(), expect: [] },
  ],
  'sol-canvas-solution-aware': [{ name: 'listed', profile: sol('canvas-solution-aware'), expect: [[S, 'action']] }],
  'sol-canvas-non-solution-aware': [{ name: 'listed', profile: sol('canvas-non-solution-aware'), expect: [[S, 'action']] }],
  'sol-custom-pages': [{ name: 'listed', profile: sol('custom-pages'), expect: [[S, 'action']] }],
  'sol-component-library': [{ name: 'listed', profile: sol('component-library'), expect: [[S, 'warning']] }],
  'sol-power-automate': [{ name: 'listed', profile: sol('power-automate'), expect: [[S, 'action']] }],
  'sol-connections': [
    { name: 'custom connectors', profile: sol('custom-connectors'), expect: [[S, 'action']] },
    { name: 'all three: one finding', profile: sol('custom-connectors', 'connections', 'gateways'), expect: [[S, 'action']] },
  ],
  'sol-copilot-studio': [
    { name: 'listed', profile: sol('copilot-studio'), expect: [[S, 'action']] },
    { name: 'alias power-virtual-agents', profile: sol('power-virtual-agents'), expect: [[S, 'action']] },
  ],
  'sol-customer-voice': [{ name: 'listed', profile: sol('customer-voice'), expect: [[S, 'warning']] }],
  'sol-power-pages': [
    { name: 'listed', profile: sol('power-pages'), expect: [[S, 'action']] },
    { name: 'alias portals', profile: sol('portals'), expect: [[S, 'action']] },
  ],
  'sol-checker-cafe-x': [
    { name: 'checker', profile: sol('power-apps-checker'), expect: [[S, 'action']] },
    { name: 'both: one finding', profile: sol('power-apps-checker', 'cafe-x'), expect: [[S, 'action']] },
  ],
  'sol-marketing': [
    { name: 'listed', profile: sol('marketing'), expect: [[S, 'support']] },
    { name: 'alias customer-insights-journeys', profile: sol('customer-insights-journeys'), expect: [[S, 'support']] },
  ],
  'sol-marketing-licenses': [
    { name: 'no licences', profile: profileWith((p) => { p.destination.marketingLicenses = false; p.environments[0].solutions = ['marketing']; }), expect: [[S, 'blocker']] },
    { name: 'unknown: confirm, never block', profile: sol('marketing'), expect: [[S, 'action']] },
    { name: 'licences present', profile: profileWith((p) => { p.destination.marketingLicenses = true; p.environments[0].solutions = ['marketing']; }), expect: [] },
    { name: 'no Marketing in the environment', profile: dst({ marketingLicenses: false }), expect: [] },
  ],
  'sol-customer-insights-data': [{ name: 'listed', profile: sol('customer-insights-data'), expect: [[S, 'blocker']] }],
  'sol-omnichannel': [{ name: 'listed', profile: sol('omnichannel'), expect: [[S, 'blocker']] }],
  'sol-mailboxes': [{ name: 'listed', profile: sol('mailboxes'), expect: [[S, 'action']] }],
};

// Every solution rule stays silent when its solution is not listed, even with every other solution present.
for (const rule of RULES) {
  if (!rule.id.startsWith('sol-') || rule.id === 'sol-marketing-licenses') continue; // that one's silent cases are explicit above
  const own = new Set(CASES[rule.id]!.flatMap((c) => (c.profile.environments[0].solutions as string[] | undefined) ?? []).map(lookupSolution));
  const others = SOLUTION_IDS.filter((id) => !own.has(id));
  CASES[rule.id]!.push({ name: 'not listed, every other solution listed', profile: sol(...others), expect: [] });
}

function findingsOf(profile: RawProfile, id: RuleId): Expected {
  return run(profile).assessment.findings
    .filter((finding) => finding.ruleId === id)
    .map((finding): [string | null, Severity] => [finding.environment, finding.severity]);
}

describe('eligibility rules', () => {
  it('the catalogue has exactly one unit per rule id, with a documentation URL and guidance', () => {
    assert.deepEqual(RULES.map((rule) => rule.id).sort(), [...RULE_IDS].sort());
    for (const rule of RULES) {
      assert.ok(SEVERITIES.includes(rule.severity), rule.id);
      assert.match(rule.source, /^https:\/\//, rule.id);
      // Legacy findings cite the older support-path page; current ones cite today's Learn pages.
      if (rule.guidance === 'legacy') assert.equal(rule.source, DOCS.tenantMoveSupportPath, rule.id);
      else assert.match(rule.source, /^https:\/\/learn\.microsoft\.com\//, rule.id);
    }
  });

  it('the base profile gives only the always-on information findings', () => {
    const { assessment } = run(baseProfile());
    assert.deepEqual(assessment.findings.map((f) => f.ruleId).sort(), [...ALWAYS].sort());
    assert.equal(assessment.verdict, 'eligible');
  });

  for (const id of RULE_IDS) {
    describe(id, () => {
      if (ALWAYS.has(id)) {
        it('fires on every profile, once per environment or once per tenant', () => {
          const profile = profileWith((p) => { p.environments = [environment('A'), environment('B'), environment('C')]; });
          const expected: Expected = id === 'mapping-file-required' ? [['A', 'info'], ['B', 'info'], ['C', 'info']] : [[null, 'info']];
          assert.deepEqual(findingsOf(profile, id), expected);
        });
        return;
      }
      const cases = CASES[id] ?? [];
      it('has cases where it fires and where it stays silent', () => {
        assert.ok(cases.some((c) => c.expect.length > 0), `${id}: no firing case`);
        assert.ok(cases.some((c) => c.expect.length === 0), `${id}: no silent case`);
      });
      for (const c of cases) {
        it(`${c.expect.length > 0 ? 'fires' : 'silent'}: ${c.name}`, () => {
          assert.deepEqual(findingsOf(c.profile, id), c.expect);
        });
      }
    });
  }

  it('findings speak about the user\'s own environment and say when only older guidance states them', () => {
    for (const cases of Object.values(CASES)) {
      for (const c of cases ?? []) {
        for (const finding of run(c.profile).assessment.findings) {
          if (finding.environment !== null) assert.ok(finding.detail.includes(finding.environment), `${finding.ruleId}: ${finding.detail}`);
          if (finding.guidance === 'legacy') assert.match(finding.detail, /older/, finding.ruleId);
          assert.ok(finding.title.length > 0 && finding.detail.length > finding.title.length, finding.ruleId);
        }
      }
    }
  });

  it('names the user\'s values: types, regions, domains, counts', () => {
    const { assessment } = run(profileWith((p) => {
      p.destination.region = 'EUR';
      p.destination.availableLicenses = 100;
      p.environments = [environment('Contoso Dev', { type: 'developer', mappedUsers: 120 })];
    }));
    const detail = (id: string) => assessment.findings.find((f) => f.ruleId === id)!.detail;
    assert.match(detail('env-type-unsupported'), /^Contoso Dev is a developer environment/);
    assert.match(detail('region-change'), /NA \(United States\).*EUR \(Europe\)/);
    assert.match(detail('dst-licenses-mapped'), /120 users.*fabrikam\.onmicrosoft\.com has 100 free licences/);
  });

  it('findings that differ between older and current guidance say so', () => {
    const { assessment } = run(sol('canvas-non-solution-aware', 'power-pages', 'component-library', 'power-automate'));
    for (const finding of assessment.findings.filter((f) => f.ruleId.startsWith('sol-'))) {
      assert.match(finding.detail, /older support-path guidance/, finding.ruleId);
    }
    const oce = run(envFields({ region: 'OCE' })).assessment.findings.find((f) => f.ruleId === 'region-change-oce-ind')!;
    assert.match(oce.detail, /older support-path guidance said such changes were not supported/);
  });
});
