/** The rule catalogue: every rule unit, tenant-wide and per environment. */
import { CAPACITY_RULES } from './capacityRules.js';
import { ENVIRONMENT_RULES } from './environmentRules.js';
import { ENVIRONMENT_PROCESS_RULES, TENANT_PROCESS_RULES } from './processRules.js';
import { REGION_RULES } from './regionRules.js';
import type { EnvironmentRule, Rule, TenantRule } from './rule.js';
import { SOLUTION_RULES } from './solutionRules.js';
import { TENANT_RULES } from './tenantRules.js';

export type { EnvironmentRule, Rule, RuleHit, TenantRule } from './rule.js';
export { storageShortfalls } from './capacityRules.js';

export const TENANT_WIDE_RULES: readonly TenantRule[] = [...TENANT_RULES, ...CAPACITY_RULES, ...TENANT_PROCESS_RULES];
export const PER_ENVIRONMENT_RULES: readonly EnvironmentRule[] = [
  ...REGION_RULES, ...ENVIRONMENT_RULES, ...ENVIRONMENT_PROCESS_RULES, ...SOLUTION_RULES,
];
export const RULES: readonly Rule[] = [...TENANT_WIDE_RULES, ...PER_ENVIRONMENT_RULES];
