/**
 * The ordered steps for one environment that can move, on either route, grouped by who runs them. The
 * PowerShell route follows Microsoft's guide (2026-02-13) with the module 2.0.209 forms; the admin-center
 * route follows the same guide's "Move environment" pages as numbered clicks. Pure.
 */
import type { Cloud, EnvironmentProfile, MigrationProfile, SolutionId } from '../assessment/types.js';
import { psLiteral } from '../powershell.js';
import {
  ADMIN_CENTER_URL, MODULE_MIGRATION_ID_VERSION, MODULE_MINIMUM_VERSION, MODULE_NAME, SIGN_IN_ENDPOINTS,
} from './cmdlets.js';
import { PAGES, type CitedPage } from './sources.js';
import type { CommandRoute, CommandSide, CommandStep } from './types.js';
import { guidValue, labelFor, type GuidValue } from './values.js';
import { hasPackagingWork, packagingSummary } from './packaging.js';

export interface StepInput {
  profile: MigrationProfile;
  env: EnvironmentProfile;
  /** The destination tenant ID, already checked as a GUID (undefined when unknown). */
  targetTenantId: string | undefined;
  /** The environment ID, already checked as a GUID (undefined when unknown). */
  environmentId: string | undefined;
  /**
   * The environment's 1-based position in the profile. PowerShell variables that hold per-environment values are
   * named with it ($env2Id, $env2MigrationId), so an admin moving two environments from one window never runs a
   * step with the other environment's ID.
   */
  position: number;
}

const CLOUD_WORDS: Readonly<Record<Cloud, string>> = {
  commercial: 'the commercial cloud',
  gcc: 'GCC',
  'gcc-high': 'GCC High',
  dod: 'DoD',
  china: 'China (21Vianet)',
};

function step(
  side: CommandSide, title: string, purpose: string, extra: { command?: string; clicks?: string[] },
  page: CitedPage = PAGES.tenantMove, basis: 'documented' | 'inferred' = 'documented',
): CommandStep {
  return {
    side, step: title, purpose,
    ...(extra.command !== undefined ? { command: extra.command } : {}),
    ...(extra.clicks !== undefined ? { clicks: extra.clicks } : {}),
    source: page.url, sourceDate: page.date, basis,
  };
}

const lines = (...parts: string[]): string => parts.filter((part) => part !== '').join('\n');

interface Values {
  label: string;
  /** `$env1MigrationId` */
  migrationVar: string;
  dstDomain: string;
  srcDomain: string;
  cloud: Cloud;
  environmentId: GuidValue;
  targetTenantId: GuidValue;
  whereEnvironmentId: string;
  whereTenantId: string;
  kinds: SolutionId[];
}

function values(input: StepInput): Values {
  const { profile, env } = input;
  const label = labelFor(env.name);
  const dstDomain = labelFor(profile.destination.tenantDomain);
  const srcDomain = labelFor(profile.source.tenantDomain);
  return {
    label, dstDomain, srcDomain,
    migrationVar: `$env${input.position}MigrationId`,
    cloud: profile.source.cloud ?? 'commercial',
    environmentId: guidValue(input.environmentId, `env${input.position}Id`, `Environment ID (GUID) of ${label}`),
    targetTenantId: guidValue(input.targetTenantId, 'targetTenantId', `Tenant ID (GUID) of ${dstDomain}`),
    whereEnvironmentId: input.environmentId === undefined
      ? ` The profile has no environment ID for ${label}: the command asks for it (Power Platform admin center, Manage, Environments, ${label}, Environment ID).`
      : '',
    whereTenantId: input.targetTenantId === undefined
      ? ` The profile has no destination tenant ID: the command asks for it (Microsoft Entra admin center of ${dstDomain}, Overview, Tenant ID).`
      : '',
    kinds: env.solutions ?? [],
  };
}

// ------------------------------------------------------------------------------------------------ PowerShell

function moduleStep(side: CommandSide): CommandStep {
  const minimum = psLiteral(MODULE_MINIMUM_VERSION);
  return step(side, 'Check the PowerShell module', 'Microsoft\'s guide does not name a minimum version; the module\'s '
    + `release notes add TenantToTenant-UploadUserMappingFile in ${MODULE_MINIMUM_VERSION}, which the guide uses, so `
    + `this installs the module or updates anything older than ${MODULE_MINIMUM_VERSION}, then loads it. Run it in a new `
    + 'PowerShell window, and again in every new window before the later steps.', {
    command: lines(
      `$module = Get-Module -ListAvailable -Name ${MODULE_NAME} | Sort-Object -Property Version -Descending | Select-Object -First 1`,
      `if ($null -eq $module) { Install-Module -Name ${MODULE_NAME} -Scope CurrentUser } elseif ($module.Version -lt [version]${minimum}) { Update-Module -Name ${MODULE_NAME} }`,
      `Import-Module -Name ${MODULE_NAME} -MinimumVersion ${minimum}`,
    ),
  }, PAGES.tenantMove, 'inferred');
}

function signInStep(side: CommandSide, v: Values): CommandStep {
  const endpoint = SIGN_IN_ENDPOINTS[v.cloud];
  const tenant = side === 'source' ? v.srcDomain : v.dstDomain;
  const commercial = v.cloud === 'commercial';
  const purpose = commercial
    ? `Sign in as a Power Platform or Dynamics 365 administrator of ${tenant}.`
    : `Microsoft's guide shows the sign-in for the commercial cloud only; for ${CLOUD_WORDS[v.cloud]} we use the endpoint `
      + `name "${endpoint}" from the module's own endpoint table, which Microsoft's Add-PowerAppsAccount page does not list. `
      + `Sign in as a Power Platform or Dynamics 365 administrator of ${tenant}; if the sign-in or the next command fails, `
      + 'open a support request rather than trying other endpoints.';
  return step(side, `Sign in to ${tenant}`, purpose, { command: `Add-PowerAppsAccount -Endpoint ${psLiteral(endpoint)}` },
    PAGES.tenantMove, commercial ? 'documented' : 'inferred');
}

function migrationIdRead(variable: string, prompt: string): string {
  return `if (-not ${variable}) { ${variable} = [System.Guid]::Parse((Read-Host ${psLiteral(prompt)})).ToString() }`;
}

function makerBefore(v: Values): CommandStep[] {
  if (!hasPackagingWork(v.kinds)) return [];
  const out = [step('maker', `Get the apps and flows in ${v.label} ready`, `Before the move: ${packagingSummary(v.kinds, 'before')} `
    + 'The packaging card (or the packaging output of the command line) gives the route for each kind, who may do it and what '
    + 'must be recreated.', {})];
  if (v.kinds.includes('power-automate')) {
    out.push(step('source', `Put the flows outside solutions in ${v.label} into a solution`, 'Adds every flow of the '
      + 'environment that is not in a solution to the custom solution you name (a maker creates it first). This cannot be '
      + 'undone. Without -SolutionId the flows would go to the default solution; Microsoft recommends a custom one.', {
      command: lines(
        v.environmentId.read,
        `$solutionId = [System.Guid]::Parse((Read-Host ${psLiteral(`Solution ID (GUID) of the custom solution in ${v.label}`)})).ToString()`,
        `Add-AdminFlowsToSolution -EnvironmentName ${v.environmentId.expression} -SolutionId $solutionId`,
      ),
    }, PAGES.addToSolution));
  }
  return out;
}

function powerShellSteps(input: StepInput): CommandStep[] {
  const v = values(input);
  const env = v.environmentId;
  const tenant = v.targetTenantId;
  const sourceId = `MigrationId of ${v.label} from TenantToTenant-ViewMigrationRequest`;
  const oldForms = `Modules before ${MODULE_MIGRATION_ID_VERSION} took -EnvironmentName here instead of -MigrationId (the `
    + 'cmdlet\'s reference page still shows that older form); the first step makes sure the module is new enough for this one.';
  return [
    moduleStep('source'),
    signInStep('source', v),
    ...makerBefore(v),
    step('source', 'Submit the move request', `Asks to move ${v.label} to ${v.dstDomain}.${v.whereEnvironmentId}${v.whereTenantId} `
      + 'The request expires 7 days after you submit it unless the destination admin approves it.', {
      command: lines(env.read, tenant.read,
        `TenantToTenant-SubmitMigrationRequest -EnvironmentName ${env.expression} -TargetTenantID ${tenant.expression}`),
    }),
    step('project', 'Tell the destination admin', `Ask the administrator of ${v.dstDomain} to approve the request for `
      + `${v.label} within 7 days of its submission, with the destination admin's steps below.`, {}),
    step('source', 'Note the MigrationId', `Lists your requests. Note the MigrationId of the request for ${v.label}: `
      + 'the later source steps ask for it. The destination sees a different MigrationId for the same request.', {
      command: 'TenantToTenant-ViewMigrationRequest',
    }),
    moduleStep('destination'),
    signInStep('destination', v),
    step('destination', 'Find the request', `Lists the requests waiting for ${v.dstDomain}. Note the MigrationId of the `
      + `request for ${v.label} from ${v.srcDomain}; it differs from the one the source admin sees.`, {
      command: 'TenantToTenant-ViewApprovalRequest',
    }),
    step('destination', 'Approve the request', 'Asks whether to approve or reject the request: approve it. This must '
      + 'happen within 7 days of the submission, or the request expires and the source admin submits it again.', {
      command: lines(migrationIdRead(v.migrationVar, `MigrationId of the request for ${v.label} from TenantToTenant-ViewApprovalRequest`),
        `TenantToTenant-ManageMigrationRequest -MigrationId ${v.migrationVar}`),
    }),
    step('project', 'Tell the source admin', `Tell the administrator of ${v.srcDomain} that the request for ${v.label} is approved.`, {}),
    step('source', 'Upload the user mapping file', `Uploads the mapping file for ${v.label}; the file must be named `
      + 'usermapping.csv (lower case). In a new PowerShell window, run the module and sign-in steps first. The upload prints '
      + 'a Read Only UserMapping File ContainerUri: it is a link with an access key, so treat it like a password and never '
      + 'paste it into a chat.', {
      command: lines(env.read,
        `$mappingFile = (Read-Host ${psLiteral(`Full path of usermapping.csv for ${v.label}`)}).Trim().Trim('"')`,
        'if ((Split-Path -Path $mappingFile -Leaf) -cne \'usermapping.csv\') { throw \'The file must be named usermapping.csv, in lower case.\' }',
        `TenantToTenant-UploadUserMappingFile -EnvironmentName ${env.expression} -UserMappingFilePath $mappingFile`),
    }),
    step('source', 'Validate the move', 'Starts the validation. Paste the ContainerUri the upload printed when asked: it is '
      + `read without being shown and stays in this window only. ${oldForms}`, {
      command: lines(migrationIdRead(v.migrationVar, sourceId), tenant.read,
        '$containerUri = [System.Net.NetworkCredential]::new(\'\', (Read-Host \'ContainerUri printed by the upload\' -AsSecureString)).Password',
        `TenantToTenant-PrepareMigration -MigrationId ${v.migrationVar} -TargetTenantId ${tenant.expression} -ReadOnlyUserMappingFileContainerUri $containerUri`),
    }),
    step('source', 'Wait for the validation', 'Run it until the validation shows Succeeded. If it fails, the status gives a '
      + 'link to the errors (another link with an access key: keep it private); fix usermapping.csv and run the upload and '
      + 'validation steps again. A passed validation starts a 7-day window: move within 7 days, or validate again.', {
      command: lines(migrationIdRead(v.migrationVar, sourceId), `TenantToTenant-GetMigrationStatus -MigrationId ${v.migrationVar}`),
    }),
    step('source', 'Move the environment', `Within 7 days of the passed validation. ${v.label} goes into administration `
      + `mode and its users cannot work in it until the move ends; a move can take up to 24 hours. ${oldForms}`, {
      command: lines(migrationIdRead(v.migrationVar, sourceId), tenant.read,
        `TenantToTenant-MigratePowerAppEnvironment -MigrationId ${v.migrationVar} -TargetTenantId ${tenant.expression}`),
    }),
    step('source', 'Wait for the move', 'Run it until the move shows Succeeded. Up to 24 hours is normal.', {
      command: lines(migrationIdRead(v.migrationVar, sourceId), `TenantToTenant-GetMigrationStatus -MigrationId ${v.migrationVar}`),
    }),
    ...afterSteps(v),
    step('source', 'Withdraw the request (only if needed)', `Only if ${v.label} must not move after all: deletes the `
      + 'request. Submit a new one to start again.', {
      command: lines(migrationIdRead(v.migrationVar, sourceId), `TenantToTenant-DeleteMigrationRequest -MigrationId ${v.migrationVar}`),
    }),
  ];
}

function afterSteps(v: Values): CommandStep[] {
  const out = [
    step('destination', 'Check the moved environment', `In ${v.dstDomain}, assign the System Administrator role in ${v.label} `
      + 'to the people who run it (an empty environment view usually means a missing role), then let its owners check it.', {}),
  ];
  if (hasPackagingWork(v.kinds)) {
    out.push(step('maker', `Bring the apps and flows in ${v.label} back`, `After the move: ${packagingSummary(v.kinds, 'after')}`, {}));
  }
  out.push(step('source', 'Remove what is left behind', `Once the destination has checked ${v.label}, delete the environment `
    + `that stays behind in ${v.srcDomain} (it no longer has its Dataverse database).`, {}));
  return out;
}

// ------------------------------------------------------------------------------------------------ admin center

function adminCenterSteps(input: StepInput): CommandStep[] {
  const v = values(input);
  const commercial = v.cloud === 'commercial';
  const openCenter = commercial
    ? `Open ${ADMIN_CENTER_URL} and sign in as an administrator of`
    : `Open the Power Platform admin center of ${CLOUD_WORDS[v.cloud]} (the guide gives only the commercial address) and sign in as an administrator of`;
  const tenantIdText = input.targetTenantId ?? `the tenant ID of ${v.dstDomain} (Microsoft Entra admin center, Overview, Tenant ID)`;
  const envIdText = input.environmentId ? ` (environment ID ${input.environmentId})` : '';
  const cloudNote = commercial ? '' : `Microsoft's guide does not say whether the admin-center move is offered in ${CLOUD_WORDS[v.cloud]}; `
    + 'if Move environment is missing there, ask Microsoft support. ';
  return [
    ...makerBefore(v),
    step('source', 'Submit the move request', `${cloudNote}Asks to move ${v.label} to ${v.dstDomain}. The request expires `
      + '7 days after you submit it unless the destination admin approves it.', {
      clicks: [
        `${openCenter} ${v.srcDomain}.`,
        'Select Manage, then Environments.',
        `Select ${v.label}${envIdText} (a production or sandbox environment with Dataverse).`,
        'Select Move environment.',
        `In Request tenant to tenant move, enter the Target tenant ID: ${tenantIdText}.`,
        'Select Submit request. A banner shows the request is pending.',
      ],
    }, PAGES.tenantMove, commercial ? 'documented' : 'inferred'),
    step('project', 'Tell the destination admin', `Ask the administrator of ${v.dstDomain} to approve the request for `
      + `${v.label} within 7 days of its submission.`, {}),
    step('destination', 'Approve the request', `${cloudNote}Approve within 7 days of the submission, or the request expires.`, {
      clicks: [
        `${openCenter} ${v.dstDomain}.`,
        'Select Manage, then Environments.',
        'In the banner, select Review moves.',
        `Find the request for ${v.label}${input.environmentId ? ` by its environment ID ${input.environmentId}` : ''} and open it.`,
        'Approve it.',
      ],
    }, PAGES.tenantMove, commercial ? 'documented' : 'inferred'),
    step('project', 'Tell the source admin', `Tell the administrator of ${v.srcDomain} that the request for ${v.label} is approved.`, {}),
    step('source', 'Upload the mapping file and validate', 'The file must be named usermapping.csv (lower case). If the '
      + 'validation fails, a banner offers Download errors: fix the file and validate again. A passed validation starts a '
      + '7-day window: move within 7 days, or validate again.', {
      clicks: [
        `${openCenter} ${v.srcDomain}.`,
        `Select Manage, Environments, then ${v.label}.`,
        'Select Begin move (also under Move environment).',
        'In Get ready for this tenant-to-tenant move, upload usermapping.csv.',
        'Select Validate and wait for the result banner.',
      ],
    }),
    step('source', 'Move the environment', `Within 7 days of the passed validation. ${v.label} goes into administration `
      + 'mode until the move ends; a move can take up to 24 hours.', {
      clicks: [
        `On the page of ${v.label}, in the banner, select Move environment.`,
        'In Move this environment to another tenant, tick the confirmation that the pre-move steps are done.',
        'Select Move environment.',
      ],
    }),
    ...afterSteps(v),
    step('source', 'Withdraw the request (only if needed)', `Only if ${v.label} must not move after all. Cancel move is `
      + 'offered from the submission until the move completes.', {
      clicks: [`On the page of ${v.label}, select Cancel move.`],
    }),
  ];
}

export function environmentSteps(input: StepInput, route: CommandRoute): CommandStep[] {
  return route === 'powershell' ? powerShellSteps(input) : adminCenterSteps(input);
}
