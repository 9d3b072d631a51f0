/**
 * Region rules (spec 4, "Region"), per environment: the environment's region (default: the source tenant's)
 * against the destination tenant's. Exactly one of the three region-change rules fires when they differ.
 */
import type { Cloud, EnvironmentProfile, MigrationProfile, RegionCode } from '../types.js';
import { DOCS } from '../sources.js';
import { cloudLabel, cloudOf, hasSolution, regionLabel, regionOf, type EnvironmentRule } from './rule.js';

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
  id: 'region-change-restricted', severity: 'blocker', scope: 'environment', source: DOCS.geoMigration, guidance: 'current',
  evaluate(env, profile) {
    const move = regionMove(env, profile);
    const reason = move && restrictedReason(move, profile);
    if (!move || !reason) return null;
    return {
      title: `${env.name} cannot change region`,
      detail: `${moveText(env, move, profile)} Region changes into or out of ${reason} are not supported, so this `
        + `environment can only move to a destination in ${move.from}.`,
    };
  },
};

export const regionChangeOceInd: EnvironmentRule = {
  id: 'region-change-oce-ind', severity: 'support', scope: 'environment', source: DOCS.geoMigration, guidance: 'current',
  evaluate(env, profile) {
    const move = regionMove(env, profile);
    if (!move || restrictedReason(move, profile)) return null;
    const geo = restrictedGeo(move);
    if (!geo) return null;
    return {
      title: `${env.name} changes region through a restricted geography`,
      detail: `${moveText(env, move, profile)} ${regionLabel(geo)} is a restricted geography: only Microsoft support `
        + 'can approve and run a region change into or out of it, and the destination tenant becomes multi-region. '
        + 'The older support-path guidance said such changes were not supported at all; current guidance calls them restricted.',
    };
  },
};

export const regionChange: EnvironmentRule = {
  id: 'region-change', severity: 'support', scope: 'environment', source: DOCS.geoMigration, guidance: 'current',
  evaluate(env, profile) {
    const move = regionMove(env, profile);
    if (!move || restrictedReason(move, profile) || restrictedGeo(move)) return null;
    return {
      title: `${env.name} changes region: Microsoft support must do it`,
      detail: `${moveText(env, move, profile)} The self-service move (PowerShell or admin center) keeps an environment `
        + `in its region; a change to ${move.to} is done by Microsoft support, makes ${profile.destination.tenantDomain} `
        + 'a multi-region tenant, changes the environment URL and takes several days. Open the support request early.',
    };
  },
};

export const marketingSameGeo: EnvironmentRule = {
  id: 'marketing-same-geo', severity: 'blocker', scope: 'environment', source: DOCS.marketingTenantMove, guidance: 'current',
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
