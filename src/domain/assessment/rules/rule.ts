/**
 * The shape of one eligibility rule: its id, catalogue severity, documentation URL and guidance next to the
 * code that decides whether it fires. Rules are pure functions of the validated profile.
 */
import type {
  Cloud, EnvironmentProfile, Guidance, MigrationProfile, RegionCode, RuleId, Severity, SolutionId,
} from '../types.js';
import { CLOUD_NAMES, REGION_NAMES } from '../inputParsing.js';

export interface RuleHit {
  title: string;
  detail: string;
  /**
   * The deciding fact is unknown, and it matters: the finding asks the admin to confirm it and is reported
   * as an `action`, never as a blocker (unknown inputs never block).
   */
  confirm?: boolean;
}

interface RuleMeta {
  id: RuleId;
  severity: Severity;
  source: string;
  guidance: Guidance;
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
