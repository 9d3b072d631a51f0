/** Destination capacity and licence rules (spec 4, "Destination capacity and licences"). All tenant-wide. */
import type { EnvironmentProfile, MigrationProfile, StorageGb } from '../types.js';
import { SOURCES } from '../sources.js';
import { movableEnvironments } from './movable.js';
import { formatGb, listText, plural, type TenantRule } from './rule.js';

export const dstPaidSubscription: TenantRule = {
  id: 'dst-paid-subscription', severity: 'action', scope: 'tenant', source: SOURCES.tenantMoveSupportPath, guidance: 'legacy',
  basis: 'documented',
  condition: 'destination.paidSubscription is false',
  evaluate({ destination }) {
    if (destination.paidSubscription !== false) return null;
    return {
      title: 'Get a paid subscription in the destination tenant',
      detail: `${destination.tenantDomain} has no paid Dynamics 365, Power Apps or Copilot Studio subscription. Buy one, or `
        + 'convert the trial, before the move. The older support-path guidance required it; today\'s guide asks only that '
        + 'every mapped user is licensed, which needs such a plan anyway.',
    };
  },
};

interface MappedUsers {
  /** Sum over the movable environments that give mappedUsers: a lower bound when some do not. */
  total: number;
  /** Names of the movable environments whose mappedUsers are in the sum. */
  counted: string[];
  /** Movable environments without a user count. */
  uncounted: string[];
  /** Environments left out because they cannot move (a blocker of their own). */
  leftOut: string[];
}

function mappedUsers(profile: MigrationProfile): MappedUsers {
  const movable = movableEnvironments(profile);
  let total = 0;
  const counted: string[] = [];
  const uncounted: string[] = [];
  for (const env of movable) {
    if (env.mappedUsers === undefined) uncounted.push(env.name);
    else {
      total += env.mappedUsers;
      counted.push(env.name);
    }
  }
  const leftOut = profile.environments.filter((env) => !movable.includes(env)).map((env) => env.name);
  return { total, counted, uncounted, leftOut };
}

/** " (Contoso Dev is not counted: it cannot move)", or "". */
function leftOutNote(leftOut: readonly string[]): string {
  if (leftOut.length === 0) return '';
  return ` ${listText(leftOut)} ${leftOut.length === 1 ? 'is' : 'are'} not counted: ${leftOut.length === 1 ? 'it cannot' : 'they cannot'} move as planned.`;
}

/** Mapped users exceed free seats. Counting only the known files is enough: the true sum can only be larger. */
function mappedShortfall(profile: MigrationProfile): { mapped: MappedUsers; available: number } | null {
  const available = profile.destination.availableLicenses;
  if (available === undefined) return null;
  const mapped = mappedUsers(profile);
  return mapped.counted.length > 0 && mapped.total > available ? { mapped, available } : null;
}

export const dstLicensesMapped: TenantRule = {
  id: 'dst-licenses-mapped', severity: 'action', scope: 'tenant', source: SOURCES.tenantMove, guidance: 'current',
  basis: 'documented',
  condition: 'sum of mappedUsers over the environments that can move > availableLicenses',
  evaluate(profile) {
    const shortfall = mappedShortfall(profile);
    if (!shortfall) return null;
    const { mapped, available } = shortfall;
    const dst = profile.destination.tenantDomain;
    const notCounted = mapped.uncounted.length > 0
      ? ` (${listText(mapped.uncounted)} not counted: no user count was given)`
      : '';
    return {
      title: `${dst} needs up to ${plural(mapped.total - available, 'more licence')}`,
      detail: `The mapping files of ${listText(mapped.counted)} list ${plural(mapped.total, 'user')}${notCounted}, but ${dst} has `
        + `${plural(available, 'free licence')}.${leftOutNote(mapped.leftOut)} Every mapped user must exist, be enabled `
        + `and be licensed in both tenants, or the move fails: up to ${plural(mapped.total - available, 'more licence')} `
        + `${mapped.total - available === 1 ? 'is' : 'are'} needed before it. The true need may be lower: people who appear in several mapping files need one `
        + 'licence each, so count distinct people before you buy.',
    };
  },
};

export const dstLicensesActive: TenantRule = {
  id: 'dst-licenses-active', severity: 'warning', scope: 'tenant', source: SOURCES.tenantMoveSupportPath, guidance: 'legacy',
  basis: 'documented',
  condition: 'availableLicenses < source.activeLicensedUsers, and dst-licenses-mapped does not fire',
  evaluate(profile) {
    const { source, destination } = profile;
    const available = destination.availableLicenses;
    const active = source.activeLicensedUsers;
    if (available === undefined || active === undefined || available >= active || mappedShortfall(profile)) return null;
    const mapped = mappedUsers(profile);
    const mappedNote = mapped.counted.length > 0 && mapped.uncounted.length === 0
      ? `and the ${plural(mapped.total, 'mapped user')} of ${listText(mapped.counted)} fit in the free seats`
      : 'so check the mapping files against the free seats';
    return {
      title: `${destination.tenantDomain} has fewer free licences than ${source.tenantDomain} has active users`,
      detail: `${source.tenantDomain} has ${plural(active, 'active licensed user')} and ${destination.tenantDomain} has `
        + `${plural(available, 'free licence')}. The older support-path guidance asked for at least as many seats in the `
        + `destination as active users in the source; today's guide asks only that every mapped user is licensed, ${mappedNote}. `
        + 'Users who are left out of the mapping files are not migrated.',
    };
  },
};

const STORAGE_TYPES = ['database', 'file', 'log'] as const;
type StorageType = (typeof STORAGE_TYPES)[number];

interface StorageShortfall {
  type: StorageType | 'total';
  needed: number;
  available: number;
}

function totalOf(storage: StorageGb): number {
  return typeof storage === 'number' ? storage : STORAGE_TYPES.reduce((sum, type) => sum + (storage[type] ?? 0), 0);
}

/**
 * Per capacity type when the destination and every environment that gives storage give types; otherwise
 * totals. Environments without storage count as zero, so a shortfall found is real; an unknown destination
 * type (or total) stays silent.
 */
export function storageShortfalls(profile: MigrationProfile): StorageShortfall[] {
  return shortfallsOf(profile, countedForStorage(profile));
}

/** The movable environments that give their storage: the ones the storage rule adds up. */
function countedForStorage(profile: MigrationProfile): EnvironmentProfile[] {
  return movableEnvironments(profile).filter((env) => env.storageGb !== undefined);
}

function shortfallsOf(profile: MigrationProfile, counted: readonly EnvironmentProfile[]): StorageShortfall[] {
  const available = profile.destination.availableStorageGb;
  const used = counted.flatMap((env) => (env.storageGb === undefined ? [] : [env.storageGb]));
  if (available === undefined || used.length === 0) return [];
  if (typeof available === 'object' && used.every((s) => typeof s === 'object')) {
    return STORAGE_TYPES.flatMap((type) => {
      const free = available[type];
      if (free === undefined) return [];
      const needed = used.reduce<number>((sum, s) => sum + (typeof s === 'object' ? s[type] ?? 0 : 0), 0);
      return needed > free ? [{ type, needed, available: free }] : [];
    });
  }
  let free: number | undefined;
  if (typeof available === 'number') free = available;
  else if (STORAGE_TYPES.every((type) => available[type] !== undefined)) free = totalOf(available);
  if (free === undefined) return [];
  const needed = used.reduce<number>((sum, s) => sum + totalOf(s), 0);
  return needed > free ? [{ type: 'total', needed, available: free }] : [];
}

export const dstStorage: TenantRule = {
  id: 'dst-storage', severity: 'action', scope: 'tenant', source: SOURCES.tenantMoveSupportPath, guidance: 'legacy',
  basis: 'documented',
  condition: 'storage of the environments that can move > destination available storage (per type when both sides give types, else totals)',
  evaluate(profile) {
    const counted = countedForStorage(profile);
    const shortfalls = shortfallsOf(profile, counted);
    if (shortfalls.length === 0) return null;
    const movable = movableEnvironments(profile);
    const leftOut = profile.environments.filter((env) => !movable.includes(env)).map((env) => env.name);
    const dst = profile.destination.tenantDomain;
    const lines = shortfalls.map(({ type, needed, available }) => {
      const kind = type === 'total' ? 'storage in all' : `${type} capacity`;
      return `${formatGb(needed)} of ${kind} against ${formatGb(available)} free (${formatGb(needed - available)} short)`;
    });
    return {
      title: `Add storage capacity to ${dst}`,
      detail: `${listText(counted.map((env) => env.name))} ${counted.length === 1 ? 'uses' : 'use'} at least ${listText(lines)} `
        + `in ${dst}.${leftOutNote(leftOut)} Add capacity before the move: a tenant `
        + 'over its capacity cannot copy, restore or create environments. The older support-path guidance required the '
        + 'destination to have at least as much storage as the source; today\'s guide no longer says so.',
    };
  },
};

export const CAPACITY_RULES: readonly TenantRule[] = [dstPaidSubscription, dstLicensesMapped, dstLicensesActive, dstStorage];
