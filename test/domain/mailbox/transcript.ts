/**
 * Transcripts of Microsoft's validation script, written for the tests and the benchmark from the script's message
 * table (docs/mailbox-moves.md): the PowerShell transcript banner, one block per mailbox, the script's result lines,
 * "(Y/N)" prompts with their echoed answers, module warnings and junk. Encoders give the bytes as Windows writes them.
 */

export const HEADER = [
  '**********************',
  'Windows PowerShell transcript start',
  'Start time: 20260401093000',
  'Username: CONTOSO\\admin',
  'RunAs User: CONTOSO\\admin',
  'Configuration Name: ',
  'Machine: ADMIN-PC (Microsoft Windows NT 10.0.19045.0)',
  'Host Application: C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
  'Process ID: 4242',
  'PSVersion: 5.1.19041.4648',
  'PSEdition: Desktop',
  'BuildVersion: 10.0.19041.4648',
  'CLRVersion: 4.0.30319.42000',
  '**********************',
  'Transcript started, output file is C:\\Temp\\ctmm-users.log',
];

export const FOOTER = [
  '**********************',
  'Windows PowerShell transcript end',
  'End time: 20260401093512',
  '**********************',
];

export const MODULE_WARNING = 'WARNING: The names of some imported commands from the module \'tmpEXO_abc\' include unapproved verbs that might make them less discoverable.';

/** One example line per message kind of the script, keyed by what the tests expect: [ruleId, hold, severity]. */
export const MAILBOX_MESSAGES: ReadonlyArray<{ line: (s: string, t: string) => string; ruleId: string; hold?: string; severity: string; answer?: boolean }> = [
  { line: (s) => `>> Error: ${s} wasn't found on SOURCE tenant`, ruleId: 'exo-source-mailbox-missing', severity: 'blocker' },
  { line: (_s, t) => `>> Error: ${t} wasn't found on TARGET tenant`, ruleId: 'exo-target-mailuser-missing', severity: 'blocker' },
  { line: () => '>> Error: The SOURCE mailbox has more than 12 auxArchive present and we can\'t migrate that much.', ruleId: 'exo-aux-archives', severity: 'blocker' },
  { line: () => '>> Error: Neither SOURCE mailbox or TARGET MailUser have a valid T2T migration license. This is a pre-requisite, and if the license is not assigned by the time the migration is injected, it will fail to complete', ruleId: 'exo-license-missing', severity: 'blocker' },
  { line: () => '>> Error: SOURCE mailbox is under Litigation Hold and this is not a supported scenario', ruleId: 'exo-hold', hold: 'litigation', severity: 'blocker' },
  { line: () => '>> Error: SOURCE mailbox is under Litigation Hold. This move is not supported as it would lead into data loss', ruleId: 'exo-hold', hold: 'litigation', severity: 'blocker' },
  { line: () => '>> Error: SOURCE mailbox is under a Delay Hold Applied and this is not a supported scenario', ruleId: 'exo-hold', hold: 'delay', severity: 'blocker' },
  { line: () => '>> Error: SOURCE mailbox is under a Delay Hold. This move is not supported as it would lead into data loss', ruleId: 'exo-hold', hold: 'delay', severity: 'blocker' },
  { line: () => '>> Error: SOURCE mailbox is under a Delay Release Hold and this is not a supported scenario', ruleId: 'exo-hold', hold: 'delay-release', severity: 'blocker' },
  { line: () => '>> Error: SOURCE mailbox is under a Delay Release Hold. This move is not supported as it would lead into data loss', ruleId: 'exo-hold', hold: 'delay-release', severity: 'blocker' },
  { line: () => '>> Error: SOURCE mailbox has labeled items with a Retention Label and this is not a supported scenario', ruleId: 'exo-hold', hold: 'retention-label', severity: 'blocker' },
  { line: () => '>> Error: SOURCE mailbox has labeled items with a Retention Label. This move is not supported as it would lead into data loss', ruleId: 'exo-hold', hold: 'retention-label', severity: 'blocker' },
  { line: () => '>> Error: SOURCE mailbox is under an In-PlaceHold Hold and this is not a supported scenario', ruleId: 'exo-hold', hold: 'in-place', severity: 'blocker' },
  { line: () => '>> Error: SOURCE mailbox is under an In-PlaceHold Hold. This move is not supported as it would lead into data loss', ruleId: 'exo-hold', hold: 'in-place', severity: 'blocker' },
  { line: () => '>> Error: SOURCE mailbox is under a legacy In-PlaceHold and this is not a supported scenario', ruleId: 'exo-hold', hold: 'legacy-ediscovery', severity: 'blocker' },
  { line: () => '>> Error: SOURCE mailbox is under an Organizational Hold and this is not a supported scenario', ruleId: 'exo-hold', hold: 'organizational', severity: 'blocker' },
  { line: () => '>> Error: SOURCE mailbox is under an Organizational Hold. This move is not supported as it would lead into data loss', ruleId: 'exo-hold', hold: 'organizational', severity: 'blocker' },
  { line: () => '>> Error: SOURCE Archive mailbox has items within the SubstrateHolds folder and this will cause the migration to fail. Please work on removing those items with MFCMapi manually before creating the move for this mailbox', ruleId: 'exo-hold', hold: 'archive-substrate', severity: 'blocker' },
  { line: () => '>> Error: SOURCE mailbox is NOT within the MailboxMovePublishedScopes. The migration will fail if you don\'t correct this', ruleId: 'exo-scope-group-missing', severity: 'blocker' },
  { line: () => '>> Error: Dumpster size on SOURCE mailbox is bigger than TARGET MailUser RecoverableItemsQuota. This might cause the migration to fail', ruleId: 'exo-dumpster-quota', severity: 'warning' },
  { line: () => '>> Error: ExchangeGuid mismatch. Expected value: 0d1e2f30-0000-4000-8000-000000000001 ,Current value: 00000000-0000-0000-0000-000000000000', ruleId: 'exo-guid-mismatch', severity: 'blocker' },
  { line: () => '>> Error: ArchiveGuid mismatch. Expected Value: 0d1e2f30-0000-4000-8000-000000000002 , Current value: 00000000-0000-0000-0000-000000000000', ruleId: 'exo-guid-mismatch', severity: 'blocker' },
  { line: (_s, t) => `>> Error: The TARGET MailUser ${t} has an archive present while source doesn't`, ruleId: 'exo-guid-mismatch', severity: 'blocker' },
  { line: () => '>> Error: LegacyExchangeDN not found as an X500 ProxyAddress on Target Object. LegacyExchangeDN expected on target object: /o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=abc123-ada', ruleId: 'exo-x500-missing', severity: 'blocker' },
  { line: (_s, t) => `>> Error: The Primary SMTP address ${t} of the MailUser does not belong to an accepted domain on the target tenant, would you like to set it to ${t.replace('@', '.upn@')} (Y/N): `, ruleId: 'exo-primary-smtp-domain', severity: 'blocker', answer: true },
  { line: (s) => `>> Error: smtp:${s} is not part of your organization, would you like to remove it? (Y/N): `, ruleId: 'exo-foreign-proxy', severity: 'blocker', answer: true },
  { line: () => '>> Warning: x500:/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=old-ada is not present on the TARGET MailUser. All of the X500 addresses of the source mailbox object, as a best practice, should be present on the target MailUser object. Would you like to add it? (Y/N): ', ruleId: 'exo-x500-missing', severity: 'warning', answer: true },
  { line: (s) => `>> Error: TargetMailUser ExternalEmailAddress value SMTP:${s.replace('@', '.old@')} is not present on the EmailAddresses of the SourceMailbox, would you like to set it pointing to the PrimarySMTPAddress of the source mailbox instead? (Y/N): `, ruleId: 'exo-external-address', severity: 'blocker', answer: true },
];

export const ORG_MESSAGES: ReadonlyArray<{ line: string; ruleId: string }> = [
  { line: '>> Error: No AAD application for EXO has been found', ruleId: 'exo-app-missing' },
  { line: '>> Error: Expected Migration endpoint not found', ruleId: 'exo-endpoint-missing' },
  { line: '>> Error: No AAD Application matching SOURCE AppId has been found on TARGET tenant', ruleId: 'exo-source-consent-missing' },
  { line: '>> Error: No Organization relationship on TARGET tenant pointing to SourceTenantId has been found', ruleId: 'exo-orgrel-target' },
  { line: '>> Error: Organization relationship on TARGET tenant mailbox is not enabled for moves', ruleId: 'exo-orgrel-target' },
  { line: '>> Error: Organization relationship on TARGET tenant MailboxMove is not correctly set. The expected value is \'Inbound\' and the current value is RemoteOutbound', ruleId: 'exo-orgrel-target' },
  { line: '>> Error: Organization relationship on SOURCE tenant MailboxMove is not correctly set. The expected value is \'RemoteOutbound\' and the current value is Inbound', ruleId: 'exo-orgrel-source' },
  { line: '>> Error: Organization relationship on SOURCE tenant DomainNames is not pointing to TargetTenantId', ruleId: 'exo-orgrel-source' },
  { line: '>> Error: Organization relationship on SOURCE tenant does not have a Mail-Enabled security group defined under the MailboxMovePublishedScopes property', ruleId: 'exo-scope-group-missing' },
];

export const DIRSYNCED = '>> Error: The object is DirSynced and this is not a change that can be done directly on EXO. Please do the change on-premises and perform an AADConnect delta sync';

export function mailboxBlock(source: string, target: string, results: string[]): string[] {
  return [
    `Informational: Loading SOURCE object ${source}`,
    `Informational: Loading TARGET object ${target}`,
    ...results,
  ];
}

export const PASSED = ['>> ExchangeGuid match ok', '>> ArchiveGuid match ok', '>> LegacyExchangeDN found as X500 ok'];

/** A whole transcript of `count` mailboxes; every `blockEvery`-th mailbox gets message `i % MAILBOX_MESSAGES.length`. */
export function generatedTranscript(count: number, blockEvery = 10): string {
  const lines = [...HEADER, MODULE_WARNING, 'Informational: Checking organization settings'];
  for (let i = 0; i < count; i++) {
    const source = `user${i}@contoso.com`;
    const target = `user${i}@fabrikam.com`;
    const results: string[] = [...PASSED];
    if (i % blockEvery === 0) {
      const kind = MAILBOX_MESSAGES[(i / blockEvery) % MAILBOX_MESSAGES.length]!;
      // The aux-archive message stops the real script; in a generated log it stays one mailbox's result.
      results.push(kind.line(source, target));
      if (kind.answer) results.push(' Your input: n');
    }
    lines.push(...mailboxBlock(source, target, results));
  }
  lines.push(...FOOTER);
  return `${lines.join('\r\n')}\r\n`;
}

export function utf16le(text: string, bom = true): Uint8Array {
  const body = Buffer.from(text, 'utf16le');
  return new Uint8Array(bom ? Buffer.concat([Buffer.from([0xff, 0xfe]), body]) : body);
}

export function utf16be(text: string, bom = true): Uint8Array {
  const le = Buffer.from(text, 'utf16le');
  const be = Buffer.alloc(le.length);
  for (let i = 0; i < le.length; i += 2) {
    be[i] = le[i + 1]!;
    be[i + 1] = le[i]!;
  }
  return new Uint8Array(bom ? Buffer.concat([Buffer.from([0xfe, 0xff]), be]) : be);
}

export function utf8(text: string, bom = false): Uint8Array {
  const body = Buffer.from(text, 'utf8');
  return new Uint8Array(bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body);
}
