/**
 * The mailbox-move contract (docs/mailbox-moves.md): a mailbox-move profile in, a readiness out, in the shape of
 * the Power Platform assessment and with the same finding machinery (src/domain/findings.ts). Field names and rule
 * ids are a public interface: never rename silently. Pure types.
 */
import type { Cloud } from '../assessment/types.js';
import type { Finding, Verdict } from '../findings.js';

export type { Cloud } from '../assessment/types.js';
export type { Basis, Finding, Guidance, Severity, Verdict } from '../findings.js';

export interface MailboxTenant {
  /** The tenant ID (GUID): organisation relationships name the partner by it. */
  tenantId: string;
  /** The tenant's initial domain (contoso.onmicrosoft.com): the migration endpoint names the source by it. */
  initialDomain: string;
  cloud: Cloud;
  /** Custom domains the tenant owns (lower case). */
  domains?: string[];
  /** Exchange hybrid or directory synchronisation from on-premises. */
  hybrid?: boolean;
}

export interface MailboxTargetTenant extends MailboxTenant {
  /** Get-OrganizationConfig IsDehydrated. */
  dehydrated?: boolean;
}

export interface ScopeGroup {
  name: string;
  nested?: boolean;
  members?: number;
}

export interface MigrationApp {
  appId: string;
  consentedInSource?: boolean;
}

export const TARGET_MAILUSER_STATES = ['prepared', 'partly', 'missing'] as const;
export type TargetMailUserState = (typeof TARGET_MAILUSER_STATES)[number];

export interface MailboxUser {
  source: string;
  target: string;
}

/** A validated profile. Absent optional fields mean "unknown", never false. */
export interface MailboxMoveProfile {
  source: MailboxTenant;
  target: MailboxTargetTenant;
  mailboxes: number;
  migrationLicences?: number;
  holds?: boolean;
  maxAuxArchives?: number;
  autoExpandingArchives?: boolean;
  scopeGroup?: ScopeGroup;
  migrationApp?: MigrationApp;
  targetMailUsers?: TargetMailUserState;
  previousMailboxes?: boolean;
  licencesBeforeGuid?: boolean;
  batchSize?: number;
  moveBack?: boolean;
  users?: MailboxUser[];
}

/** Who runs a command: the target tenant's admin (first) or the source tenant's. */
export const COMMAND_SIDES = ['target', 'source'] as const;
export type CommandSide = (typeof COMMAND_SIDES)[number];

/** powershell: paste into PowerShell; portal: numbered clicks; url: open in a browser signed in as that admin. */
export type CommandKind = 'powershell' | 'portal' | 'url';

export interface MailboxCommand {
  side: CommandSide;
  /** Stable id of the step (connect, app, consent, dehydrated, endpoint, orgrel, ...). */
  step: string;
  kind: CommandKind;
  purpose: string;
  command: string;
}

export interface MailboxFiles {
  /** Migration batch CSV: header EmailAddress, one target address per line, CRLF. */
  batchCsv: string;
  /** The validation script's CSV: SourceUser,TargetUser. */
  validationCsv: string;
}

export interface MailboxReadiness {
  verdict: Verdict;
  summary: string;
  findings: Finding[];
  commands: MailboxCommand[];
  /** null when the profile lists no users. */
  files: MailboxFiles | null;
}

export interface ValidationIssue {
  path: string;
  message: string;
}

export type MailboxProfileValidation =
  | { ok: true; profile: MailboxMoveProfile }
  | { ok: false; issues: ValidationIssue[] };

/** Rule ids of the readiness engine (spec section 3), in catalogue order. */
export const MAILBOX_RULE_IDS = [
  'exo-cross-cloud', 'exo-same-domain', 'exo-license-missing', 'exo-hold', 'exo-aux-archives',
  'exo-auto-expanding-archive', 'exo-scope-group-missing', 'exo-scope-group-nested', 'exo-scope-group-large',
  'exo-app-missing', 'exo-source-consent-missing', 'exo-target-mailuser-missing', 'exo-previous-mailbox',
  'exo-license-before-guid', 'exo-dehydrated', 'exo-batch-size', 'exo-move-back', 'exo-hybrid',
  'exo-source-content-gone',
] as const;
export type MailboxRuleId = (typeof MAILBOX_RULE_IDS)[number];

/** Rule ids the validation-log reader reports (spec section 5). */
export const LOG_RULE_IDS = [
  'exo-source-mailbox-missing', 'exo-target-mailuser-missing', 'exo-aux-archives', 'exo-license-missing', 'exo-hold',
  'exo-scope-group-missing', 'exo-dumpster-quota', 'exo-guid-mismatch', 'exo-x500-missing', 'exo-primary-smtp-domain',
  'exo-foreign-proxy', 'exo-external-address', 'exo-app-missing', 'exo-endpoint-missing', 'exo-source-consent-missing',
  'exo-orgrel-target', 'exo-orgrel-source',
] as const;
export type LogRuleId = (typeof LOG_RULE_IDS)[number];

export const HOLD_KINDS = [
  'litigation', 'delay', 'delay-release', 'retention-label', 'in-place', 'legacy-ediscovery', 'organizational',
  'archive-substrate',
] as const;
export type HoldKind = (typeof HOLD_KINDS)[number];
