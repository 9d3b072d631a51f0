import assert from 'node:assert/strict';
import type { EnvironmentProfile, Finding, MigrationProfile } from '../../../src/domain/assessment/types.js';
import { buildChecklist, CHECKLIST_PHASES, OWNER_ROLES, type Checklist } from '../../../src/domain/checklist/index.js';
import { assessment, finding, profile } from './fixtures.js';

type Row = [id: string, owner: string, blocker: boolean];

const sales: EnvironmentProfile = { name: 'Contoso Sales', type: 'sandbox' };

/** The items every move has, for one environment keyed `key`, split where optional items slot in. */
function base(key: string): { plan: Row[]; planEnd: Row[]; identity: Row[]; request: Row[]; move: Row[]; post: Row[]; close: Row[] } {
  return {
    plan: [['plan:inventory', 'project-manager', false]],
    planEnd: [['plan:cutover', 'project-manager', false]],
    identity: [['identity:users', 'destination-admin', false], [`identity:mapping:${key}`, 'source-admin', false]],
    request: [[`request:submit:${key}`, 'source-admin', false], [`request:approve:${key}`, 'destination-admin', false]],
    move: [[`move:run:${key}`, 'source-admin', false]],
    post: [
      [`post-move:integrations:${key}`, 'destination-admin', false],
      [`post-move:sysadmin-role:${key}`, 'destination-admin', false],
      [`post-move:validate:${key}`, 'destination-admin', false],
    ],
    close: [[`close:source-environment:${key}`, 'source-admin', false], ['close:subscription', 'project-manager', false]],
  };
}

const PATH_SELF: Row = ['plan:path', 'project-manager', false];
const PATH_SUPPORT: Row = ['plan:path', 'project-manager', true];

interface Case {
  name: string;
  profile: MigrationProfile;
  findings: Finding[];
  expected: Row[];
}

const b = base('contoso-sales');
const flowsEnv: EnvironmentProfile = {
  name: 'Contoso Sales', type: 'production', sandboxCopyTested: false,
  solutions: ['canvas-solution-aware', 'canvas-non-solution-aware', 'power-automate', 'connections'],
};
const marketingEnv: EnvironmentProfile = { name: 'Contoso Sales', type: 'sandbox', solutions: ['marketing'] };
const mailboxEnv: EnvironmentProfile = { name: 'Contoso Sales', type: 'sandbox', solutions: ['mailboxes'] };

const cases: Case[] = [
  {
    name: 'clean sandbox: only the steps every move has',
    profile: profile([sales]),
    findings: [],
    expected: [...b.plan, PATH_SELF, ...b.planEnd, ...b.identity, ...b.request, ...b.move, ...b.post, ...b.close],
  },
  {
    name: 'production with Power Apps and flows: rehearsal plus before/after items per solution',
    profile: profile([flowsEnv]),
    findings: [
      finding('env-sandbox-rehearsal', 'action', 'Contoso Sales'),
      finding('sol-canvas-solution-aware', 'action', 'Contoso Sales'),
      finding('sol-canvas-non-solution-aware', 'action', 'Contoso Sales'),
      finding('sol-power-automate', 'action', 'Contoso Sales'),
      finding('sol-connections', 'action', 'Contoso Sales'),
    ],
    expected: [
      ...b.plan, PATH_SELF, ['plan:rehearsal:contoso-sales', 'project-manager', true], ...b.planEnd,
      ...b.identity, ...b.request,
      ['pre-move:solution-apps:contoso-sales', 'app-maker', true],
      ['pre-move:canvas-packages:contoso-sales', 'app-maker', true],
      ['pre-move:flows:contoso-sales', 'source-admin', true],
      ['pre-move:connections:contoso-sales', 'app-maker', false],
      ...b.move,
      ['post-move:solution-apps:contoso-sales', 'app-maker', false],
      ['post-move:canvas-packages:contoso-sales', 'app-maker', false],
      ['post-move:flows:contoso-sales', 'app-maker', false],
      ['post-move:connections:contoso-sales', 'app-maker', false],
      ...b.post, ...b.close,
    ],
  },
  {
    name: 'Marketing with destination licences: support path, support-led before and after',
    profile: profile([marketingEnv]),
    findings: [finding('sol-marketing', 'support', 'Contoso Sales')],
    expected: [
      ...b.plan, PATH_SUPPORT, ...b.planEnd, ...b.identity, ...b.request,
      ['pre-move:marketing:contoso-sales', 'project-manager', true],
      ...b.move,
      ['post-move:marketing:contoso-sales', 'microsoft-support', false],
      ...b.post, ...b.close,
    ],
  },
  {
    name: 'Marketing without destination licences: the blocker is planned, the only environment stays in',
    profile: profile([marketingEnv]),
    findings: [
      finding('sol-marketing-licenses', 'blocker', 'Contoso Sales', 'Marketing licences are missing in the destination'),
      finding('sol-marketing', 'support', 'Contoso Sales'),
    ],
    expected: [
      ...b.plan, ['plan:blocker:sol-marketing-licenses:contoso-sales', 'project-manager', true], PATH_SUPPORT, ...b.planEnd,
      ...b.identity, ...b.request,
      ['pre-move:marketing:contoso-sales', 'project-manager', true],
      ...b.move,
      ['post-move:marketing:contoso-sales', 'microsoft-support', false],
      ...b.post, ...b.close,
    ],
  },
  {
    name: 'mailboxes: move mailboxes first, check them after',
    profile: profile([mailboxEnv]),
    findings: [finding('sol-mailboxes', 'action', 'Contoso Sales')],
    expected: [
      ...b.plan, PATH_SELF, ...b.planEnd,
      ...b.identity, ['identity:mailboxes', 'destination-admin', true],
      ...b.request, ...b.move,
      ['post-move:mailboxes:contoso-sales', 'destination-admin', false],
      ...b.post, ...b.close,
    ],
  },
  {
    name: 'tenant facts: subscription, licences, capacity, tenant id and Lockbox',
    profile: profile([sales], { customerLockbox: true, tenantId: null, availableLicenses: 10, availableStorageGb: 5 }),
    findings: [
      finding('dst-paid-subscription', 'action', null),
      finding('dst-licenses-mapped', 'action', null),
      finding('dst-storage', 'action', null),
      finding('tenant-id-missing', 'action', null),
      finding('lockbox-approval', 'action', null),
    ],
    expected: [
      ...b.plan, PATH_SELF,
      ['plan:subscription', 'destination-admin', true],
      ['plan:licences', 'destination-admin', true],
      ['plan:capacity', 'destination-admin', true],
      ...b.planEnd, ...b.identity,
      ['request:tenant-id', 'destination-admin', true], ...b.request,
      ['pre-move:lockbox', 'source-admin', true],
      ...b.move, ...b.post,
      ['post-move:lockbox', 'source-admin', false],
      ...b.close,
    ],
  },
  {
    name: 'GCC to GCC: confirm with Microsoft first; an empty mapping file must be filled',
    profile: profile([{ ...sales, mappedUsers: 0 }]),
    findings: [
      finding('cloud-gcc', 'action', null),
      finding('mapping-file-empty', 'action', 'Contoso Sales'),
    ],
    expected: [
      ...b.plan, PATH_SELF, ['plan:gcc-confirm', 'project-manager', true], ...b.planEnd,
      ['identity:users', 'destination-admin', false], ['identity:mapping:contoso-sales', 'source-admin', true],
      ...b.request, ...b.move, ...b.post, ...b.close,
    ],
  },
  {
    name: 'a blocked environment is left out and named; the movable one is planned',
    profile: profile([sales, { name: 'Contoso Dev', type: 'developer', solutions: ['power-automate'] }]),
    findings: [
      finding('env-type-unsupported', 'blocker', 'Contoso Dev', 'Developer environments cannot move to another tenant'),
      finding('sol-power-automate', 'action', 'Contoso Dev'),
    ],
    expected: [
      ...b.plan, ['plan:blocker:env-type-unsupported:contoso-dev', 'project-manager', true], PATH_SELF, ...b.planEnd,
      ...b.identity, ...b.request, ...b.move, ...b.post, ...b.close,
    ],
  },
  {
    name: 'a region change needs support for that environment',
    profile: profile([{ name: 'Contoso Sales', type: 'sandbox', region: 'UK' }]),
    findings: [finding('region-change', 'support', 'Contoso Sales')],
    expected: [...b.plan, PATH_SUPPORT, ...b.planEnd, ...b.identity, ...b.request, ...b.move, ...b.post, ...b.close],
  },
];

function rows(checklist: Checklist): Row[] {
  return checklist.items.map((item) => [item.id, item.owner, item.blocker]);
}

describe('checklist: buildChecklist', () => {
  for (const c of cases) {
    it(c.name, () => {
      const checklist = buildChecklist(c.profile, assessment(c.profile, c.findings));
      assert.deepEqual(rows(checklist), c.expected);
    });
  }

  it('gives every item a unique id, a known owner, a source URL and no tick', () => {
    for (const c of cases) {
      const checklist = buildChecklist(c.profile, assessment(c.profile, c.findings));
      const ids = checklist.items.map((i) => i.id);
      assert.equal(new Set(ids).size, ids.length, c.name);
      for (const item of checklist.items) {
        assert.ok(OWNER_ROLES.includes(item.owner), item.id);
        assert.ok(item.supporting.every((r) => OWNER_ROLES.includes(r) && r !== item.owner), item.id);
        assert.match(item.source, /^https:\/\//, item.id);
        assert.equal(item.done, null);
        assert.ok(item.id.startsWith(`${item.phase}:`), item.id);
        assert.doesNotMatch(item.text, /undefined|null|NaN|\{|\}/, item.id);
      }
    }
  });

  it('is deterministic and does not touch its inputs', () => {
    const p = profile([flowsEnv]);
    const a = assessment(p, [finding('env-sandbox-rehearsal', 'action', 'Contoso Sales')]);
    const before = JSON.stringify([p, a]);
    const first = buildChecklist(p, a, { assessmentId: 'as-1', createdAt: new Date('2026-11-01T09:00:00Z') });
    const second = buildChecklist(p, a, { assessmentId: 'as-1', createdAt: new Date('2026-11-01T09:00:00Z') });
    assert.deepEqual(first, second);
    assert.equal(JSON.stringify([p, a]), before);
    assert.equal(first.assessmentId, 'as-1');
    assert.equal(first.createdAt, '2026-11-01T09:00:00.000Z');
    assert.equal(first.revision, 0);
  });

  it('keeps items in phase order', () => {
    const c = cases[1]!;
    const checklist = buildChecklist(c.profile, assessment(c.profile, c.findings));
    const ranks = checklist.items.map((i) => CHECKLIST_PHASES.indexOf(i.phase));
    assert.deepEqual(ranks, [...ranks].sort((x, y) => x - y));
  });

  it("names the user's environments and tenants in the text", () => {
    const c = cases[1]!;
    const checklist = buildChecklist(c.profile, assessment(c.profile, c.findings));
    const text = (id: string): string => checklist.items.find((i) => i.id === id)!.text;
    assert.match(text('identity:mapping:contoso-sales'), /usermapping\.csv for Contoso Sales/);
    assert.match(text('identity:users'), /fabrikam\.onmicrosoft\.com/);
    assert.match(text('plan:rehearsal:contoso-sales'), /sandbox copy of Contoso Sales.*contoso\.onmicrosoft\.com/);
    assert.match(text('request:submit:contoso-sales'), /66666666-7777-8888-9999-000000000000/);
    assert.match(text('pre-move:solution-apps:contoso-sales'), /canvas apps/);
    assert.match(text('post-move:flows:contoso-sales'), /Contoso Sales in fabrikam\.onmicrosoft\.com.*contoso\.onmicrosoft\.com/);
  });

  it('explains the support path with the reasons it found', () => {
    const p = profile([{ name: 'Contoso Sales', type: 'sandbox', region: 'UK', solutions: ['marketing'] }]);
    const checklist = buildChecklist(p, assessment(p, [
      finding('region-change', 'support', 'Contoso Sales'), finding('sol-marketing', 'support', 'Contoso Sales'),
    ]));
    const path = checklist.items.find((i) => i.id === 'plan:path')!;
    assert.match(path.text, /moving Contoso Sales from region UK to EUR/);
    assert.match(path.text, /Marketing \(Customer Insights - Journeys\) in Contoso Sales/);
    assert.deepEqual(path.ruleIds, ['region-change', 'sol-marketing']);
    assert.ok(path.supporting.includes('microsoft-support'));
  });

  it('Lockbox: turned off before the move and back on after, two items with owners citing the Lockbox page', () => {
    const c = cases.find((entry) => entry.name.startsWith('tenant facts'))!;
    const checklist = buildChecklist(c.profile, assessment(c.profile, c.findings));
    const off = checklist.items.find((i) => i.id === 'pre-move:lockbox')!;
    const on = checklist.items.find((i) => i.id === 'post-move:lockbox')!;
    assert.match(off.text, /^Turn Customer Lockbox off in contoso\.onmicrosoft\.com before the move/);
    assert.match(on.text, /^Turn Customer Lockbox back on in contoso\.onmicrosoft\.com once the move is complete/);
    assert.deepEqual([off.owner, off.blocker, on.owner, on.blocker], ['source-admin', true, 'source-admin', false]);
    for (const item of [off, on]) {
      assert.equal(item.source, 'https://learn.microsoft.com/power-platform/admin/about-lockbox');
      assert.deepEqual(item.ruleIds, ['lockbox-approval']);
      assert.doesNotMatch(item.text, /approve/i);
    }
  });

  it('assigns the System Administrator role in each moved environment after the move', () => {
    const p = profile([sales]);
    const checklist = buildChecklist(p, assessment(p, [finding('post-move-admin-role', 'info', null)]));
    const item = checklist.items.find((i) => i.id === 'post-move:sysadmin-role:contoso-sales')!;
    assert.equal(item.owner, 'destination-admin');
    assert.match(item.text, /^Assign the System Administrator role in Contoso Sales in fabrikam\.onmicrosoft\.com/);
    assert.match(item.text, /empty environment view/);
    assert.deepEqual(item.ruleIds, ['post-move-admin-role']);
  });

  it('records excluded environments with the blocker as the reason', () => {
    const c = cases.find((entry) => entry.name.startsWith('a blocked environment'))!;
    const checklist = buildChecklist(c.profile, assessment(c.profile, c.findings));
    assert.deepEqual(checklist.environments, [{ name: 'Contoso Sales', key: 'contoso-sales' }]);
    assert.deepEqual(checklist.excludedEnvironments, [
      { name: 'Contoso Dev', reason: 'Developer environments cannot move to another tenant' },
    ]);
    const item = checklist.items.find((i) => i.id === 'plan:blocker:env-type-unsupported:contoso-dev')!;
    assert.equal(item.environment, 'Contoso Dev');
    assert.match(item.text, /Contoso Dev is left out of this checklist/);
    assert.ok(checklist.items.every((i) => i.environment !== 'Contoso Dev' || i.id.startsWith('plan:blocker:')));
  });

  it('plans a tenant-wide blocker once and keeps every environment', () => {
    const p = profile([sales, { name: 'Contoso Service', type: 'sandbox' }]);
    const checklist = buildChecklist(p, assessment(p, [finding('cloud-mismatch', 'blocker', null, 'The clouds differ')]));
    assert.equal(checklist.verdict, 'not-eligible');
    assert.deepEqual(checklist.environments.map((e) => e.name), ['Contoso Sales', 'Contoso Service']);
    const blockers = checklist.items.filter((i) => i.id.startsWith('plan:blocker:'));
    assert.deepEqual(blockers.map((i) => i.id), ['plan:blocker:cloud-mismatch']);
    assert.match(blockers[0]!.text, /^The clouds differ\./);
  });

  it('honours an explicit environment choice, case-insensitively, and rejects unknown names', () => {
    const p = profile([sales, { name: 'Contoso Service', type: 'sandbox' }]);
    const a = assessment(p, []);
    const checklist = buildChecklist(p, a, { environments: ['contoso service'] });
    assert.deepEqual(checklist.environments, [{ name: 'Contoso Service', key: 'contoso-service' }]);
    assert.deepEqual(checklist.excludedEnvironments, [{ name: 'Contoso Sales', reason: 'Not selected for this checklist' }]);
    assert.throws(() => buildChecklist(p, a, { environments: ['Contoso Ops'] }), /Unknown environment Contoso Ops/);
  });

  it('gives environments whose names slug alike distinct keys', () => {
    const p = profile([{ name: 'Sales (EU)', type: 'sandbox' }, { name: 'Sales EU', type: 'sandbox' }, { name: 'Ventes Été', type: 'sandbox' }]);
    const checklist = buildChecklist(p, assessment(p, []));
    assert.deepEqual(checklist.environments.map((e) => e.key), ['sales-eu', 'sales-eu-2', 'ventes-ete']);
    assert.ok(checklist.items.some((i) => i.id === 'move:run:sales-eu-2'));
  });

  it('states licence shortfalls with the profile numbers', () => {
    const p = profile([{ ...sales, mappedUsers: 12 }], { availableLicenses: 10 });
    const checklist = buildChecklist(p, assessment(p, [finding('dst-licenses-mapped', 'action', null)]));
    const item = checklist.items.find((i) => i.id === 'plan:licences')!;
    assert.match(item.text, /Make 2 more licences available in fabrikam\.onmicrosoft\.com: 12 users are mapped and 10 licences are free/);
    assert.deepEqual(item.ruleIds, ['dst-licenses-mapped']);

    const warnOnly = profile([sales], { availableLicenses: 10, activeLicensedUsers: 40 });
    const w = buildChecklist(warnOnly, assessment(warnOnly, [finding('dst-licenses-active', 'warning', null)]));
    const licences = w.items.find((i) => i.id === 'plan:licences')!;
    assert.equal(licences.blocker, false);
    assert.match(licences.text, /10 licences are free for 40 active licensed users in contoso\.onmicrosoft\.com/);
  });

  it('groups solution-aware apps, custom pages and component libraries in one item per environment', () => {
    const p = profile([{ name: 'Contoso Sales', type: 'sandbox', solutions: ['custom-pages', 'component-library', 'gateways', 'cafe-x'] }]);
    const checklist = buildChecklist(p, assessment(p, []));
    const apps = checklist.items.find((i) => i.id === 'pre-move:solution-apps:contoso-sales')!;
    assert.match(apps.text, /custom pages and component libraries/);
    assert.match(apps.text, /Component libraries are not supported/);
    assert.deepEqual(apps.ruleIds, ['sol-custom-pages', 'sol-component-library']);
    assert.match(checklist.items.find((i) => i.id === 'pre-move:connections:contoso-sales')!.text, /record the gateways/);
    assert.match(checklist.items.find((i) => i.id === 'pre-move:checker-cafe-x:contoso-sales')!.text, /Café X/);
  });
});
