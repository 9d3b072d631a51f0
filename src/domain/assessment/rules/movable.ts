/**
 * Which environments can move: those with no blocker of their own (spec section 7: seats, storage and the
 * per-environment mapping-file findings count only these). A tenant-wide blocker (same-tenant, a cloud mismatch)
 * binds every environment but is not "its own": the counts still describe what the plan would move once it is fixed.
 * A "confirm" finding is an action, never a blocker, so an unknown fact never takes an environment out of the count.
 */
import type { EnvironmentProfile, MigrationProfile } from '../types.js';
import { ENVIRONMENT_RULES } from './environmentRules.js';
import { REGION_RULES } from './regionRules.js';
import type { EnvironmentRule } from './rule.js';
import { SOLUTION_RULES } from './solutionRules.js';

const BLOCKING_RULES: readonly EnvironmentRule[] = [...REGION_RULES, ...ENVIRONMENT_RULES, ...SOLUTION_RULES]
  .filter((rule) => rule.severity === 'blocker');

export function canMove(env: EnvironmentProfile, profile: MigrationProfile): boolean {
  return BLOCKING_RULES.every((rule) => {
    const hit = rule.evaluate(env, profile);
    return hit === null || hit.confirm === true;
  });
}

export function movableEnvironments(profile: MigrationProfile): EnvironmentProfile[] {
  return profile.environments.filter((env) => canMove(env, profile));
}
