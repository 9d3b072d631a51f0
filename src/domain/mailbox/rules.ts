/**
 * The mailbox-move readiness rules (spec section 3): each with its id, severity, source page and date, guidance and
 * basis next to the code that decides whether it fires. Pure functions of the validated profile; absent facts are
 * unknown, and an unknown fact never blocks (it asks the admin to confirm, as an action).
 */
import { CLOUD_NAMES } from '../assessment/inputParsing.js';
import type { Basis, Guidance, Severity } from '../findings.js';
import { formatNumber, listText, plural } from '../text.js';
import { EXO_SOURCES, type SourcePage } from './sources.js';
import type { MailboxMoveProfile, MailboxRuleId } from './types.js';
import { DEFAULT_SCOPE_GROUP, consentUrl } from './names.js';

export interface MailboxRuleHit {
  title: string;
  detail: string;
}

export interface MailboxRule {
  id: MailboxRuleId;
  severity: Severity;
  source: SourcePage;
  guidance: Guidance;
  basis: Basis;
  evaluate(profile: MailboxMoveProfile): MailboxRuleHit | null;
}

export const MAX_AUX_ARCHIVES = 12;
export const MAX_BATCH_SIZE = 2_000;
export const LARGE_SCOPE_GROUP = 10_000;

const mailboxCount = (p: MailboxMoveProfile): string => plural(p.mailboxes, 'mailbox', 'mailboxes').replace(/^\d+/, formatNumber(p.mailboxes));
const src = (p: MailboxMoveProfile): string => p.source.initialDomain;
const dst = (p: MailboxMoveProfile): string => p.target.initialDomain;

export const MAILBOX_RULES: readonly MailboxRule[] = [
  {
    id: 'exo-cross-cloud', severity: 'blocker', source: EXO_SOURCES.crossTenant, guidance: 'current', basis: 'documented',
    evaluate(p) {
      if (p.source.cloud === p.target.cloud) return null;
      return {
        title: 'Mailboxes cannot move between clouds',
        detail: `${src(p)} is in ${CLOUD_NAMES[p.source.cloud]} and ${dst(p)} is in ${CLOUD_NAMES[p.target.cloud]}. `
          + 'Cross-tenant mailbox migration works only between tenants in the same cloud instance (no moves between '
          + 'the worldwide cloud and a government or sovereign cloud). Pick a target tenant in the same cloud, or use a third-party migration tool.',
      };
    },
  },
  {
    id: 'exo-same-domain', severity: 'blocker', source: EXO_SOURCES.crossTenant, guidance: 'current', basis: 'documented',
    evaluate(p) {
      const target = new Set(p.target.domains ?? []);
      const shared = (p.source.domains ?? []).filter((d) => target.has(d));
      if (shared.length === 0) return null;
      return {
        title: `${listText(shared)} ${shared.length === 1 ? 'is' : 'are'} listed in both tenants`,
        detail: `Both ${src(p)} and ${dst(p)} list ${listText(shared)}. A domain can be verified in one tenant only, and the `
          + 'source and target of a cross-tenant move must use different domain names: give the target MailUsers addresses in '
          + 'the target\'s own domains, and move the domain only after the mailboxes have moved.',
      };
    },
  },
  {
    id: 'exo-license-missing', severity: 'action', source: EXO_SOURCES.crossTenant, guidance: 'current', basis: 'documented',
    evaluate(p) {
      const have = p.migrationLicences;
      if (have !== undefined && have >= p.mailboxes) return null;
      const gap = have === undefined
        ? `You did not say how many Cross Tenant User Data Migration licences you have for the ${mailboxCount(p)}.`
        : `You have ${formatNumber(have)} Cross Tenant User Data Migration ${have === 1 ? 'licence' : 'licences'} for ${mailboxCount(p)}: ${formatNumber(p.mailboxes - have)} short.`;
      return {
        title: have === undefined ? 'Confirm the migration licences' : 'Buy more migration licences',
        detail: `${gap} Each moving user needs one (a one-time, per-user add-on); assign it to the user in the source or in `
          + 'the target tenant before the batch starts, or the move fails (CrossTenantMigrationWithoutLicensePermanentException).',
      };
    },
  },
  {
    id: 'exo-hold', severity: 'blocker', source: EXO_SOURCES.crossTenant, guidance: 'current', basis: 'documented',
    evaluate(p) {
      if (p.holds !== true) return null;
      return {
        title: 'Mailboxes on hold cannot move',
        detail: `You said some of the mailboxes in ${src(p)} are on a hold (litigation, retention, eDiscovery or delay hold). `
          + 'Mailboxes on any hold are not migrated. Release the holds (after your compliance team agrees, and export what '
          + 'must be kept), or leave those mailboxes out of the batch; the validation script names each held mailbox and its hold.',
      };
    },
  },
  {
    id: 'exo-aux-archives', severity: 'blocker', source: EXO_SOURCES.crossTenant, guidance: 'current', basis: 'documented',
    evaluate(p) {
      if (p.maxAuxArchives === undefined || p.maxAuxArchives <= MAX_AUX_ARCHIVES) return null;
      return {
        title: `A mailbox has more than ${MAX_AUX_ARCHIVES} auxiliary archives`,
        detail: `You said a mailbox has ${formatNumber(p.maxAuxArchives)} auxiliary archives. Mailboxes with more than `
          + `${MAX_AUX_ARCHIVES} auxiliary archives cannot be moved across tenants; leave them out of the batch.`,
      };
    },
  },
  {
    id: 'exo-auto-expanding-archive', severity: 'warning', source: EXO_SOURCES.crossTenant, guidance: 'current', basis: 'documented',
    evaluate(p) {
      if (p.autoExpandingArchives !== true) return null;
      return {
        title: 'Auto-expanding archives can fail the move',
        detail: 'You said auto-expanding archiving is on. If an archive provisions a new auxiliary archive while its mailbox is '
          + 'moving, that move fails (SourceAuxArchiveIsProvisionedDuringCrossTenantMovePermanentException); move the '
          + 'mailboxes with large, growing archives in a batch of their own and retry the ones that fail.',
      };
    },
  },
  {
    id: 'exo-scope-group-missing', severity: 'action', source: EXO_SOURCES.crossTenant, guidance: 'current', basis: 'documented',
    evaluate(p) {
      if (p.scopeGroup) return null;
      return {
        title: 'Create the scope group in the source',
        detail: `The source admin of ${src(p)} creates a mail-enabled security group, adds the ${mailboxCount(p)} to it and `
          + 'names it in the source organisation relationship (MailboxMovePublishedScopes). A mailbox outside the group fails '
          + `with MailboxNotInCrossTenantMigrationScopeException. The commands below use the name "${DEFAULT_SCOPE_GROUP}".`,
      };
    },
  },
  {
    id: 'exo-scope-group-nested', severity: 'warning', source: EXO_SOURCES.crossTenant, guidance: 'current', basis: 'documented',
    evaluate(p) {
      if (p.scopeGroup?.nested !== true) return null;
      return {
        title: `${p.scopeGroup.name} contains other groups`,
        detail: `The scope group ${p.scopeGroup.name} has nested groups. Today's page calls nested groups supported but not `
          + 'recommended (the 2022 setup page said unsupported), and Microsoft\'s validation script checks only direct members, '
          + 'so it reports the members of nested groups as out of scope. Add the mailboxes to the group directly.',
      };
    },
  },
  {
    id: 'exo-scope-group-large', severity: 'info', source: EXO_SOURCES.crossTenant, guidance: 'current', basis: 'documented',
    evaluate(p) {
      const members = p.scopeGroup?.members;
      if (members === undefined || members <= LARGE_SCOPE_GROUP) return null;
      return {
        title: `Split ${p.scopeGroup!.name} into smaller groups`,
        detail: `The scope group ${p.scopeGroup!.name} has ${formatNumber(members)} members. Above ${formatNumber(LARGE_SCOPE_GROUP)} `
          + 'users, Microsoft recommends several groups, each named in MailboxMovePublishedScopes.',
      };
    },
  },
  {
    id: 'exo-app-missing', severity: 'action', source: EXO_SOURCES.crossTenant, guidance: 'current', basis: 'documented',
    evaluate(p) {
      if (p.migrationApp) return null;
      return {
        title: `Register the migration app in ${dst(p)}`,
        detail: `The target admin of ${dst(p)} registers a multitenant app with the Office 365 Exchange Online application `
          + 'permission Mailbox.Migration and the redirect URI https://office.com, grants it admin consent and creates a client '
          + 'secret. The steps are below; keep the Application (client) ID for the source admin\'s consent and the endpoint.',
      };
    },
  },
  {
    id: 'exo-source-consent-missing', severity: 'action', source: EXO_SOURCES.crossTenant, guidance: 'current', basis: 'documented',
    evaluate(p) {
      if (p.migrationApp?.consentedInSource === true) return null;
      return {
        title: `The source admin of ${src(p)} consents to the app`,
        detail: `${p.migrationApp?.consentedInSource === false
          ? `You said the source admin has not yet consented to the migration app ${p.migrationApp.appId}.`
          : 'You did not say whether the source admin has consented to the migration app.'} `
          + `A global admin of ${src(p)} opens ${consentUrl(p) ?? 'the consent URL (given below once the app\'s ID is known)'} `
          + 'and accepts; without it the migration endpoint cannot be created.',
      };
    },
  },
  {
    id: 'exo-target-mailuser-missing', severity: 'action', source: EXO_SOURCES.crossTenant, guidance: 'current', basis: 'documented',
    evaluate(p) {
      if (p.targetMailUsers === 'prepared') return null;
      const state = p.targetMailUsers === 'missing' ? 'You said the target MailUsers do not exist yet.'
        : p.targetMailUsers === 'partly' ? 'You said only some target MailUsers are prepared.'
          : 'You did not say whether the target MailUsers are prepared.';
      return {
        title: `Prepare a MailUser in ${dst(p)} for each mailbox`,
        detail: `${state} Each of the ${mailboxCount(p)} needs a MailUser in the target with the source mailbox's ExchangeGuid `
          + '(and ArchiveGuid when it has an archive), its LegacyExchangeDN and every x500 address as x500 proxies, a primary '
          + 'address in a target domain, an ExternalEmailAddress pointing to the source mailbox, and no address in a domain the '
          + 'target does not own. The validation script checks each one.',
      };
    },
  },
  {
    id: 'exo-previous-mailbox', severity: 'action', source: EXO_SOURCES.crossTenant, guidance: 'current', basis: 'documented',
    evaluate(p) {
      if (p.previousMailboxes !== true) return null;
      return {
        title: 'Clear the previous mailbox data in the target',
        detail: `You said some target users in ${dst(p)} had a mailbox before. Clear it before the move with `
          + 'Set-User -PermanentlyClearPreviousMailboxInfo, which cannot be undone: check first with Get-User that the old '
          + 'mailbox holds nothing you need.',
      };
    },
  },
  {
    id: 'exo-license-before-guid', severity: 'warning', source: EXO_SOURCES.crossTenant, guidance: 'current', basis: 'documented',
    evaluate(p) {
      if (p.licencesBeforeGuid !== true) return null;
      return {
        title: 'Exchange licences came before the ExchangeGuid',
        detail: `You said Exchange licences were assigned in ${dst(p)} before ExchangeGuid was stamped on the MailUsers. Exchange `
          + 'may then have created new, empty mailboxes; check those users with Get-User (RecipientType) and clear them before the '
          + 'move. For the others, assign Exchange licences after the move (there is a 30-day grace period).',
      };
    },
  },
  {
    id: 'exo-dehydrated', severity: 'action', source: EXO_SOURCES.crossTenant, guidance: 'current', basis: 'documented',
    evaluate(p) {
      if (p.target.dehydrated !== true) return null;
      return {
        title: `Enable organisation customisation in ${dst(p)}`,
        detail: `You said ${dst(p)} is dehydrated (Get-OrganizationConfig shows IsDehydrated True). Run `
          + 'Enable-OrganizationCustomization in the target before creating the migration endpoint; the command is below.',
      };
    },
  },
  {
    id: 'exo-batch-size', severity: 'warning', source: EXO_SOURCES.crossTenant, guidance: 'current', basis: 'documented',
    evaluate(p) {
      if (p.batchSize === undefined || p.batchSize <= MAX_BATCH_SIZE) return null;
      return {
        title: `Batches of ${formatNumber(p.batchSize)} are too large`,
        detail: `You plan ${formatNumber(p.batchSize)} mailboxes per batch. Microsoft recommends at most ${formatNumber(MAX_BATCH_SIZE)} `
          + 'per migration batch, submitted about two weeks before the cut-over; split the batch CSV.',
      };
    },
  },
  {
    id: 'exo-move-back', severity: 'info', source: EXO_SOURCES.crossTenant, guidance: 'current', basis: 'inferred',
    evaluate(p) {
      if (p.moveBack !== true) return null;
      return {
        title: 'A later move back needs its own setup',
        detail: 'Microsoft\'s documentation does not describe a move back step by step; we infer it from the setup, which works in '
          + `one direction only. A later move from ${dst(p)} back to ${src(p)} needs the mirror image: a migration app and `
          + `endpoint in ${src(p)}, a scope group in ${dst(p)}, and organisation relationships whose MailboxMoveCapability is `
          + '"Inbound, RemoteOutbound" on both sides (Microsoft\'s validation script then reports the capability as wrong although it is valid).',
      };
    },
  },
  {
    id: 'exo-hybrid', severity: 'info', source: EXO_SOURCES.crossTenant, guidance: 'current', basis: 'documented',
    evaluate(p) {
      const sides = [p.source.hybrid ? src(p) : null, p.target.hybrid ? dst(p) : null].filter((s): s is string => s !== null);
      if (sides.length === 0) return null;
      return {
        title: 'Hybrid tenants: on-premises attributes and targetAddress',
        detail: `${listText(sides)} ${sides.length === 1 ? 'synchronises' : 'synchronise'} from on-premises. Cross-tenant moves work `
          + 'with hybrid tenants, but attributes of synchronised objects (ExchangeGuid, x500 addresses, ExternalEmailAddress) are '
          + 'changed on-premises and synchronised, not in Exchange Online; after the move, update the on-premises targetAddress '
          + '(and Enable-RemoteMailbox where you manage mailboxes on-premises).',
      };
    },
  },
  {
    id: 'exo-source-content-gone', severity: 'info', source: EXO_SOURCES.crossTenant, guidance: 'current', basis: 'documented',
    evaluate(p) {
      return {
        title: `The mailboxes leave ${src(p)} for good`,
        detail: `After the move each source mailbox in ${src(p)} becomes a MailUser pointing to ${dst(p)}; its content is gone from `
          + 'the source, and source eDiscovery no longer finds it. Export what the source organisation must keep before the batch starts.',
      };
    },
  },
];

export const MAILBOX_RULE_BY_ID: ReadonlyMap<string, MailboxRule> = new Map(MAILBOX_RULES.map((rule) => [rule.id, rule]));
