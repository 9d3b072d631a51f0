import assert from 'node:assert/strict';
import { parseMailboxProfileJson, validateMailboxProfile } from '../../../src/domain/mailbox/index.js';
import { baseMailboxProfile, mailboxProfileWith } from './fixtures.js';

const issues = (input: unknown) => {
  const v = validateMailboxProfile(input);
  assert.equal(v.ok, false);
  return v.ok ? [] : v.issues;
};

describe('mailbox-move profile validation', () => {
  it('accepts the spec\'s example and fills the default cloud', () => {
    const v = validateMailboxProfile(baseMailboxProfile());
    assert.ok(v.ok);
    assert.equal(v.profile.source.cloud, 'commercial');
    assert.equal(v.profile.target.cloud, 'commercial');
  });

  it('an absent optional fact stays absent (unknown), never false', () => {
    const v = validateMailboxProfile({
      source: { tenantId: '11111111-2222-3333-4444-555555555555', initialDomain: 'contoso.onmicrosoft.com' },
      target: { tenantId: '66666666-7777-8888-9999-000000000000', initialDomain: 'fabrikam.onmicrosoft.com', dehydrated: null },
      mailboxes: 1,
      holds: null,
    });
    assert.ok(v.ok);
    assert.deepEqual(Object.keys(v.profile).sort(), ['mailboxes', 'source', 'target']);
    assert.equal('dehydrated' in v.profile.target, false);
  });

  it('rejects unknown fields by name, with a suggestion for a typo', () => {
    const found = issues(mailboxProfileWith((p) => { p.mailboxs = 3; p.source.tenantID = 'x'; p.target.colour = 'blue'; p.scopeGroup.nestd = true; }));
    assert.deepEqual(found.map((i) => i.path), ['mailboxs', 'source.tenantID', 'target.colour', 'scopeGroup.nestd']);
    assert.match(found[0]!.message, /did you mean "mailboxes"\?/);
    assert.match(found[1]!.message, /did you mean "tenantId"\?/);
  });

  it('dehydrated belongs to the target only', () => {
    assert.deepEqual(issues(mailboxProfileWith((p) => { p.source.dehydrated = true; })).map((i) => i.path), ['source.dehydrated']);
  });

  it('reports every problem at once, each with its field path', () => {
    const found = issues({
      source: { tenantId: 'contoso.com', initialDomain: 'contoso.com', cloud: 'mars', domains: ['ok.com', 'not a domain'], hybrid: 'yes' },
      target: { initialDomain: 'fabrikam.onmicrosoft.com' },
      mailboxes: '850',
      migrationLicences: -1,
      targetMailUsers: 'ready',
      scopeGroup: { nested: false },
      migrationApp: { appId: 'nope' },
      users: [{ source: 'ada@contoso.com' }, { source: 'ada@contoso.com', target: 'b@fabrikam.com' }],
    });
    assert.deepEqual(found.map((i) => i.path), [
      'source.tenantId', 'source.initialDomain', 'source.cloud', 'source.domains[1]', 'source.hybrid', 'target.tenantId',
      'mailboxes', 'migrationLicences', 'scopeGroup.name', 'migrationApp.appId', 'targetMailUsers', 'users[0].target', 'users[1].source',
    ]);
    assert.match(found[0]!.message, /GUID.*not a domain/);
    assert.match(found[1]!.message, /initial onmicrosoft\.com domain, not a custom domain/);
    assert.match(found[4]!.message, /write true without quotes/);
    assert.match(found[6]!.message, /write 850 as a plain number/);
    assert.match(found[12]!.message, /already the source of users\[0\]/);
  });

  it('the two tenants must differ', () => {
    const found = issues(mailboxProfileWith((p) => { p.target.tenantId = p.source.tenantId; p.target.initialDomain = 'CONTOSO.onmicrosoft.com'; }));
    assert.deepEqual(found.map((i) => i.path), ['target.tenantId', 'target.initialDomain']);
  });

  it('more users than mailboxes is a contradiction', () => {
    const found = issues(mailboxProfileWith((p) => { p.mailboxes = 1; p.users = [{ source: 'a@contoso.com', target: 'a@fabrikam.com' }, { source: 'b@contoso.com', target: 'b@fabrikam.com' }]; }));
    assert.deepEqual(found.map((i) => i.path), ['users']);
  });

  it('group names: 1 to 64 characters on one line', () => {
    assert.deepEqual(issues(mailboxProfileWith((p) => { p.scopeGroup.name = 'x'.repeat(65); })).map((i) => i.path), ['scopeGroup.name']);
    assert.deepEqual(issues(mailboxProfileWith((p) => { p.scopeGroup.name = ' '; })).map((i) => i.path), ['scopeGroup.name']);
    assert.ok(validateMailboxProfile(mailboxProfileWith((p) => { p.scopeGroup.name = 'x'.repeat(64); })).ok);
  });

  it('parseMailboxProfileJson: BOM, empty input and syntax errors with a position', () => {
    assert.ok(parseMailboxProfileJson(`\uFEFF${JSON.stringify(baseMailboxProfile())}`).ok);
    const empty = parseMailboxProfileJson('  ');
    assert.ok(!empty.ok && empty.issues[0]!.message.startsWith('empty input'));
    const bad = parseMailboxProfileJson('{\n  "mailboxes": 3,\n  oops\n}');
    assert.ok(!bad.ok);
    assert.match(!bad.ok ? bad.issues[0]!.message : '', /^not valid JSON/);
  });

  it('not an object at all', () => {
    assert.deepEqual(issues([1, 2]).map((i) => i.path), ['profile']);
    assert.deepEqual(issues(null).map((i) => i.path), ['profile']);
  });
});
