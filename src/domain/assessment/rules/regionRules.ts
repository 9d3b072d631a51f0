/**
 * Region rules (spec 4, "Region"), per environment: the environment's region (default: the source tenant's)
 * against the destination tenant's. Exactly one of the three region-change rules fires when they differ.
 */
import type { Cloud, EnvironmentProfile, MigrationProfile, RegionCode } from '../types.js';
import { SOURCES } from '../sources.js';
import { INFERRED_PREFIX, cloudLabel, cloudOf, hasSolution, regionLabel, regionOf, type EnvironmentRule } from './rule.js';

/** Clouds where geo changes are not supported (older guidance: US GCC, GCC High, DoD; GEO guide: GCC, GCC High). */
const NO_GEO_CHANGE_CLOUDS: readonly Cloud[] = ['gcc', 'gcc-high', 'dod'];
const RESTRICTED_GEOS: readonly RegionCode[] = ['OCE', 'IND'];

interface RegionMove {
  from: RegionCode;
  to: RegionCode;
}

function regionMove(env: EnvironmentProfile, profile: MigrationProfile): RegionMove | null {
  const from = regionOf(env, profile);
  const to = profile.destination.region;
  return from === to ? null : { from, to };
}

/** Why the region change is barred outright, or null. */
function restrictedReason({ from, to }: RegionMove, profile: MigrationProfile): string | null {
  if (from === 'CHN' || to === 'CHN') return 'China (operated by 21Vianet)';
  const clouds = [cloudOf(profile.source), cloudOf(profile.destination)];
  const cloud = clouds.find((c) => NO_GEO_CHANGE_CLOUDS.includes(c));
  return cloud ? cloudLabel(cloud) : null;
}

function restrictedGeo({ from, to }: RegionMove): RegionCode | undefined {
  return RESTRICTED_GEOS.find((geo) => geo === from || geo === to);
}

function moveText(env: EnvironmentProfile, { from, to }: RegionMove, profile: MigrationProfile): string {
  return `${env.name} is in ${regionLabel(from)} and the destination tenant ${profile.destination.tenantDomain} is in ${regionLabel(to)}.`;
}

export const regionChangeRestricted: EnvironmentRule = {
  id: 'region-change-restricted', severity: 'blocker', scope: 'environment', source: SOURCES.geoMigration, guidance: 'current',
  basis: 'documented', alsoSources: [SOURCES.tenantMoveSupportPath],
  condition: 'the region differs, and either side is CHN or either cloud is gcc, gcc-high or dod',
  evaluate(env, profile) {
    const move = regionMove(env, profile);
    const reason = move && restrictedReason(move, profile);
    if (!move || !reason) return null;
    return {
      title: `${env.name} cannot change region`,
      detail: `${moveText(env, move, profile)} Region changes into or out of ${reason} are not supported (the geo-to-geo `
        + 'page names GCC, GCC High and China; the older support-path guidance also names DoD), so this environment can '
        + `only move to a destination in ${move.from}.`,
    };
  },
};

export const regionChangeOceInd: EnvironmentRule = {
  id: 'region-change-oce-ind', severity: 'support', scope: 'environment', source: SOURCES.geoMigration, guidance: 'current',
  basis: 'inferred', alsoSources: [SOURCES.tenantMoveSupportPath],
  condition: 'the region differs, either side is OCE or IND, and region-change-restricted does not apply',
  evaluate(env, profile) {
    const move = regionMove(env, profile);
    if (!move || restrictedReason(move, profile)) return null;
    const geo = restrictedGeo(move);
    if (!geo) return null;
    return {
      title: `${env.name} changes region through a restricted geography`,
      detail: `${INFERRED_PREFIX} whether a region change into or out of ${regionLabel(geo)} can go with a tenant-to-tenant `
        + 'move; we assume only Microsoft support can approve and run it, if at all. The older support-path guidance said '
        + 'such changes were not supported; the geo-to-geo page calls the geography restricted. '
        + `${moveText(env, move, profile)} Ask Microsoft support before planning this move.`,
    };
  },
};

export const regionChange: EnvironmentRule = {
  id: 'region-change', severity: 'support', scope: 'environment', source: SOURCES.geoMigration, guidance: 'current',
  basis: 'inferred', alsoSources: [SOURCES.tenantMove],
  condition: 'an environment\'s region != destination.region, none of the restricted cases involved',
  evaluate(env, profile) {
    const move = regionMove(env, profile);
    if (!move || restrictedReason(move, profile) || restrictedGeo(move)) return null;
    return {
      title: `${env.name} changes region: ask Microsoft support`,
      detail: `${INFERRED_PREFIX} changing region during a tenant-to-tenant move; we assume the region change is a `
        + 'separate geo-to-geo move that Microsoft support runs. The tenant-to-tenant page links the environment to the '
        + 'other tenant, keeps its URL, organization ID and name, and says nothing about regions. '
        + `${moveText(env, move, profile)} The geo-to-geo page says such a move changes the environment ID and URL, and `
        + 'that an environment created in a macro-region needs the Advanced Data Residency add-on first. Open the '
        + 'support request early.',
    };
  },
};

export const marketingSameGeo: EnvironmentRule = {
  id: 'marketing-same-geo', severity: 'blocker', scope: 'environment', source: SOURCES.marketingTenantMove, guidance: 'current',
  basis: 'documented',
  condition: 'an environment with marketing changes region',
  evaluate(env, profile) {
    const move = regionMove(env, profile);
    if (!move || !hasSolution(env, 'marketing')) return null;
    return {
      title: `${env.name} has Marketing and cannot change region`,
      detail: `${moveText(env, move, profile)} Dynamics 365 Marketing (Customer Insights - Journeys) moves between `
        + `tenants only inside the same geography: the destination must be in ${move.from} for ${env.name} to move with Marketing.`,
    };
  },
};

export const REGION_RULES: readonly EnvironmentRule[] = [regionChange, regionChangeRestricted, regionChangeOceInd, marketingSameGeo];
