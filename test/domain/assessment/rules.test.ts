import assert from 'node:assert/strict';
import {
  BASES, DOCS, RULE_IDS, RULES, SEVERITIES, SOLUTION_IDS, lookupSolution, type RuleId, type Severity,
} from '../../../src/domain/assessment/index.js';
import { INFERRED_PREFIX } from '../../../src/domain/assessment/rules/rule.js';
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
const ALWAYS: ReadonlySet<RuleId> = new Set([
  'admin-roles', 'request-windows', 'post-move-admin-role', 'cutover-downtime', 'backups-not-migrated', 'integrations-reconfigure',
]);
/** Fires once for every environment that can move: the base profile's one environment. */
const BASE_FINDINGS: readonly RuleId[] = [...ALWAYS, 'mapping-file-required'];

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
    { name: 'both China, cloud implied by the CHN region', profile: both({ region: 'CHN' }), expect: [[null, 'support']] },
    { name: 'both GCC', profile: both({ cloud: 'gcc' }), expect: [] },
    { name: 'GCC High to DoD is a mismatch, not this', profile: profileWith((p) => { p.source.cloud = 'gcc-high'; p.destination.cloud = 'dod'; }), expect: [] },
    { name: 'commercial', profile: baseProfile(), expect: [] },
  ],
  'cloud-gcc': [
    { name: 'both GCC: confirm with Microsoft first', profile: both({ cloud: 'gcc' }), expect: [[null, 'action']] },
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
    { name: 'commercial EUR environment to a GCC tenant: the restricted rule instead', profile: profileWith((p) => { p.source.region = 'EUR'; p.destination.cloud = 'gcc'; }), expect: [] },
    { name: 'Australia involved: the OCE/IND rule instead', profile: dst({ region: 'OCE' }), expect: [] },
  ],
  'region-change-restricted': [
    { name: 'into China', profile: dst({ region: 'CHN' }), expect: [[S, 'blocker']] },
    { name: 'out of China', profile: src({ region: 'CHN', cloud: 'china' }), expect: [[S, 'blocker']] },
    { name: 'from commercial Europe into a GCC tenant', profile: profileWith((p) => { p.source.region = 'EUR'; p.destination.cloud = 'gcc'; }), expect: [[S, 'blocker']] },
    { name: 'DoD source changing region', profile: profileWith((p) => { p.source.cloud = 'dod'; p.destination.region = 'EUR'; }), expect: [[S, 'blocker']] },
    { name: 'GCC High source, restricted geography too', profile: profileWith((p) => { p.source.cloud = 'gcc-high'; p.destination.region = 'OCE'; }), expect: [[S, 'blocker']] },
    { name: 'commercial region change', profile: dst({ region: 'EUR' }), expect: [] },
    { name: 'GCC, same region', profile: both({ cloud: 'gcc' }), expect: [] },
  ],
  'region-change-oce-ind': [
    { name: 'out of Australia', profile: envFields({ region: 'OCE' }), expect: [[S, 'support']] },
    { name: 'into India', profile: dst({ region: 'IND' }), expect: [[S, 'support']] },
    { name: 'Australia to Australia', profile: both({ region: 'OCE' }), expect: [] },
    { name: 'Australia with a GCC source: restricted instead', profile: profileWith((p) => { p.source.cloud = 'gcc'; p.destination.region = 'OCE'; }), expect: [] },
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
    {
      name: 'an environment that cannot move is not counted',
      profile: profileWith((p) => {
        p.destination.availableLicenses = 100;
        p.environments = [environment('A', { mappedUsers: 60 }), environment('Dev', { type: 'developer', mappedUsers: 500 })];
      }),
      expect: [],
    },
    {
      name: 'a Managed Environment (blocked) is not counted, an unknown one is',
      profile: profileWith((p) => {
        p.destination.availableLicenses = 100;
        p.environments = [
          environment('A', { mappedUsers: 60, managedEnvironment: true }),
          environment('B', { mappedUsers: 60, managedEnvironment: undefined }),
        ];
      }),
      expect: [],
    },
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
    {
      name: 'an environment that cannot move is not counted',
      profile: profileWith((p) => {
        p.destination.availableStorageGb = 100;
        p.environments = [environment('A', { storageGb: 60 }), environment('Omni', { storageGb: 400, solutions: ['omnichannel'] })];
      }),
      expect: [],
    },
    { name: 'environment storage unknown', profile: dst({ availableStorageGb: 0 }), expect: [] },
  ],
  'mapping-file-required': [
    {
      name: 'once per environment that can move',
      profile: profileWith((p) => { p.environments = [environment('A'), environment('B', { mappedUsers: 0 }), environment('C')]; }),
      expect: [['A', 'info'], ['B', 'info'], ['C', 'info']],
    },
    { name: 'a developer environment cannot move: no mapping file', profile: envFields({ type: 'developer' }), expect: [] },
    { name: 'a tenant-wide blocker does not remove it', profile: dst({ tenantDomain: 'contoso.onmicrosoft.com' }), expect: [[S, 'info']] },
  ],
  'mapping-file-empty': [
    { name: '0 users mapped', profile: envFields({ mappedUsers: 0 }), expect: [[S, 'action']] },
    { name: 'users mapped', profile: envFields({ mappedUsers: 3 }), expect: [] },
    { name: 'count unknown', profile: baseProfile(), expect: [] },
    { name: '0 users, but the environment cannot move', profile: envFields({ mappedUsers: 0, hasDataverse: false }), expect: [] },
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
    { name: 'no licences: buying them is an admin action', profile: profileWith((p) => { p.destination.marketingLicenses = false; p.environments[0].solutions = ['marketing']; }), expect: [[S, 'action']] },
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
  it('the catalogue has exactly one unit per rule id, with a dated source, guidance, basis and condition', () => {
    assert.deepEqual(RULES.map((rule) => rule.id).sort(), [...RULE_IDS].sort());
    for (const rule of RULES) {
      assert.ok(SEVERITIES.includes(rule.severity), rule.id);
      assert.ok(BASES.includes(rule.basis), rule.id);
      assert.match(rule.source.url, /^https:\/\//, rule.id);
      assert.match(rule.source.date, /^20\d\d-[01]\d-[0-3]\d$/, rule.id);
      assert.ok(rule.condition.trim().length > 0, rule.id);
      // Legacy findings cite the older support-path page; current ones cite today's Learn pages.
      if (rule.guidance === 'legacy') assert.equal(rule.source.url, DOCS.tenantMoveSupportPath, rule.id);
      else assert.match(rule.source.url, /^https:\/\/learn\.microsoft\.com\//, rule.id);
    }
  });

  it('the base profile gives only the always-on information findings', () => {
    const { assessment } = run(baseProfile());
    assert.deepEqual(assessment.findings.map((f) => f.ruleId).sort(), [...BASE_FINDINGS].sort());
    assert.equal(assessment.verdict, 'eligible');
  });

  for (const id of RULE_IDS) {
    describe(id, () => {
      if (ALWAYS.has(id)) {
        it('fires once per tenant on every profile, even when nothing can move', () => {
          const profile = profileWith((p) => { p.environments = [environment('A'), environment('B', { type: 'trial' })]; });
          assert.deepEqual(findingsOf(profile, id), [[null, 'info']]);
          assert.deepEqual(findingsOf(envFields({ type: 'teams' }), id), [[null, 'info']]);
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
          assert.ok(BASES.includes(finding.basis), finding.ruleId);
          assert.match(finding.sourceDate, /^20\d\d-[01]\d-[0-3]\d$/, finding.ruleId);
          // An inferred finding says so in its first words; a documented one never claims to be a guess.
          if (finding.basis === 'inferred') assert.ok(finding.detail.startsWith(INFERRED_PREFIX), `${finding.ruleId}: ${finding.detail}`);
          else assert.ok(!finding.detail.startsWith(INFERRED_PREFIX), finding.ruleId);
          assert.ok(finding.title.length > 0 && finding.detail.length > finding.title.length, finding.ruleId);
        }
      }
    }
  });

  it('names the user\'s values: types, regions, domains, counts', () => {
    const { assessment } = run(profileWith((p) => {
      p.destination.region = 'EUR';
      p.destination.availableLicenses = 100;
      p.destination.availableStorageGb = 10;
      p.environments = [
        environment('Contoso Dev', { type: 'developer', mappedUsers: 900, storageGb: 900 }),
        environment('Contoso Sales', { region: 'EUR', mappedUsers: 70, storageGb: 8 }),
        environment('Contoso Service', { region: 'EUR', mappedUsers: 50, storageGb: 4 }),
      ];
    }));
    const detail = (id: string) => assessment.findings.find((f) => f.ruleId === id)!.detail;
    assert.match(detail('env-type-unsupported'), /^Contoso Dev is a developer environment/);
    assert.match(detail('region-change'), /NA \(United States\).*EUR \(Europe\)/);
    // Counts name the environments they add up, and leave out the one that cannot move.
    assert.match(detail('dst-licenses-mapped'), /^The mapping files of Contoso Sales and Contoso Service list 120 users, but fabrikam\.onmicrosoft\.com has 100 free licences\. Contoso Dev is not counted/);
    assert.match(detail('dst-licenses-mapped'), /true need may be lower/);
    assert.match(detail('dst-storage'), /^Contoso Sales and Contoso Service use at least 12 GB of storage in all against 10 GB free/);
    assert.match(detail('dst-storage'), /Contoso Dev is not counted/);
  });

  it('findings that differ between older and current guidance say so', () => {
    const { assessment } = run(sol('canvas-non-solution-aware', 'power-pages', 'component-library', 'power-automate'));
    for (const finding of assessment.findings.filter((f) => f.ruleId.startsWith('sol-'))) {
      assert.match(finding.detail, /older support-path guidance/, finding.ruleId);
    }
    const oce = run(envFields({ region: 'OCE' })).assessment.findings.find((f) => f.ruleId === 'region-change-oce-ind')!;
    assert.match(oce.detail, /older support-path guidance said such changes were not supported/);
  });

  it('revision 2: Lockbox is turned off before the move and on after, citing the Lockbox page', () => {
    const lockbox = run(src({ customerLockbox: true })).assessment.findings.find((f) => f.ruleId === 'lockbox-approval')!;
    assert.equal(lockbox.source, DOCS.lockbox);
    assert.equal(lockbox.guidance, 'current');
    assert.match(lockbox.title, /off before the move, and back on after/);
    assert.match(lockbox.detail, /not supported while Customer Lockbox is enabled/);
    assert.match(lockbox.detail, /older support-path guidance said instead to approve/);
  });

  it('revision 2: no undocumented Managed Environment workaround', () => {
    const managed = run(envFields({ managedEnvironment: true })).assessment.findings.find((f) => f.ruleId === 'env-managed')!;
    assert.match(managed.detail, /supported in the future/);
    assert.doesNotMatch(managed.detail, /Turn Managed Environment off for it/);
    assert.match(managed.detail, /no page says that turning Managed Environment off makes an environment movable/);
  });

  it('revision 2: finance and operations names the Lifecycle Services route, same region, Lockbox off', () => {
    const finops = run(envFields({ linkedToFinanceAndOperations: true })).assessment.findings.find((f) => f.ruleId === 'env-finops-linked')!;
    assert.match(finops.detail, /Lifecycle Services implementation project/);
    assert.match(finops.detail, /same region/);
    assert.match(finops.detail, /Customer Lockbox is off/);
  });

  it('revision 2: region changes and sovereign clouds are inferred, and say what each page says', () => {
    const region = run(dst({ region: 'EUR' })).assessment.findings.find((f) => f.ruleId === 'region-change')!;
    assert.equal(region.basis, 'inferred');
    assert.doesNotMatch(region.detail, /keeps an environment in its region/);
    assert.match(region.detail, /says nothing about regions/);
    assert.match(region.detail, /environment ID/);
    assert.match(region.detail, /Advanced Data Residency/);
    assert.equal(run(both({ cloud: 'dod' })).assessment.findings.find((f) => f.ruleId === 'cloud-sovereign')!.basis, 'inferred');
    assert.equal(run(dst({ region: 'IND' })).assessment.findings.find((f) => f.ruleId === 'region-change-oce-ind')!.basis, 'inferred');
    // A cloud pair the page names is documented; one it does not is inferred.
    assert.equal(run(src({ cloud: 'gcc' })).assessment.findings.find((f) => f.ruleId === 'cloud-mismatch')!.basis, 'documented');
    assert.equal(run(profileWith((p) => { p.source.cloud = 'dod'; p.destination.cloud = 'gcc-high'; })).assessment
      .findings.find((f) => f.ruleId === 'cloud-mismatch')!.basis, 'inferred');
  });

  it('revision 2: GCC to GCC is not eligible on the old page alone', () => {
    const { assessment } = run(both({ cloud: 'gcc' }));
    assert.equal(assessment.verdict, 'eligible-with-actions');
    const gcc = assessment.findings.find((f) => f.ruleId === 'cloud-gcc')!;
    assert.equal(gcc.guidance, 'legacy');
    assert.match(gcc.detail, /Confirm with Microsoft support/);
  });

  it('revision 2: Marketing cites both pages and the outbound-marketing removal', () => {
    const marketing = run(sol('marketing')).assessment.findings.find((f) => f.ruleId === 'sol-marketing')!;
    assert.equal(marketing.basis, 'documented');
    assert.match(marketing.detail, /newest Power Platform tenant-to-tenant page lists Customer Insights - Journeys/);
    assert.match(marketing.detail, /Journeys tenant-to-tenant page describes/);
    assert.match(marketing.detail, /30 June 2025/);
  });
});
