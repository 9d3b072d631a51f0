import assert from 'node:assert/strict';
import {
  MODULE_MINIMUM_VERSION, NONEXISTENT_CMDLETS, TENANT_TO_TENANT_CMDLETS, renderCommandsMarkdown, unknownTenantToTenantCmdlets,
  type CommandStep,
} from '../../../src/domain/commands/index.js';
import { LOOKALIKE_DASHES } from '../../../src/domain/powershell.js';
import { DST_ID, ENV_ID, ROUTES, allText, cmdletsIn, commercial, env, plan, type Raw } from './support.js';

const withCommand = (steps: CommandStep[]): CommandStep[] => steps.filter((s) => s.command !== undefined);

/** The TenantToTenant cmdlet each step calls, with its side, in order. */
function t2tCalls(steps: CommandStep[]): Array<[string, string]> {
  return withCommand(steps).flatMap((s) => cmdletsIn(s.command!).filter((c) => c.startsWith('TenantToTenant-')).map((c) => [s.side, c] as [string, string]));
}

function gcc(): Raw {
  const raw = commercial();
  raw.source.cloud = 'gcc';
  raw.destination.cloud = 'gcc';
  return raw;
}

function missingIds(): Raw {
  const raw = commercial([env('Sales')]);
  delete raw.destination.tenantId;
  return raw;
}

function mixed(): Raw {
  return commercial([
    env('Sales', { id: ENV_ID, solutions: ['power-automate', 'canvas-non-solution-aware'] }),
    env('Dev', { type: 'developer' }),
    env('Finance', { type: 'production', linkedToFinanceAndOperations: true, sandboxCopyTested: true }),
    env('Ops', { type: 'production', sandboxCopyTested: true }),
  ]);
}

const PROFILES: Array<[string, () => Raw]> = [
  ['commercial', () => commercial()],
  ['gcc', gcc],
  ['missing GUIDs', missingIds],
  ['several environments, some blocked', mixed],
];

describe('move commands: the PowerShell route', () => {
  it('calls the documented cmdlets in the documented order, each on the right side', () => {
    const p = plan(commercial());
    assert.deepEqual(t2tCalls(p.environments[0]!.steps), [
      ['source', 'TenantToTenant-SubmitMigrationRequest'],
      ['source', 'TenantToTenant-ViewMigrationRequest'],
      ['destination', 'TenantToTenant-ViewApprovalRequest'],
      ['destination', 'TenantToTenant-ManageMigrationRequest'],
      ['source', 'TenantToTenant-UploadUserMappingFile'],
      ['source', 'TenantToTenant-PrepareMigration'],
      ['source', 'TenantToTenant-GetMigrationStatus'],
      ['source', 'TenantToTenant-MigratePowerAppEnvironment'],
      ['source', 'TenantToTenant-GetMigrationStatus'],
      ['source', 'TenantToTenant-DeleteMigrationRequest'],
    ]);
  });

  it('uses the parameter forms of module 2.0.209, with the admin\'s own GUIDs', () => {
    const steps = plan(commercial()).environments[0]!.steps;
    const line = (cmdlet: string): string => withCommand(steps).flatMap((s) => s.command!.split('\n')).find((l) => l.startsWith(cmdlet))!;
    assert.equal(line('TenantToTenant-SubmitMigrationRequest'), `TenantToTenant-SubmitMigrationRequest -EnvironmentName '${ENV_ID}' -TargetTenantID '${DST_ID}'`);
    assert.equal(line('TenantToTenant-ManageMigrationRequest'), 'TenantToTenant-ManageMigrationRequest -MigrationId $env1MigrationId');
    assert.equal(line('TenantToTenant-UploadUserMappingFile'), `TenantToTenant-UploadUserMappingFile -EnvironmentName '${ENV_ID}' -UserMappingFilePath $mappingFile`);
    assert.equal(line('TenantToTenant-PrepareMigration'), `TenantToTenant-PrepareMigration -MigrationId $env1MigrationId -TargetTenantId '${DST_ID}' -ReadOnlyUserMappingFileContainerUri $containerUri`);
    assert.equal(line('TenantToTenant-GetMigrationStatus'), 'TenantToTenant-GetMigrationStatus -MigrationId $env1MigrationId');
    assert.equal(line('TenantToTenant-MigratePowerAppEnvironment'), `TenantToTenant-MigratePowerAppEnvironment -MigrationId $env1MigrationId -TargetTenantId '${DST_ID}'`);
    assert.equal(line('TenantToTenant-DeleteMigrationRequest'), 'TenantToTenant-DeleteMigrationRequest -MigrationId $env1MigrationId');
    // The pre-2.0.198 forms are only a note, never a command.
    for (const s of withCommand(steps)) assert.doesNotMatch(s.command!, /(PrepareMigration|MigratePowerAppEnvironment) -EnvironmentName|GuestAdminUserEmail/);
    assert.match(steps.find((s) => s.step === 'Validate the move')!.purpose, /before 2\.0\.198 took -EnvironmentName/);
  });

  it('checks the module version (2.0.209) and signs in on both sides before their first cmdlet', () => {
    const steps = plan(commercial()).environments[0]!.steps;
    assert.equal(MODULE_MINIMUM_VERSION, '2.0.209');
    for (const side of ['source', 'destination'] as const) {
      const own = withCommand(steps.filter((s) => s.side === side));
      assert.equal(own[0]!.step, 'Check the PowerShell module');
      assert.match(own[0]!.command!, /\$module\.Version -lt \[version\]'2\.0\.209'\) \{ Update-Module -Name Microsoft\.PowerApps\.Administration\.PowerShell \}/);
      assert.match(own[0]!.command!, /Import-Module -Name Microsoft\.PowerApps\.Administration\.PowerShell -MinimumVersion '2\.0\.209'/);
      assert.equal(own[1]!.command, "Add-PowerAppsAccount -Endpoint 'prod'");
    }
  });

  it('signs in to the government endpoint in GCC and says where that name comes from', () => {
    const steps = plan(gcc()).environments[0]!.steps;
    const signIns = steps.filter((s) => s.command?.startsWith('Add-PowerAppsAccount'));
    assert.equal(signIns.length, 2);
    for (const s of signIns) {
      assert.equal(s.command, "Add-PowerAppsAccount -Endpoint 'usgov'");
      assert.equal(s.basis, 'inferred');
      assert.match(s.purpose, /^Microsoft's guide shows the sign-in for the commercial cloud only/);
    }
  });

  it('in GCC High the steps use its endpoint and say Microsoft support must confirm the move first', () => {
    const raw = commercial();
    raw.source.cloud = 'gcc-high';
    raw.destination.cloud = 'gcc-high';
    const e = plan(raw).environments[0]!;
    assert.equal(e.canMove, true);
    assert.match(e.supportNotes.join(' '), /Moves inside .*GCC High go through Microsoft support/);
    assert.ok(e.steps.filter((s) => s.command?.startsWith('Add-PowerAppsAccount')).every((s) => s.command === "Add-PowerAppsAccount -Endpoint 'usgovhigh'"));
  });

  it('reads an unknown environment or tenant ID into a variable, never an angle-bracket placeholder', () => {
    const steps = plan(missingIds()).environments[0]!.steps;
    const submit = steps.find((s) => s.command?.includes('SubmitMigrationRequest'))!;
    assert.equal(submit.command, [
      "if (-not $env1Id) { $env1Id = [System.Guid]::Parse((Read-Host 'Environment ID (GUID) of Sales')).ToString() }",
      "if (-not $targetTenantId) { $targetTenantId = [System.Guid]::Parse((Read-Host 'Tenant ID (GUID) of fabrikam.onmicrosoft.com')).ToString() }",
      'TenantToTenant-SubmitMigrationRequest -EnvironmentName $env1Id -TargetTenantID $targetTenantId',
    ].join('\n'));
    assert.match(submit.purpose, /Power Platform admin center, Manage, Environments, Sales, Environment ID/);
    assert.match(submit.purpose, /Microsoft Entra admin center of fabrikam\.onmicrosoft\.com, Overview, Tenant ID/);
  });

  it('names per-environment variables by position, so two environments in one window never mix their IDs', () => {
    const p = plan(commercial([env('Sales'), env('Ops')]));
    const code = (i: number): string => withCommand(p.environments[i]!.steps).map((s) => s.command!).join('\n');
    assert.match(code(0), /TenantToTenant-SubmitMigrationRequest -EnvironmentName \$env1Id /);
    assert.match(code(1), /TenantToTenant-SubmitMigrationRequest -EnvironmentName \$env2Id /);
    assert.match(code(1), /-MigrationId \$env2MigrationId/);
    assert.doesNotMatch(code(1), /\$env1/);
    assert.doesNotMatch(code(0) + code(1), /\$(environmentId|migrationId)\b/);
  });

  it('states the 7-day windows at the steps they govern', () => {
    const steps = plan(commercial()).environments[0]!.steps;
    const purpose = (title: string): string => steps.find((s) => s.step === title)!.purpose;
    assert.match(purpose('Submit the move request'), /expires 7 days after you submit it/);
    assert.match(purpose('Approve the request'), /within 7 days of the submission/);
    assert.match(purpose('Wait for the validation'), /starts a 7-day window: move within 7 days/);
    assert.match(purpose('Move the environment'), /^Within 7 days of the passed validation/);
  });

  it('keeps the upload\'s ContainerUri (a SAS link) in a variable read without echo, and never prints it', () => {
    const steps = plan(commercial()).environments[0]!.steps;
    const code = withCommand(steps).map((s) => s.command!).join('\n');
    const uses = code.split('\n').filter((l) => l.includes('$containerUri'));
    assert.deepEqual(uses.map((l) => l.split(' ')[0]), ['$containerUri', 'TenantToTenant-PrepareMigration']);
    assert.match(uses[0]!, /Read-Host '[^']+' -AsSecureString/);
    assert.doesNotMatch(code, /Write-(Host|Output)|Out-File|Set-Content|Export-/);
  });

  it('gives the flows-to-solution step and the maker steps when the environment lists apps and flows', () => {
    const steps = plan(mixed()).environments[0]!.steps;
    const flows = steps.find((s) => s.command?.includes('Add-AdminFlowsToSolution'))!;
    assert.equal(flows.side, 'source');
    assert.match(flows.command!, new RegExp(`Add-AdminFlowsToSolution -EnvironmentName '${ENV_ID}' -SolutionId \\$solutionId$`));
    assert.ok(steps.indexOf(flows) > steps.findIndex((s) => s.command?.startsWith('Add-PowerAppsAccount')), 'signed in first');
    assert.deepEqual(steps.filter((s) => s.side === 'maker').map((s) => s.step), [
      'Get the apps and flows in Sales ready', 'Bring the apps and flows in Sales back',
    ]);
  });
});

describe('move commands: environments that cannot move', () => {
  it('lists them with their blockers and gives them no steps', () => {
    const p = plan(mixed());
    assert.deepEqual(p.environments.map((e) => [e.name, e.canMove, e.steps.length > 0]), [
      ['Sales', true, true], ['Dev', false, false], ['Finance', false, false], ['Ops', true, true],
    ]);
    assert.deepEqual(p.environments[1]!.blockers.map((b) => b.ruleId), ['env-type-unsupported']);
    assert.deepEqual(p.environments[2]!.blockers.map((b) => b.ruleId), ['env-finops-linked']);
  });

  it('a blocker for the whole migration leaves every environment without steps', () => {
    const raw = commercial([env('Sales'), env('Ops')]);
    raw.destination.cloud = 'gcc';
    const p = plan(raw);
    for (const e of p.environments) {
      assert.equal(e.canMove, false);
      assert.deepEqual(e.blockers.map((b) => b.ruleId), ['cloud-mismatch']);
    }
  });

  it('keeps steps for an environment that needs Microsoft support, and says so', () => {
    const p = plan(commercial([env('Sales', { solutions: ['marketing'] })]));
    assert.equal(p.environments[0]!.canMove, true);
    assert.match(p.environments[0]!.supportNotes.join(' '), /Marketing in Sales needs Microsoft support/);
  });

  it('picks one environment by name, case aside, and says which exist when none matches', () => {
    assert.deepEqual(plan(mixed(), { environment: 'ops' }).environments.map((e) => e.name), ['Ops']);
  });
});

describe('move commands: the admin-center route', () => {
  it('gives numbered clicks for each side and no PowerShell', () => {
    const steps = plan(commercial(), { route: 'admin-center' }).environments[0]!.steps;
    assert.ok(steps.every((s) => s.command === undefined));
    const clicked = steps.filter((s) => s.clicks);
    assert.deepEqual(clicked.map((s) => [s.side, s.step]), [
      ['source', 'Submit the move request'],
      ['destination', 'Approve the request'],
      ['source', 'Upload the mapping file and validate'],
      ['source', 'Move the environment'],
      ['source', 'Withdraw the request (only if needed)'],
    ]);
    assert.ok(clicked[0]!.clicks!.some((c) => c.includes(`Target tenant ID: ${DST_ID}`)));
    assert.ok(clicked[1]!.clicks!.includes('In the banner, select Review moves.'));
  });
});

describe('move commands: the allow-list and the text rules', () => {
  it('lists exactly the nine cmdlets of the module', () => {
    assert.equal(TENANT_TO_TENANT_CMDLETS.length, 9);
    assert.deepEqual(unknownTenantToTenantCmdlets('TenantToTenant-ApproveMigrationRequest and TenantToTenant-GetMigrationStatus'),
      ['TenantToTenant-ApproveMigrationRequest']);
  });

  for (const [name, make] of PROFILES) {
    for (const route of ROUTES) {
      it(`${name}, ${route}: every TenantToTenant name is on the list, no dash lookalikes, no placeholders`, () => {
        const p = plan(make(), { route });
        const text = `${allText(p)}\n${renderCommandsMarkdown(p)}`;
        assert.deepEqual(unknownTenantToTenantCmdlets(text), []);
        for (const bad of NONEXISTENT_CMDLETS) assert.ok(!text.includes(bad), bad);
        assert.doesNotMatch(text, LOOKALIKE_DASHES);
        assert.doesNotMatch(allText(p), /<[^>\s]*>|\{[A-Za-z ]+\}/, 'no <id> or {id} placeholders');
        for (const e of p.environments) for (const s of e.steps) {
          assert.ok(s.source.startsWith('https://learn.microsoft.com/'), s.source);
          assert.match(s.sourceDate, /^\d{4}-\d{2}-\d{2}$/);
          if (s.basis === 'inferred') assert.match(s.purpose, /^Microsoft's (guide|documentation)/);
        }
      });
    }
  }

  it('the PowerShell route uses all nine cmdlets, and only the ones it should', () => {
    const used = new Set(withCommand(plan(commercial()).environments[0]!.steps).flatMap((s) => cmdletsIn(s.command!)));
    for (const name of TENANT_TO_TENANT_CMDLETS) assert.ok(used.has(name), name);
    assert.deepEqual([...used].filter((c) => !c.startsWith('TenantToTenant-')).sort(), [
      'Add-PowerAppsAccount', 'Get-Module', 'Import-Module', 'Install-Module', 'Read-Host', 'Select-Object', 'Sort-Object',
      'Split-Path', 'Update-Module',
    ]);
  });
});
