import assert from 'node:assert/strict';
import {
  assessMailboxInput, buildCommands, validateMailboxProfile, type MailboxCommand, type MailboxMoveProfile,
} from '../../../src/domain/mailbox/index.js';
import { baseMailboxProfile, mailboxProfileWith, type RawProfile } from './fixtures.js';

function profile(raw: RawProfile): MailboxMoveProfile {
  const v = validateMailboxProfile(raw);
  if (!v.ok) throw new Error(JSON.stringify(v.issues));
  return v.profile;
}

const byStep = (commands: MailboxCommand[], side: string, step: string): MailboxCommand => {
  const found = commands.find((c) => c.side === side && c.step === step);
  assert.ok(found, `${side} ${step}`);
  return found;
};

/**
 * The command with every single-quoted PowerShell literal removed, following PowerShell's rules: a literal opens and
 * closes with any of ' ‘ ’ ‚ ‛, and two quote characters in a row inside it are one quote. What is left is code.
 */
function codeOutsideLiterals(command: string): string {
  const QUOTE = /['\u2018\u2019\u201A\u201B]/;
  let out = '';
  let i = 0;
  while (i < command.length) {
    const ch = command[i]!;
    if (!QUOTE.test(ch)) {
      out += ch;
      i++;
      continue;
    }
    i++;
    for (;;) {
      assert.ok(i < command.length, `unterminated literal in: ${command}`);
      if (QUOTE.test(command[i]!)) {
        if (i + 1 < command.length && QUOTE.test(command[i + 1]!)) { i += 2; continue; }
        i++;
        break;
      }
      i++;
    }
    out += "''";
  }
  return out;
}

describe('mailbox-move commands', () => {
  const full = profile(mailboxProfileWith((p) => { p.users = [{ source: 'ada@contoso.com', target: 'ada@fabrikam.com' }]; }));

  it('run target first, in the documented order, each side in its own steps', () => {
    const bare = profile(mailboxProfileWith((p) => { delete p.migrationApp; delete p.scopeGroup; delete p.target.dehydrated; }));
    const steps = buildCommands(bare).map((c) => `${c.side}:${c.step}`);
    assert.deepEqual(steps, [
      'target:connect', 'target:app', 'source:consent', 'target:dehydrated', 'target:endpoint', 'target:orgrel',
      'source:connect', 'source:scope-group', 'source:orgrel', 'target:test-endpoint',
      'target:validate-orgs', 'target:validate-mailboxes', 'source:validate-collect-source', 'target:validate-offline-target',
      'target:batch', 'target:monitor',
    ]);
    // Known facts drop the steps already done.
    const done = buildCommands(full).map((c) => c.step);
    assert.ok(!done.includes('app') && !done.includes('consent') && !done.includes('dehydrated'));
  });

  it('the endpoint uses the documented parameters, the source initial domain and a credential prompt', () => {
    const endpoint = byStep(buildCommands(full), 'target', 'endpoint').command;
    assert.match(endpoint, /^\$appId = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee'$/m);
    assert.match(endpoint, /^\$credentials = Get-Credential -UserName \$appId -Message 'Client secret of the migration app'$/m);
    assert.match(endpoint, /^New-MigrationEndpoint -RemoteServer outlook\.office\.com -RemoteTenant 'contoso\.onmicrosoft\.com' -Credentials \$credentials -ExchangeRemoteMove:\$true -Name 'T2T-contoso' -ApplicationId \$appId$/m);
  });

  it('organisation relationships: target Inbound to the source GUID, source RemoteOutbound to the target GUID with app and scope', () => {
    const commands = buildCommands(full);
    const target = byStep(commands, 'target', 'orgrel').command;
    assert.match(target, /^\$sourceTenantId = '11111111-2222-3333-4444-555555555555'$/m);
    assert.match(target, /Set-OrganizationRelationship \$existing\.Name -Enabled:\$true -MailboxMoveEnabled:\$true -MailboxMoveCapability Inbound$/m);
    assert.match(target, /New-OrganizationRelationship 'T2T-from-contoso' -Enabled:\$true -MailboxMoveEnabled:\$true -MailboxMoveCapability Inbound -DomainNames \$sourceTenantId$/m);
    const source = byStep(commands, 'source', 'orgrel').command;
    assert.match(source, /^\$targetTenantId = '66666666-7777-8888-9999-000000000000'$/m);
    assert.match(source, /-MailboxMoveCapability RemoteOutbound -DomainNames \$targetTenantId -OAuthApplicationId \$appId -MailboxMovePublishedScopes \$scopeGroup$/m);
    assert.match(source, /^\$scopeGroup = 'T2T movers'$/m);
  });

  it('the batch names the endpoint with -SourceEndpoint, reads the CSV bytes and delivers to the target initial domain', () => {
    const batch = byStep(buildCommands(full), 'target', 'batch').command;
    assert.equal(batch, "New-MigrationBatch -Name 'T2T-contoso-batch-1' -SourceEndpoint 'T2T-contoso' -CSVData ([System.IO.File]::ReadAllBytes((Resolve-Path '.\\mailbox-batch.csv').Path)) -AutoStart -TargetDeliveryDomain 'fabrikam.onmicrosoft.com'");
    assert.equal(byStep(buildCommands(full), 'target', 'test-endpoint').command, "Test-MigrationServerAvailability -Endpoint 'T2T-contoso'");
    assert.equal(byStep(buildCommands(full), 'target', 'monitor').command, "Get-MoveRequest -Flags 'CrossTenant' | Get-MoveRequestStatistics");
  });

  it('the validation script lines: -CheckOrgs, -CheckObjects -CSV, and the two-admin hand-off', () => {
    const commands = buildCommands(full);
    assert.equal(byStep(commands, 'target', 'validate-orgs').command, ".\\CrossTenantMailboxMigrationValidation.ps1 -CheckOrgs -LogPath '.\\ctmm-orgs.log'");
    assert.equal(byStep(commands, 'target', 'validate-mailboxes').command, ".\\CrossTenantMailboxMigrationValidation.ps1 -CheckObjects -CSV '.\\mailbox-validation.csv' -LogPath '.\\ctmm-users.log'");
    assert.equal(byStep(commands, 'source', 'validate-collect-source').command, ".\\CrossTenantMailboxMigrationValidation.ps1 -CollectSourceOnly -CSV '.\\mailbox-validation.csv' -PathForCollectedData '.' -LogPath '.\\ctmm-collect.log'");
    assert.equal(byStep(commands, 'target', 'validate-offline-target').command, ".\\CrossTenantMailboxMigrationValidation.ps1 -SourceIsOffline -PathForCollectedData '.\\CTMMCollectedSourceData.zip' -CheckObjects -CheckOrgs -LogPath '.\\ctmm-target.log'");
  });

  it('the consent URL names the source initial domain and the app, redirecting to office.com', () => {
    const r = assessMailboxInput(mailboxProfileWith((p) => { p.migrationApp.consentedInSource = false; }));
    assert.ok(r.ok);
    const consent = byStep(r.readiness.commands, 'source', 'consent');
    assert.equal(consent.kind, 'url');
    assert.equal(consent.command, 'https://login.microsoftonline.com/contoso.onmicrosoft.com/adminconsent?client_id=aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee&redirect_uri=https://office.com');
  });

  it('portal steps are numbered clicks naming Mailbox.Migration and the office.com redirect', () => {
    const app = byStep(buildCommands(profile(mailboxProfileWith((p) => { delete p.migrationApp; }))), 'target', 'app');
    assert.equal(app.kind, 'portal');
    const lines = app.command.split('\n');
    lines.forEach((line, i) => assert.match(line, new RegExp(`^${i + 1}\\. `)));
    assert.match(app.command, /Mailbox\.Migration/);
    assert.match(app.command, /https:\/\/office\.com/);
  });

  it('never a secret, the Key Vault method, -MigrationEndpoint, en dashes or angle-bracket placeholders', () => {
    const variants = [full, profile(mailboxProfileWith((p) => { delete p.migrationApp; delete p.scopeGroup; delete p.target.dehydrated; p.target.cloud = 'gcc-high'; p.source.cloud = 'gcc-high'; }))];
    for (const p of variants) {
      for (const c of buildCommands(p)) {
        assert.doesNotMatch(c.command, /AppSecretKeyVaultUrl|\s-MigrationEndpoint\b|ClientSecret\s*=|\s-Secret\b/i, c.step);
        assert.doesNotMatch(c.command, /[\u2013\u2014]/, c.step);
        if (c.kind !== 'portal') assert.doesNotMatch(c.command, /<[a-z][^>]*>/i, c.step);
        assert.ok(!/\$secret\s*=\s*'/.test(c.command), c.step);
      }
    }
  });

  it('other clouds: the right Exchange environment and a prompt for the cloud\'s host', () => {
    const p = profile(mailboxProfileWith((x) => { x.source.cloud = 'gcc-high'; x.target.cloud = 'gcc-high'; }));
    const commands = buildCommands(p);
    assert.match(byStep(commands, 'target', 'connect').command, /Connect-ExchangeOnline -ExchangeEnvironmentName O365USGovGCCHigh$/);
    assert.match(byStep(commands, 'target', 'endpoint').command, /-RemoteServer \$remoteServer /);
  });

  it('the files: batch CSV of target addresses and the validation CSV, CRLF', () => {
    const r = assessMailboxInput(mailboxProfileWith((p) => {
      p.users = [{ source: 'ada@contoso.com', target: 'ada@fabrikam.com' }, { source: "o'brien@contoso.com", target: "o'brien@fabrikam.com" }];
    }));
    assert.ok(r.ok);
    assert.deepEqual(r.readiness.files, {
      batchCsv: "EmailAddress\r\nada@fabrikam.com\r\no'brien@fabrikam.com\r\n",
      validationCsv: "SourceUser,TargetUser\r\nada@contoso.com,ada@fabrikam.com\r\no'brien@contoso.com,o'brien@fabrikam.com\r\n",
    });
    const scope = byStep(r.readiness.commands, 'source', 'scope-group').command;
    assert.match(scope, /Import-Csv '\.\\mailbox-validation\.csv' \| ForEach-Object \{ Add-DistributionGroupMember -Identity \$scopeGroup -Member \$_\.SourceUser/);
    const none = assessMailboxInput(baseMailboxProfile());
    assert.ok(none.ok);
    assert.equal(none.readiness.files, null);
  });
});

describe('mailbox-move commands with hostile values', () => {
  const PAYLOADS = [
    "x'; Remove-Mailbox -Identity * -Confirm:$false; '",
    'x\u2019; Remove-Mailbox -Identity *; \u2018',
    'x\u201A$(Remove-Mailbox -Identity *)\u201B',
    'T2T $(Remove-Mailbox -Identity *) movers',
    'T2T `; Remove-Mailbox -Identity * movers',
    'T2T movers; Remove-Mailbox -Identity *',
    "''; Remove-Mailbox -Identity *; ''",
  ];

  for (const payload of PAYLOADS) {
    it(`a scope group named ${JSON.stringify(payload)} stays inside its literal everywhere`, () => {
      const outcome = assessMailboxInput(mailboxProfileWith((p) => {
        p.scopeGroup.name = payload;
        p.users = [{ source: 'ada@contoso.com', target: 'ada@fabrikam.com' }];
      }));
      assert.ok(outcome.ok, JSON.stringify(!outcome.ok && outcome.issues));
      for (const c of outcome.readiness.commands) {
        if (c.kind !== 'powershell') continue;
        const code = codeOutsideLiterals(c.command);
        assert.doesNotMatch(code, /Remove-Mailbox|\$\(|`|;/, `${c.step}: ${c.command}`);
      }
      const scope = outcome.readiness.commands.find((c) => c.step === 'orgrel' && c.side === 'source')!;
      assert.ok(scope.command.includes('$scopeGroup = \''), scope.command);
    });
  }

  const LINE_BREAKS = ['T2T\nmovers', 'T2T\r\nRemove-Mailbox', 'T2T\u2028movers', 'T2T\u0000movers'];
  for (const name of LINE_BREAKS) {
    it(`a scope group name with a control character (${JSON.stringify(name)}) is an input error`, () => {
      const v = validateMailboxProfile(mailboxProfileWith((p) => { p.scopeGroup.name = name; }));
      assert.equal(v.ok, false);
      assert.ok(!v.ok && v.issues.some((i) => i.path === 'scopeGroup.name'));
    });
  }

  const HOSTILE = ["a'b", 'x$(whoami)', 'x`whoami', 'x;whoami', 'x\nwhoami', 'contoso.onmicrosoft.com\'; whoami; \'', '"quoted"'];
  const FIELDS: Array<[string, (p: RawProfile, v: string) => void]> = [
    ['source.tenantId', (p, v) => { p.source.tenantId = v; }],
    ['target.tenantId', (p, v) => { p.target.tenantId = v; }],
    ['source.initialDomain', (p, v) => { p.source.initialDomain = v; }],
    ['target.initialDomain', (p, v) => { p.target.initialDomain = v; }],
    ['source.domains[0]', (p, v) => { p.source.domains = [v]; }],
    ['migrationApp.appId', (p, v) => { p.migrationApp.appId = v; }],
    ['users[0].source', (p, v) => { p.users = [{ source: `${v}@contoso.com`, target: 'ada@fabrikam.com' }]; }],
    ['users[0].target', (p, v) => { p.users = [{ source: 'ada@contoso.com', target: `ada@${v}` }]; }],
  ];
  for (const [path, set] of FIELDS) {
    it(`hostile values in ${path} are input errors naming the field`, () => {
      for (const value of HOSTILE) {
        if (path === 'users[0].source' && value === "a'b") continue; // an apostrophe is a real address character
        const v = validateMailboxProfile(mailboxProfileWith((p) => set(p, value)));
        assert.equal(v.ok, false, `${path} = ${JSON.stringify(value)}`);
        assert.ok(!v.ok && v.issues.some((i) => i.path === path), `${path}: ${JSON.stringify(!v.ok && v.issues)}`);
      }
    });
  }

  it('an apostrophe in an address is accepted and doubled where it reaches a literal', () => {
    const v = validateMailboxProfile(mailboxProfileWith((p) => { p.users = [{ source: "o'brien@contoso.com", target: "o'brien@fabrikam.com" }]; }));
    assert.ok(v.ok);
  });
});
