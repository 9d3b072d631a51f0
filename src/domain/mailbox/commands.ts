/**
 * The commands of a cross-tenant mailbox move (spec section 4), in the order they are run, target tenant first, and
 * the files they read. Every inserted value was validated (GUID, initial domain, group name, address) and goes in
 * through psLiteral, a single-quoted PowerShell literal; values the product does not know are read at run time with
 * Read-Host, never written as a placeholder. The client secret is never asked for, shown or stored here: the
 * endpoint command reads it from a Get-Credential prompt. Never -AppSecretKeyVaultUrl (the retired Key Vault
 * method). New-MigrationBatch names the endpoint with -SourceEndpoint, as the cmdlet reference and Microsoft's
 * cross-tenant page write it (the cmdlet has no -MigrationEndpoint parameter).
 */
import type { Cloud } from '../assessment/types.js';
import { psLiteral } from '../powershell.js';
import { formatNumber } from '../text.js';
import {
  BATCH_CSV_FILE, VALIDATION_CSV_FILE, batchName, consentUrl, endpointName, scopeGroupName, sourceRelationshipName,
  targetRelationshipName,
} from './names.js';
import { VALIDATION_SCRIPT_DOWNLOAD, VALIDATION_SCRIPT_FILE } from './sources.js';
import type { CommandSide, MailboxCommand, MailboxFiles, MailboxMoveProfile, MailboxUser } from './types.js';

/** Connect-ExchangeOnline -ExchangeEnvironmentName per cloud (the commercial cloud and GCC need none). */
const EXCHANGE_ENVIRONMENT: Readonly<Record<Cloud, string | null>> = {
  commercial: null, gcc: null, 'gcc-high': 'O365USGovGCCHigh', dod: 'O365USGovDoD', china: 'O365China',
};

function connect(side: CommandSide, p: MailboxMoveProfile): MailboxCommand {
  const tenant = side === 'target' ? p.target : p.source;
  const environment = EXCHANGE_ENVIRONMENT[tenant.cloud];
  return {
    side, step: 'connect', kind: 'powershell',
    purpose: `Connect to Exchange Online in ${tenant.initialDomain} as an Exchange administrator of that tenant`,
    command: [
      'Install-Module ExchangeOnlineManagement -Scope CurrentUser',
      `Connect-ExchangeOnline${environment ? ` -ExchangeEnvironmentName ${environment}` : ''}`,
    ].join('\n'),
  };
}

/** `$appId = '...'` when the ID is known, otherwise a prompt for it. */
function appIdLine(p: MailboxMoveProfile): string {
  return p.migrationApp
    ? `$appId = ${psLiteral(p.migrationApp.appId)}`
    : '$appId = Read-Host -Prompt \'Application (client) ID of the migration app\'';
}

function remoteServerLines(p: MailboxMoveProfile): { setup: string[]; value: string } {
  // The worldwide address; other clouds use their own Exchange Online host, which the admin reads from Microsoft's
  // "Microsoft 365 URLs and IP address ranges" page for that cloud rather than from a guess of ours.
  if (p.source.cloud === 'commercial' || p.source.cloud === 'gcc') return { setup: [], value: 'outlook.office.com' };
  return {
    setup: ['$remoteServer = Read-Host -Prompt \'Exchange Online host name of your cloud (Microsoft 365 URLs and IP address ranges)\''],
    value: '$remoteServer',
  };
}

function appRegistration(p: MailboxMoveProfile): MailboxCommand {
  return {
    side: 'target', step: 'app', kind: 'portal',
    purpose: `Register the migration app in ${p.target.initialDomain} (Microsoft Entra admin center)`,
    command: [
      '1. Open https://entra.microsoft.com and go to Applications, App registrations, New registration.',
      '2. Name it (for example T2T mailbox migration), choose "Accounts in any organizational directory (Multitenant)", set the redirect URI type Web to https://office.com, and select Register.',
      '3. Copy the Application (client) ID from the Overview page.',
      '4. Open API permissions, Add a permission, APIs my organization uses, Office 365 Exchange Online, Application permissions, tick Mailbox.Migration, and select Add permissions. The default User.Read permission may be removed.',
      `5. Select Grant admin consent for ${p.target.initialDomain} and confirm.`,
      '6. Open Certificates & secrets, New client secret, and copy its Value at once (it is shown only once). Keep it in your password manager: never paste it into a chat.',
    ].join('\n'),
  };
}

function consent(p: MailboxMoveProfile): MailboxCommand {
  const url = consentUrl(p);
  if (url) {
    return {
      side: 'source', step: 'consent', kind: 'url',
      purpose: `Consent to the migration app in ${p.source.initialDomain}: open this address signed in as a global admin of the source and accept`,
      command: url,
    };
  }
  return {
    side: 'source', step: 'consent', kind: 'powershell',
    purpose: `Consent to the migration app in ${p.source.initialDomain}: this opens the consent page for the ID the target admin gives you; sign in as a global admin of the source and accept`,
    command: [
      appIdLine(p),
      `Start-Process (${psLiteral(`https://login.microsoftonline.com/${p.source.initialDomain}/adminconsent?client_id=`)} + $appId + ${psLiteral('&redirect_uri=https://office.com')})`,
    ].join('\n'),
  };
}

function dehydrated(p: MailboxMoveProfile): MailboxCommand | null {
  if (p.target.dehydrated === false) return null;
  return {
    side: 'target', step: 'dehydrated', kind: 'powershell',
    purpose: p.target.dehydrated
      ? `Enable organisation customisation in ${p.target.initialDomain} (it is dehydrated)`
      : `Enable organisation customisation in ${p.target.initialDomain} if it is dehydrated`,
    command: p.target.dehydrated
      ? 'Enable-OrganizationCustomization'
      : 'if ((Get-OrganizationConfig).IsDehydrated) { Enable-OrganizationCustomization }',
  };
}

function endpoint(p: MailboxMoveProfile): MailboxCommand {
  const remote = remoteServerLines(p);
  return {
    side: 'target', step: 'endpoint', kind: 'powershell',
    purpose: `Create the migration endpoint to ${p.source.initialDomain} (after the source admin has consented). The prompt asks for the client secret: paste it there, never in a chat`,
    command: [
      appIdLine(p),
      ...remote.setup,
      '$credentials = Get-Credential -UserName $appId -Message \'Client secret of the migration app\'',
      `New-MigrationEndpoint -RemoteServer ${remote.value} -RemoteTenant ${psLiteral(p.source.initialDomain)} -Credentials $credentials -ExchangeRemoteMove:$true -Name ${psLiteral(endpointName(p))} -ApplicationId $appId`,
    ].join('\n'),
  };
}

function targetRelationship(p: MailboxMoveProfile): MailboxCommand {
  return {
    side: 'target', step: 'orgrel', kind: 'powershell',
    purpose: `Create or update the organisation relationship to ${p.source.initialDomain} (Inbound moves)`,
    command: [
      `$sourceTenantId = ${psLiteral(p.source.tenantId)}`,
      '$existing = Get-OrganizationRelationship | Where-Object { $_.DomainNames -contains $sourceTenantId }',
      'if ($null -ne $existing) {',
      '  Set-OrganizationRelationship $existing.Name -Enabled:$true -MailboxMoveEnabled:$true -MailboxMoveCapability Inbound',
      '} else {',
      `  New-OrganizationRelationship ${psLiteral(targetRelationshipName(p))} -Enabled:$true -MailboxMoveEnabled:$true -MailboxMoveCapability Inbound -DomainNames $sourceTenantId`,
      '}',
    ].join('\n'),
  };
}

function scopeGroup(p: MailboxMoveProfile): MailboxCommand {
  const name = psLiteral(scopeGroupName(p));
  const lines = [`$scopeGroup = ${name}`];
  if (!p.scopeGroup) lines.push('New-DistributionGroup -Type Security -Name $scopeGroup');
  if (p.users && p.users.length > 0) {
    lines.push(`Import-Csv ${psLiteral(`.\\${VALIDATION_CSV_FILE}`)} | ForEach-Object { Add-DistributionGroupMember -Identity $scopeGroup -Member $_.SourceUser -BypassSecurityGroupManagerCheck }`);
  }
  return {
    side: 'source', step: 'scope-group', kind: 'powershell',
    purpose: p.scopeGroup
      ? `Use the scope group ${p.scopeGroup.name}${p.users?.length ? ` and add the ${formatNumber(p.users.length)} source mailboxes of ${VALIDATION_CSV_FILE} as direct members` : '; make every moving mailbox a direct member'}`
      : `Create the mail-enabled security group that scopes the move${p.users?.length ? ` and add the ${formatNumber(p.users.length)} source mailboxes of ${VALIDATION_CSV_FILE}` : '; then add every moving mailbox as a direct member'}`,
    command: lines.join('\n'),
  };
}

function sourceRelationship(p: MailboxMoveProfile): MailboxCommand {
  return {
    side: 'source', step: 'orgrel', kind: 'powershell',
    purpose: `Create or update the organisation relationship to ${p.target.initialDomain} (RemoteOutbound moves, scoped to the group)`,
    command: [
      `$targetTenantId = ${psLiteral(p.target.tenantId)}`,
      appIdLine(p),
      `$scopeGroup = ${psLiteral(scopeGroupName(p))}`,
      '$existing = Get-OrganizationRelationship | Where-Object { $_.DomainNames -contains $targetTenantId }',
      'if ($null -ne $existing) {',
      '  Set-OrganizationRelationship $existing.Name -Enabled:$true -MailboxMoveEnabled:$true -MailboxMoveCapability RemoteOutbound -OAuthApplicationId $appId -MailboxMovePublishedScopes $scopeGroup',
      '} else {',
      `  New-OrganizationRelationship ${psLiteral(sourceRelationshipName(p))} -Enabled:$true -MailboxMoveEnabled:$true -MailboxMoveCapability RemoteOutbound -DomainNames $targetTenantId -OAuthApplicationId $appId -MailboxMovePublishedScopes $scopeGroup`,
      '}',
    ].join('\n'),
  };
}

function testEndpoint(p: MailboxMoveProfile): MailboxCommand {
  return {
    side: 'target', step: 'test-endpoint', kind: 'powershell',
    purpose: 'Test the migration endpoint',
    command: `Test-MigrationServerAvailability -Endpoint ${psLiteral(endpointName(p))}`,
  };
}

/**
 * The validation script's command lines (spec section 5): organisation checks, mailbox checks from the CSV, and the
 * two-admin hand-off (the source admin collects, the target admin checks against the zip). Log files are new names
 * in the current folder (the script refuses a log file that exists).
 */
export function validationScriptCommands(p: MailboxMoveProfile): MailboxCommand[] {
  const script = `.\\${VALIDATION_SCRIPT_FILE}`;
  const csv = psLiteral(`.\\${VALIDATION_CSV_FILE}`);
  return [
    {
      side: 'target', step: 'validate-orgs', kind: 'powershell',
      purpose: `Check both organisations with Microsoft's validation script (download: ${VALIDATION_SCRIPT_DOWNLOAD}); run as an admin who can sign in to both tenants`,
      command: `${script} -CheckOrgs -LogPath ${psLiteral('.\\ctmm-orgs.log')}`,
    },
    {
      side: 'target', step: 'validate-mailboxes', kind: 'powershell',
      purpose: `Check every mailbox of ${VALIDATION_CSV_FILE} (columns SourceUser, TargetUser); send the log to the bot with "check mailbox log"`,
      command: `${script} -CheckObjects -CSV ${csv} -LogPath ${psLiteral('.\\ctmm-users.log')}`,
    },
    {
      side: 'source', step: 'validate-collect-source', kind: 'powershell',
      purpose: `When no one can sign in to both tenants: the source admin of ${p.source.initialDomain} collects the source data and sends CTMMCollectedSourceData.zip to the target admin`,
      command: `${script} -CollectSourceOnly -CSV ${csv} -PathForCollectedData ${psLiteral('.')} -LogPath ${psLiteral('.\\ctmm-collect.log')}`,
    },
    {
      side: 'target', step: 'validate-offline-target', kind: 'powershell',
      purpose: `Then the target admin of ${p.target.initialDomain} checks against that zip`,
      command: `${script} -SourceIsOffline -PathForCollectedData ${psLiteral('.\\CTMMCollectedSourceData.zip')} -CheckObjects -CheckOrgs -LogPath ${psLiteral('.\\ctmm-target.log')}`,
    },
  ];
}

function batch(p: MailboxMoveProfile): MailboxCommand {
  return {
    side: 'target', step: 'batch', kind: 'powershell',
    purpose: `Start the migration batch from ${BATCH_CSV_FILE} (header EmailAddress, target addresses; at most 2,000 per batch)`,
    command: `New-MigrationBatch -Name ${psLiteral(batchName(p))} -SourceEndpoint ${psLiteral(endpointName(p))} -CSVData ([System.IO.File]::ReadAllBytes((Resolve-Path ${psLiteral(`.\\${BATCH_CSV_FILE}`)}).Path)) -AutoStart -TargetDeliveryDomain ${psLiteral(p.target.initialDomain)}`,
  };
}

function monitor(): MailboxCommand {
  return {
    side: 'target', step: 'monitor', kind: 'powershell',
    purpose: 'Follow the moves',
    command: 'Get-MoveRequest -Flags \'CrossTenant\' | Get-MoveRequestStatistics',
  };
}

/** Every command, in the order they are run. Throws only on a value that validation should have refused. */
export function buildCommands(p: MailboxMoveProfile): MailboxCommand[] {
  const commands: Array<MailboxCommand | null> = [
    connect('target', p),
    p.migrationApp ? null : appRegistration(p),
    p.migrationApp?.consentedInSource === true ? null : consent(p),
    dehydrated(p),
    endpoint(p),
    targetRelationship(p),
    connect('source', p),
    scopeGroup(p),
    sourceRelationship(p),
    testEndpoint(p),
    ...validationScriptCommands(p),
    batch(p),
    monitor(),
  ];
  return commands.filter((c): c is MailboxCommand => c !== null);
}

const CRLF = '\r\n';

/** The batch CSV New-MigrationBatch reads: EmailAddress, the target address of each mailbox. */
export function batchCsv(users: readonly MailboxUser[]): string {
  return `EmailAddress${CRLF}${users.map((u) => `${u.target}${CRLF}`).join('')}`;
}

/** The validation script's CSV: SourceUser,TargetUser. */
export function validationCsv(users: readonly MailboxUser[]): string {
  return `SourceUser,TargetUser${CRLF}${users.map((u) => `${u.source},${u.target}${CRLF}`).join('')}`;
}

export function buildFiles(p: MailboxMoveProfile): MailboxFiles | null {
  if (!p.users || p.users.length === 0) return null;
  return { batchCsv: batchCsv(p.users), validationCsv: validationCsv(p.users) };
}
