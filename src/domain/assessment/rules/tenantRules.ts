/** Tenant and cloud rules (spec 4, "Tenant and cloud"). All tenant-wide. */
import type { Cloud } from '../types.js';
import { SOURCES } from '../sources.js';
import { INFERRED_PREFIX, cloudLabel, cloudOf, type TenantRule } from './rule.js';

/** Clouds with no documented tenant-to-tenant path of their own. */
const SOVEREIGN_CLOUDS: readonly Cloud[] = ['gcc-high', 'dod', 'china'];

export const sameTenant: TenantRule = {
  id: 'same-tenant', severity: 'blocker', scope: 'tenant', source: SOURCES.tenantMove, guidance: 'current', basis: 'documented',
  condition: 'source and destination domain (case-insensitive) or tenant id are equal',
  evaluate({ source, destination }) {
    const sameDomain = source.tenantDomain.toLowerCase() === destination.tenantDomain.toLowerCase();
    const sameId = source.tenantId !== undefined && destination.tenantId !== undefined
      && source.tenantId.toLowerCase() === destination.tenantId.toLowerCase();
    if (!sameDomain && !sameId) return null;
    const what = sameDomain ? `the domain ${source.tenantDomain}` : `the tenant ID ${source.tenantId}`;
    return {
      title: 'Source and destination are the same tenant',
      detail: `Both the source and the destination give ${what}. A tenant-to-tenant move needs two different `
        + 'Microsoft 365 tenants: correct the destination, or, to stay in one tenant, copy the environment or '
        + 'ask for a region move instead.',
    };
  },
};

export const cloudMismatch: TenantRule = {
  id: 'cloud-mismatch', severity: 'blocker', scope: 'tenant', source: SOURCES.tenantMove, guidance: 'current', basis: 'documented',
  condition: 'source cloud != destination cloud (GCC <-> commercial is the documented case; other pairs are inferred)',
  evaluate({ source, destination }) {
    const from = cloudOf(source);
    const to = cloudOf(destination);
    if (from === to) return null;
    const gccCommercial = [from, to].includes('gcc') && [from, to].includes('commercial');
    const clouds = `The source tenant ${source.tenantDomain} is in ${cloudLabel(from)} and the destination `
      + `${destination.tenantDomain} is in ${cloudLabel(to)}.`;
    const instead = 'Pick a destination tenant in the same cloud, or rebuild the environment there with solutions and a data migration.';
    if (gccCommercial) {
      return {
        title: 'Environments cannot move between GCC and the commercial cloud',
        detail: `${clouds} Microsoft's tenant-to-tenant guide rules out moves between GCC and the commercial cloud, in `
          + `either direction. ${instead}`,
      };
    }
    return {
      inferred: true,
      title: 'Environments cannot move between clouds',
      detail: `${INFERRED_PREFIX} moving an environment between ${cloudLabel(from)} and ${cloudLabel(to)}; we assume it `
        + 'is not possible, because the tenant-to-tenant guide rules out the one pair it names (GCC and the commercial '
        + `cloud) and these clouds are separate from each other. ${clouds} ${instead}`,
    };
  },
};

export const cloudSovereign: TenantRule = {
  id: 'cloud-sovereign', severity: 'support', scope: 'tenant', source: SOURCES.tenantMove, guidance: 'current', basis: 'inferred',
  condition: 'both tenants in the same cloud, and it is gcc-high, dod or china',
  evaluate({ source, destination }) {
    const cloud = cloudOf(source);
    if (cloud !== cloudOf(destination) || !SOVEREIGN_CLOUDS.includes(cloud)) return null;
    return {
      title: `Moves inside ${cloudLabel(cloud)} go through Microsoft support`,
      detail: `${INFERRED_PREFIX} tenant-to-tenant moves inside ${cloudLabel(cloud)}; we assume only Microsoft support `
        + `can confirm and run one. Both tenants are in ${cloudLabel(cloud)}, and the tenant-to-tenant guide documents `
        + 'no self-service move there: open a support request before planning dates.',
    };
  },
};

export const cloudGcc: TenantRule = {
  id: 'cloud-gcc', severity: 'action', scope: 'tenant', source: SOURCES.tenantMoveSupportPath, guidance: 'legacy', basis: 'documented',
  alsoSources: [SOURCES.tenantMove],
  condition: 'both tenants in gcc',
  evaluate({ source, destination }) {
    if (cloudOf(source) !== 'gcc' || cloudOf(destination) !== 'gcc') return null;
    return {
      title: 'Confirm with Microsoft that the GCC to GCC move can run',
      detail: `Both ${source.tenantDomain} and ${destination.tenantDomain} are in GCC. The older support-path guidance lists `
        + 'GCC to GCC moves as supported; today\'s tenant-to-tenant guide only rules out GCC to or from the commercial '
        + 'cloud, and does not say whether the self-service move (PowerShell or admin center) runs in GCC. Confirm with '
        + 'Microsoft support that it does, or that support will run it, before you plan dates.',
    };
  },
};

export const tenantIdMissing: TenantRule = {
  id: 'tenant-id-missing', severity: 'action', scope: 'tenant', source: SOURCES.tenantMove, guidance: 'current', basis: 'documented',
  condition: 'destination.tenantId absent',
  evaluate({ destination }) {
    if (destination.tenantId !== undefined) return null;
    return {
      title: 'Find the destination tenant ID',
      detail: `The move request asks for the destination tenant ID (a GUID), not the domain ${destination.tenantDomain}. `
        + `Copy it from the Microsoft Entra admin center of ${destination.tenantDomain} (Overview, Tenant ID) and keep it `
        + 'for the request (in a profile file: destination.tenantId).',
    };
  },
};

export const TENANT_RULES: readonly TenantRule[] = [sameTenant, cloudMismatch, cloudSovereign, cloudGcc, tenantIdMissing];
