/**
 * The shape of one eligibility rule: its id, catalogue severity, source page (with its date), guidance and basis
 * next to the code that decides whether it fires. Rules are pure functions of the validated profile.
 */
import type {
  Basis, Cloud, EnvironmentProfile, Guidance, MigrationProfile, RegionCode, RuleId, Severity, SolutionId,
} from '../types.js';
import { CLOUD_NAMES, REGION_NAMES } from '../inputParsing.js';
import type { Source } from '../sources.js';

export interface RuleHit {
  title: string;
  detail: string;
  /**
   * The deciding fact is unknown, and it matters: the finding asks the admin to confirm it and is reported
   * as an `action`, never as a blocker (unknown inputs never block).
   */
  confirm?: boolean;
  /**
   * This case is not covered by the page the rule cites although the rule's other cases are (a cloud pair the
   * page does not name, say): the finding is reported as `inferred`, and its detail says so first.
   */
  inferred?: boolean;
}

/** Opening words of every inferred finding's detail: the admin reads first that this is our judgement. */
export const INFERRED_PREFIX = 'Microsoft\'s documentation does not cover';

export interface RuleMeta {
  id: RuleId;
  severity: Severity;
  /** The page the finding cites; its date comes with it (sources.ts). */
  source: Source;
  guidance: Guidance;
  /** `documented`: the source states the rule for this case; `inferred`: no page does, we conclude it. */
  basis: Basis;
  /** Other pages the rule's wording relies on, where two pages are needed (or disagree); named in the detail. */
  alsoSources?: readonly Source[];
  /** The condition in words, for docs/rules.md. */
  condition: string;
}

export interface TenantRule extends RuleMeta {
  scope: 'tenant';
  evaluate(profile: MigrationProfile): RuleHit | null;
}

export interface EnvironmentRule extends RuleMeta {
  scope: 'environment';
  evaluate(env: EnvironmentProfile, profile: MigrationProfile): RuleHit | null;
}

export type Rule = TenantRule | EnvironmentRule;

// Helpers shared by the rule files. They read defaults the same way the validator fills them, so a profile
// built in code without validation (the dialog) is assessed the same way.

export function cloudOf(tenant: { cloud?: Cloud }): Cloud {
  return tenant.cloud ?? 'commercial';
}

export function regionOf(env: EnvironmentProfile, profile: MigrationProfile): RegionCode {
  return env.region ?? profile.source.region;
}

export function regionLabel(code: RegionCode): string {
  return `${code} (${REGION_NAMES[code]})`;
}

export function cloudLabel(cloud: Cloud): string {
  return CLOUD_NAMES[cloud];
}

export function hasSolution(env: EnvironmentProfile, id: SolutionId): boolean {
  return env.solutions?.includes(id) ?? false;
}

export { listText, plural } from '../../text.js';

export function formatGb(value: number): string {
  return `${Math.round(value * 100) / 100} GB`;
}
