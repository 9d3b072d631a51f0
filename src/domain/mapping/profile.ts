/**
 * Where a mapping check meets an assessment: the tenants' known domains feed the domain checks, and the mapped
 * user count goes back into the environment's profile so the licence rules can be run again.
 */
import type { MigrationProfile } from '../assessment/types.js';
import type { MappingReport } from './types.js';

/** The domains a profile knows for each tenant (its tenant domains), for checkMappingFile's domain checks. */
export function mappingDomainsFromProfile(profile: MigrationProfile): { sourceDomains: string[]; destinationDomains: string[] } {
  return {
    sourceDomains: [profile.source.tenantDomain],
    destinationDomains: [profile.destination.tenantDomain],
  };
}

/**
 * A copy of the profile with the environment's mappedUsers set from the report; the input is not changed.
 * Environment names are unique case-insensitively (the assessment contract). Null when no environment has that
 * name or the file could not be read, so a refused upload never resets a known count to 0.
 */
export function withMappedUsers(profile: MigrationProfile, environmentName: string, report: MappingReport): MigrationProfile | null {
  if (!report.readable) return null;
  const wanted = environmentName.toLowerCase();
  const index = profile.environments.findIndex((e) => e.name.toLowerCase() === wanted);
  if (index === -1) return null;
  const environments = profile.environments.map((e, i) => (i === index ? { ...e, mappedUsers: report.mappedUsers } : e));
  return { ...profile, environments };
}
