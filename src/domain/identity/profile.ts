/**
 * Where an identity map meets an assessment: one usermapping.csv, exported from the map, serves every environment
 * (docs/plan.md), so each environment's mapped user count is the map's count of people for environments. The
 * assessment's seat check (dst-licenses-mapped) is then run again on the new profile.
 */
import type { MigrationProfile } from '../assessment/types.js';

/**
 * A copy of the profile with every environment's mappedUsers set to `mappedUsers`; null when every environment
 * already has that count (nothing to run again). The input is not changed.
 */
export function withIdentityMapCount(profile: MigrationProfile, mappedUsers: number): MigrationProfile | null {
  if (profile.environments.every((e) => e.mappedUsers === mappedUsers)) return null;
  return { ...profile, environments: profile.environments.map((e) => ({ ...e, mappedUsers })) };
}
