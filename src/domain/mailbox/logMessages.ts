/**
 * What each result line of Microsoft's validation script (CrossTenantMailboxMigrationValidation.ps1) means: the
 * rule id, severity, hold kind, a short title and the fix. Written from the script's messages (see
 * docs/mailbox-moves.md); the matching is on fixed phrases the script prints, case-insensitive, and the order
 * matters where one phrase contains another ("Delay Release Hold" before "Delay Hold").
 */
import type { Severity } from '../findings.js';
import type { HoldKind, LogRuleId } from './types.js';

export type LogScope = 'mailbox' | 'organization';

export interface LogMessageKind {
  ruleId: LogRuleId;
  /** The severity, whatever the line's own prefix (offline mode prints some warnings as errors). */
  severity: Severity;
  scope: LogScope;
  pattern: RegExp;
  hold?: HoldKind;
  title: string;
  /** Grouping phrase: "is on litigation hold" / "are on litigation hold". */
  cause: { one: string; many: string };
  fix: string;
}

const RELEASE = 'Release it once your compliance team agrees (export what must be kept first), or leave the mailbox out of the batch; the move is not supported while it lasts.';

export const LOG_MESSAGE_KINDS: readonly LogMessageKind[] = [
  {
    ruleId: 'exo-source-mailbox-missing', severity: 'blocker', scope: 'mailbox', pattern: /wasn't found on SOURCE tenant/i,
    title: 'Source mailbox not found', cause: { one: 'was not found in the source', many: 'were not found in the source' },
    fix: 'Check the SourceUser address in the CSV: it must be the mailbox\'s address in the source tenant.',
  },
  {
    ruleId: 'exo-target-mailuser-missing', severity: 'blocker', scope: 'mailbox', pattern: /wasn't found on TARGET tenant/i,
    title: 'Target MailUser not found', cause: { one: 'has no MailUser in the target', many: 'have no MailUser in the target' },
    fix: 'Create the MailUser in the target tenant (with the source ExchangeGuid and x500 addresses), or correct the TargetUser address in the CSV.',
  },
  {
    ruleId: 'exo-aux-archives', severity: 'blocker', scope: 'mailbox', pattern: /more than 12 auxArchive/i,
    title: 'More than 12 auxiliary archives', cause: { one: 'has more than 12 auxiliary archives', many: 'have more than 12 auxiliary archives' },
    fix: 'Leave this mailbox out of the cross-tenant batch; more than 12 auxiliary archives cannot be moved. The script stops at this mailbox, so the ones after it were not checked.',
  },
  {
    ruleId: 'exo-license-missing', severity: 'blocker', scope: 'mailbox', pattern: /have a valid T2T migration license/i,
    title: 'No migration licence', cause: { one: 'has no migration licence', many: 'have no migration licence' },
    fix: 'Assign a Cross Tenant User Data Migration licence to the user in the source or in the target before the batch starts.',
  },
  {
    ruleId: 'exo-hold', severity: 'blocker', scope: 'mailbox', hold: 'litigation', pattern: /under Litigation Hold/i,
    title: 'On litigation hold', cause: { one: 'is on litigation hold', many: 'are on litigation hold' }, fix: RELEASE,
  },
  {
    ruleId: 'exo-hold', severity: 'blocker', scope: 'mailbox', hold: 'delay-release', pattern: /Delay Release Hold/i,
    title: 'On delay release hold', cause: { one: 'is on a delay release hold', many: 'are on a delay release hold' }, fix: RELEASE,
  },
  {
    ruleId: 'exo-hold', severity: 'blocker', scope: 'mailbox', hold: 'delay', pattern: /under a Delay Hold/i,
    title: 'On delay hold', cause: { one: 'is on a delay hold', many: 'are on a delay hold' }, fix: RELEASE,
  },
  {
    ruleId: 'exo-hold', severity: 'blocker', scope: 'mailbox', hold: 'retention-label', pattern: /Retention Label/i,
    title: 'Items with a retention label', cause: { one: 'has items with a retention label', many: 'have items with a retention label' },
    fix: 'Labelled items hold the mailbox. Remove the labels or leave the mailbox out of the batch, once your compliance team agrees.',
  },
  {
    ruleId: 'exo-hold', severity: 'blocker', scope: 'mailbox', hold: 'legacy-ediscovery', pattern: /legacy In-PlaceHold/i,
    title: 'On a legacy eDiscovery in-place hold', cause: { one: 'is on a legacy eDiscovery in-place hold', many: 'are on a legacy eDiscovery in-place hold' }, fix: RELEASE,
  },
  {
    ruleId: 'exo-hold', severity: 'blocker', scope: 'mailbox', hold: 'in-place', pattern: /In-PlaceHold Hold/i,
    title: 'On an in-place or retention policy hold', cause: { one: 'is on an in-place or retention policy hold', many: 'are on an in-place or retention policy hold' },
    fix: 'Exclude the mailbox from the retention policy or remove the hold once your compliance team agrees, or leave it out of the batch.',
  },
  {
    ruleId: 'exo-hold', severity: 'blocker', scope: 'mailbox', hold: 'organizational', pattern: /Organizational Hold/i,
    title: 'On an organisation-wide hold', cause: { one: 'is on an organisation-wide hold', many: 'are on an organisation-wide hold' },
    fix: 'An organisation-wide retention policy holds the mailbox: exclude it from the policy once your compliance team agrees, or leave it out of the batch.',
  },
  {
    ruleId: 'exo-hold', severity: 'blocker', scope: 'mailbox', hold: 'archive-substrate', pattern: /SubstrateHolds folder/i,
    title: 'Archive has SubstrateHolds items', cause: { one: 'has SubstrateHolds items in its archive', many: 'have SubstrateHolds items in their archives' },
    fix: 'Remove the items of the archive\'s SubstrateHolds folder (the script suggests MFCMapi) before creating the move for this mailbox.',
  },
  {
    ruleId: 'exo-scope-group-missing', severity: 'blocker', scope: 'mailbox', pattern: /NOT within the MailboxMovePublishedScopes/i,
    title: 'Not in the scope group', cause: { one: 'is not in the scope group', many: 'are not in the scope group' },
    fix: 'Add the source mailbox as a direct member of the first group in the source organisation relationship\'s MailboxMovePublishedScopes (the script does not look into nested groups).',
  },
  {
    ruleId: 'exo-dumpster-quota', severity: 'warning', scope: 'mailbox', pattern: /Dumpster size on SOURCE mailbox is bigger than/i,
    title: 'Recoverable items exceed the target quota', cause: { one: 'has more recoverable items than the target quota', many: 'have more recoverable items than the target quota' },
    fix: 'Raise the target MailUser\'s RecoverableItemsQuota or reduce the source mailbox\'s Recoverable Items; otherwise the move may fail.',
  },
  {
    ruleId: 'exo-guid-mismatch', severity: 'blocker', scope: 'mailbox', pattern: /ExchangeGuid mismatch|ArchiveGuid mismatch|has an archive present while source doesn't/i,
    title: 'ExchangeGuid or ArchiveGuid does not match', cause: { one: 'has a GUID mismatch', many: 'have a GUID mismatch' },
    fix: 'Stamp the source mailbox\'s ExchangeGuid (and ArchiveGuid when the source has an archive) on the target MailUser with Set-MailUser, or on-premises when it is directory-synchronised.',
  },
  {
    ruleId: 'exo-x500-missing', severity: 'blocker', scope: 'mailbox', pattern: /LegacyExchangeDN not found as an X500/i,
    title: 'LegacyExchangeDN missing as x500', cause: { one: 'lacks the source LegacyExchangeDN as an x500 address', many: 'lack the source LegacyExchangeDN as an x500 address' },
    fix: 'Add the source mailbox\'s LegacyExchangeDN to the target MailUser\'s EmailAddresses as an x500 address.',
  },
  {
    ruleId: 'exo-x500-missing', severity: 'warning', scope: 'mailbox', pattern: /is not present on the TARGET MailUser/i,
    title: 'A source x500 address is missing', cause: { one: 'lacks a source x500 address', many: 'lack source x500 addresses' },
    fix: 'Add every x500 address of the source mailbox to the target MailUser (a best practice: replies to old messages keep working).',
  },
  {
    ruleId: 'exo-primary-smtp-domain', severity: 'blocker', scope: 'mailbox', pattern: /does not belong to an accepted domain/i,
    title: 'Primary address not in a target domain', cause: { one: 'has a primary address outside the target\'s domains', many: 'have a primary address outside the target\'s domains' },
    fix: 'Set the target MailUser\'s primary SMTP address to one of the target\'s accepted domains.',
  },
  {
    ruleId: 'exo-foreign-proxy', severity: 'blocker', scope: 'mailbox', pattern: /is not part of your organization/i,
    title: 'Address in a domain the target does not own', cause: { one: 'has an address in a domain the target does not own', many: 'have addresses in domains the target does not own' },
    fix: 'Remove the addresses of domains the target tenant does not own from the target MailUser (NotAcceptedDomainException otherwise).',
  },
  {
    ruleId: 'exo-external-address', severity: 'blocker', scope: 'mailbox', pattern: /ExternalEmailAddress value/i,
    title: 'ExternalEmailAddress does not point to the source', cause: { one: 'has an ExternalEmailAddress that does not point to the source mailbox', many: 'have an ExternalEmailAddress that does not point to the source mailbox' },
    fix: 'Set the target MailUser\'s ExternalEmailAddress to the source mailbox\'s primary SMTP address.',
  },
  {
    ruleId: 'exo-app-missing', severity: 'blocker', scope: 'organization', pattern: /No AAD application for EXO has been found/i,
    title: 'No migration app in the target', cause: { one: 'no migration app', many: 'no migration app' },
    fix: 'Register the migration app in the target (multitenant, redirect https://office.com, Office 365 Exchange Online Mailbox.Migration application permission).',
  },
  {
    ruleId: 'exo-endpoint-missing', severity: 'blocker', scope: 'organization', pattern: /Expected Migration endpoint not found/i,
    title: 'No migration endpoint in the target', cause: { one: 'no endpoint', many: 'no endpoint' },
    fix: 'Create the migration endpoint in the target with New-MigrationEndpoint (after the source admin has consented to the app).',
  },
  {
    ruleId: 'exo-source-consent-missing', severity: 'blocker', scope: 'organization', pattern: /No AAD Application matching SOURCE AppId/i,
    title: 'The app is not consented in the source', cause: { one: 'no consent', many: 'no consent' },
    fix: 'A global admin of the source opens the admin consent URL of the migration app and accepts.',
  },
  {
    ruleId: 'exo-scope-group-missing', severity: 'blocker', scope: 'organization', pattern: /does not have a Mail-Enabled security group defined/i,
    title: 'No scope group on the source relationship', cause: { one: 'no scope group', many: 'no scope group' },
    fix: 'Create a mail-enabled security group in the source and name it in the source organisation relationship\'s MailboxMovePublishedScopes.',
  },
  {
    ruleId: 'exo-orgrel-source', severity: 'blocker', scope: 'organization', pattern: /Organization relationship on SOURCE tenant/i,
    title: 'The source organisation relationship is not right', cause: { one: 'source relationship', many: 'source relationship' },
    fix: 'In the source, set the relationship to the target tenant ID with -MailboxMoveEnabled:$true -MailboxMoveCapability RemoteOutbound and the app ID. The script prints the target\'s current value in this message, and reports a move-back setup ("Inbound, RemoteOutbound") as wrong although it is valid.',
  },
  {
    ruleId: 'exo-orgrel-target', severity: 'blocker', scope: 'organization', pattern: /Organization relationship on TARGET tenant/i,
    title: 'The target organisation relationship is not right', cause: { one: 'target relationship', many: 'target relationship' },
    fix: 'In the target, create or set the relationship to the source tenant ID with -Enabled:$true -MailboxMoveEnabled:$true -MailboxMoveCapability Inbound. When this line follows the source checks it may be about the source relationship (the script uses the TARGET wording there); check both.',
  },
];

/** The DirSynced follow-up line: it qualifies the finding before it rather than being a finding of its own. */
export const DIRSYNCED_ONLY = /^The object is DirSynced/i;
export const DIRSYNCED_INLINE = /The object is DirSynced/i;

export function classifyLogMessage(message: string): LogMessageKind | null {
  for (const kind of LOG_MESSAGE_KINDS) if (kind.pattern.test(message)) return kind;
  return null;
}
