/**
 * The assessment contract: migration profile in, assessment out.
 * Field names, codes and rule ids are a public interface (docs/assessment.md): never rename silently.
 * Pure types: no botbuilder, restify or lowdb imports anywhere under src/domain.
 */

export const REGION_CODES = [
  'NA', 'SAM', 'CAN', 'EUR', 'FRA', 'GER', 'CHE', 'NOR', 'UK', 'UAE',
  'ZAF', 'APJ', 'JPN', 'KOR', 'IND', 'OCE', 'SGP', 'CHN',
] as const;
export type RegionCode = (typeof REGION_CODES)[number];

export const CLOUDS = ['commercial', 'gcc', 'gcc-high', 'dod', 'china'] as const;
export type Cloud = (typeof CLOUDS)[number];

export const ENVIRONMENT_TYPES = ['production', 'sandbox', 'default', 'teams', 'trial', 'demo', 'developer'] as const;
export type EnvironmentType = (typeof ENVIRONMENT_TYPES)[number];

export const SOLUTION_IDS = [
  'canvas-solution-aware', 'canvas-non-solution-aware', 'custom-pages', 'component-library',
  'power-automate', 'copilot-studio', 'customer-voice', 'power-pages', 'power-apps-checker', 'cafe-x',
  'marketing', 'customer-insights-data', 'omnichannel', 'custom-connectors', 'connections', 'gateways',
  'mailboxes',
] as const;
export type SolutionId = (typeof SOLUTION_IDS)[number];

/** Storage in GB: either per capacity type or one total. */
export type StorageGb = number | { database?: number; file?: number; log?: number };

export interface SourceTenant {
  tenantDomain: string;
  tenantId?: string;
  region: RegionCode;
  cloud?: Cloud;
  activeLicensedUsers?: number;
  customerLockbox?: boolean;
}

export interface DestinationTenant {
  tenantDomain: string;
  tenantId?: string;
  region: RegionCode;
  cloud?: Cloud;
  paidSubscription?: boolean;
  availableLicenses?: number;
  marketingLicenses?: boolean;
  availableStorageGb?: StorageGb;
}

export interface EnvironmentProfile {
  name: string;
  id?: string;
  type: EnvironmentType;
  region?: RegionCode;
  hasDataverse?: boolean;
  managedEnvironment?: boolean;
  linkedToFinanceAndOperations?: boolean;
  storageGb?: StorageGb;
  mappedUsers?: number;
  sandboxCopyTested?: boolean;
  solutions?: SolutionId[];
}

/** A validated profile. Absent optional fields mean "unknown", never false. */
export interface MigrationProfile {
  source: SourceTenant;
  destination: DestinationTenant;
  environments: EnvironmentProfile[];
}

export {
  BASES, SEVERITIES, VERDICTS, type Basis, type Finding, type Guidance, type Severity, type Verdict,
} from '../findings.js';
import type { Finding, Verdict } from '../findings.js';

export interface EnvironmentAssessment {
  name: string;
  verdict: Verdict;
  findings: Finding[];
}

export interface MarketingStateItem {
  id: string;
  text: string;
}

export interface Assessment {
  verdict: Verdict;
  summary: string;
  environments: EnvironmentAssessment[];
  findings: Finding[];
  marketing: MarketingStateItem[] | null;
}

/** One validation problem, naming the field path and what is accepted. */
export interface ValidationIssue {
  path: string;
  message: string;
}

/**
 * Every rule id the engine can report, in catalogue order (spec section 4). Stable: adding one is
 * documented in docs/assessment.md, renaming one is a breaking change.
 */
export const RULE_IDS = [
  // Tenant and cloud
  'same-tenant', 'cloud-mismatch', 'cloud-sovereign', 'cloud-gcc', 'tenant-id-missing',
  // Region
  'region-change', 'region-change-restricted', 'region-change-oce-ind', 'marketing-same-geo',
  // Environment
  'env-type-unsupported', 'env-no-dataverse', 'env-managed', 'env-finops-linked', 'env-sandbox-rehearsal',
  // Destination capacity and licences
  'dst-paid-subscription', 'dst-licenses-mapped', 'dst-licenses-active', 'dst-storage',
  // Process
  'lockbox-approval', 'mapping-file-required', 'mapping-file-empty', 'admin-roles', 'request-windows',
  'post-move-admin-role', 'cutover-downtime', 'backups-not-migrated', 'integrations-reconfigure',
  // Solutions
  'sol-canvas-solution-aware', 'sol-canvas-non-solution-aware', 'sol-custom-pages', 'sol-component-library',
  'sol-power-automate', 'sol-connections', 'sol-copilot-studio', 'sol-customer-voice', 'sol-power-pages',
  'sol-checker-cafe-x', 'sol-marketing', 'sol-marketing-licenses', 'sol-customer-insights-data',
  'sol-omnichannel', 'sol-mailboxes',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

/** Ids of the Marketing post-migration state items (spec section 5), in the order they are reported. */
export const MARKETING_STATE_IDS = [
  'outbound-retired', 'app-upgraded', 'settings-kept', 'live-records-draft', 'interaction-data-missing', 'assets-missing',
  'analytics-missing', 'general-norms',
] as const;
export type MarketingStateId = (typeof MARKETING_STATE_IDS)[number];

/** The outcome of validating an untrusted profile: the normalised profile, or every problem at once. */
export type ProfileValidation =
  | { ok: true; profile: MigrationProfile }
  | { ok: false; issues: ValidationIssue[] };
